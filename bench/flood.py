"""Memory and log of `scribe serve` under a flood of large unsigned requests.

Anyone can send the receiver a body: before the cap (bot/limits.py), one unsigned 100 MiB POST
took it from 91 to 845 MiB, and slack-bolt wrote the body into the log. Here a raw client (as
an attacker would: no HTTP library between it and the socket) sends, 16 at a time:

* bodies declaring 100 MiB in Content-Length (answered 413 from the headers);
* 100 MiB bodies sent chunked, with no length (counted while read, 413 at the cap);
* bodies just under the cap, unsigned (read whole, 401),

to `/slack/events` and `/webhooks/zoom`, and samples the receiver's RSS throughout. Figures,
not assertions. Target: RSS after within 50 MiB of before, the log under 1 KB per request, every
request answered 413 or 401 (or cut off by the server's close mid-send), no body in the log.

    .venv/bin/python -m bench.flood [--quick] [--requests N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import BENCH_REDIS_URL, load_average, scribe_env, verdict, write_figures
from bench.servers import Server, free_port, receiver_command, server
from bot.limits import MAX_BODY_BYTES
from tests.fakes.server import serve
from tests.fakes.slack_api import FakeSlack

DECLARED = 100 * 1024 * 1024
CHUNK = b"A" * (64 * 1024)
MARKER = b"FLOOD-BODY-MARKER"
CONCURRENCY = 16
TARGET_RSS_GROWTH_MIB = 50.0
TARGET_LOG_BYTES_PER_REQUEST = 1024
KINDS = ("declared", "chunked", "under_cap")
PATHS = ("/slack/events", "/webhooks/zoom")


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str
    answer: str  # the status code, or "cut" when the server closed before a status line
    sent: int  # body bytes the client got onto the socket before the answer
    seconds: float


async def one_request(port: int, path: str, kind: str) -> Outcome:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    total = {"under_cap": MAX_BODY_BYTES - 4096, "small": 1024}.get(kind, DECLARED)
    length = "Transfer-Encoding: chunked" if kind == "chunked" else f"Content-Length: {total}"
    head = f"POST {path} HTTP/1.1\r\nHost: scribe\r\nContent-Type: application/json\r\n{length}\r\n"
    writer.write(head.encode() + b"\r\n")
    sent = 0

    async def pump() -> None:
        nonlocal sent
        first = MARKER + CHUNK[len(MARKER) :]
        while sent < total:
            piece = (first if sent == 0 else CHUNK)[: total - sent]
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if kind == "chunked" else piece)
            await writer.drain()
            sent += len(piece)
        if kind == "chunked":
            writer.write(b"0\r\n\r\n")
            await writer.drain()

    pumping = asyncio.create_task(pump())
    try:
        status_line = await reader.readline()
    except OSError:
        status_line = b""
    pumping.cancel()
    await asyncio.gather(pumping, return_exceptions=True)
    writer.close()
    await asyncio.gather(writer.wait_closed(), return_exceptions=True)
    parts = status_line.split()
    answer = parts[1].decode() if len(parts) > 1 else "cut"
    return Outcome(kind, answer, sent, time.perf_counter() - started)


async def flood(port: int, requests: int) -> list[Outcome]:
    lanes = asyncio.Semaphore(CONCURRENCY)

    async def limited(index: int) -> Outcome:
        async with lanes:
            kind = KINDS[index % len(KINDS)]
            return await one_request(port, PATHS[index // len(KINDS) % len(PATHS)], kind)

    return await asyncio.gather(*(limited(i) for i in range(requests)))


@contextmanager
def receiver(port: int, env: Mapping[str, str], log: Path) -> Iterator[Server]:
    """`scribe serve` with its log in a file (what it writes per request is a figure here)."""
    with (
        log.open("wb") as out,
        server(
            "scribe serve", receiver_command(port, None), dict(env), port, output=out
        ) as running,
    ):
        yield running


async def warm_up(port: int) -> None:
    """Small requests first: the first of each kind loads what it uses."""
    for path in PATHS * 3:
        await one_request(port, path, "small")


class RssSampler:
    """The server's RSS every 20 ms while the block runs; the peak is what a flood costs."""

    def __init__(self, target: Server) -> None:
        self._target = target
        self.samples: list[int] = []
        self._stop = threading.Event()

    @contextmanager
    def running(self) -> Iterator[None]:
        thread = threading.Thread(target=self._run, daemon=True)
        thread.start()
        try:
            yield
        finally:
            self._stop.set()
            thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self._target.process.memory_info().rss)
            time.sleep(0.02)


def mib(value: float) -> float:
    return round(value / 1024 / 1024, 1)


def measure(requests: int, workdir: Path) -> dict[str, Any]:
    slack = FakeSlack()
    with serve(slack.app) as slack_url:
        env = scribe_env(
            {
                "SCRIBE_REDIS_URL": BENCH_REDIS_URL,  # never reached: nothing gets that far
                "SLACK_BOT_TOKEN": "xoxb-bench",
                "SLACK_SIGNING_SECRET": "bench0signing0secret0abcdef123456",
                "SCRIBE_SLACK_API_URL": f"{slack_url}/api/",
                "ZOOM_WEBHOOK_SECRET_TOKEN": "bench-zoom-secret",
                "SCRIBE_LOG_LEVEL": "info",  # as operators run it: bolt logged bodies at info
                "SCRIBE_LOG_FORMAT": "json",
            }
        )
        port = free_port()
        log_path = workdir / "serve.log"
        with receiver(port, env, log_path) as target:
            asyncio.run(warm_up(port))
            time.sleep(1.0)
            before, log_before = target.process.memory_info().rss, log_path.stat().st_size
            sampler = RssSampler(target)
            started = time.perf_counter()
            with sampler.running():
                outcomes = asyncio.run(flood(port, requests))
            elapsed = time.perf_counter() - started
            time.sleep(1.0)
            after, log_after = target.process.memory_info().rss, log_path.stat().st_size
        log_text = log_path.read_bytes()
    return figures(outcomes, before, after, max(sampler.samples or [after]), elapsed) | {
        "log_bytes_per_request": round((log_after - log_before) / requests, 1),
        "body_in_log": MARKER in log_text,
        "traceback_in_log": b"Traceback" in log_text or b'"exception"' in log_text,
    }


def figures(
    outcomes: list[Outcome], before: int, after: int, peak: int, elapsed: float
) -> dict[str, Any]:
    by_kind: dict[str, Any] = {}
    for kind in KINDS:
        mine = [o for o in outcomes if o.kind == kind]
        by_kind[kind] = {
            "answers": dict(Counter(o.answer for o in mine)),
            "median_ms": round(statistics.median(o.seconds for o in mine) * 1000, 1),
            "max_body_mib_sent_before_answer": mib(max(o.sent for o in mine)),
        }
    return {
        "requests": len(outcomes),
        "concurrency": CONCURRENCY,
        "declared_mib": mib(DECLARED),
        "cap_mib": mib(MAX_BODY_BYTES),
        "seconds": round(elapsed, 2),
        "rss_before_mib": mib(before),
        "rss_peak_mib": mib(peak),
        "rss_after_mib": mib(after),
        "by_kind": by_kind,
    }


def report(f: dict[str, Any]) -> None:
    print(
        f"{f['requests']} unsigned requests, {f['concurrency']} at a time, in {f['seconds']} s "
        f"(cap {f['cap_mib']} MiB, large ones declaring or streaming {f['declared_mib']} MiB)"
    )
    for kind, k in f["by_kind"].items():
        print(
            f"  {kind:<10} answers {k['answers']}  median {k['median_ms']} ms  most body sent "
            f"before the answer {k['max_body_mib_sent_before_answer']} MiB"
        )
    print(
        f"receiver RSS: before {f['rss_before_mib']} MiB, peak {f['rss_peak_mib']} MiB, after "
        f"{f['rss_after_mib']} MiB; log {f['log_bytes_per_request']} bytes per request; body in "
        f"log: {f['body_in_log']}; traceback in log: {f['traceback_in_log']}"
    )
    print(f"-> {verdict(f['pass'])}; load average {load_average()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="120 requests instead of 600")
    parser.add_argument("--requests", type=int, help="requests in the flood")
    args = parser.parse_args()
    requests = args.requests or (120 if args.quick else 600)
    with tempfile.TemporaryDirectory(prefix="scribe-flood-") as tmp:
        found = measure(requests, Path(tmp))
    answered = all(set(k["answers"]) <= {"413", "401", "cut"} for k in found["by_kind"].values())
    found["pass"] = (
        found["rss_after_mib"] - found["rss_before_mib"] <= TARGET_RSS_GROWTH_MIB
        and found["log_bytes_per_request"] <= TARGET_LOG_BYTES_PER_REQUEST
        and answered
        and not found["body_in_log"]
        and not found["traceback_in_log"]
    )
    report(found)
    write_figures("flood", found)


if __name__ == "__main__":
    main()
