"""A kind folder is a link out of the project: reported at the folder, not skipped without a word."""

import os
import pathlib
import shutil
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
shutil.move(root / "standards/stages", outside / "stages")
os.symlink(outside / "stages", root / "standards/stages")
