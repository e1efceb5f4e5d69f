"""The facade exposes every use case, and the services layer keeps to its allowed imports."""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path
from types import ModuleType

import pytest

from petcare_adapters.memory import MemoryFileStore, MemoryNotifier, MemoryUnitOfWorkFactory
from petcare_adapters.system import (
    Argon2PasswordHasher,
    LibPhoneNumberNormalizer,
    SecureSecretGenerator,
    SystemClock,
)
from petcare_core.services import (
    PetcareServices,
    animals,
    api_keys,
    catalog,
    documents,
    facilities,
    immunizations,
    leads,
    owners,
    password_resets,
    portal_accounts,
    staff,
)

USE_CASE_MODULES = (
    animals,
    api_keys,
    catalog,
    documents,
    facilities,
    immunizations,
    leads,
    owners,
    password_resets,
    portal_accounts,
    staff,
)
# Facade names that differ from their function's (the domain rule has the function's name).
RENAMED = {"animal_immunization_status": "immunization_status"}
SERVICES = Path(facilities.__file__).parent


def _use_cases(module: ModuleType) -> list[str]:
    return [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and list(inspect.signature(function).parameters)[:1] == ["ctx"]
    ]


@pytest.mark.parametrize("module", USE_CASE_MODULES, ids=lambda module: module.__name__)
def test_every_use_case_is_a_facade_method_with_the_same_parameters(module: ModuleType) -> None:
    use_cases = _use_cases(module)

    assert use_cases
    for name in use_cases:
        method = getattr(PetcareServices, RENAMED.get(name, name))
        function_parameters = list(inspect.signature(getattr(module, name)).parameters)[1:]
        method_parameters = list(inspect.signature(method).parameters)[1:]
        assert method_parameters == function_parameters, name


def test_the_facade_keeps_the_adapters_it_was_given() -> None:
    factory = MemoryUnitOfWorkFactory()
    clock = SystemClock()
    notifier = MemoryNotifier()
    files = MemoryFileStore()

    services = PetcareServices(
        factory,
        clock,
        Argon2PasswordHasher(),
        SecureSecretGenerator(),
        LibPhoneNumberNormalizer(),
        notifier=notifier,
        files=files,
    )

    assert services.uow_factory is factory
    assert services.clock is clock
    assert services.notifier is notifier
    assert services.files is files
    other_clock, quiet = SystemClock(), MemoryNotifier()
    moved = services.with_clock(other_clock, notifier=quiet)
    assert (moved.uow_factory, moved.clock, moved.notifier, moved.files) == (
        factory,
        other_clock,
        quiet,
        files,
    )
    assert services.with_clock(other_clock).notifier is notifier


def test_services_import_only_the_allowed_packages() -> None:
    allowed = {"petcare_core", "attrs", "returns"}
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = {node.module.split(".")[0]}
                if node.module.startswith("returns"):
                    assert node.module == "returns.result", path.name
                    assert {alias.name for alias in node.names} <= {"Result", "Success", "Failure"}
                if node.module.startswith("petcare_core."):
                    assert node.module.split(".")[1] in {"domain", "ports", "services"}
            else:
                continue
            foreign = {
                root
                for root in roots
                if root not in sys.stdlib_module_names and root not in allowed
            }
            assert not foreign, (path.name, foreign)
