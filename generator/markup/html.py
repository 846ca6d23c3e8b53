"""The site's HTML boundary: text from the standards reaches a page only as allowlisted HTML.

Markdown has many ways to say "put this attribute on that element" or "link there" (attribute
lists, reference definitions anywhere, entity-encoded schemes, extensions a project adds), so no
filter of the Markdown source can know them all. What a browser runs is the HTML, so that is what
is cleaned: every page MkDocs renders goes through `clean` (the build's hook, `site/hooks.py`), and
`playbook check` renders each text the same way and reports what `clean` would take out of it
(`refused`), at the text's place in its YAML file.

One allowlist serves both: the elements and attributes the site's templates and Markdown
extensions make, URLs to the web, mail, a phone or the site itself; never an event handler or a
``style``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from html import escape as html_escape
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from markupsafe import escape

_HEADINGS = {f"h{n}" for n in range(1, 7)}
ELEMENTS = frozenset(
    {
        *_HEADINGS,
        *("p", "br", "hr", "blockquote", "pre", "code", "kbd", "div", "span", "small", "sub", "sup"),
        *("strong", "em", "b", "i", "s", "del", "ins", "mark", "abbr", "a", "img"),
        *("ul", "ol", "li", "dl", "dt", "dd", "details", "summary", "label", "input", "button"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("figure", "figcaption", "svg", "path"),  # Material's icons are inline SVG
    }
)
ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "*": frozenset({"class"}),
    **{heading: frozenset({"id"}) for heading in _HEADINGS},  # the table of contents' anchors
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "abbr": frozenset({"title"}),
    "input": frozenset({"type", "disabled", "checked"}),  # task lists
    "button": frozenset({"type"}),  # a checklist's reset: text cannot write one, it is escaped
    "details": frozenset({"open"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
    "svg": frozenset({"xmlns", "viewBox"}),
    "path": frozenset({"d"}),
}
SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # and relative URLs: the site's own pages
_URL_ATTRIBUTES = frozenset({"href", "src"})
_DROPPED_WITH_CONTENT = frozenset({"script", "style"})  # their text is code, not words to show


def clean(html: str) -> str:
    """``html`` with only allowlisted elements, attributes and URL schemes left; the text stays."""
    return nh3.clean(
        html,
        tags=set(ELEMENTS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel=None,  # links are the site's own or ones the standards chose; nothing to add
        strip_comments=True,
    )


def refused(html: str) -> list[str]:
    """What `clean` takes out of ``html``, in words: "the attribute 'onclick'", "a link to
    'javascript:'". Empty when the HTML passes as it is."""
    finder = _Refusals()
    finder.feed(html)
    finder.close()
    return finder.found


class _Refusals(HTMLParser):
    """The allowlist applied as `clean` applies it, noting each thing it would remove."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ELEMENTS:
            self._note(f"the element <{tag}>")
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset())
        lowered = {name.lower() for name in allowed}
        for name, value in attrs:  # the parser lowers names, and decodes entities in values
            if name not in lowered:
                self._note(f"the attribute '{name}'")
            elif name in _URL_ATTRIBUTES and (scheme := url_scheme(value or "")) not in (None, *SCHEMES):
                self._note(f"a {'link' if name == 'href' else 'picture'} to '{scheme}:'")

    handle_startendtag = handle_starttag

    def _note(self, what: str) -> None:
        if what not in self.found:
            self.found.append(what)


def url_scheme(url: str) -> str | None:
    """A URL's scheme as a browser reads it (it ignores spaces and control characters in it), or
    None for a relative URL."""
    match = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]+", "", url))
    return match.group(1).lower() if match else None


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


class TextRenderer:
    """Standards text rendered as the site renders it: HTML-escaped by the page templates'
    autoescaping, then Markdown with the site's extensions (those of mkdocs.yml, by name)."""

    def __init__(self, mkdocs: Mapping[str, Any]) -> None:
        configured = _extension_names(mkdocs.get("markdown_extensions"))
        self._extensions = tuple(dict.fromkeys([*_MKDOCS_EXTENSIONS, *configured]))
        self._seen: dict[str, list[str]] = {}  # a text many files repeat (a phone format) is rendered once

    def html(self, text: str) -> str:
        """``text`` as the HTML a page shows of it: rendered, then cleaned by the allowlist."""
        return clean(self._render(str(escape(text)))[0])

    def refused(self, text: str) -> list[str]:
        """What the allowlist would take out of ``text`` wherever a page may put it: as a block of
        its own, as a heading and as a table cell (attribute lists there take the end of the line),
        and a reference definition's URL, which a link elsewhere on the page may use."""
        if text not in self._seen:
            self._seen[text] = self._refused(text)
        return self._seen[text]

    def _refused(self, text: str) -> list[str]:
        escaped = str(escape(text))
        line = " ".join(escaped.split())
        cell = line.replace("|", "\\|")
        found: list[str] = []
        # attribute lists are the only syntax a heading or a table cell reads otherwise
        contexts = (escaped, f"# {line}", f"| |\n| --- |\n| {cell} |") if "{" in text else (escaped,)
        for markdown_text in contexts:
            html, references = self._render(markdown_text)
            urls = "".join(f'<a href="{html_escape(url)}"></a>' for url in references)
            found.extend(what for what in refused(html + urls) if what not in found)
        return found

    def _render(self, markdown_text: str) -> tuple[str, list[str]]:
        """The HTML of ``markdown_text``, and the URLs of the references it defines."""
        renderer = _renderer(self._extensions)
        renderer.reset()
        html = renderer.convert(markdown_text)
        return html, [url for url, _title in renderer.references.values()]


# What could make an attribute or a URL out of escaped text: a link, a reference, an attribute list.
# Text without these characters renders to HTML the allowlist passes, so it is not rendered at all.
MARKUP_SIGNS = re.compile(r"[\[{]")


_MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs adds these to whatever is configured


def _extension_names(configured: Any) -> Iterable[str]:
    """Extension names from mkdocs.yml's ``markdown_extensions``: a list of names, or of one-key
    mappings of a name to its options (options are not read: `check` cannot run their tags)."""
    items: Sequence[Any] = configured if isinstance(configured, list) else []
    for item in items:
        name = next(iter(item), None) if isinstance(item, dict) else item
        if isinstance(name, str):
            yield name


@cache
def _renderer(extensions: tuple[str, ...]) -> markdown.Markdown:
    """A Markdown converter with every listed extension that loads without its options."""
    usable = []
    for name in extensions:
        try:
            markdown.Markdown(extensions=[name])
        except Exception:  # an extension that needs its options, or is not installed here: skipped
            continue
        usable.append(name)
    return markdown.Markdown(extensions=usable)


class DataTexts:
    """Standards text as the HTML of one line, for the data files the site's scripts show (call
    mode, self-tests): rendered and cleaned like the pages; a text said many times is made once."""

    def __init__(self, mkdocs: Mapping[str, Any]) -> None:
        # emoji need the options mkdocs.yml gives them (Material's inline icons), which are not read
        # here; without those they would be pictures from a third party's server
        extensions = [
            item
            for item in mkdocs.get("markdown_extensions") or []
            if not str(next(iter(item), "") if isinstance(item, dict) else item).startswith("pymdownx.emoji")
        ]
        self._renderer = TextRenderer({"markdown_extensions": extensions})
        # kept between generations (`serve` makes the data files again on every save), per settings
        self._made = _MADE.setdefault(repr(extensions), {})

    def html(self, text: str) -> str:
        line = " ".join(text.split())
        if line not in self._made:
            html = self._renderer.html(line)
            paragraph = _PARAGRAPH.fullmatch(html)
            self._made[line] = paragraph.group(1) if paragraph else html
        return self._made[line]


_PARAGRAPH = re.compile(r"<p>((?:(?!</?p>).)*)</p>", re.S)  # one paragraph: its content is the line
_MADE: dict[str, dict[str, str]] = {}  # the markdown extensions (as written) -> line -> its HTML
