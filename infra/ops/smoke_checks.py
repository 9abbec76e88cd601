"""The smoke checks of the public routes, accounts and sessions (posts: ``smoke_posts``). Each takes the client
and the run's ``Session`` and returns a short detail for its output line; it raises ``CheckFailed`` (contract
broken) or ``Skipped`` (an earlier check failed). ``CHECKS`` in ``smoke`` orders them."""

from __future__ import annotations

from collections.abc import Callable

from infra.ops.smoke_client import Client
from infra.ops.smoke_expect import Session, check, error, need, ok

Check = Callable[[Client, Session], str]


def health(api: Client, s: Session) -> str:
    data = ok(api.request("GET", "/v1/health"))
    check(data.get("status") == "ok", f"status {data.get('status')!r}, checks {data.get('checks')!r}")
    return f"ok, version {data.get('version')}"


def jwks(api: Client, s: Session) -> str:
    res = api.request("GET", "/.well-known/jwks.json")
    check(res.status == 200, f"expected 200, got {res.status}")
    keys = (res.json() or {}).get("keys") or []
    check(bool(keys) and all(k.get("kid") and k.get("kty") == "EC" for k in keys), "no EC keys with a kid")
    check(not any("d" in k for k in keys), "a private key component is published")
    return f"{len(keys)} key(s)"


def openapi(api: Client, s: Session) -> str:
    res = api.request("GET", "/v1/openapi.json")
    doc = res.json() or {}
    check(res.status == 200 and str(doc.get("openapi", "")).startswith("3.1"), "not an OpenAPI 3.1 document")
    check("/v1/posts" in (doc.get("paths") or {}), "the document lacks /v1/posts")
    return f"{len(doc['paths'])} paths"


def unknown_route(api: Client, s: Session) -> str:
    error(api.request("GET", "/v1/no-such-route"), 404, "NOT_FOUND")
    return "404 envelope"


def wrong_method(api: Client, s: Session) -> str:
    res = api.request("DELETE", "/v1/health")  # a known path, a method it does not serve
    error(res, 405, "METHOD_NOT_ALLOWED")
    allowed = {m.strip() for m in res.header("Allow").split(",") if m.strip()}
    check("GET" in allowed and "DELETE" not in allowed, f"Allow lists {sorted(allowed)}, not the path's methods")
    return f"405 with Allow: {', '.join(sorted(allowed))}"


def anonymous(api: Client, s: Session) -> str:
    res = api.request("GET", "/v1/users/me")
    error(res, 401, "UNAUTHORIZED")
    check(res.header("WWW-Authenticate").startswith("Bearer"), "401 without WWW-Authenticate: Bearer")
    return "401 with WWW-Authenticate"


def register(api: Client, s: Session) -> str:
    res = api.request("POST", "/v1/auth/register", {"email": s.email, "password": s.password, "name": "Keel Smoke"})
    user = ok(res, 201)
    check(user.get("email") == s.email and user.get("role") == "user", "unexpected user")
    check(res.header("Location").endswith(f"/v1/users/{user.get('id')}"), "no Location of the new user")
    s.user_id = user["id"]
    return s.email


def login(api: Client, s: Session) -> str:
    res = api.request("POST", "/v1/auth/login", {"email": s.email, "password": s.password})
    data = ok(res)
    check(data.get("token_type") == "Bearer" and isinstance(data.get("expires_in"), int), "not a token pair")
    check("no-store" in res.header("Cache-Control"), "tokens without Cache-Control: no-store")
    s.access, s.refresh = data["access_token"], data["refresh_token"]
    return f"token pair, expires_in {data['expires_in']}"


def me(api: Client, s: Session) -> str:
    user = ok(api.request("GET", "/v1/users/me", token=need(s.access, "login")))
    check(user.get("id") == s.user_id, "another user's profile")
    return "own profile"


def refresh(api: Client, s: Session) -> str:
    old = need(s.refresh, "login")
    data = ok(api.request("POST", "/v1/auth/refresh", {"refresh_token": old}))
    check(data.get("refresh_token") not in (None, old), "the refresh token was not rotated")
    ok(api.request("GET", "/v1/users/me", token=data["access_token"]))
    # Presenting the rotated-out token again is reuse: refused, and it ends the whole session.
    error(api.request("POST", "/v1/auth/refresh", {"refresh_token": old}), 401, "UNAUTHORIZED")
    s.access = s.refresh = None
    return "new pair works; the rotated-out token is refused"


def logout(api: Client, s: Session) -> str:
    if s.refresh is None:  # the refresh check ended its session on purpose
        login(api, s)
    token = need(s.refresh, "login")
    ok(api.request("POST", "/v1/auth/logout", {"refresh_token": token}), 204)
    s.access = s.refresh = None
    error(api.request("POST", "/v1/auth/refresh", {"refresh_token": token}), 401, "UNAUTHORIZED")
    return "204; the logged-out refresh token is refused"
