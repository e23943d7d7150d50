"""A Slack channel as Scribe uses it: joined once, and the one place messages and files are
posted, whether the receiver posts a job's message first ("Queued") or a worker does.

A post or a file share whose reply was lost (a 5xx, a dropped connection) may have happened:
before anything is sent again, the channel or thread is searched for it, by the metadata the
post carried (`Tag`) or by its text, and what is found is used instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from integrations.slack.blocks import Block, fit_text
from integrations.slack.errors import (
    CANNOT_JOIN,
    NO_REPLY,
    OutcomeUnknown,
    SlackRefused,
    error_code,
    translate_no_reply,
    translate_slack_error,
)

log = structlog.get_logger(__name__)

EVENT_TYPE = "scribe_delivery"  # the metadata event type on every message Scribe tags
# How far back a lost post is looked for: it was made moments ago, or by a worker that died
# after making it (the job's retry comes within minutes).
_HISTORY_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Tag:
    """Marks a message as one delivery of one job (Slack message metadata), so that it can be
    found again when the reply to its post was lost."""

    job_id: str
    key: str

    def metadata(self) -> dict[str, Any]:
        return {"event_type": EVENT_TYPE, "event_payload": {"job_id": self.job_id, "key": self.key}}

    def marks(self, message: dict[str, Any]) -> bool:
        metadata = message.get("metadata") or {}
        return metadata.get("event_type") == EVENT_TYPE and metadata.get("event_payload") == {
            "job_id": self.job_id,
            "key": self.key,
        }


class SlackChannels:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._joined: set[str] = set()

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a Web API method by its typed client method (which drops None values and
        serialises blocks), translating Slack's errors into Scribe's."""
        bound = getattr(self.client, method.replace(".", "_"))
        try:
            response = await bound(**params)
        except SlackApiError as exc:
            raise translate_slack_error(exc, method) from exc
        except NO_REPLY as exc:
            raise translate_no_reply(exc, method, base_url=self.client.base_url) from exc
        return dict(response.data) if isinstance(response.data, dict) else {}

    async def join(self, channel: str) -> None:
        """Join a public channel, once: Slack sends Scribe the questions asked in a summary's
        thread only from channels it is in. Private channels and direct messages cannot be
        joined; Scribe must be invited there."""
        if channel in self._joined:
            return
        self._joined.add(channel)  # before the call: concurrent jobs join once
        try:
            await self.client.conversations_join(channel=channel)
        except SlackApiError as exc:
            error = error_code(exc)
            log.info("slack.join_skipped", channel=channel, error=error)
            if error not in CANNOT_JOIN:
                self._joined.discard(channel)  # worth another try with the next job
        except NO_REPLY as exc:
            log.info("slack.join_skipped", channel=channel, error=type(exc).__name__)
            self._joined.discard(channel)

    async def show(
        self,
        channel: str,
        *,
        ts: str | None,
        text: str,
        blocks: list[Block] | None = None,
        thread_ts: str | None = None,
        tag: Tag | None = None,
    ) -> str:
        """Edit the job's message `ts`, or post it when there is none yet; returns its ts.
        An edit says the same however often it is sent, so it is simply sent again."""
        if ts:
            await self.call(
                "chat.update", channel=channel, ts=ts, text=fit_text(text), blocks=blocks or []
            )
            return ts
        return await self.post(channel, text=text, blocks=blocks, thread_ts=thread_ts, tag=tag)

    async def post(
        self,
        channel: str,
        *,
        text: str,
        blocks: list[Block] | None = None,
        thread_ts: str | None = None,
        tag: Tag | None = None,
    ) -> str:
        """Post a message once; returns its ts. When the reply is lost, the message is looked
        for (by `tag`, else by its text) and, if Slack made it, that one is returned; if not,
        OutcomeUnknown is raised, to be tried again later, after another look."""
        text = fit_text(text)
        try:
            posted = await self.call(
                "chat.postMessage",
                channel=channel,
                thread_ts=thread_ts,
                text=text,
                blocks=blocks or None,
                metadata=tag.metadata() if tag else None,
                unfurl_links=False,
                unfurl_media=False,
            )
        except OutcomeUnknown as exc:
            found = await self.find(channel, thread_ts=thread_ts, tag=tag, text=text)
            if found is None:
                raise
            log.info("slack.lost_post_found", channel=channel, ts=found, reason=exc.message)
            return found
        return str(posted["ts"])

    async def find(
        self, channel: str, *, thread_ts: str | None, tag: Tag | None, text: str | None = None
    ) -> str | None:
        """The ts of Scribe's message marked `tag` (or, untagged, saying exactly `text`)
        among the thread's replies or the channel's latest messages; None when there is none."""
        for message in await self._recent(channel, thread_ts):
            if not message.get("bot_id") or message.get("files"):
                continue
            if (tag.marks(message) if tag else message.get("text") == text) and message.get("ts"):
                return str(message["ts"])
        return None

    async def upload(
        self, channel: str, *, thread_ts: str, content: str, filename: str, title: str
    ) -> str:
        """Share a text file in a thread once; returns the file's id. A share whose reply was
        lost is looked for in the thread, as a post is."""
        try:
            shared = await self.call(
                "files.upload_v2",
                channel=channel,
                thread_ts=thread_ts,
                content=content,
                filename=filename,
                title=title,
            )
        except OutcomeUnknown as exc:
            found = await self.find_file(channel, thread_ts=thread_ts, filename=filename)
            if found is None:
                raise
            log.info("slack.lost_upload_found", channel=channel, file=found, reason=exc.message)
            return found
        files = shared.get("files") or [shared.get("file") or {}]
        return str(files[0].get("id", ""))

    async def find_file(self, channel: str, *, thread_ts: str, filename: str) -> str | None:
        """The id of a file named `filename` that Scribe shared in the thread, if any."""
        for message in await self._recent(channel, thread_ts):
            if not message.get("bot_id"):
                continue
            for file in message.get("files") or []:
                if file.get("name") == filename:
                    return str(file.get("id", ""))
        return None

    async def _recent(self, channel: str, thread_ts: str | None) -> list[dict[str, Any]]:
        """A thread's messages, or the channel's latest ones, with their metadata. Reading
        them needs the channels:history (or groups:history, im:history) scope; where Scribe may
        not read, nothing is found: posting again risks a double, never a lost summary."""
        method = "conversations.replies" if thread_ts else "conversations.history"
        try:
            found = await self.call(
                method,
                channel=channel,
                ts=thread_ts,
                include_all_metadata=True,
                limit=_HISTORY_LIMIT,
            )
        except SlackRefused as exc:
            log.warning("slack.cannot_look_back", channel=channel, error=exc.error)
            return []
        messages: list[dict[str, Any]] = found.get("messages") or []
        return messages
