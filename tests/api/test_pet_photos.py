"""A pet's photo through the portal API: PUT, GET and DELETE ``/pets/{id}/photo``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def photo_form(content: bytes, filename: str = "rex.jpg", **extra: str) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in extra.items():
        form.add_field(name, value)
    # The client's content type is deliberately wrong: the core reads the content.
    form.add_field("photo", content, filename=filename, content_type="application/octet-stream")
    return form


@pytest.fixture
async def token(api: Any, alpha: Any) -> str:
    token: str = await api.login(alpha)
    return token


@pytest.fixture
def stored(tmp_path: Path) -> Any:
    """``stored()``: the files the file store holds now."""

    def files() -> list[Path]:
        root = tmp_path / "files"
        return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []

    return files


def photo_path(alpha: Any, animal_id: int) -> str:
    return f"/portal/api/f/{alpha.slug}/pets/{animal_id}/photo"


async def test_set_read_replace_and_remove_a_photo(
    api: Any, alpha: Any, token: str, stored: Any
) -> None:
    path = photo_path(alpha, alpha.rex.id)

    none_yet = await api.call("GET", path, token=token)
    put = await api.call("PUT", path, token=token, data=photo_form(JPEG))
    got = await api.call("GET", path, token=token)

    assert none_yet.status == 404
    assert put.status == 200, put.json
    assert (put.json["id"], put.json["has_photo"]) == (alpha.rex.id, True)
    assert (got.status, got.body, got.headers["Content-Type"]) == (200, JPEG, "image/jpeg")
    assert got.headers["Cache-Control"] == "no-store"
    [first] = stored()

    replaced = await api.call("PUT", path, token=token, data=photo_form(PNG, "rex.png"))
    again = await api.call("GET", path, token=token)

    assert replaced.status == 200
    assert (again.body, again.headers["Content-Type"]) == (PNG, "image/png")
    [second] = stored()
    assert second != first

    removed = await api.call("DELETE", path, token=token)
    gone = await api.call("GET", path, token=token)
    removed_twice = await api.call("DELETE", path, token=token)

    assert (removed.status, removed.json["has_photo"]) == (200, False)
    assert gone.status == 404
    assert removed_twice.status == 200
    assert stored() == []


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"", "rex.jpg", "empty_photo"),
        (b"\xff\xd8\xff" + bytes(5 * 1024 * 1024), "rex.jpg", "photo_too_large"),
        (PDF, "rex.jpg", "unsupported_photo_type"),
        (b"GIF89a" + bytes(16), "rex.gif", "unsupported_photo_type"),
        (b"<html><script>alert(1)</script>", "rex.png", "unsupported_photo_type"),
    ],
)
async def test_bad_photos_are_refused_and_nothing_is_stored(
    api: Any, alpha: Any, token: str, stored: Any, content: bytes, filename: str, code: str
) -> None:
    path = photo_path(alpha, alpha.rex.id)

    reply = await api.call("PUT", path, token=token, data=photo_form(content, filename))

    assert reply.status == 422
    assert [(r["field"], r["code"]) for r in reply.json["reasons"]] == [("photo", code)]
    assert stored() == []
    assert (await api.call("GET", path, token=token)).status == 404


async def test_photo_form_problems_are_each_named(
    api: Any, alpha: Any, token: str, stored: Any
) -> None:
    path = photo_path(alpha, alpha.rex.id)
    twice = photo_form(JPEG)
    twice.add_field("photo", JPEG, filename="again.jpg")
    as_text = aiohttp.FormData({"photo": "not a file", "colour": "red"}, default_to_multipart=True)

    missing = await api.call(
        "PUT", path, token=token, data=aiohttp.FormData({"name": "Rex"}, default_to_multipart=True)
    )
    repeated = await api.call("PUT", path, token=token, data=twice)
    text = await api.call("PUT", path, token=token, data=as_text)
    as_json = await api.call("PUT", path, token=token, json={"photo": "base64"})

    assert missing.status == 422
    assert {r["field"]: r["code"] for r in missing.json["reasons"]} == {
        "name": "unknown_field",
        "photo": "required_value_missing",
    }
    assert [r["message"] for r in repeated.json["reasons"]] == ["photo: give this field once"]
    assert {r["field"] for r in text.json["reasons"]} == {"photo", "colour"}
    assert as_json.status == 415
    assert stored() == []


async def test_another_owners_pet_photo_is_404(
    api: Any, alpha: Any, token: str, stored: Any
) -> None:
    path = photo_path(alpha, alpha.misty.id)

    put = await api.call("PUT", path, token=token, data=photo_form(JPEG))
    got = await api.call("GET", path, token=token)
    deleted = await api.call("DELETE", path, token=token)

    assert (put.status, got.status, deleted.status) == (404, 404, 404)
    assert stored() == []


async def test_a_photo_needs_the_parents_token(api: Any, alpha: Any, token: str) -> None:
    path = photo_path(alpha, alpha.rex.id)
    await api.call("PUT", path, token=token, data=photo_form(JPEG))

    anonymous = await api.call("GET", path)
    forged = await api.call("DELETE", path, token="forged")

    assert (anonymous.status, forged.status) == (401, 401)
    assert (await api.call("GET", path, token=token)).body == JPEG
