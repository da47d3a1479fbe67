"""Contract of the retrieval layer: a ranked clause."""

from __future__ import annotations

from assistant.models.corpus import Authority, Clause, PostKind, Strict


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

    @classmethod
    def of(cls, clause: Clause, score: float, rank: int) -> SearchHit:
        return cls(
            clause=clause.id,
            score=score,
            rank=rank,
            text=clause.text,
            tags=clause.tags,
            author=clause.author,
            kind=clause.kind,
            authority=clause.authority,
            post=clause.post,
        )
