"""What `scribe worker` runs on, built from settings: the recording jobs' dependencies (the
pipeline, the store, the notifiers) and the thread questions'."""

from __future__ import annotations

from contextlib import AsyncExitStack

from core.errors import ConfigError
from core.ports import PassageRanker, QuestionJobDeps, RecordingJobDeps
from core.settings import Settings
from integrations.drive.source import DriveAttendees
from integrations.offline.bm25 import BM25Ranker
from integrations.slack.channel import SlackChannels
from integrations.slack.client import build_slack_client
from integrations.slack.review import SlackReview
from integrations.slack.thread import SlackThread
from integrations.store.records import RedisStore
from integrations.whisper.transcriber import WhisperTranscriber
from integrations.wiring.delivery import build_notifiers, build_redis
from integrations.wiring.pipeline import build_pipeline
from integrations.zoom.client import build_zoom_api
from integrations.zoom.people import ZoomAttendees


def build_recording_job_deps(
    settings: Settings,
    *,
    closers: AsyncExitStack,
    transcriber: WhisperTranscriber | None = None,
) -> RecordingJobDeps:
    """Everything a worker needs to run jobs: the pipeline, the store and the notifiers."""
    store = RedisStore(build_redis(settings, closers), retention_days=settings.retention_days)
    notifiers = build_notifiers(settings, archive=store, closers=closers)
    pipeline = build_pipeline(
        settings, local_files=False, closers=closers, transcriber=transcriber, details=store
    )
    return RecordingJobDeps(
        pipeline=pipeline,
        states=store,
        archive=store,
        ledger=store,
        metrics=store,
        notifiers=notifiers,
        attendees={
            "zoom": ZoomAttendees(details=store, api=build_zoom_api(settings)),
            "drive": DriveAttendees(details=store),
        },
        review=_build_review(settings, closers),
    )


def _build_review(settings: Settings, closers: AsyncExitStack) -> SlackReview | None:
    if settings.review_mode != "host":
        return None
    slack = build_slack_client(settings, closers)
    if slack is None:
        raise ConfigError(
            "SCRIBE_REVIEW_MODE=host needs SLACK_BOT_TOKEN: drafts go to hosts in Slack"
        )
    return SlackReview(SlackChannels(slack))


def build_question_job_deps(settings: Settings, *, closers: AsyncExitStack) -> QuestionJobDeps:
    """What answering thread questions needs: the stored meetings, a ranker, perhaps a model."""
    slack = build_slack_client(settings, closers)
    if slack is None:
        raise ConfigError("answering questions in Slack threads needs SLACK_BOT_TOKEN")
    store = RedisStore(build_redis(settings, closers), retention_days=settings.retention_days)
    ranker: PassageRanker = BM25Ranker()
    answerer = None
    if settings.llm_enabled:
        from integrations.llm.answerer import OpenAIAnswerer
        from integrations.llm.client import build_llm_client
        from integrations.llm.embeddings import EmbeddingRanker

        client = build_llm_client(settings)
        closers.push_async_callback(client.close)
        answerer = OpenAIAnswerer(client, model=settings.llm_model)
        if settings.embedding_model:
            ranker = EmbeddingRanker(client, model=settings.embedding_model, fallback=BM25Ranker())
    return QuestionJobDeps(
        archive=store,
        ledger=store,
        ranker=ranker,
        answerer=answerer,
        thread=SlackThread(slack),
        retention_days=settings.retention_days,
    )
