import os
import pathlib
import sys

# a standards file whose name holds a line break
folder = pathlib.Path(sys.argv[1], "standards/stages")
(folder / os.fsdecode(b"two\nlines.yml")).write_bytes((folder / "closing.yml").read_bytes())
