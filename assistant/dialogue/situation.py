"""Applying a turn's `Update` to the situation a conversation holds.

Facts carry across turns; a later value replaces an earlier one; "10 more users"
adds to the users known; a correction names the copies it changes ("two of them
are actually Enterprise") and changes only those; "what if they were
Enterprise?" changes every line. A new question that gives a different value for
something already known starts a new scenario, so numbers from an earlier one
cannot leak into it.
"""

from __future__ import annotations

from assistant.models.situation import Change, LineEdit, ServerLine, Situation, Update

_COUNTS = ("servers", "users", "devices", "connections", "admins", "cals_owned")


def conflicts(situation: Situation, update: Update) -> bool:
    """Does the update give another value for something the situation already holds?"""
    for name, value in update.counts.items():
        known = getattr(situation, name)
        if known is not None and known != value and name not in update.keeps:
            return True
    if update.lines and situation.lines and update.lines != situation.lines:
        return True
    return bool(update.parts) and _fits(situation.lines, update.parts) is False


def _replaced(s: Situation, replaces: dict[int, int]) -> Situation:
    """ "it's 6 not 8": the one count that was 8 becomes 6. When no count, or several, had the old value,
    nothing changes (which one was meant is unclear)."""
    for old, new in replaces.items():
        last = s.last_change
        if last is not None and abs(last.by) == old and last.fact in _COUNTS and getattr(s, last.fact) is not None:
            # "8 more join" … "it's 6 not 8": the change was 6
            by = new if last.by > 0 else -new
            value = getattr(s, last.fact) - last.by + by
            s = s.model_copy(update={last.fact: value, "last_change": last.model_copy(update={"by": by})})
            continue
        names = [name for name in _COUNTS if getattr(s, name) == old]
        if len(names) == 1:
            s = s.model_copy(update={names[0]: new})
    return s


def _fits(lines: list[ServerLine], parts: list[ServerLine]) -> bool | None:
    """Do the parts fit inside the copies known (None when no copies are known)?"""
    if not lines:
        return None
    return sum(p.copies for p in parts) <= sum(line.copies for line in lines)


def apply(situation: Situation, update: Update, *, adds: bool = False, correction: bool = False) -> Situation:
    """The situation after a turn.

    `adds`: the turn's lines and CAL purchases come on top of those known ("we also bought…");
    otherwise lines given replace the inventory (a correction of a single line keeps its terms).
    """
    s = _replaced(situation, update.replaces)
    data: dict[str, object] = {}
    lines = list(s.lines)
    if update.lines:
        if adds:
            lines += update.lines
        elif correction and len(lines) == 1 and len(update.lines) == 1:
            lines = [_corrected(lines[0], update.lines[0])]
        else:
            lines = list(update.lines)
    edition, channel = s.edition, s.channel
    if not update.lines and "servers" in update.counts and len(lines) == 1 and s.servers is None:
        # Copies and servers are one count unless told apart: "make it 3 servers" changes the copies.
        lines = [lines[0].model_copy(update={"copies": update.counts["servers"]})]
    if update.parts:
        if adds or _fits(lines, update.parts) is not True:
            lines = [*lines, *update.parts] if adds else list(update.parts)
        else:
            for part in update.parts:
                lines = _edited(lines, LineEdit(copies=part.copies, edition=part.edition, channel=part.channel))
    for edit in update.edits:
        if edit.copies is None and not lines:
            # Terms said before any copies: kept for the copies given later.
            edition, channel = edit.edition or edition, edit.channel or channel
            continue
        lines = _edited(lines, edit)
    if edition or channel:
        lines = [
            line.model_copy(update={"edition": line.edition or edition, "channel": line.channel or channel})
            for line in lines
        ]
    data["lines"] = lines
    data["edition"], data["channel"] = edition, channel
    if update.purchases and s.cals_owned is not None and not update.counts.get("cals_owned"):
        # "what if we bought 6 more?" beside a total said before: the total grows
        data["cals_owned"] = s.cals_owned + sum(p.cals for p in update.purchases)
    elif update.purchases:
        data["purchases"] = [*s.purchases, *update.purchases] if adds else list(update.purchases)
    counts = {name: getattr(s, name) for name in _COUNTS}
    counts.update({k: v for k, v in update.counts.items() if not (k in update.keeps and counts.get(k) is not None)})
    given = set(update.counts)
    if update.lines or update.parts:
        given.add("copies")
    if update.purchases or "cals_owned" in update.counts:
        given.add("cals_owned")
    given |= {f"{c.fact}_more" for c in update.changes if c.fact in ("users", "devices")}
    vague = {k: v for k, v in s.vague.items() if k not in given}
    last_change = s.last_change
    for change in update.changes:
        if change.fact == "last":
            if last_change is None:
                continue
            if correction and counts.get(last_change.fact) is not None:
                counts[last_change.fact] -= last_change.by  # the corrected change no longer holds
            change = Change(fact=last_change.fact, by=change.by if last_change.by > 0 else -abs(change.by))
        last_change = change
        base = counts.get(change.fact)
        if base is None and change.soft:
            counts[change.fact] = change.by
            continue
        if base is None:
            verb = "more" if change.by > 0 else "fewer"
            vague[change.fact] = f"{abs(change.by)} {verb}"
            continue
        counts[change.fact] = max(base + change.by, 0)
    vague.update({k: v for k, v in update.vague.items() if counts.get(k) is None})
    if update.all_at_once and counts.get("connections") is None:
        people = counts.get("users") if counts.get("users") is not None else counts.get("devices")
        if people is not None:
            counts["connections"] = people
    if update.admins_are_users and counts.get("admins") and counts.get("users") is not None:
        counts["users"] += counts["admins"]  # the administrators do ordinary work too: they need CALs
        counts["admins"] = None
    if "cals_owned" in data:
        counts.pop("cals_owned", None)
    data.update(counts)
    data["vague"] = vague
    data["last_change"] = last_change
    if update.allocation:
        data["allocation"] = list(update.allocation)
    if update.peaks:
        data["peaks"] = list(update.peaks)
    for name in ("mode", "cal_type", "product"):
        value = getattr(update, name)
        if value is not None:
            data[name] = value
    return s.model_copy(update=data)


def _corrected(old: ServerLine, new: ServerLine) -> ServerLine:
    """ "make it 3 copies": the new count, keeping the terms the new line does not restate."""
    changed_kind = (new.edition is not None and new.edition != old.edition) or (
        new.channel is not None and new.channel != old.channel
    )
    return ServerLine(
        copies=new.copies,
        edition=new.edition or old.edition,
        channel=new.channel or old.channel,
        version=new.version or old.version,
        cals_each=new.cals_each if new.cals_each is not None else (None if changed_kind else old.cals_each),
        cals_in_all=new.cals_in_all,
    )


def _edited(lines: list[ServerLine], edit: LineEdit) -> list[ServerLine]:
    """Lines after an edit: of every line (copies None), of the copies it names, or of the rest."""
    if not lines:
        return [] if edit.copies is None else [ServerLine(copies=edit.copies, **_terms(edit))]
    if edit.copies is None:
        return [_retermed(line, edit) if _selected(line, edit) else line for line in lines]
    # Take the named copies from the line that holds enough of them, differs from the edit, and shares
    # most with it ("the Enterprise one had been bought under Select": the Enterprise line).
    out = list(lines)
    candidates = [
        (_shared(line, edit), -i, i)
        for i, line in enumerate(out)
        if line.copies >= edit.copies and _retermed(line, edit) != line
    ]
    for _score, _order, i in sorted(candidates, reverse=True)[:1]:
        line = out[i]
        part = _retermed(line.model_copy(update={"copies": edit.copies, "cals_in_all": None}), edit)
        rest = line.copies - edit.copies
        replaced = [part] if rest == 0 else [line.model_copy(update={"copies": rest, "cals_in_all": None}), part]
        return out[:i] + replaced + out[i + 1 :]
    return out


def _selected(line: ServerLine, edit: LineEdit) -> bool:
    return (edit.where_channel is None or line.channel == edit.where_channel) and (
        edit.where_edition is None or line.edition == edit.where_edition
    )


def _shared(line: ServerLine, edit: LineEdit) -> int:
    return sum(
        1 for name in ("edition", "channel") if getattr(edit, name) and getattr(line, name) == getattr(edit, name)
    )


def _terms(edit: LineEdit) -> dict[str, object]:
    return {k: v for k, v in (("edition", edit.edition), ("channel", edit.channel), ("cals_each", edit.cals_each)) if v}


def _retermed(line: ServerLine, edit: LineEdit) -> ServerLine:
    update = _terms(edit)
    changed_kind = any(k in update and getattr(line, k) != update[k] for k in ("edition", "channel"))
    if changed_kind and "cals_each" not in update:
        # The CALs a copy came with followed from its old edition or channel.
        update["cals_each"] = None
        update["cals_in_all"] = None
    return line.model_copy(update=update)
