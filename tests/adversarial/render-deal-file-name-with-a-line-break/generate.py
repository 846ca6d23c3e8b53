"""A deal file whose name holds a line break: every line render prints stays one line."""

import pathlib
import sys

root = pathlib.Path(sys.argv[1])
(root / "deals").mkdir()
(root / "deals" / "a\nb.yml").write_bytes((root / "deal.yml").read_bytes())
