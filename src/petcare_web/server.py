"""Serving an application on a TCP port until SIGINT or SIGTERM, then shutting down cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from collections.abc import Callable

from aiohttp import web

# Requests still running at shutdown get this long to finish before they are cancelled.
SHUTDOWN_GRACE_SECONDS = 10.0


def base_url(host: str, port: int) -> str:
    """The URL of a server listening on ``host``:``port`` (IPv6 addresses in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


async def _serve(
    app: web.Application,
    host: str,
    port: int,
    on_ready: Callable[[str], None],
    reuse_port: bool,
) -> None:
    # The application's middleware writes the access log (with request ids); aiohttp's own
    # access logger would log every request twice, with the query string (and API keys).
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE_SECONDS)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, reuse_port=reuse_port or None)
        await site.start()
        # Everything built so far (modules, services, the application) lives as long as the
        # process: frozen, the garbage collector's full collections stop rescanning it, which
        # halves the cost of answering a large list (docs/performance.md).
        gc.freeze()
        on_ready(base_url(host, port))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        try:
            await stop.wait()
        finally:
            for number in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(number)
    finally:
        # Stops accepting, lets running requests finish, then runs the cleanup contexts.
        await runner.cleanup()


def serve(
    app: web.Application,
    host: str,
    port: int,
    on_ready: Callable[[str], None],
    *,
    reuse_port: bool = False,
) -> None:
    """Serve ``app`` on ``host``:``port`` until SIGINT or SIGTERM; ``on_ready(url)`` runs once
    it listens. ``reuse_port`` lets several processes listen on the same port (the kernel
    spreads connections over them). Once listening it calls ``gc.freeze()``: what exists by
    then lives as long as the process, and the collector stops rescanning it. ``OSError`` when
    the address cannot be bound (in use, not an address of this machine)."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(app, host, port, on_ready, reuse_port))
