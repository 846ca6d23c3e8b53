"""site/ is a link out of the project: refused, and the folder it points to is left alone."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
(outside / "index.html").write_text("someone else's site\n")
os.symlink(outside, root / "site")
