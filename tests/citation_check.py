"""The check every reply in the test suite must pass: citations quote their clause verbatim."""

from __future__ import annotations

from assistant.dialogue.conversation import Conversation
from assistant.models.reply import Reply


def check_citations(conversation: Conversation, reply: Reply) -> None:
    clauses = conversation.assistant.corpus.clause_by_id
    for citation in reply.citations:
        clause = clauses.get(citation.clause)
        assert clause is not None, f"citation of unknown clause {citation.clause}"
        assert citation.quote, f"empty quote from {citation.clause}"
        assert citation.quote in clause.text, f"quote not verbatim in {citation.clause}: {citation.quote!r}"
    for ref in [c for s in reply.steps for c in s.clauses] + [c for a in reply.assumptions for c in a.clauses]:
        assert ref in clauses, f"reference to unknown clause {ref}"
        assert any(c.clause == ref for c in reply.citations), f"{ref} is referenced but not cited"
