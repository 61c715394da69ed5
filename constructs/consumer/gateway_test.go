package consumer

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	authorizers "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/quotas"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// gatewayStack builds a gateway with n services named svc0..svc(n-1), each
// behind its own endpoint, routes /svcN and /svcN/{proxy+}.
func gatewayStack(t *testing.T, n int, props *GatewayProps) (awscdk.Stack, *Gateway) {
	return gatewayStackN(t, newStack(t), n, props)
}

// gatewayStackIn is gatewayStack with one service, in a given stack.
func gatewayStackIn(t *testing.T, stack awscdk.Stack, props *GatewayProps) (awscdk.Stack, *Gateway) {
	return gatewayStackN(t, stack, 1, props)
}

func gatewayStackN(t *testing.T, stack awscdk.Stack, n int, props *GatewayProps) (awscdk.Stack, *Gateway) {
	vpc := newVpc(stack, 2)
	if props == nil {
		props = &GatewayProps{}
	}
	props.Vpc = vpc
	gw := NewGateway(stack, jsii.String("Gateway"), props)
	for i := range n {
		id := fmt.Sprintf("svc%d", i)
		ep := NewServiceEndpoint(stack, jsii.String(id+"Endpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
		gw.AddService(id, &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/" + id, "/" + id + "/{proxy+}"}}, ListenerPort: jsii.Number(float64(10000 + i))})
	}
	return stack, gw
}

func ref(prefix string) obj {
	return obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^" + prefix))}
}

func groupId(prefix string) obj {
	return obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^" + prefix)), "GroupId"}}
}

func TestGatewayDefaults(t *testing.T) {
	stack, gw := gatewayStack(t, 1, nil)
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Api"), obj{"ProtocolType": "HTTP"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Stage"), obj{
		"StageName": "$default", "AutoDeploy": true,
		"DefaultRouteSettings": obj{"ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 200},
		"AccessLogSettings": obj{
			"DestinationArn": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^GatewayAccessLogs")), "Arn"}},
			"Format":         assertions.Match_StringLikeRegexp(jsii.String(`"requestId":"\$context.requestId"`)),
		},
	})
	// Kept after the stack is deleted, for their 30 days, but not after a
	// failed first deploy, which leaves nothing behind.
	tpl.HasResource(jsii.String("AWS::Logs::LogGroup"), obj{"Properties": obj{"RetentionInDays": 30}, "DeletionPolicy": "RetainExceptOnCreate", "UpdateReplacePolicy": "Retain"})
	tpl.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::VpcLink"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::VpcLink"), obj{"SubnetIds": []any{ref("VpcPrivateusw2az1"), ref("VpcPrivateusw2az2")}})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "ANY /svc0", "AuthorizationType": "NONE"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "ANY /svc0/{proxy+}"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Integration"), obj{
		"IntegrationType": "HTTP_PROXY", "ConnectionType": "VPC_LINK", "IntegrationMethod": "ANY",
		"IntegrationUri": ref("Gatewaysvc0Listener"),
	})
	// One shared internal load balancer in the gateway's zones; the
	// service has a listener of its own on it, whose targets are the
	// endpoint's addresses on the service port.
	tpl.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
		"Type": "network", "Scheme": "internal", "Subnets": []any{ref("VpcPrivateusw2az1"), ref("VpcPrivateusw2az2")},
		"SecurityGroups": []any{groupId("GatewayLB1SecurityGroup")},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{
		"Port": 10000, "Protocol": "TCP", "LoadBalancerArn": ref("GatewayLB1"),
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
		"TargetType": "ip", "Port": 8080, "Protocol": "TCP", "HealthCheckProtocol": "TCP",
		"Targets": []any{
			obj{"Id": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^svc0EndpointAddresses")), "NetworkInterfaces.0.PrivateIpAddress"}}, "Port": 8080},
			obj{"Id": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^svc0EndpointAddresses")), "NetworkInterfaces.1.PrivateIpAddress"}}, "Port": 8080},
		},
	})
	// VPC link -> load balancer on its listener ports -> endpoint on the
	// service port, and nothing else.
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"FromPort": 10000, "ToPort": 10049, "IpProtocol": "tcp",
		"GroupId": groupId("GatewayLB1SecurityGroup"), "SourceSecurityGroupId": groupId("GatewayVpcLinkSecurityGroup"),
	})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupEgress"), obj{
		"FromPort": 10000, "ToPort": 10049, "IpProtocol": "tcp",
		"GroupId": groupId("GatewayVpcLinkSecurityGroup"), "DestinationSecurityGroupId": groupId("GatewayLB1SecurityGroup"),
	})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"FromPort": 8080, "ToPort": 8080, "IpProtocol": "tcp",
		"GroupId": groupId("svc0EndpointSecurityGroup"), "SourceSecurityGroupId": groupId("GatewayLB1SecurityGroup"),
	})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupEgress"), obj{
		"FromPort": 8080, "ToPort": 8080, "IpProtocol": "tcp",
		"GroupId": groupId("GatewayLB1SecurityGroup"), "DestinationSecurityGroupId": groupId("svc0EndpointSecurityGroup"),
	})
	tpl.ResourceCountIs(jsii.String("AWS::EC2::SecurityGroupIngress"), jsii.Number(2))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::SecurityGroupEgress"), jsii.Number(2))
	tpl.HasOutput(jsii.String("*"), obj{"Description": "URL of the HTTP API"})
	if gw.Url == nil || gw.Services["svc0"] == nil || gw.Services["svc0"].ListenerPort != 10000 || fmt.Sprint(gw.AvailabilityZoneIds) != "[usw2-az1 usw2-az2]" {
		t.Fatal("Url, Services, ListenerPort and AvailabilityZoneIds must be set")
	}
	if got, want := gw.RouteOwners(), []string{"ANY /svc0 -> svc0", "ANY /svc0/{+} -> svc0"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("RouteOwners = %q, want %q", got, want)
	}
	cdktest.AssertNoOpenIngress(t, tpl)
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "AwsSolutions-ELB2", "access logs cover TLS listeners only")
	cdktest.AssertNoLookups(t, awscdk.App_Of(stack).(awscdk.App))
	cdktest.CfnLint(t, tpl)
}

// TestGatewaySharesLoadBalancers: services share load balancers, 50 each
// (ELB's listener limit), by listener port (10000-10049, 10050-10099).
func TestGatewaySharesLoadBalancers(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
	var nested []awscdk.NestedStack
	for i := range 52 {
		if i%20 == 0 {
			nested = append(nested, awscdk.NewNestedStack(stack, jsii.Sprintf("Services%d", len(nested)+1), nil))
		}
		scope := nested[len(nested)-1]
		id := fmt.Sprintf("svc%d", i)
		ep := NewServiceEndpoint(scope, jsii.String(id+"Endpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
		gw.AddService(id, &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/" + id, "/" + id + "/{proxy+}"}, Scope: scope}, ListenerPort: jsii.Number(float64(10000 + i))})
	}
	tpl := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::VpcLink"), jsii.Number(1))
	tpl.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(2))
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"FromPort": 10050, "ToPort": 10099, "GroupId": groupId("GatewayLB2SecurityGroup"), "SourceSecurityGroupId": groupId("GatewayVpcLinkSecurityGroup"),
	})
	last := cdktest.TemplateOf(t, nested[2])
	last.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), jsii.Number(12))
	last.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Integration"), jsii.Number(12))
	last.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Route"), jsii.Number(24))
	last.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 10049, "LoadBalancerArn": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("GatewayLB1"))}})
	last.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 10050, "LoadBalancerArn": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("GatewayLB2"))}})
	if len(gw.LoadBalancers) != 2 || gw.Services["svc50"].LoadBalancer != gw.LoadBalancers[1] || gw.Services["svc49"].ListenerPort != 10049 {
		t.Fatal("services 0-49 on the first load balancer, 50-51 on the second")
	}
	cdktest.AssertNoOpenIngress(t, tpl)
	// What that uses of the quotas: a full first load balancer, whose group
	// has an outbound rule per service.
	got := map[string]int{}
	for _, u := range quotas.Count(awscdk.App_Of(stack)) {
		got[u.Quota.Name+" of "+u.Of] = u.Count
	}
	for what, want := range map[string]int{
		"Listeners per Network Load Balancer of load balancer Test/Gateway/LB1":             50,
		"Listeners per Network Load Balancer of load balancer Test/Gateway/LB2":             2,
		"Outbound rules per security group of security group Test/Gateway/LB1SecurityGroup": 50,
		"Inbound rules per security group of security group Test/Gateway/LB1SecurityGroup":  1,
		"Routes per HTTP API of API Test/Gateway/Api":                                       104,
		"Integrations per HTTP API of API Test/Gateway/Api":                                 52,
		"Interface VPC endpoints per VPC of VPC Test/Vpc":                                   52,
		"Network Load Balancers per Region of account 111111111111 in us-west-2":            2,
		"VPC links per account per Region (HTTP APIs) of account 111111111111 in us-west-2": 1,
		"Subnets per VPC link of VPC link Test/Gateway/VpcLink":                             2,
	} {
		if got[what] != want {
			t.Errorf("%s: %d, want %d", what, got[what], want)
		}
	}
}

func TestGatewayOptions(t *testing.T) {
	stack, _ := gatewayStack(t, 0, &GatewayProps{
		ApiName:           jsii.String("global-api"),
		ThrottleRateLimit: jsii.Number(50), ThrottleBurstLimit: jsii.Number(60),
		AccessLogRetention:  logs.RetentionDays_ONE_YEAR,
		DefaultAuthorizer:   authorizers.NewHttpIamAuthorizer(),
		AvailabilityZoneIds: []string{"usw2-az2"},
	})
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Api"), obj{"Name": "global-api"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Stage"), obj{
		"DefaultRouteSettings": obj{"ThrottlingRateLimit": 50, "ThrottlingBurstLimit": 60},
	})
	tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 365})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::VpcLink"), obj{"SubnetIds": []any{ref("VpcPrivateusw2az2")}})

	t.Run("authorizer guards routes; health check path; service port", func(t *testing.T) {
		stack := newStack(t)
		vpc := newVpc(stack, 2)
		g := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc, DefaultAuthorizer: authorizers.NewHttpIamAuthorizer()})
		ep := NewServiceEndpoint(stack, jsii.String("Todo"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(todoService), Port: jsii.Number(80)})
		g.AddService("todo", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/todo", "/todo/{id}"}, HealthCheckPath: jsii.String("/health")}, ListenerPort: jsii.Number(10000)})
		tpl := template(t, stack)
		tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "ANY /todo/{id}", "AuthorizationType": "AWS_IAM"})
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
			"Port": 80, "HealthCheckProtocol": "HTTP", "HealthCheckPath": "/health", "Matcher": obj{"HttpCode": "200-399"},
		})
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 10000, "Protocol": "TCP"})
		tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{"FromPort": 80, "ToPort": 80, "GroupId": groupId("TodoSecurityGroup")})
	})
	t.Run("imported VPC with declared zones", func(t *testing.T) {
		stack := newStack(t)
		vpc := importedVpc(stack, "theirs", 2)
		g := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc, AvailabilityZoneIds: []string{"usw2-az1", "usw2-az3"}})
		if fmt.Sprint(g.AvailabilityZoneIds) != "[usw2-az1 usw2-az3]" {
			t.Fatalf("AvailabilityZoneIds = %v", g.AvailabilityZoneIds)
		}
	})
}

// TestGatewayServiceScope: a service's listener, target group, rules,
// routes and integration go where Scope says (here a nested stack); the API
// and the shared load balancer stay with the gateway.
func TestGatewayServiceScope(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
	nested := awscdk.NewNestedStack(stack, jsii.String("Services1"), nil)
	ep := NewServiceEndpoint(nested, jsii.String("DogsEndpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	gw.AddService("dogs", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/dogs"}, Scope: nested}, ListenerPort: jsii.Number(10000)})

	parent, child := template(t, stack), cdktest.TemplateOf(t, nested)
	parent.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(1))
	parent.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), jsii.Number(0))
	parent.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Route"), jsii.Number(0))
	parent.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Integration"), jsii.Number(0))
	parent.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Api"), jsii.Number(1))
	parent.ResourceCountIs(jsii.String("AWS::CloudFormation::Stack"), jsii.Number(1))
	child.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Route"), jsii.Number(1))
	child.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Integration"), jsii.Number(1))
	child.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), jsii.Number(1))
	child.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), jsii.Number(1))
	child.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpoint"), jsii.Number(1))
	cdktest.CfnLint(t, parent)
	cdktest.CfnLint(t, child)
}

func TestGatewayValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		props  GatewayProps
		region string
		want   string
	}{
		{"nil vpc", GatewayProps{}, "us-west-2", "Vpc is nil"},
		{"rate", GatewayProps{ThrottleRateLimit: jsii.Number(0)}, "us-west-2", "ThrottleRateLimit 0: want a whole number from 1 to 1e+06"},
		{"burst below rate", GatewayProps{ThrottleRateLimit: jsii.Number(500)}, "us-west-2", "ThrottleBurstLimit 200: want at least ThrottleRateLimit (500)"},
		{"AZ name", GatewayProps{AvailabilityZoneIds: []string{"us-east-1c"}}, "us-east-1", `AvailabilityZoneIds[0] "us-east-1c": want an AZ ID such as use1-az1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cdktest.WantErr(t, tc.props.validate(tc.region), "consumer.Gateway: "+tc.want)
		})
	}
	t.Run("VPC link zones", func(t *testing.T) {
		// use1-az3 serves no VPC link (API Gateway Developer Guide).
		stack := cdktest.NewStackIn(t, "111111111111", "us-east-1")
		vpc := NewConsumerVpc(stack, jsii.String("Vpc"), &ConsumerVpcProps{AvailabilityZoneIds: []string{"use1-az1", "use1-az3"}}).Vpc
		cdktest.MustPanic(t, func() { NewGateway(stack, jsii.String("G"), &GatewayProps{Vpc: vpc}) },
			`consumer.Gateway at Test/G: AvailabilityZoneIds ["use1-az1" "use1-az3"]: API Gateway VPC links do not work in ["use1-az3"] (in us-east-1 they work in use1-az1, use1-az2, use1-az4, use1-az5, use1-az6 only`)
		NewGateway(stack, jsii.String("G2"), &GatewayProps{Vpc: vpc, AvailabilityZoneIds: []string{"use1-az1"}})
	})
	t.Run("zero subnets", func(t *testing.T) {
		stack := newStack(t)
		cdktest.MustPanic(t, func() {
			NewGateway(stack, jsii.String("G"), &GatewayProps{Vpc: newVpc(stack, 2), Subnets: &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PUBLIC}})
		}, "consumer.Gateway at Test/G: Subnets selects nothing aws-cdk-lib can give: ThereSubnetGroups: There are no 'Public' subnet groups in this VPC")
		if stack.Node().TryFindChild(jsii.String("G")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})

	stack, gw := gatewayStack(t, 1, nil)
	vpc := gw.vpc
	ep := NewServiceEndpoint(stack, jsii.String("Other"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(todoService)})
	foreign := NewServiceEndpoint(stack, jsii.String("Foreign"), &ServiceEndpointProps{Vpc: importedVpc(stack, "elsewhere", 1), ServiceName: jsii.String(todoService)})
	elsewhere := NewServiceEndpoint(stack, jsii.String("Elsewhere"), &ServiceEndpointProps{Vpc: importedVpc(stack, "z", 1), ServiceName: jsii.String(todoService), AvailabilityZoneIds: []string{"usw2-az4"}})
	// An endpoint of the gateway's VPC in none of the gateway's zones.
	vpc3 := NewConsumerVpc(stack, jsii.String("Vpc3"), &ConsumerVpcProps{AvailabilityZoneIds: []string{"usw2-az1", "usw2-az3"}}).Vpc
	gw3 := NewGateway(stack, jsii.String("Gw3"), &GatewayProps{Vpc: vpc3, AvailabilityZoneIds: []string{"usw2-az1"}})
	off := NewServiceEndpoint(stack, jsii.String("Off"), &ServiceEndpointProps{Vpc: vpc3, ServiceName: jsii.String(todoService), AvailabilityZoneIds: []string{"usw2-az3"}})
	for _, tc := range []struct {
		name  string
		gw    *Gateway
		id    string
		props GatewayServiceProps
		want  []string
	}{
		{"route collision with another service", gw, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/todo", "/svc0/{rest+}"}}, ListenerPort: jsii.Number(10001)},
			[]string{`consumer.Gateway: Routes[1] "/svc0/{rest+}": service "svc0" already has ANY /svc0/{rest+}; want each route and method on one service`}},
		{"id with an apostrophe", gw, "todo's", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/x"}}, ListenerPort: jsii.Number(10001)},
			[]string{`AddService id "todo's": want 1 to 63 letters, digits and hyphens, starting with a letter or digit (it names the service's resources and its security group rule, whose description EC2 limits to a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*)`}},
		{"id too long", gw, strings.Repeat("a", 64), GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/x"}}, ListenerPort: jsii.Number(10001)}, []string{"want 1 to 63 letters"}},
		{"duplicate id", gw, "svc0", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/x"}}, ListenerPort: jsii.Number(10001)}, []string{`AddService id "svc0": a service of that id exists`}},
		{"no routes", gw, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep}, ListenerPort: jsii.Number(10001)}, []string{"Routes is empty: want at least one path such as /todo and /todo/{proxy+}"}},
		{"bad route", gw, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"todo"}}, ListenerPort: jsii.Number(10001)}, []string{`Routes[0] "todo": it must start with /`}},
		{"route twice", gw, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/todo/{a}", "/todo/{b}"}}, ListenerPort: jsii.Number(10001)}, []string{`Routes[1] "/todo/{b}": ANY /todo/{b} listed twice`}},
		{"nil endpoint", gw, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Routes: []string{"/todo"}}, ListenerPort: jsii.Number(10001)}, []string{"Endpoint is nil"}},
		{"health path", gw, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/todo"}, HealthCheckPath: jsii.String("health")}, ListenerPort: jsii.Number(10001)}, []string{`HealthCheckPath "health": want an absolute path`}},
		{"endpoint of another VPC", gw, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: foreign, Routes: []string{"/todo"}}, ListenerPort: jsii.Number(10001)},
			[]string{`Endpoint Test/Foreign: it is in another VPC than the gateway's`, "create the endpoint in the gateway's Vpc"}},
		{"endpoint of another VPC, zones known", gw, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: elsewhere, Routes: []string{"/todo"}}, ListenerPort: jsii.Number(10001)}, []string{"it is in another VPC"}},
		{"endpoint outside the gateway's zones", gw3, "todo", GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: off, Routes: []string{"/todo"}}, ListenerPort: jsii.Number(10001)},
			[]string{`Endpoint Test/Off: it is in ["usw2-az3"] and the gateway in ["usw2-az1"]`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cdktest.WantErr(t, tc.gw.validateService(tc.id, &tc.props), tc.want...)
		})
	}
	t.Run("AddService panics and builds nothing", func(t *testing.T) {
		cdktest.MustPanic(t, func() {
			gw.AddService("todo", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/svc0"}}, ListenerPort: jsii.Number(10001)})
		}, `consumer.Gateway at Test/Gateway/todo: Routes[0] "/svc0": service "svc0" already has ANY /svc0`)
		if gw.Node().TryFindChild(jsii.String("todo")) != nil || gw.Services["todo"] != nil {
			t.Fatal("a service was created before validation failed")
		}
	})
}
