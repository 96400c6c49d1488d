#!/usr/bin/env python3
"""After applying the spoke (account 222222222222) and hub (123456789012)
layouts on moto: check the cross-account wiring through the AWS APIs and
send a CloudTrail-shaped event from the spoke's default bus to the hub bus.
Usage: verify_hub_spoke.py HUB_OUTPUTS_JSON SPOKE_OUTPUTS_JSON"""
import json
import sys
import time

import boto3

hub = {k: v["value"] for k, v in json.load(open(sys.argv[1])).items()}
spoke = {k: v["value"] for k, v in json.load(open(sys.argv[2])).items()}
problems = []


def check(cond, msg):
    if not cond:
        problems.append(msg)


SPOKE = "222222222222"
creds = boto3.client("sts").assume_role(
    RoleArn=f"arn:aws:iam::{SPOKE}:role/OrganizationAccountAccessRole", RoleSessionName="verify"
)["Credentials"]
spoke_session = boto3.Session(
    aws_access_key_id=creds["AccessKeyId"],
    aws_secret_access_key=creds["SecretAccessKey"],
    aws_session_token=creds["SessionToken"],
)
hub_events, hub_sqs, hub_lambda = boto3.client("events"), boto3.client("sqs"), boto3.client("lambda")
spoke_events, spoke_iam = spoke_session.client("events"), spoke_session.client("iam")
bus_name = hub["hub_bus_arn"].rsplit("/", 1)[-1]

# The hub bus admits the organization (and listed spokes) only.
policy = json.loads(hub_events.describe_event_bus(Name=bus_name)["Policy"])
for s in policy["Statement"]:
    check(s["Action"] == "events:PutEvents", f"bus statement action {s['Action']}")
    check(s["Principal"] != "*" or s.get("Condition", {}).get("StringEquals", {}).get("aws:PrincipalOrgID"),
          f"open bus statement {s}")

# The spoke role trusts the hub scanner and reporter, with the ExternalId.
trust = spoke_iam.get_role(RoleName="lambda-qscanner-spoke")["Role"]["AssumeRolePolicyDocument"]
stmt = trust["Statement"][0]
check(sorted(stmt["Principal"]["AWS"]) == sorted(hub["spoke_trusted_role_arns"]), f"spoke trust principals {stmt}")
check("sts:ExternalId" in stmt.get("Condition", {}).get("StringEquals", {}), "spoke trust needs the ExternalId")
check(spoke["access_role_arn"] == f"arn:aws:iam::{SPOKE}:role/lambda-qscanner-spoke", "spoke role in the spoke account")

# The spoke rule forwards to the hub bus with its own role.
rule = spoke["forward_rule_arn"].rsplit("/", 1)[-1]
targets = spoke_events.list_targets_by_rule(Rule=rule)["Targets"]
check(len(targets) == 1 and targets[0]["Arn"] == hub["hub_bus_arn"], f"spoke target {targets}")
check(bool(targets and targets[0].get("RoleArn") == spoke["forward_role_arn"]), "spoke target role")

# The hub scanner and reporter know the spoke role and ExternalId.
for fn in (hub["scanner_function_name"], hub["reporter_function_name"]):
    env = hub_lambda.get_function_configuration(FunctionName=fn)["Environment"]["Variables"]
    check(env.get("SPOKE_ROLE_NAME") == "lambda-qscanner-spoke" and env.get("SPOKE_EXTERNAL_ID"), f"{fn}: SPOKE_*")

# Delivery: spoke default bus -> hub bus. moto cannot deliver to a Lambda
# target (the whole PutEvents fails), so the hub rule's forwarder target is
# swapped for a probe queue during the send and put back afterwards.
hub_rule = hub["event_rule_arns"]["hub"].rsplit("/", 1)[-1]
original = hub_events.list_targets_by_rule(Rule=hub_rule, EventBusName=bus_name)["Targets"]
if not (len(original) == 1 and original[0]["Arn"].endswith(":function:" + hub["forwarder_function_name"])):
    sys.exit(f"[verify-hub-spoke] the hub rule must target the forwarder, targets {original}")
queue = hub_sqs.create_queue(QueueName="hub-spoke-probe")["QueueUrl"]
queue_arn = hub_sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
hub_events.remove_targets(Rule=hub_rule, EventBusName=bus_name, Ids=[t["Id"] for t in original])
hub_events.put_targets(Rule=hub_rule, EventBusName=bus_name, Targets=[{"Id": "probe", "Arn": queue_arn}])
try:
    detail = {
        "eventSource": "lambda.amazonaws.com",
        "eventName": "CreateFunction20150331",
        "requestParameters": {"functionName": "orders-api"},
        "responseElements": {"functionArn": f"arn:aws:lambda:us-east-1:{SPOKE}:function:orders-api"},
    }
    failed = spoke_events.put_events(Entries=[{
        "Source": "aws.lambda", "DetailType": "AWS API Call via CloudTrail", "Detail": json.dumps(detail),
    }])["FailedEntryCount"]
    check(failed == 0, "spoke PutEvents failed")
    got = []
    for _ in range(10):
        got += hub_sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", [])
        if got:
            break
        time.sleep(0.5)
    bodies = [json.loads(m["Body"]) for m in got]
    check(any(b.get("detail", {}).get("responseElements", {}).get("functionArn", "").split(":")[4] == SPOKE
              for b in bodies), f"the spoke's event did not reach the hub rule: {bodies}")
finally:
    hub_events.remove_targets(Rule=hub_rule, EventBusName=bus_name, Ids=["probe"])
    hub_events.put_targets(Rule=hub_rule, EventBusName=bus_name, Targets=original)
    hub_sqs.delete_queue(QueueUrl=queue)

if problems:
    print("\n".join(f"[verify-hub-spoke] {p}" for p in problems), file=sys.stderr)
    sys.exit(1)
print("[verify-hub-spoke] bus policy, spoke role trust, forwarding target, SPOKE_* and spoke -> hub delivery as designed",
      file=sys.stderr)
