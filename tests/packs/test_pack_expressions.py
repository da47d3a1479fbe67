"""The expression language of packs: whole numbers and a few operators, parsed and never executed."""

from __future__ import annotations

import pytest

from assistant.packs.expressions import MAX_CHARS, ExpressionError, Missing, Undefined, parse

FACTS: dict[str, int | str] = {"users": 45, "devices": 15, "vms": 5, "mode": "per user", "zero": 0}


def value(source: str, facts: dict[str, int | str] = FACTS) -> int | str | bool:
    return parse(source).evaluate(facts.get)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("users - devices", 30),
        ("users // 2", 22),
        ("users % 7", 3),
        ("-devices + 1", -14),
        ("min(users, devices, 20)", 15),
        ("max(users, devices)", 45),
        ("min(vms)", 5),
        ("ceil_div(vms, 2)", 3),
        ("ceil_div(16, 2)", 8),
        ("ceil_div(0, 2)", 0),
        ("known(users)", True),
        ("known(absent)", False),
        ("users > devices", True),
        ("devices >= 16", False),
        ("1 < vms < 6", True),
        ("1 < vms < 5", False),
        ("mode == 'per user'", True),
        ("mode != 'per user'", False),
        ("users if mode == 'per user' else devices", 45),
        ("users if mode == 'per device' else devices", 15),
        ("not known(absent)", True),
        ("known(users) and users > 40", True),
        ("'yes'", "yes"),
    ],
)
def test_evaluates(source: str, expected: int | str | bool) -> None:
    assert value(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # The right side is never read once the left decides: no Missing for `absent`.
        ("zero and absent", 0),
        ("known(absent) and absent > 1", False),
        ("users or absent", 45),
        ("not known(absent) or absent", True),
        ("absent if zero else 7", 7),
    ],
)
def test_and_or_if_short_circuit(source: str, expected: int | bool) -> None:
    assert value(source) == expected


@pytest.mark.parametrize(
    "source", ["absent", "absent + 1", "users and absent", "zero or absent", "min(users, absent)", "absent > 2"]
)
def test_unknown_name_raises_missing_naming_it(source: str) -> None:
    with pytest.raises(Missing) as caught:
        value(source)
    assert caught.value.name == "absent"


@pytest.mark.parametrize("source", ["users // zero", "users % zero", "ceil_div(users, zero)", "users // (vms - 5)"])
def test_division_by_zero_is_undefined(source: str) -> None:
    with pytest.raises(Undefined):
        value(source)


@pytest.mark.parametrize("source", ["mode + 1", "mode * 2", "mode < 3", "max(mode, 1)", "-mode"])
def test_words_are_not_numbers(source: str) -> None:
    with pytest.raises(Undefined):
        value(source)


def test_names_lists_every_name_read_inside_known_too() -> None:
    assert parse("min(users, devices) if known(vms) else ceil_div(cores, 2)").names == {
        "users",
        "devices",
        "vms",
        "cores",
    }


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("a.b", "Attribute"),
        ("().__class__", "Attribute"),
        ("__import__('os')", "cannot be called: only min, max, ceil_div, known"),
        ("eval('1 + 1')", "cannot be called: only min, max, ceil_div, known"),
        ("exec('x = 1')", "cannot be called: only min, max, ceil_div, known"),
        ("open('/etc/passwd')", "cannot be called: only min, max, ceil_div, known"),
        ("users.bit_length()", "cannot be called: only min, max, ceil_div, known"),
        ("max(users, key=abs)", "cannot be called: only min, max, ceil_div, known"),
        ("lambda: 1", "Lambda"),
        ("users[0]", "Subscript"),
        ("[users]", "List"),
        ("(x for x in users)", "GeneratorExp"),
        ("f'{users}'", "JoinedStr"),
        ("min(*users)", "Starred"),
        ("2 ** 3", "Pow"),
        ("users / 2", "Div"),
        ("users << 1", "LShift"),
        ("users & 1", "BitAnd"),
        ("~users", "Invert"),
        ("users in (1, 2)", "comparisons"),
        ("users is 1", "comparisons"),
        ("1.5", "whole numbers"),
        ("1j", "whole numbers"),
        ("b'x'", "whole numbers"),
        ("True", "whole numbers"),
        ("False", "whole numbers"),
        ("None", "whole numbers"),
        ("min", "is a function"),
        ("known(1)", "known() takes one name"),
        ("known(users, devices)", "known() takes one name"),
        ("ceil_div(7)", "ceil_div() takes two"),
        ("ceil_div(7, 2, 1)", "ceil_div() takes two"),
        ("max()", "at least one value"),
        ("users = 1", "cannot read"),
        ("users := 1", "cannot read"),
        ("1; 2", "cannot read"),
        ("1 +", "cannot read"),
    ],
)
def test_parse_rejects(source: str, says: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert says in str(caught.value)


def test_too_long_is_rejected_before_parsing() -> None:
    name = "n" * (MAX_CHARS - 4)
    assert parse(f"{name} + 1").evaluate({name: 1}.get) == 2  # exactly the limit: fine
    with pytest.raises(ExpressionError, match="longer than"):
        parse(f"{name} +  1")
    with pytest.raises(ExpressionError, match="longer than"):
        parse("1" + " " * MAX_CHARS)  # counted as written, before spaces are trimmed


@pytest.mark.parametrize(
    "source",
    [
        "1" + "+1" * 60,  # a chain of 60 additions is 60 levels of tree
        "-" * 60 + "1",
        "not " * 60 + "1",
        "(" * 300 + "1" + ")" * 300,  # beyond what Python's parser nests
    ],
)
def test_deep_nesting_is_an_expression_error(source: str) -> None:
    with pytest.raises(ExpressionError):
        parse(source)


def test_moderate_nesting_is_fine() -> None:
    assert value("1" + "+1" * 30) == 31
    assert value("(" * 30 + "users" + ")" * 30) == 45  # parentheses alone add no depth


def test_parse_never_executes() -> None:
    """Parsing and evaluating a rejected call must not have run it (nothing was imported or opened)."""
    import sys

    before = set(sys.modules)
    with pytest.raises(ExpressionError):
        parse("__import__('this')")
    assert "this" not in set(sys.modules) - before
