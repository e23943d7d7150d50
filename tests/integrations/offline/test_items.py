"""What the offline summarizer finds: decisions, action items with owner and due date, and
open questions, as a person taking notes would; one item per task."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.domain import ActionItem, Summary
from integrations.offline.summarizer import summarize_offline
from tests.integrations.offline.calls import UNLABELLED
from tests.integrations.offline.held_out import held_out_meetings
from tests.integrations.offline.meetings import Meeting, found_items, labelled, spoken


def _totals(meetings: list[tuple[Meeting, Summary]]) -> dict[str, list[int]]:
    totals: dict[str, list[int]] = {}
    for meeting, summary in meetings:
        for kind, (found, expected) in found_items(summary, meeting.expected).items():
            totals.setdefault(kind, [0, 0])
            totals[kind][0] += found
            totals[kind][1] += expected
    return totals


def test_most_items_a_person_noted_are_found(
    meetings: list[tuple[Meeting, Summary]], later_meetings: list[tuple[Meeting, Summary]]
) -> None:
    """Across the first ten meetings and the development sets written after them."""
    totals = _totals(meetings + later_meetings)
    found = sum(f for f, _ in totals.values())
    expected = sum(e for _, e in totals.values())
    assert found / expected >= 0.8, totals
    assert all(f / e >= 0.7 for f, e in totals.values()), totals


def test_most_items_are_found_in_the_meetings_written_later(
    later_meetings: list[tuple[Meeting, Summary]],
) -> None:
    """The later meetings alone, so the first ten cannot carry them."""
    totals = _totals(later_meetings)
    found = sum(f for f, _ in totals.values())
    expected = sum(e for _, e in totals.values())
    assert found / expected >= 0.8, totals
    assert all(f / e >= 0.7 for f, e in totals.values()), totals


def test_the_held_out_meetings_do_not_fall_below_their_one_scoring(tmp_path: Path) -> None:
    """Meetings written after the rules were last changed and scored once: 18 of 37 items
    (49%). That is the honest figure for meetings the rules were not written for, far from the
    80% the development sets reach; it is a floor against regressions, not a target to tune
    the rules to (tune on the development sets, then write new held-out meetings)."""
    summarized = [
        (m, summarize_offline(m.transcript, m.title)) for m in held_out_meetings(tmp_path)
    ]
    totals = _totals(summarized)
    found = sum(f for f, _ in totals.values())
    expected = sum(e for _, e in totals.values())
    assert expected == 37
    assert found >= 18, totals


def test_one_item_per_task(meetings: list[tuple[Meeting, Summary]]) -> None:
    for meeting, summary in meetings:
        owners = [a.owner for a in summary.action_items]
        for i, a in enumerate(summary.action_items):
            for b in summary.action_items[i + 1 :]:
                same_words = set(a.task.lower().split()) == set(b.task.lower().split())
                assert not (a.owner == b.owner and same_words), (meeting.name, a, b)
        if meeting.name == "standup":
            # Asked ("Can you get a fix out"), accepted, and repeated in the recap: one task.
            assert owners.count("Marcus Chen") == 1
            assert owners.count("Priya Shah") == 1


def test_a_first_name_and_the_full_name_are_one_owner() -> None:
    summary = summarize_offline(UNLABELLED, "")
    owners = {a.owner for a in summary.action_items}
    assert "Sam Lee" in owners
    assert "Sam" not in owners


def test_a_request_and_its_acceptance_are_one_action_item() -> None:
    summary = summarize_offline(
        spoken(
            "I spent most of yesterday on the login bug, it only happens when the session expires.",
            "Marcus, can you fix the login bug before Wednesday?",
            "Yes, I will fix it before Wednesday and add a regression test.",
            "And I will send the revised budget to the team by Friday.",
        ),
        "",
    )
    assert summary.action_items == (
        ActionItem(
            owner="Marcus", task="Fix the login bug and add a regression test", due="Wednesday"
        ),
        ActionItem(owner=None, task="Send the revised budget to the team", due="Friday"),
    )
    assert not any("fix it" in point.lower() for point in summary.key_points)


def test_a_task_for_someone_else_that_mentions_it_is_kept_apart() -> None:
    summary = summarize_offline(
        spoken(
            "Marcus, can you fix the login bug before Wednesday?",
            "Priya, can you test it by Thursday?",
        ),
        "",
    )
    assert summary.action_items == (
        ActionItem(owner="Marcus", task="Fix the login bug", due="Wednesday"),
        ActionItem(owner="Priya", task="Test it", due="Thursday"),
    )


def test_a_request_taken_by_whoever_answers_it() -> None:
    summary = summarize_offline(
        labelled(
            "Ana Ruiz: The staging database is almost full again.",
            "Ana Ruiz: Could someone clean up the old snapshots?",
            "Ben Ito: Sure, I'll take it, by tomorrow.",
        ),
        "",
    )
    assert summary.action_items == (
        ActionItem(owner="Ben Ito", task="Clean up the old snapshots", due="tomorrow"),
    )


@pytest.mark.parametrize(
    "said",
    [
        "I'll share my screen now so everyone can see the numbers.",
        "I'll go first, since I have the shortest update today.",
        "I'll be honest, the numbers this month are not great.",
        "Let me stop sharing so we can see each other again.",
        "I'll try to remember what the customer actually asked for.",
    ],
)
def test_what_people_do_during_the_call_is_not_an_action_item(said: str) -> None:
    summary = summarize_offline(labelled(f"Ana Ruiz: {said}", "Ben Ito: Okay."), "")
    assert summary.action_items == ()


@pytest.mark.parametrize(
    "said,due",
    [
        ("I'll send the contract to legal by Friday.", "Friday"),
        ("I'll send the contract to legal by end of next week.", "end of next week"),
        ("I'll send the contract to legal by the end of the month.", "end of the month"),
        ("I'll send the contract to legal tomorrow morning.", "tomorrow morning"),
        ("I'll send the contract to legal next Tuesday.", "next Tuesday"),
        ("I'll send the contract to legal in two weeks.", "in two weeks"),
        ("I'll send the contract to legal before March 3rd.", "March 3rd"),
    ],
)
def test_due_dates_as_people_say_them(said: str, due: str) -> None:
    summary = summarize_offline(labelled(f"Ana Ruiz: {said}"), "")
    assert [(a.owner, a.task, a.due) for a in summary.action_items] == [
        ("Ana Ruiz", "Send the contract to legal", due)
    ]


@pytest.mark.parametrize(
    "said",
    [
        "If we decide to move the launch, marketing needs two weeks of notice.",
        "We still need to decide whether the launch moves to March.",
        "I decided to skip the slides today and just talk through the numbers.",
        "Should we go with the cheaper vendor for the launch?",
    ],
)
def test_a_decision_still_being_weighed_is_not_a_decision(said: str) -> None:
    summary = summarize_offline(labelled(f"Ana Ruiz: {said}", "Ben Ito: Hmm, good point."), "")
    assert summary.decisions == ()


def test_a_proposal_others_agree_to_is_a_decision() -> None:
    summary = summarize_offline(
        labelled(
            "Ana Ruiz: We should move the weekly sync to Tuesdays.",
            "Ben Ito: Agreed.",
            "Cleo Park: Sounds good to me.",
        ),
        "",
    )
    assert summary.decisions == ("We should move the weekly sync to Tuesdays.",)


def test_a_question_that_gets_an_answer_is_not_open() -> None:
    summary = summarize_offline(
        labelled(
            "Ana Ruiz: Who is going to own the billing migration next quarter?",
            "Ben Ito: That's me, I already started on the schema changes.",
            "Ana Ruiz: Can everyone see my screen?",
            "Cleo Park: No idea, it is still loading.",
        ),
        "",
    )
    assert summary.open_questions == ()


def test_a_decision_agreed_then_stated_is_one_decision(
    meetings: list[tuple[Meeting, Summary]],
) -> None:
    """ "Are we agreed that the enterprise tier goes first?" "Agreed." "So we're going with the
    enterprise tier as the Q3 priority." A note-taker writes it down once."""
    meet = next(s for m, s in meetings if m.name == "google meet")
    assert len(meet.decisions) == 1
    assert "enterprise tier" in meet.decisions[0]
