"""`playbook render` run as a user runs it: the installed command, in a subprocess."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

from tests import docx_factory
from tests.conftest import DEAL, write_yaml
from tests.e2e.conftest import playbook

NBSP = "\u00a0"


def test_a_deal_renders_into_a_document(documents_project: Path) -> None:
    write_yaml(documents_project / "deal.yml", DEAL)
    result = playbook("render", "contract", "--data", "deal.yml", "--out", "out", cwd=documents_project)
    assert (result.returncode, result.stdout) == (0, "out/deal-contract.docx\n")
    assert result.stderr == "1 file written to out\n"
    text = docx_factory.text_of((documents_project / "out/deal-contract.docx").read_bytes())
    assert f"Всего к оплате: 408{NBSP}919,35{NBSP}₽" in text
    assert "ООО «Рога & Копыта» <Юг>" in text


def test_invalid_data_lists_every_problem_at_its_place_and_writes_nothing(documents_project: Path) -> None:
    deal = copy.deepcopy(DEAL)
    deal["buyer"]["inn"] = "7707083894"  # type: ignore[index]
    deal["items"][1]["price"] = 1149.905  # type: ignore[index]
    del deal["number"]
    write_yaml(documents_project / "deal.yml", deal)
    result = playbook("render", "contract", "--data", "deal.yml", cwd=documents_project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "deal.yml:1:1: error: missing required key 'number' [deal-data]",
        "deal.yml:6:8: error: buyer.inn: checksum does not match [deal-data]",
        "deal.yml:30:10: error: items[1].price: 1149.905 has more than two decimal places (kopecks) [deal-data]",
        "0 files written to out; 3 errors in 1 of 1 deal",
    ]
    assert not (documents_project / "out").exists() or not any((documents_project / "out").iterdir())


def test_json_gives_what_check_gives_and_what_was_written(documents_project: Path) -> None:
    deals = documents_project / "deals"
    write_yaml(deals / "good.yml", DEAL)
    write_yaml(deals / "bad.yml", {**DEAL, "date": "2026-02-30"})
    result = playbook("render", "contract", "--data", "deals", "--format", "json", cwd=documents_project)
    assert (result.returncode, result.stderr) == (1, "")
    assert json.loads(result.stdout) == {
        "diagnostics": [
            {
                "path": "deals/bad.yml",
                "line": 2,
                "column": 7,
                "severity": "error",
                "code": "deal-data",
                "message": "date: 2026-02-30 is not a real date",
            }
        ],
        "summary": {
            "written": ["out/good-contract.docx"],
            "out": "out",
            "deals": 2,
            "errors": 1,
            "failed_deals": 1,
            "standards_failed": False,
        },
    }


def test_standards_with_errors_make_no_documents(documents_project: Path) -> None:
    stage = documents_project / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("owner: seller", "owner: sellr"))
    result = playbook("render", "--samples", cwd=documents_project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "standards/stages/closing.yml:4:8: error: unknown role 'sellr' (did you mean 'seller'?) [ref]",
        "fix the standards first (playbook check shows every problem)",
    ]
    assert not (documents_project / "out").exists()
    as_json = playbook("render", "--samples", "--format", "json", cwd=documents_project)
    report = json.loads(as_json.stdout)
    assert (as_json.returncode, report["summary"]["standards_failed"]) == (1, True)
    assert [d["code"] for d in report["diagnostics"]] == ["ref"]


def test_what_the_user_got_wrong_is_one_line_and_exit_2(documents_project: Path) -> None:
    write_yaml(documents_project / "deal.yml", DEAL)
    cases = [
        (("render", "contract", "--data", "nope.yml"), "playbook: error: no such file or folder: nope.yml\n"),
        (
            ("render", "contrat", "--data", "deal.yml"),
            "playbook: error: no document 'contrat' (did you mean 'contract'?); documents: contract\n",
        ),
    ]
    for args, message in cases:
        result = playbook(*args, cwd=documents_project)
        assert (result.returncode, result.stderr) == (2, message)


def test_an_existing_file_is_replaced_only_with_force(documents_project: Path) -> None:
    write_yaml(documents_project / "deal.yml", DEAL)
    (documents_project / "out").mkdir()
    existing = documents_project / "out/deal-contract.docx"
    existing.write_bytes(b"signed by hand")
    result = playbook("render", "contract", "--data", "deal.yml", cwd=documents_project)
    assert (result.returncode, result.stderr) == (
        2,
        "playbook: error: out/deal-contract.docx already exists: use --force to replace them\n",
    )
    assert existing.read_bytes() == b"signed by hand"
    assert (
        playbook("render", "contract", "--data", "deal.yml", "--force", cwd=documents_project).returncode == 0
    )
    assert existing.read_bytes().startswith(b"PK")


def test_a_folder_of_deals_renders_over_processes_and_reports_the_failures(documents_project: Path) -> None:
    deals = documents_project / "deals"
    for n in range(6):
        write_yaml(deals / f"deal-{n}.yml", {**DEAL, "number": f"П-2026/{n}"})
    broken = copy.deepcopy(DEAL)
    broken["date"] = "2026-02-30"
    write_yaml(deals / "broken.yml", broken)
    parallel = playbook(
        "render", "contract", "--data", "deals", "--out", "a", "--jobs", "2", cwd=documents_project
    )
    assert parallel.returncode == 1
    assert sorted(parallel.stdout.split()) == [f"a/deal-{n}-contract.docx" for n in range(6)]
    assert parallel.stderr.splitlines() == [
        "deals/broken.yml:2:7: error: date: 2026-02-30 is not a real date [deal-data]",
        "6 files written to a; 1 error in 1 of 7 deals",
    ]
    sequential = playbook(
        "render", "contract", "--data", "deals", "--out", "b", "--jobs", "1", cwd=documents_project
    )
    assert sequential.returncode == 1
    for n in range(6):  # deterministic: the same data gives the same bytes, however rendered
        name = f"deal-{n}-contract.docx"
        assert (documents_project / "a" / name).read_bytes() == (documents_project / "b" / name).read_bytes()
    text = docx_factory.text_of((documents_project / "a/deal-3-contract.docx").read_bytes())
    assert "Договор поставки № П-2026/3" in text


def test_samples_fill_each_document_with_its_own_deal(documents_project: Path) -> None:
    result = playbook("render", "--samples", "--out", "out", cwd=documents_project)
    assert (result.returncode, result.stdout) == (0, "out/deal-contract.docx\n")


def test_a_sample_file_works_as_deal_data(documents_project: Path) -> None:
    result = playbook("render", "contract", "--data", "standards/samples/deal.yml", cwd=documents_project)
    assert (result.returncode, result.stdout) == (0, "out/deal-contract.docx\n")


def test_an_unsafe_template_is_stopped_and_nothing_written(documents_project: Path) -> None:
    spec = docx_factory.Spec(paragraphs=["{{ number }} {{ buyer.name }} {{ ''.__class__.__mro__ }}"])
    (documents_project / "templates/documents/contract.docx").write_bytes(docx_factory.build(spec))
    result = playbook("render", "--samples", cwd=documents_project)
    assert result.returncode == 1
    # refused by the template check before anything renders (the sandbox would stop it too)
    assert result.stderr.splitlines()[0] == (
        "templates/documents/contract.docx:1:1: error: body, paragraph «{{ number }} {{ buyer.name }} "
        "{{ ''.__class__.__mro__ }}»: '.__class__' is not allowed: it reaches beyond the data [template-name]"
    )
    assert not (documents_project / "out").exists() or not any((documents_project / "out").iterdir())


def test_a_broken_template_is_refused_with_what_check_says(documents_project: Path) -> None:
    spec = docx_factory.Spec(paragraphs=["{{ number }", "{{ buyer.name }}"])
    (documents_project / "templates/documents/contract.docx").write_bytes(docx_factory.build(spec))
    result = playbook("render", "--samples", cwd=documents_project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "fix the standards first (playbook check shows every problem)"
    assert "{{ number }{{ buyer.name }} does not parse: unexpected '}' [template-syntax]" in result.stderr


def test_a_template_using_every_field_helper_and_filter_checks_clean(documents_project: Path) -> None:
    result = playbook("check", "--strict", cwd=documents_project)
    assert (result.returncode, result.stdout) == (0, "11 files checked: no problems found\n")


def test_a_conversion_that_writes_no_pdf_is_a_failure_even_when_it_exits_0(
    documents_project: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "soffice").write_text("#!/bin/sh\nexit 0\n")
    (fake / "soffice").chmod(0o755)
    result = playbook(
        "render",
        "--samples",
        "--pdf",
        cwd=documents_project,
        env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"},
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "out/deal-contract.pdf:1:1: error: LibreOffice wrote no PDF (exit code 0) [pdf]",
        "1 file written to out; 1 error in 1 of 1 deal",
    ]
    assert not (documents_project / "out/deal-contract.pdf").exists()


def test_pdf_without_libreoffice_says_how_to_get_it(documents_project: Path, tmp_path: Path) -> None:
    result = playbook(
        "render", "--samples", "--pdf", cwd=documents_project, env={**os.environ, "PATH": str(tmp_path)}
    )
    assert (result.returncode, result.stderr) == (
        2,
        "playbook: error: --pdf needs LibreOffice, and neither soffice nor libreoffice is on the PATH "
        "(Debian: apt-get install libreoffice-writer-nogui)\n",
    )


def test_a_checklist_form_is_filled_with_each_checklist(documents_project: Path) -> None:
    write_yaml(
        documents_project / "standards/documents/checklist.yml",
        {
            "name": "Чек-лист",
            "kind": "checklist",
            "template": "checklist.docx",
            "owner": "seller",
            "fields": docx_factory.CHECKLIST_FORM_FIELDS,
        },
    )
    template = docx_factory.build(docx_factory.CHECKLIST_FORM)
    (documents_project / "templates/documents/checklist.docx").write_bytes(template)
    assert playbook("check", "--strict", cwd=documents_project).returncode == 0
    blank = playbook("render", "checklist", "--samples", cwd=documents_project)  # no sample: a blank form
    assert (blank.returncode, blank.stdout) == (0, "out/blank-checklist-closing.docx\n")
    text = docx_factory.text_of((documents_project / "out/blank-checklist-closing.docx").read_bytes())
    assert "Before closing" in text and "The price is agreed." in text
    write_yaml(documents_project / "deal.yml", {"manager": {"name": "Орлова Екатерина Дмитриевна"}})
    chosen = playbook(
        "render", "checklist", "--data", "deal.yml", "--checklist", "closing", cwd=documents_project
    )
    assert (chosen.returncode, chosen.stdout) == (0, "out/deal-checklist-closing.docx\n")
    unknown = playbook(
        "render", "checklist", "--data", "deal.yml", "--checklist", "closng", cwd=documents_project
    )
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "playbook: error: no checklist 'closng' (did you mean 'closing'?)\n",
    )
