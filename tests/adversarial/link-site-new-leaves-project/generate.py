"""The folder MkDocs builds into (.site.new) is a link out of the project: the link is removed,
never followed, and the site is built inside the project."""

import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
outside = root.parent / "outside"
outside.mkdir()
(outside / "keep.txt").write_text("someone else's file\n")
os.symlink(outside, root / ".site.new")
