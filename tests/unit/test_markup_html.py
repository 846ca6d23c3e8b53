"""The site's HTML boundary: whatever Markdown the standards hold, the HTML a page shows has no
event handler, no style and no URL of a scheme other than http(s), mailto and tel — and the words
a seller reads are still there. `playbook check` names what the site would take out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagrams import mermaid_label
from generator.markup.html import SCHEMES, TextRenderer, clean, url_scheme
from tests.conftest import REPO
from tests.unit.test_fuzz import EXAMPLES

SITE_MKDOCS = {
    "markdown_extensions": [
        "admonition",
        "attr_list",
        "md_in_html",
        "tables",
        {"toc": None},
        "pymdownx.details",
        "pymdownx.superfences",
        {"pymdownx.tasklist": {"custom_checkbox": True}},
    ]
}
RENDERER = TextRenderer(SITE_MKDOCS)


class Page(HTMLParser):
    """What a browser would take from HTML: the attributes it sets, the URLs, the visible text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[str] = []
        self.urls: list[str] = []
        self.words: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attributes.append(name)
            if name in ("href", "src"):
                self.urls.append(value or "")

    def handle_data(self, data: str) -> None:
        self.words.extend(data.split())


def assert_harmless(text: str) -> None:
    page = Page(text)
    assert not [a for a in page.attributes if a.startswith("on") or a == "style"], text
    assert all(url_scheme(url) in (None, *SCHEMES) for url in page.urls), page.urls


def test_the_site_s_own_html_passes_as_it_is() -> None:
    own = (
        '<h2 id="цель">Цель<a class="headerlink" href="#цель" title="Permanent link">¶</a></h2>'
        '<details class="question"><summary>Дорого</summary><p><strong>Рассрочка.</strong></p></details>'
        '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
        '<input type="checkbox" disabled checked><span class="task-list-indicator"></span></label>'
        " Договор</li></ul>"
        '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        '<path d="M1 2"></path></svg></span>'
        '<pre class="playbook-diagram">flowchart TD</pre>'
        '<a href="../stages/closing/">Закрытие</a> <a href="tel:+74950000000">звонок</a>'
    )
    before, after = Page(own), Page(clean(own))
    assert (after.attributes, after.urls, after.words) == (before.attributes, before.urls, before.words)


def test_clean_takes_out_handlers_styles_and_foreign_schemes_keeping_the_words() -> None:
    hostile = (
        '<p onclick="alert(1)" style="color:red">Скидка</p>'
        '<a href="jav&#x61;script:alert(2)">Оплата</a>'
        '<a href=" JaVaScRiPt:alert(3)">Доставка</a>'
        '<img src="data:image/png;base64,AAAA" alt="картинка">'
        '<a href="vbscript:x">Гарантия</a><script>alert(4)</script><style>p{}</style>'
        '<iframe src="https://evil.example">Рамка</iframe>'
    )
    cleaned = clean(hostile)
    assert_harmless(cleaned)
    assert Page(cleaned).words == ["Скидка", "Оплата", "Доставка", "Гарантия", "Рамка"]
    assert "alert(4)" not in cleaned and "<iframe" not in cleaned


def test_check_names_what_the_site_would_take_out() -> None:
    assert RENDERER.refused("## Цель {: onclick=alert(1) }") == ["the attribute 'onclick'"]
    assert RENDERER.refused("Абзац\n{: style='color:red' }") == ["the attribute 'style'"]
    # an attribute list at the end of a heading or a table cell: a page may put any text there
    assert RENDERER.refused("Знакомство {: onmouseover=x }") == ["the attribute 'onmouseover'"]
    # a reference definition anywhere defines a link for the whole page
    assert RENDERER.refused("- пункт\n- [x]: javascript:alert(1)") == ["a link to 'javascript:'"]
    assert RENDERER.refused("![план](data:image/png;base64,AAAA)") == ["a picture to 'data:'"]
    assert RENDERER.refused("[сайт](https://kuhnyapro.ru), [почта](mailto:a@b.ru), [{вопрос}](#faq)") == []
    # raw HTML is text: autoescaping makes it characters on the page, not elements
    assert RENDERER.refused("<b onclick=alert(1)>жирный</b>") == []
    # a reference's URL goes back into an attribute for the check: a quote in it cannot end it
    assert RENDERER.refused('[x]: https://a.ru/"onclick=alert(1)') == []


_WORDS = st.lists(st.sampled_from(["цена", "скидка", "договор", "доставка", "Alpha", "сейчас"]), min_size=1)
_SCHEME = st.sampled_from(["javascript", "JaVaScRiPt", "jav&#x61;script", "data", "vbscript", "https", "tel"])
_ATTRIBUTE = st.sampled_from(["onclick", "onmouseover", "style", "class", "id", "href", "src"])


@st.composite
def hostile_markdown(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Random Markdown of words and hostile pieces (HTML, attribute lists, reference definitions,
    autolinks, entity-encoded schemes); also the words a seller must still read."""
    lines, words = [], []
    for _ in range(draw(st.integers(1, 6))):
        said = draw(_WORDS)
        words.extend(said)
        text = " ".join(said)
        piece = draw(st.integers(0, 7))
        scheme, attribute = draw(_SCHEME), draw(_ATTRIBUTE)
        if piece == 0:
            lines.append(f'## {text} {{: {attribute}="alert(1)" }}')
        elif piece == 1:
            lines.extend([text, f"{{: {attribute}='x' }}"])
        elif piece == 2:
            lines.extend([f"- {text} [ссылка][r]", f"- [r]: {scheme}:alert(1)"])
        elif piece == 3:
            lines.append(f"{text} [ссылка]({scheme}:alert(1)) ![и]({scheme}:x)")
        elif piece == 4:
            lines.append(f"{text} <{scheme}:alert(1)> <b {attribute}=alert(1)>")
        elif piece == 5:
            lines.append(f"{text} *курсив*{{: {attribute}=x }} [a](#x){{ {attribute}=y }}")
        elif piece == 6:
            lines.append(f"| {text} {{: {attribute}=z }} |\n| --- |")
        else:
            lines.append(text)
        lines.append("")
    return "\n".join(lines), words


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(hostile_markdown())
def test_random_markdown_reaches_the_page_harmless_with_its_words(case: tuple[str, list[str]]) -> None:
    text, words = case
    shown = RENDERER.html(text)
    assert_harmless(shown)
    visible = " ".join(Page(shown).words)
    for word in words:
        assert word in visible, (text, shown)


@given(st.text())
def test_a_mermaid_label_says_the_text_and_nothing_else(text: str) -> None:
    label = str(mermaid_label(text))
    assert not set(label) & set('"%`<>&[]{}()|\\\n\r\t')
    assert re.fullmatch(r"(?:[^#]|#\d+;)*", label)
    assert re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label) == " ".join(text.split())


def test_the_diagram_limits_are_the_same_in_python_and_javascript() -> None:
    from generator.diagrams import MAX_EDGES, MAX_TEXT

    script = (REPO / "templates/site/assets/javascripts/playbook.js").read_text(encoding="utf-8")
    assert f"maxEdges: {MAX_EDGES}," in script and f"maxTextSize: {MAX_TEXT}," in script
