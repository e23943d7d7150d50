"""The floor for the Zoom acknowledgement benchmark: a FastAPI endpoint that only checks Zoom's
webhook signature (the same check the receiver makes: HMAC-SHA256 over `v0:{timestamp}:{raw
body}`, timestamp within 5 minutes, constant-time comparison) and answers 200, served by
uvicorn the same way as `scribe serve`.

    ZOOM_WEBHOOK_SECRET_TOKEN=... .venv/bin/python -m uvicorn bench.bare_zoom_endpoint:app \
        --workers 1
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from integrations.zoom.webhook import is_signed

# Read at import, as the receiver reads its settings once per process.
_secret = os.environ.get("ZOOM_WEBHOOK_SECRET_TOKEN", "")

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/webhooks/zoom")
async def zoom_webhook(request: Request) -> Response:
    body = await request.body()
    headers = request.headers
    if not is_signed(
        _secret,
        timestamp=headers.get("x-zm-request-timestamp"),
        signature=headers.get("x-zm-signature"),
        body=body,
    ):
        return JSONResponse({"error": "invalid or missing signature"}, status_code=401)
    # A JSON answer, as the receiver gives: the floor includes answering the same way.
    return JSONResponse({"status": "ok"})


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
