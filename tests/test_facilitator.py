"""The facilitator runs the session from the console; nobody else can."""
import copy

from nicegui import ui
from nicegui.testing import User

from tests.support.steps import HOST, IDEAS, console, join
from tests.support.ideas import tap
from workshop import i18n, translations
from workshop.live import PARTICIPANT, Actor


def member(live, n: int = 0) -> Actor:
    return Actor(role=PARTICIPANT, participant=list(live.state.participants)[n])


async def test_without_the_facilitator_link_the_page_shows_nothing_else(user: User, workshop):
    created, live = workshop
    for url in (f'/w/{created.id}/facilitate', f'/w/{created.id}/facilitate?token=guess', '/w/nope/facilitate'):
        await user.open(url)
        await user.should_see('This page needs the facilitator link.')
        await user.should_not_see('Agenda')
        await user.should_not_see(created.join_code[:3])
    await join(user, created.join_code)  # a participant who types the console's address gets nothing either
    await user.open(f'/w/{created.id}/facilitate')
    await user.should_see('This page needs the facilitator link.')
    await user.should_not_see('Voting rounds')


async def test_the_token_is_remembered_after_a_reload(user: User, workshop):
    created, _ = workshop
    await console(user, created)
    await user.open(f'/w/{created.id}/facilitate')
    await user.should_see('Agenda')
    await user.should_see(f'Join code: {created.join_code[:3]} {created.join_code[3:]}')


async def test_agenda_and_focus_reach_participants(create_user, workshop):
    created, live = workshop
    host, aroha = create_user(), create_user()
    await join(aroha, created.join_code)
    await console(host, created)
    host.find('Review themes').click()
    await aroha.should_see('Now: we look at the journey map together.')
    host.find('2. Referral and eligibility').click()
    await aroha.should_see('In focus now: 2. Referral and eligibility')  # the map's focus line
    assert (live.state.agenda_step, live.state.focus) == ('themes', 'referral')


async def test_a_round_from_creation_to_reveal_with_two_groups(create_user, workshop):
    created, live = workshop
    host, aroha, ben = create_user(), create_user(), create_user()
    await join(aroha, created.join_code, 'Patients')
    await join(ben, created.join_code, 'Clinicians')
    await console(host, created)
    host.find(marker='round-ideas').elements.pop().value = IDEAS  # choose three ideas
    host.find('Create the round').click()
    await host.should_see('Round created. Open it when people are ready.')
    host.find('Open voting').click()
    await aroha.should_see('Dots left: 5 of 5')  # the workshop's default budget
    await host.should_see('0 of 1 Patients have voted')
    tap(aroha, 'more', 'cell_tracker')
    tap(ben, 'more', 'health_navigator')
    tap(ben, 'more', 'health_navigator')
    await host.should_see('1 of 1 Patients have voted', retries=20)
    await host.should_see('1 of 1 Clinicians have voted', retries=20)
    await host.should_see('1. Health navigator: 2 dots', retries=20)
    await host.should_see('Only 1 people: participants do not see these figures.')  # the facilitator still sees them
    await aroha.should_not_see('Results of round 1')
    closes_at = live.state.rounds[1].closes_at
    host.find('+2 min').click()
    await host.should_see('Added 2 minutes.')
    assert round(live.state.rounds[1].closes_at - closes_at) == 120
    host.find('Close voting').click()
    host.find('Show results to everyone').click()
    await aroha.should_see('Results of round 1')
    await ben.should_see('1. Health navigator: 2 dots')
    assert live.state.rounds[1].improvements == IDEAS


async def test_tallies_change_in_place(create_user, workshop):
    created, live = workshop
    host, aroha = create_user(), create_user()
    await join(aroha, created.join_code)
    number = live.create_round(Actor(role='facilitator'), 'dots', improvements=IDEAS, budget=3, cap=2)
    live.open_round(Actor(role='facilitator'), number)
    await console(host, created)
    before = {e.id for e in host.find(kind=ui.label).elements}
    live.set_dots(member(live), 'travel_assistance', 2)
    await host.should_see('1. Stronger National Travel Assistance: 2 dots', retries=20)
    assert {e.id for e in host.find(kind=ui.label).elements} == before  # same labels, new text


async def test_moderation_hides_a_comment_for_everyone(create_user, workshop):
    created, live = workshop
    host, aroha = create_user(), create_user()
    await join(aroha, created.join_code)
    live.focus(Actor(role='facilitator'), 'referral')
    live.comment(member(live), 'stage', 'referral', 'disagree', 'My neighbour Jo Bloggs was refused')
    aroha.find('Comments on this stage (1)').click()
    await aroha.should_see('My neighbour Jo Bloggs was refused')
    await console(host, created)
    host.find('Reason for hiding').type('Names a person')
    host.find(kind=ui.button, content='Hide').click()
    await host.should_see('Hidden: Names a person')
    await aroha.should_not_see('My neighbour Jo Bloggs was refused')
    await aroha.should_see('Comments on this stage (0)')


async def test_approving_an_idea_from_a_participant(create_user, workshop):
    created, live = workshop
    host, aroha = create_user(), create_user()
    await join(aroha, created.join_code)
    live.propose(member(live), 'Free parking at the hospital')
    await console(host, created)
    host.find('Add to the list of ideas').click()
    await host.should_see('Added to the list of ideas.')
    await aroha.should_see('Free parking at the hospital')
    assert live.workshop.improvements[-1].title == 'Free parking at the hospital'


async def test_locking_the_workshop_after_a_confirmation(user: User, workshop):
    created, live = workshop
    await console(user, created)
    user.find(kind=ui.button, content='Close the workshop').click()
    await user.should_see('Close the workshop? Nobody can vote or comment after this.')
    user.find('Confirm').click()
    await user.should_see('The workshop is closed. Nobody can vote or comment.')
    assert live.state.locked


async def test_script_and_html_in_comments_and_ideas_stay_text_on_the_facilitator_console(user: User, app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    live = app_ctx.registry.get(created.id)
    attack = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    live.join('p-1', group='patients', display_name=attack)
    participant = Actor(role='participant', participant='p-1')
    live.comment(participant, 'stage', 'consent', 'clarify', attack)
    live.propose(participant, attack)
    await user.open(f'/w/{created.id}/facilitate?token={created.facilitator_token}')
    await user.should_see(attack)  # shown as the characters typed …
    html_elements = [e for e in user.client.elements.values() if isinstance(e, ui.html) and 'alert' in str(e.content)]
    assert html_elements == []  # … and never as markup


def press(user: User, key: str) -> None:
    user.find(marker='shortcuts').trigger('key', {'action': 'keydown', 'repeat': False, 'key': key, 'code': key,
                                                  'location': 0, 'altKey': False, 'ctrlKey': False,
                                                  'metaKey': False, 'shiftKey': False})


async def test_keyboard_shortcuts_pace_the_session_and_are_listed(create_user, workshop):
    created, live = workshop
    host, aroha = create_user(), create_user()
    await join(aroha, created.join_code)
    await console(host, created)
    await host.should_see('O: open the next round, or close the open one')
    press(host, 'n')
    await aroha.should_see('Now: we look at the journey map together.')
    press(host, 's')
    await aroha.should_see('In focus now: 1. Before seeking treatment')
    press(host, 'o')
    await host.should_see('No round to open: create one first.')
    live.create_round(Actor(role='facilitator'), 'dots', improvements=IDEAS, budget=3, cap=2)
    press(host, 'o')
    await aroha.should_see('Dots left: 3 of 3')
    press(host, 'o')
    press(host, 'r')
    await aroha.should_see('Results of round 1')
    assert (live.state.rounds[1].status, live.state.agenda_step) == ('closed', 'results')


async def test_show_results_reaches_phones_and_the_shared_screen_with_the_answer_beside_the_button(create_user,
                                                                                                    workshop):
    created, live = workshop
    host, screen, aroha = create_user(), create_user(), create_user()
    await join(aroha, created.join_code)
    await console(host, created)
    await host.should_see('1 people have joined.')  # before any round exists
    await host.should_see('Patients: 1')
    number = live.create_round(Actor(role='facilitator'), 'dots', improvements=IDEAS, budget=3, cap=2)
    live.open_round(Actor(role='facilitator'), number)
    live.close_round(Actor(role='facilitator'), number)
    await screen.open(f'/w/{created.id}/present?token={created.facilitator_token}')
    await host.should_see('Open voting again')  # offered, but the filled main button is "Show results"
    host.find('Show results to everyone').click()
    await aroha.should_see('Results of round 1')
    await screen.should_see('Results of round 1')
    await host.should_see('Results are shown to everyone.')
    (answer,) = host.find('Results are shown to everyone.').elements
    card = answer.parent_slot.parent  # the round's own card, beside its buttons, not a line at the top of the page
    assert 'Hide results' in [b.text for b in card.descendants() if isinstance(b, ui.button)]


async def test_carrying_the_top_ideas_forward_makes_the_next_rounds_shortlist(create_user, workshop):
    created, live = workshop
    host, aroha = create_user(), create_user()
    await join(aroha, created.join_code)
    number = live.create_round(Actor(role='facilitator'), 'dots', budget=3, cap=2)
    live.open_round(Actor(role='facilitator'), number)
    live.set_dots(member(live), 'travel_assistance', 2)
    live.set_dots(member(live), 'cell_tracker', 1)
    live.close_round(Actor(role='facilitator'), number)
    await console(host, created)
    host.find('Carry the top ideas into a new round').click()
    await host.should_see('New round made with the top 2 ideas, showing these results first. Open it when people '
                          'are ready.')
    assert live.state.rounds[2].improvements == ['travel_assistance', 'cell_tracker']
    assert live.state.rounds[2].show_previous


async def test_the_facilitator_opens_consensus_stability_and_agreement_of_a_rating_round(user: User, app_ctx):
    from tests.support import rating_scenario as rated
    created = app_ctx.store.create_workshop(rated.workshop(), rated.events())
    await console(user, created)
    user.find('Update the analyses').click()  # worked out when asked for (or opened), in a thread
    await user.should_see(marker='analyses-table', retries=20)
    (table,) = user.find('analyses-table').elements
    assert 'Stays in the top 2' in [c['label'] for c in table.columns]
    titles = {i: app_ctx.registry.get(created.id).workshop.improvement(i).title for i in rated.IDEAS}
    rows = {r['idea']: r for r in table.rows}
    for idea, title in titles.items():
        assert (rows[title]['importance_mean'], rows[title]['feasibility_mean']) == rated.MEANS[idea]
        assert (rows[title]['importance_agreement'], rows[title]['feasibility_agreement']) == rated.AGREEMENT[idea]
        assert rows[title]['consensus'] == {'in': 'In', 'out': 'Out'}[rated.CONSENSUS[idea]]
        assert (rows[title]['stability'], rows[title]['quadrant']) == (rated.STABILITY[idea], rated.QUADRANT[idea])
    await user.should_see('How important and how easy to do')


async def test_before_a_round_opens_the_facilitator_is_told_which_groups_can_never_be_shown(user: User, app_ctx, car_t):
    from workshop.domain.model import ReportingGroup
    car_t.settings.reporting_groups = [
        ReportingGroup(id='lived_experience', label='Lived experience', streams=['patients', 'whanau']),
        ReportingGroup(id='staff', label='Staff', streams=['clinicians', 'administrators'])]
    created = app_ctx.store.create_workshop(car_t)
    live = app_ctx.registry.get(created.id)
    for n, group in enumerate(['patients', 'patients', 'whanau', 'clinicians', 'clinicians', 'administrators',
                               'administrators']):  # the RE-TELL shape: 7 people in 4 streams
        live.join(f'p{n}', group=group)
    live.create_round(Actor(role='facilitator'), 'dots')
    await console(user, created)
    await user.should_see('Lived experience: 3 joined, so their own results can never be shown in this round (at '
                          'least 5 must vote). 2 more from this group would change that')
    await user.should_see('Staff: 4 joined, so their own results can never be shown in this round')


async def test_the_console_shows_how_much_is_in_te_reo(user: User, workshop):
    created, live = workshop
    app = i18n.participant_coverage().percent  # what `workshop translations` reports
    await console(user, created)
    await user.should_see(f"App (what participants see): {app} % in te reo Māori; this workshop's content: 0 %")
    content = copy.deepcopy(live.workshop)
    fields = translations.content_fields(content)
    for field in fields[:len(fields) // 4]:  # a quarter of the content gets a te reo version (a test marker)
        setattr(field.item.mi, field.name, '[te reo from the team]')
    live.save_content(HOST, content, 'te reo for a quarter of the content')
    await console(user, created)
    share = round(100 * (len(fields) // 4) / len(fields))
    await user.should_see(f"App (what participants see): {app} % in te reo Māori; this workshop's content: {share} %")


async def test_the_console_is_built_a_part_at_a_time_so_phones_are_answered_meanwhile(user: User, workshop):
    """The biggest page takes 50-130 ms to build: between its parts the event loop serves others (here a watcher that
    looks at the page being built at every turn of the loop, and finds its first part there before its last)."""
    import asyncio

    from nicegui import Client
    created, _ = workshop
    first, last = i18n.text('agenda_heading', 'en').text, i18n.text('lock_heading', 'en').text
    seen: list[tuple[bool, bool]] = []

    async def watch() -> None:
        while True:
            for client in list(Client.instances.values()):
                if client.page.path.endswith('facilitate'):
                    words = {getattr(e, 'text', None) for e in list(client.elements.values())}
                    seen.append((first in words, last in words))
            await asyncio.sleep(0)

    watcher = asyncio.ensure_future(watch())
    try:
        await console(user, created)
    finally:
        watcher.cancel()
    await user.should_see(last)
    assert (True, False) in seen  # the loop had a turn while the console was half built


async def test_closing_a_round_rebuilds_the_newest_card_at_once_and_the_others_a_turn_later(user: User, workshop):
    """Each round card holds a tally (15-25 ms to build with a thousand ballots), and closing, opening or revealing
    rebuilds them while a thousand phones tap: the card of the newest round comes at once, each older one in a turn
    of the event loop of its own (a watcher looking at every turn finds the newest there before the older)."""
    import asyncio

    from nicegui import Client
    created, live = workshop
    first = live.create_round(HOST, 'dots', improvements=IDEAS, budget=3, cap=2)
    live.open_round(HOST, first)
    live.create_round(HOST, 'dots', improvements=IDEAS[:2], budget=2, cap=2)  # prepared before the call
    await console(user, created)
    await user.should_see('Round 1: Dots (open)')
    seen: list[tuple[bool, bool]] = []

    async def watch() -> None:
        while True:
            for client in list(Client.instances.values()):
                if client.page.path.endswith('facilitate'):
                    titles = {e.props.get('label') for e in list(client.elements.values())}
                    seen.append(('Round 2: Dots (not opened yet)' in titles,
                                 'Round 1: Dots (closed)' in titles))
            await asyncio.sleep(0)

    watcher = asyncio.ensure_future(watch())
    try:
        user.find('Close voting').click()
        await user.should_see('Round 1: Dots (closed)')
    finally:
        watcher.cancel()
    assert (True, False) in seen and seen[-1] == (True, True)
    # the confirmation, next to the round's controls, in a card left open (not folded away as older rounds are)
    await user.should_see('Voting is closed.')
    (card,) = [e for e in user.find(ui.expansion).elements if e.props.get('label') == 'Round 1: Dots (closed)']
    assert card.value is True
