"""Pet photos: set, replaced and removed by the pet's parent; read back by the parent and staff."""

from __future__ import annotations

import attrs
import pytest

from petcare_core.domain.animal import Animal
from petcare_core.domain.events import AnimalModified
from petcare_core.domain.reasons import PermissionMissing
from petcare_core.domain.uploads import (
    MAX_PHOTO_BYTES,
    DocumentType,
    PhotoTooLarge,
    UnsupportedPhotoType,
)
from petcare_core.ports.errors import NotFound
from petcare_core.services import OPERATOR, NewStaffUser, photos

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def set_photo(kit, animal, filename="rex.jpg", content=JPEG):
    return kit.services.set_animal_photo_from_portal(
        kit.world.fid, kit.world.account.id, animal.id, filename, content
    )


def stored(kit, animal) -> Animal:
    with kit.services.uow_factory.for_facility(kit.world.fid) as uow:
        return uow.animals.get(animal.id)


def their_pet(kit) -> Animal:
    world = kit.world
    return kit.services.add_animal_as_staff(
        world.fid,
        world.admin,
        kit.other_owner().id,
        {"name": "Fido", "species_id": str(world.dog.id)},
    ).unwrap()


@pytest.mark.parametrize(("content", "content_type"), [(JPEG, "image/jpeg"), (PNG, "image/png")])
def test_a_photo_is_stored_and_named_by_the_pet(kit, files, content, content_type) -> None:
    world = kit.world
    rex = kit.add_dog()

    animal = set_photo(kit, rex, filename="IMG_0042.heic.jpg", content=content).unwrap()

    assert animal.photo is not None
    assert files.keys() == [animal.photo]
    # The key is the store's own, never the client's file name.
    assert "IMG" not in animal.photo
    assert files.get(animal.photo, world.fid).content_type == content_type
    assert stored(kit, rex).photo == animal.photo
    assert kit.events()[-1] == AnimalModified(world.fid, kit.clock.now(), rex.id, ("photo",))
    photo = kit.services.portal_animal_photo(world.fid, world.account.id, rex.id)
    assert (photo.content_type, photo.content) == (content_type, content)
    assert "bytes>" in repr(photo)


def test_the_portal_view_knows_the_pet_has_a_photo(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    set_photo(kit, rex).unwrap()

    assert kit.services.portal_animal(world.fid, world.account.id, rex.id).photo is not None


def test_a_replaced_photo_file_is_deleted(kit, files) -> None:
    world = kit.world
    rex = kit.add_dog()
    first = set_photo(kit, rex).unwrap().photo

    second = set_photo(kit, rex, filename="new.png", content=PNG).unwrap().photo

    assert second != first
    assert files.keys() == [second]
    photo = kit.services.portal_animal_photo(world.fid, world.account.id, rex.id)
    assert photo.content == PNG


@pytest.mark.parametrize(
    ("filename", "content", "codes"),
    [
        ("rex.jpg", b"", ["empty_photo"]),
        ("rex.jpg", b"\xff\xd8\xff" + bytes(MAX_PHOTO_BYTES), ["photo_too_large"]),
        ("rex.png", b"\x89PNG\r\n\x1a\n" + bytes(MAX_PHOTO_BYTES), ["photo_too_large"]),
        ("rex.pdf", PDF, ["unsupported_photo_type"]),
        ("rex.gif", b"GIF89a" + bytes(32), ["unsupported_photo_type"]),
        ("rex.jpg", b"<svg onload=alert(1)>", ["unsupported_photo_type"]),
        ("rex.jpg", b"#!/bin/sh\nrm -rf /\n", ["unsupported_photo_type"]),
        ("../../etc/rex.jpg", JPEG, ["invalid_value"]),
        ("rex\x00.jpg", JPEG, ["invalid_value"]),
        ("rex\u202egpj.exe", JPEG, ["invalid_value"]),
        ("a" * 252 + ".jpg", JPEG, ["invalid_value"]),
        ("../evil.sh", b"#!/bin/sh", ["invalid_value", "unsupported_photo_type"]),
    ],
)
def test_unacceptable_photos_are_refused_and_nothing_is_stored(
    kit, filename: str, content: bytes, codes: list[str]
) -> None:
    rex = kit.add_dog()

    assert list(kit.unchanged(lambda: set_photo(kit, rex, filename, content))) == codes


def test_exactly_five_megabytes_is_accepted(kit) -> None:
    content = b"\xff\xd8\xff" + bytes(MAX_PHOTO_BYTES - 3)

    assert set_photo(kit, kit.add_dog(), content=content).unwrap().photo is not None


def test_refusals_explain_what_to_do(kit) -> None:
    rex = kit.add_dog()

    [too_large] = kit.reasons(lambda: set_photo(kit, rex, content=JPEG + bytes(MAX_PHOTO_BYTES)))
    [pdf] = kit.reasons(lambda: set_photo(kit, rex, filename="rex.jpg", content=PDF))
    [disguised] = kit.reasons(lambda: set_photo(kit, rex, filename="rex.png", content=b"MZ\x90"))

    assert isinstance(too_large, PhotoTooLarge)
    assert "5 MB limit" in too_large.message
    assert (too_large.field, pdf.field) == ("photo", "photo")
    assert pdf == UnsupportedPhotoType(found=DocumentType.PDF)
    assert "is a PDF, not a picture" in pdf.message
    assert disguised == UnsupportedPhotoType(named_like=DocumentType.PNG)
    assert "named like a PNG" in disguised.message


def test_a_refused_replacement_keeps_the_current_photo(kit, files) -> None:
    rex = kit.add_dog()
    current = set_photo(kit, rex).unwrap().photo

    kit.unchanged(lambda: set_photo(kit, rex, content=b"GIF89a"))

    assert stored(kit, rex).photo == current
    assert files.keys() == [current]


def test_another_owners_pet_is_not_found_and_nothing_is_stored(kit, files) -> None:
    world = kit.world
    theirs = their_pet(kit)

    with pytest.raises(NotFound):
        kit.writes_nothing(lambda: set_photo(kit, theirs))
    # Even a refused picture answers NotFound: nothing tells whether the pet exists.
    with pytest.raises(NotFound):
        set_photo(kit, theirs, content=b"")
    with pytest.raises(NotFound):
        kit.services.remove_animal_photo_from_portal(world.fid, world.account.id, theirs.id)
    assert files.keys() == []


def test_another_owners_photo_cannot_be_read_by_a_parent(kit) -> None:
    world = kit.world
    theirs = their_pet(kit)
    # Staff cannot upload photos yet; plant one as an import would.
    key = kit.services.files.put(JPEG, "image/jpeg", world.fid)
    with kit.services.uow_factory.for_facility(world.fid) as uow:
        uow.animals.update(attrs.evolve(uow.animals.get(theirs.id), photo=key))
        uow.commit()

    with pytest.raises(NotFound):
        kit.services.portal_animal_photo(world.fid, world.account.id, theirs.id)
    assert kit.services.animal_photo(world.fid, world.employee, theirs.id).unwrap().content == JPEG


def test_a_new_file_is_deleted_when_saving_the_pet_breaks(
    kit, files, monkeypatch: pytest.MonkeyPatch
) -> None:
    rex = kit.add_dog()
    previous = set_photo(kit, rex).unwrap().photo

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(photos, "_save_photo", broken)

    with pytest.raises(RuntimeError):
        set_photo(kit, rex, content=PNG)
    assert files.keys() == [previous]
    assert stored(kit, rex).photo == previous


def test_removing_the_photo_deletes_its_file(kit, files) -> None:
    world = kit.world
    rex = kit.add_dog()
    set_photo(kit, rex).unwrap()

    animal = kit.services.remove_animal_photo_from_portal(world.fid, world.account.id, rex.id)

    assert animal.photo is None
    assert stored(kit, rex).photo is None
    assert files.keys() == []
    assert kit.events()[-1] == AnimalModified(world.fid, kit.clock.now(), rex.id, ("photo",))
    with pytest.raises(NotFound):
        kit.services.portal_animal_photo(world.fid, world.account.id, rex.id)


def test_removing_a_photo_the_pet_does_not_have_writes_nothing(kit) -> None:
    world = kit.world
    rex = kit.add_dog()

    animal = kit.writes_nothing(
        lambda: kit.services.remove_animal_photo_from_portal(world.fid, world.account.id, rex.id)
    )

    assert animal == stored(kit, rex)


def test_staff_read_a_photo_with_animal_rights_only(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    set_photo(kit, rex, content=PNG).unwrap()
    command = NewStaffUser("desk", "Dee", "Desk", "employee", permissions=["owners.read"])
    desk = kit.services.create_staff_user(world.fid, OPERATOR, command).unwrap()

    photo = kit.services.animal_photo(world.fid, world.employee, rex.id).unwrap()

    assert (photo.content_type, photo.content) == ("image/png", PNG)
    assert kit.reasons(lambda: kit.services.animal_photo(world.fid, desk, rex.id)) == (
        PermissionMissing("animals.read"),
    )


def test_a_pet_without_a_photo_has_none_to_read(kit) -> None:
    world = kit.world
    rex = kit.add_dog()

    with pytest.raises(NotFound):
        kit.services.portal_animal_photo(world.fid, world.account.id, rex.id)
    with pytest.raises(NotFound):
        kit.services.animal_photo(world.fid, world.admin, rex.id)
