"""`POST /webhooks/zoom`: Zoom's recording events become jobs.

Zoom waits 3 seconds for a 2xx, then retries the event up to three times (5, 25 and 85
minutes later). So the handler only checks the signature, routes the meeting, keeps what the
event says about its files, queues the job and answers. The job id is the meeting instance's
UUID: retries, duplicate deliveries and the later `recording.transcript_completed` of the same
meeting all land on one job.
"""

from __future__ import annotations

import json
import time
from typing import Any

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from core.domain import JobRequest, SlackTarget, Source
from core.errors import Transient
from core.routing import Meeting
from integrations.wiring.receiver import ReceiverDeps
from integrations.zoom.webhook import (
    ZoomEvent,
    event_name,
    is_signed,
    plain_token,
    recording_event,
    url_validation,
)

log = structlog.get_logger(__name__)

router = APIRouter()


def _answer(code: int, **body: Any) -> JSONResponse:
    return JSONResponse(body, status_code=code)


@router.post("/webhooks/zoom")
async def zoom_webhook(request: Request) -> Response:
    deps: ReceiverDeps = request.app.state.deps
    secret = deps.settings.zoom_webhook_secret_token
    if secret is None or not secret.get_secret_value():
        return _answer(503, error="Zoom is not configured (ZOOM_WEBHOOK_SECRET_TOKEN)")
    body = await request.body()  # at most bot.limits.MAX_BODY_BYTES
    headers = request.headers
    # Only ASCII reaches the check: int() fails on digits such as "²" that isdigit() accepts,
    # and compare_digest() raises on non-ASCII text.
    stamp, signature = headers.get("x-zm-request-timestamp"), headers.get("x-zm-signature")
    if not is_signed(
        secret.get_secret_value(),
        timestamp=stamp if stamp and stamp.isascii() and len(stamp) <= 12 else None,
        signature=signature if signature and signature.isascii() else None,
        body=body,
    ):
        log.warning("zoom.signature_refused")
        return _answer(401, error="invalid or missing signature")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return _answer(400, error="the body is not JSON")
    if not isinstance(data, dict):
        return _answer(400, error="the body is not a JSON object")
    if event_name(data) == "endpoint.url_validation":
        token = plain_token(data)
        if token is None:
            return _answer(400, error="payload.plainToken is missing")
        return JSONResponse(url_validation(secret.get_secret_value(), token))
    event = recording_event(data)
    if event is None:
        log.info("zoom.event_ignored", zoom_event=event_name(data)[:100])
        return _answer(200, status="ignored")
    try:
        queued = await _queue(deps, event)
    except Transient as exc:
        # Zoom retries a 5xx: nothing is lost while Redis is away.
        log.warning("zoom.queue_unavailable", reason=exc.message)
        return _answer(503, error="the queue is unavailable; Zoom will retry")
    return _answer(200, status=queued)


async def _queue(deps: ReceiverDeps, event: ZoomEvent) -> str:
    recording = event.recording
    route = deps.routes.route(Meeting(topic=recording.topic, host_email=recording.host_email))
    if route.skip:
        log.info("zoom.meeting_skipped", why=route.why)
        return "skipped"
    slack = SlackTarget(channel=route.channel) if route.channel else None
    review = deps.settings.review_mode == "host" and recording.host_email
    request = JobRequest(
        source=Source(kind="zoom", ref=recording.uuid, title=recording.topic),
        slack=slack,
        review_by=recording.host_email if review else None,
    )
    # Kept beside the job's earlier events (the worker merges them), the job queued unless it
    # exists: one round trip, shared with the webhooks arriving meanwhile.
    event = event.model_copy(update={"received_at": time.time()})
    submitted = await deps.queue.submit_with_details(request, event.model_dump_json())
    log.info(
        "zoom.event_queued",
        job_id=request.job_id,
        zoom_event=event.kind,
        created=submitted.created,
        state=submitted.status.state,
        why=route.why,
    )
    return "queued" if submitted.created else "duplicate"
