"""A pet's photo in the portal: shown on the pet's page, set, replaced and removed by its parent."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def send_photo(
    parent: Any,
    pet_id: int,
    content: bytes = JPEG,
    *,
    filename: str = "rex.jpg",
    content_type: str = "image/jpeg",
    token: str | None = None,
) -> Any:
    """Post the photo form of the pet's page."""
    page = f"{parent.shop.base}/pets/{pet_id}"
    form = aiohttp.FormData()
    form.add_field("csrf_token", token if token is not None else await parent.token(page))
    form.add_field("photo", content, filename=filename, content_type=content_type)
    return await parent.client.post(f"{page}/photo", data=form, allow_redirects=False)


async def test_a_pet_without_a_photo_offers_to_add_one(parent: Any) -> None:
    pet_id = await parent.add_pet("Rex")

    status, page = await parent.get(f"{parent.shop.base}/pets/{pet_id}")

    assert status == 200
    assert "No photo of Rex yet" in page
    assert "<img" not in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="photo" type="file"' in page
    assert "/photo/delete" not in page


async def test_the_parent_adds_a_photo_and_sees_it(parent: Any, stored: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    base = f"{parent.shop.base}/pets/{pet_id}"

    response = await send_photo(parent, pet_id, PNG, filename="rex.png", content_type="image/png")

    assert response.status == 303
    assert response.headers["Location"] == f"{base}?notice=photo-saved"
    _, page = await parent.get(response.headers["Location"])
    assert "The photo is saved." in page
    assert f'<img class="pet-photo" src="{base}/photo" alt="Photo of Rex">' in page
    assert "Remove Rex's photo" in page
    picture = await parent.client.get(f"{base}/photo")
    assert picture.status == 200
    assert await picture.read() == PNG
    assert picture.headers["Content-Type"] == "image/png"
    assert "private" in picture.headers["Cache-Control"]
    assert picture.headers["X-Content-Type-Options"] == "nosniff"
    assert len(stored()) == 1


async def test_the_type_comes_from_the_content_not_the_client(parent: Any) -> None:
    pet_id = await parent.add_pet("Rex")

    await send_photo(parent, pet_id, JPEG, filename="rex.png", content_type="image/png")

    picture = await parent.client.get(f"{parent.shop.base}/pets/{pet_id}/photo")
    assert picture.headers["Content-Type"] == "image/jpeg"


async def test_replacing_a_photo_deletes_the_old_file(parent: Any, stored: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    await send_photo(parent, pet_id, JPEG)
    [first] = stored()

    response = await send_photo(parent, pet_id, PNG, filename="new.png")

    assert response.status == 303
    [second] = stored()
    assert second != first
    picture = await parent.client.get(f"{parent.shop.base}/pets/{pet_id}/photo")
    assert await picture.read() == PNG


async def test_removing_the_photo(parent: Any, stored: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    base = f"{parent.shop.base}/pets/{pet_id}"
    await send_photo(parent, pet_id)

    response = await parent.post(f"{base}/photo/delete", {}, form_page=base)

    assert response.status == 303
    assert response.headers["Location"] == f"{base}?notice=photo-removed"
    _, page = await parent.get(response.headers["Location"])
    assert "The photo is removed." in page
    assert "<img" not in page
    assert stored() == []
    assert (await parent.client.get(f"{base}/photo")).status == 404


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "big.jpg", "over the 5 MB limit"),
        (PDF, "rex.jpg", "The file is a PDF, not a picture"),
        (b"GIF89a" + b"\x00" * 32, "rex.gif", "Only JPEG and PNG pictures can be a pet"),
        (b"<svg onload=alert(1)>", "rex.png", "named like a PNG, but its content is not a PNG"),
        (b"", "rex.jpg", "The file is empty"),
    ],
)
async def test_a_bad_photo_is_refused_and_nothing_is_stored(
    parent: Any, stored: Any, content: bytes, filename: str, message: str
) -> None:
    pet_id = await parent.add_pet("Rex")

    response = await send_photo(parent, pet_id, content, filename=filename)

    body = await response.text()
    assert response.status == 422
    assert message in body
    assert 'href="#f-photo">Photo:' in body
    assert 'aria-invalid="true"' in body
    assert stored() == []
    assert "No photo of Rex yet" in body


async def test_a_form_without_a_picture_asks_for_one(parent: Any, stored: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    page = f"{parent.shop.base}/pets/{pet_id}"

    response = await parent.post(f"{page}/photo", {}, form_page=page)

    assert response.status == 422
    assert "This field is required" in await response.text()
    assert stored() == []


async def test_a_photo_needs_the_forms_token(parent: Any, stored: Any) -> None:
    pet_id = await parent.add_pet("Rex")

    response = await send_photo(parent, pet_id, token="forged")

    body = await response.text()
    assert response.status == 403
    # The page to reload is the pet's, not the picture's address.
    assert f'href="{parent.shop.base}/pets/{pet_id}"' in body
    assert stored() == []


async def test_another_parents_pet_photo_is_not_theirs(
    parent: Any, make_browser: Any, stored: Any
) -> None:
    pet_id = await parent.add_pet("Rex")
    await send_photo(parent, pet_id)
    base = f"{parent.shop.base}/pets/{pet_id}"
    other = await make_browser()
    assert (await other.sign_up("bo@example.com", first_name="Bo")).status == 303
    own_pet = await other.add_pet("Fido")

    picture = await other.client.get(f"{base}/photo")
    token = await other.token(f"{other.shop.base}/pets/{own_pet}")
    replaced = await send_photo(other, pet_id, PNG, token=token)
    removed = await other.client.post(
        f"{base}/photo/delete", data={"csrf_token": token}, allow_redirects=False
    )

    assert (picture.status, replaced.status, removed.status) == (404, 404, 404)
    assert len(stored()) == 1
    mine = await parent.client.get(f"{base}/photo")
    assert await mine.read() == JPEG


async def test_a_visitor_is_sent_to_log_in(browser: Any, parent: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    await send_photo(parent, pet_id)
    parent.forget_cookies()

    response = await parent.client.get(
        f"{parent.shop.base}/pets/{pet_id}/photo", allow_redirects=False
    )

    assert response.status == 303
    assert "/login?next=" in response.headers["Location"]
