"""Vaccination records through both APIs: the parent uploads, staff review, the parent sees."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from facility_clock import facility_today

from petcare_core.services import OPERATOR


def raw_form(parts: list[tuple[str, bytes, str | None]]) -> aiohttp.MultipartWriter:
    """A multipart body written as given (the client's FormData escapes file names)."""
    writer = aiohttp.MultipartWriter("form-data")
    for name, content, filename in parts:
        kind = "text/plain; charset=utf-8" if filename is None else "application/octet-stream"
        part = writer.append(content, {"Content-Type": kind})
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        part.headers["Content-Disposition"] = disposition
    return writer


def upload_form(
    type_id: Any, expires_on: Any, content: bytes, filename: str = "rabies.pdf", **extra: str
) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("type_id", str(type_id))
    form.add_field("expires_on", str(expires_on))
    for name, value in extra.items():
        form.add_field(name, value)
    form.add_field("file", content, filename=filename, content_type="application/pdf")
    return form


@pytest.fixture
async def token(api: Any, alpha: Any) -> str:
    token: str = await api.login(alpha)
    return token


async def test_upload_review_and_see_it_verified(
    api: Any, alpha: Any, token: str, pdf: bytes
) -> None:
    pets = f"/portal/api/f/{alpha.slug}/pets/{alpha.rex.id}"
    expires = facility_today() + timedelta(days=400)

    uploaded = await api.call(
        "POST",
        f"{pets}/immunizations",
        token=token,
        data=upload_form(
            alpha.bordetella.id,
            expires.isoformat(),
            pdf,
            administered_on=facility_today().isoformat(),
        ),
    )

    assert uploaded.status == 201, uploaded.json
    record = uploaded.json["record"]
    assert (record["status"], record["source"], record["type_id"]) == (
        "pending_review",
        "parent_upload",
        alpha.bordetella.id,
    )
    assert uploaded.json["document"] == {
        "filename": "rabies.pdf",
        "content_type": "application/pdf",
        "size": len(pdf),
    }
    notices = await api.call("GET", f"/portal/api/f/{alpha.slug}/notifications", token=token)
    pending = [n for n in notices.json["notifications"] if n["record_id"] == record["id"]]
    assert [n["kind"] for n in pending] == ["upload_pending_review"]

    queue = await api.call("GET", "/staff/api/immunizations/queue", key=alpha.key)
    assert queue.status == 200
    queued = {item["id"]: item for item in queue.json["records"]}
    assert queued[record["id"]]["type_name"] == "Bordetella"
    assert queued[record["id"]]["animal_id"] == alpha.rex.id
    document = await api.call(
        "GET", f"/staff/api/immunizations/{record['id']}/document", key=alpha.key
    )
    assert document.status == 200
    assert document.body == pdf
    assert document.headers["Content-Type"] == "application/pdf"
    assert "attachment" in document.headers["Content-Disposition"]

    verified = await api.call(
        "POST", f"/staff/api/immunizations/{record['id']}/verify", key=alpha.key
    )
    assert verified.status == 200
    assert verified.json["status"] == "verified"
    assert verified.json["reviewed_by"] == alpha.manager.id
    again = await api.call("POST", f"/staff/api/immunizations/{record['id']}/verify", key=alpha.key)
    assert again.status == 409

    status = await api.call("GET", f"{pets}/immunizations", token=token)
    lines = {line["type_name"]: line for line in status.json["immunizations"]}
    assert lines["Bordetella"]["state"] == "verified"
    assert lines["Bordetella"]["record_id"] == record["id"]
    assert lines["Bordetella"]["expires_on"] == expires.isoformat()
    notices = await api.call("GET", f"/portal/api/f/{alpha.slug}/notifications", token=token)
    assert all(n["record_id"] != record["id"] for n in notices.json["notifications"])
    queue = await api.call("GET", "/staff/api/immunizations/queue", key=alpha.key)
    assert record["id"] not in {item["id"] for item in queue.json["records"]}
    mine = await api.call(
        "GET", f"/portal/api/f/{alpha.slug}/immunizations/{record['id']}/document", token=token
    )
    assert (mine.status, mine.body) == (200, pdf)


async def test_a_rejected_upload_shows_the_reason_to_the_parent(
    api: Any, alpha: Any, token: str, pdf: bytes
) -> None:
    expires = facility_today() + timedelta(days=300)
    luna = await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/pets",
        token=token,
        json={"name": "Luna", "species_id": alpha.dog.id},
    )
    uploaded = await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/pets/{luna.json['id']}/immunizations",
        token=token,
        data=upload_form(alpha.rabies.id, expires.isoformat(), pdf),
    )
    record_id = uploaded.json["record"]["id"]

    missing_reason = await api.call(
        "POST", f"/staff/api/immunizations/{record_id}/reject", key=alpha.key
    )
    rejected = await api.call(
        "POST",
        f"/staff/api/immunizations/{record_id}/reject",
        key=alpha.key,
        json={"reason": "The document is unreadable"},
    )

    assert missing_reason.status == 422
    assert missing_reason.json["reasons"][0]["field"] == "reason"
    assert rejected.status == 200
    assert rejected.json["status"] == "rejected"
    notices = await api.call("GET", f"/portal/api/f/{alpha.slug}/notifications", token=token)
    refused = [n for n in notices.json["notifications"] if n["kind"] == "upload_rejected"]
    assert [n["detail"] for n in refused] == ["The document is unreadable"]
    assert refused[0]["target"] == {
        "page": "immunization_upload",
        "animal_id": luna.json["id"],
        "type_id": alpha.rabies.id,
    }


@pytest.mark.parametrize(
    ("content", "filename", "field"),
    [
        (b"#!/bin/sh\nrm -rf /\n", "record.pdf", "file"),
        (b"", "empty.pdf", "file"),
        (b"%PDF-1.4\n", "../../etc/passwd.pdf", "file"),
    ],
)
async def test_bad_files_are_refused_and_nothing_is_stored(
    api: Any, services: Any, alpha: Any, token: str, content: bytes, filename: str, field: str
) -> None:
    before = services.immunization_review_queue(alpha.fid, OPERATOR).unwrap()

    expires = (facility_today() + timedelta(days=30)).isoformat()
    form = raw_form(
        [
            ("type_id", str(alpha.rabies.id).encode(), None),
            ("expires_on", expires.encode(), None),
            ("file", content, filename),
        ]
    )
    reply = await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/pets/{alpha.rex.id}/immunizations",
        token=token,
        data=form,
    )

    assert reply.status == 422
    assert field in {reason["field"] for reason in reply.json["reasons"]}
    assert services.immunization_review_queue(alpha.fid, OPERATOR).unwrap() == before


async def test_upload_form_problems_are_each_named(
    api: Any, alpha: Any, token: str, pdf: bytes
) -> None:
    path = f"/portal/api/f/{alpha.slug}/pets/{alpha.rex.id}/immunizations"
    form = raw_form(
        [("type_id", b"rabies", None), ("expires_on", b"next year", None), ("colour", b"red", None)]
    )

    reply = await api.call("POST", path, token=token, data=form)
    as_json = await api.call("POST", path, token=token, json={"type_id": alpha.rabies.id})
    past = await api.call(
        "POST", path, token=token, data=upload_form(alpha.rabies.id, "2001-01-01", pdf)
    )

    assert reply.status == 422
    assert {r["field"]: r["code"] for r in reply.json["reasons"]} == {
        "type_id": "invalid_value",
        "expires_on": "invalid_value",
        "colour": "unknown_field",
        "file": "required_value_missing",
    }
    assert as_json.status == 415
    assert past.status == 422
    assert past.json["reasons"][0]["field"] == "expires_on"


async def test_uploads_and_documents_of_other_owners_pets_are_404(
    api: Any, alpha: Any, token: str, pdf: bytes
) -> None:
    other = await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/pets/{alpha.misty.id}/immunizations",
        token=token,
        data=upload_form(alpha.rabies.id, (facility_today() + timedelta(days=30)).isoformat(), pdf),
    )
    status = await api.call(
        "GET", f"/portal/api/f/{alpha.slug}/pets/{alpha.misty.id}/immunizations", token=token
    )

    assert other.status == 404
    assert status.status == 404


async def test_staff_see_an_animals_whole_vaccination_file(api: Any, alpha: Any) -> None:
    reply = await api.call("GET", f"/staff/api/animals/{alpha.rex.id}/immunizations", key=alpha.key)

    assert reply.status == 200
    assert [(r["type_name"], r["status"]) for r in reply.json["records"]] == [
        ("Rabies", "verified"),
        ("Bordetella", "pending_review"),
    ]
