"""``GET /healthz``: whether the process is up and serving requests (for load balancers)."""

from __future__ import annotations

from aiohttp import web

from petcare_web.errors import json_bytes

_OK = json_bytes({"status": "ok"})


async def healthz(_: web.Request) -> web.Response:
    """``{"status": "ok"}``. It does not touch the database, so a slow database does not get
    the process restarted; storage failures show as 503 answers on the real endpoints."""
    return web.Response(body=_OK, content_type="application/json")
