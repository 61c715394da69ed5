package test

import (
	"flag"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/apps/privatelink/example"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/snapshot"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// exampleApp builds every stack of the example topology in cdk.json, as
// `make synth` does, with extra context and any aspects added to the app
// first.
func exampleApp(t *testing.T, context map[string]any, aspects ...awscdk.IAspect) awscdk.App {
	t.Helper()
	app, _ := selectedApp(t, func(*example.Topology) string { return "all" }, context, aspects...)
	return app
}

// selectedApp builds the stacks of the example topology that Select picks
// for the selection pick names (-c account=...), with extra context and
// any aspects added to the app first; it returns the topology too.
func selectedApp(t *testing.T, pick func(*example.Topology) string, context map[string]any, aspects ...awscdk.IAspect) (awscdk.App, *example.Topology) {
	t.Helper()
	app, topo, opts, _ := preparedApp(t, context, aspects...)
	sel, err := topo.Select(pick(topo), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := example.Build(app, topo, sel, opts); err != nil {
		t.Fatal(err)
	}
	return app, topo
}

// preparedApp is an app with context and aspects, and the example's
// topology and switches read from it, as the app's main reads them.
func preparedApp(t *testing.T, context map[string]any, aspects ...awscdk.IAspect) (awscdk.App, *example.Topology, example.Options, map[string]any) {
	t.Helper()
	root, err := cdktest.Root()
	if err != nil {
		t.Fatal(err)
	}
	app := cdktest.NewApp(t, context)
	for _, a := range aspects {
		awscdk.Aspects_Of(app).Add(a, nil)
	}
	topo, err := example.Parse(app.Node().TryGetContext(jsii.String("topology")), root)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := app.Node().GetAllContext(nil).(map[string]any)
	opts, err := example.ContextOptions(topo, root, all)
	if err != nil {
		t.Fatal(err)
	}
	return app, topo, opts, all
}

// exampleStacks is exampleApp's stacks, nested ones included.
func exampleStacks(t *testing.T, context map[string]any, aspects ...awscdk.IAspect) []awscdk.Stack {
	t.Helper()
	app := exampleApp(t, context, aspects...)
	var stacks []awscdk.Stack
	for _, child := range *app.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		if *awscdk.Stack_IsStack(child) {
			var stack awscdk.Stack
			jsii.UnsafeCast(child, &stack)
			stacks = append(stacks, stack)
		}
	}
	return stacks
}

// TestSnapshots compares every template of the example, nested stacks
// included, with test/testdata, through the library's public snapshot
// package, as another team's CI would; and lints each. Refresh on purpose
// with go test ./test -run TestSnapshots -update, and say why in the commit.
func TestSnapshots(t *testing.T) {
	app := exampleApp(t, nil)
	snapshot.Check(t, app, &snapshot.Options{Update: *update, Lint: true})
}

// tlsContext turns on TLS end to end, as -c domain=example.com does.
var tlsContext = map[string]any{"domain": "example.com"}

// TestSnapshotsTls pins the example's TLS shape in testdata/tls: TLS
// listeners, the private DNS names verified, and HTTPS integrations that
// verify them (TestTlsShape asserts each).
func TestSnapshotsTls(t *testing.T) {
	app := exampleApp(t, tlsContext)
	snapshot.Check(t, app, &snapshot.Options{Dir: "testdata/tls", Update: *update, Lint: true})
}

// consumersContext adds the consumers' StackSet, as -c consumers does.
var consumersContext = map[string]any{"consumers": "dognames@ou-ab12-cdef3456"}

// TestSnapshotsConsumers pins the example with the consumers' StackSet in
// testdata/consumers: the StackSet in the tooling account, its template,
// and dognames' second reader role, for the tooling account.
func TestSnapshotsConsumers(t *testing.T) {
	app := exampleApp(t, consumersContext)
	snapshot.Check(t, app, &snapshot.Options{Dir: "testdata/consumers", Update: *update, Lint: true})
}
