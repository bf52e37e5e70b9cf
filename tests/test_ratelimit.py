from workshop.domain.ratelimit import RateLimiter


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_guessing_is_slowed_after_ten_failures_a_minute():
    clock = Clock()
    limiter = RateLimiter(limit=10, window=60, clock=clock)
    for _ in range(9):
        limiter.failed('203.0.113.9')
    assert not limiter.blocked('203.0.113.9')
    limiter.failed('203.0.113.9')
    assert limiter.blocked('203.0.113.9') and not limiter.blocked('198.51.100.1')
    assert limiter.retry_after('203.0.113.9') == 61
    clock.now += 61
    assert not limiter.blocked('203.0.113.9')
