"""The bounded thread pool that runs the (synchronous) use cases, and ``run_use_case``.

The core is synchronous (ADR 0001); a handler must never call it on the event loop, where one
slow query would stall every other request. The pool is as large as ``executor_threads``, which
``petcare serve`` sizes to the database connection pool, so threads never queue for connections.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar, TypeVarTuple

from aiohttp import web

from petcare_core.ports.errors import ConcurrencyConflict
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


# Attempts of a use case that lost a race, and the longest pause before the last one.
CONFLICT_ATTEMPTS = 5
CONFLICT_PAUSE_SECONDS = 0.05


async def run_use_case(request: web.Request, fn: Callable[[*Ts], T], *args: *Ts) -> T:
    """``fn(*args)`` run in the use-case pool; its result, or its exception re-raised here.

    A use case that raises ``ConcurrencyConflict`` is run again (at most five attempts in
    all, after a short random pause): every use case reads what it changes inside its own unit
    of work and commits all or nothing, and sends messages only after committing, so a second
    run starts from the state that won the race and repeats nothing. This is what keeps two
    parents saving at the same moment on the embedded SQLite database (one writer at a time)
    from seeing an error. A conflict that persists is raised (the error middleware answers 409).

    Use ``functools.partial`` for keyword arguments.
    """
    loop = asyncio.get_running_loop()
    executor = request.config_dict[EXECUTOR]
    for attempt in range(1, CONFLICT_ATTEMPTS + 1):
        try:
            return await loop.run_in_executor(executor, fn, *args)
        except ConcurrencyConflict:
            if attempt == CONFLICT_ATTEMPTS:
                raise
            # Jitter, so that the racers do not collide again in lock-step.
            await asyncio.sleep(random.uniform(0, CONFLICT_PAUSE_SECONDS * attempt))  # noqa: S311
    raise AssertionError("unreachable")  # pragma: no cover
