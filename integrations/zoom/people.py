"""A Zoom meeting's attendees, for email and for Slack mentions: the past meeting's
participants from Zoom's API, the host always among them."""

from __future__ import annotations

from typing import Protocol

import structlog

from core.domain import Attendee, JobRequest
from core.errors import ScribeError
from core.ports import SourceDetails
from integrations.zoom.webhook import stored_event

log = structlog.get_logger(__name__)


class ParticipantLookup(Protocol):
    async def attendees(self, uuid: str, *, host_email: str | None) -> list[Attendee]: ...


class ZoomAttendees:
    """The AttendeeLookup for Zoom jobs. Without Zoom API credentials, or when the API fails,
    the host (from the webhook) is the one attendee known."""

    def __init__(self, *, details: SourceDetails, api: ParticipantLookup | None) -> None:
        self._details = details
        self._api = api

    async def attendees(self, request: JobRequest) -> list[Attendee]:
        if request.source.ref.startswith("http"):
            return []  # a link someone sent: the summary goes where they asked, not to a list
        event = stored_event(await self._details.load_details(request.job_id))
        host_email = event.recording.host_email if event else None
        host = [Attendee(email=host_email)] if host_email else []
        if self._api is None:
            return host
        try:
            return await self._api.attendees(request.source.ref, host_email=host_email)
        except ScribeError as exc:
            # The summary still goes out; only the mail list is shorter.
            log.warning("zoom.participants_unavailable", reason=exc.message)
            return host
