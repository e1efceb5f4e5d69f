"""Contract of ``FileStore``: what any store of uploaded files must do.

Subclass it once per store and provide a ``file_store`` fixture returning a new, empty store
with the default size limit (``MAX_UPLOAD_BYTES``)::

    @pytest.fixture
    def file_store(tmp_path) -> FileStore:
        return LocalFileStore(tmp_path / "files")

    class TestLocalFileStore(FileStoreContract):
        pass
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petcare_core.domain.ids import FacilityId
from petcare_core.domain.uploads import MAX_UPLOAD_BYTES, DocumentType
from petcare_core.ports.errors import NotFound
from petcare_core.ports.files import FileStore, StoredFile

MINE, THEIRS = FacilityId(1), FacilityId(2)
PDF = b"%PDF-1.7\n" + bytes(range(256)) + b"\n%%EOF"
# Keys a client might try to pass off as one of ours.
HOSTILE_KEYS = (
    "",
    "/etc/passwd",
    "../../etc/passwd",
    "1/../../etc/passwd",
    "1/..",
    "1/",
    "1\\00000000000000000000000000000000.pdf",
    "1/00000000000000000000000000000000.pdf\x00.png",
    "01/00000000000000000000000000000000.pdf",
    "1/00000000000000000000000000000000.exe",
    "1/00000000000000000000000000000000.pdf/",
)


class FileStoreContract:
    """What every ``FileStore`` must do."""

    def test_each_document_type_reads_back_exactly(self, file_store: FileStore) -> None:
        for document_type in DocumentType:
            key = file_store.put(PDF, document_type.value, MINE)
            assert file_store.get(key, MINE) == StoredFile(PDF, document_type.value)

    def test_arbitrary_content_reads_back_exactly(self, file_store: FileStore) -> None:
        @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(content=st.binary(min_size=0, max_size=4096))
        def round_trip(content: bytes) -> None:
            key = file_store.put(content, DocumentType.PNG.value, MINE)
            assert file_store.get(key, MINE).content == content

        round_trip()

    def test_keys_are_new_every_time_and_plain(self, file_store: FileStore) -> None:
        keys = {file_store.put(PDF, DocumentType.PDF.value, MINE) for _ in range(20)}
        assert len(keys) == 20
        for key in keys:
            assert key.isascii()
            assert not key.startswith(("/", "\\"))
            assert ".." not in key
            assert "\\" not in key

    def test_a_file_is_only_found_through_its_own_facility(self, file_store: FileStore) -> None:
        key = file_store.put(PDF, DocumentType.PDF.value, MINE)
        with pytest.raises(NotFound):
            file_store.get(key, THEIRS)
        file_store.delete(key, THEIRS)
        assert file_store.get(key, MINE).content == PDF

    def test_unknown_and_hostile_keys_are_not_found(self, file_store: FileStore) -> None:
        key = file_store.put(PDF, DocumentType.PDF.value, MINE)
        unknown = key[:-8] + ("0" if key[-8] != "0" else "1") + key[-7:]
        for hostile in (*HOSTILE_KEYS, unknown, key.upper(), f"{key}.pdf"):
            with pytest.raises(NotFound):
                file_store.get(hostile, MINE)
            file_store.delete(hostile, MINE)
        assert file_store.get(key, MINE).content == PDF

    def test_delete_removes_the_file_and_may_be_repeated(self, file_store: FileStore) -> None:
        key = file_store.put(PDF, DocumentType.PDF.value, MINE)
        kept = file_store.put(PDF, DocumentType.PDF.value, MINE)
        file_store.delete(key, MINE)
        file_store.delete(key, MINE)
        with pytest.raises(NotFound):
            file_store.get(key, MINE)
        assert file_store.get(kept, MINE).content == PDF

    def test_unsupported_types_and_oversized_content_are_refused(
        self, file_store: FileStore
    ) -> None:
        for content_type in ("text/html", "application/x-sh", "", "image/svg+xml"):
            with pytest.raises(ValueError, match=r"."):
                file_store.put(PDF, content_type, MINE)
        with pytest.raises(ValueError, match="limit"):
            file_store.put(b"\x89PNG\r\n\x1a\n" + bytes(MAX_UPLOAD_BYTES), "image/png", MINE)
        largest = b"%PDF-" + bytes(MAX_UPLOAD_BYTES - 5)
        key = file_store.put(largest, DocumentType.PDF.value, MINE)
        assert len(file_store.get(key, MINE).content) == MAX_UPLOAD_BYTES

    def test_concurrent_puts_all_land(self, file_store: FileStore) -> None:
        keys: list[str] = []
        lock = threading.Lock()

        def put(index: int) -> None:
            key = file_store.put(PDF + str(index).encode(), DocumentType.PDF.value, MINE)
            with lock:
                keys.append(key)

        threads = [threading.Thread(target=put, args=(index,)) for index in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(keys)) == 16
        contents = {file_store.get(key, MINE).content for key in keys}
        assert contents == {PDF + str(index).encode() for index in range(16)}
