"""The participant's footer: what is left to vote with, and the answer to each tap."""
from nicegui.testing import User

from tests.support.ideas import tap
from tests.support.steps import join, open_round


async def test_the_footer_says_what_is_left_and_answers_each_tap(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code)
    await user.should_not_see('Dots left')  # no round open: no summary line
    open_round(live)
    await user.should_see('Dots left: 3 of 3')
    await user.should_see('Voting is open.')
    tap(user, 'more', 'cell_tracker')
    await user.should_see('Vote recorded. 2 dots left.')
    await user.should_see('Dots left: 2 of 3')
    status = user.find(marker='status').elements.pop()
    assert status.props['offline'] == 'Not sent: your connection dropped. Wait until it is back, then tap again.'
