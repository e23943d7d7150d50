"""Word lists the offline summarizer reads speech with: function words, the few real words of one
or two letters (anything else that short is a cut-off word), backchannels and common verbs."""

from __future__ import annotations

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further get gets getting got had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like me more most
    mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over
    own really right same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll they're
    they've thing things this those through to too under until up us very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's whom why
    why's will with won't would wouldn't yes yeah yep you you'd you'll you're you've your yours
    yourself yourselves okay ok um uh hmm mm gonna wanna kind sort lot lots maybe actually basically
    think know mean going want need one two well guess stuff something anything everything good
    great sure thanks thank hi hello bye say said see look go make take come back still even much
    many way time bit decided decide agreed agree discussed discuss talked yesterday today
    tomorrow tonight morning afternoon evening week weeks day days last next first everyone
    everybody anyone someone guys folks pretty probably definitely totally literally oh ah
    alright cool yep nope mhm huh hey gotta dunno kinda sorta anyway anyways whatever
    somebody nobody people guy idea ones cause 'cause let put got getting try trying tried
    seems seem seemed little big lot thought things able sorry please another every quite
    rather certain course mean means meant done doing does different same other others
    without within across behind toward towards upon whether either neither though although
    unless already else instead perhaps anyway yet ever never always often sometimes usually
    meeting meetings minute minutes agenda screen slide slides mic microphone mute might must
    shall may""".split()
)

# Words that never name a topic on their own: vague nouns, adjectives, numbers.
NOT_TOPICS = frozenset(
    """use thing things stuff way ways idea ideas point points part parts kind lot bit time times
    question questions problem problems issue issues case cases example reason side end number
    numbers fact sense word words place places person name names area areas type types level
    moment second seconds hour hours year years month months today tomorrow everyone nice easy
    good bad big small expensive cheap new old different important simple hard difficult fancy
    high low basic whole main real possible available fine able free long short full open
    clear quick slow fast better best less least young favourite favorite own specific general
    special extra true false right wrong interesting obvious similar certain current next
    zero three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    sixty seventy eighty ninety hundred thousand million half percent presentation change
    changes thing discussion discussions""".split()
)

# Real English words of one or two letters; any other lowercase token that short is a cut-off
# word in speech ("we w we want", "the th the button").
SHORT_WORDS = frozenset(
    """a i an am as at be by do go he hi if in is it me my no of oh ok on or so to up us we ye
    ah eh uh um mm hm ha yo ad ax ex id ma pa pi re tv pc ui ux ai ml qa hr pm""".split()
)

BACKCHANNELS = frozenset(
    """yeah yes yep yup okay ok right sure mm mhm mm-hmm uh-huh hmm um uh oh ah alright
    cool great good fine true exactly absolutely totally definitely indeed nice thanks
    huh wow really so well no nope and but or""".split()
)

# Common verbs: a topic phrase is a thing discussed, not "write rollback" or "plan tuesday".
VERBS = frozenset(
    """add added adding agree allow asked asking be become begin believe bring build buy came can
    check choose come coming compare consider continue create cut deal decide did do does doing
    done eat expect explain feel felt find finish fix follow forgot found get give given go
    goes going gone got guess handle happen happened hear heard hope include included keep
    kept know leave let like listen live look looked looking lose made make makes making mean
    meet mention move need pay pick prefer push put reach read remember remove said saw say
    says see seem seen send sent showed sit speak spend started stay stop suppose take taken
    talk talking tell thank think thought tried try understand using wait want wanted was went
    were wonder write wrote""".split()
)

DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
