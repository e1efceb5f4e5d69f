"""My pets: adding and editing, vaccination status, uploading records, notifications."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from facility_clock import facility_today

from petcare_core.services import OPERATOR

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NEXT_YEAR = (facility_today() + timedelta(days=365)).isoformat()


async def upload(
    parent: Any,
    pet_id: int,
    *,
    content: bytes = PDF,
    filename: str = "rabies.pdf",
    type_id: Any = None,
    expires_on: str = NEXT_YEAR,
    content_type: str = "application/pdf",
) -> Any:
    """Post the upload form as a client that writes the file name as it likes: aiohttp's own
    client would percent-encode path characters, which an attacker need not do."""
    path = f"{parent.shop.base}/pets/{pet_id}/vaccines/upload"
    boundary = "----portal-test-boundary"
    fields = {
        "csrf_token": await parent.token(path),
        "type_id": str(type_id or parent.shop.rabies.id),
        "expires_on": expires_on,
        "administered_on": "",
    }
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    quoted = filename.replace("\\", "\\\\")  # a quoted-string escapes its backslashes
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{quoted}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return await parent.client.post(
        path,
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        allow_redirects=False,
    )


def review_queue(parent: Any) -> list[Any]:
    return list(parent.services.immunization_review_queue(parent.shop.fid, OPERATOR).unwrap())


async def test_adding_a_pet_with_every_field(parent: Any) -> None:
    shop = parent.shop
    pet_id = await parent.add_pet(
        "Rex",
        breed_id=str(shop.labrador.id),
        sex="male",
        birthday="2020-05-04",
        weight="42.5",
        colour="Black",
        altered="true",
        vet_id=str(shop.vet.id),
        temperament_id=str(shop.calm.id),
        feeding_notes="Two cups\nmorning and night",
        medication_notes="",
        allergies="Chicken",
        **{
            "custom.toy": "Ball",
            "custom.crate_trained": "true",
            "custom.notes_long": "Loves water",
        },
    )

    status, body = await parent.get(f"{shop.base}/pets/{pet_id}?notice=pet-added")
    assert status == 200
    assert "Your pet has been added." in body
    for text in (
        "<h1>Rex</h1>",
        "Labrador",
        "4 May 2020",
        "42.5 lb",
        "Black",
        "Boulder Vets",
        "Calm",
        "Two cups\nmorning and night",
        "Chicken",
        "Ball",
        "Loves water",
    ):
        assert text in body, text
    _, listing = await parent.get(f"{shop.base}/pets")
    assert "Rex" in listing


async def test_the_pet_form_offers_the_catalog(parent: Any) -> None:
    _, body = await parent.get(f"{parent.shop.base}/pets/new")

    assert f'<option value="{parent.shop.dog.id}">Dog</option>' in body
    assert '<optgroup label="Dog">' in body
    assert f'<option value="{parent.shop.labrador.id}">Labrador</option>' in body
    assert "Boulder Vets, Boulder" in body
    assert '<textarea id="f-custom-notes_long" name="custom.notes_long"' in body
    assert 'name="custom.crate_trained" type="checkbox"' in body
    assert "Bite history" not in body  # a business-only field


async def test_a_refused_pet_keeps_what_was_typed(parent: Any) -> None:
    response = await parent.post(
        f"{parent.shop.base}/pets/new",
        {
            "name": "Rex",
            "species_id": "",
            "birthday": "2999-01-01",
            "weight": "heavy",
            "custom.toy": "Rope",
        },
    )

    body = await response.text()
    assert response.status == 422
    assert 'href="#f-species_id">Species:' in body
    assert 'href="#f-weight">Weight (lb):' in body
    assert 'value="Rex"' in body
    assert 'value="Rope"' in body


async def test_editing_a_pet(parent: Any) -> None:
    pet_id = await parent.add_pet("Rex", **{"custom.crate_trained": "true"})
    base = parent.shop.base
    _, form = await parent.get(f"{base}/pets/{pet_id}/edit")
    assert 'value="Rex"' in form
    assert 'name="custom.crate_trained" type="checkbox" value="true" checked' in form

    response = await parent.post(
        f"{base}/pets/{pet_id}/edit",
        {"name": "Rex II", "species_id": str(parent.shop.dog.id), "colour": "Brown"},
    )

    assert response.status == 303
    assert response.headers["Location"] == f"{base}/pets/{pet_id}?notice=saved"
    pet = parent.services.portal_animal(parent.shop.fid, parent.account_id(), pet_id)
    assert pet.name == "Rex II"
    assert pet.colour == "Brown"
    assert pet.fields[1].value == "false"  # the box came back unticked


async def test_upload_then_staff_verify(parent: Any, stored: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    base = parent.shop.base
    _, before = await parent.get(f"{base}/pets/{pet_id}")
    assert "Missing" in before

    response = await upload(parent, pet_id)

    assert response.status == 303
    assert response.headers["Location"] == f"{base}/pets/{pet_id}?notice=uploaded"
    _, page = await parent.get(response.headers["Location"])
    assert "pending review" in page.lower()
    assert "badge--pending-review" in page
    assert len(stored()) == 1
    _, notices = await parent.get(f"{base}/notifications")
    assert "is waiting for the facility to review it" in notices

    record = review_queue(parent)[0]
    parent.services.verify_immunization(parent.shop.fid, OPERATOR, record.id).unwrap()

    _, page = await parent.get(f"{base}/pets/{pet_id}")
    assert "badge--verified" in page
    assert "Verified" in page
    _, notices = await parent.get(f"{base}/notifications")
    assert "Rabies" not in notices


async def test_a_rejected_upload_shows_why_and_links_to_upload_again(parent: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    await upload(parent, pet_id)
    record = review_queue(parent)[0]
    parent.services.reject_immunization(
        parent.shop.fid, OPERATOR, record.id, "the page is unreadable"
    ).unwrap()

    _, page = await parent.get(f"{parent.shop.base}/pets/{pet_id}")
    _, notices = await parent.get(f"{parent.shop.base}/notifications")

    assert "Rejected" in page
    assert "Not accepted: the page is unreadable" in page
    assert "the page is unreadable" in notices
    link = f"{parent.shop.base}/pets/{pet_id}/vaccines/upload?type={parent.shop.rabies.id}"
    assert f'href="{link}"' in notices
    _, form = await parent.get(link)
    assert f'<option value="{parent.shop.rabies.id}" selected>' in form


async def test_expired_and_expiring_vaccines_are_notified(parent: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    fid, today = parent.shop.fid, facility_today()
    parent.services.record_immunization(
        fid, OPERATOR, pet_id, type_id=parent.shop.rabies.id, expires_on=today - timedelta(days=3)
    ).unwrap()
    parent.services.record_immunization(
        fid,
        OPERATOR,
        pet_id,
        type_id=parent.shop.bordetella.id,
        expires_on=today + timedelta(days=10),
    ).unwrap()

    _, page = await parent.get(f"{parent.shop.base}/pets/{pet_id}")
    _, notices = await parent.get(f"{parent.shop.base}/notifications")
    _, home = await parent.get(f"{parent.shop.base}/")

    assert "badge--expired" in page
    assert "badge--expiring-soon" in page
    assert "Rex&#39;s Rabies vaccination expired on" in notices
    assert "Rex&#39;s Bordetella vaccination expires on" in notices
    assert "2 items in your" in home


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "big.pdf", "over the 10 MB limit"),
        (b"GIF89a" + b"\x00" * 32, "photo.gif", "Only PDF, JPEG and PNG files can be uploaded"),
        (b"#!/bin/sh\nrm -rf /\n", "record.pdf", "named like a PDF, but its content is not a PDF"),
        (b"<script>alert(1)</script>", "record.pdf", "named like a PDF"),
        (PDF, "../../etc/passwd.pdf", "Must be a file name, not a path"),
        (PDF, "..\\..\\boot.ini.pdf", "Must be a file name, not a path"),
        (PDF, "rabies\u202efdp.exe", "hidden character U+202E"),
        (b"", "empty.pdf", "The file is empty"),
    ],
)
async def test_a_bad_upload_is_refused_and_nothing_is_stored(
    parent: Any, stored: Any, content: bytes, filename: str, message: str
) -> None:
    pet_id = await parent.add_pet("Rex")

    response = await upload(parent, pet_id, content=content, filename=filename)

    body = await response.text()
    assert response.status == 422
    assert message in body
    assert 'href="#f-file">Vet&#39;s record:' in body
    assert stored() == []
    assert review_queue(parent) == []


async def test_an_upload_larger_than_the_server_accepts_is_explained(
    parent: Any, stored: Any
) -> None:
    pet_id = await parent.add_pet("Rex")

    response = await upload(parent, pet_id, content=PDF + b"0" * (12 * 1024 * 1024))

    body = await response.text()
    assert response.status == 413
    assert "A vaccination record may be at most 10 MB" in body
    assert stored() == []


async def test_upload_form_mistakes_are_explained(parent: Any, stored: Any) -> None:
    pet_id = await parent.add_pet("Rex")

    response = await upload(parent, pet_id, expires_on="next year", type_id="abc")

    body = await response.text()
    assert response.status == 422
    assert 'href="#f-expires_on">Expiry date: Is not a date' in body
    assert 'href="#f-type_id">Vaccine: Choose one of the vaccines' in body
    assert stored() == []


async def test_a_vaccine_of_another_species_is_refused(parent: Any, stored: Any) -> None:
    pet_id = await parent.add_pet("Rex")
    fvrcp = parent.services.add_immunization_type(
        parent.shop.fid, OPERATOR, parent.shop.cat.id, "FVRCP"
    ).unwrap()

    response = await upload(parent, pet_id, type_id=fvrcp.id, content=PNG, filename="a.png")

    assert response.status == 422
    assert "is a vaccine for another species" in await response.text()
    assert stored() == []
