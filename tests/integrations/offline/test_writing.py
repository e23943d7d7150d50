"""How the offline summary reads: a title a person would write, a one-sentence TL;DR, key
points that stand on their own, nothing of the transcript's export headers, no near-duplicates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.domain import ActionItem, Summary
from core.summaries import NO_SPEECH, tidy
from integrations.offline.summarizer import summarize_offline
from integrations.offline.text import sentences
from tests.integrations.offline.exports import GOOGLE_MEET, ZOOM_VTT
from tests.integrations.offline.meetings import Meeting, from_file, labelled, spoken

FILLERS = re.compile(r"\b(?:um+|uh+|erm|mm-hmm)\b", re.IGNORECASE)
HEADER_WORDS = re.compile(
    r"webvtt|-->|attendees|computer generated|meeting ended|^transcript$|\d\d:\d\d:\d\d",
    re.IGNORECASE,
)


def texts(summary: Summary) -> list[str]:
    return [
        summary.title,
        summary.tldr,
        *summary.key_points,
        *summary.decisions,
        *summary.open_questions,
        *(a.task for a in summary.action_items),
    ]


def test_the_tldr_says_what_was_decided() -> None:
    summary = summarize_offline(
        spoken(
            "Good morning everyone, let's get started with the standup.",
            "Yesterday I finished the cost analysis for the new vendor contract.",
            "So, after last week's discussion, we decided to move the product launch to "
            "March 15th.",
            "The launch checklist still needs the vendor contract and the product launch email.",
        ),
        "",
    )
    assert "decided to move the product launch to March 15th" in summary.tldr


def test_export_headers_never_reach_the_summary(tmp_path: Path) -> None:
    for name, text in [("meet.txt", GOOGLE_MEET), ("zoom.vtt", ZOOM_VTT), ("zoom.txt", ZOOM_VTT)]:
        summary = summarize_offline(from_file(tmp_path, name, text), name)
        for line in texts(summary):
            assert not HEADER_WORDS.search(line), (name, line)


def test_a_file_of_headers_only_has_no_speech(tmp_path: Path) -> None:
    header = GOOGLE_MEET.split("00:00:00")[0]
    summary = summarize_offline(from_file(tmp_path, "empty.txt", header), "empty")
    assert summary.tldr == NO_SPEECH


def test_title_is_the_meetings_name_when_it_has_one(
    meetings: list[tuple[Meeting, Summary]],
) -> None:
    titles = {m.name: s.title for m, s in meetings}
    assert titles["google meet"] == "Q3 roadmap review"
    assert titles["standup"] == "Standup"


@pytest.mark.parametrize("name", ["GMT20240611-150102_Recording", "audio1234", "zoom_0", ""])
def test_otherwise_the_title_is_a_short_phrase_about_the_main_topic(
    name: str, tmp_path: Path
) -> None:
    summary = summarize_offline(from_file(tmp_path, "call.vtt", ZOOM_VTT), name)
    assert 1 <= len(summary.title.split()) <= 6
    assert "," not in summary.title
    assert any(w in summary.title.lower() for w in ("card step", "feature flag", "onboarding"))


def test_the_tldr_is_one_sentence(meetings: list[tuple[Meeting, Summary]]) -> None:
    for meeting, summary in meetings:
        assert summary.tldr.endswith("."), meeting.name
        assert len(re.findall(r"[.!?](?:\s|$)", summary.tldr)) == 1, summary.tldr


def test_key_points_stand_on_their_own(meetings: list[tuple[Meeting, Summary]]) -> None:
    for meeting, summary in meetings:
        assert summary.key_points, meeting.name
        for point in summary.key_points:
            assert not FILLERS.search(point), point
            assert len(point.split()) >= 5, point
            first = point.split()[0].lower().strip(",")
            assert first not in {"it", "that", "this", "they", "he", "she", "because", "but"}, point
            assert "hear me" not in point.lower() and "my screen" not in point.lower(), point


def test_a_sentence_interrupted_by_mm_hmm_stays_whole(tmp_path: Path) -> None:
    said = [s.text for s in sentences(from_file(tmp_path, "call.vtt", ZOOM_VTT))]
    assert (
        "The drop-off on the card step was forty percent last month, so we think moving it "
        "after the first project will help a lot."
    ) in said
    assert "Wow." in said


def test_no_near_duplicates_side_by_side() -> None:
    summary = summarize_offline(
        labelled(
            "Ana Ruiz: We decided to ship the beta on June 3rd.",
            "Ben Ito: Okay.",
            "Ana Ruiz: So yeah, just to be clear, we decided to ship the beta on June 3rd.",
            "Ben Ito: The onboarding emails for the beta customers are ready to go out.",
            "Ana Ruiz: Right, the onboarding emails for the beta customers are ready to go out.",
        ),
        "",
    )
    assert len(summary.decisions) == 1
    assert len(summary.key_points) <= 1


def test_tidy_drops_near_duplicates_whoever_wrote_the_summary() -> None:
    summary = Summary(
        title="Beta",
        tldr="The beta ships in June.",
        key_points=(
            "The beta ships on June 3rd to the first ten customers.",
            "The beta ships on June 3rd to the first ten customers, as planned.",
            "We decided to ship the beta on June 3rd.",
        ),
        decisions=("We decided to ship the beta on June 3rd.",),
        action_items=(
            ActionItem(owner="Omar", task="Update the release notes", due="Friday"),
            ActionItem(owner="Omar", task="Update the release notes for the beta", due="Friday"),
        ),
        generated_by="test-model",
    )
    tidied = tidy(summary, duration_seconds=60, fallback_title="")
    assert tidied.key_points == ("The beta ships on June 3rd to the first ten customers.",)
    assert len(tidied.action_items) == 1
