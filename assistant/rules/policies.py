"""Yes/no rules: reassigning CALs, administrators, and the disputed admin CAL."""

from __future__ import annotations

from assistant.models.reply import Dispute
from assistant.rules.finding import Finding
from assistant.rules.registry import active, parameter, rule

REASSIGN = rule("reassignment")

ADMINS = rule("administrators")

ADMIN_DISPUTE = rule("disputed-admin-cal")


def admins_without_cals() -> int:
    return parameter("exempt_admins")


def admin_dispute() -> Dispute:
    """The pack's dispute over a CAL kept back for the administrator, every side shown."""
    d = next(d for d in active().data.disputes if d.rule == ADMIN_DISPUTE.id)
    return Dispute(claim=d.claim, sides=[ADMIN_DISPUTE.side(side.position, *side.cites) for side in d.sides])


def admin_exemption() -> Finding:
    """The administrator allowance, stated as an assumption of a count of users."""
    exempt = admins_without_cals()
    return Finding(
        exempt,
        assumptions=(
            ADMINS.assume(
                "Your count is of people who use the servers for their work.",
                f"Up to {exempt} administrators may also access a server without CALs, for administration only.",
                "two-admins-no-cals",
            ),
        ),
        disputes=(admin_dispute(),),
        rules=(ADMINS, ADMIN_DISPUTE),
    )


def administrators(admins: int | None) -> Finding:
    """How many of `admins` administrators need no CAL (value), with the dispute shown."""
    allowed = admins_without_cals()
    exempt = allowed if admins is None else min(admins, allowed)
    steps = [
        ADMINS.step(
            f"Up to {allowed} administrators may access a server without any CALs, as long as that access is only "
            "for administration, not ordinary use.",
            "two-admins-no-cals",
            "admin-access-no-cal",
        )
    ]
    if admins is not None and admins > allowed:
        steps.append(
            ADMINS.step(
                f"With {admins} administrators, {admins - allowed} of them need a CAL like any other user.",
                "two-admins-no-cals",
            )
        )
    return Finding(exempt, steps=tuple(steps), disputes=(admin_dispute(),), rules=(ADMINS, ADMIN_DISPUTE))


def turnover() -> Finding:
    """People or PCs replaced: their CALs move on, so only the count after the changes needs CALs."""
    return Finding(
        0,
        steps=(
            REASSIGN.step(
                "The CALs of people or PCs that have gone can be reassigned permanently to their replacements, "
                "so only the count after the changes needs CALs.",
                "reassign-permanently",
            ),
        ),
        rules=(REASSIGN,),
    )


def reassignment() -> Finding:
    return Finding(
        1,
        steps=(
            REASSIGN.step(
                "A CAL can be reassigned from one user to another, or one device to another.",
                "reassign-cal",
            ),
            REASSIGN.step(
                "Permanently (for example from a departed employee to the new hire), or temporarily: to a loaner "
                "device while a permanent device is out of service, or to a temporary worker while a regular "
                "employee is absent.",
                "reassign-cal",
            ),
        ),
        assumptions=(
            REASSIGN.assume(
                "The move is a real reassignment, not sharing one CAL back and forth.",
                "Oskar Duveborn notes a CAL is unique to its user or device and a tad complicated to reallocate.",
                "follows-user-device",
            ),
        ),
        rules=(REASSIGN,),
    )
