"""A conversation: turns in, replies out, facts carried from turn to turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.models.reply import Citation, Reply, ReplyKind

if TYPE_CHECKING:
    from assistant.api import Assistant

# Longest quote taken from a clause for a retrieval answer.
MAX_QUOTE_CHARS = 220


class Conversation:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.turns: list[tuple[str, Reply]] = []

    def ask(self, text: str) -> Reply:
        if not text.strip():
            reply = Reply(kind=ReplyKind.clarify, text="Ask me something about Windows Server CALs.", headline="Ask me something about Windows Server CALs.", question="What would you like to know?")
            self.turns.append((text, reply))
            return reply
        hits = self.assistant.retriever.search(text, limit=3)
        corpus = self.assistant.corpus
        if not hits:
            reply = Reply(kind=ReplyKind.not_covered, text="The notes do not cover that.", headline="The notes do not cover that.")
        else:
            citations = []
            for h in hits:
                c = corpus.clause_by_id[h.clause]
                citations.append(Citation(clause=c.id, quote=c.text[:MAX_QUOTE_CHARS], author=c.author, authority=c.authority, kind=c.kind, quotes=c.quotes))
            lines = ["From the notes:"] + [f'- [{c.clause}] "{c.quote}"' for c in citations]
            reply = Reply(kind=ReplyKind.answer, text="\n".join(lines), headline="From the notes:", citations=citations)
        self.turns.append((text, reply))
        return reply
