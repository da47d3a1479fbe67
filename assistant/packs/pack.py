"""A pack bound to the loaded corpus: each quote key resolved to its clause, phrases compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from assistant.models.corpus import Clause
from assistant.models.packs import DisputeDef, NotCovered, PackFile, PackInfo
from assistant.models.reply import Dispute, DisputeSide
from assistant.models.rules import RuleInfo, RuleSource
from assistant.packs.check import Compiled
from assistant.packs.phrases import Match, Phrase, Tok

# "forget the VMs", "never mind the price": a subject set aside is not asked about.
_DISMISSED = re.compile(
    r"\b(?:forget|forgetting|never ?mind|ignore|ignoring|apart from|aside from|leaving aside|leave aside|"
    r"not asking about|not about|except for|drop|dropping|skip|skipping)(?: about)?(?: the| our| my| that)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Pack:
    file: str  # relative to the corpus folder
    data: PackFile
    compiled: Compiled
    clauses: dict[str, Clause]  # quote key -> the clause holding it

    @property
    def id(self) -> str:
        return self.data.pack

    @property
    def engine(self) -> str | None:
        return self.data.engine

    def source(self, key: str) -> RuleSource:
        clause = self.clauses[key]
        return RuleSource(clause=clause.id, quote=self.data.quotes[key], key=key)

    def clause_of(self, key: str) -> str:
        return self.clauses[key].id

    @cached_property
    def rules(self) -> dict[str, RuleInfo]:
        return {
            r.id: RuleInfo(id=r.id, title=r.title, statement=r.statement, sources=[self.source(k) for k in r.quotes])
            for r in self.data.rules
        }

    @cached_property
    def sources(self) -> frozenset[str]:
        """The ids of the notes (sources) its quotes were found in."""
        return frozenset(c.source for c in self.clauses.values())

    def dispute(self, d: DisputeDef) -> Dispute:
        """A dispute of the pack, each side citing the clauses of its quotes."""
        return Dispute(
            claim=d.claim,
            sides=[
                DisputeSide(position=s.position, clauses=list(dict.fromkeys(self.clause_of(k) for k in s.cites)))
                for s in d.sides
            ],
        )

    def parameter(self, name: str) -> int:
        return self.data.parameters[name].value

    def figure_names(self) -> dict[str, str]:
        return {name: f.means for name, f in self.data.figures.items()}

    # --- scope ---

    def named_in(self, tokens: list[Tok], text: str) -> bool:
        """Does the turn name this pack's subject (and not only to set it aside)?"""
        return found(self.compiled.scope, tokens, text) is not None

    def not_covered_in(self, tokens: list[Tok], text: str) -> tuple[NotCovered, Clause] | None:
        """A subject the pack's notes say they do not cover, named in the turn."""
        for entry, phrases in self.compiled.not_covered:
            if found(phrases, tokens, text) is not None:
                return entry, self.clauses[entry.quote]
        return None

    def info(self) -> PackInfo:
        d = self.data
        return PackInfo(
            pack=d.pack,
            title=d.title,
            file=self.file,
            loaded=True,
            engine=d.engine,
            products=d.scope.products,
            versions=d.scope.versions,
            licence=d.scope.licence,
            notes=sorted(self.sources),
            rules=list(self.rules.values()),
            parameters={n: p.value for n, p in d.parameters.items()},
            figures=self.figure_names(),
            questions={q.id: q.means for q in d.questions},
            examples=len(d.examples),
        )


def found(phrases: tuple[Phrase, ...], tokens: list[Tok], text: str) -> Match | None:
    """The first match of any of the phrases that the turn does not set aside ("forget the VMs")."""
    for phrase in phrases:
        for m in phrase.find(tokens):
            if not _DISMISSED.search(text[max(tokens[m.start].start - 30, 0) : tokens[m.start].start]):
                return m
    return None


def covers_release(versions: list[str], release: str) -> bool:
    """Is a release ("2008 R2") one of these versions ("2008")? Any release, when none are named."""
    return not versions or any(release.startswith(v) for v in versions)
