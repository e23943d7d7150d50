"""The written meetings, each summarized once for the whole module."""

from __future__ import annotations

import pytest

from core.domain import Summary
from integrations.offline.summarizer import summarize_offline
from tests.integrations.offline.dev_meetings import dev_meetings
from tests.integrations.offline.dev_meetings_2 import dev_meetings_2
from tests.integrations.offline.dev_meetings_3 import dev_meetings_3
from tests.integrations.offline.dev_meetings_4 import dev_meetings_4
from tests.integrations.offline.meetings import Meeting
from tests.integrations.offline.written import all_meetings


@pytest.fixture(scope="module")
def meetings(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Meeting, Summary]]:
    folder = tmp_path_factory.mktemp("transcripts")
    return [(m, summarize_offline(m.transcript, m.title)) for m in all_meetings(folder)]


@pytest.fixture(scope="module")
def later_meetings(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Meeting, Summary]]:
    """The meetings written after the first ten (the four development sets)."""
    folder = tmp_path_factory.mktemp("later")
    written = [
        *dev_meetings(folder),
        *dev_meetings_2(folder),
        *dev_meetings_3(folder),
        *dev_meetings_4(folder),
    ]
    return [(m, summarize_offline(m.transcript, m.title)) for m in written]
