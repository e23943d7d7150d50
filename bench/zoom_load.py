"""Load generator for the Zoom acknowledgement benchmark, run as its own process so it never
shares an event loop (or a GIL) with the server it measures.

Sends signed `recording.completed` webhooks, `concurrency` at a time: `distinct` meetings
(distinct UUIDs), and `requests - distinct` repeats of meetings already sent, as Zoom's
duplicate deliveries and retries would be. Half the repeats follow their meeting closely (the
first delivery is usually still in flight: two requests race for one job), the others repeat
any earlier meeting. Prints one JSON object: per-request latencies, statuses and answers.

The client is aiohttp, as in bench/load.py: httpx spends several ms of CPU per request with 50
pooled connections, so on a small machine it, not the server, would set the latency.

    .venv/bin/python -m bench.zoom_load --url http://127.0.0.1:8000/webhooks/zoom --secret S \
        [--requests 500 --concurrency 50 --distinct 400]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import random
import sys
import time
from collections import Counter

import aiohttp

from bench.load import Results
from integrations.zoom.webhook import sign

_EVENT_TS_MS = 1_767_000_000_000
# A fixed plan: every run and both servers get the same sequence of meetings.
_SEED = 14
# A repeat "close behind" its meeting comes within this many requests of it: with 50 in
# flight, the first delivery has usually not been answered yet.
_CLOSE = 10


def meeting_uuid(index: int) -> str:
    """A UUID shaped as Zoom's: 16 random-looking bytes in base64 (some begin with "/" or
    hold "//", the ones Zoom's API wants double-encoded)."""
    return base64.b64encode(hashlib.sha256(f"bench-{index}".encode()).digest()[:16]).decode()


def plan(requests: int, distinct: int, seed: int = _SEED) -> list[int]:
    """The meeting index of each request: 0..distinct-1 once each, in order, with the
    `requests - distinct` repeats spread evenly among them."""
    if not 0 < distinct <= requests:
        raise ValueError("need 0 < distinct <= requests")
    rng = random.Random(seed)
    repeats = requests - distinct
    # After which new meeting each repeat comes.
    after = Counter((k * distinct) // repeats for k in range(repeats)) if repeats else Counter()
    order: list[int] = []
    for meeting in range(distinct):
        order.append(meeting)
        for _ in range(after[meeting]):
            close = len(order) % 2 == 0
            order.append(rng.randint(max(0, meeting - _CLOSE) if close else 0, meeting))
    return order


def recording_body(uuid: str, index: int) -> bytes:
    """A `recording.completed` event as Zoom sends it (the fields of shared/PROTOCOLS.md 1.4):
    four files, a download token the size of Zoom's, about 2.5 kB in all."""
    meeting_id = 80_000_000_000 + index
    files = []
    for kind, ext, rtype, size in (
        ("MP4", "MP4", "shared_screen_with_speaker_view", 268_545_600),
        ("M4A", "M4A", "audio_only", 76_772_100),
        ("TRANSCRIPT", "VTT", "audio_transcript", 204_800),
        ("CHAT", "TXT", "chat_file", 1_024),
    ):
        file_id = hashlib.sha1(f"{uuid}{kind}".encode()).hexdigest()[:36]  # noqa: S324
        files.append(
            {
                "id": file_id, "meeting_id": uuid,
                "recording_start": "2026-01-12T15:02:00Z", "recording_end": "2026-01-12T15:44:00Z",
                "file_type": kind, "file_extension": ext, "file_size": size,
                "play_url": f"https://acme.zoom.us/rec/play/{file_id}",
                "download_url": f"https://acme.zoom.us/rec/download/{file_id}",
                "status": "completed", "recording_type": rtype,
            }
        )  # fmt: skip
    event = {
        "event": "recording.completed",
        "event_ts": _EVENT_TS_MS + index,
        "download_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9." + "x" * 420 + ".sig",
        "payload": {
            "account_id": "AAAAAABBBB",
            "object": {
                "uuid": uuid, "id": meeting_id, "account_id": "AAAAAABBBB",
                "host_id": "z8yBXksaAAjdhfsfdfkjgg", "host_email": f"host{index % 13}@example.com",
                "topic": f"Weekly sync {index}", "type": 2, "start_time": "2026-01-12T15:01:56Z",
                "timezone": "Europe/Berlin", "duration": 42, "total_size": 345_523_524,
                "recording_count": len(files),
                "share_url": f"https://acme.zoom.us/rec/share/{meeting_id}", "password": "",
                "recording_files": files, "participant_audio_files": [],
            },
        },
    }  # fmt: skip
    return json.dumps(event).encode()


def other_event(index: int) -> bytes:
    """An event the receiver acknowledges and ignores: warms connections, queues nothing."""
    body = {
        "event": "meeting.participant_joined",
        "event_ts": _EVENT_TS_MS + index,
        "payload": {"account_id": "AAAAAABBBB", "object": {"uuid": meeting_uuid(-1 - index)}},
    }
    return json.dumps(body).encode()


def signed_headers(secret: str, body: bytes) -> dict[str, str]:
    # Signed just before sending, as Zoom does: the timestamp must be fresh.
    timestamp = str(int(time.time()))
    return {
        "Content-Type": "application/json; charset=utf-8",
        "x-zm-request-timestamp": timestamp,
        "x-zm-signature": sign(secret, timestamp, body),
    }


async def send(
    client: aiohttp.ClientSession, url: str, secret: str, body: bytes, results: Results
) -> None:
    headers = signed_headers(secret, body)
    start = time.perf_counter()
    try:
        async with client.post(url, data=body, headers=headers) as response:
            raw = await response.read()
        status = str(response.status)
        answer = _answer(raw)
    except (aiohttp.ClientError, TimeoutError) as exc:
        status, answer = type(exc).__name__, ""
    results.latencies_ms.append((time.perf_counter() - start) * 1000)
    results.sent_ms.append((start - results.origin) * 1000)
    results.statuses[status] += 1
    results.answers[answer] += 1


def _answer(raw: bytes) -> str:
    try:
        value = json.loads(raw)
    except ValueError:
        return raw[:30].decode(errors="replace")
    if isinstance(value, dict):
        return str(value.get("status") or value.get("error") or "")[:40]
    return ""


async def run(args: argparse.Namespace) -> dict[str, object]:
    gate = asyncio.Semaphore(args.concurrency)
    order = plan(args.requests, args.distinct)
    # Bodies are built before the clock starts: only signing happens per request.
    bodies = {i: recording_body(meeting_uuid(i), i) for i in set(order)}

    async def one(body: bytes, results: Results) -> None:
        async with gate:
            await send(client, args.url, args.secret, body, results)

    connector = aiohttp.TCPConnector(limit=args.concurrency)
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
        # Warm-up, not counted: opens the connections with events that queue nothing.
        warm = Results()
        await asyncio.gather(*(one(other_event(i), warm) for i in range(args.concurrency)))
        measured = Results()
        start = measured.origin
        await asyncio.gather(*(one(bodies[i], measured) for i in order))
        wall = time.perf_counter() - start
    return {
        "latencies_ms": measured.latencies_ms,
        "sent_ms": measured.sent_ms,
        "statuses": dict(measured.statuses),
        "answers": dict(measured.answers),
        "wall_seconds": wall,
        "distinct_uuids": len(set(order)),
        "body_bytes": round(sum(len(bodies[i]) for i in order) / len(order)),
        "warmup_statuses": dict(warm.statuses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="where the webhooks are posted")
    parser.add_argument("--secret", required=True, help="Zoom webhook secret token")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--distinct", type=int, default=400, help="distinct meeting UUIDs")
    parser.add_argument("--timeout", type=float, default=30.0)
    result = asyncio.run(run(parser.parse_args()))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
