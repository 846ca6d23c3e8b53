"""site/ is a link to a folder inside the project: refused too, since a build swaps site/ whole."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
(root / "public").mkdir()
(root / "public/index.html").write_text("the published site\n")
os.symlink("public", root / "site")
