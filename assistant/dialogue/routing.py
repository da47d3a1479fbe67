"""Which rule packs a turn is for.

A pack takes a turn that names its subject (its scope phrases, not set aside);
a turn naming none — a follow-up, a bare number, an answer to its question —
goes to the pack that took the last turn. The pack that takes questions no
other pack names (`scope: default`, the bundled thread's) takes the rest, and
answers beside another pack when the turn names it outright ("RDS CALs and
Windows CALs for 20 users"). A subject a pack's notes say they do not cover
gets that sentence — unless another pack in play covers it.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.models.corpus import Clause
from assistant.models.packs import NotCovered
from assistant.packs import Packs, engine
from assistant.packs.pack import Pack, covers_release
from assistant.packs.phrases import read_tokens


@dataclass(frozen=True)
class PackTurn:
    outcomes: list[tuple[Pack, engine.Outcome]]  # what each pack without an engine replied
    not_covered: tuple[Pack, NotCovered, Clause] | None = None
    default_too: bool = False  # the default pack is named outright beside them


def route(
    packs: Packs, text: str, releases: list[str], states: dict[str, engine.PackState], topic: str | None
) -> PackTurn:
    declarative = [p for p in packs.loaded if p.engine is None]
    if not declarative:
        return PackTurn([])
    readings = {p.id: engine.read(p, text) for p in declarative}
    named = [p for p in declarative if readings[p.id].named]
    default = packs.default
    default_named = default is not None and default.named_in(read_tokens(text, default.data.numbers), text)
    default_fits = default is not None and _admits(default, releases)
    default_in_play = default_fits and (default_named or not named)
    for pack in declarative:
        found = pack.not_covered_in(readings[pack.id].tokens, text)
        if found is None:
            continue
        others = [p for p in named if p is not pack] or ([default] if default_in_play else [])
        if not others:
            return PackTurn([], (pack, *found))
    takers = list(named)
    if not takers and topic is not None:
        reading = readings.get(topic)
        state = states.get(topic)
        if reading is not None and (
            reading.follow_up or reading.bare is not None or (state is not None and state.pending)
        ):
            takers = [p for p in declarative if p.id == topic]
    if not takers and default is None and len(declarative) == 1:
        takers = declarative  # the only pack there is
    outcomes = []
    for pack in takers:
        outcome = engine.answer(pack, states.setdefault(pack.id, engine.PackState()), readings[pack.id])
        if outcome is not None:
            outcomes.append((pack, outcome))
    return PackTurn(outcomes, None, default_named and default_fits)


def _admits(pack: Pack, releases: list[str]) -> bool:
    return all(covers_release(pack.data.scope.versions, r) for r in releases)
