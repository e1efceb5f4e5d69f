"""A body aiohttp cannot parse is the client's mistake: 400, never 500 (found by schemathesis)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web

from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_core.services import PetcareServices
from petcare_web.app import create_app
from petcare_web.config import WebConfig

pytestmark = pytest.mark.asyncio
BOUNDARY = "7c5156fb04a2177cf9e322ad31ebde44"


@pytest.fixture
def services() -> Iterator[PetcareServices]:
    built, close = build(Settings(database_url="memory://"))
    yield built
    close()


async def test_a_broken_multipart_part_is_answered_400(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    app = create_app(services, WebConfig())

    async def read_form(request: web.Request) -> web.Response:
        form = await request.post()
        return web.Response(text=str(len(form)))

    app.router.add_post("/api/test/form", read_form)
    client = await aiohttp_client(app)

    response = await client.post(
        "/api/test/form",
        data=f"--{BOUNDARY}\r\nNone--{BOUNDARY}--\r\n".encode(),
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )

    assert response.status == 400
    body = await response.json()
    assert body["code"] == "malformed_body"
    assert "malformed" in body["message"]
