package test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// TestAnyRegionAnyAccounts synthesizes the example's topology through the
// built app, as the CLI runs it, in four regions and with accounts that are
// not the example's: no Go edit, no cdk.context.json, no credentials. Every
// template must lint clean, place every subnet by AvailabilityZoneId in the
// region's zones, and never use Fn::GetAZs.
func TestAnyRegionAnyAccounts(t *testing.T) {
	bin := buildApp(t)
	project, err := cdktest.ProjectContext()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		region string
		zones  []string // the gateway's, by default
		code   string
	}{
		{"us-west-2", []string{"usw2-az1", "usw2-az2"}, "usw2-"},
		{"us-east-1", []string{"use1-az1", "use1-az2"}, "use1-"},
		{"eu-central-1", []string{"euc1-az1", "euc1-az2"}, "euc1-"},
		{"ap-southeast-2", []string{"apse2-az1", "apse2-az2"}, "apse2-"},
	} {
		t.Run(tc.region, func(t *testing.T) {
			raw, _ := json.Marshal(project["topology"])
			var topo map[string]any
			_ = json.Unmarshal(raw, &topo)
			topo["region"] = tc.region
			topo["gateway"].(map[string]any)["account"] = "444455556666"
			for i, s := range topo["services"].([]any) {
				s.(map[string]any)["account"] = []string{"777788889999", "123412341234"}[i]
			}
			stacks, out, msg, err := runAppWith(t, bin, map[string]any{"topology": topo, "account": "all", "image.dognames": "public.ecr.aws/docker/library/busybox:stable"}, "CDK_DEFAULT_ACCOUNT=")
			if err != nil {
				t.Fatalf("app failed: %v\n%s", err, msg)
			}
			if want := []string{"dognames-provider", "gateway", "todo-provider"}; !reflect.DeepEqual(stacks, want) {
				t.Fatalf("stacks %v, want %v", stacks, want)
			}
			files, _ := filepath.Glob(filepath.Join(out, "*.template.json"))
			for _, f := range files {
				body, _ := os.ReadFile(f)
				if strings.Contains(string(body), "Fn::GetAZs") {
					t.Errorf("%s uses Fn::GetAZs", filepath.Base(f))
				}
				var tpl struct {
					Resources map[string]struct {
						Type       string
						Properties map[string]any
					}
				}
				_ = json.Unmarshal(body, &tpl)
				for id, r := range tpl.Resources {
					if r.Type != "AWS::EC2::Subnet" {
						continue
					}
					zone, _ := r.Properties["AvailabilityZoneId"].(string)
					if _, byName := r.Properties["AvailabilityZone"]; byName || !strings.HasPrefix(zone, tc.code) {
						t.Errorf("%s %s: placed at %v, want an AZ ID of %s", filepath.Base(f), id, r.Properties, tc.region)
					}
				}
			}
			gw, _ := os.ReadFile(filepath.Join(out, "gateway.template.json"))
			for _, z := range tc.zones {
				if !strings.Contains(string(gw), `"AvailabilityZoneId": "`+z+`"`) {
					t.Errorf("gateway has no subnet in %s", z)
				}
			}
			if lint, err := exec.Command("cfn-lint", files...).CombinedOutput(); err != nil {
				t.Errorf("cfn-lint found problems in %s:\n%s", tc.region, lint)
			}
		})
	}
}

// TestOneAccount: the whole example in one account, deployed with one set
// of credentials (the shape of a release rehearsal on real AWS with one
// account): the app yields all three stacks, and the gateway depends on
// both providers, so `cdk deploy --all` deploys it after them.
func TestOneAccount(t *testing.T) {
	bin := buildApp(t)
	project, err := cdktest.ProjectContext()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(project["topology"])
	var topo map[string]any
	_ = json.Unmarshal(raw, &topo)
	topo["gateway"].(map[string]any)["account"] = "444455556666"
	for _, s := range topo["services"].([]any) {
		s.(map[string]any)["account"] = "444455556666"
	}
	stacks, out, msg, err := runAppWith(t, bin, map[string]any{"topology": topo, "image.dognames": "public.ecr.aws/docker/library/busybox:stable"}, "CDK_DEFAULT_ACCOUNT=444455556666")
	if err != nil {
		t.Fatalf("app failed: %v\n%s", err, msg)
	}
	if want := []string{"dognames-provider", "gateway", "todo-provider"}; !reflect.DeepEqual(stacks, want) {
		t.Fatalf("stacks %v, want %v", stacks, want)
	}
	var manifest struct {
		Artifacts map[string]struct{ Dependencies []string }
	}
	body, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	_ = json.Unmarshal(body, &manifest)
	deps := strings.Join(manifest.Artifacts["gateway"].Dependencies, " ")
	for _, p := range []string{"dognames-provider", "todo-provider"} {
		if !strings.Contains(deps, p) {
			t.Errorf("gateway does not depend on %s: %s", p, deps)
		}
	}
}
