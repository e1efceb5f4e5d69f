"""The Python examples in docs/ run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _blocks(name: str) -> list[str]:
    blocks = BLOCK.findall((DOCS / name).read_text(encoding="utf-8"))
    assert blocks, f"{name} has no python example"
    return blocks


def test_the_embedding_example_runs_and_reports_the_missing_vaccine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    namespace: dict[str, object] = {"__name__": "docs_embedding"}
    for block in _blocks("embedding.md"):
        exec(compile(block, str(DOCS / "embedding.md"), "exec"), namespace)
    assert "Rabies" in capsys.readouterr().out


def test_the_adapter_certification_module_passes(tmp_path: Path) -> None:
    [module] = _blocks("adapters.md")
    (tmp_path / "test_my_adapter.py").write_text(module, encoding="utf-8")

    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert re.search(r"\d+ passed", completed.stdout)
    assert "failed" not in completed.stdout


def test_the_import_example_imports_two_stays_and_refuses_an_overbooked_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    namespace: dict[str, object] = {"__name__": "docs_importing"}
    for block in _blocks("importing-reservations.md"):
        exec(compile(block, str(DOCS / "importing-reservations.md"), "exec"), namespace)
    out = capsys.readouterr().out
    assert "['checked_out', 'confirmed']" in out
    assert "reservations[0]: Runs has no room for 1 more on" in out
