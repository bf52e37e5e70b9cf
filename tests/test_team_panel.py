"""The facilitation team on the console: the lead facilitator adds a breakout host, who opens their own link, sees who
is facilitating, moderates, cannot run the whole workshop, and is named in the audit trail; revoking ends their link."""
from nicegui import ui

from tests.support.steps import add_member, console, join
from workshop.live import PARTICIPANT, Actor


async def test_a_breakout_host_has_their_own_link_and_only_a_hosts_rights(create_user, workshop):
    created, live = workshop
    lead, mere, aroha = create_user(), create_user(), create_user()
    await join(aroha, created.join_code)
    comment = live.comment(Actor(role=PARTICIPANT, participant=list(live.state.participants)[0]), 'stage', 'consent',
                           'agree', 'Buy my vitamins here')
    await console(lead, created)
    await lead.should_see('You are facilitating as: Lead facilitator')
    link = await add_member(lead, 'Mere', 'host')
    assert link.startswith(f'/w/{created.id}/facilitate?token=')
    assert link.split('=')[1] not in str(live.store.events(live.id))  # only a hash of it is kept

    await mere.open(link)
    await mere.should_see('You are facilitating as: Mere (breakout host)')
    await mere.should_see('Lead facilitator')  # who else is facilitating, and that their console is open
    await mere.should_see('console open')
    await mere.should_not_see('Agenda')  # nothing workshop-wide on a host's console
    await mere.should_not_see('Lock the workshop')
    await lead.should_see('Mere (breakout host)')
    mere.find(kind=ui.button, content='Hide').click()  # the moderation a host may do
    await mere.should_see('Hidden: ')
    assert live.state.comments[comment].hidden

    lead.find('Show who did what (audit trail)').click()
    await lead.should_see('Mere (breakout host): comment hidden')

    lead.find(marker='team-revoke').click()
    lead.find(marker='team-revoke-confirm').click()
    await lead.should_see('Done.')
    mere.find(kind=ui.button, content='Show').click()  # the open console can do nothing more
    await mere.should_see('This page needs the facilitator link.')
    assert live.state.comments[comment].hidden
    await mere.open(link)
    await mere.should_see('This page needs the facilitator link.')  # and the link no longer opens it


async def test_a_co_facilitator_runs_the_workshop_but_not_the_team(create_user, workshop):
    created, live = workshop
    lead, rewi = create_user(), create_user()
    await console(lead, created)
    link = await add_member(lead, 'Rewi', 'facilitator')
    await rewi.open(link)
    await rewi.should_see('You are facilitating as: Rewi (co-facilitator)')
    await rewi.should_not_see('Add to the team')  # managing the team is the lead facilitator's
    rewi.find('Review themes').click()
    await rewi.should_see('Done.')
    assert live.state.agenda_step == 'themes'
    assert live.facilitation_log()[-1][1:] == ('Rewi (co-facilitator)', 'agenda_step')
    lead.find('Show who did what (audit trail)').click()  # in words, each line naming who
    await lead.should_see('Rewi (co-facilitator): agenda moved')
    await lead.should_see('Lead facilitator: Rewi added to the team')
    await lead.should_not_see('Rewi (co-facilitator): agenda step')  # not the log's own name for the event
    await rewi.open(f'/w/{created.id}/facilitate')  # a reload keeps the session
    await rewi.should_see('You are facilitating as: Rewi (co-facilitator)')
