#!/usr/bin/env python3
"""Fail when a variable declared again in a layout (or in `stack`) drifts
from the declaration of the module it is passed to: same name, so the same
type (with its optional() defaults), default and validation blocks.

Layouts re-declare the variables of `modules/stack`, and `stack` those of
`modules/pipeline`; the copies had already drifted apart. A copy that must
differ says why on a line inside its block: `# drift: <reason>` for the
whole variable, `# drift(<attribute>): <reason>` for one object attribute.

Also checks the Terraform validations that mirror a Rust list against that
list (the regions table in crates/qscan-contracts/src/regions.rs).

Usage: variables-drift.py [--self-test]; exit 1 with every drift listed.
`--self-test` first proves on a copy of the tree that a changed default,
attribute or validation in a layout is reported."""
import re
import sys
from pathlib import Path

import shutil
import tempfile

ROOT = Path(__file__).resolve().parents[2]


def use_root(root):
    """Points the checks at a repository root (the real one, or a copy)."""
    global ROOT, TF, PAIRS
    ROOT, TF = root, root / "terraform"
    # Each file whose variables are compared with the module it passes them to.
    PAIRS = [(TF / "modules/stack", TF / "modules/pipeline")] + [
        (layout, TF / "modules/stack") for layout in sorted((TF / "layouts").iterdir()) if layout.is_dir()
    ]


use_root(ROOT)


def balanced(text, start):
    """The text from `start` (an opening bracket) to its matching close."""
    depth, i, quote = 0, start, False
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == '"':
                quote = False
        elif c == '"':
            quote = True
        elif c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
        i += 1
    raise ValueError(f"unbalanced bracket at {start}")


def expression(body, key):
    """The value of `key = …` at the top level of a block body."""
    m = re.search(rf"^  {key}\s*=\s*", body, re.M)
    if not m:
        return None
    rest = body[m.end() :]
    opener = re.match(r"[\w.]*\s*[({\[]", rest)
    if opener:
        value = rest[: opener.end() - 1] + balanced(rest, opener.end() - 1)
    else:
        value = rest.split("\n", 1)[0]
    return normalise(value)


def normalise(text):
    text = re.sub(r"#[^\n]*", "", text)
    return " ".join(text.split())


def variables(directory):
    text = (directory / "variables.tf").read_text()
    found = {}
    for m in re.finditer(r'^variable "([^"]+)" \{', text, re.M):
        body = balanced(text, m.end() - 1)
        validations = []
        for v in re.finditer(r"^  validation \{", body, re.M):
            validations.append(normalise(balanced(body, v.end() - 1)))
        drift = re.search(r"# drift: (.+)", body)
        found[m.group(1)] = {
            "type": expression(body, "type"),
            "default": expression(body, "default"),
            "validation": sorted(validations),
            "drift": drift.group(1) if drift else None,
            # `# drift(attribute): reason` excuses one attribute only.
            "drift_attributes": set(re.findall(r"# drift\((\w+)\): \S", body)),
        }
    return found


def attributes(object_type):
    """`name -> declaration` of an object({ … }) type, else None."""
    if not object_type or not object_type.startswith("object({"):
        return None
    return _split_attributes(object_type[len("object({") : -len("})")].strip())


def _depth(text):
    return sum(text.count(c) for c in "({[") - sum(text.count(c) for c in ")}]")


def _split_attributes(inner):
    """Splits `a = x b = optional(y, 1) c = z` at top-level attribute names."""
    names = list(re.finditer(r"(?:^| )(\w+) = ", inner))
    pairs, starts = {}, []
    for m in names:
        if _depth(inner[: m.start()]) == 0:
            starts.append(m)
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(inner)
        pairs[m.group(1)] = inner[m.end() : end].strip()
    return pairs


def compare(name, copy, module, where):
    """Drift of one copy against the module's declaration."""
    problems = []
    copy_attrs, module_attrs = attributes(copy["type"]), attributes(module["type"])
    if copy_attrs is not None and module_attrs is not None:
        for attr, declaration in copy_attrs.items():
            if attr in copy["drift_attributes"]:
                continue
            if attr not in module_attrs:
                problems.append(f"{where}: {name}.{attr} is not an attribute of the module's {name}")
            elif declaration != module_attrs[attr]:
                problems.append(
                    f"{where}: {name}.{attr} is `{declaration}`, the module's is `{module_attrs[attr]}`"
                )
    elif copy["type"] != module["type"]:
        problems.append(f"{where}: {name} type `{copy['type']}`, the module's is `{module['type']}`")
    if copy["default"] is not None and module["default"] is not None and copy["default"] != module["default"]:
        problems.append(f"{where}: {name} default `{copy['default']}`, the module's is `{module['default']}`")
    for validation in copy["validation"]:
        if validation not in module["validation"]:
            problems.append(f"{where}: {name} has a validation the module lacks or words differently: {validation}")
    return problems


def drifts():
    problems = []
    for copy_dir, module_dir in PAIRS:
        copies = variables(copy_dir)
        # What a layout passes to `stack` reaches `pipeline` too: either may
        # hold the declaration a copy must agree with.
        chain = [variables(module_dir)]
        if module_dir.name == "stack":
            chain.append(variables(TF / "modules/pipeline"))
        for name, copy in copies.items():
            modules = [m[name] for m in chain if name in m]
            if not modules or copy["drift"]:
                continue
            merged = dict(modules[0])
            merged["validation"] = sorted(v for m in modules for v in m["validation"])
            where = f"{copy_dir.relative_to(ROOT)}/variables.tf"
            problems += compare(name, copy, merged, where)
    return problems


def region_mirror():
    """Every region of the Rust table passes the Terraform region validation."""
    rust = (ROOT / "crates/qscan-contracts/src/regions.rs").read_text()
    regions = re.findall(r'r\("([a-z0-9-]+)", "[a-z-]+"\)', rust)
    if len(regions) < 30:
        return [f"found only {len(regions)} regions in regions.rs: has its shape changed?"]
    text = (TF / "modules/pipeline/variables.tf").read_text()
    m = re.search(r'for r in var\.regions : can\(regex\("((?:[^"\\]|\\.)*)", r\)\)', text)
    if not m:
        return ["modules/pipeline/variables.tf: the `regions` validation regex was not found"]
    pattern = re.compile(m.group(1).encode().decode("unicode_escape"))
    return [
        f"modules/pipeline/variables.tf: region {r!r} (regions.rs) fails the `regions` validation {pattern.pattern!r}"
        for r in regions
        if not pattern.fullmatch(r)
    ]


def self_test():
    """Each kind of drift, made on a copy, must be reported."""
    real = ROOT
    mutations = [
        ("optional(number, 2048)", "optional(number, 4096)", "memory_size"),
        ("regions must be AWS region names", "regions must be region names", "validation"),
    ]
    failures = []
    for old, new, expect in mutations:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp)
            shutil.copytree(real / "terraform", copy / "terraform", ignore=shutil.ignore_patterns(".terraform*", ".venv*"))
            (copy / "crates/qscan-contracts/src").mkdir(parents=True)
            shutil.copy(real / "crates/qscan-contracts/src/regions.rs", copy / "crates/qscan-contracts/src/regions.rs")
            layout = copy / "terraform/layouts/per-account/variables.tf"
            text = layout.read_text()
            if old not in text:
                failures.append(f"self-test: {old!r} not in {layout.name}")
                continue
            layout.write_text(text.replace(old, new, 1))
            use_root(copy)
            found = drifts()
            use_root(real)
            if not any(expect in p for p in found):
                failures.append(f"self-test: changing {old!r} to {new!r} in a layout was not reported")
    return failures


def main():
    problems = self_test() if "--self-test" in sys.argv else []
    problems += drifts() + region_mirror()
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"ok    {len(PAIRS)} variable files agree with their modules; the regions validation admits every known region")
    return 0


if __name__ == "__main__":
    sys.exit(main())
