"""Tenant isolation: a parent's token or a staff key of one facility never reads or writes
another facility's records (404, nothing written), and no answer carries the other's data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
from facility_clock import facility_today

from petcare_core.domain.leads import LeadKind
from petcare_core.services import OPERATOR


def beta_strings(beta: Any) -> list[str]:
    return [beta.slug, beta.email, beta.phone, beta.facility.invite_code, "beta", *beta.markers]


async def test_a_parents_token_never_reaches_another_facility(
    api: Any, services: Any, alpha: Any, beta: Any, pdf: bytes
) -> None:
    token = await api.login(alpha)
    rex = services.get_animal(beta.fid, OPERATOR, beta.rex.id).unwrap()
    form = aiohttp.FormData()
    form.add_field("type_id", str(beta.rabies.id))
    form.add_field("expires_on", (facility_today() + timedelta(days=90)).isoformat())
    form.add_field("file", pdf, filename="x.pdf", content_type="application/pdf")

    for base in (f"/portal/api/f/{alpha.slug}", f"/portal/api/f/{beta.slug}"):
        replies = [
            await api.call("GET", f"{base}/pets/{beta.rex.id}", token=token),
            await api.call(
                "PATCH", f"{base}/pets/{beta.rex.id}", token=token, json={"name": "Mine"}
            ),
            await api.call("GET", f"{base}/pets/{beta.rex.id}/immunizations", token=token),
            await api.call(
                "POST", f"{base}/pets/{beta.rex.id}/immunizations", token=token, data=form
            ),
            await api.call("GET", f"{base}/immunizations/{beta.upload_id}/document", token=token),
        ]
        assert [reply.status for reply in replies] == [404] * 5, base
    for path in ("me", "pets", "notifications", "catalog"):
        assert (
            await api.call("GET", f"/portal/api/f/{beta.slug}/{path}", token=token)
        ).status == 404
    patched = await api.call(
        "PATCH", f"/portal/api/f/{beta.slug}/me", token=token, json={"city": "X"}
    )
    deletion = await api.call("POST", f"/portal/api/f/{beta.slug}/delete-account", token=token)
    assert patched.status == deletion.status == 404

    assert services.get_animal(beta.fid, OPERATOR, beta.rex.id).unwrap() == rex
    assert services.get_owner(beta.fid, OPERATOR, beta.pat.id).unwrap() == beta.pat
    assert [r.id for r in services.immunization_review_queue(beta.fid, OPERATOR).unwrap()] == [
        beta.upload_id
    ]
    assert services.leads_report(beta.fid, OPERATOR, LeadKind.DELETE_OWNER_ACCOUNT).unwrap() == []


async def test_a_staff_key_never_reaches_another_facility(
    api: Any, services: Any, alpha: Any, beta: Any
) -> None:
    lead = services.submit_contact_us(
        beta.fid, name="Beta visitor", email="bv@example.com", phone="", message="Hi"
    ).unwrap()
    [notification] = services.staff_notifications(beta.fid, OPERATOR).unwrap()
    rex = services.get_animal(beta.fid, OPERATOR, beta.rex.id).unwrap()
    key = alpha.key

    replies = [
        await api.call("GET", f"/staff/api/owners/{beta.pat.id}", key=key),
        await api.call("PATCH", f"/staff/api/owners/{beta.pat.id}", key=key, json={"city": "X"}),
        await api.call("GET", f"/staff/api/animals/{beta.rex.id}", key=key),
        await api.call("PATCH", f"/staff/api/animals/{beta.rex.id}", key=key, json={"name": "X"}),
        await api.call(
            "POST",
            f"/staff/api/animals/{beta.rex.id}/incidents",
            key=key,
            json={"occurred_on": "2024-01-01", "description": "X"},
        ),
        await api.call("GET", f"/staff/api/animals/{beta.rex.id}/immunizations", key=key),
        await api.call(
            "POST",
            "/staff/api/animals",
            key=key,
            json={"owner_id": beta.pat.id, "name": "X", "species_id": alpha.dog.id},
        ),
        await api.call("POST", f"/staff/api/immunizations/{beta.upload_id}/verify", key=key),
        await api.call(
            "POST",
            f"/staff/api/immunizations/{beta.upload_id}/reject",
            key=key,
            json={"reason": "X"},
        ),
        await api.call("GET", f"/staff/api/immunizations/{beta.upload_id}/document", key=key),
        await api.call("POST", f"/staff/api/leads/{lead.id}/processed", key=key),
        await api.call("POST", f"/staff/api/notifications/{notification.id}/read", key=key),
    ]

    assert [reply.status for reply in replies] == [404] * len(replies)
    assert services.get_owner(beta.fid, OPERATOR, beta.pat.id).unwrap() == beta.pat
    assert services.get_animal(beta.fid, OPERATOR, beta.rex.id).unwrap() == rex
    assert [r.id for r in services.immunization_review_queue(beta.fid, OPERATOR).unwrap()] == [
        beta.upload_id
    ]
    assert services.leads_report(beta.fid, OPERATOR).unwrap()[0].is_open
    assert not services.staff_notifications(beta.fid, OPERATOR).unwrap()[0].is_read
    assert len(services.list_households(beta.fid, OPERATOR).unwrap().households) == 2


async def test_no_answer_of_one_facility_carries_the_others_data(
    api: Any, services: Any, alpha: Any, beta: Any
) -> None:
    services.submit_contact_us(
        beta.fid, name="beta visitor", email="bv@example.com", phone="", message="beta hello"
    ).unwrap()
    services.submit_contact_us(
        alpha.fid, name="Visitor", email="av@example.com", phone="", message="Hello"
    ).unwrap()
    token = await api.login(alpha)
    base = f"/portal/api/f/{alpha.slug}"

    replies = [
        await api.call("GET", path, key=alpha.key)
        for path in (
            "/staff/api/owners",
            f"/staff/api/owners/{alpha.pat.id}",
            "/staff/api/animals",
            f"/staff/api/animals/{alpha.rex.id}/immunizations",
            "/staff/api/immunizations/queue",
            "/staff/api/leads",
            "/staff/api/notifications",
            "/staff/api/facility",
            "/staff/api/facility/settings",
        )
    ]
    replies += [
        await api.call("GET", path, token=token)
        for path in (
            "/portal/api/facilities",
            base,
            f"{base}/me",
            f"{base}/pets",
            f"{base}/pets/{alpha.rex.id}",
            f"{base}/pets/{alpha.rex.id}/immunizations",
            f"{base}/catalog",
            f"{base}/notifications",
        )
    ]

    assert {reply.status for reply in replies} == {200}
    for reply in replies:
        text = reply.body.decode()
        assert not [s for s in beta_strings(beta) if s in text], text[:300]
