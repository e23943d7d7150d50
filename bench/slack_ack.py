"""Acknowledgement latency of signed `/scribe <link>` slash commands under load.

The same load (2,000 requests, 50 at a time, 20 distinct links, from a separate process:
bench/load.py) goes to a bare FastAPI endpoint that only checks the signature
(bench/bare_endpoint.py) and to the real receiver (`scribe serve`), both run by uvicorn with
its default settings and one worker, in the same run. No worker runs: the commands queue jobs.
The links point to a loopback web server, so the check the receiver makes after acknowledging
succeeds; Slack is a loopback fake (tests.fakes.FakeSlack).

Target: median and p99 within 2x of the bare endpoint, every request answered 200, exactly one
job per distinct link.

    .venv/bin/python -m bench.slack_ack [--quick] [--rounds N] [--profile]

--profile runs the receiver under cProfile and prints where its time went.
"""

from __future__ import annotations

import argparse
import json
import pstats
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import redis

from bench.common import (
    BENCH_REDIS_URL,
    PYTHON,
    ROOT,
    exclusive_bench_db,
    load_average,
    scribe_env,
    verdict,
    write_figures,
)
from bench.servers import Load, Server, bare_command, free_port, receiver_command, server
from tests.fakes.media_site import MediaSite
from tests.fakes.server import serve
from tests.fakes.slack_api import FakeSlack

SECRET = "bench0signing0secret0abcdef123456"  # noqa: S105 - only loopback servers see it
TARGET_FACTOR = 2.0
SMALL_AUDIO = ROOT / "tests" / "data" / "speech_short.wav"
BARE_APP = "bench.bare_endpoint:app"
_SETTLE_TIMEOUT_S = 30.0


def server_env(slack_url: str) -> dict[str, str]:
    """The receiver's settings; the bare endpoint reads only the signing secret."""
    return scribe_env(
        {
            "SCRIBE_REDIS_URL": BENCH_REDIS_URL,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SCRIBE_SLACK_API_URL": f"{slack_url}/api/",
            "SCRIBE_ALLOW_PRIVATE_URLS": "true",
            "SCRIBE_LOG_LEVEL": "warning",
        }
    )


# --------------------------------------------------------------------------- load and figures


def run_load(target: Server, links: str, response_url: str, load: Load) -> dict[str, Any]:
    """Run the load generator against one server; add the CPU time the server used meanwhile
    (on a single event loop, latency under load is mostly CPU time per request)."""
    options = {
        "--url": f"{target.url}/slack/events",
        "--links": links,
        "--secret": SECRET,
        "--response-url": response_url,
        "--requests": str(load.requests),
        "--concurrency": str(load.concurrency),
        "--distinct": str(load.distinct),
    }
    command = [PYTHON, "-m", "bench.load", *(part for item in options.items() for part in item)]
    cpu_before = target.cpu_seconds()
    completed = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(completed.stdout)
    # Warm-up requests included: they are few, and the server cannot tell them apart.
    result["server_cpu_seconds"] = target.cpu_seconds() - cpu_before
    return result


def latency_figures(result: dict[str, Any]) -> dict[str, Any]:
    latencies = np.asarray(result["latencies_ms"])
    sent = np.asarray(result["sent_ms"])
    statuses: dict[str, int] = result["statuses"]
    # When the slowest 1 % were sent: in the first burst (new links) or later (the machine).
    tail = sent[latencies >= np.percentile(latencies, 99)]
    return {
        "tail_sent_ms": [round(float(np.min(tail))), round(float(np.max(tail)))],
        "requests": int(latencies.size),
        "median_ms": round(float(np.median(latencies)), 2),
        "p99_ms": round(float(np.percentile(latencies, 99)), 2),
        "max_ms": round(float(latencies.max()), 2),
        "throughput_rps": round(latencies.size / result["wall_seconds"], 1),
        "server_cpu_ms_per_request": round(1000 * result["server_cpu_seconds"] / latencies.size, 3),
        "non_200": sum(n for status, n in statuses.items() if status != "200"),
        "statuses": statuses,
        "answers": result.get("answers", {}),
    }


def count_jobs(url: str, expected: int) -> dict[str, int]:
    """Jobs in the queue and job states, once the receiver's background work (probing the link,
    posting the progress message, queueing) has settled."""
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + _SETTLE_TIMEOUT_S
        counts = _counts(client)
        while time.monotonic() < deadline:
            time.sleep(0.5)
            again = _counts(client)
            if again == counts and counts["arq_queue"] >= expected:
                break
            counts = again
        return counts
    finally:
        client.close()


def _counts(client: redis.Redis) -> dict[str, int]:
    # redis-py types its sync and async clients alike, hence the casts.
    return {
        "arq_queue": int(cast(int, client.zcard("arq:queue"))),
        "job_states": sum(1 for _ in client.scan_iter("scribe:job:*", count=1000)),
    }


def flush(url: str) -> None:
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


# --------------------------------------------------------------------------- the benchmark


@dataclass(frozen=True, slots=True)
class Round:
    bare: dict[str, Any]
    receiver: dict[str, Any]
    jobs: dict[str, int]
    bare_ms: list[float]
    receiver_ms: list[float]


def one_round(bare: Server, receiver: Server, links: str, response_url: str, load: Load) -> Round:
    bare_result = run_load(bare, links, response_url, load)
    flush(BENCH_REDIS_URL)  # every round starts with no job, so each link creates one
    receiver_result = run_load(receiver, links, response_url, load)
    return Round(
        bare=latency_figures(bare_result),
        receiver=latency_figures(receiver_result),
        jobs=count_jobs(BENCH_REDIS_URL, load.distinct),
        bare_ms=bare_result["latencies_ms"],
        receiver_ms=receiver_result["latencies_ms"],
    )


def pooled(rounds: list[Round], load: Load) -> dict[str, Any]:
    """The verdict on every round's requests together."""
    bare = np.concatenate([r.bare_ms for r in rounds])
    mine = np.concatenate([r.receiver_ms for r in rounds])
    median_x = float(np.median(mine) / np.median(bare))
    p99_x = float(np.percentile(mine, 99) / np.percentile(bare, 99))
    non_200 = sum(r.receiver["non_200"] for r in rounds)
    one_job_each = all(
        r.jobs == {"arq_queue": load.distinct, "job_states": load.distinct} for r in rounds
    )
    return {
        "bare_median_ms": round(float(np.median(bare)), 2),
        "bare_p99_ms": round(float(np.percentile(bare, 99)), 2),
        "receiver_median_ms": round(float(np.median(mine)), 2),
        "receiver_p99_ms": round(float(np.percentile(mine, 99)), 2),
        "bare_cpu_ms_per_request": _mean(r.bare["server_cpu_ms_per_request"] for r in rounds),
        "receiver_cpu_ms_per_request": _mean(
            r.receiver["server_cpu_ms_per_request"] for r in rounds
        ),
        "median_factor": round(median_x, 2),
        "p99_factor": round(p99_x, 2),
        "receiver_non_200": non_200,
        "one_job_per_link": one_job_each,
        "pass": median_x <= TARGET_FACTOR
        and p99_x <= TARGET_FACTOR
        and non_200 == 0
        and one_job_each,
    }


def _mean(values: Iterable[float]) -> float:
    return round(statistics.fmean(values), 3)


def report(rounds: list[Round], summary: dict[str, Any]) -> None:
    for index, r in enumerate(rounds, 1):
        for name, f in (("bare", r.bare), ("receiver", r.receiver)):
            print(
                f"round {index} {name:<9} median {f['median_ms']:8.2f} ms  p99 "
                f"{f['p99_ms']:8.2f} ms  max {f['max_ms']:8.2f} ms  "
                f"{f['throughput_rps']:7.1f} req/s  server CPU "
                f"{f['server_cpu_ms_per_request']:.2f} ms/req  non-200 {f['non_200']}  "
                f"slowest 1% sent {f['tail_sent_ms'][0]}-{f['tail_sent_ms'][1]} ms into the run"
            )
        print(f"round {index} receiver answers {r.receiver['answers']}")
        print(
            f"round {index} jobs: ZCARD arq:queue = {r.jobs['arq_queue']}, "
            f"scribe:job:* keys = {r.jobs['job_states']}"
        )
    s = summary
    print(
        f"all rounds: bare median {s['bare_median_ms']:.2f} ms, p99 {s['bare_p99_ms']:.2f} ms; "
        f"receiver median {s['receiver_median_ms']:.2f} ms, p99 {s['receiver_p99_ms']:.2f} ms; "
        f"server CPU per request: bare {s['bare_cpu_ms_per_request']:.2f} ms, receiver "
        f"{s['receiver_cpu_ms_per_request']:.2f} ms"
    )
    print(
        f"receiver/bare: median {s['median_factor']:.2f}x, p99 {s['p99_factor']:.2f}x "
        f"(target <= {TARGET_FACTOR:g}x); non-200 {s['receiver_non_200']}; one job per link "
        f"{s['one_job_per_link']} -> {verdict(s['pass'])}; load average {load_average()}"
    )


def print_profile(path: Path, top: int = 30) -> None:
    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def measure(load: Load, rounds: int, profile: Path | None) -> list[Round]:
    """Start the loopback media site and Slack, the bare endpoint and the receiver, and run
    the rounds: bare then receiver each time, so both see the same machine conditions."""
    site = MediaSite({f"rec{i}.wav": SMALL_AUDIO for i in range(load.distinct)})
    slack = FakeSlack()
    with serve(site.app) as media_url, serve(slack.app) as slack_url:
        flush(BENCH_REDIS_URL)
        env = server_env(slack_url)
        bare_port, receiver_port = free_port(), free_port()
        receiver_cmd = receiver_command(receiver_port, profile)
        try:
            with (
                server("bare endpoint", bare_command(bare_port, BARE_APP), env, bare_port) as bare,
                server("scribe serve", receiver_cmd, env, receiver_port) as receiver,
            ):
                links, response_url = f"{media_url}/rec{{i}}.wav", f"{slack_url}/response_url/1"
                return [one_round(bare, receiver, links, response_url, load) for _ in range(rounds)]
        finally:
            flush(BENCH_REDIS_URL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="400 requests, one round")
    parser.add_argument("--rounds", type=int, help="bare-then-receiver rounds (default 2)")
    parser.add_argument("--requests", type=int, help="requests per target and round (2000)")
    parser.add_argument("--profile", action="store_true", help="profile the receiver")
    args = parser.parse_args()
    requests = args.requests or (400 if args.quick else 2000)
    load = Load(requests=requests, concurrency=50, distinct=20)
    with exclusive_bench_db(), tempfile.TemporaryDirectory(prefix="scribe-bench-") as tmp:
        profile = Path(tmp) / "receiver.prof" if args.profile else None
        rounds = measure(load, args.rounds or (1 if args.quick else 2), profile)
        summary = pooled(rounds, load)
        report(rounds, summary)
        if profile is not None:
            print_profile(profile)
    figures = {
        "load": {**asdict(load), "rounds": len(rounds)},
        "rounds": [{"bare": r.bare, "receiver": r.receiver, "jobs": r.jobs} for r in rounds],
        **summary,
    }
    write_figures("slack_ack", figures)


if __name__ == "__main__":
    main()
