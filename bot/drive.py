"""`POST /webhooks/drive`: Google Drive's push notifications become a queued change read.

Drive sends no signature, only the channel's token (`X-Goog-Channel-Token`) and the channel's
id: a wrong or missing token gets 401, a channel Scribe did not open 403, before anything is
asked of Drive. `sync` (the channel was just opened) is acknowledged once the token matches,
even for a channel not stored yet: it can arrive before Drive's answer to the watch call.
Anything else is answered 200 at once, with one change read queued per burst; the worker
reads the change list. Drive retries 5xx answers with backoff, so a Redis outage answers 503
and loses nothing.
"""

from __future__ import annotations

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from core.errors import Transient
from integrations.drive.notifications import DriveNotifications, Notification
from integrations.wiring.receiver import ReceiverDeps

log = structlog.get_logger(__name__)

router = APIRouter()

_REFUSED = {
    "bad_token": (401, "invalid or missing X-Goog-Channel-Token"),
    "unknown_channel": (403, "unknown channel"),
}


@router.post("/webhooks/drive")
async def drive_webhook(request: Request) -> Response:
    deps: ReceiverDeps = request.app.state.deps
    secret = deps.settings.drive_channel_token
    if secret is None or not secret.get_secret_value():
        return JSONResponse(
            {"error": "Drive is not configured (SCRIBE_DRIVE_CHANNEL_TOKEN)"}, status_code=503
        )
    note = Notification.from_headers(request.headers)
    notifications = DriveNotifications(deps.redis, token=secret.get_secret_value())
    try:
        verdict = await notifications.take(note)
    except Transient as exc:
        log.warning("drive.queue_unavailable", reason=exc.message)
        return JSONResponse(
            {"error": "the queue is unavailable; Drive will retry"}, status_code=503
        )
    if verdict in _REFUSED:
        status, error = _REFUSED[verdict]
        log.warning("drive.notification_refused", verdict=verdict)
        return JSONResponse({"error": error}, status_code=status)
    log.info("drive.notification", verdict=verdict, resource_state=note.state[:20])
    return JSONResponse({"status": verdict})
