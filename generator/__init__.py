"""Playbook: sales standards as code.

The package is a pipeline, a folder per step: `load` reads a tree of standards into a source of
values with positions, `validate` turns it into diagnostics, `model` makes the typed playbook —
together `pipeline.read_standards` — and `site`, `documents` and `changes` make what the commands
publish. `kinds` declares each kind of standard once; `cli` only parses arguments.
"""

__version__ = "0.1.0"
