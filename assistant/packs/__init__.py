"""Rule packs: licensing knowledge as data beside the notes it cites (see `models/packs.py`).

`load_packs(sources, corpus)` reads, checks and binds every pack a corpus carries;
a pack whose notes are not in the corpus is skipped, with the reason kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.models.corpus import Corpus
from assistant.models.packs import PackInfo, PackSource
from assistant.models.reply import Dispute
from assistant.packs.load import Skipped, find_quotes, read_pack
from assistant.packs.pack import Pack


@dataclass(frozen=True)
class Packs:
    loaded: tuple[Pack, ...] = ()
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)

    def by_id(self, pack_id: str) -> Pack | None:
        return next((p for p in self.loaded if p.id == pack_id), None)

    def with_engine(self, engine: str) -> Pack | None:
        return next((p for p in self.loaded if p.engine == engine), None)

    @property
    def default(self) -> Pack | None:
        return next((p for p in self.loaded if p.data.scope.default), None)

    def figure_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for p in self.loaded:
            for name, means in p.figure_names().items():
                names.setdefault(name, means)
        return names

    def question_ids(self) -> list[str]:
        return [q.id for p in self.loaded for q in p.data.questions]

    def disputes_touching(self, clauses: set[str]) -> list[Dispute]:
        """The disputes one of whose sides rests on any of these clauses (so a passage quoting it is
        never shown as plain support)."""
        found = []
        for pack in self.loaded:
            for d in pack.data.disputes:
                dispute = pack.dispute(d)
                if any(set(side.clauses) & clauses for side in dispute.sides):
                    found.append(dispute)
        return found

    def infos(self) -> list[PackInfo]:
        found = [p.info() for p in self.loaded]
        found += [PackInfo(pack=s.pack, title=s.title, file=s.file, loaded=False, why_not=s.why) for s in self.skipped]
        return sorted(found, key=lambda i: i.file)


def load_packs(sources: list[PackSource], corpus: Corpus) -> Packs:
    from assistant.errors import AssistantError

    loaded: list[Pack] = []
    skipped: list[Skipped] = []
    for source in sources:
        data, located, compiled = read_pack(source)
        if any(p.id == data.pack for p in loaded) or any(s.pack == data.pack for s in skipped):
            raise AssistantError(
                f"a second pack with the id '{data.pack}'", file=source.file, line=located.line(("pack",))
            )
        found = find_quotes(data, located, source.file, corpus)
        if isinstance(found, str):
            skipped.append(Skipped(source.file, data.pack, data.title, found))
            continue
        loaded.append(Pack(source.file, data, compiled, found))
    defaults = [p for p in loaded if p.data.scope.default]
    if len(defaults) > 1:
        raise AssistantError(
            f"two packs take the questions no other pack names (scope: default): {defaults[0].id}, {defaults[1].id}",
            file=defaults[1].file,
        )
    return Packs(tuple(loaded), tuple(skipped))
