import pathlib
import sys

# the same file with LF, CRLF and CR line endings in turn: findings must point at the same lines and columns
path = pathlib.Path(sys.argv[1], "standards/scripts/cold-call.yml")
lines = (
    path.read_text(encoding="utf-8")
    .replace("next: offer\n  - id: offer", "next: offr\n  - id: offer", 1)
    .splitlines()
)
endings = ["\n", "\r\n", "\r"]
path.write_bytes("".join(line + endings[i % len(endings)] for i, line in enumerate(lines)).encode())
