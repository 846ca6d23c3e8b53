"""Render a .docx template: docxtpl's syntax, a sandboxed Jinja, deterministic bytes.

A template is read and compiled once (:class:`Template`) and then rendered for any number of
deals: a tag Word split across runs of different formatting is first gathered into the run it
begins in (:func:`gather_split_tags`), so the text after it keeps its own; then the XML is
cleaned up for Jinja by docxtpl's own ``patch_xml`` (which joins the tags Word split across
runs of one formatting and expands ``{%tr %}`` rows), compiled in an
:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with ``autoescape`` (data is XML-escaped,
so ``ООО «Рога & Копыта» <Юг>`` renders as written) and ``StrictUndefined`` (a name the data
lacks is an error, never an empty gap). The result is zipped in the template's entry order with
fixed timestamps and fixed core properties, so the same data gives byte-identical files.
"""

from __future__ import annotations

import io
import operator
import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from generator.documents import context as context_module
from generator.documents import words
from generator.documents.context import ChecklistData, Seller
from generator.documents.document import Declaration
from generator.documents.fields import Form
from generator.documents.formats import RUSSIAN_FORMATS, Formats
from generator.documents.needs import Need, needs
from generator.errors import PlaybookError
from generator.explain import Finding
from generator.limits import from_environment

# Parts of a .docx that hold text a template may fill (docxtpl renders the same ones).
TEMPLATED = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
CORE_PROPERTIES = "docProps/core.xml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can store: no clock leaks into the file
_FIXED_STAMP = "1980-01-01T00:00:00Z"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Limits:
    """Bounds on a template's zip, so a zip bomb is refused before it is inflated."""

    max_entries: int = 2_000
    max_entry_bytes: int = 50_000_000
    max_total_bytes: int = 200_000_000
    max_repeat: int = 1_000_000  # the longest string or list a template may build with * or **


class TemplateError(PlaybookError):
    """The template cannot be used: not a .docx, or its Jinja does not parse."""


class RenderError(PlaybookError):
    """Rendering stopped: the template asked for something the data does not have, or is unsafe."""


# --- reading a template --------------------------------------------------------------------------


@dataclass(frozen=True)
class SplitTag:
    """A tag Word split across runs of different formatting: where, and which formatting differed."""

    paragraph: str  # the paragraph's text, shortened
    tag: str
    differences: tuple[str, ...]  # «bold», «size», … as the message names them


@dataclass(frozen=True)
class Part:
    """One templated XML part, as Jinja reads it: docxtpl-patched, a line per paragraph."""

    name: str
    source: str
    split_tags: tuple[SplitTag, ...] = ()  # the value tags gathered into the run they begin in

    @property
    def label(self) -> str:
        stem = self.name.removeprefix("word/").removesuffix(".xml")
        return "body" if stem == "document" else stem

    def paragraph(self, lineno: int) -> str:
        """The text of the paragraph on Jinja's line ``lineno``, tags stripped, shortened."""
        lines = self.source.split("\n")
        text = re.sub(r"<[^>]+>", "", lines[min(max(lineno, 1), len(lines)) - 1]).strip()
        return text if len(text) <= 80 else text[:77] + "…"


@dataclass(frozen=True)
class Package:
    """A .docx read safely: every entry in order, and the templated parts ready for Jinja."""

    entries: tuple[tuple[zipfile.ZipInfo, bytes], ...]
    parts: tuple[Part, ...]


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_package(data: bytes, limits: Limits | None = None) -> Package:
    """The entries and templated parts of a .docx; TemplateError if it is not one, or a zip bomb."""
    limits = limits or from_environment(Limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TemplateError(
            "not a .docx file (a .docx is a zip archive; was it saved as .doc or renamed?)"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise TemplateError(
                f"the .docx holds {len(infos):,} entries, over the limit of {limits.max_entries:,}"
            )
        entries = []
        total = 0
        for info in infos:
            if info.file_size > limits.max_entry_bytes:
                raise TemplateError(f"{info.filename} unpacks to {info.file_size:,} bytes, over the limit")
            try:
                with archive.open(info) as stream:
                    content = stream.read(limits.max_entry_bytes + 1)  # the sizes in a zip can lie
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise TemplateError(f"the .docx is damaged: {info.filename}: {exc}") from None
            total += len(content)
            if len(content) > limits.max_entry_bytes or total > limits.max_total_bytes:
                raise TemplateError(
                    f"the .docx unpacks to more than {limits.max_total_bytes:,} bytes (a zip bomb?)"
                )
            entries.append((info, content))
    names = {info.filename for info, _ in entries}
    if "word/document.xml" not in names:
        raise TemplateError("not a Word document: the .docx has no word/document.xml")
    parts = tuple(
        _part(info.filename, content) for info, content in entries if TEMPLATED.fullmatch(info.filename)
    )
    return Package(tuple(entries), parts)


def _part(name: str, content: bytes) -> Part:
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"the .docx is damaged: {name} is not well-formed XML ({exc})") from None
    split_tags = gather_split_tags(root)
    xml = etree.tostring(root, encoding="unicode")
    patched = DocxTemplate.patch_xml(None, xml)  # uses no instance state
    # docxtpl's escaped braces ({_{ for a literal {{) become Jinja strings here, before rendering:
    # docxtpl restores them in the rendered XML, which would change a deal's own "{_{" too
    for escaped, literal in _ESCAPED_BRACES.items():
        patched = patched.replace(escaped, literal)
    return Part(name, re.sub(r"<w:p([ >])", r"\n<w:p\1", patched), split_tags)


_ESCAPED_BRACES = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}


# --- tags split across differently formatted runs --------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ANY_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# The run properties a reader sees, by the name a message gives them; the rest (language, spell
# checking, revision ids) differ between runs without changing how the text looks.
_LOOKS = {
    "rStyle": "character style",
    "rFonts": "font",
    "b": "bold",
    "i": "italic",
    "u": "underline",
    "strike": "strikethrough",
    "dstrike": "strikethrough",
    "caps": "capitals",
    "smallCaps": "capitals",
    "color": "colour",
    "highlight": "highlight",
    "shd": "shading",
    "sz": "size",
    "vertAlign": "superscript or subscript",
}
_OFF = {"0", "false", "off", "none"}  # <w:b w:val="0"/> is no bold, as if it were absent


def _looks(run: etree._Element | None) -> dict[str, tuple[tuple[str, str], ...]]:
    """How a run's text looks: each visible run property with its attributes (a hint is none)."""
    properties = run.find(f"{_W}rPr") if run is not None else None
    looks = {}
    for element in properties if properties is not None else ():
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        value = element.get(f"{_W}val")
        if name in _LOOKS and value not in _OFF:
            looks[name] = tuple(
                sorted((str(k), str(v)) for k, v in element.attrib.items() if not str(k).endswith("}hint"))
            )
    return looks


def gather_split_tags(root: etree._Element) -> tuple[SplitTag, ...]:
    """Move each tag that Word split across runs of different formatting whole into the run it
    begins in, so that its value is formatted as the tag's first character and the text before and
    after it keeps its own run's formatting (docxtpl would join the runs, and the text after the tag
    would take the first run's formatting). Tags split across runs that look alike are left to
    docxtpl, so those templates render exactly as before. Returns the value tags ({{ }}) moved:
    they are what `check` warns about, since a block tag prints nothing."""
    found = []
    for paragraph in root.iter(f"{_W}p"):
        texts = [t for t in paragraph.iter(f"{_W}t") if next(t.iterancestors(f"{_W}p")) is paragraph]
        if len(texts) < 2:
            continue
        owner = [index for index, t in enumerate(texts) for _ in t.text or ""]  # the w:t of each character
        full = "".join(t.text or "" for t in texts)
        moved = False
        for match in _ANY_TAG.finditer(full):
            start, end = match.span()
            holders = sorted(set(owner[start:end]))
            if len(holders) < 2:
                continue
            looks = [_looks(texts[index].getparent()) for index in holders]
            differences = sorted(
                {
                    _LOOKS[name]
                    for name in {n for look in looks for n in look}
                    if len({str(look.get(name)) for look in looks}) > 1
                }
            )
            if not differences:
                continue
            owner[start:end] = [holders[0]] * (end - start)
            moved = True
            if match.group(0).startswith("{{"):
                text = re.sub(r"\s+", " ", full).strip()
                found.append(
                    SplitTag(text if len(text) <= 80 else text[:79] + "…", match.group(0), tuple(differences))
                )
        if moved:
            _rewrite(texts, full, owner)
    return tuple(found)


def _rewrite(texts: Sequence[etree._Element], full: str, owner: Sequence[int]) -> None:
    """Give each w:t the characters it now owns; a run left with no text goes."""
    for index, element in enumerate(texts):
        text = "".join(char for char, holder in zip(full, owner, strict=True) if holder == index)
        if text:
            element.text = text
            element.set(_XML_SPACE, "preserve")
            continue
        run = element.getparent()
        assert run is not None
        run.remove(element)
        if all(etree.QName(child).localname == "rPr" for child in run if isinstance(child.tag, str)):
            parent = run.getparent()
            assert parent is not None
            parent.remove(run)


# --- the sandbox ---------------------------------------------------------------------------------


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, plus a bound on ``*`` and ``**``: ``'x' * 10**9`` would
    otherwise build a gigabyte string inside the sandbox."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, limits: Limits, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits

    def call_binop(self, context: jinja2.runtime.Context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("an exponent above 64 is not allowed in a template")
            return operator.pow(left, right)
        for sequence, count in ((left, right), (right, left)):
            if (
                isinstance(sequence, str | list | tuple)
                and isinstance(count, int)
                and len(sequence) * count > self.limits.max_repeat
            ):
                raise SecurityError("a template may not build a string or list that long")
        return operator.mul(left, right)


def environment(formats: Formats = RUSSIAN_FORMATS, limits: Limits | None = None) -> jinja2.Environment:
    """The sandboxed environment every template is parsed and rendered in, with our filters,
    writing figures and words as ``formats`` says."""
    env = _Sandbox(
        limits or from_environment(Limits),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=formats.plain,
    )
    env.globals.clear()  # Jinja's range, cycler, joiner, lipsum, namespace: no document needs them
    env.filters.update(filters(formats))
    env.tests["feminine"] = _feminine
    return env


def _feminine(person: Any) -> bool:
    """``{% if buyer.signatory.name is feminine %}``, as templates wrote it before `agree`: a person
    (or a name) whose gender is given, or told by the name, as female."""
    gender = getattr(person, "gender", None) or words.gender_of(str(getattr(person, "name", person)))
    return gender == words.FEMALE


def _agree(person: Any, masculine: str, feminine: str) -> str:
    """``{{ buyer.signatory|agree("действующего", "действующей") }}``: the word of the person's gender."""
    return words.agree(getattr(person, "gender", None), masculine, feminine)


def _plural(number: Any, one: str, few: str, many: str) -> str:
    """``{{ days }} {{ days|plural("рабочий день", "рабочих дня", "рабочих дней") }}``: the noun's
    form after the number — 1 and 21 рабочий день, 2 рабочих дня, 5 and 11 рабочих дней."""
    return words.plural(int(number), words.Forms(one, few, many))


def filters(formats: Formats) -> dict[str, Callable[..., str]]:
    """The filters a template may use (README, "Documents")."""
    return {
        "money": formats.money,
        "amount": formats.amount,  # a form's column of figures: no sign
        "money_words": formats.amount_words,
        "date_words": formats.date_words,
        "date": formats.date,
        "genitive": words.genitive,
        "agree": _agree,
        "initials": words.initials,
        "addressed": words.addressed,
        "plural": _plural,
        "percent": formats.percent,
        "vat_label": formats.vat_label,
    }


# --- rendering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Properties:
    """The document properties written into every rendered file (fixed, for identical bytes)."""

    title: str
    author: str


class Template:
    """A template read and compiled once, to render any number of documents."""

    def __init__(self, data: bytes, formats: Formats = RUSSIAN_FORMATS, limits: Limits | None = None) -> None:
        limits = limits or from_environment(Limits)
        self.package = read_package(data, limits)
        env = environment(formats, limits)
        self._trees: dict[str, nodes.Template] = {}
        self._compiled: dict[str, jinja2.Template] = {}
        for part in self.package.parts:
            try:
                self._trees[part.name] = env.parse(part.source)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(
                    f"{part.label}: {exc.message} in «{part.paragraph(exc.lineno)}»"
                ) from None
            self._compiled[part.name] = env.from_string(self._trees[part.name])

    def needs(self, document: Declaration) -> tuple[Need, ...]:
        """What this template cannot do without of ``document``'s data (generator.documents.needs)."""
        return needs(self._trees.values(), document.fields)

    def render(self, context: Mapping[str, Any], properties: Properties) -> bytes:
        rendered = {part.name: self._render_part(part, context) for part in self.package.parts}
        rendered[CORE_PROPERTIES] = _core_properties(properties)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, content in self.package.entries:
                entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.create_system = 0
                archive.writestr(entry, rendered.get(info.filename, content))
        return output.getvalue()

    def _render_part(self, part: Part, context: Mapping[str, Any]) -> bytes:
        try:
            xml = self._compiled[part.name].render(context)
        except SecurityError as exc:
            raise RenderError(
                f"{part.label}: the template tried something unsafe and was stopped: {exc}"
            ) from None
        except jinja2.TemplateError as exc:
            raise RenderError(f"{part.label}: {exc}{_where(part, exc)}") from None
        except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
            # a filter given what it cannot take: the data check should have refused it, so say it as a
            # failure of this document, not a traceback
            raise RenderError(f"{part.label}: {exc}{_where(part, exc)}") from None
        xml = _docxtpl_finish(xml)
        try:
            root = etree.fromstring(xml.encode("utf-8"), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise RenderError(
                f"{part.label}: the template produced broken Word XML ({exc}); is a {{% %}} tag "
                "closing a row or paragraph it did not open? Use {%tr %} and {%p %} for whole rows and paragraphs"
            ) from None
        if part.name == "word/document.xml":
            root = DocxTemplate.fix_tables(None, xml)
            _renumber_drawings(root)
        return _XML_DECLARATION.encode() + etree.tostring(root, encoding="UTF-8")


def _where(part: Part, exc: BaseException) -> str:
    """Where in the document an error happened, from the template line in Jinja's traceback."""
    lineno = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while lineno is None and tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return f" in «{part.paragraph(lineno)}»" if lineno else ""


def _docxtpl_finish(xml: str) -> str:
    """What docxtpl does after Jinja (but the escaped braces, done before it): join the paragraph
    lines back, and turn line breaks, tabs and page breaks inside values into Word's own elements."""
    xml = xml.replace("\n<w:p", "<w:p")
    if any(c in xml for c in "\t\a\n\f"):
        xml = DocxTemplate.resolve_listing(None, xml)
    return xml


def _renumber_drawings(root: etree._Element) -> None:
    """Rows repeated by a loop copy their pictures' ids; Word refuses duplicates, so renumber."""
    for number, element in enumerate(
        root.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"), 1001
    ):
        element.set("id", str(number))


def _core_properties(properties: Properties) -> bytes:
    return (
        f"{_XML_DECLARATION}"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(properties.title)}</dc:title><dc:creator>{escape(properties.author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(properties.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_FIXED_STAMP}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_FIXED_STAMP}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def properties(document: Declaration, seller: Seller) -> Properties:
    return Properties(title=document.name, author=str(seller.company.get("name", "")))


class InvalidData(PlaybookError):
    """The deal data breaks the document's fields; ``problems`` lists every one."""

    def __init__(self, document: Declaration, findings: Sequence[Finding]) -> None:
        super().__init__(f"the data for {document.id} is invalid: " + "; ".join(f.message for f in findings))
        self.findings = tuple(findings)


def render_document(
    template: bytes,
    document: Declaration,
    data: Any,
    seller: Seller,
    checklist: ChecklistData | None = None,
) -> bytes:
    """The .docx of ``document`` (its template's bytes) filled from a deal's ``data`` as read from
    YAML (``{}`` for a blank form) and, for a checklist form, the checklist it is filled with.
    Raises InvalidData (every problem), TemplateError or RenderError.

    For a handful of documents (the site's samples); to render many, keep a :class:`Template`.
    """
    compiled = Template(template, seller.formats)
    checked = Form(document, seller.vat, compiled.needs(document)).check(data)
    if checked.findings:
        raise InvalidData(document, checked.findings)
    filled = context_module.build(document, checked.values, seller, checklist)
    return compiled.render(filled, properties(document, seller))


def write_new(path: Path, content: bytes, force: bool = False) -> None:
    """Write ``content`` to ``path`` all at once: a temporary file beside it, then a rename, so a
    reader never sees half a file. Without ``force`` an existing file is never replaced
    (``FileExistsError``), even one that appeared while we were writing."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    try:
        if force:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if path exists: no check-then-write race
    finally:
        temporary.unlink(missing_ok=True)
