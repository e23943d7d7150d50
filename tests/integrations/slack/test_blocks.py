from __future__ import annotations

import json

from core.domain import ActionItem, Chapter, MeetingResult, Source, Summary, Transcript
from core.summaries import Line
from integrations.slack.blocks import (
    HEADER_LIMIT,
    SECTION_LIMIT,
    escape,
    line_text,
    paginate,
    summary_blocks,
)


def result(summary: Summary) -> MeetingResult:
    return MeetingResult(
        source=Source(kind="url", ref="https://x.test/a.mp3"),
        duration_seconds=3600.0,
        language="en",
        transcript=Transcript(),
        summary=summary,
    )


def test_escaping_defuses_mentions_and_links() -> None:
    assert escape("<!channel> <!here> <@U123> <http://evil|click> a & b") == (
        "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;http://evil|click&gt; a &amp; b"
    )


def test_action_items_mention_only_resolved_owners() -> None:
    item = Line("Send the <budget>", owner="Priya", due="Friday")
    assert line_text(item, {"priya": "U42"}) == "• <@U42>: Send the &lt;budget&gt; _(due Friday)_"
    assert line_text(item, {}) == "• *Priya*: Send the &lt;budget&gt; _(due Friday)_"
    assert line_text(Line("Ship it"), {}) == "• Ship it"


def test_a_huge_summary_is_split_within_slack_limits() -> None:
    long_point = "The migration plan covers the billing database and its replicas. " * 12
    summary = Summary(
        title="T" * 400,
        tldr="A very long meeting.",
        key_points=tuple(f"{n}. {long_point}" for n in range(60)),
        decisions=tuple(f"Decision {n}" for n in range(40)),
        action_items=tuple(ActionItem(owner="Ana", task=f"Task {n}") for n in range(40)),
        open_questions=("Why?",),
        chapters=tuple(Chapter(start=n * 60.0, title=f"Part {n}") for n in range(60)),
        generated_by="model",
    )
    blocks = summary_blocks(result(summary))
    pages = paginate(blocks)
    assert len(pages) > 1
    assert [b for page in pages for b in page] == blocks  # nothing lost, order kept
    assert len(blocks[0]["text"]["text"]) <= HEADER_LIMIT
    for page in pages:
        assert len(page) <= 50
        assert len(json.dumps(page)) < 15_000
        for block in page:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_LIMIT
    text = json.dumps(blocks)
    assert "Decision 39" in text and "Part 59" in text and "59. The migration" in text
