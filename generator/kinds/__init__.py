"""The registry of the kinds of standards: each is declared once, in its own module here, and
everything else — what `load` reads, what `validate` checks, the model, the site's sections,
`new`'s choices, `diff`'s names, the review intervals — is derived from this list.

To add a kind, see README, "Adding a kind of standard".
"""

from __future__ import annotations

from generator.kinds import (
    certification,
    checklist,
    course,
    crm,
    document,
    kpi,
    objection,
    person,
    playbook,
    quiz,
    sample,
    script,
    stage,
)
from generator.kinds.entity import Entity
from generator.kinds.kind import Kind

# In the order the site's sections, `diff`'s report and the roles page list them.
KINDS: tuple[Kind, ...] = (
    playbook.KIND,
    stage.KIND,
    script.KIND,
    objection.KIND,
    kpi.KIND,
    crm.KIND,
    checklist.KIND,
    document.KIND,
    sample.KIND,
    course.KIND,
    quiz.KIND,
    certification.KIND,
    person.KIND,
)

PLAYBOOK = playbook.KIND  # standards/playbook.yml, the one file of its kind
BY_NAME = {kind.name: kind for kind in KINDS}
BY_FOLDER = {kind.folder: kind for kind in KINDS if kind.folder}
WITH_FILES = tuple(kind for kind in KINDS if kind.folder)  # the kinds with a folder of entities
_BY_MODEL = {kind.model: kind for kind in WITH_FILES}


def kind_of(entity: Entity) -> Kind:
    """The kind of an entity; what comes from playbook.yml itself (the playbook, its roles and
    pipelines) is of the playbook's kind."""
    return _BY_MODEL.get(type(entity), PLAYBOOK)
