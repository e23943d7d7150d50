"""Meetings as Whisper segments, written for the tests: a standup with "um"s, cross-talk and
a recap, a sales pipeline review with first names only, an outage retro with action items read
out at the end, a campaign planning call, a one-to-one, and a sync with no speaker labels at all
where names are only said."""

from __future__ import annotations

from core.domain import Segment, Transcript
from tests.integrations.offline.meetings import Expected, labelled

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

PIPELINE = labelled(
    "Omar: Alright, let's kick off. Pipeline review, we've got three deals to go through.",
    "Jess: Cool.",
    "Omar: First one is Acme. They came back asking for a bigger discount on the annual plan.",
    "Kwame: Yeah, they want twenty percent, we offered ten.",
    "Jess: I mean, honestly, fifteen is where I'd land. They're a reference customer.",
    "Omar: Okay. So final call: we're offering fifteen percent to Acme, no more.",
    "Kwame: Works for me.",
    "Omar: Jess, would you mind sending the revised proposal to Acme by Tuesday?",
    "Jess: Yep, on it.",
    "Omar: Does anyone know if Acme's budget for next year actually got approved?",
    "Kwame: Not yet, no idea honestly.",
    "Omar: Okay. Second one, Globex. Kwame?",
    "Kwame: Globex is, um, stuck in procurement. I need to check with their legal team about "
    "the data residency clause by Thursday.",
    "Omar: Got it. And Kwame's going to update the forecast before the board meeting, right?",
    "Kwame: Yes, I'll have the forecast updated before the board meeting.",
    "Jess: Um, and for Initech, we haven't figured out the pricing for the pilot yet.",
    "Omar: Right, that's still open. Let's, uh, revisit it next week.",
    "Jess: I'll circle back with their CTO end of day.",
    "Omar: Great, thanks all.",
)
PIPELINE_EXPECTED = Expected(
    decisions=[["fifteen percent", "Acme"]],
    actions=[
        ("Jess", "Tuesday", ["proposal", "Acme"]),
        ("Kwame", "Thursday", ["legal"]),
        ("Kwame", "board meeting", ["forecast"]),
        ("Jess", "end of day", ["CTO"]),
    ],
    questions=[["Acme", "budget"], ["pricing", "pilot"]],
)

RETRO = labelled(
    "Mia Jones: Okay so this is the retro for the outage last Thursday.",
    "Leo Park: Mm-hmm.",
    "Mia Jones: The short version is the cache expired early and the origin got hammered for "
    "about forty minutes.",
    "Ravi Das: And we never found out why the cache expired early, right?",
    "Mia Jones: Right. What's still unclear is whether the CDN config change caused it.",
    "Leo Park: The other thing is the flaky integration test masked the alert, the alert fired "
    "but everyone assumed it was the flaky test again.",
    "Mia Jones: Yeah. Let's make sure someone owns the flaky test.",
    "Ravi Das: I can own that.",
    "Leo Park: Can we agree to freeze merges on Fridays until the test is fixed?",
    "Mia Jones: Yeah, agreed.",
    "Ravi Das: Fine by me.",
    "Mia Jones: Okay so action items. Leo to write the postmortem by Monday, and Mia, that's "
    "me, I'll add a second alert on origin load.",
    "Leo Park: And Ravi, can you dig into the CDN logs for that window?",
    "Ravi Das: Yeah, I'll do it tomorrow.",
    "Mia Jones: Great. Anything else? No? Okay, thanks everyone.",
)
RETRO_EXPECTED = Expected(
    decisions=[["freeze merges", "Fridays"]],
    actions=[
        ("Ravi Das", None, ["flaky test"]),
        ("Leo Park", "Monday", ["postmortem"]),
        ("Mia Jones", None, ["alert"]),
        ("Ravi Das", "tomorrow", ["CDN logs"]),
    ],
    questions=[["cache expired early"], ["CDN config"]],
)

CAMPAIGN = labelled(
    "Hannah Weiss: Okay, so the spring campaign. We have six weeks until launch.",
    "Diego Alvarez: Yeah. So, um, the big question from last time was the channel mix.",
    "Yuki Tanaka: Right, paid social versus the newsletter partnerships.",
    "Hannah Weiss: I looked at the numbers again and the newsletter partnerships had, like, "
    "half the cost per signup.",
    "Diego Alvarez: Mm-hmm.",
    "Hannah Weiss: So I'd put most of the budget there. Seventy percent partnerships, thirty "
    "percent paid social.",
    "Yuki Tanaka: I'm fine with that.",
    "Diego Alvarez: Same. Let's do seventy thirty.",
    "Hannah Weiss: Great. Yuki, you're on the partner outreach, can you have the shortlist of "
    "newsletters by next Friday?",
    "Yuki Tanaka: Yes, I'll send it over by Friday.",
    "Diego Alvarez: I'll draft the ad copy variants this week and share them in the doc.",
    "Hannah Weiss: One thing we haven't settled is whether we do a discount code or a free month.",
    "Yuki Tanaka: Honestly I don't know which converts better for us.",
    "Hannah Weiss: Okay, Diego, could you pull last year's promo data so we can compare?",
    "Diego Alvarez: Sure, by Wednesday.",
    "Yuki Tanaka: Also, who's signing off on the creative, is it still legal or just brand?",
    "Hannah Weiss: Hmm, not sure anymore since the reorg. I'll ask Mark.",
    "Hannah Weiss: Alright, that's it, thanks both.",
)
CAMPAIGN_EXPECTED = Expected(
    decisions=[["seventy"]],
    actions=[
        ("Yuki Tanaka", "next Friday", ["shortlist"]),
        ("Diego Alvarez", "this week", ["ad copy"]),
        ("Diego Alvarez", "Wednesday", ["promo data"]),
        ("Hannah Weiss", None, ["Mark"]),
    ],
    questions=[["discount code", "free month"], ["signing off", "creative"]],
)

ONE_ON_ONE = labelled(
    "Chris: How's the onboarding project going?",
    "Pat: Pretty well. The new checklist is live and the first two hires used it.",
    "Chris: Nice. Any blockers?",
    "Pat: The laptop provisioning is still slow, it took IT four days last time.",
    "Chris: Ugh. I'll raise that with the IT lead on Thursday.",
    "Pat: Thanks. Also, I wanted to ask about the conference in May.",
    "Chris: Sure, go ahead.",
    "Pat: Can I go? It's about two thousand dollars with travel.",
    "Chris: Yes, approved. Just send me the budget request by the end of the month.",
    "Pat: Will do.",
    "Chris: And we should figure out who covers your on-call shifts that week.",
    "Pat: Yeah, I'm not sure who's free yet.",
    "Chris: Okay, we'll sort it out later.",
)
ONE_ON_ONE_EXPECTED = Expected(
    decisions=[["approved"]],
    actions=[("Chris", "Thursday", ["IT lead"]), ("Pat", "end of the month", ["budget request"])],
    questions=[["on-call"]],
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
