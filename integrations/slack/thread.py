"""A summary's Slack thread: the conversation so far, and Scribe's replies in it."""

from __future__ import annotations

from typing import Any, Literal

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.domain import Turn
from integrations.slack.blocks import TEXT_LIMIT, escape, split_text
from integrations.slack.channel import SlackChannels, Tag
from integrations.slack.errors import TOO_LONG, SlackRefused, translate_slack_error

log = structlog.get_logger(__name__)

# A longer answer is cut after this many messages: a thread of dozens of walls of text helps
# nobody, and each post waits its turn in Slack's one-message-a-second limit.
MAX_PARTS = 6
_ROOM = 100  # of each part's characters, kept for "(2/3)" and the note on a cut answer
_MIN_LIMIT = 2_500  # parts are halved on msg_too_long down to this
CUT_NOTE = "… (the answer went on beyond what fits in Slack; ask about a narrower part)"


def answer_parts(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """An answer as the escaped messages to post, each within `limit` characters: one when it
    fits, else consecutive parts marked "(1/3)", at most MAX_PARTS of them."""
    pieces = split_text(escape(text), limit - _ROOM)
    if len(pieces) == 1:
        return pieces
    if len(pieces) > MAX_PARTS:
        pieces = [*pieces[: MAX_PARTS - 1], pieces[MAX_PARTS - 1].rstrip() + "\n" + CUT_NOTE]
    count = len(pieces)
    return [f"{piece.rstrip()}\n({n}/{count})" for n, piece in enumerate(pieces, start=1)]


class SlackThread:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._channels = SlackChannels(client)

    async def history(self, channel: str, thread_ts: str, *, before: str) -> list[Turn]:
        """Questions and Scribe's answers before `before`, oldest first (not the summary)."""
        try:
            response = await self._client.conversations_replies(
                channel=channel, ts=thread_ts, limit=100
            )
        except SlackApiError as exc:
            raise translate_slack_error(exc, "conversations.replies") from exc
        turns: list[Turn] = []
        messages: list[dict[str, Any]] = response.get("messages", [])
        for message in messages:
            ts = str(message.get("ts", ""))
            if ts == thread_ts or float(ts or 0) >= float(before) or message.get("files"):
                continue
            role: Literal["user", "assistant"] = "assistant" if message.get("bot_id") else "user"
            turns.append(Turn(role=role, text=str(message.get("text", ""))))
        return turns

    async def reply(
        self,
        channel: str,
        thread_ts: str,
        text: str,
        *,
        job_id: str,
        key: str,
        resuming: bool = False,
    ) -> str:
        """Post an answer in the thread, in as many messages as Slack's limit needs; returns
        the first one's ts. The answer is model output about a recording: escaped, so it can
        neither mention anyone nor forge a link. Each part is tagged (job_id, key, its number):
        when `resuming`, parts an earlier try posted are found by their tags, not posted again."""
        limit = TEXT_LIMIT
        while True:
            parts = answer_parts(text, limit)
            try:
                return await self._post(channel, thread_ts, parts, job_id, key, resuming)
            except SlackRefused as exc:
                if exc.error not in TOO_LONG or limit <= _MIN_LIMIT:
                    raise
            limit = max(limit // 2, _MIN_LIMIT)
            log.warning("slack.answer_too_long", chars_per_message=limit)

    async def _post(
        self,
        channel: str,
        thread_ts: str,
        parts: list[str],
        job_id: str,
        key: str,
        resuming: bool,
    ) -> str:
        first: str | None = None
        for number, part in enumerate(parts, start=1):
            tag = Tag(job_id, f"{key}:{number}")
            found = None
            if resuming:
                found = await self._channels.find(channel, thread_ts=thread_ts, tag=tag)
            ts = found or await self._channels.post(
                channel, text=part, thread_ts=thread_ts, tag=tag
            )
            first = first or ts
        assert first is not None  # noqa: S101 - answer_parts gives at least one part
        return first
