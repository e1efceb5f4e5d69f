"""The application shell: health check, error pages, request ids, security headers, pool."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from petcare_core.ports.errors import (
    ConcurrencyConflict,
    NotFound,
    PersistenceUnavailable,
    TenantViolation,
)
from petcare_core.services import PetcareServices
from petcare_web.app import create_app
from petcare_web.config import WebConfig
from petcare_web.errors import ApiError
from petcare_web.executor import run_use_case
from petcare_web.keys import EXECUTOR

pytestmark = pytest.mark.asyncio

FAILURES: dict[str, BaseException] = {
    "not-found": NotFound("Owner", 7),
    "conflict": ConcurrencyConflict("Owner", 7),
    "unavailable": PersistenceUnavailable("connection refused by db.internal:5432"),
    "tenant": TenantViolation("owner 7 of facility 2 written through facility 1"),
    "bug": ZeroDivisionError("secret internal detail"),
    "api-error": ApiError("name: this field is required", status=422, code="rejected"),
}


def _app(services: PetcareServices, config: WebConfig | None = None) -> web.Application:
    """The real application, plus routes that fail on purpose (under an API prefix and not)."""
    app = create_app(services, config or WebConfig())

    async def fail(request: web.Request) -> web.Response:
        def boom() -> None:
            raise FAILURES[request.match_info["what"]]

        await run_use_case(request, boom)
        return web.Response(text="unreachable")

    async def redirect(_: web.Request) -> web.Response:
        raise web.HTTPFound("/healthz")

    app.router.add_get("/api/test/{what}", fail)
    app.router.add_get("/page/{what}", fail)
    app.router.add_get("/page-redirect", redirect)
    return app


async def test_healthz_answers_json_with_the_security_headers(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    client: TestClient[Any, Any] = await aiohttp_client(_app(services))
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}
    headers = response.headers
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers


async def test_behind_tls_adds_strict_transport_security(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    client = await aiohttp_client(_app(services, WebConfig(behind_tls=True)))
    response = await client.get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_a_sane_request_id_is_echoed_and_a_missing_one_generated(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    client = await aiohttp_client(_app(services))
    echoed = await client.get("/healthz", headers={"X-Request-Id": "lb-1234.abc"})
    assert echoed.headers["X-Request-Id"] == "lb-1234.abc"
    generated = await client.get("/healthz", headers={"X-Request-Id": "bad id\twith spaces"})
    assert generated.headers["X-Request-Id"] != "bad id\twith spaces"
    assert len(generated.headers["X-Request-Id"]) == 16
    other = await client.get("/healthz")
    assert other.headers["X-Request-Id"] != generated.headers["X-Request-Id"]


@pytest.mark.parametrize(
    ("what", "status", "code"),
    [
        ("not-found", 404, "not_found"),
        ("conflict", 409, "conflict"),
        ("unavailable", 503, "unavailable"),
        ("tenant", 500, "internal_error"),
        ("bug", 500, "internal_error"),
        ("api-error", 422, "rejected"),
    ],
)
async def test_exceptions_become_json_errors_under_api_prefixes(
    aiohttp_client: Any,
    services: PetcareServices,
    caplog: pytest.LogCaptureFixture,
    what: str,
    status: int,
    code: str,
) -> None:
    client = await aiohttp_client(_app(services))
    with caplog.at_level(logging.INFO):
        response = await client.get(f"/api/test/{what}", headers={"X-Request-Id": "req-42"})
    assert response.status == status
    body = await response.json()
    assert body["success"] is False
    assert body["status"] == "error"
    assert body["code"] == code
    assert body["error"] == body["message"]
    assert body["request_id"] == "req-42"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    text = await response.text()
    # Internal details never reach the client.
    for secret in ("secret internal detail", "db.internal", "facility 2", "Traceback"):
        assert secret not in text
    if status == 500:
        assert "req-42" in body["message"]
        assert any("req-42" in record.getMessage() and record.exc_info for record in caplog.records)
    if status == 503:
        assert response.headers["Retry-After"] == "5"


async def test_errors_outside_the_apis_are_html_pages(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    client = await aiohttp_client(_app(services))
    response = await client.get("/page/bug", headers={"X-Request-Id": "req-7"})
    assert response.status == 500
    assert response.content_type == "text/html"
    page = await response.text()
    assert "<h1>Internal Server Error</h1>" in page
    assert "req-7" in page
    assert "secret internal detail" not in page
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")

    missing = await client.get("/no/such/page")
    assert missing.status == 404
    assert missing.content_type == "text/html"
    assert "check the URL" in await missing.text()


async def test_unknown_api_paths_and_methods_get_json_errors(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    client = await aiohttp_client(_app(services))
    missing = await client.get("/api/v1/no_such_endpoint")
    assert missing.status == 404
    assert (await missing.json())["code"] == "not_found"
    wrong_method = await client.delete("/api/v1/owners")
    assert wrong_method.status == 405
    assert "GET" in wrong_method.headers["Allow"]
    assert "DELETE" in (await wrong_method.json())["message"]


async def test_redirects_pass_through_with_headers(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    client = await aiohttp_client(_app(services))
    response = await client.get("/page-redirect", allow_redirects=False)
    assert response.status == 302
    assert response.headers["Location"] == "/healthz"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Request-Id"]


async def test_a_body_over_the_limit_is_refused_with_413(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    client = await aiohttp_client(_app(services, WebConfig(max_body_bytes=2048)))
    response = await client.post("/api/v1/owners", data={"key": "k", "x": "y" * 5000})
    assert response.status == 413
    assert (await response.json())["code"] == "request_entity_too_large"


async def test_the_access_log_has_id_status_and_duration_but_never_the_query(
    aiohttp_client: Any, services: PetcareServices, caplog: pytest.LogCaptureFixture
) -> None:
    client = await aiohttp_client(_app(services))
    with caplog.at_level(logging.INFO, logger="petcare.web.access"):
        await client.get("/api/v1/owners?key=0123456789abcdef", headers={"X-Request-Id": "r-9"})
    [line] = [r.getMessage() for r in caplog.records if r.name == "petcare.web.access"]
    assert "GET /api/v1/owners 200" in line
    assert "id=r-9" in line
    assert "ms" in line
    assert "0123456789abcdef" not in line


async def test_the_use_case_pool_is_bounded_and_shut_down_with_the_app(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    app = _app(services, WebConfig(executor_threads=3))
    client = await aiohttp_client(app)
    executor = app[EXECUTOR]
    assert executor._max_workers == 3
    await client.close()
    with pytest.raises(RuntimeError):
        executor.submit(print)
