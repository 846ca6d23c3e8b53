"""Checks on document templates and samples: what legal breaks when they edit a .docx in Word.

For each schema-valid document: its template is a readable .docx; each tag parses (reported with
the paragraph it is in, since a .docx has no lines to point at); no tag printing a value is split
across differently formatted text (a warning); no curly quotes inside tags;
every name, attribute and filter it uses exists; every required field is used; and the sample
deal satisfies the fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import meta, nodes

from generator.diagnostics import Diagnostic, did_you_mean, error, warning
from generator.documents import sellers
from generator.documents.context import (
    ADVANCE_PERCENT,
    COMPUTED_FROM_ITEMS,
    FIELD_SHAPES,
    HELPERS,
    INSTALMENTS,
    LIST_ATTRIBUTES,
)
from generator.documents.document import Declaration, Field
from generator.documents.fields import Form, Shape, VatRates, need_when, unmet
from generator.documents.needs import Need, needs
from generator.documents.render import Package, Part, TemplateError, environment, read_package
from generator.project import DOCUMENT_TEMPLATES
from generator.source import SourceFile, where

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_WORD_XML = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)


@dataclass(frozen=True)
class ListOf:
    """The shape of each element of a list (the rows of an items field, totals.by_rate)."""

    element: Shape


Known = Shape | ListOf | None  # None: a value whose attributes are not checked


def check_documents(
    documents: Sequence[tuple[SourceFile, Declaration]],
    templates: Mapping[str, bytes],
    samples: Mapping[str, SourceFile],
    vat: Mapping[str | None, VatRates] | None,
    company: Mapping[str, Any] | None = None,
) -> list[Diagnostic]:
    """Diagnostics for each schema-valid document (with its file): its template (the bytes of
    each .docx by name; one missing is reported elsewhere), what it needs of the seller (playbook.yml's
    ``company``) and its sample deals, each under the VAT of the seller it names (``vat`` by
    playbook.yml's sellers; None: the company)."""
    env = environment()
    packages: dict[str, Package | Diagnostic] = {}
    found: list[Diagnostic] = []
    for file, document in documents:
        name = document.template
        template_needs: tuple[Need, ...] = ()
        if name in templates:
            if name not in packages:
                packages[name] = _read(name, templates[name])
            package = packages[name]
            if isinstance(package, Diagnostic):
                found.append(package)
            else:
                trees: list[nodes.Template] = []
                found.extend(_check_template(file, document, package, env, trees))
                template_needs = needs(trees, document.fields)
                if company is not None:
                    found.extend(_check_seller(document, trees, company))
        if vat is not None:
            for sample in filter(None, map(samples.get, document.every_sample)):
                found.extend(_check_sample(sample, document, vat, template_needs))
    return sorted(set(found))


def _read(name: str, content: bytes) -> Package | Diagnostic:
    try:
        return read_package(content)
    except TemplateError as exc:
        return error(f"{DOCUMENT_TEMPLATES}/{name}", (1, 1), str(exc), "template-file")


def _check_template(
    file: SourceFile,
    document: Declaration,
    package: Package,
    env: jinja2.Environment,
    trees: list[nodes.Template],
) -> Iterator[Diagnostic]:
    """Diagnostics of one template; ``trees`` gets the tree of each part that parses."""
    path = f"{DOCUMENT_TEMPLATES}/{document.template}"
    roots: dict[str, Known] = dict(HELPERS)
    if not document.items_fields:
        for helper in COMPUTED_FROM_ITEMS:
            del roots[helper]
    if not document.is_checklist_form:
        del roots["checklist"]
    for spec in document.fields:
        shape = FIELD_SHAPES.get(spec.type)
        roots[spec.name] = ListOf(shape) if spec.type == "items" and shape else shape
    used: set[str] = set()
    complete = True  # every part parsed, so `used` is every name the template uses
    for part in package.parts:
        for split in part.split_tags:
            yield warning(
                path,
                (1, 1),
                f"{part.label}, paragraph «{split.paragraph}»: Word split the tag {_shorten(split.tag, 40)} across "
                f"text of different formatting ({', '.join(split.differences)}); its value takes the formatting "
                "of the tag's first character: select the whole tag and format it as the value should look",
                "template-formatting",
            )
        quotes = list(_curly_quotes(part, package))
        for paragraph, tag, quote in quotes:
            yield error(
                path,
                (1, 1),
                f"{part.label}, paragraph «{paragraph}»: curly quote {quote} inside the tag {tag}: Word's AutoFormat "
                'replaced a straight quote; type " or \' instead (turn off "Straight quotes with smart quotes" '
                "in AutoFormat As You Type)",
                "template-quotes",
            )
        if quotes:
            complete = False
            continue  # the quotes are why it would not parse: fix them first
        try:
            tree = env.parse(part.source)
        except jinja2.TemplateSyntaxError as exc:
            lineno, culprit = _culprit(part, exc, env)
            yield error(
                path,
                (1, 1),
                f"{part.label}, paragraph «{part.paragraph(lineno)}»: {culprit or 'a tag'} does not parse: {exc.message}",
                "template-syntax",
            )
            complete = False
            continue
        trees.append(tree)
        used.update(n.name for n in tree.find_all(nodes.Name))
        names = _Names(part, roots, env, path)
        names.check(tree)
        yield from names.found
    if "payment" in used:  # the payment schedule is computed from the deal's terms
        used |= {ADVANCE_PERCENT, INSTALMENTS}
    for spec in document.fields if complete else ():
        if spec.required and spec.name not in used:
            yield warning(
                file.path,
                file.position(["fields", spec.name], key=True),
                f"required field '{spec.name}' is not used by {document.template}: use it in the template, or drop it",
                "template-unused-field",
            )


_BLOCK = re.compile(r"\{%-?\s*(\w+)([^%]*)%\}")
_OPENING = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape", "set"}
_VARIABLE = re.compile(r"\{\{.*?(\}\}|$)")


def _culprit(part: Part, exc: jinja2.TemplateSyntaxError, env: jinja2.Environment) -> tuple[int, str | None]:
    """Where the error really is, and the tag: Jinja reports a block left open at the end of the
    part, and a broken {{ }} only by its line; find the opening tag, or the one that fails alone."""
    lines = part.source.split("\n")
    if "end of template" in (exc.message or ""):
        stack: list[tuple[int, str]] = []
        for lineno, line in enumerate(lines, 1):
            for match in _BLOCK.finditer(line):
                name, rest = match.groups()
                if name in _OPENING and not (name == "set" and "=" in rest):
                    stack.append((lineno, match.group(0)))
                elif name.startswith("end") and stack:
                    stack.pop()
        if stack:
            return stack[-1][0], _plain_tag(stack[-1][1])
    lineno = exc.lineno
    text = lines[min(max(lineno, 1), len(lines)) - 1]
    for match in _VARIABLE.finditer(re.sub(r"<[^>]+>", "", text)):
        try:
            env.parse(match.group(0))
        except jinja2.TemplateSyntaxError:
            return lineno, _shorten(match.group(0), 40)
    return lineno, None


def _plain_tag(tag: str) -> str:
    return _shorten(_unescape(re.sub(r"<[^>]+>", "", tag)), 40)


def _curly_quotes(part: Part, package: Package) -> Iterator[tuple[str, str, str]]:
    """(paragraph, tag, quote) for each curly quote that would break a tag. docxtpl turns “ ” ‘ ’
    into straight quotes anywhere in a tag, even inside a string, and leaves « » as they are,
    which only a string in straight quotes may hold. Read from the part before docxtpl's clean-up."""
    raw = next(content for info, content in package.entries if info.filename == part.name).decode(
        "utf-8", "replace"
    )
    for match in _WORD_XML.finditer(raw):
        text = _unescape(re.sub(r"<[^>]+>", "", match.group(0)))
        for tag_match in _TAG.finditer(text):
            tag = tag_match.group(0)
            quote = _bad_quote(tag)
            if quote:
                yield _shorten(text), _shorten(tag, 40), quote


def _bad_quote(tag: str) -> str | None:
    inside: str | None = None
    for char in tag:
        if char in "“”‘’":
            return char
        if inside:
            inside = None if char == inside else inside
        elif char in "\"'":
            inside = char
        elif char in "«»":
            return char
    return None


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _shorten(text: str, limit: int = 80) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# str.format reads attributes by name inside its own mini-language: `'{0.__class__}'.format(x)`
_STRING_FORMATTING = frozenset({"format", "format_map"})


@dataclass
class _Names:
    """Finds names, attributes and filters a template uses that do not exist, with what was meant."""

    part: Part
    roots: dict[str, Known]
    env: jinja2.Environment
    path: str
    found: list[Diagnostic] = field(default_factory=list)

    def check(self, tree: nodes.Template) -> None:
        unknown_filters: set[str] = set()
        unknown_tests: set[str] = set()
        for used in tree.find_all((nodes.Filter, nodes.Test)):
            assert isinstance(used, nodes.Filter | nodes.Test)
            is_filter = isinstance(used, nodes.Filter)
            existing = self.env.filters if is_filter else self.env.tests
            if used.name not in existing:
                (unknown_filters if is_filter else unknown_tests).add(used.name)
                what = "filter" if is_filter else "test"
                self._report(used, f"there is no {what} '{used.name}'{did_you_mean(used.name, existing)}")
        # finding undeclared names compiles the template, which fails on an unknown filter or test
        probe = self.env.overlay()
        probe.filters = {**self.env.filters, **{name: str for name in unknown_filters}}
        probe.tests = {**self.env.tests, **{name: callable for name in unknown_tests}}
        known = set(self.roots) | set(self.env.globals)
        undeclared = meta.find_undeclared_variables(probe.parse(self.part.source))
        for name in sorted(undeclared - known):
            node = next(n for n in tree.find_all(nodes.Name) if n.name == name)
            fields = ", ".join(n for n in self.roots if n not in HELPERS)
            self._report(
                node,
                f"'{name}' is neither a field of this document nor a helper{did_you_mean(name, known)}; "
                f"fields: {fields}; helpers: {', '.join(n for n in self.roots if n in HELPERS)}",
            )
        for statement in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            tag = type(statement).__name__.lower().replace("fromimport", "from … import")
            self._report(statement, f"'{{% {tag} %}}' is not allowed: a document template stands alone")
        for attribute in tree.find_all(nodes.Getattr):
            assert isinstance(attribute, nodes.Getattr)
            if attribute.attr.startswith("_") or attribute.attr in _STRING_FORMATTING:
                self._report(attribute, f"'.{attribute.attr}' is not allowed: it reaches beyond the data")
        assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "store"}
        self._visit(tree, {n: k for n, k in self.roots.items() if n not in assigned})

    def _report(self, node: nodes.Node, message: str) -> None:
        paragraph = self.part.paragraph(node.lineno)
        self.found.append(
            error(
                self.path, (1, 1), f"{self.part.label}, paragraph «{paragraph}»: {message}", "template-name"
            )
        )

    def _visit(self, node: nodes.Node, scope: Mapping[str, Known]) -> None:
        if isinstance(node, nodes.For):
            self._visit(node.iter, scope)
            inner = dict(scope)
            for target in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else []:
                inner.pop(target.name, None)
            if isinstance(node.target, nodes.Name):
                iterated = self._resolve(node.iter, scope)
                inner[node.target.name] = iterated.element if isinstance(iterated, ListOf) else None
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                self._visit(child, inner)
            return
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            self._resolve(node, scope)
        for child in node.iter_child_nodes():
            self._visit(child, scope)

    def _resolve(self, node: nodes.Node, scope: Mapping[str, Known]) -> Known:
        """The shape of an expression, reporting an attribute its record does not have."""
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        attribute = None
        if isinstance(node, nodes.Getattr):
            attribute = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            attribute = node.arg.value
        if attribute is None or not isinstance(node, nodes.Getattr | nodes.Getitem):
            return None
        parent = self._resolve(node.node, scope)
        if isinstance(parent, ListOf):
            return parent.element if isinstance(attribute, int) else None
        if parent is None or not isinstance(attribute, str):
            return None
        if attribute not in parent:
            self._report(
                node,
                f"'{_dotted(node.node)}' has no '{attribute}'{did_you_mean(attribute, parent)}; "
                f"it has: {', '.join(parent)}",
            )
            return None
        inner = parent[attribute]
        if inner is not None and attribute in LIST_ATTRIBUTES:
            return ListOf(inner)
        return inner


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"


_SELLER = Field(name="seller", type="party", label="seller")  # the helper, as needs() reads a root


def _check_seller(
    document: Declaration, trees: Sequence[nodes.Template], company: Mapping[str, Any]
) -> Iterator[Diagnostic]:
    """What the template needs of the seller is in playbook.yml's company: otherwise every deal's
    document would fail half-way through rendering."""
    for need in unmet(needs(trees, (_SELLER,)), {_SELLER.name: company}):
        *parent, last = need.path
        inside = f" in {where(('company', *parent[1:]))}" if len(parent) > 1 else ""
        yield error(
            f"{DOCUMENT_TEMPLATES}/{document.template}",
            (1, 1),
            f"the template uses {where(need.path)}{need_when(need)}, and the company in playbook.yml has no "
            f"'{last}'{inside}: add it there, or ask {{% if {where(need.path)} %}} first",
            "template-name",
        )


def _check_sample(
    sample: SourceFile, document: Declaration, vat: Mapping[str | None, VatRates], needs: tuple[Need, ...]
) -> Iterator[Diagnostic]:
    """The sample deal checked as `render` checks a deal: its seller, the fields under that seller's
    VAT, and what the template needs."""
    data = sample.data.get("data")
    wrong = sellers.problem(data, [name for name in vat if name is not None])
    findings = (wrong,) if wrong else Form(document, vat[sellers.named(data)], needs).check(data).findings
    for finding in findings:
        yield finding.at(sample, "sample-data", within=("data",), note=f" (document '{document.id}')")
