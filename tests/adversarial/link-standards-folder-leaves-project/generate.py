"""standards/ itself is a link to a folder outside the project: reported, nothing read from it."""

import os
import pathlib
import shutil
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
shutil.move(root / "standards", outside)
os.symlink(outside, root / "standards")
