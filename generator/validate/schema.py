"""Schema check: each file against its kind's JSON Schema, explained at the exact key or value."""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.explain import explain
from generator.schemas import CompiledSchema
from generator.source import SourceFile

CODE = "schema"


def check_schema(file: SourceFile, schema: CompiledSchema) -> list[Diagnostic]:
    """Nothing for a valid file (the fast validator decides); else one diagnostic per problem."""
    if schema.fast.is_valid(file.data):
        return []
    found = {
        finding.at(file, CODE)
        for problem in schema.detailed.iter_errors(file.data)
        for finding in explain(problem)
    }
    return sorted(found)
