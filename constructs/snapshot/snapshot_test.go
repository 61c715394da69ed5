package snapshot

import (
	"encoding/json"
	"strings"
	"testing"
)

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestNormalise: exactly the documented noise goes, everything else stays.
func TestNormalise(t *testing.T) {
	hash := strings.Repeat("ab12", 16)
	got := Normalise(decode(t, `{
		"Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>"}, "Kept": {"Type": "String"}},
		"Rules": {"CheckBootstrapVersion": {"Assertions": []}},
		"Conditions": {"CDKMetadataAvailable": {"Fn::Or": []}},
		"Resources": {
			"CDKMetadata": {"Type": "AWS::CDK::Metadata"},
			"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"S3Key": "`+hash+`.zip"}, "Handler": "index.handler"}},
			"Nested": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": {"Fn::Join": ["", ["https://s3/", "`+hash+`.json"]]}}}
		}
	}`))
	want := decode(t, `{
		"Parameters": {"Kept": {"Type": "String"}},
		"Resources": {
			"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"S3Key": "<asset-hash>.zip"}, "Handler": "index.handler"}},
			"Nested": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": {"Fn::Join": ["", ["https://s3/", "<asset-hash>.json"]]}}}
		}
	}`)
	if msg := Diff("t.json", Render(want), Render(got)); msg != "" {
		t.Fatal(msg)
	}
	// A 63-character hex run is not a hash: left alone.
	short := strings.Repeat("a", 63)
	if got := Normalise(decode(t, `{"Outputs": {"X": {"Value": "`+short+`"}}}`)); got["Outputs"].(map[string]any)["X"].(map[string]any)["Value"] != short {
		t.Fatalf("normalised a value that is not a hash: %v", got)
	}
}

// TestDiff: a change is reported at its JSON path, with both values.
func TestDiff(t *testing.T) {
	want := Render(decode(t, `{"Resources": {"Sg": {"Properties": {"SecurityGroupIngress": [{"FromPort": 8080, "ToPort": 8080}]}}}}`))
	got := Render(decode(t, `{"Resources": {"Sg": {"Properties": {"SecurityGroupIngress": [{"FromPort": 8081, "ToPort": 8080}]}}}}`))
	// go-cmp deliberately varies its whitespace (spaces or non-breaking
	// spaces) so nobody parses its report; compare with spaces.
	msg := strings.ReplaceAll(Diff("testdata/s.json", want, got), "\u00a0", " ")
	for _, frag := range []string{`testdata/s.json changed (-snapshot +synthesized)`, `"Sg"`, `"SecurityGroupIngress"`, `"FromPort": float64(8080)`, `"FromPort": float64(8081)`, "UPDATE_SNAPSHOTS=1 go test"} {
		if !strings.Contains(msg, frag) {
			t.Errorf("diff lacks %q:\n%s", frag, msg)
		}
	}
	if Diff("s.json", want, want) != "" {
		t.Fatal("equal snapshots differ")
	}
	if msg := Diff("s.json", []byte("{\"a\": 1}"), []byte("{\n  \"a\": 1\n}\n")); !strings.Contains(msg, "same template, other layout") {
		t.Fatalf("layout only: %q", msg)
	}
}
