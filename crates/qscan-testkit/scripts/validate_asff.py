"""Validate this project's findings, as stored in the emulator, with
botocore's own parameter validation for BatchImportFindings, plus the
documented limits botocore does not check (Id <= 512, Description 1-1024).

usage: validate_asff.py ENDPOINT FUNCTION_ARN
"""
import json
import sys

import boto3
from botocore.validate import ParamValidator

endpoint, function_arn = sys.argv[1], sys.argv[2]
client = boto3.client(
    "securityhub",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
findings = [
    f
    for page in client.get_paginator("get_findings").paginate()
    for f in page["Findings"]
    if f.get("GeneratorId", "").startswith("lambda-qscanner/")
    and any(r.get("Id") == function_arn for r in f.get("Resources", []))
]
if not findings:
    sys.exit("no findings to validate")
shape = client.meta.service_model.operation_model("BatchImportFindings").input_shape
problems = []
report = ParamValidator().validate({"Findings": findings}, shape)
if report.has_errors():
    problems.append(report.generate_report())
for finding in findings:
    if len(finding["Id"]) > 512:
        problems.append(f"Id longer than 512: {finding['Id']}")
    if len(finding["GeneratorId"]) > 512:
        problems.append(f"GeneratorId longer than 512: {finding['Id']}")
    description = json.dumps(finding["Description"])[1:-1]
    if not 1 <= len(description) <= 1024:
        problems.append(f"Description length {len(description)}: {finding['Id']}")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(findings)} findings valid")
