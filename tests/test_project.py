"""A project of three events sharing one journey map and improvement list: a patient and whānau event, a staff event,
then a joint event that starts from the first two events' priorities; results per event and across the project, with
small groups protected across the events too. Made, carried and exported with the command line, as a lead would."""
import csv
import io
import json


from workshop import projects
from workshop.domain import project
from workshop.live import FACILITATOR, PARTICIPANT, Actor, LiveWorkshop

HOST = Actor(role=FACILITATOR)
N, C, D, T = 'health_navigator', 'culturally_appropriate_care', 'information_dashboard', 'cell_tracker'
IDEAS = [N, C, D, T]
EVENTS = ['Patient and whānau event', 'Staff event', 'Joint event']


def vote(store, workshop_id: str, ideas: list[str] | None, ballots: list[tuple[str, str, dict[str, int]]]) -> None:
    live = LiveWorkshop(store, workshop_id)
    number = live.create_round(HOST, 'dots', improvements=ideas, budget=2, cap=2) if ideas else 1
    live.open_round(HOST, number)
    for pid, group, dots in ballots:
        live.join(pid, group=group)
        for idea, n in dots.items():
            live.set_dots(Actor(role=PARTICIPANT, participant=pid), idea, n)
    live.close_round(HOST, number)


def first_two_events(store, ids: list[str]) -> None:
    # patients and whānau: navigator 6, culturally appropriate care 4, dashboard 2, tracker 2
    vote(store, ids[0], IDEAS, [*((f'p{i}', 'patients', {N: 2}) for i in range(3)),
                                *((f'p{i}', 'patients', {C: 1, D: 1}) for i in range(3, 5)),
                                ('w1', 'whanau', {C: 2}), ('w2', 'whanau', {T: 2})])
    # staff: dashboard 15, tracker 5
    vote(store, ids[1], IDEAS, [*((f'c{i}', 'clinicians', {D: 2}) for i in range(5)),
                                *((f'a{i}', 'administrators', {D: 1, T: 1}) for i in range(5))])


def joint_votes(store, joint: str, swapped: bool = False) -> None:
    """Three patients on the navigator, five clinicians on the dashboard; `swapped`: one of each changes group."""
    people = [*((f'jp{i}', 'patients', {N: 1}) for i in range(3)), *((f'jc{i}', 'clinicians', {D: 1}) for i in range(5))]
    if swapped:
        people[0] = ('jp0', 'clinicians', {N: 1})
        people[3] = ('jc0', 'patients', {D: 1})
    vote(store, joint, None, people)


def section(paper: str, heading: str) -> str:
    """The part of the Markdown under the level-2 heading that ends with `heading`, up to the next one."""
    return next(part for part in paper.split('\n## ') if part.split('\n')[0].endswith(heading))


def make_project(run) -> tuple[str, list[str]]:
    code, out, _ = run('new-project', '--template', 'car-t-cell-therapy', '--title', 'CAR T access', '--json',
                       *(a for e in EVENTS for a in ('--event', e)))
    made = json.loads(out)
    assert code == 0 and [e['event'] for e in made['events']] == EVENTS
    return made['project'], [e['id'] for e in made['events']]


def test_the_joint_event_starts_from_the_first_two_events_priorities(run, store):
    project_id, ids = make_project(run)
    first_two_events(store, ids)
    code, out, _ = run('carry-priorities', project_id, '--to', '3', '--from', '1', '--from', '2', '--top', '1',
                       '--reason', 'Each event\'s first priority, as agreed with both groups.')
    assert code == 0 and 'Event 3 has round 1 on the priorities of events 1, 2' in out
    joint = LiveWorkshop(store, ids[2])
    # event 1: both its groups are too small to show alone, so its balanced list is everyone's: the navigator first;
    # event 2: clinicians' first is the dashboard, administrators share dashboard and tracker: the dashboard first
    assert joint.state.rounds[1].improvements == [N, D]
    (carried,) = joint.state.shortlists
    assert carried.sources == ['Patient and whānau event (round 1)', 'Staff event (round 1)']
    code, _, err = run('carry-priorities', project_id, '--to', '3', '--from', '3', '--top', '1', '--reason', 'x')
    assert code == 2 and 'the priorities come from other events' in err
    code, _, err = run('carry-priorities', 'nope', '--to', '3', '--from', '1', '--top', '1', '--reason', 'x')
    assert code == 2 and "there is no project 'nope'" in err


def test_the_project_export_checked_by_hand(run, store, tmp_path):
    project_id, ids = make_project(run)
    first_two_events(store, ids)
    run('carry-priorities', project_id, '--to', '3', '--from', '1', '--from', '2', '--top', '1', '--reason', 'Agreed.')
    joint_votes(store, ids[2])
    code, _, _ = run('export-project', project_id, '--format', 'md', '--out', str(tmp_path / 'p.md'))
    paper = (tmp_path / 'p.md').read_text()
    assert code == 0 and paper.startswith('# Project: CAR T access\n')
    # across the project: navigator 6 + 0 + 3 = 9, care 4, dashboard 2 + 15 + 5 = 22, tracker 2 + 5 = 7. Patients,
    # whānau and clinicians were hidden in an event (event 1: 5 patients hidden so the 2 whānau cannot be worked out;
    # the joint event: 3 patients, so its clinicians too), so only administrators are shown across the project.
    across = section(paper, 'Priorities across the project')
    assert 'Counted together: Patient and whānau event, Staff event, Joint event.' in across
    rows = [line for line in across.splitlines() if line.startswith('| ') and 'Rank' not in line and '---' not in line]
    assert [r.split(' | ')[:3] for r in rows] == [['| 1', 'Centralised information dashboard', '22'],
                                                  ['| 2', 'Health navigator', '9'], ['| 3', 'Cell tracker', '7'],
                                                  ['| 4', 'Culturally appropriate care for all patients', '4']]
    assert '| Rank | Improvement | Score | Every group equal | Administrators |' in across
    # every group equal: administrators (dashboard and tracker share places 1-2: 3.5 points each, the others 1.5)
    # and the three hidden groups as one voice weighing three (dashboard 17, navigator 9, care 4, tracker 2: 4, 3,
    # 2, 1 points, times three): dashboard 15.5, navigator 10.5, care 7.5, tracker 6.5
    assert [r.split(' | ')[3] for r in rows] == ['1 (15.5 points)', '2 (10.5 points)', '4 (6.5 points)',
                                                 '3 (7.5 points)']
    assert [r.split(' | ')[-1] for r in rows] == ['1= (5) |', '3= (0) |', '1= (5) |', '3= (0) |']
    assert 'Not shown on their own: Patients, Support persons / whānau, Clinicians.' in across
    # per event, each event's own protection: the staff event shows both its groups
    staff = section(paper, 'Staff event')
    assert '| Rank | Improvement | Score | Every group equal | Clinicians | Administrators |' in staff
    assert '| 1 | Centralised information dashboard | 15 | 1 (7.5 points) | 1 (10) | 1= (5) |' in staff
    joint = section(paper, 'Joint event')
    assert 'the top 1 with every group weighing the same of each of: Patient and whānau event (round 1), Staff ' \
           'event (round 1) | Health navigator; Centralised information dashboard | Agreed. |' in joint
    assert '| earlier events | 1 | the top 1' in joint
    # the cycle across the project, each event marked where it stands
    assert '| Explore | Patient and whānau event, Staff event, Joint event |' in paper
    assert '| 3 | Joint event | Explore | 8 | 1 | 8 |' in paper
    code, _, _ = run('export-project', project_id, '--format', 'csv', '--out', str(tmp_path / 'p.csv'))
    table = list(csv.DictReader(io.StringIO((tmp_path / 'p.csv').read_text(encoding='utf-8-sig'))))
    whole = {r['improvement_id']: r for r in table if r['scope'] == 'project'}
    assert {i: r['score'] for i, r in whole.items()} == {D: '22', N: '9', T: '7', C: '4'}
    assert {r['score_patients'] for r in whole.values()} == {''} and whole[D]['score_administrators'] == '5'


def test_a_group_hidden_in_one_event_cannot_be_worked_out_across_the_project(run, store, cfg, tmp_path):
    """The attack: two projects alike but for one patient and one clinician of the joint event swapping groups. Only
    the hidden groups' own figures differ, so every figure in the project's files must be the same."""
    files = []
    for swapped in (False, True):
        project_id, ids = make_project(run)
        first_two_events(store, ids)
        run('carry-priorities', project_id, '--to', '3', '--from', '1', '--from', '2', '--top', '1', '--reason', 'x')
        joint_votes(store, ids[2], swapped)
        events = projects.events(store, project_id)
        from exports import project_report
        files.append([project_report.write(events, fmt, exported_at='then') for fmt in ('md', 'csv')])
        whole = project.across(events).result
        assert whole.by_group['clinicians'].suppressed and whole.by_group['clinicians'].n == 10
    assert files[0] == files[1]


def test_a_project_needs_two_named_events(run):
    code, _, err = run('new-project', '--template', 'car-t-cell-therapy', '--title', 'X', '--event', 'Only one')
    assert code == 2 and 'a project needs at least two events' in err


async def test_the_lead_of_an_event_sees_the_whole_project_and_downloads_it(user, app_ctx, store):
    project_id, made = projects.new_project(store, 'car-t-cell-therapy', 'CAR T access', EVENTS)
    ids = [c.id for c in made]
    first_two_events(store, ids)
    projects.carry_priorities(store, project_id, to=3, sources=[1, 2], top=1, reason='Agreed.')
    joint_votes(store, ids[2])
    await user.open(f'/w/{ids[2]}/lead?token={made[2].lead_token}')
    await user.should_see('Project: CAR T access')
    await user.should_see('This is event 3 of the project: Joint event.')
    user.find(marker='project-show').click()
    await user.should_see('Explore: Patient and whānau event, Staff event, Joint event (2 of 3 done in some event)',
                          retries=100)  # worked out in a thread: on a busy machine, a moment
    await user.should_see('1. Centralised information dashboard: 22')
    await user.should_see('4. Culturally appropriate care for all patients: 4')
    user.find(marker='project-export-csv').click()
    response = await user.download.next(timeout=10)
    assert b'project,all events,,1,no,information_dashboard,Centralised information dashboard,22,' in response.content


async def test_the_joint_event_carries_the_earlier_comments_on_its_ideas_where_quotes_were_allowed(user, app_ctx,
                                                                                                   store):
    from tests.support.ideas import tap
    from tests.support.steps import join
    project_id, made = projects.new_project(store, 'car-t-cell-therapy', 'CAR T access', EVENTS)
    ids = [c.id for c in made]
    first_two_events(store, ids)
    patients = LiveWorkshop(store, ids[0])
    patients.join('quiet', group='patients', quotes='never')
    said = [('p0', N, 'A navigator would have saved us weeks.'), ('quiet', N, 'Please do not pass this on.'),
            ('p1', T, 'Not carried: the tracker is not a priority of the joint event.')]
    for pid, idea, text in said:
        patients.comment(Actor(role=PARTICIPANT, participant=pid), 'improvement', idea, 'agree', text)
    projects.carry_priorities(store, project_id, to=3, sources=[1, 2], top=1, reason='Agreed.')
    assert LiveWorkshop(store, ids[2]).state.carried == {N: [{'event': 'Patient and whānau event', 'kind': 'agree',
                                                              'text': 'A navigator would have saved us weeks.'}]}
    await join(user, made[2].join_code, 'Clinicians')
    tap(user, 'comments', N, marker='all-ideas')
    await user.should_see('What the earlier events said')
    await user.should_see('Patient and whānau event: “A navigator would have saved us weeks.”')
    await user.should_not_see('Please do not pass this on.')
