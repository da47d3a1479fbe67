"""The facts each kind of question needs, and the question to ask for each: declared in the pack
(its `questions:` with `needs:`, and its `asks:`), read here.

Like a form with required slots: before a question is answered, the first fact
it needs that the situation does not hold is asked for — with one short
question — and the conversation remembers which fact it asked, so a bare "25"
fills it. Nothing is ever filled with a default; a fact given only vaguely ("a
few users") is asked for too.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.models.situation import Situation
from assistant.models.terms import CalType, Mode
from assistant.models.understanding import Intent
from assistant.rules.registry import active


@dataclass(frozen=True)
class Ask:
    fact: str  # a key of the pack's `asks:`: what a bare number answers
    question: str


def asking(fact: str) -> Ask:
    """The pack's clarifying question for a fact (`asks:` in the pack)."""
    return Ask(fact, active().data.asks[fact].question)


def required(intent: Intent) -> tuple[str, ...]:
    """What a question needs, in the order it is asked for (`needs:` of the pack's question). "people"
    is whoever the CALs are counted for: users or devices (by the CAL type), or concurrent connections
    in per server mode."""
    question = next((q for q in active().data.questions if q.id == intent.value), None)
    return tuple(question.needs) if question is not None else ()


def _known(s: Situation, fact: str) -> bool:
    if fact in s.vague:
        return False
    if fact == "copies":
        return bool(s.lines) or s.servers is not None
    if fact == "cals_owned":
        return s.says_what_is_owned() and "copies" not in s.vague
    if fact == "servers":
        return s.server_count is not None
    return getattr(s, fact, None) is not None


def people_fact(s: Situation) -> str:
    """Which count "people" means for this situation."""
    if s.mode is Mode.per_server:
        return "connections"
    if s.cal_type is CalType.device:
        return "devices"
    if s.cal_type is CalType.user:
        return "users"
    return "users_or_devices"


def missing(intent: Intent, s: Situation) -> Ask | None:
    """The first fact `intent` needs that `s` does not hold, or None when all are known."""
    for fact in required(intent):
        if fact == "people":
            wanted = people_fact(s)
            more = f"{wanted}_more" if wanted in ("users", "devices") else "users_more"
            if more in s.vague:
                return asking(more)  # "… and a handful of sales guys too": how many more
            if wanted == "connections":
                # Per server mode: peak connections, or the users as the worst case (stated as an assumption).
                if s.peaks:
                    continue  # each server's peak, as given
                if s.connections is None and s.users is None and s.devices is None:
                    return asking("connections")
                if s.server_count is None:
                    return asking("servers")
                continue
            if wanted == "users_or_devices":
                if "devices" in s.vague and s.devices is None:
                    return asking("devices")  # some devices told, others not: the cheaper CAL needs them all
                if s.users is None and s.devices is None:
                    vague = [k for k in ("users", "devices") if k in s.vague]
                    return asking(vague[0] if vague else wanted)
                continue
            if getattr(s, wanted) is None:
                return asking(wanted)
            continue
        if not _known(s, fact):
            if fact == "cals_owned" and "copies" in s.vague:
                return asking("copies")  # "our servers came with CALs": how many servers is what is missing
            if fact == "cals_owned" and s.lines and not s.purchases:
                return asking("cals_bought")  # the copies are known; the packs bought beside them are not
            return asking(fact)
    return None


def vague_note(s: Situation, ask: Ask) -> str | None:
    """When the fact asked for was given only vaguely, what was said ("a few")."""
    keys = ("users", "devices") if ask.fact == "users_or_devices" else (ask.fact,)
    keys = (*keys, *(k for k in ("users_more", "devices_more") if ask.fact == k))
    for key in keys:
        if key == "devices" and key in s.vague and (s.users is not None):
            return f'Some devices were given without a number ("{s.vague[key]}"): I need how many there are in all.'
        if key in s.vague:
            return f'You said "{s.vague[key]}": I need the number.'
    return None
