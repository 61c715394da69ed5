package hardening

import (
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

func TestEnabled(t *testing.T) {
	for _, tc := range []struct {
		value any
		want  bool
	}{{nil, false}, {true, true}, {"true", true}, {false, false}, {"false", false}, {"yes", false}, {1, false}} {
		root := constructs.NewRootConstruct(jsii.String("App"))
		if tc.value != nil {
			root.Node().SetContext(jsii.String(ContextKey), tc.value)
		}
		child := constructs.NewConstruct(root, jsii.String("Child"))
		if got := Enabled(child); got != tc.want {
			t.Errorf("context %v: Enabled = %v, want %v", tc.value, got, tc.want)
		}
	}
	root := constructs.NewRootConstruct(jsii.String("App"))
	Enable(root)
	if !Enabled(constructs.NewConstruct(root, jsii.String("Child"))) {
		t.Fatal("Enable did not turn the switch on for children")
	}
	jsii.Close()
}
