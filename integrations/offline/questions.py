"""Open questions: what the meeting left unanswered about the work, as a note-taker lists it.

Either someone says it is open ("we still don't know whether legal will sign off", "open
question: who owns the migration?"), or a real question gets "not sure" or "let's take that
offline" for an answer. Not open questions: what one person does not know about the call
itself ("I don't know what that acronym stands for"), rhetorical or checking questions ("right?",
"can you see my screen?"), or a question someone then answers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from integrations.offline.boilerplate import is_chatter
from integrations.offline.context import topic_before
from integrations.offline.text import Sentence, content_words

_LEFT_OPEN = re.compile(
    r"\b(?:"
    + "|".join(
        [
            r"open (?:question|issue|item)s?",
            r"(?:still|yet) (?:need|have|has|needs) to (?:figure out|decide|find out|check|"
            r"confirm|work out|agree on)",
            r"(?:(?:nobody|no one) knows|we (?:still )?(?:don't|do not) know) (?:yet )?"
            r"(?:if|whether|how|what|when|who|which)",
            r"(?:not|isn't|is not) (?:decided|settled|clear|confirmed|approved|signed off|final|"
            r"finali[sz]ed) yet",
            r"(?:isn't|is not|hasn't been|has not been|aren't|are not|wasn't) (?:been )?"
            r"(?:approved|signed off|confirmed|decided|finali[sz]ed)",
            r"(?:i have|we have|i've got|we've got|i've|i|we) no (?:idea|clue) (?:what|how|if|"
            r"whether|who|when|where|"
            r"which)",
            r"to be (?:determined|decided|confirmed)|tbd|remains to be seen",
            r"(?:still |it's |it is )?unclear(?: is)? (?:if|whether|how|what|who|when)",
            r"(?:have|has) to be (?:decided|figured out)|(?:we|i) need to find out",
            r"(?:i'm|i am|we're|we are) not (?:a hundred percent |100% |entirely |totally |"
            r"completely |quite |really )?sure (?:yet )?(?:if|whether|how|who|when|which|what|"
            r"(?=\w+(?:'ll| will| can| would| could| might| covers| has| have)\b)|"
            r"(?=(?:the|our|we|they|it|he|she|this|that)\b))",
            r"i (?:still |honestly |really |genuinely |just |even )?(?:don't|do not) know (?:yet )?"
            r"(?:if|whether)",
            r"(?:we|i) (?:should|need to|have to|must|got to) (?:figure out|decide|find out|"
            r"work out) (?:who|whether|if|how|what|when|which)",
            r"(?:haven't|have not|hasn't|has not|never) (?:yet )?(?:figured out|decided|"
            r"agreed on|found out|worked out|settled)",
            r"(?:that's|it's|this is|is) still (?:open|undecided|up in the air|being (?:decided|"
            r"discussed|worked out|figured out))",
            r"(?:we|i|you|they) (?:should|need to|have to|must|got to) (?:decide|agree) on",
            r"(?:need|needs) to know (?:is )?(?:if|whether|how|what|when|who|which)",
            r"(?:don't|do not) (?:even |really )?know (?:yet )?(?:who|what|how|when|where|which)",
            r"up in the air|nobody(?:'s| has) (?:said|decided|confirmed)",
            r"(?:can't|cannot) (?:promise|commit to|give) (?:\w+ )?(?:a |any )?"
            r"(?:date|timeline|eta)",
            r"no (?:date|timeline|eta) yet",
            r"(?:nobody|no one)(?:'s| has) (?:told|said|confirmed)(?: me| us)? (?:if|whether|when|"
            r"how)",
            r"(?:still )?need to (?:figure out|decide|work out|sort out|nail down|pin down) "
            r"(?:the|a|our)",
            r"the (?:big |real |main |open |key )?question is (?:whether|if|how|what|who|when|"
            r"which)",
            r"i wonder (?:if|whether)|(?:we|i) (?:don't|do not) have an answer",
            r"(?:still )?waiting (?:on|for) (?:\w+ ){0,3}to (?:confirm|decide|approve|get back)",
        ]
    )
    + r")\b",
    re.IGNORECASE,
)
_ANNOUNCES = re.compile(r"\bopen (?:question|issue)s?\b\s*[:.,-]?\s*$", re.IGNORECASE)
# After "not sure if"/"don't know whether": a question about the work has a modal or a future
# ("we can", "it will fit", "legal signs off"); one about the listener ("if you saw it") does not.
_ABOUT_WORK = re.compile(
    r"\b(?:can|could|will|would|should|shall|is going to|are going to|gonna|feasible|possible|"
    r"\w+'ll|going to|"
    r"fit|work|afford|need|needs|own|owns|handle|handles|sign|signs|approve|approves|ready|"
    r"support|supports|cost|costs)\b",
    re.IGNORECASE,
)
_UNSURE_START = re.compile(
    r"^(?:(?:um|uh|well|so|hmm|yeah|honestly|to be honest|i mean),?\s+)*(?:"
    + "|".join(
        [
            r"good question|(?:i'm |i am |we're |we are )?not sure|no idea|not yet",
            r"(?:i |we )?(?:don't|do not) know|(?:i )?dunno|no clue|hard to say|(?:it )?depends",
            r"(?:let's|we'll|we should|we can) (?:take (?:that|it|this) offline|"
            r"figure (?:that|it|this) out|come back to (?:that|it|this)|park (?:that|it|this))",
            r"(?:i'll|let me|i need to|i have to) (?:check|find out|get back)",
            r"(?:that's|it's|that is|it is) (?:still )?(?:not (?:decided|settled|clear|sure)|"
            r"open|undecided|tbd)",
        ]
    )
    + ")",
    re.IGNORECASE,
)
# Said anywhere in the answer, it leaves the question open: "Security has one but I'm not sure
# it's up to date", "That's still being decided".
_UNSURE_IN = re.compile(
    r"\b(?:not sure|no idea|(?:don't|do not) know|no clue|(?:still|not) (?:being )?(?:decided|"
    r"settled|clear|confirmed)|being (?:decided|discussed|worked out)|undecided|up in the air|"
    r"haven't (?:decided|figured out|heard)|unclear|(?:i'll|let me|i need to) (?:check|find out|"
    r"ask|look into)|good question|still waiting|(?:hasn't|haven't|has not) (?:signed off|"
    r"approved|confirmed)|can't get a (?:straight |clear )?answer|no answer|no one knows|"
    r"(?:need|have|'d need) to (?:confirm|check|ask)|get back to you|"
    r"(?:nobody|no one)(?:'s| has) (?:looked|checked)|(?:haven't|hasn't) (?:looked|checked)|"
    r"nobody knows)\b",
    re.IGNORECASE,
)
# A statement whose subject is only "it" or "they": "I don't know if they'll come in".
_VAGUE = re.compile(
    r"^(?:\w+,\s+)?(?:it|it's|that|that's|this|they|they're|he|she)\b|"
    r"\b(?:if|whether|where|when|how) (?:it|it's|it'll|they|they'll|they're|that|he|she)\b|"
    r"\b(?:it|them|that|those|this)[?.!]?$|\b(?:owns|do|does|rewrite|want) (?:it|them|that)\b|"
    r"^(?:is|was|does|did|will) (?:it|that|this)\b",
    re.IGNORECASE,
)
# Asked without a question mark: "Our finance team is asking whether you can invoice in euros."
_INDIRECT = re.compile(
    r"\b(?:is|are|was|were|been|keeps?) (?:asking|wondering) (?:whether|if|about)|"
    r"\bwants? to know (?:whether|if)",
    re.IGNORECASE,
)
# Asking someone to do something is a request, not a question left open.
_REQUEST = re.compile(
    r"^(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?,\s+)?(?:(?:can|could|would|will) (?:you|someone|somebody|"
    r"anyone|one of you)\b(?! (?:see|hear|tell|explain|remind)\b)|who (?:can|wants to|will|"
    r"is going to|'s going to) (?:take|do|handle|look|pick|own|grab|run|write|send|fix))",
    re.IGNORECASE,
)
_NOT_ABOUT_WORK = re.compile(
    r"\bhow(?:'s| is| are) (?:the team|everyone|everybody|things|it|life|you|your \w+)"
    r"(?: (?:going|feeling|doing|holding up))?\b|"
    r"\b(?:i don't know (?:what|who|why) (?:\w+ ){0,3}(?:means?|stands? for|to say)|"
    r"(?:don't|do not) know (?:what|who) (?:you|i|that|this|it) (?:is|are|was|were|mean)|"
    r"i'm not sure (?:i|what you)|you mean|i don't know why|if you (?:saw|got|had|picked|"
    r"remember|can see|can hear)|what do you (?:guys )?think|how are you|any questions)\b",
    re.IGNORECASE,
)
_CHECKING = re.compile(
    r"(?:(?:,\s*|^)(?:right|okay|ok|you know|yeah|isn't it|don't you think|you mean|sorry|what|"
    r"huh|really|is it|is that|or|or not)\?$|\b(?:you mean|or)\?$|"
    r"^(?:can|could|did|do|have) (?:you|he|she) "
    r"(?:hear|see|get|have a look))",
    re.IGNORECASE,
)


def open_questions(found: list[Sentence]) -> list[Sentence]:
    result: list[Sentence] = []
    for i, s in enumerate(found):
        if _NOT_ABOUT_WORK.search(s.text) or is_chatter(s.text):
            continue
        if _ANNOUNCES.search(s.text) and i + 1 < len(found):
            result.append(found[i + 1])  # "One open question:" then the question
        elif _said_open(s):
            asked = _asked_before(found, i)
            # "Do we record these?" "We haven't decided where to host them.": one entry.
            result.append(replace(s, text=f"{asked.text} {s.text}") if asked else _named(found, s))
        elif _unanswered(found, i):
            asked = _with_question_before(found, i)
            topic = topic_before(found, s) if asked is s and _VAGUE.search(s.text) else None
            if topic is not None:
                asked = replace(s, text=f"{topic[:1].upper()}{topic[1:]}: {s.text}")
            elif asked is s and _VAGUE.search(s.text) and (said := _said_before(found, s)):
                asked = replace(s, text=f"{said.text} {s.text}")  # "Is it our system?"
            result.append(asked)
    unique = list({s.index: s for s in result}.values())
    # An earlier question that a later entry repeats as its first half goes.
    return [q for q in unique if not any(o is not q and q.text in o.text for o in unique)]


def _with_question_before(found: list[Sentence], i: int) -> Sentence:
    """ "What about pricing? Do we drop it?" is one question asked in two sentences; "Do we
    know why?" or "Can we even do that?" is asked about what was just said."""
    s = found[i]
    before = found[i - 1] if i else None
    if before is not None and before.is_question and before.speaker == s.speaker:
        return replace(s, text=f"{before.text} {s.text}")
    said = _said_before(found, s) if len(content_words(s.text)) <= 1 else None
    return replace(s, text=f"{said.text} {s.text}") if said is not None else s


def _said_before(found: list[Sentence], s: Sentence) -> Sentence | None:
    """The statement a short question is about: the last one with some substance."""
    for before in reversed(found[max(0, s.index - 3) : s.index]):
        if not before.is_question and len(content_words(before.text)) >= 3:
            return before
    return None


def _named(found: list[Sentence], s: Sentence) -> Sentence:
    """ "It's being discussed and I don't know where it'll land" says what only with what it is
    about: the agenda item just introduced, or what the speaker said just before."""
    if not _VAGUE.search(s.text) and len(content_words(s.text)) > 3:
        return s
    topic = topic_before(found, s)
    if topic is not None:
        return replace(s, text=f"{topic[:1].upper()}{topic[1:]}: {s.text}")
    before = [
        b
        for b in found[max(0, s.index - 4) : s.index]
        if b.speaker == s.speaker and not b.is_question and len(content_words(b.text)) >= 2
    ][-2:]
    while before and sum(len(b.text.split()) for b in before) > 25:
        before = before[1:]  # the nearest that fits
    said = " ".join(b.text for b in before)
    return replace(s, text=f"{said} {s.text}") if said else s


def _asked_before(found: list[Sentence], i: int) -> Sentence | None:
    """The question someone else asked just before, that a statement of what is open answers."""
    s = found[i]
    for before in reversed(found[max(0, i - 3) : i]):
        if before.speaker is not None and before.speaker == s.speaker:
            return None
        if before.is_question and not _CHECKING.search(before.text) and len(before.words) >= 4:
            return before
        if not before.is_backchannel:
            return None
    return None


def _said_open(s: Sentence) -> bool:
    match = _LEFT_OPEN.search(s.text)
    # One word of substance is enough: "We haven't decided where to host them."
    if match is None or not content_words(s.text):
        return False
    if not s.text.endswith((".", "?", "!")):
        return False
    rest = s.text[match.end() :]
    personal = re.match(
        r"(?:i'm|i am|we're|we are) not|i (?:\w+ )?(?:don't|do not) know", match[0], re.I
    )
    if personal and re.search(r"(?:\b(?:if|whether|how|when|which)|sure)\W*$", match[0], re.I):
        # "not sure if we can ...", "don't know if he's worked with code review" are about the
        # work; "not sure if you saw it" or "if I said that" are not.
        about_call = re.match(
            r"\W*(?:(?:you|i) (?:saw|said|mentioned|sent|got|heard|remember|can see|can hear|"
            r"understand|follow|missed)|that makes sense)\b",
            rest,
            re.I,
        )
        return not about_call and (bool(_ABOUT_WORK.search(rest)) or len(content_words(rest)) >= 2)
    return True


def _unanswered(found: list[Sentence], i: int) -> bool:
    """A real question about the work met with "not sure" or "let's take that offline"."""
    s = found[i]
    asked = s.is_question or _INDIRECT.search(s.text) is not None
    if not asked or len(s.words) < 4:
        return False
    if not content_words(s.text) and _said_before(found, s) is None:
        return False  # "Do we know why?" asks about what was just said, if anything
    if _CHECKING.search(s.text) or _REQUEST.match(s.text):
        return False
    # The answer: the next few things others say ("Not me, I'm out." "I'm not sure yet.").
    # The asker's own doubt after an answer counts too ("I have no idea what the rule is").
    replies: list[Sentence] = []
    for r in found[i + 1 : i + 6]:
        if r.speaker is not None and r.speaker == s.speaker and not replies:
            continue  # still asking
        if not r.is_backchannel:
            replies.append(r)
    replies = replies[:3]
    return any(_UNSURE_START.match(r.text) or _UNSURE_IN.search(r.text) for r in replies)
