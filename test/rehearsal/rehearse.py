"""Deploy rehearsal: the example's whole lifecycle with the real CDK CLI,
account by account, against the emulator (moto, see moto_launcher.py) or
real AWS accounts, checked at every step.

For each shape (tcp; tls, -c domain=example.com; hardened, TLS with
-c @cdk-privatelink/hardened=true; alb, the ALB front door with AWS WAF
beside the HTTP API, -c frontDoor=alb, on a certificate the rehearsal
imports), in order:

  1. create: the providers' accounts, then the gateway's;
  2. an unchanged redeploy, which must change no stack;
  3. an update that replaces things: a new image for dognames, a new AMI
     (published, then taken with the topology's imageRefresh) and a changed
     port for todo, a service added to the gateway (cats, in a fourth
     account), then removed from it and destroyed;
  4. a first deploy that fails midway (cats again) and must roll back to
     ROLLBACK_COMPLETE with nothing left;
  5. destroy, the gateway first;
  6. create again in the same accounts and region;
  7. destroy, and a report of what is left in each account and what it
     costs a month.

A failed step stops the rehearsal with a non-zero exit, naming the step.

  python3 test/rehearsal/rehearse.py                     every step, tcp shape
  python3 test/rehearsal/rehearse.py --shape tls         (and hardened, alb)
  python3 test/rehearsal/rehearse.py --steps create      create and check only
  python3 test/rehearsal/rehearse.py --break gateway-first
      the gateway account deploys before its providers (must fail)
  python3 test/rehearsal/rehearse.py --accept
      the providers require acceptance and accept the gateway's connections
      with the documented command after the deploys

Targets:
  --target emulator (default)   moto on localhost, four fake accounts
  --target aws --profile P      real AWS: one profile for every role (a
                                one-account topology), or --profile
                                gateway=P1 --profile dognames=P2 ... one per
                                role (gateway, dognames, todo, cats)
  --target aws-on-emulator      the real-AWS code path run against moto:
                                profiles whose config names moto's endpoint,
                                one per role's account, or with --one-account
                                one profile for every role

On real AWS the emulator's model checks are skipped; in their place come
seed 003's curl sequence through the deployed API, and the check that only
the documented leftovers remain. aws-on-emulator runs that curl sequence
against the example's services run locally behind a path router, as moto
carries no traffic (checks.LocalApi).
"""

import argparse
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checks  # noqa: E402
from checks import check  # noqa: E402
from targets import ROOT, Aws, Emulator, StepFailed  # noqa: E402

REGION = "us-west-2"
# The emulator's accounts, by role; real targets read theirs from profiles.
EMULATED = {"gateway": "111111111111", "dognames": "222222222222", "todo": "333333333333", "cats": "444444444444",
            "consumers": "555555555555"}
SHAPES = {
    "tcp": [],
    "tls": ["-c", "domain={domain}"],
    "hardened": ["-c", "domain={domain}", "-c", "@cdk-privatelink/hardened=true"],
    # The ALB front door beside the HTTP API (consumer.AlbFrontDoor, AWS
    # WAF); its certificate is imported into the gateway's account first.
    "alb": ["-c", "frontDoor=alb", "-c", "frontDoorCertificateArn={certificate}"],
}
# The front door's name in the alb shape, on its imported certificate.
FRONT_DOOR_NAME = "api.example.com"
# No Docker engine here: the emulator's Fargate services run a registry
# image (a switch the app has); real targets build the Dockerfile.
BUSYBOX = "public.ecr.aws/docker/library/busybox:stable"
NEW_IMAGE = "public.ecr.aws/docker/library/busybox:latest"

timings = []


@contextmanager
def step(name):
    print(f"--- {name}", flush=True)
    start = time.time()
    try:
        yield
    except StepFailed as e:
        raise StepFailed(f"{name}: {e}") from e
    except Exception as e:  # noqa: BLE001 - every failure names its step
        where = traceback.extract_tb(e.__traceback__)[-1]
        raise StepFailed(f"{name}: {type(e).__name__}: {e} (at {os.path.basename(where.filename)}:{where.lineno}: {where.line})") from e
    timings.append((name, time.time() - start))


def base_topology():
    return json.load(open(os.path.join(ROOT, "cdk.json")))["context"]["topology"]


class Rehearsal:
    def __init__(self, args, work):
        self.args, self.work = args, work
        self.domain = (args.domain or "example.com") if args.shape in ("tls", "hardened") else None
        self.shape = []  # formatted once the accounts are known
        self.out_dirs = []
        self.images = {}  # fargate images by service, beyond the defaults
        self.creations = 0
        log = open(os.path.join(work, "moto.log"), "w")
        self.log = log
        self.emulator = None
        if args.target in ("emulator", "aws-on-emulator"):
            self.emulator = Emulator(REGION, log)
        self.target = self.emulator
        roles = ["gateway", "dognames", "todo", "cats"] + (["consumers"] if args.scale else [])
        if args.target == "emulator":
            self.accounts = {r: self.emulator.account(EMULATED[r]) for r in roles}
        else:
            config = None
            profiles = dict(p.split("=", 1) if "=" in p else ("*", p) for p in args.profile or [])
            if args.target == "aws-on-emulator":
                # One profile per topology account, or, with --one-account,
                # one profile for every role (the one-account shape).
                mapping = {r: EMULATED["gateway"] for r in roles} if args.one_account else EMULATED
                config, names = self.emulator.profiles_config(sorted(set(mapping.values())))
                profiles = {r: names[mapping[r]] for r in roles}
            self.target = Aws(REGION, config)
            self.accounts = {}
            for r in roles:
                p = profiles.get(r) or profiles.get("*")
                if not p:
                    raise StepFailed(f"--profile: none for {r}; give --profile P (one account) or --profile {r}=P")
                self.accounts[r] = self.target.account_of(p)
        self.emulated = args.target == "emulator"
        # Who writes the delegation of each provider's zone (real targets
        # with a domain): --delegate-from's account, or on aws-on-emulator
        # the gateway's, where the rehearsal makes the domain's public zone.
        self.delegator, self.delegated = None, set()
        if self.domain and args.target != "emulator":
            if args.target == "aws-on-emulator":
                self.delegator = self.accounts["gateway"]
                self.delegator.client("route53").create_hosted_zone(Name=self.domain, CallerReference=f"rehearsal-{time.time()}")
            elif args.delegate_from:
                self.delegator = self.target.account_of(args.delegate_from)
        self.topology = base_topology()
        self.topology["gateway"]["account"] = self.accounts["gateway"].account
        for s in self.topology["services"]:
            s["account"] = self.accounts[s["name"]].account
        # Roles that share an account (a one-account topology) share its
        # checks of what is left.
        self.shared = len({a.account for a in self.accounts.values()}) < len(self.accounts)
        certificate = None
        if args.shape == "alb":
            certificate = checks.import_certificate(self.accounts["gateway"], FRONT_DOOR_NAME)
        self.shape = [a.format(domain=self.domain, certificate=certificate) for a in SHAPES[args.shape]]

    # --- deploying

    def context(self, topology, extra=()):
        args = ["-c", "topology=" + json.dumps(topology)] + list(self.shape) + list(extra)
        for s in topology["services"]:
            if s["kind"] != "fargate":
                continue
            image = self.images.get(s["name"], BUSYBOX if self.args.target != "aws" else None)
            if image:
                args += ["-c", f"image.{s['name']}={image}"]
        return args

    def deploy(self, role, topology, extra=(), expect_failure=None):
        acct = self.accounts[role]
        out = os.path.join(self.work, f"cdk.out-{len(self.out_dirs)}")
        self.out_dirs.append(out)
        with self.delegating(role):
            if expect_failure is None:
                said = acct.cdk("deploy", "--all", "--require-approval", "never", *self.context(topology, extra), out=out)
                if topology.get("consumers"):
                    self.accept(topology)
                return said
            code, said = acct.cdk("deploy", "--all", "--require-approval", "never", *self.context(topology, extra), out=out, check=False)
        check(code != 0, f"the deploy as {role} succeeded, but it must fail: {expect_failure}")
        return said

    @contextmanager
    def delegating(self, role):
        """On real targets with a domain, the README's step done for the
        maintainer while a provider deploys: once the <role>-dns stack
        answers its NameServers, they are written as the NS record of
        <role>.<domain> in the domain's public zone (--delegate-from's
        account), so the certificate validates and the deploy goes on."""
        if not self.delegator or role == "gateway":
            yield
            return
        done = threading.Event()
        r53 = self.delegator.client("route53")
        parent = next(z["Id"] for z in r53.list_hosted_zones_by_name(DNSName=self.domain)["HostedZones"]
                      if z["Name"] == self.domain + "." and not z.get("Config", {}).get("PrivateZone"))
        acct = self.accounts[role]
        cf = acct.client("cloudformation")
        # Every provider of this account: in one account, a deploy makes them all.
        names = [r for r in ("dognames", "todo", "cats") if self.accounts[r].account == acct.account]
        written = {}

        def delegate():
            for name in names:
                try:
                    out = {o["OutputKey"]: o["OutputValue"] for o in cf.describe_stacks(StackName=f"{name}-dns")["Stacks"][0].get("Outputs") or []}
                except Exception:  # noqa: BLE001 - not there yet
                    continue
                servers = out.get("NameServers")
                if servers and servers != written.get(name):
                    r53.change_resource_record_sets(HostedZoneId=parent, ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
                        "Name": f"{name}.{self.domain}.", "Type": "NS", "TTL": 300, "ResourceRecords": [{"Value": ns} for ns in servers.split(",")]}}]})
                    written[name] = servers
                    self.delegated.add(f"{name}.{self.domain}.")

        def watch():
            while not done.wait(5):
                delegate()
            delegate()  # what the deploy made after the last look

        t = threading.Thread(target=watch, daemon=True)
        t.start()
        try:
            yield
        finally:
            done.set()
            t.join()

    def destroy(self, role, topology, stacks=None):
        acct = self.accounts[role]
        out = os.path.join(self.work, f"cdk.out-d{len(self.out_dirs)}")
        # Named stacks alone (--exclusively): in one account the gateway
        # synthesizes with cats and depends on it, and a destroy of cats
        # would take the gateway with it.
        which = [*stacks, "--exclusively"] if stacks else ["--all"]
        return acct.cdk("destroy", *which, "--force", *self.context(topology), out=out)

    def tls_name(self, service):
        return f"{service}.{self.domain}" if self.domain else None

    def roles(self, topology):
        return [s["name"] for s in topology["services"]]

    def waves(self, topology):
        """The order the topology deploys in, from the Go code the
        pipeline's stages come from (example.Topology.Waves): lists of
        roles, each list at once, one after another."""
        env = dict(os.environ, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="18,20", JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION="1")
        got = subprocess.run(["go", "run", "./apps/privatelink/waves", json.dumps(topology)], cwd=ROOT, env=env, capture_output=True, text=True)
        check(got.returncode == 0, f"go run ./apps/privatelink/waves: {got.stderr[-1500:]}")
        return [w["roles"] for w in json.loads(got.stdout)]

    # --- checks

    def check_all(self, topology, images=None):
        """The providers and the gateway, read back (emulator), or seed 003's
        curl sequence through the API (real targets)."""
        images = images or {}
        providers = {}
        for s in topology["services"]:
            name = s["name"]
            with step(f"check {name}-provider in {self.accounts[name].account}"):
                if self.emulated:
                    sn, port = checks.check_provider(self.accounts[name], f"{name}-provider", s["kind"], s.get("port", 8080),
                                                     self.tls_name(name), images.get(name))
                else:
                    sn, port = self.accounts[name].outputs(f"{name}-provider")["ServiceName"], s.get("port", 8080)
                providers[name] = (s["routes"], sn, port, self.tls_name(name))
        if self.emulated:
            with step(f"check gateway in {self.accounts['gateway'].account}: endpoints, zone, and every route followed to its service's endpoint"):
                checks.check_gateway(self.accounts["gateway"], providers)
            with step(f"check the gateway's canary in {self.accounts['gateway'].account}: running, calling every public route of the deployed API"):
                print(f"    calls {', '.join(checks.check_canary(self.accounts['gateway']))}")
            if self.args.shape == "alb":
                with step(f"check the front door in {self.accounts['gateway'].account}: its web ACL, and every listener rule followed to its service's endpoint"):
                    checks.check_front_door(self.accounts["gateway"], providers, {s["name"]: s.get("listenerPort", 10000 + i) for i, s in enumerate(topology["services"])})
            seen = set()
            for role in [*providers, "gateway"]:
                acct = self.accounts[role]
                if acct.account in seen:
                    continue
                seen.add(acct.account)
                with step(f"check every alarm in {acct.account} against the metric table, its dimensions resolved to what is deployed"):
                    print(f"    {checks.check_alarms(acct)} alarms, each metric a row of the table, each dimension a deployed resource, each action an encrypted topic")
            if "todo" in providers:
                with step("todo service against the rehearsal's DynamoDB table"):
                    checks.todo_against_table(self.accounts["todo"], self.accounts["todo"].outputs("todo-provider")["TableName"])
        else:
            if self.delegator:
                with step(f"each provider's zone delegated from {self.domain}"):
                    want = {f"{s['name']}.{self.domain}." for s in topology["services"]}
                    check(want <= self.delegated, f"NS records written for {sorted(self.delegated)}, want {sorted(want)}")
            with step("seed 003's curl sequence through the API"):
                url = self.accounts["gateway"].outputs(topology["gateway"]["name"])["HttpApiUrl"]
                local = None
                if self.args.target == "aws-on-emulator":
                    local = checks.LocalApi(self.accounts["todo"], self.accounts["todo"].outputs("todo-provider")["TableName"],
                                            {s["name"]: s["routes"] for s in topology["services"]})
                    url = local.url
                try:
                    for line in checks.curl_sequence(url):
                        print("    " + line)
                finally:
                    if local:
                        local.close()

    def no_change(self, role, topology):
        acct = self.accounts[role]
        before = checks.events(acct)
        said = self.deploy(role, topology)
        after = checks.events(acct)
        changed = sorted(n for n in after if after[n] != before.get(n))
        check(not changed, f"a second deploy of an unchanged app changed {changed} in {acct.account}:\n{said[-1500:]}")
        stacks = [f"{role}-provider"] if role != "gateway" else [topology["gateway"]["name"]]
        for stack in stacks:
            check(re.search(rf"{stack}\b.*\(no changes\)", said), f"the CLI did not report {stack} unchanged:\n{said[-1500:]}")

    # --- the lifecycle

    def create(self, topology, again=False):
        what = "create again" if again else "create"
        providers = self.roles(topology)
        if self.args.breakage == "gateway-first":
            with step(f"{what}: cdk deploy --all as {self.accounts['gateway'].account}, before its providers"):
                said = self.deploy("gateway", topology, expect_failure="its providers' stacks do not exist yet")
                # The handoff is read when the change set is made: nothing
                # may have been created.
                gw = self.accounts["gateway"]
                name = topology["gateway"]["name"]
                status = gw.stacks().get(name)
                made = gw.client("cloudformation").describe_stack_resources(StackName=name)["StackResources"] if status == "REVIEW_IN_PROGRESS" else []
                check(status in (None, "REVIEW_IN_PROGRESS", "DELETE_COMPLETE") and not made,
                      f"the gateway deployed before its providers is {status} with {len(made)} resources created: its change set should have failed "
                      f"before anything was created (Fn::GetStackOutput in a nested stack is read only when that stack is created)\n{said[-2000:]}")
                raise StepFailed(f"the gateway cannot deploy before its providers, as the README says; the CLI said:\n{said[-2500:]}")
        # Wave by wave, as the pipeline deploys (the roles of a wave could
        # deploy at once; here one after another).
        for wave in self.waves(topology):
            for name in wave:
                with step(f"{what}: cdk deploy --all as {self.accounts[name].account} ({name})"):
                    self.deploy(name, topology)
        if self.args.accept:
            for name in providers:
                with step(f"accept {name}'s pending connections, with the README's command (no redeploy)"):
                    checks.accept_pending(self.accounts[name], f"{name}-provider")
        self.creations += 1
        self.check_all(topology, self.images_now(topology))

    def images_now(self, topology):
        if self.args.target == "aws":
            return {}
        return {s["name"]: self.images.get(s["name"], BUSYBOX) for s in topology["services"] if s["kind"] == "fargate"}

    def redeploy(self, topology):
        for role in self.roles(topology) + ["gateway"]:
            with step(f"deploy again as {self.accounts[role].account} ({role}): no changes to any stack"):
                self.no_change(role, topology)

    def update(self, topology):
        """New image, new AMI, changed port, a service added and removed."""
        updated = copy.deepcopy(topology)
        todo = next(s for s in updated["services"] if s["name"] == "todo")
        todo["port"] = 8081
        todo["imageRefresh"] = "rehearsal-2"
        cats = {"name": "cats", "account": self.accounts["cats"].account, "kind": "fargate", "port": 8080, "healthPath": "/health",
                "routes": ["/cats", "/cats/{proxy+}"], "source": "apps/dognames", "context": "apps"}
        updated["services"].append(cats)
        ami = None
        if self.emulated:
            with step("AWS releases a new Amazon Linux 2023 AMI (the emulator publishes one)"):
                ami = self.emulator.hook("ami", {"region": REGION, "arch": "arm64"})["imageId"]
            with step("a deploy that does not ask for it keeps the old AMI: todo's instances untouched"):
                self.no_change("todo", topology)
        if self.args.target == "aws":
            # The image the create built and pushed, now by its registry
            # URI: a new image reference, a new task definition, a
            # deployment of the service.
            ecs = self.accounts["dognames"].client("ecs")
            cluster = checks.stack_clusters(self.accounts["dognames"], "dognames-provider")[0]
            svc = ecs.describe_services(cluster=cluster, services=ecs.list_services(cluster=cluster)["serviceArns"])["services"][0]
            self.images["dognames"] = ecs.describe_task_definition(taskDefinition=svc["taskDefinition"])["taskDefinition"]["containerDefinitions"][0]["image"]
        else:
            self.images["dognames"] = NEW_IMAGE
        for name, what in (("dognames", "a new image"), ("todo", "a new AMI (imageRefresh) and port 8081"), ("cats", "a new service")):
            with step(f"update: {what} as {self.accounts[name].account} ({name})"):
                self.deploy(name, updated)
        with step(f"update: the gateway adds cats and follows todo to 8081, as {self.accounts['gateway'].account}"):
            self.deploy("gateway", updated)
        images = self.images_now(updated)
        if ami:
            images["todo"] = ami
        self.check_all(updated, images)
        after = copy.deepcopy(updated)
        after["services"] = updated["services"][:-1]
        with step(f"update: the gateway removes cats, as {self.accounts['gateway'].account}"):
            self.deploy("gateway", after)
        with step(f"destroy cats as {self.accounts['cats'].account}"):
            self.destroy("cats", updated, ["cats-*"])
        images.pop("cats", None)
        self.check_all(after, images)
        return after, updated

    def accept(self, topology):
        """What the provider's acceptance function does on each connection
        event (the emulator runs no Lambda): its own code, with its
        environment and as its role, against the emulator."""
        acct = self.accounts[topology["consumers"]["service"]]
        fns = [f for f in acct.client("lambda").list_functions()["Functions"] if "SERVICE_ID" in (f.get("Environment") or {}).get("Variables", {})]
        if not fns:
            return  # the provider is not deployed yet
        fn = fns[0]
        creds = acct.client("sts").assume_role(RoleArn=fn["Role"], RoleSessionName="acceptance")["Credentials"]
        env = dict(os.environ, **fn["Environment"]["Variables"], AWS_ACCESS_KEY_ID=creds["AccessKeyId"], AWS_SECRET_ACCESS_KEY=creds["SecretAccessKey"],
                   AWS_SESSION_TOKEN=creds["SessionToken"], AWS_DEFAULT_REGION=REGION, AWS_ENDPOINT_URL=self.emulator.endpoint)
        ran = subprocess.run([sys.executable, "-c", "import organization_acceptance as m; m.handler(None, None)"],
                             cwd=os.path.join(ROOT, "constructs", "provider"), env=env, capture_output=True, text=True)
        check(ran.returncode == 0, f"the acceptance function failed: {ran.stderr[-1500:]}")
        print(f"    acceptance function: {ran.stdout.strip()}")

    def at_scale(self, topology, n):
        """Consumers by the hundred, N of them: an organization in the
        tooling account (its management account, with trusted access for
        StackSets), an OU of N accounts each with its landing zone (a VPC in
        the gateway's zones and the SSM parameters that name it), dognames
        admitting them, and the consumers' StackSet. Every account gets an
        available endpoint in its own VPC, and only those accounts are
        allowed; one that leaves the OU loses its endpoint."""
        mgmt = self.accounts["consumers"]
        with step(f"an organization in {mgmt.account}, an OU of {n} accounts, each with its landing zone"):
            org = mgmt.client("organizations")
            org.create_organization(FeatureSet="ALL")
            org.enable_aws_service_access(ServicePrincipal="member.org.stacksets.cloudformation.amazonaws.com")
            root = org.list_roots()["Roots"][0]["Id"]
            ou = org.create_organizational_unit(ParentId=root, Name="consumers")["OrganizationalUnit"]["Id"]
            members = []
            for i in range(n):
                made = org.create_account(Email=f"consumer-{i}@example.com", AccountName=f"consumer-{i}")["CreateAccountStatus"]["AccountId"]
                org.move_account(AccountId=made, SourceParentId=root, DestinationParentId=ou)
                checks.landing_zone(self.emulator.account(made), f"10.{100 + i % 100}.0.0/16", topology["gateway"].get("azIds") or ["usw2-az1", "usw2-az2"])
                members.append(made)
        scaled = copy.deepcopy(topology)
        scaled["tooling"] = {"account": mgmt.account}
        scaled["consumers"] = {"service": "dognames", "organizationalUnitIds": [ou], "callAs": "SELF"}
        self.create(scaled)
        consumer_accounts = {m: self.emulator.account(m) for m in members}
        service = self.accounts["dognames"].outputs("dognames-provider")["ServiceName"]
        with step(f"each of the {n} accounts has an available endpoint to dognames in its own VPC; only they and the gateway are accepted"):
            checks.check_consumers(consumer_accounts, service, 8080, "dognames.internal.example")
            accepted = checks.connection_owners(self.accounts["dognames"], "available")
            want = sorted(members + [self.accounts["gateway"].account])
            check(accepted == want, f"dognames accepted {accepted}, want the gateway and the {n} accounts of the OU: {want}")
            print(f"    {n} endpoints available, {len(accepted)} accounts accepted")
        with step("an account outside the OU asks to connect: rejected, though anyone may ask"):
            org_outsider = self.emulator.account(org.create_account(Email="outsider@example.com", AccountName="outsider")["CreateAccountStatus"]["AccountId"])
            checks.landing_zone(org_outsider, "10.250.0.0/16", topology["gateway"].get("azIds") or ["usw2-az1", "usw2-az2"])
            checks.endpoint_by_hand(org_outsider, service)
            self.accept(scaled)
            check(checks.connection_owners(self.accounts["dognames"], "rejected") == [org_outsider.account], "the outsider's connection is not rejected")
        joining = self.emulator.account(org.create_account(Email="joiner@example.com", AccountName="joiner")["CreateAccountStatus"]["AccountId"])
        with step(f"an account that joins the OU ({joining.account}) gets an endpoint and is accepted, with nothing redeployed"):
            checks.landing_zone(joining, "10.251.0.0/16", topology["gateway"].get("azIds") or ["usw2-az1", "usw2-az2"])
            org.move_account(AccountId=joining.account, SourceParentId=root, DestinationParentId=ou)
            self.accept(scaled)
            checks.check_consumers({joining.account: joining}, service, 8080, "dognames.internal.example")
        leaving = members[-1]
        with step(f"an account that leaves the OU ({leaving}) loses its endpoint: the StackSet deletes its stack"):
            org.move_account(AccountId=leaving, SourceParentId=ou, DestinationParentId=root)
            eps = [e for e in consumer_accounts[leaving].client("ec2").describe_vpc_endpoints()["VpcEndpoints"] if e["State"] != "deleted"]
            check(not eps, f"{leaving} still has endpoints after leaving the OU: {[e['VpcEndpointId'] for e in eps]}")
        with step("cdk destroy --all, wave by wave backwards: the StackSet's instances go with it"):
            for wave in reversed(self.waves(scaled)):
                for name in wave:
                    self.destroy(name, scaled)
            left = [m for m in members[:-1] if [e for e in consumer_accounts[m].client("ec2").describe_vpc_endpoints()["VpcEndpoints"] if e["State"] != "deleted"]]
            check(not left, f"endpoints left after the StackSet was deleted, in {left}")

    def failed_first_deploy(self, with_cats):
        """cats' first deploy fails midway: its ECS service never stabilises
        (on the emulator, the failure is injected with ECS's message; on AWS
        the image exits at once, so the deployment circuit breaker stops it)."""
        acct = self.accounts["cats"]
        message = "ECS Deployment Circuit Breaker was triggered"
        with step(f"what {acct.account} keeps from cats' earlier destroy, before the failed deploy"):
            baseline = set(checks.inventory(acct)) if not self.shared else set()
        if self.emulator:  # aws-on-emulator too: moto runs no image that could fail
            with step("arm a failure: the next ECS service of cats-provider fails as ECS's circuit breaker does"):
                self.emulator.hook("fail", {"account": acct.account, "stack": "cats-provider", "type": "AWS::ECS::Service", "message": message})
        if self.args.target == "aws":
            self.images["cats"] = BUSYBOX
        with step(f"a first deploy that fails midway: cats as {acct.account} must roll back"):
            said = self.deploy("cats", with_cats, expect_failure="its ECS service fails")
            status = acct.stacks().get("cats-provider")
            check(status == "ROLLBACK_COMPLETE", f"cats-provider is {status} after its failed first deploy, want ROLLBACK_COMPLETE:\n{said[-2500:]}")
            if self.emulated:
                check(message in said, f"the CLI did not report the failure's reason ({message!r}):\n{said[-2500:]}")
        with step("after the rollback nothing of cats-provider is left"):
            self.destroy("cats", with_cats, ["cats-*"])
            check("cats-provider" not in {n for n, st in acct.stacks().items() if st != "DELETE_COMPLETE"}, "cats-provider is still there")
            if not self.shared:
                # Nothing at all, not even what a destroy keeps: a failed
                # first deploy deletes what RetainExceptOnCreate keeps.
                checks.nothing_running(acct)
                left = sorted(set(checks.inventory(acct)) - baseline)
                check(not left, f"{acct.account}: left after the failed first deploy was rolled back and its stacks deleted: {left}")
        self.images.pop("cats", None)

    def destroy_all(self, topology):
        # The waves backwards: the gateway reads the providers' outputs.
        for wave in reversed(self.waves(topology)):
            for name in wave:
                with step(f"cdk destroy --all as {self.accounts[name].account} ({name})"):
                    self.destroy(name, topology)

    def left(self, topology, final=False):
        """What each account keeps after the destroy: only what the
        templates keep on purpose."""
        found = {}
        with step("nothing left but what the templates keep on purpose" + (" (final)" if final else "")):
            seen = set()
            for role in ["gateway"] + self.roles(topology):
                acct = self.accounts[role]
                if acct.account in seen:
                    continue
                seen.add(acct.account)
                kept = checks.kept_by_templates(self.out_dirs, acct.account)
                found[role] = checks.leftovers(acct, kept, self.creations)
        return found


def report(found, timings, started, emulated, shape):
    print(f"\n=== rehearsal report ({shape})")
    print("  left in each account after the last destroy, and what it costs a month:")
    for role, items in found.items():
        keys = sum(1 for k, _ in items if k == "KMS key")
        print(f"    {role}: {len(items)} kept" + (f", ${keys * checks.KEY_MONTHLY:.2f} a month for {keys} KMS keys" if keys else ", nothing that costs money once its data expires"))
        for kind, name in items:
            print(f"      {kind}: {name} ({checks.LEFTOVER_COST[kind]})")
    print("  the bootstrap (CDKToolkit) is not counted; `cdk bootstrap` made it and it stays")
    if emulated:
        print("  not checked here, and why:")
        for what, why in NOT_CHECKED:
            print(f"    {what}: {why}")
    print("  timings:")
    for name, secs in timings:
        print(f"    {secs:6.1f} s  {name}")
    print(f"  total {time.time() - started:.1f} s")


# What the emulator cannot tell, and why. Printed with every emulator report.
NOT_CHECKED = [
    ("traffic end to end (curl through the API)", "moto neither routes HTTP API requests nor carries PrivateLink traffic; the chain is checked hop by hop in moto's models instead; the real-AWS rehearsal runs the curl sequence"),
    ("the services running in their accounts", "no Docker: Fargate tasks and EC2 instances never start; the todo service runs locally against the deployed table instead"),
    ("the instances' readiness signals (CreationPolicy, UpdatePolicy WaitOnResourceSignals)", "moto creates Auto Scaling groups without waiting for signals; the signalling script is run by go test ./constructs/provider against a local CloudFormation endpoint"),
    ("health checks and target health", "moto reports registered targets, not their health"),
    ("DNS resolution and delegation", "moto stores records but resolves nothing; delegation is modelled (moto_launcher.py)"),
    ("IAM of roles other than the handoff's reader role, the execution role and the custom resources' function role", "the services' task and instance roles are not evaluated; cdk-nag checks their policies at synth"),
    ("the canary's runs", "moto runs no canary; its script is run against a local server by go test ./constructs/consumer (TestCanaryScript), and the rehearsal checks the deployed canary's state and the routes its script calls"),
    ("network interfaces of an endpoint pending acceptance", "moto creates them at once; whether AWS lists them before acceptance is not verified"),
    ("AWS::CDK::Metadata", "not modelled by moto; it carries no behaviour"),
    ("TLS handshakes", "no handshake happens; API Gateway's name verification is checked as the integration's TlsConfig"),
    ("load balancer access logs", "moto stores the attributes; nothing is delivered to the bucket"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", choices=sorted(SHAPES), default="tcp")
    ap.add_argument("--domain", help="the domain of the tls and hardened shapes (default example.com; alone, it means --shape tls)")
    ap.add_argument("--steps", choices=["all", "create"], default="all")
    ap.add_argument("--break", dest="breakage", choices=["gateway-first"])
    ap.add_argument("--accept", action="store_true")
    ap.add_argument("--target", choices=["emulator", "aws", "aws-on-emulator"], default="emulator")
    ap.add_argument("--profile", action="append", help="PROFILE, or ROLE=PROFILE (roles: gateway, dognames, todo, cats)")
    ap.add_argument("--one-account", action="store_true", help="aws-on-emulator: one profile, one account for every role (as --profile P on AWS)")
    ap.add_argument("--delegate-from", metavar="PROFILE", help="--target aws with --domain: the profile of the account that holds DOMAIN's public hosted zone; "
                    "the rehearsal writes each provider zone's NS records there while the provider deploys")
    ap.add_argument("--gateway-exec-policy", help="bootstrap the gateway's account with this --cloudformation-execution-policies ARN")
    ap.add_argument("--scale", type=int, metavar="N", help="emulator: N consumer accounts of an OU get dognames' endpoint through the consumers' "
                    "StackSet (the tooling account is the organization's management account); then everything is destroyed")
    args = ap.parse_args()
    if args.scale and args.target != "emulator":
        ap.error("--scale runs on the emulator, whose Organizations it fills with N accounts")
    if args.domain and args.shape == "tcp":
        args.shape = "tls"
    if args.target == "aws" and args.shape in ("tls", "hardened") and (not args.domain or not args.delegate_from):
        ap.error(f"--target aws --shape {args.shape} needs --domain (one you control) and --delegate-from (the profile that holds its public zone)")
    if args.target == "aws" and not args.profile:
        ap.error("--target aws needs --profile")
    if args.one_account and args.target != "aws-on-emulator":
        ap.error("--one-account is for --target aws-on-emulator; on AWS, give one --profile for every role")
    work = tempfile.mkdtemp(prefix="rehearsal-")
    started = time.time()
    r = None
    try:
        with step(f"start the target: {args.target}"):
            r = Rehearsal(args, work)
        bootstrapped = set()
        for role in ["dognames", "todo", "gateway", "cats"] + (["consumers"] if args.scale else []):
            acct = r.accounts[role]
            if acct.account in bootstrapped:
                continue
            bootstrapped.add(acct.account)
            with step(f"bootstrap {acct.account}"):
                # From outside the project: bootstrap would synthesize the app first.
                policy = ["--cloudformation-execution-policies", args.gateway_exec_policy] if role == "gateway" and args.gateway_exec_policy else []
                acct.cdk("bootstrap", f"aws://{acct.account}/{REGION}", *policy, cwd=work)
        topology = r.topology
        if args.scale:
            r.at_scale(topology, args.scale)
            report({}, timings, started, r.emulated, args.shape)
            print("rehearsal: 1 passed, 0 failed")
            return 0
        r.create(topology)
        if args.steps == "create":
            report({}, timings, started, r.emulated, args.shape)
            print("rehearsal: 1 passed, 0 failed")
            return 0
        r.redeploy(topology)
        after, with_cats = r.update(topology)
        r.failed_first_deploy(with_cats)
        r.destroy_all(after)
        r.left(after)
        # Create again in the same accounts, from the updated topology.
        r.images.pop("dognames", None)
        r.create(after, again=True)
        r.destroy_all(after)
        found = r.left(after, final=True)
        report(found, timings, started, r.emulated, args.shape)
        print("rehearsal: 1 passed, 0 failed")
        return 0
    except StepFailed as e:
        print(f"\nREHEARSAL FAILED at {e}\n(moto log: {os.path.join(work, 'moto.log')})", file=sys.stderr)
        return 1
    finally:
        if r and r.emulator:
            r.emulator.stop()


if __name__ == "__main__":
    sys.exit(main())
