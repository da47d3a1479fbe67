"""The expression language of packs: whole numbers, names and a few operators — never code.

An expression is parsed with Python's `ast` module (parsed, never executed) and
only these are accepted: whole numbers, 'strings' (a choice's value), names,
`+ - * // %`, comparisons, `and or not`, `x if c else y`, and the calls
`min(a, b, …)`, `max(…)`, `ceil_div(a, b)` and `known(name)`. Anything else is
an error when the pack is loaded, so no pack can run arbitrary code.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass

MAX_CHARS = 400
Value = int | str | bool

_BINARY: dict[type[ast.operator], Callable[[int, int], int]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Value, Value], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
FUNCTIONS = ("min", "max", "ceil_div", "known")


class ExpressionError(ValueError):
    """The expression is not one the language accepts (reported with the pack's file and line)."""


class Missing(Exception):
    """A name the expression needs has no value yet: the fact to ask for."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Undefined(Exception):
    """The expression has no value (a division by zero, a comparison of a number with a word)."""


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.Expression
    names: frozenset[str]  # every name it reads, inside known() too

    def evaluate(self, lookup: Callable[[str], Value | None]) -> Value:
        """The value, reading names through `lookup` (None: not known, raises Missing)."""
        return _eval(self.tree.body, lookup)


def parse(source: str) -> Expression:
    if len(source) > MAX_CHARS:
        raise ExpressionError(f"expression longer than {MAX_CHARS} characters")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot read expression {source!r}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError(f"cannot read expression {source!r}") from None
    names: set[str] = set()
    _check(tree.body, names, 0)
    return Expression(source, tree, frozenset(names))


def _check(node: ast.AST, names: set[str], depth: int) -> None:
    if depth > 40:
        raise ExpressionError("expression nested too deeply")
    match node:
        case ast.Constant(value=value):
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise ExpressionError(f"only whole numbers and 'words' may be written, not {value!r}")
        case ast.Name(id=name):
            if name in FUNCTIONS:
                raise ExpressionError(f"'{name}' is a function: call it, e.g. {name}(…)")
            names.add(name)
        case ast.BinOp(left=left, op=op, right=right):
            if type(op) not in _BINARY:
                raise ExpressionError(f"operator {type(op).__name__} is not allowed (use + - * // % or ceil_div)")
            _check(left, names, depth + 1)
            _check(right, names, depth + 1)
        case ast.UnaryOp(op=op, operand=operand):
            if not isinstance(op, ast.USub | ast.Not):
                raise ExpressionError(f"operator {type(op).__name__} is not allowed")
            _check(operand, names, depth + 1)
        case ast.BoolOp(values=values):
            for v in values:
                _check(v, names, depth + 1)
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            if any(type(op) not in _COMPARE for op in ops):
                raise ExpressionError("only == != < <= > >= comparisons are allowed")
            for v in (left, *comparators):
                _check(v, names, depth + 1)
        case ast.IfExp(test=test, body=body, orelse=orelse):
            for v in (test, body, orelse):
                _check(v, names, depth + 1)
        case ast.Call(func=ast.Name(id=func), args=args, keywords=[]) if func in FUNCTIONS:
            if func == "known":
                if len(args) != 1 or not isinstance(args[0], ast.Name):
                    raise ExpressionError("known() takes one name: known(users)")
                names.add(args[0].id)
                return
            if func == "ceil_div" and len(args) != 2:
                raise ExpressionError("ceil_div() takes two numbers: ceil_div(vms, 2)")
            if not args:
                raise ExpressionError(f"{func}() needs at least one value")
            for v in args:
                _check(v, names, depth + 1)
        case ast.Call(func=func):
            name = func.id if isinstance(func, ast.Name) else ast.unparse(func)
            raise ExpressionError(f"'{name}' cannot be called: only {', '.join(FUNCTIONS)} may be")
        case _:
            raise ExpressionError(f"{type(node).__name__} is not allowed in an expression")


def _number(value: Value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Undefined(f"{value!r} is not a number")
    return value


def _eval(node: ast.AST, lookup: Callable[[str], Value | None]) -> Value:
    match node:
        case ast.Constant(value=value):
            return value  # type: ignore[no-any-return]
        case ast.Name(id=name):
            found = lookup(name)
            if found is None:
                raise Missing(name)
            return found
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _number(_eval(left, lookup)), _number(_eval(right, lookup))
            if isinstance(op, ast.FloorDiv | ast.Mod) and b == 0:
                raise Undefined("division by zero")
            return _BINARY[type(op)](a, b)
        case ast.UnaryOp(op=ast.USub(), operand=operand):
            return -_number(_eval(operand, lookup))
        case ast.UnaryOp(operand=operand):
            return not _eval(operand, lookup)
        case ast.BoolOp(op=ast.And(), values=values):
            result: Value = True
            for v in values:
                result = _eval(v, lookup)
                if not result:
                    return result
            return result
        case ast.BoolOp(values=values):
            result = False
            for v in values:
                result = _eval(v, lookup)
                if result:
                    return result
            return result
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            a = _eval(left, lookup)
            for op, right in zip(ops, comparators, strict=True):
                b = _eval(right, lookup)
                if type(op) not in (ast.Eq, ast.NotEq) and (isinstance(a, str) or isinstance(b, str)):
                    raise Undefined("only numbers can be ordered")
                if not _COMPARE[type(op)](a, b):
                    return False
                a = b
            return True
        case ast.IfExp(test=test, body=body, orelse=orelse):
            return _eval(body if _eval(test, lookup) else orelse, lookup)
        case ast.Call(func=ast.Name(id="known"), args=[ast.Name(id=name)]):
            try:
                return lookup(name) is not None
            except (Missing, Undefined):
                return False
        case ast.Call(func=ast.Name(id="ceil_div"), args=[a, b]):
            x, y = _number(_eval(a, lookup)), _number(_eval(b, lookup))
            if y == 0:
                raise Undefined("division by zero")
            return -(-x // y)
        case ast.Call(func=ast.Name(id=func), args=args):
            values = [_number(_eval(a, lookup)) for a in args]
            return min(values) if func == "min" else max(values)
    raise Undefined(f"cannot evaluate {type(node).__name__}")  # unreachable after _check
