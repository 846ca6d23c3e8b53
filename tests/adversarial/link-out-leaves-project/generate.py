"""out/, where render writes by default, is a link out of the project: nothing is written there."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
os.symlink(outside, root / "out")
