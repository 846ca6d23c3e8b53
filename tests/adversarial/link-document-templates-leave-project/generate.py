"""templates/documents/ is a link out of the project: no template is read from it."""

import os
import pathlib
import shutil
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
shutil.move(root / "templates/documents", outside)
os.symlink(outside, root / "templates/documents")
