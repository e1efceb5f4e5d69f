"""Nothing hidden ever shows: strings planted through staff use cases in employee notes,
incident reports, custom icons, business-only form fields and staff notes on vaccination
records never appear in any ``/portal/api`` response."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
from facility_clock import facility_today

from petcare_core.services import OPERATOR


def assert_no_marker(replies: list[Any], markers: tuple[str, ...]) -> None:
    for reply in replies:
        text = reply.body.decode("utf-8", errors="replace")
        leaked = [marker for marker in markers if marker in text]
        assert not leaked, (reply.status, leaked, text[:500])


async def test_the_staff_api_shows_every_marker(api: Any, alpha: Any) -> None:
    """The markers are really planted: staff see them all."""
    owner = await api.call("GET", f"/staff/api/owners/{alpha.pat.id}", key=alpha.key)
    records = await api.call(
        "GET", f"/staff/api/animals/{alpha.rex.id}/immunizations", key=alpha.key
    )

    text = owner.body.decode() + records.body.decode()
    assert all(marker in text for marker in alpha.markers)


async def test_no_portal_api_response_shows_business_only_data(
    api: Any, services: Any, alpha: Any, pdf: bytes
) -> None:
    # More markers, planted on a pet the parent adds later and on a second incident.
    token = await api.login(alpha)
    base = f"/portal/api/f/{alpha.slug}"
    added = await api.call(
        "POST", f"{base}/pets", token=token, json={"name": "Luna", "species_id": alpha.dog.id}
    )
    luna = added.json["id"]
    services.update_animal_as_staff(
        alpha.fid,
        OPERATOR,
        luna,
        {"employee_notes": alpha.markers[3], "custom_icons": alpha.markers[4]},
    ).unwrap()
    services.add_incident_report(
        alpha.fid, OPERATOR, luna, facility_today(), alpha.markers[5]
    ).unwrap()
    form = aiohttp.FormData()
    form.add_field("type_id", str(alpha.rabies.id))
    form.add_field("expires_on", (facility_today() + timedelta(days=90)).isoformat())
    form.add_field("file", pdf, filename="luna.pdf", content_type="application/pdf")
    uploaded = await api.call("POST", f"{base}/pets/{luna}/immunizations", token=token, data=form)
    record_id = uploaded.json["record"]["id"]
    services.reject_immunization(alpha.fid, OPERATOR, record_id, "blurred").unwrap()

    replies = [
        added,
        uploaded,
        await api.call(
            "POST",
            "/portal/api/login",
            json={"login": alpha.email, "password": "a-long-enough-parent-password"},
        ),
        await api.call("GET", "/portal/api/facilities", token=token),
        await api.call("GET", base),
        await api.call("GET", f"{base}/me", token=token),
        await api.call("PATCH", f"{base}/me", token=token, json={"city": "Golden"}),
        await api.call(
            "PATCH", f"{base}/me", token=token, json={"employee_notes": "", "custom_icons": []}
        ),
        await api.call("PATCH", f"{base}/me", token=token, json={"fields": {"credit_note": ""}}),
        await api.call("GET", f"{base}/catalog", token=token),
        await api.call("GET", f"{base}/pets", token=token),
        await api.call("GET", f"{base}/notifications", token=token),
        await api.call("GET", f"{base}/immunizations/{record_id}/document", token=token),
    ]
    for pet in (alpha.rex.id, luna):
        replies += [
            await api.call("GET", f"{base}/pets/{pet}", token=token),
            await api.call("PATCH", f"{base}/pets/{pet}", token=token, json={"colour": "Black"}),
            await api.call(
                "PATCH", f"{base}/pets/{pet}", token=token, json={"employee_notes": "x"}
            ),
            await api.call("GET", f"{base}/pets/{pet}/immunizations", token=token),
        ]
    rabies = await api.call(
        "GET", f"/staff/api/animals/{alpha.rex.id}/immunizations", key=alpha.key
    )
    for record in rabies.json["records"]:
        replies.append(
            await api.call("GET", f"{base}/immunizations/{record['id']}/document", token=token)
        )
    replies += [
        await api.call(
            "POST", f"{base}/contact", json={"name": "V", "email": "v@example.com", "message": "Hi"}
        ),
        await api.call("POST", f"{base}/delete-account", token=token, json={"note": "bye"}),
        await api.call("POST", f"{base}/delete-account", token=token),
    ]

    assert {reply.status for reply in replies} <= {200, 201, 404, 409, 422}
    assert_no_marker(replies, alpha.markers)
