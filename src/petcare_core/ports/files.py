"""The port that stores uploaded files (vaccination records, later photos).

Keys are chosen by the store, never derived from anything a client sent (such as its file name),
and they carry the facility: ``get`` and ``delete`` only see keys of the facility they are given,
so one facility's files cannot be read through another's records.
"""

from __future__ import annotations

from typing import Protocol

import attrs

from petcare_core.domain.ids import FacilityId


@attrs.frozen
class StoredFile:
    """A file's content and its media type (as sniffed when it was stored)."""

    content: bytes = attrs.field(repr=lambda content: f"<{len(content)} bytes>")
    content_type: str


class FileStore(Protocol):
    """Keeps files by key.

    ``put`` accepts the media types of ``petcare_core.domain.uploads.DocumentType`` and content of
    at most ``petcare_core.domain.uploads.MAX_UPLOAD_BYTES``; it raises ``ValueError`` for
    anything else (the use cases check first, so that is a bug in the caller). Storage failures
    raise ``PersistenceUnavailable``.
    """

    def put(self, content: bytes, content_type: str, facility_id: FacilityId) -> str:
        """Store ``content`` for ``facility_id``; returns its new key. Complete or absent:
        a reader never sees half a file."""
        ...

    def get(self, key: str, facility_id: FacilityId) -> StoredFile:
        """The file; ``NotFound`` when there is none under ``key`` for ``facility_id`` (including
        a malformed key, or another facility's)."""
        ...

    def delete(self, key: str, facility_id: FacilityId) -> None:
        """Remove the file if it exists (deleting twice is not an error)."""
        ...
