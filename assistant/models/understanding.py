"""Contract between reading a turn and answering it.

`Understanding` is one turn, read deterministically: what it asks (the intent),
what it says about the person's situation (an `Update`), and what stood in the
way (problems with numbers, subjects the notes may not cover).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from assistant.models.corpus import Strict
from assistant.models.situation import Update
from assistant.models.terms import CalType, Channel, Edition, Mode

__all__ = ["CalType", "Channel", "Edition", "Intent", "Mode", "Understanding"]


class Intent(StrEnum):
    cals_included = "cals_included"  # how many CALs come with the copies / are owned in total
    users_licensed = "users_licensed"  # how many users (or devices) may use the servers
    connections_per_server = "connections_per_server"  # per server mode: concurrent connections
    cals_needed = "cals_needed"  # how many CALs a situation needs
    compare = "compare"  # which CAL type or mode needs fewer CALs
    shortfall = "shortfall"  # how many more CALs to buy
    verdict = "verdict"  # are we covered / compliant / is it enough? (yes or no, then how many)
    multi_server = "multi_server"  # does one CAL cover several servers?
    sharing = "sharing"  # may several people share a device on one CAL / one person use several devices?
    pooling = "pooling"  # do CALs from separate copies add up?
    reassignment = "reassignment"  # may a CAL move to another user/device?
    change_mode = "change_mode"  # may the licensing mode be changed later?
    administrators = "administrators"  # do administrators need CALs?
    definition = "definition"  # what is a CAL / what does "per seat" mean?
    why = "why"  # explain the previous reply
    reset = "reset"  # forget the conversation
    statement = "statement"  # only states facts ("3 OEM copies with 5 CALs each")
    general = "general"  # anything else: answered from retrieval


class Understanding(Strict):
    text: str
    intent: Intent
    update: Update = Field(default_factory=Update)
    # The turn changes earlier facts ("make it 3 servers", "what if it was volume?").
    correction: bool = False
    # The turn's lines and CAL purchases come on top of those known ("we also bought a 10-pack").
    adds: bool = False
    # The turn changes the situation as it goes on ("we're adding a third server", "now 12 users"): a new
    # count in it is a change, never a new scenario.
    continues: bool = False
    # A yes/no question asks whether something is needed ("do admins need CALs?": "need") or allowed
    # ("can admins log on without CALs?": "can"); the answer's yes or no follows the question's words.
    asks_need: bool = False
    # The term a definition question asks about ("per seat"), as the person wrote it.
    term: str | None = None
    # Content words the parser did not recognise (lower-cased, stop words and generic question
    # words removed), for retrieval and reporting; they never decide coverage on their own.
    leftover: list[str] = Field(default_factory=list)
    # Unknown names right before a licence word ("Navision licences"): another product's licences.
    foreign: list[str] = Field(default_factory=list)
    # Numbers that cannot be right: negative, fractional, absurdly large.
    problems: list[str] = Field(default_factory=list)
