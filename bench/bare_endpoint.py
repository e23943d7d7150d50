"""The floor for the Slack acknowledgement benchmark: a FastAPI endpoint that only checks a
Slack request signature and answers 200, served by uvicorn the same way as `scribe serve`.

    SLACK_SIGNING_SECRET=... .venv/bin/python -m uvicorn bench.bare_endpoint:app --workers 1
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request, Response
from fastapi.responses import PlainTextResponse
from slack_sdk.signature import SignatureVerifier

# Read at import, as the receiver reads its settings once per process.
_verifier = SignatureVerifier(os.environ.get("SLACK_SIGNING_SECRET", ""))

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/slack/events")
async def slack_events(request: Request) -> Response:
    body = await request.body()
    if not _verifier.is_valid_request(body, dict(request.headers)):
        return PlainTextResponse("invalid signature", status_code=401)
    return PlainTextResponse("ok")


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
