"""Summaries from any OpenAI-compatible chat server (OpenAI, Azure, vLLM, Ollama, llama.cpp).

Long meetings are cut into token-counted parts on line boundaries, each part summarized, then
the part notes merged (in rounds, if even they do not fit), so any meeting fits any context
window. Rate limits and server errors are retried by the SDK itself (`max_retries`), which
honours Retry-After. What still fails is raised as Transient (unreachable, busy) or
StageFailed (refused, or a reply that twice did not fit the format); `FallbackSummarizer`
(integrations.llm.fallback) turns either into the offline summary, so the transcript is kept.
The prompt names the meeting's language (Whisper detected it) so the notes come out in it.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast

import openai
import structlog
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from core.domain import ActionItem, Chapter, Summary, Transcript
from core.errors import StageFailed
from core.summaries import no_speech_summary, tidy
from core.timefmt import clock, parse_clock, transcript_lines
from integrations.llm.errors import translate_openai_error, unreadable_reply
from integrations.llm.prompts import (
    PART_NOTE,
    SUMMARY_RESPONSE_FORMAT,
    SUMMARY_SCHEMA,
    merge_rules,
    summary_rules,
)
from integrations.llm.tokens import TokenCounter

log = structlog.get_logger(__name__)

_PARALLEL_PARTS = 4


class _Action(BaseModel):
    owner: str | None = None
    task: str
    due: str | None = None


class _Chapter(BaseModel):
    start: str
    title: str

    @field_validator("start", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        # Some servers return a number of seconds despite the schema.
        return clock(float(value)) if isinstance(value, int | float) else value


class Draft(BaseModel):
    """A summary as the model writes it, times still as clock strings."""

    model_config = ConfigDict(extra="ignore")
    title: str
    tldr: str
    key_points: list[str]
    decisions: list[str]
    action_items: list[_Action]
    open_questions: list[str]
    chapters: list[_Chapter]


class OpenAISummarizer:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        *,
        model: str,
        count_tokens: TokenCounter,
        chunk_tokens: int,
    ) -> None:
        self._client = client
        self._model = model
        self._count = count_tokens
        self._chunk_tokens = chunk_tokens
        self._schema_supported = True

    async def summarize(
        self, transcript: Transcript, *, title: str, last_try: bool = True
    ) -> Summary:
        if transcript.is_empty:
            return no_speech_summary(title=title, generated_by=self._model)
        parts = split_by_tokens(transcript_lines(transcript), self._count, self._chunk_tokens)
        log.info("summary.started", model=self._model, parts=len(parts))
        rules = summary_rules(transcript.language)
        if len(parts) == 1:
            draft = await self._ask(rules, _meeting_text(title, parts[0]))
        else:
            draft = await self._map_reduce(title, parts, transcript.language)
        return _to_summary(draft, transcript, title, self._model)

    async def _map_reduce(self, title: str, parts: list[list[str]], language: str | None) -> Draft:
        gate = asyncio.Semaphore(_PARALLEL_PARTS)
        rules = summary_rules(language)

        async def summarize_part(index: int, lines: list[str]) -> Draft:
            note = PART_NOTE.format(
                part=index + 1,
                parts=len(parts),
                start=_line_time(lines[0]),
                end=_line_time(lines[-1]),
            )
            async with gate:
                return await self._ask(rules + "\n\n" + note, _meeting_text(title, lines))

        drafts = list(await asyncio.gather(*(summarize_part(i, p) for i, p in enumerate(parts))))
        while True:
            notes = [d.model_dump_json() for d in drafts]
            groups = split_by_tokens(notes, self._count, self._chunk_tokens)
            merged = [await self._ask(merge_rules(language), _notes_text(title, g)) for g in groups]
            if len(merged) == 1:
                return merged[0]
            if len(merged) >= len(drafts):
                raise StageFailed("meeting notes are too long to merge", stage="summarize")
            drafts = merged

    async def _ask(self, system: str, user: str) -> Draft:
        messages: list[dict[str, str]] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        reply = await self._complete(messages)
        try:
            return Draft.model_validate_json(reply)
        except ValidationError as exc:
            log.warning("summary.reply_invalid", errors=exc.error_count(), attempt=1)
            messages += [
                {"role": "assistant", "content": reply},
                {"role": "user", "content": _correction(exc)},
            ]
        reply = await self._complete(messages)
        try:
            return Draft.model_validate_json(reply)
        except ValidationError as exc:
            log.warning("summary.reply_invalid", errors=exc.error_count(), attempt=2)
            raise StageFailed(
                f"the language model ({self._model}) twice returned a summary that does not "
                "fit the required format",
                stage="summarize",
            ) from None

    async def _complete(self, messages: list[dict[str, str]]) -> str:
        sent, response_format = self._request(messages)
        try:
            response = await self._client.chat.completions.create(
                model=self._model,
                messages=cast("list[ChatCompletionMessageParam]", sent),
                response_format=cast(Any, response_format),
            )
        except openai.BadRequestError as exc:
            if self._schema_supported and "response_format" in str(exc.message):
                # Older local servers know JSON mode but not JSON schemas.
                log.warning("summary.json_schema_unsupported", model=self._model)
                self._schema_supported = False
                return await self._complete(messages)
            raise translate_openai_error(exc, self._model, stage="summarize") from None
        except openai.APIError as exc:
            raise translate_openai_error(exc, self._model, stage="summarize") from None
        except json.JSONDecodeError:
            raise unreadable_reply(self._model, stage="summarize") from None
        if not response.choices:
            raise StageFailed(
                f"the language model ({self._model}) sent an empty reply", stage="summarize"
            )
        choice = response.choices[0]
        if choice.message.refusal:
            # A refusal is not a malformed reply: asking again gets the same answer.
            log.warning("summary.refused", model=self._model)
            raise StageFailed(
                f"the language model ({self._model}) declined to summarize this meeting",
                stage="summarize",
            )
        if choice.finish_reason == "length":
            log.warning("summary.reply_truncated", model=self._model)
        return choice.message.content or ""

    def _request(
        self, messages: list[dict[str, str]]
    ) -> tuple[list[dict[str, str]], dict[str, Any]]:
        if self._schema_supported:
            return messages, SUMMARY_RESPONSE_FORMAT
        schema = "\n\nJSON schema:\n" + json.dumps(SUMMARY_SCHEMA)
        first = {**messages[0], "content": messages[0]["content"] + schema}
        return [first, *messages[1:]], {"type": "json_object"}


def split_by_tokens(lines: list[str], count: TokenCounter, budget: int) -> list[list[str]]:
    """Group lines in order so each group stays within `budget` tokens (a longer line alone)."""
    groups: list[list[str]] = [[]]
    used = 0
    for line in lines:
        cost = count(line) + 1
        if groups[-1] and used + cost > budget:
            groups.append([])
            used = 0
        groups[-1].append(line)
        used += cost
    return groups


def _meeting_text(title: str, lines: list[str]) -> str:
    heading = f"Meeting: {title}\n\n" if title else ""
    return heading + "Transcript:\n" + "\n".join(lines)


def _notes_text(title: str, notes: list[str]) -> str:
    heading = f"Meeting: {title}\n\n" if title else ""
    return heading + "Part notes, in order:\n" + "\n".join(notes)


def _line_time(line: str) -> str:
    return line[1 : line.index("]")] if line.startswith("[") and "]" in line else "?"


def _correction(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "reply"
    return (
        f"That reply does not fit the required JSON format ({where}: {first['msg']}). "
        "Reply again with only the JSON object."
    )


def _to_summary(draft: Draft, transcript: Transcript, title: str, model: str) -> Summary:
    chapters = []
    for chapter in draft.chapters:
        start = parse_clock(chapter.start)
        if start is not None:
            chapters.append(Chapter(start=start, title=chapter.title))
    summary = Summary(
        title=draft.title,
        tldr=draft.tldr,
        key_points=tuple(draft.key_points),
        decisions=tuple(draft.decisions),
        action_items=tuple(ActionItem(**a.model_dump()) for a in draft.action_items),
        open_questions=tuple(draft.open_questions),
        chapters=tuple(chapters),
        generated_by=model,
    )
    return tidy(summary, duration_seconds=transcript.duration_seconds, fallback_title=title)
