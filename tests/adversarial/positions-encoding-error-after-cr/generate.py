import pathlib
import sys

# a Windows-1251 byte on line 3 of a file whose lines end in CR only
path = pathlib.Path(sys.argv[1], "standards/stages/closing.yml")
path.write_bytes(
    b"name: Closing\rsummary: Sign.\rgoal: \xcf\xee\xe4\xef\xe8\xf1\xe0\xed\rowner: seller\rexit_criteria:\r  - Signed.\r"
)
