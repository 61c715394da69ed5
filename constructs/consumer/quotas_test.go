package consumer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/quotas"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func warnings(stack awscdk.Stack) string {
	var out []string
	for _, m := range *assertions.Annotations_FromStack(stack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("quota check"))) {
		out = append(out, fmt.Sprintf("%s: %v", *m.Id, m.Entry.Data))
	}
	return strings.Join(out, "\n")
}

// TestQuotaWarnings: what the app uses, counted across stacks and nested
// stacks, users' resources included, warned about at 80% of a quota.
func TestQuotaWarnings(t *testing.T) {
	stack := newStack(t)
	newVpc(stack, 2) // registers the check
	// 40 network load balancers in the account and region: 80% of 50, two
	// stacks (one nested) counted together.
	nested := awscdk.NewNestedStack(stack, jsii.String("More"), nil)
	for i := range 40 {
		scope := constructsIn(stack, nested, i)
		elbv2.NewCfnLoadBalancer(scope, jsii.Sprintf("Nlb%d", i), &elbv2.CfnLoadBalancerProps{Type: jsii.String("network")})
	}
	// An application load balancer does not count.
	elbv2.NewCfnLoadBalancer(stack, jsii.String("Alb"), &elbv2.CfnLoadBalancerProps{Type: jsii.String("application")})
	got := warnings(stack)
	if !strings.Contains(got, "Network Load Balancers per Region: 40 in account 111111111111 in us-west-2, 80% of the default quota of 50 (Service Quotas elasticloadbalancing L-69A177A2)") {
		t.Fatalf("warnings:\n%s", got)
	}
	if strings.Contains(got, "Interface VPC endpoints") {
		t.Fatalf("an unused quota warned:\n%s", got)
	}
}

func constructsIn(a awscdk.Stack, b awscdk.NestedStack, i int) awscdk.Stack {
	if i%2 == 0 {
		return a
	}
	return b
}

// TestQuotaRefusal: beyond a quota AWS does not raise, synth fails, naming
// the quota; beyond an adjustable one it warns with the code to raise.
func TestQuotaRefusal(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
	for i := range 301 {
		apigw.NewCfnIntegration(stack, jsii.Sprintf("I%d", i), &apigw.CfnIntegrationProps{
			ApiId: gw.Api.ApiId(), IntegrationType: jsii.String("HTTP_PROXY"), IntegrationUri: jsii.String("https://example.com"), PayloadFormatVersion: jsii.String("1.0"),
		})
	}
	cdktest.MustPanic(t, func() { awscdk.App_Of(stack).(awscdk.App).Synth(nil) },
		"cdk-privatelink quota check: Integrations per HTTP API: 301 in API Test/Gateway/Api, over the limit of 300, which AWS does not raise")
}

// TestQuotaCountsEndpointsPerVpc: every interface endpoint of a VPC counts,
// in any stack; over the default, a warning with the code to raise.
func TestQuotaCountsEndpointsPerVpc(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	stack := awscdk.NewStack(app, jsii.String("Test"), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-west-2")}})
	vpc := newVpc(stack, 1)
	nested := awscdk.NewNestedStack(stack, jsii.String("N"), nil)
	for i := range 51 {
		var scope awscdk.Stack = stack
		if i >= 30 {
			scope = nested
		}
		NewServiceEndpoint(scope, jsii.Sprintf("E%d", i), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	}
	usages := quotas.Count(app)
	found := false
	for _, u := range usages {
		if u.Quota == quotas.InterfaceEndpointsPerVPC {
			found = u.Count == 51 && u.Of == "VPC Test/Vpc"
			if !found {
				t.Fatalf("usage %+v, want 51 in VPC Test/Vpc", u)
			}
		}
	}
	if !found {
		t.Fatal("no interface endpoint usage counted")
	}
	if got := warnings(stack); !strings.Contains(got, "Interface VPC endpoints per VPC: 51 in VPC Test/Vpc, over the default quota of 50; the deploy fails unless the quota is raised first (Service Quotas vpc L-29B6F2EB)") {
		t.Fatalf("warnings:\n%s", got)
	}
}

// TestQuotaCountsTemplateOutputs: a template's outputs and parameters count
// as synthesized, those aws-cdk-lib adds when a parent reads a nested
// stack's values (and hands it its own) included: a nested stack whose
// parent reads 201 of its values cannot deploy, and synth says so; at 160
// (80%) it warns.
func TestQuotaCountsTemplateOutputs(t *testing.T) {
	build := func(t *testing.T, read int) awscdk.Stack {
		stack := newStack(t)
		newVpc(stack, 1) // registers the check
		nested := awscdk.NewNestedStack(stack, jsii.String("Services"), nil)
		parentTopic := awscdk.NewCfnWaitConditionHandle(stack, jsii.String("Handle"), nil)
		for i := range read {
			h := awscdk.NewCfnWaitConditionHandle(nested, jsii.Sprintf("H%d", i), nil)
			// The parent reads the nested value: an output of the nested
			// template; the nested output of a parent value: a parameter.
			awscdk.NewCfnOutput(stack, jsii.Sprintf("Read%d", i), &awscdk.CfnOutputProps{Value: h.Ref()})
			if i < 10 {
				awscdk.NewCfnOutput(nested, jsii.Sprintf("Own%d", i), &awscdk.CfnOutputProps{Value: parentTopic.Ref()})
			}
		}
		return stack
	}
	t.Run("warns at 80%", func(t *testing.T) {
		stack := build(t, 150) // 150 generated + 10 of the user's
		got := warnings(stack)
		if !strings.Contains(got, "Outputs per CloudFormation template: 160 in stack Test/Services, 80% of the limit of 200, which AWS does not raise (cloudformation, which Service Quotas does not list") {
			t.Fatalf("warnings:\n%s", got)
		}
		if strings.Contains(got, "Parameters per CloudFormation template") {
			t.Fatalf("1 parameter warned:\n%s", got)
		}
	})
	t.Run("refuses over 200", func(t *testing.T) {
		stack := build(t, 191)
		cdktest.MustPanic(t, func() { awscdk.App_Of(stack).(awscdk.App).Synth(nil) },
			"cdk-privatelink quota check: Outputs per CloudFormation template: 201 in stack Test/Services, over the limit of 200, which AWS does not raise")
	})
}
