"""Meetings as speaker-labelled Whisper segments, written for the tests: a standup with
"um"s and cross-talk and a recap, a sales pipeline review with first names only, and an outage
retro with action items read out at the end."""

from __future__ import annotations

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
