"""BM25 in a tiny corpus: a word in exactly half the clauses still finds its clause."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.build import build_corpus, pattern_tags
from assistant.retrieval.bm25 import BM25Retriever
from assistant.store import load_corpus


def test_a_word_in_one_of_two_paragraphs_is_found(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(
        "# Notes\n\nThe printer in the lobby needs a device CAL.\n\nOur VPN users connect from home.\n",
        encoding="utf-8",
    )
    retriever = BM25Retriever(build_corpus(tmp_path, vocabulary=pattern_tags(load_corpus().tags)))
    hits = retriever.search("printer")
    assert [h.clause for h in hits] == ["notes.notes.1"]
    assert hits[0].score > 0
    assert [h.clause for h in retriever.search("vpn users")] == ["notes.notes.2"]
