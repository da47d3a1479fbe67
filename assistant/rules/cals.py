"""How many CALs come with server copies, how they add up, and what is left to buy."""

from __future__ import annotations

from assistant.models.situation import CalPurchase, ServerLine
from assistant.models.terms import Channel, Edition
from assistant.rules.finding import Finding, plural
from assistant.rules.registry import parameter, rule

INCLUDED = rule("included-cals")

POOLING = rule("cals-pool")

SHORTFALL = rule("shortfall")


def _per_copy(edition: Edition) -> int:
    """CALs each retail (FPP) or OEM copy of an edition includes (the pack's parameters)."""
    return parameter("cals_with_standard" if edition is Edition.standard else "cals_with_enterprise")


_EDITION_DEFAULT = Edition.standard


def cals_per_copy(channel: Channel | None, edition: Edition | None, stated: int | None, copies: int) -> Finding:
    """CALs that come with one copy, from what the person said or from the channel and edition."""
    if stated is not None:
        if channel is Channel.volume and stated > 0:
            # The notes are plain: a volume-licensed copy comes with no CALs, whatever was said of it.
            return Finding(
                parameter("cals_with_volume_copy"),
                steps=(
                    INCLUDED.step(
                        f"You said each copy comes with {plural(stated, 'CAL')}, but copies bought under volume "
                        "licensing include none: 0 CALs. Check your paperwork for CALs bought separately.",
                        "volume-includes-none",
                        "volume-program-no-cals",
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
                    "not-all-include-cals",
                    "volume-program-no-cals",
                ),
            ),
            rules=(INCLUDED,),
        )
    if channel is Channel.volume:
        return Finding(
            parameter("cals_with_volume_copy"),
            steps=(
                INCLUDED.step(
                    "Copies bought under volume licensing include no CALs.",
                    "volume-includes-none",
                    "volume-program-no-cals",
                ),
            ),
            rules=(INCLUDED,),
        )
    chosen = edition or _EDITION_DEFAULT
    value = _per_copy(chosen)
    other = Edition.enterprise if chosen is Edition.standard else Edition.standard
    channel_name = {Channel.oem: "OEM", Channel.fpp: "Retail (FPP)", None: "Retail (FPP) and OEM"}[channel]
    clauses = (
        ["fpp-oem-include-5-or-25", "asker-oem-5-cals"]
        if channel is Channel.oem and chosen is Edition.standard
        else ["fpp-oem-include-5-or-25"]
    )
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
                "volume-includes-none",
                "volume-program-no-cals",
            )
        )
    if edition is None:
        assumptions.append(
            INCLUDED.assume(
                f"The copies are the {chosen.value} edition.",
                f"{other.value} copies include {_per_copy(other)} CALs each: {copies * _per_copy(other)} in all.",
                "fpp-oem-include-5-or-25",
            )
        )
    if channel is Channel.fpp:
        assumptions.append(
            INCLUDED.assume(
                f"Each retail box includes the usual {value}.",
                "Jay Michaud says a retail box may include 5, 10 or 25: count what the box states.",
                "volume-program-no-cals",
            )
        )
    return Finding(value, steps=steps, assumptions=tuple(assumptions), rules=(INCLUDED,))


def pooled(copies: int, per_copy: Finding, separate: int | None = None) -> Finding:
    """All the CALs owned: each copy's CALs plus any bought separately, in one pool."""
    included = copies * per_copy.value
    step = POOLING.step(
        f"{plural(copies, 'copy', 'copies')} × {plural(per_copy.value, 'CAL')} = {plural(included, 'CAL')}; "
        "CALs add up however they were obtained.",
        "two-licences-10-cals",
        "obtained-separately",
    )
    total = per_copy.plus(Finding(included, steps=(step,), rules=(POOLING,)), value=included)
    if separate:
        total = total.plus(
            Finding(
                included + separate,
                steps=(
                    POOLING.step(
                        f"{plural(included, 'CAL')} + {separate} bought separately = {plural(included + separate, 'CAL')}.",
                        "obtained-separately",
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
            "not-all-include-cals",
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
                        POOLING.step(
                            f"{line.label()} × {plural(per, 'CAL')} = {plural(found.value, 'CAL')}.",
                            "two-licences-10-cals",
                        ),
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
                steps=(POOLING.step(f"{plural(p.cals, kind + 'CAL')} bought on their own.", "obtained-separately"),),
                rules=(POOLING,),
            )
        )
    total = sum(f.value for f in parts)
    terms = " + ".join(str(f.value) for f in parts)
    summed = Finding(
        total,
        steps=(
            POOLING.step(
                f"{terms} = {plural(total, 'CAL')}; CALs add up however they were obtained.",
                "two-licences-10-cals",
                "obtained-separately",
            ),
        ),
        rules=(POOLING,),
    )
    head, *rest = parts
    return head.plus(*rest, summed, value=total)


def volume_copies_none() -> Finding:
    return Finding(
        parameter("cals_with_volume_copy"),
        steps=(
            INCLUDED.step(
                "Copies bought under volume licensing include no CALs: the CALs you have are those bought on "
                "their own.",
                "volume-includes-none",
                "volume-program-no-cals",
            ),
        ),
        rules=(INCLUDED,),
    )


def stated_total(cals: int) -> Finding:
    return Finding(
        cals,
        steps=(POOLING.step(f"You have {plural(cals, 'CAL')} in all, in one pool.", "obtained-separately"),),
        rules=(POOLING,),
    )


def to_buy(needed: Finding, owned: Finding) -> Finding:
    """CALs still to buy (value) after pooling what is owned."""
    short = max(needed.value - owned.value, 0)
    if short:
        text = f"{needed.value} needed − {owned.value} owned = {plural(short, 'CAL')} to buy."
    else:
        text = f"{owned.value} owned covers the {needed.value} needed: nothing to buy ({owned.value - needed.value} spare)."
    return owned.plus(
        needed, Finding(short, steps=(SHORTFALL.step(text, "two-licences-10-cals"),), rules=(SHORTFALL,)), value=short
    )
