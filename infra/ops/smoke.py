"""``make smoke URL=<base url>``: the end-to-end smoke suite against any running Keel, local or deployed.

    python -m infra.ops.smoke https://<id>.execute-api.<region>.amazonaws.com/prod/
    python -m infra.ops.smoke http://127.0.0.1:3000

Standard library only. It registers a throwaway user, exercises the public contract (SPEC §1-§3) and deletes
what it created (its post, then the account through ``DELETE /v1/users/me``) even when a check fails. One line
per check, a summary, exit status 0 when every check passed, 1 otherwise, 2 when the URL is unusable.

The throwaway address is on the SES mailbox simulator (``success+<label>@simulator.amazonses.com``), so a stage
that sends mail delivers it somewhere that neither bounces nor reaches a person.
"""

from __future__ import annotations

import argparse
import http.client
import secrets
import sys
import time

from infra.ops import smoke_checks as account
from infra.ops import smoke_posts as posts
from infra.ops.smoke_client import Client, UsageError
from infra.ops.smoke_expect import CheckFailed, Session, Skipped, check, error, ok

EMAIL_DOMAIN = "simulator.amazonses.com"
NETWORK_ERRORS = (OSError, http.client.HTTPException)
CHECKS: tuple[account.Check, ...] = (
    account.health, account.jwks, account.openapi, account.unknown_route, account.wrong_method, account.anonymous,
    account.register, account.login, account.me,
    posts.create_post, posts.conditional_get, posts.list_posts, posts.update_post, posts.validation,
    posts.delete_post,
    account.refresh, account.logout,
)  # fmt: skip


def new_session(domain: str) -> Session:
    label = secrets.token_hex(6)
    return Session(email=f"success+keel-smoke-{label}@{domain}", password=f"smoke {secrets.token_urlsafe(18)}")


def run_check(name: str, fn: account.Check, api: Client, s: Session) -> str:
    """Run one check and print its line; the outcome is ``PASS``, ``FAIL`` or ``SKIP``."""
    try:
        outcome, detail = "PASS", fn(api, s)
    except Skipped as exc:
        outcome, detail = "SKIP", str(exc)
    except CheckFailed as exc:
        outcome, detail = "FAIL", str(exc)
    except NETWORK_ERRORS as exc:
        outcome, detail = "FAIL", f"no answer: {type(exc).__name__}: {exc}"
    except (KeyError, TypeError, AttributeError) as exc:  # a body of an unexpected shape
        outcome, detail = "FAIL", f"unexpected response shape ({type(exc).__name__}: {exc})"
    print(f"{outcome:<5} {name:<16} {detail}", flush=True)
    return outcome


def cleanup(api: Client, s: Session) -> str:
    """Delete the smoke post and account, signing in again when the run's session is gone."""
    token = s.access
    if token is None:
        res = api.request("POST", "/v1/auth/login", {"email": s.email, "password": s.password})
        if res.status == 401:
            return "nothing to clean up (the account does not exist)"
        token = ok(res)["access_token"]
    if s.post_id and "post" not in s.deleted:
        res = api.request("DELETE", f"/v1/posts/{s.post_id}", token=token)
        check(res.status in (204, 404), f"deleting the post {s.post_id} gave {res.status}")
    ok(api.request("DELETE", "/v1/users/me", token=token), 204)
    s.deleted.add("user")
    error(api.request("POST", "/v1/auth/login", {"email": s.email, "password": s.password}), 401, "UNAUTHORIZED")
    return "post and account deleted; the account can no longer sign in"


def run(api: Client, s: Session, checks: tuple[account.Check, ...] = CHECKS) -> dict[str, int]:
    """Every check, then the cleanup whatever happened; the count of each outcome."""
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    try:
        for fn in checks:
            counts[run_check(fn.__name__, fn, api, s)] += 1
    finally:
        outcome = run_check("cleanup", cleanup, api, s)
        counts[outcome] += 1
        if outcome != "PASS" and "user" not in s.deleted:
            print(f"      the smoke account {s.email} may still exist: delete it by hand", flush=True)
    return counts


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.ops.smoke", description=__doc__.splitlines()[0])
    parser.add_argument("url", help="base URL of a running Keel (the stack output ApiUrl, or the local server)")
    parser.add_argument("--email-domain", default=EMAIL_DOMAIN, help="domain of the throwaway account's email")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for each answer")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    try:
        api = Client(args.url, timeout=args.timeout)
    except UsageError as exc:
        print(f"smoke: {exc}", file=sys.stderr)
        return 2
    print(f"smoke: {api.base_url}", flush=True)
    started = time.monotonic()
    counts = run(api, new_session(args.email_domain))
    took = time.monotonic() - started
    print(f"smoke: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped ({took:.1f} s)")
    return 0 if counts["FAIL"] == counts["SKIP"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
