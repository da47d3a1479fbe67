"""Turn derivations, questions and retrieved passages into replies (text headline first)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.models.corpus import Clause, Corpus
from assistant.models.reply import Citation, Dispute, Reply, ReplyKind
from assistant.models.rules import Derivation, RuleSource
from assistant.render import describe_clause

# A retrieval answer quotes at most this much of a clause (cut at a word boundary).
BRIEF_QUOTE_CHARS = 200


def refs(clauses: Iterable[str]) -> str:
    return " ".join(f"[{c}]" for c in clauses)


def _citation(corpus: Corpus, source: RuleSource) -> Citation:
    return Citation.of(corpus.clause_by_id[source.clause], source.quote)


def _sources_block(corpus: Corpus, citations: list[Citation]) -> list[str]:
    lines = ["Sources:", ""]
    by_clause: dict[str, list[str]] = {}
    for c in citations:
        by_clause.setdefault(c.clause, []).append(c.quote)
    for clause_id, quotes in by_clause.items():
        clause = corpus.clause_by_id[clause_id]
        quoted = " … ".join(f'"{q}"' for q in quotes)
        lines.append(f"- [{clause_id}] {describe_clause(clause)}: {quoted}")
    return lines


def _explained(corpus: Corpus, headline: str, reply: Reply) -> str:
    """The text of an answer: headline, steps, assumptions, disputes, then the sources."""
    lines = [headline]
    # A step that only repeats the headline (a definition) says nothing more; its sources still show.
    steps = [s for s in reply.steps if s.text != headline]
    if steps:
        lines += ["", "How I got it:", ""]
        lines += [f"{n}. {s.text} {refs(s.clauses)}".rstrip() for n, s in enumerate(steps, start=1)]
    if reply.assumptions:
        lines += ["", "Assumptions:", ""]
        lines += [f"- {a.assumption} If not: {a.if_wrong} {refs(a.clauses)}".rstrip() for a in reply.assumptions]
    if reply.disputes:
        lines += ["", "Disputed in the sources:", "", *_dispute_lines(reply.disputes)]
    if reply.citations:
        lines += ["", *_sources_block(corpus, reply.citations)]
    return "\n".join(lines)


def from_derivation(corpus: Corpus, d: Derivation, intent: str | None = None) -> Reply:
    reply = Reply(
        kind=ReplyKind.answer,
        text="",
        headline=d.headline,
        intent=intent,
        verdict=d.verdict,
        figures=d.figures,
        steps=d.steps,
        assumptions=d.assumptions,
        disputes=d.disputes,
        citations=[_citation(corpus, s) for s in d.sources],
        rules=d.rules,
    )
    return reply.model_copy(update={"text": _explained(corpus, d.headline, reply)})


def why(corpus: Corpus, last: Reply, statements: dict[str, str]) -> Reply:
    """The reasons behind an earlier reply ("why?"): the rules it rests on and what they say, then its
    steps, assumptions, disputes and sources — not the reply again. `statements`: rule id -> statement."""
    if last.kind is ReplyKind.not_covered:
        headline = f"Why not: {last.headline}"
        lines = [
            headline,
            "",
            "I answer only from the notes, and none of their clauses is about that subject, so any figure would "
            "be a guess. The nearest passages are below; if one of them does apply, ask about it directly.",
        ]
        if last.citations:
            lines += ["", *_passage_lines(corpus, last.citations)]
        return last.model_copy(update={"headline": headline, "text": "\n".join(lines), "intent": "why"})
    if last.kind is ReplyKind.clarify:
        headline = f"Why I asked: {last.question or last.headline}"
        lines = [
            headline,
            "",
            "The figure depends on that number, and I do not fill a missing number with a guess. "
            "Answer with the number (a bare number will do) and I will work it out.",
        ]
        return last.model_copy(update={"headline": headline, "text": "\n".join(lines), "intent": "why"})
    headline = f"Why: {last.headline}"
    because = [f"- {statements[r]}" for r in last.rules if r in statements]
    lines = [headline]
    if because:
        lines += ["", "The rules it rests on:", "", *because]
    body = _explained(corpus, "", last).lstrip("\n")
    if body:
        lines += ["", body]
    return last.model_copy(update={"headline": headline, "text": "\n".join(lines), "intent": "why"})


def clarify(
    question: str,
    known: str | None = None,
    note: str | None = None,
    asks: str | None = None,
    intent: str | None = None,
) -> Reply:
    lines = [question]
    if note:
        lines = [note, "", question]
    if known:
        lines += ["", f"So far: {known}."]
    return Reply(
        kind=ReplyKind.clarify,
        text="\n".join(lines),
        headline=lines[0],
        question=question,
        asks=asks,
        intent=intent,
    )


def brief_quote(text: str, limit: int = BRIEF_QUOTE_CHARS) -> str:
    """The clause's first sentence, or its first `limit` characters cut at a word: always verbatim."""
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    cut = first[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def passage_citations(clauses: list[Clause]) -> list[Citation]:
    return [Citation.of(c, brief_quote(c.text)) for c in clauses]


def _passage_lines(corpus: Corpus, citations: list[Citation], disputed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    lines = []
    for c in citations:
        clause = corpus.clause_by_id[c.clause]
        more = "…" if len(c.quote) < len(clause.text) else ""
        flag = " (disputed: see below)" if c.clause in disputed else ""
        lines.append(f'- [{c.clause}] {describe_clause(clause)}{flag}: "{c.quote}"{more}')
    return lines


def _dispute_lines(disputes: list[Dispute]) -> list[str]:
    lines: list[str] = []
    for dispute in disputes:
        lines.append(f"- {dispute.claim}")
        lines += [f"  - {side.position} {refs(side.clauses)}" for side in dispute.sides]
    return lines


def from_passages(
    corpus: Corpus,
    headline: str,
    clauses: list[Clause],
    rule_ids: list[str],
    disputes: list[Dispute] = (),  # type: ignore[assignment]
) -> Reply:
    """A non-numeric answer: the best clauses, quoted briefly; a clause on a side of a dispute is flagged,
    and the dispute shown with both sides."""
    citations = passage_citations(clauses)
    disputed = {c for d in disputes for side in d.sides for c in side.clauses}
    lines = [headline, "", "From the notes:", "", *_passage_lines(corpus, citations, disputed)]
    if disputes:
        lines += ["", "Disputed in the sources:", "", *_dispute_lines(list(disputes))]
    return Reply(
        kind=ReplyKind.answer,
        text="\n".join(lines),
        headline=headline,
        citations=citations,
        disputes=list(disputes),
        rules=rule_ids,
    )


def not_covered(corpus: Corpus, what: str, nearest: list[Clause]) -> Reply:
    titles = "; ".join(s.title for s in corpus.sources)
    headline = f"The notes do not cover {what}, so I cannot answer that from them."
    lines = [headline, "", f"What the notes are about: {titles}"]
    citations = passage_citations(nearest)
    if citations:
        lines += ["", "Nearest passages (possibly not applicable):", "", *_passage_lines(corpus, citations)]
    return Reply(
        kind=ReplyKind.not_covered,
        text="\n".join(lines),
        headline=headline,
        citations=citations,
        related=[c.id for c in nearest],
    )


def plain(kind: ReplyKind, text: str) -> Reply:
    """A short reply with no figures (greetings, resets, problems with the question)."""
    headline = text.split("\n", 1)[0]
    # A clarifying reply always says what it asks.
    question = headline if kind is ReplyKind.clarify else None
    return Reply(kind=kind, text=text, headline=headline, question=question)


def combined(corpus: Corpus, replies: list[Reply]) -> Reply:
    """One answer from the answers of several packs to one turn ("RDS CALs and Windows CALs for 20
    users"): headlines in turn, then every step, assumption, dispute and source once; a figure two
    packs both give is shown once, as the first gave it."""
    first = replies[0]
    figures = []
    for r in replies:
        figures += [f for f in r.figures if f.name not in {g.name for g in figures}]

    def merged(field: str) -> list:  # type: ignore[type-arg]
        out: list = []  # type: ignore[type-arg]
        for r in replies:
            out += [x for x in getattr(r, field) if x not in out]
        return out

    headline = " ".join(dict.fromkeys(r.headline for r in replies))
    reply = Reply(
        kind=ReplyKind.answer,
        text="",
        headline=headline,
        intent=first.intent,
        verdict=next((r.verdict for r in replies if r.verdict is not None), None),
        figures=figures,
        steps=merged("steps"),
        assumptions=merged("assumptions"),
        disputes=merged("disputes"),
        citations=merged("citations"),
        rules=merged("rules"),
    )
    return reply.model_copy(update={"text": _explained(corpus, headline, reply)})
