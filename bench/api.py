"""Gingr API benchmark: the web layer's cost over a bare server and over a raw driver.

    python bench/api.py [--owners 10000] [--animals 15000] [--servers 1] [--connections 16]
                        [--seconds 5] [--repeat 3] [--gingr-cache-seconds 1]
                        [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]

For SQLite (a temporary file) and PostgreSQL (a database created for the run and dropped after
it; only with --postgres-url or PETCARE_TEST_POSTGRES_URL), it stores one facility with the given
numbers of owners and animals (as bench/storage.py does), issues an API key, then measures:

- owner: requests per second of ``GET /api/v1/owner?id=`` served by ``create_app`` against a
  bare aiohttp handler answering the same bytes, each in ``--servers`` processes, driven by a
  keep-alive load generator in another process with ``--connections`` connections, the two
  measured alternately, best of ``--repeat`` runs of ``--seconds``. Target: >= 0.35. The
  server keeps Gingr answers as ``petcare serve`` does by default (``--gingr-cache-seconds``;
  0 measures every request reaching the database).
- owners: the time of ``POST /api/v1/owners`` (every owner, 10,000 by default) through HTTP
  against a raw driver fetch of the same owner and animal rows plus encoding the same JSON
  (owner rows with their animal names), best of ``--repeat``. Target: <= 2.0x.

Times on shared machines are noisy: read the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import os
import re
import socket
import sqlite3
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
from aiohttp import web

from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_adapters.sqlalchemy import open_storage
from petcare_core.domain.staff import Permission, StaffRole
from petcare_core.services import OPERATOR, NewStaffUser
from petcare_web.app import create_app
from petcare_web.config import WebConfig
from petcare_web.server import serve
from storage import ANIMALS_SQL, OWNERS_SQL, bench_database, build_dataset, machine, save

HOST = "127.0.0.1"
_CONTENT_LENGTH = re.compile(rb"content-length:\s*(\d+)", re.IGNORECASE)
SPAWN = multiprocessing.get_context("spawn")


@attrs.frozen
class Figures:
    """One storage's measurements."""

    name: str
    petcare_rps: float
    bare_rps: float
    owners_seconds: float
    raw_seconds: float
    owners: int


# Servers (each runs in a process of its own)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _run(app: web.Application, port: int) -> None:
    # The runner of `petcare serve`, for both servers; reuse_port lets several processes share
    # one port.
    serve(app, HOST, port, lambda _: None, reuse_port=True)


def serve_petcare(url: str, threads: int, cache_seconds: float, port: int) -> None:
    """Process target: ``create_app`` over the storage at ``url``, as ``petcare serve`` builds
    it (a connection pool as large as the use-case pool, the Gingr answer cache on for
    ``cache_seconds``: by default as long as ``petcare serve`` keeps answers)."""
    services, close = build(Settings(database_url=url, database_pool_size=threads))
    config = WebConfig(executor_threads=threads, gingr_cache_seconds=cache_seconds)
    try:
        _run(create_app(services, config), port)
    finally:
        close()


def serve_bare(body: bytes, port: int) -> None:
    """Process target: one aiohttp handler answering ``body`` to every GET."""

    async def answer(_: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/{tail:.*}", answer)
    _run(app, port)


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def start(target: Callable[..., None], args: tuple[Any, ...], servers: int) -> list[Any]:
    """``servers`` processes running ``target(*args)``, once they accept connections."""
    processes = [SPAWN.Process(target=target, args=args, daemon=True) for _ in range(servers)]
    for process in processes:
        process.start()
    _wait_until_up(args[-1])
    return processes


def stop(processes: list[Any]) -> None:
    """Terminate the server processes and wait for them."""
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=30)


# The load generator: keep-alive connections, one request in flight each, minimal parsing.


class _Connection(asyncio.Protocol):
    def __init__(self, request: bytes, deadline: float, finished: asyncio.Future[None]) -> None:
        self.request = request
        self.deadline = deadline
        self.finished = finished
        self.buffer = bytearray()
        self.completed = 0
        self.failed = 0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            length = _CONTENT_LENGTH.search(self.buffer, 0, end)
            total = end + 4 + (int(length[1]) if length else 0)
            if len(self.buffer) < total:
                return
            if self.buffer[9:12] == b"200":
                self.completed += 1
            else:
                self.failed += 1
            del self.buffer[:total]
            assert self.transport is not None
            if time.monotonic() < self.deadline:
                self.transport.write(self.request)
            else:
                self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.finished.done():
            self.finished.set_result(None)


async def _load(port: int, path: str, connections: int, seconds: float) -> tuple[int, int]:
    loop = asyncio.get_running_loop()
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()
    deadline = time.monotonic() + seconds
    protocols = []
    for _ in range(connections):
        finished: asyncio.Future[None] = loop.create_future()
        _, protocol = await loop.create_connection(
            lambda done=finished: _Connection(request, deadline, done), HOST, port
        )
        protocols.append(protocol)
    await asyncio.gather(*(protocol.finished for protocol in protocols))
    return sum(p.completed for p in protocols), sum(p.failed for p in protocols)


def load(port: int, path: str, connections: int, seconds: float) -> float:
    """Process target: successful requests per second of ``GET path`` for ``seconds``."""
    started = time.monotonic()
    completed, failed = asyncio.run(_load(port, path, connections, seconds))
    if failed:
        raise RuntimeError(f"{failed} requests to {path} did not answer 200")
    return completed / (time.monotonic() - started)


# Measurements


def _get(url: str, data: bytes | None = None) -> bytes:
    with urllib.request.urlopen(url, data=data, timeout=120) as response:
        body: bytes = response.read()
        return body


def _timed(run: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def throughput(
    args: argparse.Namespace, pool: ProcessPoolExecutor, url: str, key: str, owner_id: int
) -> tuple[float, float, float]:
    """Requests per second of petcare and of bare (best of ``--repeat``), and the best time of
    ``POST /api/v1/owners``."""
    path = f"/api/v1/owner?key={key}&id={owner_id}"
    petcare_port, bare_port = _free_port(), _free_port()
    server_args = (url, args.threads, args.gingr_cache_seconds, petcare_port)
    petcare = start(serve_petcare, server_args, args.servers)
    try:
        body = _get(f"http://{HOST}:{petcare_port}{path}")
        if not json.loads(body)["success"]:
            raise RuntimeError(f"the owner endpoint refused the benchmark request: {body[:300]!r}")
        bare = start(serve_bare, (body, bare_port), args.servers)
        try:
            if _get(f"http://{HOST}:{bare_port}{path}") != body:
                raise RuntimeError("the bare server does not answer the same bytes")
            # Warm both up (connections, caches, the use-case threads).
            for port in (petcare_port, bare_port):
                pool.submit(load, port, path, args.connections, 1.0).result()
            petcare_runs, bare_runs = [], []
            for _ in range(args.repeat):
                for port, runs in ((petcare_port, petcare_runs), (bare_port, bare_runs)):
                    runs.append(
                        pool.submit(load, port, path, args.connections, args.seconds).result()
                    )
        finally:
            stop(bare)
        owners_url = f"http://{HOST}:{petcare_port}/api/v1/owners"
        form = f"key={key}".encode()
        owners = json.loads(_get(owners_url, form))
        if not owners["success"] or len(owners["data"]) != args.owners:
            raise RuntimeError("POST /api/v1/owners did not answer every owner")
        owners_time = min(_timed(lambda: _get(owners_url, form)) for _ in range(args.repeat))
    finally:
        stop(petcare)
    return max(petcare_runs), max(bare_runs), owners_time


def raw_owners_json(owner_rows: list[tuple[Any, ...]], animal_rows: list[tuple[Any, ...]]) -> bytes:
    """The baseline's work after the fetch: owner rows with their animal names, as JSON."""
    names: dict[Any, list[str]] = {}
    owner_index = ANIMAL_NAMES.index("owner_id")
    name_index = ANIMAL_NAMES.index("name")
    for animal in animal_rows:
        names.setdefault(animal[owner_index], []).append(animal[name_index])
    rows = []
    for owner in owner_rows:
        row = {
            column: None if value is None else str(value)
            for column, value in zip(OWNER_NAMES, owner, strict=True)
        }
        row["animal_names"] = ", ".join(names.get(owner[0], ()))
        rows.append(row)
    payload = {"success": True, "error": False, "data": rows}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _names(sql: str) -> list[str]:
    return [name.strip() for name in sql.split("SELECT ", 1)[1].split(" FROM ", 1)[0].split(",")]


OWNER_NAMES = _names(OWNERS_SQL)
ANIMAL_NAMES = _names(ANIMALS_SQL)


def prepare(url: str, args: argparse.Namespace) -> tuple[int, str, int]:
    """Store the dataset at ``url`` (migrated first); the facility id, an API key and the id of
    the owner the throughput test asks for."""
    storage = open_storage(url)
    try:
        storage.upgrade()
        data = build_dataset(storage.uow_factory, args.owners, args.animals)
        save(storage.uow_factory, data)
    finally:
        storage.close()
    services, close = build(Settings(database_url=url))
    try:
        fid = data.facility.id
        command = NewStaffUser(
            "bench", "Ben", "Chmark", StaffRole.EMPLOYEE,
            permissions={Permission.API_ACCESS, Permission.OWNERS_READ},
        )  # fmt: skip
        user = services.create_staff_user(fid, OPERATOR, command).unwrap()
        key = services.create_api_key(fid, user.id, "bench", actor=OPERATOR).unwrap().plain_key
    finally:
        close()
    return fid, key, data.owners[len(data.owners) // 2].id


def leg(
    name: str,
    url: str,
    raw_fetch: Callable[[int], tuple[list[Any], list[Any]]],
    args: argparse.Namespace,
    pool: ProcessPoolExecutor,
) -> Figures:
    """Both measurements on the storage at ``url``."""
    fid, key, owner_id = prepare(url, args)
    petcare_rps, bare_rps, owners_seconds = throughput(args, pool, url, key, owner_id)

    def raw() -> bytes:
        return raw_owners_json(*raw_fetch(fid))

    if len(json.loads(raw())["data"]) != args.owners:
        raise RuntimeError(f"{name}: the raw query returned a different number of owners")
    raw_seconds = min(_timed(raw) for _ in range(args.repeat))
    return Figures(name, petcare_rps, bare_rps, owners_seconds, raw_seconds, args.owners)


def sqlite_leg(args: argparse.Namespace, pool: ProcessPoolExecutor, directory: Path) -> Figures:
    """SQLite in a temporary file, against the stdlib sqlite3 driver."""
    path = directory / "bench-api.db"
    connection = None

    def fetch(fid: int) -> tuple[list[Any], list[Any]]:
        nonlocal connection
        connection = connection or sqlite3.connect(path)
        owners_sql, animals_sql = (sql.replace("%s", "?") for sql in (OWNERS_SQL, ANIMALS_SQL))
        return (
            connection.execute(owners_sql, (fid,)).fetchall(),
            connection.execute(animals_sql, (fid,)).fetchall(),
        )

    try:
        return leg("sqlite", f"sqlite:///{path}", fetch, args, pool)
    finally:
        if connection is not None:
            connection.close()


def postgresql_leg(args: argparse.Namespace, pool: ProcessPoolExecutor, admin_url: str) -> Figures:
    """PostgreSQL in a database of its own, against a psycopg cursor."""
    import psycopg

    with bench_database(admin_url) as url, psycopg.connect(url) as connection:

        def fetch(fid: int) -> tuple[list[Any], list[Any]]:
            with connection.cursor() as cursor:
                owners = cursor.execute(OWNERS_SQL, (fid,)).fetchall()
                animals = cursor.execute(ANIMALS_SQL, (fid,)).fetchall()
            connection.rollback()  # end the transaction, as a unit of work does
            return owners, animals

        return leg("postgresql", url, fetch, args, pool)


def report(args: argparse.Namespace, results: list[Figures]) -> None:
    """Print the figures and the verdicts."""
    print(f"machine: {machine()}")
    print(
        f"{args.owners:,} owners, {args.animals:,} animals; {args.servers} server process(es) "
        f"each ({args.threads} use-case threads); {args.connections} connections; "
        f"best of {args.repeat} x {args.seconds:g} s; Gingr answer cache "
        f"{f'{args.gingr_cache_seconds:g} s' if args.gingr_cache_seconds else 'off'}"
    )
    print(
        f"{'storage':<11} {'owner req/s':>12} {'bare req/s':>11} {'ratio':>6}   "
        f"{'owners ms':>10} {'raw ms':>8} {'ratio':>6}"
    )
    for item in results:
        print(
            f"{item.name:<11} {item.petcare_rps:12,.0f} {item.bare_rps:11,.0f} "
            f"{item.petcare_rps / item.bare_rps:6.2f}   {item.owners_seconds * 1000:10.1f} "
            f"{item.raw_seconds * 1000:8.1f} {item.owners_seconds / item.raw_seconds:6.2f}"
        )
    for item in results:
        throughput_ratio = item.petcare_rps / item.bare_rps
        owners_ratio = item.owners_seconds / item.raw_seconds
        first = "ok" if throughput_ratio >= 0.35 else "BELOW the 0.35 target"
        second = "ok" if owners_ratio <= 2.0 else "ABOVE the 2.0 target"
        print(f"{item.name}: owner req/s / bare = {throughput_ratio:.2f} ({first}); "
              f"owners / raw = {owners_ratio:.2f} ({second})")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    """Run each leg and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--owners", type=int, default=10_000)
    parser.add_argument("--animals", type=int, default=15_000)
    parser.add_argument("--servers", type=int, default=1, help="server processes per server")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--threads", type=int, default=5, help="use-case threads (and connections) per server"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one load run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (best is kept)")
    parser.add_argument("--postgres-url", default=os.environ.get("PETCARE_TEST_POSTGRES_URL"))
    parser.add_argument(
        "--gingr-cache-seconds",
        type=float,
        default=Settings().gingr_cache_seconds,
        help="how long the server reuses a Gingr answer (default: as petcare serve; 0: off)",
    )
    args = parser.parse_args(argv)
    if args.animals < args.owners:
        parser.error("--animals must be at least --owners (every owner gets an animal)")
    results = []
    with ProcessPoolExecutor(max_workers=1, mp_context=SPAWN) as pool:
        with tempfile.TemporaryDirectory() as directory:
            results.append(sqlite_leg(args, pool, Path(directory)))
        if args.postgres_url:
            results.append(postgresql_leg(args, pool, args.postgres_url))
        else:
            print("PostgreSQL leg skipped: pass --postgres-url or set PETCARE_TEST_POSTGRES_URL")
    report(args, results)


if __name__ == "__main__":
    sys.exit(main())
