"""What a turn asks: cue patterns over the items, tried family by family.

The items are rendered as a cue string ("how many _cal do i need") and the
intent is the first family of patterns that matches.
"""

from __future__ import annotations

import re

from assistant.dialogue import lexicon as lx
from assistant.models.understanding import Intent, Mode

# --- intent -------------------------------------------------------------------------------------


def _g(n: int) -> str:
    """Up to n words in between, never crossing a clause boundary."""
    return f"(?:[^ |]+ ){{0,{n}}}"


class _LazyPattern:
    """A regex compiled on first use. Intent tables are tried in order and stop at the first
    match, so a turn compiles only the patterns it reaches; compiling all of them at import
    cost about 30 ms of every cold start."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled.search(text)


def _compile(*patterns: str) -> list[_LazyPattern]:
    return [_LazyPattern(p) for p in patterns]


_HM = r"\bhow many "
_NUMERIC: list[tuple[Intent, list[_LazyPattern]]] = [
    (
        Intent.compare,
        _compile(
            r"(?:_caltype|_peruser|_perserver) (?:_cal )?(?:or|vs|versus|compared (?:to|with)|against) (?:per )?"
            r"(?:_caltype|_peruser|_perserver|_user|_device)\b",
            r"(?:_user|_device) (?:or|vs|versus) _caltype\b",
            r"\b(?:compare|comparison|compared|difference between|differences between|differ)\b",
            r"(?:_peruser|_perserver) (?:mode )?(?:and|vs|versus|or|compared (?:to|with)|against) (?:how many )?"
            + _g(3)
            + r"(?:_perserver|per _server|_peruser)\b",
        ),
    ),
    (
        Intent.verdict,
        _compile(
            r"\b(?:are|am|is|r|will|would|should) (?:we|i|you|they|that|this|it|everyone|everybody|all|us|our "
            r"[^ |]+) " + _g(3) + r"(?:covered|compliant|legal|legit|legally|ok|okay|fine|alright|all right|good|safe|"
            r"licensed|licenced|sorted|set|enough|sufficient|short|in compliance|in the clear|pass|passing)\b",
            r"(?<!fair )(?<!sure )(?<!easy )(?<!simple )(?<!funny )(?<!oddly )(?<!strangely )\benough\b",
            r"\b(?:sufficient|compliant|compliance|in compliance)\b",
            r"\b(?:still|all) (?:ok|okay|fine|good|covered|legal|compliant)\b",
            r"\bwill (?:we|i) pass\b",
            r"\b(?:fully|properly|correctly|legally) (?:licensed|licenced|covered)\b",
            r"\bam i short\b|\bare we short\b",
            r"\b(?:within|inside) (?:our|the|my|their) licen[cs](?:e|es|ing)\b",
            r"\b(?:cover|covers) (?:us|me|everyone|everybody|all of us|them all)\b[^|]*\| ?(?:right|correct|yes)? ?\|?$",
            r"\| (?:and |so |then |still )?(?:legal|compliant|covered|ok|okay|legit|fine)(?: then| now)? \|$",
            r"\b(?:we|i) (?:are|am|re|r) " + _g(2) + r"(?:covered|compliant|legal|legit|ok|okay|fine|alright|"
            r"licensed|licenced|sorted|safe|short)\b(?! #)",
        ),
    ),
    (
        Intent.shortfall,
        _compile(
            _HM + r"(?:more|additional|extra|else|other|further)\b",
            _HM + _g(4) + r"(?:still|else|additionally|yet)\b",
            r"\b(?:still|yet|else|additionally) " + _g(2) + r"(?:need|have to|must|got to|gotta|require|buy|purchase|"
            r"get|order)\b",
            r"\bshort(?:fall|age)?\b",
            r"\bmissing\b",
            r"\b(?:how many|any|have|got|be|left|are there) (?:[^ |]+ )?spare\b|\bspare (?:_caltype )?_cal\b",
            r"_cal (?:[^ |]+ )?(?:spare|left over|leftover|unused|surplus|to spare)\b",
            r"\b(?:left over|leftover)\b|\b(?:will|would|do) (?:we|i|you) have left\b",
            r"\btop up\b",
            r"\bany (?:more |extra |new |additional )?(?:_caltype )?_cal (?:to |we need to |i need to )?(?:buy|purchase|order|get)\b",
            r"\bleft to (?:buy|get|purchase)\b",
            r"_cal (?:still |left |yet )?to (?:buy|purchase|order|get)\b",  # "CALs to buy?"
            # "what do I need?", "what should we buy?", "what to order?"
            r"\bwhat (?:do|would|should|will|must) (?:i|we) (?:still )?(?:need|have to buy|have to get|buy|order|get|purchase)\b",
            r"\bwhat (?:to|else to) (?:buy|order|purchase|get)\b",
            # "what's our position after the merger?", "where does that leave us?": owned against needed
            r"\bwhat (?:s|is|will be|would be) (?:our|my|the) (?:position|situation|status|standing)\b",
            r"\bwhere (?:do|does|will|would) (?:we|i|that|this|it) (?:stand|leave)\b",
            r"\b(?:buy|purchase|order|get|need|acquire) (?:[^ |]+ )?(?:more|additional|extra|another|further)\b(?! #)",
            r"\b(?:need|have|got) to (?:buy|purchase|order|get) (?:any|anything|something|some|extra)\b",
            r"\b(?:do|does|will|would|should) (?:we|i|they|you) (?:still )?(?:need|have) to (?:buy|purchase|order)\b",
            r"\b(?:do|does|will|would) (?:we|i|they|you) need (?:any (?:more |extra |additional |new )?|more |extra |"
            r"additional )(?:_caltype )?_cal\b",
        ),
    ),
    (
        Intent.cals_needed,
        _compile(
            _HM
            + r"(?!(?:[^ |]+ ){0,2}(?:_user|_device)\b)"
            + _g(5)
            + r"(?:need|needs|needed|require|requires|required|necessary|should|must|have to|has to|"
            r"got to|gotta|supposed to|to buy|to purchase|to order|buy|purchase|order)\b",
            r"_cal " + _g(2) + r"(?:needed|required|necessary|do i need|do we need|would i need|would we need|"
            r"will i need|will we need)\b",
            r"\b(?:need|needs|require|requires) how many\b",
            r"\b(?:smallest|minimum|min|fewest|least|lowest) (?:how many |(?:number|amount|count|total) (?:of )?)?"
            r"(?:_caltype )?_cal\b",
            r"\bwhat " + _g(2) + r"_cal " + _g(3) + r"(?:need|needs|require|requires|needed|required)\b",
            _HM
            + _g(2)
            + r"_cal (?:[^ |]+ )?(?:for|to cover|to license|to licence|covering) "
            + _g(3)
            + r"(?:_user|_device|_conn|_admin)\b",
            r"\b(?:need|needs|require|requires) " + _g(2) + r"# " + _g(2) + r"_cal\b",
        ),
    ),
    (
        Intent.compare,
        _compile(
            r"\bwhich " + _g(5) + r"(?:fewer|less|cheaper|cheapest|better|best|economical|lower|lowest|smaller|"
            r"smallest|least|preferable|prefer|recommend|recommended|should|would|wins|makes more sense)\b",
            r"\b(?:fewer|less)\b(?! than)",
            r"\b(?:cheaper|cheapest|more economical|better off|better value|cost effective|save money)\b",
            r"\bwhat (?:s|is) (?:the )?(?:better|best|cheapest|cheaper)\b",
            r"\b(?:is it|would it be|it s|is that) (?:[^ |]+ )?better\b|\bbetter (?:to|off|value)\b",
            r"\bwhich (?:[^ |]+ ){0,2}(?:_cal )?(?:type|types|kind|mode|option|one)\b",
        ),
    ),
    (
        Intent.connections_per_server,
        _compile(
            _HM + _g(6) + r"_concurrent\b",
            r"(?:_concurrent|_conn) " + _g(3) + r"(?:per|each|every) _server\b",
            _HM + r"(?:_concurrent )?_conn\b",
        ),
    ),
    (
        Intent.users_licensed,
        _compile(
            _HM + _g(2) + r"(?:_user|_device)\b",
            r"\b(?:can|could|will|would|may) # " + _g(2) + r"(?:_user|_device)\b",
            _HM
            + _g(3)
            + r"(?:can|could|may|are able to|is that|does that|do they|will that|would that) "
            + _g(3)
            + r"(?:use|access|connect|reach|log|login|logon|sign|work|be|cover|license|licence|support|allow|serve)",
            r"(?:_user|_device) " + _g(3) + r"(?:licensed|covered|allowed|supported|permitted)\b",
            r"\b(?:licensed|licenced|covered|allowed|legal|ok|okay) (?:for|to have|with) (?:[^ |]+ )?# (?:[^ |]+ )?"
            r"(?:_user|_device)\b",
            r"\b(?:let|lets|allow|allows|enough for|cover|covers) (?:all |every |the |our )?# (?:[^ |]+ )?(?:_user|_device)\b",
            r"\b(?:can|could|will|may) (?:all |the |our )?# (?:of (?:them|us) )?(?:use|access|connect|log|reach)\b",
            # "…, 5 CALs per box. Users?": a clause that is only the unit, asked.
            r"(?:^|\| )(?:and |so |how about |what about )?(?:_user|_device) \|$",
        ),
    ),
    (
        Intent.cals_included,
        _compile(
            _HM + _g(6) + r"(?:included|include|includes|including|come|comes|came|bundled|ship|ships|shipped|"
            r"provided|contain|contains|contained|get|got|receive|received|give|gives|total|altogether|overall|"
            r"in all|combined|together|have|has|had|own|is that)\b",
            r"_cal " + _g(3) + r"(?:included|include|includes|bundled|in total|altogether|overall|in all|"
            r"come with|came with|comes with)\b",
            r"\b(?:total|in total|altogether|overall|in all) " + _g(2) + r"_cal\b",
            r"\b(?:do|does|did|will|would) (?:[^ |]+ ){1,8}(?:get|receive|come with|include|includes|give|have(?! to)|"
            r"contain) " + _g(3) + r"_cal\b",
            r"\b(?:are|is|were) " + _g(3) + r"_cal (?:[^ |]+ )?(?:included|bundled|provided|supplied)\b",
            r"\bwhat (?:s|is) the total\b",
            r"_cal (?:in )?(?:total|altogether|overall|in all)\b",
        ),
    ),
]
_USERS_LICENSED = next(patterns for intent, patterns in _NUMERIC if intent is Intent.users_licensed)
# "How many CALs?" with no verb: needed when only people are known, included otherwise.
_BARE_HOW_MANY_CALS = re.compile(_HM + _g(2) + r"_cal\b")
_BARE_CALS_ASKED = re.compile(r"(?:^|\| )(?:and |so |the |any )?(?:_caltype )?_cal \|")

_YESNO: list[tuple[Intent, list[_LazyPattern]]] = [
    (
        Intent.administrators,
        _compile(
            r"_admin\b",
            r"\badministrat(?:ion|ive)\b",
            r"\bconsole\b",
            r"\bwho (?:s |is )?(?:right|correct)\b",  # after the disputed "5 CALs = 4 users"
        ),
    ),
    (
        # "do the CALs we assigned to server A also cover people on server B?": one server's CALs on
        # another (before reassignment, whose "assigned … to" it also says).
        Intent.multi_server,
        _compile(
            r"_cal "
            + _g(4)
            + r"(?:assigned|allocated|attached) to "
            + _g(2)
            + r"_server "
            + _g(6)
            + r"(?:also |still )?(?:cover|covers|work|works|apply|applies|count|counts|be used|used) "
            + _g(5)
            + r"_server\b",
        ),
    ),
    (
        Intent.reassignment,
        _compile(
            r"\bre ?assign\w*",
            r"\btransfer\w*",
            r"\bloan\w*",
            r"\bdepart\w*",
            r"\bnew (?:hire|hires|starter|starters|joiner|joiners|recruit|recruits)\b",
            r"\bleft (?:the|our|my|his|her) (?:company|firm|business|organisation|organization|job|team)\b",
            r"(?:_user|he|she|someone|somebody|\bone) (?:[^ |]+ )?(?:left|leaves|quit|quits|resigned|resigns|retired|"
            r"retires|departs|is fired|was fired|is gone)\b",
            r"\btemporar\w*",
            # "can we just move the CALs from the old PCs to the new ones?"
            r"\b(?:move|moving|shift|swap|carry) (?:over )?(?:the |our |those |their |its |his |her )?(?:_caltype )?_cal\b",
            r"_cal (?:can |could )?(?:just |simply )?(?:go|pass|move|transfer|be given) to\b",
            r"\btake (?:over|on) (?:his|her|their|the|a) (?:[^ |]+ )?_cal\b|\btakes over\b|\btaking over\b",
            r"\bkeep (?:it|the _cal|its _cal) (?:as well|too|also)\b",
            r"\b(?:off sick|filling in|fill in|fills in|covering for|cover for|standing in|stand in|stand-in)\b",
            r"\btemps?\b",
            r"\bout of service\b",
            r"\b(?:broken|dead|failed|replacement|replaced|replacing|replace) " + _g(2) + r"(?:_device|_user)\b",
            r"_cal " + _g(2) + r"(?:move|moves|go|goes|transfer|transfers|follow|follows|pass|passes) (?:to|over|with|"
            r"across|onto)\b",
            r"\brepair\w*",
            r"\b(?:maternity|paternity|parental|sick|annual) leave\b|\bon leave\b|\bvacation\b|\bholiday\b",
            r"\b(?:give|gave|given|move|moved|moving|reuse|re use|reused|hand|handed|pass|passed|swap|swapped|"
            r"shift|shifted|reallocate\w*|assign|assigned|switch|switched|inherit\w*) " + _g(4) + r"_cal\b",
            r"_cal " + _g(3) + r"(?:be )?(?:given|moved|transferred|reassigned|reused|passed|handed|swapped|"
            r"shifted|reallocated|assigned|switched|tied|bound|locked) " + _g(2) + r"(?:to|over|on|from)\b",
            r"\bfrom " + _g(3) + r"(?:_user|_device) to " + _g(3) + r"(?:_user|_device)\b",
        ),
    ),
    (
        Intent.multi_server,
        _compile(
            r"_cal (?:(?!times )[^ |]+ ){0,6}(?:both|several|multiple|many|all|any|every|each|other|different|additional|second|"
            r"another|more than one|two|#|unlimited) " + _g(2) + r"_server\b",
            r"_server " + _g(3) + r"(?:own|separate|dedicated|individual) " + _g(1) + r"_cal\b",
            # "does a CAL on our first server also let a user connect to our second server?"
            r"_cal (?:on|of|for|from|with|bought for) "
            + _g(2)
            + r"(?:first|one|1st|main|primary) _server "
            + _g(8)
            + r"(?:second|other|another|2nd|backup) _server\b",
            r"_cal " + _g(2) + r"(?:per|for each|for every|on each|on every|each|every) _server\b",
            r"(?:_user|_device) " + _g(3) + r"(?:connect|access|use|log|reach) " + _g(2) + r"(?:any number of|"
            r"unlimited|all|every|both|several|multiple|any|many|other) " + _g(2) + r"_server\b",
            r"\b(?:any number of|unlimited|more than one) " + _g(1) + r"_server\b",
            r"\b(?:tied|locked|bound|stuck) (?:to|on) (?:that |the |one |a |this )?(?:[^ |]+ )?(?:_server|_copy|box|machine)\b",
            r"\balso use " + _g(3) + r"_server\b",
            r"_server " + _g(3) + r"shar\w* " + _g(3) + r"_cal\b",
        ),
    ),
    (
        Intent.sharing,
        _compile(
            r"\bshar(?:e|es|ed|ing) " + _g(3) + r"(?:_device|_cal|_caltype _cal)\b",
            r"(?:_device|_cal) " + _g(2) + r"shar(?:e|es|ed|ing)\b",
            r"\b(?:second|another|extra|2nd|separate|additional) (?:_caltype )?_cal " + _g(9) + r"(?:_device|home)\b",
            r"\b(?:_cal|_caltype _cal) "
            + _g(3)
            + r"(?:each|every|all|both|several|multiple) (?:of )?(?:his |her |their )?"
            r"_device\b",
            r"(?:_caltype )?_cal " + _g(3) + r"(?:several|multiple|many|different|all (?:his|her|their)) _device\b",
            r"\b(?:both|all|everyone|everybody) (?:of them )?(?:use|uses|using|share|on) (?:the same|one|a single|a shared) "
            + _g(2)
            + r"_device\b",
            r"\bone (?:_caltype )?_cal cover\w*\b",
        ),
    ),
    (
        Intent.change_mode,
        _compile(
            r"\b(?:change|changes|changed|changing|switch|switches|switched|switching|convert\w*|revert\w*|"
            r"migrate\w*|go|going|move|moving|flip|swap) "
            + _g(3)
            + r"(?:back|later|afterwards|after|mode|modes|_perserver|_peruser|licensing|licencing)\b",
            r"\b(?:permanent|permanently|irreversible|irrevocable|undo|undone|locked in|lock in|locked|stuck with|"
            r"one way|one time|forever|reversible|final|binding)\b",
            r"\bonce " + _g(3) + r"(?:pick|picked|choose|chose|chosen|select|selected|go|went|opt|opted|set|decide|"
            r"decided|use|used|commit|committed)\b",
            r"\b(?:mix|mixing|mixed|combine|combining) " + _g(2) + r"(?:mode|modes|_perserver|_peruser)\b",
            r"\b(?:allowed|able|possible|permitted|ok|okay|legal) (?:for (?:us|me) )?to (?:switch|change|convert|move|go)\b",
            r"\b(?:can|could|may) (?:we|i) (?:still )?(?:switch|change|convert|move|go back)\b(?! " + _g(3) + r"_cal)",
        ),
    ),
    (
        Intent.pooling,
        _compile(
            r"\b(?:add|adds|added|adding) up\b",
            r"\b(?:add|added|adding) " + _g(2) + r"together\b",
            r"\b(?:combine|combined|combining|combines|pool|pools|pooled|pooling|stack|stacks|stacked|stacking|"
            r"cumulative|cumulate|accumulate|aggregate\w*|merge|merged|merging|together|sum|summed)\b",
            r"\bseparate(?:ly)?\b",
            r"\bindividually\b",
            r"\bdoes it matter\b",
            r"\bmatter (?:that|if|whether|how|where|when)\b",
            r"\b(?:different|separate|two|#) (?:purchases|orders|invoices|batches|times|sources|vendors)\b",
            r"_cal " + _g(2) + r"from " + _g(2) + r"(?:different|separate|both|two|each|other|#|multiple|several)\b",
        ),
    ),
]

_DEFINITION = _compile(
    r"\bwhat (?:is|s|are|exactly is|is meant by|are meant by) (?:a |an |the |meant by )?"
    + _g(2)
    + r"(?:_cal|_peruser|_perserver|_channel|_caltype|seat|seats|_concurrent|_conn|mode|modes)\b(?! "
    + _g(3)
    + r"#)",
    r"\bwhat (?:does|do) " + _g(4) + r"(?:mean|stand for)\b",
    r"\b(?:meaning of|definition of|define|defined|explain what|explain the|describe)\b",
    r"\bwhat (?:s|is) (?:the )?difference\b|\bdifference between\b|\bhow (?:do|does) " + _g(4) + r"differ\b",
    r"\bexplain (?:it|like)\b",
)
_FILLER = (
    r"(?:(?:ok|okay|and|but|so|hmm|well|oh|now|then|right|alright|sorry|wait|oops|yes|yeah|no|nope|ah|um|"
    r"great|thanks|cool|hm|please|just|lets|let s|let us|can we|could we|can you|could you) (?:\| )?)*"
)
_RESET = re.compile(
    r"^" + _FILLER + r"(?:reset|restart|start (?:over|again|afresh|fresh|from scratch|anew)|begin again|"
    r"new (?:question|conversation|topic|session|chat|scenario|problem)|clear(?: (?:it|that|this|everything|all|"
    r"the (?:conversation|chat|state|facts|history|numbers)))?|forget (?:that|it|this|everything|all|all that|"
    r"what i said|about it|the (?:earlier|previous|old) (?:numbers|facts|question|ones))|from scratch)"
    r"(?: (?:please|again|now|then|everything|all|instead))*(?: \|)*$"
)
_WHY = re.compile(
    r"^" + _FILLER + r"(?:why|how come|how so|explain|how did you (?:get|calculate|work out|figure|come up with|"
    r"arrive at|reach|compute|derive)|how (?:was|is) (?:that|this|it) (?:calculated|computed|worked out|derived|"
    r"figured)|how do you (?:get|figure|work out|calculate)|show (?:me )?(?:your|the) (?:working|workings|work|math|"
    r"maths|derivation|steps|calculation|calculations|reasoning)|where (?:did|does|do) (?:that|this|it|those|these|"
    r"the [^ |]+) " + _g(1) + r"come from|justify|what s the reasoning|are you sure|is that right)\b"
)
_CORRECTION_START = re.compile(
    r"^" + _FILLER + r"(?:make (?:it|that|them|this|those)|actually|what if|what about|how about|and if|"
    r"if (?:instead|it was|it were|it s|it is|they were|they are|they re|we had|i had|we d|i d)|suppose|supposing|say|let s say|lets say|let us say|"
    r"change (?:it|that|this|them) to|change to|instead|correction|i meant|i mean|rather|scratch that|update|"
    r"same (?:but|question|with|for|again)|but with|and (?:with|for|in|under|using|on|via|through|at)|now with|now for|"
    r"but if|what would happen if|in that case|"
    r"try (?:it |that |again )?(?:with|for)|redo (?:it )?(?:with|for)|recalculate (?:it )?(?:with|for)|again with|"
    r"what happens if|no|nope|not)\b"
)
_CORRECTION_ANYWHERE = re.compile(
    r"\b(?:actually|instead|i meant|rather than|scratch that|correction|make (?:it|that))\b|\bnot # "
)
_INTRO = re.compile(r"^" + _FILLER + r"(?:what if|what about|how about|and if|and what if|but what if)\b")
_AUX_PRONOUN = re.compile(
    r"\b(?:can|could|do|does|did|is|are|was|were|will|would|should|shall|may|might|must|am|has|have) "
    r"(?:i|we|you|it|they|he|she|that|this|these|those|there|my|our|one|#|_cal|_user|_device|_server|_copy)\b"
)
_ASKING = re.compile(r"\b(?:tell me|wondering|wonder|curious|want to know|need to know|explain|any idea)\b")
_HOWMANY = re.compile(r"\b(?:how much|number of|amount of|count of|quantity of|how many of)\b")


# A question opening with an auxiliary asks yes or no ("Can we just move the CALs…?", "Do we need…?").
YES_NO_START = re.compile(
    r"^\s*(?:can|could|may|might|does|do|did|is|are|was|were|will|would|should|must|has|have)\b", re.IGNORECASE
)


def question_sentences(text: str) -> list[str]:
    """The sentences of a turn that end with "?"."""
    return [q for q in re.split(r"(?<=[.!?])\s+", text.strip()) if q.endswith("?")]


def is_question(cue: str, has_qmark: bool) -> bool:
    if has_qmark or _ASKING.search(cue) or _AUX_PRONOUN.search(cue):
        return True
    return any(
        (clause.split() or [""])[0] in lx.AUX_WORDS | lx.WH_WORDS
        or bool(set(clause.split()) & {"how", "what", "which"})
        for clause in cue.split("|")
    )


_INCLUDED_WORDS = re.compile(r"\b(?:includ\w*|come|comes|came|bundled|ship\w*|supplied|provided|get|got)\b")


def _first_match(table: list[tuple[Intent, list[_LazyPattern]]], cue: str) -> Intent | None:
    for intent, patterns in table:
        if any(p.search(cue) for p in patterns):
            return intent
    return None


_NEED = re.compile(
    r"\b(?:need|needs|needed|must|have to|has to|required|require|requires|reserve|keep back|set aside|tied|"
    r"locked|bound|second|another|extra)\b"
)
_CAN = re.compile(
    r"\b(?:can|could|may|allowed|able|ok|okay|legal|let|lets|permitted|possible|cover|covers|give|hand|move|"
    r"transfer|reuse|go|combine|combined|pool|pooled|pooling|stack|share|switch|change|go back|convert|free|"
    r"use|access)\b"
)


def asks_need(cue: str) -> bool:
    """Does the question ask whether something is needed ("do our admins need CALs?") rather than allowed
    ("can they log on without one?")? Within a clause the first such word decides; of alternatives ("are
    they tied to that box, or can those people also use the second server?") the one that asks what is
    allowed wins, since the answer then says what may be done."""
    found = []
    for clause in re.split(r"\||\bor\b", cue):
        need, can = _NEED.search(clause), _CAN.search(clause)
        if need or can:
            found.append(bool(need) and not (can and can.start() < need.start()))
    return bool(found) and all(found)


def is_why(cue: str) -> bool:
    m = _WHY.match(cue)
    if m is None:
        return False
    rest = cue[m.end() :]
    if rest.startswith(" |") and "#" not in rest:
        return True  # "why? they're never all on at once": the question, then a remark
    words = rest.replace("|", " ").split()
    # "why none?", "why not?", "why only 10?", "why do they count now?": about the answer just given, not
    # a new question ("why do I need CALs at all?" names CALs, and is one).
    short = len(words) <= 5 and not any(w.startswith("_") or w == "#" for w in words)
    return all(w in lx.ECHO_WORDS for w in words) or short


# "do 5 CALs mean 4 users?", "5 CALs really only cover 4 users": Wayne's disputed claim, whatever else is asked.
_DISPUTED = re.compile(
    r"# _cal (?:[^ |]+ ){0,2}(?:mean|means|equal|equals|give|gives|get|gets|cover|covers|allow|allows|= =|==) "
    + _g(2)
    + r"# (?:_concurrent )?(?:_user|_device)\b"
    + r"|# _cal (?:are |is )?(?:really )?(?:only|just) (?:really )?# (?:_concurrent )?(?:_user|_device)\b"
    + r"|\bwayne\b"
)


def intent_of(
    cue: str, has_qmark: bool, counts: dict[str, int], terms: dict[str, object], stated: bool = False
) -> Intent:
    if is_why(cue):
        return Intent.why
    if _DISPUTED.search(cue):
        return Intent.administrators  # the dispute; a claim of as many users as CALs is a plain count
    numeric = _first_match(_NUMERIC, cue)
    people = any(k in counts for k in ("users", "devices", "connections"))
    # Servers alone are not CALs owned; copies, CAL counts, or a named channel/edition are.
    owned = any(k in counts for k in ("copies", "cals_total", "cals_per_copy", "cals_separate")) or (
        terms.get("channel") is not None or terms.get("edition") is not None
    )
    if numeric is None and (_BARE_HOW_MANY_CALS.search(cue) or (has_qmark and _BARE_CALS_ASKED.search(cue))):
        # "12 ppl, 1 srv 2k8 std oem. cals?": with people and copies both given, what is owned against what is needed
        numeric = Intent.cals_needed if people and not owned else Intent.shortfall if people else Intent.cals_included
    elif numeric is Intent.cals_included and people and not owned and not _INCLUDED_WORDS.search(cue):
        numeric = Intent.cals_needed  # "25 concurrent on one, 10 on the other: how many CALs in total?"
    # A yes/no topic needs a question, unless the turn states nothing ("move a CAL to a loaner").
    stated = stated or bool(counts) or any(v is not None for v in terms.values())
    yesno = _first_match(_YESNO, cue) if is_question(cue, has_qmark) or not stated else None
    # "Do admins need CALs?" is the administrator rule even though it asks about needing CALs;
    # "12 users and 2 admins, how many CALs?" is a count.
    if numeric is Intent.verdict and _first_match([(Intent.users_licensed, _USERS_LICENSED)], cue):
        numeric = Intent.users_licensed  # "am I licensed for 10 users to access both servers?"
    counting = numeric in (Intent.verdict, Intent.shortfall, Intent.users_licensed) and people
    if (
        yesno is not None
        and yesno is not Intent.administrators
        and numeric
        in (Intent.verdict, Intent.shortfall, Intent.cals_needed, Intent.users_licensed, Intent.cals_included)
        and not people
        and "how many" not in cue
    ):
        # "is it legal to use 5 CALs on two servers?", "can I pool the CALs that came with three servers?": a rule
        return yesno
    if (
        yesno is Intent.administrators
        and not counting
        and (
            numeric is None
            or re.search(_HM + _g(2) + r"_admin\b", cue)
            or ("admins" not in counts and "how many" not in cue)
        )
    ):
        return Intent.administrators
    if numeric is Intent.users_licensed and terms.get("mode") is Mode.per_server:
        return Intent.connections_per_server  # in per server mode, users at once per server
    if numeric is Intent.compare and yesno is Intent.change_mode:
        return yesno  # "can I mix per server and per user modes?" asks about changing, not which is cheaper
    if numeric is not None and not (numeric is Intent.compare and _definition(cue, counts)):
        return numeric
    if yesno is not None:
        return yesno
    if _definition(cue, counts):
        return Intent.definition
    return Intent.general


def _definition(cue: str, counts: dict[str, int]) -> bool:
    """ "What is a CAL?", "what does per seat mean?", "user vs device CAL: the difference?" — with no
    counts of the person's own to compute from."""
    return not counts and any(p.search(cue) for p in _DEFINITION)
