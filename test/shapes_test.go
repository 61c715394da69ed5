package test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/snapshot"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// providerShapesDir holds the snapshots of the providers that bring their
// own targets (issue 21): refresh with
// go test ./test -run TestProviderShapes -update.
const providerShapesDir = "testdata/providers"

// providerShapes is an app of two provider stacks beyond the example's: an
// internal ALB that routes by path to two target groups, behind the
// network load balancer (the EKS ingress shape), and servers known by
// address, one in the VPC and two on premises over VPN or Direct Connect.
func providerShapes(t *testing.T, context map[string]any, aspects ...awscdk.IAspect) (awscdk.App, []awscdk.Stack) {
	t.Helper()
	app := cdktest.NewApp(t, context)
	for _, a := range aspects {
		awscdk.Aspects_Of(app).Add(a, nil)
	}
	env := &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("us-west-2")}}
	consumers := provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}}

	alb := awscdk.NewStack(app, jsii.String("alb-provider"), env)
	albVpc := provider.NewProviderVpc(alb, jsii.String("Network"), &provider.ProviderVpcProps{MaxAzs: jsii.Number(2)}).Vpc
	shop := provider.NewAlbProvider(alb, jsii.String("Shop"), &provider.AlbProviderProps{ProviderOptions: provider.ProviderOptions{
		Vpc: albVpc, Port: jsii.Number(80), HealthCheckPath: jsii.String("/health"), EndpointService: consumers,
	}})
	for i, route := range []struct{ name, path string }{{"Cart", "/cart/*"}, {"Catalog", "/catalog/*"}} {
		// Filled by their services, for example ECS services or the AWS
		// Load Balancer Controller's TargetGroupBinding.
		group := elbv2.NewApplicationTargetGroup(alb, jsii.String(route.name), &elbv2.ApplicationTargetGroupProps{
			Vpc: albVpc, Port: jsii.Number(8080), Protocol: elbv2.ApplicationProtocol_HTTP, TargetType: elbv2.TargetType_IP,
			HealthCheck: &elbv2.HealthCheck{Path: jsii.String("/health")},
		})
		shop.AddRoute(route.name, &provider.AlbRouteProps{Priority: jsii.Number(float64(10 * (i + 1))), PathPatterns: []string{route.path}, TargetGroup: group})
	}

	ip := awscdk.NewStack(app, jsii.String("ip-provider"), env)
	ipVpc := provider.NewProviderVpc(ip, jsii.String("Network"), &provider.ProviderVpcProps{MaxAzs: jsii.Number(2)}).Vpc
	provider.NewIpProvider(ip, jsii.String("Ledger"), &provider.IpProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc: ipVpc, Port: jsii.Number(443), TargetPort: jsii.Number(8443), EndpointService: consumers,
		},
		Addresses:         []string{"10.0.0.20"},
		ExternalAddresses: []string{"192.168.10.5", "192.168.10.6"},
	})

	var stacks []awscdk.Stack
	for _, child := range *app.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		if *awscdk.Stack_IsStack(child) {
			var s awscdk.Stack
			jsii.UnsafeCast(child, &s)
			stacks = append(stacks, s)
		}
	}
	return app, stacks
}

// TestProviderShapes pins the two shapes in testdata/providers, lints them
// with cfn-lint and passes them through cdk-nag's five packs in one app.
func TestProviderShapes(t *testing.T) {
	aspects := append(compliancePacks(), cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}))
	app, stacks := providerShapes(t, nagContext, aspects...)
	snapshot.Check(t, app, &snapshot.Options{Dir: providerShapesDir, Update: *update, Lint: true})
	for _, f := range nagFindings(stacks) {
		t.Error(f)
	}
}
