"""A file store in a dictionary: the same promises as the local store, without a disk."""

from __future__ import annotations

import re
import secrets
import threading

from petcare_core.domain.ids import FacilityId
from petcare_core.domain.uploads import MAX_UPLOAD_BYTES, DocumentType
from petcare_core.ports.errors import NotFound
from petcare_core.ports.files import StoredFile

_KEY = re.compile(r"(?P<facility>[1-9][0-9]*)/(?P<name>[0-9a-f]{32})\.(?P<extension>[a-z]{3})")


class MemoryFileStore:
    """Keeps files in memory under random keys ``<facility_id>/<32 hex>.<extension>``."""

    def __init__(self, *, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
        """An empty store refusing content over ``max_bytes``."""
        self._lock = threading.Lock()
        self._files: dict[str, StoredFile] = {}
        self._max_bytes = max_bytes

    def put(self, content: bytes, content_type: str, facility_id: FacilityId) -> str:
        """Store ``content``; ``ValueError`` for an unsupported type or oversized content."""
        document_type = DocumentType(content_type)
        if len(content) > self._max_bytes:
            raise ValueError(f"the file is over the {self._max_bytes}-byte limit of this store")
        key = f"{int(facility_id)}/{secrets.token_hex(16)}.{document_type.extension}"
        with self._lock:
            self._files[key] = StoredFile(bytes(content), document_type.value)
        return key

    def get(self, key: str, facility_id: FacilityId) -> StoredFile:
        """The file under ``key`` of ``facility_id``, or ``NotFound``."""
        with self._lock:
            stored = self._files.get(key) if self._owned(key, facility_id) else None
        if stored is None:
            raise NotFound("file", key)
        return stored

    def delete(self, key: str, facility_id: FacilityId) -> None:
        """Remove the file if it exists."""
        if self._owned(key, facility_id):
            with self._lock:
                self._files.pop(key, None)

    def keys(self) -> list[str]:
        """Every stored key, sorted (to check in tests that nothing was left behind)."""
        with self._lock:
            return sorted(self._files)

    @staticmethod
    def _owned(key: str, facility_id: FacilityId) -> bool:
        match = _KEY.fullmatch(key)
        return match is not None and int(match["facility"]) == facility_id
