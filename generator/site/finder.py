"""The site's finder: an index of what sellers type, built from the standards at build time.

Material's search (lunr) matched whole words only, told ё from е, dropped «не», «нет» and
«сейчас» as stop words and ranked a page by its text, not by the client's words: the right page
came first for 58 % of the queries in tests/e2e/search_queries.yml. This index is what
assets/javascripts/search-worker.js searches instead, inside Material's own search box (the
hook puts the worker in the place of Material's and the index in the place of its index):

* every word is kept twice, as written (normalised: lower case, ё = е) and as its Snowball stem,
  so the browser needs no stemmer: a query word matches a key that it equals, or that starts it
  with at most an ending's length left over (доставку → доставк), or within one typo;
* the names a page is found by — an objection's name and every wording, a document's common
  names (КП, УПД), a page's title — are kept as phrases, so the client's words rank their page
  first, and with the most weight as words;
* each page carries its teaser: for an objection the first thing to say, for the others their
  summary, goal or description — never the page's metadata.

Nothing is a stop word: a word every page has weighs little by its frequency, not by a list.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

import Stemmer  # type: ignore[import-not-found]  # PyStemmer: the Snowball stemmers, compiled

from generator.kinds import KINDS, kind_of
from generator.kinds.entity import Entity
from generator.kinds.playbook import Role
from generator.markup.markdown import page_url
from generator.model import Playbook
from generator.site.addresses import HOME, ROLES, has_page, page_of
from generator.site.pages import Site, SiteOptions, load_labels

FILE = "search/finder.json"  # written into the site; the hook makes it the search index
_STEMMERS = {"ru": "russian", "en": "english"}
_TEASER = 220  # characters of a teaser: two lines of a phone's result list
# how much a word weighs on a page, by where it stands; more occurrences add a little
TITLE, NAME, HEADING, TEASER, TEXT = 100, 90, 60, 50, 25
_PER_OCCURRENCE, _OCCURRENCES = 3, 10
# a page that lists others (a section's index, the home page) repeats their names: it ranks
# below the page it lists; an objection, what a client says, ranks above the rest
_LISTING = 0.8

_WORD = re.compile(r"[^\W_]+")
_MARKUP = [
    (re.compile(r"\A---\n.*?\n---\n", re.S), " "),  # front matter
    (re.compile(r"<pre[^>]*>.*?</pre>", re.S), " "),  # a diagram's source
    (re.compile(r"\]\([^)]*\)"), " "),  # a link's address
    (re.compile(r"\{[^}\n]*\}"), " "),  # attribute lists
    (re.compile(r":[a-z]+(?:-[a-z0-9]+)+:"), " "),  # icons
    (re.compile(r"<[^>]+>"), " "),  # tags
]
_HEADING = re.compile(r"^#{2,6} (.*)$", re.M)  # a page's sections: an objection's other answers
_FRONT_TITLE = re.compile(r"\A---\n(?:.*\n)*?title: (.*)\n")
_INLINE = re.compile(r"[*_`]+|\[|\]")


def words(text: str) -> list[str]:
    """The words of a text as the finder compares them: lower case, ё as е, without punctuation
    (search-worker.js splits a query the same way)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower().replace("ё", "е"))


@cache
def _stemmer(language: str) -> Any:  # Snowball's generated stemmer, untyped
    return Stemmer.Stemmer(_STEMMERS.get(language, "english"))


@lru_cache(maxsize=1 << 16)  # a word recurs on many pages
def keys(word: str, language: str) -> tuple[str, ...]:
    """The keys a word is found by: itself, and the part of it its stem keeps (the stem may
    change a letter, as English company → compani: the key is what the word begins with)."""
    stem = _stemmer(language).stemWord(word)
    common = 0
    while common < min(len(stem), len(word)) and stem[common] == word[common]:
        common += 1
    return (word,) if common in (0, len(word)) else (word, word[:common])


Scores = tuple[tuple[str, int], ...]  # a page's keys, each with its weight on the page


@dataclass
class _Page:
    location: str
    title: str
    teaser: str
    boost: float
    names: list[str] = field(default_factory=list)
    scores: Scores = ()


class _Words:
    """A page's keys as its texts are added: the weight of the most telling place each is in,
    and how many times the page says it."""

    def __init__(self) -> None:
        self.weights: dict[str, int] = {}
        self.counts: Counter[str] = Counter()

    def add(self, text: str, weight: int, language: str) -> None:
        weights, counts = self.weights, self.counts
        for word, times in Counter(words(text)).items():  # a page says its words many times
            for key in keys(word, language):
                if weights.get(key, 0) < weight:
                    weights[key] = weight
                counts[key] += times

    def scores(self) -> Scores:
        """Each key with its place's weight, and a little more for each time the page says it."""
        counts = self.counts
        return tuple(
            (key, weight + min(counts[key] - 1, _OCCURRENCES) * _PER_OCCURRENCE)
            for key, weight in self.weights.items()
        )


def plain(markdown: str) -> str:
    """The words of a Markdown text without its markup."""
    for pattern, replacement in _MARKUP:
        markdown = pattern.sub(replacement, markdown)
    return " ".join(_INLINE.sub("", markdown).split())


def teaser(entity: Entity) -> str:
    """What a result shows under its title: for an objection the first thing to say, for another
    page the first of its summary, goal or description."""
    responses = getattr(entity, "responses", ())
    texts = [responses[0].say] if responses else []
    texts += [getattr(entity, name, "") for name in ("summary", "goal", "description")]
    text = plain(next((t for t in texts if isinstance(t, str) and t.strip()), ""))
    return text if len(text) <= _TEASER else text[: _TEASER - 1].rsplit(" ", 1)[0] + "…"


def names(entity: Entity, labels: Mapping[str, object]) -> list[str]:
    """What people call an entity: its name, its other wordings, and a document's common names
    (labels document_kinds and document_names, by the document's kind)."""
    found = [entity.name, *getattr(entity, "aliases", ())]
    kind = getattr(entity, "type", None)
    for label in ("document_kinds", "document_names"):
        table = labels.get(label)
        if kind and isinstance(table, Mapping) and kind in table:
            value = table[kind]
            found += [value] if isinstance(value, str) else list(value)
    return found


def indexed(site: Site, playbook: Playbook, options: SiteOptions) -> Site:
    """The site with the finder's index among its files."""
    labels = load_labels(options.template_dirs, playbook.language)
    return replace(site, files={**site.files, FILE: build_index(playbook, site.pages, labels)})


def build_index(playbook: Playbook, pages: Mapping[str, str], labels: Mapping[str, object]) -> bytes:
    """The finder's index of the site's pages (``pages``: Markdown by path), as compact JSON."""
    language = playbook.language
    entities = _entities_by_page(playbook)
    found: list[_Page] = []
    for path, markdown in pages.items():
        entity = entities.get(path)
        boost = _boost(entity) if entity else _LISTING
        page = _Page(
            page_url(HOME, path), _title(markdown) or playbook.title, teaser(entity) if entity else "", boost
        )
        page.names = names(entity, labels) if entity else [page.title]
        page.scores = _scores_of(markdown, page.teaser, tuple(page.names), language)
        found.append(page)
    for role in playbook.roles.values():
        shown, said = teaser(role), _Words()
        said.add(role.name, TITLE, language)
        said.add(shown, TEASER, language)
        location = page_url(HOME, ROLES) + f"#{role.id}"
        found.append(_Page(location, role.name, shown, 1.0, [role.name], said.scores()))
    return _encode(found, language)


@lru_cache(maxsize=1 << 14)  # `serve` indexes again only the pages a save changed
def _scores_of(markdown: str, teaser: str, names: tuple[str, ...], language: str) -> Scores:
    """A page's keys with their weights."""
    said = _Words()
    said.add(plain(markdown), TEXT, language)
    said.add(" ".join(_HEADING.findall(markdown)), HEADING, language)
    said.add(teaser, TEASER, language)
    for index, name in enumerate(names):
        said.add(name, TITLE if index == 0 else NAME, language)
    return said.scores()


def _title(markdown: str) -> str:
    """A page's title, from its front matter (where it is JSON, escaped as MkDocs prints it)."""
    found = _FRONT_TITLE.search(markdown)
    return html.unescape(json.loads(found.group(1))) if found else ""


def _entities_by_page(playbook: Playbook) -> dict[str, Entity]:
    return {
        page_of(entity): entity
        for kind in KINDS
        for entity in playbook.entities.get(kind.name, {}).values()
        if has_page(entity) and not isinstance(entity, Role)
    }


def _boost(entity: Entity) -> float:
    pages = kind_of(entity).pages
    return pages.boost if pages else 1.0


def _encode(found: Sequence[_Page], language: str) -> bytes:
    """{pages: [[location, title, teaser, boost]], names: [[page, [words]]], keys: {key: [page,
    weight, page, weight, …]}}: titles and teasers are escaped here, the worker puts them as HTML."""
    phrases = [[number, words(name)] for number, page in enumerate(found) for name in _unique(page.names)]
    index = {
        "language": language,
        "pages": [
            [p.location, html.escape(p.title, quote=False), html.escape(p.teaser, quote=False), p.boost]
            for p in found
        ],
        "names": phrases,
    }
    text = _json(index)
    return f'{text[:-1]},"keys":{_KEPT.keys([page.scores for page in found])}}}'.encode()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Postings:
    """The keys of the last index made, each with the pages it is on: `serve` indexes the site
    again on every save, and putting every page's keys together and writing them out again was
    most of that; only the pages whose keys changed are taken out and put in again, and only
    their keys written again."""

    def __init__(self) -> None:
        self.scores: list[Scores] | None = None  # by page number; None while it is being changed
        self.postings: dict[str, list[int]] = {}  # key -> page, weight, page, weight, … (pages ascending)
        self.order: list[str] = []  # the keys, sorted
        self.written: dict[str, str] | None = None  # key -> its JSON member, once an index is made again

    def keys(self, scores: list[Scores]) -> str:
        """{key: [page, weight, …]} of pages with ``scores``, the keys sorted, as JSON."""
        kept, self.scores, whole = self.scores, None, False  # an update cut short is not built on
        if kept is None or len(kept) != len(scores):  # the pages numbered anew: nothing is kept
            kept, self.postings, self.written, whole = [() for _ in scores], {}, None, True
        postings, touched, reordered = self.postings, set[str](), whole
        for number, (new, old) in enumerate(zip(scores, kept, strict=True)):
            if new == old:
                continue
            for key, _ in old:
                pages = postings[key]
                at = pages[::2].index(number) * 2
                del pages[at : at + 2]
                if not pages:
                    del postings[key]
                    reordered = True
            for key, weight in new:
                listed = postings.get(key)
                if listed is None:
                    postings[key], reordered = [number, weight], True
                elif listed[-2] < number:
                    listed += (number, weight)
                else:
                    at = next(i for i in range(0, len(listed), 2) if listed[i] > number)
                    listed[at:at] = (number, weight)
            if not whole:
                touched.update(key for key, _ in (*old, *new))
        if reordered:
            self.order = sorted(postings)
        self.scores = scores
        if whole:  # as `build` makes it: the keys written in one go
            return _json({key: postings[key] for key in self.order})
        if self.written is None:  # the first index made again: each key written on its own
            self.written, touched = {}, set(postings)
        written = self.written
        for key in touched:
            if key in postings:
                written[key] = f"{_json(key)}:{_json(postings[key])}"
            else:
                written.pop(key, None)
        return "{" + ",".join(written[key] for key in self.order) + "}"


_KEPT = _Postings()


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(" ".join(words(text)) for text in texts if words(text)))
