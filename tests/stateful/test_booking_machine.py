"""The booking engine as a state machine (issue 4 §9), on memory, SQLite and PostgreSQL.

One facility per example: one location; boarding (by night, a room pool of 2, a required
agreement, a bath add-on, a 25 % deposit) and daycare (by day, an area pool of 3, an evaluation
required); rabies required for dogs; two households of two dogs each; staff without override
permissions (desk), with some (supervisor: capacity and vaccines) and with all (admin). The rules
are what parents and staff do — request (joining the waitlist or not), book with or without
overrides, approve (confirm or ask the parent), confirm as the parent, deny, waitlist, requeue,
cancel (parent and staff), check in, check out, no-show — and what changes eligibility: a
verified vaccine (some expire inside the window), an evaluation passed or failed, an agreement
signed or a new version of it published. A clock the machine controls only moves forward.
Each example opens with a few stays booked on the busy days and a few requests waitlisted for
their dates; the rules that free places often pick a stay sharing days with the waitlist, and
the pet-file rules often a pet that is waiting, so that freed places reach the waitlist.

The model predicts the outcome of every call (success or the exact set of reason codes), the
status of every reservation and the places each one counts in the ledger. After every step:

- every reservation's status is the model's and its history is a path of legal ``TRANSITIONS``;
- for every pool and day, the stored ledger equals the demands of the reservations counting
  on that day, read from storage: the ones holding a place (confirmed, unconfirmed, checked in)
  on every day of their stay, plus, by design, the days that were over when a stay was checked
  out or marked a no-show ("the days that are over stay counted"); on the days after today that
  is exactly the holding reservations. A day is over capacity only if a reservation counting on
  it has a recorded ``capacity_full`` override;
- every reservation that started holding a place was eligible then, or has a recorded override
  for each reason it failed (vaccines, evaluation, agreement, a start already past);
- when places free, the waitlisted reservations given them are exactly those the queue order
  gives (by the time each joined the waitlist, then id; a request that does not fit, or is no
  longer eligible, skipped);
- no pet is on two overlapping reservations that are going ahead or waiting for a place
  (requested, unconfirmed, confirmed, checked in, waitlisted): the model predicts
  ``pet_already_booked``, which nobody overrides.

Stored reservations' estimates (``reservation_estimate``) are in the facility's currency on every
line, add up, count the units the ledger counts, split the multi-pet discount equally and equal
the estimate given at booking time.
"""

from __future__ import annotations

import itertools
import time as timer
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

import pytest
from booking_model import (
    ADMIN,
    BOARDING,
    CAPACITY,
    CAPACITY_FULL,
    CURRENCY,
    DAYCARE,
    DEPOSIT_RATE,
    DESK,
    EXPIRIES,
    LATE_EXPIRY,
    LEDGER_DAYS,
    MULTI_PET_DISCOUNT,
    PASSWORD,
    PERMISSIONS,
    STAFF,
    SUPERVISOR,
    TALLY,
    UNITS,
    ZONE,
    Expected,
    Household,
    Key,
    MachineClock,
    S,
    Stay,
    StayChoice,
    as_overrides,
    codes_of,
    counted_days,
    key_order,
    local_day,
    may_waive,
    pet_choices,
    rejection_codes,
    round_half_up,
    stays,
    tally,
)
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from returns.result import Result, Success

from petcare_adapters.memory import MemoryFileStore, MemoryNotifier
from petcare_adapters.system import (
    Argon2PasswordHasher,
    LibPhoneNumberNormalizer,
    SecureSecretGenerator,
)
from petcare_core.domain.capacity import CapacityLedger, CapacityPool, occupied_days
from petcare_core.domain.double_booking import BUSY_STATUSES
from petcare_core.domain.estimate import Estimate, LineKind
from petcare_core.domain.evaluations import EvaluationResult
from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    AnimalId,
    ImmunizationTypeId,
    LocationId,
    ReservationId,
    ReservationTypeId,
)
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation import (
    HOLDS_CAPACITY,
    TRANSITIONS,
    Reservation,
    ReservationStatus,
    can_become,
)
from petcare_core.domain.staff import StaffRole, StaffUser
from petcare_core.domain.waitlist import WaitlistPolicy
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    BookingRequest,
    BookingResult,
    CapacityPoolDetails,
    NewFacility,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
    ReservationUpdate,
    SignUp,
)


class BookingMachine(RuleBasedStateMachine):
    """The booking use cases against a model; ``new_storage`` gives each example's storage."""

    def new_storage(self) -> UnitOfWorkFactory:
        raise NotImplementedError

    def __init__(self) -> None:
        super().__init__()
        self.clock = MachineClock()
        self.services = PetcareServices(
            self.new_storage(),
            self.clock,
            Argon2PasswordHasher(time_cost=1, memory_kib=8, parallelism=1),
            SecureSecretGenerator(),
            LibPhoneNumberNormalizer(),
            notifier=MemoryNotifier(),
            files=MemoryFileStore(),
        )
        self.reservations: dict[ReservationId, Expected] = {}
        self.vaccines: dict[AnimalId, list[date]] = {}
        self.evaluations: dict[AnimalId, list[EvaluationResult]] = {}
        self.households: list[Household] = []
        self.agreement_version = 1
        self.eligibility_checked: set[ReservationId] = set()
        self.seen_statuses: dict[ReservationId, ReservationStatus] = {}
        self.policy = WaitlistPolicy.OFFER

    # Setting up

    @initialize(
        policy=st.sampled_from(WaitlistPolicy),
        # Mostly eligible pets, so that bookings go through and pools fill.
        vaccines=st.lists(
            st.sampled_from((EXPIRIES[-1],) * 6 + (None, *EXPIRIES[:-1])), min_size=4, max_size=4
        ),
        evaluations=st.lists(
            st.sampled_from((EvaluationResult.PASS,) * 6 + (None, EvaluationResult.FAIL)),
            min_size=4,
            max_size=4,
        ),
        signed=st.lists(st.sampled_from((True,) * 4 + (False,)), min_size=2, max_size=2),
        # A few stays booked first, so that pools start (nearly) full.
        bookings=st.lists(st.tuples(st.integers(0, 1), stays, pet_choices), min_size=1, max_size=6),
        # And a waitlist: requests for the dates of those stays (waitlisted when full, else by
        # staff).
        waiting=st.lists(st.tuples(st.integers(0, 1), pet_choices, st.integers(0, 5)), max_size=3),
    )
    def open_facility(
        self,
        policy: WaitlistPolicy,
        vaccines: list[date | None],
        evaluations: list[EvaluationResult | None],
        signed: list[bool],
        bookings: list[tuple[int, StayChoice, tuple[int, ...]]],
        waiting: list[tuple[int, tuple[int, ...], int]],
    ) -> None:
        services = self.services
        self.policy = policy
        slug = f"machine-{uuid.uuid4().hex[:12]}"
        facility = services.create_facility(
            NewFacility(
                slug=slug,
                name="Machine Paws",
                timezone="America/New_York",
                currency=CURRENCY,
                settings=FacilitySettings(
                    phone_region="US",
                    immunization_grace_days=0,
                    waitlist_policy=policy,
                    multi_pet_discount=MULTI_PET_DISCOUNT,
                ),
            )
        ).unwrap()
        fid = self.fid = facility.id
        admin = services.create_staff_user(
            fid, OPERATOR, NewStaffUser("admin", "Ada", "Admin", StaffRole.ADMIN)
        ).unwrap()
        self.staff: dict[str, StaffUser] = {ADMIN: admin}
        for name in (DESK, SUPERVISOR):
            self.staff[name] = services.create_staff_user(
                fid,
                admin,
                NewStaffUser(
                    name, name.title(), "Staff", StaffRole.EMPLOYEE, permissions=PERMISSIONS[name]
                ),
            ).unwrap()
        dog = services.add_species(fid, admin, "Dog").unwrap()
        rabies = services.add_immunization_type(fid, admin, dog.id, "Rabies", required=True)
        self.rabies: ImmunizationTypeId = rabies.unwrap().id
        self.here: LocationId = services.list_locations(fid)[0].id
        waiver = services.create_agreement(fid, admin, "Waiver", "We look after your dog.")
        self.waiver: AgreementId = waiver.unwrap().id
        boarding = services.define_reservation_type(
            fid,
            admin,
            ReservationTypeDetails(
                name="Boarding",
                unit="night",
                base_price=Decimal("45.50"),
                required_agreement_ids={self.waiver},
                cancellation_hours=48,
                deposit_rate=DEPOSIT_RATE,
            ),
        ).unwrap()
        daycare = services.define_reservation_type(
            fid,
            admin,
            ReservationTypeDetails(
                name="Daycare", unit="day", base_price=Decimal("29.99"), requires_evaluation=True
            ),
        ).unwrap()
        self.types: dict[str, ReservationTypeId] = {BOARDING: boarding.id, DAYCARE: daycare.id}
        self.pools: dict[str, CapacityPool] = {
            BOARDING: services.define_capacity_pool(
                fid,
                admin,
                CapacityPoolDetails(
                    location_id=self.here,
                    name="Suites",
                    kind="room",
                    capacity=CAPACITY[BOARDING],
                    type_ids={boarding.id},
                ),
            ).unwrap(),
            DAYCARE: services.define_capacity_pool(
                fid,
                admin,
                CapacityPoolDetails(
                    location_id=self.here,
                    name="Playroom",
                    kind="area",
                    capacity=CAPACITY[DAYCARE],
                    type_ids={daycare.id},
                ),
            ).unwrap(),
        }
        bath = services.define_additional_service(
            fid, admin, AdditionalServiceDetails(name="Bath", price=12, type_ids={boarding.id})
        )
        self.bath: AdditionalServiceId = bath.unwrap().id
        for index, first_name in enumerate(("Pat", "Sam")):
            linked = services.sign_up(
                SignUp(
                    first_name=first_name,
                    last_name="Parent",
                    email=f"{first_name.lower()}@{slug}.example",
                    password=PASSWORD,
                    facility_slug=slug,
                )
            ).unwrap()
            pets = []
            for number in (1, 2):
                animal = services.add_animal_from_portal(
                    fid,
                    linked.account.id,
                    {"name": f"Dog {index}{number}", "species_id": str(dog.id)},
                ).unwrap()
                pets.append(animal.id)
                self.vaccines[animal.id] = []
                self.evaluations[animal.id] = []
            self.households.append(Household(linked.owner_id, linked.account.id, tuple(pets)))
            if signed[index]:
                self._sign(index)
        pets = [pet for household in self.households for pet in household.pets]
        for pet, expiry, evaluation in zip(pets, vaccines, evaluations, strict=True):
            if expiry is not None:
                self._vaccinate(pet, expiry)
            if evaluation is not None:
                self._evaluate(pet, evaluation)
        for household, drawn, choice in bookings:
            self.book_as_staff(
                ADMIN,
                household,
                drawn,
                choice,
                confirm=True,
                bath=False,
                waive=lambda keys: dict.fromkeys(keys - {CAPACITY_FULL}, "booked first"),
            )
        booked = sorted(self.reservations)
        for household, choice, index in waiting if booked else ():
            stay = self.reservations[booked[index % len(booked)]].stay
            self.request_as_parent(household, stay, choice, join_waitlist=True, bath=False)
            last = self.reservations[max(self.reservations)]
            if last.status is S.REQUESTED:
                self.services.waitlist_reservation(fid, admin, last.id).unwrap()
                last.status = S.WAITLISTED
                last.waitlisted_at = self.clock.now()

    def _sign(self, household: int) -> None:
        found = self.households[household]
        self.services.sign_agreement(
            self.fid,
            found.account_id,
            self.waiver,
            signer_name="Pat Parent",
            ip_address="127.0.0.1",
        ).unwrap()
        found.signed_version = self.agreement_version

    def _vaccinate(self, pet: AnimalId, expires_on: date) -> None:
        self.services.record_immunization(
            self.fid, self.staff[ADMIN], pet, type_id=self.rabies, expires_on=expires_on
        ).unwrap()
        self.vaccines[pet].append(expires_on)

    def _evaluate(self, pet: AnimalId, result: EvaluationResult) -> None:
        self.services.record_evaluation(self.fid, self.staff[ADMIN], pet, result).unwrap()
        self.evaluations[pet].append(result)

    # What the model expects

    def failing(
        self,
        household: int,
        stay: Stay,
        pets: Iterable[AnimalId],
        *,
        dates_at: datetime,
        exclude: ReservationId | None = None,
    ) -> set[Key]:
        """The reasons other than capacity a booking fails, with the dates judged at
        ``dates_at`` (``exclude``: the reservation being judged again, which does not keep its
        own pets busy)."""
        keys: set[Key] = set()
        last_day = local_day(stay.end)
        for pet in pets:
            # Boarding and daycare are both stays: a pet is on one at a time.
            if any(
                other.id != exclude
                and other.status in BUSY_STATUSES
                and pet in other.pets
                and other.stay.start < stay.end
                and stay.start < other.stay.end
                for other in self.reservations.values()
            ):
                keys.add(("pet_already_booked", pet))
            expiries = self.vaccines[pet]
            if not any(expiry >= last_day for expiry in expiries):
                keys.add(("expires_during_stay" if expiries else "missing", pet))
            if stay.kind == DAYCARE:
                results = self.evaluations[pet]
                if not results:
                    keys.add(("evaluation_missing", pet))
                elif results[-1] is EvaluationResult.FAIL:
                    keys.add(("evaluation_failed", pet))
        signed = self.households[household].signed_version
        if stay.kind == BOARDING and signed != self.agreement_version:
            keys.add(("agreement_unsigned", None))
        if stay.start < dates_at:
            keys.add(("starts_in_the_past", None))
        return keys

    def used(self, kind: str, day: date) -> int:
        """Places of ``kind``'s pool the model counts on ``day``, as the stored ledger does
        (evaluations that write nothing read it too, with ``capacity_ledger.peek``)."""
        return sum(
            expected.demand
            for expected in self.reservations.values()
            if expected.stay.kind == kind and day in expected.counted
        )

    def fits(self, kind: str, days: Iterable[date], demand: int) -> bool:
        capacity = CAPACITY[kind]
        return all(max(0, capacity - self.used(kind, day)) >= demand for day in days)

    def reasons(
        self,
        household: int,
        stay: Stay,
        pets: tuple[AnimalId, ...],
        *,
        dates_at: datetime,
        exclude: ReservationId | None = None,
    ) -> set[Key]:
        keys = self.failing(household, stay, pets, dates_at=dates_at, exclude=exclude)
        demand = 1 if stay.kind == BOARDING else len(pets)
        if not self.fits(stay.kind, stay.days, demand):
            keys.add(CAPACITY_FULL)
        return keys

    def fill(
        self, kind: str, freed: Iterable[date], *, exclude: ReservationId
    ) -> list[ReservationId]:
        """The waitlisted reservations that get places freed on ``freed``, in queue order;
        applied to the model."""
        freed = frozenset(freed)
        if not freed:
            return []
        now = self.clock.now()
        queue = sorted(
            (
                expected
                for expected in self.reservations.values()
                if expected.status is S.WAITLISTED
                and expected.stay.kind == kind
                and expected.id != exclude
                and expected.stay.start > now
                and expected.stay.days & freed
                # Only one still eligible now (its stored overrides waive what they waived).
                and not self.failing(
                    expected.household,
                    expected.stay,
                    expected.pets,
                    dates_at=expected.asked_at,
                    exclude=expected.id,
                )
                - expected.overrides
            ),
            key=lambda expected: (expected.waitlisted_at, expected.id),
        )
        given: list[ReservationId] = []
        skipped = False
        tally(f"waitlist considered on a freed place: {len(queue)}")
        for expected in queue:
            if not self.fits(kind, expected.stay.days, expected.demand):
                skipped = True
                continue
            if skipped:
                tally("a later waitlisted reservation got a place an older one did not fit")
            expected.counted = expected.stay.days
            promote = self.policy is WaitlistPolicy.PROMOTE
            expected.status = S.CONFIRMED if promote else S.UNCONFIRMED
            given.append(expected.id)
        tally(f"waitlisted reservations given a freed place: {len(given)}")
        return given

    def free(self, expected: Expected, kept: Iterable[date]) -> list[ReservationId]:
        """``expected`` now counts only on ``kept``; the rest goes to the waitlist."""
        kept = frozenset(kept) & expected.counted
        freed = expected.counted - kept
        expected.counted = kept
        return self.fill(expected.stay.kind, freed, exclude=expected.id)

    def request_for(
        self, household: int, stay: Stay, pets: tuple[AnimalId, ...], bath: bool
    ) -> BookingRequest:
        add_ons = (self.bath,) if bath and stay.kind == BOARDING else ()
        return BookingRequest(
            location_id=self.here,
            type_id=self.types[stay.kind],
            start=stay.start,
            end=stay.end,
            pets=tuple((pet, add_ons) for pet in pets),
            owner_id=self.households[household].owner_id,
        )

    def pick(
        self,
        data: st.DataObject,
        statuses: Iterable[ReservationStatus],
        *,
        near_waitlist: bool = False,
    ) -> Expected:
        """Mostly a reservation in one of ``statuses``; sometimes any (to see refusals).
        ``near_waitlist``: often one sharing a day with a waitlisted reservation of its type
        (so that freed places reach the waitlist)."""
        wanted = set(statuses)
        fitting = [e for e in self.reservations.values() if e.status in wanted]
        waiting = [e for e in self.reservations.values() if e.status is S.WAITLISTED]
        near = [
            e
            for e in fitting
            if any(w.stay.kind == e.stay.kind and w.stay.days & e.stay.days for w in waiting)
        ]
        chosen: list[Expected] = list(self.reservations.values())
        if fitting and data.draw(st.integers(0, 4), label="any status") > 0:
            chosen = fitting
            if near_waitlist and near and bool(data.draw(st.booleans(), label="near the waitlist")):
                chosen = near
        ids = sorted(e.id for e in chosen)
        return self.reservations[data.draw(st.sampled_from(ids), label="reservation")]

    def waiting_pets(self) -> list[AnimalId]:
        """The pets of waitlisted and requested reservations."""
        waiting = {S.WAITLISTED, S.REQUESTED}
        pets = {pet for e in self.reservations.values() if e.status in waiting for pet in e.pets}
        return sorted(pets)

    def draw_overrides(self, data: st.DataObject, keys: set[Key]) -> dict[Key, str]:
        if not keys:
            return {}
        chosen = data.draw(st.sets(st.sampled_from(sorted(keys, key=key_order))), label="waive")
        return {key: f"waived {key[0]} on purpose" for key in chosen}

    def check_booked(
        self,
        result: Result[BookingResult, Rejection],
        *,
        expected_reasons: set[Key],
        waived: set[Key],
        new: set[Key],
        refused: bool,
    ) -> BookingResult | None:
        """Compare a booking's outcome with the model (``waived`` by stored or ``new``
        overrides); the result when it went through."""
        blocking = expected_reasons - waived
        tally(f"booking outcome: {'refused' if blocking or refused else 'through'}")
        if waived:
            tally("booking with overrides: " + ", ".join(sorted(code for code, _ in waived)))
        if blocking or refused:
            codes = codes_of(blocking) | ({"override_not_permitted"} if refused else set())
            assert rejection_codes(result) == codes
            return None
        assert isinstance(result, Success), f"expected {result} to go through"
        booked: BookingResult = result.unwrap()
        recorded = {(o.reason_code, o.animal_id) for o in booked.overrides}
        assert recorded == new & expected_reasons
        self.check_estimate(booked.evaluation.estimate, booked.reservation)
        return booked

    def check_filled(
        self, update: ReservationUpdate | tuple[Reservation, ...], given: list[ReservationId]
    ) -> None:
        filled = update.filled if isinstance(update, ReservationUpdate) else update
        assert [reservation.id for reservation in filled] == given, (
            "the freed places did not go to the waitlist in queue order"
        )

    # Parents

    @rule(
        household=st.integers(0, 1),
        drawn=stays,
        choice=pet_choices,
        join_waitlist=st.booleans(),
        bath=st.booleans(),
    )
    def parent_requests(
        self,
        household: int,
        drawn: StayChoice,
        choice: tuple[int, ...],
        join_waitlist: bool,
        bath: bool,
    ) -> None:
        stay = drawn.at(local_day(self.clock.now()))
        self.request_as_parent(household, stay, choice, join_waitlist=join_waitlist, bath=bath)

    def request_as_parent(
        self,
        household: int,
        stay: Stay,
        choice: tuple[int, ...],
        *,
        join_waitlist: bool,
        bath: bool,
    ) -> None:
        pets = tuple(self.households[household].pets[i] for i in choice)
        now = self.clock.now()
        keys = self.reasons(household, stay, pets, dates_at=now)
        result = self.services.request_reservation(
            self.fid,
            self.households[household].account_id,
            self.request_for(household, stay, pets, bath),
            join_waitlist=join_waitlist,
        )
        waitlisted = join_waitlist and keys == {CAPACITY_FULL}
        tally(
            f"parent request: {'waitlisted' if waitlisted else 'refused' if keys else 'requested'}"
        )
        if keys and not waitlisted:
            tally("parent request refused for " + ", ".join(sorted(codes_of(keys))))
            assert rejection_codes(result) == codes_of(keys)
            return
        booked = result.unwrap()
        status = S.WAITLISTED if waitlisted else S.REQUESTED
        assert booked.reservation.status is status
        self.check_estimate(booked.evaluation.estimate, booked.reservation)
        self.reservations[booked.reservation.id] = Expected(
            booked.reservation.id,
            household,
            stay,
            pets,
            status,
            asked_at=now,
            waitlisted_at=now if waitlisted else None,
            estimate=booked.evaluation.estimate,
        )

    @precondition(lambda self: any(e.status in HOLDS_CAPACITY for e in self.reservations.values()))
    @rule(data=st.data(), household=st.integers(0, 1), choice=pet_choices)
    def parent_wants_the_same_dates(
        self, data: st.DataObject, household: int, choice: tuple[int, ...]
    ) -> None:
        """A parent asks for the dates of a stay already booked and would rather wait than
        choose other dates (so that waitlists form)."""
        taken = sorted(e.id for e in self.reservations.values() if e.status in HOLDS_CAPACITY)
        stay = self.reservations[data.draw(st.sampled_from(taken), label="same dates as")].stay
        self.request_as_parent(household, stay, choice, join_waitlist=True, bath=False)

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data())
    def parent_confirms(self, data: st.DataObject) -> None:
        expected = self.pick(data, {S.UNCONFIRMED})
        account = self.households[expected.household].account_id
        result = self.services.confirm_reservation_as_parent(self.fid, account, expected.id)
        if expected.status is not S.UNCONFIRMED:
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        assert result.unwrap().status is S.CONFIRMED
        expected.status = S.CONFIRMED

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data())
    def parent_cancels(self, data: st.DataObject) -> None:
        expected = self.pick(
            data, {S.REQUESTED, S.WAITLISTED, S.UNCONFIRMED, S.CONFIRMED}, near_waitlist=True
        )
        account = self.households[expected.household].account_id
        now = self.clock.now()
        result = self.services.cancel_reservation_as_parent(self.fid, account, expected.id)
        hours = 48 if expected.stay.kind == BOARDING else 24
        pending = expected.status in {S.REQUESTED, S.WAITLISTED, S.UNCONFIRMED}
        if not can_become(expected.status, S.CANCELLED):
            assert rejection_codes(result) == {"transition_not_allowed"}
        elif now >= expected.stay.start:
            assert rejection_codes(result) == {"cancellation_closed"}
        elif pending or now <= expected.stay.start - timedelta(hours=hours):
            outcome = result.unwrap()
            assert outcome.reservation.status is S.CANCELLED
            expected.status = S.CANCELLED
            self.check_filled(outcome.filled, self.free(expected, ()))
        else:
            outcome = result.unwrap()
            assert outcome.sent_for_review
            assert outcome.reservation.status is expected.status

    # Staff booking and deciding

    @rule(
        data=st.data(),
        staff=st.sampled_from(STAFF),
        household=st.integers(0, 1),
        drawn=stays,
        choice=pet_choices,
        confirm=st.booleans(),
        bath=st.booleans(),
    )
    def staff_books(
        self,
        data: st.DataObject,
        staff: str,
        household: int,
        drawn: StayChoice,
        choice: tuple[int, ...],
        confirm: bool,
        bath: bool,
    ) -> None:
        """Staff book, asking to waive some of the reasons the model expects."""
        self.book_as_staff(
            staff,
            household,
            drawn,
            choice,
            confirm=confirm,
            bath=bath,
            waive=lambda keys: self.draw_overrides(data, keys),
        )

    def book_as_staff(
        self,
        staff: str,
        household: int,
        drawn: StayChoice,
        choice: tuple[int, ...],
        *,
        confirm: bool,
        bath: bool,
        waive: Callable[[set[Key]], dict[Key, str]],
    ) -> None:
        pets = tuple(self.households[household].pets[i] for i in choice)
        now = self.clock.now()
        stay = drawn.at(local_day(now))
        keys = self.reasons(household, stay, pets, dates_at=now)
        overrides = waive(keys)
        allowed = {key for key in overrides if may_waive(staff, key)}
        result = self.services.book_reservation(
            self.fid,
            self.staff[staff],
            self.request_for(household, stay, pets, bath),
            overrides=as_overrides(overrides),
            confirm=confirm,
        )
        booked = self.check_booked(
            result,
            expected_reasons=keys,
            waived=allowed,
            new=allowed,
            refused=len(allowed) < len(overrides),
        )
        if booked is None:
            return
        status = S.CONFIRMED if confirm else S.REQUESTED
        assert booked.reservation.status is status
        self.reservations[booked.reservation.id] = Expected(
            booked.reservation.id,
            household,
            stay,
            pets,
            status,
            asked_at=now,
            overrides=allowed,
            counted=stay.days if confirm else frozenset(),
            estimate=booked.evaluation.estimate,
        )

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data(), staff=st.sampled_from(STAFF), ask_parent=st.booleans())
    def staff_approves(self, data: st.DataObject, staff: str, ask_parent: bool) -> None:
        expected = self.pick(data, {S.REQUESTED, S.WAITLISTED})
        target = S.UNCONFIRMED if ask_parent else S.CONFIRMED
        keys: set[Key] = set()
        if expected.status in {S.REQUESTED, S.WAITLISTED}:
            keys = self.reasons(
                expected.household,
                expected.stay,
                expected.pets,
                dates_at=expected.asked_at,
                exclude=expected.id,
            )
        overrides = self.draw_overrides(data, keys - expected.overrides)
        allowed = {key for key in overrides if may_waive(staff, key)}
        result = self.services.approve_reservation(
            self.fid,
            self.staff[staff],
            expected.id,
            ask_parent=ask_parent,
            overrides=as_overrides(overrides),
        )
        if expected.status is S.UNCONFIRMED:
            assert rejection_codes(result) == {"awaiting_parent"}
            return
        if not can_become(expected.status, target):
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        booked = self.check_booked(
            result,
            expected_reasons=keys,
            waived=expected.overrides | allowed,
            new=allowed,
            refused=len(allowed) < len(overrides),
        )
        if booked is None:
            return
        assert booked.reservation.status is target
        expected.status = target
        expected.overrides |= allowed
        expected.counted = expected.stay.days

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data(), staff=st.sampled_from(STAFF))
    def staff_denies(self, data: st.DataObject, staff: str) -> None:
        expected = self.pick(data, {S.REQUESTED, S.WAITLISTED})
        result = self.services.deny_reservation(
            self.fid, self.staff[staff], expected.id, "No room for this one"
        )
        if not can_become(expected.status, S.DENIED):
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        assert result.unwrap().status is S.DENIED
        expected.status = S.DENIED

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data(), staff=st.sampled_from(STAFF))
    def staff_waitlists(self, data: st.DataObject, staff: str) -> None:
        expected = self.pick(data, {S.REQUESTED})
        result = self.services.waitlist_reservation(self.fid, self.staff[staff], expected.id)
        if not can_become(expected.status, S.WAITLISTED):
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        assert result.unwrap().status is S.WAITLISTED
        expected.status = S.WAITLISTED
        expected.waitlisted_at = self.clock.now()

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data(), staff=st.sampled_from(STAFF))
    def staff_requeues(self, data: st.DataObject, staff: str) -> None:
        expected = self.pick(data, {S.WAITLISTED})
        result = self.services.requeue_reservation(self.fid, self.staff[staff], expected.id)
        if expected.status is not S.WAITLISTED:
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        assert result.unwrap().status is S.REQUESTED
        expected.status = S.REQUESTED

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data(), staff=st.sampled_from(STAFF))
    def staff_cancels(self, data: st.DataObject, staff: str) -> None:
        expected = self.pick(data, {S.CONFIRMED, S.UNCONFIRMED, S.WAITLISTED}, near_waitlist=True)
        result = self.services.cancel_reservation(
            self.fid, self.staff[staff], expected.id, "The family changed plans"
        )
        if not can_become(expected.status, S.CANCELLED):
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        update = result.unwrap()
        assert update.reservation.status is S.CANCELLED
        expected.status = S.CANCELLED
        self.check_filled(update, self.free(expected, ()))

    # Arrivals and departures (the clock moves)

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data(), arrive_at_start=st.booleans())
    def staff_checks_in(self, data: st.DataObject, arrive_at_start: bool) -> None:
        expected = self.pick(data, {S.CONFIRMED})
        if arrive_at_start:
            self.clock.move_to(expected.stay.start)
        result = self.services.check_in(self.fid, self.staff[DESK], expected.id)
        if expected.status is not S.CONFIRMED:
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        assert result.unwrap().status is S.CHECKED_IN
        expected.status = S.CHECKED_IN

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data(), hours=st.integers(0, 30))
    def staff_checks_out(self, data: st.DataObject, hours: int) -> None:
        expected = self.pick(data, {S.CHECKED_IN}, near_waitlist=True)
        self.clock.advance(hours)
        now = self.clock.now()
        result = self.services.check_out(self.fid, self.staff[DESK], expected.id)
        if expected.status is not S.CHECKED_IN:
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        update = result.unwrap()
        assert update.reservation.status is S.CHECKED_OUT
        expected.status = S.CHECKED_OUT
        stay = expected.stay
        if now >= stay.end:
            kept = stay.days
        elif now <= stay.start:
            kept = frozenset()
        else:
            kept = frozenset(occupied_days(UNITS[stay.kind], stay.start, now, ZONE))
        self.check_filled(update, self.free(expected, kept))

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data(), hours_after_start=st.sampled_from((None, 1, 30)))
    def staff_marks_no_show(self, data: st.DataObject, hours_after_start: int | None) -> None:
        expected = self.pick(data, {S.CONFIRMED}, near_waitlist=True)
        if hours_after_start is not None:
            self.clock.move_to(expected.stay.start + timedelta(hours=hours_after_start))
        today = local_day(self.clock.now())
        result = self.services.mark_no_show(self.fid, self.staff[DESK], expected.id)
        if expected.status is not S.CONFIRMED:
            assert rejection_codes(result) == {"transition_not_allowed"}
            return
        update = result.unwrap()
        assert update.reservation.status is S.NO_SHOW
        expected.status = S.NO_SHOW
        kept = frozenset(day for day in expected.stay.days if day < today)
        self.check_filled(update, self.free(expected, kept))

    @rule(hours=st.integers(1, 12))
    def time_passes(self, hours: int) -> None:
        self.clock.advance(hours)

    # What makes a pet eligible

    @rule(data=st.data(), expires_on=st.sampled_from((*EXPIRIES, LATE_EXPIRY)))
    def staff_records_vaccine(self, data: st.DataObject, expires_on: date) -> None:
        self._vaccinate(self.draw_pet(data), expires_on)

    @rule(
        data=st.data(),
        result=st.sampled_from(
            (EvaluationResult.PASS, EvaluationResult.PASS, EvaluationResult.FAIL)
        ),
    )
    def staff_records_evaluation(self, data: st.DataObject, result: EvaluationResult) -> None:
        self._evaluate(self.draw_pet(data), result)

    def draw_pet(self, data: st.DataObject) -> AnimalId:
        """Any pet, or often one waiting for a decision or a place."""
        waiting = self.waiting_pets()
        if waiting and bool(data.draw(st.booleans(), label="a waiting pet")):
            return data.draw(st.sampled_from(waiting), label="pet")
        pets = [pet for household in self.households for pet in household.pets]
        return data.draw(st.sampled_from(pets), label="pet")

    @rule(household=st.integers(0, 1))
    def parent_signs_agreement(self, household: int) -> None:
        self._sign(household)

    @rule()
    def staff_publishes_agreement_version(self) -> None:
        self.agreement_version += 1
        text = f"We look after your dog (version {self.agreement_version})."
        published = self.services.publish_agreement_version(
            self.fid, self.staff[ADMIN], self.waiver, text
        ).unwrap()
        assert published.current.number == self.agreement_version

    # Estimates

    def check_estimate(self, estimate: Estimate | None, reservation: Reservation) -> None:
        """An estimate of ``reservation``: in the facility's currency line by line, totals that
        are sums of lines, as many units as the ledger counts days, the discount split
        equally."""
        assert estimate is not None
        assert estimate.currency == CURRENCY
        assert {line.amount.currency for line in estimate.lines} == {CURRENCY}
        assert estimate.total.amount == sum(line.amount.amount for line in estimate.lines)
        kind = BOARDING if reservation.type_id == self.types[BOARDING] else DAYCARE
        units = len(occupied_days(UNITS[kind], reservation.start, reservation.end, ZONE))
        bases = [line for line in estimate.lines if line.kind is LineKind.BASE]
        assert [line.animal_id for line in bases] == list(reservation.animal_ids)
        assert {line.quantity for line in bases} == {units}
        shares = [
            -sum(
                line.amount.amount
                for line in estimate.lines
                if line.animal_id == pet and line.kind is LineKind.DISCOUNT
            )
            for pet in reservation.animal_ids
        ]
        base = bases[0].amount.amount
        assert sum(shares) == round_half_up(base * (len(shares) - 1) * MULTI_PET_DISCOUNT)
        assert max(shares) - min(shares) <= 1

    @precondition(lambda self: bool(self.reservations))
    @rule(data=st.data())
    def staff_reads_estimate(self, data: st.DataObject) -> None:
        expected = self.pick(data, set(S))
        found = self.services.reservation_estimate(self.fid, self.staff[DESK], expected.id)
        priced = found.unwrap()
        self.check_estimate(priced.estimate, priced.reservation)
        assert priced.estimate == expected.estimate
        deposit = priced.deposit_due
        assert deposit.currency == CURRENCY
        if expected.stay.kind == BOARDING:
            assert deposit.amount == round_half_up(priced.estimate.total.amount * DEPOSIT_RATE)
        else:
            assert deposit.amount == 0

    # Invariants

    @invariant()
    def storage_agrees_with_the_model(self) -> None:
        if not hasattr(self, "fid"):
            return
        with self.services.uow_factory.for_facility(self.fid) as uow:
            stored = {reservation.id: reservation for reservation in uow.reservations.list()}
            ledgers = {
                kind: uow.capacity_ledger.load(pool, LEDGER_DAYS)
                for kind, pool in self.pools.items()
            }
            overrides = {
                reservation_id: {
                    (override.reason_code, override.animal_id)
                    for override in uow.booking_overrides.list_for_reservation(reservation_id)
                }
                for reservation_id in stored
            }
        statuses = {rid: r.status for rid, r in stored.items()}
        assert statuses == {rid: e.status for rid, e in self.reservations.items()}
        for rid, status in statuses.items():
            before = self.seen_statuses.get(rid)
            if before is not status:
                tally(f"transition {before or 'new'} -> {status}")
        self.seen_statuses = statuses
        for reservation in stored.values():
            self.check_history(reservation)
            assert overrides[reservation.id] == self.reservations[reservation.id].overrides
        self.check_ledgers(stored, ledgers, overrides)
        self.check_eligibility(stored, overrides)
        self.check_no_pet_twice_at_once(stored)

    @invariant()
    def count_steps(self) -> None:
        tally("steps")

    def check_no_pet_twice_at_once(self, stored: dict[ReservationId, Reservation]) -> None:
        """No pet is on two stays at once that are going ahead or waiting for a place."""
        busy = sorted(
            (r for r in stored.values() if r.status in BUSY_STATUSES),
            key=lambda r: (r.start, r.id),
        )
        for earlier, later in itertools.combinations(busy, 2):
            if later.start < earlier.end and set(earlier.animal_ids) & set(later.animal_ids):
                raise AssertionError(f"reservations {earlier.id} and {later.id} share a pet")

    def check_history(self, reservation: Reservation) -> None:
        history = reservation.history
        assert history[0].status in {S.REQUESTED, S.CONFIRMED}
        for before, after in itertools.pairwise(history):
            assert after.status in TRANSITIONS[before.status], (
                f"reservation {reservation.id}: {before.status} -> {after.status}"
            )
            assert before.at <= after.at
        assert history[-1].status is reservation.status

    def check_ledgers(
        self,
        stored: dict[ReservationId, Reservation],
        ledgers: dict[str, CapacityLedger],
        overrides: dict[ReservationId, set[Key]],
    ) -> None:
        today = local_day(self.clock.now())
        for kind, pool in self.pools.items():
            mine = [r for r in stored.values() if r.type_id == self.types[kind]]
            counted = {r.id: counted_days(r, UNITS[kind]) for r in mine}
            for day in LEDGER_DAYS:
                used = ledgers[kind].used_on(day)
                on_day = [r for r in mine if day in counted[r.id]]
                demand = sum(1 if kind == BOARDING else len(r.lines) for r in on_day)
                assert used == demand, f"{pool.name} on {day}: ledger {used}, reservations {demand}"
                assert used == self.used(kind, day)
                if day > today:
                    holding = sum(
                        1 if kind == BOARDING else len(r.lines)
                        for r in mine
                        if r.status in HOLDS_CAPACITY
                        and day in occupied_days(UNITS[kind], r.start, r.end, ZONE)
                    )
                    assert used == holding
                if used > pool.capacity:
                    tally("a pool over capacity (with an override)")
                    assert any(CAPACITY_FULL in overrides[r.id] for r in on_day), (
                        f"{pool.name} is over capacity on {day} with no capacity override"
                    )

    def check_eligibility(
        self, stored: dict[ReservationId, Reservation], overrides: dict[ReservationId, set[Key]]
    ) -> None:
        """A reservation that started holding a place in the last step was eligible then, or
        has an override recorded for every reason it failed."""
        for reservation in stored.values():
            if reservation.status not in HOLDS_CAPACITY:
                continue
            if reservation.id in self.eligibility_checked:
                continue
            self.eligibility_checked.add(reservation.id)
            expected = self.reservations[reservation.id]
            failing = self.failing(
                expected.household,
                expected.stay,
                expected.pets,
                dates_at=reservation.history[0].at,
                exclude=reservation.id,
            )
            unwaived = failing - overrides[reservation.id]
            assert not unwaived, (
                f"reservation {reservation.id} became {reservation.status} for a pet that is "
                f"not eligible, with no override for {sorted(unwaived, key=key_order)}"
            )


class StorageUnderTest(Protocol):
    """What ``conftest.Storage`` gives: a name and each example's unit-of-work factory."""

    @property
    def name(self) -> str: ...

    @property
    def open(self) -> Callable[[], UnitOfWorkFactory]: ...


def booking_machine(storage: StorageUnderTest) -> type[BookingMachine]:
    """The machine over ``storage``."""

    class Machine(BookingMachine):
        def new_storage(self) -> UnitOfWorkFactory:
            return storage.open()

    Machine.__name__ = f"BookingMachineOn{storage.name.title()}"
    return Machine


#: Bounded so that a run stays short on the SQL storages (about 10 s on memory, 10 s on SQLite and
#: 20 s on PostgreSQL when nothing fails). Only memory shrinks a failure (Hypothesis gives up
#: after five minutes); SQL storages report the failing sequence as found.
NO_SHRINK = tuple(phase for phase in Phase if phase is not Phase.shrink)
BUDGETS = {
    "memory": settings(max_examples=200, stateful_step_count=50),
    "sqlite": settings(max_examples=50, stateful_step_count=40, phases=NO_SHRINK),
    "postgresql": settings(max_examples=25, stateful_step_count=30, phases=NO_SHRINK),
}


def test_the_booking_machine(
    booking_storage: StorageUnderTest,
    capsys: pytest.CaptureFixture[str],
    pytestconfig: pytest.Config,
) -> None:
    """Run the machine; print its time and, with ``-v``, what its steps reached."""
    budget = settings(
        BUDGETS[booking_storage.name],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    TALLY.clear()
    started = timer.perf_counter()
    run_state_machine_as_test(booking_machine(booking_storage), settings=budget)
    elapsed = timer.perf_counter() - started
    with capsys.disabled():
        print(f"\nbooking machine on {booking_storage.name}: {elapsed:.1f} s")
        if pytestconfig.get_verbosity() > 0:
            for what, count in sorted(TALLY.items()):
                print(f"  {count:6d}  {what}")


# A failing case the machine found, as a plain test


def opened(storage: StorageUnderTest, policy: WaitlistPolicy) -> BookingMachine:
    """A machine's facility (no step run): every pet vaccinated for the year and evaluated,
    both households signed, nothing booked."""
    shop = booking_machine(storage)()
    shop.open_facility(
        policy=policy,
        vaccines=[EXPIRIES[-1]] * 4,
        evaluations=[EvaluationResult.PASS] * 4,
        signed=[True, True],
        bookings=[],
        waiting=[],
    )
    return shop


@pytest.mark.parametrize(
    ("kind", "policy"),
    [(DAYCARE, WaitlistPolicy.OFFER), (BOARDING, WaitlistPolicy.PROMOTE)],
    ids=["daycare-evaluation-failed-offer", "boarding-agreement-republished-promote"],
)
def test_a_freed_place_goes_only_to_a_waitlisted_reservation_still_eligible(
    booking_storage: StorageUnderTest, kind: str, policy: WaitlistPolicy
) -> None:
    """Found by the machine (shrunk): a request joins the waitlist while its pets are
    eligible; then one of them fails its evaluation (daycare), or the required agreement gets
    a new version the household has not signed (boarding); a place frees. The waitlist gives
    it the place (offered, or confirmed under ``promote``) with no override recorded, although
    staff approving it would be refused for that very reason: a place is held for a pet that
    is not eligible. Expected: the freed place does not go to it."""
    shop = opened(booking_storage, policy)
    services, fid, admin = shop.services, shop.fid, shop.staff[ADMIN]
    stay = Stay.of(kind, 2, 1)
    first, second = shop.households
    # The pool is full: boarding, two rooms of two; daycare, three places of three.
    services.book_reservation(
        fid, admin, shop.request_for(1, stay, second.pets[:1], bath=False)
    ).unwrap()
    holder = services.book_reservation(
        fid, admin, shop.request_for(0, stay, first.pets, bath=False)
    ).unwrap()
    waiting = services.request_reservation(
        fid,
        second.account_id,
        shop.request_for(1, stay, second.pets[1:], bath=False),
        join_waitlist=True,
    ).unwrap()
    assert waiting.reservation.status is S.WAITLISTED
    if kind == DAYCARE:
        services.record_evaluation(fid, admin, second.pets[1], "fail").unwrap()
        reason = "evaluation_failed"
    else:
        services.publish_agreement_version(fid, admin, shop.waiver, "Version 2").unwrap()
        reason = "agreement_unsigned"
    # Staff could not approve it now without overriding that reason.
    refused = services.approve_reservation(fid, shop.staff[DESK], waiting.reservation.id)
    assert reason in rejection_codes(refused)

    update = services.cancel_reservation(
        fid, admin, holder.reservation.id, "The family changed plans"
    ).unwrap()

    with services.uow_factory.for_facility(fid) as uow:
        now = uow.reservations.get(waiting.reservation.id)
        recorded = uow.booking_overrides.list_for_reservation(now.id)
    assert not recorded
    assert now.id not in [filled.id for filled in update.filled], (
        f"the freed place went to reservation {now.id} ({now.status}) although {reason}"
    )
    assert now.status is S.WAITLISTED
