"""Action items as a note-taker writes them: who, what, by when; one item per task.

A request and its acceptance ("Marcus, can you fix the bug?" "Sure, I'll do it by Friday") are
one item; so are a task said twice ("Sam" in the discussion, "Sam Lee" in the recap). Things
people say they will do during the meeting ("I'll share my screen") are not action items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from integrations.offline.boilerplate import is_chatter
from integrations.offline.dates import find_due, same_due
from integrations.offline.people import People
from integrations.offline.tasks import (
    FOLLOW_UP,
    IN_MEETING,
    LEAD_ADVERBS,
    WORK,
    after_meeting,
    base_form,
    similar,
    written,
)
from integrations.offline.text import Sentence, content_words

_NAME = r"(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
_ADDRESSED = re.compile(
    rf"^{_NAME},?\s+(?:[^,?]{{3,60}},\s+)?(?:(?:can|could|would|will) you(?: please)?|please|"
    r"you(?:'ll| will| can| could| should)?(?: need to| have to)?|i need you to|i'd like you to)"
    r"\s+(?P<task>\w.*)",
)
_REQUEST = re.compile(
    r"^(?:(?:can|could|would|will) (?P<who>you|someone|somebody|anyone|one of you)(?: please)?|"
    r"(?:does|would) (?:anyone|someone|somebody) (?:want|mind) to|who (?:can|wants to|will))"
    r"\s+(?P<task>\w.*)\?$",
    re.IGNORECASE,
)
# Said to the room: "Someone needs to own the flaky test", "let's make sure someone owns it".
_WANTED = re.compile(
    r"\b(?:someone|somebody|one of us) (?:(?:needs to|should|has to|must|to)\s+"
    r"(?P<task>\w.*)|(?P<verb>owns|takes|handles) (?P<object>\w.*))",
    re.IGNORECASE,
)
_NAMED = re.compile(
    rf"\b{_NAME}(?:'ll| will| is going to| is gonna|'s going to|'s gonna| can| should| needs to|"
    r" has to| to| takes|"
    r" owns|(?: also)? said (?:he|she|they)(?:'d| would| will|'ll))\s+"
    r"(?P<task>(?!be\b|have\b|probably\b|likely\b|not\b|never\b|say\b|know\b|think\b)\w.*)",
)
# Told to the listener: "Just send me the budget request by the end of the month." It becomes
# an action item when someone takes it ("Will do").
_IMPERATIVE = re.compile(r"^(?:(?:just|please|so|and)\s+)*(?P<task>(?P<verb>[A-Za-z]+)\b.+)$")
# In a recap: "Marcus fixes the login bug by Thursday, Priya writes the plan".
_RECAP = re.compile(
    r"(?i:^(?:so,?\s+)?(?:to recap|to wrap up|to summarize|in summary|recap)\b[:,]?\s*)"
)
_PRESENT = re.compile(rf"^{_NAME} (?P<task>(?!is\b|was\b|has\b|does\b|says\b)[a-z]+s\b.*)")
_SELF = re.compile(
    r"\b(?:I(?:'ll| will| am going to|'m going to|'m gonna| can| could| volunteer to| promise to|"
    r"(?P<weak> need to| have to|'ve got to| should| must))|"
    r"let me)\s+"
    r"(?P<task>(?!be\b|say\b|bet\b|admit\b|guess\b|tell you\b|show you\b|just say\b)\w.*)",
    re.IGNORECASE,
)
_EXPLICIT = re.compile(
    r"(?i:\b(?:action items?|to-?dos?|follow[- ]ups?)\b)"
    r"(?:\s+(?i:for)\s+(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?))?\s*[:,-]\s*(?P<task>.*)",
)
_ACCEPT = re.compile(
    r"^(?:(?:sure|yes|yeah|yep|yup|ok|okay|absolutely|of course|definitely|no problem|"
    r"will do|on it|can do|sounds good|got it|consider it done)\b|i (?:can|will|'ll|could)\b)",
    re.IGNORECASE,
)
# The task named only as "it": "fix it", "set it up", "take that", "do it and add a test".
_BACK = re.compile(
    r"^(?:\w+\s+){0,3}?(?:it|that|this|them|those|one)"
    r"(?=\s+(?:up|out|over|on|off|in|and|too|as well|ready|done|finished|sorted)\b|\s*$|[,.!?])"
    r"(?:\s+(?:up|out|over|on|off|in|ready|done|finished|sorted)\b)?"
    r"(?:\s+and\s+(?P<more>.+))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FoundAction:
    sentences: tuple[int, ...]  # where it was said (a request and its acceptance: two)
    owner: str | None
    task: str
    due: str | None
    kind: str = "said"  # "asked" of a name, "open" to anyone (needs a taker), "reply", "said"
    said_by: str | None = None


def action_items(found: list[Sentence], people: People) -> list[FoundAction]:
    items: list[FoundAction] = []
    for s in found:
        for clause, in_recap in _clauses(s.text):
            item = _action(s, clause, people, in_recap=in_recap)
            if item is None:
                continue
            asked = next((i for i in reversed(items[-2:]) if s.index - i.sentences[-1] <= 3), None)
            merged = _taken_on(asked, item) if asked is not None else None
            if merged is not None and asked is not None:
                items[items.index(asked)] = merged
            elif item.kind != "reply":
                items.append(item)
    people.learn(i.owner for i in items if i.owner)
    kept = [replace(i, owner=people.canonical(i.owner)) for i in items if i.kind != "open"]
    return _one_per_task(kept)


def _clauses(text: str) -> list[tuple[str, bool]]:
    """ "I'll fix the bug and Priya will update the docs" holds two tasks; so does each part of
    "To recap, Marcus fixes the bug by Thursday, and Priya writes the plan". Each clause comes
    with whether it is part of a recap."""
    recap = _RECAP.match(text)
    body = text[recap.end() :] if recap else text
    parts = re.split(
        r";\s+|,?\s+and\s+(?=(?:I|[A-Z][a-z]+) (?:will|'ll|can|is going to)\b)|"
        r",?\s+and\s+(?=[A-Z][a-z]+,)|"
        r",\s+(?:and\s+)?(?=[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:will|'ll|can|is going to|[a-z]+s)\b)",
        body,
    )
    return [(p, recap is not None) for p in parts if p]


def _action(s: Sentence, clause: str, people: People, *, in_recap: bool) -> FoundAction | None:
    due = find_due(clause)
    if IN_MEETING.search(clause) or is_chatter(clause):
        return None
    if (m := _ADDRESSED.match(clause)) and people.is_person(m["owner"]) and _says_what(m, due):
        return replace(_item(s, m["owner"], m["task"], due), kind="asked")
    asked = _asked_of_anyone(s, clause, due)
    if asked is not None:
        return asked
    if _ACCEPT.match(clause) and len(s.words) <= 12 and not _SELF.search(clause):
        when = due[0] if due else None
        return FoundAction((s.index,), s.speaker, "", when, "reply", s.speaker)  # "Sure."
    named = _NAMED.search(clause) or (_PRESENT.match(clause) if in_recap else None)
    if named and _owner_of(named, clause, people) and _says_what(named, due):
        return _item(s, named["owner"], base_form(named["task"]), due)
    if (m := _SELF.search(clause)) and not s.is_question:
        said = _item(s, s.speaker, m["task"], due)
        if m["weak"] and said.task.split()[0].lower() not in FOLLOW_UP:
            return None  # "I have to pay for those" is not a commitment; "I need to check" is
        if _BACK.match(said.task):
            # "I'll take it", "I'll do that by Friday": an answer to a request, if there was one.
            return replace(said, kind="reply")
        return said if after_meeting(said.task, due) else None
    if (m := _EXPLICIT.search(clause)) and len(m["task"].split()) >= 3:
        return _item(s, m["owner"], m["task"], due)
    return None


def _asked_of_anyone(s: Sentence, clause: str, due: tuple[str, str] | None) -> FoundAction | None:
    """A request with no name on it: it counts once someone takes it."""
    task: str | None = None
    if m := _REQUEST.match(clause):
        task = m["task"]
    elif (m := _IMPERATIVE.match(clause)) and m["verb"].lower() in WORK and due is not None:
        task = None if s.is_question else m["task"]
    elif m := _WANTED.search(clause):
        task = m["task"] or base_form(f"{m['verb']} {m['object']}")
    return None if task is None else replace(_item(s, None, task, due), kind="open")


def _says_what(match: re.Match[str], due: tuple[str, str] | None) -> bool:
    """ "Test it by Thursday" says when; "Do that" alone says nothing to write down."""
    words = content_words(LEAD_ADVERBS.sub("", match["task"]))
    return due is not None or len(words) >= 2


def _owner_of(named: re.Match[str], clause: str, people: People) -> bool:
    """ "Priya will send the notes": Priya is someone, and sending notes is a task. A word
    the meeting never treats as a person ("Sony will sell the jack") needs a task verb, and
    the notes style "Priya to send" only counts at the start."""
    owner, task = named["owner"], named["task"]
    if owner.split()[0] == "I" or not people.is_person(owner):
        return False
    if clause[named.end("owner") :].startswith(" to ") and named.start() > 0:
        return False
    verb = LEAD_ADVERBS.sub("", task).split()[0].lower() if task.split() else ""
    return people.is_known_person(owner) or verb in WORK


def _item(s: Sentence, owner: str | None, task: str, due: tuple[str, str] | None) -> FoundAction:
    text = written(task, said_due=due[1] if due else None)
    return FoundAction((s.index,), owner, text, due[0] if due else None, said_by=s.speaker)


def _taken_on(asked: FoundAction, reply: FoundAction) -> FoundAction | None:
    """ "Marcus, can you fix the bug by Wednesday?" "Yes, I will fix it and add a test." is one
    task taken on, not two: the reply is a bare yes, names the task only as "it", or repeats it."""
    if asked.kind not in {"asked", "open"} or reply.kind not in {"reply", "said"}:
        return None
    if reply.said_by is not None and reply.said_by == asked.said_by:
        return None  # the one who asked is still talking
    back = _BACK.match(reply.task) if reply.task else None
    answers = reply.kind == "reply" or back is not None or similar(asked.task, reply.task)
    taker = asked.owner is None or reply.owner is None or _same_person(asked.owner, reply.owner)
    if not answers or not taker or not same_due(asked.due, reply.due):
        return None
    task = asked.task
    if asked.said_by and asked.kind == "open":
        task = re.sub(r"\bme\b", asked.said_by, task)  # "Send me the request" -> "Send Chris ..."
    if back is not None and back["more"]:
        task = f"{task} and {back['more'].strip(' .')}"
    return FoundAction(
        (*asked.sentences, *reply.sentences),
        asked.owner or reply.owner,
        task,
        asked.due or reply.due,
        said_by=asked.said_by,
    )


def _same_person(a: str, b: str) -> bool:
    return a.split()[0] == b.split()[0]


def _one_per_task(items: list[FoundAction]) -> list[FoundAction]:
    """The same task for the same person said twice (a recap, "Sam" then "Sam Lee") is one."""
    kept: list[FoundAction] = []
    for item in items:
        if not item.task:
            continue
        twin = next((k for k in kept if _twins(k, item)), None)
        if twin is None:
            kept.append(item)
        else:
            # Keep the wording that says more: "Fix the login bug" over "Get a fix out".
            task = max((twin.task, item.task), key=lambda t: len(content_words(t)))
            kept[kept.index(twin)] = replace(
                twin,
                sentences=(*twin.sentences, *item.sentences),
                owner=twin.owner or item.owner,
                due=twin.due or item.due,
                task=task,
            )
    return kept


def _twins(a: FoundAction, b: FoundAction) -> bool:
    owners = a.owner is None or b.owner is None or _same_person(a.owner, b.owner)
    return owners and same_due(a.due, b.due) and similar(a.task, b.task)
