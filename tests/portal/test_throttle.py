"""Login throttling: 5 failures per key in 15 minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from petcare_web.portal.throttle import PRUNE_ABOVE_KEYS, LoginThrottle, throttle_keys

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_five_failures_block_the_sixth_attempt_until_the_window_passes() -> None:
    throttle = LoginThrottle()
    keys = ("account:ana@example.com", "ip:127.0.0.1")
    for minute in range(5):
        assert throttle.retry_after(keys, NOW + timedelta(minutes=minute)) is None
        throttle.record_failure(keys, NOW + timedelta(minutes=minute))

    wait = throttle.retry_after(keys, NOW + timedelta(minutes=5))

    assert wait == 10 * 60
    assert throttle.retry_after(keys, NOW + timedelta(minutes=15)) is None


def test_each_key_counts_on_its_own() -> None:
    throttle = LoginThrottle()
    for _ in range(5):
        throttle.record_failure(("ip:10.0.0.1", "account:a"), NOW)

    assert throttle.retry_after(("ip:10.0.0.2", "account:b"), NOW) is None
    assert throttle.retry_after(("ip:10.0.0.2", "account:a"), NOW) is not None
    assert throttle.retry_after(("ip:10.0.0.1", "account:b"), NOW) is not None


def test_forgetting_an_account_clears_only_that_key() -> None:
    throttle = LoginThrottle(limit=2)
    throttle.record_failure(("account:a", "ip:x"), NOW)
    throttle.record_failure(("account:a", "ip:x"), NOW)

    throttle.forget("account:a")

    assert throttle.retry_after(("account:a",), NOW) is None
    assert throttle.retry_after(("ip:x",), NOW) is not None


def test_checking_a_key_does_not_store_it() -> None:
    throttle = LoginThrottle()

    assert throttle.retry_after(("login:a", "ip:x"), NOW) is None

    assert len(throttle) == 0


def test_old_keys_are_pruned_when_the_table_grows() -> None:
    throttle = LoginThrottle()
    for number in range(PRUNE_ABOVE_KEYS + 1):
        throttle.record_failure((f"login:{number}",), NOW)

    throttle.record_failure(("login:new",), NOW + timedelta(minutes=15))

    assert len(throttle) == 1


def test_only_the_last_failures_are_kept_and_still_block() -> None:
    throttle = LoginThrottle(limit=2)
    for minute in range(10):
        throttle.record_failure(("login:a",), NOW + timedelta(minutes=minute))

    assert throttle.retry_after(("login:a",), NOW + timedelta(minutes=10)) == 13 * 60


def test_a_login_counts_as_one_however_it_is_written() -> None:
    assert throttle_keys(" Ana@Example.com ", "10.0.0.1") == (
        "login:ana@example.com",
        "ip:10.0.0.1",
    )
    assert throttle_keys("(303) 555-0100", None)[0] == throttle_keys("303.555.0100", "x")[0]
    assert throttle_keys("x", None)[1] == "ip:unknown"
