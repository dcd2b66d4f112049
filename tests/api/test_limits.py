"""The per-client question limit, on its own."""

from __future__ import annotations

from assistant.api.limits import RateLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_counts_per_client_in_a_sliding_minute():
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    assert [limiter.retry_after("10.0.0.1") for _ in range(3)] == [None, None, None]
    assert limiter.retry_after("10.0.0.1") == 60
    assert limiter.retry_after("10.0.0.2") is None  # another client has its own budget
    clock.now += 45
    assert limiter.retry_after("10.0.0.1") == 15
    clock.now += 15
    assert limiter.retry_after("10.0.0.1") is None


def test_refused_calls_do_not_count():
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    assert limiter.retry_after("c") is None
    for _ in range(10):
        clock.now += 5
        assert limiter.retry_after("c") is not None
    clock.now += 10
    assert limiter.retry_after("c") is None


def test_zero_turns_the_limit_off():
    limiter = RateLimiter(0)
    assert all(limiter.retry_after("c") is None for _ in range(1000))


def test_idle_clients_are_forgotten():
    clock = Clock()
    limiter = RateLimiter(5, clock=clock)
    for n in range(10_000):
        limiter.retry_after(f"client-{n}")
    clock.now += 61
    limiter.retry_after("newcomer")
    assert len(limiter._calls) == 1
