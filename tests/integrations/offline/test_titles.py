"""Titles made from file names: what the person wrote stays (digits, brackets, dashes), what a
recorder added (stamps, ids, "Recording") goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations.offline.summarizer import summarize_offline
from integrations.offline.titles import meaningful_name
from tests.integrations.offline.exports import ZOOM_VTT
from tests.integrations.offline.meetings import from_file


@pytest.mark.parametrize(
    ("file_name", "title"),
    [
        ("Weekly Sync – Billing (May 1).m4a", "Weekly Sync – Billing (May 1)"),
        ("Sprint 42 retro.mp4", "Sprint 42 retro"),
        ("Roadmap [v2].vtt", "Roadmap [v2]"),
        ("Team 1:1.m4a", "Team 1:1"),
        ("Planning 2025.mp3", "Planning 2025"),
        ("q3_planning_GMT20240501-150000.mp4", "Q3 planning"),
        ("Standup (2024-05-01).m4a", "Standup"),
        ("Design review – 2024-05-01 – notes.txt", "Design review – notes"),
        ("Q3 roadmap review - Transcript.txt", "Q3 roadmap review"),
    ],
)
def test_a_file_name_keeps_what_the_person_wrote(file_name: str, title: str) -> None:
    assert meaningful_name(file_name) == title


@pytest.mark.parametrize(
    "file_name", ["GMT20240501-150000_Recording.mp4", "zoom_0.mp4", "audio1234.m4a", "Recording 2"]
)
def test_a_recorders_file_name_is_no_title(file_name: str) -> None:
    assert meaningful_name(file_name) is None


def test_the_summary_of_a_named_file_carries_its_name(tmp_path: Path) -> None:
    name = "Weekly Sync – Billing (May 1)"
    summary = summarize_offline(from_file(tmp_path, f"{name}.vtt", ZOOM_VTT), name)
    assert summary.title == name
