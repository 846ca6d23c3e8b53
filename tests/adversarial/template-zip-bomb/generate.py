import pathlib
import sys
import zipfile

p = pathlib.Path(sys.argv[1], "templates/documents/contract.docx")
with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", b"<" + b" " * 400_000_000 + b"/>")
