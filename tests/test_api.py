"""The Python API the front ends share."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.errors import AssistantError


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


def test_tags_without_words_list_the_tagged_clauses_in_order(assistant):
    hits = assistant.search("", tags=["topic:reassignment"])
    ids = [h.clause for h in hits]
    tagged = [c.id for c in assistant.corpus.clauses if "topic:reassignment" in c.tags]
    assert ids == tagged and "a1.6" in ids
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_search_rejects_unknown_tags_with_a_suggestion(assistant):
    with pytest.raises(AssistantError, match="did you mean"):
        assistant.search("cal", tags=["topic:reasignment"])


def test_clause_context_and_unknown_ids(assistant):
    ctx = assistant.clause_context("a2.c3.2")
    assert ctx.post.id == "a2.c3" and ctx.parent is not None and ctx.parent.id == "a2"
    with pytest.raises(AssistantError, match=r"a2\.c3\.2"):
        assistant.clause_context("a2.c3.9")


def test_conversations_share_the_corpus_but_not_their_facts(assistant):
    first, second = assistant.conversation(), assistant.conversation()
    first.ask("3 OEM copies with 5 CALs each")
    assert second.ask("how many users can use all of them?").kind == "clarify"
