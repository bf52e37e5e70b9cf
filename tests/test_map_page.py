"""The journey map page: the interactive map for anyone with the link, focus buttons for the facilitator, a picture."""
from nicegui.testing import User


async def test_the_map_shows_the_eleven_car_t_stages_in_order(user: User, app_ctx, car_t):
    workshop_id = app_ctx.store.create_workshop(car_t).id
    await user.open(f'/w/{workshop_id}/map')
    for number, stage in enumerate(car_t.stages, start=1):
        await user.should_see(f'{number}. {stage.title}')
    await user.should_see('Support persons / whānau')


async def test_an_unknown_workshop_says_so(user: User, app_ctx):
    await user.open('/w/nope/map')
    await user.should_see('There is no workshop at this address.')


async def test_the_facilitator_can_move_the_focus_from_the_map(user: User, create_user, app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    viewer = create_user()
    await viewer.open(f'/w/{created.id}/map')
    await viewer.should_not_see('Discuss this stage now')
    await user.open(f'/w/{created.id}/map?token={created.facilitator_token}')
    await user.should_see('Edit the journey map')
    user.find(marker='focus-here:manufacturing').click()
    await viewer.should_see('In focus now: 5. Waiting while the cells are made')
    assert app_ctx.registry.get(created.id).state.focus == 'manufacturing'


async def test_the_whole_map_is_offered_as_a_picture(user: User, app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    await user.open(f'/w/{created.id}/map')
    user.find('Download the picture (SVG)').click()
    response = await user.download.next(timeout=10)
    assert response.content.startswith(b'<?xml') and b'Before seeking' in response.content
