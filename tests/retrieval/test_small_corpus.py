"""BM25 in a tiny corpus: a word in exactly half the clauses still finds its clause."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.build import build_corpus
from assistant.retrieval.bm25 import BM25Retriever
from assistant.store import load_corpus


def test_a_word_in_one_of_two_paragraphs_is_found(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(
        "# Notes\n\nThe printer in the lobby needs a device CAL.\n\nOur VPN users connect from home.\n",
        encoding="utf-8",
    )
    vocabulary = [t for t in load_corpus().tags if t.group not in ("kind", "authority")]
    retriever = BM25Retriever(build_corpus(tmp_path, vocabulary=vocabulary))
    hits = retriever.search("printer")
    assert [h.clause for h in hits] == ["notes.notes.1"]
    assert hits[0].score > 0
    assert [h.clause for h in retriever.search("vpn users")] == ["notes.notes.2"]
