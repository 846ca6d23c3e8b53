"""A folder of generated pages is a link to a folder of the project's own standards: the build
must replace the link, never write its pages into standards/."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
(root / "build/docs").mkdir(parents=True)
os.symlink("../../standards/stages", root / "build/docs/stages")
