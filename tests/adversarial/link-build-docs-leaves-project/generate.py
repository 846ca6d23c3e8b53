"""build/docs is a link out of the project, to a folder with a page of its own: nothing there is
deleted or replaced."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
(outside / "index.md").write_text("someone else's page\n")
(outside / "notes.md").write_text("someone else's notes\n")
(root / "build").mkdir()
os.symlink(outside, root / "build/docs")
