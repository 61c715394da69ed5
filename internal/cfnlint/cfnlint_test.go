package cfnlint

import (
	"encoding/json"
	"testing"
)

func TestAsSynthesized(t *testing.T) {
	got := AsSynthesized([]byte(`{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}`))
	var doc struct {
		Resources map[string]struct{ Type string }
	}
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Resources["CDKMetadata"].Type != "AWS::CDK::Metadata" || doc.Resources["Topic"].Type != "AWS::SNS::Topic" {
		t.Fatalf("got %s, want the topic and CDKMetadata", got)
	}
	// A template with its metadata, and anything else, pass as they are.
	with := `{"Resources": {"M": {"Type": "AWS::CDK::Metadata"}}}`
	if string(AsSynthesized([]byte(with))) != with || string(AsSynthesized([]byte("not json"))) != "not json" {
		t.Fatal("changed what needed no change")
	}
}
