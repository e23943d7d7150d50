"""Decisions, action items and open questions found by the phrases people use to say them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from integrations.offline.text import Sentence

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DUE = re.compile(
    r"\b(?:by|before|until|no later than|due|for)\s+(?P<due>"
    rf"(?:(?:next|this|the end of|end of)\s+)?(?:{_DAY}|week|month|quarter|sprint|year)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:the\s+)?end of (?:the\s+)?(?:day|week|month|quarter|year|sprint)"
    r"|tomorrow(?:\s+(?:morning|afternoon|evening))?|tonight|today|eod|eow|q[1-4]"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)(?:\s+of\s+{_MONTH})?"
    r")\b",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"\b(?:we(?:'ve| have)? (?:decided|agreed|settled on|chose|chosen)|(?:it's|it is|that's) "
    r"decided|decision is|(?:we're|we are|we'll|we will|let's) go(?:ing)? (?:with|ahead)|"
    r"agreed (?:to|that|on)|the plan is to|we're going to go with|final answer is|"
    r"(?:is|are) approved|we'll stick with)\b",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    """I We You He She It They This That There Here Someone Somebody Everyone Everybody Nobody
    Anyone What Who Which Then So And But Yeah Yes Okay Ok Well Also Maybe Just Now Let Please
    Great Sure Thanks Right If When Our My Your The Do Does Did Can Could Would Should Will
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Today Tomorrow Next Last Everything
    Nothing Something Anything Zoom Slack Google Welcome Hopefully Honestly Obviously""".split()
)
_NAME = r"(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
_NAMED_OWNER = re.compile(
    rf"\b{_NAME}(?:'ll| will| is going to| is gonna| can| needs to| has to| should)\s+"
    r"(?P<task>(?!be\b|have\b|do\b(?! the)|probably\b|likely\b)\w.*)",
)
_ADDRESSED = re.compile(
    rf"^{_NAME},\s+(?:can|could|would|will) you(?: please)?\s+(?P<task>\w.*?)\??$",
)
_SELF_OWNER = re.compile(
    r"\bI(?:'ll| will| am going to|'m going to|'m gonna| can take| will take| volunteer to)\s+"
    r"(?P<task>(?!be\b|say\b|just say\b|admit\b|try to remember\b)\w.*)",
    re.IGNORECASE,
)
_EXPLICIT = re.compile(
    r"\b(?:action items?|to-?do|follow[- ]up|takeaway)\b[:,]?\s*(?:is\s+)?"
    r"(?:for (?P<owner>[A-Z][a-z]+)[:,]?\s*)?(?P<task>.*)",
)
_OPEN = re.compile(
    r"\b(?:open question|still (?:need to|have to) (?:figure out|decide|find out)|"
    r"not sure (?:if|whether|how|what|when|who)|don't know (?:if|whether|how|what|when|who)|"
    r"to be determined|tbd|remains to be seen|we'll have to see|unclear (?:if|whether|how))\b",
    re.IGNORECASE,
)
_UNSURE_REPLY = re.compile(
    r"\b(?:good question|not sure|no idea|don't know|take (?:that|it) offline|"
    r"figure (?:that|it) out|get back to you|find out)\b",
    re.IGNORECASE,
)
_RHETORICAL = re.compile(
    r"\b(?:right|okay|ok|you know|yeah|isn't it|don't you think|can you hear me|"
    r"see my screen|am i on mute|everyone here)\?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FoundAction:
    sentences: tuple[int, ...]  # where it was said (a request and its acceptance: two)
    owner: str | None
    task: str
    due: str | None


def decisions(found: list[Sentence]) -> list[Sentence]:
    return [s for s in found if not s.is_question and _DECISION.search(s.text)]


def people(found: list[Sentence]) -> set[str]:
    """Names the meeting itself shows to be people: speaker labels, names addressed
    ("Marcus, can you ...") and capitalised words inside a sentence ("thanks Priya")."""
    names = {s.speaker.split()[0] for s in found if s.speaker}
    for s in found:
        addressed = _ADDRESSED.match(s.text)
        if addressed:
            names.add(addressed["owner"].split()[0])
        for word in re.findall(r"(?<=[a-z,] )[A-Z][a-z]+\b", s.text):
            names.add(word)
    return names - _NOT_NAMES


_BACK_REFERENCE = re.compile(r"^\w+ (?:it|that|this|them)\b(?:\s+and\s+(?P<more>.+))?$", re.I)


def action_items(found: list[Sentence]) -> list[FoundAction]:
    names = people(found)
    items: list[FoundAction] = []
    for s in found:
        item = _action(s, names)
        if item is None:
            continue
        if items and (merged := _accepted(items[-1], item)) is not None:
            items[-1] = merged
        else:
            items.append(item)
    return items


def _accepted(asked: FoundAction, reply: FoundAction) -> FoundAction | None:
    """ "Marcus, can you fix the bug by Wednesday?" "Yes, I will fix it and add a test." is
    one task taken on, not two: the reply names the task only as "it"."""
    back = _BACK_REFERENCE.match(reply.task)
    close = reply.sentences[0] - asked.sentences[-1] <= 2
    same_due = asked.due is None or reply.due is None or asked.due.lower() == reply.due.lower()
    same_owner = asked.owner is None or reply.owner is None or asked.owner == reply.owner
    if back is None or not close or not same_due or not same_owner:
        return None
    task = f"{asked.task} and {back['more']}" if back["more"] else asked.task
    owner, due = asked.owner or reply.owner, asked.due or reply.due
    return FoundAction((*asked.sentences, *reply.sentences), owner, task, due)


def _action(s: Sentence, names: set[str]) -> FoundAction | None:
    due_match = _DUE.search(s.text)
    due = due_match["due"] if due_match else None
    addressed = _ADDRESSED.search(s.text)
    if addressed and addressed["owner"].split()[0] not in _NOT_NAMES:
        return _found(s, addressed["owner"], addressed["task"], due)
    named = _NAMED_OWNER.search(s.text)
    if named and _is_person(named["owner"], at_start=named.start() == 0, names=names):
        return _found(s, named["owner"], named["task"], due)
    match = _SELF_OWNER.search(s.text)
    if match and not s.is_question and (due or _commitment(match["task"])):
        return _found(s, s.speaker, match["task"], due)
    match = _EXPLICIT.search(s.text)
    if match and len(match["task"].split()) >= 3:
        return _found(s, match["owner"], match["task"], due)
    return None


def _is_person(owner: str, *, at_start: bool, names: set[str]) -> bool:
    first = owner.split()[0]
    if first in _NOT_NAMES:
        return False
    # At the start of a sentence any word is capitalised: trust it only if it names a person.
    return first in names or not at_start


def _commitment(task: str) -> bool:
    """ "I'll send the deck" is a commitment; "I'll say" or "I'll be honest" is not."""
    return len(task.split()) >= 3 and task.split()[0].lower() not in {"be", "say", "tell", "bet"}


def _found(s: Sentence, owner: str | None, task: str, due: str | None) -> FoundAction:
    task = _DUE.sub("", task) if due else task
    task = re.sub(r"\s+", " ", task).strip(" ,.?!")
    task = re.sub(r"^(?:please|also|just|then)\s+", "", task, flags=re.IGNORECASE)
    return FoundAction((s.index,), owner, task[:1].upper() + task[1:], due)


def open_questions(found: list[Sentence]) -> list[Sentence]:
    """Questions explicitly left open, or met with "not sure" / "let's take that offline"."""
    result = []
    for i, s in enumerate(found):
        if _OPEN.search(s.text):
            # "One open question." announces the question that follows.
            follows = found[i + 1] if i + 1 < len(found) else None
            short = len(s.words) < 6
            if not short or (follows is not None and follows.is_question):
                result.append(follows if short and follows is not None else s)
        elif s.is_question and len(s.words) >= 5 and not _RHETORICAL.search(s.text):
            replies = found[i + 1 : i + 3]
            if any(_UNSURE_REPLY.search(r.text) for r in replies):
                result.append(s)
    return result
