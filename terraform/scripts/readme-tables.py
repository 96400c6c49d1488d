#!/usr/bin/env python3
"""Regenerate the Inputs / Outputs tables of each module README from its
variables.tf and outputs.tf (between the <!-- BEGIN_TF_DOCS --> markers).
Usage: readme-tables.py [--check] DIR..."""
import re
import sys
from pathlib import Path

BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def blocks(text, kind):
    for m in re.finditer(rf'^{kind} "([^"]+)" {{\n(.*?)^}}', text, re.S | re.M):
        name, body = m.group(1), m.group(2)
        d = re.search(r'description\s*=\s*"((?:[^"\\]|\\.)*)"', body)
        if not d:
            d = re.search(r"description\s*=\s*<<-EOT\n(.*?)\n\s*EOT", body, re.S)
        desc = " ".join(d.group(1).split()) if d else ""
        desc = desc.replace('\\"', '"').replace("|", "\\|")
        t = re.search(r"^  type\s*=\s*(\S+)", body, re.M)
        typ = re.sub(r"\($|\(\{$", "", t.group(1)) if t else ""
        required = kind == "variable" and not re.search(r"^  default\s*=", body, re.M)
        yield name, desc, typ, required


def table(directory):
    out = ["## Inputs", "", "| name | type | required | description |", "|---|---|---|---|"]
    for name, desc, typ, req in blocks((directory / "variables.tf").read_text(), "variable"):
        out.append(f"| `{name}` | `{typ}` | {'yes' if req else 'no'} | {desc} |")
    out += ["", "## Outputs", "", "| name | description |", "|---|---|"]
    for name, desc, _, _ in blocks((directory / "outputs.tf").read_text(), "output"):
        out.append(f"| `{name}` | {desc} |")
    return "\n".join(out)


def main(argv):
    check = "--check" in argv
    stale = []
    for d in [Path(a) for a in argv if a != "--check"]:
        readme = d / "README.md"
        text = readme.read_text()
        new = re.sub(rf"{BEGIN}.*{END}", f"{BEGIN}\n{table(d)}\n{END}", text, flags=re.S)
        if new != text:
            stale.append(str(readme))
            if not check:
                readme.write_text(new)
    if check and stale:
        print("stale README tables (run terraform/scripts/readme-tables.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
