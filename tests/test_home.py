"""The home page: a box for the join code for everyone; the workshop list only with the token printed at start."""
from nicegui.testing import User


async def test_home_lists_the_workshops_for_whoever_holds_the_start_token(user: User, app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    app_ctx.home_token = 'start-token'
    await user.open('/?admin=start-token')
    await user.should_see('CAR T-cell therapy in Aotearoa New Zealand')
    await user.should_see(f'Join code: {created.join_code[:3]} {created.join_code[3:]}')


async def test_home_hands_out_no_join_codes_without_it_even_on_localhost(user: User, app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    app_ctx.home_token = 'start-token'
    await user.open('/?admin=a-guess')
    await user.should_see('Join code')  # the box to type a code
    await user.should_not_see(created.join_code[:3])
    await user.should_not_see('CAR T-cell therapy')
