"""The build lock is a link to a file outside the project: refused, the file left as it was."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
(outside / "lock").write_text("someone else's file\n")
(root / "build").mkdir()
os.symlink(outside / "lock", root / "build/.lock")
