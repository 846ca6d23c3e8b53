"""What a template needs of a deal's data: the values it reads through or computes with where no
condition of its own asks first whether they are there.

A party's bank and signatory, a person's position, a field with ``required: false``: the fields
let each be absent. A template that prints ``{{ buyer.signatory.name }}`` without asking ``{%
if buyer.signatory %}`` would stop half-way through rendering, after other documents of the
deal were written. So the data check requires, document by document, what its template needs,
before any file of the deal exists; what the template asks about first stays optional. Printing
an absent value (``{{ terms }}``) needs nothing: it prints as nothing.

This mirrors what fails in Jinja with strict undefined values: reading an attribute or item of a
value that is not there, a filter or test of ours given it (only ``default`` is made for absent
values), arithmetic, ordering, concatenation and loops.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from jinja2 import nodes

from generator.documents.document import Field
from generator.source import PathElement

Path = tuple[PathElement, ...]

_ABSENT_IS_FINE = frozenset({"default", "d"})  # the filters made for values that may be absent
# Jinja's tests that ask what a value is, and so hold any value, absent too
_ASKING = frozenset(
    {"none", "defined", "undefined", "boolean", "true", "false", "string", "number", "integer", "float"}
    | {"mapping", "sequence", "iterable", "callable", "sameas", "eq", "equalto", "ne", "==", "!="}
)
_ORDERING = frozenset({"gt", "gteq", "lt", "lteq"})
_CONTAINER = frozenset({"in", "notin"})  # the right side must be a list or text
_ARITHMETIC = (nodes.BinExpr, nodes.Neg, nodes.Pos, nodes.Concat)  # And, Or: above
_COMPUTED = ("totals", "payment")  # the helpers computed from the first items field: they need that field


@dataclass(frozen=True)
class Case:
    """A value compared with a constant by a condition: ``buyer.kind == "individual"`` holds
    (``equal``) or does not (the ``else`` of it)."""

    path: Path
    value: str | int
    equal: bool = True

    def holds(self, value: object) -> bool:
        return (value == self.value) is self.equal

    def __str__(self) -> str:
        return f"{'.'.join(map(str, self.path))} is {'' if self.equal else 'not '}{self.value!r}"


@dataclass(frozen=True)
class Need:
    """A value a template cannot do without, when the values ``given`` are there (it is used
    inside ``{% if given %}``) and the ``cases`` hold (inside ``{% if buyer.kind == ... %}`` or
    its ``else``): ``buyer.signatory``, or ``contract_date`` given ``contract_number``, or the
    company's penalty where the buyer is not a consumer."""

    path: Path
    given: tuple[Path, ...] = ()
    cases: tuple[Case, ...] = ()


def needs(trees: Iterable[nodes.Template], fields: Sequence[Field]) -> tuple[Need, ...]:
    """What the templated parts ``trees`` of a document with ``fields`` read through or compute
    with, where no condition asks about it first; sorted, each once."""
    roots: dict[str, _Data | None] = {spec.name: _Data((spec.name,)) for spec in fields}
    items = next((spec.name for spec in fields if spec.type == "items"), None)
    if items is not None:
        for helper in _COMPUTED:
            roots.setdefault(helper, _Data((items,), attributes=False))
    found: set[Need] = set()
    for tree in trees:
        _Walk(found).body(tree.body, _Asked(), roots)
    # a need under conditions is left out where the same value is needed under fewer of them
    kept = [n for n in found if not any(o != n and o.path == n.path and _fewer(o, n) for o in found)]
    return tuple(
        sorted(
            kept,
            key=lambda need: (
                [_sortable(path) for path in (need.path, *need.given)],
                list(map(str, need.cases)),
            ),
        )
    )


def _fewer(one: Need, other: Need) -> bool:
    """Whether ``one`` holds under no condition ``other`` does not."""
    return set(one.given) <= set(other.given) and set(one.cases) <= set(other.cases)


def _sortable(path: Path) -> tuple[str, ...]:
    return tuple(map(str, path))


@dataclass(frozen=True)
class _Asked:
    """What the conditions around a place of the template ask about (nothing there is needed),
    and which of them hold there (so what is needed there is needed only when they are given)."""

    about: frozenset[Path] = frozenset()
    holding: frozenset[Path] = frozenset()
    cases: frozenset[Case] = frozenset()

    def where_true(self, paths: frozenset[Path], cases: _Cases | None = None) -> _Asked:
        told = cases.true if cases else frozenset()
        # a value compared with a constant holds as the case says, not merely as given
        given = frozenset(p for p in paths if not any(case.path[: len(p)] == p for case in told))
        return _Asked(self.about | paths, self.holding | given, self.cases | told)

    def where_false(self, paths: frozenset[Path], cases: _Cases | None = None) -> _Asked:
        return _Asked(self.about | paths, self.holding, self.cases | (cases.false if cases else set()))


@dataclass(frozen=True)
class _Cases:
    """What a condition tells of the data's values where it holds, and where it does not."""

    true: frozenset[Case] = frozenset()
    false: frozenset[Case] = frozenset()

    def negated(self) -> _Cases:
        return _Cases(self.false, self.true)


@dataclass(frozen=True)
class _Data:
    """What an expression of the template reads of the data: the path, and whether its
    attributes are the data's too (a field's are; the totals computed from the items are not)."""

    path: Path
    attributes: bool = True


# A name in the template: what it reads, or the condition it was set to; None: nothing of the data
Aliases = Mapping[str, _Data | _Cases | None]


@dataclass
class _Walk:
    found: set[Need]

    def body(self, statements: Sequence[nodes.Node], asked: _Asked, aliases: Aliases) -> None:
        """Statements in order: ``{% set %}`` names what follows it."""
        scope = dict(aliases)
        for statement in statements:
            if isinstance(statement, nodes.Assign) and isinstance(statement.target, nodes.Name):
                self.visit(statement.node, asked, scope)
                scope[statement.target.name] = self.data(statement.node, scope) or self.cases(
                    statement.node, scope
                )
            else:
                self.visit(statement, asked, scope)

    def visit(self, node: nodes.Node, asked: _Asked, aliases: Aliases) -> None:
        if isinstance(node, nodes.If | nodes.CondExpr):
            self.visit(node.test, asked, aliases)
            test = self.mentioned(node.test, aliases)
            cases = self.cases(node.test, aliases)
            if isinstance(node, nodes.If):
                self.body(node.body, asked.where_true(test, cases), aliases)
                self.body([*node.elif_, *node.else_], asked.where_false(test, cases), aliases)
            else:
                self.visit(node.expr1, asked.where_true(test, cases), aliases)
                if node.expr2 is not None:
                    self.visit(node.expr2, asked.where_false(test, cases), aliases)
            return
        if isinstance(node, nodes.And | nodes.Or):  # the right side runs only after the left
            self.visit(node.left, asked, aliases)
            left = self.mentioned(node.left, aliases)
            self.visit(
                node.right,
                asked.where_true(left) if isinstance(node, nodes.And) else asked.where_false(left),
                aliases,
            )
            return
        if isinstance(node, nodes.For):
            self.need(node.iter, asked, aliases)
            self.visit(node.iter, asked, aliases)
            inner = {**aliases, **{n.name: None for n in node.target.find_all(nodes.Name)}}
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = None  # a row: every attribute is there
            if node.test is not None:
                self.visit(node.test, asked, inner)
            self.body(node.body, asked, inner)
            self.body(node.else_, asked, aliases)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock | nodes.With | nodes.FilterBlock):
            # the names bound here are the template's own: what they are given is checked where it is read
            bound = {n.name: None for n in node.find_all(nodes.Name) if n.ctx in ("store", "param")}
            for child in node.iter_child_nodes():
                self.visit(child, asked, {**aliases, **bound})
            return
        for operand in _operands(node):
            self.need(operand, asked, aliases)
        for child in node.iter_child_nodes():
            self.visit(child, asked, aliases)

    def need(self, node: nodes.Node, asked: _Asked, aliases: Aliases) -> None:
        data = self.data(node, aliases)
        if data is not None and data.path not in asked.about:
            given = tuple(sorted(asked.holding, key=_sortable))
            self.found.add(Need(data.path, given, tuple(sorted(asked.cases, key=str))))

    def data(self, node: nodes.Node, aliases: Aliases) -> _Data | None:
        """What an expression reads of the data (``buyer.bank['bik']``: buyer, bank, bik), or None
        when it reads nothing of it (a helper, a loop's row, a computed value)."""
        if isinstance(node, nodes.Name):
            found = aliases.get(node.name)
            return found if isinstance(found, _Data) else None
        if not isinstance(node, nodes.Getattr | nodes.Getitem):
            return None
        base = self.data(node.node, aliases)
        if base is None or not base.attributes:
            return base  # totals.gross needs the items field, and nothing deeper of it
        if isinstance(node, nodes.Getattr):
            return _Data((*base.path, node.attr))
        key = node.arg.value if isinstance(node.arg, nodes.Const) else None
        return _Data((*base.path, key)) if isinstance(key, str | int) and not isinstance(key, bool) else None

    def cases(self, test: nodes.Node, aliases: Aliases) -> _Cases | None:
        """What a condition tells of values compared with constants (``buyer.kind == "individual"``,
        its ``not``, ``and``, ``or``, a name set to one), where it holds and where it does not."""
        if isinstance(test, nodes.Name):
            found = aliases.get(test.name)
            return found if isinstance(found, _Cases) else None
        if isinstance(test, nodes.Not):
            inner = self.cases(test.node, aliases)
            return inner.negated() if inner else None
        if isinstance(test, nodes.And | nodes.Or):
            left, right = (
                self.cases(test.left, aliases) or _Cases(),
                self.cases(test.right, aliases) or _Cases(),
            )
            if isinstance(test, nodes.And):  # where it holds, both do; where not, either may not
                return _Cases(true=left.true | right.true)
            return _Cases(false=left.false | right.false)
        if isinstance(test, nodes.Compare) and len(test.ops) == 1 and test.ops[0].op in ("eq", "ne"):
            sides = (test.expr, test.ops[0].expr)
            for value, other in (sides, sides[::-1]):
                data = self.data(other, aliases)
                constant = value.value if isinstance(value, nodes.Const) else None
                if data is not None and isinstance(constant, str | int) and not isinstance(constant, bool):
                    equal = test.ops[0].op == "eq"
                    return _Cases(
                        frozenset({Case(data.path, constant, equal)}),
                        frozenset({Case(data.path, constant, not equal)}),
                    )
        return None

    def mentioned(self, test: nodes.Node, aliases: Aliases) -> frozenset[Path]:
        """Every path a condition looks at: what it asks about is guarded where it holds (and
        where it does not: an ``else`` is written knowing the value may be absent)."""
        expressions = [test, *test.find_all((nodes.Name, nodes.Getattr, nodes.Getitem))]
        found = (self.data(expression, aliases) for expression in expressions)
        return frozenset(data.path for data in found if data is not None)


def _operands(node: nodes.Node) -> Iterator[nodes.Node]:
    """The expressions ``node`` fails on when they are absent."""
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Filter | nodes.Test):
        if _fails_on_absent(node) and node.node is not None:
            yield node.node
    elif isinstance(node, nodes.Compare):
        for left, operand in zip([node.expr, *(o.expr for o in node.ops)], node.ops, strict=False):
            if operand.op in _ORDERING:
                yield from (left, operand.expr)
            elif operand.op in _CONTAINER:
                yield operand.expr
    elif isinstance(node, _ARITHMETIC):
        yield from node.iter_child_nodes()


def _fails_on_absent(node: nodes.Getattr | nodes.Getitem | nodes.Filter | nodes.Test) -> bool:
    """Reading into a value fails when it is absent, and so do the filters and tests, ours and
    Jinja's, but `default` and the tests that ask what a value is (`none`, `defined`...)."""
    if isinstance(node, nodes.Filter):
        return node.name not in _ABSENT_IS_FINE
    if isinstance(node, nodes.Test):
        return node.name not in _ASKING
    return True
