"""The summary made without a language model, on transcripts written out here."""

from __future__ import annotations

from core.domain import ActionItem, Segment, Transcript
from integrations.offline.summarizer import summarize_offline


def transcript(*lines: str) -> Transcript:
    segments = tuple(
        Segment(start=6.0 * i, end=6.0 * i + 5, text=text) for i, text in enumerate(lines)
    )
    return Transcript(segments=segments, language="en", duration_seconds=6.0 * len(lines))


STANDUP = transcript(
    "Good morning everyone, let's get started with the standup.",
    "Yesterday I finished the cost analysis for the new vendor contract.",
    "So, after last week's discussion, we decided to move the product launch to March 15th.",
    "I spent most of yesterday on the login bug, it only happens when the session expires.",
    "Marcus, can you fix the login bug before Wednesday?",
    "Yes, I will fix it before Wednesday and add a regression test.",
    "And I will send the revised budget to the team by Friday.",
)


def test_the_tldr_says_what_was_decided() -> None:
    summary = summarize_offline(STANDUP, "")
    assert "decided to move the product launch to March 15th" in summary.tldr


def test_a_request_and_its_acceptance_are_one_action_item() -> None:
    summary = summarize_offline(STANDUP, "")
    assert summary.action_items == (
        ActionItem(
            owner="Marcus", task="Fix the login bug and add a regression test", due="Wednesday"
        ),
        ActionItem(owner=None, task="Send the revised budget to the team", due="Friday"),
    )
    assert not any("fix it" in point.lower() for point in summary.key_points)


def test_a_task_for_someone_else_that_mentions_it_is_kept_apart() -> None:
    summary = summarize_offline(
        transcript(
            "Marcus, can you fix the login bug before Wednesday?",
            "Priya, can you test it by Thursday?",
        ),
        "",
    )
    assert summary.action_items == (
        ActionItem(owner="Marcus", task="Fix the login bug", due="Wednesday"),
        ActionItem(owner="Priya", task="Test it", due="Thursday"),
    )
