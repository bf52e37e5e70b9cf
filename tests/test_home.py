"""The home page, as the facilitator on the machine that runs the app sees it."""
from nicegui.testing import User


async def test_home_lists_the_workshops_on_this_machine(user: User, app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    await user.open('/')
    await user.should_see('CAR T-cell therapy in Aotearoa New Zealand')
    await user.should_see(f'Join code: {created.join_code[:3]} {created.join_code[3:]}')


async def test_home_on_a_public_address_hands_out_no_join_codes(user: User, app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    app_ctx.config = app_ctx.config.with_flags(host='0.0.0.0')
    await user.open('/')
    await user.should_see('Join code')  # the box to type a code
    await user.should_not_see(created.join_code[:3])
