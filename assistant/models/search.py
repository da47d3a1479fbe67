"""Contract of the retrieval layer: a ranked clause."""

from __future__ import annotations

from assistant.models.corpus import Authority, PostKind, Strict


class SearchHit(Strict):
    clause: str
    score: float
    rank: int
    text: str
    tags: list[str]
    author: str | None
    kind: PostKind
    authority: Authority
    post: str
