"""The generated client (clients/python, from functions/openapi/openapi.json) drives a whole session against the local
server: if the document and the API drift apart, a typed call here stops parsing or gets another status."""

from __future__ import annotations

import json
import secrets

import pytest
from keel_client import AuthenticatedClient, Client
from keel_client.api.auth import auth_login, auth_logout, auth_refresh, auth_register
from keel_client.api.posts import posts_create, posts_delete, posts_get, posts_list, posts_update
from keel_client.models import (
    EnvelopeLoginResult,
    EnvelopePost,
    EnvelopeTokenPair,
    EnvelopeUser,
    LoginRequest,
    NotFoundEnvelope,
    PagePost,
    PostCreate,
    PostUpdate,
    RefreshRequest,
    RegisterRequest,
    UnauthorizedEnvelope,
)

from tests.support.server import ROOT

pytestmark = pytest.mark.slow


def test_a_whole_session_through_the_generated_client(server):
    base = f"http://127.0.0.1:{server.port}"
    anonymous = Client(base_url=base, raise_on_unexpected_status=True)
    email, password = f"client-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(16)

    # Given a registered account
    registered = auth_register.sync_detailed(
        client=anonymous, body=RegisterRequest(email=email, password=password, name="Grace")
    )
    assert registered.status_code == 201 and isinstance(registered.parsed, EnvelopeUser)
    assert registered.headers["location"] == f"/v1/users/{registered.parsed.data.id}"

    # When it signs in
    login = auth_login.sync_detailed(client=anonymous, body=LoginRequest(email=email, password=password))
    assert isinstance(login.parsed, EnvelopeLoginResult)
    tokens = login.parsed.data
    user = AuthenticatedClient(base_url=base, token=tokens.access_token, raise_on_unexpected_status=True)

    # Then it creates a post once, whatever the retries with the same Idempotency-Key
    draft = PostCreate(title="Compilers", body="A-0, then FLOW-MATIC.", tags=["history"])
    created = posts_create.sync_detailed(client=user, body=draft, idempotency_key="first-post-1952")
    replayed = posts_create.sync_detailed(client=user, body=draft, idempotency_key="first-post-1952")
    assert created.status_code == 201 and isinstance(created.parsed, EnvelopePost)
    post, etag = created.parsed.data, created.headers["etag"]
    assert replayed.headers["idempotent-replayed"] == "true" and replayed.parsed.data.id == post.id

    # And reads it conditionally: 304 with the same ETag and no body
    unchanged = posts_get.sync_detailed(post.id, client=anonymous, if_none_match=etag)
    assert unchanged.status_code == 304 and unchanged.headers["etag"] == etag and unchanged.content == b""

    # And finds it in the author's listing
    listing = posts_list.sync_detailed(client=anonymous, author_id=post.author_id, limit=5)
    assert isinstance(listing.parsed, PagePost) and [p.id for p in listing.parsed.data] == [post.id]

    # And updates it only while it still has the version it read
    updated = posts_update.sync_detailed(post.id, client=user, body=PostUpdate(title="Compilers, 1952"), if_match=etag)
    assert isinstance(updated.parsed, EnvelopePost) and updated.parsed.data.version == 2
    assert updated.headers["etag"] != etag

    # And deletes it: gone for everyone
    assert posts_delete.sync_detailed(post.id, client=user, if_match=updated.headers["etag"]).status_code == 204
    assert isinstance(posts_get.sync_detailed(post.id, client=anonymous).parsed, NotFoundEnvelope)

    # And rotates its refresh token, then signs out: the rotated token no longer works
    refreshed = auth_refresh.sync_detailed(client=anonymous, body=RefreshRequest(refresh_token=tokens.refresh_token))
    assert isinstance(refreshed.parsed, EnvelopeTokenPair)
    current = refreshed.parsed.data.refresh_token
    assert auth_logout.sync_detailed(client=anonymous, body=RefreshRequest(refresh_token=current)).status_code == 204
    after = auth_refresh.sync_detailed(client=anonymous, body=RefreshRequest(refresh_token=current))
    assert isinstance(after.parsed, UnauthorizedEnvelope) and after.parsed.error.code.value == "UNAUTHORIZED"


def test_the_local_server_serves_the_committed_document(server):
    served = server.request("GET", "/v1/openapi.json")
    assert served.status == 200
    assert served.json == json.loads((ROOT / "functions" / "openapi" / "openapi.json").read_text())
