"""A section folder in build/docs links out of the project: no page is written through it."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
(outside / "old.md").write_text("someone else's page\n")
(root / "build/docs").mkdir(parents=True)
os.symlink(outside, root / "build/docs/stages")
