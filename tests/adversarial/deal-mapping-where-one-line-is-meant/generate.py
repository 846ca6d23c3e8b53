"""A one-line field holding a mapping (written in braces): one finding, the type, not also
a complaint about characters a mapping cannot have."""

import pathlib
import sys

deal = pathlib.Path(sys.argv[1], "deal.yml")
text = deal.read_text(encoding="utf-8")
deal.write_text(
    text.replace("  name: ООО «Рога & Копыта» <Юг>", "  name: {short: ООО Рога и Копыта}", 1),
    encoding="utf-8",
)
