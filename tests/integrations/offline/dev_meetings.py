"""The development set: meetings written after the first ten, before the rules were changed for
them, with what a note-taker wrote down for each. The rules were improved while looking at
these, so the figure on them is not a held-out figure (see held_out.py for that).

An engineering standup, a sales pipeline review, a design review exported from Google Meet, a
hiring debrief as a Zoom WebVTT file, an incident review as a Teams WebVTT file, a one-to-one, a
planning call with cross-talk and false starts, and a marketing sync with no speaker labels."""

from __future__ import annotations

from pathlib import Path

from tests.integrations.offline.meetings import Expected, Meeting, from_file, labelled, spoken

STANDUP = labelled(
    "Grace Liu: Morning. Uh, let's, let's just go around. Tomás, you wanna start?",
    "Tomás Rivera: Yeah sure. So yesterday I was, um, mostly on the push notification thing. The, "
    "uh, the token refresh. It's, it's merged now.",
    "Grace Liu: Nice.",
    "Tomás Rivera: Today I'm gonna start on the deep links, unless something's on fire.",
    "Grace Liu: Okay. Um, actually something kind of is. Did everyone see the crash report from "
    "last night?",
    "Aisha Bello: The Android 14 one?",
    "Grace Liu: Yeah. It's like four percent of sessions on Android fourteen crashing on launch.",
    "Tomás Rivera: Oof.",
    "Aisha Bello: I think it's the, the new splash screen API. We bumped the target SDK last week.",
    "Grace Liu: Could be. Somebody needs to dig into the crash today though, it's our top crash.",
    "Aisha Bello: I can take that. I was the one who bumped the SDK anyway, so, yeah, that's on "
    "me.",
    "Grace Liu: Thanks Aisha. Can you post an update in the channel by end of day?",
    "Aisha Bello: Yep.",
    "Grace Liu: Okay. Ken?",
    "Ken Watanabe: Uh, yeah. So I'm, I'm still on the, the payments screen redesign. I've got the, "
    "um, the new card form working but the Apple Pay button is, is being weird on iPads.",
    "Grace Liu: Weird how?",
    "Ken Watanabe: It just doesn't render in split view. I have no idea why yet.",
    "Tomás Rivera: Is that, is that a known thing? Like an Apple bug?",
    "Ken Watanabe: Maybe. I, I haven't found anything.",
    "Grace Liu: Okay. Let me look into whether we even support split view officially, I honestly "
    "don't remember.",
    "Ken Watanabe: Cool.",
    "Grace Liu: And the release. So, the release cut is Thursday. Do we hold it for the crash fix "
    "or ship what we have?",
    "Tomás Rivera: I mean, I'd rather hold. Shipping with a four percent crash rate is, like, not "
    "great.",
    "Ken Watanabe: Yeah, hold it.",
    "Grace Liu: Okay, so the plan is we hold the release until the Android crash is fixed, and we "
    "cut on Monday instead.",
    "Aisha Bello: Makes sense.",
    "Grace Liu: Ken, could you update the release notes for the payments screen before Monday, so "
    "they're ready when we cut?",
    "Ken Watanabe: Uh, yeah, I'll get that done.",
    "Tomás Rivera: Oh, one more thing. Does anyone know if App Store review is still taking like "
    "three days? Because if we cut Monday",
    "Grace Liu: No idea, honestly. It was two days last time.",
    "Aisha Bello: It varies a lot.",
    "Tomás Rivera: Okay so we still don't know whether we'd make the marketing date on the "
    "twentieth.",
    "Grace Liu: Yeah. I'll check with Hannah in marketing and get back to you.",
    "Tomás Rivera: Thanks.",
    "Grace Liu: Alright, anything else? No? Okay, thanks all.",
)
STANDUP_EXPECTED = Expected(
    decisions=[["hold", "release"]],
    actions=[
        ("Aisha Bello", "today", ["crash"]),
        ("Aisha Bello", "end of day", ["update"]),
        ("Grace Liu", None, ["split view"]),
        ("Ken Watanabe", "Monday", ["release notes"]),
        ("Grace Liu", None, ["Hannah"]),
    ],
    questions=[["App Store review"], ["marketing date"]],
)

PIPELINE = labelled(
    "Rachel Adams: Okay, we're at time, let's jump in. Forecast call. Um, Derek, you've got the "
    "big ones this quarter so why don't you start.",
    "Derek Moss: Yeah. So, Northwind. They're, uh, they're verbally committed, three hundred "
    "seats, but procurement wants net ninety payment terms.",
    "Rachel Adams: Net ninety. Hmm.",
    "Derek Moss: Yeah, which we, we normally don't do.",
    "Lucia Fernández: Finance will push back hard on that. Last time it took, like, two weeks to "
    "get an exception.",
    "Derek Moss: Right, so I was thinking we offer net sixty and throw in the onboarding package.",
    "Rachel Adams: I like that. Net sixty plus onboarding. Let's do that.",
    "Lucia Fernández: Works for me.",
    "Derek Moss: Cool. I'll send them the revised order form tomorrow.",
    "Rachel Adams: Great. And, uh, what's the close date looking like?",
    "Derek Moss: They said end of the month but, you know, procurement.",
    "Rachel Adams: Yeah. Okay. Commit or best case?",
    "Derek Moss: I'd put it in commit.",
    "Rachel Adams: Okay, Northwind goes in commit. Lucia, what about Contoso?",
    "Lucia Fernández: Contoso is, um, it's messy. Their champion left. Like, last week, she just "
    "left the company.",
    "Derek Moss: Oh no.",
    "Lucia Fernández: Yeah. So right now I don't even know who the decision maker is over there.",
    "Rachel Adams: Do we know anyone else in their IT org?",
    "Lucia Fernández: Not really. There's a guy from the security review, Pete something.",
    "Rachel Adams: Okay. Can you try to get a meeting with Pete this week, see where things stand?",
    "Lucia Fernández: Yeah, I'll reach out to him today.",
    "Rachel Adams: And let's move Contoso to best case for now.",
    "Derek Moss: Yeah, agreed.",
    "Rachel Adams: Then, uh, Fabrikam. That's mine. They want a security questionnaire filled "
    "out, it's like two hundred questions.",
    "Lucia Fernández: Ugh.",
    "Rachel Adams: Does anyone know if we have a, like, a standard answer doc somewhere? A SOC 2 "
    "thing?",
    "Derek Moss: I think security has one but I'm not sure it's up to date.",
    "Rachel Adams: Okay, I'll ask Omar on the security team.",
    "Lucia Fernández: Oh and, uh, the pricing page. Are we still raising prices in April or is "
    "that off?",
    "Rachel Adams: That's still being decided. I'll know more after the leadership offsite.",
    "Derek Moss: Because if it's happening I'd want to pull deals forward.",
    "Rachel Adams: Yep, makes sense. Alright, anything else? Okay. Derek, can you get the "
    "forecast updated in Salesforce by Thursday noon?",
    "Derek Moss: Will do.",
    "Rachel Adams: Thanks guys.",
)
PIPELINE_EXPECTED = Expected(
    decisions=[["net sixty"], ["Northwind", "commit"], ["Contoso", "best case"]],
    actions=[
        ("Derek Moss", "tomorrow", ["order form"]),
        ("Lucia Fernández", "today", ["Pete"]),
        ("Rachel Adams", None, ["Omar"]),
        ("Derek Moss", "Thursday noon", ["forecast"]),
    ],
    questions=[["decision maker"], ["standard answer doc"], ["raising prices", "April"]],
)

DESIGN_REVIEW = """Checkout redesign review - Transcript
Attendees
Elena Novak, Marco Bianchi, Priya Raman, Sven Olsen
Transcript
This editable transcript was computer generated and might contain errors. People can also \
change the text after it was created.
00:00:00
Elena Novak: Okay, hi everyone, so I'll just, I'll put the Figma up. Can you see it?
Marco Bianchi: Yep, we see it.
Elena Novak: Cool. So this is round two of the checkout. The big change since last time is \
we collapsed shipping and billing into one step.
Priya Raman: Oh nice.
Elena Novak: And, um, we moved the promo code field down, under the total, because in the \
testing people were leaving to go hunt for codes.
Sven Olsen: That's, yeah, that's a known thing. Promo fields kill conversion.
Marco Bianchi: How many people did you test with?
Elena Novak: Eight. Five on mobile, three desktop.
Marco Bianchi: Okay. Small, but okay.
00:04:12
Priya Raman: My one worry is the address autocomplete. On the, the single step, if \
autocomplete fails there's like no room for the manual fields.
Elena Novak: Yeah, that's fair. I haven't designed the failure state.
Priya Raman: Can you mock that up?
Elena Novak: Yeah, I'll do the error and manual entry states by Wednesday.
Sven Olsen: And what about guest checkout? Are we keeping it?
Elena Novak: I, I assumed yes.
Marco Bianchi: Product wanted to kill guest checkout to get more accounts, I think. I don't \
know if that's still the plan.
Sven Olsen: It'd be a big conversion hit though.
Marco Bianchi: Yeah. I'll ask Dana, she owns that decision.
00:09:30
Elena Novak: Okay. Then the button. We tested "Place order" versus "Pay now".
Sven Olsen: And?
Elena Novak: Pay now was slightly better but it's eight people, so, like, it's noise.
Priya Raman: Let's just go with Place order then, it's what we have in the app too, it's \
consistent.
Sven Olsen: Sure, fine by me.
Marco Bianchi: Yeah.
Elena Novak: Okay, Place order it is.
00:12:05
Sven Olsen: One thing engineering needs to know is whether the one-step layout works with the \
tax service. Tax is calculated after the address, right?
Priya Raman: Right, and it's slow, like a second and a half sometimes.
Sven Olsen: So we'd need a loading state on the total.
Elena Novak: I can add that.
Sven Olsen: And I'll check with the payments team if they can cache the tax call.
Marco Bianchi: When do we want to ship this?
Elena Novak: We said end of Q2.
Marco Bianchi: Okay, then we should decide on the guest checkout thing soon, because that \
changes the whole flow.
Elena Novak: Yeah. Okay, so I'll send around the updated file once the error states are in. \
Thanks everyone.
Meeting ended after 00:15:48 👋
"""
DESIGN_REVIEW_EXPECTED = Expected(
    decisions=[["Place order"]],
    actions=[
        ("Elena Novak", "Wednesday", ["error"]),
        ("Marco Bianchi", None, ["Dana"]),
        ("Elena Novak", None, ["loading state"]),
        ("Sven Olsen", None, ["tax"]),
        ("Elena Novak", None, ["updated file"]),
    ],
    questions=[["guest checkout"], ["tax service"]],
)

HIRING_DEBRIEF = """WEBVTT

1
00:00:02.000 --> 00:00:07.500
Maya Goldberg: Okay, so this is the debrief for Jordan Price, the senior backend candidate.

2
00:00:08.000 --> 00:00:13.000
Maya Goldberg: Um, let's do the usual, everyone says hire or no hire first, then we discuss.

3
00:00:13.500 --> 00:00:15.000
Felix Wagner: Sure.

4
00:00:15.500 --> 00:00:22.000
Felix Wagner: So I had the system design. I'm a, I'm a hire. Strong hire, actually. The, uh, \
the rate limiter design was really solid,

5
00:00:22.500 --> 00:00:23.200
Maya Goldberg: Mm-hmm.

6
00:00:23.500 --> 00:00:29.000
Felix Wagner: he talked about the trade-offs without me prompting, sliding window versus token \
bucket, all of it.

7
00:00:29.500 --> 00:00:36.000
Nadia Haddad: I'm a, um, I'm a lean hire. The coding was fine, he got to a working solution, \
but it was slow, and he didn't write any tests.

8
00:00:36.500 --> 00:00:41.000
Owen Clarke: I had the culture one. Hire. He was great with the conflict questions.

9
00:00:41.500 --> 00:00:48.000
Maya Goldberg: Okay. So, mostly positive. Nadia, the testing thing, is that a, is that a \
dealbreaker for you?

10
00:00:48.500 --> 00:00:55.000
Nadia Haddad: Not a dealbreaker. I just, I don't know if he's ever worked somewhere with real \
code review culture.

11
00:00:55.500 --> 00:01:00.000
Felix Wagner: His last two jobs were startups, so, maybe not.

12
00:01:00.500 --> 00:01:06.000
Maya Goldberg: Okay. We could check that in references. Owen, you're doing references, right?

13
00:01:06.500 --> 00:01:12.000
Owen Clarke: Yeah, I can do the reference calls, and I'll ask specifically about code review \
and testing.

14
00:01:12.500 --> 00:01:15.000
Maya Goldberg: Great, ideally before Friday.

15
00:01:15.500 --> 00:01:17.000
Owen Clarke: Yep, should be fine.

16
00:01:17.500 --> 00:01:25.000
Maya Goldberg: Okay. So I think the call is we move forward with an offer, pending references.

17
00:01:25.500 --> 00:01:26.500
Felix Wagner: Agreed.

18
00:01:27.000 --> 00:01:28.000
Nadia Haddad: Yeah, I'm okay with that.

19
00:01:28.500 --> 00:01:36.000
Maya Goldberg: And, level. Senior or staff? He asked about staff in the recruiter screen.

20
00:01:36.500 --> 00:01:43.000
Felix Wagner: Honestly I'm not sure he's staff yet. The design was great but staff is also \
about, like, influence.

21
00:01:43.500 --> 00:01:48.000
Owen Clarke: I'd say senior, and we revisit at the first review cycle.

22
00:01:48.500 --> 00:01:52.000
Maya Goldberg: Yeah, let's go with senior.

23
00:01:52.500 --> 00:01:58.000
Nadia Haddad: What's the comp band for senior right now? Did that change with the new \
levels?

24
00:01:58.500 --> 00:02:04.000
Maya Goldberg: I'm not sure, the new bands aren't published yet. I'll get the numbers from \
HR before we make the offer.

25
00:02:04.500 --> 00:02:10.000
Felix Wagner: And someone should tell the recruiter he's a strong candidate, he has another \
offer I think.

26
00:02:10.500 --> 00:02:14.000
Maya Goldberg: Yeah, I'll ping Lauren after this.

27
00:02:14.500 --> 00:02:17.000
Maya Goldberg: Okay, that's it. Thanks everyone.
"""
HIRING_EXPECTED = Expected(
    decisions=[["offer"], ["senior"]],
    actions=[
        ("Owen Clarke", "Friday", ["reference"]),
        ("Maya Goldberg", None, ["HR"]),
        ("Maya Goldberg", None, ["Lauren"]),
    ],
    questions=[["code review"], ["comp band"]],
)

INCIDENT_REVIEW = """WEBVTT

00:00:00.000 --> 00:00:06.000
<v Hiro Sato>Alright, so this is the review for Tuesday's incident, the one where login was \
down for, what, fifty minutes?</v>

00:00:06.500 --> 00:00:08.000
<v Beatriz Costa>Fifty-two.</v>

00:00:08.500 --> 00:00:16.000
<v Hiro Sato>Fifty-two. Okay. Beatriz, you were on call, can you walk us through the timeline?</v>

00:00:16.500 --> 00:00:27.000
<v Beatriz Costa>Sure. So at 2:14 the identity service started returning 500s. The page went \
out at 2:19. I, um, I acked it at 2:21 and at first I thought it was the database.</v>

00:00:27.500 --> 00:00:36.000
<v Beatriz Costa>It wasn't. It turned out the certificate for the internal token signer had \
expired. Nobody got a warning.</v>

00:00:36.500 --> 00:00:38.000
<v Kofi Mensah>Wow.</v>

00:00:38.500 --> 00:00:45.000
<v Hiro Sato>So the cert expiry alert, we had one, right? Why didn't it fire?</v>

00:00:45.500 --> 00:00:53.000
<v Kofi Mensah>We had one for the public certs. The internal ones aren't monitored at all. \
That's, yeah, that's a gap.</v>

00:00:53.500 --> 00:01:00.000
<v Hiro Sato>Okay. So we need monitoring on every internal cert. Kofi, is that something \
your team can own?</v>

00:01:00.500 --> 00:01:07.000
<v Kofi Mensah>Yeah, we'll own it. I'll get expiry alerts on all internal certs by the end \
of next week.</v>

00:01:07.500 --> 00:01:15.000
<v Beatriz Costa>The other thing that slowed us down was the runbook. It still said to restart \
the pods, which did nothing.</v>

00:01:15.500 --> 00:01:20.000
<v Hiro Sato>Can you update the runbook while it's fresh?</v>

00:01:20.500 --> 00:01:23.000
<v Beatriz Costa>Yep, I'll do it tomorrow.</v>

00:01:23.500 --> 00:01:33.000
<v Kofi Mensah>Longer term, I think we should move the internal certs to automatic rotation. \
Like, cert-manager, same as the public ones.</v>

00:01:33.500 --> 00:01:36.000
<v Hiro Sato>Yeah, I'm in favor.</v>

00:01:36.500 --> 00:01:38.000
<v Beatriz Costa>Same, let's do it.</v>

00:01:38.500 --> 00:01:45.000
<v Hiro Sato>Okay, so decision: internal certs move to automatic rotation with cert-manager.</v>

00:01:45.500 --> 00:01:53.000
<v Beatriz Costa>Are there other services using the same signer? I honestly don't know.</v>

00:01:53.500 --> 00:02:00.000
<v Kofi Mensah>Not sure. Billing might. We'd have to audit it.</v>

00:02:00.500 --> 00:02:06.000
<v Hiro Sato>Okay, I'll do the audit of what uses the signer, and I'll write the postmortem by \
Friday.</v>

00:02:06.500 --> 00:02:14.000
<v Kofi Mensah>Do we need to tell customers? Some of the enterprise ones have an SLA on login.</v>

00:02:14.500 --> 00:02:20.000
<v Hiro Sato>Good point. We still need to figure out whether this counts as an SLA breach.</v>

00:02:20.500 --> 00:02:23.000
<v Hiro Sato>Okay. Thanks everyone.</v>
"""
INCIDENT_EXPECTED = Expected(
    decisions=[["automatic rotation"]],
    actions=[
        ("Kofi Mensah", "end of next week", ["alerts"]),
        ("Beatriz Costa", "tomorrow", ["runbook"]),
        ("Hiro Sato", None, ["audit"]),
        ("Hiro Sato", "Friday", ["postmortem"]),
    ],
    questions=[["other services", "signer"], ["SLA breach"]],
)

ONE_ON_ONE = labelled(
    "Nora: Hey, how's it going? How was the long weekend?",
    "Ibrahim: Good, good. We went up to the lake. Bit cold though.",
    "Nora: Nice. Okay, so, um, I had a couple of things, but you go first.",
    "Ibrahim: Yeah, so, uh, the main thing is the on-call load. It's been, like, three pages a "
    "night last week, and I'm kind of burnt out.",
    "Nora: Yeah, I saw that. That's way too much.",
    "Ibrahim: Most of them are the flaky disk alert on the batch hosts. It's not even actionable.",
    "Nora: Okay. Let me talk to Viktor about tuning that alert, his team owns it.",
    "Ibrahim: That'd be great.",
    "Nora: And honestly if it keeps going, we can take you off the rotation next week.",
    "Ibrahim: Hmm, I'd rather not, it's, it's fine if the alert gets fixed.",
    "Nora: Okay, your call. Second thing, the promotion. So, the committee meets in June.",
    "Ibrahim: Right.",
    "Nora: I think your packet is strong but it's missing, uh, the cross-team stuff. Like, the "
    "data pipeline migration, you led that but it's not written up anywhere.",
    "Ibrahim: Yeah, I never did a write-up.",
    "Nora: Could you write that up? Like, a one-pager, by the end of the month, that would "
    "really help.",
    "Ibrahim: Yeah, I can do that.",
    "Nora: Cool. And I'll ask Sandra for peer feedback, she worked with you on it.",
    "Ibrahim: Thanks. Oh, um, one question. Is the conference budget still frozen? I wanted to "
    "go to KubeCon.",
    "Nora: I actually don't know. I heard it might open up in Q3, but nobody's said anything "
    "official.",
    "Ibrahim: Okay.",
    "Nora: I'll find out and let you know.",
    "Ibrahim: Cool, that's all from me.",
)
ONE_ON_ONE_EXPECTED = Expected(
    decisions=[],
    actions=[
        ("Nora", None, ["Viktor"]),
        ("Ibrahim", "end of the month", ["one-pager"]),
        ("Nora", None, ["Sandra"]),
        ("Nora", None, ["find out"]),
    ],
    questions=[["conference budget"]],
)

PLANNING = labelled(
    "Chloe Martin: Okay, um, can we, can we get started? Sprint planning. Is Arjun here?",
    "Arjun Patel: Yeah, I'm here, sorry, my camera's off.",
    "Chloe Martin: No worries. So, um, we've got, what, thirty-two points of capacity this "
    "sprint because Ben's out.",
    "Ben Wright: Yeah, I'm out Thursday and Friday. Sorry.",
    "Chloe Martin: All good. So the, the top of the backlog is the search filters.",
    "Arjun Patel: Which, I mean, that's, that's like thirteen points on its own,",
    "Sofía Cruz: It's more, honestly. The back end isn't",
    "Arjun Patel: the back end part, yeah.",
    "Sofía Cruz: Yeah, the back end isn't ready at all. We don't have the facets endpoint.",
    "Chloe Martin: Okay. So, wait, do we, should we split it? Front end this sprint, back end "
    "next?",
    "Sofía Cruz: No, other way around. Back end first, otherwise the front end has nothing to "
    "call.",
    "Arjun Patel: Yeah, back end first makes more sense.",
    "Chloe Martin: Okay, so we'll do the facets endpoint this sprint and the filter UI next "
    "sprint.",
    "Ben Wright: Yep.",
    "Sofía Cruz: I can take the endpoint. I, I wrote most of the search service anyway.",
    "Chloe Martin: Great. Then the, uh, the CSV import bug.",
    "Ben Wright: That one's nasty. It's the, the encoding thing, files from Excel on Windows.",
    "Arjun Patel: Is it, is it just UTF-16 or also the, the old code pages?",
    "Ben Wright: I don't, I don't know yet. Probably both.",
    "Chloe Martin: Can someone pick that up?",
    "Arjun Patel: Uh, I'll take it.",
    "Chloe Martin: Thanks Arjun. Is that, like, doable by Wednesday? Support has three customers "
    "waiting on it.",
    "Arjun Patel: Wednesday should work, yeah.",
    "Chloe Martin: Okay. And then, um, the tech debt item, the logging cleanup.",
    "Sofía Cruz: Can we, can we punt that? We don't have room.",
    "Ben Wright: Yeah, punt it.",
    "Chloe Martin: Yeah, okay, logging cleanup moves to next sprint.",
    "Arjun Patel: Oh, wait, what about the design for the filters? Is that, is that final?",
    "Chloe Martin: Uh, I think Elena's still iterating. We still don't know if it's going to be a "
    "sidebar or a dropdown.",
    "Arjun Patel: Okay because that affects the endpoint, sort of.",
    "Sofía Cruz: Does it? The endpoint's the same either way, I think.",
    "Arjun Patel: Maybe, yeah. Okay.",
    "Chloe Martin: Okay, I'll follow up with Elena on the filter design before Friday.",
    "Ben Wright: And, um, before I'm out, I'll, I'll hand over the on-call notes to Sofía.",
    "Sofía Cruz: Thanks.",
    "Chloe Martin: Alright. So, so the sprint goal is the facets endpoint and the CSV bug. "
    "Sound right?",
    "Arjun Patel: Sounds right.",
    "Chloe Martin: Cool. That's it. Thanks everybody.",
)
PLANNING_EXPECTED = Expected(
    decisions=[["facets endpoint", "this sprint"], ["logging cleanup", "next sprint"]],
    actions=[
        ("Sofía Cruz", None, ["endpoint"]),
        ("Arjun Patel", "Wednesday", ["CSV"]),
        ("Chloe Martin", "Friday", ["Elena"]),
        ("Ben Wright", None, ["on-call notes"]),
    ],
    questions=[["sidebar or a dropdown"], ["UTF-16"]],
)

MARKETING_SYNC = spoken(
    "Okay, I think everyone's here. So, this is the launch sync for the webinar series.",
    "Um, so first thing, the date.",
    "We had said the fourteenth but that's the same week as the big conference.",
    "Yeah, nobody's gonna show up that week.",
    "Right. So I'd push it to the twenty-first.",
    "Twenty-first works for me.",
    "Yeah, let's do the twenty-first.",
    "Okay, great, the first webinar is on the twenty-first then.",
    "Next, speakers. We have Dr. Osei confirmed for the first one.",
    "Nice.",
    "For the second one, we were hoping to get someone from a customer.",
    "Maybe Greenleaf? They had a really good story with the rollout.",
    "Oh yeah, Greenleaf would be great.",
    "Priya, you know their marketing lead, right? Could you reach out to her this week?",
    "Yeah, I can do that, I'll email her tomorrow.",
    "Okay. Then, um, promotion.",
    "So the plan is two emails and the LinkedIn ads.",
    "How much do we have for ads?",
    "I'm not sure, honestly, the budget for next quarter isn't approved yet.",
    "Okay. That's kind of a blocker.",
    "Yeah. Tom, can you check with finance on the ads budget?",
    "Sure, I'll check and get back to you by Monday.",
    "And the landing page, who's doing that?",
    "That's on me, I'll have a draft by Thursday.",
    "Cool. Do we know if we're recording these for on-demand?",
    "I think so, but we haven't decided where to host them.",
    "Okay, let's figure that out next time.",
    "Alright, that's it, thanks everyone.",
)
MARKETING_EXPECTED = Expected(
    decisions=[["twenty-first"]],
    actions=[
        ("Priya", "tomorrow", ["Greenleaf"]),
        ("Tom", "Monday", ["budget"]),
        (None, "Thursday", ["landing page"]),
    ],
    questions=[["ads"], ["host"]],
)


def dev_meetings(tmp: Path) -> list[Meeting]:
    return [
        Meeting("dev standup", "mobile standup", STANDUP, STANDUP_EXPECTED),
        Meeting("dev pipeline", "Forecast call", PIPELINE, PIPELINE_EXPECTED),
        Meeting(
            "dev design review",
            "Checkout redesign review - Transcript",
            from_file(tmp, "Checkout redesign review - Transcript.txt", DESIGN_REVIEW),
            DESIGN_REVIEW_EXPECTED,
        ),
        Meeting(
            "dev hiring debrief",
            "GMT20240312-170000_Recording",
            from_file(tmp, "GMT20240312-170000_Recording.vtt", HIRING_DEBRIEF),
            HIRING_EXPECTED,
        ),
        Meeting(
            "dev incident review",
            "Login incident review",
            from_file(tmp, "incident.vtt", INCIDENT_REVIEW),
            INCIDENT_EXPECTED,
        ),
        Meeting("dev one to one", "nora-ibrahim", ONE_ON_ONE, ONE_ON_ONE_EXPECTED),
        Meeting("dev planning", "Sprint planning", PLANNING, PLANNING_EXPECTED),
        Meeting("dev marketing", "audio_0412", MARKETING_SYNC, MARKETING_EXPECTED),
    ]
