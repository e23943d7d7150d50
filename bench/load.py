"""Load generator for the Slack acknowledgement benchmark, run as its own process so it never
shares an event loop (or a GIL) with the server it measures.

Sends signed, form-encoded `/scribe <link>` slash commands, `concurrency` at a time, cycling
through `distinct` links, and prints one JSON object: per-request latencies and statuses.

The client is aiohttp: httpx spends about 4 ms of CPU per request with 50 pooled connections,
so on a small machine it, not the server, would set the latency; aiohttp spends about 0.5 ms.

    .venv/bin/python -m bench.load --url http://127.0.0.1:8000/slack/events \
        --links http://127.0.0.1:9000/rec{i}.wav --secret S [--requests 2000 --concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
from slack_sdk.signature import SignatureVerifier

CHANNEL = "C0BENCH"
_ANSWER_PREFIX = 22


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    # When each request was sent, in ms from the first measured one: shows when stalls happen.
    sent_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    # The start of each answer ("Got it" or "already on it"; Zoom's "queued", "duplicate"),
    # to see which path was taken.
    answers: Counter[str] = field(default_factory=Counter)
    origin: float = field(default_factory=time.perf_counter)


def command_body(text: str, index: int, response_url: str) -> str:
    """The form Slack posts for a slash command (the fields Bolt reads, and the rest)."""
    form = {
        "token": "deprecated", "team_id": "T0001", "team_domain": "acme",
        "channel_id": CHANNEL, "channel_name": "bench", "user_id": f"U{index % 7:07d}",
        "user_name": "bench", "command": "/scribe", "text": text, "api_app_id": "A0001",
        "is_enterprise_install": "false", "response_url": response_url,
        "trigger_id": f"{index}.1.bench",
    }  # fmt: skip
    return urllib.parse.urlencode(form)


def signed_headers(verifier: SignatureVerifier, body: str) -> dict[str, str]:
    # Signed just before sending, as Slack does: the timestamp must be fresh.
    timestamp = str(int(time.time()))
    signature = verifier.generate_signature(timestamp=timestamp, body=body)
    assert signature is not None  # only None without a timestamp
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }


async def send(
    client: aiohttp.ClientSession,
    url: str,
    verifier: SignatureVerifier,
    body: str,
    results: Results,
) -> None:
    headers = signed_headers(verifier, body)
    start = time.perf_counter()
    try:
        async with client.post(url, data=body, headers=headers) as response:
            text = await response.text()
        status, answer = str(response.status), text[:_ANSWER_PREFIX]
    except (aiohttp.ClientError, TimeoutError) as exc:
        status, answer = type(exc).__name__, ""
    results.latencies_ms.append((time.perf_counter() - start) * 1000)
    results.sent_ms.append((start - results.origin) * 1000)
    results.statuses[status] += 1
    results.answers[answer] += 1


async def run(args: argparse.Namespace) -> dict[str, object]:
    verifier = SignatureVerifier(args.secret)
    gate = asyncio.Semaphore(args.concurrency)

    async def one(text: str, index: int, results: Results) -> None:
        async with gate:
            body = command_body(text, index, args.response_url)
            await send(client, args.url, verifier, body, results)

    connector = aiohttp.TCPConnector(limit=args.concurrency)
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
        # Warm-up, not counted: opens the connections and lets the server do its one-time
        # work (Bolt's auth.test) with commands that create no job.
        warm = Results()
        await asyncio.gather(*(one("help", i, warm) for i in range(args.concurrency)))
        measured = Results()
        start = measured.origin
        await asyncio.gather(
            *(
                one(args.links.format(i=i % args.distinct), i, measured)
                for i in range(args.requests)
            )
        )
        wall = time.perf_counter() - start
    return {
        "latencies_ms": measured.latencies_ms,
        "sent_ms": measured.sent_ms,
        "statuses": dict(measured.statuses),
        "answers": dict(measured.answers),
        "wall_seconds": wall,
        "warmup_statuses": dict(warm.statuses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="where the commands are posted")
    parser.add_argument("--links", required=True, help="link template with {i}")
    parser.add_argument("--secret", required=True, help="Slack signing secret")
    parser.add_argument("--response-url", default="http://127.0.0.1:9/response_url")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--distinct", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=30.0)
    result = asyncio.run(run(parser.parse_args()))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
