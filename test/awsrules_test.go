package test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/hardening"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// The values AWS's APIs refuse although cfn-lint and moto accept them (an
// apostrophe in a security group rule's description: EC2 answers
// InvalidParameterValue) are tabulated in test/awsrules/rules.py, one row per
// resource type and property path, with the AWS documentation that states
// the rule; test/awsrules/awsrules.py checks templates against it and reports
// every string value at a path the table does not cover.

// awsRulesShapes are the example's shapes, each synthesized in-process.
var awsRulesShapes = []struct {
	name    string
	context map[string]any
}{
	{"tcp", nil},
	{"tls", tlsContext},
	{"hardened", map[string]any{hardening.ContextKey: "true"}},
	{"hardened-tls", hardenedContext},
	{"alb", albContext},
	{"consumers", consumersContext},
}

// TestAwsApiValues synthesizes every shape of the example (TCP, TLS,
// hardened with and without a domain, the ALB front door) and the other team's app into
// temporary directories and checks all their templates, nested ones
// included, against the table: a value AWS would refuse, or a string value
// at a path the table has no row for, fails the test with the checker's
// report (template, resource, type, path, value, rule, documentation, and
// the error AWS answers).
func TestAwsApiValues(t *testing.T) {
	root, err := cdktest.Root()
	if err != nil {
		t.Fatal(err)
	}
	python := lookPath(t, "python3")
	out := t.TempDir()

	// The other team's app is its own module and runs under the CDK CLI (a
	// jsii runtime of its own): it synthesizes while the example's shapes do.
	type result struct {
		msg string
		err error
		dur time.Duration
	}
	external := make(chan result, 1)
	go func() {
		start := time.Now()
		msg, err := synthExternalApp(root, filepath.Join(out, "externalapp"))
		external <- result{msg, err, time.Since(start)}
	}()

	dirs := []string{}
	for _, shape := range awsRulesShapes {
		start := time.Now()
		dir := filepath.Join(out, shape.name)
		n := synthExampleInto(t, shape.context, dir)
		t.Logf("%s: %d templates in %v", shape.name, n, time.Since(start).Round(100*time.Millisecond))
		dirs = append(dirs, dir)
	}
	ext := <-external
	if ext.err != nil {
		t.Fatalf("synthesizing test/externalapp: %v\n%s", ext.err, ext.msg)
	}
	t.Logf("externalapp: synthesized by the CDK CLI in %v", ext.dur.Round(100*time.Millisecond))
	dirs = append(dirs, filepath.Join(out, "externalapp"))

	cmd := exec.Command(python, append([]string{filepath.Join(root, "test", "awsrules", "awsrules.py"), "--self-test"}, dirs...)...)
	cmd.Dir = out
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	report, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("AWS would refuse values these templates write, or the table misses a path "+
			"(test/awsrules/README.md):\n%s", report)
	}
	t.Logf("%s", strings.TrimSpace(string(report)))
}

// TestAwsApiValuesCfnLintRule: cfn-lint loads the table's rule (E9101) with
// --append-rules and fails a template with a refused value, not one without.
func TestAwsApiValuesCfnLintRule(t *testing.T) {
	root, err := cdktest.Root()
	if err != nil {
		t.Fatal(err)
	}
	cfnLint := lookPath(t, "cfn-lint")
	dir := t.TempDir()
	template := func(description string) string {
		return fmt.Sprintf(`{
 "AWSTemplateFormatVersion": "2010-09-09",
 "Resources": {
  "Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "group", "VpcId": "vpc-0a1b2c3d4e5f60718"}},
  "Rule": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
   "GroupId": {"Fn::GetAtt": ["Group", "GroupId"]}, "SourceSecurityGroupId": {"Fn::GetAtt": ["Group", "GroupId"]},
   "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Description": %q}}
 }
}`, description)
	}
	bad, good := filepath.Join(dir, "bad.json"), filepath.Join(dir, "good.json")
	for path, description := range map[string]string{bad: "from the gateway's VPC link", good: "from the VPC link of the gateway"} {
		if err := os.WriteFile(path, []byte(template(description)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// --append-rules takes one or more directories: it comes after the templates.
	cmd := exec.Command(cfnLint, bad, good, "--append-rules", filepath.Join(root, "test", "awsrules", "cfnlint_rules"))
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	report, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("cfn-lint passed a rule description with an apostrophe:\n%s", report)
	}
	text := string(report)
	if strings.Count(text, "E9101") != 1 || !strings.Contains(text, "bad.json") || strings.Contains(text, "good.json") ||
		!strings.Contains(text, "InvalidParameterValue") {
		t.Fatalf("want exactly one E9101 match, in bad.json, naming EC2's error:\n%s", text)
	}
}

// synthExampleInto synthesizes the example in this process (the test
// binary's one jsii runtime) with extra context and puts its templates,
// nested stacks' included, into dir; it returns how many.
func synthExampleInto(t *testing.T, context map[string]any, dir string) int {
	t.Helper()
	asm := exampleApp(t, context).Synth(nil)
	src := *asm.Directory()
	// The app has no outdir: aws-cdk-lib wrote the assembly to a directory
	// of its own under the system's temporary directory; the templates move
	// to dir and that directory goes.
	if tmp := os.TempDir(); strings.HasPrefix(src, tmp+string(os.PathSeparator)) {
		defer os.RemoveAll(src)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(src, "*.template.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates in the cloud assembly %s (%v)", src, err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, filepath.Base(f)), raw, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return len(files)
}

// synthExternalApp synthesizes test/externalapp with the CDK CLI, as `make
// external` does, but into outdir: never into the app's own cdk.out.
func synthExternalApp(root, outdir string) (string, error) {
	cdk := filepath.Join(root, "node_modules", ".bin", "cdk")
	if _, err := os.Stat(cdk); err != nil {
		return "", fmt.Errorf("the CDK CLI is not installed (run make deps): %w", err)
	}
	cmd := exec.Command(cdk, "synth", "--quiet", "--no-notices", "--lookups=false", "--output", outdir)
	cmd.Dir = filepath.Join(root, "test", "externalapp")
	cmd.Env = append(os.Environ(),
		"CDK_VALIDATION=false",
		"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=18,20",
		"JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1",
		"CDK_DISABLE_CLI_TELEMETRY=true",
		"AWS_EC2_METADATA_DISABLED=true",
	)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if err == nil {
		if files, _ := filepath.Glob(filepath.Join(outdir, "*.template.json")); len(files) == 0 {
			err = fmt.Errorf("no templates in %s", outdir)
		}
	}
	return buf.String(), err
}

func lookPath(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: it ships with this machine image (Python 3.11): %v", name, err)
	}
	return path
}
