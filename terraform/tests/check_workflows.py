#!/usr/bin/env python3
"""Parse every GitHub workflow with yaml.safe_load and check the shapes the
project relies on (the workflows cannot run here; a typo must still fail a
test). Exit 1 with every problem listed."""
import pathlib
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - message for a bare machine
    sys.exit("PyYAML is required: python3 -m pip install pyyaml")

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORKFLOWS = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".github" / "workflows"
problems = []


def err(path, msg):
    problems.append(f"{path}: {msg}")


def triggers(doc):
    # YAML 1.1 reads the key `on` as the boolean True.
    return doc.get("on", doc.get(True))


def steps_of(doc):
    for job_id, job in (doc.get("jobs") or {}).items():
        for step in job.get("steps") or []:
            yield job_id, job, step


def check_common(path, doc):
    if not isinstance(doc, dict):
        err(path, "not a mapping")
        return
    for key in ("name", "jobs"):
        if key not in doc:
            err(path, f"missing top-level '{key}'")
    if triggers(doc) is None:
        err(path, "missing 'on'")
    perms = doc.get("permissions")
    if perms is None or perms == "write-all":
        err(path, "top-level permissions must be explicit and not write-all")
    for job_id, job in (doc.get("jobs") or {}).items():
        if "runs-on" not in job:
            err(path, f"job {job_id}: missing runs-on")
        if not job.get("steps"):
            err(path, f"job {job_id}: no steps")
        for needed in [job.get("needs")] if isinstance(job.get("needs"), str) else job.get("needs") or []:
            if needed not in doc["jobs"]:
                err(path, f"job {job_id}: needs unknown job {needed}")
    for job_id, _, step in steps_of(doc):
        if ("uses" in step) == ("run" in step):
            err(path, f"job {job_id}: a step needs exactly one of uses/run: {step}")
        run = step.get("run", "")
        # Untrusted event data must reach scripts through env, not ${{ }} in run.
        for expr in run.split("${{")[1:]:
            expr = expr.split("}}", 1)[0]
            for risky in ("github.event.", "inputs.", "vars."):
                if risky in expr:
                    err(path, f"job {job_id}: '{risky}' expanded inside run (pass it through env)")


def path_filters(on, event):
    spec = on.get(event) if isinstance(on, dict) else None
    return (spec or {}).get("paths", [])


def check_terraform(path, doc):
    on = triggers(doc)
    for event in ("pull_request", "push"):
        if "terraform/**" not in path_filters(on, event):
            err(path, f"{event} must be filtered on terraform/**")
    runs = " ".join(step.get("run", "") for _, _, step in steps_of(doc))
    for target in ("tf-fmt", "tf-validate", "tf-test", "checkov", "tf-apply-emulator", "tf-apply-emulator-hub-spoke", "workflows-check"):
        if f"make {target}" not in runs:
            err(path, f"does not run make {target}")


def check_release(path, doc):
    on = triggers(doc)
    if "release" not in on:
        err(path, "must run on release")
    if (doc.get("permissions") or {}).get("id-token") != "write":
        err(path, "needs id-token: write for OIDC")
    runs = " ".join(step.get("run", "") for _, _, step in steps_of(doc))
    for target in ("make build-image", "make -s push-image"):
        if target not in runs:
            err(path, f"does not run {target}")
    platforms = [
        inc.get("platform")
        for job in doc["jobs"].values()
        for inc in ((job.get("strategy") or {}).get("matrix") or {}).get("include", [])
    ]
    if sorted(platforms) != ["linux/amd64", "linux/arm64"]:
        err(path, f"must build linux/amd64 and linux/arm64, builds {platforms}")


def check_policy_apply(path, doc):
    on = triggers(doc)
    push = on.get("push") or {}
    if push.get("branches") != ["main"] or "policy/**" not in push.get("paths", []):
        err(path, "must run on push to main touching policy/**")
    if (doc.get("permissions") or {}).get("id-token") != "write":
        err(path, "needs id-token: write for OIDC")
    uses = [step.get("uses", "") for _, _, step in steps_of(doc)]
    if not any(u.startswith("aws-actions/configure-aws-credentials@") for u in uses):
        err(path, "must assume its role with aws-actions/configure-aws-credentials (OIDC)")
    runs = " ".join(step.get("run", "") for _, _, step in steps_of(doc))
    if "-target=" not in runs or "aws_s3_object.this[0]" not in runs:
        err(path, "must apply only the policy object (-target)")
    apply_jobs = [j for j in doc["jobs"].values() if "terraform" in " ".join(s.get("run", "") for s in j.get("steps", []))]
    if not all(j.get("needs") for j in apply_jobs):
        err(path, "the apply job must wait for the policy check")
    if (doc.get("concurrency") or {}).get("cancel-in-progress") is not False:
        err(path, "applies must queue, never cancel each other")


SPECIFIC = {
    "terraform.yml": check_terraform,
    "release-image.yml": check_release,
    "policy-apply.yml": check_policy_apply,
}


def main():
    files = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
    if not files:
        err(WORKFLOWS, "no workflows")
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text())
        except yaml.YAMLError as e:
            err(path, f"YAML error: {e}")
            continue
        check_common(path, doc)
        if path.name in SPECIFIC:
            SPECIFIC[path.name](path, doc)
    for name in SPECIFIC:
        if not (WORKFLOWS / name).exists():
            err(WORKFLOWS, f"{name} is missing")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"ok    {len(files)} workflows parse and have the expected shape: " + ", ".join(p.name for p in files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
