package cfnlint

import (
	"encoding/json"
	"testing"
)

func TestAsSynthesized(t *testing.T) {
	got := AsSynthesized([]byte(`{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}, "P": {"Type": "AWS::CodePipeline::Pipeline"}}}`))
	var doc struct {
		Resources map[string]struct{ Type string }
	}
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Resources["CDKMetadata"].Type != "AWS::CDK::Metadata" || doc.Resources["Topic"].Type != "AWS::SNS::Topic" {
		t.Fatalf("got %s, want the topic and CDKMetadata", got)
	}
	// A template with its metadata, one without a pipeline (linted with
	// every rule: W3010 among them), and anything else pass as they are.
	with := `{"Resources": {"M": {"Type": "AWS::CDK::Metadata"}, "P": {"Type": "AWS::CodePipeline::Pipeline"}}}`
	plain := `{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}`
	if string(AsSynthesized([]byte(with))) != with || string(AsSynthesized([]byte(plain))) != plain || string(AsSynthesized([]byte("not json"))) != "not json" {
		t.Fatal("changed what needed no change")
	}
}
