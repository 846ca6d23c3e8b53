import pathlib
import sys

(pathlib.Path(sys.argv[1]) / "build").write_text("a file where build/ should be\n")
