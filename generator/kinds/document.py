"""Documents: a Word template in templates/documents/ and the fields it is filled from.

`Document` is the one record of a document: the model's, which the checks, the site's downloads
and `playbook render` all take (the documents engine reads it as a `Declaration`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator import cache
from generator.diagnostics import Diagnostic, Severity, did_you_mean, error
from generator.documents.checks import check_documents
from generator.documents.document import CHECKLIST_TYPE, Field
from generator.documents.fields import VatRates, signatory_problems
from generator.documents.requisites import RUSSIA
from generator.kinds import sample
from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import Kind, Pages, Scope
from generator.project import DOCUMENT_TEMPLATES
from generator.source import SourceFile


@dataclass(frozen=True)
class Document(Entity):
    type: str = ""  # proposal, contract, invoice, act, checklist or other (the file's `kind`)
    template: str = ""  # a file name in templates/documents/
    description: str = ""
    stage: str = ""
    approvers: Texts = ()
    sample: str = ""  # the sample deal it is filled with on the site; "" for none
    samples: Texts = ()  # further sample deals it is filled with too
    fields: tuple[Field, ...] = ()
    tags: Texts = ()

    @property
    def items_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.type == "items")

    @property
    def every_sample(self) -> tuple[str, ...]:
        """The sample deals it is filled with, its own first."""
        return (self.sample, *self.samples) if self.sample else tuple(self.samples)

    @property
    def is_checklist_form(self) -> bool:
        return self.type == CHECKLIST_TYPE


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Document:
    fields = tuple(Field.from_yaml(name, spec) for name, spec in file.data["fields"].items())
    return from_file(Document, file, renamed={"kind": "type"}, fields=fields)


def check_template_present(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """Each document's template is a file in templates/documents/."""
    present = scope.source.templates
    for file in files:
        template = file.data["template"]
        if template not in present:
            yield error(
                file.path,
                file.position(["template"]),
                f"template '{template}' is not in {DOCUMENT_TEMPLATES}/{did_you_mean(template, present)}",
                "template-missing",
            )


def check_date_rules(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """A date field's ``not_before`` and ``after`` name a date field of the same document."""
    for file in files:
        fields = file.data["fields"]
        for name, spec in fields.items():
            for rule in ("not_before", "after"):
                other = spec.get(rule)
                if other is None:
                    continue
                if spec["type"] != "date":
                    problem = f"'{name}' is a {spec['type']} field: only a date field has a {rule} rule"
                elif other not in fields or fields[other]["type"] != "date":
                    dates = [n for n, f in fields.items() if f["type"] == "date" and n != name]
                    problem = f"'{other}' is not a date field of this document{did_you_mean(other, dates)}"
                else:
                    continue
                yield error(file.path, file.position(["fields", name, rule]), problem, "date-rule")


def check_seller_signatory(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """A Russian company's signatory's gender is given or told by the name, when documents exist
    to agree with it (the Russian words do; a company of another country has no such words)."""
    playbook = scope.playbook
    company = (playbook.data.get("company") or {}) if playbook and files else {}
    signatory = company.get("signatory")
    if playbook is None or not isinstance(signatory, Mapping) or company.get("country", RUSSIA) != RUSSIA:
        return
    for finding in signatory_problems(signatory):
        yield finding.at(playbook, "signatory-gender", within=("company", "signatory"))


def check_templates(files: Sequence[SourceFile], scope: Scope) -> list[Diagnostic]:
    """Each template is a readable .docx whose tags parse and name only what exists, and each
    document's sample deal satisfies its fields."""
    playbook = scope.playbook
    company = playbook.data.get("company") if playbook else None
    vat: dict[str | None, VatRates] | None = None  # by seller (None: the company), as render charges it
    if playbook and isinstance(company, Mapping):
        rates = VatRates.of(playbook.data.get("vat_rate"), playbook.data.get("vat_rates", ()))
        sellers = playbook.data.get("sellers") or {}
        vat = {None: rates.under(company.get("vat"))}
        vat.update({name: rates.under(seller.get("vat")) for name, seller in sellers.items()})
    samples = {f.id: f for f in scope.files(sample.KIND)}
    key = _inputs(files, scope.source.template_bytes, samples, vat, company)
    if key not in _CHECKED:
        if len(_CHECKED) >= _KEPT:
            del _CHECKED[next(iter(_CHECKED))]
        store = cache.kept("template-checks", ".json", _KEPT_ON_DISK)
        kept = _kept_findings(store, key)
        _CHECKED[key] = (
            kept if kept is not None else _findings(files, scope, samples, vat, company, store, key)
        )
    return list(_CHECKED[key])


# Reading every .docx and checking every sample was half of `serve`'s regeneration after any save,
# and a third of every `check`: the findings of the same documents, templates, samples and sellers
# by the same code are the same, so they are kept in memory and in the user's cache
_CHECKED: dict[str, tuple[Diagnostic, ...]] = {}
_KEPT = 8
_KEPT_ON_DISK = 200


def _kept_findings(store: cache.Kept | None, key: str) -> tuple[Diagnostic, ...] | None:
    found = store.get(key) if store else None
    if found is None:
        return None
    try:
        return tuple(
            Diagnostic(d["path"], d["line"], d["column"], Severity(d["severity"]), d["message"], d["code"])
            for d in json.loads(found)
        )
    except (ValueError, KeyError, TypeError):  # a file of another form: made anew
        return None


def _findings(
    files: Sequence[SourceFile],
    scope: Scope,
    samples: Mapping[str, SourceFile],
    vat: dict[str | None, VatRates] | None,
    company: Any,
    store: cache.Kept | None,
    key: str,
) -> tuple[Diagnostic, ...]:
    documents = [(file, build(file, {})) for file in files]
    found = tuple(check_documents(documents, scope.source.template_bytes, samples, vat, company))
    if store:
        store.put(key, json.dumps([d.as_dict() for d in found], ensure_ascii=False).encode())
    return found


def _inputs(
    files: Sequence[SourceFile],
    templates: Mapping[str, bytes],
    samples: Mapping[str, SourceFile],
    vat: Mapping[str | None, VatRates] | None,
    company: Any,
) -> str:
    digest = hashlib.sha256(cache.code_identity().encode())
    for file in [*files, *samples.values()]:
        digest.update(f"{file.path}\0{file.text}\0".encode())
    for name in sorted(templates):
        digest.update(name.encode() + b"\0" + hashlib.sha256(templates[name]).digest())
    digest.update(repr(sorted((str(k), repr(v)) for k, v in (vat or {}).items())).encode())
    digest.update(json.dumps(company, sort_keys=True, default=str).encode())
    return digest.hexdigest()


KIND = Kind(
    name="document",
    noun="document",
    folder="documents",
    model=Document,
    build=build,
    checks=(check_template_present, check_date_rules, check_seller_signatory, check_templates),
    pages=Pages(page="document.md.j2", title="documents", index="documents.md.j2"),
)
