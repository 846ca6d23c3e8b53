"""Schema check: each file against its kind's JSON Schema, explained at the exact key or value."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, error
from generator.explain import explain
from generator.load import SourceFile
from generator.schemas import CompiledSchema

CODE = "schema"


def check_schema(file: SourceFile, schema: CompiledSchema) -> list[Diagnostic]:
    """Nothing for a valid file (the fast validator decides); else one diagnostic per problem."""
    if schema.fast.is_valid(file.data):
        return []
    found: set[Diagnostic] = set()
    for problem in schema.detailed.iter_errors(file.data):
        found.update(
            error(file.path, file.position(f.path, key=f.key), f.message, CODE) for f in explain(problem)
        )
    return sorted(found)
