"""Tests of the corrections of moto_launcher.py from 27 on: the stack's
lifecycle (27 to 35), AWS's input rules (36), the order of independent
resources (37), zone delegation (38), instances' boot permissions (39),
AMI releases (40), security groups' inline rules (41), AWS managed keys (42),
network load balancer listener updates (43), KMS keys in templates (44),
route table associations (46), AWS WAF (47), listener rules' deletion
(48), CloudWatch alarms (49), Synthetics canaries (50), endpoint
services' connection notifications (51) and service-managed StackSets
(52); and the organization acceptance function's code
(constructs/provider/organization_acceptance.py) against them.

Each starts from the launcher as the rehearsal runs it (one moto server, an
account per AssumeRole identity) and drives it with boto3 and small
hand-written templates, as the CDK CLI does (CreateChangeSet and
ExecuteChangeSet) or with CreateStack; every behaviour is shown failing
where AWS fails it and passing where AWS passes it.

  python3 -m unittest test/rehearsal/launcher_test.py     (from the repository root)
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import uuid

import boto3
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CDK = os.path.join(ROOT, "node_modules", ".bin", "cdk")
REGION = "us-west-2"

server = None
endpoint = None
log = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setUpModule():
    global server, endpoint, log
    port = free_port()
    endpoint = f"http://localhost:{port}"
    log = tempfile.NamedTemporaryFile("w", prefix="launcher-test-", suffix=".log", delete=False)
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "moto_launcher.py"), str(port)],
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
            return
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"moto launcher exited with {server.returncode}; see {log.name}")
            time.sleep(0.2)
    raise RuntimeError("moto launcher did not answer within 30 s")


def tearDownModule():
    if server and server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    log.close()


_accounts = iter(range(100000000001, 100000000999))


class Account:
    """One moto account (an AssumeRole identity), with clients."""

    def __init__(self, account=None):
        self.id = account or str(next(_accounts))
        sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION,
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{self.id}:role/test", RoleSessionName="test")["Credentials"]
        self.creds = creds
        self.session = boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                     aws_session_token=creds["SessionToken"], region_name=REGION)
        self._clients = {}

    def __getattr__(self, service):
        if service.startswith("_"):
            raise AttributeError(service)
        service = service.replace("_", "-") if service != "route53" else service
        if service not in self._clients:
            self._clients[service] = self.session.client(service, endpoint_url=endpoint)
        return self._clients[service]

    # --- CloudFormation, as the CDK CLI drives it

    def change_set(self, stack, template, parameters=None, role=None):
        """Creates a change set (CREATE or UPDATE, as the stack exists or not)
        and returns its description."""
        cf = self.cloudformation
        kind = "UPDATE" if self.exists(stack) else "CREATE"
        args = dict(StackName=stack, ChangeSetName=f"cs-{uuid.uuid4().hex[:8]}", ChangeSetType=kind,
                    TemplateBody=json.dumps(template), Capabilities=["CAPABILITY_NAMED_IAM"],
                    Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in (parameters or {}).items()])
        if role:
            args["RoleARN"] = role
        made = cf.create_change_set(**args)
        return cf.describe_change_set(ChangeSetName=made["Id"])

    def deploy(self, stack, template, parameters=None, role=None):
        """CreateChangeSet and ExecuteChangeSet; returns the stack's description."""
        cs = self.change_set(stack, template, parameters, role)
        assert cs["Status"] == "CREATE_COMPLETE", cs
        self.cloudformation.execute_change_set(ChangeSetName=cs["ChangeSetId"])
        return self.stack(cs["StackId"])

    def exists(self, stack):
        try:
            status = self.cloudformation.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        except ClientError:
            return False
        return status not in ("REVIEW_IN_PROGRESS", "DELETE_COMPLETE")

    def stack(self, name_or_id):
        return self.cloudformation.describe_stacks(StackName=name_or_id)["Stacks"][0]

    def delete(self, name_or_id):
        stack_id = self.stack(name_or_id)["StackId"]
        self.cloudformation.delete_stack(StackName=stack_id)
        return self.stack(stack_id)

    def events(self, name_or_id):
        """(logical ID, status, reason) of the stack's events, oldest first."""
        evs = self.cloudformation.describe_stack_events(StackName=name_or_id)["StackEvents"]
        return [(e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason")) for e in reversed(evs)]

    def resources(self, name_or_id):
        return {r["LogicalResourceId"]: r["PhysicalResourceId"]
                for r in self.cloudformation.describe_stack_resources(StackName=name_or_id)["StackResources"]}

    def put_template(self, template):
        """Uploads a (nested) template to S3; returns its URL."""
        bucket = f"templates-{self.id}"
        try:
            self.s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        except ClientError:
            pass
        key = f"{uuid.uuid4().hex}.json"
        self.s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(template).encode())
        return f"https://s3.{REGION}.amazonaws.com/{bucket}/{key}"


def arm(account, stack, message, logical_id=None, rtype=None):
    body = {"account": account, "stack": stack, "message": message}
    if logical_id:
        body["logicalId"] = logical_id
    if rtype:
        body["type"] = rtype
    return rehearsal("POST", body)


def rehearsal(method, body=None, path="/rehearsal/fail"):
    req = urllib.request.Request(f"{endpoint}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=5) as res:
            return res.status, json.load(res)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def template(resources, outputs=None, parameters=None):
    t = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    if outputs:
        t["Outputs"] = outputs
    if parameters:
        t["Parameters"] = parameters
    return t


def vpc_resources():
    return {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "test", "VpcId": {"Ref": "Vpc"}}},
    }


def group_ids(acct):
    return {g["GroupId"] for g in acct.ec2.describe_security_groups()["SecurityGroups"] if g["GroupName"] != "default"}


def code_of(e):
    return e.response["Error"]["Code"], e.response["Error"]["Message"]


class RollbackOfFailedCreate(unittest.TestCase):
    """27: a new stack whose resource fails rolls back to ROLLBACK_COMPLETE."""

    def failing_template(self):
        resources = vpc_resources()
        resources["Kept"] = {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain", "Properties": {"LogGroupName": f"/kept/{uuid.uuid4().hex}"}}
        resources["Bad"] = {"Type": "AWS::EC2::SecurityGroup", "DependsOn": ["Group", "Kept"],
                            "Properties": {"GroupDescription": "bad", "VpcId": {"Ref": "Vpc"}}}
        return resources

    def test_change_set_creation_fails_and_rolls_back(self):
        acct = Account()
        resources = self.failing_template()
        arm(acct.id, "rb", "Resource handler returned message: \"no capacity\"", logical_id="Bad")
        stack = acct.deploy("rb", template(resources))
        self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertEqual(stack["StackStatusReason"], "The following resource(s) failed to create: [Bad]. Rollback requested by user.")
        evs = acct.events("rb")
        self.assertIn(("Bad", "CREATE_FAILED", "Resource handler returned message: \"no capacity\""), evs)
        statuses = [s for lid, s, _ in evs if lid == "rb"]
        self.assertEqual(statuses, ["REVIEW_IN_PROGRESS", "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE"])
        # Reverse dependency order: the group before its VPC; the log group kept.
        deletes = [lid for lid, s, _ in evs if s == "DELETE_COMPLETE"]
        self.assertLess(deletes.index("Group"), deletes.index("Vpc"))
        self.assertIn(("Kept", "DELETE_SKIPPED", None), evs)
        self.assertEqual(group_ids(acct), set())
        self.assertEqual([v["CidrBlock"] for v in acct.ec2.describe_vpcs()["Vpcs"] if not v["IsDefault"]], [])
        self.assertEqual(len(acct.logs.describe_log_groups(logGroupNamePrefix="/kept/")["logGroups"]), 1)
        self.assertEqual(acct.resources("rb"), {})
        # A ROLLBACK_COMPLETE stack is deleted and created again (what the CLI does).
        acct.delete(stack["StackId"])
        again = acct.deploy("rb", template({k: v for k, v in resources.items() if k != "Kept"}))
        self.assertEqual(again["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(len(group_ids(acct)), 2)

    def test_passing_case_creates_everything(self):
        acct = Account()
        stack = acct.deploy("ok", template(self.failing_template()))
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
        self.assertNotIn("StackStatusReason", stack)
        self.assertEqual(sorted(acct.resources("ok")), ["Bad", "Group", "Kept", "Vpc"])
        self.assertTrue(all(s in ("CREATE_IN_PROGRESS", "CREATE_COMPLETE", "REVIEW_IN_PROGRESS") for _, s, _ in acct.events("ok")))

    def test_create_stack_rolls_back_too(self):
        acct = Account()
        arm(acct.id, "cs", "Group refused", logical_id="Group")
        stack_id = acct.cloudformation.create_stack(StackName="cs", TemplateBody=json.dumps(template(vpc_resources())))["StackId"]
        stack = acct.stack(stack_id)
        self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertIn(("Group", "CREATE_FAILED", "Group refused"), acct.events(stack_id))
        self.assertIn(("Vpc", "DELETE_COMPLETE", None), acct.events(stack_id))
        ok = acct.cloudformation.create_stack(StackName="cs-ok", TemplateBody=json.dumps(template(vpc_resources())))["StackId"]
        self.assertEqual(acct.stack(ok)["StackStatus"], "CREATE_COMPLETE")

    def test_a_deletion_that_fails_leaves_rollback_failed(self):
        acct = Account()
        resources = vpc_resources()
        resources["Subnet"] = {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-west-2a"}}
        resources["LB"] = {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
            "Type": "network", "Scheme": "internal", "Subnets": [{"Ref": "Subnet"}],
            "LoadBalancerAttributes": [{"Key": "deletion_protection.enabled", "Value": "true"}]}}
        resources["Late"] = {"Type": "AWS::EC2::SecurityGroup", "DependsOn": "LB", "Properties": {"GroupDescription": "late", "VpcId": {"Ref": "Vpc"}}}
        arm(acct.id, "rf", "late refused", logical_id="Late")
        stack = acct.deploy("rf", template(resources))
        self.assertEqual(stack["StackStatus"], "ROLLBACK_FAILED")
        self.assertEqual(stack["StackStatusReason"], "The following resource(s) failed to delete: [LB]. ")
        failed = [r for lid, s, r in acct.events("rf") if lid == "LB" and s == "DELETE_FAILED"]
        self.assertEqual(len(failed), 1)
        self.assertIn("OperationNotPermitted", failed[0])
        self.assertIn("cannot be deleted because deletion protection is enabled", failed[0])
        # What the LB depends on stays; what does not depend on it goes.
        self.assertEqual(len(acct.elbv2.describe_load_balancers()["LoadBalancers"]), 1)
        self.assertEqual(len(acct.ec2.describe_subnets(Filters=[{"Name": "cidr-block", "Values": ["10.0.0.0/24"]}])["Subnets"]), 1)

    def test_nested_stacks_are_rolled_back_with_their_parent(self):
        acct = Account()
        nested = template({"Inner": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "inner", "VpcId": {"Ref": "VpcId"}}},
                           "Second": {"Type": "AWS::EC2::SecurityGroup", "DependsOn": "Inner", "Properties": {"GroupDescription": "second", "VpcId": {"Ref": "VpcId"}}}},
                          parameters={"VpcId": {"Type": "String"}})
        url = acct.put_template(nested)
        parent = vpc_resources()
        parent["Child"] = {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": url, "Parameters": {"VpcId": {"Ref": "Vpc"}}}}
        arm(acct.id, "parent", "second refused", logical_id="Second")  # matches in the parent's nested stacks
        stack = acct.deploy("parent", template(parent))
        self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
        child = [(s, r) for lid, s, r in acct.events("parent") if lid == "Child"]
        self.assertEqual(child[-1][0], "DELETE_COMPLETE")
        failed = [r for s, r in child if s == "CREATE_FAILED"]
        self.assertRegex(failed[0], r"^Embedded stack arn:aws:cloudformation:us-west-2:\d{12}:stack/parent-Child-\w+/[-\w]+ was not successfully created: "
                                    r"The following resource\(s\) failed to create: \[Second\]\. $")
        nested_id = re.search(r"(arn:\S+) was", failed[0]).group(1)
        self.assertEqual(acct.stack(nested_id)["StackStatus"], "DELETE_COMPLETE")
        nested_events = acct.events(nested_id)
        self.assertIn(("Second", "CREATE_FAILED", "second refused"), nested_events)
        self.assertIn(("Inner", "DELETE_COMPLETE", None), nested_events)
        self.assertEqual(group_ids(acct), set())

    def test_failed_update_rolls_back_to_the_previous_template(self):
        acct = Account()
        first = vpc_resources()
        first["Old"] = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}
        stack = acct.deploy("up", template(first))
        before = acct.resources("up")
        second = vpc_resources()
        second["Old"] = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 30}}
        second["Group"]["Properties"]["GroupDescription"] = "replaced"  # requires replacement
        second["Added"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "added", "VpcId": {"Ref": "Vpc"}}}
        second["Failing"] = {"Type": "AWS::EC2::SecurityGroup", "DependsOn": ["Added", "Group", "Old"],
                             "Properties": {"GroupDescription": "failing", "VpcId": {"Ref": "Vpc"}}}
        arm(acct.id, "up", "failing refused", logical_id="Failing")
        acct.deploy("up", template(second))
        stack = acct.stack("up")
        self.assertEqual(stack["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        self.assertEqual(stack["StackStatusReason"], "The following resource(s) failed to create: [Failing]. ")
        self.assertEqual(acct.resources("up"), before)
        self.assertEqual(group_ids(acct), {before["Group"]})
        group = acct.logs.describe_log_groups(logGroupNamePrefix=before["Old"])["logGroups"][0]
        self.assertEqual(group.get("retentionInDays"), 7)
        body = acct.cloudformation.get_template(StackName="up")["TemplateBody"]
        self.assertEqual(json.loads(body) if isinstance(body, str) else body, template(first))
        # And the stack can be updated again.
        del second["Failing"]
        self.assertEqual(acct.deploy("up", template(second))["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(len(group_ids(acct)), 2)
        self.assertNotIn(before["Group"], group_ids(acct))


class FailureInjection(unittest.TestCase):
    """28: /rehearsal/fail arms the next creation of a resource to fail."""

    def test_requests_are_checked(self):
        self.assertEqual(rehearsal("POST", {"account": "1", "stack": "s", "logicalId": "X", "message": "m"})[0], 400)
        self.assertEqual(rehearsal("POST", {"account": "123456789012", "stack": "s", "message": "m"})[0], 400)
        self.assertEqual(rehearsal("POST", {"account": "123456789012", "stack": "s", "logicalId": "X", "type": "T", "message": "m"})[0], 400)
        self.assertEqual(rehearsal("POST", {"account": "123456789012", "stack": "s", "logicalId": "X"})[0], 400)
        status, body = rehearsal("POST", {"account": "123456789012", "stack": "s-injection", "type": "AWS::EC2::VPC", "message": "m"})
        self.assertEqual(status, 200)
        self.assertIn({"account": "123456789012", "stack": "s-injection", "type": "AWS::EC2::VPC", "message": "m"}, rehearsal("GET")[1]["armed"])

    def test_only_the_next_creation_fails(self):
        acct = Account()
        arm(acct.id, "inj", "VPC limit exceeded", rtype="AWS::EC2::VPC")
        first = acct.deploy("inj", template(vpc_resources()))
        self.assertEqual(first["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertIn(("Vpc", "CREATE_FAILED", "VPC limit exceeded"), acct.events(first["StackId"]))
        acct.delete(first["StackId"])
        self.assertEqual(acct.deploy("inj", template(vpc_resources()))["StackStatus"], "CREATE_COMPLETE")

    def test_other_accounts_and_stacks_are_not_touched(self):
        acct, other = Account(), Account()
        arm(acct.id, "mine", "refused", rtype="AWS::EC2::VPC")
        self.assertEqual(other.deploy("mine", template(vpc_resources()))["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(acct.deploy("theirs", template(vpc_resources()))["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(acct.deploy("mine", template(vpc_resources()))["StackStatus"], "ROLLBACK_COMPLETE")



def zone_template(domain):
    return {"Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": domain}}}


def certificate(domain, zone_ref):
    return {"Type": "AWS::CertificateManager::Certificate", "Properties": {
        "DomainName": domain, "ValidationMethod": "DNS",
        "DomainValidationOptions": [{"DomainName": domain, "HostedZoneId": zone_ref}]}}


def records(acct, zone_id, rtype=None):
    return [r for r in acct.route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
            if rtype is None or r["Type"] == rtype]


class AcmValidationRecords(unittest.TestCase):
    """29: CloudFormation writes ACM's validation CNAME into the zone, once
    per name, and leaves it when the certificate goes."""

    def test_record_written_reused_and_left_behind(self):
        acct = Account()
        zone = acct.deploy("zone", template(zone_template("example.org")))
        zone_id = acct.resources("zone")["Zone"]
        cert_stack = acct.deploy("cert", template({"Cert": certificate("api.example.org", zone_id)}))
        self.assertEqual(cert_stack["StackStatus"], "CREATE_COMPLETE")
        cnames = records(acct, zone_id, "CNAME")
        self.assertEqual(len(cnames), 1)
        record = cnames[0]
        self.assertRegex(record["Name"], r"^_[0-9a-f]{32}\.api\.example\.org\.$")
        self.assertRegex(record["ResourceRecords"][0]["Value"], r"^_[0-9a-f]{32}\.[a-z]{10}\.acm-validations\.aws\.$")
        self.assertEqual(record["TTL"], 300)
        arn = acct.resources("cert")["Cert"]
        described = acct.acm.describe_certificate(CertificateArn=arn)["Certificate"]
        self.assertEqual(described["Status"], "ISSUED")
        option = described["DomainValidationOptions"][0]
        self.assertEqual(option["ValidationMethod"], "DNS")
        self.assertEqual(option["ResourceRecord"], {"Name": record["Name"], "Type": "CNAME", "Value": record["ResourceRecords"][0]["Value"]})
        # A second certificate for the name reuses the record.
        acct.deploy("cert2", template({"Cert": certificate("api.example.org", zone_id)}))
        self.assertEqual(records(acct, zone_id, "CNAME"), cnames)
        arn2 = acct.resources("cert2")["Cert"]
        self.assertEqual(acct.acm.describe_certificate(CertificateArn=arn2)["Certificate"]["DomainValidationOptions"][0]["ResourceRecord"],
                         option["ResourceRecord"])
        # Another name has its own record.
        acct.deploy("cert3", template({"Cert": certificate("www.example.org", zone_id)}))
        self.assertEqual(len(records(acct, zone_id, "CNAME")), 2)
        # Deleting the certificates leaves the records.
        for name in ("cert", "cert2", "cert3"):
            self.assertEqual(acct.delete(name)["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(acct.acm.list_certificates()["CertificateSummaryList"], [])
        self.assertEqual(len(records(acct, zone_id, "CNAME")), 2)
        self.assertEqual(zone["StackStatus"], "CREATE_COMPLETE")

    def test_records_are_per_account(self):
        one, two = Account(), Account()
        names = []
        for acct in (one, two):
            acct.deploy("zone", template(zone_template("example.net")))
            zone_id = acct.resources("zone")["Zone"]
            acct.deploy("cert", template({"Cert": certificate("example.net", zone_id)}))
            names.append(records(acct, zone_id, "CNAME")[0]["Name"])
        self.assertNotEqual(names[0], names[1])


class HostedZoneNotEmpty(unittest.TestCase):
    """30: a zone holding more than its SOA and NS records cannot be deleted."""

    def test_api(self):
        acct = Account()
        zone_id = acct.route53.create_hosted_zone(Name="api.example.", CallerReference=uuid.uuid4().hex)["HostedZone"]["Id"]
        record = {"Name": "www.api.example.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "10.0.0.1"}]}
        acct.route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": record}]})
        with self.assertRaises(ClientError) as e:
            acct.route53.delete_hosted_zone(Id=zone_id)
        self.assertEqual(code_of(e.exception), ("HostedZoneNotEmpty", "The specified hosted zone contains non-required resource record sets and so cannot be deleted."))
        acct.route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "DELETE", "ResourceRecordSet": record}]})
        acct.route53.delete_hosted_zone(Id=zone_id)
        self.assertEqual(acct.route53.list_hosted_zones()["HostedZones"], [])

    def test_cloudformation_deletes_zone_and_records(self):
        acct = Account()
        resources = zone_template("records.example")
        resources["Www"] = {"Type": "AWS::Route53::RecordSet", "Properties": {
            "HostedZoneId": {"Ref": "Zone"}, "Name": "www.records.example.", "Type": "A", "TTL": "60", "ResourceRecords": ["10.0.0.1"]}}
        acct.deploy("records", template(resources))
        zone_id = acct.resources("records")["Zone"]
        self.assertEqual(len(records(acct, zone_id, "A")), 1)
        self.assertEqual(acct.delete("records")["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(acct.route53.list_hosted_zones()["HostedZones"], [])

    def test_cloudformation_cannot_delete_a_zone_with_a_validation_record(self):
        acct = Account()
        resources = zone_template("tls.example")
        resources["Cert"] = certificate("svc.tls.example", {"Ref": "Zone"})
        acct.deploy("tls", template(resources))
        stack = acct.delete("tls")
        self.assertEqual(stack["StackStatus"], "DELETE_FAILED")
        self.assertEqual(stack["StackStatusReason"], "The following resource(s) failed to delete: [Zone]. ")
        reason = [r for lid, s, r in acct.events("tls") if lid == "Zone" and s == "DELETE_FAILED"][0]
        self.assertIn("The specified hosted zone contains non-required resource record sets and so cannot be deleted.", reason)
        self.assertIn("HostedZoneNotEmpty", reason)
        self.assertIn(("Cert", "DELETE_COMPLETE", None), acct.events("tls"))
        # Once the record is gone, deleting the stack again finishes.
        zone_id = acct.resources("tls")["Zone"]
        cname = records(acct, zone_id, "CNAME")[0]
        acct.route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "DELETE", "ResourceRecordSet": cname}]})
        self.assertEqual(acct.delete("tls")["StackStatus"], "DELETE_COMPLETE")


class LoadBalancerDeletionProtection(unittest.TestCase):
    """31: deletion_protection.enabled keeps a load balancer."""

    def lb_template(self, protected):
        resources = vpc_resources()
        resources["Subnet"] = {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-west-2a"}}
        resources["LB"] = {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
            "Type": "network", "Scheme": "internal", "Subnets": [{"Ref": "Subnet"}],
            "LoadBalancerAttributes": [{"Key": "deletion_protection.enabled", "Value": str(protected).lower()},
                                       {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}}
        return template(resources)

    def attributes(self, acct, arn):
        return {a["Key"]: a["Value"] for a in acct.elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}

    def test_api(self):
        acct = Account()
        acct.deploy("lb", self.lb_template(True))
        arn = acct.resources("lb")["LB"]
        with self.assertRaises(ClientError) as e:
            acct.elbv2.delete_load_balancer(LoadBalancerArn=arn)
        self.assertEqual(code_of(e.exception), ("OperationNotPermitted", f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled"))
        acct.elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}])
        acct.elbv2.delete_load_balancer(LoadBalancerArn=arn)
        self.assertEqual(acct.elbv2.describe_load_balancers()["LoadBalancers"], [])

    def test_cloudformation(self):
        acct = Account()
        acct.deploy("lb", self.lb_template(True))
        arn = acct.resources("lb")["LB"]
        self.assertEqual(self.attributes(acct, arn)["deletion_protection.enabled"], "true")
        self.assertEqual(self.attributes(acct, arn)["load_balancing.cross_zone.enabled"], "true")
        stack = acct.delete("lb")
        self.assertEqual(stack["StackStatus"], "DELETE_FAILED")
        reason = [r for lid, s, r in acct.events("lb") if lid == "LB" and s == "DELETE_FAILED"][0]
        self.assertIn(f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled", reason)
        # An update that turns protection off (in place: same ARN) lets it go.
        acct.cloudformation.update_stack(StackName="lb", TemplateBody=json.dumps(self.lb_template(False)))
        self.assertEqual(acct.stack("lb")["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(acct.resources("lb")["LB"], arn)
        self.assertEqual(self.attributes(acct, arn)["deletion_protection.enabled"], "false")
        self.assertEqual(acct.delete("lb")["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(acct.elbv2.describe_load_balancers()["LoadBalancers"], [])

    def test_protection_set_outside_the_template(self):
        """Turned on by an API call after creation (nlb.Protect): an update
        of the load balancer's attributes applies what the template gives,
        so a template that says false turns it off; one that does not give
        the attribute leaves it alone (coverage roadmap #554)."""
        for says, want in (("false", "false"), (None, "true")):
            with self.subTest(template_says=says):
                acct = Account()
                t = self.lb_template(False)
                attrs = t["Resources"]["LB"]["Properties"]["LoadBalancerAttributes"]
                if says is None:
                    attrs[:] = [a for a in attrs if a["Key"] != "deletion_protection.enabled"]
                acct.deploy("lb", t)
                arn = acct.resources("lb")["LB"]
                acct.elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}])
                next(a for a in attrs if a["Key"] == "load_balancing.cross_zone.enabled")["Value"] = "false"
                self.assertEqual(acct.deploy("lb", t)["StackStatus"], "UPDATE_COMPLETE")
                self.assertEqual(self.attributes(acct, arn)["deletion_protection.enabled"], want)


def vault(name, retain=False):
    v = {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": name}}
    if retain:
        v["DeletionPolicy"] = v["UpdateReplacePolicy"] = "Retain"
    return v


class RetainedAndNamedResources(unittest.TestCase):
    """27 and 32: Retain keeps a resource; a kept fixed name blocks the next
    stack that names it; AWS Backup's vaults, plans and selections."""

    def test_retained_vault_blocks_a_second_create(self):
        acct = Account()
        params = {"Suffix": {"Type": "String"}}
        name = {"Fn::Join": ["-", ["retained", {"Ref": "Suffix"}]]}
        acct.deploy("vault1", template({"Vault": vault(name, retain=True)}, parameters=params), {"Suffix": "a"})
        self.assertEqual(acct.resources("vault1")["Vault"], "retained-a")
        self.assertEqual(acct.delete("vault1")["StackStatus"], "DELETE_COMPLETE")
        self.assertIn(("Vault", "DELETE_SKIPPED", None), acct.events(
            [s["StackId"] for s in acct.cloudformation.list_stacks()["StackSummaries"] if s["StackName"] == "vault1"][0]))
        self.assertEqual([v["BackupVaultName"] for v in acct.backup.list_backup_vaults()["BackupVaultList"]], ["retained-a"])
        stack = acct.deploy("vault2", template({"Vault": vault(name)}, parameters=params), {"Suffix": "a"})
        self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
        reason = [r for lid, s, r in acct.events("vault2") if lid == "Vault" and s == "CREATE_FAILED"][0]
        self.assertIn("Backup vault with the same name already exists", reason)
        self.assertIn("AlreadyExistsException", reason)
        ok = acct.deploy("vault3", template({"Vault": vault(name)}, parameters=params), {"Suffix": "b"})
        self.assertEqual(ok["StackStatus"], "CREATE_COMPLETE")

    def test_vault_with_recovery_points_stays(self):
        acct = Account()
        acct.deploy("points", template({"Vault": vault("with-points")}))
        job = acct.backup.start_backup_job(BackupVaultName="with-points", ResourceArn=f"arn:aws:dynamodb:{REGION}:{acct.id}:table/t",
                                           IamRoleArn=f"arn:aws:iam::{acct.id}:role/backup")
        self.assertEqual(acct.backup.describe_backup_vault(BackupVaultName="with-points")["NumberOfRecoveryPoints"], 1)
        with self.assertRaises(ClientError) as e:
            acct.backup.delete_backup_vault(BackupVaultName="with-points")
        self.assertEqual(code_of(e.exception), ("InvalidRequestException", "Backup vault cannot be deleted because it contains recovery points."))
        stack = acct.delete("points")
        self.assertEqual(stack["StackStatus"], "DELETE_FAILED")
        reason = [r for lid, s, r in acct.events("points") if lid == "Vault" and s == "DELETE_FAILED"][0]
        self.assertIn("Backup vault cannot be deleted because it contains recovery points.", reason)
        points = acct.backup.list_recovery_points_by_backup_vault(BackupVaultName="with-points")["RecoveryPoints"]
        self.assertEqual([p["RecoveryPointArn"] for p in points], [job["RecoveryPointArn"]])
        acct.backup.delete_recovery_point(BackupVaultName="with-points", RecoveryPointArn=job["RecoveryPointArn"])
        self.assertEqual(acct.delete("points")["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(acct.backup.list_backup_vaults()["BackupVaultList"], [])

    def test_plans_and_selections(self):
        acct = Account()
        resources = {
            "Vault": vault({"Fn::Sub": "${AWS::StackName}-vault"}),
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanName": "daily", "BackupPlanRule": [
                {"RuleName": "daily", "TargetBackupVault": {"Ref": "Vault"}, "ScheduleExpression": "cron(0 5 ? * * *)"}]}}},
            "Selection": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": {"Ref": "Plan"}, "BackupSelection": {
                "SelectionName": "all", "IamRoleArn": f"arn:aws:iam::{acct.id}:role/backup", "Resources": ["*"]}}},
        }
        outputs = {"VaultArn": {"Value": {"Fn::GetAtt": ["Vault", "BackupVaultArn"]}},
                   "PlanArn": {"Value": {"Fn::GetAtt": ["Plan", "BackupPlanArn"]}},
                   "SelectionId": {"Value": {"Fn::GetAtt": ["Selection", "SelectionId"]}}}
        stack = acct.deploy("plan", template(resources, outputs))
        out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        self.assertEqual(out["VaultArn"], f"arn:aws:backup:{REGION}:{acct.id}:backup-vault:plan-vault")
        plan = acct.backup.get_backup_plan(BackupPlanId=acct.resources("plan")["Plan"])
        self.assertEqual(plan["BackupPlanArn"], out["PlanArn"])
        self.assertEqual(plan["BackupPlan"]["Rules"][0]["TargetBackupVaultName"], "plan-vault")
        self.assertEqual(acct.resources("plan")["Selection"], out["SelectionId"])
        self.assertEqual(acct.delete("plan")["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(acct.backup.list_backup_plans()["BackupPlansList"], [])
        self.assertEqual(acct.backup.list_backup_vaults()["BackupVaultList"], [])

    def test_fixed_names_of_log_groups_and_roles(self):
        acct = Account()
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        kept = {"Logs": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain", "Properties": {"LogGroupName": "/fixed/name"}},
                "Role": {"Type": "AWS::IAM::Role", "DeletionPolicy": "Retain", "Properties": {"RoleName": "fixed-role", "AssumeRolePolicyDocument": trust}}}
        acct.deploy("named1", template(kept))
        acct.delete("named1")
        for lid in ("Logs", "Role"):
            arm_none = {k: dict(v, DeletionPolicy="Delete") for k, v in kept.items() if k == lid}
            stack = acct.deploy(f"named-{lid}", template(arm_none))
            self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE", lid)
            reason = [r for l, s, r in acct.events(f"named-{lid}") if l == lid and s == "CREATE_FAILED"][0]
            self.assertIn({"Logs": "The specified log group already exists", "Role": "Role with name fixed-role already exists."}[lid], reason)
        renamed = {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/fixed/other"}},
                   "Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "other-role", "AssumeRolePolicyDocument": trust}}}
        self.assertEqual(acct.deploy("named2", template(renamed))["StackStatus"], "CREATE_COMPLETE")

    def test_update_replace_policy(self):
        acct = Account()
        first = {"Kept": vault("kept-1", retain=True), "Gone": vault("gone-1")}
        acct.deploy("replace", template(first))
        second = {"Kept": vault("kept-2", retain=True), "Gone": vault("gone-2")}
        self.assertEqual(acct.deploy("replace", template(second))["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(acct.resources("replace"), {"Kept": "kept-2", "Gone": "gone-2"})
        names = sorted(v["BackupVaultName"] for v in acct.backup.list_backup_vaults()["BackupVaultList"])
        self.assertEqual(names, ["gone-2", "kept-1", "kept-2"])
        # A custom-named resource cannot be replaced under the same name.
        third = {"Kept": vault("kept-2", retain=True), "Gone": dict(vault("gone-2"), Properties={"BackupVaultName": "gone-2", "EncryptionKeyArn": "arn:aws:kms:us-west-2:1:key/k"})}
        acct.deploy("replace", template(third))
        stack = acct.stack("replace")
        self.assertEqual(stack["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        self.assertIn(("Gone", "UPDATE_FAILED", "CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename gone-2 and update the stack again."),
                      acct.events("replace"))


TRUST_CFN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def allow(actions, resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]})


class CrossAccountOutputs(unittest.TestCase):
    """33 and 34: Fn::GetStackOutput is read when a root stack's change set
    is made, through a role the execution role may assume (both sides)."""

    def setUp(self):
        self.provider, self.consumer = Account(), Account()
        p = self.provider
        p.iam.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.consumer.id}:root"}, "Action": "sts:AssumeRole"}]}))
        p.iam.put_role_policy(RoleName="reader", PolicyName="read", PolicyDocument=allow("cloudformation:DescribeStacks"))
        self.reader = f"arn:aws:iam::{p.id}:role/reader"
        self.exec_role = self.execution_role("cfn-exec", allow(["sts:AssumeRole", "ssm:*", "ec2:*"]))

    def execution_role(self, name, policy):
        self.consumer.iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST_CFN))
        self.consumer.iam.put_role_policy(RoleName=name, PolicyName="exec", PolicyDocument=policy)
        return f"arn:aws:iam::{self.consumer.id}:role/{name}"

    def provide(self, value):
        self.provider.deploy("provider", template({"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}}},
                                                  {"ServiceName": {"Value": value}}))

    def reading(self):
        return {"Fn::GetStackOutput": {"StackName": "provider", "OutputName": "ServiceName", "Region": REGION, "RoleArn": self.reader}}

    def consumer_template(self):
        return template({"Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/consumer/service", "Type": "String", "Value": self.reading()}}})

    def test_change_set_fails_before_anything_is_created(self):
        cs = self.consumer.change_set("consumer", self.consumer_template(), role=self.exec_role)
        self.assertEqual(cs["Status"], "FAILED")
        self.assertEqual(cs["ExecutionStatus"], "UNAVAILABLE")
        self.assertIn("provider", cs["StatusReason"])
        self.assertIn("does not exist", cs["StatusReason"])
        self.assertEqual(self.consumer.stack("consumer")["StackStatus"], "REVIEW_IN_PROGRESS")
        self.assertEqual(self.consumer.resources("consumer"), {})
        with self.assertRaises(ClientError) as e:
            self.consumer.cloudformation.execute_change_set(ChangeSetName=cs["ChangeSetId"])
        self.assertEqual(code_of(e.exception)[0], "InvalidChangeSetStatus")
        self.assertEqual(self.consumer.ssm.describe_parameters()["Parameters"], [])

    def test_value_is_read_when_the_change_set_is_made(self):
        self.provide("svc-1")
        cs = self.consumer.change_set("consumer", self.consumer_template(), role=self.exec_role)
        self.assertEqual(cs["Status"], "CREATE_COMPLETE", cs.get("StatusReason"))
        self.provide("svc-2")  # changed after the change set was made
        self.consumer.cloudformation.execute_change_set(ChangeSetName=cs["ChangeSetId"])
        self.assertEqual(self.consumer.stack("consumer")["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(self.consumer.ssm.get_parameter(Name="/consumer/service")["Parameter"]["Value"], "svc-1")

    def test_execution_role_must_be_allowed_to_assume_the_role(self):
        self.provide("svc")
        weak = self.execution_role("cfn-exec-weak", allow(["ssm:*", "ec2:*"]))
        cs = self.consumer.change_set("weak", self.consumer_template(), role=weak)
        self.assertEqual(cs["Status"], "FAILED")
        self.assertIn(f"{weak} is not authorized to perform: sts:AssumeRole on resource: {self.reader}", cs["StatusReason"])
        cs = self.consumer.change_set("strong", self.consumer_template(), role=self.exec_role)
        self.assertEqual(cs["Status"], "CREATE_COMPLETE", cs.get("StatusReason"))

    def test_conditions_on_other_actions_do_not_matter(self):
        """An execution policy like AmazonEC2FullAccess: a condition on
        iam:CreateServiceLinkedRole, nothing about sts:AssumeRole."""
        self.provide("svc")
        conditioned = {"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*",
                       "Condition": {"StringEquals": {"iam:AWSServiceName": "autoscaling.amazonaws.com"}}}
        doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ssm:*", "ec2:*"], "Resource": "*"}, conditioned]}
        role = self.execution_role("cfn-exec-ec2", json.dumps(doc))
        cs = self.consumer.change_set("ec2-only", self.consumer_template(), role=role)
        self.assertEqual(cs["Status"], "FAILED")
        self.assertIn(f"{role} is not authorized to perform: sts:AssumeRole on resource: {self.reader}", cs["StatusReason"])
        # A condition on the action itself cannot be evaluated here: refused, said so.
        doc["Statement"].append({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}})
        role = self.execution_role("cfn-exec-cond", json.dumps(doc))
        cs = self.consumer.change_set("cond", self.consumer_template(), role=role)
        self.assertEqual(cs["Status"], "FAILED")
        self.assertIn("a policy with conditions on sts:AssumeRole; the rehearsal does not evaluate them", cs["StatusReason"])

    def test_execution_role_with_managed_policies_from_its_template(self):
        """The CDK bootstrap's execution role: ManagedPolicyArns, the default
        AdministratorAccess or a custom --cloudformation-execution-policies."""
        self.provide("svc")
        c = self.consumer
        c.iam.create_policy(PolicyName="no-assume", PolicyDocument=allow(["ssm:*", "cloudformation:*"]))
        roles = {"Admin": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "exec-admin", "AssumeRolePolicyDocument": TRUST_CFN,
                                                                   "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}},
                 "Custom": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "exec-custom", "AssumeRolePolicyDocument": TRUST_CFN,
                                                                    "ManagedPolicyArns": [f"arn:aws:iam::{c.id}:policy/no-assume"]}}}
        self.assertEqual(c.deploy("toolkit", template(roles))["StackStatus"], "CREATE_COMPLETE")
        attached = c.iam.list_attached_role_policies(RoleName="exec-admin")["AttachedPolicies"]
        self.assertEqual([a["PolicyArn"] for a in attached], ["arn:aws:iam::aws:policy/AdministratorAccess"])
        cs = c.change_set("by-admin", self.consumer_template(), role=f"arn:aws:iam::{c.id}:role/exec-admin")
        self.assertEqual(cs["Status"], "CREATE_COMPLETE", cs.get("StatusReason"))
        cs = c.change_set("by-custom", self.consumer_template(), role=f"arn:aws:iam::{c.id}:role/exec-custom")
        self.assertEqual(cs["Status"], "FAILED")
        self.assertIn(f"arn:aws:iam::{c.id}:role/exec-custom is not authorized to perform: sts:AssumeRole on resource: {self.reader}", cs["StatusReason"])
        # A managed policy that does not exist fails the role, as IAM does.
        missing = template({"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": TRUST_CFN,
                                                                             "ManagedPolicyArns": [f"arn:aws:iam::{c.id}:policy/missing"]}}})
        self.assertEqual(c.deploy("toolkit2", missing)["StackStatus"], "ROLLBACK_COMPLETE")
        reason = [r for lid, s, r in c.events("toolkit2") if lid == "Role" and s == "CREATE_FAILED"][0]
        self.assertIn(f"Policy arn:aws:iam::{c.id}:policy/missing does not exist or is not attachable.", reason)

    def nested_parent(self, nested_param, extra=None):
        nested = template({"Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/nested/service", "Type": "String", "Value": self.reading()}}},
                          parameters={"Tag": {"Type": "String"}})
        url = getattr(self, "url", None) or self.consumer.put_template(nested)
        self.url = url
        resources = {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": url, "Parameters": {"Tag": nested_param}}}}
        resources.update(extra or {})
        return template(resources)

    def test_nested_stacks_read_when_they_are_created_or_updated(self):
        c = self.consumer
        # The parent's change set does not read the nested template's value...
        cs = c.change_set("parent", self.nested_parent("a"), role=self.exec_role)
        self.assertEqual(cs["Status"], "CREATE_COMPLETE", cs.get("StatusReason"))
        # ...its nested stack does, when it is created.
        c.cloudformation.execute_change_set(ChangeSetName=cs["ChangeSetId"])
        stack = c.stack("parent")
        self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
        reason = [r for lid, s, r in c.events("parent") if lid == "Child" and s == "CREATE_FAILED"][0]
        self.assertIn("was not successfully created", reason)
        self.assertIn("does not exist", [r for lid, s, r in c.events(re.search(r"(arn:\S+) was", reason).group(1)) if lid == "Param" and s == "CREATE_FAILED"][0])
        c.delete("parent")
        self.provide("svc-1")
        self.assertEqual(c.deploy("parent", self.nested_parent("a"), role=self.exec_role)["StackStatus"], "CREATE_COMPLETE")
        child = c.resources("parent")["Child"]
        child_events = len(c.events(child))
        self.assertEqual(c.ssm.get_parameter(Name="/nested/service")["Parameter"]["Value"], "svc-1")
        # An update of the parent that leaves the nested stack's properties
        # alone leaves the nested stack alone (its value is not read again).
        self.provider.delete("provider")
        extra = {"Other": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/parent/other", "Type": "String", "Value": "x"}}}
        self.assertEqual(c.deploy("parent", self.nested_parent("a", extra), role=self.exec_role)["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(len(c.events(child)), child_events)
        self.assertEqual(c.resources("parent")["Child"], child)
        # Changed properties update it in place, and it reads the value then.
        c.deploy("parent", self.nested_parent("b", extra), role=self.exec_role)
        stack = c.stack("parent")
        self.assertEqual(stack["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        reason = [r for lid, s, r in c.events("parent") if lid == "Child" and s == "UPDATE_FAILED"][0]
        self.assertIn(f"Embedded stack {child} was not successfully updated", reason)
        self.assertEqual(c.stack(child)["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        self.provide("svc-2")
        self.assertEqual(c.deploy("parent", self.nested_parent("b", extra), role=self.exec_role)["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(c.resources("parent")["Child"], child)
        self.assertEqual(c.stack(child)["Parameters"], [{"ParameterKey": "Tag", "ParameterValue": "b"}])


class UpdateSemantics(unittest.TestCase):
    """35: replacement, in-place updates, additions and removals as
    CloudFormation does them, for the types a service stack uses."""

    def resources(self, port=80, listener_port=80, rule_port=80, image="busybox:1", instance="t3.micro", last="Removed"):
        r = vpc_resources()
        r.update({
            "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-west-2a"}},
            "Ingress": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {"GroupId": {"Fn::GetAtt": ["Group", "GroupId"]}, "IpProtocol": "tcp",
                                                                                  "FromPort": rule_port, "ToPort": rule_port, "CidrIp": "10.0.0.0/16"}},
            "LB": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network", "Scheme": "internal", "Subnets": [{"Ref": "Subnet"}]}},
            "TG": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": port, "Protocol": "TCP", "VpcId": {"Ref": "Vpc"}, "TargetType": "ip"}},
            "Listener": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
                "LoadBalancerArn": {"Ref": "LB"}, "Port": listener_port, "Protocol": "TCP",
                "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "TG"}}]}},
            "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {}},
            "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "web", "ContainerDefinitions": [{"Name": "web", "Image": image, "Memory": 128}]}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"}, "DesiredCount": 1}},
            "Template": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"ImageId": "ami-12345678", "InstanceType": instance}}},
            last: {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": last, "VpcId": {"Ref": "Vpc"}}},
        })
        return template(r)

    def ingress_ports(self, acct, group):
        g = acct.ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]
        return sorted(p["FromPort"] for p in g["IpPermissions"])

    def test_update_replaces_updates_adds_and_removes(self):
        acct = Account()
        acct.deploy("svc", self.resources())
        before = acct.resources("svc")
        self.assertEqual(self.ingress_ports(acct, before["Group"]), [80])
        stack = acct.deploy("svc", self.resources(port=8080, listener_port=81, rule_port=443, image="busybox:2", instance="t3.small", last="Added"))
        self.assertEqual(stack["StackStatus"], "UPDATE_COMPLETE")
        after = acct.resources("svc")
        self.assertEqual(sorted(after), sorted(set(before) - {"Removed"} | {"Added"}))
        # Target group: Port requires replacement; the listener follows it,
        # updated in place (Port is no interruption); the old group goes.
        self.assertNotEqual(after["TG"], before["TG"])
        groups = acct.elbv2.describe_target_groups()["TargetGroups"]
        self.assertEqual([(g["TargetGroupArn"], g["Port"]) for g in groups], [(after["TG"], 8080)])
        self.assertEqual(after["Listener"], before["Listener"])
        listener = acct.elbv2.describe_listeners(ListenerArns=[after["Listener"]])["Listeners"][0]
        self.assertEqual((listener["Port"], listener["DefaultActions"][0]["TargetGroupArn"]), (81, after["TG"]))
        # Security group rule: replaced, the old one revoked.
        self.assertEqual(self.ingress_ports(acct, after["Group"]), [443])
        # Task definition: replaced by a new revision; the service (in place) runs it.
        self.assertNotEqual(after["Task"], before["Task"])
        self.assertEqual(acct.ecs.describe_task_definition(taskDefinition=before["Task"])["taskDefinition"]["status"], "INACTIVE")
        self.assertEqual(acct.ecs.describe_task_definition(taskDefinition=after["Task"])["taskDefinition"]["containerDefinitions"][0]["image"], "busybox:2")
        self.assertEqual(after["Service"], before["Service"])
        cluster = acct.ecs.describe_clusters(clusters=[after["Cluster"]])["clusters"][0]
        service = acct.ecs.describe_services(cluster=cluster["clusterArn"], services=[after["Service"]])["services"][0]
        self.assertEqual(service["taskDefinition"], after["Task"])
        self.assertEqual(after["Cluster"], before["Cluster"])
        # Launch template: the data is updated in place, as a new version.
        self.assertEqual(after["Template"], before["Template"])
        lt = acct.ec2.describe_launch_templates(LaunchTemplateIds=[after["Template"]])["LaunchTemplates"][0]
        self.assertEqual(lt["LatestVersionNumber"], 2)
        versions = acct.ec2.describe_launch_template_versions(LaunchTemplateId=after["Template"])["LaunchTemplateVersions"]
        self.assertEqual({v["VersionNumber"]: v["LaunchTemplateData"]["InstanceType"] for v in versions}, {1: "t3.micro", 2: "t3.small"})
        # Removed and added.
        self.assertEqual(group_ids(acct), {after["Group"], after["Added"]})
        # The events: replacement first, old resources deleted in the cleanup.
        evs = acct.events("svc")
        cleanup = evs.index(("svc", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", None))
        self.assertIn(("TG", "UPDATE_IN_PROGRESS", "Requested update requires the creation of a new physical resource; hence creating one."), evs[:cleanup])
        self.assertEqual({lid for lid, s, _ in evs[cleanup:] if s == "DELETE_COMPLETE"}, {"TG", "Ingress", "Task", "Removed"})
        # Deleting the stack deletes what moto left behind before.
        self.assertEqual(acct.delete("svc")["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(acct.elbv2.describe_target_groups()["TargetGroups"], [])
        self.assertEqual(acct.elbv2.describe_load_balancers()["LoadBalancers"], [])
        self.assertEqual(acct.ec2.describe_launch_templates()["LaunchTemplates"], [])
        self.assertEqual(acct.ecs.describe_task_definition(taskDefinition=after["Task"])["taskDefinition"]["status"], "INACTIVE")
        self.assertEqual(acct.ecs.describe_clusters(clusters=[after["Cluster"]])["clusters"][0]["status"], "INACTIVE")
        self.assertEqual(group_ids(acct), set())

    def test_unchanged_template_changes_nothing(self):
        acct = Account()
        acct.deploy("same", self.resources())
        before, count = acct.resources("same"), len(acct.events("same"))
        cs = acct.change_set("same", self.resources())
        self.assertEqual(cs["Status"], "FAILED")
        self.assertIn("didn't contain changes", cs["StatusReason"])
        # Through UpdateStack with a parameter that changes nothing resolved.
        t = self.resources()
        t["Parameters"] = {"Unused": {"Type": "String", "Default": "x"}}
        acct.cloudformation.update_stack(StackName="same", TemplateBody=json.dumps(t))
        self.assertEqual(acct.stack("same")["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(acct.resources("same"), before)
        self.assertEqual({s for lid, s, _ in acct.events("same")[count:] if lid != "same"}, set())


class CdkCliReportsFailures(unittest.TestCase):
    """27 and 28 through the real CDK CLI: a first deploy that fails midway
    is reported with the resource's reason; the next deploy deletes the
    ROLLBACK_COMPLETE stack and creates it; a failed update rolls back."""

    def assembly(self, acct, resources):
        out = tempfile.mkdtemp(prefix="launcher-test-cdk-")
        self.addCleanup(shutil.rmtree, out, True)
        with open(os.path.join(out, "clitest.template.json"), "w") as f:
            json.dump(template(resources), f)
        with open(os.path.join(out, "manifest.json"), "w") as f:
            json.dump({"version": "54.0.0", "artifacts": {"clitest": {
                "type": "aws:cloudformation:stack", "environment": f"aws://{acct.id}/{REGION}",
                "properties": {"templateFile": "clitest.template.json", "validateOnSynth": False}, "displayName": "clitest"}}}, f)
        return out

    def cdk_deploy(self, acct, resources):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "CDK_DEFAULT_ACCOUNT"}
        env.update({"AWS_ENDPOINT_URL": endpoint, "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION,
                    "AWS_ACCESS_KEY_ID": acct.creds["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": acct.creds["SecretAccessKey"],
                    "AWS_SESSION_TOKEN": acct.creds["SessionToken"], "AWS_EC2_METADATA_DISABLED": "true",
                    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20"})
        res = subprocess.run([CDK, "deploy", "--app", self.assembly(acct, resources), "clitest", "--require-approval", "never", "--no-notices"],
                             cwd=tempfile.gettempdir(), env=env, capture_output=True, text=True, timeout=300)
        return res.returncode, res.stdout + res.stderr

    @unittest.skipUnless(os.path.exists(CDK), "no CDK CLI in node_modules")
    def test_failed_deploy_then_deploy_again(self):
        acct = Account()
        resources = vpc_resources()
        resources["Late"] = {"Type": "AWS::EC2::SecurityGroup", "DependsOn": "Group", "Properties": {"GroupDescription": "late", "VpcId": {"Ref": "Vpc"}}}
        arm(acct.id, "clitest", "The maximum number of security groups has been reached.", logical_id="Late")
        code, said = self.cdk_deploy(acct, resources)
        self.assertNotEqual(code, 0, said)
        self.assertIn("The maximum number of security groups has been reached.", said)
        self.assertIn("ROLLBACK_COMPLETE", said)
        self.assertEqual(acct.stack("clitest")["StackStatus"], "ROLLBACK_COMPLETE")
        code, said = self.cdk_deploy(acct, resources)
        self.assertEqual(code, 0, said)
        self.assertEqual(acct.stack("clitest")["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(len(group_ids(acct)), 2)
        resources["Later"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "later", "VpcId": {"Ref": "Vpc"}}}
        arm(acct.id, "clitest", "later refused", logical_id="Later")
        code, said = self.cdk_deploy(acct, resources)
        self.assertNotEqual(code, 0, said)
        self.assertIn("later refused", said)
        self.assertIn("UPDATE_ROLLBACK_COMPLET", said)  # the CLI cuts the status to its column
        self.assertEqual(acct.stack("clitest")["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        self.assertEqual(len(group_ids(acct)), 2)


class CustomResourcePhases(unittest.TestCase):
    """4 (extended): a Custom::AWS makes its Delete call when CloudFormation
    deletes it, after the same IAM check as its Create call."""

    def resources(self, allowed):
        call = lambda action: {"Fn::Join": ["", [  # noqa: E731
            '{"service":"Route53","action":"changeResourceRecordSets","physicalResourceId":{"id":"own-record"},'
            '"ignoreErrorCodesMatching":"InvalidChangeBatch","parameters":{"HostedZoneId":"', {"Ref": "Zone"},
            '","ChangeBatch":{"Changes":[{"Action":"' + action + '","ResourceRecordSet":{"Name":"_x.owned.example.","Type":"CNAME","TTL":300,'
            '"ResourceRecords":[{"Value":"_y.acm-validations.aws."}]}}]}}}']]}
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        statement = {"Effect": "Allow", "Action": "route53:ChangeResourceRecordSets" if allowed else "route53:GetHostedZone",
                     "Resource": {"Fn::Join": ["", ["arn:aws:route53:::hostedzone/", {"Ref": "Zone"}]]}}
        r = zone_template("owned.example")
        r.update({
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": trust}},
            "Policy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "own", "Roles": [{"Ref": "Role"}],
                                                                 "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}}},
            "Function": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs20.x", "Handler": "index.handler",
                                                                         "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": "exports.handler = async () => ({})"}}},
            "Own": {"Type": "Custom::AWS", "DependsOn": "Policy", "Properties": {
                "ServiceToken": {"Fn::GetAtt": ["Function", "Arn"]}, "Create": call("UPSERT"), "Update": call("UPSERT"), "Delete": call("DELETE")}},
        })
        return template(r)

    def test_delete_call_runs_with_the_stack(self):
        acct = Account()
        self.assertEqual(acct.deploy("own", self.resources(True))["StackStatus"], "CREATE_COMPLETE")
        zone_id = acct.resources("own")["Zone"]
        self.assertEqual([r["Name"] for r in records(acct, zone_id, "CNAME")], ["_x.owned.example."])
        self.assertEqual(acct.resources("own")["Own"], "own-record")
        self.assertEqual(acct.delete("own")["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(acct.route53.list_hosted_zones()["HostedZones"], [])

    def test_record_already_gone_is_ignored(self):
        acct = Account()
        acct.deploy("gone", self.resources(True))
        zone_id = acct.resources("gone")["Zone"]
        cname = records(acct, zone_id, "CNAME")[0]
        acct.route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "DELETE", "ResourceRecordSet": cname}]})
        self.assertEqual(acct.delete("gone")["StackStatus"], "DELETE_COMPLETE")

    def test_call_refused_without_permission(self):
        acct = Account()
        self.assertEqual(acct.deploy("refused", self.resources(False))["StackStatus"], "ROLLBACK_COMPLETE")
        reason = [r for lid, s, r in acct.events("refused") if lid == "Own" and s == "CREATE_FAILED"][0]
        self.assertIn("may not call route53:ChangeResourceRecordSets on arn:aws:route53:::hostedzone/", reason)
        self.assertEqual(acct.route53.list_hosted_zones()["HostedZones"], [])


def reason_of(acct, stack, logical_id, status):
    return [r for lid, s, r in acct.events(stack) if lid == logical_id and s == status][0]


def created_order(acct, stack):
    """Logical IDs of the stack's resources in the order they were created."""
    return [lid for lid, s, _ in acct.events(stack) if s == "CREATE_COMPLETE" and lid != stack]


APOSTROPHE = "listener ports from the gateway's VPC link"


class AwsInputRules(unittest.TestCase):
    """36: what AWS's APIs refuse (test/awsrules) fails the resource, with the
    service's error code and message, and the stack rolls back."""

    def rule_resources(self, description):
        r = vpc_resources()
        r["Ingress"] = {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": {"Fn::GetAtt": ["Group", "GroupId"]}, "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "CidrIp": "10.0.0.0/16", "Description": description}}
        return r

    def test_apostrophe_in_a_rule_description_fails_the_stack(self):
        variants = {
            "Ingress": self.rule_resources(APOSTROPHE),
            "Egress": dict(vpc_resources(), Egress={"Type": "AWS::EC2::SecurityGroupEgress", "Properties": {
                "GroupId": {"Fn::GetAtt": ["Group", "GroupId"]}, "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                "CidrIp": "10.0.0.0/16", "Description": APOSTROPHE}}),
            "Inline": dict(vpc_resources(), Inline={"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "GroupDescription": "inline", "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/16", "Description": APOSTROPHE}]}}),
            # A value is checked once resolved: the joined string here.
            "Joined": self.rule_resources({"Fn::Join": ["", ["listener ports from the gateway", "'s VPC link"]]}),
        }
        for name, resources in variants.items():
            with self.subTest(name):
                acct = Account()
                stack = acct.deploy("rules", template(resources))
                failed = "Ingress" if name == "Joined" else name
                self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
                self.assertEqual(stack["StackStatusReason"], f"The following resource(s) failed to create: [{failed}]. Rollback requested by user.")
                self.assertEqual(reason_of(acct, "rules", failed, "CREATE_FAILED"),
                                 'Resource handler returned message: "Invalid rule description. Valid descriptions are strings less than 256 '
                                 'characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*" '
                                 '(Service: EC2, Status Code: 400, Error Code: InvalidParameterValue)')
                self.assertEqual(group_ids(acct), set())

    def test_passing_case_creates_the_rule(self):
        acct = Account()
        stack = acct.deploy("rules-ok", template(self.rule_resources("listener ports from the VPC link of the gateway")))
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
        group = acct.ec2.describe_security_groups(GroupIds=[acct.resources("rules-ok")["Group"]])["SecurityGroups"][0]
        self.assertEqual(group["IpPermissions"][0]["IpRanges"], [{"CidrIp": "10.0.0.0/16", "Description": "listener ports from the VPC link of the gateway"}])

    def test_values_still_unresolved_are_skipped(self):
        sys.path.insert(0, HERE)
        import moto_launcher  # the check itself, in this process

        props = {"GroupId": "sg-1", "IpProtocol": "tcp", "Description": APOSTROPHE}
        with self.assertRaises(moto_launcher.ServiceException) as e:
            moto_launcher._refuse_input("AWS::EC2::SecurityGroupIngress", props)
        self.assertEqual(e.exception.code, "InvalidParameterValue")
        for unresolved in ({"Fn::GetAtt": ["Elsewhere", "Description"]}, {"Fn::Join": ["", ["the gateway", "'s"]]},
                           "{{resolve:ssm:/rule/description}}"):
            moto_launcher._refuse_input("AWS::EC2::SecurityGroupIngress", dict(props, Description=unresolved))

    def test_an_update_is_checked_too(self):
        acct = Account()
        tagged = lambda key: dict(vpc_resources(), Vpc={"Type": "AWS::EC2::VPC", "Properties": {  # noqa: E731
            "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": key, "Value": "x"}]}})
        acct.deploy("rules-up", template(tagged("team")))
        vpc = acct.resources("rules-up")["Vpc"]
        acct.deploy("rules-up", template(tagged("aws:team")))  # in place: tags are no interruption
        self.assertEqual(acct.stack("rules-up")["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        reason = reason_of(acct, "rules-up", "Vpc", "UPDATE_FAILED")
        self.assertIn("Tag keys starting with 'aws:' are reserved for internal use", reason)
        self.assertIn("Error Code: InvalidParameterValue", reason)
        self.assertEqual(acct.resources("rules-up")["Vpc"], vpc)
        self.assertEqual(acct.deploy("rules-up", template(tagged("owner")))["StackStatus"], "UPDATE_COMPLETE")


def sdk_call(service, action, parameters, physical_id=None, output_paths=None):
    """The JSON of an AwsCustomResource call, as the CDK writes it: an
    Fn::Join whose references (Ref, Fn::GetAtt) stand inside JSON strings."""
    refs = []

    def mark(value):
        if isinstance(value, dict) and len(value) == 1 and next(iter(value)).startswith(("Ref", "Fn::")):
            refs.append(value)
            return f"@@{len(refs) - 1}@@"
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    call = {"service": service, "action": action, "parameters": mark(parameters)}
    if physical_id is not None:
        call["physicalResourceId"] = {"id": physical_id}
    if output_paths is not None:
        call["outputPaths"] = output_paths
    pieces = []
    for i, text in enumerate(re.split(r"@@(\d+)@@", json.dumps(call))):
        pieces.append(refs[int(text)] if i % 2 else text)
    return {"Fn::Join": ["", [p for p in pieces if p != ""]]}


def sdk_function(actions):
    """A function role allowed actions on everything, and its function."""
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    return {
        "FnRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": trust}},
        "FnPolicy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "calls", "Roles": [{"Ref": "FnRole"}], "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}}},
        "Function": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs20.x", "Handler": "index.handler",
                                                                     "Role": {"Fn::GetAtt": ["FnRole", "Arn"]},
                                                                     "Code": {"ZipFile": "exports.handler = async () => ({})"}}},
    }


def custom(create, depends=("FnPolicy",), update=None, **extra):
    r = {"Type": "Custom::AWS", "DependsOn": list(depends),
         "Properties": dict({"ServiceToken": {"Fn::GetAtt": ["Function", "Arn"]}, "Create": create, "Update": update or create}, **extra)}
    if not depends:
        del r["DependsOn"]
    return r


class CreationOrder(unittest.TestCase):
    """37: of the resources whose dependencies are created, the last in the
    template goes first; a missing dependency shows whatever the template's
    order."""

    def independent(self):
        r = {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}}
        r.update(vpc_resources())
        for name in ("A", "B", "C"):
            r[name] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": name, "VpcId": {"Ref": "Vpc"}}}
        return r

    def test_order_of_creates_and_of_what_an_update_adds(self):
        acct = Account()
        r = self.independent()
        acct.deploy("order", template(r))
        self.assertEqual(created_order(acct, "order"), ["Vpc", "C", "B", "A", "Group", "Logs"])
        acct.cloudformation.create_stack(StackName="order-cs", TemplateBody=json.dumps(template(r)))
        self.assertEqual(created_order(acct, "order-cs"), ["Vpc", "C", "B", "A", "Group", "Logs"])
        before = len(acct.events("order"))
        r["D"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "D", "VpcId": {"Ref": "Vpc"}}}
        r["E"] = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 1}}
        self.assertEqual(acct.deploy("order", template(r))["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual([lid for lid, s, _ in acct.events("order")[before:] if s == "CREATE_COMPLETE"], ["E", "D"])

    def test_certificates_after_whatever_else_is_ready(self):
        acct = Account()
        r = {"Cert": {"Type": "AWS::CertificateManager::Certificate", "Properties": {"DomainName": "order.example.com", "ValidationMethod": "DNS"}},
             "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}},
             "Waits": {"Type": "AWS::Logs::LogGroup", "DependsOn": ["Cert"], "Properties": {"RetentionInDays": 1}}}
        acct.deploy("cert-order", template(r))
        # Last in the template first would be Logs, then Cert; a certificate
        # goes after every other resource that is ready, whatever the order.
        self.assertEqual(created_order(acct, "cert-order"), ["Logs", "Cert", "Waits"])
        r = {"Logs": r["Logs"], "Cert": r["Cert"], "Waits": r["Waits"]}
        acct.deploy("cert-order-2", template(r))
        self.assertEqual(created_order(acct, "cert-order-2"), ["Logs", "Cert", "Waits"])
        # Of two slow ones, the one something waits for first, whatever the
        # template's order; the other after everything else.
        r = {"Logs": r["Logs"], "Cert": r["Cert"],
             "Alone": dict(r["Cert"], Properties={"DomainName": "alone.example.com", "ValidationMethod": "DNS"}), "Waits": r["Waits"]}
        acct.deploy("cert-order-3", template(r))
        self.assertEqual(created_order(acct, "cert-order-3"), ["Logs", "Cert", "Waits", "Alone"])

    def own_record(self, depends):
        """A custom resource whose function's policy comes before it in the
        template: template order alone would make the call allowed."""
        call = sdk_call("Route53", "changeResourceRecordSets", {"HostedZoneId": {"Ref": "Zone"}, "ChangeBatch": {"Changes": [{
            "Action": "UPSERT", "ResourceRecordSet": {"Name": "_x.order.example.", "Type": "CNAME", "TTL": 300,
                                                      "ResourceRecords": [{"Value": "_y.acm-validations.aws."}]}}]}}, "own-record")
        r = sdk_function("route53:ChangeResourceRecordSets")
        r.update(zone_template("order.example"))
        r["Own"] = custom(call, depends)
        return template(r)

    def test_custom_resource_without_depends_on_its_policy(self):
        acct = Account()
        stack = acct.deploy("own", self.own_record(()))
        self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertIn("may not call route53:ChangeResourceRecordSets", reason_of(acct, "own", "Own", "CREATE_FAILED"))
        started = [lid for lid, s, _ in acct.events("own") if s == "CREATE_IN_PROGRESS"]
        self.assertNotIn("FnPolicy", started[:started.index("Own")])

    def test_passing_case_depends_on_its_policy(self):
        acct = Account()
        self.assertEqual(acct.deploy("own", self.own_record(("FnPolicy",)))["StackStatus"], "CREATE_COMPLETE")
        order = created_order(acct, "own")
        self.assertLess(order.index("FnPolicy"), order.index("Own"))


class ZoneDelegation(unittest.TestCase):
    """38: a zone CloudFormation creates is delegated once a certificate
    validated in it is issued (or when the rehearsal says so); private DNS
    verification against a zone not delegated yet fails."""

    DOMAIN = "svc.delegated.example"

    def zone(self, acct):
        acct.deploy("svc-dns", template(zone_template(self.DOMAIN), {"ZoneId": {"Value": {"Ref": "Zone"}}}))
        return acct.resources("svc-dns")["Zone"]

    def provider(self, zone_id, certificate=False, waits=True):
        """A network load balancer's endpoint service whose private DNS name is
        set, proven by the TXT record and verified, as the library does it;
        with certificate, a certificate validated in the zone, which the
        verification waits for when waits."""
        svc = {"Ref": "Service"}
        r = sdk_function(["ec2:*"])
        r.update(vpc_resources())
        r.update({
            "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.3.0/24", "AvailabilityZone": "us-west-2a"}},
            "LB": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network", "Scheme": "internal", "Subnets": [{"Ref": "Subnet"}]}},
            "Service": {"Type": "AWS::EC2::VPCEndpointService", "Properties": {"NetworkLoadBalancerArns": [{"Ref": "LB"}], "AcceptanceRequired": False}},
            "SetName": custom(sdk_call("EC2", "modifyVpcEndpointServiceConfiguration", {"ServiceId": svc, "PrivateDnsName": self.DOMAIN}, "name")),
            "Challenge": custom(sdk_call("EC2", "describeVpcEndpointServiceConfigurations", {"ServiceIds": [svc]}, "challenge",
                                         ["ServiceConfigurations.0.PrivateDnsNameConfiguration.Name",
                                          "ServiceConfigurations.0.PrivateDnsNameConfiguration.Value"]), ("FnPolicy", "SetName")),
            "Record": {"Type": "AWS::Route53::RecordSet", "Properties": {
                "HostedZoneId": zone_id, "Type": "TXT", "TTL": "1800",
                "Name": {"Fn::Join": ["", [{"Fn::GetAtt": ["Challenge", "ServiceConfigurations.0.PrivateDnsNameConfiguration.Name"]}, f".{self.DOMAIN}."]]},
                "ResourceRecords": [{"Fn::Join": ["", ['"', {"Fn::GetAtt": ["Challenge", "ServiceConfigurations.0.PrivateDnsNameConfiguration.Value"]}, '"']]}]}},
            "Start": custom(sdk_call("EC2", "startVpcEndpointServicePrivateDnsVerification", {"ServiceId": svc}, "start"),
                            ("FnPolicy", "Record") + (("Cert",) if certificate and waits else ())),
            "State": custom(sdk_call("EC2", "describeVpcEndpointServiceConfigurations", {"ServiceIds": [svc]}, "state",
                                     ["ServiceConfigurations.0.PrivateDnsNameConfiguration.State"]), ("FnPolicy", "Start")),
        })
        resources = {}
        if certificate:  # first in the template: 37 creates it last unless something waits for it
            resources["Cert"] = certificate_of(self.DOMAIN, zone_id)
        resources.update(r)
        return template(resources, {"State": {"Value": {"Fn::GetAtt": ["State", "ServiceConfigurations.0.PrivateDnsNameConfiguration.State"]}}})

    def state(self, acct, stack="svc"):
        out = {o["OutputKey"]: o["OutputValue"] for o in acct.stack(stack).get("Outputs", [])}
        return out.get("State")

    def test_verification_before_delegation_fails(self):
        acct = Account()
        zone_id = self.zone(acct)
        self.assertEqual(acct.deploy("svc", self.provider(zone_id))["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(self.state(acct), "failed")
        # The TXT record is there: only the delegation is missing.
        self.assertEqual(len(records(acct, zone_id, "TXT")), 1)

    def test_verification_that_does_not_wait_for_the_certificate_fails(self):
        acct = Account()
        zone_id = self.zone(acct)
        acct.deploy("svc", self.provider(zone_id, certificate=True, waits=False))
        self.assertEqual(self.state(acct), "failed")
        order = created_order(acct, "svc")
        self.assertLess(order.index("Start"), order.index("Cert"))

    def test_verification_after_the_certificate_passes(self):
        acct = Account()
        zone_id = self.zone(acct)
        self.assertEqual(acct.deploy("svc", self.provider(zone_id, certificate=True))["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(self.state(acct), "verified")

    def test_delegated_by_the_rehearsal(self):
        acct = Account()
        status, body = rehearsal("POST", {"account": acct.id, "zone": self.DOMAIN + "."}, "/rehearsal/delegate")
        self.assertEqual((status, body["zones"]), (200, []))  # before the zone exists
        zone_id = self.zone(acct)
        acct.deploy("svc", self.provider(zone_id))
        self.assertEqual(self.state(acct), "verified")
        # A zone that exists is delegated at once.
        other = Account()
        zone_id = self.zone(other)
        status, body = rehearsal("POST", {"account": other.id, "zone": self.DOMAIN}, "/rehearsal/delegate")
        self.assertEqual(body["zones"], [zone_id])
        other.deploy("svc", self.provider(zone_id))
        self.assertEqual(self.state(other), "verified")

    def test_zone_made_through_the_api_counts_as_delegated(self):
        acct = Account()
        zone_id = acct.route53.create_hosted_zone(Name=self.DOMAIN, CallerReference=uuid.uuid4().hex)["HostedZone"]["Id"].split("/")[-1]
        acct.deploy("svc", self.provider(zone_id))
        self.assertEqual(self.state(acct), "verified")

    def test_requests_are_checked(self):
        self.assertEqual(rehearsal("POST", {"account": "1", "zone": "a.example"}, "/rehearsal/delegate")[0], 400)
        self.assertEqual(rehearsal("POST", {"account": "123456789012"}, "/rehearsal/delegate")[0], 400)
        self.assertEqual(rehearsal("POST", {"account": "123456789012", "zone": "a.example", "x": 1}, "/rehearsal/delegate")[0], 400)
        self.assertEqual(rehearsal("GET", None, "/rehearsal/delegate")[0], 405)


def certificate_of(domain, zone_ref):
    return certificate(domain, zone_ref)


class InstanceBootPermissions(unittest.TestCase):
    """39: an Auto Scaling group's instances boot with the policies of their
    role that exist when it is created."""

    def group(self, acct, depends=(), managed=False, role_name=None):
        image = acct.ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64")["Parameter"]["Value"]
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]}
        policy = ({"Type": "AWS::IAM::ManagedPolicy", "Properties": {"Roles": [{"Ref": "Role"}], "PolicyDocument": document}} if managed else
                  {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "boot", "Roles": [{"Ref": "Role"}], "PolicyDocument": document}})
        role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": trust}}
        if role_name:
            role["Properties"]["RoleName"] = role_name
        r = {"Policy": policy, "Role": role}  # the policy first: template order would be right
        r.update(vpc_resources())
        r.update({
            "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.4.0/24", "AvailabilityZone": "us-west-2a"}},
            "Profile": {"Type": "AWS::IAM::InstanceProfile", "Properties": {"Roles": [{"Ref": "Role"}]}},
            "Template": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
                "ImageId": image, "InstanceType": "t4g.micro", "IamInstanceProfile": {"Arn": {"Fn::GetAtt": ["Profile", "Arn"]}}}}},
            "Group": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
                "MinSize": "1", "MaxSize": "1", "VPCZoneIdentifier": [{"Ref": "Subnet"}],
                "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Template"}, "Version": {"Fn::GetAtt": ["Template", "LatestVersionNumber"]}}}},
        })
        if depends:
            r["Group"]["DependsOn"] = list(depends)
        if role_name is not None and not depends:
            del r["Policy"]
        return template(r)

    def test_group_created_before_its_role_policy_fails(self):
        for managed in (False, True):
            with self.subTest(managed=managed):
                acct = Account()
                stack = acct.deploy("boot", self.group(acct, managed=managed))
                self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
                reason = reason_of(acct, "boot", "Group", "CREATE_FAILED")
                kind = "AWS::IAM::ManagedPolicy" if managed else "AWS::IAM::Policy"
                self.assertRegex(reason, rf"^Auto Scaling group Group launches its instances \(launch template lt-\w+, instance profile \S+\) "
                                         rf"before this stack creates Policy \({kind}\), a policy of their role \S+: they would boot, and run their "
                                         r"user data, without its permissions\. Make the group depend on it \(DependsOn\)\.$")
                self.assertEqual(acct.autoscaling.describe_auto_scaling_groups()["AutoScalingGroups"], [])

    def test_passing_case_group_depends_on_the_policy(self):
        acct = Account()
        self.assertEqual(acct.deploy("boot", self.group(acct, depends=("Policy",)))["StackStatus"], "CREATE_COMPLETE")
        order = created_order(acct, "boot")
        self.assertLess(order.index("Policy"), order.index("Group"))
        self.assertEqual(len(acct.autoscaling.describe_auto_scaling_groups()["AutoScalingGroups"]), 1)

    def test_a_policy_of_another_stack_is_not_checked(self):
        acct = Account()
        self.assertEqual(acct.deploy("boot", self.group(acct, role_name="boot-role"))["StackStatus"], "CREATE_COMPLETE")
        later = {"Later": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "later", "Roles": ["boot-role"], "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}}
        self.assertEqual(acct.deploy("boot-later", template(later))["StackStatus"], "CREATE_COMPLETE")


ARM64 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"


class AmiRelease(unittest.TestCase):
    """40: /rehearsal/ami publishes a new Amazon Linux image; the public
    parameter and Custom::AWS getParameter read it."""

    def release(self, arch="arm64", region=REGION):
        status, body = rehearsal("POST", {"region": region, "arch": arch}, "/rehearsal/ami")
        self.assertEqual(status, 200, body)
        return body

    def test_requests_are_checked(self):
        self.assertEqual(rehearsal("POST", {"region": REGION, "arch": "sparc"}, "/rehearsal/ami")[0], 400)
        self.assertEqual(rehearsal("POST", {"region": "xx-nowhere-1", "arch": "arm64"}, "/rehearsal/ami")[0], 400)
        self.assertEqual(rehearsal("POST", {"region": REGION, "arch": "arm64", "account": "1"}, "/rehearsal/ami")[0], 400)
        self.assertEqual(rehearsal("GET", None, "/rehearsal/ami")[0], 405)

    def test_release_updates_the_parameter_and_registers_the_image(self):
        acct = Account()
        before = acct.ssm.get_parameter(Name=ARM64)["Parameter"]
        x86 = acct.ssm.get_parameter(Name=ARM64.replace("arm64", "x86_64"))["Parameter"]["Value"]
        released = self.release()
        self.assertEqual(released["previous"], before["Value"])
        self.assertRegex(released["imageId"], r"^ami-[0-9a-f]{17}$")
        for reader in (acct, Account()):  # an account that read it before, and a new one
            now = reader.ssm.get_parameter(Name=ARM64)["Parameter"]
            self.assertEqual((now["Value"], now["Version"]), (released["imageId"], before["Version"] + 1))
            image = reader.ec2.describe_images(ImageIds=[released["imageId"]])["Images"][0]
            self.assertEqual((image["Architecture"], image["OwnerId"], image["Public"]), ("arm64", "137112412989", True))
            self.assertEqual(reader.ssm.get_parameter(Name=ARM64.replace("arm64", "x86_64"))["Parameter"]["Value"], x86)
            # aws-cdk-lib's latestAmazonLinux2023 reads the kernel-6.1 parameter: it moves too.
            self.assertEqual(reader.ssm.get_parameter(Name=ARM64.replace("kernel-default", "kernel-6.1"))["Parameter"]["Value"], released["imageId"])
        self.assertEqual(self.release()["previous"], released["imageId"])

    def image_stack(self, refresh=None):
        call = sdk_call("SSM", "getParameter", {"Name": ARM64}, "al2023-arm64", ["Parameter.Value"])
        r = sdk_function("ssm:GetParameter")
        extra = {"Refresh": refresh} if refresh else {}
        r["Image"] = custom(call, **extra)
        r["Template"] = {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
            "ImageId": {"Fn::GetAtt": ["Image", "Parameter.Value"]}, "InstanceType": "t4g.micro"}}}
        return template(r, {"ImageId": {"Value": {"Fn::GetAtt": ["Image", "Parameter.Value"]}}})

    def image_id(self, acct):
        return {o["OutputKey"]: o["OutputValue"] for o in acct.stack("image")["Outputs"]}["ImageId"]

    def test_deploys_move_only_when_the_call_runs_again(self):
        acct = Account()
        acct.deploy("image", self.image_stack())
        first = self.image_id(acct)
        self.assertEqual(first, acct.ssm.get_parameter(Name=ARM64)["Parameter"]["Value"])
        released = self.release()["imageId"]
        # Unchanged template: CloudFormation calls nothing; the deploy stays on the old image.
        cs = acct.change_set("image", self.image_stack())
        self.assertEqual(cs["Status"], "FAILED")
        self.assertEqual(self.image_id(acct), first)
        # A changed call runs its Update: getParameter reads the current value.
        self.assertEqual(acct.deploy("image", self.image_stack(refresh="1"))["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(self.image_id(acct), released)
        lt = acct.resources("image")["Template"]
        versions = acct.ec2.describe_launch_template_versions(LaunchTemplateId=lt)["LaunchTemplateVersions"]
        self.assertEqual({v["VersionNumber"]: v["LaunchTemplateData"]["ImageId"] for v in versions}, {1: first, 2: released})

    def test_ssm_typed_parameter_is_resolved_at_every_deploy(self):
        """22: the CLI sends an SSM-typed parameter back with
        UsePreviousValue; CloudFormation resolves its name again, so every
        deploy after a release takes the new image."""
        acct = Account()
        t = template({"Template": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
            "ImageId": {"Ref": "Ami"}, "InstanceType": "t4g.micro"}}}},
            parameters={"Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": ARM64}})
        acct.deploy("ssm-image", t)
        lt = acct.resources("ssm-image")["Template"]
        first = acct.ssm.get_parameter(Name=ARM64)["Parameter"]["Value"]
        released = self.release()["imageId"]
        cf = acct.cloudformation
        cs = cf.create_change_set(StackName="ssm-image", ChangeSetName="again", UsePreviousTemplate=True, ChangeSetType="UPDATE",
                                  Parameters=[{"ParameterKey": "Ami", "UsePreviousValue": True}])
        made = cf.describe_change_set(ChangeSetName=cs["Id"])
        self.assertEqual(made["Status"], "CREATE_COMPLETE", made.get("StatusReason"))
        cf.execute_change_set(ChangeSetName=cs["Id"])
        self.assertEqual(acct.stack("ssm-image")["StackStatus"], "UPDATE_COMPLETE")
        versions = acct.ec2.describe_launch_template_versions(LaunchTemplateId=lt)["LaunchTemplateVersions"]
        self.assertEqual({v["VersionNumber"]: v["LaunchTemplateData"]["ImageId"] for v in versions}, {1: first, 2: released})



class SecurityGroupInlineRules(unittest.TestCase):
    """41: a security group's inline rules are its rules (an inline egress
    list replaces the default allow-all egress), and an update of them is
    made in place, under the same group ID, as AWS::EC2::SecurityGroup's
    reference says (SecurityGroupIngress and SecurityGroupEgress: "Update
    requires: No interruption")."""

    CLOSED = [{"CidrIp": "255.255.255.255/32", "Description": "Disallow all traffic", "FromPort": 252, "IpProtocol": "icmp", "ToPort": 86}]

    def guarded(self, port, egress=True):
        r = vpc_resources()
        props = {"GroupDescription": "endpoint", "VpcId": {"Ref": "Vpc"},
                 "SecurityGroupIngress": [{"CidrIp": "10.0.0.0/16", "Description": "service port", "FromPort": port, "IpProtocol": "tcp", "ToPort": port}]}
        if egress:
            props["SecurityGroupEgress"] = self.CLOSED
        r["Guarded"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": props}
        r["Endpoint"] = {"Type": "AWS::EC2::VPCEndpoint", "Properties": {
            "VpcId": {"Ref": "Vpc"}, "ServiceName": "com.amazonaws.us-west-2.s3", "VpcEndpointType": "Interface",
            "SecurityGroupIds": [{"Fn::GetAtt": ["Guarded", "GroupId"]}]}}
        return template(r)

    def group(self, acct, stack):
        gid = acct.resources(stack)["Guarded"]
        return acct.ec2.describe_security_groups(GroupIds=[gid])["SecurityGroups"][0]

    def test_inline_egress_replaces_the_default(self):
        acct = Account()
        acct.deploy("inline", self.guarded(8080))
        g = self.group(acct, "inline")
        self.assertEqual([(r["IpProtocol"], r.get("FromPort"), r["IpRanges"]) for r in g["IpPermissionsEgress"]],
                         [("icmp", 252, [{"CidrIp": "255.255.255.255/32", "Description": "Disallow all traffic"}])])
        self.assertEqual([(r["FromPort"], r["IpRanges"]) for r in g["IpPermissions"]],
                         [(8080, [{"CidrIp": "10.0.0.0/16", "Description": "service port"}])])

    def test_passing_case_without_inline_egress_keeps_allow_all(self):
        acct = Account()
        acct.deploy("inline-open", self.guarded(8080, egress=False))
        self.assertEqual([(r["IpProtocol"], r["IpRanges"]) for r in self.group(acct, "inline-open")["IpPermissionsEgress"]],
                         [("-1", [{"CidrIp": "0.0.0.0/0"}])])

    def test_a_changed_rule_is_updated_in_place(self):
        acct = Account()
        acct.deploy("inline-up", self.guarded(8080))
        before = self.group(acct, "inline-up")["GroupId"]
        self.assertEqual(acct.deploy("inline-up", self.guarded(8081))["StackStatus"], "UPDATE_COMPLETE")
        g = self.group(acct, "inline-up")
        self.assertEqual(g["GroupId"], before)
        self.assertEqual([r["FromPort"] for r in g["IpPermissions"]], [8081])
        self.assertEqual(len(g["IpPermissionsEgress"]), 1)
        ep = acct.ec2.describe_vpc_endpoints(VpcEndpointIds=[acct.resources("inline-up")["Endpoint"]])["VpcEndpoints"][0]
        self.assertEqual([x["GroupId"] for x in ep["Groups"]], [before])
        # Dropping the inline egress list brings the default back, as EC2 does for a new group.
        acct.deploy("inline-up", self.guarded(8081, egress=False))
        self.assertEqual([r["IpProtocol"] for r in self.group(acct, "inline-up")["IpPermissionsEgress"]], ["-1"])

    def test_inline_allow_all_egress_is_the_default_rule(self):
        # What the CDK writes for allowAllOutbound: the default rule, said
        # inline; EC2 has it once.
        acct = Account()
        t = self.guarded(8080)
        t["Resources"]["Guarded"]["Properties"]["SecurityGroupEgress"] = [
            {"CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default", "IpProtocol": "-1"}]
        self.assertEqual(acct.deploy("inline-all", t)["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual([(r["IpProtocol"], r["IpRanges"]) for r in self.group(acct, "inline-all")["IpPermissionsEgress"]],
                         [("-1", [{"CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default"}])])


class AwsManagedKeys(unittest.TestCase):
    """42: the key an encrypted table gets without a key of its own is AWS
    managed, and a key the account makes is its own."""

    def test_table_key_is_aws_managed(self):
        acct = Account()
        acct.deploy("table", template({"Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
            "SSESpecification": {"SSEEnabled": True}}}}))
        managers = [acct.kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyManager"] for k in acct.kms.list_keys()["Keys"]]
        self.assertEqual(managers, ["AWS"])

    def test_passing_case_own_key_is_customer_managed(self):
        acct = Account()
        key = acct.kms.create_key()["KeyMetadata"]["KeyId"]
        acct.kms.create_alias(AliasName="alias/mine", TargetKeyId=key)
        self.assertEqual(acct.kms.describe_key(KeyId=key)["KeyMetadata"]["KeyManager"], "CUSTOMER")


class NlbListenerUpdates(unittest.TestCase):
    """43: a network load balancer's TLS listener changes its port in place."""

    def listener(self, port, protocol):
        r = dict(vpc_resources())
        r["Subnet"] = {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-west-2a"}}
        r["Lb"] = {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network", "Scheme": "internal", "Subnets": [{"Ref": "Subnet"}]}}
        r["Tg"] = {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 8080, "Protocol": "TCP", "VpcId": {"Ref": "Vpc"}, "TargetType": "ip"}}
        props = {"LoadBalancerArn": {"Ref": "Lb"}, "Port": port, "Protocol": protocol,
                 "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "Tg"}}]}
        if protocol == "TLS":
            props["Certificates"] = [{"CertificateArn": self.cert}]
        r["Listener"] = {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": props}
        return template(r)

    def test_tls_listener_changes_port_in_place(self):
        acct = Account()
        self.cert = acct.acm.request_certificate(DomainName="todo.example.com")["CertificateArn"]
        acct.deploy("nlb", self.listener(8080, "TLS"))
        arn = acct.resources("nlb")["Listener"]
        self.assertEqual(acct.deploy("nlb", self.listener(8081, "TLS"))["StackStatus"], "UPDATE_COMPLETE")
        got = acct.elbv2.describe_listeners(ListenerArns=[arn])["Listeners"][0]
        self.assertEqual((got["Port"], got["Protocol"], [c["CertificateArn"] for c in got["Certificates"]]), (8081, "TLS", [self.cert]))

    def test_passing_case_tcp_listener(self):
        acct = Account()
        acct.deploy("nlb-tcp", self.listener(8080, "TCP"))
        self.assertEqual(acct.deploy("nlb-tcp", self.listener(8081, "TCP"))["StackStatus"], "UPDATE_COMPLETE")


class KmsKeysInTemplates(unittest.TestCase):
    """44: a template's key answers DescribeKey, and a deleted stack's key
    is pending deletion for its window, not gone."""

    def key(self, **extra):
        policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}
        return template({"Key": {"Type": "AWS::KMS::Key", "Properties": dict({"KeyPolicy": policy}, **extra)}})

    def test_deleted_stack_schedules_the_key(self):
        acct = Account()
        acct.deploy("key", self.key(PendingWindowInDays=7))
        key = acct.resources("key")["Key"]
        self.assertEqual(acct.kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"], "Enabled")
        acct.delete("key")
        meta = acct.kms.describe_key(KeyId=key)["KeyMetadata"]
        self.assertEqual(meta["KeyState"], "PendingDeletion")
        self.assertAlmostEqual((meta["DeletionDate"] - meta["CreationDate"]).days, 7, delta=1)

    def test_passing_case_retained_key_stays_enabled(self):
        acct = Account()
        t = self.key()
        t["Resources"]["Key"]["DeletionPolicy"] = "Retain"
        acct.deploy("key-kept", t)
        key = acct.resources("key-kept")["Key"]
        acct.delete("key-kept")
        self.assertEqual(acct.kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"], "Enabled")


class RouteTableAssociations(unittest.TestCase):
    """46: a subnet's association from CloudFormation is on the route table,
    and deleting the stack's association leaves the table with none."""

    def test_association_is_read_back_and_deleted(self):
        acct = Account()
        t = template({
            **vpc_resources(),
            "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24", "AvailabilityZoneId": "usw2-az1"}},
            "Table": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
            "Assoc": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "Subnet"}, "RouteTableId": {"Ref": "Table"}}},
        })
        st = acct.deploy("rta", t)
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", acct.events("rta"))
        res = acct.resources("rta")
        self.assertTrue(res["Assoc"].startswith("rtbassoc-"), res["Assoc"])
        table = acct.ec2.describe_route_tables(RouteTableIds=[res["Table"]])["RouteTables"][0]
        self.assertEqual([(a["SubnetId"], a["RouteTableAssociationId"]) for a in table["Associations"]], [(res["Subnet"], res["Assoc"])])
        del t["Resources"]["Assoc"]
        acct.deploy("rta", t)
        table = acct.ec2.describe_route_tables(RouteTableIds=[res["Table"]])["RouteTables"][0]
        self.assertEqual(table.get("Associations", []), [])


class WafInCloudFormation(unittest.TestCase):
    """47: web ACLs, their associations and logging configurations, made on
    moto's wafv2 backend and checked as AWS WAF checks them."""

    ACL = {"Type": "AWS::WAFv2::WebACL", "Properties": {
        "Scope": "REGIONAL", "DefaultAction": {"Allow": {}},
        "VisibilityConfig": {"CloudWatchMetricsEnabled": True, "SampledRequestsEnabled": True, "MetricName": "acl"},
        "Rules": [{"Name": "Rate", "Priority": 0, "Action": {"Block": {}}, "VisibilityConfig": {"CloudWatchMetricsEnabled": True, "SampledRequestsEnabled": True, "MetricName": "Rate"},
                   "Statement": {"RateBasedStatement": {"Limit": 1000, "AggregateKeyType": "IP"}}}]}}

    def alb(self):
        return {
            **vpc_resources(),
            "A": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24", "AvailabilityZoneId": "usw2-az1"}},
            "B": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZoneId": "usw2-az2"}},
            "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "application", "Subnets": [{"Ref": "A"}, {"Ref": "B"}],
                                                                                       "SecurityGroups": [{"Fn::GetAtt": ["Group", "GroupId"]}]}},
        }

    def logging(self, arn):
        return {"Type": "AWS::WAFv2::LoggingConfiguration", "Properties": {"ResourceArn": {"Fn::GetAtt": ["Acl", "Arn"]}, "LogDestinationConfigs": [arn]}}

    def group_arn(self, acct, name):
        return f"arn:aws:logs:{REGION}:{acct.id}:log-group:{name}"

    def test_web_acl_associated_and_logged(self):
        acct = Account()
        t = template({**self.alb(), "Acl": self.ACL,
                      "Assoc": {"Type": "AWS::WAFv2::WebACLAssociation", "Properties": {"ResourceArn": {"Ref": "Lb"}, "WebACLArn": {"Fn::GetAtt": ["Acl", "Arn"]}}},
                      "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "aws-waf-logs-test"}},
                      "Logging": {**self.logging({"Fn::Join": ["", [f"arn:aws:logs:{REGION}:{acct.id}:log-group:", {"Ref": "Logs"}]]}), "DependsOn": "Logs"}},
                     outputs={"Arn": {"Value": {"Fn::GetAtt": ["Acl", "Arn"]}}})
        st = acct.deploy("waf", t)
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", acct.events("waf"))
        res = acct.resources("waf")
        name, _id, scope = res["Acl"].split("|")
        self.assertTrue(name.startswith("waf-Acl-") and scope == "REGIONAL", res["Acl"])
        acl = acct.wafv2.get_web_acl_for_resource(ResourceArn=res["Lb"])["WebACL"]
        self.assertEqual([r["Name"] for r in acl["Rules"]], ["Rate"])
        dest = acct.wafv2.get_logging_configuration(ResourceArn=acl["ARN"])["LoggingConfiguration"]["LogDestinationConfigs"]
        self.assertEqual(dest, [self.group_arn(acct, "aws-waf-logs-test")])
        # Rules update in place: the same web ACL, still associated.
        t["Resources"]["Acl"]["Properties"]["Rules"][0]["Statement"]["RateBasedStatement"]["Limit"] = 500
        acct.deploy("waf", t)
        self.assertEqual(acct.resources("waf")["Acl"], res["Acl"])
        acl = acct.wafv2.get_web_acl_for_resource(ResourceArn=res["Lb"])["WebACL"]
        self.assertEqual(acl["Rules"][0]["Statement"]["RateBasedStatement"]["Limit"], 500)
        st = acct.delete("waf")
        self.assertEqual(st["StackStatus"], "DELETE_COMPLETE", acct.events(st["StackId"]))
        self.assertEqual(acct.wafv2.list_web_acls(Scope="REGIONAL")["WebACLs"], [])

    def test_log_destination_must_be_a_waf_log_group_by_its_plain_arn(self):
        acct = Account()
        for name, arn, code in (("star", self.group_arn(acct, "aws-waf-logs-x") + ":*", "WAFInvalidParameterException"),
                                ("prefix", self.group_arn(acct, "waf-logs-x"), "WAFInvalidParameterException"),
                                ("missing", self.group_arn(acct, "aws-waf-logs-missing"), "WAFNonexistentItemException")):
            with self.subTest(name):
                if name != "missing":
                    try:
                        acct.logs.create_log_group(logGroupName=arn.split(":")[6])
                    except ClientError:
                        pass
                st = acct.deploy(f"log-{name}", template({"Acl": self.ACL, "Logging": self.logging(arn)}))
                self.assertEqual(st["StackStatus"], "ROLLBACK_COMPLETE")
                failed = [e for e in acct.events(f"log-{name}") if e[1] == "CREATE_FAILED"]
                self.assertEqual(failed[0][0], "Logging")
                self.assertIn(code, failed[0][2])

    def test_association_needs_a_load_balancer_and_blocks_deleting_the_acl(self):
        acct = Account()
        fake = f"arn:aws:elasticloadbalancing:{REGION}:{acct.id}:loadbalancer/app/none/0123456789abcdef"
        st = acct.deploy("nolb", template({"Acl": self.ACL, "Assoc": {"Type": "AWS::WAFv2::WebACLAssociation",
                                                                      "Properties": {"ResourceArn": fake, "WebACLArn": {"Fn::GetAtt": ["Acl", "Arn"]}}}}))
        self.assertEqual(st["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertIn("WAFNonexistentItemException", [e for e in acct.events("nolb") if e[1] == "CREATE_FAILED"][0][2])
        # An ACL associated from outside its stack cannot be deleted.
        st = acct.deploy("acl", template({"Acl": self.ACL}, outputs={"Arn": {"Value": {"Fn::GetAtt": ["Acl", "Arn"]}}}))
        arn = st["Outputs"][0]["OutputValue"]
        lb = acct.deploy("lb", template(self.alb(), outputs={"Lb": {"Value": {"Ref": "Lb"}}}))["Outputs"][0]["OutputValue"]
        acct.wafv2.associate_web_acl(WebACLArn=arn, ResourceArn=lb)
        st = acct.delete("acl")
        self.assertEqual(st["StackStatus"], "DELETE_FAILED")
        self.assertIn("WAFAssociatedItemException", [e for e in acct.events("acl") if e[1] == "DELETE_FAILED"][0][2])
        acct.wafv2.disassociate_web_acl(ResourceArn=lb)
        self.assertEqual(acct.delete("acl")["StackStatus"], "DELETE_COMPLETE")



class ListenerRuleDeletion(unittest.TestCase):
    """48: a listener rule dropped from the template is deleted, and its
    target group after it."""

    def test_rule_and_its_target_group_go(self):
        acct = Account()
        rule = {"Type": "AWS::ElasticLoadBalancingV2::ListenerRule", "Properties": {
            "ListenerArn": {"Ref": "Listener"}, "Priority": 10,
            "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/cats/*"]}}],
            "Actions": [{"Type": "forward", "TargetGroupArn": {"Ref": "Cats"}}]}}
        t = template({
            **WafInCloudFormation.alb(self),
            "Listener": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
                "LoadBalancerArn": {"Ref": "Lb"}, "Port": 80, "Protocol": "HTTP",
                "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]}},
            "Cats": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
                "VpcId": {"Ref": "Vpc"}, "Port": 8080, "Protocol": "HTTP", "TargetType": "ip"}},
            "Rule": rule,
        })
        st = acct.deploy("rules", t)
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", acct.events("rules"))
        res = acct.resources("rules")
        self.assertEqual(len([r for r in acct.elbv2.describe_rules(ListenerArn=res["Listener"])["Rules"] if not r["IsDefault"]]), 1)
        del t["Resources"]["Rule"], t["Resources"]["Cats"]
        st = acct.deploy("rules", t)
        self.assertEqual(st["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual([r for r in acct.elbv2.describe_rules(ListenerArn=res["Listener"])["Rules"] if not r["IsDefault"]], [])
        groups = [g["TargetGroupArn"] for g in acct.elbv2.describe_target_groups()["TargetGroups"]]
        self.assertNotIn(res["Cats"], groups)


class CanariesInCloudFormation(unittest.TestCase):
    """50: AWS::Synthetics::Canary made in moto's synthetics backend (moto
    had no model: CloudFormation made nothing), RUNNING when it starts after
    creation; refused, as Synthetics refuses it, with a role Lambda cannot
    assume, a missing artifacts bucket or a timeout longer than the
    schedule's period; updated in place and deleted with the stack."""

    @staticmethod
    def resources(trust="lambda.amazonaws.com", timeout=60, expression="rate(5 minutes)"):
        return {
            "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {}},
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": trust}}]}}},
            "Canary": {"Type": "AWS::Synthetics::Canary", "Properties": {
                "Name": "gatewaycanary", "RuntimeVersion": "syn-nodejs-puppeteer-13.0", "StartCanaryAfterCreation": True,
                "ArtifactS3Location": {"Fn::Join": ["", ["s3://", {"Ref": "Bucket"}]]}, "ExecutionRoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
                "Code": {"Handler": "index.handler", "Script": "exports.handler = async () => 'ok';"},
                "Schedule": {"Expression": expression, "DurationInSeconds": "0"}, "ProvisionedResourceCleanup": "AUTOMATIC",
                "RunConfig": {"TimeoutInSeconds": timeout, "EnvironmentVariables": {"API_URL": "https://example.com/"}},
                "SuccessRetentionPeriod": 31, "FailureRetentionPeriod": 31}},
        }

    def test_canary_made_updated_and_deleted(self):
        acct = Account()
        t = template(self.resources(), outputs={"Name": {"Value": {"Ref": "Canary"}}, "State": {"Value": {"Fn::GetAtt": ["Canary", "State"]}}})
        st = acct.deploy("canary", t)
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", acct.events("canary"))
        out = {o["OutputKey"]: o["OutputValue"] for o in st["Outputs"]}
        self.assertEqual(out, {"Name": "gatewaycanary", "State": "RUNNING"})
        canary = acct.synthetics.get_canary(Name="gatewaycanary")["Canary"]
        self.assertEqual(canary["Status"]["State"], "RUNNING")
        self.assertEqual(canary["Schedule"]["Expression"], "rate(5 minutes)")
        self.assertEqual(canary["RunConfig"]["TimeoutInSeconds"], 60)  # GetCanary returns no EnvironmentVariables, as on AWS
        self.assertEqual(canary["ProvisionedResourceCleanup"], "AUTOMATIC")
        self.assertEqual(canary["Code"]["Handler"], "index.handler")  # GetCanary returns no Script, as on AWS
        # A new script and schedule update the canary in place.
        t["Resources"]["Canary"]["Properties"]["Code"]["Script"] = "exports.handler = async () => 'new';"
        t["Resources"]["Canary"]["Properties"]["Schedule"]["Expression"] = "rate(10 minutes)"
        st = acct.deploy("canary", t)
        self.assertEqual(st["StackStatus"], "UPDATE_COMPLETE", acct.events("canary"))
        canary = acct.synthetics.get_canary(Name="gatewaycanary")["Canary"]
        self.assertEqual(canary["Schedule"]["Expression"], "rate(10 minutes)")
        st = acct.delete("canary")
        self.assertEqual(st["StackStatus"], "DELETE_COMPLETE", acct.events(st["StackId"]))
        self.assertEqual(acct.synthetics.describe_canaries()["Canaries"], [])

    def test_refused_as_synthetics_refuses(self):
        for name, resources, want in [
            ("a role Lambda cannot assume", self.resources(trust="ec2.amazonaws.com"), "cannot be assumed by lambda.amazonaws.com"),
            ("a timeout longer than the period", self.resources(timeout=600), "TimeoutInSeconds 600 is longer than the frequency of the runs of this canary (300 seconds)"),
            ("an hour and a half", self.resources(expression="rate(90 minutes)"), "schedule.expression"),
        ]:
            with self.subTest(name):
                acct = Account()
                st = acct.deploy("canary", template(resources))
                self.assertEqual(st["StackStatus"], "ROLLBACK_COMPLETE", name)
                reasons = " ".join(str(e[2]) for e in acct.events("canary") if e[0] == "Canary")
                self.assertIn(want, reasons)
                self.assertEqual(acct.synthetics.describe_canaries()["Canaries"], [])
        # A bucket that is not there.
        acct = Account()
        res = self.resources()
        res["Canary"]["Properties"]["ArtifactS3Location"] = "s3://no-such-bucket"
        st = acct.deploy("canary", template(res))
        self.assertEqual(st["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertIn("ArtifactS3Location s3://no-such-bucket: no such bucket", " ".join(str(e[2]) for e in acct.events("canary")))


class ConnectionNotifications(unittest.TestCase):
    """51: AWS::EC2::VPCEndpointConnectionNotification (moto skipped it):
    made when the topic's policy lets vpce.amazonaws.com publish and its key
    lets it encrypt, listed by DescribeVpcEndpointConnectionNotifications,
    updated in place, deleted with the stack; refused, as EC2 refuses it,
    otherwise, on create and on update."""

    @staticmethod
    def resources(publish=True, key_grant=True, events=("Connect", "Accept", "Reject", "Delete")):
        vpce = {"Service": "vpce.amazonaws.com"}
        key_statements = [{"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}, "Action": "kms:*", "Resource": "*"}]
        if key_grant:
            key_statements.append({"Effect": "Allow", "Principal": vpce, "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
                                   "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}})
        topic_statements = [{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sns:Publish", "Resource": {"Ref": "Topic"},
                             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]
        if publish:
            topic_statements.append({"Effect": "Allow", "Principal": vpce, "Action": "sns:Publish", "Resource": {"Ref": "Topic"},
                                     "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}})
        r = vpc_resources()
        r.update({
            "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.3.0/24", "AvailabilityZoneId": "usw2-az1"}},
            "LB": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network", "Scheme": "internal", "Subnets": [{"Ref": "Subnet"}]}},
            "Service": {"Type": "AWS::EC2::VPCEndpointService", "Properties": {"NetworkLoadBalancerArns": [{"Ref": "LB"}], "AcceptanceRequired": True}},
            "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": key_statements}}},
            "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": {"Fn::GetAtt": ["Key", "Arn"]}}},
            "TopicPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "Topic"}],
                                                                            "PolicyDocument": {"Version": "2012-10-17", "Statement": topic_statements}}},
            "Notification": {"Type": "AWS::EC2::VPCEndpointConnectionNotification", "DependsOn": ["TopicPolicy"], "Properties": {
                "ServiceId": {"Ref": "Service"}, "ConnectionNotificationArn": {"Ref": "Topic"}, "ConnectionEvents": list(events)}},
        })
        return r

    def test_made_listed_and_deleted(self):
        acct = Account()
        st = acct.deploy("notify", template(self.resources()))
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", acct.events("notify"))
        res = acct.resources("notify")
        found = acct.ec2.describe_vpc_endpoint_connection_notifications()["ConnectionNotificationSet"]
        self.assertEqual([(n["ConnectionNotificationId"], n["ServiceId"], n["ConnectionNotificationArn"], sorted(n["ConnectionEvents"])) for n in found],
                         [(res["Notification"], res["Service"], res["Topic"], ["Accept", "Connect", "Delete", "Reject"])])
        st = acct.delete("notify")
        self.assertEqual(st["StackStatus"], "DELETE_COMPLETE", acct.events(st["StackId"]))
        self.assertEqual(acct.ec2.describe_vpc_endpoint_connection_notifications()["ConnectionNotificationSet"], [])

    def test_updated_in_place_and_refused_on_update(self):
        acct = Account()
        self.assertEqual(acct.deploy("notify", template(self.resources()))["StackStatus"], "CREATE_COMPLETE", acct.events("notify"))
        nid = acct.resources("notify")["Notification"]

        def listed():
            return [(n["ConnectionNotificationId"], sorted(n["ConnectionEvents"]))
                    for n in acct.ec2.describe_vpc_endpoint_connection_notifications()["ConnectionNotificationSet"]]

        st = acct.deploy("notify", template(self.resources(events=("Connect", "Accept"))))
        self.assertEqual(st["StackStatus"], "UPDATE_COMPLETE", acct.events("notify"))
        self.assertEqual(listed(), [(nid, ["Accept", "Connect"])])
        # The topic's policy stops admitting PrivateLink: EC2 refuses the
        # update, and the notification keeps what it had.
        st = acct.deploy("notify", template(self.resources(publish=False, events=("Connect",))))
        self.assertEqual(st["StackStatus"], "UPDATE_ROLLBACK_COMPLETE", acct.events("notify"))
        self.assertIn("does not let vpce.amazonaws.com publish", " ".join(str(e[2]) for e in acct.events("notify") if e[0] == "Notification"))
        self.assertEqual(listed(), [(nid, ["Accept", "Connect"])])

    def test_refused_as_ec2_refuses(self):
        for name, resources, want in [
            ("a topic PrivateLink may not publish to", self.resources(publish=False), "does not let vpce.amazonaws.com publish"),
            ("a key PrivateLink may not use", self.resources(key_grant=False), "does not let vpce.amazonaws.com call kms:GenerateDataKey"),
            # (36's row refuses it first, with EC2's model-validation message.)
            ("an event EC2 does not know", self.resources(events=("Connect", "Modify")), "Member must satisfy enum value set: [Accept, Connect, Delete, Reject]"),
        ]:
            with self.subTest(name):
                acct = Account()
                st = acct.deploy("notify", template(resources))
                self.assertEqual(st["StackStatus"], "ROLLBACK_COMPLETE", name)
                self.assertIn(want, " ".join(str(e[2]) for e in acct.events("notify") if e[0] == "Notification"))
                self.assertEqual(acct.ec2.describe_vpc_endpoint_connection_notifications()["ConnectionNotificationSet"], [])


class StackSetsInCloudFormation(unittest.TestCase):
    """52: AWS::CloudFormation::StackSet, service-managed (moto had no
    model): an instance in each account of the target OU, reading that
    account's SSM parameter; automatic deployment as accounts move in and
    out, and as one leaves the organization; refused, as AWS refuses it,
    without trusted access, from an account that is not the management
    account, and to an OU the organization does not have."""

    INNER = {"Parameters": {"TopicName": {"Type": "AWS::SSM::Parameter::Value<String>"}},
             "Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "TopicName"}}}}}

    def org(self, trusted=True):
        mgmt = Account()
        mgmt.organizations.create_organization(FeatureSet="ALL")
        if trusted:
            mgmt.organizations.enable_aws_service_access(ServicePrincipal="member.org.stacksets.cloudformation.amazonaws.com")
        root = mgmt.organizations.list_roots()["Roots"][0]["Id"]
        ou = mgmt.organizations.create_organizational_unit(ParentId=root, Name="consumers")["OrganizationalUnit"]["Id"]
        members = []
        for i in range(3):
            made = mgmt.organizations.create_account(Email=f"m{i}-{uuid.uuid4().hex[:6]}@example.com", AccountName=f"m{i}")
            member = made["CreateAccountStatus"]["AccountId"]
            Account(member).ssm.put_parameter(Name="/lz/topic", Value=f"consumer-{i}", Type="String")
            members.append(member)
        for member in members[:2]:
            mgmt.organizations.move_account(AccountId=member, SourceParentId=root, DestinationParentId=ou)
        return mgmt, root, ou, members

    def stackset(self, ou, call_as="SELF"):
        return template({"Set": {"Type": "AWS::CloudFormation::StackSet", "Properties": {
            "StackSetName": "consumers", "PermissionModel": "SERVICE_MANAGED", "CallAs": call_as,
            "AutoDeployment": {"Enabled": True, "RetainStacksOnAccountRemoval": False},
            "Parameters": [{"ParameterKey": "TopicName", "ParameterValue": "/lz/topic"}],
            "StackInstancesGroup": [{"DeploymentTargets": {"OrganizationalUnitIds": [ou]}, "Regions": [REGION]}],
            "TemplateBody": json.dumps(self.INNER)}}})

    @staticmethod
    def topics(member):
        return [t["TopicArn"].rsplit(":", 1)[1] for t in Account(member).sns.list_topics()["Topics"]]

    def test_instances_follow_the_ou(self):
        mgmt, root, ou, members = self.org()
        st = mgmt.deploy("consumers", self.stackset(ou))
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", mgmt.events("consumers"))
        self.assertEqual([self.topics(m) for m in members], [["consumer-0"], ["consumer-1"], []])
        # An account that joins the OU gets its instance; one that leaves
        # the OU, or the organization, loses it.
        mgmt.organizations.move_account(AccountId=members[2], SourceParentId=root, DestinationParentId=ou)
        self.assertEqual(self.topics(members[2]), ["consumer-2"])
        mgmt.organizations.move_account(AccountId=members[0], SourceParentId=ou, DestinationParentId=root)
        self.assertEqual(self.topics(members[0]), [])
        mgmt.organizations.remove_account_from_organization(AccountId=members[1])
        self.assertEqual(self.topics(members[1]), [])
        st = mgmt.delete("consumers")
        self.assertEqual(st["StackStatus"], "DELETE_COMPLETE", mgmt.events(st["StackId"]))
        self.assertEqual(self.topics(members[2]), [])

    def test_refused_as_aws_refuses(self):
        mgmt, root, ou, members = self.org(trusted=False)
        st = mgmt.deploy("consumers", self.stackset(ou))
        self.assertEqual(st["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertIn("You must enable organizations access to operate a service managed stack set", str(mgmt.events("consumers")))
        mgmt, root, ou, members = self.org()
        member = Account(members[0])
        st = member.deploy("consumers", self.stackset(ou))
        self.assertEqual(st["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertIn("is not the management account of the organization", str(member.events("consumers")))
        st = mgmt.deploy("consumers", self.stackset("ou-zzzz-zzzzzzzz"))
        self.assertIn("OrganizationalUnitId ou-zzzz-zzzzzzzz does not exist in the organization", str(mgmt.events("consumers")))
        self.assertEqual([self.topics(m) for m in members], [[], [], []])


sys.path.insert(0, os.path.join(ROOT, "constructs", "provider"))
import organization_acceptance  # noqa: E402 - the function's own code


class OrganizationAcceptanceRuns(unittest.TestCase):
    """provider.OrganizationAcceptance's function, run as Lambda runs it,
    against the emulator: it accepts the pending connections of the OU's
    accounts and of the accounts always accepted, rejects an outsider's,
    and cuts off an account once it leaves the OU (23 models Reject)."""

    @staticmethod
    def consumer(acct, service):
        r = vpc_resources()
        r["Subnet"] = {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZoneId": "usw2-az1"}}
        r["Endpoint"] = {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcEndpointType": "Interface", "ServiceName": service, "VpcId": {"Ref": "Vpc"},
                                                                          "SubnetIds": [{"Ref": "Subnet"}], "SecurityGroupIds": [{"Ref": "Group"}]}}
        st = acct.deploy("consumer", template(r))
        assert st["StackStatus"] == "CREATE_COMPLETE", acct.events("consumer")
        return acct.resources("consumer")["Endpoint"]

    def test_accepts_the_organization_and_cuts_off_leavers(self):
        mgmt = Account()
        org = mgmt.organizations
        org.create_organization(FeatureSet="ALL")
        root = org.list_roots()["Roots"][0]["Id"]
        ou = org.create_organizational_unit(ParentId=root, Name="consumers")["OrganizationalUnit"]["Id"]
        ids = [org.create_account(Email=f"a{i}-{uuid.uuid4().hex[:6]}@example.com", AccountName=f"a{i}")["CreateAccountStatus"]["AccountId"] for i in range(3)]
        for member in ids[:2]:
            org.move_account(AccountId=member, SourceParentId=root, DestinationParentId=ou)
        provider, gateway = Account(), Account()
        r = vpc_resources()
        r.update({
            "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.3.0/24", "AvailabilityZoneId": "usw2-az1"}},
            "LB": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network", "Scheme": "internal", "Subnets": [{"Ref": "Subnet"}]}},
            "Service": {"Type": "AWS::EC2::VPCEndpointService", "Properties": {"NetworkLoadBalancerArns": [{"Ref": "LB"}], "AcceptanceRequired": True}},
            "Anyone": {"Type": "AWS::EC2::VPCEndpointServicePermissions", "Properties": {"ServiceId": {"Ref": "Service"}, "AllowedPrincipals": ["*"]}},
        })
        st = provider.deploy("provider", template(r))
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", provider.events("provider"))
        service_id = provider.resources("provider")["Service"]
        name = provider.ec2.describe_vpc_endpoint_service_configurations(ServiceIds=[service_id])["ServiceConfigurations"][0]["ServiceName"]
        endpoints = {a: self.consumer(Account(a), name) for a in ids + [gateway.id]}

        def state(account):
            return Account(account).ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoints[account]])["VpcEndpoints"][0]["State"]

        self.assertEqual({state(a) for a in endpoints}, {"pendingAcceptance"})
        done = organization_acceptance.reconcile(provider.ec2, org, service_id, [ou], {gateway.id})
        self.assertEqual(done["accepted"], sorted([endpoints[ids[0]], endpoints[ids[1]], endpoints[gateway.id]]))
        self.assertEqual(done["rejected"], [endpoints[ids[2]]])
        self.assertEqual([state(a) for a in ids + [gateway.id]], ["available", "available", "rejected", "available"])
        # Nothing to do the second time; a leaver is cut off.
        again = organization_acceptance.reconcile(provider.ec2, org, service_id, [ou], {gateway.id})
        self.assertEqual((again["accepted"], again["rejected"]), ([], []))
        org.move_account(AccountId=ids[0], SourceParentId=ou, DestinationParentId=root)
        left = organization_acceptance.reconcile(provider.ec2, org, service_id, [ou], {gateway.id})
        self.assertEqual(left["rejected"], [endpoints[ids[0]]])
        self.assertEqual(state(ids[0]), "rejected")


class AlarmsInCloudFormation(unittest.TestCase):
    """49: AWS::CloudWatch::Alarm made in moto's cloudwatch backend, as
    PutMetricAlarm makes it (moto deployed it as a no-op, so DescribeAlarms
    listed nothing a stack made), metric math, ExtendedStatistic and
    TreatMissingData included; updated in place and deleted with the
    stack."""

    PLAIN = {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "Namespace": "AWS/ApiGateway", "MetricName": "Latency", "Dimensions": [{"Name": "ApiId", "Value": "abc"}, {"Name": "Stage", "Value": "$default"}],
        "ExtendedStatistic": "p99", "Period": 60, "EvaluationPeriods": 15, "Threshold": 2000, "ComparisonOperator": "GreaterThanThreshold",
        "TreatMissingData": "notBreaching", "AlarmActions": [{"Ref": "Topic"}], "OKActions": [{"Ref": "Topic"}]}}
    MATH = {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "EvaluationPeriods": 5, "Threshold": 5, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching",
        "Metrics": [{"Id": "rate", "Expression": "100 * e / r", "ReturnData": True},
                    {"Id": "e", "ReturnData": False, "MetricStat": {"Stat": "Sum", "Period": 60, "Metric": {
                        "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
                        "Dimensions": [{"Name": "LoadBalancer", "Value": "app/x/1"}, {"Name": "TargetGroup", "Value": "targetgroup/y/2"}]}}},
                    {"Id": "r", "ReturnData": False, "MetricStat": {"Stat": "Sum", "Period": 60, "Metric": {
                        "Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount",
                        "Dimensions": [{"Name": "LoadBalancer", "Value": "app/x/1"}, {"Name": "TargetGroup", "Value": "targetgroup/y/2"}]}}}]}}

    def test_alarms_made_updated_and_deleted(self):
        acct = Account()
        t = template({"Topic": {"Type": "AWS::SNS::Topic", "Properties": {}}, "Plain": self.PLAIN, "Math": self.MATH},
                     outputs={"Arn": {"Value": {"Fn::GetAtt": ["Plain", "Arn"]}}})
        st = acct.deploy("alarms", t)
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", acct.events("alarms"))
        res = acct.resources("alarms")
        alarms = {a["AlarmName"]: a for a in acct.cloudwatch.describe_alarms()["MetricAlarms"]}
        self.assertEqual(sorted(alarms), sorted([res["Plain"], res["Math"]]))
        plain, math = alarms[res["Plain"]], alarms[res["Math"]]
        self.assertTrue(res["Plain"].startswith("alarms-Plain-"), res["Plain"])
        self.assertEqual(st["Outputs"][0]["OutputValue"], plain["AlarmArn"])
        self.assertEqual((plain["Namespace"], plain["MetricName"], plain["ExtendedStatistic"], plain["TreatMissingData"]),
                         ("AWS/ApiGateway", "Latency", "p99", "notBreaching"))
        self.assertEqual(plain["Dimensions"], [{"Name": "ApiId", "Value": "abc"}, {"Name": "Stage", "Value": "$default"}])
        self.assertEqual(plain["AlarmActions"], [res["Topic"]])
        self.assertEqual(plain["OKActions"], [res["Topic"]])
        self.assertEqual([q.get("Expression") for q in math["Metrics"]], ["100 * e / r", None, None])
        self.assertEqual(math["Metrics"][1]["MetricStat"]["Metric"]["Dimensions"],
                         [{"Name": "LoadBalancer", "Value": "app/x/1"}, {"Name": "TargetGroup", "Value": "targetgroup/y/2"}])
        # A threshold updates the alarm in place, under its name.
        t["Resources"]["Plain"]["Properties"]["Threshold"] = 3000
        acct.deploy("alarms", t)
        self.assertEqual(acct.resources("alarms")["Plain"], res["Plain"])
        self.assertEqual(acct.cloudwatch.describe_alarms(AlarmNames=[res["Plain"]])["MetricAlarms"][0]["Threshold"], 3000)
        st = acct.delete("alarms")
        self.assertEqual(st["StackStatus"], "DELETE_COMPLETE", acct.events(st["StackId"]))
        self.assertEqual(acct.cloudwatch.describe_alarms()["MetricAlarms"], [])

    def test_load_balancer_and_target_group_full_names(self):
        """The alarms' LoadBalancer and TargetGroup values: a network load
        balancer's ARN ends net/name/id (moto wrote app/), and
        LoadBalancerFullName, TargetGroupFullName are those final portions."""
        acct = Account()
        t = template({
            **vpc_resources(),
            "A": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24", "AvailabilityZoneId": "usw2-az1"}},
            "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network", "Scheme": "internal", "Subnets": [{"Ref": "A"}]}},
            "Tg": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 80, "Protocol": "TCP", "TargetType": "ip", "VpcId": {"Ref": "Vpc"}}},
        }, outputs={"Lb": {"Value": {"Fn::GetAtt": ["Lb", "LoadBalancerFullName"]}}, "Tg": {"Value": {"Fn::GetAtt": ["Tg", "TargetGroupFullName"]}}})
        st = acct.deploy("names", t)
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", acct.events("names"))
        out = {o["OutputKey"]: o["OutputValue"] for o in st["Outputs"]}
        res = acct.resources("names")
        self.assertIn(":loadbalancer/net/", res["Lb"])
        self.assertEqual(out["Lb"], res["Lb"].split(":loadbalancer/", 1)[1])
        self.assertTrue(out["Lb"].startswith("net/"), out)
        self.assertEqual(out["Tg"], res["Tg"].split(":", 5)[5])
        self.assertTrue(out["Tg"].startswith("targetgroup/"), out)
        self.assertEqual([lb["LoadBalancerArn"] for lb in acct.elbv2.describe_load_balancers()["LoadBalancers"]], [res["Lb"]])
        # A listener modified to forward to another target group puts that
        # group on its load balancer (LoadBalancerArns), as a new one does.
        elb = acct.elbv2
        other = elb.create_target_group(Name="other", Protocol="TCP", Port=81, VpcId=res["Vpc"], TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        listener = elb.create_listener(LoadBalancerArn=res["Lb"], Protocol="TCP", Port=80,
                                       DefaultActions=[{"Type": "forward", "TargetGroupArn": res["Tg"]}])["Listeners"][0]["ListenerArn"]
        elb.modify_listener(ListenerArn=listener, DefaultActions=[{"Type": "forward", "TargetGroupArn": other}])
        self.assertEqual(elb.describe_target_groups(TargetGroupArns=[other])["TargetGroups"][0]["LoadBalancerArns"], [res["Lb"]])
        elb.delete_listener(ListenerArn=listener)
        elb.delete_target_group(TargetGroupArn=other)
        acct.delete("names")

    def test_modified_rule_puts_its_group_on_the_load_balancer(self):
        """A listener rule modified to forward to another target group puts
        that group on its load balancer (LoadBalancerArns), as a new rule
        does (the alb shape's update replaces todo's target group)."""
        acct = Account()
        ec2, elb = acct.ec2, acct.elbv2
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZoneId=az)["Subnet"]["SubnetId"]
                   for i, az in enumerate(["usw2-az1", "usw2-az2"])]
        alb = elb.create_load_balancer(Name="front", Subnets=subnets, Scheme="internet-facing", Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        tg = [elb.create_target_group(Name=f"tg{i}", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0]["TargetGroupArn"] for i in range(2)]
        listener = elb.create_listener(LoadBalancerArn=alb, Protocol="HTTP", Port=80, DefaultActions=[
            {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}])["Listeners"][0]["ListenerArn"]
        rule = elb.create_rule(ListenerArn=listener, Priority=1, Conditions=[{"Field": "path-pattern", "Values": ["/todo"]}],
                               Actions=[{"Type": "forward", "TargetGroupArn": tg[0]}])["Rules"][0]["RuleArn"]
        elb.modify_rule(RuleArn=rule, Actions=[{"Type": "forward", "TargetGroupArn": tg[1]}])
        self.assertEqual(elb.describe_target_groups(TargetGroupArns=[tg[1]])["TargetGroups"][0]["LoadBalancerArns"], [alb])


if __name__ == "__main__":
    unittest.main()
