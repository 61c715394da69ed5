package test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// TestStaleValidationReport replays, with the pinned CDK CLI, a synth that
// fails on a context lookup (leaving validation-report.json in the output
// directory) followed by a synth of the example into the same directory:
// the example must synthesize, not fail again with the old error.
func TestStaleValidationReport(t *testing.T) {
	root, _ := cdktest.Root()
	cli := filepath.Join(root, "node_modules", ".bin", "cdk")
	if _, err := os.Stat(cli); err != nil {
		t.Fatalf("the pinned CDK CLI is not installed (make deps does it): %v", err)
	}
	out, elsewhere := t.TempDir(), t.TempDir()
	poisoned := filepath.Join(elsewhere, "poisoned")
	build := exec.Command("go", "build", "-o", poisoned, "./test/poisoned")
	build.Dir = root
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./test/poisoned: %v\n%s", err, msg)
	}
	// The failing synth runs outside the repository (the CLI saves the
	// context of a failed lookup to cdk.context.json in its working
	// directory, which must not appear in the user's clone) but with the
	// project's cdk.json: its feature flag
	// @aws-cdk/core:annotationsInValidationReport is what puts the error
	// in the report.
	raw, err := os.ReadFile(filepath.Join(root, "cdk.json"))
	if err == nil {
		err = os.WriteFile(filepath.Join(elsewhere, "cdk.json"), raw, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	synth := func(dir string, args ...string) (string, error) {
		cmd := exec.Command(cli, append([]string{"synth", "--quiet", "--no-notices", "-o", out}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CDK_DEFAULT_ACCOUNT=", "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_PROFILE=", "AWS_EC2_METADATA_DISABLED=true", "CDK_DISABLE_CLI_TELEMETRY=true")
		msg, err := cmd.CombinedOutput()
		return string(msg), err
	}
	msg, err := synth(elsewhere, "--app", poisoned)
	if err == nil || !strings.Contains(msg, "Need to perform AWS calls") {
		t.Fatalf("the failing synth did not fail on its lookup: %v\n%s", err, msg)
	}
	if report, err := os.ReadFile(filepath.Join(out, "validation-report.json")); err != nil || !strings.Contains(string(report), "Need to perform AWS calls") {
		t.Fatalf("the failing synth left no validation report with its error, so this test replays nothing: %v", err)
	}
	msg, err = synth(root, "-c", "account=gateway")
	if err != nil || strings.Contains(msg, "Need to perform AWS calls") {
		t.Fatalf("the example failed after a failed synth in the same directory: %v\n%s", err, msg)
	}
}
