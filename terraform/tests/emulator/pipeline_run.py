#!/usr/bin/env python3
"""The AWS side of pipeline_run.sh (boto3, against AWS_ENDPOINT_URL).

  pipeline_run.py setup OUTPUTS_JSON WORKDIR
      Make the Terraform-applied stack usable the way an operator would after
      `terraform apply`: a value in the Qualys secret Terraform created,
      Security Hub enabled, and a function to scan (ECR image + role +
      image-packaged Lambda `orders-api`). Writes WORKDIR/function.json (what
      was created) and WORKDIR/policy.toml (the policy object Terraform
      uploaded, for `qscan policy explain`).
  pipeline_run.py check OUTPUTS_JSON WORKDIR
      After `qscan replay`: Security Hub findings for the function, the S3
      objects in Terraform's results bucket, and the outcome they hold.

Every failure exits non-zero with one line saying what is missing.
"""
import hashlib
import json
import sys
import time

import boto3
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
REGION = "us-east-1"
FUNCTION = "orders-api"
REPOSITORY = "orders-api"
# The tag the CloudTrail fixture names (bins/forwarder/tests/fixtures/events/
# create-image-by-name.json): requestParameters.code.imageUri.
IMAGE_TAG = "2026.11.29"
ROLE = "orders-api-role"
FUNCTION_TAGS = {"team": "orders", "env": "emulator"}
QUALYS_SECRET = {"qualys_pod": "US2", "qualys_access_token": "hook-token-not-real"}
FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION}"


def log(msg):
    print(f"[pipeline-run] {msg}", file=sys.stderr)


def fail(msg):
    print(f"[pipeline-run] FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def client(service):
    return boto3.client(service, region_name=REGION)


def error_code(e):
    return e.response.get("Error", {}).get("Code", "")


def outputs_of(path):
    return {k: v["value"] for k, v in json.load(open(path)).items()}


# ------------------------------------------------------------------ setup --

def put_qualys_secret(arn):
    sm = client("secretsmanager")
    sm.put_secret_value(SecretId=arn, SecretString=json.dumps(QUALYS_SECRET))
    got = json.loads(sm.get_secret_value(SecretId=arn)["SecretString"])
    if got != QUALYS_SECRET:
        fail(f"the secret {arn} does not read back as written")
    log(f"Qualys secret {arn}: value put")


def enable_security_hub():
    hub = client("securityhub")
    try:
        hub.enable_security_hub()
    except ClientError as e:
        # A second run against `make tf-emulator-up`'s emulator.
        if error_code(e) not in ("ResourceConflictException",):
            raise
    log("Security Hub enabled")


def manifest_for(name, tag):
    """An OCI image manifest; its digest is computed as a registry does."""
    def sha(text):
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    return json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": sha(f"{name} config"), "size": 1469},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": sha(f"{name}:{tag} layer"), "size": 29126484}],
    })


def push_image(repository, tag):
    """ECR repository + image; returns (image URI by tag, sha256:… digest)."""
    ecr = client("ecr")
    try:
        uri = ecr.create_repository(repositoryName=repository)["repository"]["repositoryUri"]
    except ClientError as e:
        if error_code(e) != "RepositoryAlreadyExistsException":
            raise
        uri = ecr.describe_repositories(repositoryNames=[repository])["repositories"][0]["repositoryUri"]
    manifest = manifest_for(repository, tag)
    digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
    try:
        out = ecr.put_image(repositoryName=repository, imageManifest=manifest,
                            imageManifestMediaType="application/vnd.oci.image.manifest.v1+json",
                            imageTag=tag, imageDigest=digest)
        if out["image"]["imageId"]["imageDigest"] != digest:
            fail(f"ECR stored {repository}:{tag} as {out['image']['imageId']['imageDigest']}, not {digest}")
    except ClientError as e:
        if error_code(e) != "ImageAlreadyExistsException":
            raise
    return f"{uri}:{tag}", digest


def role_arn(name):
    iam = client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    try:
        return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    except ClientError as e:
        if error_code(e) != "EntityAlreadyExists":
            raise
        return iam.get_role(RoleName=name)["Role"]["Arn"]


def create_function(image_uri, role):
    lam = client("lambda")
    try:
        lam.create_function(FunctionName=FUNCTION, Role=role, PackageType="Image",
                            Code={"ImageUri": image_uri}, Timeout=30, MemorySize=512,
                            Tags=FUNCTION_TAGS)
    except ClientError as e:
        if error_code(e) != "ResourceConflictException":
            raise
        lam.update_function_code(FunctionName=FUNCTION, ImageUri=image_uri)
    for _ in range(60):
        conf = lam.get_function(FunctionName=FUNCTION)["Configuration"]
        if conf.get("State", "Active") != "Pending" and conf.get("LastUpdateStatus") != "InProgress":
            return lam.get_function(FunctionName=FUNCTION)
        time.sleep(0.5)
    fail(f"{FUNCTION} did not leave Pending/InProgress")


def setup(outputs_path, work):
    outputs = outputs_of(outputs_path)
    put_qualys_secret(outputs["qualys_secret_arn"])
    enable_security_hub()
    image_uri, digest = push_image(REPOSITORY, IMAGE_TAG)
    fn = create_function(image_uri, role_arn(ROLE))
    code_sha = fn["Configuration"].get("CodeSha256", "")
    resolved = fn.get("Code", {}).get("ResolvedImageUri", "")
    # With MOTO_LAMBDA_STUB_ECR=false moto resolves the tag in its ECR, so
    # the function's digest is the pushed image's, as on AWS. With the stub
    # on it is a hash of the URI and the scan would name an image that does
    # not exist.
    if code_sha != digest.removeprefix("sha256:"):
        fail(f"{FUNCTION}: CodeSha256 {code_sha!r} is not the image digest {digest} "
             "(is moto running with MOTO_LAMBDA_STUB_ECR=false?)")
    log(f"function {fn['Configuration']['FunctionArn']} <- {image_uri} ({resolved})")
    json.dump({"function_arn": fn["Configuration"]["FunctionArn"], "image_uri": image_uri,
               "image_digest": digest, "resolved_image_uri": resolved, "tags": FUNCTION_TAGS},
              open(f"{work}/function.json", "w"), indent=2)
    bucket, key = outputs["policy_s3_uri"][len("s3://"):].split("/", 1)
    body = client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    open(f"{work}/policy.toml", "wb").write(body)
    log(f"policy {outputs['policy_s3_uri']} saved to {work}/policy.toml")


# ------------------------------------------------------------------ check --

def findings_for(function_arn):
    """moto ignores GetFindings filters: page through everything, filter here."""
    hub = client("securityhub")
    found, token = [], None
    while True:
        page = hub.get_findings(**({"NextToken": token} if token else {}), MaxResults=100)
        for f in page.get("Findings", []):
            if (f.get("GeneratorId", "").startswith("lambda-qscanner/")
                    and any(r.get("Id") == function_arn for r in f.get("Resources", []))):
                found.append(f)
        token = page.get("NextToken")
        if not token:
            return found


def check(outputs_path, work):
    outputs = outputs_of(outputs_path)
    created = json.load(open(f"{work}/function.json"))
    event = json.load(open(f"{work}/event.json"))
    request_id = event["detail"]["eventID"]
    problems = []

    findings = findings_for(FUNCTION_ARN)
    active = [f for f in findings if f.get("RecordState") == "ACTIVE"]
    if not active:
        problems.append(f"no ACTIVE lambda-qscanner/ finding in Security Hub for {FUNCTION_ARN} "
                        f"({len(findings)} in any state)")

    s3 = client("s3")
    bucket = outputs["results_bucket_name"]
    prefix = f"scans/{ACCOUNT}/{REGION}/{FUNCTION}/"
    scan_keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]
    if not scan_keys:
        problems.append(f"no object under s3://{bucket}/{prefix}")
    latest_key = f"latest/{ACCOUNT}/{REGION}/{FUNCTION}.json"
    outcome = None
    try:
        outcome = json.loads(s3.get_object(Bucket=bucket, Key=latest_key)["Body"].read())
    except ClientError as e:
        problems.append(f"s3://{bucket}/{latest_key}: {error_code(e) or e}")
    if outcome is not None:
        state = (outcome.get("status") or {}).get("state")
        if state != "succeeded":
            problems.append(f"{latest_key}: status {json.dumps(outcome.get('status'))}, expected state succeeded")
        if outcome.get("request_id") != request_id:
            problems.append(f"{latest_key}: request_id {outcome.get('request_id')!r}, expected the "
                            f"CloudTrail event id {request_id!r}")
        resolved = (outcome.get("function") or {}).get("resolved_image_uri") or ""
        if not resolved.endswith("@" + created["image_digest"]):
            problems.append(f"{latest_key}: scanned {resolved!r}, not the deployed digest {created['image_digest']}")
        if not any(request_id in k for k in scan_keys):
            problems.append(f"no scans/ object for request {request_id}: {scan_keys}")

    if problems:
        for p in problems:
            print(f"[pipeline-run] FAIL: {p}", file=sys.stderr)
        sys.exit(1)

    severities = {}
    for f in active:
        label = f.get("Severity", {}).get("Label", "?")
        severities[label] = severities.get(label, 0) + 1
    by_severity = ", ".join(f"{n} {s}" for s, n in sorted(severities.items(), key=lambda kv: -kv[1]))
    print(f"[pipeline-run] ok: {len(active)} active Security Hub findings for {FUNCTION} ({by_severity})")
    print(f"[pipeline-run] ok: outcome {outcome['status']['state']}, "
          f"{len(outcome.get('findings', []))} findings, scanned {outcome['function']['resolved_image_uri']}")
    for key in scan_keys + [latest_key]:
        print(f"[pipeline-run] ok: s3://{bucket}/{key}")


def main(argv):
    if len(argv) != 4 or argv[1] not in ("setup", "check"):
        sys.exit(__doc__)
    {"setup": setup, "check": check}[argv[1]](argv[2], argv[3])


if __name__ == "__main__":
    main(sys.argv)
