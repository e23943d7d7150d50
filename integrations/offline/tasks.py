"""How a task is written down, and which things people say they will do are tasks.

"I'll send the deck by Friday" is a task; "I'll share my screen", "I'll go first" or "I'll
mention something today" happen during the call and are not.
"""

from __future__ import annotations

import re

from integrations.offline.rank import stem
from integrations.offline.text import content_words

# Verbs of work done after a meeting. Light verbs ("make", "get", "take", "put") say too
# little alone: with them a task needs a due date.
WORK = frozenset(
    """send email mail forward write draft update fix check look follow review prepare schedule
    book talk ask reach call contact test investigate find figure file create finish clean
    merge deploy ship document order sync circulate work handle organise organize arrange
    research compile add remove build design implement confirm sort chase coordinate post
    upload publish submit collect gather finalize finalise summarize summarise type loop ping
    message share dig own pick write-up double-check
    rewrite refactor migrate estimate price draw sketch
    mock benchmark measure profile debug patch release announce invite bring buy pull
    grab""".split()
)
IN_MEETING = re.compile(
    r"\b(?:now|right now|here|in a (?:second|sec|minute|moment|bit)|quickly|real quick|"
    r"(?:i'll|me|i|let me|you) (?:\w+ )?first|"
    r"at the end|for a second|this meeting|my screen|the screen|the whiteboard|"
    r"go (?:first|ahead|next|back|over)|start (?:off|with)|hand (?:it )?over(?= to)|"
    r"pass (?:it )?on|"
    r"take (?:the )?minutes|move on|wrap (?:it )?up|try (?:and|to) remember|repeat|"
    r"(?:your|my) mouth|microphone|headset|tell us|walk us through|show us|introduce)\b",
    re.IGNORECASE,
)
# What "I need to ..." commits to when it is a task: following something up.
FOLLOW_UP = frozenset(
    "check confirm ask find follow send email talk look review update chase call ping sync "
    "verify circle reach loop".split()
)
LEAD_ADVERBS = re.compile(
    r"^(?:(?:also|just|then|go ahead and|quickly|try to|try and|like to|mind|definitely|"
    r"probably|actually|still|have to|need to|got to)\s+)+",
    re.IGNORECASE,
)
# Saying something is not a task, even "today": "I'll mention something today".
_TALK = frozenset("mention say show explain describe read repeat introduce cover present".split())
_TASK_END = re.compile(
    r"(?:,?\s+(?:because|since|so that|but|although|if you|unless|okay|right)\b|"
    r"[,;]\s+(?:and )?then\b).*$",
    re.I,
)
_MAX_TASK_WORDS = 18
_LIGHT = frozenset("do take get grab set".split())
# A light verb and the thing it is done to, up to where the sentence goes on.
_THING = re.compile(
    r"^\w+(?: up| together)? (?:the|a|an|our|my|some|all the|all of the) (?P<thing>[\w' -]+?)"
    r"(?=$|,|\s(?:if|so|and|but|because|since|which|that|it|it's|when)\b)",
    re.IGNORECASE,
)
# Work said with a light verb and a particle: "take care of", "put together", "make sure".
_PHRASAL_WORK = re.compile(
    r"(?:hand (?:over|off)|take care of|put together|pull together|make sure|set up|sort out|"
    r"get (?:\w+ )?(?:over )?to (?:him|her|them|you|\w+)|reach out|circle back|line up|"
    r"take over|figure out|work out|nail down|write up|clean up|put (?:\w+ ){0,3}up\b|"
    r"(?:go|get|come) back to (?!you\b|us\b)\w+|bring (?:\w+ ){0,3}up with|"
    r"raise (?:\w+ ){0,3}with|flag (?:\w+ ){0,3}(?:to|with)|"
    r"put (?:\w+ ){1,4}(?:in|on|into) (?:the|our|a) (?:backlog|board|calendar|doc|ticket|roadmap|"
    r"tracker|sheet|jira)|"
    r"(?:tell|inform|warn|notify|break the news to|give (?:\w+ )?a heads[- ]up)"
    r" (?!you\b|us\b|everyone\b|y'all\b)\w+)\b",
    re.IGNORECASE,
)
_MEETING_THINGS = frozenset("slides slide agenda minutes meeting meetings".split())
_NOT_THINGS = frozenset("best chance look note notes rest break call seat minute moment".split())


def during_call(text: str) -> bool:
    """ "I'll share my screen now" happens in the call; "leave deletion open for now" and "ask
    Stefan who owns it now" do not: what a task asks about is not when it is done."""
    text = re.sub(r"\b(?:for|until|by) now\b", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:who|what|where|whether|if|how)\b.*$", " ", text, flags=re.IGNORECASE)
    return IN_MEETING.search(text) is not None


def written(task: str, *, said_due: str | None) -> str:
    """A task as a note-taker writes it: no due date (that has its own field), no "please",
    no trailing "because ...", no "you" it was said to, a verb first, at most 18 words."""
    if said_due is not None:
        task = task.replace(said_due, " ")
    task = _TASK_END.sub("", task)
    task = re.split(r"\bI(?:'ll| will)\b", task)[0]  # "put it I'll put them there"
    task = re.sub(
        r"\b(?:please|for me|as well|too|as soon as possible|asap)\b", " ", task, flags=re.I
    )
    task = from_gerund(LEAD_ADVERBS.sub("", task.strip()))
    task = re.sub(
        r"\s+(?:to |with )?(?:you guys|you all|everyone|everybody|y'all|you)\b(?=\s|$)", " ", task
    )
    words = re.sub(r"\s+", " ", task).strip(" ,.?!-").split()
    text = " ".join(words[:_MAX_TASK_WORDS])
    return text[:1].upper() + text[1:]


def from_gerund(task: str) -> str:
    """ "(would you mind) sending the proposal" -> "send the proposal"."""
    verb, _, rest = task.partition(" ")
    if not verb.endswith("ing") or len(verb) < 6:
        return task
    stem = verb[:-3]
    for base in (stem, stem + "e", stem[:-1]):
        if base.lower() in WORK:
            return f"{base} {rest}".strip()
    return task


def base_form(task: str) -> str:
    """ "fixes the bug" -> "fix the bug", as the task is written."""
    verb, _, rest = task.partition(" ")
    if re.search(r"(?:ch|sh|x|ss|z)es$", verb):
        verb = verb[:-2]
    elif verb.endswith("ies"):
        verb = verb[:-3] + "y"
    elif verb.endswith("s") and not verb.endswith("ss"):
        verb = verb[:-1]
    return f"{verb} {rest}".strip()


def after_meeting(task: str, due: tuple[str, str] | None) -> bool:
    """ "I'll send the deck" is a task for later; "I'll go first" or "I'll be honest" is not."""
    task = LEAD_ADVERBS.sub("", task)
    if during_call(task) or re.match(r"talk(?: \w+)? about\b", task, re.IGNORECASE):
        return False
    verb = task.split()[0].lower() if task.split() else ""
    objects = [w for w in content_words(task) if w not in {verb, "sure", "look", "check"}]
    # Things the word lists treat as talk about the call are still things to work on later.
    objects += [w for w in re.findall(r"[a-z]+", task.lower()) if w in _MEETING_THINGS]
    if verb in _TALK:
        # "I'll mention it to your manager" is done later; "I'll mention something" is now.
        told = re.match(r"\w+ (?:\w+ )?to (?:your|my|the|his|her|their|our|[A-Z])", task)
        return told is not None and bool(objects)
    if due is not None:
        return bool(objects)  # "Do that so" says nothing, even by the next meeting
    named = re.search(r"\s[A-Z][a-z]+\b", task) is not None  # "ask Mark"
    if verb in _LIGHT and (thing := _THING.match(task)):
        # "I can do the reference calls", "I'll take the endpoint": a light verb and a thing.
        return bool(content_words(thing["thing"])) and not set(thing["thing"].split()) & _NOT_THINGS
    if _PHRASAL_WORK.match(task):
        return bool(objects)  # "hand over the on-call notes", "take care of the invoices"
    return verb in WORK and bool(objects) and (len(task.split()) >= 3 or named)


def names_work(task: str) -> bool:
    """ "Fix them", "take care of it": a verb of work, whatever it is done to."""
    verb = task.split()[0].lower() if task.split() else ""
    return verb in WORK or _PHRASAL_WORK.match(task) is not None


def similar(a: str, b: str) -> bool:
    x, y = ({re.sub(r"(?:ed|ing|e)$", "", stem(w)) for w in content_words(t)} for t in (a, b))
    if not x or not y:
        return False
    return len(x & y) / min(len(x), len(y)) >= 0.6
