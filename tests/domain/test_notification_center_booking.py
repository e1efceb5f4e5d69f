"""The notification center's booking items: reservations awaiting the parent's confirmation and
agreements to sign, next to the vaccine items, most urgent first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.actors import Actor
from petcare_core.domain.agreements import Agreement, AgreementUnsigned, unsigned_agreements
from petcare_core.domain.compliance import ImmunizationState, ImmunizationStatusLine
from petcare_core.domain.ids import (
    AgreementId,
    AnimalId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
)
from petcare_core.domain.notification_center import (
    ActionTarget,
    NoticeKind,
    PetVaccines,
    PortalNotice,
    ReservationToNotice,
    TargetPage,
    awaits_confirmation,
    notification_center,
)
from petcare_core.domain.reservation import Reservation, ReservationLine, ReservationStatus
from petcare_core.testing.strategies import (
    agreement_signatures,
    agreements,
    aware_datetimes,
    reservations,
)

S = ReservationStatus
NOW = datetime(2024, 6, 15, 14, 0, tzinfo=UTC)
URGENCY = list(NoticeKind)


def item(reservation: Reservation, names: tuple[str, ...] = ("Rex",)) -> ReservationToNotice:
    return ReservationToNotice(reservation, "Boarding", names, reservation.start.date())


def at(reservation: Reservation, start: datetime, hours: int = 72) -> Reservation:
    """``reservation`` moved to ``start`` (its history kept)."""
    return attrs.evolve(reservation, start=start, end=start + timedelta(hours=hours))


def expired_rabies() -> PetVaccines:
    line = ImmunizationStatusLine(
        ImmunizationTypeId(1), "Rabies", True, ImmunizationState.EXPIRED, date(2024, 6, 1), None
    )
    return PetVaccines(AnimalId(7), "Rex", (line,), ())


def booking_items(notices: tuple[PortalNotice, ...]) -> list[PortalNotice]:
    booking = {NoticeKind.RESERVATION_AWAITING_CONFIRMATION, NoticeKind.AGREEMENT_TO_SIGN}
    return [notice for notice in notices if notice.kind in booking]


# Reservations


@given(st.lists(reservations(), max_size=8), aware_datetimes())
def test_exactly_the_unconfirmed_reservations_not_yet_over_are_listed(
    stays: list[Reservation], now: datetime
) -> None:
    notices = notification_center(reservations=[item(stay) for stay in stays], now=now)

    expected = [stay for stay in stays if stay.status is S.UNCONFIRMED and stay.end > now]
    assert sorted(notice.reservation_id or 0 for notice in notices) == sorted(
        stay.id for stay in expected
    )
    assert all(awaits_confirmation(stay, now) for stay in expected)
    for notice in notices:
        assert notice.kind is NoticeKind.RESERVATION_AWAITING_CONFIRMATION
        assert notice.target == ActionTarget(
            TargetPage.RESERVATION, reservation_id=notice.reservation_id
        )
        assert notice.needs_action
        assert (notice.animal_id, notice.type_id, notice.agreement_id) == (None, None, None)


@given(reservations(status=S.UNCONFIRMED), st.integers(-2000, 2000))
def test_a_reservation_is_listed_until_it_is_over_and_dated_by_its_first_day(
    stay: Reservation, minutes: int
) -> None:
    now = stay.end + timedelta(minutes=minutes)

    notices = notification_center(reservations=[item(stay)], now=now)

    assert len(notices) == (1 if minutes < 0 else 0)
    if notices:
        assert notices[0].due_on == stay.start.date()
        assert notices[0].subject == "Boarding"


@pytest.mark.parametrize(
    ("names", "said"),
    [
        ((), "your Boarding reservation starting"),
        (("Rex",), "your Boarding reservation for Rex starting"),
        (("Rex", "Ace"), "for Rex and Ace starting"),
        (("Rex", "Ace", "Bo"), "for Rex, Ace and Bo starting"),
    ],
)
def test_the_message_names_the_type_the_pets_and_the_first_day(
    names: tuple[str, ...], said: str
) -> None:
    stay = at(_unconfirmed(), datetime(2024, 7, 4, 15, tzinfo=UTC))

    [notice] = notification_center(reservations=[item(stay, names)], now=NOW)

    assert said in notice.message
    assert "4 July 2024" in notice.message
    assert "confirm it to keep your place" in notice.message


def test_the_earliest_reservation_comes_first() -> None:
    later = at(_unconfirmed(1), datetime(2024, 8, 1, tzinfo=UTC))
    sooner = at(_unconfirmed(2), datetime(2024, 7, 1, tzinfo=UTC))

    notices = notification_center(reservations=[item(later), item(sooner)], now=NOW)

    assert [notice.reservation_id for notice in notices] == [sooner.id, later.id]


def test_reservations_need_a_timezone_aware_now() -> None:
    stay = item(_unconfirmed())

    with pytest.raises(ValueError, match="now"):
        notification_center(reservations=[stay])
    with pytest.raises(ValueError, match="now"):
        notification_center(reservations=[stay], now=NOW.replace(tzinfo=None))
    assert notification_center(reservations=[], now=None) == ()


# Agreements


@given(
    st.lists(agreements(), max_size=5, unique_by=lambda agreement: agreement.id),
    st.data(),
)
def test_every_agreement_left_to_sign_is_listed_once_with_where_to_sign(
    required: list[Agreement], data: st.DataObject
) -> None:
    signatures = [
        data.draw(agreement_signatures(agreement))
        for agreement in required
        if data.draw(st.booleans())
    ]
    unsigned = unsigned_agreements(required, signatures)

    notices = notification_center(agreements=[*unsigned, *unsigned])

    assert sorted(notice.agreement_id or 0 for notice in notices) == sorted(
        reason.agreement_id for reason in unsigned
    )
    by_id = {reason.agreement_id: reason for reason in unsigned}
    for notice in notices:
        reason = by_id[AgreementId(notice.agreement_id or 0)]
        assert notice.kind is NoticeKind.AGREEMENT_TO_SIGN
        assert notice.target == ActionTarget(TargetPage.AGREEMENT, agreement_id=reason.agreement_id)
        assert notice.subject == reason.title
        assert notice.needs_action
        assert ("has changed since you signed" in notice.message) == reason.new_version


def test_the_agreement_messages_say_what_to_do() -> None:
    never = AgreementUnsigned(AgreementId(3), "Boarding waiver", 1)
    changed = AgreementUnsigned(AgreementId(4), "Daycare rules", 3, signed_version=2)

    notices = notification_center(agreements=[changed, never])

    assert [notice.message for notice in notices] == [
        "Read and sign Boarding waiver before your next booking.",
        "Daycare rules has changed since you signed version 2; read and sign the new version "
        "before your next booking.",
    ]


# Together


@given(
    st.lists(reservations(), max_size=6),
    st.lists(
        st.builds(
            AgreementUnsigned,
            st.integers(1, 50).map(AgreementId),
            st.text(min_size=1, max_size=10),
            st.integers(1, 5),
        ),
        max_size=4,
    ),
    st.booleans(),
    aware_datetimes(),
)
def test_booking_items_join_the_vaccine_items_most_urgent_first(
    stays: list[Reservation],
    unsigned: list[AgreementUnsigned],
    with_vaccines: bool,
    now: datetime,
) -> None:
    vaccines = [expired_rabies()] if with_vaccines else []

    notices = notification_center(
        vaccines=vaccines,
        reservations=[item(stay) for stay in stays],
        agreements=unsigned,
        now=now,
    )

    ranks = [URGENCY.index(notice.kind) for notice in notices]
    assert ranks == sorted(ranks)
    alone = notification_center(vaccines=vaccines)
    assert [n for n in notices if n not in booking_items(notices)] == list(alone)
    booking = notification_center(
        reservations=[item(stay) for stay in stays], agreements=unsigned, now=now
    )
    assert booking_items(notices) == list(booking)


def test_a_reservation_to_confirm_comes_before_an_expired_vaccine_and_an_agreement_after() -> None:
    waiver = AgreementUnsigned(AgreementId(3), "Boarding waiver", 1)

    notices = notification_center(
        vaccines=[expired_rabies()],
        reservations=[item(_unconfirmed())],
        agreements=[waiver],
        now=NOW,
    )

    assert [notice.kind for notice in notices] == [
        NoticeKind.RESERVATION_AWAITING_CONFIRMATION,
        NoticeKind.VACCINE_EXPIRED,
        NoticeKind.AGREEMENT_TO_SIGN,
    ]


def _unconfirmed(reservation_id: int = 1) -> Reservation:
    """A reservation accepted by staff, awaiting the parent's confirmation, in ten days."""
    staff = Actor.staff(1)
    requested, _ = Reservation.request(
        id=ReservationId(reservation_id),
        facility_id=FacilityId(1),
        location_id=LocationId(2),
        owner_id=OwnerId(3),
        type_id=ReservationTypeId(4),
        start=NOW + timedelta(days=10),
        end=NOW + timedelta(days=12),
        lines=(ReservationLine(AnimalId(7)),),
        at=NOW - timedelta(days=1),
        by=staff,
    )
    return requested.request_confirmation(at=NOW - timedelta(hours=1), by=staff)[0]
