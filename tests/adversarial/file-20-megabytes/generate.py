import pathlib
import sys

path = pathlib.Path(sys.argv[1], "standards/stages/first-call.yml")
line = "tips:\n" + "  - " + "очень длинный совет " * 50 + "\n"
path.write_text(line * (20_000_000 // len(line.encode())), encoding="utf-8")
