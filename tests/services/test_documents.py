"""Uploading vaccination records as files, and reading them back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from returns.result import Failure

from petcare_core.domain.events import ImmunizationUploaded
from petcare_core.domain.ids import ImmunizationRecordId
from petcare_core.domain.immunization import RecordSource, RecordStatus
from petcare_core.domain.reasons import InvalidValue, PermissionMissing, Rejection
from petcare_core.domain.uploads import MAX_UPLOAD_BYTES, DocumentType, UnsupportedFileType
from petcare_core.ports.errors import NotFound
from petcare_core.services import OPERATOR, NewStaffUser, documents

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)


def upload(kit, animal, filename="rabies certificate.pdf", content=PDF, **changes):
    values = {
        "type_id": kit.world.rabies.id,
        "expires_on": kit.today + timedelta(days=365),
        "filename": filename,
        "content": content,
    }
    values.update(changes)
    return kit.services.upload_immunization_document(
        kit.world.fid, kit.world.account.id, animal.id, **values
    )


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF, DocumentType.PDF), (JPEG, DocumentType.JPEG), (PNG, DocumentType.PNG)],
)
def test_an_upload_is_stored_and_awaits_review(kit, files, content, content_type) -> None:
    world = kit.world
    rex = kit.add_dog()

    uploaded = upload(kit, rex, filename=" IMG 2034.jpeg ", content=content).unwrap()

    record = uploaded.record
    assert (record.status, record.source, record.animal_id) == (
        RecordStatus.PENDING_REVIEW,
        RecordSource.PARENT_UPLOAD,
        rex.id,
    )
    assert (uploaded.document.filename, uploaded.document.size) == ("IMG 2034.jpeg", len(content))
    assert uploaded.document.content_type is content_type
    # The key is the store's own, never the client's file name.
    assert files.keys() == [record.document]
    assert "IMG" not in str(record.document)
    assert files.get(record.document, world.fid).content == content
    assert kit.events()[-1] == ImmunizationUploaded(world.fid, kit.clock.now(), record.id, rex.id)
    assert kit.services.immunization_review_queue(world.fid, OPERATOR).unwrap() == [record]


def test_a_file_without_a_name_is_called_after_its_type(kit) -> None:
    uploaded = upload(kit, kit.add_dog(), filename="", content=PNG).unwrap()

    assert uploaded.document.filename == "document.png"


@pytest.mark.parametrize(
    ("filename", "content", "codes"),
    [
        ("record.pdf", b"", ["empty_file"]),
        ("record.pdf", b"%PDF-" + bytes(MAX_UPLOAD_BYTES), ["file_too_large"]),
        ("record.pdf", b"#!/bin/sh\nrm -rf /\n", ["unsupported_file_type"]),
        ("record.pdf", b"<html><script>alert(1)</script>", ["unsupported_file_type"]),
        ("record.docx", b"PK\x03\x04word/document.xml", ["unsupported_file_type"]),
        ("../../etc/passwd.pdf", PDF, ["invalid_value"]),
        ("C:\\Users\\pat\\rabies.pdf", PDF, ["invalid_value"]),
        ("rabies\x00.pdf", PDF, ["invalid_value"]),
        ("rabies\u202efdp.exe", PDF, ["invalid_value"]),
        ("..", PDF, ["invalid_value"]),
        ("a" * 252 + ".pdf", PDF, ["invalid_value"]),
        ("../evil.sh", b"#!/bin/sh", ["invalid_value", "unsupported_file_type"]),
    ],
)
def test_unacceptable_uploads_are_refused_and_nothing_is_stored(
    kit, filename: str, content: bytes, codes: list[str]
) -> None:
    rex = kit.add_dog()

    assert (
        list(kit.unchanged(lambda: upload(kit, rex, filename=filename, content=content))) == codes
    )


def test_a_script_named_like_a_pdf_is_called_out(kit) -> None:
    rex = kit.add_dog()

    [reason] = kit.reasons(lambda: upload(kit, rex, content=b"MZ\x90\x00 This program"))

    assert reason == UnsupportedFileType(DocumentType.PDF)
    assert "named like a PDF" in reason.message


def test_document_and_record_problems_come_together(kit) -> None:
    rex = kit.add_dog()

    reasons = kit.reasons(
        lambda: upload(
            kit,
            rex,
            content=b"",
            type_id=kit.world.feline_rabies.id,
            expires_on=kit.today - timedelta(days=1),
        )
    )

    assert [(reason.code, reason.field) for reason in reasons] == [
        ("empty_file", "file"),
        ("invalid_value", "type_id"),
        ("invalid_value", "expires_on"),
    ]


def test_a_good_file_for_a_bad_record_is_not_stored(kit) -> None:
    rex = kit.add_dog()

    codes = kit.unchanged(lambda: upload(kit, rex, expires_on=kit.today + timedelta(days=4000)))

    assert codes == ("invalid_value",)


def test_a_stored_file_is_removed_when_recording_fails(
    kit, files, monkeypatch: pytest.MonkeyPatch
) -> None:
    rex = kit.add_dog()
    # The record's checks passed, then recording refused (the vaccine retired in between).
    refusal = Failure(Rejection((InvalidValue("type_id", "is no longer in use"),)))
    monkeypatch.setattr(
        documents.immunizations, "record_immunization_upload", lambda *a, **k: refusal
    )

    assert upload(kit, rex) == refusal
    assert files.keys() == []


def test_a_stored_file_is_removed_when_recording_breaks(
    kit, files, monkeypatch: pytest.MonkeyPatch
) -> None:
    rex = kit.add_dog()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(documents.immunizations, "record_immunization_upload", broken)

    with pytest.raises(RuntimeError):
        upload(kit, rex)
    assert files.keys() == []


def test_uploading_for_someone_elses_pet_is_not_found(kit, files) -> None:
    world = kit.world
    theirs = kit.services.add_animal_as_staff(
        world.fid,
        world.admin,
        kit.other_owner().id,
        {"name": "Fido", "species_id": str(world.dog.id)},
    ).unwrap()

    with pytest.raises(NotFound):
        upload(kit, theirs)
    assert files.keys() == []


def test_staff_and_the_parent_read_the_document_back(kit) -> None:
    world = kit.world
    rex = kit.add_dog("Rex le Chien")
    record = upload(kit, rex).unwrap().record

    staff_copy = kit.services.immunization_document(world.fid, world.employee, record.id).unwrap()
    parent_copy = kit.services.portal_immunization_document(world.fid, world.account.id, record.id)

    assert staff_copy == parent_copy
    assert (staff_copy.content, staff_copy.content_type) == (PDF, "application/pdf")
    expires = (kit.today + timedelta(days=365)).isoformat()
    assert staff_copy.filename == f"Rex-le-Chien-Rabies-{expires}.pdf"
    assert "bytes>" in repr(staff_copy)


def test_reading_a_document_needs_animal_rights(kit) -> None:
    world = kit.world
    record = upload(kit, kit.add_dog()).unwrap().record
    command = NewStaffUser("desk", "Dee", "Desk", "employee", permissions=["owners.read"])
    desk = kit.services.create_staff_user(world.fid, OPERATOR, command).unwrap()

    assert kit.reasons(lambda: kit.services.immunization_document(world.fid, desk, record.id)) == (
        PermissionMissing("animals.read"),
    )


def test_another_owners_document_is_not_found_for_a_parent(kit) -> None:
    world = kit.world
    theirs = kit.services.add_animal_as_staff(
        world.fid,
        world.admin,
        kit.other_owner().id,
        {"name": "Fido", "species_id": str(world.dog.id)},
    ).unwrap()
    record = kit.services.record_immunization(
        world.fid,
        world.admin,
        theirs.id,
        type_id=world.rabies.id,
        expires_on=kit.today + timedelta(days=30),
        document_key="1/00000000000000000000000000000000.pdf",
    ).unwrap()

    with pytest.raises(NotFound):
        kit.services.portal_immunization_document(world.fid, world.account.id, record.id)


def test_missing_documents_are_not_found(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    without = kit.services.record_immunization(
        world.fid, world.admin, rex.id, type_id=world.rabies.id, expires_on=kit.today
    ).unwrap()

    with pytest.raises(NotFound):
        kit.services.immunization_document(world.fid, world.admin, without.id)
    with pytest.raises(NotFound):
        kit.services.immunization_document(world.fid, world.admin, ImmunizationRecordId(999_999))


def test_a_key_of_another_facility_reads_nothing(kit, files) -> None:
    world = kit.world
    other = kit.new_world("other-paws")
    elsewhere = kit.services.add_animal_from_portal(
        other.fid, other.account.id, {"name": "Mia", "species_id": str(other.dog.id)}
    ).unwrap()
    their_record = kit.services.upload_immunization_document(
        other.fid,
        other.account.id,
        elsewhere.id,
        other.rabies.id,
        kit.today + timedelta(days=90),
        "mia.pdf",
        PDF,
    ).unwrap()
    # Staff of the first facility copy the other facility's key into a record of their own.
    planted = kit.services.record_immunization(
        world.fid,
        world.admin,
        kit.add_dog().id,
        type_id=world.rabies.id,
        expires_on=kit.today,
        document_key=str(their_record.record.document),
    ).unwrap()

    with pytest.raises(NotFound):
        kit.services.immunization_document(world.fid, world.admin, planted.id)
