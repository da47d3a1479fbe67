"""Plain-text rendering of corpus objects for the CLI (the TUI renders its own)."""

from __future__ import annotations

import textwrap
from collections import Counter

from assistant.models.corpus import Authority, Clause, ClauseContext, Corpus, Post, PostKind
from assistant.models.packs import PackInfo
from assistant.models.rules import RuleInfo
from assistant.models.search import SearchHit

WIDTH = 88


def describe_source(author: str | None, kind: PostKind, authority: Authority, quotes: str | None = None) -> str:
    """'Bart De Vos, answer — quoting Microsoft (vendor statement)'."""
    who = author or ("your notes" if kind is PostKind.section else "unknown author")
    if quotes:
        return f"{who}, {kind.value} quoting {quotes} ({authority.value})"
    if authority is Authority.accepted:
        return f"{who}, accepted answer"
    return f"{who}, {kind.value}"


def describe_clause(clause: Clause) -> str:
    return describe_source(clause.author, clause.kind, clause.authority, clause.quotes)


def _wrap(text: str, indent: str) -> str:
    return "\n".join(
        textwrap.fill(line, WIDTH, initial_indent=indent, subsequent_indent=indent) if line.strip() else ""
        for line in text.splitlines()
    )


def format_hits(hits: list[SearchHit], corpus: Corpus, *, scored: bool = True) -> str:
    """Numbered hits with their text and tags; `scored=False` for a listing (no query, no score)."""
    blocks = []
    for hit in hits:
        clause = corpus.clause_by_id[hit.clause]
        score = f" score {hit.score:.2f}" if scored else ""
        head = f"{hit.rank}. [{hit.clause}]{score} - {describe_clause(clause)}"
        tags = ", ".join(hit.tags)
        blocks.append(f"{head}\n{_wrap(hit.text, '   ')}\n   tags: {tags}")
    return "\n\n".join(blocks)


def clause_context(corpus: Corpus, clause_id: str) -> ClauseContext:
    clause = corpus.clause_by_id[clause_id]
    post = corpus.post_by_id[clause.post]
    parent = corpus.post_by_id.get(post.parent) if post.parent else None
    return ClauseContext(
        clause=clause, post=post, parent=parent, context=[corpus.clause_by_id[c] for c in post.clauses]
    )


def describe_post(post: Post) -> str:
    kind = "accepted answer" if post.accepted else post.kind.value
    parts = [f"{post.id}: {kind}", f"by {post.author or 'unknown author'}"]
    if post.date:
        parts.append(post.date)
    if post.parent:
        parts.append(f"on {post.parent}")
    if post.title:
        parts.append(f"section '{post.title}'")
    return ", ".join(parts)


def format_clause_in_post(corpus: Corpus, clause_id: str) -> str:
    ctx = clause_context(corpus, clause_id)
    source = next((s for s in corpus.sources if s.id == ctx.clause.source), None)
    lines = [f"[{ctx.clause.id}] {describe_clause(ctx.clause)}", f"tags: {', '.join(ctx.clause.tags)}"]
    if source:
        lines.append(f"source: {source.title} ({source.file}, characters {ctx.clause.start}-{ctx.clause.end})")
    lines += ["", f"Post {describe_post(ctx.post)}:"]
    for c in ctx.context:
        marker = ">> " if c.id == ctx.clause.id else "   "
        lines.append(f"{marker}[{c.id}]")
        lines.append(_wrap(c.text, "     "))
    return "\n".join(lines)


def tag_counts(corpus: Corpus) -> Counter[str]:
    counts: Counter[str] = Counter({t.name: 0 for t in corpus.tags})
    for clause in corpus.clauses:
        counts.update(clause.tags)
    return counts


def format_tags(corpus: Corpus, counts: Counter[str]) -> str:
    width = max((len(t.name) for t in corpus.tags), default=0)
    return "\n".join(f"{t.name:<{width}}  {counts[t.name]:>4}  {t.description}" for t in corpus.tags)


def format_rules(rules: list[RuleInfo], corpus: Corpus) -> str:
    blocks = []
    for r in rules:
        lines = [f"{r.id}: {r.title}", _wrap(r.statement, "  ")]
        for s in r.sources:
            clause = corpus.clause_by_id.get(s.clause)
            who = describe_clause(clause) if clause else "clause not in this corpus"
            lines.append(_wrap(f'[{s.clause}] {who}: "{s.quote}"', "    "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def format_packs(packs: list[PackInfo], corpus: Corpus) -> str:
    """Each pack: what it covers, then its rules with their quotes (`format_rules`)."""
    if not packs:
        return "No rule packs: questions are answered from the notes' passages only."
    blocks = []
    for p in packs:
        head = [f"== {p.pack}: {p.title} ({p.file})"]
        if not p.loaded:
            head.append(_wrap(f"not loaded: {p.why_not}", "  "))
            blocks.append("\n".join(head))
            continue
        covers = ", ".join(p.products) or "-"
        if p.versions:
            covers += f"; releases {', '.join(p.versions)}"
        head.append(_wrap(f"covers: {covers}; {p.licence}" if p.licence else f"covers: {covers}", "  "))
        head.append(_wrap(f"notes: {', '.join(p.notes)}" + (f"; engine: {p.engine}" if p.engine else ""), "  "))
        if p.parameters:
            head.append(_wrap("parameters: " + ", ".join(f"{k} = {v}" for k, v in p.parameters.items()), "  "))
        if p.figures:
            head.append(_wrap("figures: " + ", ".join(p.figures), "  "))
        if p.questions:
            head.append(_wrap("questions: " + ", ".join(p.questions), "  "))
        head.append(f"  worked examples: {p.examples}")
        blocks.append("\n".join(head) + "\n\n" + format_rules(p.rules, corpus))
    return "\n\n".join(blocks)
