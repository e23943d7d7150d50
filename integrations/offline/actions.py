"""Action items as a note-taker writes them: who, what, by when; one item per task.

A request and its acceptance ("Marcus, can you fix the bug?" "Sure, I'll do it by Friday") are
one item; so are a task said twice ("Sam" in the discussion, "Sam Lee" in the recap). Things
people say they will do during the meeting ("I'll share my screen") are not action items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from integrations.offline.boilerplate import is_chatter
from integrations.offline.context import topic_before
from integrations.offline.dates import find_due, same_due
from integrations.offline.people import People
from integrations.offline.tasks import (
    FOLLOW_UP,
    LEAD_ADVERBS,
    WORK,
    after_meeting,
    base_form,
    during_call,
    names_work,
    similar,
    written,
)
from integrations.offline.text import Sentence, content_words

_NAME = r"(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
_ADDRESSED = re.compile(
    rf"^{_NAME},?\s+(?:[^,?]{{3,60}},\s+)?(?:(?:can|could|would|will) you(?: please)?|please|"
    r"you(?:'ll| will| can| could| should)?(?: need to| have to)?|i need you to|i'd like you to)"
    r"\s+(?P<task>(?!(?:know|think|mean|remember|see|said|were|had|guys)\b)\w.*)",
)
_REQUEST = re.compile(
    r"^(?:(?:can|could|would|will) (?P<who>you|someone|somebody|anyone|one of you)(?: please)?|"
    r"(?:maybe|perhaps) you could|would you be able to|(?:do|would) you mind|"
    r"(?:does|would) (?:anyone|someone|somebody) (?:want|mind) to|who (?:can|wants to|will)|"
    r"who(?:'s| is) (?:going to |gonna )?(?=doing\b|taking\b|handling\b|owning\b|do\b|take\b)|"
    r"who owns)"
    r"\s*(?P<task>\w.*)\?$",
    re.IGNORECASE,
)
# Said to the room: "Someone needs to own the flaky test", "let's make sure someone owns it".
_WANTED = re.compile(
    r"\b(?:someone|somebody|one of us) (?:(?:needs to|should|has to|must|to)\s+"
    r"(?P<task>\w.*)|(?P<verb>owns|takes|handles) (?P<object>\w.*))|"
    # "So we'd need a loading state on the total." "I can add that."
    r"^we(?:'d| would)? (?:still )?need (?P<thing>(?:a|an|some) \w.*)",
    re.IGNORECASE,
)
_NAMED = re.compile(
    rf"\b{_NAME}(?:'ll| will| is going to| is gonna|'s going to|'s gonna| can| should| needs to|"
    r" has to| to| takes| (?:has|is) agreed to| offered to| volunteered to|"
    r" owns|(?: also)? said (?:he|she|they)(?:'d| would| will|'ll))\s+"
    r"(?P<task>(?!be\b|have\b|probably\b|likely\b|not\b|never\b|say\b|know\b|think\b)\w.*)",
)
# Given to someone: "let's have Jamal draft the email", "can we get Jamal to check it".
_ASSIGNED = re.compile(
    r"\b(?i:let's have|let's get|can we (?:have|get)|could we (?:have|get)|we'll have|"
    rf"we'll get|i'd like|i want|we need) {_NAME} (?:to )?"
    r"(?P<task>(?!be\b|know\b|think\b|say\b)\w.*)",
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
    r"^(?:(?:sure|yes|yeah|yep|yup|ok|okay|absolutely|of course|definitely|no problem|happy to|"
    r"i'm happy to|i can take (?:that|it|this)|i'll take (?:that|it|this)|i've got (?:that|it)|"
    r"will do|on it|can do|sounds good|got it|consider it done|that's on me|that's mine|"
    r"i've got (?:it|this|that)|leave it with me|i'm on it)\b|i (?:can|will|'ll|could)\b)",
    re.IGNORECASE,
)
# The task named only as "it": "fix it", "set it up", "take that", "do it and add a test".
_BACK = re.compile(
    r"^(?:\w+\s+){0,3}?(?:it|that|this|them|those|one|him|her|something)"
    r"(?=\s+(?:up|out|over|on|off|in|and|too|as well|ready|done|finished|sorted)\b|\s*$|[,.!?])"
    r"(?:\s+(?:up|out|over|on|off|in|ready|done|finished|sorted)\b)?"
    r"(?:\s+and\s+(?P<more>.+))?",
    re.IGNORECASE,
)


# What a promise to follow up starts with when it names nothing: "find out", "check and get
# back to you", "look into it".
_FOLLOWS_UP = re.compile(
    r"^((?:find out|check|double-check|look into (?:it|that|this)|dig into (?:it|that|this)|"
    r"(?:think about it and )?decide|make (?:a|the) (?:call|decision)|"
    r"ask around|follow up|confirm|verify|get back))\b(?:\s+(?:on (?:it|that|this)|"
    r"and (?:get back|let(?: \w+)? know|report back|circle back)(?: to \w+)?))*\s*$",
    re.IGNORECASE,
)
# How a question to the room starts: "Does anyone know when the laptops arrive?"
_ASKING = re.compile(
    r"^(?:(?:does|do) (?:anyone|anybody|we|you) know|any idea|(?:does|do) (?:anyone|anybody) "
    r"have any idea)\s+(?:(?:if|whether)\s+)?",
    re.IGNORECASE,
)
_GETS_BACK = re.compile(
    r"^(?P<what>.+?)\s+and\s+(?:get back|let \w+ know|report back|circle back)(?: to \w+)?"
    r"(?: on (?:it|that|this))?\s*$",
    re.IGNORECASE,
)
# Said unsure just before a promise to check: what the check is about.
_UNSURE = re.compile(
    r"\b(?:not (?:\w+ ){0,3}sure|(?:don't|do not) know|no idea|unclear)\b", re.IGNORECASE
)
_NEED_FROM = re.compile(
    r"\b(?:i(?:'ll)? need|i'd like|can i get|could i get|i'd love) (?:(?P<thing>(?:the|your|an?|"
    r"some|all the) [\w' -]+?) from (?P<who>each of you|all of you|everyone|everybody|you all|"
    r"you guys|both of you|you)\b|(?P<whose>everyone's|everybody's|each of your) "
    r"(?P<thing2>[\w' -]+?)(?= by | before |[,.]|$))",
    re.IGNORECASE,
)
_NAMED_BEFORE = re.compile(r"\b([A-Z][a-z]+)(?=,|\s+(?:said|says|will|'ll|is|needs))")
_YES_FIRST = re.compile(r"^(?:\w+,?\s+)?(?:yes|yeah|yep|sure|definitely|absolutely)\b", re.I)
# A question that proposes something to do: "Should we get on a call with their IT?"
_PROPOSED = re.compile(
    r"^(?:should|shall|can|could) we (?:just |maybe )?(?P<what>\w.+?)\?$|"
    r"^do we want to (?:\w.+?)\?$",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^(?i:(?:(?:great|perfect|cool|awesome|okay|ok|brilliant),?\s+)?(?:thanks|thank you|cheers)),?"
    r"\s+([A-Z][a-z]+)[.!]?$"
)
_IT = re.compile(r"^\w+ (?:it|that|this|them)\b(?! (?:is|was|'s)\b)", re.IGNORECASE)
# Words around a date that add no task: "ideally", "doable", "should work".
_DUE_TALK = frozenset(
    "ideally hopefully doable possible realistic latest work works fine great perfect okay "
    "thanks latest feasible".split()
)
# The thing asked for, said again: "A one-pager, by the end of the month".
_MORE = re.compile(r"^((?:a|an|the|some) [\w' -]{2,30}?),", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundAction:
    sentences: tuple[int, ...]  # where it was said (a request and its acceptance: two)
    owner: str | None
    task: str
    due: str | None
    kind: str = "said"  # "asked" of a name, "open" to anyone (needs a taker), "reply", "said"
    said_by: str | None = None
    accepting: bool = False  # said after a yes: "Yeah, I'll ping Lauren", "That's on me, I'll ..."
    each: bool = False  # asked of everyone: each one who takes it has it


def action_items(found: list[Sentence], people: People) -> list[FoundAction]:
    items: list[FoundAction] = []
    for s in found:
        addressee = _addressed_before(found, s, people)
        for clause, in_recap in _clauses(s.text):
            item = _action(s, clause, people, in_recap=in_recap, addressee=addressee, found=found)
            if item is None:
                _due_for_last(items, s, clause)
                continue
            vague = not content_words(_without_verb(item.task)) or _IT.match(item.task)
            if vague and item.kind != "reply":
                item = replace(item, task=_with_topic(item.task, found, s))
            _add(items, found, s, item)
    items = [_thanked(found, i) for i in items]
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
        r";\s+|,?\s+and\s+(?=(?:I|[A-Z][a-z]+)(?: will|'ll| can| is going to)\b)|"
        r",?\s+and\s+(?=[A-Z][a-z]+,)|"
        r",\s+(?:and\s+)?(?=[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:will|'ll|can|is going to|[a-z]+s)\b)",
        body,
    )
    clauses = [q for p in parts if p for q in _dated_halves(p)]
    return [(c, recap is not None) for c in clauses]


def _dated_halves(part: str) -> list[str]:
    """ "I'll update the slides tonight and send the deck tomorrow morning": two tasks, each
    with its own date."""
    said = re.search(r"\b(I(?:'ll| will|'m going to| am going to| can))\s", part)
    split = re.search(r",?\s+and\s+(?=(\w+)\b)", part[said.end() :]) if said else None
    if said is None or split is None or split[1].lower() not in WORK:
        return [part]
    first, second = part[: said.end() + split.start()], part[said.end() + split.end() :]
    if find_due(first) is None or find_due(second) is None:
        return [part]
    return [first, f"{said[1]} {second}"]


def _action(
    s: Sentence,
    clause: str,
    people: People,
    *,
    in_recap: bool,
    addressee: str | None = None,
    found: list[Sentence] | None = None,
) -> FoundAction | None:
    due = find_due(clause)
    undated = clause.replace(due[1], " ") if due else clause  # "first thing tomorrow" is a date
    if during_call(undated) or is_chatter(clause):
        return None
    if (m := _ADDRESSED.match(clause)) and people.is_person(m["owner"]) and _says_what(m, due):
        return replace(_item(s, m["owner"], m["task"], due), kind="asked")
    asked = _asked_of_anyone(s, clause, due)
    if asked is not None:
        if addressee is not None and _REQUEST.match(clause) and asked.task:
            return replace(asked, owner=addressee, kind="asked")  # "Priya, ... Could you ...?"
        return asked
    if _ACCEPT.match(clause) and len(s.words) <= 12 and not _SELF.search(clause):
        when = due[0] if due else None
        return FoundAction((s.index,), s.speaker, "", when, "reply", s.speaker)  # "Sure."
    if (m := _ASSIGNED.search(clause)) and people.could_be_name(m["owner"]):
        if _says_what(m, due) and after_meeting(m["task"], due):
            return replace(_item(s, m["owner"], m["task"], due), kind="asked")
    named = _NAMED.search(clause) or (_PRESENT.match(clause) if in_recap else None)
    if named and _owner_of(named, clause, people) and _says_what(named, due):
        return _item(s, named["owner"], base_form(named["task"]), due)
    if (m := _SELF.search(clause)) and not s.is_question:
        promised = _promised(s, m, due)
        said = s.text[: s.text.find(clause)] + clause[: m.start()]
        names = _NAMED_BEFORE.findall(said) or _names_before(found or [], s, people)
        if promised and names and people.could_be_name(names[-1]):
            # "Marcus, he'll need to update the page, I'll tell him tomorrow": him is Marcus.
            task = re.sub(r"\b(?:him|her)\b", names[-1], promised.task, count=1)
            kind = "said" if task != promised.task and after_meeting(task, due) else promised.kind
            promised = replace(promised, task=task, kind=kind)
        said_yes = re.search(r"\b(?:yeah|yes|yep|sure|ok|okay)\b", s.lead) is not None
        accepting = said_yes or (_ACCEPT.match(clause) is not None and m.start() > 0)
        return replace(promised, accepting=accepting) if promised else None
    if (m := _EXPLICIT.search(clause)) and len(m["task"].split()) >= 3:
        return _item(s, m["owner"], m["task"], due)
    return None


def _promised(s: Sentence, m: re.Match[str], due: tuple[str, str] | None) -> FoundAction | None:
    """What "I'll ..." commits to, if it is work after the meeting."""
    said = _item(s, s.speaker, m["task"], due)
    if m["weak"] and said.task.split()[0].lower() not in FOLLOW_UP:
        return None  # "I have to pay for those" is not a commitment; "I need to check" is
    if follow := _FOLLOWS_UP.match(said.task):
        # "I'll find out", "I'll check and get back to you": about what was just asked.
        return replace(said, task=follow[1].capitalize(), kind="followup")
    if _BACK.match(said.task):
        # "I'll take it", "I'll do that by Friday": an answer to a request, if there was one.
        return replace(said, kind="reply")
    if (back := _GETS_BACK.match(said.task)) and after_meeting(back["what"], due):
        return replace(said, task=back["what"], kind="followup")  # "check with product and ..."
    return said if after_meeting(said.task, due) else None


def _asked_of_anyone(s: Sentence, clause: str, due: tuple[str, str] | None) -> FoundAction | None:
    """A request with no name on it: it counts once someone takes it."""
    task: str | None = None
    # "And the landing page, who's doing that?": the request after the thing it is about.
    clause = re.sub(r"^(?:the|our|their) [\w' -]{2,40}?,\s+(?=\w+.*\?$)", "", clause, flags=re.I)
    if m := _REQUEST.match(clause):
        task = m["task"]
    elif (m := _IMPERATIVE.match(clause)) and m["verb"].lower() in WORK and due is not None:
        task = None if s.is_question else m["task"]
    elif m := _WANTED.search(clause):
        task = m["task"] or m["thing"] or base_form(f"{m['verb']} {m['object']}")
    elif m := _NEED_FROM.search(clause):
        # "I need the updated forecast from each of you by Friday": everyone who says yes.
        thing = m["thing"] or f"your {m['thing2']}"
        asked = replace(_item(s, None, f"send {thing}", due), kind="open")
        return replace(asked, each=m["whose"] is not None or m["who"].lower() != "you")
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
    if asked.kind not in {"asked", "open"} or reply.kind not in {"reply", "said", "followup"}:
        return None
    if reply.said_by is not None and reply.said_by == asked.said_by:
        return None  # the one who asked is still talking
    back = _BACK.match(reply.task) if reply.task else None
    if re.match(r"(?:a|an|some) ", asked.task, re.IGNORECASE) and back is None:
        return None  # "We'd need a loading state" is taken by "I can add that", nothing else
    answers = reply.kind in {"reply", "followup"} or back is not None
    answers = answers or similar(asked.task, reply.task)
    # "Someone should tell the recruiter." "Yeah, I'll ping Lauren after this."
    answers = answers or (reply.accepting and reply.sentences[0] - asked.sentences[-1] == 1)
    taker = asked.owner is None or reply.owner is None or _same_person(asked.owner, reply.owner)
    if not answers or not taker:
        return None
    task = asked.task
    if asked.said_by and asked.kind == "open":
        task = re.sub(r"\bme\b", asked.said_by, task)  # "Send me the request" -> "Send Chris ..."
    if back is not None and back["more"]:
        task = f"{task} and {back['more'].strip(' .')}"
    if back is not None and re.match(r"(?:a|an|some) ", task, re.IGNORECASE):
        task = f"{back[0].split()[0].capitalize()} {task[:1].lower()}{task[1:]}"  # "Add a ..."
    named = re.search(r"\s([A-Z][a-z]+)", reply.task)
    if named and named[1] not in task and not similar(asked.task, reply.task):
        task = f"{reply.task} ({task[:1].lower()}{task[1:]})"  # "Ping Lauren (tell the ...)"
    elif reply.kind == "said" and not similar(asked.task, reply.task) and back is None:
        # "Someone should tell the recruiter." "I'll ping Lauren." The taker's words lead.
        task = f"{reply.task} ({task[:1].lower()}{task[1:]})"
    if not content_words(_without_verb(task)):
        # "Who's doing this?" "I am." names no task; the taker's own words may.
        task = reply.task if content_words(_without_verb(reply.task)) else ""
    return FoundAction(
        (*asked.sentences, *reply.sentences),
        asked.owner or reply.owner,
        task,
        # A new date from the one taking it on wins; the same date keeps how it was asked.
        reply.due if reply.due and not same_due(asked.due, reply.due) else asked.due or reply.due,
        said_by=asked.said_by,
    )


def _addressed_before(found: list[Sentence], s: Sentence, people: People) -> str | None:
    """ "Priya, you know their lead, right? Could you reach out to her?": the request is hers."""
    before = found[s.index - 1] if s.index else None
    if before is None or before.speaker != s.speaker:
        return None
    named = re.match(rf"^{_NAME},", before.text)
    return named["owner"] if named and people.could_be_name(named["owner"]) else None


def _due_for_last(items: list[FoundAction], s: Sentence, clause: str) -> None:
    """ "Great, ideally before Friday." or "Is that doable by Wednesday?" right after a task
    gives the tasks just said their date; so does the asker saying more: "Could you write that
    up?" "Like, a one-pager, by the end of the month." """
    due = find_due(clause)
    last = items[-1] if items else None
    if last is None or s.index - last.sentences[-1] > 3:
        return
    more = _MORE.match(clause) if s.index - last.sentences[-1] == 1 else None
    if more and s.speaker == last.said_by and not content_words(_without_verb(last.task)):
        items[-1] = last = replace(last, task=f"{last.task} ({more[1]})")
    if due is None or last.due is not None:
        return
    rest = set(content_words(clause.replace(due[1], " "))) - _DUE_TALK
    # "By Friday, before I talk to them.": the asker, right after, naming the date first.
    first = clause.lower().startswith(due[1].lower()) and s.index - last.sentences[-1] == 1
    elaborates = more is not None or first
    if (not rest and len(s.words) <= 10) or (elaborates and s.speaker == last.said_by):
        for k, item in enumerate(items):
            if item.due is None and item.sentences[-1] == last.sentences[-1]:
                items[k] = replace(item, due=due[0], sentences=(*item.sentences, s.index))


def _without_verb(task: str) -> str:
    """ "Pick that up" -> "that up": what the task is about, if it says."""
    words = LEAD_ADVERBS.sub("", task).split()
    return " ".join(w for w in words[1:] if w.lower() not in {"up", "on", "over", "care"})


def _with_topic(task: str, found: list[Sentence], s: Sentence) -> str:
    """ "Can someone pick that up?" after "Then the CSV import bug.": the item on the agenda
    stands in for "that"."""
    topic = topic_before(found, s)
    if topic is None:
        return task
    named = re.sub(r"\b(?:that|it|this|them|those)\b", topic, task, count=1)
    return named if named != task else f"{task} ({topic})"


def _thanked(found: list[Sentence], item: FoundAction) -> FoundAction:
    """Without speaker labels, "I can review it tomorrow." "Thanks Kai." names who took it."""
    after = item.sentences[-1] + 1
    if item.owner is not None or after >= len(found):
        return item
    thanks = _THANKS.match(found[after].text)
    return replace(item, owner=thanks[1]) if thanks else item


def _names_before(found: list[Sentence], s: Sentence, people: People) -> list[str]:
    """ "Could Tomasz do it?" ... "I'll ask him this afternoon.": the person just named."""
    for before in reversed(found[max(0, s.index - 3) : s.index]):
        named = [
            n
            for n in re.findall(r"(?<=\w )([A-Z][a-z]+)\b", before.text)
            if people.could_be_name(n)
        ]
        if named:
            return named[-1:]
    return []


def _add(items: list[FoundAction], found: list[Sentence], s: Sentence, item: FoundAction) -> None:
    """One more thing said about work: a new task, or the answer to one just asked."""
    asked = next((i for i in reversed(items[-2:]) if s.index - i.sentences[-1] <= 3), None)
    merged = _taken_on(asked, item) if asked is not None else None
    everyone = next((i for i in reversed(items[-4:]) if i.each), None)
    if merged is None and everyone is not None and s.index - everyone.sentences[0] <= 4:
        asked, merged = everyone, _taken_on(everyone, item)
    if merged is not None and asked is not None and asked.each:
        items.append(merged)  # the request stays open for the next one to say yes
    elif merged is not None and asked is not None:
        items[items.index(asked)] = merged
    elif _dates_own(items, s, item):
        pass  # "I'll look at the design. I can get back to you by Thursday."
    elif item.kind == "followup":
        items.extend(_followed_up(found, s, item))
    elif item.kind != "reply":
        items.append(item)
    elif (answered := _problem_before(found, s, item)) is not None:
        items.append(answered)
    elif re.search(r"\s[A-Z][a-z]+", item.task) and after_meeting(item.task, None):
        items.append(replace(item, kind="said"))  # "I'll bring it up with Mark"


def _dates_own(items: list[FoundAction], s: Sentence, item: FoundAction) -> bool:
    """ "I'll do it today" or "I can get back to you by Thursday" right after the speaker took
    something on dates that task instead of being one."""
    last = items[-1] if items else None
    if last is None or item.due is None or last.due is not None or item.kind == "said":
        return False
    if s.speaker is None or last.owner != s.speaker or s.index - last.sentences[-1] > 2:
        return False
    items[-1] = replace(last, due=item.due, sentences=(*last.sentences, s.index))
    return True


def _followed_up(found: list[Sentence], s: Sentence, item: FoundAction) -> list[FoundAction]:
    """ "Does anyone know when the laptops arrive?" "I'll check." -> "Check: when the laptops
    arrive"; a promise to check with no question before it names nothing."""
    question = _question_before(found, s)
    if question is None:
        if content_words(_without_verb(item.task)):
            return [replace(item, kind="said")]  # "check with product": says what, if not why
        return []
    wording = _ASKING.sub("", question.text).rstrip("?.")
    task = f"{item.task}: {wording[:1].lower()}{wording[1:]}"
    return [replace(item, task=task, kind="said")]


def _problem_before(found: list[Sentence], s: Sentence, reply: FoundAction) -> FoundAction | None:
    """ "The docs are out of date." "That's on me, I'll fix them." takes on what was just said."""
    before = found[s.index - 1] if s.index else None
    accepting = reply.accepting
    while before is not None and before.speaker is not None and before.speaker == s.speaker:
        # "Honestly yes, that'd be faster. I'll set something up.": past the speaker's yes.
        accepting = accepting or _YES_FIRST.match(before.text) is not None
        before = found[before.index - 1] if before.index and s.index - before.index < 3 else None
    if before is None or not accepting:
        return None
    if before.is_question and (proposed := _PROPOSED.match(before.text)):
        said = proposed["what"] or before.text.rstrip("?")
        task = f"{reply.task} ({said[:1].lower()}{said[1:]})"
        return replace(reply, task=task, kind="said", sentences=(before.index, *reply.sentences))
    if not names_work(reply.task) or before.is_question:
        return None
    if (before.speaker is not None and before.speaker == s.speaker) or is_chatter(before.text):
        return None
    if len(content_words(before.text)) < 2:
        return None
    said = before.text.rstrip(".!")
    task = f"{reply.task} ({said[:1].lower()}{said[1:]})"
    return replace(reply, task=task, kind="said", sentences=(before.index, *reply.sentences))


def _question_before(found: list[Sentence], s: Sentence) -> Sentence | None:
    """The question a follow-up promise ("I'll find out") answers: asked just before."""
    for before in reversed(found[max(0, s.index - 6) : s.index]):
        if before.is_question and len(content_words(before.text)) >= 2:
            return before
        if _UNSURE.search(before.text) and len(content_words(before.text)) >= 3:
            return before  # "I'm not sure it covers the scheduling module. Let me check."
    return None


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
    if not owners or not same_due(a.due, b.due):
        return False
    # One person's "give them notice" and "send the notice": the same thing, another verb.
    one = a.owner is not None and b.owner is not None
    return similar(a.task, b.task) or (
        one and similar(_without_verb(a.task), _without_verb(b.task))
    )
