"""Deployer settings: CDK context values (``-c key=value`` or a ``context`` block in cdk.json) over a stage's config.

A deployer chooses these without forking the code. Dev has working defaults for all of them; prod requires
``alarm_email``, ``issuer`` and ``cors_origins`` and refuses placeholders (``example.com``). Every problem is
reported at once, as ONE line (``SettingsError``), so ``make synth`` fails with a message and no traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from infra.stages import STAGES, StageConfig, load_stage
from keel.routes import Throttle

REQUIRED = {"prod": ("alarm_email", "issuer", "cors_origins")}
EXAMPLE = 'make synth STAGE=prod CDK_ARGS="-c alarm_email=ops@corp.test -c issuer=https://api.corp.test -c cors_origins=https://app.corp.test"'
_EMAIL = re.compile(r"^[^@\s,]+@([^@\s,]+\.[A-Za-z0-9-]{2,})$")
# Reserved for documentation and testing (RFC 2606 / 6761): nothing real answers there.
_PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org", "example", "invalid", "localhost")
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off", ""}


class SettingsError(ValueError):
    """Deployer settings that cannot be deployed; the message is one line naming every problem."""


def _is_placeholder(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS)


def _email(value: object, prod: bool) -> str:
    text = str(value).strip()
    match = _EMAIL.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an email address")
    if prod and _is_placeholder(match.group(1)):
        raise ValueError(f"{text!r} is a placeholder address")
    return text


def _url(value: object, prod: bool, *, origin: bool = False) -> str:
    text = str(value).strip()
    parts = urlsplit(text)
    schemes = ("https",) if prod else ("https", "http")
    if parts.scheme not in schemes or not parts.hostname or parts.query or parts.fragment or "*" in text:
        raise ValueError(f"{text!r} is not an {' or '.join(schemes)} URL")
    if origin and parts.path not in ("", "/"):
        raise ValueError(f"{text!r} is not an origin (scheme://host[:port], no path)")
    if prod and _is_placeholder(parts.hostname):
        raise ValueError(f"{text!r} is a placeholder")
    return text.rstrip("/") if origin else text


def _origins(value: object, prod: bool) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    origins = tuple(_url(item, prod, origin=True) for item in items if str(item).strip())
    if not origins:
        raise ValueError("no origin given")
    return origins


def _bool(value: object, _prod: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in _TRUE | _FALSE:
        raise ValueError(f"{value!r} is not true or false")
    return text in _TRUE


def _reserved(value: object, _prod: bool) -> dict[Throttle, int]:
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{value!r} is not a positive whole number")
    return {Throttle.AUTH: int(text)}


PARSERS: dict[str, tuple[str, Callable[[object, bool], object]]] = {
    # context key: (StageConfig field, parser)
    "alarm_email": ("alarm_email", _email),
    "issuer": ("issuer", _url),
    "cors_origins": ("cors_origins", _origins),
    "mail_from": ("mail_from", _email),
    "reserved_concurrency": ("reserved_concurrency", _reserved),
    "snapstart": ("snapstart", _bool),
    "allow_no_pyc": ("allow_no_pyc", _bool),
}
KEYS = ("stage", *PARSERS)


def deploy_config(context: Mapping[str, object]) -> StageConfig:
    """The stage named by ``context["stage"]`` (default dev) with the deployer's settings applied and checked."""
    name = str(context.get("stage") or "dev")
    if name not in STAGES:
        raise SettingsError(f"unknown stage {name!r}: expected one of {', '.join(sorted(STAGES))} (STAGE=...)")
    base, prod = load_stage(name), name == "prod"
    updates: dict[str, object] = {}
    problems = []
    for key, (field, parse) in PARSERS.items():
        value = context.get(key)
        if value is None or (isinstance(value, str) and not value.strip() and key in REQUIRED.get(name, ())):
            continue
        try:
            updates[field] = parse(value, prod)
        except ValueError as exc:
            problems.append(f"{key}: {exc}")
    given = {k for k, v in context.items() if v is not None and str(v).strip()}
    missing = [k for k in REQUIRED.get(name, ()) if k not in given and not getattr(base, PARSERS[k][0])]
    if missing:
        problems.insert(0, f"missing {', '.join(missing)}")
    if problems:
        hint = f" (pass -c key=value, e.g. {EXAMPLE}, or set them in cdk.json's context)" if missing else ""
        raise SettingsError(f"stage {name}: {'; '.join(problems)}{hint}")
    return type(base).model_validate(base.model_dump() | updates)


def require_deployable(config: StageConfig) -> None:
    """``SettingsError`` when ``config`` lacks a setting its stage requires (a base config used as is)."""
    missing = [k for k in REQUIRED.get(config.name, ()) if not getattr(config, PARSERS[k][0])]
    if missing or config.issuer is None:
        raise SettingsError(f"stage {config.name}: missing {', '.join(missing or ['issuer'])} (see infra.settings)")


def context_of(get: Callable[[str], object]) -> dict[str, object]:
    """The deployer settings an app was given: ``get`` is ``app.node.try_get_context``."""
    return {key: value for key in KEYS if (value := get(key)) is not None}
