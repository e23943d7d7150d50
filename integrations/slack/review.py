"""The host's review of a draft (SCRIBE_REVIEW_MODE=host): the summary in a direct message
with Approve and Discard buttons. What the buttons do is the receiver's (bot/slack/); the
button carries the job's request, so approving needs nothing stored beside the result."""

from __future__ import annotations

import structlog

from core.domain import JobRequest, MeetingResult
from core.errors import ScribeError
from core.ports import DeliveryLedger
from integrations.slack.blocks import Block, fallback_text, paginate, summary_blocks
from integrations.slack.channel import SlackChannels, Tag
from integrations.slack.once import pending

log = structlog.get_logger(__name__)

APPROVE = "scribe_review_approve"
DISCARD = "scribe_review_discard"
REVIEW_KEY = "slack-review"  # delivery-ledger key: the draft's "channel ts"
_VALUE_LIMIT = 2000  # Slack's limit on a button's value


def review_buttons(value: str) -> Block:
    """Approve and Discard, each carrying `value` (the job's request) back to the receiver."""
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "style": "primary",
                "action_id": APPROVE,
                "text": {"type": "plain_text", "text": "Approve and share"},
                "value": value,
            },
            {
                "type": "button",
                "style": "danger",
                "action_id": DISCARD,
                "text": {"type": "plain_text", "text": "Discard"},
                "value": value,
                "confirm": {
                    "title": {"type": "plain_text", "text": "Discard this summary?"},
                    "text": {
                        "type": "plain_text",
                        "text": "Nothing is posted or mailed, and the transcript is deleted.",
                    },
                    "confirm": {"type": "plain_text", "text": "Discard"},
                    "deny": {"type": "plain_text", "text": "Keep"},
                },
            },
        ],
    }


class SlackReview:
    def __init__(self, channels: SlackChannels) -> None:
        self._channels = channels

    async def ask(
        self, request: JobRequest, job_id: str, result: MeetingResult, ledger: DeliveryLedger
    ) -> bool:
        if await ledger.delivered(job_id, REVIEW_KEY):
            return True
        value = request.model_dump_json(exclude_defaults=True)
        if request.review_by is None or len(value) > _VALUE_LIMIT:
            return False
        try:
            found = await self._channels.call("users.lookupByEmail", email=request.review_by)
            opened = await self._channels.call("conversations.open", users=found["user"]["id"])
        except ScribeError as exc:
            log.info("review.host_unreachable", reason=exc.message)
            return False
        dm = str(opened["channel"]["id"])
        tag = Tag(job_id, REVIEW_KEY)
        # A draft whose post went unanswered before a kill is found, not sent twice.
        draft: str | None = None
        if await ledger.delivered(job_id, pending(REVIEW_KEY)):
            draft = await self._channels.find(dm, thread_ts=None, tag=tag)
        if draft is None:
            await ledger.record(job_id, pending(REVIEW_KEY))
            where = f" for <#{request.slack.channel}>" if request.slack else ""
            footer = f"Draft{where}: nobody else sees it until you approve it"
            first_page = paginate(summary_blocks(result, footer=footer))[0]
            draft = await self._channels.post(
                dm,
                text="Draft for your review: " + fallback_text(result.summary),
                blocks=[*first_page[:49], review_buttons(value)],
                tag=tag,
            )
        await ledger.record(job_id, REVIEW_KEY, f"{dm} {draft}")
        log.info("review.asked")
        return True
