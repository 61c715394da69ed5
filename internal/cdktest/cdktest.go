// Package cdktest holds what the CDK tests share (the construct tests of both
// sides and the whole-app tests under test/): an app with the project's
// context, the panic and error checks, and template checks that hold for
// every construct. Only tests import it.
package cdktest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/hardening"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cfnlint"
)

// Obj is a template fragment to match.
type Obj = map[string]any

var (
	ctxOnce sync.Once
	ctx     map[string]any
	ctxErr  error
	root    string
)

// Root is the repository's root directory, where go.mod is.
func Root() (string, error) {
	_, err := ProjectContext()
	return root, err
}

// ProjectContext returns the context the CDK CLI would give the app: the
// "context" of the repository's cdk.json (the feature flags a fresh `cdk
// init` of this aws-cdk-lib sets, and the example's topology), so tests see
// the templates users get. There is no cdk.context.json: nothing here needs
// a lookup.
func ProjectContext() (map[string]any, error) {
	ctxOnce.Do(func() {
		dir, err := os.Getwd()
		for err == nil {
			if _, statErr := os.Stat(filepath.Join(dir, "go.mod")); statErr == nil {
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				err = fmt.Errorf("no go.mod above the test's directory")
			}
			dir = parent
		}
		if err != nil {
			ctxErr = err
			return
		}
		root = dir
		var cfg struct{ Context map[string]any }
		raw, err := os.ReadFile(filepath.Join(dir, "cdk.json"))
		if err == nil {
			err = json.Unmarshal(raw, &cfg)
		}
		ctx, ctxErr = cfg.Context, err
	})
	return ctx, ctxErr
}

// NewApp returns an app with the project's context and the given extra
// context.
func NewApp(t testing.TB, context map[string]any) awscdk.App {
	t.Helper()
	project, err := ProjectContext()
	if err != nil {
		t.Fatalf("reading cdk.json: %v", err)
	}
	merged := map[string]any{}
	for k, v := range project {
		merged[k] = v
	}
	for k, v := range context {
		merged[k] = v
	}
	return awscdk.NewApp(&awscdk.AppProps{Context: &merged})
}

// Account and Region of the stacks NewStack makes: an explicit environment,
// as users' apps have, with no cdk.context.json, so any construct that
// needed a context lookup would fail the test.
const (
	Account = "123456789012"
	Region  = "us-west-2"
)

// NewStack returns a stack "Test" in Account and Region, in a new app.
func NewStack(t testing.TB) awscdk.Stack {
	t.Helper()
	return NewStackIn(t, Account, Region)
}

// NewStackIn returns a stack "Test" in account and region, in a new app.
func NewStackIn(t testing.TB, account, region string) awscdk.Stack {
	t.Helper()
	return awscdk.NewStack(NewApp(t, nil), jsii.String("Test"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)},
	})
}

// NewHardenedStack returns a stack "Test" in Account and Region, in a new
// app with the library's compliance switch on (package hardening).
func NewHardenedStack(t testing.TB) awscdk.Stack {
	t.Helper()
	app := NewApp(t, map[string]any{hardening.ContextKey: true})
	return awscdk.NewStack(app, jsii.String("Test"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(Account), Region: jsii.String(Region)},
	})
}

// NewAgnosticStack returns an environment-agnostic stack in a new app: its
// region is known only at deploy time.
func NewAgnosticStack(t testing.TB) awscdk.Stack {
	t.Helper()
	return awscdk.NewStack(NewApp(t, nil), jsii.String("Test"), nil)
}

// AssertNoLookups fails if synthesizing the app recorded a missing context
// value: a lookup the CDK CLI would need AWS credentials for.
func AssertNoLookups(t testing.TB, app awscdk.App) {
	t.Helper()
	missing := app.Synth(nil).Manifest().Missing
	if missing == nil {
		return
	}
	for _, a := range *missing {
		t.Errorf("synth needs a context lookup, which fails with no credentials: %s", *a.Key)
	}
}

// MustPanic runs f and checks it panics with a message containing each of
// want: constructors fail that way in CDK for Go.
func MustPanic(t testing.TB, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic; want one mentioning %q", want)
		}
		msg := fmt.Sprint(r)
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Fatalf("panic %q does not mention %q", msg, w)
			}
		}
	}()
	f()
}

// WantErr checks that err holds every fragment of want.
func WantErr(t testing.TB, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one mentioning %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Fatalf("error %q does not mention %q", err, w)
		}
	}
}

// Resources decodes the template's resources.
func Resources(t testing.TB, tpl *Template) map[string]struct {
	Type       string
	Properties map[string]any
} {
	t.Helper()
	raw, err := json.Marshal(tpl.ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Resources
}

// DeletionProtected asserts that every network load balancer of the
// template has deletion protection turned on after creation, and off on
// deletion, by a custom resource of its own (nlb.Protect), and none in the
// template itself, where it would block rollbacks and replacements.
func DeletionProtected(t testing.TB, tpl *Template) {
	t.Helper()
	resources := Resources(t, tpl)
	lbs := 0
	for id, r := range resources {
		if r.Type != "AWS::ElasticLoadBalancingV2::LoadBalancer" {
			continue
		}
		lbs++
		// Neither on (no rollback, no replacement) nor off (an update of the
		// attributes could send it and undo the custom resource's work).
		if attrs, _ := json.Marshal(r.Properties["LoadBalancerAttributes"]); strings.Contains(string(attrs), `"deletion_protection.enabled"`) {
			t.Errorf("%s: deletion protection in the template: %s", id, attrs)
		}
		ref, _ := json.Marshal(map[string]any{"Ref": id})
		found := false
		for _, c := range resources {
			create, _ := json.Marshal(c.Properties["Create"])
			del, _ := json.Marshal(c.Properties["Delete"])
			if c.Type == "Custom::AWS" && strings.Contains(string(create), string(ref)) &&
				strings.Contains(string(create), `modifyLoadBalancerAttributes`) && strings.Contains(string(create), `\"Key\":\"deletion_protection.enabled\",\"Value\":\"true\"`) &&
				strings.Contains(string(del), `\"Key\":\"deletion_protection.enabled\",\"Value\":\"false\"`) &&
				strings.Contains(string(create), `\"physicalResourceId\":{\"id\":\"",`+string(ref)) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no custom resource turns its deletion protection on after creation (on, keyed to its ARN) and off on deletion", id)
		}
	}
	if lbs == 0 {
		t.Error("no network load balancer in the template")
	}
}

// AssertNoOpenIngress fails if any security group rule of the template
// admits 0.0.0.0/0 or ::/0.
func AssertNoOpenIngress(t testing.TB, tpl *Template) {
	t.Helper()
	open := func(rule map[string]any) bool { return rule["CidrIp"] == "0.0.0.0/0" || rule["CidrIpv6"] == "::/0" }
	for id, r := range Resources(t, tpl) {
		switch r.Type {
		case "AWS::EC2::SecurityGroupIngress":
			if open(r.Properties) {
				t.Errorf("%s admits the internet", id)
			}
		case "AWS::EC2::SecurityGroup":
			rules, _ := r.Properties["SecurityGroupIngress"].([]any)
			for _, rule := range rules {
				if m, _ := rule.(map[string]any); open(m) {
					t.Errorf("%s admits the internet", id)
				}
			}
		}
	}
}

// CfnLint writes the template to a temporary file and runs the machine's
// cfn-lint over it with every rule on; any error or warning fails the test.
func CfnLint(t testing.TB, tpl *Template) {
	t.Helper()
	raw, err := json.MarshalIndent(tpl.ToJSON(), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := RunCfnLint(t, raw); err != nil {
		t.Fatalf("cfn-lint found problems:\n%s", out)
	}
}

// RunCfnLint runs cfn-lint, as `make lint` does, over one template and
// returns its report; err is non-nil when it found any error or warning.
func RunCfnLint(t testing.TB, template []byte) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "template.json")
	if err := os.WriteFile(path, cfnlint.AsSynthesized(template), 0o644); err != nil {
		t.Fatal(err)
	}
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Fatalf("cfn-lint not found: it ships with this machine image (Python 3.11): %v", err)
	}
	out, err := exec.Command(bin, path).CombinedOutput()
	return string(out), err
}

// Main runs a CDK test package's tests and closes the one jsii runtime the
// test binary started. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// HasNagSuppression checks that a resource of type carries a cdk-nag
// suppression of rule whose reason mentions reasonPart.
func HasNagSuppression(tpl *Template, resourceType, rule, reasonPart string) {
	tpl.HasResource(jsii.String(resourceType), Obj{"Metadata": Obj{"cdk_nag": Obj{
		"rules_to_suppress": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"id": rule, "reason": assertions.Match_StringLikeRegexp(jsii.String(regexp.QuoteMeta(reasonPart))),
		})}),
	}}})
}

// NagRules lists the rule ids a resource of a template (as FindResources
// returns it) suppresses in its cdk_nag metadata.
func NagRules(resource *map[string]any) []string {
	meta, _ := (*resource)["Metadata"].(map[string]any)
	nag, _ := meta["cdk_nag"].(map[string]any)
	rules, _ := nag["rules_to_suppress"].([]any)
	var ids []string
	for _, r := range rules {
		if m, ok := r.(map[string]any); ok {
			id, _ := m["id"].(string)
			ids = append(ids, id)
		}
	}
	return ids
}
