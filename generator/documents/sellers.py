"""Who issues a deal's documents: the company of playbook.yml, or one of its other `sellers` (a
service company on УСН beside the trading one, say) that the deal names with ``seller: <id>``."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import did_you_mean
from generator.documents.context import Seller
from generator.explain import Finding

SELLER = "seller"  # the deal's key that names its seller


def named(deal: Any) -> str | None:
    """The seller a deal's data names, if any."""
    name = deal.get(SELLER) if isinstance(deal, Mapping) else None
    return name if isinstance(name, str) else None


@dataclass(frozen=True)
class Sellers:
    company: Seller
    others: Mapping[str, Seller] = field(default_factory=dict)  # playbook.yml's sellers, by id

    def of(self, name: str | None) -> Seller:
        """The seller of that name (one of :meth:`problem`'s checked names); the company for None."""
        return self.company if name is None else self.others[name]

    def problem(self, deal: Any) -> Finding | None:
        """What is wrong with the seller a deal names, if anything."""
        return problem(deal, self.others)


def problem(deal: Any, known: Collection[str]) -> Finding | None:
    """What is wrong with the seller a deal names: not a string, or not one of the ``known`` names."""
    if not isinstance(deal, Mapping) or SELLER not in deal:
        return None
    name = deal[SELLER]
    if isinstance(name, str) and name in known:
        return None
    sellers = ", ".join(known) or "none (playbook.yml has no sellers)"
    return Finding(
        (SELLER,),
        f"{SELLER}: {name!r} is not one of playbook.yml's sellers{did_you_mean(str(name), known)}; sellers: {sellers}",
    )
