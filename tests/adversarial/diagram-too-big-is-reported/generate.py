"""A script of 1,100 steps with three answers each: past the 3,000 arrows the site's diagrams draw."""

import sys
from pathlib import Path

steps = 1100
lines = [
    "name: Long call",
    "owner: seller",
    "stage: first-call",
    "goal: A meeting.",
    "channel: phone",
    "steps:",
]
for i in range(steps - 1):
    answers = ", ".join(f"{{answer: A{j}, next: s{min(i + 1 + j, steps - 1)}}}" for j in range(3))
    lines.append(f"  - {{id: s{i}, say: Step {i}., options: [{answers}]}}")
lines.append(f"  - {{id: s{steps - 1}, say: The end., outcome: Done}}")
Path(sys.argv[1], "standards/scripts/long-call.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
