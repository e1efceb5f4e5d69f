"""Capacity pools, lodgings, ledgers, waitlist candidates, agreements, signatures, evaluations."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from petcare_core.domain.agreements import Agreement, AgreementSignature
from petcare_core.domain.capacity import (
    CapacityLedger,
    CapacityPool,
    Lodging,
    PoolKind,
)
from petcare_core.domain.evaluations import Evaluation, EvaluationResult
from petcare_core.domain.ids import (
    AgreementId,
    AgreementSignatureId,
    AnimalId,
    CapacityPoolId,
    EvaluationId,
    FacilityId,
    LocationId,
    LodgingId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.waitlist import (
    WaitlistCandidate,
)
from petcare_core.testing.strategies.values import (
    _given_or,
    aware_datetimes,
    ids,
    names,
    text,
)

#: Ledgers and stays are drawn inside a short window so that stays overlap and pools fill up.
WINDOW_START = date(2026, 6, 1)
WINDOW_DAYS = 21


def capacity_pools(
    facility_id: FacilityId | None = None,
    location_id: LocationId | None = None,
    *,
    kind: PoolKind | None = None,
    max_capacity: int = 12,
) -> st.SearchStrategy[CapacityPool]:
    """Pools of either kind holding 0 to ``max_capacity`` places, shared by up to four types."""
    return st.builds(
        CapacityPool,
        id=ids().map(CapacityPoolId),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        location_id=_given_or(location_id, ids().map(LocationId)),
        name=names(),
        kind=_given_or(kind, st.sampled_from(PoolKind)),
        capacity=st.integers(0, max_capacity),
        type_ids=st.frozensets(ids().map(ReservationTypeId), max_size=4),
        active=st.booleans(),
    )


def lodgings(
    facility_id: FacilityId | None = None, pool_id: CapacityPoolId | None = None
) -> st.SearchStrategy[Lodging]:
    """Runs and suites of a pool."""
    return st.builds(
        Lodging,
        id=ids().map(LodgingId),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        pool_id=_given_or(pool_id, ids().map(CapacityPoolId)),
        name=names(),
        active=st.booleans(),
    )


def window_days() -> st.SearchStrategy[date]:
    """Days of the three-week window ledgers and stays are drawn in."""
    return st.integers(0, WINDOW_DAYS - 1).map(lambda offset: WINDOW_START + timedelta(offset))


def stay_days(max_size: int = 10) -> st.SearchStrategy[tuple[date, ...]]:
    """The distinct days a stay occupies, in order: a run of days or scattered daycare days."""
    run = st.tuples(window_days(), st.integers(1, max_size)).map(
        lambda pair: tuple(pair[0] + timedelta(offset) for offset in range(pair[1]))
    )
    scattered = st.lists(window_days(), min_size=1, max_size=max_size, unique=True).map(
        lambda days: tuple(sorted(days))
    )
    return run | scattered


@st.composite
def capacity_ledgers(draw: st.DrawFn, pool: CapacityPool | None = None) -> CapacityLedger:
    """A ledger of ``pool`` (or of any pool) with some places used on days of the window."""
    chosen = draw(capacity_pools()) if pool is None else pool
    days = draw(st.lists(window_days(), max_size=WINDOW_DAYS, unique=True))
    used = {day: draw(st.integers(0, chosen.capacity)) for day in days}
    return CapacityLedger.of(chosen, used)


def waitlist_candidates(
    reservation_id: ReservationId | None = None, *, max_demand: int = 4
) -> st.SearchStrategy[WaitlistCandidate]:
    """Waitlisted requests over days of the window needing 1 to ``max_demand`` places."""
    return st.builds(
        WaitlistCandidate,
        waitlisted_at=aware_datetimes(),
        reservation_id=_given_or(reservation_id, ids().map(ReservationId)),
        days=stay_days(),
        demand=st.integers(1, max_demand),
    )


@st.composite
def agreements(
    draw: st.DrawFn, facility_id: FacilityId | None = None, *, max_versions: int = 4
) -> Agreement:
    """Agreements with 1 to ``max_versions`` versions published in time order."""
    published = draw(aware_datetimes().filter(lambda moment: moment.year < 2080))
    agreement = Agreement.create(
        id=AgreementId(draw(ids())),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        title=draw(names()),
        text=draw(text(min_size=1, max_size=200, multiline=True)),
        at=published,
        location_ids=draw(st.frozensets(ids().map(LocationId), max_size=3)),
    )
    for _ in range(draw(st.integers(1, max_versions)) - 1):
        published += timedelta(days=draw(st.integers(0, 365)))
        agreement = agreement.publish(draw(text(min_size=1, max_size=200)), published)
    return agreement


def ip_addresses() -> st.SearchStrategy[str]:
    """IPv4 and IPv6 addresses in their canonical spelling."""
    return st.ip_addresses().map(str)


@st.composite
def agreement_signatures(
    draw: st.DrawFn,
    agreement: Agreement | None = None,
    owner_id: OwnerId | None = None,
    *,
    version_number: int | None = None,
) -> AgreementSignature:
    """A signature of some version of ``agreement`` (of any agreement when not given)."""
    chosen = draw(agreements()) if agreement is None else agreement
    number = version_number or draw(st.integers(1, chosen.current.number))
    published = chosen.versions[number - 1].published_at
    return AgreementSignature(
        id=AgreementSignatureId(draw(ids())),
        facility_id=chosen.facility_id,
        agreement_id=chosen.id,
        version_number=number,
        owner_id=draw(_given_or(owner_id, ids().map(OwnerId))),
        signer_name=draw(names()),
        signed_at=published + timedelta(minutes=draw(st.integers(0, 60 * 24 * 30))),
        ip_address=draw(ip_addresses()),
        location_id=draw(st.none() | ids().map(LocationId)),
    )


def evaluations(
    facility_id: FacilityId | None = None,
    animal_id: AnimalId | None = None,
    *,
    result: EvaluationResult | None = None,
) -> st.SearchStrategy[Evaluation]:
    """Evaluations of a pet, passed or failed, with notes."""
    return st.builds(
        Evaluation,
        id=ids().map(EvaluationId),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        animal_id=_given_or(animal_id, ids().map(AnimalId)),
        result=_given_or(result, st.sampled_from(EvaluationResult)),
        recorded_at=aware_datetimes(),
        recorded_by=ids().map(StaffUserId),
        notes=text(max_size=100, multiline=True),
    )
