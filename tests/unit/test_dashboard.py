"""The dashboard's part of a generation: an export playbook.yml names but that is not there, and
the charts as files among the site's."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.project import Project
from generator.site.generate import generate
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "site" / "fixture-ru"


def _copy(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    return target


def test_the_dashboard_and_its_charts_are_made_from_the_exports(tmp_path: Path) -> None:
    generation = generate(Project(_copy(tmp_path / "project")), today=date(2026, 4, 11))
    assert generation.site is not None
    assert "metrics/index.md" in generation.site.pages
    charts = {path: content for path, content in generation.site.files.items() if path.startswith("metrics/")}
    assert sorted(charts) == ["metrics/funnel-deal.svg", "metrics/losses.svg", "metrics/trend-win-rate.svg"]
    for content in charts.values():
        svg = content.decode("utf-8")
        assert (
            svg.startswith("<svg")
            and "<script" not in svg
            and "http" not in svg.replace("http://www.w3.org", "")
        )
    assert (
        "Первый звонок" in charts["metrics/funnel-deal.svg"].decode()
    )  # the stages, as text a printer keeps sharp


def test_an_export_that_is_not_there_is_a_warning_and_no_dashboard(tmp_path: Path) -> None:
    root = _copy(tmp_path / "project")
    (root / "exports" / "deals.csv").unlink()
    generation = generate(Project(root), today=date(2026, 4, 11))
    assert generation.site is not None  # the standards' site is built all the same
    assert "metrics/index.md" not in generation.site.pages
    assert "По данным CRM" not in generation.site.pages["kpis/win-rate.md"]
    found = [d for d in generation.diagnostics if d.code == "export"]
    assert [(d.path, d.line, d.severity.value, d.message) for d in found] == [
        (
            "standards/playbook.yml",
            found[0].line,
            "warning",
            "no export at exports/deals.csv: the site is built without its metrics dashboard",
        )
    ]
    text = (root / "standards" / "playbook.yml").read_text(encoding="utf-8").splitlines()
    assert text[found[0].line - 1].strip() == "deal: exports/deals.csv"
