"""Questions asked in the thread of a summary: a person's reply there is queued for a worker
to answer, once per message.

Redis out of reach (down, or hung past the deadline) raises Transient, which the Bolt app
answers with a 503 within Slack's 3 s: Slack sends the event again, and nothing is lost.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import structlog
from redis.exceptions import RedisError

from bot.slack.deadline import redis_deadline
from bot.slack.inbound import Malformed
from bot.slack.once import OncePerMessage
from core.domain import Question
from core.errors import Transient
from integrations.wiring.receiver import ReceiverDeps

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class ThreadReply:
    channel: str
    thread_ts: str
    message_ts: str
    user: str
    text: str


def thread_reply(event: dict[str, Any]) -> ThreadReply | None:
    """A person's reply in a thread, or None for any other message event (edits, deletions,
    bots, Scribe itself, top-level messages). Malformed when the fields are not Slack's."""
    if event.get("subtype") not in (None, "thread_broadcast") or event.get("bot_id"):
        return None
    names = ("channel", "thread_ts", "ts", "user", "text")
    values = [event.get(name) for name in names]
    if not all(value is None or isinstance(value, str) for value in values):
        raise Malformed("a message event with fields of the wrong type")
    channel, thread_ts, ts, user, text = values
    if not thread_ts or thread_ts == ts or not user or not text:
        return None
    if not channel or not ts:
        raise Malformed("a thread reply without channel or ts")
    return ThreadReply(channel=channel, thread_ts=thread_ts, message_ts=ts, user=user, text=text)


class ThreadQuestions:
    def __init__(self, deps: ReceiverDeps) -> None:
        self._deps = deps
        self._once = OncePerMessage(deps.redis)

    async def take(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """Queue the question in a message event, if it is one in a summary's thread."""
        reply = thread_reply(event)
        if reply is None:
            return
        event_id = body.get("event_id")
        event_id = event_id if isinstance(event_id, str) and event_id else reply.message_ts
        try:
            async with redis_deadline():
                job_id = await self._deps.store.job_for_message(reply.channel, reply.thread_ts)
                if job_id is None:
                    return
                if not await self._once.first(reply.channel, reply.message_ts, event_id):
                    log.info("slack.question_duplicate", job_id=job_id)
                    return
                question = Question(job_id=job_id, **asdict(reply))
                created = await self._deps.queue.ask(question, event_id=event_id)
        except (RedisError, OSError) as exc:  # the queue's own calls to Redis
            raise Transient(f"Redis is unavailable ({type(exc).__name__})") from exc
        log.info("slack.question_queued", job_id=job_id, duplicate=not created)
