#!/usr/bin/env python3
"""After `terraform apply` of the single-account layout on moto: check that
what AWS (the emulator) now holds is the contract with the Rust binaries,
read back through the APIs rather than from Terraform's state.
Usage: verify.py OUTPUTS_JSON (AWS_ENDPOINT_URL etc. from the environment)."""
import json
import sys

import boto3

outputs = {k: v["value"] for k, v in json.load(open(sys.argv[1])).items()}
problems = []


def check(cond, msg):
    if not cond:
        problems.append(msg)


lam = boto3.client("lambda")
events = boto3.client("events")
s3 = boto3.client("s3")

expected_env = {
    outputs["forwarder_function_name"]: {"SCANNER_FUNCTION", "REPORTER_FUNCTION", "POLICY_S3_URI", "RUST_LOG"},
    outputs["scanner_function_name"]: {"QUALYS_SECRET_ARN", "QSCANNER_BIN", "SCAN_TIMEOUT", "REPORTER_FUNCTION",
                                        "POLICY_S3_URI", "RUST_LOG"},
    outputs["reporter_function_name"]: {"RESULTS_S3_BUCKET", "SNS_TOPIC_ARN", "SECURITY_HUB_IMPORT", "POLICY_S3_URI",
                                         "RUST_LOG"},
}
dlq_arn = None
for name, keys in expected_env.items():
    fn = lam.get_function(FunctionName=name)
    conf = fn["Configuration"]
    env = conf.get("Environment", {}).get("Variables", {})
    check(set(env) == keys, f"{name}: environment {sorted(env)} != {sorted(keys)}")
    check(env.get("POLICY_S3_URI") == outputs["policy_s3_uri"], f"{name}: POLICY_S3_URI")
    roles = {conf["Role"] for conf in [conf]}
    check(all(r.endswith(f":role/{name}") for r in roles), f"{name}: its own role, got {roles}")
    cfg = lam.get_function_event_invoke_config(FunctionName=name)
    dest = cfg.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
    check(dest is not None and ":sqs:" in dest, f"{name}: on-failure destination {dest}")
    dlq_arn = dlq_arn or dest

scanner = lam.get_function(FunctionName=outputs["scanner_function_name"])
sconf = scanner["Configuration"]
check(sconf.get("PackageType") == "Image", "scanner: package type Image")
check(sconf.get("Timeout") == 900 and sconf.get("MemorySize") == 2048, "scanner: 900 s, 2048 MB")
check(sconf.get("EphemeralStorage", {}).get("Size") == 2048, "scanner: 2048 MB ephemeral storage")
check(scanner.get("Concurrency", {}).get("ReservedConcurrentExecutions") is not None, "scanner: reserved concurrency")
senv = sconf["Environment"]["Variables"]
check(senv["QUALYS_SECRET_ARN"] == outputs["qualys_secret_arn"], "scanner: QUALYS_SECRET_ARN")
check(senv["QSCANNER_BIN"] == "/opt/qscanner/qscanner", "scanner: QSCANNER_BIN")
check(int(senv["SCAN_TIMEOUT"]) < sconf["Timeout"], "scanner: SCAN_TIMEOUT < timeout")
renv = lam.get_function(FunctionName=outputs["reporter_function_name"])["Configuration"]["Environment"]["Variables"]
check(renv["RESULTS_S3_BUCKET"] == outputs["results_bucket_name"], "reporter: RESULTS_S3_BUCKET")
check(renv["SNS_TOPIC_ARN"] == outputs["alerts_topic_arn"], "reporter: SNS_TOPIC_ARN")

rule_name = outputs["event_rule_arns"]["default"].rsplit("/", 1)[-1]
rule = events.describe_rule(Name=rule_name)
pattern = json.loads(rule["EventPattern"])
check(pattern.get("source") == ["aws.lambda"], f"rule pattern source {pattern.get('source')}")
check(set(pattern["detail"]["eventName"]) == {"CreateFunction20150331", "UpdateFunctionCode20150331v2",
                                              "UpdateFunctionConfiguration20150331v2", "DeleteFunction20150331"},
      "rule event names")
targets = events.list_targets_by_rule(Rule=rule_name)["Targets"]
check(len(targets) == 1 and targets[0]["Arn"].endswith(":function:" + outputs["forwarder_function_name"]),
      f"rule target {targets}")
check(bool(targets and targets[0].get("DeadLetterConfig", {}).get("Arn")), "rule target dead-letter queue")
check(bool(targets and targets[0].get("RetryPolicy")), "rule target retry policy")

bucket = outputs["results_bucket_name"]
check(s3.get_bucket_versioning(Bucket=bucket).get("Status") == "Enabled", "results bucket versioning")
sse = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
check(sse["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms", "results bucket SSE-KMS")
pab = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
check(all(pab.values()), "results bucket public access block")
pbucket, pkey = outputs["policy_s3_uri"][len("s3://"):].split("/", 1)
check(s3.head_object(Bucket=pbucket, Key=pkey)["ContentLength"] > 0, "policy object uploaded")

if problems:
    print("\n".join(f"[verify] {p}" for p in problems), file=sys.stderr)
    sys.exit(1)
print("[verify] functions, environment, destinations, rule, buckets and policy object as contracted", file=sys.stderr)
