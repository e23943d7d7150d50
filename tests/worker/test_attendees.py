"""A meeting's attendees: mailed the summary (within the allowed domains), and named as
action-item owners they become Slack mentions, built from Slack's ids, never from model text."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from dataclasses import replace

from core.domain import Attendee, JobRequest
from core.jobs import run_job
from core.settings import Settings
from integrations.store.queue import ArqJobQueue
from integrations.wiring.worker import build_recording_job_deps
from tests.conftest import changed
from tests.fakes.media_site import MediaSite
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.slack_api import FakeSlack
from tests.fakes.smtp import Mailbox, smtp_server
from tests.worker.conftest import link_request

ATTENDEES = [
    Attendee(name="Priya Patel", email="priya@example.com"),
    Attendee(name="Sam Lee", email="sam@example.com"),
    Attendee(name="Sam Ortiz", email="sam.ortiz@example.com"),
    Attendee(name="Guest", email="guest@elsewhere.org"),
]


class FixedAttendees:
    async def attendees(self, request: JobRequest) -> list[Attendee]:
        return ATTENDEES


def reply(owners: list[str]) -> str:
    return json.dumps(
        {
            "title": "Billing sync",
            "tldr": "Billing moves in May.",
            "key_points": [],
            "decisions": [],
            "action_items": [{"owner": o, "task": f"Task for {o}", "due": None} for o in owners],
            "open_questions": [],
            "chapters": [],
        }
    )


async def test_owners_become_mentions_and_attendees_get_the_mail(
    queue: ArqJobQueue,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
    fake_openai: FakeOpenAI,
) -> None:
    url = media_site.url
    slack = fake_slack
    llm = fake_openai
    llm_url = fake_openai.url
    slack.add_user("U0PRIYA", "priya@example.com", "Priya Patel")
    slack.add_user("U0SAM", "sam@example.com", "Sam Lee")
    slack.add_user("U0ORTIZ", "sam.ortiz@example.com", "Sam Ortiz")
    # "<@U0EVIL>" from the model must stay text; "Sam" is ambiguous; "Noor" is no attendee.
    llm.queue_reply(reply(["Priya", "Sam Lee", "Sam", "Noor", "<@U0EVIL>"]))
    mailbox = Mailbox(refuse={"sam.ortiz@example.com"})
    with smtp_server(mailbox) as port:
        settings = changed(
            worker_settings,
            openai_api_key="test",
            openai_base_url=f"{llm_url}/v1",
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_starttls=False,
            email_from="scribe@example.com",
            email_allowed_domains="example.com",
        )
        request = link_request(f"{url}/speech.wav")
        await queue.submit(request)
        async with AsyncExitStack() as closers:
            deps = build_recording_job_deps(settings, closers=closers)
            deps = replace(deps, attendees={"url": FixedAttendees()})
            result = await run_job(request, deps, job_id=request.job_id, last_try=True)
            # As if the worker died after delivering: the re-run mails and remarks nothing.
            await run_job(request, deps, job_id=request.job_id, last_try=True)
    assert result is not None
    assert result.attendees == tuple(ATTENDEES)
    updates = [c["params"] for c in slack.calls_to("chat.update") if c["params"].get("blocks")]
    update = updates[-1]  # the re-run edits the same message
    text = json.dumps(update["blocks"])
    assert "<@U0PRIYA>: Task for Priya" in text
    assert "<@U0SAM>: Task for Sam Lee" in text
    assert "*Sam*: Task for Sam" in text
    assert "*Noor*: Task for Noor" in text
    assert "<@U0EVIL>" not in text
    # A refused recipient stops nobody else, and the thread says who did not get it.
    assert sorted(mailbox.recipients()) == ["priya@example.com", "sam@example.com"]
    summary_ts = update["ts"]
    (remark,) = [
        c["params"] for c in slack.calls_to("chat.postMessage") if "emailed" in c["params"]["text"]
    ]
    assert remark["thread_ts"] == summary_ts
    assert remark["text"] == "The summary could not be emailed to sam.ortiz@example.com"
    # The mail points at the Slack thread.
    _, message = mailbox.messages[0]
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    assert (
        f"/archives/{update['channel']}/p{str(summary_ts).replace('.', '')}" in plain.get_content()
    )
