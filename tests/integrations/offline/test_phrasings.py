"""How people take on work, decide and leave things open in so many words, one rule each."""

from __future__ import annotations

import pytest

from integrations.offline.summarizer import summarize_offline
from tests.integrations.offline.meetings import labelled, spoken


@pytest.mark.parametrize(
    "turns,owner,words,due",
    [
        (
            [
                "Ana Ruiz: The vendor invoices are piling up.",
                "Ben Ito: That's on me, I'll take care of them.",
            ],
            "Ben Ito",
            "invoices",
            None,
        ),
        (
            ["Ana Ruiz: Let's have Ben draft the customer email.", "Ben Ito: Sure."],
            "Ben Ito",
            "customer email",
            None,
        ),
        (
            ["Ana Ruiz: Who can look at the flaky deploy?", "Ben Ito: Let me look into it."],
            "Ben Ito",
            "flaky deploy",
            None,
        ),
        (
            ["Ana Ruiz: I'll put together the board deck early next week."],
            "Ana Ruiz",
            "board deck",
            "early next week",
        ),
        (
            ["Ana Ruiz: I'll make sure the release notes go out first thing tomorrow."],
            "Ana Ruiz",
            "release notes",
            "first thing tomorrow",
        ),
        (
            [
                "Ana Ruiz: Does anyone know when the new laptops arrive?",
                "Ben Ito: Hmm, no clue.",
                "Cleo Park: I'll check and get back to you.",
            ],
            "Cleo Park",
            "laptops",
            None,
        ),
        (
            [
                "Ana Ruiz: Then the CSV import bug.",
                "Ben Ito: It's the encoding again.",
                "Ana Ruiz: Can someone pick that up?",
                "Cleo Park: I'll take it.",
                "Ana Ruiz: Is that doable by Wednesday?",
                "Cleo Park: Wednesday should work.",
            ],
            "Cleo Park",
            "CSV import bug",
            "Wednesday",
        ),
    ],
)
def test_work_taken_on(turns: list[str], owner: str, words: str, due: str | None) -> None:
    items = summarize_offline(labelled(*turns), "").action_items
    assert [(a.owner, a.due) for a in items if words in a.task] == [(owner, due)], items


def test_two_tasks_with_two_dates_in_one_sentence() -> None:
    said = "Ben Ito: I'll update the slides tonight and send the deck tomorrow morning."
    items = summarize_offline(labelled(said), "").action_items
    assert [(a.task, a.due) for a in items] == [
        ("Update the slides", "tonight"),
        ("Send the deck", "tomorrow morning"),
    ]


def test_a_request_to_everyone_is_everyones() -> None:
    items = summarize_offline(
        labelled(
            "Ana Ruiz: I need the updated forecast from each of you by Friday.",
            "Ben Ito: Will do.",
            "Cleo Park: Yep, on it.",
        ),
        "",
    ).action_items
    assert {(a.owner, a.due) for a in items} >= {("Ben Ito", "Friday")}
    assert all("forecast" in a.task for a in items)


@pytest.mark.parametrize(
    "turns,words",
    [
        (["Ana Ruiz: So we'll go with option B for the database.", "Ben Ito: Yeah."], "option B"),
        (["Ana Ruiz: I think we're aligned on moving the launch to May."], "launch to May"),
        (["Ana Ruiz: Let's not do the discount this quarter.", "Ben Ito: Okay."], "discount"),
        (
            [
                "Ana Ruiz: Are we all good with Postgres for the event store?",
                "Ben Ito: Yep.",
                "Cleo Park: Yes.",
            ],
            "Postgres",
        ),
        (
            [
                "Ben Ito: I was thinking we offer net sixty instead.",
                "Ana Ruiz: I like that. Let's do that.",
            ],
            "net sixty",
        ),
        (["Ana Ruiz: Okay, so decision: the certificates rotate automatically."], "rotate"),
    ],
)
def test_decisions_as_people_say_them(turns: list[str], words: str) -> None:
    decisions = summarize_offline(labelled(*turns), "").decisions
    assert any(words in d for d in decisions), decisions


@pytest.mark.parametrize(
    "turns,words",
    [
        (["Ana Ruiz: We still need to figure out the pricing for the pilot."], "pricing"),
        (["Ana Ruiz: The big question is whether legal will sign off in time."], "legal"),
        (["Ana Ruiz: I honestly don't know if product will build custom reports."], "reports"),
        (["Ana Ruiz: The budget for next quarter isn't approved yet."], "budget"),
        (
            [
                "Ana Ruiz: Did the headcount request get approved?",
                "Ben Ito: Still waiting, the VP hasn't signed off.",
            ],
            "headcount",
        ),
        (
            [
                "Ana Ruiz: How long do we keep the events?",
                "Ben Ito: Thirty days was the proposal.",
                "Ana Ruiz: Legal might want longer. I have no idea what the rule is.",
            ],
            "keep the events",
        ),
    ],
)
def test_questions_left_open(turns: list[str], words: str) -> None:
    questions = summarize_offline(labelled(*turns), "").open_questions
    assert any(words in q for q in questions), questions


def test_a_request_that_someone_takes_is_not_an_open_question() -> None:
    summary = summarize_offline(
        spoken("Tom, can you check with finance on the ads budget?", "Sure, I'll check."), ""
    )
    assert summary.open_questions == ()
    assert [a.owner for a in summary.action_items] == ["Tom"]
