"""The suite-wide citation check (tests/conftest.py) really rejects a quote not in its clause."""

from __future__ import annotations

import pytest
from citation_check import check_citations

from assistant.api import Assistant
from assistant.models.corpus import Authority, PostKind
from assistant.models.reply import Citation, Reply, ReplyKind


def _reply(quote: str, clause: str = "a2.4") -> Reply:
    citation = Citation(clause=clause, quote=quote, author="x", authority=Authority.answer, kind=PostKind.answer)
    return Reply(kind=ReplyKind.answer, text="t", headline="t", citations=[citation])


def test_the_check_accepts_a_verbatim_quote():
    chat = Assistant.load().conversation()
    check_citations(chat, _reply("you've then got 10 CALs"))


@pytest.mark.parametrize(("quote", "clause"), [("you have got 10 CALs", "a2.4"), ("10 CALs", "zz.9"), ("", "a2.4")])
def test_the_check_rejects_a_quote_that_is_not_in_the_clause(quote, clause):
    chat = Assistant.load().conversation()
    with pytest.raises(AssertionError):
        check_citations(chat, _reply(quote, clause))


def test_every_reply_in_this_session_went_through_the_check():
    chat = Assistant.load().conversation()
    assert (
        chat.ask.__func__.__name__ == "ask"
        and chat.ask.__func__.__module__ == "conftest"
        and chat.ask.__func__.__qualname__.startswith("_every_reply")
    )
