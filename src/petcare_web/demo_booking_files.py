"""What the demo's households and dogs have on file before they book: signatures of the
boarding & daycare agreement, and the dogs' evaluations.

Both carry times: they are recorded through ``CatalogBuilder.past``, whose clock the demo sets
in the past, the day after the facility opened (and, for the agreement's second version, on
the day it was published). Most households sign; a few never do (they only book grooming), and
the demo parent did not sign the second version, so their portal asks them to sign again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from petcare_core.domain.animal import Animal
from petcare_core.domain.evaluations import EvaluationResult
from petcare_core.domain.facility import Location
from petcare_core.domain.ids import (
    AgreementId,
    LocationId,
    OwnerId,
    PortalAccountId,
)
from petcare_core.domain.owner import Owner
from petcare_core.domain.staff import StaffUser
from petcare_core.services import OPERATOR
from petcare_web.demo_booking_catalog import CatalogBuilder, DemoCatalog, ok

#: Households without a portal login sign on the front desk's tablet.
FRONT_DESK_IP = "192.168.10.20"

Household = tuple[Owner, PortalAccountId | None]


def never_signs(household: int) -> bool:
    """A few households never sign the agreement (they only book grooming), so the portal of
    those with a login shows "agreement to sign"."""
    return household in (5, 9) or household % 16 == 15


def skips_new_version(household: int) -> bool:
    """The demo parent signed the first version but not the second: their portal asks them to
    sign again, while the bookings made before it was published stand."""
    return household == 0


def sign_agreement(
    builder: CatalogBuilder,
    catalog: DemoCatalog,
    households: Sequence[Household],
    home: Callable[[int], Location],
    *,
    at: datetime,
    version: int,
) -> None:
    """Every household that signs signs ``version`` (when not yet signed) from ``at`` on, a
    minute apart: in the portal with a login, on the front desk's tablet without one."""
    services, fid = builder.services, builder.facility.id
    agreement_id = catalog.agreement.id
    with services.uow_factory.for_facility(fid) as uow:
        signed = {
            owner.id: {
                signature.version_number
                for signature in uow.agreement_signatures.list_for_owner(owner.id)
                if signature.agreement_id == agreement_id
            }
            for owner, _ in households
        }
    for number, (owner, account_id) in enumerate(households):
        skipped = never_signs(number) or (version > 1 and skips_new_version(number))
        if skipped or version in signed[owner.id]:
            continue
        builder.clock.moment = at + timedelta(minutes=number)
        name = f"{owner.first_name} {owner.last_name}"
        location_id = home(number).id
        builder.created += 1
        if account_id is None:
            _sign_at_front_desk(builder, agreement_id, owner.id, name, location_id)
            continue
        signature = builder.past.sign_agreement(
            fid,
            account_id,
            agreement_id,
            signer_name=name,
            ip_address=f"203.0.113.{10 + number}",
            location_id=location_id,
        )
        ok("signature", signature)


def _sign_at_front_desk(
    builder: CatalogBuilder,
    agreement_id: AgreementId,
    owner_id: OwnerId,
    name: str,
    location_id: LocationId,
) -> None:
    signature = builder.past.sign_agreement_at_front_desk(
        builder.facility.id,
        OPERATOR,
        owner_id,
        agreement_id,
        signer_name=name,
        ip_address=FRONT_DESK_IP,
        location_id=location_id,
    )
    ok("front-desk signature", signature)


def evaluation_of(number: int) -> EvaluationResult | None:
    """The evaluation of the demo's ``number``-th pet (a dog): a pass, a fail (one in
    thirteen) or none (one in thirteen)."""
    if number % 13 == 6:
        return EvaluationResult.FAIL
    if number % 13 == 9:
        return None
    return EvaluationResult.PASS


def evaluate_dogs(
    builder: CatalogBuilder,
    catalog: DemoCatalog,
    dogs: Sequence[tuple[int, Animal]],
    evaluator: StaffUser,
) -> None:
    """The dogs' evaluations (``evaluation_of`` their number among the pets), the day after
    the facility opened, five minutes apart."""
    services, fid = builder.services, builder.facility.id
    with services.uow_factory.for_facility(fid) as uow:
        done = {dog.id for _, dog in dogs if uow.evaluations.list_for_animal(dog.id)}
    start = catalog.opened + timedelta(days=1)
    for position, (number, dog) in enumerate(dogs):
        result = evaluation_of(number)
        if result is None or dog.id in done:
            continue
        builder.clock.moment = start + timedelta(minutes=5 * position)
        builder.created += 1
        notes = (
            "Plays well in a group; loves the big yard."
            if result is EvaluationResult.PASS
            else "Guarded around food and toys; not suited to group play yet."
        )
        evaluation = builder.past.record_evaluation(
            fid, OPERATOR, dog.id, result, notes=notes, recorded_by=evaluator.id
        )
        ok("evaluation", evaluation)
