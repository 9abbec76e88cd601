"""Local data seeding hooks, run after the emulator starts. Each capability contributes its own seeder module."""

from __future__ import annotations

import importlib
import os


def seed_admin_from_env() -> None:
    """Create the admin named by KEEL_ADMIN_EMAIL / KEEL_ADMIN_PASSWORD (SPEC §8), when the accounts module exists."""
    if not (os.environ.get("KEEL_ADMIN_EMAIL") and os.environ.get("KEEL_ADMIN_PASSWORD")):
        return
    importlib.import_module("infra.local.seed").ensure_admin_from_env()


def seed_samples() -> None:
    """Sample users and posts with fixed ids, which the events under events/ refer to."""
    for module, function in (
        ("infra.local.seed", "seed_sample_users"),
        ("infra.local.seed_posts", "seed_sample_posts"),
        ("infra.local.seed_mail", "seed_sample_mail"),
    ):
        try:
            seeder = getattr(importlib.import_module(module), function)
        except ModuleNotFoundError:
            continue
        seeder()
