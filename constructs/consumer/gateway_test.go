package consumer

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	authorizers "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// gatewayStack builds a gateway with n services named svc0..svc(n-1), each
// behind its own endpoint, routes /svcN and /svcN/{proxy+}.
func gatewayStack(t *testing.T, n int, props *GatewayProps) (awscdk.Stack, *Gateway) {
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	if props == nil {
		props = &GatewayProps{}
	}
	props.Vpc = vpc
	gw := NewGateway(stack, jsii.String("Gateway"), props)
	for i := range n {
		id := fmt.Sprintf("svc%d", i)
		ep := NewServiceEndpoint(stack, jsii.String(id+"Endpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
		gw.AddService(id, &GatewayServiceProps{Endpoint: ep, Routes: []string{"/" + id, "/" + id + "/{proxy+}"}})
	}
	return stack, gw
}

func TestGatewayDefaults(t *testing.T) {
	stack, gw := gatewayStack(t, 1, nil)
	tpl := template(stack)
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Api"), obj{"ProtocolType": "HTTP"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Stage"), obj{
		"StageName": "$default", "AutoDeploy": true,
		"DefaultRouteSettings": obj{"ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 200},
		"AccessLogSettings": obj{
			"DestinationArn": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^GatewayAccessLogs")), "Arn"}},
			"Format":         assertions.Match_StringLikeRegexp(jsii.String(`"requestId":"\$context.requestId"`)),
		},
	})
	tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 30})
	tpl.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::VpcLink"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "ANY /svc0", "AuthorizationType": "NONE"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "ANY /svc0/{proxy+}"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Integration"), obj{
		"IntegrationType": "HTTP_PROXY", "ConnectionType": "VPC_LINK", "IntegrationMethod": "ANY",
		"IntegrationUri": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^Gatewaysvc0LBListener"))},
	})
	// The service's load balancer: internal, its targets the endpoint's
	// addresses on the service port.
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{"Type": "network", "Scheme": "internal"})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
		"TargetType": "ip", "Port": 8080, "Protocol": "TCP", "HealthCheckProtocol": "TCP",
		"Targets": []any{
			obj{"Id": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^svc0EndpointAddresses")), "NetworkInterfaces.0.PrivateIpAddress"}}, "Port": 8080},
			obj{"Id": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^svc0EndpointAddresses")), "NetworkInterfaces.1.PrivateIpAddress"}}, "Port": 8080},
		},
	})
	// VPC link -> service LB -> endpoint, each on the service port only.
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"FromPort": 8080, "ToPort": 8080,
		"GroupId":               obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^Gatewaysvc0LBSecurityGroup")), "GroupId"}},
		"SourceSecurityGroupId": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^GatewayVpcLinkSecurityGroup")), "GroupId"}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"FromPort": 8080, "ToPort": 8080,
		"GroupId":               obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^svc0EndpointSecurityGroup")), "GroupId"}},
		"SourceSecurityGroupId": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^Gatewaysvc0LBSecurityGroup")), "GroupId"}},
	})
	tpl.HasOutput(jsii.String("*"), obj{"Description": "URL of the HTTP API"})
	if gw.Url == nil || gw.Services["svc0"] == nil {
		t.Fatal("Url and Services must be set")
	}
	if got, want := gw.RouteOwners(), []string{"/svc0 -> svc0", "/svc0/{+} -> svc0"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("RouteOwners = %q, want %q", got, want)
	}
	cdktest.AssertNoOpenIngress(t, tpl)
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "AwsSolutions-ELB2", "access logs cover TLS listeners only")
	cdktest.CfnLint(t, tpl)
}

func TestGatewayFiveServices(t *testing.T) {
	stack, gw := gatewayStack(t, 5, nil)
	tpl := template(stack)
	tpl.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::VpcLink"), jsii.Number(1))
	tpl.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(5))
	tpl.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Integration"), jsii.Number(5))
	tpl.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Route"), jsii.Number(10))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpoint"), jsii.Number(5))
	for i := range 5 {
		tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": fmt.Sprintf("ANY /svc%d/{proxy+}", i)})
	}
	if len(gw.Services) != 5 || len(gw.RouteOwners()) != 10 {
		t.Fatalf("Services %d, routes %d", len(gw.Services), len(gw.RouteOwners()))
	}
	cdktest.AssertNoOpenIngress(t, tpl)
}

func TestGatewayOptions(t *testing.T) {
	stack, _ := gatewayStack(t, 0, &GatewayProps{
		ApiName:           jsii.String("global-api"),
		ThrottleRateLimit: jsii.Number(50), ThrottleBurstLimit: jsii.Number(60),
		AccessLogRetention: logs.RetentionDays_ONE_YEAR,
		DefaultAuthorizer:  authorizers.NewHttpIamAuthorizer(),
	})
	tpl := template(stack)
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Api"), obj{"Name": "global-api"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Stage"), obj{
		"DefaultRouteSettings": obj{"ThrottlingRateLimit": 50, "ThrottlingBurstLimit": 60},
	})
	tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 365})

	t.Run("authorizer guards routes; health check path", func(t *testing.T) {
		stack := newStack(t)
		vpc := newVpc(stack, 2)
		g := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc, DefaultAuthorizer: authorizers.NewHttpIamAuthorizer()})
		ep := NewServiceEndpoint(stack, jsii.String("Todo"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(todoService), Port: jsii.Number(80)})
		g.AddService("todo", &GatewayServiceProps{Endpoint: ep, Routes: []string{"/todo", "/todo/{id}"}, HealthCheckPath: jsii.String("/health")})
		tpl := template(stack)
		tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "ANY /todo/{id}", "AuthorizationType": "AWS_IAM"})
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
			"Port": 80, "HealthCheckProtocol": "HTTP", "HealthCheckPath": "/health", "Matcher": obj{"HttpCode": "200-399"},
		})
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 80, "Protocol": "TCP"})
	})
}

// TestGatewayServiceScope: a service's load balancer and security group go
// where Scope says (here a nested stack); routes and integration stay with
// the API.
func TestGatewayServiceScope(t *testing.T) {
	stack := newStack(t)
	vpc := NewConsumerVpc(stack, jsii.String("Net"), &ConsumerVpcProps{MaxAzs: jsii.Number(2)}).Vpc
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
	nested := awscdk.NewNestedStack(stack, jsii.String("Services1"), nil)
	ep := NewServiceEndpoint(nested, jsii.String("DogsEndpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	gw.AddService("dogs", &GatewayServiceProps{Endpoint: ep, Routes: []string{"/dogs"}, Scope: nested})

	parent, child := template(stack), assertions.Template_FromStack(nested, nil)
	parent.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(0))
	parent.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Route"), jsii.Number(1))
	parent.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Integration"), jsii.Number(1))
	parent.ResourceCountIs(jsii.String("AWS::CloudFormation::Stack"), jsii.Number(1))
	child.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(1))
	child.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpoint"), jsii.Number(1))
	cdktest.CfnLint(t, parent)
	cdktest.CfnLint(t, child)
}

func TestGatewayValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		props GatewayProps
		want  string
	}{
		{"nil vpc", GatewayProps{}, "Vpc is nil"},
		{"rate", GatewayProps{ThrottleRateLimit: jsii.Number(0)}, "ThrottleRateLimit 0: want a whole number from 1 to 1e+06"},
		{"burst below rate", GatewayProps{ThrottleRateLimit: jsii.Number(500)}, "ThrottleBurstLimit 200: want at least ThrottleRateLimit (500)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cdktest.WantErr(t, tc.props.validate(), "consumer.Gateway: "+tc.want)
		})
	}

	stack, gw := gatewayStack(t, 1, nil)
	ep := NewServiceEndpoint(stack, jsii.String("Other"), &ServiceEndpointProps{Vpc: newVpcFrom(stack), ServiceName: jsii.String(todoService)})
	for _, tc := range []struct {
		name  string
		id    string
		props GatewayServiceProps
		want  []string
	}{
		{"route collision with another service", "todo", GatewayServiceProps{Endpoint: ep, Routes: []string{"/todo", "/svc0/{rest+}"}},
			[]string{`consumer.Gateway service "todo": Routes[1] "/svc0/{rest+}": service "svc0" already has this route`}},
		{"duplicate id", "svc0", GatewayServiceProps{Endpoint: ep, Routes: []string{"/x"}}, []string{`id "svc0": a service of that id exists`}},
		{"no routes", "todo", GatewayServiceProps{Endpoint: ep}, []string{"Routes is empty: want at least one path such as /todo and /todo/{proxy+}"}},
		{"bad route", "todo", GatewayServiceProps{Endpoint: ep, Routes: []string{"todo"}}, []string{`Routes[0] "todo": it must start with /`}},
		{"route twice", "todo", GatewayServiceProps{Endpoint: ep, Routes: []string{"/todo/{a}", "/todo/{b}"}}, []string{`Routes[1] "/todo/{b}": listed twice`}},
		{"nil endpoint", "todo", GatewayServiceProps{Routes: []string{"/todo"}}, []string{"Endpoint is nil"}},
		{"health path", "todo", GatewayServiceProps{Endpoint: ep, Routes: []string{"/todo"}, HealthCheckPath: jsii.String("health")}, []string{`HealthCheckPath "health": want an absolute path`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cdktest.WantErr(t, gw.validateService(tc.id, &tc.props), tc.want...)
		})
	}
	t.Run("AddService panics and builds nothing", func(t *testing.T) {
		cdktest.MustPanic(t, func() { gw.AddService("todo", &GatewayServiceProps{Endpoint: ep, Routes: []string{"/svc0"}}) }, `service "svc0" already has this route`)
		if gw.Node().TryFindChild(jsii.String("todo")) != nil || gw.Services["todo"] != nil {
			t.Fatal("a service was created before validation failed")
		}
	})
	t.Run("zero subnets", func(t *testing.T) {
		stack := newStack(t)
		cdktest.MustPanic(t, func() {
			NewGateway(stack, jsii.String("G"), &GatewayProps{Vpc: newVpc(stack, 2), Subnets: &ec2.SubnetSelection{AvailabilityZones: jsii.Strings("us-west-2d")}})
		}, "consumer.Gateway: Subnets selects no subnet of the VPC")
	})
}

// newVpcFrom finds the VPC gatewayStack made.
func newVpcFrom(stack awscdk.Stack) ec2.IVpc {
	var vpc ec2.Vpc
	jsii.UnsafeCast(stack.Node().FindChild(jsii.String("Vpc")), &vpc)
	return vpc
}
