"""The command line: parses arguments, calls the library, turns what the user did wrong into exit 2."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

import click

from generator import __version__

# the option lists of `analyze` and `render` come from their modules; every other command's
# module is imported when it runs, so that starting one loads no other's libraries (the site's
# charts, search and MkDocs were a fifth of starting `check`)
from generator.commands import analyze, init, render
from generator.diagnostics import CODES
from generator.errors import PlaybookError
from generator.kinds import WITH_FILES
from generator.project import Project, cannot_write
from generator.report.changes import CHANGE_REPORTERS
from generator.report.diagnostics import REPORTERS, one_line
from generator.site import ENGINES

_project = click.option(
    "-C",
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    callback=lambda context, parameter, root: Project(root),
    help="The project's root folder (the one holding standards/).",
)


_color = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the diagnostics (auto: on a terminal, unless NO_COLOR is set).",
)


_today = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date reviews are judged by, as YYYY-MM-DD (default: today), for reproducible output.",
)


class _Group(click.Group):
    """Reports a PlaybookError as one line and exit code 2, never as a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PlaybookError as exc:
            # a message of several lines (what MkDocs said) keeps its lines; nothing else can break one
            click.echo("playbook: error: " + "\n".join(map(one_line, str(exc).split("\n"))), err=True)
            ctx.exit(2)
        except OSError as exc:
            # inputs are read into diagnostics: what escapes naming a file is an output the file
            # system refused, from a writer that does not go through `write_file`
            if exc.filename is None:
                raise
            click.echo(f"playbook: error: {cannot_write(Path(os.fsdecode(exc.filename)), exc)}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def cli() -> None:
    """Sales standards as code: validate a company's standards and publish them."""


def _use_color(choice: str, stream: TextIO | None = None) -> bool:
    if choice != "auto":
        return choice == "always"
    return (stream or sys.stdout).isatty() and not os.environ.get("NO_COLOR")


@cli.command("check")
@_project
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations, gitlab for Code Quality.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--ignore",
    multiple=True,
    type=click.Choice(sorted(CODES)),
    metavar="CODE",
    help="Leave out the findings of this code (repeatable), e.g. review-overdue.",
)
@_today
@_color
def check_command(
    project: Project,
    output_format: str,
    strict: bool,
    ignore: tuple[str, ...],
    today: datetime | None,
    color: str,
) -> None:
    """Validate the standards: exit 0 clean, 1 findings, 2 could not run."""
    from generator.commands import check

    options = check.CheckOptions(
        project=project,
        format=output_format,
        strict=strict,
        color=_use_color(color),
        today=today.date() if today else None,
        ignore=frozenset(ignore),
    )
    sys.exit(check.execute(options))


@cli.command("new")
@_project
@click.argument("kind", type=click.Choice([kind.name for kind in WITH_FILES]))
@click.argument("entity_id", metavar="ID")
@click.option("--pipeline", help="For a stage: the pipeline to append it to (default: the first).")
def new_command(project: Project, kind: str, entity_id: str, pipeline: str | None) -> None:
    """Write a commented skeleton of a new KIND named ID that passes `playbook check`."""
    from generator.commands import new

    for line in new.execute(new.NewOptions(project=project, kind=kind, id=entity_id, pipeline=pipeline)):
        click.echo(line)


@cli.command("schemas")
@_project
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--vscode", is_flag=True, help="Also map each schema to its folder in .vscode/settings.json.")
def schemas_command(project: Project, out: Path, vscode: bool) -> None:
    """Export the JSON Schema of every kind, self-contained, into OUT."""
    from generator.commands import schemas

    for line in schemas.execute(schemas.SchemasOptions(out=out, project=project, vscode=vscode)):
        click.echo(line)


@cli.command("build")
@_project
@_today
@_color
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="mkdocs",
    show_default=True,
    help="What builds site/ from the generated pages: MkDocs, or Zensical (pip install 'playbook[zensical]').",
)
def build_command(project: Project, today: datetime | None, color: str, engine: str) -> None:
    """Validate, generate the pages, and build site/ (a failed build leaves site/ as it was)."""
    from generator.commands import build

    options = build.BuildOptions(
        project=project,
        color=_use_color(color, sys.stderr),
        today=today.date() if today else None,
        engine=engine,
    )
    sys.exit(build.execute(options))


@cli.command("serve")
@_project
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="IP:PORT",
    help="Where to serve; only this machine by default.",
)
@_color
def serve_command(project: Project, dev_addr: str, color: str) -> None:
    """Serve the site, regenerating it within a moment of saving any standards file."""
    from generator.commands import serve

    options = serve.ServeOptions(project=project, dev_addr=dev_addr, color=_use_color(color, sys.stderr))
    sys.exit(serve.execute(options))


@cli.command("diff")
@_project
@click.argument("old", metavar="REV")
@click.argument("new", metavar="[REV2]", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(CHANGE_REPORTERS)),
    default="text",
    show_default=True,
    help="text for people, json for tools, markdown for a merge request or release notes.",
)
def diff_command(project: Project, old: str, new: str | None, output_format: str) -> None:
    """What changed in the standards from git revision REV to REV2 (default: the working tree),
    entity by entity and field by field."""
    from generator.commands import diff

    sys.exit(diff.execute(diff.DiffOptions(project=project, old=old, new=new, format=output_format)))


@cli.command("owners")
@_project
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the file here (e.g. CODEOWNERS or .github/CODEOWNERS) instead of printing it.",
)
@_color
def owners_command(project: Project, out: Path | None, color: str) -> None:
    """CODEOWNERS from the owners of the standards and the teams of their roles."""
    from generator.commands import owners

    options = owners.OwnersOptions(project=project, out=out, color=_use_color(color, sys.stderr))
    code, text = owners.execute(options)
    click.echo(text, err=code != 0)
    sys.exit(code)


@cli.command("init")
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Write into a folder that is not empty (files of the same name are replaced).",
)
@click.option(
    "--language",
    type=click.Choice(init.LANGUAGES),
    default="ru",
    show_default=True,
    help="The standards' language: ru (a Russian company, roubles, a contract) or en (a UK company, "
    "pounds, an order form).",
)
def init_command(target: Path, force: bool, language: str) -> None:
    """Create a standards repository for a new company in DIR: valid and building on the first run."""
    for line in init.execute(init.InitOptions(target=target, force=force, language=language)):
        click.echo(line)


@cli.command("render")
@_project
@click.argument("document_ids", nargs=-1, metavar="[DOCUMENT]...")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="A deal's YAML file, or a folder of them (each deal gets its own files).",
)
@click.option("--samples", is_flag=True, help="Fill each document with its own sample deal instead.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write (default: the project's out/).",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF of each document (needs LibreOffice).")
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes to render with (default: one per core).")
@click.option(
    "--checklist",
    "checklist_ids",
    multiple=True,
    metavar="ID",
    help="For a checklist form: the checklist to fill it with (repeatable; default: every checklist).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(render.FORMATS),
    default="text",
    show_default=True,
    help="text for people (files written on standard output, findings on standard error), json for tools.",
)
@_color
def render_command(
    project: Project,
    document_ids: tuple[str, ...],
    data: Path | None,
    samples: bool,
    out: Path | None,
    pdf: bool,
    force: bool,
    jobs: int | None,
    checklist_ids: tuple[str, ...],
    output_format: str,
    color: str,
) -> None:
    """Fill DOCUMENTs (default: all) from deal data into .docx files: out/DEAL-DOCUMENT.docx.

    Invalid data is listed, field by field, and gets no file (exit 1)."""
    if (data is None) == (not samples):
        raise click.UsageError("give either --data FILE|DIR or --samples")
    options = render.RenderOptions(
        project=project,
        documents=document_ids,
        data=data,
        samples=samples,
        out=out,
        pdf=pdf,
        force=force,
        jobs=jobs,
        checklists=checklist_ids,
        format=output_format,
        color=_use_color(color, sys.stderr),
    )
    sys.exit(render.execute(options))


def _export(
    context: click.Context, parameter: click.Parameter, given: tuple[str, ...]
) -> tuple[tuple[str, Path], ...]:
    found = []
    for item in given:
        name, equals, path = item.partition("=")
        if not equals or not name or not path:
            raise click.BadParameter(f"{item!r}: write ENTITY=FILE, e.g. deal=exports/deals.csv")
        found.append((name, Path(path)))
    return tuple(found)


@cli.command("analyze")
@_project
@click.option(
    "--data",
    multiple=True,
    metavar="ENTITY=FILE",
    callback=_export,
    help="A CRM export (CSV, XLSX, Bitrix24's .xls) of an entity, e.g. deal=exports/deals.csv, or its "
    "stage history, deal_history=FILE (repeatable; default: analytics.data in playbook.yml).",
)
@click.option(
    "--period", help="2026-11, 2026-W48, 2026-Q4 or 2026 (default: the month of the latest record)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(analyze.FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for tools, markdown for a meeting.",
)
@_color
def analyze_command(
    project: Project, data: tuple[tuple[str, Path], ...], period: str | None, output_format: str, color: str
) -> None:
    """KPIs computed from the CRM's exports, the funnel, and the exports audited against the CRM
    rules: exit 0 clean, 1 error findings, 2 could not run."""
    options = analyze.AnalyzeOptions(
        project=project, data=data, period=period, format=output_format, color=_use_color(color)
    )
    sys.exit(analyze.execute(options))


def main() -> None:
    cli()
