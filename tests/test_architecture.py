"""The domain imports only the standard library and attrs (DESIGN §1), checked on the source."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[1] / "src" / "petcare_core" / "domain"
ALLOWED_THIRD_PARTY = {"attrs"}


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_modules_exist() -> None:
    assert len(list(DOMAIN.glob("*.py"))) > 5


def test_domain_imports_only_stdlib_attrs_and_itself() -> None:
    offenders: dict[str, set[str]] = {}
    for path in sorted(DOMAIN.glob("*.py")):
        foreign = {
            root
            for root in _imported_roots(path)
            if root not in sys.stdlib_module_names
            and root not in ALLOWED_THIRD_PARTY
            and root != "petcare_core"
        }
        if foreign:
            offenders[path.name] = foreign
    assert offenders == {}


def test_domain_imports_nothing_outside_the_domain_from_petcare() -> None:
    for path in sorted(DOMAIN.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.level == 0
                and node.module.startswith("petcare_core")
            ):
                assert node.module.startswith("petcare_core.domain"), (path.name, node.module)
