package test

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cdk-privatelink/cdk-privatelink/apps/privatelink/example"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/snapshot"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// pipelineContext is what `make synth` is given to make the pipeline.
var pipelineContext = map[string]any{
	"pipeline":           "acme/privatelink@main",
	"pipelineConnection": "arn:aws:codeconnections:us-west-2:555555555555:connection/12345678-1234-1234-1234-123456789012",
}

// pipelineApp is the example as the pipeline synthesizes it: the pipeline's
// stack in the tooling account, a stage per role.
func pipelineApp(t *testing.T, context map[string]any, aspects ...awscdk.IAspect) (awscdk.App, awscdk.Stack, *example.Topology) {
	t.Helper()
	app, topo, opts, all := preparedApp(t, merge(pipelineContext, context), aspects...)
	src, ok, err := example.PipelineContext(topo, all)
	if err != nil || !ok {
		t.Fatalf("pipeline context: %v %v", ok, err)
	}
	p, err := example.Pipeline(app, topo, opts, src)
	if err != nil {
		t.Fatal(err)
	}
	return app, awscdk.Stack_Of(p), topo
}

// TestPipelineCompliance: the pipeline's stack passes the five cdk-nag
// packs, and cfn-lint.
func TestPipelineCompliance(t *testing.T) {
	aspects := append(compliancePacks(), cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}))
	_, stack, _ := pipelineApp(t, nagContext, aspects...)
	for _, f := range nagFindings([]awscdk.Stack{stack}) {
		t.Error(f)
	}
	cdktest.CfnLint(t, cdktest.TemplateOf(t, stack))
}

// TestPipelineFollowsWaves: after the source, synth, self-mutation and
// assets, the pipeline's stages are example.Topology.Waves, the order the
// rehearsal deploys in (it reads them from go run ./apps/privatelink/waves,
// TestWavesCommand): each wave's roles deploy in it, the providers' at once;
// the curl sequence runs after the gateway's deploy.
func TestPipelineFollowsWaves(t *testing.T) {
	_, stack, topo := pipelineApp(t, nil)
	var stages []struct {
		Name    string
		Actions []struct {
			Name          string
			RunOrder      float64
			Configuration map[string]any
		}
	}
	for _, r := range *assertions.Template_FromStack(stack, nil).FindResources(jsii.String("AWS::CodePipeline::Pipeline"), nil) {
		raw, _ := json.Marshal((*r)["Properties"].(map[string]any)["Stages"])
		if err := json.Unmarshal(raw, &stages); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for _, s := range stages {
		names = append(names, s.Name)
	}
	want := []string{"Source", "Build", "UpdatePipeline", "Assets"}
	for _, w := range topo.Waves() {
		want = append(want, w.Name)
	}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("stages %v, want %v (the waves after source, synth, self-mutation and assets)", names, want)
	}
	for i, w := range topo.Waves() {
		stage := stages[4+i]
		var stacks []string
		for _, a := range stage.Actions {
			if name, ok := a.Configuration["StackName"].(string); ok && strings.HasSuffix(a.Name, ".Deploy") {
				stacks = append(stacks, name)
				if a.RunOrder != 2 {
					t.Errorf("%s: %s runs %v, want 2: every stack of the wave at once", w.Name, a.Name, a.RunOrder)
				}
			}
		}
		var wantStacks []string
		for _, role := range w.Roles {
			if role == example.GatewayRole {
				wantStacks = append(wantStacks, topo.Gateway.Name)
			} else {
				wantStacks = append(wantStacks, role+"-provider")
			}
		}
		if !reflect.DeepEqual(stacks, wantStacks) {
			t.Errorf("wave %s deploys %v, want %v", w.Name, stacks, wantStacks)
		}
	}
	last := stages[len(stages)-1].Actions
	if a := last[len(last)-1]; a.Name != "CurlSequence" || a.RunOrder != 3 {
		t.Errorf("the gateway wave ends with %s (run order %v), want CurlSequence after the deploy", a.Name, a.RunOrder)
	}
	build := cdktest.TemplateOf(t, stack)
	build.HasResourceProperties(jsii.String("AWS::CodeBuild::Project"), obj{"Source": obj{"BuildSpec": assertions.Match_StringLikeRegexp(jsii.String(
		`make synth CONTEXT='-c pipeline=acme/privatelink@main -c pipelineConnection=arn:aws:codeconnections:us-west-2:555555555555:connection/12345678-1234-1234-1234-123456789012'`))}})
	build.HasResourceProperties(jsii.String("AWS::CodeBuild::Project"), obj{"Source": obj{"BuildSpec": assertions.Match_StringLikeRegexp(jsii.String(
		`python3 test/rehearsal/curl_sequence.py \\"\$API_URL\\"`))}})
}

// TestWavesCommand: the command the rehearsal orders its deploys by prints
// the topology's Waves, the pipeline's stages.
func TestWavesCommand(t *testing.T) {
	root, err := cdktest.Root()
	if err != nil {
		t.Fatal(err)
	}
	_, _, topo := pipelineApp(t, nil)
	cmd := exec.Command("go", "run", "./apps/privatelink/waves")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run ./apps/privatelink/waves: %v", err)
	}
	var got []example.Wave
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !reflect.DeepEqual(got, topo.Waves()) {
		t.Fatalf("waves command %+v, the pipeline's %+v", got, topo.Waves())
	}
	if py, err := os.ReadFile(root + "/test/rehearsal/rehearse.py"); err != nil || !strings.Contains(string(py), `"go", "run", "./apps/privatelink/waves"`) {
		t.Fatalf("rehearse.py does not order its deploys by the waves command (%v)", err)
	}
}

// TestPipelineTls: with TLS, a step before the gateway's wave fails unless
// each provider's private DNS name reads verified.
func TestPipelineTls(t *testing.T) {
	_, stack, _ := pipelineApp(t, tlsContext)
	tpl := cdktest.TemplateOf(t, stack)
	for _, svc := range []string{"DOGNAMES", "TODO"} {
		tpl.HasResourceProperties(jsii.String("AWS::CodeBuild::Project"), obj{"Source": obj{"BuildSpec": assertions.Match_StringLikeRegexp(jsii.String(
			`test \\"\$STATE_` + svc + `\\" = verified`))}})
	}
}

// TestPipelineCliVersion: the pipeline installs package.json's CLI.
func TestPipelineCliVersion(t *testing.T) {
	root, err := cdktest.Root()
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		DevDependencies map[string]string `json:"devDependencies"`
		Dependencies    map[string]string `json:"dependencies"`
	}
	raw, err := os.ReadFile(root + "/package.json")
	if err == nil {
		err = json.Unmarshal(raw, &pkg)
	}
	if err != nil {
		t.Fatal(err)
	}
	v := pkg.DevDependencies["aws-cdk"] + pkg.Dependencies["aws-cdk"]
	if v != example.CdkCliVersion {
		t.Fatalf("package.json's aws-cdk is %q, the pipeline installs %q", v, example.CdkCliVersion)
	}
	mod, err := os.ReadFile(root + "/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mod), "\ngo "+example.GoVersion) {
		t.Fatalf("go.mod's go line is not %s, which the pipeline's steps install", example.GoVersion)
	}
	_, stack, _ := pipelineApp(t, nil)
	tpl := cdktest.TemplateOf(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::CodeBuild::Project"), obj{"Environment": obj{"Image": example.CodeBuildImage},
		"Source": obj{"BuildSpec": assertions.Match_StringLikeRegexp(jsii.String(`"runtime-versions": \{\s*"golang": "` + example.GoVersion + `",\s*"nodejs": "` + example.NodeVersion + `"`))}})
	// The source action may use a codeconnections connection.
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]any{obj{
		"Action": []any{"codeconnections:UseConnection", "codestar-connections:UseConnection"}, "Effect": "Allow", "Resource": pipelineContext["pipelineConnection"],
	}})}})
}

// TestPipelineContext: a pipeline asked for without what it needs is
// refused, naming the flag and the fix.
func TestPipelineContext(t *testing.T) {
	root, _ := cdktest.Root()
	topo, err := example.Parse(map[string]any{
		"gateway":  map[string]any{"name": "gateway", "account": "111111111111"},
		"services": []any{map[string]any{"name": "dognames", "account": "222222222222", "kind": "fargate", "routes": []any{"/dogs"}, "image": "public.ecr.aws/x/y:1"}},
	}, root)
	if err != nil {
		t.Fatal(err)
	}
	conn := pipelineContext["pipelineConnection"]
	for _, tc := range []struct {
		name    string
		context map[string]any
		want    string
	}{
		{"no tooling account", map[string]any{"pipeline": "acme/privatelink@main", "pipelineConnection": conn}, `-c pipeline: the topology names no tooling account for the pipeline; add "tooling": {"account": "<12 digits>"}`},
		{"not owner/repo@branch", map[string]any{"pipeline": "privatelink", "pipelineConnection": conn}, "-c pipeline=privatelink: want <owner>/<repo>@<branch>, such as acme/privatelink@main"},
		{"no connection", map[string]any{"pipeline": "acme/privatelink@main"}, "-c pipelineConnection=<nil>: want the ARN of an AWS CodeConnections connection"},
		{"a connection alone", map[string]any{"pipelineConnection": conn}, "-c pipelineConnection is given without -c pipeline=<owner>/<repo>@<branch>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := example.PipelineContext(topo, tc.context)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
	if _, ok, err := example.PipelineContext(topo, map[string]any{}); ok || err != nil {
		t.Fatalf("no -c pipeline: ok %v, err %v; want neither", ok, err)
	}
}

// TestPipelineSnapshot pins the pipeline's templates in testdata/pipeline:
// its own stack, and each stage's (the example's stacks, under the same
// names). Refresh on purpose with -update, and say why in the commit.
func TestPipelineSnapshot(t *testing.T) {
	app, _, _ := pipelineApp(t, nil)
	snapshot.Check(t, app, &snapshot.Options{Dir: "testdata/pipeline", Update: *update, Lint: true})
}
