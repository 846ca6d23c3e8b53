"""build/ is a link out of the project: the build stops before it writes a file there."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
os.symlink(outside, root / "build")
