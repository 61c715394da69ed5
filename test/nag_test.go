package test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// nagFindings returns every unsuppressed AwsSolutions error and warning of
// the stacks (the pack must have been added as an aspect) as
// "<level> <stack><path>: <message>".
func nagFindings(stacks []awscdk.Stack) []string {
	var out []string
	rule := assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*"))
	for _, stack := range stacks {
		if stack.NestedStackParent() != nil {
			continue // its findings are reported with its parent's
		}
		ann := assertions.Annotations_FromStack(stack)
		add := func(level string, msgs *[]*cxapi.SynthesisMessage) {
			for _, m := range *msgs {
				out = append(out, fmt.Sprintf("%s %s: %v", level, *m.Id, m.Entry.Data))
			}
		}
		add("error", ann.FindError(jsii.String("*"), rule))
		add("warning", ann.FindWarning(jsii.String("*"), rule))
	}
	sort.Strings(out)
	return out
}

// nagContext keeps cdk-nag's error annotations from failing synth (as the
// feature flag @aws-cdk/core:annotationsInValidationReport makes them), so
// the test can collect and report every finding instead of the first panic.
var nagContext = map[string]any{"@aws-cdk/core:annotationsInValidationReport": false}

// TestCdkNag applies the AwsSolutions pack to every stack of the example:
// each finding fails the test and names the resource path and the rule.
func TestCdkNag(t *testing.T) {
	stacks := exampleStacks(t, nagContext, cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}))
	for _, f := range nagFindings(stacks) {
		t.Error(f)
	}
}
