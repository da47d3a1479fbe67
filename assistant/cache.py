"""Built corpora and their search index, kept in the user's cache folder between runs.

A notes folder is read once: each source file's posts, clauses and search terms are kept
under a key made of its content hash (with its metadata file, the tag vocabulary and this
format's version), and the whole corpus with its sparse BM25 index under a key made of all
of those. When a file changes only that file is parsed again; the index is rebuilt from the
kept terms. Nothing read back is trusted: every file of an entry is checked against the
SHA-256 recorded when it was written, and a damaged or partial entry is rebuilt. Entries
are written into a temporary folder and renamed into place, so two processes building the
same notes at once each end with a whole entry and never see half of one.

The folder is `$LICENSING_ASSISTANT_CACHE_DIR`, else the platform's user cache folder.
When it cannot be written (read-only, full), the corpus is built in memory as before and
`notice` is told why, once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.models.corpus import Clause, Corpus, CorpusHeader, Post, SourceMeta, TagDef
from assistant.retrieval.choose import backend_for
from assistant.retrieval.okapi import WeightMatrix
from assistant.retrieval.sparse import SparseRetriever, TagIndex

CACHE_ENV = "LICENSING_ASSISTANT_CACHE_DIR"
# Changes whenever what is kept, or how sources are parsed into it, changes: old entries
# are then never read (they sit in another folder, and the next clean-up can drop them).
FORMAT = 1

# (stage, done, total): "reading" counts source files, "indexing" clauses.
Progress = Callable[[str, int, int], None]
Notice = Callable[[str], None]


def cache_root() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_path

    return user_cache_path("licensing-assistant", appauthor=False)


def _version() -> str:
    """The installed package's version: a new release may parse notes differently."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("licensing-assistant")
    except PackageNotFoundError:
        return "unknown"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# --- one source file ------------------------------------------------------------------------


@dataclass
class Fragment:
    """What one source file gives: its record, posts, clauses, and each clause's search terms."""

    source: SourceMeta
    posts: list[Post]
    clauses: list[Clause]
    terms: list[list[str]]
    spellings: list[str]
    fresh: bool = False  # parsed now, not read from the cache
    raw: bytes | None = None  # `dump()`, when the fragment was parsed from it

    def dump(self) -> bytes:
        data = {
            "source": self.source.model_dump(mode="json"),
            "posts": [p.model_dump(mode="json") for p in self.posts],
            "clauses": [c.model_dump(mode="json") for c in self.clauses],
            "terms": self.terms,
            "spellings": self.spellings,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def parse(cls, data: bytes) -> Fragment:
        """Raises ValueError (or a pydantic error, a ValueError too) for anything malformed."""
        raw = json.loads(data)
        terms, spellings = raw["terms"], raw["spellings"]
        clauses = [Clause.model_validate(c) for c in raw["clauses"]]
        if len(terms) != len(clauses) or not all(isinstance(t, list) for t in terms):
            raise ValueError("terms do not match the clauses")
        if not all(isinstance(w, str) for t in terms for w in t) or not all(isinstance(w, str) for w in spellings):
            raise ValueError("terms are not strings")
        return cls(
            SourceMeta.model_validate(raw["source"]),
            [Post.model_validate(p) for p in raw["posts"]],
            clauses,
            terms,
            spellings,
        )

    @classmethod
    def build(cls, path: Path, root: Path, vocabulary: list[TagDef]) -> Fragment:
        from assistant.ingest.build import build_source
        from assistant.retrieval.text import analyse

        source, posts, clauses = build_source(path, root, vocabulary)
        terms, written = analyse(c.text for c in clauses)
        return cls(source, posts, clauses, terms, sorted(written))


# --- the whole corpus, read back lazily -----------------------------------------------------


class ClauseTable(Sequence[Clause]):
    """The clauses of a cached corpus, each read (and validated) from the cache file when first
    used: a search needs a handful of 100,000, and reading them all would take seconds."""

    def __init__(self, data: mmap.mmap | bytes, offsets: Any, ids: list[str]) -> None:
        self._data = data
        self._offsets = offsets
        self.ids = ids
        self._made: list[Clause | None] = [None] * len(ids)

    def __len__(self) -> int:
        return len(self.ids)

    def _get(self, i: int) -> Clause:
        made = self._made[i]
        if made is None:
            start, end = int(self._offsets[i]), int(self._offsets[i + 1])
            made = Clause.model_validate_json(self._data[start:end])
            self._made[i] = made
        return made

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):
            return [self._get(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._get(index)

    def __iter__(self) -> Iterator[Clause]:
        return (self._get(i) for i in range(len(self)))


class ClauseMap(Mapping[str, Clause]):
    def __init__(self, table: ClauseTable) -> None:
        self._table = table
        self._position = {cid: i for i, cid in enumerate(table.ids)}

    def __getitem__(self, clause_id: str) -> Clause:
        return self._table[self._position[clause_id]]

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.ids)

    def __len__(self) -> int:
        return len(self._table)


class CachedCorpus(Corpus):
    """A corpus whose clauses are read from the cache as they are used (`ClauseTable`)."""

    @cached_property
    def clause_by_id(self) -> dict[str, Clause]:  # a read-only mapping, not a dict
        clauses = self.clauses
        assert isinstance(clauses, ClauseTable)
        return ClauseMap(clauses)  # type: ignore[return-value]


# --- entries --------------------------------------------------------------------------------

_ARRAYS = ("clause_offsets", "tag_ptr", "tag_members", "term_ptr", "doc_ids", "weights")
_ENTRY_FILES = (
    "corpus.json",
    "clauses.jsonl",
    "clause_ids.json",
    "vocabulary.json",
    "spellings.json",
    *(f"{name}.npy" for name in _ARRAYS),
)


@dataclass
class Folder:
    """A notes folder, loaded: its corpus and its sparse index (None when neither the cache
    nor the chosen backend needed it)."""

    corpus: Corpus
    sparse: SparseRetriever | None


class _Unusable(Exception):
    """The cache cannot be written here; the message says why, in a few words."""


class _Damaged(Exception):
    """An entry is there but not whole; the message says what is wrong."""


def _is_whole(cache: FolderCache, digest: str) -> bool:
    try:
        return cache.open_entry(digest) is not None
    except _Damaged:
        return False


def _why(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


class FolderCache:
    def __init__(self, root: Path, notice: Notice | None = None) -> None:
        self.root = root / f"v{FORMAT}"
        self._notice = notice
        self._noticed = False

    def note(self, text: str) -> None:
        if self._notice is not None and not self._noticed:
            self._noticed = True
            self._notice(text)

    # --- reading ---

    def entry_dir(self, digest: str) -> Path:
        return self.root / "corpora" / digest

    def open_entry(self, digest: str) -> Folder | None:
        """The entry, checked file by file against its manifest; None if there is none.
        Raises _Damaged, saying what is wrong, when one is there but not whole."""
        import numpy as np

        folder = self.entry_dir(digest)
        if not folder.exists():
            return None
        try:
            manifest = json.loads((folder / "manifest.json").read_bytes())
            if manifest.get("format") != FORMAT or manifest.get("digest") != digest:
                raise _Damaged("manifest.json: not this entry's")
            if set(manifest["files"]) != set(_ENTRY_FILES):
                raise _Damaged("manifest.json: not the files an entry holds")
            for name, expected in manifest["files"].items():
                if _file_sha256(folder / name) != expected:
                    raise _Damaged(f"{name}: checksum mismatch")
            meta = json.loads((folder / "corpus.json").read_bytes())
            arrays = {n: np.load(folder / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in _ARRAYS}
            ids = json.loads((folder / "clause_ids.json").read_bytes())
            vocabulary = json.loads((folder / "vocabulary.json").read_bytes())
            with (folder / "clauses.jsonl").open("rb") as handle:
                data: mmap.mmap | bytes = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if ids else b""
            n = len(ids)
            if len(arrays["clause_offsets"]) != n + 1 or len(arrays["term_ptr"]) != len(vocabulary) + 1:
                raise _Damaged("arrays of the wrong length")
            table = ClauseTable(data, arrays["clause_offsets"], ids)
            corpus = CachedCorpus.model_construct(
                header=CorpusHeader.model_validate(meta["header"]),
                sources=[SourceMeta.model_validate(s) for s in meta["sources"]],
                tags=[TagDef.model_validate(t) for t in meta["tags"]],
                posts=[Post.model_validate(p) for p in meta["posts"]],
                clauses=table,
            )
            ptr, members = arrays["tag_ptr"], arrays["tag_members"]
            tag_index = TagIndex({t: members[ptr[i] : ptr[i + 1]] for i, t in enumerate(meta["tag_index"])}, n)
            matrix = WeightMatrix(vocabulary, n, arrays["term_ptr"], arrays["doc_ids"], arrays["weights"])
        except OSError as exc:
            raise _Damaged(_why(exc)) from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise _Damaged(f"unreadable ({type(exc).__name__})") from None
        spellings_file = folder / "spellings.json"
        return Folder(
            corpus, SparseRetriever(corpus, matrix, lambda: json.loads(spellings_file.read_bytes()), tag_index)
        )

    def read_fragment(self, key: str) -> Fragment | None:
        try:
            return Fragment.parse((self.root / "files" / f"{key}.json").read_bytes())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    # --- writing ---

    def _mkdir(self, path: Path) -> None:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _Unusable(_why(exc)) from None

    def write_fragment(self, key: str, fragment: Fragment) -> None:
        from assistant.store import write_atomic

        folder = self.root / "files"
        self._mkdir(folder)
        try:
            write_atomic(folder / f"{key}.json", fragment.raw or fragment.dump())
        except OSError as exc:
            raise _Unusable(_why(exc)) from None

    def write_entry(self, digest: str, files: dict[str, bytes]) -> None:
        """Write every file into a fresh folder, then rename it into place in one step."""
        corpora = self.root / "corpora"
        self._mkdir(corpora)
        final = self.entry_dir(digest)
        try:
            tmp = Path(tempfile.mkdtemp(dir=corpora, prefix=f".{digest[:16]}.", suffix=".tmp"))
        except OSError as exc:
            raise _Unusable(_why(exc)) from None
        try:
            sums: dict[str, str] = {}
            for name, payload in files.items():
                with (tmp / name).open("wb") as handle:
                    handle.write(payload)
                    handle.flush()
                    os.fsync(handle.fileno())
                sums[name] = _sha256(payload)
            manifest = {"format": FORMAT, "digest": digest, "files": sums}
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise _Unusable(_why(exc)) from None
        self._put_in_place(tmp, final, digest)

    def _put_in_place(self, tmp: Path, final: Path, digest: str) -> None:
        """Rename the new entry into place. Another process building the same notes may have
        got there first (then its entry is used, ours dropped); a damaged entry is first
        renamed aside, so no reader ever sees a folder half deleted."""
        for _ in range(3):
            try:
                os.rename(tmp, final)
                return
            except OSError as exc:
                if not final.exists():
                    shutil.rmtree(tmp, ignore_errors=True)
                    raise _Unusable(_why(exc)) from None
            if _is_whole(self, digest):
                shutil.rmtree(tmp, ignore_errors=True)
                return
            aside = final.with_name(f".{final.name[:16]}.{os.getpid()}.damaged")
            with contextlib.suppress(OSError):
                os.rename(final, aside)
                shutil.rmtree(aside, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
        raise _Unusable(f"cannot replace the damaged entry {final}")

    def replace_previous(self, folder: Path, digest: str, keys: list[str]) -> None:
        """Remember which entry and file entries a notes folder uses now, and drop the ones it
        used before that nothing uses now (each entry is about 3× the size of the notes)."""
        from assistant.store import write_atomic

        pointer = self.root / "folders" / _sha256(str(folder.resolve()).encode("utf-8"))
        try:
            before = json.loads(pointer.read_bytes())
            old_digest, old_keys = str(before["digest"]), set(before["keys"])
        except (OSError, ValueError, KeyError, TypeError):
            old_digest, old_keys = digest, set()
        self._mkdir(pointer.parent)
        try:
            write_atomic(pointer, json.dumps({"digest": digest, "keys": keys}))
        except OSError as exc:
            raise _Unusable(_why(exc)) from None
        if old_digest != digest:
            old = self.entry_dir(old_digest)
            aside = old.with_name(f".{old.name[:16]}.{os.getpid()}.old")
            with contextlib.suppress(OSError):
                os.rename(old, aside)
                shutil.rmtree(aside, ignore_errors=True)
        for key in old_keys - set(keys):
            with contextlib.suppress(OSError):
                (self.root / "files" / f"{key}.json").unlink()


def _npy(array: Any) -> bytes:
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _entry_files(corpus: Corpus, matrix: WeightMatrix, spellings: list[str], tags: TagIndex) -> dict[str, bytes]:
    import numpy as np

    lines = [c.model_dump_json().encode("utf-8") for c in corpus.clauses]
    offsets = np.zeros(len(lines) + 1, dtype=np.int64)
    np.cumsum([len(line) for line in lines], out=offsets[1:])
    names = sorted(tags.members)
    tag_ptr = np.zeros(len(names) + 1, dtype=np.int64)
    np.cumsum([len(tags.members[t]) for t in names], out=tag_ptr[1:])
    members = np.concatenate([tags.members[t] for t in names]) if names else np.zeros(0, dtype=np.int32)
    meta = {
        "header": corpus.header.model_dump(mode="json"),
        "sources": [s.model_dump(mode="json") for s in corpus.sources],
        "tags": [t.model_dump(mode="json") for t in corpus.tags],
        "posts": [p.model_dump(mode="json") for p in corpus.posts],
        "tag_index": names,
    }
    return {
        "corpus.json": json.dumps(meta, ensure_ascii=False).encode("utf-8"),
        "clauses.jsonl": b"".join(lines),
        "clause_ids.json": json.dumps([c.id for c in corpus.clauses], ensure_ascii=False).encode("utf-8"),
        "vocabulary.json": json.dumps(matrix.vocabulary, ensure_ascii=False).encode("utf-8"),
        "spellings.json": json.dumps(spellings, ensure_ascii=False).encode("utf-8"),
        "clause_offsets.npy": _npy(offsets),
        "tag_ptr.npy": _npy(tag_ptr),
        "tag_members.npy": _npy(members.astype(np.int32)),
        "term_ptr.npy": _npy(matrix.term_ptr),
        "doc_ids.npy": _npy(matrix.doc_ids),
        "weights.npy": _npy(matrix.weights),
    }


# Source files are parsed in worker processes when this much is to be parsed (bytes of
# notes): below it, starting the workers costs more than they save.
PARALLEL_FROM_BYTES = 2_000_000
MAX_WORKERS = 4


def _fragments(
    files: list[Path], keys: list[str], root: Path, vocabulary: list[TagDef], cache: FolderCache | None
) -> Iterator[Fragment]:
    """Each file's fragment, in order: from the cache, else parsed (on several cores when there
    is much to parse; a file that fails there is parsed again here, which reports it)."""
    found = [cache.read_fragment(k) if cache else None for k in keys]
    missing = [files[i] for i, f in enumerate(found) if f is None]
    parsed: Iterator[bytes | None] = iter(())
    workers = min(os.cpu_count() or 1, MAX_WORKERS, len(missing))
    pool = None
    if workers > 1 and sum(p.stat().st_size for p in missing) >= PARALLEL_FROM_BYTES:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the chat loads its notes in a thread, and forking a threaded process
        # can deadlock the child.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        tags = [t.model_dump(mode="json") for t in vocabulary]
        parsed = pool.map(
            _parse_in_worker, [str(p) for p in missing], [str(root)] * len(missing), [tags] * len(missing)
        )
    try:
        for path, fragment in zip(files, found, strict=True):
            if fragment is None:
                try:
                    data = next(parsed, None)
                except Exception:  # a worker died (killed, out of memory): parse the rest here
                    parsed, data = iter(()), None
                if data is not None:
                    fragment = Fragment.parse(data)
                    fragment.raw = data
                else:
                    fragment = Fragment.build(path, root, vocabulary)
                fragment.fresh = True
            yield fragment
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _parse_in_worker(path: str, root: str, tags: list[dict[str, Any]]) -> bytes | None:
    try:
        return Fragment.build(Path(path), Path(root), [TagDef.model_validate(t) for t in tags]).dump()
    except AssistantError:
        return None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AssistantError(f"cannot read: {exc.strerror}", file=str(path)) from None


def load_folder(
    corpus_dir: Path,
    vocabulary: list[TagDef],
    *,
    use_cache: bool = True,
    index: str = "auto",
    progress: Progress | None = None,
    notice: Notice | None = None,
) -> Folder:
    """The corpus of a notes folder (as `build_corpus` makes it) with its sparse index: from
    the cache when it holds them for exactly these files, else built (and then kept)."""
    from assistant.ingest.build import DERIVED_TAGS, META_SUFFIX, check_unique_ids, corpus_inputs

    _, vocabulary, files = corpus_inputs(corpus_dir, vocabulary)
    name = corpus_dir.resolve().name
    vocab_hash = _sha256(json.dumps([t.model_dump(mode="json") for t in vocabulary], sort_keys=True).encode())
    keys: list[str] = []
    for path in files:
        meta = path.with_name(path.name[: -len(path.suffix)] + META_SUFFIX)
        parts = [
            f"format {FORMAT}, version {_version()}",
            path.relative_to(corpus_dir).as_posix(),
            _sha256(_read(path)),
            _sha256(_read(meta)) if meta.exists() else "-",
            vocab_hash,
        ]
        keys.append(_sha256("\n".join(parts).encode("utf-8")))
    digest = _sha256("\n".join([name, *keys]).encode("utf-8"))

    cache = FolderCache(cache_root(), notice) if use_cache else None
    if cache is not None:
        try:
            found = cache.open_entry(digest)
        except _Damaged as exc:
            cache.note(f"the search cache was damaged ({exc}); rebuilt")
        else:
            if found is not None:
                return found

    fragments: list[Fragment] = []
    for done, fragment in enumerate(_fragments(files, keys, corpus_dir, vocabulary, cache)):
        if progress:
            progress("reading", done, len(files))
        if cache is not None and fragment.fresh:
            try:
                cache.write_fragment(keys[done], fragment)
            except _Unusable as exc:
                cache.note(f"search cache not kept: {exc}; built in memory")
                cache = None
        fragments.append(fragment)
    if progress:
        progress("reading", len(files), len(files))

    clauses = [c for f in fragments for c in f.clauses]
    check_unique_ids(clauses, corpus_dir)
    corpus = Corpus(
        header=CorpusHeader(name=name),
        sources=[f.source for f in fragments],
        tags=[*vocabulary, *DERIVED_TAGS],
        posts=[p for f in fragments for p in f.posts],
        clauses=clauses,
    )
    if cache is None and backend_for(corpus, index) != "sparse":
        return Folder(corpus, None)  # rank-bm25 indexes it in memory; nothing is kept
    if progress:
        progress("indexing", 0, len(clauses))
    matrix = WeightMatrix.build([t for f in fragments for t in f.terms])
    spellings = sorted({w for f in fragments for w in f.spellings})
    if progress:
        progress("indexing", len(clauses), len(clauses))
    tags = TagIndex.of(corpus.clauses)
    if cache is not None:
        try:
            cache.write_entry(digest, _entry_files(corpus, matrix, spellings, tags))
            cache.replace_previous(corpus_dir, digest, keys)
        except _Unusable as exc:
            cache.note(f"search cache not kept: {exc}; built in memory")
    return Folder(corpus, SparseRetriever(corpus, matrix, lambda: spellings, tags))
