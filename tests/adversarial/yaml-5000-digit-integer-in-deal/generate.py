import pathlib
import sys

# an integer of 5,000 digits: past Python's int-str conversion limit (4,300)
path = pathlib.Path(sys.argv[1], "deal.yml")
text = path.read_text(encoding="utf-8")
path.write_text(text.replace("  quantity: 12", "  quantity: " + "9" * 5000, 1), encoding="utf-8")
