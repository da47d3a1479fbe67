"""Contract between understanding a turn and answering it.

`Facts` are what the person has said about their situation; they carry across
turns (a later turn's facts update earlier ones). `Understanding` is one turn,
read deterministically: its intent, the facts it states, and any problems.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from assistant.models.corpus import Strict


class Channel(StrEnum):
    oem = "OEM"
    fpp = "retail (FPP)"
    volume = "volume licensing"


class Edition(StrEnum):
    standard = "Standard"
    enterprise = "Enterprise"


class Mode(StrEnum):
    per_user_device = "per user/device"
    per_server = "per server"


class CalType(StrEnum):
    user = "user"
    device = "device"


class Intent(StrEnum):
    cals_included = "cals_included"  # how many CALs come with the copies / in total
    users_licensed = "users_licensed"  # how many users (or devices) may use the servers
    connections_per_server = "connections_per_server"  # per server mode: concurrent connections
    cals_needed = "cals_needed"  # how many CALs a situation needs
    compare = "compare"  # which CAL type or mode needs fewer CALs
    shortfall = "shortfall"  # how many more CALs to buy
    multi_server = "multi_server"  # does one CAL cover several servers?
    pooling = "pooling"  # do CALs from separate copies add up?
    reassignment = "reassignment"  # may a CAL move to another user/device?
    change_mode = "change_mode"  # may the licensing mode be changed later?
    administrators = "administrators"  # do administrators need CALs?
    why = "why"  # show the derivation of the last answer
    reset = "reset"  # forget the conversation
    statement = "statement"  # only states facts ("3 OEM copies with 5 CALs each")
    general = "general"  # anything else: answered from retrieval


class Facts(Strict):
    """Everything is optional: a turn states some facts, the conversation keeps them."""

    copies: int | None = None  # server licences / copies / boxes bought
    servers: int | None = None  # servers the CALs must cover, when said apart from copies
    cals_per_copy: int | None = None  # "5 CALs each", "with 5 CALs apiece"
    cals_separate: int | None = None  # CALs bought on their own ("a 10-pack of CALs")
    cals_total: int | None = None  # "I have 8 CALs" (owned in all)
    users: int | None = None
    devices: int | None = None
    connections: int | None = None  # concurrent connections wanted
    admins: int | None = None
    channel: Channel | None = None
    edition: Edition | None = None
    mode: Mode | None = None
    cal_type: CalType | None = None
    product: str | None = None  # "2003", "2008", or what the person named ("2019", "Exchange")

    def merged(self, newer: Facts) -> Facts:
        """These facts updated by a later turn's (a stated value replaces the old one)."""
        update = {k: v for k, v in newer.model_dump().items() if v is not None}
        return self.model_copy(update=update)


class Understanding(Strict):
    text: str
    intent: Intent
    facts: Facts = Field(default_factory=Facts)
    # The turn changes earlier facts ("make it 3 servers", "what if it was volume?").
    correction: bool = False
    # Content words the parser did not recognise (lower-cased, stop words and
    # generic question words such as "need" or "buy" removed). The dialogue checks
    # them against the corpus to decide whether the notes cover the question.
    leftover: list[str] = Field(default_factory=list)
    # Numbers that cannot be right: negative, fractional, absurdly large.
    problems: list[str] = Field(default_factory=list)
