"""Races between real threads: only one of two writers of the same row or value may win.

Meant for storages that many processes share (PostgreSQL) and for the memory adapter; an
embedded SQLite storage serialises writers differently and is not subclassed with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import attrs

from petcare_core.domain.ids import FacilityId
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.samples import make_account, make_owner

# Long enough for a slow CI machine, short enough that a deadlock fails the test promptly.
_TIMEOUT_SECONDS = 30


def _race(contenders: list[Callable[[], object]]) -> list[BaseException | None]:
    """Run the contenders in parallel threads; what each raised, in order, ``None`` if nothing."""

    def outcome(contender: Callable[[], object]) -> BaseException | None:
        try:
            contender()
        except Exception as error:  # the caller judges which failures were expected
            return error
        return None

    with ThreadPoolExecutor(max_workers=len(contenders)) as pool:
        futures = [pool.submit(outcome, contender) for contender in contenders]
        return [future.result(timeout=_TIMEOUT_SECONDS) for future in futures]


def _one_winner(outcomes: list[BaseException | None]) -> None:
    winners = [outcome for outcome in outcomes if outcome is None]
    losers = [outcome for outcome in outcomes if outcome is not None]
    assert len(winners) == 1, outcomes
    assert all(isinstance(loser, ConcurrencyConflict) for loser in losers), outcomes


class PostgresRaceContract(ContractBase):
    """Two threads change the same thing at the same moment: one commits, one conflicts."""

    def test_two_threads_updating_the_same_owner(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            owner = make_owner(uow)
            uow.owners.add(owner)
            uow.commit()
        barrier = threading.Barrier(2, timeout=_TIMEOUT_SECONDS)

        def contender(name: str) -> Callable[[], object]:
            def run() -> None:
                with uow_factory.for_facility(facility_id) as uow:
                    loaded = uow.owners.get(owner.id)
                    barrier.wait()
                    uow.owners.update(attrs.evolve(loaded, first_name=name))
                    uow.commit()

            return run

        outcomes = _race([contender("Thread Ä"), contender("Thread Ø")])
        _one_winner(outcomes)
        winner = ("Thread Ä", "Thread Ø")[outcomes.index(None)]
        with uow_factory.for_facility(facility_id) as uow:
            stored = uow.owners.get(owner.id)
        assert (stored.first_name, stored.version) == (winner, owner.version + 1)

    def test_two_threads_taking_the_same_login_email(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory.platform() as uow:
            email = make_account(uow).email
        barrier = threading.Barrier(2, timeout=_TIMEOUT_SECONDS)

        def contender() -> None:
            with uow_factory.platform() as uow:
                account = make_account(uow, email=email)
                barrier.wait()
                uow.accounts.add(account)
                uow.commit()

        _one_winner(_race([contender, contender]))
        with uow_factory.platform() as uow:
            assert uow.accounts.find_by_email(email) is not None
