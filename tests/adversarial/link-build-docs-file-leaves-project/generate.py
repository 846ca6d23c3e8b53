"""A file in build/docs links to a file outside the project, which MkDocs would copy onto the site."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
(outside / "secret.txt").write_text("not for the site\n")
(root / "build/docs/assets").mkdir(parents=True)
os.symlink(outside / "secret.txt", root / "build/docs/assets/secret.txt")
