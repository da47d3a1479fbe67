"""Loading rule packs: every mistake is one AssistantError naming the file and the line; a pack that
does not fit the notes loaded (absent, or its quotes not found once) is skipped, saying why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pack_helpers import REPO, WIDGET_NOTES, WIDGET_PACK, changed, line_of, quiet_load, write_folder

from assistant.errors import AssistantError
from assistant.packs.examples import run_examples

FILE = "widgets.pack.yaml"


def load_error(folder: Path) -> AssistantError:
    with pytest.raises(AssistantError) as caught:
        quiet_load(folder)
    error = caught.value
    assert "\n" not in str(error), str(error)
    return error


# --- the pack every case below changes in one place -------------------------------------------


def test_the_base_pack_loads_answers_and_its_example_holds(tmp_path: Path) -> None:
    assistant, notices = quiet_load(write_folder(tmp_path))
    assert notices == []
    (pack,) = assistant.packs.loaded
    assert pack.id == "widgets"
    assert pack.clause_of("every-user") == "widgets.counting.1"
    assert run_examples(assistant, pack) == []
    reply = assistant.conversation().ask("How many widget licences do 7 users need?")
    assert reply.figure("licences_needed") == 7


# --- one AssistantError naming file and line --------------------------------------------------

# (what is wrong, the pack with it, a piece of the line that must be named, words of the message)
ERRORS = [
    (
        "malformed YAML",
        changed("title: Widget licences", "title: Widget: licences"),
        "title: Widget: licences",
        "malformed YAML",
    ),
    (
        "a tab",
        changed("  phrases: [widget*]", "\tphrases: [widget*]"),
        "\tphrases",
        "malformed YAML",
    ),
    (
        "duplicate key",
        changed("title: Widget licences\n", "title: Widget licences\ntitle: Gadget licences\n"),
        "title: Gadget licences",
        "duplicate key 'title'",
    ),
    (
        "duplicate nested key",
        changed("    means: people who use widgets\n", "    means: people who use widgets\n    means: again\n"),
        "means: again",
        "duplicate key 'means'",
    ),
    (
        "unknown top-level key",
        changed("title: Widget licences\n", "title: Widget licences\ncolour: blue\n"),
        "colour: blue",
        "colour: unknown key",
    ),
    (
        "unknown key in a fact",
        changed("    ask: How many users?\n", "    ask: How many users?\n    asks: How many?\n"),
        "asks: How many?",
        "facts.users.asks: unknown key",
    ),
    (
        "missing field",
        changed("    means: people who use widgets\n", ""),
        "  users:",
        "facts.users.means",
    ),
    (
        "unknown rule in a figure",
        changed("    rule: per-user\n    cases:", "    rule: per-usr\n    cases:"),
        "rule: per-usr",
        "unknown rule 'per-usr'; did you mean: per-user",
    ),
    (
        "a rule resting on an unknown quote",
        changed("quotes: [every-user, one-each]", "quotes: [every-user, one-each, per-seat]"),
        "quotes: [every-user, one-each, per-seat]",
        "rule 'per-user' rests on an unknown quote 'per-seat'",
    ),
    (
        "a cite not among the rule's quotes",
        changed("        cites: [every-user]", "        cites: [no-prices]"),
        "cites: [no-prices]",
        "quote 'no-prices' is not one rule 'per-user' rests on",
    ),
    (
        "a cite of no quote at all",
        changed("        cites: [every-user]", "        cites: [every-seat]"),
        "cites: [every-seat]",
        "unknown quote 'every-seat'",
    ),
    (
        "an unknown function",
        changed("        value: users\n", "        value: foo(users)\n"),
        "value: foo(users)",
        "'foo' cannot be called: only min, max, ceil_div, known may be",
    ),
    (
        "an expression naming an unknown fact",
        changed("        value: users\n", "        value: userz + 1\n"),
        "value: userz + 1",
        "names unknown 'userz'",
    ),
    (
        "an unknown fact inside known()",
        changed("      - when: known(users)", "      - when: known(seats)"),
        "when: known(seats)",
        "names unknown 'seats'",
    ),
    (
        "a step naming an unknown value",
        changed('        step: "One widget licence for each user: {value}."', '        step: "{seats} seats."'),
        '"{seats} seats."',
        "text names unknown 'seats'",
    ),
    (
        "a cycle between figures",
        changed(
            "questions:\n",
            "  first:\n    means: a\n    cases:\n      - value: second + 1\n"
            "  second:\n    means: b\n    cases:\n      - value: first + 1\n"
            "questions:\n",
        ),
        "  first:",
        "figures refer to each other in a cycle: first -> second -> first",
    ),
    (
        "a figure needing itself",
        changed("        value: users\n", "        value: licences_needed + 1\n"),
        "  licences_needed:",
        "cycle: licences_needed -> licences_needed",
    ),
    (
        "a duplicate question id",
        changed(
            "examples:\n",
            "  - id: how-many\n    means: again\n    says: [[licence]]\n    answer: again\nexamples:\n",
        ),
        ("  - id: how-many", 2),
        "question 'how-many' is declared twice",
    ),
    (
        "a duplicate rule id",
        changed(
            "facts:\n",
            "  - id: per-user\n    title: again\n    statement: again\n    quotes: [one-each]\nfacts:\n",
        ),
        ("  - id: per-user", 2),
        "rule 'per-user' is declared twice",
    ),
    (
        "a case with both value and ask",
        changed("      - ask: users\n", "      - ask: users\n        value: users\n"),
        "      - ask: users",
        "a case has either 'value' (an expression) or 'ask'",
    ),
    (
        "a fact with neither said_as nor choices",
        changed('    said_as: ["{n} user"]\n', ""),
        "  users:",
        "fact 'users' needs 'said_as' (a number)",
    ),
    (
        "a phrase with unbalanced parentheses",
        changed('    said_as: ["{n} user"]', '    said_as: ["{n} (...  user"]'),
        "said_as:",
        "unbalanced ( ) in phrase '{n} (...  user'",
    ),
    (
        "a question phrase with unbalanced parentheses",
        changed("    says: [[how many, need]]", "    says: [[how many, need (more]]"),
        "says: [[how many, need (more]]",
        "unbalanced ( )",
    ),
    (
        "a fact phrase without {n}",
        changed('    said_as: ["{n} user"]', '    said_as: ["user"]'),
        "said_as:",
        "must say where the number stands",
    ),
    (
        "an example expecting an unknown figure",
        changed("    figures: {licences_needed: 3}", "    figures: {licences_wanted: 3}"),
        "figures: {licences_wanted: 3}",
        "example expects an unknown figure 'licences_wanted'",
    ),
    (
        "a question showing an unknown figure",
        changed("    shows: [licences_needed]", "    shows: [licences_wanted]"),
        "shows: [licences_wanted]",
        "question 'how-many' shows an unknown figure 'licences_wanted'",
    ),
    (
        "an unknown engine",
        changed(
            "examples:\n  - question: how-many\n    facts: {users: 3}\n",
            'engine: widget-engine\nexamples:\n  - ask: ["How many widget licences for 3 users?"]\n',
        ),
        "engine: widget-engine",
        "unknown engine 'widget-engine'",
    ),
    (
        "a quote too short to be found once",
        changed('  one-each: "Each widget licence covers exactly one user"', '  one-each: "widget licence"'),
        '  one-each: "widget licence"',
        "quote 'one-each' is too short",
    ),
    (
        "a pack id that is not an id",
        changed("pack: widgets", "pack: Widgets Pack"),
        "pack: Widgets Pack",
        "pack: an id of lower-case letters",
    ),
]


@pytest.mark.parametrize(("pack", "needle", "says"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_a_mistake_is_one_error_naming_file_and_line(
    tmp_path: Path, pack: str, needle: str | tuple[str, int], says: str
) -> None:
    error = load_error(write_folder(tmp_path, pack))
    assert says in error.message
    assert error.file == FILE
    line = line_of(pack, *needle) if isinstance(needle, tuple) else line_of(pack, needle)
    assert error.line == line, (error.line, str(error))
    assert str(error).startswith(f"{FILE}:{error.line}: ")


def test_an_empty_pack_file(tmp_path: Path) -> None:
    error = load_error(write_folder(tmp_path, "# nothing yet\n"))
    assert (error.file, error.line, error.message) == (FILE, 1, "the file is empty")


def test_a_pack_that_is_a_list(tmp_path: Path) -> None:
    error = load_error(write_folder(tmp_path, "- pack: widgets\n"))
    assert error.line == 1
    assert "a pack is a mapping" in error.message


def test_two_packs_with_the_same_id(tmp_path: Path) -> None:
    # Packs are read in name order: "other" first, so the second "widgets" is the one named.
    other = changed("title: Widget licences\n", "title: Widget licences\nnotes: [widgets.md]\n")
    error = load_error(write_folder(tmp_path, extra={"other.pack.yaml": other}))
    assert error.message == "a second pack with the id 'widgets'"
    assert (error.file, error.line) == (FILE, line_of(WIDGET_PACK, "pack: widgets"))


def test_two_packs_with_the_same_id_even_when_one_is_skipped(tmp_path: Path) -> None:
    other = changed("title: Widget licences\n", "title: Widget licences\nnotes: [gone.md]\n")
    error = load_error(write_folder(tmp_path, extra={"other.pack.yaml": other}))
    assert "a second pack with the id 'widgets'" in error.message


# --- skipped, not an error --------------------------------------------------------------------


def test_notes_named_in_the_pack_but_absent_skip_it(tmp_path: Path) -> None:
    pack = changed("title: Widget licences\n", "title: Widget licences\nnotes: [gadgets.md]\n")
    assistant, notices = quiet_load(write_folder(tmp_path, pack))
    assert assistant.packs.loaded == ()
    (skipped,) = assistant.packs.skipped
    assert (skipped.file, skipped.pack) == (FILE, "widgets")
    assert "gadgets.md" in skipped.why and "not in this corpus" in skipped.why
    assert notices == [f"rule pack {FILE} not loaded: {skipped.why}"]
    (info,) = assistant.packs.infos()
    assert info.loaded is False and info.why_not == skipped.why


def test_notes_of_the_same_name_absent_skip_it(tmp_path: Path) -> None:
    gadgets = changed("pack: widgets", "pack: gadgets")
    assistant, notices = quiet_load(write_folder(tmp_path, extra={"gadgets.pack.yaml": gadgets}))
    assert [p.id for p in assistant.packs.loaded] == ["widgets"]
    (skipped,) = assistant.packs.skipped
    assert skipped.file == "gadgets.pack.yaml"
    assert "gadgets.*" in skipped.why
    assert len(notices) == 1 and "gadgets.pack.yaml" in notices[0]


def test_a_quote_not_in_its_notes_skips_it(tmp_path: Path) -> None:
    pack = changed("exactly one user", "exactly one seat")
    assistant, notices = quiet_load(write_folder(tmp_path, pack))
    assert assistant.packs.loaded == ()
    (skipped,) = assistant.packs.skipped
    assert skipped.why.startswith(f"{FILE}:{line_of(pack, '  one-each:')}: quote 'one-each' is not in its notes")
    assert "exactly one seat" in skipped.why
    assert len(notices) == 1


def test_a_quote_with_typographic_quotes_hints_at_them(tmp_path: Path) -> None:
    pack = changed('  every-user: "Every widget user', '  every-user: "Every widget user’s desk')
    assistant, _ = quiet_load(write_folder(tmp_path, pack))
    (skipped,) = assistant.packs.skipped
    assert "check curly quotes" in skipped.why


def test_a_quote_in_two_clauses_skips_it(tmp_path: Path) -> None:
    notes = WIDGET_NOTES.replace(
        "Each widget licence", "A guest user needs one widget licence too.\n\nEach widget licence"
    )
    pack = changed(
        '  one-each: "Each widget licence covers exactly one user"', '  one-each: "needs one widget licence"'
    )
    assistant, _ = quiet_load(write_folder(tmp_path, pack, notes))
    assert assistant.packs.loaded == ()
    (skipped,) = assistant.packs.skipped
    assert skipped.why.startswith(f"{FILE}:{line_of(pack, '  one-each:')}: quote 'one-each' is in more than one clause")
    assert "widgets.counting.1" in skipped.why and "widgets.counting.2" in skipped.why


def test_a_quote_in_another_notes_file_does_not_count(tmp_path: Path) -> None:
    """Quotes are looked for in the pack's own notes only: the same words elsewhere neither help nor
    make the quote ambiguous."""
    more = "# More\n\nEvery widget user needs one widget licence.\n"
    assistant, _ = quiet_load(write_folder(tmp_path, extra={"more.md": more}))
    (pack,) = assistant.packs.loaded
    assert pack.clause_of("every-user") == "widgets.counting.1"


def test_a_skipped_pack_answers_nothing(tmp_path: Path) -> None:
    pack = changed("exactly one user", "exactly one seat")
    assistant, _ = quiet_load(write_folder(tmp_path, pack))
    reply = assistant.conversation().ask("How many widget licences do 7 users need?")
    assert reply.figures == []


# --- front ends ---------------------------------------------------------------------------------


def test_cli_reports_a_broken_pack_in_one_line(tmp_path: Path) -> None:
    pack = changed("title: Widget licences\n", "title: Widget licences\ncolour: blue\n")
    folder = write_folder(tmp_path, pack)
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "--no-cache", "--corpus", str(folder), "x"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("licensing-assistant: error: ")
    assert f"{FILE}:{line_of(pack, 'colour: blue')}: colour: unknown key" in lines[0]
    assert proc.stdout == ""
