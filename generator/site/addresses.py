"""Where each entity's page is on the site: derived from its kind, the same for links, the
navigation, the downloads and the diagrams."""

from __future__ import annotations

from generator.kinds import PLAYBOOK, kind_of
from generator.kinds.entity import Entity
from generator.kinds.kind import Kind
from generator.kinds.playbook import Role

HOME = "index.md"
ROLES = "roles.md"
REVIEW_PAGE = "review.md"
TAGS = "tags.md"
CHANGES = "changes"


def page_of(entity: Entity) -> str:
    """The Markdown page of an entity (roles share one page, with an anchor each; the playbook's
    own file is the home page)."""
    if isinstance(entity, Role):
        return f"{ROLES}#{entity.id}"
    kind = kind_of(entity)
    if kind is PLAYBOOK:
        return HOME
    return f"{kind.folder}/{entity.id}.md"


def index_of(kind: Kind) -> str:
    """The page that lists a kind's entities."""
    return f"{kind.folder}/index.md"


def has_page(entity: Entity) -> bool:
    """Whether an entity has a page to link to (sample deals are shown only inside documents)."""
    kind = kind_of(entity)
    return kind is PLAYBOOK or kind.pages is not None
