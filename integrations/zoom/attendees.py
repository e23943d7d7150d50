"""A meeting's attendees from Zoom's participant list: pure, so the rules are easy to test.

Zoom lists a participant once per join (a rejoin is a new entry), may leave `user_email`
empty (HIPAA accounts, external users under the account's email display rules), and returns
nothing for a meeting with only one participant. Hence: the host always comes first, an email
appears once, a name without an email appears once (and not at all when someone with an email
has that name), and people never admitted from the waiting room are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.domain import Attendee

_NOT_ADMITTED = "in_waiting_room"


def attendees_from(
    participants: Iterable[Mapping[str, Any]], *, host_email: str | None
) -> list[Attendee]:
    """Each person once: the host first, then people with an email, then names without one,
    each group in order of first appearance."""
    host = _clean(host_email)
    by_email: dict[str, Attendee] = {}
    by_name: dict[str, Attendee] = {}
    if host:
        by_email[host.casefold()] = Attendee(email=host)
    for entry in participants:
        if entry.get("status") == _NOT_ADMITTED:
            continue
        name = _clean(entry.get("name")) or _clean(entry.get("user_name")) or ""
        email = _clean(entry.get("user_email")) or _clean(entry.get("email"))
        if email:
            known = by_email.get(email.casefold())
            if known is None or not known.name:
                by_email[email.casefold()] = Attendee(name=name, email=email)
        elif name:
            by_name.setdefault(name.casefold(), Attendee(name=name))
    named = {a.name.casefold() for a in by_email.values() if a.name}
    nameless = [a for key, a in by_name.items() if key not in named]
    return [*by_email.values(), *nameless]


def _clean(value: object) -> str | None:
    text = value.strip() if isinstance(value, str) else ""
    return text or None
