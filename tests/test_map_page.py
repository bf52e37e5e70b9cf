"""The read-only journey map of a workshop."""
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
