"""Yes/no rules: reassigning CALs, administrators, and the disputed admin CAL."""

from __future__ import annotations

from assistant.models.reply import Dispute
from assistant.rules.finding import Finding
from assistant.rules.registry import rule

REASSIGN = rule(
    "reassignment",
    "A CAL may be reassigned, permanently or temporarily",
    "A CAL may move from one user to another or one device to another: permanently, or temporarily "
    "to a loaner device while a permanent one is out of service, or to a temporary worker while a "
    "regular employee is absent.",
    (
        "a1.6",
        "You can, however, reassign a Windows CAL from one device to another device or from one user to another user",
    ),
    ("a1.6", "(a) permanently away from the one device or user"),
    (
        "a1.6",
        "(b) temporarily to accommodate the use of the Windows CAL either by a loaner device, while a permanent device is out of service, or by a temporary worker, while a regular employee is absent",
    ),
    (
        "a2.13",
        "This license follows the user/device around but is unique to that user/device and a tad complicated to reallocate.",
    ),
)

ADMINS = rule(
    "administrators",
    "Up to 2 administrators need no CALs, for administration only",
    "Up to 2 administrators may access a server without CALs, as long as that access is only for administration.",
    ("a2.15", "You are also always allowed to have up to 2 administrators accessing a server without any CALs at all"),
    ("a2.15", "as long as those users/devices/connections are only for administration and not actual user scenarios"),
    ("a5.c3.1", "Don't need a CAL for administrative access as far as I know."),
)

ADMIN_DISPUTE = rule(
    "disputed-admin-cal",
    "Disputed: must one CAL be kept for the administrator?",
    "Wayne says 5 CALs mean 4 simultaneous users, one CAL being reserved for an administrator; "
    "Oskar Duveborn (accepted answer) says administrators need no CALs, and Microsoft's reply counts "
    "all 10 CALs as 10 users. Shown as disputed; answers follow the accepted answer and Microsoft.",
    (
        "a5.2",
        "5 CAL's == 4 simultaneous users || 4 simultaneous devices (reserve 1 CAL for an administrator to login to the console)",
    ),
    ("a5.3", "Now with 2 servers, that is still only 4 users per server"),
    ("a2.15", "You are also always allowed to have up to 2 administrators accessing a server without any CALs at all"),
    ("a5.c3.1", "Don't need a CAL for administrative access as far as I know."),
    ("a4.3", "Then all 10 users will be able to access both the Windows Server 2003."),
)

ADMINS_WITHOUT_CALS = 2


def admin_dispute() -> Dispute:
    return Dispute(
        claim='Must one CAL be kept back for an administrator ("5 CALs == 4 simultaneous users")?',
        sides=[
            ADMIN_DISPUTE.side(
                "Yes: Wayne reserves 1 CAL for an administrator, so 5 CALs serve 4 simultaneous users per server.",
                "a5.2",
                "a5.3",
            ),
            ADMIN_DISPUTE.side(
                "No: up to 2 administrators need no CAL (Oskar Duveborn, accepted answer), and Microsoft's reply "
                "counts every CAL as a user.",
                "a2.15",
                "a5.c3.1",
                "a4.3",
            ),
        ],
    )


def admin_exemption() -> Finding:
    """The administrator allowance, stated as an assumption of a count of users."""
    return Finding(
        ADMINS_WITHOUT_CALS,
        assumptions=(
            ADMINS.assume(
                "Your count is of people who use the servers for their work.",
                "Up to 2 administrators may also access a server without CALs, for administration only.",
                "a2.15",
            ),
        ),
        disputes=(admin_dispute(),),
        rules=(ADMINS, ADMIN_DISPUTE),
    )


def administrators(admins: int | None) -> Finding:
    """How many of `admins` administrators need no CAL (value), with the dispute shown."""
    exempt = ADMINS_WITHOUT_CALS if admins is None else min(admins, ADMINS_WITHOUT_CALS)
    steps = [
        ADMINS.step(
            "Up to 2 administrators may access a server without any CALs, as long as that access is only "
            "for administration, not ordinary use.",
            "a2.15",
            "a5.c3.1",
        )
    ]
    if admins is not None and admins > ADMINS_WITHOUT_CALS:
        steps.append(
            ADMINS.step(
                f"With {admins} administrators, {admins - ADMINS_WITHOUT_CALS} of them need a CAL like any other user.",
                "a2.15",
            )
        )
    return Finding(exempt, steps=tuple(steps), disputes=(admin_dispute(),), rules=(ADMINS, ADMIN_DISPUTE))


def reassignment() -> Finding:
    return Finding(
        1,
        steps=(
            REASSIGN.step(
                "A CAL can be reassigned from one user to another, or one device to another.",
                "a1.6",
            ),
            REASSIGN.step(
                "Permanently (for example from a departed employee to the new hire), or temporarily: to a loaner "
                "device while a permanent device is out of service, or to a temporary worker while a regular "
                "employee is absent.",
                "a1.6",
            ),
        ),
        assumptions=(
            REASSIGN.assume(
                "The move is a real reassignment, not sharing one CAL back and forth.",
                "Oskar Duveborn notes a CAL is unique to its user or device and a tad complicated to reallocate.",
                "a2.13",
            ),
        ),
        rules=(REASSIGN,),
    )


def disputes_touching(clauses: set[str]) -> list[Dispute]:
    """The disputes one of whose sides rests on any of these clauses (so a passage quoting it is never
    shown as plain support)."""
    found = []
    for dispute in (admin_dispute(),):
        if any(set(side.clauses) & clauses for side in dispute.sides):
            found.append(dispute)
    return found
