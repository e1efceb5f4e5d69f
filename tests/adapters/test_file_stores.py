"""The file stores: the FileStore contract on disk and in memory, and the local store's layout."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from petcare_adapters.files import LocalFileStore
from petcare_adapters.memory import MemoryFileStore
from petcare_core.domain.ids import FacilityId
from petcare_core.ports.errors import NotFound, PersistenceUnavailable
from petcare_core.ports.files import FileStore
from petcare_core.testing.contracts import FileStoreContract

PDF = b"%PDF-1.4\n1 0 obj\n"


class TestLocalFileStore(FileStoreContract):
    """``FileStoreContract`` on the local file system."""

    @pytest.fixture
    def file_store(self, tmp_path: Path) -> FileStore:
        return LocalFileStore(tmp_path / "files")


class TestMemoryFileStore(FileStoreContract):
    """``FileStoreContract`` in memory."""

    @pytest.fixture
    def file_store(self) -> FileStore:
        return MemoryFileStore()


def test_files_live_under_the_facility_directory_with_random_names(tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path / "files")

    key = store.put(PDF, "application/pdf", FacilityId(42))

    facility_directory = tmp_path / "files" / "42"
    [stored] = list(facility_directory.iterdir())
    assert key == f"42/{stored.name}"
    assert stored.read_bytes() == PDF
    assert stored.suffix == ".pdf"
    assert len(stored.stem) == 32
    # Readable by the server's user only.
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(facility_directory.stat().st_mode) == 0o700


def test_the_root_is_created_on_first_use(tmp_path: Path) -> None:
    root = tmp_path / "deep" / "files"
    store = LocalFileStore(root)
    assert not root.exists()

    store.put(PDF, "application/pdf", FacilityId(1))

    assert root.is_dir()
    assert store.root == root


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalFileStore(tmp_path)

    def full_disk(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(PersistenceUnavailable, match="No space left"):
        store.put(PDF, "application/pdf", FacilityId(1))

    assert list((tmp_path / "1").iterdir()) == []


def test_a_key_cannot_reach_outside_the_root(tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(PDF)
    store = LocalFileStore(tmp_path / "files")
    store.put(PDF, "application/pdf", FacilityId(1))

    for key in ("../secret.pdf", "1/../../secret.pdf", str(secret), "1/" + "../" * 3 + "secret"):
        with pytest.raises(NotFound):
            store.get(key, FacilityId(1))
        store.delete(key, FacilityId(1))

    assert secret.read_bytes() == PDF


def test_a_file_removed_behind_the_stores_back_is_not_found(tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path)
    key = store.put(PDF, "application/pdf", FacilityId(3))
    (tmp_path / key).unlink()

    with pytest.raises(NotFound):
        store.get(key, FacilityId(3))


@pytest.mark.parametrize("facility_id", [0, -1, True])
def test_an_invalid_facility_id_is_refused(tmp_path: Path, facility_id: int) -> None:
    store = LocalFileStore(tmp_path)
    with pytest.raises(ValueError, match="facility"):
        store.put(PDF, "application/pdf", FacilityId(facility_id))
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_root_is_persistence_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    store = LocalFileStore(blocker / "files")

    with pytest.raises(PersistenceUnavailable):
        store.put(PDF, "application/pdf", FacilityId(1))


def test_memory_store_lists_its_keys() -> None:
    store = MemoryFileStore()
    first = store.put(PDF, "application/pdf", FacilityId(1))
    second = store.put(PDF, "image/png", FacilityId(2))

    assert store.keys() == sorted([first, second])
    store.delete(first, FacilityId(1))
    assert store.keys() == [second]
