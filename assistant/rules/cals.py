"""How many CALs come with server copies, how they add up, and what is left to buy."""

from __future__ import annotations

from assistant.models.situation import CalPurchase, ServerLine
from assistant.models.terms import Channel, Edition
from assistant.rules.finding import Finding, plural
from assistant.rules.registry import rule

INCLUDED = rule(
    "included-cals",
    "CALs included with each server copy",
    "Retail (FPP) and OEM copies include 5 CALs with Standard and 25 with Enterprise; "
    "copies bought under volume licensing (Open, Select, Enterprise agreement...) include none.",
    ("a2.c3.2", "You get 5 with Standard and 25 with Enterprise if you buy through FPP or OEM channels."),
    ("a2.c3.1", "You get NO CALs with a server if you buy through any volume licensing channel"),
    ("a3.1", "If, however, you purchase Windows Server under a volume licensing program, no CALs are included."),
    ("a3.1", "it may include some number of user or device CALs (probably 5, 10, or 25)"),
    ("q.1", "My OEM copies of Server 2003 or Server 2008 are supplied with 5 CALS"),
    ("a2.1", "not all kinds of Windows Server licenses include CALs"),
)

POOLING = rule(
    "cals-pool",
    "CALs pool across copies, however they were obtained",
    "The CALs of several copies add up: two copies that each include 5 CALs give 10 CALs, "
    "and it does not matter that they were obtained separately.",
    ("a2.4", "If you buy two Server licenses which both explicitly includes 5 CALs, you've then got 10 CALs."),
    ("a4.4", "It doesn’t matter if you obtained the CALs separately (i.e. 5 CALs each) for both the servers."),
    ("a4.3", "Yes that is correct if you had 2 Windows Server 2003 and 10 Windows Server 2003 User CALs."),
)

SHORTFALL = rule(
    "shortfall",
    "CALs still to buy",
    "The CALs to buy are those needed minus those owned (owned CALs pool across copies); "
    "if more are owned than needed, none are to buy.",
    ("a2.4", "If you buy two Server licenses which both explicitly includes 5 CALs, you've then got 10 CALs."),
)

_PER_COPY = {Edition.standard: 5, Edition.enterprise: 25}
_EDITION_DEFAULT = Edition.standard


def cals_per_copy(channel: Channel | None, edition: Edition | None, stated: int | None, copies: int) -> Finding:
    """CALs that come with one copy, from what the person said or from the channel and edition."""
    if stated is not None:
        if channel is Channel.volume and stated > 0:
            # The notes are plain: a volume-licensed copy comes with no CALs, whatever was said of it.
            return Finding(
                0,
                steps=(
                    INCLUDED.step(
                        f"You said each copy comes with {plural(stated, 'CAL')}, but copies bought under volume "
                        "licensing include none: 0 CALs. Check your paperwork for CALs bought separately.",
                        "a2.c3.1",
                        "a3.1",
                    ),
                ),
                rules=(INCLUDED,),
            )
        return Finding(
            stated,
            steps=(INCLUDED.step(f"Each copy includes {plural(stated, 'CAL')}, as you said."),),
            assumptions=(
                INCLUDED.assume(
                    f"Each copy really includes {plural(stated, 'CAL')} (not every licence includes CALs).",
                    "Copies bought under volume licensing include none, so the CALs would come only from "
                    "what you bought separately.",
                    "a2.1",
                    "a3.1",
                ),
            ),
            rules=(INCLUDED,),
        )
    if channel is Channel.volume:
        return Finding(
            0,
            steps=(INCLUDED.step("Copies bought under volume licensing include no CALs.", "a2.c3.1", "a3.1"),),
            rules=(INCLUDED,),
        )
    chosen = edition or _EDITION_DEFAULT
    value = _PER_COPY[chosen]
    other = Edition.enterprise if chosen is Edition.standard else Edition.standard
    channel_name = {Channel.oem: "OEM", Channel.fpp: "Retail (FPP)", None: "Retail (FPP) and OEM"}[channel]
    clauses = ["a2.c3.2", "q.1"] if channel is Channel.oem and chosen is Edition.standard else ["a2.c3.2"]
    steps = (
        INCLUDED.step(
            f"{channel_name} copies of {chosen.value} include {plural(value, 'CAL')} each.",
            *clauses,
        ),
    )
    assumptions = []
    if channel is None:
        assumptions.append(
            INCLUDED.assume(
                "The copies were bought as retail (FPP) or OEM copies.",
                f"Under volume licensing (Open, Select, Enterprise agreement) they include no CALs: "
                f"0 instead of {copies * value}.",
                "a2.c3.1",
                "a3.1",
            )
        )
    if edition is None:
        assumptions.append(
            INCLUDED.assume(
                f"The copies are the {chosen.value} edition.",
                f"{other.value} copies include {_PER_COPY[other]} CALs each: {copies * _PER_COPY[other]} in all.",
                "a2.c3.2",
            )
        )
    if channel is Channel.fpp:
        assumptions.append(
            INCLUDED.assume(
                f"Each retail box includes the usual {value}.",
                "Jay Michaud says a retail box may include 5, 10 or 25: count what the box states.",
                "a3.1",
            )
        )
    return Finding(value, steps=steps, assumptions=tuple(assumptions), rules=(INCLUDED,))


def pooled(copies: int, per_copy: Finding, separate: int | None = None) -> Finding:
    """All the CALs owned: each copy's CALs plus any bought separately, in one pool."""
    included = copies * per_copy.value
    step = POOLING.step(
        f"{plural(copies, 'copy', 'copies')} × {plural(per_copy.value, 'CAL')} = {plural(included, 'CAL')}; "
        "CALs add up however they were obtained.",
        "a2.4",
        "a4.4",
    )
    total = per_copy.plus(Finding(included, steps=(step,), rules=(POOLING,)), value=included)
    if separate:
        total = total.plus(
            Finding(
                included + separate,
                steps=(
                    POOLING.step(
                        f"{plural(included, 'CAL')} + {separate} bought separately = {plural(included + separate, 'CAL')}.",
                        "a4.4",
                    ),
                ),
                rules=(POOLING,),
            ),
            value=included + separate,
        )
    return total


def line_cals(line: ServerLine) -> Finding:
    """CALs that came with one line of copies (value: for the whole line)."""
    if line.cals_in_all is not None:
        step = INCLUDED.step(f"{line.label()} came with {plural(line.cals_in_all, 'CAL')} in all, as you said.")
        assumption = INCLUDED.assume(
            f"The {plural(line.cals_in_all, 'CAL')} are for all {line.copies} copies together.",
            f"If each copy came with {line.cals_in_all}, the copies brought {line.copies * line.cals_in_all}.",
            "a2.1",
        )
        return Finding(line.cals_in_all, steps=(step,), assumptions=(assumption,), rules=(INCLUDED,))
    per = cals_per_copy(line.channel, line.edition, line.cals_each, line.copies)
    return per.plus(value=line.copies * per.value)


def pooled_lines(lines: list[ServerLine], purchases: list[CalPurchase]) -> Finding:
    """All the CALs owned: every line's, plus those bought on their own, in one pool."""
    if len(lines) == 1 and lines[0].cals_in_all is None:
        line = lines[0]
        per = cals_per_copy(line.channel, line.edition, line.cals_each, line.copies)
        bought = sum(p.cals for p in purchases)
        return pooled(line.copies, per, bought or None)
    parts: list[Finding] = []
    for line in lines:
        found = line_cals(line)
        if line.cals_in_all is None:
            per = found.value // line.copies if line.copies else 0
            found = found.plus(
                Finding(
                    found.value,
                    steps=(
                        POOLING.step(f"{line.label()} × {plural(per, 'CAL')} = {plural(found.value, 'CAL')}.", "a2.4"),
                    ),
                    rules=(POOLING,),
                ),
                value=found.value,
            )
        parts.append(found)
    for p in purchases:
        kind = f"{p.cal_type.value} " if p.cal_type else ""
        parts.append(
            Finding(
                p.cals,
                steps=(POOLING.step(f"{plural(p.cals, kind + 'CAL')} bought on their own.", "a4.4"),),
                rules=(POOLING,),
            )
        )
    total = sum(f.value for f in parts)
    terms = " + ".join(str(f.value) for f in parts)
    summed = Finding(
        total,
        steps=(
            POOLING.step(f"{terms} = {plural(total, 'CAL')}; CALs add up however they were obtained.", "a2.4", "a4.4"),
        ),
        rules=(POOLING,),
    )
    head, *rest = parts
    return head.plus(*rest, summed, value=total)


def volume_copies_none() -> Finding:
    return Finding(
        0,
        steps=(
            INCLUDED.step(
                "Copies bought under volume licensing include no CALs: the CALs you have are those bought on "
                "their own.",
                "a2.c3.1",
                "a3.1",
            ),
        ),
        rules=(INCLUDED,),
    )


def stated_total(cals: int) -> Finding:
    return Finding(
        cals, steps=(POOLING.step(f"You have {plural(cals, 'CAL')} in all, in one pool.", "a4.4"),), rules=(POOLING,)
    )


def to_buy(needed: Finding, owned: Finding) -> Finding:
    """CALs still to buy (value) after pooling what is owned."""
    short = max(needed.value - owned.value, 0)
    if short:
        text = f"{needed.value} needed − {owned.value} owned = {plural(short, 'CAL')} to buy."
    else:
        text = f"{owned.value} owned covers the {needed.value} needed: nothing to buy ({owned.value - needed.value} spare)."
    return owned.plus(needed, Finding(short, steps=(SHORTFALL.step(text, "a2.4"),), rules=(SHORTFALL,)), value=short)
