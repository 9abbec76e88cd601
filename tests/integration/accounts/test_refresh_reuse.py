"""Reuse detection fires only for a refresh token that was really issued and then rotated out (SPEC §5): a
guessed secret for a known session id (readable in any access token) is just invalid and revokes nothing."""

from __future__ import annotations

import secrets

from keel.repositories import factory
from tests.conftest import call
from tests.support.auth import authorize, signed_in


def refresh(token: str):
    return call("auth_refresh", body={"refresh_token": token})


def forged(session_id: str) -> str:
    """A well-formed refresh token for a real session with a secret that was never issued."""
    return f"{session_id}.{secrets.token_urlsafe(32)}"


def test_a_never_issued_token_for_a_real_session_is_401_and_revokes_nothing(aws, capsys):
    # Given a victim's session (its id is in every access token it holds)
    victim = signed_in()
    # When someone refreshes with a guessed secret for that session
    res = refresh(forged(victim.session_id))
    # Then it is refused, and the victim keeps the session: tokens still work, no reuse is recorded
    assert res.status == 401
    assert factory.sessions().get(victim.session_id).revoked_at is None  # type: ignore[union-attr]
    assert authorize(victim.access_token) is not None
    assert refresh(victim.refresh_token).status == 200
    assert "RefreshReuseDetected" not in capsys.readouterr().out


def test_logout_with_a_never_issued_token_is_204_and_does_nothing(aws):
    victim = signed_in()
    res = call("auth_logout", body={"refresh_token": forged(victim.session_id)})
    assert res.status == 204
    assert authorize(victim.access_token) is not None
    assert refresh(victim.refresh_token).status == 200


def test_logout_with_an_already_rotated_token_revokes_the_session(aws):
    # Given a thief who rotated the stolen token first
    victim = signed_in()
    thief = refresh(victim.refresh_token).data
    # When the victim logs out with the (now rotated-out) token they still hold
    assert call("auth_logout", body={"refresh_token": victim.refresh_token}).status == 204
    # Then the whole session is revoked: the thief does not stay in
    assert refresh(thief["refresh_token"]).status == 401
    assert authorize(thief["access_token"]) is None


def test_a_token_rotated_out_several_rotations_ago_still_counts_as_reuse(aws):
    account = signed_in()
    first = account.refresh_token
    token = first
    for _ in range(5):
        token = refresh(token).data["refresh_token"]
    assert refresh(first).status == 401
    assert refresh(token).status == 401  # the session was revoked by the reuse
