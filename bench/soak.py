"""Worker memory over a soak: does a long-running `scribe worker` level off?

One real `scribe worker` process runs JOBS jobs one after another: written meetings as .vtt,
.srt and .txt files, each a little different, and every fourth one a real recording through
Whisper (4 s of speech or the 75 s sample standup, in turn). All come from a loopback web
server, are summarized offline and delivered to a loopback Slack (tests.fakes.FakeSlack); after
each, a question is asked in the summary's thread and answered by the same worker. The
worker's resident memory (RSS) is sampled every `--every` jobs. The figures: the series,
and the growth over the second half of the run.

Target: the worker levels off: over the second half of the run its RSS grows by at most
max(8 MiB, 3 %) per 100 jobs (the first half includes the model and caches filling up).

    .venv/bin/python -m bench.soak [--quick] [--jobs N] [--every K]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import tempfile
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
from redis.asyncio import Redis

from bench.common import (
    BENCH_REDIS_URL,
    PYTHON,
    ROOT,
    STANDUP_AUDIO,
    STANDUP_SCRIPT,
    clean_settings_env,
    exclusive_bench_db,
    load_average,
    quiet_logging,
    scribe_env,
    verdict,
    write_figures,
)
from core.domain import JobRequest, Question, SlackTarget, Source
from core.settings import load_settings
from integrations.slack.notifier import SlackKeys
from integrations.wiring.receiver import ReceiverDeps, build_receiver_deps
from tests.fakes.media_site import MediaSite
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack

SPEECH = ROOT / "tests" / "data" / "speech_short.wav"
CHANNEL = "C0SOAK"
_JOB_TIMEOUT_S = 120.0
_LEVEL_MIB, _LEVEL_SHARE = 8.0, 0.03  # allowed growth per 100 jobs over the second half


@dataclass(frozen=True, slots=True)
class Sample:
    jobs: int
    answers: int
    seconds: float
    rss_mib: float
    threads: int


def written_meeting(number: int, folder: Path) -> Path:
    """The sample standup as a file people export, a little different each time (names,
    numbers, order), in one of the three formats Scribe reads."""
    lines = STANDUP_SCRIPT.read_text(encoding="utf-8").splitlines()
    shift = number % len(lines)
    lines = lines[shift:] + lines[:shift]
    lines.append(f"Alex: Item {number}: we agreed to ship build {number * 7} by Friday.")
    kind = ("vtt", "srt", "txt")[number % 3]
    path = folder / f"meeting{number}.{kind}"
    if kind == "txt":
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    cues = []
    for index, line in enumerate(lines):
        speaker, text = line.split(": ", 1)
        start, end = _stamp(index * 5, kind), _stamp(index * 5 + 4, kind)
        body = f"<v {speaker}>{text}" if kind == "vtt" else f"{speaker}: {text}"
        cues.append(f"{index + 1}\n{start} --> {end}\n{body}\n")
    header = "WEBVTT\n\n" if kind == "vtt" else ""
    path.write_text(header + "\n".join(cues), encoding="utf-8")
    return path


def _stamp(seconds: int, kind: str) -> str:
    minutes, second = divmod(seconds, 60)
    separator = "." if kind == "vtt" else ","
    return f"00:{minutes:02d}:{second:02d}{separator}000"


def meeting_files(jobs: int, folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for number in range(jobs):
        if number % 8 == 3:
            files[f"meeting{number}.wav"] = SPEECH
        elif number % 8 == 7:
            files[f"meeting{number}.ogg"] = STANDUP_AUDIO
        else:
            path = written_meeting(number, folder)
            files[path.name] = path
    return files


async def _wait_done(deps: ReceiverDeps, job_id: str) -> str:
    deadline = time.monotonic() + _JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        status = await deps.store.get(job_id)
        if status is not None and status.state in ("done", "failed"):
            return status.state
        await asyncio.sleep(0.05)
    raise RuntimeError(f"job {job_id} did not end within {_JOB_TIMEOUT_S:g} s")


async def _ask(deps: ReceiverDeps, slack: FakeSlack, job_id: str, number: int) -> bool:
    thread = await deps.store.delivered(job_id, SlackKeys.SUMMARY)
    if thread is None:
        return False
    text = f"What was agreed about build {number * 7}?"
    asked = slack.add_human_message(CHANNEL, text, user="U0SOAK", thread_ts=thread)
    question = Question(
        job_id=job_id, channel=CHANNEL, thread_ts=thread, message_ts=asked, user="U0SOAK", text=text
    )
    return await deps.queue.ask(question, event_id=f"EvSoak{number}")


def _answers(slack: FakeSlack) -> int:
    posted = [c["params"] for c in slack.calls_to("chat.postMessage")]
    return sum(1 for p in posted if p.get("thread_ts") and "U0SOAK" not in str(p.get("user")))


async def run_soak(
    names: list[str], every: int, media_url: str, slack: FakeSlack
) -> dict[str, Any]:
    jobs = len(names)
    env = scribe_env(
        {
            "SCRIBE_REDIS_URL": BENCH_REDIS_URL,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SCRIBE_SLACK_API_URL": slack.url + "/api/",
            "SCRIBE_ALLOW_PRIVATE_URLS": "true",
        }
    )
    with clean_settings_env(env):
        settings = load_settings()
    flush = Redis.from_url(BENCH_REDIS_URL)
    await flush.flushdb()
    await flush.aclose()
    log_path = ROOT / "bench" / "out" / "soak-worker.log"
    with log_path.open("wb") as log_file:
        worker = subprocess.Popen(  # noqa: S603 - our own command
            [PYTHON, "-m", "scribe", "worker"], cwd=ROOT, env=env, stderr=log_file
        )
    process = psutil.Process(worker.pid)
    samples: list[Sample] = []
    states: dict[str, int] = {}
    start = time.monotonic()
    try:
        async with AsyncExitStack() as closers:
            deps = build_receiver_deps(settings, closers=closers)
            for number, name in enumerate(names):
                request = JobRequest(
                    source=Source(kind="url", ref=f"{media_url}/{name}"),
                    slack=SlackTarget(channel=CHANNEL, requested_by="U0SOAK"),
                )
                await deps.queue.submit(request)
                state = await _wait_done(deps, request.job_id)
                states[state] = states.get(state, 0) + 1
                await _ask(deps, slack, request.job_id, number)
                if (number + 1) % every == 0 or number == 0:
                    sample = _sample(process, number + 1, _answers(slack), start)
                    samples.append(sample)
                    print(
                        f"  jobs {sample.jobs:4d}  answers {sample.answers:4d}  "
                        f"{sample.seconds:6.1f} s  RSS {sample.rss_mib:6.1f} MiB  "
                        f"threads {sample.threads}",
                        flush=True,
                    )
            deadline = time.monotonic() + _JOB_TIMEOUT_S
            while _answers(slack) < jobs and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            samples.append(_sample(process, jobs, _answers(slack), start))
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return {"samples": samples, "states": states, "answers": _answers(slack)}


def _sample(process: psutil.Process, jobs: int, answers: int, start: float) -> Sample:
    rss = process.memory_info().rss / 2**20
    return Sample(jobs, answers, time.monotonic() - start, rss, process.num_threads())


def levelled(samples: list[Sample], jobs: int) -> tuple[bool, float]:
    """Growth per 100 jobs over the second half of the run, and whether it is flat enough."""
    half = [s for s in samples if s.jobs >= jobs / 2]
    first, last = half[0], half[-1]
    span = max(last.jobs - first.jobs, 1)
    per_100 = (last.rss_mib - first.rss_mib) * 100 / span
    allowed = max(_LEVEL_MIB, _LEVEL_SHARE * first.rss_mib)
    return per_100 <= allowed, per_100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 jobs: a smoke run")
    parser.add_argument("--jobs", type=int, default=120)
    parser.add_argument("--every", type=int, default=10, help="sample RSS every K jobs")
    args = parser.parse_args()
    jobs = 30 if args.quick else args.jobs
    quiet_logging()
    with exclusive_bench_db(), tempfile.TemporaryDirectory(prefix="scribe-soak-") as folder:
        files = meeting_files(jobs, Path(folder))
        with serving(MediaSite(files)) as site, serving(FakeSlack()) as slack:
            raw = asyncio.run(run_soak(list(files), args.every, site.url, slack))
    samples: list[Sample] = raw["samples"]
    flat, per_100 = levelled(samples, jobs)
    print(
        f"{jobs} jobs ({raw['states']}), {raw['answers']} answers; RSS "
        f"{samples[0].rss_mib:.1f} -> {samples[-1].rss_mib:.1f} MiB; second half "
        f"{per_100:+.1f} MiB per 100 jobs -> {'levels off' if flat else 'still growing'} "
        f"-> {verdict(flat)} (load {load_average()})"
    )
    write_figures(
        "soak",
        {
            "jobs": jobs,
            "states": raw["states"],
            "answers": raw["answers"],
            "samples": [
                {
                    "jobs": s.jobs,
                    "answers": s.answers,
                    "seconds": round(s.seconds, 1),
                    "rss_mib": round(s.rss_mib, 1),
                    "threads": s.threads,
                }
                for s in samples
            ],
            "second_half_mib_per_100_jobs": round(per_100, 2),
            "levels_off": flat,
            "load_average": load_average(),
            "pass": flat and raw["states"].get("done", 0) == jobs and raw["answers"] >= jobs,
        },
    )


if __name__ == "__main__":
    main()
