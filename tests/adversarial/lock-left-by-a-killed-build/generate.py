"""A lock file left by a build that was killed (it names a process that is gone): the lock is
free, and the next build runs."""

import pathlib
import sys

root = pathlib.Path(sys.argv[1])
(root / "build").mkdir()
(root / "build/.lock").write_text("999999")
