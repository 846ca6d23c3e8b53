import os
import pathlib
import sys

# a standards file whose name is not UTF-8 (Windows-1251 bytes)
folder = pathlib.Path(sys.argv[1], "standards/stages")
(folder / os.fsdecode("\xc7\xe0\xea\xf0\xfb\xf2\xe8\xe5.yml".encode("latin-1"))).write_bytes(
    (folder / "closing.yml").read_bytes()
)
