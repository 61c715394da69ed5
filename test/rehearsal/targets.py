"""Where a rehearsal deploys: the emulator (moto, started by
moto_launcher.py) or real AWS accounts named by AWS CLI profiles.

Both give the rehearsal the same thing, an Account per role of the
topology (gateway, each service), with the environment the CDK CLI runs
under and a boto3 session. Only the endpoint and the credentials differ:
the emulator's accounts are AssumeRole identities in moto; real accounts
come from profiles, whose config may itself name an endpoint (which is how
`rehearse.py --target aws-on-emulator` runs the real-AWS code path end to end
against moto).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CDK = os.path.join(ROOT, "node_modules", ".bin", "cdk")


class StepFailed(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Account:
    """One AWS account as the CDK CLI and boto3 see it."""

    def __init__(self, account, region, env, session, endpoint=None):
        self.account, self.region, self.env, self.session, self.endpoint = account, region, env, session, endpoint

    def client(self, service):
        return self.session.client(service, endpoint_url=self.endpoint) if self.endpoint else self.session.client(service)

    def cdk(self, *args, cwd=ROOT, out=None, check=True):
        """Runs the pinned CDK CLI as this account; returns its output, or
        raises StepFailed with it when the command fails and check is set."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "CDK_DEFAULT_ACCOUNT"}
        env.update(self.env)
        env.setdefault("CDK_VALIDATION", "false")
        env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
        env.setdefault("CDK_DISABLE_CLI_TELEMETRY", "true")
        cmd = [CDK, *args, "--no-notices"] + (["-o", out] if out else [])
        res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        said = res.stdout + res.stderr
        if res.returncode != 0 and check:
            raise StepFailed(f"cdk {' '.join(a if len(a) < 200 else a[:60] + '...' for a in args)} as {self.account} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
        return said if check else (res.returncode, said)

    def outputs(self, stack):
        s = self.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
        return {o["OutputKey"]: o["OutputValue"] for o in s.get("Outputs") or []}

    def stacks(self):
        cf = self.client("cloudformation")
        out, token = {}, None
        while True:
            page = cf.describe_stacks(**({"NextToken": token} if token else {}))
            out.update({s["StackName"]: s["StackStatus"] for s in page["Stacks"]})
            token = page.get("NextToken")
            if not token:
                return out


class Emulator:
    """moto with the launcher's corrections, on a free localhost port; each
    account is an AssumeRole identity there."""

    emulated = True

    def __init__(self, region, log):
        self.region, self.log = region, log
        self.port = free_port()
        # localhost, not 127.0.0.1: moto parses template URLs by host name.
        self.endpoint = f"http://localhost:{self.port}"
        self.proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "test", "rehearsal", "moto_launcher.py"), str(self.port)],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1)
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise StepFailed(f"moto launcher exited with {self.proc.returncode}; see {log.name}")
                time.sleep(0.2)
        raise StepFailed("moto launcher did not answer within 30 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def credentials(self, account):
        sts = boto3.client("sts", endpoint_url=self.endpoint, region_name=self.region,
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        return sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/rehearsal", RoleSessionName="rehearsal")["Credentials"]

    def account(self, account):
        creds = self.credentials(account)
        env = {
            "AWS_ENDPOINT_URL": self.endpoint, "AWS_REGION": self.region, "AWS_DEFAULT_REGION": self.region,
            "AWS_ACCESS_KEY_ID": creds["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
            "AWS_SESSION_TOKEN": creds["SessionToken"], "AWS_EC2_METADATA_DISABLED": "true",
        }
        session = boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                aws_session_token=creds["SessionToken"], region_name=self.region)
        return Account(account, self.region, env, session, self.endpoint)

    def hook(self, path, body=None, method="POST"):
        """Calls one of the launcher's rehearsal hooks (moto_launcher.py)."""
        req = urllib.request.Request(f"{self.endpoint}/rehearsal/{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"{}")

    def profiles_config(self, accounts):
        """An AWS config file whose profiles reach these accounts in the
        emulator, as real profiles reach real accounts: the credentials of
        an AssumeRole there and endpoint_url. Returns its path and the
        profile of each account."""
        path = os.path.join(os.path.dirname(self.log.name), "aws-config")
        names = {}
        with open(path, "w") as f:
            for a in accounts:
                c = self.credentials(a)
                names[a] = f"rehearsal-{a}"
                f.write(f"[profile rehearsal-{a}]\nregion = {self.region}\nendpoint_url = {self.endpoint}\nservices = rehearsal\n"
                        f"aws_access_key_id = {c['AccessKeyId']}\naws_secret_access_key = {c['SecretAccessKey']}\n"
                        f"aws_session_token = {c['SessionToken']}\n\n")
            # S3 by IP address: the SDKs then address buckets by path, as
            # <bucket>.localhost does not resolve (service-specific
            # endpoints: https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
            f.write(f"[services rehearsal]\ns3 =\n  endpoint_url = http://127.0.0.1:{self.port}\n")
        return path, names


class Aws:
    """Real AWS accounts, one AWS CLI profile each (the same profile for
    every role in a one-account topology). The profiles' own config decides
    the endpoint: none on AWS, the emulator's in aws-on-emulator runs."""

    emulated = False

    def __init__(self, region, config_file=None):
        self.region, self.config_file = region, config_file

    def account_of(self, profile):
        env = {"AWS_PROFILE": profile, "AWS_REGION": self.region, "AWS_DEFAULT_REGION": self.region}
        if self.config_file:
            env["AWS_CONFIG_FILE"] = self.config_file
            os.environ["AWS_CONFIG_FILE"] = self.config_file  # for boto3 in this process
        session = boto3.Session(profile_name=profile, region_name=self.region)
        account = session.client("sts").get_caller_identity()["Account"]
        return Account(account, self.region, env, session)

    def stop(self):
        pass
