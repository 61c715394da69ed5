"""Deploy rehearsal: `cdk deploy --all` for the three example accounts against
moto (see moto_launcher.py), checked with boto3, deployed again as a no-op,
then destroyed. `make rehearse` runs it; `make test` too.

It fails loudly: any failed step stops it with a non-zero exit and says
which step. The moto server is always stopped, also on failure.

  python3 test/rehearsal/rehearse.py                  the rehearsal
  python3 test/rehearsal/rehearse.py --break gateway-first
      deploys the gateway before its providers, which must fail before
      anything is created (the test of that rule and of loud failure)
  python3 test/rehearsal/rehearse.py --domain example.com
      the TLS shape (-c domain=example.com): TLS listeners, verified private
      DNS names, private-DNS endpoints and HTTPS integrations
  python3 test/rehearsal/rehearse.py --accept
      after the deploys each provider accepts pending connections
"""

import argparse
import ipaddress
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CDK = os.path.join(ROOT, "node_modules", ".bin", "cdk")
REGION = "us-west-2"
GATEWAY, DOGS, TODO = "111111111111", "222222222222", "333333333333"
# No Docker engine here: Fargate runs a registry image (a switch the app has).
DEPLOY_ARGS = {DOGS: ["-c", "image.dognames=public.ecr.aws/docker/library/busybox:stable"], TODO: [], GATEWAY: []}
STACKS = {DOGS: "dognames-provider", TODO: "todo-provider", GATEWAY: "gateway"}

timings = []


class StepFailed(Exception):
    pass


@contextmanager
def step(name):
    print(f"--- {name}", flush=True)
    start = time.time()
    try:
        yield
    except StepFailed:
        raise
    except Exception as e:  # noqa: BLE001 - every failure names its step
        raise StepFailed(f"{name}: {type(e).__name__}: {e}") from e
    timings.append((name, time.time() - start))


def check(ok, what):
    if not ok:
        raise StepFailed(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(port, log):
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "test", "rehearsal", "moto_launcher.py"), str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://localhost:{port}/moto-api/", timeout=1)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise StepFailed(f"moto launcher exited with {proc.returncode}; see {log.name}")
            time.sleep(0.2)
    raise StepFailed("moto launcher did not answer within 30 s")


def stop_moto(proc):
    if proc and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


class Account:
    """Credentials of one account in moto: one account per AssumeRole identity."""

    def __init__(self, endpoint, account):
        self.account = account
        sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION,
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/rehearsal", RoleSessionName="rehearsal")["Credentials"]
        self.env = {
            # localhost, not 127.0.0.1: moto parses template URLs by host name.
            "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": creds["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
            "AWS_SESSION_TOKEN": creds["SessionToken"], "AWS_EC2_METADATA_DISABLED": "true",
        }
        self.session = boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                     aws_session_token=creds["SessionToken"], region_name=REGION)
        self.endpoint = endpoint

    def client(self, service):
        return self.session.client(service, endpoint_url=self.endpoint)

    def cdk(self, *args, cwd=ROOT, out=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "CDK_DEFAULT_ACCOUNT"}
        env.update(self.env)
        env.setdefault("CDK_VALIDATION", "false")
        env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
        cmd = [CDK, *args, "--no-notices"] + (["-o", out] if out else [])
        res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        if res.returncode != 0:
            raise StepFailed(f"cdk {' '.join(args)} as {self.account} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
        return res.stdout + res.stderr

    def outputs(self, stack):
        s = self.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
        return {o["OutputKey"]: o["OutputValue"] for o in s.get("Outputs") or []}

    def stacks(self):
        cf = self.client("cloudformation")
        return {s["StackName"]: s["StackStatus"] for s in cf.describe_stacks()["Stacks"]}


def check_provider(acct, stack, kind, tls_name=None):
    """The provider's load balancer, endpoint service and compute, read from
    moto's models; returns the service's name and its listener port. With
    tls_name, the listener serves TLS with a certificate for that name, and
    the endpoint service's private DNS name is verified."""
    out = acct.outputs(stack)
    elb = acct.client("elbv2")
    lbs = elb.describe_load_balancers()["LoadBalancers"]
    check(any(lb["Type"] == "network" and lb["Scheme"] == "internal" for lb in lbs), f"{stack}: no internal network load balancer")
    lb = next(lb for lb in lbs if lb["Type"] == "network")
    listeners = elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
    protocol = "TLS" if tls_name else "TCP"
    check([(l["Protocol"], l["Port"]) for l in listeners] == [(protocol, 8080)], f"{stack}: listeners {[(l['Protocol'], l['Port']) for l in listeners]}, want {protocol} 8080")
    if tls_name:
        certs = [c["CertificateArn"] for c in listeners[0].get("Certificates", [])]
        check(certs, f"{stack}: the TLS listener has no certificate")
        cert = acct.client("acm").describe_certificate(CertificateArn=certs[0])["Certificate"]
        check(cert["DomainName"] == tls_name, f"{stack}: the listener's certificate is for {cert['DomainName']}, want {tls_name}")
        state = next((v for k, v in out.items() if "PrivateDnsNameState" in k), None)
        check(state == "verified", f"{stack}: private DNS name {tls_name} is {state}, want verified (outputs: {sorted(out)})")
    tgs = elb.describe_target_groups()["TargetGroups"]
    check(any(tg["Protocol"] == "TCP" and tg["Port"] == 8080 for tg in tgs), f"{stack}: no TCP 8080 target group")
    ec2 = acct.client("ec2")
    services = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    check(len(services) == 1, f"{stack}: {len(services)} endpoint services, want 1")
    svc = services[0]
    check(svc["NetworkLoadBalancerArns"] == [lb["LoadBalancerArn"]], f"{stack}: the endpoint service fronts {svc['NetworkLoadBalancerArns']}, not the service's load balancer")
    check(out.get("ServiceName") == svc["ServiceName"], f"{stack}: output ServiceName {out.get('ServiceName')} is not the endpoint service {svc['ServiceName']}")
    if kind == "fargate":
        ecs = acct.client("ecs")
        clusters = ecs.list_clusters()["clusterArns"]
        check(clusters and ecs.list_services(cluster=clusters[0])["serviceArns"], f"{stack}: no ECS service")
    else:
        groups = acct.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
        check(len(groups) == 1 and groups[0]["MinSize"] == 2, f"{stack}: Auto Scaling groups {groups}")
        ddb = acct.client("dynamodb")
        table = ddb.describe_table(TableName=out["TableName"])["Table"]
        check(table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST", f"{stack}: table not on-demand")
        check([i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])] == ["byCreated"], f"{stack}: table indexes {table.get('GlobalSecondaryIndexes')}, want byCreated")
        pitr = ddb.describe_continuous_backups(TableName=out["TableName"])["ContinuousBackupsDescription"]
        check(pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED", f"{stack}: point-in-time recovery {pitr}")
        ttl = ddb.describe_time_to_live(TableName=out["TableName"])["TimeToLiveDescription"]
        check(ttl.get("TimeToLiveStatus") == "ENABLED" and ttl.get("AttributeName") == "expires", f"{stack}: time to live {ttl}, want on attribute expires")
    check_default_groups_closed(acct, stack)
    return svc["ServiceName"], listeners[0]["Port"]


def check_default_groups_closed(acct, stack):
    """Every VPC's default security group has no rules: the Custom::AWS calls
    that revoke them ran on moto, under their function role's policy."""
    ec2 = acct.client("ec2")
    for g in ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]:
        if g["VpcId"] in [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]:
            check(not g["IpPermissions"] and not g["IpPermissionsEgress"],
                  f"{stack}: the default security group {g['GroupId']} of {g['VpcId']} still has rules {g['IpPermissions']} {g['IpPermissionsEgress']}")


def admits(groups, direction, port, peer_groups, peer_cidrs):
    """Whether a rule of one of groups (described security groups) admits TCP
    port to or from a peer: one of peer_groups, or a range holding every
    one of peer_cidrs."""
    for g in groups:
        for rule in g["IpPermissions" if direction == "in" else "IpPermissionsEgress"]:
            if rule["IpProtocol"] not in ("tcp", "-1"):
                continue
            if rule["IpProtocol"] == "tcp" and not rule.get("FromPort", 0) <= port <= rule.get("ToPort", 65535):
                continue
            if any(p["GroupId"] in peer_groups for p in rule.get("UserIdGroupPairs", [])):
                return True
            if peer_cidrs and any(all(ipaddress.ip_network(c).subnet_of(ipaddress.ip_network(r["CidrIp"])) for c in peer_cidrs)
                                  for r in rule.get("IpRanges", [])):
                return True
    return False


def rules(groups, direction):
    key = "IpPermissions" if direction == "in" else "IpPermissionsEgress"
    return [(r["IpProtocol"], r.get("FromPort"), r.get("ToPort"), [p["GroupId"] for p in r.get("UserIdGroupPairs", [])] + [c["CidrIp"] for c in r.get("IpRanges", [])])
            for g in groups for r in g[key]]


def check_gateway(acct, providers):
    """The gateway as deployed: endpoints available in the right zones, names
    in a private zone, and every route of the API followed through its
    integration, listener and target group to the addresses of its service's
    endpoint, with every security group on the way admitting the traffic.
    providers maps a service name to (its routes, endpoint service name,
    provider listener port, TLS name or None)."""
    ec2 = acct.client("ec2")
    endpoints = [e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["VpcEndpointType"] == "Interface"]
    by_service = {e["ServiceName"]: e for e in endpoints}
    want = sorted(p[1] for p in providers.values())
    check(sorted(by_service) == want and len(endpoints) == len(want), f"gateway: interface endpoints to {sorted(e['ServiceName'] for e in endpoints)}, want the providers' {want}")
    for e in endpoints:
        tls = next(p[3] for p in providers.values() if p[1] == e["ServiceName"])
        check(e.get("PrivateDnsEnabled", False) == bool(tls), f"gateway: endpoint to {e['ServiceName']} has private DNS {e.get('PrivateDnsEnabled')}, want {bool(tls)}")
        check(e["State"] == "available", f"gateway: endpoint {e['VpcEndpointId']} to {e['ServiceName']} is {e['State']}, want available: "
              "a connection to an endpoint service that requires acceptance waits until the provider accepts it")
        check(len(e["NetworkInterfaceIds"]) == 2, f"gateway: endpoint {e['VpcEndpointId']} in {len(e['NetworkInterfaceIds'])} subnets, want 2")
    vpc = endpoints[0]["VpcId"]
    zones = sorted(s["AvailabilityZoneId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"])
    check(zones == ["usw2-az1", "usw2-az2"], f"gateway: subnets in {zones}, want usw2-az1 and usw2-az2")

    r53 = acct.client("route53")
    named = [z for z in r53.list_hosted_zones()["HostedZones"] if z["Name"] == "internal.example."]
    plain = [n for n, p in providers.items() if not p[3]]
    check(len(named) == (1 if plain else 0), f"gateway: {len(named)} zones internal.example, want {1 if plain else 0} (services without TLS: {plain})")
    if plain:
        zone = r53.get_hosted_zone(Id=named[0]["Id"])
        check(zone["HostedZone"]["Config"]["PrivateZone"] and [v["VPCId"] for v in zone.get("VPCs", [])] == [vpc],
              f"gateway: zone internal.example is not private to the gateway's VPC {vpc}: {zone['HostedZone']['Config']}, VPCs {zone.get('VPCs')}")
        records = {r["Name"]: r for r in r53.list_resource_record_sets(HostedZoneId=named[0]["Id"])["ResourceRecordSets"] if r["Type"] == "A"}
        check(sorted(records) == sorted(f"{n}.internal.example." for n in plain), f"gateway: A records {sorted(records)}")

    elb = acct.client("elbv2")
    lbs = [lb for lb in elb.describe_load_balancers()["LoadBalancers"] if lb["Type"] == "network"]
    check(len(lbs) == 1, f"gateway: {len(lbs)} network load balancers, want one shared by the services")
    lb = lbs[0]
    lb_groups = lb.get("SecurityGroups", [])
    check(lb_groups, "gateway: the load balancer has no security group")
    lb_cidrs = [s["CidrBlock"] for s in ec2.describe_subnets(SubnetIds=[z["SubnetId"] for z in lb["AvailabilityZones"]])["Subnets"]]
    groups = lambda ids: ec2.describe_security_groups(GroupIds=ids)["SecurityGroups"]  # noqa: E731
    # Which service's endpoint has these addresses.
    served = {}
    for n, p in providers.items():
        enis = ec2.describe_network_interfaces(NetworkInterfaceIds=by_service[p[1]]["NetworkInterfaceIds"])["NetworkInterfaces"]
        served[tuple(sorted(i["PrivateIpAddress"] for i in enis))] = n

    apigw = acct.client("apigatewayv2")
    apis = apigw.get_apis()["Items"]
    check(len(apis) == 1 and apis[0]["ProtocolType"] == "HTTP", f"gateway: APIs {[(a['Name'], a['ProtocolType']) for a in apis]}, want one HTTP API")
    api = apis[0]["ApiId"]
    routes = apigw.get_routes(ApiId=api)["Items"]
    owner = {r: n for n, p in providers.items() for r in p[0]}
    check(sorted(r["RouteKey"] for r in routes) == sorted(f"ANY {r}" for r in owner), f"gateway: routes {sorted(r['RouteKey'] for r in routes)}, want ANY of {sorted(owner)}")
    check(apigw.get_stages(ApiId=api)["Items"], "gateway: the API has no stage")
    listener_ports = set()
    for route in routes:
        path = route["RouteKey"].split(" ", 1)[1]
        name = owner[path]
        _, service_name, provider_port, tls_name = providers[name]
        at = f"gateway: route {route['RouteKey']} (service {name})"
        check(route.get("Target", "").startswith("integrations/"), f"{at}: target {route.get('Target')}, want an integration")
        integ = apigw.get_integration(ApiId=api, IntegrationId=route["Target"].split("/", 1)[1])
        check(integ.get("ConnectionType") == "VPC_LINK", f"{at}: integration connection {integ.get('ConnectionType')}, want VPC_LINK")
        verify = (integ.get("TlsConfig") or {}).get("ServerNameToVerify")
        check(verify == tls_name, f"{at}: integration verifies server name {verify}, want {tls_name}" + (" (HTTPS to the provider's TLS listener)" if tls_name else ""))
        link = apigw.get_vpc_link(VpcLinkId=integ["ConnectionId"])
        link_vpcs = {s["VpcId"] for s in ec2.describe_subnets(SubnetIds=link["SubnetIds"])["Subnets"]}
        check(link_vpcs == {vpc}, f"{at}: VPC link in {link_vpcs}, want the gateway's VPC {vpc}")
        listener = elb.describe_listeners(ListenerArns=[integ["IntegrationUri"]])["Listeners"][0]
        check(listener["LoadBalancerArn"] == lb["LoadBalancerArn"], f"{at}: integration's listener is on another load balancer")
        port = listener["Port"]
        listener_ports.add(port)
        check(admits(groups(link["SecurityGroupIds"]), "out", port, lb_groups, lb_cidrs),
              f"{at}: the VPC link's security groups do not let it reach the load balancer on {port}: {rules(groups(link['SecurityGroupIds']), 'out')}")
        check(admits(groups(lb_groups), "in", port, link["SecurityGroupIds"], []),
              f"{at}: the load balancer's security group does not admit {port} from the VPC link: {rules(groups(lb_groups), 'in')}")
        tg = listener["DefaultActions"][0]["TargetGroupArn"]
        targets = elb.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
        endpoint = by_service[service_name]
        enis = ec2.describe_network_interfaces(NetworkInterfaceIds=endpoint["NetworkInterfaceIds"])["NetworkInterfaces"]
        addresses = sorted(n["PrivateIpAddress"] for n in enis)
        got = sorted(t["Target"]["Id"] for t in targets)
        check(got == addresses, f"{at}: listener {port} sends to {got}, the endpoint addresses of {served.get(tuple(got), 'no service')}; want {name}'s {addresses}")
        ports = {t["Target"]["Port"] for t in targets}
        check(ports == {provider_port}, f"{at}: targets on port {ports}, but {name}'s provider listens on {provider_port}")
        ep_groups = [g["GroupId"] for g in endpoint["Groups"]]
        check(admits(groups(ep_groups), "in", provider_port, lb_groups, lb_cidrs),
              f"{at}: the endpoint's security group does not admit TCP {provider_port} from the load balancer; its rules: {rules(groups(ep_groups), 'in')}")
        check(admits(groups(lb_groups), "out", provider_port, ep_groups, []),
              f"{at}: the load balancer's security group may not send TCP {provider_port} to the endpoint; its rules: {rules(groups(lb_groups), 'out')}")
    check(sorted(listener_ports) == list(range(10000, 10000 + len(providers))), f"gateway: listener ports {sorted(listener_ports)}, want one per service from 10000")
    check_default_groups_closed(acct, "gateway")


def todo_against_table(acct, table):
    """Runs the todo service locally on the table CloudFormation created."""
    binary = os.path.join(tempfile.mkdtemp(), "todo")
    subprocess.run(["go", "build", "-o", binary, "./apps/todo"], cwd=ROOT, check=True)
    port = free_port()
    env = dict(os.environ, **acct.env, TODO_TABLE=table, PORT=str(port))
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        body = urllib.parse.urlencode({"data": "Write new AWS blog post"}).encode()
        created = json.load(urllib.request.urlopen(base + "/todo", data=body, timeout=5))
        check(len(created["id"]) == 8 and created["data"] == "Write new AWS blog post", f"POST /todo answered {created}")
        listed = json.load(urllib.request.urlopen(base + "/todo", timeout=5))
        check(listed == [created], f"GET /todo answered {listed}")
        one = json.load(urllib.request.urlopen(base + "/todo/" + created["id"], timeout=5))
        check(one == created, f"GET /todo/{created['id']} answered {one}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def skipped_types(out_dir):
    """Resource types of the templates that moto's CloudFormation does not model."""
    sys.path.insert(0, os.path.join(ROOT, "test", "rehearsal"))
    import moto_launcher  # noqa: F401 - registers the modelled types
    from moto.cloudformation.parsing import NULL_MODELS, get_model_map

    modelled = set(get_model_map()) | set(NULL_MODELS)
    types = {}
    for name in os.listdir(out_dir):
        if name.endswith(".template.json"):
            for r in json.load(open(os.path.join(out_dir, name)))["Resources"].values():
                t = r["Type"]
                if t not in modelled and not t.startswith("Custom::"):
                    types[t] = types.get(t, 0) + 1
    return dict(sorted(types.items()))


# What the rehearsal cannot check here, and why. Printed with every report.
NOT_CHECKED = [
    ("traffic end to end (curl through the API)", "moto neither routes HTTP API requests nor carries PrivateLink traffic; the chain is checked hop by hop in moto's models instead"),
    ("the services running in their accounts", "no Docker: Fargate tasks and EC2 instances never start; the todo service runs locally against the deployed table instead"),
    ("the todo instances' readiness (WaitCondition)", "moto completes AWS::CloudFormation::WaitCondition at once; the readiness script is tested by go test ./constructs/provider"),
    ("health checks and target health", "moto reports registered targets, not their health"),
    ("DNS resolution in the private zone", "moto stores the records but resolves nothing"),
    ("IAM of roles other than the handoff's reader role and the custom resources' function role", "the services' task and instance roles, and the CDK roles, are not evaluated; cdk-nag checks their policies at synth"),
    ("when Fn::GetStackOutput is resolved", "CloudFormation resolves it while creating the change set; the launcher resolves it while executing it, so a failure shows at execution"),
    ("network interfaces of an endpoint pending acceptance", "moto creates them at once; whether AWS lists them before acceptance is not verified"),
    ("AWS::CDK::Metadata", "not modelled by moto; it carries no behaviour"),
    ("with --domain: ACM's DNS validation and the TLS handshakes", "the certificate is requested from moto's ACM once its validation zone is found to cover the name; no handshake happens, so API Gateway's name verification is checked as the integration's TlsConfig"),
    ("with --domain: the verification of private DNS names by AWS", "modelled: verified when a public zone of the account holds the TXT record <challenge name>.<private DNS name> with the challenge value (moto_launcher.py, 25)"),
    ("with --domain: load balancer access logs", "moto stores the attributes; nothing is delivered to the bucket"),
]


def accept_pending(acct, stack):
    """Accepts the pending connections to the account's endpoint service with
    `aws ec2 accept-vpc-endpoint-connections`, the command
    provider.EndpointServiceOptions documents; there must be one."""
    ec2 = acct.client("ec2")
    pending = ec2.describe_vpc_endpoint_connections(Filters=[{"Name": "vpc-endpoint-state", "Values": ["pendingAcceptance"]}])["VpcEndpointConnections"]
    check(pending, f"{stack}: no connection is pending acceptance, so there is nothing to accept")
    for c in pending:
        cmd = ["aws", "ec2", "accept-vpc-endpoint-connections", "--service-id", c["ServiceId"], "--vpc-endpoint-ids", c["VpcEndpointId"]]
        res = subprocess.run(cmd, env=dict(os.environ, **acct.env, AWS_PAGER=""), capture_output=True, text=True)
        check(res.returncode == 0 and '"Unsuccessful": []' in res.stdout, f"{stack}: {' '.join(cmd)}: {res.stdout}{res.stderr}")


def topology():
    """The example's services from cdk.json: name -> (account, kind, routes)."""
    topo = json.load(open(os.path.join(ROOT, "cdk.json")))["context"]["topology"]
    return {s["name"]: (s["account"], s["kind"], s["routes"]) for s in topo["services"]}


def events(acct):
    """Number of events of every stack (nested ones included) in the account."""
    cf = acct.client("cloudformation")
    return {s["StackName"]: len(cf.describe_stack_events(StackName=s["StackId"])["StackEvents"])
            for s in cf.describe_stacks()["Stacks"] if s["StackName"] != "CDKToolkit"}


def retained_log_groups(out_dir, stack):
    """Logical IDs of the log groups a stack's templates (nested ones
    included) keep on delete."""
    ids = []
    for name in os.listdir(out_dir):
        if name.startswith(stack) and name.endswith(".template.json"):
            for lid, r in json.load(open(os.path.join(out_dir, name)))["Resources"].items():
                if r["Type"] == "AWS::Logs::LogGroup" and r.get("DeletionPolicy") == "Retain":
                    ids.append(lid)
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--break", dest="breakage", choices=["gateway-first"])
    ap.add_argument("--domain", help="deploy the TLS shape, -c domain=DOMAIN")
    ap.add_argument("--accept", action="store_true",
                    help="after the deploys, each provider accepts the gateway's pending connections with the documented command")
    args = ap.parse_args()
    port = free_port()
    endpoint = f"http://localhost:{port}"
    work = tempfile.mkdtemp(prefix="rehearsal-")
    log = open(os.path.join(work, "moto.log"), "w")
    moto = None
    started = time.time()
    retained = []
    try:
        with step(f"start moto on {endpoint}"):
            moto = start_moto(port, log)
        accounts = {a: Account(endpoint, a) for a in (DOGS, TODO, GATEWAY)}
        for a, acct in accounts.items():
            with step(f"bootstrap {a}"):
                # From outside the project: bootstrap would synthesize the app first.
                acct.cdk("bootstrap", f"aws://{a}/{REGION}", cwd=work)
        order = [DOGS, TODO, GATEWAY] if not args.breakage else [GATEWAY, DOGS, TODO]
        if args.domain:
            for a in DEPLOY_ARGS:
                DEPLOY_ARGS[a] = DEPLOY_ARGS[a] + ["-c", f"domain={args.domain}"]
        out = os.path.join(work, "cdk.out")
        for a in order:
            with step(f"cdk deploy --all as {a}"):
                accounts[a].cdk("deploy", "--all", "--require-approval", "never", *DEPLOY_ARGS[a], out=out)
        services = topology()
        if args.accept:
            for name, (a, _, _) in services.items():
                with step(f"accept {name}'s pending connections in {a}, as its README command does (no redeploy)"):
                    accept_pending(accounts[a], f"{name}-provider")
        providers = {}
        for name, (a, kind, routes) in services.items():
            with step(f"check {name}-provider in {a}"):
                tls_name = f"{name}.{args.domain}" if args.domain else None
                service_name, listener_port = check_provider(accounts[a], f"{name}-provider", kind, tls_name)
                providers[name] = (routes, service_name, listener_port, tls_name)
        with step("check gateway in 111111111111: endpoints, zone, and every route followed to its service's endpoint"):
            check_gateway(accounts[GATEWAY], providers)
        with step("todo service against the rehearsal's DynamoDB table"):
            todo_against_table(accounts[TODO], accounts[TODO].outputs(STACKS[TODO])["TableName"])
        resources = {a: len(acct.client("cloudformation").describe_stack_resources(StackName=STACKS[a])["StackResources"])
                     for a, acct in accounts.items()}
        for a in (DOGS, TODO, GATEWAY):
            with step(f"deploy again as {a}: no changes to any stack"):
                before = events(accounts[a])
                said = accounts[a].cdk("deploy", "--all", "--require-approval", "never", *DEPLOY_ARGS[a], out=out)
                after = events(accounts[a])
                changed = sorted(n for n in after if after[n] != before.get(n))
                check(not changed, f"a second deploy of an unchanged app changed {changed} in {a}:\n{said[-1500:]}")
                check(re.search(rf"{STACKS[a]}\b.*\(no changes\)", said), f"the CLI did not report {STACKS[a]} unchanged:\n{said[-1500:]}")
        for a in (GATEWAY, TODO, DOGS):
            with step(f"cdk destroy --all as {a}"):
                accounts[a].cdk("destroy", "--all", "--force", *DEPLOY_ARGS[a], out=out)
        with step("nothing left but the log groups kept by design"):
            for a, acct in accounts.items():
                left = {n: s for n, s in acct.stacks().items() if n != "CDKToolkit" and s != "DELETE_COMPLETE"}
                check(not left, f"{a}: stacks left after destroy: {left}")
                check(not acct.client("elbv2").describe_load_balancers()["LoadBalancers"], f"{a}: load balancers left")
                check(not acct.client("ec2").describe_vpc_endpoint_service_configurations()["ServiceConfigurations"], f"{a}: endpoint services left")
                endpoints = [e for e in acct.client("ec2").describe_vpc_endpoints()["VpcEndpoints"] if e["State"] != "deleted"]
                check(not endpoints, f"{a}: VPC endpoints left: {[(e['VpcEndpointId'], e['ServiceName'], e['State']) for e in endpoints]}")
                check(not acct.client("apigatewayv2").get_apis()["Items"], f"{a}: HTTP APIs left")
                check(not acct.client("dynamodb").list_tables()["TableNames"], f"{a}: tables left")
                check(not acct.client("acm").list_certificates()["CertificateSummaryList"], f"{a}: certificates left")
                keep = retained_log_groups(out, STACKS[a])
                for g in acct.client("logs").describe_log_groups()["logGroups"]:
                    why = [lid for lid in keep if lid in g["logGroupName"]]
                    check(why, f"{a}: log group {g['logGroupName']} left after destroy, and no template keeps it (DeletionPolicy Retain)")
                    retained.append(f"{a}: {g['logGroupName']} (DeletionPolicy Retain on {why[0]})")
        print("\n=== rehearsal report")
        for a in (DOGS, TODO, GATEWAY):
            print(f"  {STACKS[a]:18} in {a}: {resources[a]} resources created, checked, destroyed")
        print("  kept after destroy, by design (delete them by hand when done):")
        for r in retained:
            print(f"    {r}")
        print("  resource types moto does not model (deployed as no-ops):")
        for t, n in skipped_types(out).items():
            print(f"    {t}: {n}")
        print("  not checked here, and why:")
        for what, why in NOT_CHECKED:
            print(f"    {what}: {why}")
        print("  timings:")
        for name, secs in timings:
            print(f"    {secs:6.1f} s  {name}")
        print(f"  total {time.time() - started:.1f} s")
        print("rehearsal: 1 passed, 0 failed")
        return 0
    except StepFailed as e:
        print(f"\nREHEARSAL FAILED at {e}\n(moto log: {log.name})", file=sys.stderr)
        return 1
    finally:
        stop_moto(moto)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
