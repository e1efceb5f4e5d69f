"""Uploaded files in a directory of the server: ``<root>/<facility_id>/<random>.<extension>``."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from pathlib import Path

from petcare_core.domain.ids import FacilityId
from petcare_core.domain.uploads import MAX_UPLOAD_BYTES, DocumentType
from petcare_core.ports.errors import NotFound, PersistenceUnavailable
from petcare_core.ports.files import StoredFile

# A key is the only thing read back from outside, so it is matched whole before it is turned
# into a path: digits, a slash, 32 hex digits and a known extension cannot name anything but a
# file of ours.
_KEY = re.compile(r"(?P<facility>[1-9][0-9]{0,18})/(?P<name>[0-9a-f]{32}\.(?P<extension>[a-z]{3}))")
_TYPE_OF_EXTENSION = {document_type.extension: document_type for document_type in DocumentType}


class LocalFileStore:
    """Keeps files under ``root``, one directory per facility, with random names.

    Writes are atomic (a temporary file in the same directory, flushed to disk, then renamed),
    so a reader never sees half a file and a crash leaves at most a ``.incoming-*`` leftover.
    Directories are created on first use, readable by the server's user only.
    """

    def __init__(self, root: str | os.PathLike[str], *, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
        """A store under ``root`` refusing content over ``max_bytes``."""
        self._root = Path(root).absolute()
        self._max_bytes = max_bytes

    @property
    def root(self) -> Path:
        """The directory the files are kept in."""
        return self._root

    def put(self, content: bytes, content_type: str, facility_id: FacilityId) -> str:
        """Store ``content``; ``ValueError`` for an unsupported type, oversized content or an
        invalid facility id; ``PersistenceUnavailable`` when the disk refuses."""
        document_type = DocumentType(content_type)
        if len(content) > self._max_bytes:
            raise ValueError(f"the file is over the {self._max_bytes}-byte limit of this store")
        if isinstance(facility_id, bool) or int(facility_id) < 1:
            raise ValueError(f"not a facility id: {facility_id!r}")
        name = f"{secrets.token_hex(16)}.{document_type.extension}"
        directory = self._root / str(int(facility_id))
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._write(directory, name, content)
        except OSError as error:
            raise PersistenceUnavailable(
                f"could not store a file under {directory}: {error}"
            ) from error
        return f"{int(facility_id)}/{name}"

    @staticmethod
    def _write(directory: Path, name: str, content: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, directory / name)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        # The rename itself is durable only once the directory is flushed too.
        directory_handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(directory_handle)
        finally:
            os.close(directory_handle)

    def _path(self, key: str, facility_id: FacilityId) -> tuple[Path, DocumentType]:
        match = _KEY.fullmatch(key) if isinstance(key, str) else None
        if match is None or int(match["facility"]) != facility_id:
            raise NotFound("file", key)
        document_type = _TYPE_OF_EXTENSION.get(match["extension"])
        if document_type is None:
            raise NotFound("file", key)
        return self._root / match["facility"] / match["name"], document_type

    def get(self, key: str, facility_id: FacilityId) -> StoredFile:
        """The file under ``key`` of ``facility_id``; ``NotFound`` otherwise."""
        path, document_type = self._path(key, facility_id)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise NotFound("file", key) from None
        except OSError as error:
            raise PersistenceUnavailable(f"could not read the file {key}: {error}") from error
        return StoredFile(content, document_type.value)

    def delete(self, key: str, facility_id: FacilityId) -> None:
        """Remove the file if it exists; a key that is not one of the facility's does nothing."""
        try:
            path, _ = self._path(key, facility_id)
        except NotFound:
            return
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise PersistenceUnavailable(f"could not delete the file {key}: {error}") from error
