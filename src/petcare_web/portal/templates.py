"""The portal's Jinja2 templates (shipped in the package, autoescaped) and HTML responses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import jinja2
from aiohttp import web

from petcare_core.domain.compliance import ImmunizationState

STATIC_PREFIX = "/static/portal"
# Bumped when portal.css changes, so that browsers holding the old file fetch the new one.
STYLESHEET = f"{STATIC_PREFIX}/portal.css?v=2"

STATE_LABELS = {
    ImmunizationState.VERIFIED: "Verified",
    ImmunizationState.EXPIRING_SOON: "Expiring soon",
    ImmunizationState.EXPIRED: "Expired",
    ImmunizationState.PENDING_REVIEW: "Pending review",
    ImmunizationState.REJECTED: "Rejected",
    ImmunizationState.MISSING: "Missing",
}


def long_date(value: date | None) -> str:
    """``4 March 2026``: day first, month in words, so no reader mistakes day for month."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def field_id(name: str) -> str:
    """The HTML id of the input named ``name`` (``custom.toy`` becomes ``f-custom-toy``)."""
    return "f-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def pairs(options: Iterable[str]) -> list[tuple[str, str]]:
    """Options whose value is also their label, for the ``select`` macro."""
    return [(option, option) for option in options]


def yes_no(value: object) -> str:
    """A stored boolean (``True``, ``"true"``) as Yes, No, or empty when unknown."""
    if value in (True, "true"):
        return "Yes"
    if value in (False, "false"):
        return "No"
    return ""


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("petcare_web.portal", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters["long_date"] = long_date
_ENVIRONMENT.filters["yes_no"] = yes_no
_ENVIRONMENT.globals["field_id"] = field_id
_ENVIRONMENT.globals["pairs"] = pairs
_ENVIRONMENT.globals["stylesheet"] = STYLESHEET
_ENVIRONMENT.globals["state_labels"] = STATE_LABELS


def render_template(name: str, context: Mapping[str, Any]) -> str:
    """The template ``name`` rendered with ``context``."""
    return _ENVIRONMENT.get_template(name).render(context)


def html_response(
    body: str, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """An HTML page that no cache keeps: portal pages carry personal data and CSRF tokens."""
    response = web.Response(text=body, status=status, content_type="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(headers or {})
    return response


def portal_error_page(status: int, title: str, message: str, request_id: str) -> str:
    """The error page in the portal's layout, for the application's error middleware."""
    return render_template(
        "error.html",
        {
            "status": status,
            "title": title,
            "message": message,
            "request_id": request_id,
            "visit": None,
            "page_title": f"{status} {title}",
        },
    )
