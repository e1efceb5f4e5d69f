"""Upload checks: the type is read from the content, the size is bounded, names stay plain."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.reasons import InvalidValue
from petcare_core.domain.uploads import (
    FILENAME_MAX_LENGTH,
    MAX_UPLOAD_BYTES,
    DocumentType,
    EmptyFile,
    FileTooLarge,
    UnsupportedFileType,
    UploadedDocument,
    check_upload,
    sniff_document_type,
)

PDF = b"%PDF-1.4\n"
JPEG = b"\xff\xd8\xff\xdb"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, DocumentType.PDF),
        (JPEG, DocumentType.JPEG),
        (PNG, DocumentType.PNG),
        (b"%PDF", None),  # a signature cut short
        (b" %PDF-1.4", None),
        (b"\x89PNG\r\n\x1a", None),
        (b"GIF89a", None),
        (b"", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(content: bytes, expected: DocumentType | None) -> None:
    assert sniff_document_type(content) is expected


def test_an_accepted_upload_keeps_its_name_type_and_size() -> None:
    content = JPEG + bytes(100)

    assert check_upload("  Rabies 2024 — Zoë.JPG ", content) == UploadedDocument(
        "Rabies 2024 — Zoë.JPG", DocumentType.JPEG, len(content)
    )


def test_the_size_limit_is_inclusive() -> None:
    largest = PDF + bytes(MAX_UPLOAD_BYTES - len(PDF))

    assert isinstance(check_upload("big.pdf", largest), UploadedDocument)
    assert check_upload("big.pdf", largest + b"\0") == (FileTooLarge(MAX_UPLOAD_BYTES + 1),)
    assert "10.0 MB, over the 10 MB limit" in FileTooLarge(MAX_UPLOAD_BYTES + 1).message


def test_an_empty_file_is_refused_once() -> None:
    assert check_upload("rabies.pdf", b"") == (EmptyFile(),)


@pytest.mark.parametrize(
    ("filename", "named_like"),
    [
        ("record.pdf", DocumentType.PDF),
        ("photo.JPEG", DocumentType.JPEG),
        ("scan.png", DocumentType.PNG),
        ("script.sh", None),
        ("no extension", None),
    ],
)
def test_other_content_is_refused_whatever_its_name(
    filename: str, named_like: DocumentType | None
) -> None:
    [reason] = check_upload(filename, b"#!/bin/sh\necho pwned\n")

    assert reason == UnsupportedFileType(named_like)
    assert reason.field == "file"
    if named_like is not None:
        assert f"named like a {named_like.label}" in reason.message


@pytest.mark.parametrize(
    ("filename", "problem"),
    [
        ("../../etc/passwd", "not a path"),
        ("/etc/passwd", "not a path"),
        ("C:\\Windows\\win.ini", "not a path"),
        ("rabies\x00.pdf", "U+0000"),
        ("rabies\n.pdf", "U+000A"),
        ("gpj\u202e.exe", "U+202E"),
        ("...", "not a file name"),
        ("a" * (FILENAME_MAX_LENGTH + 1), "at most 255"),
    ],
)
def test_tricky_file_names_are_refused(filename: str, problem: str) -> None:
    [reason] = check_upload(filename, PDF)

    assert isinstance(reason, InvalidValue)
    assert reason.field == "filename"
    assert problem in reason.message


def test_every_problem_is_reported_at_once() -> None:
    oversized_script = b"<?php system($_GET['c']); ?>" + bytes(MAX_UPLOAD_BYTES)

    reasons = check_upload("../shell.php", oversized_script)

    assert [reason.code for reason in reasons] == [
        "invalid_value",
        "file_too_large",
        "unsupported_file_type",
    ]


@given(st.binary(max_size=64), st.sampled_from([PDF, JPEG, PNG]))
def test_any_content_after_a_signature_is_accepted(tail: bytes, signature: bytes) -> None:
    checked = check_upload("document", signature + tail)

    assert isinstance(checked, UploadedDocument)
    assert checked.size == len(signature) + len(tail)


def test_a_missing_name_is_named_after_the_type() -> None:
    checked = check_upload("   ", PNG)

    assert isinstance(checked, UploadedDocument)
    assert checked.filename == "document.png"
