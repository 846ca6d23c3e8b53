import os
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
(root / "templates/documents/contract.docx").unlink()
os.symlink("/etc/passwd", root / "templates/documents/contract.docx")
