"""playbook.yml: the playbook's title and language, the company, its roles and its pipelines."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import list_currencies

from generator.diagnostics import Diagnostic, did_you_mean, error
from generator.documents import requisites
from generator.documents.fields import foreign_problems
from generator.kinds.entity import Entity, Texts
from generator.kinds.kind import Kind, Scope
from generator.source import ANY, SourceFile

PIPELINE_STAGES = ("pipelines", ANY, "stages", ANY)  # where playbook.yml lists each pipeline's stages


@dataclass(frozen=True)
class Role(Entity):
    description: str = ""
    team: str = ""  # the git team (@org/team) that approves what the role owns


@dataclass(frozen=True)
class Pipeline(Entity):
    description: str = ""
    stages: Texts = ()

    def neighbours(self, stage: str) -> tuple[str | None, str | None]:
        """The stages before and after ``stage`` in this pipeline (None at either end)."""
        position = self.stages.index(stage)
        before = self.stages[position - 1] if position > 0 else None
        after = self.stages[position + 1] if position + 1 < len(self.stages) else None
        return before, after


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Entity:
    """playbook.yml itself, which has an owner and a review date like every other file."""
    data = file.data
    reviewed = date.fromisoformat(data["reviewed"]) if "reviewed" in data else None
    return Entity("playbook", data["title"], file.path, data.get("owner", ""), reviewed)


def roles(file: SourceFile) -> dict[str, Role]:
    return {
        rid: Role(rid, r["name"], file.path, description=r.get("description", ""), team=r.get("team", ""))
        for rid, r in file.data["roles"].items()
    }


def pipelines(file: SourceFile) -> dict[str, Pipeline]:
    return {
        pid: Pipeline(
            pid, p["name"], file.path, description=p.get("description", ""), stages=tuple(p["stages"])
        )
        for pid, p in file.data["pipelines"].items()
    }


def check_money_and_locale(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """The currency is one of ISO 4217's and the locale one Babel knows, of the playbook's language."""
    for file in files:
        currency = file.data["currency"]
        if currency not in list_currencies():
            yield error(
                file.path,
                file.position(["currency"]),
                f"currency: '{currency}' is not an ISO 4217 currency code{_currency_hint(currency)}",
                "schema",
            )
        locale, language = file.data.get("locale"), file.data["language"]
        if locale is None:
            continue
        try:
            known = Locale.parse(locale).language
        except (UnknownLocaleError, ValueError):
            known = None
        if known != language:
            problem = "is not a locale Babel knows" if known is None else f"is not of the language {language}"
            yield error(
                file.path,
                file.position(["locale"]),
                f"locale: '{locale}' {problem}, e.g. {language}_GB",
                "schema",
            )


def _currency_hint(code: str) -> str:
    """The code meant: one of the same letters in another order (GPB: GBP), else the closest."""
    known = sorted(list_currencies())
    return did_you_mean(code, [c for c in known if sorted(c) == sorted(code)] or known)


def check_company_requisites(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """The company's requisites, when it is outside Russia: its country, company and VAT numbers,
    IBAN, BIC, sort code and account number, as a buyer's are checked."""
    for file in files:
        company = file.data["company"]
        country = company.get("country", requisites.RUSSIA)
        wrong = requisites.country(country)
        if wrong:
            yield error(
                file.path, file.position(["company", "country"]), f"company.country: {wrong}", "schema"
            )
        elif country != requisites.RUSSIA:
            for finding in foreign_problems(company, country):
                yield finding.at(file, "schema", within=("company",))


KIND = Kind(
    name="playbook",
    noun="playbook",
    folder=None,
    model=Entity,
    build=build,
    checks=(check_money_and_locale, check_company_requisites),
)
