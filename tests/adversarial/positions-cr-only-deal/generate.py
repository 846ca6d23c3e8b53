import pathlib
import sys

# the same file with CR-only line endings, in a deal with an octal quantity: findings must point at the same lines and columns
path = pathlib.Path(sys.argv[1], "deal.yml")
lines = path.read_text(encoding="utf-8").replace("  quantity: 12", "  quantity: 012", 1).splitlines()
endings = ["\r"]
path.write_bytes("".join(line + endings[i % len(endings)] for i, line in enumerate(lines)).encode())
