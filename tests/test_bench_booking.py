"""bench/booking.py works: its legs run at a tiny size and its data is what it says.

No time is asserted: the figures of a run this small mean nothing, and CI machines vary.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_core.domain.capacity import demand, occupied_days
from petcare_core.domain.reservation import ReservationStatus

BENCH = Path(__file__).resolve().parents[1] / "bench"
TINY = [
    "--owners", "20", "--animals", "40", "--small", "10", "--large", "40", "--per-day", "5",
    "--window", "3", "--evaluations", "3", "--repeat", "1",
    "--servers", "2", "--threads", "1", "--clients", "2", "--book-seconds", "1",
]  # fmt: skip
S = ReservationStatus


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    """``bench/booking.py`` as a module (bench/ on the path, as when run as a script; the
    server processes it spawns inherit the path)."""
    sys.path.insert(0, str(BENCH))
    try:
        import booking

        yield booking
    finally:
        sys.path.remove(str(BENCH))


def _args(bench: ModuleType, *extra: str) -> Any:
    return bench.parser().parse_args([*TINY, *extra])


def test_the_sqlite_leg_measures_every_figure(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _args(bench)

    figures = bench.sqlite_leg(args, tmp_path)
    bench.report(args, [figures])

    assert figures.name == "sqlite"
    assert figures.small_seconds > 0
    assert figures.large_seconds > 0
    # 3 days of 5 starts, and the longer stays that started before and were still running.
    assert figures.listed >= 15
    assert figures.list_seconds > 0
    assert figures.raw_seconds > 0
    assert figures.throughput is None
    out = capsys.readouterr().out
    assert "sqlite: evaluation large / small = " in out
    assert "list / raw = " in out


def test_the_history_is_over_and_the_ledger_counts_the_upcoming_stays(
    bench: ModuleType, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'data.db'}"
    args = _args(bench)

    prepared = bench.prepare(url, args)

    services, close = build(Settings(database_url=url))
    try:
        now = datetime.now(UTC)
        for shop, past in ((prepared.small, args.small), (prepared.large, args.large)):
            with services.uow_factory.for_facility(shop.facility_id) as uow:
                reservations = uow.reservations.list()
                upcoming = [r for r in reservations if r.status is S.CONFIRMED]
                over = [r for r in reservations if r.status is not S.CONFIRMED]
            assert len(over) == past
            assert len(upcoming) == bench.FUTURE_DAYS * bench.FUTURE_PER_DAY
            assert {r.status for r in over} <= {S.CHECKED_OUT, S.CANCELLED, S.NO_SHOW}
            assert all(r.end < now and r.history[-1].at < now for r in over)
            assert all(r.start > now and r.history[-1].at < now for r in upcoming)
            # The stored ledger says what the reservations holding places say.
            with services.uow_factory.for_facility(shop.facility_id) as uow:
                units = {kind.id: kind.unit for kind in uow.reservation_types.list()}
                for pool in (shop.runs, shop.yard):
                    wanted = {r.start.astimezone(shop.zone).date() for r in upcoming}
                    counted: dict[Any, int] = {}
                    for held in upcoming:
                        if not pool.shared_by(held.type_id):
                            continue
                        days = occupied_days(units[held.type_id], held.start, held.end, shop.zone)
                        for day in set(days) & wanted:
                            counted[day] = counted.get(day, 0) + demand(pool, held)
                    stored = uow.capacity_ledger.load(pool, sorted(wanted)).used
                    assert dict(stored) == counted
            evaluation = services.evaluate_booking_as_staff(
                shop.facility_id, shop.staff, shop.draft()
            ).unwrap()
            assert not evaluation.blocking
    finally:
        close()


@pytest.mark.postgres
def test_the_postgresql_leg_books_through_two_server_processes(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    admin_url = os.environ.get("PETCARE_TEST_POSTGRES_URL", "")
    if not admin_url:
        pytest.skip("PETCARE_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped")
    args = _args(bench, "--postgres-url", admin_url)

    with ProcessPoolExecutor(max_workers=1, mp_context=bench.SPAWN) as pool:
        figures = bench.postgresql_leg(args, admin_url, pool)
    bench.report(args, [figures])

    assert figures.listed >= 15
    assert figures.throughput is not None
    assert figures.throughput.per_second > 0
    assert figures.throughput.refused == 0
    assert "accepted bookings/s through" in capsys.readouterr().out
