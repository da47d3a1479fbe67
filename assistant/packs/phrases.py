"""Phrases: how a pack says which words name a fact, a question or its scope.

A turn is read into tokens — words (lower case, licence/license folded), whole
numbers (digits or words: "forty-five", "a dozen", and the pack's own number
words such as "dual") and breaks (sentence punctuation, a dash between spaces).
A phrase is a sequence of:

    word          that word, or its plural ("user" matches "users");  word!  that word only
    a|b|c         any of these words;  word*  any word starting so
    {n}  {k}      a number, captured: a fact's value is n (times k when both are there)
    {_}           any number, not captured
    ...           up to 3 words in between (never a number, a break, or a word such as "of" or
                  "use" that ends a noun's description)
    ( ... )       the part inside is optional (parentheses, so YAML lists need no quotes)

Hyphens are spaces ("6-core" is "6 core"). Matching is over tokens, with no
backtracking beyond each phrase's few optional parts, so it is linear in the
length of a turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from assistant.dialogue.numbers import prepare, read_number, tokenize

GAP = 3  # words "..." may skip
# Words a gap never skips: they end the words describing a number's noun ("5 pack | of RDS user CALs",
# "30 people | use the host"), so a phrase cannot reach past them to another noun.
GAP_STOPS = frozenset(
    """of for on in at with to from by and or but that who which per each than as into onto over under between
    across via through are is was were be been have has had use uses used share shares shared connect connects
    run runs need needs do does did will would can could should""".split()
)
_BREAKS = frozenset('.?!;:,()[]{}"')
_SPELLING = {
    "license": "licence",
    "licenses": "licences",
    "licensed": "licenced",
    "licensing": "licencing",
    "centre": "center",
    "datacentre": "datacenter",
    "virtualisation": "virtualization",
    "virtualised": "virtualized",
}


@dataclass(frozen=True)
class Tok:
    kind: str  # "w" word, "n" number, "b" break
    text: str
    value: int | None = None
    start: int = 0  # offsets in the prepared text
    end: int = 0
    joined: bool = False  # a number written joined to the next word by a hyphen ("6-core")


def _word(text: str) -> str:
    text = text.lower().replace("'", "")
    return _SPELLING.get(text, text)


def read_tokens(text: str, numbers: Mapping[str, int] = {}) -> list[Tok]:
    """The tokens of a turn (or of a phrase)."""
    raw = tokenize(prepare(text))
    out: list[Tok] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        if tok.kind == "sym":
            spaced = (i == 0 or raw[i - 1].end < tok.start) and (i + 1 == len(raw) or raw[i + 1].start > tok.end)
            if tok.text in _BREAKS or (tok.text == "-" and spaced):
                out.append(Tok("b", tok.text, None, tok.start, tok.end))
            elif tok.text in ("*", "x"):
                out.append(Tok("w", "x", None, tok.start, tok.end))
            i += 1
            continue
        if (
            tok.kind == "word"
            and i + 2 < len(raw)
            and raw[i + 1].text == "'"
            and raw[i + 2].kind == "word"
            and raw[i + 1].start == tok.end
            and raw[i + 2].start == raw[i + 1].end
        ):
            # "it's", "don't", "we've": one word, as a phrase writes it ("its", "dont", "weve").
            out.append(Tok("w", _word(tok.text + raw[i + 2].text), None, tok.start, raw[i + 2].end))
            i += 3
            continue
        if tok.text == "r" and i + 1 < len(raw) and raw[i + 1].text == "2" and raw[i + 1].start == tok.end:
            out.append(Tok("w", "r2", None, tok.start, raw[i + 1].end))  # "2012 R2" is a release, not 2
            i += 2
            continue
        if tok.kind == "word" and tok.text in numbers:
            joined = i + 2 < len(raw) and raw[i + 1].text == "-" and raw[i + 1].start == tok.end
            out.append(Tok("n", str(numbers[tok.text]), numbers[tok.text], tok.start, tok.end, joined))
            i += 1
            continue
        found = read_number(raw, i)
        # "a" alone is an article, not 1 ("a 20-pack"); "a dozen", "a single" are numbers.
        if found is not None and found[0].count is not None and not (found[1] == i + 1 and tok.text in ("a", "an")):
            number, end = found
            joined = end + 1 < len(raw) and raw[end].text == "-" and raw[end].start == raw[end - 1].end
            joined = joined and raw[end + 1].start == raw[end].end and raw[end + 1].kind == "word"
            out.append(Tok("n", str(number.count), number.count, tok.start, raw[end - 1].end, joined))
            i = end
            continue
        out.append(Tok("w", _word(tok.text), None, tok.start, tok.end))
        i += 1
    return out


# --- compiled phrases ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    alternatives: tuple[tuple[str, str], ...]  # (word, "*" any ending | "!" exactly | "" or a plural)

    def matches(self, tok: Tok) -> bool:
        if tok.kind != "w":
            return False
        for word, how in self.alternatives:
            if tok.text == word or (how == "*" and tok.text.startswith(word)):
                return True
            if not how and tok.text in (word + "s", word + "es"):
                return True
        return False


@dataclass(frozen=True)
class _Number:
    capture: str | None  # "n", "k" or None
    literal: int | None = None


@dataclass(frozen=True)
class _Gap:
    pass


@dataclass(frozen=True)
class _Optional:
    elements: tuple[object, ...]


@dataclass(frozen=True)
class Phrase:
    text: str
    elements: tuple[object, ...]

    def find(self, tokens: list[Tok]) -> Iterator[Match]:
        """Every place the phrase matches (the longest reading at each start)."""
        for start in range(len(tokens)):
            best: Match | None = None
            for end, captures, said in _match(self.elements, tokens, start, {}, 0):
                if best is None or (end, said) > (best.end, best.said):
                    best = Match(self, start, end, dict(captures), said)
            if best is not None:
                yield best


@dataclass(frozen=True)
class Match:
    phrase: Phrase
    start: int
    end: int
    captures: dict[str, int] = field(default_factory=dict)  # capture name -> token index
    said: int = 0  # words and literal numbers matched, optional ones included: how much the reading rests on

    def value(self, tokens: list[Tok]) -> int:
        result = 1
        for index in self.captures.values():
            result *= tokens[index].value or 0
        return result


def _match(
    elements: tuple[object, ...], tokens: list[Tok], i: int, captures: dict[str, int], said: int
) -> Iterator[tuple[int, dict[str, int], int]]:
    if not elements:
        yield i, captures, said
        return
    head, rest = elements[0], elements[1:]
    if isinstance(head, _Optional):
        yield from _match(head.elements + rest, tokens, i, captures, said)
        yield from _match(rest, tokens, i, captures, said)
        return
    if isinstance(head, _Gap):
        # After a number the gap is the words describing what it counts: it stops at "of", "use"…, and
        # a number joined to its noun ("four-socket server", "6-core box") counts that noun itself.
        after_number = i > 0 and tokens[i - 1].kind == "n"
        widest = 0 if after_number and tokens[i - 1].joined else GAP
        for skip in range(widest + 1):
            if skip and (
                i + skip > len(tokens)
                or tokens[i + skip - 1].kind != "w"
                or (after_number and tokens[i + skip - 1].text in GAP_STOPS)
            ):
                break
            yield from _match(rest, tokens, i + skip, captures, said)
        return
    if i >= len(tokens):
        return
    tok = tokens[i]
    if isinstance(head, _Number):
        if tok.kind != "n" or (head.literal is not None and tok.value != head.literal):
            return
        if head.capture:
            captures = {**captures, head.capture: i}
        yield from _match(rest, tokens, i + 1, captures, said + (head.literal is not None))
        return
    assert isinstance(head, _Word)
    if head.matches(tok):
        yield from _match(rest, tokens, i + 1, captures, said + 1)


class PhraseError(ValueError):
    pass


_PART = re.compile(r"\([^()]*\)|[^\s()]+")


def compile_phrase(text: str) -> Phrase:
    if not text.strip():
        raise PhraseError("an empty phrase")
    # Counting is not enough: _PART silently drops a ")" before its "(" (") a b (" read as "a b")
    # and the outer pair of nested ones ("((a) b)" read as "(a) b"), changing what the phrase says.
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise PhraseError(f"unbalanced ( ) in phrase {text!r}")
        if depth > 1:
            raise PhraseError(f"( ) inside ( ) in phrase {text!r}: write each optional part on its own")
    if depth:
        raise PhraseError(f"unbalanced ( ) in phrase {text!r}")
    elements = _elements(text, text)
    if not any(isinstance(e, _Word | _Number) for e in elements):
        raise PhraseError(f"phrase {text!r} needs at least one word or number that is not optional")
    captures = [e.capture for e in _flat(elements) if isinstance(e, _Number) and e.capture]
    if len(captures) != len(set(captures)):
        raise PhraseError(f"phrase {text!r} captures the same number twice")
    return Phrase(text, tuple(elements))


def _flat(elements: tuple[object, ...] | list[object]) -> Iterator[object]:
    for e in elements:
        if isinstance(e, _Optional):
            yield from _flat(e.elements)
        else:
            yield e


def _elements(text: str, whole: str) -> list[object]:
    out: list[object] = []
    for part in _PART.findall(text.replace("-", " ")):
        if part.startswith("("):
            inner = _elements(part[1:-1], whole)
            if not inner:
                raise PhraseError(f"empty ( ) in phrase {whole!r}")
            out.append(_Optional(tuple(inner)))
        elif part == "...":
            out.append(_Gap())
        elif part in ("{n}", "{k}"):
            out.append(_Number(part[1]))
        elif part == "{_}":
            out.append(_Number(None))
        elif "{" in part or "}" in part:
            raise PhraseError(f"unknown placeholder in {part!r} (phrase {whole!r}); use {{n}}, {{k}} or {{_}}")
        else:
            out.extend(_literal(part, whole))
    return out


def _literal(part: str, whole: str) -> list[object]:
    alternatives = [a for a in part.lower().split("|")]
    if any(not a or a == "*" for a in alternatives):
        raise PhraseError(f"empty alternative in {part!r} (phrase {whole!r})")
    if len(alternatives) == 1 and not part.endswith(("*", "!")):
        # "per user/device", "o'clock": written as the turn would be read.
        tokens = [t for t in read_tokens(part) if t.kind != "b"]
        if not tokens:
            raise PhraseError(f"{part!r} has no word in it (phrase {whole!r})")
        return [_Number(None, t.value) if t.kind == "n" else _Word(((t.text, ""),)) for t in tokens]
    words: list[tuple[str, str]] = []
    for alt in alternatives:
        how = alt[-1] if alt[-1] in "*!" else ""
        word = _word(alt.rstrip("*!"))
        if not re.fullmatch(r"[^\W_]+", word):
            raise PhraseError(f"{alt!r} is not one word (phrase {whole!r})")
        words.append((word, how))
    return [_Word(tuple(words))]
