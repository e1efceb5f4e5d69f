"""Every JSON endpoint of both APIs refuses malformed input with a 4xx naming the field, and
writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from petcare_core.services import OPERATOR

# (method, path template, who): who is "parent", "staff" or "anyone".
WRITES = [
    ("POST", "/portal/api/login", "anyone"),
    ("POST", "/portal/api/signup", "anyone"),
    ("POST", "/portal/api/password-reset", "anyone"),
    ("POST", "/portal/api/password-reset/confirm", "anyone"),
    ("POST", "/portal/api/f/{slug}/contact", "anyone"),
    ("POST", "/portal/api/link", "parent"),
    ("PATCH", "/portal/api/f/{slug}/me", "parent"),
    ("POST", "/portal/api/f/{slug}/pets", "parent"),
    ("PATCH", "/portal/api/f/{slug}/pets/{rex}", "parent"),
    ("POST", "/portal/api/f/{slug}/delete-account", "parent"),
    ("POST", "/staff/api/owners", "staff"),
    ("PATCH", "/staff/api/owners/{pat}", "staff"),
    ("POST", "/staff/api/animals", "staff"),
    ("PATCH", "/staff/api/animals/{rex}", "staff"),
    ("POST", "/staff/api/animals/{rex}/incidents", "staff"),
    ("POST", "/staff/api/immunizations/{upload}/verify", "staff"),
    ("POST", "/staff/api/immunizations/{upload}/reject", "staff"),
    ("POST", "/staff/api/leads/1/processed", "staff"),
    ("POST", "/staff/api/notifications/1/read", "staff"),
    ("PATCH", "/staff/api/facility/settings", "staff"),
]
BAD_BODIES = [
    (b'{"name": ', 400, "malformed_json", None),
    (b"[]", 400, "malformed_json", None),
    (b"null", 400, "malformed_json", None),
    (b'{"bogus_field": 1}', 422, "invalid_request", "bogus_field"),
]


def snapshot(services: Any, tenant: Any) -> Any:
    fid = tenant.fid
    return (
        services.list_households(fid, OPERATOR).unwrap(),
        services.immunization_review_queue(fid, OPERATOR).unwrap(),
        services.leads_report(fid, OPERATOR).unwrap(),
        services.get_facility(fid),
    )


@pytest.mark.parametrize(("method", "template", "who"), WRITES)
async def test_malformed_bodies_are_refused_and_nothing_is_written(
    api: Any, services: Any, alpha: Any, method: str, template: str, who: str
) -> None:
    token = await api.login(alpha)
    path = template.format(
        slug=alpha.slug, rex=alpha.rex.id, pat=alpha.pat.id, upload=alpha.upload_id
    )
    auth = {"parent": {"token": token}, "staff": {"key": alpha.key}, "anyone": {}}[who]
    before = snapshot(services, alpha)

    for body, status, code, field in BAD_BODIES:
        reply = await api.call(
            method, path, data=body, headers={"Content-Type": "application/json"}, **auth
        )
        assert (reply.status, reply.json["code"]) == (status, code), (body, reply.json)
        if field is not None:
            # Required members that are missing are named too.
            assert field in [reason["field"] for reason in reply.json["reasons"]]
    as_form = await api.call(method, path, data={"name": "x"}, **auth)
    assert as_form.status == 415

    assert snapshot(services, alpha) == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/portal/api/f/{slug}/me", {"city": "Den\u0000ver"}, "city"),
        ("/portal/api/f/{slug}/me", {"fields": {"referral": "Friend\u0000"}}, "fields"),
        ("/portal/api/f/{slug}/pets/{rex}", {"weight": True}, "weight"),
        ("/portal/api/f/{slug}/pets/{rex}", b'{"weight": 1e999}', "weight"),
        ("/portal/api/f/{slug}/pets/{rex}", {"species_id": 0}, "species_id"),
        ("/portal/api/f/{slug}/pets/{rex}", {"species_id": 2**63}, "species_id"),
        ("/portal/api/f/{slug}/pets/{rex}", {"birthday": "05/11/2019"}, "birthday"),
        ("/portal/api/f/{slug}/pets/{rex}", {"fields": {"toy": ["ball"]}}, "fields"),
    ],
)
async def test_values_of_the_wrong_type_are_named(
    api: Any, services: Any, alpha: Any, path: str, body: Any, field: str
) -> None:
    token = await api.login(alpha)
    before = snapshot(services, alpha)

    sent = {"data": body, "headers": {"Content-Type": "application/json"}}
    if not isinstance(body, bytes):
        sent = {"json": body}
    reply = await api.call(
        "PATCH", path.format(slug=alpha.slug, rex=alpha.rex.id), token=token, **sent
    )

    assert reply.status == 422
    assert [reason["field"] for reason in reply.json["reasons"]] == [field]
    assert snapshot(services, alpha) == before


async def test_a_slug_that_cannot_be_one_is_404_without_a_lookup(api: Any, alpha: Any) -> None:
    token = await api.login(alpha)

    for slug in ("UPPER", "a", "%00x", "x" * 80):
        reply = await api.call("GET", f"/portal/api/f/{slug}/me", token=token)
        assert reply.status == 404


async def test_text_that_is_not_unicode_is_refused_not_echoed(api: Any, alpha: Any) -> None:
    token = await api.login(alpha)

    body = await api.call(
        "PATCH",
        f"/portal/api/f/{alpha.slug}/me",
        token=token,
        data=b'{"\\ud800": 1, "city": "\\udfff"}',
        headers={"Content-Type": "application/json"},
    )
    query = await api.call("GET", "/staff/api/leads?%ED%A0%80=1", key=alpha.key)

    assert (body.status, body.json["code"]) == (400, "malformed_json")
    assert query.status == 400
    assert query.json["code"] == "invalid_query"
