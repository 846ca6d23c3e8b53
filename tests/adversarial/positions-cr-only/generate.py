import pathlib
import sys

# the same file with CR-only line endings (classic Mac): findings must point at the same lines and columns
path = pathlib.Path(sys.argv[1], "standards/scripts/cold-call.yml")
lines = (
    path.read_text(encoding="utf-8")
    .replace("next: offer\n  - id: offer", "next: offr\n  - id: offer", 1)
    .splitlines()
)
endings = ["\r"]
path.write_bytes("".join(line + endings[i % len(endings)] for i, line in enumerate(lines)).encode())
