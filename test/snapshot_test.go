package test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/apps/privatelink/example"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// exampleStacks builds every stack of the example topology in cdk.json, as
// `make synth` does, with extra context and any aspects added to the app
// first.
func exampleStacks(t *testing.T, context map[string]any, aspects ...awscdk.IAspect) []awscdk.Stack {
	t.Helper()
	root, err := cdktest.Root()
	if err != nil {
		t.Fatal(err)
	}
	app := cdktest.NewApp(t, context)
	for _, a := range aspects {
		awscdk.Aspects_Of(app).Add(a, nil)
	}
	topo, err := example.Parse(app.Node().TryGetContext(jsii.String("topology")))
	if err != nil {
		t.Fatal(err)
	}
	sel, err := topo.Select("all", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := example.Build(app, topo, sel, example.Options{Root: root}); err != nil {
		t.Fatal(err)
	}
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

// exampleTemplates returns the example's templates by stack path, nested
// stacks as "gateway-Services1".
func exampleTemplates(t *testing.T) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, stack := range exampleStacks(t, nil) {
		raw, err := json.Marshal(assertions.Template_FromStack(stack, nil).ToJSON())
		if err != nil {
			t.Fatal(err)
		}
		var tpl map[string]any
		if err := json.Unmarshal(raw, &tpl); err != nil {
			t.Fatal(err)
		}
		out[strings.ReplaceAll(*stack.Node().Path(), "/", "-")] = tpl
	}
	return out
}

// assetHash is what content hashes look like: asset keys, image tags and
// the todo binary's key change with the Go version and Docker context, not
// with the infrastructure.
var assetHash = regexp.MustCompile(`[0-9a-f]{64}`)

// normalise removes what differs between machines and CDK CLI setups, and
// renders the template with sorted keys for stable diffs.
func normalise(t *testing.T, tpl map[string]any) []byte {
	t.Helper()
	if params, ok := tpl["Parameters"].(map[string]any); ok {
		delete(params, "BootstrapVersion")
		if len(params) == 0 {
			delete(tpl, "Parameters")
		}
	}
	if rules, ok := tpl["Rules"].(map[string]any); ok {
		delete(rules, "CheckBootstrapVersion")
		if len(rules) == 0 {
			delete(tpl, "Rules")
		}
	}
	raw, err := json.MarshalIndent(tpl, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(assetHash.ReplaceAll(raw, []byte("<asset-hash>")), '\n')
}

func TestSnapshots(t *testing.T) {
	templates := exampleTemplates(t)
	for _, name := range []string{"dognames-provider", "todo-provider", "gateway", "gateway-Services1"} {
		t.Run(name, func(t *testing.T) {
			tpl, ok := templates[name]
			if !ok {
				t.Fatalf("the example has no stack %q (has %d stacks)", name, len(templates))
			}
			got := normalise(t, tpl)
			path := filepath.Join("testdata", name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v: create it with go test ./test -run TestSnapshots -update", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s changed:\n%s\nIf the change is intended: go test ./test -run TestSnapshots -update, and say why in the commit", path, firstDiff(string(want), string(got)))
			}
		})
	}
	if len(templates) != 4 {
		t.Fatalf("example has %d stacks, want 3 and the gateway's nested stack", len(templates))
	}
}

// firstDiff shows the first differing line with a little context.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl
		}
	}
	return "(no line differs)"
}
