"""A summary's Slack thread: the conversation so far, and Scribe's replies in it."""

from __future__ import annotations

from typing import Any, Literal

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.domain import Turn
from integrations.slack.blocks import escape
from integrations.slack.errors import translate_slack_error


class SlackThread:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

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

    async def reply(self, channel: str, thread_ts: str, text: str) -> str:
        # The answer is model output about a recording: escaped, so it can neither mention
        # anyone nor forge a link.
        try:
            response = await self._client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                text=escape(text),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            raise translate_slack_error(exc, "chat.postMessage") from exc
        return str(response["ts"])
