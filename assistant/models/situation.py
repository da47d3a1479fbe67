"""Contract between understanding turns and answering them: the person's situation.

A `Situation` is what the conversation has established: an inventory of server
licences bought (line items, each with its own edition, channel and CALs), CALs
bought on their own, the people and devices to license, how the CALs are split
over servers, and the licensing mode. Each turn is read into an `Update`, which
the conversation applies to the situation it holds (`dialogue/situation.py`).
"""

from __future__ import annotations

from pydantic import Field

from assistant.models.corpus import Strict
from assistant.models.terms import CalType, Channel, Edition, Mode

# The counts a situation holds besides its line items, with how a reply names them.
COUNT_LABELS: dict[str, str] = {
    "servers": "servers",
    "users": "users",
    "devices": "devices",
    "connections": "concurrent connections per server",
    "admins": "administrators",
    "cals_owned": "CALs owned in all",
}


class ServerLine(Strict):
    """Server licences bought alike: "2 OEM Standard copies with 5 CALs each"."""

    copies: int
    edition: Edition | None = None
    channel: Channel | None = None
    version: str | None = None  # "2003", "2008", or a later release the person named
    cals_each: int | None = None  # CALs each copy came with, as the person said
    cals_in_all: int | None = None  # CALs the whole line came with, as the person said

    def label(self) -> str:
        """How a reply names the line: "2 OEM Standard copies"."""
        words = [w for w in (self.channel and CHANNEL_WORD[self.channel], self.edition and self.edition.value) if w]
        noun = "copy" if self.copies == 1 else "copies"
        return " ".join([str(self.copies), *words, noun])


CHANNEL_WORD = {Channel.oem: "OEM", Channel.fpp: "retail", Channel.volume: "volume-licensed"}


class CalPurchase(Strict):
    """CALs bought on their own ("a 10-pack of user CALs")."""

    cals: int
    cal_type: CalType | None = None


class Change(Strict):
    """A count that changes by some amount: "10 more users", "3 people left"."""

    fact: str  # "users", "devices", "servers", "connections", "admins"; "last": the fact changed last
    by: int  # positive or negative
    # Said only as "5 new users": with no count known before, it is the count itself.
    soft: bool = False


class Situation(Strict):
    """Everything the person has said about their licences, people and servers."""

    lines: list[ServerLine] = Field(default_factory=list)
    purchases: list[CalPurchase] = Field(default_factory=list)
    cals_owned: int | None = None  # a total the person gave ("we have 30 CALs"); wins over the lines
    servers: int | None = None  # servers to cover, when said apart from the copies
    users: int | None = None
    devices: int | None = None
    connections: int | None = None  # peak concurrent connections per server
    admins: int | None = None
    # Per server mode: what each server has (CALs) as the person allocated them, in order.
    allocation: list[int] = Field(default_factory=list)
    # Per server mode: each server's peak of concurrent connections, as the person gave them.
    peaks: list[int] = Field(default_factory=list)
    mode: Mode | None = None
    cal_type: CalType | None = None
    product: str | None = None  # a release named apart from any line ("we run 2008")
    # Terms said before any copies were counted ("Enterprise, how many CALs?"): they apply to lines
    # given later that do not say otherwise.
    edition: Edition | None = None
    channel: Channel | None = None
    # Facts given only vaguely ("a few users"): never used as numbers; asked for when needed.
    vague: dict[str, str] = Field(default_factory=dict)  # fact -> the words used

    # The change applied last, so a correction ("make it 5 more") can replace it.
    last_change: Change | None = None

    @property
    def copies(self) -> int | None:
        return sum(line.copies for line in self.lines) if self.lines else None

    @property
    def server_count(self) -> int | None:
        """Servers to cover: as said, else one per copy bought."""
        return self.servers if self.servers is not None else self.copies

    @property
    def cals_bought(self) -> int | None:
        return sum(p.cals for p in self.purchases) if self.purchases else None

    def numbers(self) -> set[int]:
        """Every count known, so a later turn's "all three" or "the same 12" is seen to name one."""
        found = {line.copies for line in self.lines} | {line.cals_each for line in self.lines if line.cals_each}
        found |= {line.cals_in_all for line in self.lines if line.cals_in_all}
        found |= {p.cals for p in self.purchases} | set(self.allocation) | set(self.peaks)
        counts = (self.cals_owned, self.servers, self.users, self.devices, self.connections, self.admins)
        found |= {n for n in counts if n is not None}
        if self.lines or self.purchases:
            found.add(sum(line.copies * (line.cals_each or 0) for line in self.lines))
        return found

    def says_what_is_owned(self) -> bool:
        """The person said what CALs they have (a bare count of servers does not say it)."""
        return bool(self.lines or self.purchases or self.allocation) or self.cals_owned is not None

    def is_empty(self) -> bool:
        return self == Situation()


class LineEdit(Strict):
    """A correction to some of the copies: "two of them are Enterprise", "one was bought under Open"."""

    copies: int | None = None  # how many copies it names; None: all of them
    edition: Edition | None = None
    channel: Channel | None = None
    cals_each: int | None = None
    # Which copies it changes, when it names them by a term ("the Open one had been retail"): only lines
    # with this channel or edition.
    where_channel: Channel | None = None
    where_edition: Edition | None = None


class Unplaced(Strict):
    """A number in a turn that no reading could place, with the words it was written with."""

    value: int
    words: str


class Update(Strict):
    """What one turn says about the situation."""

    lines: list[ServerLine] = Field(default_factory=list)
    # Copies said with no count word of their own ("one of them is volume licence", "2 Standard and 1
    # Enterprise"): a breakdown of the copies known before, or the copies themselves when none are.
    parts: list[ServerLine] = Field(default_factory=list)
    purchases: list[CalPurchase] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)  # servers, users, devices, connections, admins, cals_owned
    changes: list[Change] = Field(default_factory=list)
    edits: list[LineEdit] = Field(default_factory=list)
    allocation: list[int] = Field(default_factory=list)
    peaks: list[int] = Field(default_factory=list)
    mode: Mode | None = None
    cal_type: CalType | None = None
    product: str | None = None
    vague: dict[str, str] = Field(default_factory=dict)
    # "if every user is on every server at the same time": the peak of connections is all the users.
    all_at_once: bool = False

    # Administrators said to do ordinary work too ("if the admins also use the shares daily"): they count.
    admins_are_users: bool = False
    # Counts said as "the same 6 PCs": they keep the value already known, and give it when none is.
    keeps: list[str] = Field(default_factory=list)
    # "so we need to buy 6 more, right?": a count of CALs to buy that the person supposes.
    claimed_to_buy: int | None = None
    # "My boss thinks we need 100 CALs. Is he right?": a count of CALs needed that someone claims.
    claimed_need: int | None = None
    # "sorry, HR says it's 6 not 8": whatever count was 8 is 6 (old value -> new value).
    replaces: dict[int, int] = Field(default_factory=dict)
    # Numbers no reading could place ("4 dentists"): a figure built without them may be wrong.
    unplaced: list[Unplaced] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return self == Update()

    def releases(self) -> list[str]:
        """The Windows Server releases the turn names ("2008", "2003 R2"), each once."""
        return list(dict.fromkeys(r for r in (self.product, *(line.version for line in self.lines)) if r))

    def states_numbers(self) -> bool:
        return bool(
            self.lines or self.parts or self.purchases or self.counts or self.changes or self.allocation or self.peaks
        )
