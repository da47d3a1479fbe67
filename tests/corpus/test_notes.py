"""A person's own Markdown/plain-text notes are ingested beside the thread."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.ingest.build import build_corpus
from assistant.ingest.notes import parse_notes, slug
from assistant.models.corpus import Authority, Corpus, PostKind
from assistant.retrieval.bm25 import BM25Retriever
from assistant.store import REPO_CORPUS_DIR, load_corpus, open_corpus

NOTES = Path(__file__).resolve().parent.parent / "fixtures" / "notes" / "office-cal-notes.md"
P = "office-cal-notes"

EXPECTED = {
    f"{P}.intro.1": "Notes from the call with our reseller, March 2010. Written up by the IT desk.",
    f"{P}.server-purchases.1": "We bought three OEM copies of Windows Server 2008 Standard with the new hosts.\n"
    "Each box came with 5 device CALs in the sleeve.",
    f"{P}.server-purchases.2": "The reseller says volume licensing copies (Open or Select) come with no CALs at all.",
    f"{P}.access-for-staff.1": "The warehouse has 12 thin clients shared by 40 people on shifts.",
    f"{P}.access-for-staff.2": "Office staff each have a laptop and a desktop.",
    f"{P}.access-for-staff.3": "Two contractors work remotely and need access at the same time.",
    f"{P}.access-for-staff.4": "Device CALs look cheaper for the warehouse, user CALs for the office.",
    f"{P}.reassignment.1": "When someone leaves, we reassign their user CAL to the new hire permanently.\n"
    "A loaner laptop during repairs may use the CAL of the machine being fixed.",
    f"{P}.server-purchases-2.1": "A second section with the same heading as the first, added after the audit.",
}


@pytest.fixture()
def notes_only(tmp_path: Path) -> Path:
    """A folder holding just the notes file: the bundled vocabulary applies."""
    folder = tmp_path / "mynotes"
    folder.mkdir()
    shutil.copy(NOTES, folder / NOTES.name)
    return folder


@pytest.fixture()
def thread_and_notes(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS_DIR, folder)
    shutil.copy(NOTES, folder / "sources" / NOTES.name)
    return folder


def test_sections_and_paragraphs() -> None:
    text = NOTES.read_text(encoding="utf-8")
    posts = parse_notes(text)
    assert [(p.key, p.title) for p in posts] == [
        ("intro", None),
        ("server-purchases", "Server purchases"),
        ("access-for-staff", "Access for staff"),  # underlined with ---
        ("reassignment", "Reassignment"),  # underlined with ===
        ("server-purchases-2", "Server purchases"),  # a repeated heading gets its own id
    ]
    assert [len(p.paragraphs) for p in posts] == [1, 2, 4, 1, 1]


def test_clause_ids_text_and_offsets(notes_only: Path) -> None:
    corpus = open_corpus(notes_only)
    assert {c.id: c.text for c in corpus.clauses} == EXPECTED
    text = NOTES.read_text(encoding="utf-8")
    for clause in corpus.clauses:
        assert text[clause.start : clause.end] == clause.text
        assert clause.kind is PostKind.section
        assert clause.authority is Authority.notes
        assert clause.source == P


def test_code_blocks_and_rules_are_not_clauses(notes_only: Path) -> None:
    corpus = open_corpus(notes_only)
    assert not any("inventory" in c.text or "hosts:" in c.text for c in corpus.clauses)
    assert not any(set(c.text) <= set("-=*_ ") for c in corpus.clauses)
    assert "# inventory export, not prose" not in [p.title for p in corpus.posts]


def test_posts_carry_section_titles(notes_only: Path) -> None:
    corpus = open_corpus(notes_only)
    post = corpus.post_by_id[f"{P}.access-for-staff"]
    assert post.title == "Access for staff"
    assert post.kind is PostKind.section
    assert post.clauses == [f"{P}.access-for-staff.{n}" for n in range(1, 5)]


def test_notes_are_tagged_with_the_same_vocabulary(notes_only: Path) -> None:
    tags = {c.id: set(c.tags) for c in open_corpus(notes_only).clauses}
    assert {"channel:oem", "edition:standard", "product:server-2008", "cal:device"} <= tags[f"{P}.server-purchases.1"]
    assert {"channel:volume", "topic:included-cals"} <= tags[f"{P}.server-purchases.2"]
    assert {"topic:reassignment", "cal:user"} <= tags[f"{P}.reassignment.1"]
    assert all({"kind:section", "authority:notes"} <= t for t in tags.values())
    assert "edition:standard" not in tags[f"{P}.server-purchases.2"]


def test_thread_and_notes_build_together_and_are_both_searchable(thread_and_notes: Path) -> None:
    corpus = build_corpus(thread_and_notes)
    bundled = load_corpus()
    thread_ids = [c.id for c in corpus.clauses if c.source == "serverfault-cal-thread"]
    assert thread_ids == [c.id for c in bundled.clauses], "adding notes must not move the thread's ids"
    assert {c.id for c in corpus.clauses} >= set(EXPECTED)
    retriever = BM25Retriever(corpus)
    assert retriever.search("warehouse thin clients", limit=1)[0].clause == f"{P}.access-for-staff.1"
    assert retriever.search("reassign to another user", limit=1)[0].clause == "a1.6"
    notes_hits = retriever.search("reassign CAL new hire", tags=["kind:section"], limit=3)
    assert notes_hits[0].clause == f"{P}.reassignment.1"


def test_plain_text_notes(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / "Branch Office.txt").write_text(
        "Branch office\n\nThe branch runs one server in per server mode with 10 CALs.\n", encoding="utf-8"
    )
    corpus = open_corpus(folder)
    # A file name with spaces and capitals still gives a clean, quotable id.
    assert [c.id for c in corpus.clauses] == ["branch-office.intro.1", "branch-office.intro.2"]
    assert "mode:per-server" in corpus.clause_by_id["branch-office.intro.2"].tags


def test_a_notes_file_without_text_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / "empty.md").write_text("# Just a heading\n\n```\ncode only\n```\n", encoding="utf-8")
    with pytest.raises(AssistantError) as err:
        open_corpus(folder)
    assert err.value.file and err.value.file.endswith("empty.md")
    assert err.value.line == 1


def test_ids_are_the_same_on_every_build(thread_and_notes: Path) -> None:
    first: Corpus = build_corpus(thread_and_notes)
    second: Corpus = build_corpus(thread_and_notes)
    assert first == second


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Access for staff", "access-for-staff"), ("CALs & Pricing (2010)!", "cals-pricing-2010"), ("!!!", "section")],
)
def test_slug(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_windows_notes_with_bom_and_crlf(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    text = "# Licences\r\n\r\nWe own 10 user CALs.\r\nThey cover both servers.\r\n"
    (folder / "win.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    corpus = open_corpus(folder)
    assert [(c.id, c.text) for c in corpus.clauses] == [
        ("win.licences.1", "We own 10 user CALs.\r\nThey cover both servers.")
    ]
    assert corpus.posts[0].title == "Licences"
    clause = corpus.clauses[0]
    assert text[clause.start : clause.end] == clause.text  # offsets count from after the BOM


def test_front_matter_is_not_prose(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / "obsidian.md").write_text(
        "---\ntitle: CAL notes\ntags: [licensing]\n---\n\n# Audit\n\nTwo servers, per user mode.\n", encoding="utf-8"
    )
    corpus = open_corpus(folder)
    assert [c.text for c in corpus.clauses] == ["Two servers, per user mode."]


def test_hidden_files_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / "notes.md").write_text("Per user mode.\n", encoding="utf-8")
    (folder / "._notes.md").write_bytes(b"\x00\x05\x16\x07 resource fork \xff")
    assert [c.id for c in open_corpus(folder).clauses] == ["notes.intro.1"]


def test_a_folder_named_like_a_note_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / "notes.md").mkdir()  # a folder where a file is expected is skipped, not read
    (folder / "real.md").write_text("Per user mode.\n", encoding="utf-8")
    assert [c.id for c in open_corpus(folder).clauses] == ["real.intro.1"]
