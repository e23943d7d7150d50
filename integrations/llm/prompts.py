"""What Scribe asks the language model, and the JSON schema its summaries must fit."""

from __future__ import annotations

from typing import Any

SUMMARY_RULES = """\
You write meeting notes for the people who were in the meeting. The transcript comes from \
speech recognition: expect misheard words, fillers, false starts and cross-talk. Each line \
starts with its time as [MM:SS] or [H:MM:SS]. Write in the language of the transcript.

Rules:
- State only what the transcript supports. Never invent names, numbers, dates or commitments.
- Be concise and specific: name the concrete things (figures, products, dates, people, \
systems). Never write filler such as "the team discussed various topics".
- title: at most 8 words naming the main subject.
- tldr: 1 to 3 sentences: what the meeting was about and what came out of it.
- key_points: the most important points, one sentence each, most important first: 2 to 4 \
for a short meeting, at most 7 for a long one.
- decisions: only what was explicitly decided or agreed. Empty if nothing was.
- action_items: tasks someone took on or was asked to do. task starts with a verb. owner: \
the person's name as said or as the speaker label shows it, else null. due: the deadline as \
said ("Friday", "end of Q3"), else null.
- open_questions: questions raised and left unanswered. Empty if none.
- chapters: the topics in the order they came up. start is the time of the line where the \
topic begins, copied from the transcript (MM:SS or H:MM:SS); title is 2 to 6 words. About \
one chapter per 5 to 10 minutes, at least one.
Leave a list empty rather than padding it. Reply with the JSON object only."""

PART_NOTE = """\
This is part {part} of {parts} of one longer meeting, from {start} to {end}. Write notes for \
this part only, following the same rules; a later step merges the parts."""

MERGE_RULES = """\
You merge notes written for consecutive parts of one meeting into the notes for the whole \
meeting. The parts are given as JSON, in order.

Rules:
- Keep to what the part notes say; add nothing.
- title and tldr describe the whole meeting.
- key_points: the most important points of the whole meeting, at most 7, no repeats.
- decisions and action_items: keep every one, merging duplicates; keep owners and due dates.
- open_questions: drop those a later part answered.
- chapters: keep their start times exactly; merge neighbouring chapters on the same topic; \
at most 12.
Reply with the JSON object only, in the same format as the parts."""

_STRINGS = {"type": "array", "items": {"type": "string"}}
_NULLABLE = {"type": ["string", "null"]}

SUMMARY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "title",
        "tldr",
        "key_points",
        "decisions",
        "action_items",
        "open_questions",
        "chapters",
    ],
    "properties": {
        "title": {"type": "string"},
        "tldr": {"type": "string"},
        "key_points": _STRINGS,
        "decisions": _STRINGS,
        "action_items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["owner", "task", "due"],
                "properties": {"owner": _NULLABLE, "task": {"type": "string"}, "due": _NULLABLE},
            },
        },
        "open_questions": _STRINGS,
        "chapters": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["start", "title"],
                "properties": {"start": {"type": "string"}, "title": {"type": "string"}},
            },
        },
    },
}

SUMMARY_RESPONSE_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {"name": "meeting_summary", "strict": True, "schema": SUMMARY_SCHEMA},
}

ANSWER_RULES = """\
You answer questions about one meeting, using only the transcript excerpts you are given \
(speech recognition: expect misheard words). Each excerpt line starts with its time, such as \
[12:31].

Rules:
- Answer in at most 5 sentences, in the language of the question, as plain text.
- After each fact, cite the time of the line it comes from, in square brackets: [12:31].
- If the excerpts do not contain the answer, say so in one sentence. Never guess or add \
facts from elsewhere.
- Earlier questions and answers in the thread are context for follow-ups such as "and who \
owns that?"."""
