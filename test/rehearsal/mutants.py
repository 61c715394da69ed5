"""Mutants of the deploy rehearsal: each is a deliberate breakage of the
project that a real deploy would suffer from, and the rehearsal must fail on
it for that breakage's own reason, found in its failure text. A mutant the
rehearsal passes, or fails for another reason, means a check that cannot
fail; the run then fails.

Each mutant runs the rehearsal (rehearse.py) once, in a copy of the working
tree with the mutant's patch applied; the tree itself is never changed (a
mutant with no patch, a breakage of the rehearsal's arguments, runs in it).

  python3 test/rehearsal/mutants.py            every mutant (make rehearse-mutants)
  python3 test/rehearsal/mutants.py --fast     the fastest two (make test)
  python3 test/rehearsal/mutants.py NAME...    the named ones
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

OUTPUT_READER = "constructs/provider/output_reader.go"
STACKS = "apps/privatelink/example/stacks.go"
ENDPOINT = "constructs/consumer/service_endpoint.go"
GATEWAY = "constructs/consumer/gateway.go"
FRONTEND = "constructs/provider/frontend.go"
EC2 = "constructs/provider/ec2.go"
NLB = "constructs/internal/nlb/nlb.go"


class Mutant:
    """A breakage; expect is the reason it must fail with, or None for a
    variant that must pass (it shows what the mutant near it breaks, and
    that the rehearsal is not failing for some other cause). The check that
    kills it is the rehearsal with args, or, where the rehearsal cannot see
    the breakage (moto runs no instances), the go test named by command."""

    def __init__(self, name, what, expect, patches=(), args=(), command=None):
        self.name, self.what = name, what
        self.expect = re.compile(expect) if expect else None
        self.patches, self.args, self.command = list(patches), list(args), command


CREATE = ["--steps", "create"]

MUTANTS = [
    Mutant("wrong-reader-role",
           "the gateway assumes a reader role whose name has a typo",
           r"Role (dognames|todo)-provider-us-west-2-output-raeder not found",
           [(STACKS, "StackName: jsii.String(s.ProviderStackName()), OutputName: jsii.String(OutputServiceName),",
             'StackName: jsii.String(s.ProviderStackName()), OutputName: jsii.String(OutputServiceName), RoleName: jsii.String(s.ProviderStackName() + "-" + t.Region + "-output-raeder"),')],
           CREATE),
    Mutant("trust-other-role",
           "the reader role's trust condition names the consumer's deploy role, not its CloudFormation execution role",
           r"may not assume arn:aws:iam::\d{12}:role/(dognames|todo)-provider-us-west-2-output-reader: no statement of its trust policy admits it",
           [(OUTPUT_READER, '"aws:PrincipalArn": execRole},', '"aws:PrincipalArn": strings.Replace(execRole, "cfn-exec-role", "deploy-role", 1)},'),
            (OUTPUT_READER, 'import (\n\t"fmt"\n', 'import (\n\t"fmt"\n\t"strings"\n')],
           CREATE),
    Mutant("reader-without-permission",
           "the reader role's policy allows cloudformation:ListStacks instead of DescribeStacks",
           r"may not call cloudformation:DescribeStacks on arn:aws:cloudformation:us-west-2:\d{12}:stack/(dognames|todo)-provider/\S+: no policy allows it",
           [(OUTPUT_READER, 'Actions: jsii.Strings("cloudformation:DescribeStacks"),', 'Actions: jsii.Strings("cloudformation:ListStacks"),')],
           CREATE),
    Mutant("exec-policy-without-assume-role",
           "the gateway account is bootstrapped with execution policies that do not allow sts:AssumeRole (custom --cloudformation-execution-policies)",
           r"is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role/(dognames|todo)-provider-us-west-2-output-reader",
           args=["--gateway-exec-policy", "arn:aws:iam::aws:policy/AmazonEC2FullAccess"] + CREATE),
    Mutant("acceptance-required",
           "the providers require acceptance and nothing accepts the gateway's connections",
           r"endpoint vpce-\S+ to com\.amazonaws\.vpce\.us-west-2\.vpce-svc-\S+ is pendingAcceptance, want available",
           [(STACKS, "AcceptanceRequired: jsii.Bool(false),", "AcceptanceRequired: jsii.Bool(true),")],
           CREATE),
    Mutant("acceptance-accepted",
           "not a breakage: acceptance required, and each provider accepts with the documented command after the deploys; "
           "the endpoints' addresses were read while pending, and the gateway works with no redeploy",
           None,
           [(STACKS, "AcceptanceRequired: jsii.Bool(false),", "AcceptanceRequired: jsii.Bool(true),")],
           args=["--accept"] + CREATE),
    Mutant("gateway-first",
           "the gateway account deploys before its providers",
           # moto's IAM answers this when the change set is made: the reader
           # role does not exist yet.
           r"the gateway cannot deploy before its providers(.|\n)*Role dognames-provider-us-west-2-output-reader not found",
           args=["--break", "gateway-first"]),
    # The gateway's alarms and dashboard read each endpoint's service name
    # in the parent stack, which would carry the read into the parent's
    # change set and hide the breakage: they go too, as an app without
    # them would have it.
    Mutant("handoff-in-nested-stack",
           "the gateway's nested stack reads the service names itself (Fn::GetStackOutput outside the parent's change set), in a gateway without alarms or dashboard",
           r"its change set should have failed before anything was created",
           [(STACKS, "\t\tparams[serviceNameParameterId(s)] = serviceName(stack, t, s, opts)\n", "\t\t_ = s\n"),
            (STACKS, "ServiceName:                 serviceNameParameter(scope, s).ValueAsString(),",
             "ServiceName:                 serviceName(scope, t, s, opts),"),
            (STACKS, "ApiName: jsii.String(t.Gateway.Name), Canary: &consumer.CanaryOptions{}})",
             "ApiName: jsii.String(t.Gateway.Name), Canary: &consumer.CanaryOptions{}, Alarms: &consumer.AlarmOptions{Disabled: jsii.Bool(true)}})"),
            (STACKS, "\tconsumer.NewDashboard(stack, jsii.String(\"Dashboard\"), dashboard)\n", "\t_ = dashboard\n")],
           args=["--break", "gateway-first"]),
    Mutant("endpoint-wrong-port",
           "every rule of the endpoints' security groups admits the service port + 1",
           r"route ANY /\S+ \(service \w+\): the endpoint's security group does not admit TCP 8080 from the load balancer",
           [(ENDPOINT, "ec2.Port_Tcp(jsii.Number(this.Port)), jsii.String(\"service port\")", "ec2.Port_Tcp(jsii.Number(this.Port+1)), jsii.String(\"service port\")"),
            (GATEWAY, "AllowFrom(lbSG, ec2.Port_Tcp(port),", "AllowFrom(lbSG, ec2.Port_Tcp(jsii.Number(ep.ServicePort()+1)),")],
           CREATE),
    Mutant("route-to-other-service",
           "the second service's routes use the first service's integration",
           r"route ANY /todo\S* \(service todo\): listener 10000 sends to \[[^]]*\], the endpoint addresses of dognames",
           [(GATEWAY, "\t\tIntegration: s.Integration,\n",
             "\t\tIntegration: func() apigwint.HttpNlbIntegration { for _, o := range g.Services { if o.ListenerPort == FirstListenerPort && s.ListenerPort != FirstListenerPort { return o.Integration } }; return s.Integration }(),\n")],
           CREATE),
    Mutant("rule-description-apostrophe",
           "a security group rule description with an apostrophe, which EC2 refuses",
           r"Invalid rule description",
           [(GATEWAY, 'jsii.String("listener ports from the gateway VPC link"))', 'jsii.String("listener ports from the gateway\'s VPC link"))')],
           CREATE),
    Mutant("tls-txt-wrong-name",
           "with TLS, the verification's TXT record is written under www. of the service's name",
           r"(dognames|todo)-provider: private DNS name (dognames|todo)\.example\.com is failed, want verified",
           [("constructs/provider/private_dns_verification.go", 'RecordName: jsii.String(*name + "." + *props.PrivateDnsName + "."),',
             'RecordName: jsii.String(*name + ".www." + *props.PrivateDnsName + "."),')],
           args=["--shape", "tls"] + CREATE),
    Mutant("verification-before-certificate",
           "with TLS, private DNS verification starts without waiting for the certificate, before the zone is delegated",
           r"(dognames|todo)-provider: private DNS name (dognames|todo)\.example\.com is failed, want verified",
           [(FRONTEND, "\t\tv.Node().AddDependency(f.tls.Certificate)\n", "")],
           args=["--shape", "tls"] + CREATE),
    Mutant("validation-record-kept",
           "with TLS, the provider leaves its certificate's validation record in the zone (CloudFormation's default)",
           r"HostedZoneNotEmpty|contains non-required resource record sets",
           [(STACKS, "HostedZone: zone, RemoveValidationRecord: jsii.Bool(true)}", "HostedZone: zone}")],
           args=["--shape", "tls"]),
    Mutant("deletion-protection-in-template",
           "hardened: load balancer deletion protection set in the template, on from creation",
           r"cannot be deleted because deletion protection is enabled",
           # As the template had it before: on from creation, no custom resource.
           [(NLB, "\tlb.RemoveAttribute(jsii.String(\"deletion_protection.enabled\"))\n",
             "\tlb.SetAttribute(jsii.String(\"deletion_protection.enabled\"), jsii.String(\"true\"))\n\tif true {\n\t\treturn\n\t}\n")],
           args=["--shape", "hardened"]),
    Mutant("backup-vault-fixed-name",
           "hardened: the todo table's backup vault has a name fixed at synth, kept after destroy",
           r"Backup vault with the same name already exists",
           [(STACKS, "func backupVaultName(stack awscdk.Stack) *string {\n", "func backupVaultName(stack awscdk.Stack) *string {\n\tif true {\n\t\treturn jsii.String(*stack.StackName() + \"-backups\")\n\t}\n")],
           args=["--shape", "hardened"]),
    Mutant("log-group-kept-on-failed-create",
           "log groups kept with DeletionPolicy Retain, so a failed first deploy leaves them",
           r"left after the failed first deploy was rolled back and its stacks deleted: \[\('log group'",
           [("constructs/internal/logkey/logkey.go", "\t\tp.RemovalPolicy = defaults.Kept()\n", "\t\tp.RemovalPolicy = awscdk.RemovalPolicy_RETAIN\n")]),
    Mutant("ami-read-every-deploy",
           "the EC2 image is AWS's SSM-typed parameter again, read on every deploy",
           r"a second deploy of an unchanged app changed \['todo-provider'\]",
           [(EC2, "\t\tthis.Image = latestImage(this.Construct, cpu, props.ImageRefresh)\n\t\timage = &readImage{id: this.Image.GetResponseField(jsii.String(\"Parameter.Value\"))}\n",
             "\t\timage = ec2.MachineImage_LatestAmazonLinux2023(&ec2.AmazonLinux2023ImageSsmParameterProps{CpuType: map[string]ec2.AmazonLinuxCpuType{\"arm64\": ec2.AmazonLinuxCpuType_ARM_64, \"x86_64\": ec2.AmazonLinuxCpuType_X86_64}[cpu]})\n")]),
    Mutant("instances-before-permissions",
           "the Auto Scaling group no longer waits for its role's policies",
           r"would boot, and run their user data, without its permissions",
           [(EC2, "\tpermissionsFirst(this.AutoScalingGroup, this.Role)\n", "")],
           CREATE),
    Mutant("readiness-loop-overruns",
           "the readiness check loops a fixed number of times, past its deadline (moto runs no instances: go test runs the script)",
           r"ran .* past its deadline|the script took",
           [("constructs/provider/readiness.go", 'while [ \\"$(date +%s)\\" -lt \\"$deadline\\" ]; do', "for i in $(seq 1 20); do")],
           command=["go", "test", "-count=1", "-run", "TestEc2ProviderReadiness", "./constructs/provider"]),
    Mutant("alarm-wrong-dimension",
           "the target group dimension is spelled \"Target Group\" in the metric table and the metrics alike, so synth and metrics.CheckTemplate pass",
           r"dimension 'Target Group' has no resolver to a deployed resource",
           [("constructs/internal/metrics/consumer_rows.go", '\tDimTargetGroup   = "TargetGroup"\n', '\tDimTargetGroup   = "Target Group"\n')],
           CREATE),
    Mutant("canary-calls-parameter-route",
           "the gateway's canary also calls routes with a path parameter, so it would GET /dogs/{proxy+} literally and fail every run",
           r"canary .* calls \[.*'/dogs/\{proxy\+\}'.*\], the API .* has public routes",
           [("constructs/consumer/canary.go", 'if c == nil || auth || strings.Contains(path, "{") ||', "if c == nil || auth ||")],
           CREATE),
    Mutant("stackset-keeps-leavers",
           "the consumers' StackSet keeps the stacks of accounts that leave its OUs (RetainStacksOnAccountRemoval), so they keep their endpoint",
           r"still has endpoints after leaving the OU",
           [("constructs/consumer/endpoint_stack_set.go", "RetainStacksOnAccountRemoval: jsii.Bool(false),", "RetainStacksOnAccountRemoval: jsii.Bool(true),")],
           ["--scale", "3"]),
    Mutant("acceptance-rejects-nobody",
           "the acceptance function accepts the organization's accounts but never rejects another's",
           r"the outsider's connection is not rejected",
           [("constructs/provider/organization_acceptance.py", 'elif owner not in allowed and state in ("pendingacceptance", "available"):', "elif False:")],
           ["--scale", "3"]),
    # Not a breakage of the project but of the rehearsal's input: the second
    # deploy runs another image, so the per-stack no-op check must see it.
    Mutant("redeploy-changes",
           "the second deploy of the dognames account changes its image (the no-op check must notice)",
           r"a second deploy of an unchanged app changed \['dognames-provider'\] in 222222222222",
           [("test/rehearsal/rehearse.py", "        before = checks.events(acct)\n        said = self.deploy(role, topology)\n",
             "        before = checks.events(acct)\n        self.images['dognames'] = 'x/changed:1'\n        said = self.deploy(role, topology)\n")]),
]

# The fastest: gateway-first fails at the first gateway deploy, the trust
# mutant at the gateway's deploy after the providers.
FAST = ["gateway-first", "trust-other-role"]


def copy_tree(dest):
    """The working tree (uncommitted changes included) without build output;
    node_modules is shared."""
    shutil.copytree(ROOT, dest, symlinks=True, ignore=shutil.ignore_patterns(".git", "cdk.out", "node_modules", "bin", ".lint"))
    os.symlink(os.path.join(ROOT, "node_modules"), os.path.join(dest, "node_modules"))


def apply(mutant, tree):
    for path, old, new in mutant.patches:
        f = os.path.join(tree, path)
        text = open(f).read()
        if text.count(old) != 1:
            raise SystemExit(f"mutant {mutant.name}: its patch finds {text.count(old)} copies of {old!r} in {path}, want 1; update the mutant to the code")
        open(f, "w").write(text.replace(old, new))


def run(mutant):
    """Returns (killed, seconds, the failure line the reason was found in or
    the tail of the output)."""
    start = time.time()
    if not mutant.patches:  # a breakage of the rehearsal's arguments: the tree as it is
        cmd = mutant.command or [sys.executable, os.path.join(ROOT, "test", "rehearsal", "rehearse.py"), *mutant.args]
        res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        secs = time.time() - start
    else:
        with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.name}-") as tmp:
            tree = os.path.join(tmp, "tree")
            copy_tree(tree)
            apply(mutant, tree)
            start = time.time()
            cmd = mutant.command or [sys.executable, os.path.join(tree, "test", "rehearsal", "rehearse.py"), *mutant.args]
            res = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
            secs = time.time() - start
    out = res.stdout + res.stderr
    if mutant.expect is None:
        if res.returncode == 0:
            return "passed, as it must", secs, "rehearsal: 1 passed"
        return "FAILED (it must pass)", secs, out[-3000:]
    if res.returncode == 0:
        return "SURVIVED (the rehearsal passed)", secs, out[-2000:]
    # The CLI wraps long messages to the terminal's width: a reason may
    # span lines, so it is also looked for with whitespace runs as one space.
    found = mutant.expect.search(out) or mutant.expect.search(re.sub(r"\s+", " ", out))
    if not found:
        return "FAILED FOR ANOTHER REASON", secs, out[-3000:]
    line = next((l for l in found.group(0).splitlines()[::-1] if l.strip()), found.group(0))
    return "killed", secs, line.strip()


def check():
    """Every mutant's patch finds its one copy in the code, and the code it
    makes compiles (go build -overlay, nothing written to the tree): a
    mutant that no longer applies would be "killed" by a build error."""
    stale = [f"{m.name}: {path} has {open(path).read().count(old)} copies of {old!r}, want 1"
             for m in MUTANTS for path, old, _ in m.patches if open(path).read().count(old) != 1]
    if stale:
        raise SystemExit("mutants whose patch no longer applies (update them to the code):\n  " + "\n  ".join(stale))
    with tempfile.TemporaryDirectory(prefix="mutants-check-") as tmp:
        for m in MUTANTS:
            replace = {}
            for path, old, new in m.patches:
                if path.endswith(".go"):
                    text = replace.get(path) or open(os.path.join(ROOT, path)).read()
                    replace[path] = text.replace(old, new)
            if not replace:
                continue
            overlay = {"Replace": {}}
            for path, text in replace.items():
                dest = os.path.join(tmp, m.name + "-" + path.replace("/", "_"))
                open(dest, "w").write(text)
                overlay["Replace"][os.path.join(ROOT, path)] = dest
            spec = os.path.join(tmp, m.name + ".json")
            json.dump(overlay, open(spec, "w"))
            packages = sorted({"./" + os.path.dirname(path) for path in replace})
            res = subprocess.run(["go", "build", "-overlay", spec, *packages], cwd=ROOT, capture_output=True, text=True)
            if res.returncode != 0:
                raise SystemExit(f"mutant {m.name}: its patched code does not compile; update the mutant to the code:\n{res.stderr}")
    print(f"mutants: every patch of the {len(MUTANTS)} applies, and the code of each compiles")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", action="store_true", help=f"only {', '.join(FAST)}")
    ap.add_argument("--check", action="store_true",
                    help="only check that every mutant's patch still finds its one copy in the code (make test runs it)")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    if args.check:
        return check()
    names = FAST if args.fast else args.names or [m.name for m in MUTANTS]
    unknown = set(names) - {m.name for m in MUTANTS}
    if unknown:
        raise SystemExit(f"unknown mutants {sorted(unknown)}; the mutants are {[m.name for m in MUTANTS]}")
    results = []
    for m in [m for m in MUTANTS if m.name in names]:
        print(f"--- mutant {m.name}: {m.what}", flush=True)
        verdict, secs, detail = run(m)
        print(f"    {verdict} in {secs:.0f} s: {detail}", flush=True)
        results.append((m, verdict, secs, detail))
    print("\n=== mutants")
    print("| mutant | breakage | result | time | reason found in the failure |")
    print("|---|---|---|---|---|")
    for m, verdict, secs, detail in results:
        reason = detail if verdict in ("killed", "passed, as it must") else "see above"
        print(f"| {m.name} | {m.what} | {verdict} | {secs:.0f} s | {reason.replace('|', '/')} |")
    survivors = [m.name for m, verdict, _, _ in results if verdict not in ("killed", "passed, as it must")]
    passed = sum(1 for _, verdict, _, _ in results if verdict == "passed, as it must")
    killed = sum(1 for _, verdict, _, _ in results if verdict == "killed")
    if survivors:
        print(f"mutants: {killed} killed, {passed} passed as they must, {len(survivors)} NOT as they must: {survivors}")
    else:
        print(f"mutants: {killed} killed, each for its own reason" + (f"; {passed} passed, as they must" if passed else ""))
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
