"""What Scribe says to people in Slack in answer to `/scribe`: every user-facing text of the
receiver, in one place."""

from __future__ import annotations

import time

from core.domain import STATE_LABELS, JobStatus
from core.redact import shown_link
from core.timefmt import ago
from integrations.slack.blocks import escape, permalink

USAGE = (
    "*Scribe* transcribes and summarizes meeting recordings.\n"
    "• `/scribe <link>`: summarize a recording (a direct link to an audio or video file, or "
    "a transcript in .vtt, .srt or .txt); progress and the summary appear in this channel.\n"
    "• `/scribe status`: this channel's recent and running jobs.\n"
    "• `/scribe help`: this message.\n"
    "Ask follow-up questions by replying in the summary's thread."
)
ON_IT = "I am already on it; the summary will appear in this channel."
CHECKING = (
    "Someone just sent that link: I am checking it. Progress and the summary will appear in "
    "this channel."
)
UNAVAILABLE = (
    ":warning: Scribe cannot reach its queue right now; nothing was queued. Try again in a minute."
)
BROKEN = ":warning: Something went wrong on my side; nothing was queued."
INVITE_ME = (
    "I cannot post in this channel. Invite me with `/invite @Scribe`, then send the link again"
)
REVIEW_HANDLED = "This draft was already approved or discarded."
DISCARDED = ":wastebasket: Discarded: nothing was posted or mailed, and the transcript was deleted."
NO_JOBS = "No recent Scribe jobs in this channel. Send `/scribe <link>` to start one."


def approved(channel: str | None) -> str:
    where = f" in <#{channel}>" if channel else ""
    return f":white_check_mark: Approved: the summary is being shared{where} and mailed."


def help_text(note: str) -> str:
    return escape(note) + ("\n\n" if note else "") + USAGE


def got_it(ref: str) -> str:
    link = escape(shown_link(ref))  # a signed link's query string is never posted
    return f"Got it: checking {link}. Progress and the summary will appear in this channel."


def refused(message: str) -> str:
    return f":no_entry: {escape(message)}"


def try_later(message: str) -> str:
    return f":warning: {escape(message)}. Try again in a few minutes."


def already(status: JobStatus, summary_ts: str | None, channel: str) -> str:
    if status.state != "done":
        return f"I am already on it ({status.state}); the summary will appear in this channel."
    where = f": {permalink(channel, summary_ts)}" if summary_ts else " in this channel"
    return f"That recording was summarized {ago(time.time() - status.updated_at)}{where}"


def status_list(jobs: list[JobStatus]) -> str:
    if not jobs:
        return NO_JOBS
    lines = ["*Recent Scribe jobs in this channel*"]
    for job in jobs:
        icon = STATE_LABELS[job.state].emoji
        age = ago(time.time() - job.created_at)
        reason = f": {escape(job.reason)}" if job.state == "failed" and job.reason else ""
        lines.append(f"{icon} {job.state}{reason} · {escape(shown_link(job.source.ref))} · {age}")
    return "\n".join(lines)
