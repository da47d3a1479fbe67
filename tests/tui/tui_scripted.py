"""A scripted stand-in for the dialogue layer, so rendering tests do not hang on the rules' wording.

The replies use real clause ids and verbatim quotes from the bundled corpus (checked when built),
and have every part a reply can have: figures, steps, assumptions, disputes, a clarifying
question, a not-covered reply.
"""

from __future__ import annotations

from assistant.api import Assistant
from assistant.models.corpus import Corpus
from assistant.models.reply import (
    Assumption,
    Citation,
    Dispute,
    DisputeSide,
    Figure,
    Reply,
    ReplyKind,
    Step,
)

NUMERIC_QUESTION = "2 servers x 5 CALs, how many users?"
CLARIFY_QUESTION = "How many CALs do I need?"
NOT_COVERED_QUESTION = "How many Exchange CALs do I need?"


def cite(corpus: Corpus, clause_id: str, quote: str) -> Citation:
    clause = corpus.clause_by_id[clause_id]
    assert quote in clause.text, f"not verbatim in {clause_id}: {quote!r}"
    return Citation.of(clause, quote)


def numeric_reply(corpus: Corpus) -> Reply:
    citations = [
        cite(
            corpus,
            "a2.4",
            "If you buy two Server licenses which both explicitly includes 5 CALs, you've then got 10 CALs.",
        ),
        cite(corpus, "a4.4", "It doesn’t matter if you obtained the CALs separately"),
        cite(corpus, "a2.11", "With this CAL, they can connect to any number of servers in the domain."),
        cite(
            corpus,
            "a2.15",
            "You are also always allowed to have up to 2 administrators accessing a server without any CALs",
        ),
        cite(corpus, "a5.2", "5 CAL's =="),
    ]
    steps = [
        Step(text="2 copies × 5 CALs = 10 CALs, pooled however they were obtained.", clauses=["a2.4", "a4.4"]),
        Step(text="In per user/device mode one CAL covers its user on every server.", clauses=["a2.11"]),
    ]
    assumptions = [
        Assumption(
            assumption="Per user/device mode.",
            if_wrong="In per server mode it is 5 concurrent connections per server.",
            clauses=["a2.14"],
        )
    ]
    disputes = [
        Dispute(
            claim="One of the 5 CALs must be kept for an administrator.",
            sides=[
                DisputeSide(position="Up to 2 administrators need no CAL at all.", clauses=["a2.15"]),
                DisputeSide(position="5 CALs are 4 users plus the administrator.", clauses=["a5.2"]),
            ],
        )
    ]
    text = "\n".join(
        [
            "**10 users**, each of whom may use both servers (per user/device mode).",
            "",
            "How I got it:",
            "",
            "1. 2 copies × 5 CALs = 10 CALs, pooled however they were obtained. [a2.4] [a4.4]",
            "2. In per user/device mode one CAL covers its user on every server. [a2.11]",
            "",
            "Assumptions:",
            "",
            "- Per user/device mode. If not: In per server mode it is 5 concurrent connections per server. [a2.14]",
            "",
            "Disputed in the sources:",
            "",
            "- One of the 5 CALs must be kept for an administrator.",
            "  - Up to 2 administrators need no CAL at all. [a2.15]",
            "  - 5 CALs are 4 users plus the administrator. [a5.2]",
        ]
    )
    return Reply(
        kind=ReplyKind.answer,
        text=text,
        headline="10 users, each of whom may use both servers (per user/device mode).",
        figures=[Figure(name="users_licensed", value=10, unit="users")],
        steps=steps,
        assumptions=assumptions,
        disputes=disputes,
        citations=citations,
    )


def clarify_reply() -> Reply:
    question = "How many users (or devices) will use the servers?"
    return Reply(kind=ReplyKind.clarify, text=question, headline=question, question=question)


def not_covered_reply(corpus: Corpus, text: str) -> Reply:
    # Echoes the person's words into the Markdown, as a careless reply might.
    headline = f"The notes do not cover {text}"
    citations = [cite(corpus, "q.2", "a User CAL means that the named user can connect to any server I may have.")]
    return Reply(
        kind=ReplyKind.not_covered,
        text=f"{headline}\n\nNearest passages (possibly not applicable):\n\n- [q.2] a User CAL …",
        headline=headline,
        citations=citations,
        related=["q.2"],
    )


class ScriptedConversation:
    """Same interface as `assistant.dialogue.conversation.Conversation` for the UI: ask, turns."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.turns: list[tuple[str, Reply]] = []

    def ask(self, text: str) -> Reply:
        corpus = self.assistant.corpus
        key = " ".join(text.lower().split())
        if key == NUMERIC_QUESTION.lower() or key == "why?":
            reply = numeric_reply(corpus)
        elif key == CLARIFY_QUESTION.lower():
            reply = clarify_reply()
        else:
            reply = not_covered_reply(corpus, text)
        self.turns.append((text, reply))
        return reply


class ScriptedAssistant(Assistant):
    def conversation(self) -> ScriptedConversation:  # type: ignore[override]
        return ScriptedConversation(self)


def load_scripted() -> Assistant:
    return ScriptedAssistant(Assistant.load().corpus)
