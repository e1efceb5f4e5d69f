"""``WebConfig`` refuses values the application cannot run with, naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from petcare_web.config import WebConfig


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"gingr_auth_error_status": 403}, "gingr_auth_error_status must be 200 or 401"),
        ({"gingr_input_error_status": 422}, "gingr_input_error_status must be 200 or 400"),
        ({"max_body_bytes": 10}, "max_body_bytes must be an integer from 1024"),
        ({"executor_threads": 0}, "executor_threads must be an integer from 1 to 1000"),
        ({"executor_threads": True}, "executor_threads must be an integer"),
    ],
)
def test_bad_values_are_refused(changes: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        WebConfig(**changes)


def test_defaults_keep_gingr_parity() -> None:
    config = WebConfig()
    assert (config.gingr_auth_error_status, config.gingr_permission_error_status) == (200, 200)
    assert WebConfig(gingr_auth_error_status=401).gingr_permission_error_status == 403
    assert config.max_body_bytes > 10 * 1024 * 1024
