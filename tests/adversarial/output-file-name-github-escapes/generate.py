import os
import pathlib
import sys

# a standards file whose name holds a space, %, :, a comma and a line break
folder = pathlib.Path(sys.argv[1], "standards/stages")
(folder / os.fsdecode(b"50% off: now, then\nlater.yml")).write_bytes((folder / "closing.yml").read_bytes())
