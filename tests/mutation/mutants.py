# ruff: noqa: E501 - a table of code snippets reads best one mutant per line
"""The planted bugs of ``make mutate``: realistic mistakes in the security modules, each with the tests that
should notice it. ``old`` must occur exactly once in ``path`` (the runner checks), so a refactor that moves the
code makes the mutant fail loudly instead of silently testing nothing."""

from __future__ import annotations

from dataclasses import dataclass

KEEL = "layers/shared/python/keel/"
A = "tests/integration/accounts/"
LOCKOUT = (A + "test_lockout_rolling.py", A + "test_lockout.py")
AUTHORIZER = A + "test_authorizer.py"
GUARDS = "tests/integration/test_guards.py"
CONVENTIONS = ("tests/integration/test_hardened_conventions.py", "tests/unit/test_conventions.py")
POLICY = ("tests/unit/accounts",)
JSON = (
    "tests/unit/test_conventions.py",
    "tests/unit/test_properties.py",
    "-k",
    "json or body or nest or key or finite or object",
)
P = "tests/integration/posts/"


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str  # under layers/shared/python/keel/
    old: str
    new: str
    tests: tuple[str, ...]  # pytest arguments: the test files (and -k filters) that should notice it


MUTANTS: tuple[Mutant, ...] = (
    # lockout
    Mutant("window edge counted", "repositories/lockout.py", "int(t) > now - policy.window_s",
           "int(t) >= now - policy.window_s", LOCKOUT),
    Mutant("sixth failure locks", "repositories/lockout.py", "len(attempts) >= policy.limit",
           "len(attempts) > policy.limit", LOCKOUT),
    Mutant("lock ignored", "repositories/lockout.py", "if locked_until > now:", "if locked_until > now + 10**9:",
           LOCKOUT),
    Mutant("uncounted after a lock expired", "repositories/lockout.py",
           "    if locked_until > now:\n", "    if locked_until and locked_until <= now:\n        return Reservation(True), None\n    if locked_until > now:\n", LOCKOUT),
    Mutant("read-then-write reservation", "repositories/lockout.py", 'condition, vals = "version = :v"',
           'condition, vals = "version >= :v"', ("tests/integration/concurrency",)),
    # sessions and tokens
    Mutant("guessed secret revokes", "services/sessions.py", "if was_retired(presented, session.retired_hashes):",
           "if True:", (A + "test_refresh_reuse.py",)),
    Mutant("logout with a rotated token keeps the session", "services/revocation.py",
           "elif was_retired(presented, session.retired_hashes):", "elif False:", (A + "test_refresh_reuse.py",)),
    Mutant("another user's session accepted", "services/authorization.py", "session.user_id != user.id", "False",
           (AUTHORIZER, "-k", "another or forged")),
    Mutant("role defaults to user", "auth/context.py", 'Role(ctx["role"])', 'Role(ctx.get("role") or "user")',
           (GUARDS, "-k", "role")),
    Mutant("UnprocessedKeys ignored", "repositories/sessions.py", 'if resp.get("UnprocessedKeys"):', "if False:",
           (AUTHORIZER, "-k", "unprocessed")),
    Mutant("expiry and epoch not checked", "services/authorization.py",
           "if not session.usable(now=int(clock()), idle_s=idle, user_epoch=user.session_epoch):",
           "if session.revoked_at is not None:", (A + "test_sessions.py",)),
    Mutant("rotation not conditional on the presented token", "repositories/sessions.py",
           '"refresh_hash = :presented AND', '"(refresh_hash = :presented OR attribute_exists(PK)) AND', (A + "test_concurrency.py", A + "test_sessions.py")),
    Mutant("algorithm allow-list widened", "auth/tokens.py", 'ALGORITHMS = ["ES256"]',
           'ALGORITHMS = ["ES256", "HS256", "ES384", "RS256", "none", "EdDSA"]', (AUTHORIZER, "-k", "algorithm or forged")),
    # users
    Mutant("password write not conditional", "repositories/users.py", 'condition += " AND #hash = :expected"',
           'condition += ""', (GUARDS,)),
    Mutant("deleted users updatable", "repositories/users.py",
           'LIVE = "attribute_exists(PK) AND attribute_not_exists(deleted_at)"', 'LIVE = "attribute_exists(PK)"',
           (GUARDS,)),
    Mutant("delete keeps the session epoch", "repositories/users.py", 'values({":now": now, ":one": 1})',
           'values({":now": now, ":one": 0})', (GUARDS,)),
    # passwords
    Mutant("policy judges the raw string", "auth/password_policy.py", "judged = normalize(password)",
           "judged = password", POLICY),
    Mutant("policy judges the first window only", "auth/password_policy.py", "for w in _windows(judged))",
           "for w in _windows(judged)[:1])", POLICY),
    # conventions
    Mutant("authenticated public GET cached", "conventions.py", 'and not header(event, "authorization")', "",
           (GUARDS, "-k", "no_store")),
    Mutant("repeated singleton headers merged", "conventions.py",
           "if counts.get(name.lower(), 0) > 1", "if counts.get(name.lower(), 0) > 2", CONVENTIONS),
    Mutant("bodies ignored where none is taken", "conventions.py", "    if not takes_body:\n", "    if False:\n",
           CONVENTIONS),
    Mutant("controls beyond backspace not looked up", "models/text.py", r'_SUSPECTS = re.compile(r"[^\x20-\x7e]")',
           r'_SUSPECTS = re.compile(r"[^\x09-\x7e]")', (*CONVENTIONS, "tests/unit/test_properties.py")),
    Mutant("line separators in names", "models/text.py", 'SEPARATOR_CATEGORIES = frozenset({"Zl", "Zp"})',
           "SEPARATOR_CATEGORIES = frozenset()", CONVENTIONS),
    Mutant("unbounded error details", "errors.py", "MAX_DETAILS = 20", "MAX_DETAILS = 100_000", CONVENTIONS),
    Mutant("CORS without Vary", "conventions.py", 'cors = {"Vary": "Origin"}', "cors = {}", CONVENTIONS),
    # JSON and cursors
    Mutant("duplicate keys kept", "jsonbody.py", "    if len(obj) != len(pairs):", "    if False:", JSON),
    Mutant("NaN accepted", "jsonbody.py", "parse_constant=_reject_constant", "parse_constant=float", JSON),
    Mutant("nesting limit off by far", "jsonbody.py", "and _depth(value, max_depth) > max_depth:",
           "and _depth(value, max_depth * 4) > max_depth * 4:", JSON),
    Mutant("nesting walk skipped for deep texts", "jsonbody.py", "return brackets > limit", "return brackets > limit * 4",
           JSON),
    Mutant("empty cursor signature accepted", "pagination.py", "if not hmac.compare_digest(given, _sign(payload)):",
           "if given and not hmac.compare_digest(given, _sign(payload)):",
           (GUARDS, "tests/unit/test_properties.py", "-k", "cursor")),
    Mutant("cursor scope not checked", "pagination.py", 'if data.get("s") != scope or', "if",
           ("tests/unit/test_properties.py", "-k", "cursor")),
    # posts
    Mutant("anyone edits any post", "repositories/post_guard.py", "        if not self.any_owner:\n            # Ownership",
           "        if False:\n            # Ownership", (P + "test_authorization.py",)),
    Mutant("If-Match naming other posts passes", "repositories/post_guard.py", "if self.versions is not None:",
           "if self.versions:", (P + "test_update_delete.py",)),
    Mutant("idempotency key replays another body", "repositories/idempotency.py",
           'if record.get("request_hash") != self.request_hash:', "if False:", (P + "test_idempotency.py",)),
    Mutant("feed has_next without a post seen", "repositories/post_pages.py", "            if bucket <= at.epoch:\n                return Page(posts, None)\n",
           "            if bucket <= at.epoch:\n                return Page(posts, {GSI2.pk: partition(bucket)} if posts else None)\n", (P + "test_listing.py", "-k", "has_next or month")),
    # AWS faults (the fault-injection matrix)
    Mutant("throttling is not a 503", "repositories/aws.py", '        "ThrottlingException",\n', "", ("tests/integration/test_fault_matrix.py",)),
    Mutant("logout swallows an outage", "repositories/sessions.py", "with contextlib.suppress(ConditionFailed):",
           "with contextlib.suppress(ConditionFailed, ServiceUnavailableError):", ("tests/integration/test_fault_matrix.py",)),
    # logs
    Mutant("unkeyed email pseudonym", "pseudonyms.py", "return hmac.new(key, f\"{kind}:{value}\".encode(), hashlib.sha256)",
           "return hashlib.sha256(value.encode())", ("tests/integration/test_pseudonyms.py",)),
)  # fmt: skip
