"""What Scribe asks the language model, and the JSON schema its summaries must fit."""

from __future__ import annotations

from typing import Any

from integrations.llm.languages import language_name

SUMMARY_RULES = """\
You write meeting notes for the people who were in the meeting. The transcript comes from \
speech recognition: expect misheard words, fillers, false starts and cross-talk. Each line \
starts with its time as [M:SS] or [H:MM:SS], then the speaker's name when it is known.

Rules:
- State only what the transcript supports. Never invent names, numbers, dates or commitments.
- Be concise and specific: name the concrete things (figures, products, dates, people, \
systems). Never write filler such as "the team discussed various topics". Leave out \
greetings, small talk, and export headers or boilerplate of the transcript file.
- title: what a person would call this meeting, at most 8 words: the meeting name given \
with the transcript when it says what the meeting is about, else a short phrase naming the \
main subject. Not a list of keywords.
- tldr: one sentence: what the meeting was about and what came out of it.
- key_points: the most important points, most important first, each a full sentence that \
makes sense on its own: 2 to 4 for a short meeting, at most 7 for a long one. No repeats, \
and nothing already listed under decisions or action_items.
- decisions: only what was explicitly decided or agreed, one sentence each. Empty if \
nothing was.
- action_items: tasks someone took on or was asked to do, one item per task: a request and \
its acceptance are one item, and so is a task mentioned twice. task starts with a verb. \
owner: who will do it, named as in the meeting (or as the speaker label shows it); one \
person named two ways ("Sam", "Sam Lee") is one owner, written the fuller way; null if \
nobody took it on. due: the deadline exactly as said ("Friday", "end of Q3"); null when no \
deadline was said: never work one out or invent one.
- open_questions: questions raised and left unanswered, as questions. Empty if none.
- chapters: the topics in the order they came up. start is the time of the line where the \
topic begins, copied from the transcript (M:SS or H:MM:SS); title is 2 to 6 words. About \
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
- title: what a person would call the whole meeting, at most 8 words, not a list of \
keywords. tldr: one sentence about the whole meeting and what came out of it.
- key_points: the most important points of the whole meeting, at most 7, no repeats.
- decisions and action_items: keep every one, merging duplicates (the same task, or one \
person named two ways, is one); keep owners and due dates exactly as they are, and add none.
- open_questions: drop those a later part answered.
- chapters: keep their start times exactly; merge neighbouring chapters on the same topic; \
at most 12.
Reply with the JSON object only, in the same format as the parts."""


def language_rule(code: str | None) -> str:
    """The instruction that makes the notes come out in the meeting's language.

    The rules above are in English, which pulls a model towards English notes; naming the
    language (Whisper detected it) keeps a German meeting's notes German.
    """
    if not code:
        return "Write every text in the JSON in the language the meeting was held in."
    name = language_name(code)
    called = f"{name} (language code {code!r})" if name else f"the language with code {code!r}"
    return (
        f"The meeting was held in {called}. Write every text in the JSON (title, tldr, points, "
        f"decisions, tasks, questions, chapter titles) in {name or 'that language'}, even "
        "though these instructions are in English. Keep names as they were said."
    )


def summary_rules(language: str | None) -> str:
    return SUMMARY_RULES + "\n\n" + language_rule(language)


def merge_rules(language: str | None) -> str:
    return MERGE_RULES + "\n\n" + language_rule(language)


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
