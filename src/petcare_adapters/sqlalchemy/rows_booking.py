"""Row <-> domain translation for the booking engine's catalog and facts: reservation types,
add-ons, capacity pools, lodgings, agreements, agreement signatures, evaluations and staff
overrides.

As in ``rows_catalog``: each ``*_COLUMNS`` tuple lists the selected columns in the order its
reader unpacks them, and a ``*_reader(codec)`` builds the reader for one dialect. Policies and
agreement versions are JSON through ``serialization``; sets of ids are sorted JSON arrays.
Reservations and the capacity ledger are in ``rows_reservations``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from petcare_adapters.sqlalchemy import serialization
from petcare_adapters.sqlalchemy.codecs import Codec
from petcare_adapters.sqlalchemy.rows_people import dump_json
from petcare_adapters.sqlalchemy.tables_booking import (
    additional_services,
    agreement_signatures,
    agreements,
    booking_overrides,
    capacity_pools,
    evaluations,
    lodgings,
    reservation_types,
)
from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement, AgreementSignature
from petcare_core.domain.booking import BookingOverride
from petcare_core.domain.capacity import CapacityPool, Lodging, PoolKind
from petcare_core.domain.estimate import AddOnCharge, PricingUnit
from petcare_core.domain.evaluations import Evaluation, EvaluationResult
from petcare_core.domain.money import Money
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission

_UNIT = {member.value: member for member in PricingUnit}
_CHARGE = {member.value: member for member in AddOnCharge}
_POOL_KIND = {member.value: member for member in PoolKind}
_RESULT = {member.value: member for member in EvaluationResult}
_PERMISSION = {member.value: member for member in Permission}
_NO_IDS = "[]"


def _columns(table: sa.Table, names: str) -> tuple[sa.ColumnElement[Any], ...]:
    return tuple(table.c[name] for name in names.split())


def dump_ids(ids: Iterable[int]) -> str:
    """A set of ids as a sorted JSON array (equal sets store equal text)."""
    ordered = sorted(ids)
    return dump_json(ordered) if ordered else _NO_IDS


def load_ids(text: str) -> frozenset[Any]:
    """The set of ids ``dump_ids`` wrote (typed ``Any`` so each caller's id type applies)."""
    return frozenset() if text == _NO_IDS else frozenset(json.loads(text))


RESERVATION_TYPE_COLUMNS = _columns(
    reservation_types,
    "id facility_id name unit base_price currency appointment_minutes assigns_staff staff_ids "
    "location_ids required_immunization_type_ids required_agreement_ids requires_evaluation "
    "booking_policy cancellation_policy deposit active version",
)


def reservation_type_reader(codec: Codec) -> Callable[[Any], ReservationType]:
    """Reads a ``ReservationType`` from a driver row of ``RESERVATION_TYPE_COLUMNS``."""
    return _reservation_type


def _reservation_type(row: Any) -> ReservationType:
    (
        id_, facility_id, name, unit, base_price, currency, appointment_minutes, assigns_staff,
        staff_ids, location_ids, immunization_type_ids, agreement_ids, requires_evaluation, policy,
        cancellation, deposit, active, version,
    ) = row  # fmt: skip
    return ReservationType(
        id=id_,
        facility_id=facility_id,
        name=name,
        unit=_UNIT[unit],
        base_price=Money(base_price, currency),
        appointment_minutes=appointment_minutes,
        assigns_staff=bool(assigns_staff),
        staff_ids=load_ids(staff_ids),
        location_ids=load_ids(location_ids),
        required_immunization_type_ids=load_ids(immunization_type_ids),
        required_agreement_ids=load_ids(agreement_ids),
        requires_evaluation=bool(requires_evaluation),
        policy=serialization.load_booking_policy(policy),
        cancellation=serialization.load_cancellation_policy(cancellation),
        deposit=serialization.load_deposit(deposit),
        active=bool(active),
        version=version,
    )


def reservation_type_to_row(item: ReservationType) -> dict[str, Any]:
    """The column values of a reservation type."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "name": item.name,
        "unit": PricingUnit(item.unit).value,
        "base_price": item.base_price.amount,
        "currency": item.base_price.currency,
        "appointment_minutes": item.appointment_minutes,
        "assigns_staff": item.assigns_staff,
        "staff_ids": dump_ids(item.staff_ids),
        "location_ids": dump_ids(item.location_ids),
        "required_immunization_type_ids": dump_ids(item.required_immunization_type_ids),
        "required_agreement_ids": dump_ids(item.required_agreement_ids),
        "requires_evaluation": item.requires_evaluation,
        "booking_policy": serialization.dump_booking_policy(item.policy),
        "cancellation_policy": serialization.dump_cancellation_policy(item.cancellation),
        "deposit": serialization.dump_deposit(item.deposit),
        "active": item.active,
        "version": item.version,
    }


ADDITIONAL_SERVICE_COLUMNS = _columns(
    additional_services, "id facility_id name price currency charge type_ids active version"
)


def additional_service_reader(codec: Codec) -> Callable[[Any], AdditionalService]:
    """Reads an ``AdditionalService`` from a driver row of ``ADDITIONAL_SERVICE_COLUMNS``."""
    return _additional_service


def _additional_service(row: Any) -> AdditionalService:
    id_, facility_id, name, price, currency, charge, type_ids, active, version = row
    return AdditionalService(
        id_,
        facility_id,
        name,
        Money(price, currency),
        _CHARGE[charge],
        load_ids(type_ids),
        bool(active),
        version,
    )


def additional_service_to_row(item: AdditionalService) -> dict[str, Any]:
    """The column values of an add-on."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "name": item.name,
        "price": item.price.amount,
        "currency": item.price.currency,
        "charge": AddOnCharge(item.charge).value,
        "type_ids": dump_ids(item.type_ids),
        "active": item.active,
        "version": item.version,
    }


CAPACITY_POOL_COLUMNS = _columns(
    capacity_pools, "id facility_id location_id name kind capacity type_ids active version"
)


def capacity_pool_reader(codec: Codec) -> Callable[[Any], CapacityPool]:
    """Reads a ``CapacityPool`` from a driver row of ``CAPACITY_POOL_COLUMNS``."""
    return _capacity_pool


def _capacity_pool(row: Any) -> CapacityPool:
    id_, facility_id, location_id, name, kind, capacity, type_ids, active, version = row
    return CapacityPool(
        id_,
        facility_id,
        location_id,
        name,
        _POOL_KIND[kind],
        capacity,
        load_ids(type_ids),
        bool(active),
        version,
    )


def capacity_pool_to_row(item: CapacityPool) -> dict[str, Any]:
    """The column values of a capacity pool."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "location_id": item.location_id,
        "name": item.name,
        "kind": PoolKind(item.kind).value,
        "capacity": item.capacity,
        "type_ids": dump_ids(item.type_ids),
        "active": item.active,
        "version": item.version,
    }


LODGING_COLUMNS = _columns(lodgings, "id facility_id pool_id name active version")


def lodging_reader(codec: Codec) -> Callable[[Any], Lodging]:
    """Reads a ``Lodging`` from a driver row of ``LODGING_COLUMNS`` (nothing to convert)."""
    return _lodging


def _lodging(row: Any) -> Lodging:
    id_, facility_id, pool_id, name, active, version = row
    return Lodging(id_, facility_id, pool_id, name, bool(active), version)


def lodging_to_row(item: Lodging) -> dict[str, Any]:
    """The column values of a lodging."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "pool_id": item.pool_id,
        "name": item.name,
        "active": item.active,
        "version": item.version,
    }


AGREEMENT_COLUMNS = _columns(
    agreements, "id facility_id title versions location_ids active version"
)


def agreement_reader(codec: Codec) -> Callable[[Any], Agreement]:
    """Reads an ``Agreement`` from a driver row of ``AGREEMENT_COLUMNS``."""
    return _agreement


def _agreement(row: Any) -> Agreement:
    id_, facility_id, title, versions, location_ids, active, version = row
    return Agreement(
        id_,
        facility_id,
        title,
        serialization.load_agreement_versions(versions),
        load_ids(location_ids),
        bool(active),
        version,
    )


def agreement_to_row(item: Agreement) -> dict[str, Any]:
    """The column values of an agreement."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "title": item.title,
        "versions": serialization.dump_agreement_versions(item.versions),
        "location_ids": dump_ids(item.location_ids),
        "active": item.active,
        "version": item.version,
    }


SIGNATURE_COLUMNS = _columns(
    agreement_signatures,
    "id facility_id agreement_id version_number owner_id signer_name signed_at ip_address "
    "location_id",
)


def signature_reader(codec: Codec) -> Callable[[Any], AgreementSignature]:
    """Reads an ``AgreementSignature`` from a driver row of ``SIGNATURE_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> AgreementSignature:
        (
            id_, facility_id, agreement_id, version_number, owner_id, signer_name, signed_at,
            ip_address, location_id,
        ) = row  # fmt: skip
        return AgreementSignature(
            id_,
            facility_id,
            agreement_id,
            version_number,
            owner_id,
            signer_name,
            instant(signed_at),
            ip_address,
            location_id,
        )

    return read


def signature_to_row(item: AgreementSignature) -> dict[str, Any]:
    """The column values of an agreement signature."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "agreement_id": item.agreement_id,
        "version_number": item.version_number,
        "owner_id": item.owner_id,
        "signer_name": item.signer_name,
        "signed_at": item.signed_at,
        "ip_address": item.ip_address,
        "location_id": item.location_id,
    }


EVALUATION_COLUMNS = _columns(
    evaluations, "id facility_id animal_id result recorded_at recorded_by notes version"
)


def evaluation_reader(codec: Codec) -> Callable[[Any], Evaluation]:
    """Reads an ``Evaluation`` from a driver row of ``EVALUATION_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> Evaluation:
        id_, facility_id, animal_id, result, recorded_at, recorded_by, notes, version = row
        return Evaluation(
            id_,
            facility_id,
            animal_id,
            _RESULT[result],
            instant(recorded_at),
            recorded_by,
            notes,
            version,
        )

    return read


def evaluation_to_row(item: Evaluation) -> dict[str, Any]:
    """The column values of an evaluation."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "animal_id": item.animal_id,
        "result": EvaluationResult(item.result).value,
        "recorded_at": item.recorded_at,
        "recorded_by": item.recorded_by,
        "notes": item.notes,
        "version": item.version,
    }


OVERRIDE_COLUMNS = _columns(
    booking_overrides,
    "id facility_id reservation_id reason_code animal_id permission staff_user_id note at",
)


def override_reader(codec: Codec) -> Callable[[Any], BookingOverride]:
    """Reads a ``BookingOverride`` from a driver row of ``OVERRIDE_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> BookingOverride:
        (
            id_, facility_id, reservation_id, reason_code, animal_id, permission, staff_user_id,
            note, at,
        ) = row  # fmt: skip
        return BookingOverride(
            id_,
            facility_id,
            reservation_id,
            reason_code,
            animal_id,
            _PERMISSION[permission],
            staff_user_id,
            note,
            instant(at),
        )

    return read


def override_to_row(item: BookingOverride) -> dict[str, Any]:
    """The column values of a staff override."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "reservation_id": item.reservation_id,
        "reason_code": item.reason_code,
        "animal_id": item.animal_id,
        "permission": Permission(item.permission).value,
        "staff_user_id": item.staff_user_id,
        "note": item.note,
        "at": item.at,
    }
