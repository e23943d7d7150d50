"""Posts and file shares that the delivery ledger and Slack agree on, even across a kill.

The ledger records the intent ("<key>:pending") before Slack is asked, and the result after.
A worker that dies between the two leaves the intent behind: the job's next run looks in Slack
for what the first one made (by the post's metadata, or the file's name in the thread), records
it, and sends nothing again. Without an intent there is nothing to look for, so a job that never
got that far costs no extra call.
"""

from __future__ import annotations

from core.ports import DeliveryLedger
from integrations.slack.blocks import Block
from integrations.slack.channel import SlackChannels, Tag


def pending(key: str) -> str:
    """The ledger key saying that `key`'s post was asked for and may have been made."""
    return f"{key}:pending"


async def post_once(
    channels: SlackChannels,
    ledger: DeliveryLedger,
    job_id: str,
    key: str,
    *,
    channel: str,
    text: str,
    blocks: list[Block] | None = None,
    thread_ts: str | None = None,
) -> str:
    """Post the job's message `key` unless it was posted; returns its ts."""
    done = await ledger.delivered(job_id, key)
    if done:
        return done
    tag = Tag(job_id, key)
    if await ledger.delivered(job_id, pending(key)):
        found = await channels.find(channel, thread_ts=thread_ts, tag=tag)
        if found is not None:
            await ledger.record(job_id, key, found)
            return found
    await ledger.record(job_id, pending(key))
    ts = await channels.post(channel, text=text, blocks=blocks, thread_ts=thread_ts, tag=tag)
    await ledger.record(job_id, key, ts)
    return ts


async def upload_once(
    channels: SlackChannels,
    ledger: DeliveryLedger,
    job_id: str,
    key: str,
    *,
    channel: str,
    thread_ts: str,
    content: str,
    filename: str,
    title: str,
) -> str:
    """Share the job's file `key` in its thread unless it was shared; returns the file's id.
    A thread holds one file of each name, so the name is what finds a lost share."""
    done = await ledger.delivered(job_id, key)
    if done:
        return done
    if await ledger.delivered(job_id, pending(key)):
        found = await channels.find_file(channel, thread_ts=thread_ts, filename=filename)
        if found is not None:
            await ledger.record(job_id, key, found)
            return found
    await ledger.record(job_id, pending(key))
    file_id = await channels.upload(
        channel, thread_ts=thread_ts, content=content, filename=filename, title=title
    )
    await ledger.record(job_id, key, file_id or "1")
    return file_id
