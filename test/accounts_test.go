package test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// runApp runs the built app as the CDK CLI would: context in
// CDK_CONTEXT_JSON, output to CDK_OUTDIR, the credentials' account in
// CDK_DEFAULT_ACCOUNT. It returns the stacks in the cloud assembly.
func runApp(t *testing.T, bin string, env ...string) ([]string, string, error) {
	t.Helper()
	stacks, _, msg, err := runAppWith(t, bin, nil, env...)
	return stacks, msg, err
}

// runAppWith runs the app with extra context (such as another topology)
// and returns its stacks, the cloud assembly's directory and its output. A
// context lookup the app would need fails the test: the CLI would need
// credentials for it.
func runAppWith(t *testing.T, bin string, extra map[string]any, env ...string) ([]string, string, string, error) {
	t.Helper()
	root, _ := cdktest.Root()
	project, err := cdktest.ProjectContext()
	if err != nil {
		t.Fatal(err)
	}
	ctx := map[string]any{}
	for k, v := range project {
		ctx[k] = v
	}
	for k, v := range extra {
		ctx[k] = v
	}
	raw, _ := json.Marshal(ctx)
	out := t.TempDir()
	cmd := exec.Command(bin)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CDK_CONTEXT_JSON="+string(raw), "CDK_OUTDIR="+out)
	cmd.Env = append(cmd.Env, env...)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return nil, out, string(msg), err
	}
	var manifest struct {
		Artifacts map[string]struct{ Type string }
		Missing   []struct{ Key string }
	}
	raw, err = os.ReadFile(filepath.Join(out, "manifest.json"))
	if err == nil {
		err = json.Unmarshal(raw, &manifest)
	}
	if err != nil {
		t.Fatalf("reading the cloud assembly: %v\n%s", err, msg)
	}
	for _, m := range manifest.Missing {
		t.Errorf("the app needs the context lookup %s, which fails with no credentials", m.Key)
	}
	var stacks []string
	for name, a := range manifest.Artifacts {
		if a.Type == "aws:cloudformation:stack" {
			stacks = append(stacks, name)
		}
	}
	sort.Strings(stacks)
	return stacks, out, string(msg), nil
}

// buildApp builds the example app once per test binary.
func buildApp(t *testing.T) string {
	t.Helper()
	appOnce.Do(func() {
		root, _ := cdktest.Root()
		dir, err := os.MkdirTemp("", "privatelink-app-")
		if err != nil {
			appErr = err
			return
		}
		appBin = filepath.Join(dir, "privatelink")
		if msg, err := exec.Command("go", "build", "-o", appBin, filepath.Join(root, "apps", "privatelink")).CombinedOutput(); err != nil {
			appErr = fmt.Errorf("building the app: %v\n%s", err, msg)
		}
	})
	if appErr != nil {
		t.Fatal(appErr)
	}
	return appBin
}

var (
	appOnce sync.Once
	appBin  string
	appErr  error
)

// TestAccountSelection: with one account's credentials the app yields only
// that account's stacks; with none it yields all; an account outside the
// topology is an error that lists the configured ones.
func TestAccountSelection(t *testing.T) {
	bin := buildApp(t)
	for _, tc := range []struct {
		env  []string
		want []string
	}{
		{nil, []string{"dognames-provider", "gateway", "todo-provider"}},
		{[]string{"CDK_DEFAULT_ACCOUNT=111111111111"}, []string{"gateway"}},
		{[]string{"CDK_DEFAULT_ACCOUNT=222222222222"}, []string{"dognames-provider"}},
		{[]string{"CDK_DEFAULT_ACCOUNT=333333333333"}, []string{"todo-provider"}},
	} {
		t.Run(strings.Join(tc.env, ","), func(t *testing.T) {
			got, msg, err := runApp(t, bin, append([]string{"CDK_DEFAULT_ACCOUNT="}, tc.env...)...)
			if err != nil {
				t.Fatalf("app failed: %v\n%s", err, msg)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("stacks %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("account outside the topology", func(t *testing.T) {
		_, msg, err := runApp(t, bin, "CDK_DEFAULT_ACCOUNT=999999999999")
		if err == nil || !strings.Contains(msg, `"999999999999", which is not in the topology: configured accounts are dognames=222222222222, gateway=111111111111, todo=333333333333`) {
			t.Fatalf("want a failure listing the configured accounts; err %v, output:\n%s", err, msg)
		}
	})
}

// TestAppRefusesBadInput: the app refuses a bad topology or -c switch
// with our message alone (no Go stack trace), exit status 1 and no
// templates written, so nothing half-built can be deployed.
func TestAppRefusesBadInput(t *testing.T) {
	bin := buildApp(t)
	project, err := cdktest.ProjectContext()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(project["topology"])
	var typo map[string]any
	_ = json.Unmarshal(raw, &typo)
	typo["services"].([]any)[1].(map[string]any)["prot"] = 9000
	var broken map[string]any
	_ = json.Unmarshal(raw, &broken)
	broken["services"].([]any)[1].(map[string]any)["source"] = "test/testdata/nobuild"
	for _, tc := range []struct {
		name  string
		extra map[string]any
		want  string
	}{
		{"topology typo", map[string]any{"topology": typo}, "error: topology: services[1].prot: unknown field; want one of "},
		{"source that does not build", map[string]any{"topology": broken}, `error: topology: services[1].source "test/testdata/nobuild": does not build for linux/arm64; fix the service's code, or point source at the service's main package: building todo from ./test/testdata/nobuild: exit status 1`},
		{"switch for no service", map[string]any{"image.dogname": "nginx"}, `error: -c image.dogname: the topology has no service "dogname"; its services are dognames, todo`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, out, msg, err := runAppWith(t, bin, tc.extra, "CDK_DEFAULT_ACCOUNT=")
			exit, ok := err.(*exec.ExitError)
			if !ok || exit.ExitCode() != 1 {
				t.Fatalf("app exited with %v, want status 1; output:\n%s", err, msg)
			}
			if !strings.HasPrefix(msg, tc.want) || strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") {
				t.Fatalf("output:\n%s\nwant only our message, starting %q", msg, tc.want)
			}
			if templates, _ := filepath.Glob(filepath.Join(out, "*.template.json")); len(templates) > 0 {
				t.Fatalf("a refused synth wrote templates: %v", templates)
			}
		})
	}
}
