"""The per-client question limit and upload file names, on their own."""

from __future__ import annotations

import pytest

from assistant.api.errors import ApiError
from assistant.api.limits import RateLimiter
from assistant.api.uploads import safe_name


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


@pytest.mark.parametrize(("given", "stored"), [
    ("聊城市优化营商环境措施.docx", "聊城市优化营商环境措施.docx"),
    ("dir/sub/policy.PDF", "policy.PDF"),
    ("C:\\Users\\张三\\政策.html", "政策.html"),
    ("/etc/policy.htm", "policy.htm"),
    ("./policy.txt", "policy.txt"),
    (" 政策 .txt ", "政策 .txt"),
    ("a..b.txt", "a..b.txt"),
    ("长" * 300 + ".txt", "长" * 120 + ".txt"),
])
def test_safe_names_keep_the_file_name_and_suffix(given, stored):
    assert safe_name(given) == stored


@pytest.mark.parametrize(("given", "status"), [
    ("../policy.txt", 400), ("..\\..\\policy.txt", 400), ("a/../policy.txt", 400),
    ("..", 400), ("", 400), (None, 400), ("/", 400), (".env.txt", 400),
    ("policy\x00.txt", 400), ("policy\n.txt", 400),
    ("policy.xlsx", 415), ("policy", 415), ("policy.txt.exe", 415), ("policy.", 415),
])
def test_unsafe_or_unsupported_names_are_refused(given, status):
    with pytest.raises(ApiError) as refused:
        safe_name(given)
    assert refused.value.status_code == status
