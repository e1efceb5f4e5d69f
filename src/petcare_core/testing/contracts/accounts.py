"""Contract of ``PortalAccountRepository``: platform-wide logins, reachable from both kinds of
unit of work, unique by email and by phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.account import OwnerLink, PortalAccount
from petcare_core.domain.ids import FacilityId, PortalAccountId
from petcare_core.ports.errors import ConcurrencyConflict, NotFound
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.samples import make_account, make_owner


def _add_account(uow_factory: UnitOfWorkFactory, **changes: Any) -> PortalAccount:
    with uow_factory.platform() as uow:
        account = make_account(uow, **changes)
        uow.accounts.add(account)
        uow.commit()
    return account


class PortalAccountRepositoryContract(ContractBase):
    """What every ``PortalAccountRepository`` must do."""

    def test_an_account_with_links_reads_back_equal_from_both_kinds_of_unit_of_work(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        links = []
        for tenant in (other_facility_id, facility_id):
            with uow_factory.for_facility(tenant) as uow:
                owner = make_owner(uow)
                uow.owners.add(owner)
                uow.commit()
            links.append(OwnerLink(tenant, owner.id))
        with uow_factory.for_facility(facility_id) as uow:
            account = make_account(uow)
            for link in links:
                account = account.linked_to(link)
            uow.accounts.add(account)
            assert uow.accounts.get(account.id) == account
            uow.commit()
        with uow_factory.platform() as platform:
            assert platform.accounts.get(account.id) == account
            assert account in platform.accounts.list()
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.accounts.get(account.id) == account
            assert uow.accounts.get(account.id).owner_in(facility_id) == links[1].owner_id

    def test_generated_accounts_read_back_equal(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            owner = make_owner(uow)
            uow.owners.add(owner)
            uow.commit()

        @self.examples()
        @given(data=st.data())
        def round_trip(data: st.DataObject) -> None:
            with uow_factory.platform() as uow:
                account = data.draw(strategies.portal_accounts(PortalAccountId(uow.new_id())))
                # Emails and phones are unique in the storage every example shares, and links
                # must name an existing owner.
                account = attrs.evolve(
                    account,
                    email=f"{account.id}.{account.email}" if account.email else "",
                    phone=f"+1{account.id:09d}" if account.phone else "",
                    links=(OwnerLink(facility_id, owner.id),) if account.links else (),
                )
                uow.accounts.add(account)
                uow.commit()
            with uow_factory.platform() as uow:
                assert uow.accounts.get(account.id) == account

        round_trip()

    def test_missing_accounts_are_not_found(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory.platform() as uow:
            missing = PortalAccountId(uow.new_id())
            with pytest.raises(NotFound):
                uow.accounts.get(missing)
            with pytest.raises(NotFound):
                uow.accounts.update(make_account(uow))
            assert uow.accounts.find_by_email(f"missing.{missing}@example.com") is None
            assert uow.accounts.find_by_phone("+442079460999") is None

    def test_find_by_email_and_phone(self, uow_factory: UnitOfWorkFactory) -> None:
        account = _add_account(uow_factory)
        with uow_factory.platform() as uow:
            assert uow.accounts.find_by_email(account.email) == account
            assert uow.accounts.find_by_phone(account.phone) == account

    def test_find_by_email_ignores_the_case_of_the_query(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        account = _add_account(uow_factory)
        with uow_factory.platform() as uow:
            assert uow.accounts.find_by_email(account.email.upper()) == account

    def test_empty_email_and_phone_are_no_value(self, uow_factory: UnitOfWorkFactory) -> None:
        # Two phone-only and two email-only logins: empty values never collide or match.
        for _ in range(2):
            _add_account(uow_factory, email="")
        for _ in range(2):
            _add_account(uow_factory, phone="")
        with uow_factory.platform() as uow:
            assert uow.accounts.find_by_email("") is None
            assert uow.accounts.find_by_phone("") is None

    def test_list_is_ordered_by_id(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory.platform() as uow:
            accounts = [make_account(uow) for _ in range(3)]
            for account in reversed(accounts):
                uow.accounts.add(account)
            uow.commit()
        with uow_factory.platform() as uow:
            listed = [account.id for account in uow.accounts.list()]
        assert listed == sorted(listed)
        assert {account.id for account in accounts} <= set(listed)

    def test_update_versions_and_conflicts_when_stale(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        account = _add_account(uow_factory)
        with uow_factory.for_facility(facility_id) as uow:
            owner = make_owner(uow)
            uow.owners.add(owner)
            uow.commit()
        change = attrs.evolve(
            account.linked_to(OwnerLink(facility_id, owner.id)), password_hash="$argon2id$new"
        )
        with uow_factory.platform() as uow:
            stored = uow.accounts.update(change)
            assert stored == attrs.evolve(change, version=account.version + 1)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.accounts.get(account.id) == stored
            with pytest.raises(ConcurrencyConflict):
                uow.accounts.update(change)
                uow.commit()

    @pytest.mark.parametrize("field", ["email", "phone"])
    def test_email_and_phone_are_unique(self, uow_factory: UnitOfWorkFactory, field: str) -> None:
        taken = _add_account(uow_factory)
        value = getattr(taken, field)
        with uow_factory.platform() as uow, pytest.raises(ConcurrencyConflict):
            uow.accounts.add(make_account(uow, **{field: value}))
            uow.commit()
        other = _add_account(uow_factory)
        with uow_factory.platform() as uow, pytest.raises(ConcurrencyConflict):
            uow.accounts.update(attrs.evolve(other, **{field: value}))
            uow.commit()
        twin = f"{value}0"
        with uow_factory.platform() as uow, pytest.raises(ConcurrencyConflict):
            uow.accounts.add(make_account(uow, **{field: twin}))
            uow.accounts.add(make_account(uow, **{field: twin}))
            uow.commit()
        with uow_factory.platform() as uow:
            find: Callable[[str], PortalAccount | None] = getattr(uow.accounts, f"find_by_{field}")
            assert find(value) == taken
            assert uow.accounts.get(other.id) == other
            assert find(twin) is None

    def test_signing_up_is_one_transaction(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            owner = make_owner(uow)
            account = make_account(uow).linked_to(OwnerLink(facility_id, owner.id))
            uow.owners.add(owner)
            uow.accounts.add(account)
            with uow_factory.platform() as platform:
                assert platform.accounts.find_by_email(account.email) is None
        with uow_factory.platform() as platform:
            assert platform.accounts.find_by_email(account.email) is None
            with pytest.raises(NotFound):
                platform.accounts.get(account.id)
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(NotFound):
            uow.owners.get(owner.id)
