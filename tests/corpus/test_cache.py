"""Notes folders are built once and kept in the cache: exact, incremental, never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import cache as cache_module
from assistant.api import Assistant
from assistant.cache import CachedCorpus, Fragment, cache_root
from assistant.ingest.build import build_corpus, pattern_tags
from assistant.retrieval.sparse import SparseRetriever
from assistant.store import load_corpus

NOTES = {
    "cals.md": "# CALs\n\nEach OEM copy of Windows Server comes with 5 user CALs.\n\n"
    "A user CAL lets one user reach any number of servers.\n\n- Device CALs suit shared PCs.\n",
    "modes.md": "# Per server mode\n\nPer server CALs are concurrent connections to one server.\n\n"
    "Choosing per user mode is permanent.\n",
    "admins.txt": "Up to 2 administrators may connect without CALs, for administration only.\n",
}


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LICENSING_ASSISTANT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the source files parsed (not taken from the cache)."""
    seen: list[str] = []
    original = Fragment.build.__func__  # type: ignore[attr-defined]

    def counting(cls, path: Path, root: Path, vocabulary):  # type: ignore[no-untyped-def]
        seen.append(path.name)
        return original(cls, path, root, vocabulary)

    monkeypatch.setattr(Fragment, "build", classmethod(counting))
    return seen


def reference(folder: Path):  # type: ignore[no-untyped-def]
    return build_corpus(folder, vocabulary=pattern_tags(load_corpus().tags))


def same_corpus(a, b) -> None:  # type: ignore[no-untyped-def]
    assert a.header == b.header and a.sources == b.sources and a.tags == b.tags and a.posts == b.posts
    assert list(a.clauses) == list(b.clauses)
    assert {k: a.clause_by_id[k] for k in a.clause_by_id} == b.clause_by_id


def test_cache_root_follows_the_environment(cache_dir: Path) -> None:
    assert cache_root() == cache_dir


def test_second_load_comes_from_the_cache_and_is_the_same(notes: Path, cache_dir: Path, builds: list[str]) -> None:
    first = Assistant.load(notes)
    assert sorted(builds) == sorted(NOTES)
    second = Assistant.load(notes)
    assert sorted(builds) == sorted(NOTES)  # nothing parsed again
    assert isinstance(second.corpus, CachedCorpus)
    same_corpus(first.corpus, reference(notes))
    same_corpus(second.corpus, reference(notes))
    for index in ("rank-bm25", "sparse"):
        memory = Assistant(reference(notes), index=index)
        cached = Assistant.load(notes, index=index)
        for query in ("user CAL", "per server", "administrators", "devise", "permanent"):
            assert cached.search(query) == memory.search(query)
        assert cached.search("", tags=["kind:section"]) == memory.search("", tags=["kind:section"])


def test_only_changed_files_are_parsed_again(notes: Path, cache_dir: Path, builds: list[str]) -> None:
    Assistant.load(notes)
    builds.clear()
    (notes / "modes.md").write_text("# Modes\n\nPer server mode counts concurrent connections.\n", encoding="utf-8")
    assistant = Assistant.load(notes)
    assert builds == ["modes.md"]
    same_corpus(assistant.corpus, reference(notes))
    assert [h.clause for h in assistant.search("concurrent connections")][:1] == ["modes.modes.1"]


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete", "manifest"])
@pytest.mark.parametrize("name", ["weights.npy", "clauses.jsonl", "corpus.json", "vocabulary.json"])
def test_a_damaged_entry_is_rebuilt(notes: Path, cache_dir: Path, name: str, damage: str) -> None:
    Assistant.load(notes)
    (entry,) = (cache_dir / f"v{cache_module.FORMAT}" / "corpora").iterdir()
    target = entry / ("manifest.json" if damage == "manifest" else name)
    data = target.read_bytes()
    if damage == "truncate":
        target.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        target.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    else:
        target.unlink()
    said: list[str] = []
    again = Assistant.load(notes, notice=said.append)
    assert len(said) == 1 and said[0].startswith("the search cache was damaged") and "rebuilt" in said[0]
    same_corpus(again.corpus, reference(notes))
    assert again.search("user CAL") == Assistant(reference(notes)).search("user CAL")
    assert isinstance(Assistant.load(notes).corpus, CachedCorpus)  # rebuilt and kept


def test_a_damaged_file_entry_is_parsed_again(notes: Path, cache_dir: Path, builds: list[str]) -> None:
    Assistant.load(notes)
    for fragment in (cache_dir / f"v{cache_module.FORMAT}" / "files").iterdir():
        fragment.write_text('{"source": {"id": 1}}', encoding="utf-8")
    (notes / "admins.txt").write_text("Administrators need no CALs.\n", encoding="utf-8")  # a new corpus entry
    builds.clear()
    same_corpus(Assistant.load(notes).corpus, reference(notes))
    assert sorted(builds) == sorted(NOTES)


def test_no_cache_reads_and_writes_nothing(notes: Path, cache_dir: Path) -> None:
    assistant = Assistant.load(notes, cache=False)
    assert not cache_dir.exists()
    same_corpus(assistant.corpus, reference(notes))


def test_an_unusable_cache_folder_still_answers_and_says_why_once(notes: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("LICENSING_ASSISTANT_CACHE_DIR", str(blocker / "cache"))
    said: list[str] = []
    assistant = Assistant.load(notes, notice=said.append)
    assert len(said) == 1 and "search cache not kept" in said[0] and "built in memory" in said[0]
    same_corpus(assistant.corpus, reference(notes))
    assert assistant.search("user CAL")


def test_a_full_disk_still_answers_and_leaves_no_partial_entry(notes: Path, cache_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real_fsync = os.fsync
    calls = {"n": 0}

    def full(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 4:  # some files fit, then the disk is full
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    said: list[str] = []
    assistant = Assistant.load(notes, notice=said.append)
    assert len(said) == 1 and "No space left on device" in said[0]
    assert assistant.search("user CAL")
    monkeypatch.setattr(os, "fsync", real_fsync)
    corpora = cache_dir / f"v{cache_module.FORMAT}" / "corpora"
    assert not list(corpora.iterdir()) if corpora.exists() else True
    same_corpus(Assistant.load(notes).corpus, reference(notes))


def test_two_processes_building_at_once(notes: Path, cache_dir: Path) -> None:
    code = "import sys; from assistant.api import Assistant; print(len(Assistant.load(sys.argv[1]).search('user CAL')))"
    env = {**os.environ, "LICENSING_ASSISTANT_CACHE_DIR": str(cache_dir)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(notes)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert len({out for out, _ in outputs}) == 1 and all(err == b"" for _, err in outputs)
    (entry,) = (cache_dir / f"v{cache_module.FORMAT}" / "corpora").iterdir()  # one whole entry, no temp folders
    assert json.loads((entry / "manifest.json").read_text())["digest"] == entry.name
    assert isinstance(Assistant.load(notes).corpus, CachedCorpus)


def test_the_cached_index_is_the_sparse_one(notes: Path, cache_dir: Path) -> None:
    Assistant.load(notes)
    cached = Assistant.load(notes, index="sparse")
    assert isinstance(cached.retriever, SparseRetriever)
    assert cached.retriever.vocabulary == SparseRetriever.build(reference(notes)).vocabulary
    assert cached.retriever.correct("administraters") == "administrators"


def test_auto_picks_by_size(notes: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.retrieval import choose
    from assistant.retrieval.bm25 import BM25Retriever

    assert isinstance(Assistant.load(notes).retriever, BM25Retriever)
    monkeypatch.setattr(choose, "SPARSE_FROM_CLAUSES", 3)
    assert isinstance(Assistant.load(notes).retriever, SparseRetriever)
    with pytest.raises(ValueError, match="index must be one of"):
        Assistant(reference(notes), index="tantivy")


def test_an_edited_folder_leaves_no_old_entry_behind(notes: Path, cache_dir: Path) -> None:
    Assistant.load(notes)
    root = cache_dir / f"v{cache_module.FORMAT}"
    files_before = {p.name for p in (root / "files").iterdir()}
    (notes / "modes.md").write_text("# Modes\n\nPer server mode counts concurrent connections.\n", encoding="utf-8")
    Assistant.load(notes)
    assert len(list((root / "corpora").iterdir())) == 1
    files_after = {p.name for p in (root / "files").iterdir()}
    assert len(files_after) == 3 and len(files_before & files_after) == 2


def test_parsing_on_several_cores_gives_the_same_corpus(notes: Path, cache_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cache_module, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    same_corpus(Assistant.load(notes).corpus, reference(notes))
    same_corpus(Assistant.load(notes).corpus, reference(notes))


def test_a_bad_file_parsed_on_several_cores_is_reported_as_before(notes: Path, cache_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.errors import AssistantError

    (notes / "broken.md").write_bytes(b"# Notes\n\ncaf\xe9 is not UTF-8\n")
    with pytest.raises(AssistantError) as serial:
        Assistant.load(notes, cache=False)
    monkeypatch.setattr(cache_module, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with pytest.raises(AssistantError) as parallel:
        Assistant.load(notes)
    assert parallel.value.one_line() == serial.value.one_line()
    assert "not UTF-8" in serial.value.one_line()


def test_no_cache_and_rank_bm25_builds_no_sparse_index(notes: Path, cache_dir: Path) -> None:
    from assistant.retrieval.bm25 import BM25Retriever

    for index in ("rank-bm25", "auto"):
        assistant = Assistant.load(notes, index=index, cache=False)
        assert assistant._sparse is None and isinstance(assistant.retriever, BM25Retriever)
    assert isinstance(Assistant.load(notes, index="sparse", cache=False).retriever, SparseRetriever)
