"""mkdocs.yml is a link to a file outside the project: it is reported, not read."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
(outside / "mkdocs.yml").write_text("theme: {name: material}\nextra: {secret: not for the site}\n")
os.symlink(outside / "mkdocs.yml", root / "mkdocs.yml")
