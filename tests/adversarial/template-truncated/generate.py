import pathlib
import sys

p = pathlib.Path(sys.argv[1], "templates/documents/contract.docx")
p.write_bytes(p.read_bytes()[:2000])
