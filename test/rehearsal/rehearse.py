"""Deploy rehearsal: `cdk deploy --all` for the three example accounts against
moto (see moto_launcher.py), checked with boto3, deployed again as a no-op,
then destroyed. `make rehearse` runs it; `make test` too.

It fails loudly: any failed step stops it with a non-zero exit and says
which step. The moto server is always stopped, also on failure.

  python3 test/rehearsal/rehearse.py                  the rehearsal
  python3 test/rehearsal/rehearse.py --break gateway-first
      deploys the gateway before its providers, which must fail before
      anything is created (the test of that rule and of loud failure)
"""

import argparse
import json
import os
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


def check_provider(acct, stack, principal, kind):
    elb = acct.client("elbv2")
    lbs = elb.describe_load_balancers()["LoadBalancers"]
    check(any(lb["Type"] == "network" and lb["Scheme"] == "internal" for lb in lbs), f"{stack}: no internal network load balancer")
    lb = next(lb for lb in lbs if lb["Type"] == "network")
    listeners = elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
    check([(l["Protocol"], l["Port"]) for l in listeners] == [("TCP", 8080)], f"{stack}: listeners {listeners}, want TCP 8080")
    tgs = elb.describe_target_groups()["TargetGroups"]
    check(any(tg["Protocol"] == "TCP" and tg["Port"] == 8080 for tg in tgs), f"{stack}: no TCP 8080 target group")
    ec2 = acct.client("ec2")
    services = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    check(len(services) == 1, f"{stack}: {len(services)} endpoint services, want 1")
    svc = services[0]
    perms = ec2.describe_vpc_endpoint_service_permissions(ServiceId=svc["ServiceId"])["AllowedPrincipals"]
    check([p["Principal"] for p in perms] == [principal], f"{stack}: allowed principals {perms}, want {principal}")
    out = acct.outputs(stack)
    check(out.get("ServiceName") == svc["ServiceName"], f"{stack}: output ServiceName {out.get('ServiceName')} is not the endpoint service {svc['ServiceName']}")
    if kind == "fargate":
        ecs = acct.client("ecs")
        clusters = ecs.list_clusters()["clusterArns"]
        check(clusters and ecs.list_services(cluster=clusters[0])["serviceArns"], f"{stack}: no ECS service")
    else:
        groups = acct.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
        check(len(groups) == 1 and groups[0]["MinSize"] == 2, f"{stack}: Auto Scaling groups {groups}")
        table = acct.client("dynamodb").describe_table(TableName=out["TableName"])["Table"]
        check(table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST", f"{stack}: table not on-demand")
        # moto's DynamoDB handler does not apply PointInTimeRecoverySpecification,
        # so the deployed template is what says it is on.
        body = acct.client("cloudformation").get_template(StackName=stack)["TemplateBody"]
        body = body if isinstance(body, dict) else json.loads(body)
        tables = [r for r in body["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"]
        check(tables and tables[0]["Properties"].get("PointInTimeRecoverySpecification") == {"PointInTimeRecoveryEnabled": True},
              f"{stack}: point-in-time recovery not on in the deployed template")
    return svc["ServiceName"]


def check_gateway(acct, service_names):
    ec2 = acct.client("ec2")
    endpoints = [e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["VpcEndpointType"] == "Interface"]
    got = sorted(e["ServiceName"] for e in endpoints)
    check(got == sorted(service_names), f"gateway: interface endpoints to {got}, want the providers' {sorted(service_names)}")
    check(all(len(e["NetworkInterfaceIds"]) == 2 for e in endpoints), "gateway: endpoints not in 2 AZs")
    r53 = acct.client("route53")
    all_zones = r53.list_hosted_zones()["HostedZones"]
    zones = [z for z in all_zones if z["Name"] == "internal.example."]
    check(len(zones) == 1, f"gateway: no zone internal.example (zones: {[z['Name'] for z in all_zones]})")
    # moto's HostedZone handler ignores VPCs (the zone comes out public), so
    # the deployed template is what says the zone is private to the VPC.
    body = acct.client("cloudformation").get_template(StackName="gateway")["TemplateBody"]
    body = body if isinstance(body, dict) else json.loads(body)
    hz = [r for r in body["Resources"].values() if r["Type"] == "AWS::Route53::HostedZone"]
    check(hz and hz[0]["Properties"].get("VPCs"), "gateway: the hosted zone is not associated with the VPC in the template")
    names = sorted(r["Name"] for r in r53.list_resource_record_sets(HostedZoneId=zones[0]["Id"])["ResourceRecordSets"] if r["Type"] == "A")
    check(names == ["dognames.internal.example.", "todo.internal.example."], f"gateway: A records {names}")
    elb = acct.client("elbv2")
    lbs = [lb for lb in elb.describe_load_balancers()["LoadBalancers"] if lb["Type"] == "network"]
    check(len(lbs) == 1, f"gateway: {len(lbs)} network load balancers, want one shared by the services")
    ports = sorted(l["Port"] for l in elb.describe_listeners(LoadBalancerArn=lbs[0]["LoadBalancerArn"])["Listeners"])
    check(ports == [10000, 10001], f"gateway: listener ports {ports}, want one per service from 10000")
    zones = sorted(s["AvailabilityZoneId"] for s in ec2.describe_subnets()["Subnets"] if s["VpcId"] == endpoints[0]["VpcId"])
    check(zones == ["usw2-az1", "usw2-az2"], f"gateway: subnets in {zones}, want usw2-az1 and usw2-az2")


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--break", dest="breakage", choices=["gateway-first"])
    args = ap.parse_args()
    port = free_port()
    endpoint = f"http://localhost:{port}"
    work = tempfile.mkdtemp(prefix="rehearsal-")
    log = open(os.path.join(work, "moto.log"), "w")
    moto = None
    started = time.time()
    try:
        with step(f"start moto on {endpoint}"):
            moto = start_moto(port, log)
        accounts = {a: Account(endpoint, a) for a in (DOGS, TODO, GATEWAY)}
        for a, acct in accounts.items():
            with step(f"bootstrap {a}"):
                # From outside the project: bootstrap would synthesize the app first.
                acct.cdk("bootstrap", f"aws://{a}/{REGION}", cwd=work)
        order = [DOGS, TODO, GATEWAY] if not args.breakage else [GATEWAY, DOGS, TODO]
        out = os.path.join(work, "cdk.out")
        for a in order:
            with step(f"cdk deploy --all as {a}"):
                accounts[a].cdk("deploy", "--all", "--require-approval", "never", *DEPLOY_ARGS[a], out=out)
        with step("check dognames-provider in 222222222222"):
            dogs = check_provider(accounts[DOGS], STACKS[DOGS], f"arn:aws:iam::{GATEWAY}:root", "fargate")
        with step("check todo-provider in 333333333333"):
            todo = check_provider(accounts[TODO], STACKS[TODO], f"arn:aws:iam::{GATEWAY}:root", "ec2")
        with step("check gateway in 111111111111 (handoff: endpoints carry the providers' service names)"):
            check_gateway(accounts[GATEWAY], [dogs, todo])
        with step("todo service against the rehearsal's DynamoDB table"):
            todo_against_table(accounts[TODO], accounts[TODO].outputs(STACKS[TODO])["TableName"])
        resources = {a: len(acct.client("cloudformation").describe_stack_resources(StackName=STACKS[a])["StackResources"])
                     for a, acct in accounts.items()}
        for a in (DOGS, TODO, GATEWAY):
            with step(f"deploy again as {a}: no changes"):
                said = accounts[a].cdk("deploy", "--all", "--require-approval", "never", *DEPLOY_ARGS[a], out=out)
                check("(no changes)" in said, f"a second deploy of an unchanged app changed {STACKS[a]}:\n{said[-1500:]}")
        for a in (GATEWAY, TODO, DOGS):
            with step(f"cdk destroy --all as {a}"):
                accounts[a].cdk("destroy", "--all", "--force", *DEPLOY_ARGS[a], out=out)
        with step("nothing left"):
            for a, acct in accounts.items():
                left = {n: s for n, s in acct.stacks().items() if n != "CDKToolkit" and s != "DELETE_COMPLETE"}
                check(not left, f"{a}: stacks left after destroy: {left}")
                check(not acct.client("elbv2").describe_load_balancers()["LoadBalancers"], f"{a}: load balancers left")
                check(not acct.client("ec2").describe_vpc_endpoint_service_configurations()["ServiceConfigurations"], f"{a}: endpoint services left")
            check(not accounts[TODO].client("dynamodb").list_tables()["TableNames"], "333333333333: table left")
        print("\n=== rehearsal report")
        for a in (DOGS, TODO, GATEWAY):
            print(f"  {STACKS[a]:18} in {a}: {resources[a]} resources created, checked, destroyed")
        print("  resource types moto does not model (deployed as no-ops):")
        for t, n in skipped_types(out).items():
            print(f"    {t}: {n}")
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
