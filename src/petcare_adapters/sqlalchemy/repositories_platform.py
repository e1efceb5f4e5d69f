"""The platform-scope repositories: facilities, portal accounts and the API key index."""

from __future__ import annotations

from typing import Any

import attrs
import sqlalchemy as sa

from petcare_adapters.sqlalchemy import rows_platform as rows
from petcare_adapters.sqlalchemy.codecs import fetch_all, fetch_one, readers
from petcare_adapters.sqlalchemy.errors import translated
from petcare_adapters.sqlalchemy.repositories import Transaction, insert_new, insert_or_conflict
from petcare_adapters.sqlalchemy.rows_platform import ACCOUNT_COLUMNS, FACILITY_COLUMNS
from petcare_adapters.sqlalchemy.tables import (
    account_owner_links,
    api_keys,
    facilities,
    portal_accounts,
)
from petcare_core.domain.account import OwnerLink, PortalAccount
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import FacilityId, PortalAccountId
from petcare_core.domain.staff import ApiKey
from petcare_core.ports.errors import ConcurrencyConflict, NotFound

_f = facilities.c
_FACILITIES = sa.select(*FACILITY_COLUMNS).order_by(_f.id)
_FACILITY_BY_ID = sa.select(*FACILITY_COLUMNS).where(_f.id == sa.bindparam("w_id"))
_FACILITY_BY_SLUG = sa.select(*FACILITY_COLUMNS).where(_f.slug == sa.bindparam("slug"))
_FACILITY_BY_CODE = sa.select(*FACILITY_COLUMNS).where(_f.invite_code == sa.bindparam("code"))
_FACILITY_EXISTS = sa.select(_f.id).where(_f.id == sa.bindparam("w_id"))
_READ_FACILITY = readers(rows.facility_reader)
_INSERT_FACILITY = insert_new(facilities)
_UPDATE_FACILITY = (
    facilities.update()
    .where(_f.id == sa.bindparam("w_id"), _f.version == sa.bindparam("w_version"))
    .values(version=_f.version + 1)
)


def _version_checked(
    connection: sa.Connection,
    update: sa.Update,
    exists: sa.Select[Any],
    row: dict[str, Any],
    kind: str,
) -> None:
    parameters = {key: value for key, value in row.items() if key not in ("id", "version")}
    parameters["w_id"] = row["id"]
    parameters["w_version"] = row["version"]
    if connection.execute(update, parameters).rowcount == 1:
        return
    if connection.execute(exists, {"w_id": row["id"]}).first() is None:
        raise NotFound(kind, row["id"])
    raise ConcurrencyConflict(kind, row["id"])


class SqlFacilityRepository:
    """Every facility of the deployment."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    def _one(self, statement: sa.Select[Any], parameters: dict[str, Any]) -> Facility | None:
        with translated("facility", next(iter(parameters.values()))):
            return fetch_one(self._transaction.get(), statement, parameters, _READ_FACILITY)

    def add(self, facility: Facility) -> None:
        """Insert a facility; a taken id, slug or invite code raises ``ConcurrencyConflict``."""
        row = rows.facility_to_row(facility)
        with translated("facility", facility.id):
            insert_or_conflict(
                self._transaction.get(), _INSERT_FACILITY, row, "facility", facility.id
            )

    def get(self, facility_id: FacilityId) -> Facility:
        """The facility or ``NotFound``."""
        facility = self._one(_FACILITY_BY_ID, {"w_id": facility_id})
        if facility is None:
            raise NotFound("facility", facility_id)
        return facility

    def find_by_slug(self, slug: str) -> Facility | None:
        """The facility with this slug."""
        return self._one(_FACILITY_BY_SLUG, {"slug": slug})

    def find_by_invite_code(self, code: str) -> Facility | None:
        """The facility with this invite code."""
        return self._one(_FACILITY_BY_CODE, {"code": code})

    def update(self, facility: Facility) -> Facility:
        """Store a changed facility (optimistic version check)."""
        with translated("facility", facility.id):
            _version_checked(
                self._transaction.get(),
                _UPDATE_FACILITY,
                _FACILITY_EXISTS,
                rows.facility_to_row(facility),
                "facility",
            )
        return attrs.evolve(facility, version=facility.version + 1)

    def list(self) -> list[Facility]:
        """Every facility, ordered by id."""
        with translated("facility"):
            return fetch_all(self._transaction.get(), _FACILITIES, {}, _READ_FACILITY)


_a = portal_accounts.c
_l = account_owner_links.c
_ACCOUNTS = sa.select(*ACCOUNT_COLUMNS).order_by(_a.id)
_ACCOUNT_BY_ID = sa.select(*ACCOUNT_COLUMNS).where(_a.id == sa.bindparam("w_id"))
_ACCOUNT_BY_EMAIL = sa.select(*ACCOUNT_COLUMNS).where(_a.email_key == sa.bindparam("email_key"))
_ACCOUNT_BY_PHONE = sa.select(*ACCOUNT_COLUMNS).where(_a.phone == sa.bindparam("phone"))
_ACCOUNT_EXISTS = sa.select(_a.id).where(_a.id == sa.bindparam("w_id"))
_READ_ACCOUNT = readers(rows.account_reader)
_INSERT_ACCOUNT = insert_new(portal_accounts)
_UPDATE_ACCOUNT = (
    portal_accounts.update()
    .where(_a.id == sa.bindparam("w_id"), _a.version == sa.bindparam("w_version"))
    .values(version=_a.version + 1)
)
_LINK_ORDER = (_l.account_id, _l.facility_id, _l.owner_id)
_ALL_LINKS = sa.select(*_LINK_ORDER).order_by(*_LINK_ORDER)
_LINKS_OF = (
    sa.select(*_LINK_ORDER).where(_l.account_id == sa.bindparam("w_id")).order_by(*_LINK_ORDER)
)
_INSERT_LINK = account_owner_links.insert()
_DELETE_LINKS = account_owner_links.delete().where(_l.account_id == sa.bindparam("w_id"))


def _linked(account: PortalAccount, links: list[OwnerLink]) -> PortalAccount:
    return attrs.evolve(account, links=tuple(links)) if links else account


class SqlPortalAccountRepository:
    """Every pet-parent login; links to owners live in ``account_owner_links``.

    Links are returned sorted, which is the order ``PortalAccount.linked_to`` keeps them in.
    """

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    def _one(self, statement: sa.Select[Any], parameters: dict[str, Any]) -> PortalAccount | None:
        connection = self._transaction.get()
        with translated("portal account", next(iter(parameters.values()))):
            account = fetch_one(connection, statement, parameters, _READ_ACCOUNT)
            if account is None:
                return None
            links = connection.execute(_LINKS_OF, {"w_id": account.id}).all()
        return _linked(account, [OwnerLink(f, o) for _, f, o in links])

    def _insert_links(self, account: PortalAccount) -> None:
        if account.links:
            self._transaction.get().execute(_INSERT_LINK, rows.link_rows(account))

    def add(self, item: PortalAccount) -> None:
        """Insert an account and its links; a taken id, email or phone is a conflict."""
        with translated("portal account", item.id):
            insert_or_conflict(
                self._transaction.get(),
                _INSERT_ACCOUNT,
                rows.account_to_row(item),
                "portal account",
                item.id,
            )
            self._insert_links(item)

    def get(self, item_id: PortalAccountId) -> PortalAccount:
        """The account with this id, or ``NotFound``."""
        account = self._one(_ACCOUNT_BY_ID, {"w_id": item_id})
        if account is None:
            raise NotFound("portal account", item_id)
        return account

    def update(self, item: PortalAccount) -> PortalAccount:
        """Store a changed account (version-checked) and replace its links."""
        connection = self._transaction.get()
        with translated("portal account", item.id):
            _version_checked(
                connection,
                _UPDATE_ACCOUNT,
                _ACCOUNT_EXISTS,
                rows.account_to_row(item),
                "portal account",
            )
            connection.execute(_DELETE_LINKS, {"w_id": item.id})
            self._insert_links(item)
        return attrs.evolve(item, version=item.version + 1)

    def list(self) -> list[PortalAccount]:
        """Every account, ordered by id."""
        connection = self._transaction.get()
        with translated("portal account"):
            accounts = fetch_all(connection, _ACCOUNTS, {}, _READ_ACCOUNT)
            links: dict[int, list[OwnerLink]] = {}
            for account_id, facility_id, owner_id in connection.execute(_ALL_LINKS):
                links.setdefault(account_id, []).append(OwnerLink(facility_id, owner_id))
        return [_linked(account, links.get(account.id, [])) for account in accounts]

    def find_by_email(self, email: str) -> PortalAccount | None:
        """The account with this case-folded email; none for an empty email."""
        if not email:
            return None
        return self._one(_ACCOUNT_BY_EMAIL, {"email_key": email.casefold()})

    def find_by_phone(self, phone: str) -> PortalAccount | None:
        """The account with this E.164 phone; none for an empty phone."""
        if not phone:
            return None
        return self._one(_ACCOUNT_BY_PHONE, {"phone": phone})


_k = api_keys.c
_KEY_BY_PREFIX = sa.select(*rows.API_KEY_COLUMNS).where(_k.prefix == sa.bindparam("prefix"))
_READ_API_KEY = readers(rows.api_key_reader)


class SqlApiKeyIndex:
    """Finds an API key by its public prefix across facilities."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    def find_by_prefix(self, prefix: str) -> ApiKey | None:
        """The key with this prefix, in whichever facility it belongs to."""
        with translated("API key", prefix):
            return fetch_one(
                self._transaction.get(), _KEY_BY_PREFIX, {"prefix": prefix}, _READ_API_KEY
            )
