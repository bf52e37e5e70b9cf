"""The interactive map as people see it: the facilitator's focus for everyone, looking around, theme details."""
import copy

from nicegui import ElementFilter, ui
from nicegui.testing import User

from workshop.domain.model import Category, Comment, CommentKind, Quote, QuoteConsent, Theme
from workshop.live import Actor
from workshop.ui.shared.journey_map import FOCUS_CLASS

HOST = Actor(role='facilitator')
HOSTILE = '<script>alert(1)</script> & "quotes" <b>bold</b> Māori 🧬'


async def open_map(user: User, app_ctx, workshop) -> tuple[str, object]:
    workshop_id = app_ctx.store.create_workshop(workshop).id
    await user.open(f'/w/{workshop_id}/map')
    return workshop_id, app_ctx.registry.get(workshop_id)


async def test_the_facilitator_focuses_stage_5_and_every_viewer_sees_it(user: User, create_user, app_ctx, car_t):
    workshop_id, live = await open_map(user, app_ctx, car_t)
    await user.should_see('The facilitator has not chosen a stage yet.')
    other = create_user()
    await other.open(f'/w/{workshop_id}/map')

    live.focus(HOST, 'manufacturing')
    for viewer in (user, other):
        await viewer.should_see('In focus now: 5. Waiting while the cells are made')
        await viewer.should_see(marker='focus-badge:manufacturing')
        await viewer.should_not_see(marker='focus-badge:collection')
        heads = viewer.find(marker='stage:manufacturing').elements
        assert heads and all(h.props.get('aria-current') == 'step' for h in heads)
        boxes = [e for e in viewer.find(kind=ui.column).elements if FOCUS_CLASS in e.classes]
        assert len(boxes) == 1 + len(car_t.streams)  # the grid heading and one cell per group

    live.focus(HOST, 'travel')
    await user.should_see('In focus now: 6. Travel and staying away from home')
    assert 'aria-current' not in user.find(marker='stage:manufacturing').elements.pop().props


async def test_a_participant_looks_around_and_jumps_back(user: User, app_ctx, car_t):
    _, live = await open_map(user, app_ctx, car_t)
    live.focus(HOST, 'manufacturing')
    await user.should_not_see(marker='map-back')
    user.find(marker='stage:follow_up').click()  # stage 11's heading
    await user.should_see(marker='map-back')
    assert user.find(kind=ui.switch).elements.pop().value is False  # looking around stops following

    live.focus(HOST, 'travel')  # the highlight moves, but the participant is not pulled away
    await user.should_see('In focus now: 6. Travel')
    user.find("Back to the stage we're discussing").click()
    await user.should_not_see(marker='map-back')
    assert user.find(kind=ui.switch).elements.pop().value is True


async def test_selecting_a_theme_opens_its_detail(user: User, app_ctx, car_t):
    workshop_id, live = await open_map(user, app_ctx, car_t)
    theme = car_t.theme('underwhelming_infusion')
    live.state.comments['c1'] = Comment(id='c1', participant='p', target_kind='theme', target_id=theme.id,
                                        kind=CommentKind.AGREE, text='It was over in minutes')
    user.find(marker=f'theme:{theme.id}').click()
    await user.should_see(theme.description[:40])
    await user.should_see('♥ Emotional')
    await user.should_see('What does this mean?')
    await user.should_see(f'“{theme.quotes[0].text}”')
    await user.should_see('I agree: It was over in minutes')


async def test_quotes_that_may_never_leave_are_not_shown(user: User, app_ctx, car_t):
    workshop = copy.deepcopy(car_t)
    workshop.themes[0].quotes = [Quote(text='Keep this private', consent=QuoteConsent.NEVER),
                                 Quote(text='Share this one', paraphrase=False)]
    await open_map(user, app_ctx, workshop)
    user.find(marker=f'theme:{workshop.themes[0].id}').click()
    await user.should_see('“Share this one”')
    await user.should_not_see('Keep this private')


async def test_hostile_labels_are_shown_as_text(user: User, app_ctx, car_t):
    workshop = copy.deepcopy(car_t)
    workshop.stages[0].title = HOSTILE
    workshop.themes.append(Theme(id='hostile', title=HOSTILE, category=Category.CULTURAL,
                                 stages=['pre_referral'], streams=['patients']))
    await open_map(user, app_ctx, workshop)
    await user.should_see(f'1. {HOSTILE}')
    await user.should_see(HOSTILE)
    with user:
        # the only markup is the app's own (the header), and no content reaches any markup unescaped
        assert not [html for html in ElementFilter(kind=ui.html) if HOSTILE in html.content]
    grid, phone = sorted(user.find(marker='theme:hostile').elements, key=lambda b: b.id)
    assert grid.text == f'✦ {HOSTILE}' and grid.props['aria-label'] == f'Cultural theme: {HOSTILE}'
    assert phone.text == f'✦ {HOSTILE}' and phone.props['aria-label'] == f'Cultural theme: {HOSTILE}'


async def test_a_content_change_rebuilds_the_map_without_doubling_subscriptions(user: User, app_ctx, car_t):
    _, live = await open_map(user, app_ctx, car_t)
    subscribed = len(live.content_changed.callbacks), len(live.focus_changed.callbacks)
    edited = copy.deepcopy(live.workshop)
    edited.stages[0].title = 'Before anyone mentions CAR T'
    live.save_content(HOST, edited, 'renamed stage 1')
    await user.should_see('1. Before anyone mentions CAR T')
    live.focus(HOST, 'referral')
    await user.should_see('In focus now: 2. Referral and eligibility')
    assert (len(live.content_changed.callbacks), len(live.focus_changed.callbacks)) == subscribed


async def test_a_closed_page_stops_listening(user: User, app_ctx, car_t):
    _, live = await open_map(user, app_ctx, car_t)
    assert len(live.content_changed.callbacks) == len(live.focus_changed.callbacks) == 1
    user.client.delete()  # what NiceGUI does when a browser tab has gone for good
    assert live.content_changed.callbacks == live.focus_changed.callbacks == []
    live.focus(HOST, 'travel')  # nobody to tell, and no error
