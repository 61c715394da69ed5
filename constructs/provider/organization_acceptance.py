"""Accepts the endpoint connections of an organization's accounts, and
rejects the others (provider.OrganizationAcceptance). Runs on each
connection event of the endpoint service and on a schedule; every run
reconciles all the service's connections, so a missed event or a failed
run is made good by the next.

Environment: SERVICE_ID (vpce-svc-...), OUS (comma-separated OU IDs, whose
child OUs count too), ORG_READER_ROLE (a role in the management account, or
a delegated administrator of Organizations, allowed
organizations:ListAccountsForParent and ListOrganizationalUnitsForParent),
ALWAYS_ACCEPTED (comma-separated account IDs accepted wherever they are,
such as the gateway's)."""

import json
import os

import boto3

BATCH = 50  # VPC endpoint IDs per Accept/RejectVpcEndpointConnections call


def members(org, ous):
    """The ACTIVE accounts of the OUs and of every OU beneath them."""
    accounts, todo = set(), list(ous)
    while todo:
        parent = todo.pop()
        for page in org.get_paginator("list_accounts_for_parent").paginate(ParentId=parent):
            # State is Organizations' field now, Status the older one.
            accounts |= {a["Id"] for a in page["Accounts"] if a.get("State", a.get("Status", "ACTIVE")) == "ACTIVE"}
        for page in org.get_paginator("list_organizational_units_for_parent").paginate(ParentId=parent):
            todo += [ou["Id"] for ou in page["OrganizationalUnits"]]
    return accounts


def reconcile(ec2, org, service_id, ous, always):
    """Accepts pending connections of allowed accounts; rejects pending and
    available connections of any other (an account that left the OUs is cut
    off: removing a principal does not end a connection, rejecting does)."""
    allowed = members(org, ous) | always
    accept, reject = [], []
    for page in ec2.get_paginator("describe_vpc_endpoint_connections").paginate(Filters=[{"Name": "service-id", "Values": [service_id]}]):
        for c in page["VpcEndpointConnections"]:
            state, owner = c["VpcEndpointState"].lower(), c["VpcEndpointOwner"]
            if owner in allowed and state == "pendingacceptance":
                accept.append(c["VpcEndpointId"])
            elif owner not in allowed and state in ("pendingacceptance", "available"):
                reject.append(c["VpcEndpointId"])
    for ids, call in ((accept, ec2.accept_vpc_endpoint_connections), (reject, ec2.reject_vpc_endpoint_connections)):
        for i in range(0, len(ids), BATCH):
            call(ServiceId=service_id, VpcEndpointIds=ids[i:i + BATCH])
    return {"allowed": len(allowed), "accepted": sorted(accept), "rejected": sorted(reject)}


def handler(event, context):
    creds = boto3.client("sts").assume_role(RoleArn=os.environ["ORG_READER_ROLE"], RoleSessionName="privatelink-acceptance")["Credentials"]
    org = boto3.client("organizations", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=creds["SessionToken"])
    always = {a for a in os.environ.get("ALWAYS_ACCEPTED", "").split(",") if a}
    done = reconcile(boto3.client("ec2"), org, os.environ["SERVICE_ID"], os.environ["OUS"].split(","), always)
    print(json.dumps(done))
    return done
