"""Contracts of the corpus layer: sources, posts, clauses and the tag vocabulary.

The built corpus is a JSON-lines file of these records, so every record sits on
its own line and a malformed one can be reported by line number.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base for contracts: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PostKind(StrEnum):
    question = "question"
    answer = "answer"
    comment = "comment"
    section = "section"  # a heading-delimited section of a plain notes file


class Authority(StrEnum):
    """How much weight a clause carries; ranked by `AUTHORITY_RANK`."""

    vendor = "vendor statement"
    accepted = "accepted answer"
    answer = "answer"
    comment = "comment"
    question = "question"
    notes = "own notes"


AUTHORITY_RANK: dict[Authority, int] = {
    Authority.vendor: 5,
    Authority.accepted: 4,
    Authority.answer: 3,
    Authority.comment: 2,
    Authority.notes: 2,
    Authority.question: 1,
}


class SourceMeta(Strict):
    """Where a source came from and how it may be reused (kept for attribution)."""

    record: Literal["source"] = "source"
    id: str
    file: str
    format: Literal["stackexchange-thread", "notes"]
    title: str
    site: str = ""
    url: str = ""
    license: str = ""
    authors: list[str] = Field(default_factory=list)
    retrieved: str = ""
    dropped: list[str] = Field(default_factory=list, description="page debris removed")


class Post(Strict):
    record: Literal["post"] = "post"
    id: str
    source: str
    kind: PostKind
    author: str | None = None
    date: str | None = None
    parent: str | None = None  # the post a comment hangs under
    accepted: bool = False
    title: str | None = None  # section heading, for notes
    clauses: list[str] = Field(default_factory=list)


class Clause(Strict):
    """The unit of citation: verbatim source text with its character offsets."""

    record: Literal["clause"] = "clause"
    id: str
    post: str
    source: str
    start: int
    end: int
    text: str
    author: str | None = None
    kind: PostKind
    authority: Authority
    quotes: str | None = None  # who the clause quotes, e.g. "Microsoft"
    tags: list[str] = Field(default_factory=list)


class TagDef(Strict):
    record: Literal["tag"] = "tag"
    name: str
    group: str
    description: str
    patterns: list[str] = Field(default_factory=list)


class PackSource(Strict):
    """A rule pack as a built corpus carries it: its file (relative to the corpus folder) and text.
    It is read and checked when the corpus is loaded (`assistant/packs`)."""

    record: Literal["pack"] = "pack"
    file: str
    text: str


class CorpusHeader(Strict):
    record: Literal["corpus"] = "corpus"
    format_version: int = 1
    name: str


class Corpus(Strict):
    """The whole built corpus, as the retrieval and rules layers see it."""

    header: CorpusHeader
    sources: list[SourceMeta]
    tags: list[TagDef]
    posts: list[Post]
    clauses: list[Clause]
    packs: list[PackSource] = Field(default_factory=list)

    @cached_property
    def clause_by_id(self) -> dict[str, Clause]:
        return {c.id: c for c in self.clauses}

    @cached_property
    def post_by_id(self) -> dict[str, Post]:
        return {p.id: p for p in self.posts}

    @cached_property
    def tag_names(self) -> list[str]:
        return [t.name for t in self.tags]


class ClauseContext(Strict):
    """A clause with the post it belongs to: what `show` prints and the TUI opens."""

    clause: Clause
    post: Post
    parent: Post | None = None  # the answer or question a comment hangs under
    context: list[Clause]  # every clause of the post, in order
