"""A Slack channel as Scribe uses it: joined once, and the one place a job's message is
posted or edited, whether the receiver posts it first ("Queued") or a worker does."""

from __future__ import annotations

from typing import Any

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from integrations.slack.blocks import Block
from integrations.slack.errors import CANNOT_JOIN, error_code, translate_slack_error

log = structlog.get_logger(__name__)


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

    async def show(
        self,
        channel: str,
        *,
        ts: str | None,
        text: str,
        blocks: list[Block] | None = None,
        thread_ts: str | None = None,
    ) -> str:
        """Edit the job's message `ts`, or post it when there is none yet; returns its ts."""
        content: dict[str, Any] = {"text": text, "blocks": blocks or []}
        if ts:
            await self.call("chat.update", channel=channel, ts=ts, **content)
            return ts
        posted = await self.call(
            "chat.postMessage",
            channel=channel,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            **content,
        )
        return str(posted["ts"])
