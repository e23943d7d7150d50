"""Domain types. They cross Redis and the CLI's --json, so they are frozen pydantic models whose
JSON is the result document of CONTRACT section 5."""

from __future__ import annotations

import hashlib
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

SourceKind = Literal["file", "url", "zoom", "drive"]


class Model(BaseModel):
    # extra="ignore": a newer worker may add fields that an older receiver still has to read.
    model_config = ConfigDict(frozen=True, extra="ignore")


class Source(Model):
    kind: SourceKind
    ref: str
    title: str = ""


class Segment(Model):
    start: float
    end: float
    text: str
    speaker: str | None = None


class Transcript(Model):
    segments: tuple[Segment, ...] = ()
    language: str | None = None
    duration_seconds: float = 0.0

    @property
    def is_empty(self) -> bool:
        return not any(s.text.strip() for s in self.segments)


class ActionItem(Model):
    owner: str | None = None
    task: str
    due: str | None = None


class Chapter(Model):
    start: float
    title: str


class Summary(Model):
    title: str
    tldr: str
    key_points: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    open_questions: tuple[str, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    generated_by: str
    # Set when the summary is not the one asked for, e.g. the language model failed and this
    # is the offline summary: the reason, for people to read.
    note: str | None = None


class Attendee(Model):
    """Someone who was in the meeting, as the meeting's platform knows them."""

    name: str = ""
    email: str | None = None


class MeetingResult(Model):
    """The result document: what `scribe process --json` writes and what the worker stores."""

    source: Source
    duration_seconds: float
    language: str | None
    transcript: Transcript
    summary: Summary
    # Who was in the meeting, when the source knows (Zoom's participants): for email and
    # for turning action-item owners into Slack mentions.
    attendees: tuple[Attendee, ...] = ()


class SlackTarget(Model):
    """Where a summary goes in Slack. `progress_ts` is the message updated while the job runs."""

    channel: str
    thread_ts: str | None = None
    progress_ts: str | None = None
    requested_by: str | None = None


class JobRequest(Model):
    """One unit of work for the pipeline, produced by every entry point."""

    source: Source
    language: str | None = None
    slack: SlackTarget | None = None
    emails: tuple[str, ...] = ()
    # Tells apart runs that must not collapse into one job (e.g. a new Drive revision).
    revision: str | None = None
    # SCRIBE_REVIEW_MODE=host: the email of the host who approves the draft before it is shared.
    review_by: str | None = None

    @property
    def job_id(self) -> str:
        """Deterministic, so duplicated webhooks and repeated commands collapse into one job."""
        if self.source.kind == "zoom":
            return f"zoom:{self.source.ref}"
        if self.source.kind == "drive":
            return f"drive:{self.source.ref}:{self.revision or '0'}"
        channel = self.slack.channel if self.slack else ""
        digest = hashlib.sha256(f"{self.source.ref}\n{channel}".encode()).hexdigest()[:24]
        return f"{self.source.kind}:{digest}"


JobState = Literal[
    "queued", "fetching", "transcribing", "summarizing", "review", "delivering", "done", "failed"
]


class StateLabel(NamedTuple):
    text: str  # what a person reads: the terminal's progress bar, Slack's messages
    emoji: str  # Slack's icon for it


# The one table of how each state is shown, wherever it is shown.
STATE_LABELS: dict[JobState, StateLabel] = {
    "queued": StateLabel("Queued", ":hourglass_flowing_sand:"),
    "fetching": StateLabel("Fetching the recording", ":inbox_tray:"),
    "transcribing": StateLabel("Transcribing", ":studio_microphone:"),
    "summarizing": StateLabel("Summarizing", ":pencil:"),
    "review": StateLabel("Waiting for the host's approval", ":eyes:"),
    "delivering": StateLabel("Posting", ":outbox_tray:"),
    "done": StateLabel("Done", ":white_check_mark:"),
    "failed": StateLabel("Could not summarize", ":x:"),
}


class JobStatus(Model):
    """Where a job stands, for `/scribe status`, the metrics and the progress message."""

    job_id: str
    state: JobState
    created_at: float
    updated_at: float
    source: Source
    channel: str | None = None
    reason: str | None = None
    history: tuple[tuple[JobState, float], ...] = Field(default=())
    # How far transcription got, in seconds of audio (shown on long recordings).
    position_s: float | None = None
    total_s: float | None = None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class Question(Model):
    """A follow-up question asked in the thread of a summary."""

    job_id: str
    channel: str
    thread_ts: str
    message_ts: str
    user: str
    text: str


# The queue contract shared by whoever enqueues and the worker (arq function names).
PROCESS_JOB = "process_recording"
ANSWER_JOB = "answer_question"
ANSWER_QUEUE = "arq:queue:answers"


class Passage(Model):
    start: float
    end: float
    text: str  # transcript lines, each "[m:ss] Speaker: words"


class Turn(Model):
    role: Literal["user", "assistant"]
    text: str
