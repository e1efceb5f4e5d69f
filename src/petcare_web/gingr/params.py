"""PHP's reading of request parameters: ``a[b][]=1`` becomes ``{"a": {"b": ["1"]}}``.

Gingr is a PHP application, so its clients send PHP bracket names (``params[zip]=80302``,
``params[reservationTypeIds][]=1``, ``type_ids[]=6``, ``reservation_dates[0][startDate]=...``).
``parse_pairs`` builds the same nested structure PHP builds for ``$_GET``/``$_POST``: later
values replace earlier ones, ``[]`` appends, and an array whose keys are ``0, 1, ... n-1`` in
order is a list (PHP's ``json_encode`` makes the same distinction).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# PHP's own defaults are 1000 variables (max_input_vars) and 64 levels; Gingr's parameters
# never nest beyond three, so a deeper name is a mistake or an attack.
MAX_PARAMETERS = 1000
MAX_DEPTH = 8

ParamValue = str | list["ParamValue"] | dict[str, "ParamValue"]
ParamTree = dict[str, ParamValue]
# While parsing, every array is a dict (PHP arrays are ordered maps); lists come at the end.
_Node = dict[str, "_Node | str"]


class ParameterError(ValueError):
    """A parameter name or the number of parameters cannot be accepted; the message says why."""


def split_name(name: str) -> tuple[str, list[str]]:
    """The base name and the bracket keys: ``a[b][]`` -> ``("a", ["b", ""])``.

    As in PHP, text after the last complete ``]`` is ignored, and a name whose first ``[`` is
    never closed is an ordinary name.
    """
    start = name.find("[")
    if start <= 0:
        return name, []
    keys: list[str] = []
    position = start
    while position < len(name) and name[position] == "[":
        close = name.find("]", position)
        if close == -1:
            break
        keys.append(name[position + 1 : close])
        position = close + 1
    if not keys:
        return name, []
    return name[:start], keys


_INDEX = re.compile(r"[0-9]{1,18}")


def _next_index(node: _Node) -> str:
    # ASCII digits only ("³".isdigit() is true but int() refuses it), and few enough of them
    # for int() (Python refuses to read numbers of more than 4,300 digits).
    indexes = [int(key) for key in node if _INDEX.fullmatch(key)]
    return str(max(indexes) + 1 if indexes else 0)


def _assign(tree: _Node, base: str, keys: list[str], value: str) -> None:
    node = tree
    key = base
    for child_key in keys:
        child = node.get(key)
        if not isinstance(child, dict):
            # PHP replaces a scalar by an array when a later name indexes into it.
            child = {}
            node[key] = child
        node = child
        key = child_key if child_key != "" else _next_index(node)
    node[key] = value


def _finish(node: _Node | str) -> ParamValue:
    if isinstance(node, str):
        return node
    values = {key: _finish(child) for key, child in node.items()}
    if list(values) == [str(index) for index in range(len(values))]:
        return list(values.values())
    return values


def parse_pairs(pairs: Iterable[tuple[str, str]]) -> ParamTree:
    """The nested parameters of ``pairs`` (name, value), read as PHP reads them.

    Raises ``ParameterError`` for more than ``MAX_PARAMETERS`` pairs or a name nested deeper
    than ``MAX_DEPTH`` levels. Names that PHP drops (empty, or starting with ``[``) are dropped.
    """
    tree: _Node = {}
    for count, (name, value) in enumerate(pairs, start=1):
        if count > MAX_PARAMETERS:
            raise ParameterError(
                f"too many parameters: at most {MAX_PARAMETERS} are accepted in one request"
            )
        base, keys = split_name(name.lstrip(" "))
        if not base or base.startswith("["):
            continue
        if len(keys) > MAX_DEPTH:
            raise ParameterError(
                f"{name[:80]!r} is nested {len(keys)} levels deep; at most {MAX_DEPTH} are accepted"
            )
        _assign(tree, base, keys, value)
    return {key: _finish(child) for key, child in tree.items()}
