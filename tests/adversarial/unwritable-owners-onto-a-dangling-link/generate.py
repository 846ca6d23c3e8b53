import os
import pathlib
import sys

os.symlink("missing/folder", pathlib.Path(sys.argv[1]) / "target")
