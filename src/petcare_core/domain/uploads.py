"""What a pet parent may upload: a vaccination record (PDF, JPEG or PNG, at most 10 MB) or a
pet's photo (JPEG or PNG, at most 5 MB).

The type is read from the first bytes of the content, never from the file name or from what the
browser claims, so a script renamed ``record.pdf`` is refused. The client's file name is kept
only to show it back to the parent; names that try path tricks or hide characters are refused.
"""

from __future__ import annotations

import enum
import unicodedata

import attrs

from petcare_core.domain.reasons import InvalidValue, Reason

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PHOTO_BYTES = 5 * 1024 * 1024
FILENAME_MAX_LENGTH = 255
_MEGABYTE = 1024 * 1024
# Characters that reorder or hide text ("gpj.exe" shown as "exe.jpg" with U+202E).
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class DocumentType(enum.StrEnum):
    """An accepted document type, as its media type."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"

    @property
    def extension(self) -> str:
        """The usual file extension, without the dot."""
        return _EXTENSIONS[self]

    @property
    def label(self) -> str:
        """The name people know the type by."""
        return _LABELS[self]


_EXTENSIONS = {DocumentType.PDF: "pdf", DocumentType.JPEG: "jpg", DocumentType.PNG: "png"}
_LABELS = {DocumentType.PDF: "PDF", DocumentType.JPEG: "JPEG", DocumentType.PNG: "PNG"}
# The signature each format's files start with.
_SIGNATURES = (
    (b"%PDF-", DocumentType.PDF),
    (b"\xff\xd8\xff", DocumentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", DocumentType.PNG),
)
_NAMED_LIKE = {
    "pdf": DocumentType.PDF,
    "jpg": DocumentType.JPEG,
    "jpeg": DocumentType.JPEG,
    "png": DocumentType.PNG,
}


def sniff_document_type(content: bytes) -> DocumentType | None:
    """The accepted type ``content`` starts like, or ``None``."""
    for signature, document_type in _SIGNATURES:
        if content.startswith(signature):
            return document_type
    return None


@attrs.frozen
class UploadedDocument:
    """An upload that passed every check: its display name, sniffed type and size in bytes."""

    filename: str
    content_type: DocumentType
    size: int


@attrs.frozen
class EmptyFile(Reason):
    """The upload has no content."""

    @property
    def message(self) -> str:
        return "file: the file is empty; choose the vet's record (PDF, JPEG or PNG) again"

    @property
    def field(self) -> str | None:
        return "file"


@attrs.frozen
class FileTooLarge(Reason):
    """The upload is over the size limit."""

    size: int
    limit: int = MAX_UPLOAD_BYTES

    @property
    def message(self) -> str:
        return (
            f"file: the file is {self.size / _MEGABYTE:.1f} MB, over the "
            f"{self.limit // _MEGABYTE} MB limit; scan or photograph it at a lower resolution"
        )

    @property
    def field(self) -> str | None:
        return "file"


@attrs.frozen
class UnsupportedFileType(Reason):
    """The content is not a PDF, JPEG or PNG, whatever the file is called.

    ``named_like`` is the type the file name suggests, when it suggests one: a name that
    promises a PDF over content that is not one is the classic disguised upload.
    """

    named_like: DocumentType | None = None

    @property
    def message(self) -> str:
        if self.named_like is not None:
            label = self.named_like.label
            return (
                f"file: the file is named like a {label}, but its content is not a {label}; "
                "upload the record itself as a PDF, JPEG or PNG"
            )
        return "file: only PDF, JPEG and PNG files can be uploaded; save the record as one of those"

    @property
    def field(self) -> str | None:
        return "file"


def _named_like(filename: str) -> DocumentType | None:
    extension = filename.rpartition(".")[2].casefold() if "." in filename else ""
    return _NAMED_LIKE.get(extension)


def filename_problem(filename: str) -> str | None:
    """Why ``filename`` (already stripped) cannot be shown back, or ``None`` when it can."""
    if len(filename) > FILENAME_MAX_LENGTH:
        return (
            f"is {len(filename)} characters long; rename the file to at most "
            f"{FILENAME_MAX_LENGTH} characters"
        )
    if "/" in filename or "\\" in filename:
        return "must be a file name, not a path; rename the file without / or \\"
    if filename and set(filename) <= {"."}:
        return "is not a file name; rename the file"
    for character in filename:
        if unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS:
            return (
                f"contains the hidden character U+{ord(character):04X}; rename the file "
                "using ordinary letters and digits"
            )
    return None


def check_upload(filename: str, content: bytes) -> UploadedDocument | tuple[Reason, ...]:
    """The accepted document, or every reason ``content`` named ``filename`` is refused.

    An empty file name is allowed (API clients may send none): the document is then called
    ``document.<extension of its type>``.
    """
    reasons: list[Reason] = []
    name = filename.strip()
    problem = filename_problem(name)
    if problem is not None:
        reasons.append(InvalidValue("filename", problem))
    size = len(content)
    document_type = sniff_document_type(content)
    if size == 0:
        reasons.append(EmptyFile())
    else:
        if size > MAX_UPLOAD_BYTES:
            reasons.append(FileTooLarge(size))
        if document_type is None:
            reasons.append(UnsupportedFileType(_named_like(name) if problem is None else None))
    if reasons or document_type is None:
        return tuple(reasons)
    return UploadedDocument(name or f"document.{document_type.extension}", document_type, size)


# Photos are shown in a page, so only the picture formats every browser displays.
PHOTO_TYPES = frozenset({DocumentType.JPEG, DocumentType.PNG})


@attrs.frozen
class EmptyPhoto(Reason):
    """The photo has no content."""

    @property
    def message(self) -> str:
        return "photo: the file is empty; choose the picture (JPEG or PNG) again"

    @property
    def field(self) -> str | None:
        return "photo"


@attrs.frozen
class PhotoTooLarge(Reason):
    """The photo is over the size limit."""

    size: int
    limit: int = MAX_PHOTO_BYTES

    @property
    def message(self) -> str:
        return (
            f"photo: the picture is {self.size / _MEGABYTE:.1f} MB, over the "
            f"{self.limit // _MEGABYTE} MB limit; choose a smaller picture or shrink it first"
        )

    @property
    def field(self) -> str | None:
        return "photo"


@attrs.frozen
class UnsupportedPhotoType(Reason):
    """The content is not a JPEG or PNG picture, whatever the file is called.

    ``found`` is the accepted document type the content is (a PDF is a document, not a photo);
    ``named_like`` the type the file name suggests, as for ``UnsupportedFileType``.
    """

    found: DocumentType | None = None
    named_like: DocumentType | None = None

    @property
    def message(self) -> str:
        if self.found is not None:
            return (
                f"photo: the file is a {self.found.label}, not a picture; a pet's photo must be "
                "a JPEG or PNG"
            )
        if self.named_like is not None:
            label = self.named_like.label
            return (
                f"photo: the file is named like a {label}, but its content is not a {label}; "
                "choose a JPEG or PNG picture"
            )
        return "photo: only JPEG and PNG pictures can be a pet's photo; save it as one of those"

    @property
    def field(self) -> str | None:
        return "photo"


def check_photo(filename: str, content: bytes) -> DocumentType | tuple[Reason, ...]:
    """The sniffed type of an acceptable pet photo, or every reason it is refused.

    The type comes from the content (``sniff_document_type``), never from ``filename``, which
    is only checked like a document's (no path, no hidden characters) and used to explain a
    disguised file. An empty ``filename`` is allowed.
    """
    reasons: list[Reason] = []
    name = filename.strip()
    problem = filename_problem(name)
    if problem is not None:
        reasons.append(InvalidValue("filename", problem))
    size = len(content)
    found = sniff_document_type(content)
    if size == 0:
        reasons.append(EmptyPhoto())
    else:
        if size > MAX_PHOTO_BYTES:
            reasons.append(PhotoTooLarge(size))
        if found not in PHOTO_TYPES:
            named_like = _named_like(name) if problem is None else None
            reasons.append(UnsupportedPhotoType(found, named_like if found is None else None))
    if reasons or found is None:
        return tuple(reasons)
    return found
