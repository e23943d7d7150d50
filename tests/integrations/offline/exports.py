"""Meetings as they come out of other tools, written for the tests: a Google Meet transcript
export, Zoom WebVTT files (one with "Kind" and "Language" headers) and a WebVTT file with
voice tags (<v Name>), as Microsoft Teams writes them."""

from __future__ import annotations

from tests.integrations.offline.meetings import Expected

GOOGLE_MEET = """Q3 roadmap review - Transcript
Attendees
Alex Kim, Jordan Blake, Sam Rivera
Transcript
This editable transcript was computer generated and might contain errors. People can also \
change the text after it was created.
00:00:00
Alex Kim: Hi all. Okay so the goal today is to lock the Q3 roadmap.
Jordan Blake: Mm-hmm.
Alex Kim: Um, we have three candidates, the enterprise tier, the mobile app redesign, and the \
usage-based pricing.
Sam Rivera: I think the enterprise tier has the strongest pull. We've had, what, eleven inbound \
requests this quarter for SSO alone.
Jordan Blake: Yeah, and the mobile redesign is, I mean, it's nice, but the usage data says only \
eight percent of sessions are on mobile.
Alex Kim: Okay, so are we agreed that the enterprise tier goes first?
Jordan Blake: Agreed.
Sam Rivera: Yes, agreed.
Alex Kim: Good. So we're going with the enterprise tier as the Q3 priority, and the mobile \
redesign moves to Q4.
00:03:10
Sam Rivera: For enterprise we need SSO, audit logs and, uh, role-based permissions.
Jordan Blake: The audit logs are the big unknown. We still don't know whether the current event \
store can handle the retention they want.
Alex Kim: Sam, can you get a rough estimate for the audit logs from the platform team by next \
Wednesday?
Sam Rivera: Sure, will do.
Alex Kim: And Jordan, please draft the pricing page copy for the enterprise tier by the end of \
the month.
Jordan Blake: Okay. I'll also pull the list of the eleven accounts that asked for SSO.
Alex Kim: Perfect.
Jordan Blake: What about the usage-based pricing? Do we drop it completely?
Alex Kim: Good question. I'm not sure yet, let's park it until finance comes back with the \
numbers.
Sam Rivera: One more thing, do we need legal to review the data processing agreement for \
enterprise customers?
Jordan Blake: No idea, honestly.
Alex Kim: Okay, I'll ask legal this week.
00:07:45
Alex Kim: Okay, to wrap up: Sam gets the audit log estimate by next Wednesday, Jordan drafts \
the pricing page copy by end of month, and I'll check with legal.
Meeting ended after 00:08:30 👋
"""
GOOGLE_MEET_EXPECTED = Expected(
    decisions=[["enterprise tier", "Q3"]],
    actions=[
        ("Sam Rivera", "next Wednesday", ["estimate", "audit log"]),
        ("Jordan Blake", "end of the month", ["pricing page copy"]),
        ("Jordan Blake", None, ["accounts", "SSO"]),
        ("Alex Kim", "this week", ["legal"]),
    ],
    questions=[["event store"], ["usage-based pricing"], ["data processing agreement"]],
)

ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.500
Nina Patel: Okay, I think we're recording. Um, can you see my screen?

2
00:00:05.000 --> 00:00:06.000
Tom Becker: Yes.

3
00:00:06.500 --> 00:00:14.000
Nina Patel: So this is the new onboarding flow. The, uh, the main change is that we ask for the \
company size before the credit card.

4
00:00:14.200 --> 00:00:15.000
Lee Wong: Right.

5
00:00:15.500 --> 00:00:20.000
Nina Patel: And the, um, the drop-off on the card step was forty percent last month,

6
00:00:20.100 --> 00:00:20.800
Tom Becker: Wow.

7
00:00:21.000 --> 00:00:26.000
Nina Patel: so we think moving it after the first project will help a lot.

8
00:00:26.500 --> 00:00:32.000
Lee Wong: I like it. What about the free trial length though, is it still fourteen days?

9
00:00:32.500 --> 00:00:37.000
Nina Patel: That's, hmm, that's not decided yet. Marketing wants thirty days.

10
00:00:37.500 --> 00:00:41.000
Tom Becker: I don't know if finance will accept thirty days.

11
00:00:41.500 --> 00:00:48.000
Nina Patel: Yeah. So, the proposal is we ship the reordered flow behind a feature flag first.

12
00:00:48.500 --> 00:00:50.000
Tom Becker: That makes sense.

13
00:00:50.200 --> 00:00:51.000
Lee Wong: Sounds good.

14
00:00:51.500 --> 00:00:58.000
Nina Patel: Okay, let's go with the feature flag then. Tom, can you set up the flag in \
LaunchDarkly by Monday?

15
00:00:58.500 --> 00:01:02.000
Tom Becker: Yeah, I'll set it up Monday morning.

16
00:01:02.500 --> 00:01:08.000
Lee Wong: And I can do the copy changes for the card step, um, by Wednesday.

17
00:01:08.500 --> 00:01:14.000
Nina Patel: Great. And I'll, uh, I'll share the Figma link in the channel after this call.

18
00:01:14.500 --> 00:01:19.000
Tom Becker: Oh, one question. Who's going to watch the metrics after launch?

19
00:01:19.500 --> 00:01:23.000
Nina Patel: Good question. Not sure, honestly.

20
00:01:23.500 --> 00:01:26.000
Lee Wong: Yeah we should figure that out.

21
00:01:26.500 --> 00:01:29.000
Nina Patel: Okay, thanks everyone, bye.
"""
ZOOM_EXPECTED = Expected(
    decisions=[["feature flag"]],
    actions=[
        ("Tom Becker", "Monday", ["flag"]),
        ("Lee Wong", "Wednesday", ["copy changes"]),
        ("Nina Patel", None, ["Figma link"]),
    ],
    questions=[["free trial length"], ["finance", "thirty days"], ["metrics"]],
)

VENDOR_VTT = """WEBVTT
Kind: captions
Language: en

1
00:00:00.500 --> 00:00:04.000
Tina Moreau: Hey everyone, thanks for joining. Can you all hear me okay?

2
00:00:04.200 --> 00:00:05.000
Raj Mehta: Yep.

3
00:00:05.500 --> 00:00:14.000
Tina Moreau: So we need to pick the vendor for the new help desk. We looked at three, and \
vendor B came out cheapest with the best API.

4
00:00:14.500 --> 00:00:20.000
Raj Mehta: Yeah, vendor B's API is way better. Vendor A doesn't even have webhooks.

5
00:00:20.500 --> 00:00:25.000
Tina Moreau: Okay, then let's go ahead with vendor B.

6
00:00:25.500 --> 00:00:27.000
Raj Mehta: Sounds good.

7
00:00:27.500 --> 00:00:34.000
Tina Moreau: Raj, can you loop in security before we sign anything?

8
00:00:34.500 --> 00:00:36.000
Raj Mehta: Sure thing.

9
00:00:36.500 --> 00:00:42.000
Raj Mehta: And I'm gonna get the integration designs over to you by EOD Friday.

10
00:00:42.500 --> 00:00:48.000
Tina Moreau: Perfect. Open item: SSO support for the mobile app, they didn't have a clear answer.

11
00:00:48.500 --> 00:00:53.000
Raj Mehta: Who's paying for the extra agent licenses, us or support?

12
00:00:53.500 --> 00:00:58.000
Tina Moreau: Hmm, good question. I'll find out from finance.

13
00:00:58.500 --> 00:01:02.000
Tina Moreau: Okay, that's it, thanks!
"""
VENDOR_EXPECTED = Expected(
    decisions=[["vendor B"]],
    actions=[
        ("Raj Mehta", None, ["security"]),
        ("Raj Mehta", "Friday", ["designs"]),
        ("Tina Moreau", None, ["finance"]),
    ],
    questions=[["SSO", "mobile"], ["licenses"]],
)

TEAMS_VTT = """WEBVTT

00:00:00.000 --> 00:00:05.000
<v Sofia Rossi>Good afternoon. This is the board prep for next Tuesday.</v>

00:00:05.500 --> 00:00:12.000
<v Sofia Rossi>The main items are the annual budget, the hiring plan and the office move.</v>

00:00:12.500 --> 00:00:20.000
<v Ben Carter>On the budget, finance wants us to present the conservative scenario, not the \
growth one.</v>

00:00:20.500 --> 00:00:24.000
<v Sofia Rossi>I agree. We'll present the conservative scenario.</v>

00:00:24.500 --> 00:00:26.000
<v Amara Okafor>Agreed.</v>

00:00:26.500 --> 00:00:34.000
<v Ben Carter>For hiring, we're asking for twelve heads. I still don't know if the board \
will accept twelve.</v>

00:00:34.500 --> 00:00:41.000
<v Sofia Rossi>Amara, can you prepare a fallback plan with eight heads before Monday?</v>

00:00:41.500 --> 00:00:43.000
<v Amara Okafor>Yes, I can do that.</v>

00:00:43.500 --> 00:00:50.000
<v Ben Carter>And the office move, we still haven't decided between the two buildings.</v>

00:00:50.500 --> 00:00:55.000
<v Sofia Rossi>Let's leave the office move out of the deck then.</v>

00:00:55.500 --> 00:01:01.000
<v Ben Carter>Makes sense. I'll update the slides tonight and send the deck to everyone \
tomorrow morning.</v>

00:01:01.500 --> 00:01:04.000
<v Sofia Rossi>Perfect, thank you both.</v>
"""
TEAMS_EXPECTED = Expected(
    decisions=[["conservative scenario"], ["office move", "out of the deck"]],
    actions=[
        ("Amara Okafor", "Monday", ["fallback plan"]),
        ("Ben Carter", "tomorrow morning", ["deck"]),
    ],
    questions=[["board", "twelve"], ["two buildings"]],
)
