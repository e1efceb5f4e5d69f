"""The Gingr answer cache: what it keeps, for how long, and what it never keeps."""

from __future__ import annotations

from typing import Any

import pytest

from petcare_core.services import OPERATOR, PetcareServices
from petcare_web.answer_cache import MAX_BODY_BYTES, AnswerCache
from petcare_web.app import create_app
from petcare_web.config import WebConfig
from petcare_web.keys import GINGR_ANSWERS


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_fresh_until_its_time_is_up() -> None:
    clock = FakeClock()
    cache = AnswerCache(2.0, clock=clock)
    cache.put("a", b"one")
    clock.now += 1.999
    assert cache.get("a") == b"one"
    clock.now += 0.001
    assert cache.get("a") is None
    assert cache.size == 0


def test_an_answer_put_again_is_replaced_and_its_time_restarts() -> None:
    clock = FakeClock()
    cache = AnswerCache(2.0, clock=clock)
    cache.put("a", b"old")
    clock.now += 1.5
    cache.put("a", b"new")
    clock.now += 1.5
    assert cache.get("a") == b"new"


def test_a_ttl_of_zero_keeps_nothing() -> None:
    cache = AnswerCache(0)
    cache.put("a", b"one")
    assert not cache.enabled
    assert cache.get("a") is None


def test_a_negative_ttl_is_refused() -> None:
    with pytest.raises(ValueError, match="ttl must not be negative"):
        AnswerCache(-1)


def test_large_answers_are_never_kept() -> None:
    cache = AnswerCache(5)
    cache.put("big", b"x" * (MAX_BODY_BYTES + 1))
    cache.put("fits", b"x" * MAX_BODY_BYTES)
    assert cache.get("big") is None
    assert cache.get("fits") is not None


def test_the_least_recently_used_answers_go_when_the_cache_is_full() -> None:
    cache = AnswerCache(5, max_total_bytes=10)
    cache.put("a", b"aaaa")
    cache.put("b", b"bbbb")
    assert cache.get("a") == b"aaaa"  # now "b" is the least recently used
    cache.put("c", b"cccc")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"aaaa", None, b"cccc")


@pytest.mark.parametrize("seconds", [-0.1, 60.5, float("nan"), True])
def test_web_config_refuses_a_bad_cache_time(seconds: Any) -> None:
    with pytest.raises(ValueError, match="gingr_cache_seconds must be a number of seconds"):
        WebConfig(gingr_cache_seconds=seconds)


def test_the_library_default_is_off() -> None:
    assert WebConfig().gingr_cache_seconds == 0


async def _cached_client(
    aiohttp_client: Any, services: PetcareServices, clock: FakeClock, seconds: float = 5.0
) -> Any:
    app = create_app(services, WebConfig(gingr_cache_seconds=seconds))
    app[GINGR_ANSWERS] = AnswerCache(seconds, clock=clock)
    return await aiohttp_client(app)


@pytest.mark.asyncio
async def test_a_change_shows_once_the_cached_answer_expires(
    aiohttp_client: Any, services: PetcareServices, call: Any, alpha: Any
) -> None:
    clock = FakeClock()
    client = await _cached_client(aiohttp_client, services, clock)
    _, first = await call(client, "owner", alpha.key, id=str(alpha.pat.id))
    services.update_owner_as_staff(alpha.fid, OPERATOR, alpha.pat.id, {"first_name": "Patricia"})
    _, again = await call(client, "owner", alpha.key, id=str(alpha.pat.id))
    # The same key and parameters within the time: the kept answer, by design.
    assert again == first
    assert again["data"]["first_name"] == "Pat"
    # Parameters in another order or sent as a form are the same request.
    _, posted = await call(client, "owner", alpha.key, method="POST", id=str(alpha.pat.id))
    assert posted == first
    clock.now += 5.0
    _, fresh = await call(client, "owner", alpha.key, id=str(alpha.pat.id))
    assert fresh["data"]["first_name"] == "Patricia"


@pytest.mark.asyncio
async def test_another_key_or_other_parameters_never_get_a_kept_answer(
    aiohttp_client: Any, services: PetcareServices, call: Any, alpha: Any, make_key: Any
) -> None:
    from petcare_core.domain.staff import Permission

    clock = FakeClock()
    client = await _cached_client(aiohttp_client, services, clock)
    _, pat = await call(client, "owner", alpha.key, id=str(alpha.pat.id))
    _, kim = await call(client, "owner", alpha.key, id=str(alpha.kim.id))
    assert pat["data"]["id"] != kim["data"]["id"]
    weak = make_key(alpha, {Permission.API_ACCESS})
    _, refused = await call(client, "owner", weak, id=str(alpha.pat.id))
    assert refused["success"] is False
    assert "owners.read" in refused["error"]


@pytest.mark.asyncio
async def test_errors_and_owner_logins_are_never_kept(
    aiohttp_client: Any, services: PetcareServices, call: Any, alpha: Any
) -> None:
    clock = FakeClock()
    client = await _cached_client(aiohttp_client, services, clock)
    _, missing = await call(client, "owner", alpha.key, id="999999999")
    assert missing["success"] is False
    _, login = await call(
        client, "authorize_owner", alpha.key, method="POST",
        email=alpha.parent_email, password="a-long-enough-parent-password",
    )  # fmt: skip
    assert login["success"] is True
    assert client.app[GINGR_ANSWERS].size == 0


@pytest.mark.asyncio
async def test_a_revoked_key_is_refused_once_its_kept_answer_expires(
    aiohttp_client: Any, services: PetcareServices, call: Any, alpha: Any
) -> None:
    clock = FakeClock()
    client = await _cached_client(aiohttp_client, services, clock)
    created = services.create_api_key(alpha.fid, alpha.manager.id, "sync", actor=OPERATOR).unwrap()
    _, before = await call(client, "owner", created.plain_key, id=str(alpha.pat.id))
    assert before["success"] is True
    services.revoke_api_key(alpha.fid, created.api_key.id, actor=OPERATOR).unwrap()
    clock.now += 5.0
    _, after = await call(client, "owner", created.plain_key, id=str(alpha.pat.id))
    assert after["success"] is False
