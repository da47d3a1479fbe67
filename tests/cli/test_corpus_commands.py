"""`licensing-assistant search / show / tags / build`, run in-process (and once for real)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.render import tag_counts
from assistant.store import BUNDLED_CORPUS, REPO_CORPUS_DIR, load_corpus

NOTES = Path(__file__).resolve().parent.parent / "fixtures" / "notes" / "office-cal-notes.md"
REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert err.startswith("licensing-assistant: error: ")
    return err


# --- search ---------------------------------------------------------------------------------


def test_search_plain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "reassign", "to", "another", "user", "--limit", "3")
    assert (code, err) == (0, "")
    assert out.startswith("1. [a1.6] score ")
    assert "Bart De Vos, answer quoting Microsoft (vendor statement)" in out
    assert "tags: cal:user, cal:device, topic:reassignment" in out
    assert "2. [" in out and "3. [" in out and "4. [" not in out


def test_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "Open Select Enterprise agreement", "--json")
    assert code == 0
    hits = json.loads(out)
    assert isinstance(hits, list) and hits
    for hit in hits:
        assert {"clause", "score", "text", "tags"} <= set(hit)
        assert isinstance(hit["score"], float) and isinstance(hit["tags"], list)
    assert hits[0]["clause"] == "a2.c3.1"
    assert hits[0]["text"] == load_corpus().clause_by_id["a2.c3.1"].text
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))


def test_search_with_tags_and_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "search", "CALs", "--tag", "channel:volume", "--tag", "kind:comment", "--limit", "2", "--json"
    )
    assert code == 0
    hits = json.loads(out)
    assert len(hits) == 2
    assert all({"channel:volume", "kind:comment"} <= set(h["tags"]) for h in hits)


@pytest.mark.parametrize("argv", [["search"], ["search", ""], ["search", "  ", "\t"]])
def test_empty_query_is_a_usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "empty" in one_line_error(err)


def test_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "CAL", "--limit", "0")
    assert code == 2
    one_line_error(err)
    code, _, err = run(capsys, "search", "CAL", "--limit", "lots")
    assert code == 2
    one_line_error(err)


def test_stop_words_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "search", "the", "of", "and", "is") == (0, "no matching clauses\n", "")
    assert run(capsys, "search", "what", "is", "it", "--json") == (0, "[]\n", "")


def test_unknown_tag_names_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "CAL", "--tag", "mode:perserver")
    assert (code, out) == (1, "")
    assert "unknown tag 'mode:perserver'" in one_line_error(err)
    assert "mode:per-server" in err


def test_unknown_tag_far_from_any_still_lists_some(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "CAL", "--tag", "zzz")
    assert code == 1
    assert ":" in one_line_error(err).split("unknown tag 'zzz';", 1)[1]


def test_markup_in_a_query_is_just_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "[bold]reassign[/bold]", "--json")
    assert code == 0
    assert json.loads(out)[0]["clause"] == "a1.6"


# --- show -----------------------------------------------------------------------------------


def test_show_plain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "a2.4")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "[a2.4] Oskar Duveborn, accepted answer"
    assert "sources/serverfault-cal-thread.txt" in out
    assert ">> [a2.4]" in lines
    assert "   [a2.3]" in lines and "   [a2.5]" in lines  # the rest of the post around it
    assert "Post a2: accepted answer, by Oskar Duveborn:" in lines


def test_show_a_comment_names_its_date_and_parent(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "a2.c3.2")
    assert code == 0
    assert "by Richard Gadsden, Jul 13 '09 at 15:42, on a2" in out


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "a2.c3.2", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["clause"]["id"] == "a2.c3.2"
    assert (
        data["clause"]["text"]
        == "You get 5 with Standard and 25 with Enterprise if you buy through FPP or OEM channels."
    )
    assert data["post"]["id"] == "a2.c3" and data["post"]["author"] == "Richard Gadsden"
    assert data["parent"]["id"] == "a2" and data["parent"]["accepted"] is True
    assert [c["id"] for c in data["context"]] == ["a2.c3.1", "a2.c3.2", "a2.c3.3"]


@pytest.mark.parametrize(("bad", "near"), [("a2.44", "a2.4"), ("A2.4", "a2.4"), ("a2c3.2", "a2.c3.2")])
def test_unknown_clause_names_the_nearest(capsys: pytest.CaptureFixture[str], bad: str, near: str) -> None:
    code, out, err = run(capsys, "show", bad)
    assert (code, out) == (1, "")
    assert f"unknown clause id '{bad}'" in one_line_error(err)
    assert near in err


# --- tags -----------------------------------------------------------------------------------


def test_tags_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = load_corpus()
    counts = tag_counts(corpus)
    code, out, _ = run(capsys, "tags")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(corpus.tags)
    for line, tag in zip(lines, corpus.tags, strict=True):
        name, count = line.split()[:2]
        assert (name, int(count)) == (tag.name, counts[tag.name])
    assert counts["topic:reassignment"] >= 2 and counts["kind:question"] == 5


def test_tags_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tags", "--json")
    assert code == 0
    data = {t["tag"]: t for t in json.loads(out)}
    assert data["authority:vendor"]["count"] == 7
    assert data["channel:volume"]["description"]


# --- build ----------------------------------------------------------------------------------


def test_build_check_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "build", "--check")
    assert code == 0 and "up to date" in out


def test_build_check_fails_on_a_stale_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    stale = tmp_path / "c.jsonl"
    stale.write_text(BUNDLED_CORPUS.read_text(encoding="utf-8").replace("Much appreciated.", "Cheers."), "utf-8")
    code, _, err = run(capsys, "build", "--check", "--out", str(stale))
    assert code == 1 and "out of date" in err


def test_build_of_a_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "build", "--corpus", str(tmp_path / "nope"))
    assert code == 1
    assert str(tmp_path / "nope") in one_line_error(err)


def test_build_of_a_folder_with_a_bad_vocabulary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS_DIR, folder)
    (folder / "tags.yaml").write_text("topic:x:\n  description: x\n  patterns: ['(']\n", encoding="utf-8")
    out_file = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "build", "--corpus", str(folder), "--out", str(out_file))
    assert code == 1
    assert f"{folder / 'tags.yaml'}:1:" in one_line_error(err)
    assert not out_file.exists()


# --- --corpus -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["search", "CAL"], ["show", "a2.4"], ["tags"]])
def test_missing_corpus_path(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "missing.jsonl"
    code, out, err = run(capsys, *command, "--corpus", str(missing))
    assert (code, out) == (1, "")
    assert str(missing) in one_line_error(err)


@pytest.mark.parametrize("command", [["search", "CAL"], ["show", "a2.4"], ["tags"]])
def test_malformed_corpus_file_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    lines = BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines()
    lines[4] = "{not json"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, *command, "--corpus", str(bad))
    assert (code, out) == (1, "")
    assert f"{bad}:5:" in one_line_error(err)


def test_malformed_source_in_a_corpus_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "broken.md").write_bytes(b"# Title\n\nfine\n\nbad \xff byte\n")
    code, _, err = run(capsys, "search", "fine", "--corpus", str(folder))
    assert code == 1
    assert f"{folder / 'broken.md'}:5:" in one_line_error(err)


def test_corpus_folder_with_notes_for_search_and_show(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS_DIR, folder)
    shutil.copy(NOTES, folder / "sources" / NOTES.name)
    code, out, _ = run(capsys, "search", "warehouse thin clients", "--corpus", str(folder), "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["clause"] == "office-cal-notes.access-for-staff.1"
    assert hits[0]["kind"] == "section" and hits[0]["authority"] == "own notes"
    code, out, _ = run(capsys, "search", "reassign to another user", "--corpus", str(folder), "--limit", "1")
    assert code == 0 and out.startswith("1. [a1.6]")
    code, out, _ = run(capsys, "show", "office-cal-notes.reassignment.1", "--corpus", str(folder))
    assert code == 0
    assert "section 'Reassignment'" in out and "office-cal-notes.md" in out
    code, out, _ = run(capsys, "tags", "--corpus", str(folder), "--json")
    assert {t["tag"]: t["count"] for t in json.loads(out)}["kind:section"] == 9


def test_a_built_corpus_file_elsewhere(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy = tmp_path / "copy.jsonl"
    shutil.copy(BUNDLED_CORPUS, copy)
    code, out, _ = run(capsys, "show", "a1.6", "--corpus", str(copy), "--json")
    assert code == 0 and json.loads(out)["clause"]["quotes"] == "Microsoft"


# --- a real process -------------------------------------------------------------------------


def test_real_process(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COLUMNS")}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "search", "per seat", "--limit", "3", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    hits = json.loads(proc.stdout)
    assert len(hits) == 3 and hits[0]["clause"] in {"a2.7", "a2.8"}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "show", "nope"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    one_line_error(proc.stderr)


# --- issue 12, item 22 ----------------------------------------------------------------------


def test_tag_descriptions_read_as_english() -> None:
    """'Clauses from a answer', 'the authority of a own notes'."""
    import re

    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "tags"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert not re.search(r"\ba [aeiou]", proc.stdout), proc.stdout
    assert "Clauses from an answer" in proc.stdout
    assert "Clauses with the authority of an accepted answer" in proc.stdout
    assert "Clauses with the authority of your own notes" in proc.stdout


def test_rules_accepts_corpus(tmp_path: Path) -> None:
    """`rules --corpus` was a usage error; now it lists the packs that corpus carries (none for notes alone)."""
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(NOTES, folder / NOTES.name)
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "rules", "--corpus", str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert "No rule packs" in proc.stdout  # the thread's pack stays with the thread
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "rules", "--corpus", str(BUNDLED_CORPUS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and "not in this corpus" not in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "rules", "--json", "--corpus", str(tmp_path / "missing.jsonl")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    one_line_error(proc.stderr)


def test_search_with_tags_and_no_query_lists_the_tagged_clauses() -> None:
    """It was 'the search query is empty'; the API already listed them."""
    from assistant.api import Assistant

    expected = [h.clause for h in Assistant.load().search("", tags=["kind:comment"], limit=100)]
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "search", "--tag", "kind:comment", "--limit", "100", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert [h["clause"] for h in json.loads(proc.stdout)] == expected
    assert len(expected) == 18  # every comment clause, in the order of the notes
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "search", "--tag", "kind:comment", "--limit", "2"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"1. [{expected[0]}] - ")  # no score: nothing was ranked
    assert f"2. [{expected[1]}] - " in proc.stdout and "3. [" not in proc.stdout
    assert proc.stdout.rstrip().endswith(
        "(18 clauses have these tags; the first 2 are shown: raise --limit to see more)"
    )


def test_search_with_neither_words_nor_tags_is_still_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "--limit", "3")
    assert (code, out) == (2, "")
    assert "the search query is empty" in one_line_error(err)
