"""Decisions and open questions, found by the phrases people use to say them.

A decision is said outright ("we decided to", "let's go with") or is a proposal others agree to
("we should ship on Tuesday." "Agreed."); one still being weighed ("if we decide", "we need to
decide") is not. An open question is called open ("we still don't know whether"), or is a real
question met with "not sure" or "let's take that offline".
"""

from __future__ import annotations

import re

from integrations.offline.text import Sentence, content_words

_DECIDED = re.compile(
    r"\b(?:(?:we|i|they|you|team)(?:'ve| have| had)? (?:all )?(?:decided|agreed|settled|chose|"
    r"chosen|picked|landed|concluded)\b(?! whether| if)|(?:it's|it is|that's|that is|it was) "
    r"(?:been )?(?:decided|agreed|settled|final)|decision (?:is|was) (?:to|that)|(?:we|we'll|"
    r"we will|we're going to|we are going to|we're gonna|so we) go (?:with|for|ahead with)\b|"
    r"let's (?:go with|go for|go ahead with|stick with|keep|use|move|ship|drop|skip|target)\b|"
    r"we(?:'ll| will) stick with\b|"
    r"(?:is|are|was|were|got|been) approved|we(?:'re| are) (?:sticking|going) with|"
    r"(?:so )?that's (?:the plan|settled|what we'll do|what we're doing)|"
    r"the plan is to|consensus is|(?:we're|we are) agreed|we all agree (?:on|that|to))",
    re.IGNORECASE,
)
_UNDECIDED = re.compile(
    r"(?:\b(?:if|whether|need to|needs to|have to|has to|got to|should we|shall we|can we|could we|"
    r"can't|cannot|haven't|hasn't|didn't|not|n't|never|yet|still|to be|might|may|maybe|would|"
    r"could|wanna|want to|let's see)\W+(?:\w+\W+){0,2})$",
    re.IGNORECASE,
)
_PROPOSAL = re.compile(
    r"^(?:(?:so|okay|ok|then),?\s+)?(?:we should|let's|how about|i suggest|i propose|why don't we|"
    r"i think we should|we could just|maybe we should)\b",
    re.IGNORECASE,
)
_AGREEMENT = re.compile(
    r"^(?:(?:yes|yeah|yep|okay|ok|sure|right|great|perfect|good|fine|totally),?\s*)*"
    r"(?:agreed|i agree|we agree|sounds good|sounds great|sounds like a plan|that works|"
    r"works for me|makes sense|good idea|great idea|let's do (?:that|it)|fine by me|"
    r"fine with me|deal|perfect|definitely|absolutely|exactly|i'm fine with that|"
    r"i'm happy with that|\+1)\b",
    re.IGNORECASE,
)
_TAG = re.compile(r",?\s*(?:right|okay|ok|yeah|yes|correct|no|isn't it|don't we|agreed)\?$", re.I)
_OPEN = re.compile(
    r"\b(?:open question|(?:still|yet) (?:need|have|has|needs) to (?:figure out|decide|find out|"
    r"check|confirm|see|work out)|(?:we|i) (?:still )?(?:don't|do not) know (?:yet )?(?:if|whether|"
    r"how|what|when|who|which|why)|not (?:sure|clear) (?:yet )?(?:if|whether|how|what|when|who|"
    r"which)|(?:isn't|is not|not) (?:decided|settled|clear) yet|to be (?:determined|decided|"
    r"confirmed)|\btbd\b|remains to be seen|we'll have to see|unclear (?:if|whether|how|what|who)|"
    r"(?:nobody|no one) knows|(?:have|has) to be (?:decided|figured out)|"
    r"(?:we|i) need to find out)",
    re.IGNORECASE,
)
_UNSURE_REPLY = re.compile(
    r"\b(?:good question|not sure|no idea|don't know|do not know|dunno|"
    r"take (?:that|it|this) offline|figure (?:that|it|this) out|get back to you|find out|"
    r"hard to say|depends|no clue|"
    r"let me check|we'll see|can't say)\b",
    re.IGNORECASE,
)
_RHETORICAL = re.compile(
    r"\b(?:right|okay|ok|you know|yeah|isn't it|don't you think|can you hear me|see my screen|"
    r"am i on mute|everyone here|you mean|sorry|what|huh|really|is it|is that)\?$",
    re.IGNORECASE,
)
_PERSONAL = re.compile(
    r"\b(?:i don't know (?:what|who) (?:\w+ ){0,3}(?:is|are|means?|stands? for)|"
    r"i'm not sure (?:i|what you)|you mean)\b",
    re.IGNORECASE,
)


def decisions(found: list[Sentence]) -> list[Sentence]:
    result = []
    for i, s in enumerate(found):
        text = _TAG.sub(".", s.text) if s.is_question else s.text
        if text.endswith("?") or len(s.words) < 4:
            continue
        if _said_decided(text) or _agreed_proposal(found, i):
            result.append(s)
    return result


def _said_decided(text: str) -> bool:
    for match in _DECIDED.finditer(text):
        if not _UNDECIDED.search(text[: match.start()]):
            return True
    return False


def _agreed_proposal(found: list[Sentence], i: int) -> bool:
    """ "We should ship on Tuesday." "Agreed." The proposal becomes a decision when someone
    else agrees in so many words (a bare "yeah" is only listening)."""
    s = found[i]
    if not _PROPOSAL.match(s.text) or len(content_words(s.text)) < 2:
        return False
    for reply in found[i + 1 : i + 4]:
        if reply.speaker != s.speaker and _AGREEMENT.match(reply.text):
            return True
    return False


def open_questions(found: list[Sentence]) -> list[Sentence]:
    """Questions explicitly left open, or met with "not sure" / "let's take that offline"."""
    result = []
    for i, s in enumerate(found):
        if _PERSONAL.search(s.text):
            continue
        if _OPEN.search(s.text):
            # "One open question." announces the question that follows.
            follows = found[i + 1] if i + 1 < len(found) else None
            if len(s.words) < 6 and follows is not None and follows.is_question:
                result.append(follows)
            elif len(s.words) >= 6:
                result.append(s)
        elif s.is_question and len(s.words) >= 5 and not _RHETORICAL.search(s.text):
            replies = [r for r in found[i + 1 : i + 3] if r.speaker != s.speaker or not r.speaker]
            if any(_UNSURE_REPLY.search(r.text) for r in replies):
                result.append(s)
    return result
