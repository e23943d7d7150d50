"""Meetings written for the offline summarizer's tests, in the shapes transcripts reach Scribe
(speaker-labelled Whisper segments, a Google Meet export, a Zoom WebVTT file, unlabelled
Whisper output), each with what a person taking notes would have written down.

An expected item is matched by meaning, not wording: a decision or open question by words it
must contain, an action item by its owner, its due date and words of its task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from core.domain import ActionItem, Segment, Summary, Transcript
from core.transcript_files import read_transcript_file


@dataclass(frozen=True)
class Expected:
    decisions: list[list[str]] = field(default_factory=list)
    actions: list[tuple[str | None, str | None, list[str]]] = field(default_factory=list)
    questions: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Meeting:
    name: str
    title: str
    transcript: Transcript
    expected: Expected


def labelled(*turns: str, seconds_per_word: float = 0.4) -> Transcript:
    """ "Name: words" turns as Whisper segments with the speakers' names."""
    segments = []
    clock = 0.0
    for turn in turns:
        speaker, _, text = turn.partition(": ")
        length = max(1.0, len(text.split()) * seconds_per_word)
        segments.append(Segment(start=clock, end=clock + length, text=text, speaker=speaker))
        clock += length + 0.3
    return Transcript(segments=tuple(segments), language="en", duration_seconds=clock)


def from_file(tmp: Path, name: str, text: str) -> Transcript:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return read_transcript_file(path)


def _has(text: str, words: list[str]) -> bool:
    return all(w.lower() in text.lower() for w in words)


def _same_owner(found: str | None, wanted: str | None) -> bool:
    if wanted is None:
        return True
    return found is not None and found.lower() == wanted.lower()


def _same_due(found: str | None, wanted: str | None) -> bool:
    if wanted is None:
        return True
    if found is None:
        return False
    # "EOD Friday" is Friday; "Friday's review" is not "Friday".
    said, noted = (
        re.sub(r"\b(?:the|by|before|eod|cob)\b|'s", " ", d.lower()) for d in (found, wanted)
    )
    return said.split() == noted.split()


def _action_found(items: tuple[ActionItem, ...], wanted: tuple[str | None, str | None, list[str]]):
    owner, due, words = wanted
    return any(
        _same_owner(a.owner, owner) and _same_due(a.due, due) and _has(a.task, words) for a in items
    )


def found_items(summary: Summary, expected: Expected) -> dict[str, tuple[int, int]]:
    """(found, expected) for each kind of item."""
    decisions = sum(any(_has(d, w) for d in summary.decisions) for w in expected.decisions)
    actions = sum(_action_found(summary.action_items, a) for a in expected.actions)
    questions = sum(any(_has(q, w) for q in summary.open_questions) for w in expected.questions)
    return {
        "decisions": (decisions, len(expected.decisions)),
        "action items": (actions, len(expected.actions)),
        "open questions": (questions, len(expected.questions)),
    }


STANDUP = labelled(
    "Sam Lee: Okay, um, let's get started. Can everyone hear me?",
    "Priya Shah: Yep.",
    "Marcus Chen: Yeah, loud and clear.",
    "Sam Lee: Great. So, uh, quick round. Priya, you want to go first?",
    "Priya Shah: Sure. So yesterday I, um, I finished the migration script for the billing "
    "tables, and today I'm, uh, testing it against the staging copy.",
    "Sam Lee: Nice.",
    "Priya Shah: The one thing is the rollback, the rollback is still pretty slow, like twenty "
    "minutes on staging.",
    "Marcus Chen: Twenty minutes? Hmm.",
    "Priya Shah: Yeah. So I'm not sure if we can run it inside the maintenance window.",
    "Sam Lee: Okay. Marcus?",
    "Marcus Chen: Yeah, so I spent most of yesterday on the, um, the login timeout bug. It only "
    "happens when the session token expires while the page is open.",
    "Sam Lee: Can you get a fix out by Thursday?",
    "Marcus Chen: Yeah, I can do that by Thursday.",
    "Dana Ortiz: And, sorry, one thing from support, um, customers keep asking about the export "
    "to CSV.",
    "Sam Lee: Right, so, about that. After the discussion last week we decided to ship the CSV "
    "export in the March release, not February.",
    "Dana Ortiz: Okay, good, I'll let them know.",
    "Dana Ortiz: I'll update the help center article by end of next week.",
    "Sam Lee: Perfect. Priya, could you write up the rollback plan for the billing migration "
    "before Friday's review?",
    "Priya Shah: Yes, I'll have it ready before the review.",
    "Sam Lee: One open question is who owns the on-call rotation during the migration weekend.",
    "Marcus Chen: Yeah, I don't know either.",
    "Sam Lee: Okay, let's take that offline. Um, anything else?",
    "Marcus Chen: No, that's it.",
    "Sam Lee: So to recap, Marcus fixes the login timeout bug by Thursday, Priya writes the "
    "rollback plan before Friday's review, and Dana updates the help center article.",
    "Sam Lee: Thanks everyone, see you tomorrow.",
)
STANDUP_EXPECTED = Expected(
    decisions=[["CSV export", "March release"]],
    actions=[
        ("Marcus Chen", "Thursday", ["fix"]),
        ("Priya Shah", "Friday's review", ["rollback plan"]),
        ("Dana Ortiz", "end of next week", ["help center article"]),
    ],
    questions=[["on-call rotation"], ["maintenance window"]],
)

GOOGLE_MEET = """Q3 roadmap review - Transcript
Attendees
Alex Kim, Jordan Blake, Sam Rivera
Transcript
This editable transcript was computer generated and might contain errors. People can also \
change the text after it was created.
00:00:00
Alex Kim: Hi all. Okay so the goal today is to lock the Q3 roadmap.
Jordan Blake: Mm-hmm.
Alex Kim: Um, we have three candidates, the enterprise tier, the mobile app redesign, and the \
usage-based pricing.
Sam Rivera: I think the enterprise tier has the strongest pull. We've had, what, eleven inbound \
requests this quarter for SSO alone.
Jordan Blake: Yeah, and the mobile redesign is, I mean, it's nice, but the usage data says only \
eight percent of sessions are on mobile.
Alex Kim: Okay, so are we agreed that the enterprise tier goes first?
Jordan Blake: Agreed.
Sam Rivera: Yes, agreed.
Alex Kim: Good. So we're going with the enterprise tier as the Q3 priority, and the mobile \
redesign moves to Q4.
00:03:10
Sam Rivera: For enterprise we need SSO, audit logs and, uh, role-based permissions.
Jordan Blake: The audit logs are the big unknown. We still don't know whether the current event \
store can handle the retention they want.
Alex Kim: Sam, can you get a rough estimate for the audit logs from the platform team by next \
Wednesday?
Sam Rivera: Sure, will do.
Alex Kim: And Jordan, please draft the pricing page copy for the enterprise tier by the end of \
the month.
Jordan Blake: Okay. I'll also pull the list of the eleven accounts that asked for SSO.
Alex Kim: Perfect.
Jordan Blake: What about the usage-based pricing? Do we drop it completely?
Alex Kim: Good question. I'm not sure yet, let's park it until finance comes back with the \
numbers.
Sam Rivera: One more thing, do we need legal to review the data processing agreement for \
enterprise customers?
Jordan Blake: No idea, honestly.
Alex Kim: Okay, I'll ask legal this week.
00:07:45
Alex Kim: Okay, to wrap up: Sam gets the audit log estimate by next Wednesday, Jordan drafts \
the pricing page copy by end of month, and I'll check with legal.
Meeting ended after 00:08:30 👋
"""
GOOGLE_MEET_EXPECTED = Expected(
    decisions=[["enterprise tier", "Q3"]],
    actions=[
        ("Sam Rivera", "next Wednesday", ["estimate", "audit log"]),
        ("Jordan Blake", "end of the month", ["pricing page copy"]),
        ("Jordan Blake", None, ["accounts", "SSO"]),
        ("Alex Kim", "this week", ["legal"]),
    ],
    questions=[["event store"], ["usage-based pricing"], ["data processing agreement"]],
)

ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.500
Nina Patel: Okay, I think we're recording. Um, can you see my screen?

2
00:00:05.000 --> 00:00:06.000
Tom Becker: Yes.

3
00:00:06.500 --> 00:00:14.000
Nina Patel: So this is the new onboarding flow. The, uh, the main change is that we ask for the \
company size before the credit card.

4
00:00:14.200 --> 00:00:15.000
Lee Wong: Right.

5
00:00:15.500 --> 00:00:20.000
Nina Patel: And the, um, the drop-off on the card step was forty percent last month,

6
00:00:20.100 --> 00:00:20.800
Tom Becker: Wow.

7
00:00:21.000 --> 00:00:26.000
Nina Patel: so we think moving it after the first project will help a lot.

8
00:00:26.500 --> 00:00:32.000
Lee Wong: I like it. What about the free trial length though, is it still fourteen days?

9
00:00:32.500 --> 00:00:37.000
Nina Patel: That's, hmm, that's not decided yet. Marketing wants thirty days.

10
00:00:37.500 --> 00:00:41.000
Tom Becker: I don't know if finance will accept thirty days.

11
00:00:41.500 --> 00:00:48.000
Nina Patel: Yeah. So, the proposal is we ship the reordered flow behind a feature flag first.

12
00:00:48.500 --> 00:00:50.000
Tom Becker: That makes sense.

13
00:00:50.200 --> 00:00:51.000
Lee Wong: Sounds good.

14
00:00:51.500 --> 00:00:58.000
Nina Patel: Okay, let's go with the feature flag then. Tom, can you set up the flag in \
LaunchDarkly by Monday?

15
00:00:58.500 --> 00:01:02.000
Tom Becker: Yeah, I'll set it up Monday morning.

16
00:01:02.500 --> 00:01:08.000
Lee Wong: And I can do the copy changes for the card step, um, by Wednesday.

17
00:01:08.500 --> 00:01:14.000
Nina Patel: Great. And I'll, uh, I'll share the Figma link in the channel after this call.

18
00:01:14.500 --> 00:01:19.000
Tom Becker: Oh, one question. Who's going to watch the metrics after launch?

19
00:01:19.500 --> 00:01:23.000
Nina Patel: Good question. Not sure, honestly.

20
00:01:23.500 --> 00:01:26.000
Lee Wong: Yeah we should figure that out.

21
00:01:26.500 --> 00:01:29.000
Nina Patel: Okay, thanks everyone, bye.
"""
ZOOM_EXPECTED = Expected(
    decisions=[["feature flag"]],
    actions=[
        ("Tom Becker", "Monday", ["flag"]),
        ("Lee Wong", "Wednesday", ["copy changes"]),
        ("Nina Patel", None, ["Figma link"]),
    ],
    questions=[["free trial length"], ["finance", "thirty days"], ["metrics"]],
)

_UNLABELLED_LINES = [
    "Okay so, um, this is the weekly sync for the data platform.",
    "First thing, the nightly ETL job failed twice this week because the, uh, the S3 "
    "credentials rotated.",
    "Yeah, yeah.",
    "So we agreed to move the credentials into the secrets manager.",
    "Sam Lee is going to handle that migration by Friday.",
    "Right, and Sam also said he would add an alert when the job fails.",
    "Sam will add the alert by Friday too.",
    "Next, the dashboard.",
    "The revenue dashboard is, like, still showing last month's numbers.",
    "We still need to figure out whether the finance team wants a daily or weekly refresh.",
    "Can someone ping finance about that?",
    "I'll ping them today.",
    "Okay.",
    "Last thing, the warehouse costs went up thirty percent in May.",
    "We decided to turn off the dev cluster on weekends.",
    "Um, that should save about four thousand dollars a month.",
    "Action item for Sam: write up the cost report by the end of the week.",
    "Alright, I think that's it. Thanks.",
]
UNLABELLED = Transcript(
    segments=tuple(
        Segment(start=5.0 * i, end=5.0 * i + 4.5, text=text)
        for i, text in enumerate(_UNLABELLED_LINES)
    ),
    language="en",
    duration_seconds=5.0 * len(_UNLABELLED_LINES),
)
UNLABELLED_EXPECTED = Expected(
    decisions=[["secrets manager"], ["dev cluster", "weekends"]],
    actions=[
        ("Sam Lee", "Friday", ["migration"]),
        ("Sam Lee", "Friday", ["alert"]),
        (None, "today", ["finance"]),
        ("Sam Lee", "end of the week", ["cost report"]),
    ],
    questions=[["daily or weekly"]],
)


def all_meetings(tmp: Path) -> list[Meeting]:
    return [
        Meeting("standup", "standup", STANDUP, STANDUP_EXPECTED),
        Meeting(
            "google meet",
            "Q3 roadmap review - Transcript",
            from_file(tmp, "Q3 roadmap review - Transcript.txt", GOOGLE_MEET),
            GOOGLE_MEET_EXPECTED,
        ),
        Meeting(
            "zoom",
            "GMT20240611-150102_Recording",
            from_file(tmp, "GMT20240611-150102_Recording.vtt", ZOOM_VTT),
            ZOOM_EXPECTED,
        ),
        Meeting("unlabelled", "audio1234", UNLABELLED, UNLABELLED_EXPECTED),
    ]
