package test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cdk-privatelink/cdk-privatelink/apps/privatelink/example"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/snapshot"
)

// albContext turns on the ALB front door shape: an AlbFrontDoor with AWS
// WAF beside the HTTP API, in front of the same endpoints.
var albContext = map[string]any{
	example.ContextFrontDoor:            example.FrontDoorAlb,
	example.ContextFrontDoorCertificate: "arn:aws:acm:us-west-2:111111111111:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
}

// gatewayApp builds the gateway account's stacks of the example (-c
// account=gateway) with extra context and aspects: the front door changes
// nothing in the providers' accounts, so they are left out.
func gatewayApp(t *testing.T, context map[string]any, aspects ...awscdk.IAspect) awscdk.App {
	t.Helper()
	app, topo := selectedApp(t, func(topo *example.Topology) string { return topo.Gateway.Name }, context, aspects...)
	all, _ := app.Node().GetAllContext(nil).(map[string]any)
	if on, err := example.FrontDoorContext(topo.Gateway.Account, topo.Region, all); err != nil || !on {
		t.Fatalf("front door context: on %v, %v", on, err)
	}
	return app
}

// TestAlbFrontDoorShape pins the gateway account of the ALB front door
// shape in testdata/alb (refresh with go test ./test -run
// TestAlbFrontDoorShape -update), lints it, and applies all five cdk-nag
// packs: any unsuppressed finding fails. One synth serves all three, and
// one cfn-lint run both templates.
func TestAlbFrontDoorShape(t *testing.T) {
	aspects := append(compliancePacks(), cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}))
	app := gatewayApp(t, merge(albContext, nagContext), aspects...)
	snapshot.Check(t, app, &snapshot.Options{Dir: "testdata/alb", Update: *update})
	files, _ := filepath.Glob("testdata/alb/*.json")
	if len(files) != 2 {
		t.Fatalf("testdata/alb holds %q; want the gateway stack and its nested stack", files)
	}
	if out, err := exec.Command(lookPath(t, "cfn-lint"), files...).CombinedOutput(); err != nil {
		t.Fatalf("cfn-lint found problems:\n%s", out)
	}
	var stacks []awscdk.Stack
	for _, s := range *app.Node().Children() {
		if *awscdk.Stack_IsStack(s) {
			var stack awscdk.Stack
			jsii.UnsafeCast(s, &stack)
			stacks = append(stacks, stack)
		}
	}
	if len(stacks) != 1 {
		t.Fatalf("%d stacks; want the gateway's alone", len(stacks))
	}
	for _, f := range nagFindings(stacks) {
		t.Error(f)
	}
}
