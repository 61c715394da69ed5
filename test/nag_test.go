package test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// nagFindings returns every unsuppressed error and warning of the packs
// applied to the stacks (as aspects) as "<level> <stack><path>: <message>":
// findings of any pack's rules, and cdk-nag's validation failures (a rule
// that could not evaluate a resource).
func nagFindings(stacks []awscdk.Stack) []string {
	var out []string
	rule := assertions.Match_StringLikeRegexp(jsii.String("(AwsSolutions|NIST\\.800\\.53\\.R5|HIPAA\\.Security|PCI\\.DSS\\.321|Serverless|CdkNagValidationFailure).*"))
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

// compliancePacks are cdk-nag's packs beyond AwsSolutions.
func compliancePacks() []awscdk.IAspect {
	verbose := &cdknag.NagPackProps{Verbose: jsii.Bool(true)}
	return []awscdk.IAspect{
		cdknag.NewNIST80053R5Checks(verbose), cdknag.NewHIPAASecurityChecks(verbose),
		cdknag.NewPCIDSS321Checks(verbose), cdknag.NewServerlessChecks(verbose),
	}
}

func TestCompliancePacks(t *testing.T) {
	stacks := exampleStacks(t, nagContext, compliancePacks()...)
	for _, f := range nagFindings(stacks) {
		t.Error(f)
	}
}

// hardenedContext turns the library's compliance switch on, with TLS.
var hardenedContext = map[string]any{"@cdk-privatelink/hardened": "true", "domain": "example.com"}

// TestCompliancePacksTls: the TLS shape passes every pack too.
func TestCompliancePacksTls(t *testing.T) {
	stacks := exampleStacks(t, merge(tlsContext, nagContext), compliancePacks()...)
	for _, f := range nagFindings(stacks) {
		t.Error(f)
	}
}

// TestCompliancePacksHardened: with hardening and TLS on, every pack passes,
// and every suppression left is one that cannot apply: none is lifted by
// the switch (their reasons say "hardening.Enable"). The templates of
// this shape are linted too.
func TestCompliancePacksHardened(t *testing.T) {
	aspects := append(compliancePacks(), cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}))
	stacks := exampleStacks(t, merge(hardenedContext, nagContext), aspects...)
	for _, f := range nagFindings(stacks) {
		t.Error(f)
	}
	for _, stack := range stacks {
		cdktest.CfnLint(t, cdktest.TemplateOf(t, stack))
		tpl := assertions.Template_FromStack(stack, nil).ToJSON()
		res, _ := (*tpl)["Resources"].(map[string]any)
		for logical, raw := range res {
			meta, _ := raw.(map[string]any)["Metadata"].(map[string]any)
			nag, _ := meta["cdk_nag"].(map[string]any)
			rules, _ := nag["rules_to_suppress"].([]any)
			for _, rule := range rules {
				r := rule.(map[string]any)
				if reason, _ := r["reason"].(string); strings.Contains(reason, "hardening.Enable") {
					t.Errorf("%s %s: %s is still suppressed with hardening on: %s", *stack.StackName(), logical, r["id"], reason)
				}
			}
		}
	}
}

// TestCompliancePacksConsumers: the consumers' StackSet shape passes every
// pack.
func TestCompliancePacksConsumers(t *testing.T) {
	aspects := append(compliancePacks(), cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}))
	for _, f := range nagFindings(exampleStacks(t, merge(consumersContext, nagContext), aspects...)) {
		t.Error(f)
	}
}
