"""Decisions, found by the phrases people use to say them.

A decision is said outright ("we decided to", "let's go with") or is a proposal others agree to
("we should ship on Tuesday." "Agreed."); one still being weighed ("if we decide", "we need to
decide") or one person's choice ("I decided to skip the slides") is not.
"""

from __future__ import annotations

import re
from dataclasses import replace

from integrations.offline.rank import stem
from integrations.offline.text import STOPWORDS, Sentence, content_words
from integrations.offline.words import VERBS

_DECIDED = re.compile(
    r"\b(?:"
    + "|".join(
        [
            r"(?:we|they|team|group|everyone|everybody)(?:'ve| have| had)? (?:all )?"
            r"(?:decided|agreed|settled|chose|chosen|picked|landed|concluded)\b(?! whether| if)",
            r"(?:it's|it is|that's|that is|it was) (?:been )?(?:decided|agreed|settled|final)",
            r"decision (?:is|was) (?:to|that)",
            r"(?:we|we'll|we will|we're going to|we are going to|we're gonna|so we) go "
            r"(?:with|for|ahead with)\b",
            r"let's (?:go with|go for|go ahead with|stick with|keep|use|ship|drop|skip|target|"
            r"do|leave|put|make|cap|limit|set|move|push|hold|cut|split|switch|offer|price|"
            r"charge|run|launch|release|freeze|delay|postpone|pause|cancel|kill|raise|lower)\b",
            r"(?:was|were|has been|have been|got) (?:decided|agreed|signed off)",
            r"we(?:'ll| will) stick with\b",
            r"(?:is|are|was|were|got|been) approved",
            r"we(?:'re| are) (?:sticking|going) with",
            r"(?:so )?that's (?:the plan|settled|what we'll do|what we're doing)",
            r"the plan is (?:to|that|we)|consensus is|(?:we're|we are) agreed|"
            r"we all agree (?:on|that|to)",
            # Said as a label or a verdict: "Decision: certs rotate", "the call is we hire".
            r"(?:final |the |our )?decision\s*:|(?:the|my|our|final) (?:call|verdict) is",
            r"(?:we're|we are|everyone's|everyone is) (?:all )?(?:aligned|on board) "
            r"(?:on|with|that)",
            r"let's not (?!worry|forget|panic|get\b|go down|waste|spend too|be\b)",
            r"(?:we|we've|we have) (?:signed off|locked|finali[sz]ed) (?:on )?",
        ]
    )
    + ")",
    re.IGNORECASE,
)
_UNDECIDED = re.compile(
    r"(?:\b(?:if|whether|need to|needs to|have to|has to|got to|should we|shall we|can we|could we|"
    r"can't|cannot|haven't|hasn't|didn't|not|n't|never|yet|still|to be|might|may|maybe|would|"
    r"could|wanna|want to|let's see)\W+(?:\w+\W+){0,2})$",
    re.IGNORECASE,
)
_UNDECIDED_ANYWHERE = re.compile(
    r"\b(?:if|whether|maybe|might|not sure|probably|perhaps|unless)\b", re.IGNORECASE
)
_PROPOSAL = re.compile(
    r"^(?:(?:so|okay|ok|then|final call|final answer|the proposal is),?:?\s+)?(?:we should|let's|"
    r"how about|i suggest|i propose|why don't we|i think we should|we could just|maybe we should|"
    r"we'll|we will|we're going to|we are going to|we're|we are|the plan is|we ship|we go|"
    r"we use|we keep|we move|i'd say we|i'd suggest we|i vote (?:we|for)|my vote is|"
    r"my proposal is|my suggestion is|i'd rather|i'd prefer)\b",
    re.IGNORECASE,
)
# A request granted: "Can I go to the conference?" "Yes, approved."
_GRANTED = re.compile(
    r"^(?:(?:yes|yeah|yep|ok|okay|sure),?\s+)?(?:approved|that's approved|you're approved|"
    r"granted|go for it|you can go ahead)\b",
    re.IGNORECASE,
)
# Asked as a question and agreed to: "Can we agree to freeze merges on Fridays?" "Agreed."
_ASKED = re.compile(
    r"^(?:(?:so|okay|ok),?\s+)?(?:can we agree (?:to|that|on)|can we all agree (?:to|that|on)|"
    r"shall we|should we|are we (?:all )?(?:agreed|okay|ok|good) (?:to|with|that|on)|"
    r"why don't we|how about (?:we )?)\s*(?P<what>.+?)\?$",
    re.IGNORECASE,
)
# Asked for agreement outright: a plain "yes" answers it ("should we ..." "yeah" only listens).
_ARE_WE = re.compile(
    r"^(?:(?:so|okay|ok),?\s+)?(?:can we (?:all )?agree|are we (?:all )?(?:agreed|okay|ok|good))",
    re.IGNORECASE,
)
_CHECK_AGREE = re.compile(
    r"^(?:is |are |does )?(?:everyone|everybody|we all|all|you all|everyone's|everybody's)"
    r"(?: is| are)? (?:okay|ok|good|fine|happy|on board|agreed|agree)(?: with)?(?: that| this| it)?"
    r"\?$|^(?:sounds? (?:good|okay|ok|right|fair)|any objections|objections|agreed|deal)\?$",
    re.IGNORECASE,
)
# Signing up to a proposal, not just following an explanation.
_SIGNED_UP = re.compile(
    r"^(?:(?:yes|yeah|yep|okay|ok|sure|great|good|fine|totally|same),?\s*)*"
    r"(?:agreed|i agree|sounds good|sounds great|sounds like a plan|works for me|that works|"
    r"fine (?:by|with) me|(?:i'm|i am) (?:fine|happy|okay|ok|good|on board) with (?:that|it|this)|"
    r"let's do (?:that|it)|deal|i like (?:that|it)|no objections?|\+1)\b|"
    r"^(?:[\w'-]+ ){1,2}works?(?: for (?:me|us))?[.!]?$",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(?:was|were|did|had|went|used to|last (?:week|time|year|month))\b", re.I)
_AGREEMENT = re.compile(
    r"^(?:(?:yes|yeah|yep|okay|ok|sure|right|great|perfect|good|fine|totally|same|me too),?\s*)*"
    r"(?:agreed|i agree|we agree|sounds good|sounds great|sounds like a plan|that works|"
    r"works for me|makes sense|good idea|great idea|let's do (?:that|it)|fine by me|"
    r"fine with me|deal|perfect|definitely|absolutely|exactly|"
    r"i'm (?:fine|happy|okay|ok|good|on board) with (?:that|it|this)|i'm in favou?r|"
    r"no objections?|i'd support (?:that|it)|i like (?:that|it|this)|love (?:that|it)|"
    r"(?:that's|that is|seems) (?:reasonable|fair)|fair enough|\+1)\b",
    re.IGNORECASE,
)
_TAG = re.compile(r",?\s*(?:right|okay|ok|yeah|yes|correct|no|isn't it|don't we|agreed)\?$", re.I)
# How the call itself runs is not a decision: "Let's go for the presentations first."
_LOGISTICS = re.compile(
    r"\b(?:presentations?|agenda|slides?|screen|whiteboard|minutes|break|lunch|go first|"
    r"intros|introductions|a round|a quick round|a look|a start|this quick|it quick|"
    r"i'll (?:discuss|show|present|talk|go through)|talk about|go around|"
    r"go (?:through|over) (?:the )?(?:agenda|it|this|that|them|everything|list|items|updates)|"
    r"start with|hear from|come back to|the usual)\b",
    re.IGNORECASE,
)
# "Let's do that." names no decision itself: it makes the proposal just before it one.
_ENDORSE = re.compile(
    r"^(?:(?:i like (?:that|it|this)|i love (?:that|it)|okay|ok|great|sure|yeah|yes|perfect|"
    r"cool|good|fine|alright|then|so),?\s+)*(?:let's (?:do|go with|go for|go ahead with|"
    r"counter with|respond with|propose|offer|take|accept) "
    r"(?:that|it|this|that one|this one)|(?:that's|it's) a plan|let's make it happen|"
    r"that's the plan|(?:it's|that's) settled|settled|done deal|"
    r"let's go for it)(?: then)?"
    r"(?:,?\s+(?:until|for now|for the time being|for a|for the|for \w+ (?:days|weeks|months)|"
    r"and then|as a|as the|while)\b.*)?[.!]?$",
    re.IGNORECASE,
)
_SUGGESTS = re.compile(
    r"\b(?:i was thinking|what if we|we could|i'd (?:suggest|say|propose|go with|put|accept|"
    r"take|rather|prefer)|my proposal|"
    r"how about|i suggest|i propose|my suggestion|we should|why don't we|maybe we)\b",
    re.IGNORECASE,
)
# A proposal asked as a question: "Could we keep one person at the desk for a month?"
_WE_COULD = re.compile(r"^(?:could|can|should|shall) we\b|^(?:what if|how about) we\b", re.I)
_SUGGESTION_LEAD = re.compile(
    r"^(?:right,?\s+)?(?:so,?\s+)?(?:i was thinking|i'd suggest|i suggest|i propose|"
    r"my suggestion is|what if)\s+",
    re.IGNORECASE,
)
# After a discussion, whoever runs it says where things landed: "Okay, so we'll do the endpoint
# this sprint", "Northwind goes in commit", "Place order it is", "the launch is on the 21st then".
_CONCLUSIVE_LEAD = re.compile(r"\b(?:so|okay|ok|alright|then|fine|great)\b")
_INTERJECTION = re.compile(
    r"^(?:(?:fine|good|great|perfect|cool|alright|okay|ok|right|sure|then|so)\W+)+", re.IGNORECASE
)
# Where a plan is said: at the start, or after "refund yes, and ...".
_PLAN = re.compile(
    r"(?:^|,\s+(?:and\s+)?|;\s+|\s+and\s+)"
    r"(?:we(?:'re| are) (?:not )?(?:going with|going ahead|renewing|offering|moving|keeping|"
    r"dropping|cancell?ing|hiring|shipping|launching|using|switching|sticking|staying|doing|"
    r"postponing|delaying|pausing|killing|cutting|raising|lowering|changing|pushing|closing)\b|"
    r"we (?:offer|go with|ship|use|keep|drop|close|hold|move|launch|cut|hire|skip|switch|"
    r"stick with|postpone|delay)\b|"
    r"(?:we(?:'ll| will| are going to|'re going to|'re gonna)|let's) (?:\w+ly )?(?:do|go with|"
    r"go for|go ahead|use|ship|launch|move|keep|drop|hold|present|offer|target|build|release|"
    r"cut|push|switch|stick|focus|add|remove|skip|postpone|delay|pick|choose|hire|change|split|"
    r"freeze|limit|cap|charge|include|exclude|stay|leave|adopt|require|extend|reduce|increase|"
    r"raise|lower|merge|migrate|deprecate|roll out|cancel|punt|defer|table|prioriti[sz]e|"
    r"make it|put it|put them|send|sign|approve|buy|renew|outsource|delay|"
    r"set (?:it|them|the \w+) to|rewrite|split|counter)\b)",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"(?:we(?:'ll| will| are going to|'re going to|'re gonna)|let's)\b", re.I)
_SETTLED = re.compile(
    r"^(?!(?:i|you|he|she|it|this|that|there)\b)(?:[\w'-]+ ){1,5}(?:moves?|goes|stays|slips|"
    r"is (?:pushed|moved|going|staying)|gets (?:pushed|moved|dropped|cut)|is (?:out|in|cut)) "
    r"(?:to|in|into|out|back|on|for)\b.*[.!]$|"
    r"^(?!(?:i|you|he|she|it|this|that|there)\b)(?:[\w'-]+ ){1,4}is (?:blocked|on hold|paused|"
    r"cancell?ed|approved|a go|a no-go)\b.*[.!]$|"
    r"^(?!.*\b(?:what|how|where|who|which|that's|this is|here)\b)(?:[\w'-]+ ){1,4}it is[.!]$",
    re.IGNORECASE,
)
_REPORTED = re.compile(r"\b(?:to say|said|says|like|if|whether)\W+$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"(?<=\w)(?:,\s+(?=(?:and|but|so|because|which|if|then)\b)|;\s+|\s+-\s+)")
_CLAUSE_START = re.compile(
    r"(?:,|;|\bthat|\bare|\bis)\s+(?=(?:we|they|the team|so we|let's)\b)", re.I
)
_MAX_WORDS = 30


def decisions(found: list[Sentence]) -> list[Sentence]:
    """Sentences that state a decision, each shortened to the clause that holds it."""
    result = []
    for i, s in enumerate(found):
        text = _TAG.sub(".", s.text) if s.is_question else s.text
        answered = _answered(found, i, text)
        if answered is not None:
            result.extend(answered)
            continue
        if text.endswith("?") or len(s.words) < 3 or _LOGISTICS.search(text):
            continue
        if _concluded(found, i) or _after_agreeing(found, i):
            result.append(replace(s, text=_shortened(text, 0)))
            continue
        if len(s.words) < 4:
            continue
        at = _said_decided(text)
        proposed = _PROPOSAL.match(text) and len(content_words(text)) >= 2
        if at is not None or (proposed and _agreed(found, i)) or _endorsed(found, i, text):
            result.append(replace(s, text=_shortened(text, at or 0)))
    return _once_each(result)


def _endorsed(found: list[Sentence], i: int, text: str) -> bool:
    """Whatever its wording, a statement of what to do that the others then sign up to in so
    many words ("Seven days default, and the owner can extend it." "Fine with me." "Yep.") is a
    decision; agreeing with an explanation ("makes sense") is not."""
    s = found[i]
    if len(content_words(text)) < 3 or _UNDECIDED_ANYWHERE.search(text) or _PAST.search(text):
        return False
    replies = [r for r in found[i + 1 : i + 3] if r.speaker is None or r.speaker != s.speaker]
    return any(_SIGNED_UP.match(r.text) for r in replies[:1])


def _answered(found: list[Sentence], i: int, text: str) -> list[Sentence] | None:
    """A decision made by answering: a request granted, a question agreed to, "let's do that".
    None when `text` is none of these."""
    s = found[i]
    request = _granted(found, i)
    if request is not None:
        return [replace(s, text=f"Approved: {request.text.rstrip('?')}.")]
    asked = _ASKED.match(text)
    if asked and _agreed(found, i, yes_will_do=_ARE_WE.match(text) is not None):
        what = asked["what"]
        first = what.split()[0]
        if first.lower() in STOPWORDS or first.lower() in VERBS:
            what = what[:1].lower() + what[1:]  # "Agreed: freeze ...", "Agreed: Postgres ..."
        return [replace(s, text=f"Agreed: {what}.")]
    if _CHECK_AGREE.match(text):
        # "Drop the role screen. Everyone okay with that?" "Yep.": the statement before.
        before = found[i - 1] if i else None
        if not _agreed(found, i, yes_will_do=True) or before is None:
            return []
        if before.speaker != s.speaker or before.is_question:
            return []
        stated = len(content_words(before.text)) >= 2
        return [replace(before, text=_shortened(before.text, 0))] if stated else []
    if _ENDORSE.match(text):
        proposal = _proposal_before(found, i)
        if proposal is None:
            return []
        said = _SUGGESTION_LEAD.sub("", proposal.text)
        return [replace(s, text=_shortened(said[:1].upper() + said[1:], 0))]
    return None


def _proposal_before(found: list[Sentence], i: int) -> Sentence | None:
    """What "Let's do that" agrees to: a suggestion just before it, else the last statement."""
    before = [
        b
        for b in reversed(found[max(0, i - 4) : i])
        if (not b.is_question or _WE_COULD.match(b.text))
        and len(content_words(b.text)) >= 2
        and not _LOGISTICS.search(b.text)
    ]
    suggested = next((b for b in before if _SUGGESTS.search(b.text)), None)
    return suggested or (before[0] if before else None)


def _concluded(found: list[Sentence], i: int) -> bool:
    """Where a discussion landed, said as a conclusion: "(okay, so) we'll do X this sprint"."""
    s = found[i]
    interjection = _INTERJECTION.match(s.text)
    text = s.text[interjection.end() :] if interjection else s.text
    lead = f"{s.lead} {interjection[0].lower() if interjection else ''}"
    before = found[i - 1] if i else None
    if before is not None and before.speaker == s.speaker and before.is_backchannel:
        lead = f"{before.text.lower()} {lead}"  # "Okay. So we're not renewing it."
    if not _CONCLUSIVE_LEAD.search(lead) and not text.endswith(" then."):
        return False
    if _UNDECIDED_ANYWHERE.search(text):
        return False
    if _SETTLED.match(text):
        return bool(content_words(text))  # "Postgres it is."
    plan = _PLAN.search(text)
    if plan is None or len(content_words(text)) < 2:
        return False
    if _FUTURE.match(text[plan.end() - len(plan[0].lstrip(" ,;")) :]) and plan.start() == 0:
        return True  # "(so) we'll do the endpoint this sprint"
    # "We offer half a month", "we're not renewing": said as settled only after "okay, so".
    settled = re.search(r"\b(?:okay|ok|alright|fine|right)\b", lead) and re.search(
        r"\b(?:so|then)\b", lead
    )
    return bool(settled) and len(s.words) <= 20


def _after_agreeing(found: list[Sentence], i: int) -> bool:
    """ "Agreed. Let's rewrite it as a product designer role.": agreeing, then saying what."""
    s, before = found[i], found[i - 1] if i else None
    if before is None or before.speaker != s.speaker or not _AGREEMENT.match(before.text):
        return False
    return bool(_FUTURE.match(s.text)) and len(content_words(s.text)) >= 2


def _once_each(found: list[Sentence]) -> list[Sentence]:
    """ "Are we agreed the enterprise tier goes first?" "Agreed." "So we're going with the
    enterprise tier." is one decision: within a few sentences and about the same things, the
    later statement stands for both."""
    kept: list[Sentence] = []
    for s in found:
        words = {stem(w) for w in content_words(s.text)}
        if kept and s.index - kept[-1].index <= 4:
            before = {stem(w) for w in content_words(kept[-1].text)}
            if len(words & before) >= 2:
                kept[-1] = s
                continue
        kept.append(s)
    return kept


def _said_decided(text: str) -> int | None:
    """Where a decision is stated in `text`, or None when none is, or it is only weighed."""
    for match in _DECIDED.finditer(text):
        before = text[: match.start()]
        after = content_words(text[match.end() :])
        quoted = '"' in before or re.search(r"\b(?:said|told|says|email|wrote)\b", before, re.I)
        if not _UNDECIDED.search(before) and not _REPORTED.search(before) and not quoted and after:
            return match.start()
    return None


def _shortened(text: str, at: int) -> str:
    """A long sentence cut to the clause that holds the decision: from the clause boundary
    before it to the one after it, at most about 30 words."""
    if len(text.split()) <= _MAX_WORDS:
        return text
    starts = [0] + [b.end() for b in _CLAUSE_START.finditer(text) if b.end() <= at]
    start = starts[-1] if len(text[: starts[-1]].split()) > 0 else 0
    for boundary in _CLAUSE_END.finditer(text):
        if boundary.start() > at and len(text[start : boundary.start()].split()) >= 6:
            text = text[: boundary.start()].rstrip(" ,") + "."
            break
    clause = text[start:].strip()
    words = clause.split()
    if len(words) > _MAX_WORDS + 5:
        clause = " ".join(words[:_MAX_WORDS]).rstrip(" ,") + " ..."
    return clause[:1].upper() + clause[1:]


def _granted(found: list[Sentence], i: int) -> Sentence | None:
    """The question that "Yes, approved." answers, asked by someone else just before."""
    if not _GRANTED.match(found[i].text):
        return None
    for before in reversed(found[max(0, i - 2) : i]):
        if before.is_question and before.speaker != found[i].speaker:
            return before
    return None


def _agreed(found: list[Sentence], i: int, *, yes_will_do: bool = False) -> bool:
    """ "We should ship on Tuesday." "Agreed." A proposal becomes a decision when someone
    else agrees in so many words (a bare "yeah" is only listening); asked outright ("Are we all
    good with Postgres?"), a plain "yes" is the answer."""
    s = found[i]
    for reply in found[i + 1 : i + 4]:
        # Without speaker labels, who agreed is unknown; someone did.
        other = reply.speaker != s.speaker or reply.speaker is None
        if other and _AGREEMENT.match(reply.text):
            return True
        if yes_will_do and other and _YES.match(reply.text):
            return True
    return False


_YES = re.compile(r"^(?:yes|yeah|yep|yup|sure|of course|totally|for sure)\b[.!,]?", re.IGNORECASE)
