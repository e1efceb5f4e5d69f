"""The bounded thread pool that runs the (synchronous) use cases, and ``run_use_case``.

The core is synchronous (ADR 0001); a handler must never call it on the event loop, where one
slow query would stall every other request. The pool is as large as ``executor_threads``, which
``petcare serve`` sizes to the database connection pool, so threads never queue for connections.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar, TypeVarTuple

from aiohttp import web

from petcare_web.keys import CONFIG, EXECUTOR

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


async def executor_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: start the pool on start-up, and on shutdown wait for running use cases
    (so that no transaction is cut off) while dropping queued ones."""
    executor = ThreadPoolExecutor(
        max_workers=app[CONFIG].executor_threads, thread_name_prefix="petcare-use-case"
    )
    app[EXECUTOR] = executor
    try:
        yield
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


async def run_use_case(request: web.Request, fn: Callable[[*Ts], T], *args: *Ts) -> T:
    """``fn(*args)`` run in the use-case pool; its result, or its exception re-raised here.

    Use ``functools.partial`` for keyword arguments.
    """
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.config_dict[EXECUTOR], fn, *args)
