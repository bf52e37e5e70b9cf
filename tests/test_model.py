from workshop.domain.model import Category, Improvement, Stage, Stream, Theme, Workshop, to_dict


def test_a_workshop_answers_where_themes_sit():
    workshop = Workshop(title='Clinic', streams=[Stream(id='patients', label='Patients')],
                        stages=[Stage(id='booking', title='Booking'), Stage(id='visit', title='Visit')],
                        themes=[Theme(id='wait', title='Long waits', stages=['booking'], streams=['patients']),
                                Theme(id='kind', title='Kind staff', stages=['visit'], streams=['patients'])],
                        improvements=[Improvement(id='sms', title='Text reminders', stages=['booking'])])

    assert [t.title for t in workshop.themes_at('booking', 'patients')] == ['Long waits']
    assert workshop.themes_at('visit', 'clinicians') == []
    assert workshop.improvement('sms').title == 'Text reminders'
    assert workshop.stage('nowhere') is None


def test_to_dict_gives_plain_json_ready_values():
    theme = Theme(id='t', title='T', category=Category.CULTURAL)
    assert to_dict(theme)['category'] == 'cultural'
    assert to_dict(Workshop(title='W'))['cycle_element'] == 'explore'
