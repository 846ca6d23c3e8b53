import pathlib
import random
import sys

random.seed(6)
pathlib.Path(sys.argv[1], "standards/stages/first-call.yml").write_bytes(
    bytes(random.randrange(256) for _ in range(4096))
)
