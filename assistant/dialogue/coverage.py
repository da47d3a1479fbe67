"""Does the corpus cover a question? Decided by the question's subject, never by its everyday words.

A question is outside the notes when its subject is one the notes do not
address: a product, kind of licence, edition or quantity from the subject
vocabulary (`assistant/data/subjects.yaml`) that no clause mentions, or a
Windows Server release the notes never name. Words that are not licensing
subjects — towns, hardware brands, job titles, times of day — never decide it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from assistant.models.corpus import Corpus
from assistant.models.understanding import Understanding
from assistant.packs.pack import covers_release
from assistant.retrieval.text import words

if TYPE_CHECKING:
    from assistant.packs.pack import Pack

# Conversational filler carries no subject matter.
_FILLER = frozenset(
    """hi hello hey thanks thank cheers please pls ok okay so well um uh hmm guys folks mate quick question
    quickly simple simply basically actually really just wondering wonder curious help advice anyone somebody
    someone sure yes yeah yep nope right exactly great cool""".split()
)
_VERSION = re.compile(r"\b(?:server|windows)(?:®)?\s+(\d{4})\b", re.IGNORECASE)
# "I'm only asking about the Windows CALs": the question scopes itself to what the notes cover.
_WINDOWS_SCOPED = re.compile(
    r"\bwindows(?:\s+server)?(?:\s+\d{4})?(?:\s+(?:user|device))?\s+(?:cals?|client access licen[cs]es?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Subject:
    name: str
    kind: str
    # Each pattern's source and a word every match of it contains (None: not known), so a pattern is
    # compiled and run only on a text holding that word: most subjects are in no given question.
    sources: tuple[tuple[str, str | None], ...]
    context_only: bool = False
    unless_near: frozenset[str] = frozenset()

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        for source, word in self.sources:
            if word is None or word in text:
                yield from _compiled(source).finditer(text)

    def names_cals(self, text: str) -> bool:
        """Does the subject qualify a CAL in the text ("Exchange 2007 CALs")?"""
        return any(
            re.match(r"[\s\d-]{0,8}(?:user |device )?(?:cals?|client access licen[cs]es?)\b", text[m.end() :])
            for m in self._matches(text)
        )

    def found_in(self, text: str) -> bool:
        for m in self._matches(text):
            near = set(text[max(m.start() - 25, 0) : m.end() + 25].split())
            if self.unless_near & near or _DISMISSED.search(text[max(m.start() - 30, 0) : m.start()]):
                continue
            return True
        return False


@lru_cache(maxsize=1024)
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


# "forget the VMs then", "never mind the price", "ignore the Exchange part": a subject set aside is not asked about.
_DISMISSED = re.compile(
    r"\b(?:forget|forgetting|never ?mind|ignore|ignoring|apart from|aside from|leaving aside|leave aside|"
    r"not asking about|not about|except for|drop|dropping|skip|skipping)(?: about)?(?: the| our| my| that)?\s*$"
)


def _pattern(phrase: str) -> tuple[str, str | None]:
    star = phrase.endswith("*")
    words = phrase.rstrip("*").split()
    body = r"[\s-]+".join(re.escape(w) for w in words)
    edge_start = r"(?<![\w])" if phrase[:1].isalnum() else ""
    return edge_start + body + (r"\w*" if star else r"(?![\w])"), words[0] if words else None


@lru_cache(maxsize=1)
def subjects() -> tuple[Subject, ...]:
    import yaml

    text = resources.files("assistant").joinpath("data/subjects.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return tuple(
        Subject(
            name=entry["name"],
            kind=entry["kind"],
            sources=_patterns(entry),
            context_only=bool(entry.get("context_only", False)),
            unless_near=frozenset(entry.get("unless_near", ())),
        )
        for entry in yaml.load(text, Loader=loader)
    )


def _patterns(entry: dict[str, object]) -> tuple[tuple[str, str | None], ...]:
    phrases = [_pattern(str(p).lower()) for p in entry.get("phrases", ())]  # type: ignore[union-attr]
    raw: list[tuple[str, str | None]] = [(str(p), None) for p in entry.get("patterns", ())]  # type: ignore[union-attr]
    return tuple(phrases + raw)


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


class Coverage:
    def __init__(self, corpus: Corpus, vocabulary: list[str]) -> None:
        self.corpus = corpus
        self.vocabulary = vocabulary
        self._texts: dict[frozenset[str] | None, str] = {}
        self._covers: dict[frozenset[str] | None, dict[str, bool]] = {}

    def _notes(self, scope: Pack | None) -> frozenset[str] | None:
        """The sources a pack's notes are (None: all of them, so the corpus's text serves)."""
        if scope is None or scope.sources >= {s.id for s in self.corpus.sources}:
            return None
        return scope.sources

    def _text_of(self, sources: frozenset[str] | None) -> str:
        """The text of the notes `sources` name (all the notes for None), lower case."""
        if sources not in self._texts:
            clauses = (
                self.corpus.clauses if sources is None else [c for c in self.corpus.clauses if c.source in sources]
            )
            self._texts[sources] = _plain(" ".join(c.text for c in clauses))
        return self._texts[sources]

    @cached_property
    def versions(self) -> list[str]:
        """Product versions the corpus talks about ("2003", "2008")."""
        found = {m.group(1) for c in self.corpus.clauses for m in _VERSION.finditer(c.text)}
        return sorted(found)

    def _covers_subject(self, sources: frozenset[str] | None, subject: Subject) -> bool:
        """Do the notes (those of `sources`) mention the subject? Worked out only for subjects a
        question names, and kept."""
        known = self._covers.setdefault(sources, {})
        if subject.name not in known:
            known[subject.name] = subject.found_in(self._text_of(sources))
        return known[subject.name]

    def mentioned(self, text: str) -> list[Subject]:
        plain = _plain(text)
        return [s for s in subjects() if not s.context_only and s.found_in(plain)]

    @staticmethod
    def is_small_talk(text: str) -> bool:
        """Greetings and thanks: no word with subject matter in them."""
        return all(w in _FILLER for w in words(text))

    def uncovered(
        self, u: Understanding, scope: Pack | None = None, handled: frozenset[str] = frozenset()
    ) -> list[str]:
        """The subjects of the turn the notes say nothing about (empty when covered). With `scope`, the
        subjects outside that pack: releases it does not cover, subjects its own notes never mention.
        `handled`: subjects another pack has answered for in this turn."""
        sources = self._notes(scope)
        versions = list(scope.data.scope.versions) if scope is not None and scope.data.scope.versions else self.versions
        text = self._text_of(sources)
        missing = [f"Windows Server {r}" for r in u.update.releases() if not covers_release(versions, r)]
        scoped = bool(_WINDOWS_SCOPED.search(u.text))
        mentioned = self.mentioned(u.text[:4000])
        for subject in mentioned:
            if subject.name in handled or self._covers_subject(sources, subject):
                continue
            if scoped and subject.kind == "product" and not subject.names_cals(_plain(u.text)):
                continue  # context beside an explicit question about Windows CALs ("Exchange runs on one")
            missing.append(subject.name)
        missing += [w for w in u.foreign if w.lower() not in text and not any(s.found_in(w.lower()) for s in mentioned)]
        return missing
