"""Contract of ``PasswordResetTokenRepository``: platform-scope tokens, unique by hash."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.ids import PasswordResetTokenId
from petcare_core.domain.password_reset import PasswordResetToken
from petcare_core.ports.errors import ConcurrencyConflict, NotFound
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.samples import at, make_account, make_reset_token


def _account(uow_factory: UnitOfWorkFactory) -> PortalAccount:
    with uow_factory.platform() as uow:
        account = make_account(uow)
        uow.accounts.add(account)
        uow.commit()
    return account


def _token(uow_factory: UnitOfWorkFactory, account: PortalAccount) -> PasswordResetToken:
    with uow_factory.platform() as uow:
        token = make_reset_token(uow, account.id)
        uow.reset_tokens.add(token)
        uow.commit()
    return token


class PasswordResetTokenRepositoryContract(ContractBase):
    """What every ``PasswordResetTokenRepository`` must do."""

    def test_an_added_token_reads_back_equal_by_id_by_hash_and_by_account(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        account = _account(uow_factory)
        with uow_factory.platform() as uow:
            token = make_reset_token(uow, account.id)
            uow.reset_tokens.add(token)
            assert uow.reset_tokens.get(token.id) == token
            uow.commit()
        with uow_factory.platform() as uow:
            assert uow.reset_tokens.get(token.id) == token
            assert uow.reset_tokens.find_by_hash(token.token_hash) == token
            assert uow.reset_tokens.list_for_account(account.id) == [token]
            assert token in uow.reset_tokens.list()

    def test_generated_tokens_read_back_equal(self, uow_factory: UnitOfWorkFactory) -> None:
        account = _account(uow_factory)

        @self.examples()
        @given(data=st.data())
        def round_trip(data: st.DataObject) -> None:
            with uow_factory.platform() as uow:
                token = data.draw(
                    strategies.password_reset_tokens(account.id, PasswordResetTokenId(uow.new_id()))
                )
                # Hashes are unique in the storage every example shares.
                token = attrs.evolve(token, token_hash=f"{token.id:064x}")
                uow.reset_tokens.add(token)
                uow.commit()
            with uow_factory.platform() as uow:
                assert uow.reset_tokens.get(token.id) == token

        round_trip()

    def test_missing_tokens_are_not_found(self, uow_factory: UnitOfWorkFactory) -> None:
        account = _account(uow_factory)
        with uow_factory.platform() as uow:
            unsaved = make_reset_token(uow, account.id)
            with pytest.raises(NotFound):
                uow.reset_tokens.get(unsaved.id)
            with pytest.raises(NotFound):
                uow.reset_tokens.update(unsaved)
            assert uow.reset_tokens.find_by_hash(unsaved.token_hash) is None
            assert uow.reset_tokens.list_for_account(account.id) == []

    def test_list_for_account_is_that_accounts_tokens_by_id(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        mine, theirs = _account(uow_factory), _account(uow_factory)
        with uow_factory.platform() as uow:
            tokens = [make_reset_token(uow, mine.id) for _ in range(3)]
            for token in [*reversed(tokens), make_reset_token(uow, theirs.id)]:
                uow.reset_tokens.add(token)
            uow.commit()
        with uow_factory.platform() as uow:
            assert uow.reset_tokens.list_for_account(mine.id) == tokens
            listed = [token.id for token in uow.reset_tokens.list()]
        assert listed == sorted(listed)

    def test_update_versions_and_conflicts_when_stale(self, uow_factory: UnitOfWorkFactory) -> None:
        token = _token(uow_factory, _account(uow_factory))
        change = token.used(at(600))
        with uow_factory.platform() as uow:
            stored = uow.reset_tokens.update(change)
            assert stored == attrs.evolve(change, version=token.version + 1)
            uow.commit()
        with uow_factory.platform() as uow:
            assert uow.reset_tokens.get(token.id) == stored
            with pytest.raises(ConcurrencyConflict):
                uow.reset_tokens.update(token.revoked(at(700)))
                uow.commit()
        with uow_factory.platform() as uow:
            assert uow.reset_tokens.get(token.id) == stored

    def test_token_hashes_are_unique(self, uow_factory: UnitOfWorkFactory) -> None:
        account = _account(uow_factory)
        token = _token(uow_factory, account)
        with uow_factory.platform() as uow, pytest.raises(ConcurrencyConflict):
            uow.reset_tokens.add(make_reset_token(uow, account.id, token_hash=token.token_hash))
            uow.commit()
        with uow_factory.platform() as uow:
            assert uow.reset_tokens.list_for_account(account.id) == [token]

    def test_nothing_is_visible_before_commit_and_nothing_kept_without_it(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        account = _account(uow_factory)
        with uow_factory.platform() as writer:
            token = make_reset_token(writer, account.id)
            writer.reset_tokens.add(token)
            with uow_factory.platform() as reader:
                assert reader.reset_tokens.find_by_hash(token.token_hash) is None
        with uow_factory.platform() as uow:
            assert uow.reset_tokens.find_by_hash(token.token_hash) is None
            with pytest.raises(NotFound):
                uow.reset_tokens.get(token.id)
