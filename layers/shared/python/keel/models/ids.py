"""Identifier formats. Every id Keel mints (users, posts, sessions' owners) is a ULID: 26 Crockford base32
characters, time-sortable. A path or query value that is not one breaks the schema (422)."""

ULID_PATTERN = r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$"
