"""One summary, one order: Markdown, Slack's Block Kit and email show the same sections, in
the same order, with the same wording about who wrote it."""

from __future__ import annotations

import json

from core.domain import ActionItem, Chapter, MeetingResult, Source, Summary, Transcript
from core.markdown import render_markdown
from core.summaries import made_by, summary_sections, tidy
from integrations.mail.notifier import EmailNotifier, SmtpConfig, build_templates
from integrations.slack.blocks import summary_blocks

HEADINGS = ["Decisions", "Action items", "Open questions", "Key points", "Chapters"]


def result(generated_by: str = "offline") -> MeetingResult:
    summary = Summary(
        title="Billing sync",
        tldr="We move billing to the new provider in May.",
        key_points=("The provider charges less per invoice.",),
        decisions=("Billing moves to the new provider in May.",),
        action_items=(ActionItem(owner="Priya", task="Draft the migration plan", due="Friday"),),
        open_questions=("Who tells the finance team?",),
        chapters=(Chapter(start=0.0, title="Provider"), Chapter(start=95.0, title="Plan")),
        generated_by=generated_by,
    )
    return MeetingResult(
        source=Source(kind="file", ref="billing.m4a"),
        duration_seconds=300.0,
        language="en",
        transcript=Transcript(),
        summary=summary,
    )


def positions(text: str, words: list[str]) -> list[int]:
    return [text.index(word) for word in words]


def email_parts(meeting: MeetingResult) -> tuple[str, str]:
    config = SmtpConfig(host="127.0.0.1", port=25, sender="scribe@example.com")
    message = EmailNotifier(config, allowed_domains=(), templates=build_templates()).render(meeting)
    plain, html = (part.get_content() for part in message.iter_parts())
    return plain, html


def test_sections_come_in_one_order_and_empty_ones_are_left_out() -> None:
    meeting = result()
    assert [s.heading for s in summary_sections(meeting.summary)] == HEADINGS
    bare = meeting.summary.model_copy(update={"decisions": (), "chapters": ()})
    assert [s.heading for s in summary_sections(bare)] == [
        "Action items",
        "Open questions",
        "Key points",
    ]


def test_markdown_slack_and_email_show_the_sections_in_the_same_order() -> None:
    meeting = result()
    markdown = render_markdown(meeting)
    blocks = json.dumps(summary_blocks(meeting))
    plain, html = email_parts(meeting)
    for rendered in (markdown, blocks, plain, html):
        found = positions(rendered, HEADINGS)
        assert found == sorted(found), rendered
        for line in ("Draft the migration plan", "Who tells the finance team?", "1:35"):
            assert line in rendered


def test_every_renderer_says_who_wrote_the_summary_in_the_same_words() -> None:
    failed = result().summary.model_copy(
        update={"note": "The language model could not be used (timeout); this is the offline one."}
    )
    fell_back = result().model_copy(update={"summary": failed})
    assert "could not be used (timeout)" in made_by(failed)
    for meeting in (result("offline"), result("gpt-4.1-mini"), fell_back):
        words = made_by(meeting.summary)
        plain, html = email_parts(meeting)
        for rendered in (
            render_markdown(meeting),
            json.dumps(summary_blocks(meeting)),
            plain,
            html,
        ):
            assert words in rendered


def test_one_task_given_to_each_person_is_kept_for_each_of_them() -> None:
    summary = Summary(
        title="Forecast",
        tldr="Everyone sends a forecast.",
        generated_by="offline",
        action_items=(
            ActionItem(owner="Dana", task="Send the Q3 forecast", due="Friday"),
            ActionItem(owner="Omar", task="Send the Q3 forecast", due="Friday"),
            ActionItem(owner=None, task="Send the Q3 forecast", due=None),
            ActionItem(owner="Dana", task="send the  Q3 forecast", due=None),
        ),
    )

    tidied = tidy(summary, duration_seconds=600.0, fallback_title="Forecast")
    owners = [item.owner for item in tidied.action_items]

    assert owners == ["Dana", "Omar"]
