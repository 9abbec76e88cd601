"""The permission table is SPEC §4 exactly."""

from __future__ import annotations

import pytest

from keel.auth.permissions import Action, Role, allowed

U, M, A = Role.USER, Role.MODERATOR, Role.ADMIN
SPEC = {
    Action.CREATE_POST: {U, M, A},
    Action.EDIT_OWN_POST: {U, M, A},
    Action.EDIT_ANY_POST: {M, A},
    Action.MANAGE_SELF: {U, M, A},
    Action.READ_USERS: {A},
    Action.MANAGE_USERS: {A},
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_the_table_matches_the_spec(role, action):
    assert allowed(role, action) == (role in SPEC[action])


def test_unknown_roles_may_do_nothing():
    assert not any(allowed("superuser", action) for action in Action)
