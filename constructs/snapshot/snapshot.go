// Package snapshot is golden-file testing for CDK apps in Go: one call
// snapshots every template of an app, nested stacks included, compares it
// with the files under testdata/, and reports each difference by stack and
// JSON path.
//
//	func TestSnapshots(t *testing.T) {
//		app := awscdk.NewApp(nil)
//		myapp.Build(app)
//		snapshot.Check(t, app, nil)
//	}
//
// Refresh the files on purpose with UPDATE_SNAPSHOTS=1 go test ./..., and
// review the change like code.
//
// # What is normalised, and why
//
// Only what changes without meaning, so that a snapshot changes when and
// only when the infrastructure does:
//
//   - Asset hashes: 64 hexadecimal characters wherever they appear (asset
//     object keys in S3, image tags, nested-stack template URLs, which are
//     asset keys too) become "<asset-hash>". They follow file contents,
//     build tools and machines, not the infrastructure.
//   - The bootstrap-version check: the BootstrapVersion parameter and the
//     CheckBootstrapVersion rule, which the synthesizer adds and changes with
//     the CDK version.
//   - CDK metadata: the AWS::CDK::Metadata resource and its
//     CDKMetadataAvailable condition (analytics the CLI may turn off).
//
// Nothing else is touched: logical IDs, names, policies and every property
// are compared as synthesized.
//
// # Differences
//
// Templates are compared as JSON values with github.com/google/go-cmp, the
// Go team's maintained comparison library: its report names the path of
// every difference (Resources["DogsSecurityGroup"].Properties["SecurityGroupIngress"][0])
// with the values on both sides, where a line diff of pretty-printed JSON
// shows a brace. Each stack is its own subtest.
//
// # cfn-lint
//
// With Options.Lint, every template is also run through cfn-lint when it is
// on the PATH; when it is not, the test logs that it skipped linting, so a
// skip is never silent.
package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cfnlint"
)

// UpdateEnv is the environment variable that refreshes the files.
const UpdateEnv = "UPDATE_SNAPSHOTS"

// Options of Check.
type Options struct {
	// Dir holds the snapshot files.
	// Default: testdata.
	Dir string
	// Update rewrites the files instead of comparing.
	// Default: true when UPDATE_SNAPSHOTS is set to a non-empty value.
	Update bool
	// Lint runs cfn-lint over every template, when it is installed.
	// Default: false.
	Lint bool
}

// assetHash is what content hashes look like.
var assetHash = regexp.MustCompile(`[0-9a-f]{64}`)

// Normalise removes from a template what changes without meaning (see the
// package doc) and returns it.
func Normalise(tpl map[string]any) map[string]any {
	remove := func(section, key string) {
		if m, ok := tpl[section].(map[string]any); ok {
			delete(m, key)
			if len(m) == 0 {
				delete(tpl, section)
			}
		}
	}
	remove("Parameters", "BootstrapVersion")
	remove("Rules", "CheckBootstrapVersion")
	remove("Resources", "CDKMetadata")
	remove("Conditions", "CDKMetadataAvailable")
	raw, _ := json.Marshal(tpl)
	raw = assetHash.ReplaceAll(raw, []byte("<asset-hash>"))
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}

// Templates synthesizes the app and returns its templates by file name
// without ".template.json" (a nested stack's name ends in ".nested"),
// normalised.
func Templates(app awscdk.App) (map[string]map[string]any, error) {
	dir := *app.Synth(nil).Directory()
	files, err := filepath.Glob(filepath.Join(dir, "*.template.json"))
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]any{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var tpl map[string]any
		if err := json.Unmarshal(raw, &tpl); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".template.json")] = Normalise(tpl)
	}
	return out, nil
}

// Render is a normalised template as a snapshot file holds it: indented,
// keys sorted.
func Render(tpl map[string]any) []byte {
	raw, _ := json.MarshalIndent(tpl, "", "  ")
	return append(raw, '\n')
}

// Check synthesizes the app and compares each template with its file
// <Dir>/<name>.json, as a subtest per template; with Update it writes the
// files instead, and removes the snapshots of stacks the app no longer has.
func Check(t *testing.T, app awscdk.App, opts *Options) {
	t.Helper()
	o := Options{Dir: "testdata", Update: os.Getenv(UpdateEnv) != ""}
	if opts != nil {
		if opts.Dir != "" {
			o.Dir = opts.Dir
		}
		o.Update = o.Update || opts.Update
		o.Lint = opts.Lint
	}
	templates, err := Templates(app)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(templates))
	for n := range templates {
		names = append(names, n)
	}
	sort.Strings(names)
	if o.Update {
		if err := os.MkdirAll(o.Dir, 0o755); err != nil {
			t.Fatal(err)
		}
		old, _ := filepath.Glob(filepath.Join(o.Dir, "*.json"))
		for _, f := range old {
			if _, ok := templates[strings.TrimSuffix(filepath.Base(f), ".json")]; !ok {
				_ = os.Remove(f)
			}
		}
	} else {
		files, _ := filepath.Glob(filepath.Join(o.Dir, "*.json"))
		for _, f := range files {
			if _, ok := templates[strings.TrimSuffix(filepath.Base(f), ".json")]; !ok {
				t.Errorf("%s: the app has no such stack any more; if that is intended, refresh with %s=1 go test", f, UpdateEnv)
			}
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got := Render(templates[name])
			path := filepath.Join(o.Dir, name+".json")
			if o.Update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				compare(t, path, got)
			}
			if o.Lint {
				lint(t, got)
			}
		})
	}
}

// compare reports the difference between the file at path and got, path
// by path.
func compare(t *testing.T, path string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: create the snapshot with %s=1 go test", err, UpdateEnv)
	}
	if msg := Diff(path, want, got); msg != "" {
		t.Error(msg)
	}
}

// Diff describes how the snapshot file want (at path) and the synthesized
// got differ, JSON path by JSON path, or returns "" when they do not.
func Diff(path string, want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		return fmt.Sprintf("%s: %v; refresh it with %s=1 go test", path, err, UpdateEnv)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return fmt.Sprintf("synthesized template for %s: %v", path, err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		return fmt.Sprintf("%s changed (-snapshot +synthesized):\n%s\nIf the change is intended, refresh with %s=1 go test and say why in the commit.", path, diff, UpdateEnv)
	}
	return fmt.Sprintf("%s: same template, other layout; refresh with %s=1 go test", path, UpdateEnv)
}

// lint runs cfn-lint over one template, or says it could not.
func lint(t *testing.T, template []byte) {
	t.Helper()
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Logf("cfn-lint is not installed: template not linted (pip install cfn-lint)")
		return
	}
	f := filepath.Join(t.TempDir(), "template.json")
	// Normalise took the CDK metadata out; cfn-lint reads it (package
	// internal/cfnlint says why).
	if err := os.WriteFile(f, cfnlint.AsSynthesized(template), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, f).CombinedOutput(); err != nil {
		t.Errorf("cfn-lint found problems:\n%s", out)
	}
}
