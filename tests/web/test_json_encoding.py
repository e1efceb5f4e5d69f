"""Every JSON answer is valid UTF-8, whatever text it echoes."""

from __future__ import annotations

import json

from petcare_web.errors import json_bytes


def test_ordinary_text_stays_readable_utf8() -> None:
    encoded = json_bytes({"name": "Zoë 🐾"})

    assert encoded == '{"name":"Zoë 🐾"}'.encode()


def test_a_lone_surrogate_is_escaped_instead_of_failing() -> None:
    encoded = json_bytes({"name": "bad \ud800 text"})

    assert json.loads(encoded.decode("utf-8")) == {"name": "bad \ud800 text"}
