"""Reading a turn's raw text: clean-up, tokens, and numbers in digits or in words.

Everything here is linear in the length of the text: one tokenising regex with no
nested quantifiers, then single passes over the tokens. The text is cut to a
bounded prefix first (`MAX_PARSE_CHARS`), so even a megabyte turn is read in
milliseconds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from assistant.dialogue.lexicon import A_NUMBERS, NOT_COUNT_BEFORE_ONE, SCALES, SMALL_NUMBERS, TENS

# Only this much of a turn is parsed: a real question is a few hundred characters, and a
# bound here bounds the time of every later step (the rest of the turn is ignored).
MAX_PARSE_CHARS = 4000
# Largest believable count of servers, users, CALs...: above it a number is "absurd".
LIMIT = 1_000_000
# More digits than this cannot be a believable count; they are never converted to int
# (CPython refuses int() of very long digit strings anyway).
_MAX_DIGITS = 15

# Invisible format characters (zero-width space and joiners, soft hyphen, word joiner, BOM,
# bidi marks) are dropped: inside a word ("ser<ZWSP>vers") they must not split it in two.
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
# Control characters and line separators separate words: they become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufff9-\ufffc]")
# "½", "¾"...: NFKC writes them "1⁄2" with nothing around, so "5½" would read as 51/2; spaced
# out they read as a fraction, and "5 ½" as five and a half.
_VULGAR_FRACTION = re.compile(r"[\u00bc-\u00be\u2150-\u215e\u2189]")
_SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_CHARS = str.maketrans(
    {
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "﹣": "-",
        "×": " x ",
        "✕": " x ",
        "✖": " x ",
        "⨯": " x ",
        "⋅": " x ",
        "‘": "'",
        "’": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "⁄": "/",
        "&": " and ",
    }
)
# Forum shorthand written with punctuation, spelt out before tokenising.
# A line this short ending with no stop of its own is a list entry ("- DC01: 2008 Std OEM", a table row,
# "Staff: 55"); a longer one is prose, hard-wrapped.
_LIST_LINE = 80
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _list_breaks(text: str) -> str:
    """Line ends of a list become ";" so its entries stay apart; other line ends become spaces."""
    lines = _LINE_BREAK.split(text)
    out = []
    for line in lines[:-1]:
        bare = line.rstrip()
        entry = bare and len(bare) <= _LIST_LINE and bare[-1] not in ".;:!?,"
        out.append(bare + (" ; " if entry else " "))
    out.append(lines[-1])
    return "".join(out)


_REWRITES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bw/o\b", re.IGNORECASE), " without "),
    # "4 nos. Windows Server licences": Indian English for "4 units"; the dot does not end the sentence.
    (re.compile(r"(?<=\d) ?nos?\.(?= )", re.IGNORECASE), " units"),
    (re.compile(r"\bw/(?=[\s\w]|$)", re.IGNORECASE), " with "),
    (re.compile(r"\bb/c\b", re.IGNORECASE), " because "),
    (re.compile(r"\bselect\s?\+", re.IGNORECASE), " select plus "),
    (re.compile(r"\+"), " plus "),
    # "2k3", "w2k8", "2k8r2", "2k12" are Windows Server 2003, 2008, 2008 R2, 2012.
    (
        re.compile(r"\b(?:w|win|ws)?2k(\d{1,2})(r2)?\b", re.IGNORECASE),
        lambda m: f" windows server 20{int(m.group(1)):02d} {m.group(2) or ''} ",
    ),
    # "win2008", "ws2012", "srv2003r2".
    (
        re.compile(r"\b(?:winsrv|winserver|win|ws|w|srv|svr)(\d{4})(r2)?\b", re.IGNORECASE),
        lambda m: f" windows server {m.group(1)} {m.group(2) or ''} ",
    ),
]

_TOKEN = re.compile(
    r"(?P<num>(?:\d{1,2}(?:,\d\d)+,\d{3}(?!\d)|\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<word>[^\W\d_]+)|(?P<sym>\*\*|\S)"
)


def prepare(text: str) -> str:
    """The parsed prefix of a turn: Unicode-normalised, control characters and markup-like
    symbols reduced to plain text, shorthand spelt out. Case is kept (for product names)."""
    text = _INVISIBLE.sub("", text[:MAX_PARSE_CHARS])
    text = _VULGAR_FRACTION.sub(lambda m: " " + unicodedata.normalize("NFKC", m.group(0)) + " ", text)
    text = _SUPERSCRIPT.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPT_DIGITS), text)
    text = unicodedata.normalize("NFKC", text)
    text = _list_breaks(text)
    text = _CONTROL.sub(" ", text).translate(_CHARS)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


@dataclass
class Token:
    kind: str  # "num", "word" or "sym"
    text: str  # lower-cased; words are later folded to their canonical spelling
    raw: str  # as written
    start: int
    end: int
    negative: bool = False  # a "-" written straight before the digits ("-2 servers")


# Letters glued after digits that make a time, an ordinal or a size, never a count ("8am", "3rd", "16GB").
_NOT_COUNT_SUFFIX = frozenset("am pm st nd rd th gb tb mb kb ghz mhz bit bits u s".split())


def _glued(tokens: list[Token]) -> list[Token]:
    """Model names and times are words: "T300s", "ML350", "DL380G7", "8am", "3rd" (not counts)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            tok.kind == "num"
            and i + 2 < len(tokens)
            and tokens[i + 1].text in (":", ".")
            and tokens[i + 2].kind == "num"
            and tokens[i + 1].start == tok.end
            and tokens[i + 2].start == tokens[i + 1].end
            and tokens[i + 1].text == ":"
        ):
            # "9:30", "17:30": a time of day, never a count.
            raw = "".join(t.raw for t in tokens[i : i + 3])
            out.append(Token("word", raw.lower(), raw, tok.start, tokens[i + 2].end))
            i += 3
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].start == tokens[j - 1].end and tokens[j].kind in ("word", "num"):
            j += 1
        run = tokens[i:j]
        kinds = [t.kind for t in run]
        if tok.kind in ("word", "num") and len(run) > 1 and not tok.negative:
            # "R720" is a model; "R2" is the release "2008 R2"; "x3" counts copies.
            release = tok.text == "r" and len(run) == 2 and run[1].text == "2"
            # "x3", "x12", "x100 servers" count; "x206", "x3650" (three or more digits, no unit after) are IBM
            # model names.
            unit_after = any(t.text in _COUNTED_AFTER_X for t in tokens[j : j + 3])
            multiplier = (
                tok.text == "x" and len(run) == 2 and (len(run[1].text) <= 2 or (len(run[1].text) == 3 and unit_after))
            )
            model = kinds[0] == "word" and "num" in kinds and not release and not multiplier
            suffixed = kinds[:2] == ["num", "word"] and run[1].text in _NOT_COUNT_SUFFIX
            if model or suffixed:
                raw = "".join(t.raw for t in run)
                out.append(Token("word", raw.lower(), raw, run[0].start, run[-1].end))
                i = j
                continue
        out.append(tok)
        i += 1
    return out


# Words after "x100" that make it a count of them, not a model name.
_COUNTED_AFTER_X = frozenset("servers server copies copy licences licenses cals cal users devices boxes packs".split())


def tokenize(text: str) -> list[Token]:
    return _glued(_tokens(text))


def _tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "sym"
        raw = m.group(0)
        token = Token(kind, raw.lower(), raw, m.start(), m.end())
        prev = tokens[-1] if tokens else None
        # "-2" is a negative number when the minus stands apart from what precedes it
        # ("-2 servers", "make it -2"), but not in "10-2" or "2-3 servers" (a range).
        if (
            kind == "num"
            and prev is not None
            and prev.text == "-"
            and prev.end == m.start()
            and (len(tokens) == 1 or tokens[-2].end < prev.start or tokens[-2].text in "([{:=,;")
        ):
            tokens.pop()
            token = Token("num", raw.lower(), "-" + raw, prev.start, m.end(), negative=True)
        tokens.append(token)
    return tokens


@dataclass(frozen=True)
class Number:
    """A number as written. `value` is its magnitude, None when too large to hold."""

    value: Fraction | None
    text: str  # as written, shortened for messages
    negative: bool = False
    words: bool = False  # spelt out ("twelve", "a dozen")
    slash: bool = False  # written as a fraction ("1/2", "5 1/2", "½")

    @property
    def absurd(self) -> bool:
        return self.value is None or self.value > LIMIT

    @property
    def fractional(self) -> bool:
        """Not a whole number, or written as a fraction even if it comes out whole: "10/5 users"
        may mean 10 or 5 as well as 2, so it is never silently read as a count."""
        return self.value is not None and (self.value.denominator != 1 or self.slash)

    @property
    def count(self) -> int | None:
        """The whole, non-negative, believable count this number is, or None."""
        if self.negative or self.absurd or self.fractional or self.value is None:
            return None
        return int(self.value)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 24 else text[:20] + "…"


def _digits_value(text: str) -> Fraction | None:
    """The value of "1,000", "2.5" or "1e30"; None when beyond any believable count."""
    mantissa, _, exponent = text.replace(",", "").lower().partition("e")
    whole = mantissa.partition(".")[0]
    if len(whole.lstrip("0")) > _MAX_DIGITS or len(mantissa) > 2 * _MAX_DIGITS:
        return None
    value = Fraction(mantissa)
    if exponent:
        if len(exponent.lstrip("+-0")) > 3:
            return None
        power = int(exponent)
        if power > 12:
            return None
        value = value * Fraction(10) ** power
    return value


def _power(base: Fraction | None, exponent: Fraction | None) -> Fraction | None:
    if base is None or exponent is None or exponent.denominator != 1:
        return None
    if base in (0, 1):
        return base
    if exponent < 0 or exponent > 64:
        return None
    # The logarithm of numerator and denominator apart: float(base) underflows to 0.0 for a
    # base such as 1e-400, and log10(0.0) raised ValueError.
    if int(exponent) * (math.log10(base.numerator) - math.log10(base.denominator)) > 15:
        return None
    return base ** int(exponent)


def _small_whole(token: Token) -> bool:
    return token.kind == "num" and token.text.isdigit() and len(token.text) <= 3


def _fraction_at(tokens: list[Token], i: int) -> tuple[Fraction | None, int] | None:
    """A fraction written with a slash from token i ("1/2", "3 / 4"): its value (None for a zero
    denominator) and the index after it; None when the tokens there are not one. Not fractions:
    "2003/2008" (versions, years), "5/10/25" and "1/2/2009" (lists, dates), "1.5/2"."""
    if i + 2 >= len(tokens):
        return None
    # `raw`, not `text`: the dialogue layer may have re-read a "/" as the word "or" or "per".
    top, slash, bottom = tokens[i], tokens[i + 1], tokens[i + 2]
    if slash.raw != "/" or bottom.negative or not (_small_whole(top) and _small_whole(bottom)):
        return None
    if (i > 0 and tokens[i - 1].raw == "/") or (i + 3 < len(tokens) and tokens[i + 3].raw == "/"):
        return None
    denominator = int(bottom.text)
    return (Fraction(int(top.text), denominator) if denominator else None), i + 3


def read_number(tokens: list[Token], i: int) -> tuple[Number, int] | None:
    """The number starting at token i and the index after it, or None.

    Reads digits ("12", "1,000", "2.5", "1e30", "10^30", "10 ** 30", "10k", "2 dozen",
    "1.5 million") and words ("twelve", "twenty-five", "one hundred and twenty",
    "a dozen", "half a dozen", "a couple of", "a pair of", "a single").
    """
    tok = tokens[i]
    negative = False
    start = i
    if tok.kind == "word" and tok.text in ("minus", "negative") and i + 1 < len(tokens):
        found = read_number(tokens, i + 1)
        if found is None:
            return None
        number, end = found
        return Number(number.value, _shorten("-" + number.text), True, number.words), end
    if tok.kind == "num":
        negative = tok.negative
        fraction = _fraction_at(tokens, i)
        if fraction is not None:  # "1/2 servers": a half, not 2
            text = "".join(t.raw for t in tokens[i : fraction[1]])
            return Number(fraction[0], _shorten(text), negative, slash=True), fraction[1]
        value = _digits_value(tok.text)
        j = i + 1
        mixed = _fraction_at(tokens, j) if tok.text.isdigit() and j < len(tokens) else None
        if mixed is not None and tokens[j].start > tok.end and mixed[0] is not None and mixed[0] < 1:
            # "5 1/2 CALs", "5½ CALs": five and a half
            text = " ".join([tok.raw, "".join(t.raw for t in tokens[j : mixed[1]])])
            whole = value + mixed[0] if value is not None else None
            return Number(whole, _shorten(text), negative, slash=True), mixed[1]
        # "10^30", "10 ** 30", "10 to the power of 30"
        if j + 1 < len(tokens) and tokens[j].text in ("^", "**") and tokens[j + 1].kind == "num":
            value = _power(value, _digits_value(tokens[j + 1].text))
            j += 2
        elif (
            j + 3 < len(tokens)
            and [t.text for t in tokens[j : j + 3]] == ["to", "the", "power"]
            and (tokens[j + 3].kind == "num" or (tokens[j + 3].text == "of" and j + 4 < len(tokens)))
        ):
            k = j + 3 if tokens[j + 3].kind == "num" else j + 4
            if tokens[k].kind == "num":
                value = _power(value, _digits_value(tokens[k].text))
                j = k + 1
        # "10k users" (k written straight after the digits), "2 dozen", "1.5 million"
        if j < len(tokens) and tokens[j].text == "k" and tokens[j].start == tokens[j - 1].end:
            value = value * 1000 if value is not None else None
            j += 1
        elif j < len(tokens) and (tokens[j].text in SCALES or tokens[j].text == "dozen"):
            scale = 12 if tokens[j].text == "dozen" else SCALES[tokens[j].text]
            value = value * scale if value is not None else None
            j += 1
        text = "".join(t.raw if t.kind != "word" or t.text == "k" else " " + t.raw for t in tokens[start:j])
        return Number(value, _shorten(text), negative), j
    if tok.kind != "word":
        return None
    return _read_words(tokens, i)


def _word(tokens: list[Token], i: int) -> str:
    return tokens[i].text if i < len(tokens) and tokens[i].kind == "word" else ""


def _read_words(tokens: list[Token], i: int) -> tuple[Number, int] | None:
    first = _word(tokens, i)
    if first == "half" and _word(tokens, i + 1) in ("a", "an") and _word(tokens, i + 2) == "dozen":
        return Number(Fraction(6), "half a dozen", words=True), i + 3
    if first in ("a", "an"):
        nxt = _word(tokens, i + 1)
        if nxt not in A_NUMBERS:
            return None
        if nxt in ("couple", "pair"):
            end = i + 3 if _word(tokens, i + 2) == "of" else i + 2
            return Number(Fraction(2), " ".join(t.raw for t in tokens[i:end]), words=True), end
        if nxt in ("dozen", "single"):
            return Number(Fraction(A_NUMBERS[nxt]), f"a {nxt}", words=True), i + 2
        # "a hundred", "a thousand": read on as "one hundred ..."
        found = _read_words_from(tokens, i + 1, Fraction(1))
        if found is None:
            return None
        number, end = found
        return Number(number.value, _shorten("a " + number.text), words=True), end
    if first in ("couple", "pair") and _word(tokens, i + 1) == "of":
        return Number(Fraction(2), f"{first} of", words=True), i + 2
    if first == "single":
        return Number(Fraction(1), "single", words=True), i + 1
    if first == "one" and i > 0 and tokens[i - 1].text in NOT_COUNT_BEFORE_ONE:
        return None  # "each one", "no one", "the one"
    if first not in SMALL_NUMBERS and first not in TENS:
        return None
    if first in TENS and i + 1 < len(tokens) and tokens[i + 1].kind == "num" and tokens[i + 1].text in "123456789":
        # "twenty 5": tens in words, units in digits
        value = TENS[first] + int(tokens[i + 1].text)
        return Number(Fraction(value), f"{tokens[i].raw} {tokens[i + 1].raw}", words=True), i + 2
    return _read_words_from(tokens, i, None)


def _read_words_from(tokens: list[Token], i: int, implied: Fraction | None) -> tuple[Number, int] | None:
    """Number words from token i on ("one hundred and twenty five"). `implied` is the
    value of a leading "a" ("a hundred")."""
    total = Fraction(0)
    current: Fraction | None = implied
    last = "start" if implied is None else "small"
    j = i
    huge = False
    while j < len(tokens) and tokens[j].kind in ("word", "sym"):
        w = tokens[j].text
        if w == "-" and last == "tens" and _word(tokens, j + 1) in SMALL_NUMBERS:
            j += 1  # "twenty-five"
            continue
        if w in SMALL_NUMBERS and (last in ("start", "hundred", "scale") or (last == "tens" and SMALL_NUMBERS[w] < 10)):
            current = (current or 0) + SMALL_NUMBERS[w]
            last = "small"
        elif w in TENS and last in ("start", "hundred", "scale"):
            current = (current or 0) + TENS[w]
            last = "tens"
        elif w == "hundred" and last in ("small", "tens") and (current or 0) < 100:
            current = (current or 1) * 100
            last = "hundred"
        elif w in SCALES and w != "hundred" and last in ("small", "tens", "hundred"):
            if SCALES[w] > LIMIT:
                huge = True
            total += (current or 1) * SCALES[w]
            current = None
            last = "scale"
        elif w == "dozen" and last in ("small", "tens"):
            current = (current or 1) * 12
            last = "dozen"
        elif (
            w == "and"
            and last in ("hundred", "scale")
            and (_word(tokens, j + 1) in SMALL_NUMBERS or _word(tokens, j + 1) in TENS)
        ):
            j += 1
            continue
        else:
            break
        j += 1
    if j == i or last == "start":
        return None
    value = total + (current or 0)
    text = _shorten(" ".join(t.raw for t in tokens[i:j] if t.text != "-"))
    return Number(None if huge else value, text, words=True), j
