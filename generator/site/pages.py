"""Step 4a: the playbook as Markdown pages and a navigation, from Jinja2 templates.

Pure: a function from the model (and the templates) to page texts. Writing them to disk and
running MkDocs is `publish`'s job.
"""

from __future__ import annotations

import hashlib
import json
import re
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from generator import diagrams
from generator.changes.diff import Change
from generator.changes.history import Release
from generator.changes.markdown import changes_markdown
from generator.changes.wording import Wording
from generator.diagnostics import Diagnostic, error
from generator.diagrams import mermaid_label
from generator.errors import PlaybookError
from generator.kinds import BY_NAME, KINDS, PLAYBOOK, kind_of
from generator.kinds.entity import Entity
from generator.kinds.playbook import Role
from generator.kinds.script import Script
from generator.kinds.stage import Stage
from generator.markup.markdown import (
    anchor,
    cell,
    html_text,
    inline,
    link_text,
    page_url,
    quoted,
    relative,
)
from generator.measures import measure
from generator.model import Overdue, Playbook
from generator.project import PAGE_TEMPLATES, TEMPLATES, Project
from generator.site import calls, dashboard, exports, quizzes
from generator.site.addresses import CHANGES, HOME, REVIEW_PAGE, ROLES, TAGS, has_page, index_of, page_of
from generator.site.dashboard import Metrics
from generator.site.downloads import Downloads
from generator.source import YamlLoader

NavItem = str | dict[str, Any]


class PageFailed(Exception):
    """A page template could not make a page (a project's own template, most likely, written for
    what templates saw before); ``diagnostic`` names the template, its line and the page."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class SiteOptions:
    """What the site needs from the project beyond the standards."""

    template_dirs: tuple[Path, ...]  # first match wins: the project's own, then the built-in ones
    cache_dir: Path | None = None  # where compiled templates are kept between builds
    repo_url: str = ""
    edit_uri: str = ""
    nav_limit: int = 40  # a section with more pages lists only its index in the navigation
    today: date = field(default_factory=date.today)  # the day reviews are judged by
    mkdocs: Mapping[str, Any] = field(default_factory=dict)  # its Markdown extensions make call mode's texts

    @classmethod
    def for_project(
        cls, project: Project, mkdocs: Mapping[str, Any], today: date | None = None
    ) -> SiteOptions:
        return cls(
            project.template_dirs(PAGE_TEMPLATES),
            project.template_cache,
            str(mkdocs.get("repo_url") or ""),
            str(mkdocs.get("edit_uri") or ""),
            today=today or date.today(),
            mkdocs=mkdocs,
        )


@dataclass(frozen=True)
class Site:
    pages: dict[str, str]  # docs-relative path -> Markdown
    nav: list[NavItem]
    files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> a download


def render_site(
    playbook: Playbook,
    options: SiteOptions,
    downloads: Downloads | None = None,
    releases: Sequence[Release] = (),
    metrics: Metrics | None = None,
) -> Site:
    """The pages and the navigation; ``releases``, newest first, make the «Что изменилось» section;
    ``metrics``, the figures of the CRM's exports, the «Показатели» section and each KPI's and
    stage's latest figure."""
    env = _environment(playbook, options)
    env.globals["metrics"] = metrics
    downloads = downloads or Downloads()
    labels: dict[str, Any] = env.globals["L"]  # type: ignore[assignment]
    pools: quizzes.Pools = env.globals["quiz_pools"]  # type: ignore[assignment]
    exported = exports.quiz_exports(playbook, pools, labels)  # the quiz pages' downloads
    env.globals["downloads_of"] = lambda page: [*downloads.of.get(page, []), *exported.of.get(page, [])]
    pages: dict[str, str] = {}
    templates: dict[str, jinja2.Template] = {}  # one lookup per template, not one per page

    def render(
        path: str, template: str, title: str, front: dict[str, Any] | None = None, **context: Any
    ) -> None:
        # the title goes into front matter, made safe for the places MkDocs prints it unescaped
        # JSON is YAML, and far quicker to write for a thousand pages
        matter = "".join(
            f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
            # not on the home page: Material names the tab «title - site name», the site's name twice
            for key, value in (({} if path == HOME else {"title": title_text(title)}) | (front or {})).items()
        )
        try:
            if template not in templates:
                templates[template] = env.get_template(template)
            text = templates[template].render(page=path, title=title, **context)
        except (
            jinja2.TemplateError,
            ArithmeticError,
            LookupError,
            AttributeError,
            TypeError,
            ValueError,
        ) as exc:
            raise PageFailed(_failure(exc, template, path)) from None
        pages[path] = f"---\n{matter}---\n\n" + text

    funnel = playbook.funnel()
    render(HOME, "home.md.j2", playbook.title, {"hide": ["navigation"]}, pipelines=funnel)
    nav: list[NavItem] = [HOME]
    for pipeline, stages in funnel:
        nav.append({title_text(pipeline.name): [page_of(stage) for stage in stages]})
    for kind in KINDS:
        entities = list(playbook.entities.get(kind.name, {}).values())
        if kind.pages is None or not entities:
            continue
        title = labels[kind.pages.title]
        if kind.pages.index:
            wide = {"hide": ["toc"]} if kind.pages.wide_index else None
            render(index_of(kind), kind.pages.index, title, wide, entities=entities)
        front = {"search": {"boost": kind.pages.boost}} if kind.pages.boost != 1 else None
        for entity in entities:
            render(page_of(entity), kind.pages.page, entity.name, front, entity=entity)
        if kind.pages.listed:
            listed = [page_of(e) for e in entities] if len(entities) <= options.nav_limit else []
            nav.append({title_text(title): [index_of(kind), *listed]})
    if releases:
        release_pages = _release_pages(releases)
        pages_of = {r.tag: p for p, r in release_pages}
        render(f"{CHANGES}/index.md", "changes.md.j2", labels["changes"], releases=release_pages)
        for path, release in release_pages:
            title = f"{labels['release']} {release.tag}" if release.tag else labels["unreleased"]
            render(path, "release.md.j2", title, release=release, previous=pages_of.get(release.previous))
        listed = [path for path, _ in release_pages] if len(release_pages) <= options.nav_limit else []
        nav.append({title_text(labels["changes"]): [f"{CHANGES}/index.md", *listed]})
    if metrics is not None:
        render(dashboard.PAGE, "dashboard.md.j2", labels["metrics"], {"hide": ["toc"]}, metrics=metrics)
        nav.append({title_text(labels["metrics"]): [dashboard.PAGE]})
    render(ROLES, "roles.md.j2", labels["roles"])
    render(
        REVIEW_PAGE, "review.md.j2", labels["due_for_review"], by_owner=_overdue_by_owner(playbook, options)
    )
    render(TAGS, "tags.md.j2", labels["tags"])
    nav.extend([ROLES, REVIEW_PAGE, TAGS])
    files = {**downloads.files, **calls.call_files(playbook, options.mkdocs, labels)}
    files.update(quizzes.quiz_files(playbook, pools, options.mkdocs, labels))
    if metrics is not None:
        files.update(dashboard.chart_files(metrics, playbook, labels))
    files.update(exported.files)
    return Site(pages, nav, files)


def _failure(exc: Exception, template: str, page: str) -> Diagnostic:
    """Where a page template failed: the line of a syntax error, or the innermost template line
    the error went through (a macro's file, say)."""
    name, line = template, 1
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name, line = exc.name or template, exc.lineno
    else:
        for frame, lineno in reversed(list(traceback.walk_tb(exc.__traceback__))):
            if frame.f_code.co_filename.endswith(".j2"):
                name, line = Path(frame.f_code.co_filename).name, lineno
                break
    message = getattr(exc, "message", None) or str(exc)
    return error(
        f"{TEMPLATES}/{PAGE_TEMPLATES}/{name}", (line, 1), f"{message} (making {page})", "page-template"
    )


def _release_pages(releases: Sequence[Release]) -> list[tuple[str, Release]]:
    """Each release with its page: the unreleased changes first, then a page per tag, named after
    it (tags may hold characters a file name should not; two tags never share a page)."""
    taken = {"index"}
    found = []
    for release in releases:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", release.tag).strip("-.") if release.tag else "unreleased"
        stem = stem or "release"
        unique, n = stem, 1
        while unique in taken:
            n += 1
            unique = f"{stem}-{n}"
        taken.add(unique)
        found.append((f"{CHANGES}/{unique}.md", release))
    return found


def _overdue_by_owner(playbook: Playbook, options: SiteOptions) -> list[tuple[Role | None, list[Overdue]]]:
    """What is overdue on the build's day, grouped by owner in the order of the roles; no owner last."""
    groups: dict[str, list[Overdue]] = {}
    for item in playbook.overdue(options.today):
        owner = item.entity.owner if item.entity.owner in playbook.roles else ""
        groups.setdefault(owner, []).append(item)
    ordered: list[tuple[Role | None, list[Overdue]]] = [
        (role, groups[role_id]) for role_id, role in playbook.roles.items() if role_id in groups
    ]
    if "" in groups:
        ordered.append((None, groups[""]))
    return ordered


def title_text(text: str) -> str:
    """A title as MkDocs and Material print it: into the navigation as it is, and into <title>
    through `striptags`, which unescapes. So `&` is escaped and `<`, `>` become look-alikes:
    nothing in a title can ever become a tag."""
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "‹").replace(">", "›")


def _environment(playbook: Playbook, options: SiteOptions) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in options.template_dirs]),
        autoescape=True,  # every printed value is HTML-escaped: Markdown text shows, HTML never runs
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    labels = load_labels(options.template_dirs, playbook.language)
    env.globals.update(pb=playbook, L=labels, page_of=page_of, has_page=has_page, anchor=anchor)
    env.globals["step_anchor"] = diagrams.step_anchor
    env.globals["call_data"] = calls.data_path
    env.globals.update(quiz_pools=quizzes.Pools(playbook, labels), quiz_data=quizzes.data_path)
    env.globals.update(today=options.today, kind_of=lambda entity: kind_of(entity).name)
    env.globals["index_of"] = lambda kind: index_of(BY_NAME[kind])
    env.globals["trend_chart"], env.globals["funnel_chart"] = dashboard.trend_chart, dashboard.funnel_chart
    env.globals["trend_text"] = lambda trend: dashboard.trend_text(trend, playbook, labels)
    env.globals["trend_length"] = dashboard.TREND
    env.filters.update(inline=inline, cell=cell, mermaid=mermaid_label, html=html_text)
    env.filters["day"] = lambda day: day.strftime(labels["date_format"])
    env.filters["measure"] = lambda value, unit: measure(value, unit, playbook.language, playbook.currency)
    env.filters["quoted"] = lambda text: quoted(text, labels["quotes"])
    env.globals.update(_helpers(playbook, options, labels))
    env.bytecode_cache = _bytecode_cache(options.cache_dir, env)
    return env


def load_labels(template_dirs: Sequence[Path], language: str) -> dict[str, Any]:
    """The site's words in a language: the built-in labels.yml, with a project's own labels.yml
    over it key by key (a project names only the words it changes; words added for new kinds
    reach it without an edit)."""
    labels: dict[str, Any] = {}
    for folder in reversed(template_dirs):
        labels_file = folder / "labels.yml"
        if labels_file.is_file():
            words = _words(labels_file, labels_file.read_text(encoding="utf-8"))
            if not isinstance(words, dict) or not isinstance(words.get(language, {}), dict):
                raise PlaybookError(
                    f"{labels_file}: the site's words are a mapping by language, then by word"
                )
            labels = _merged(labels, words.get(language) or {})
    return labels


@lru_cache(maxsize=8)  # `serve` reads the words twice on every save: parsing was 4 % of a regeneration
def _words(labels_file: Path, text: str) -> Any:
    """A labels.yml as YAML reads it (read only: `_merged` copies what it takes)."""
    try:
        return yaml.load(text, Loader=YamlLoader) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{labels_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(labels_file)
        raise PlaybookError(f"{where}: the site's words are not valid YAML: {exc.problem}") from None


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``; mappings (a label per kind, per unit) merge key by key, and are
    copied: the words of a file are kept between generations and must stay as read."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict):
            value = _merged(merged[key] if isinstance(merged.get(key), dict) else {}, value)
        merged[key] = value
    return merged


def _bytecode_cache(folder: Path | None, env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Compiling the templates costs more than rendering a hundred pages: keep them compiled.
    Jinja keys the cache by a template's source only, yet the compiled code also depends on the
    environment (its options, which filters exist): code compiled by another version of ours
    must not be run, so the cache's file names carry those too."""
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    compiled_by = repr(
        (
            jinja2.__version__,
            env.autoescape,
            env.finalize is not None,
            env.trim_blocks,
            env.lstrip_blocks,
            env.keep_trailing_newline,
            sorted(env.filters),
            sorted(env.tests),
        )
    )
    key = hashlib.sha256(compiled_by.encode()).hexdigest()[:16]
    return jinja2.FileSystemBytecodeCache(str(folder), f"__playbook_{key}_%s.cache")


def _helpers(
    playbook: Playbook, options: SiteOptions, labels: Mapping[str, Any]
) -> dict[str, Callable[..., Any]]:
    @jinja2.pass_context
    def link(context: jinja2.runtime.Context, target: Entity | str, text: Any = None) -> Markup:
        """A Markdown link from the current page to an entity's page (or to a page path)."""
        path = target if isinstance(target, str) else page_of(target)
        name = text if text is not None else (target.name if isinstance(target, Entity) else path)
        page, _, fragment = path.partition("#")
        href = (relative(context["page"], page) if page else "") + (f"#{fragment}" if fragment else "")
        text = link_text(name)
        return Markup(f"[{text}]({href})")

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, target: Entity) -> str:
        """The built URL of an entity's page from the current page, for diagrams."""
        return page_url(context["page"], page_of(target))

    def role(role_id: str) -> Entity:
        return playbook.roles[role_id]

    @jinja2.pass_context
    def source(context: jinja2.runtime.Context, entity: Entity) -> Markup:
        """Who keeps a page and when it was last reviewed (and whether that is overdue), and the
        link to propose a fix when the repository is known. The standards file's path is for
        editors, who reach it through that link; a seller has no use for it on the page."""
        owner = link(context, playbook.roles[entity.owner]) if entity.owner else labels["nothing"]
        keeper = f"{labels['steward']}: {owner}"
        if entity.reviewed:
            keeper += f" · {labels['reviewed_on']} {entity.reviewed.strftime(labels['date_format'])}"
            due = playbook.due(entity)
            if due is not None and due < options.today:
                overdue = f"{labels['overdue_since']} {due.strftime(labels['date_format'])}"
                keeper += f" · :material-alert: **{link(context, REVIEW_PAGE, overdue)}**"
        if options.repo_url and options.edit_uri:
            edit = options.repo_url.rstrip("/") + "/" + options.edit_uri.strip("/") + "/" + entity.path
            keeper += f" · [:material-pencil: {labels['edit']}]({edit})"
        return Markup(f'<div class="playbook-source" markdown>\n{keeper}\n</div>')

    def pipeline_chart(stages: list[Stage]) -> Markup:
        urls = [page_url(HOME, page_of(s)) for s in stages]
        return _diagram(diagrams.pipeline_chart(stages, urls), labels["diagram"])

    def script_chart(script: Script) -> Markup:
        return _diagram(diagrams.script_chart(script), labels["diagram"])

    wording = Wording(labels)

    @jinja2.pass_context
    def changes_list(context: jinja2.runtime.Context, changes: Sequence[Change]) -> Markup:
        """The changes as a list; an entity that still has a page links to it."""

        def page(change: Change) -> str | None:
            entity = _current(playbook, change)
            return relative(context["page"], page_of(entity)) if entity and has_page(entity) else None

        return Markup(changes_markdown(changes, wording, page))

    return {
        "changes_list": changes_list,
        "changes_summary": wording.summary,
        "link": link,
        "url": url,
        "role": role,
        "source": source,
        "pipeline_chart": pipeline_chart,
        "script_chart": script_chart,
    }


def _current(playbook: Playbook, change: Change) -> Entity | None:
    """The entity a change is about, as the playbook has it now (None when it is gone)."""
    if change.kind is PLAYBOOK:
        return playbook.about
    return playbook.entities[change.kind.name].get(change.id)


def _diagram(text: str, words: Mapping[str, str]) -> Markup:
    """A diagram for our renderer (assets/javascripts/playbook.js), kept apart from Material's own,
    with the buttons of its full-screen view, where a phone shows its text at a readable size."""
    buttons = "".join(
        f'<button type="button" class="playbook-diagram-{action}">{html_text(words[action])}</button>'
        for action in ("open", "smaller", "larger", "close")
    )
    return Markup(
        f'<div class="playbook-figure"><pre class="playbook-diagram">{html_text(text)}</pre>'
        f'<div class="playbook-diagram-tools">{buttons}</div></div>'
    )
