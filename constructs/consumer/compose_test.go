package consumer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	authorizers "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// importedAttrs are another team's endpoint in vpc, in two zones.
func importedAttrs(stack awscdk.Stack) *ServiceEndpointAttributes {
	return attrsIn(newVpc(stack, 2))
}

func attrsIn(vpc ec2.IVpc) *ServiceEndpointAttributes {
	return &ServiceEndpointAttributes{
		Vpc:                 vpc,
		VpcEndpointId:       jsii.String("vpce-0123456789abcdef0"),
		Port:                jsii.Number(9000),
		SecurityGroupIds:    []*string{jsii.String("sg-0123456789abcdef0")},
		AvailabilityZoneIds: []string{"usw2-az1", "usw2-az2"},
		DnsName:             jsii.String("vpce-0123456789abcdef0-abcdefgh.vpce-svc-00511039988fe3e47.us-west-2.vpce.amazonaws.com"),
		DnsHostedZoneId:     jsii.String("Z1YSA3EXCYUU9Z"),
	}
}

// TestImportedEndpoint: an endpoint made elsewhere goes behind the gateway
// and into a private zone like one of this app: its group admits the
// gateway's load balancer on its port, its addresses are read from its ID at
// deploy time, and its alias names its DNS entry.
func TestImportedEndpoint(t *testing.T) {
	stack := newStack(t)
	attrs := importedAttrs(stack)
	ep := FromServiceEndpointAttributes(stack, jsii.String("Orders"), attrs)
	if ep.ServicePort() != 9000 || fmt.Sprint(ep.ZoneIds()) != "[usw2-az1 usw2-az2]" || ep.EndpointVpc() != attrs.Vpc {
		t.Fatalf("port %v, zones %v", ep.ServicePort(), ep.ZoneIds())
	}
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: attrs.Vpc})
	gw.AddService("orders", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/orders"}}, ListenerPort: jsii.Number(10007)})
	zone := NewPrivateZone(stack, jsii.String("Zone"), &PrivateZoneProps{ZoneName: jsii.String("internal.example"), Vpc: attrs.Vpc})
	zone.AddEndpoint("orders", ep)
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"GroupId": "sg-0123456789abcdef0", "FromPort": 9000, "ToPort": 9000, "IpProtocol": "tcp",
		"SourceSecurityGroupId": groupId("GatewayLB1SecurityGroup"),
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 10007})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Port": 9000, "TargetType": "ip"})
	raw := mustJSON(t, tpl.ToJSON())
	for _, want := range []string{`describeVpcEndpoints`, `VpcEndpointIds\":[\"vpce-0123456789abcdef0\"]`, `VpcEndpoints.0.NetworkInterfaceIds.1`, `describeNetworkInterfaces`} {
		if !contains(raw, want) {
			t.Errorf("template lacks %s", want)
		}
	}
	tpl.HasResourceProperties(jsii.String("AWS::Route53::RecordSet"), obj{
		"Name": "orders.internal.example.", "Type": "A",
		"AliasTarget": obj{"DNSName": *attrs.DnsName, "HostedZoneId": "Z1YSA3EXCYUU9Z"},
	})
	cdktest.CfnLint(t, tpl)

	t.Run("given addresses are not looked up", func(t *testing.T) {
		stack := newStack(t)
		a := importedAttrs(stack)
		a.IpAddresses = []*string{jsii.String("10.0.0.10"), jsii.String("10.0.1.10")}
		ep := FromServiceEndpointAttributes(stack, jsii.String("Orders"), a)
		if got := ep.IpAddresses(); *got[1] != "10.0.1.10" {
			t.Fatalf("IpAddresses = %v", got)
		}
		if raw := mustJSON(t, template(t, stack).ToJSON()); contains(raw, "describeVpcEndpoints") || contains(raw, "describeNetworkInterfaces") {
			t.Fatal("addresses given, yet looked up")
		}
	})
	t.Run("validation", func(t *testing.T) {
		stack := newStack(t)
		vpc := newVpc(stack, 2)
		for _, tc := range []struct {
			name   string
			change func(*ServiceEndpointAttributes)
			want   string
		}{
			{"no vpc", func(a *ServiceEndpointAttributes) { a.Vpc = nil }, "Vpc is nil"},
			{"no id", func(a *ServiceEndpointAttributes) { a.VpcEndpointId = nil }, "VpcEndpointId is nil"},
			{"bad id", func(a *ServiceEndpointAttributes) { a.VpcEndpointId = jsii.String("vpc-123") }, `VpcEndpointId "vpc-123": want an interface endpoint ID`},
			{"bad port", func(a *ServiceEndpointAttributes) { a.Port = jsii.Number(0) }, "Port 0"},
			{"no groups", func(a *ServiceEndpointAttributes) { a.SecurityGroupIds = nil }, "SecurityGroupIds is empty"},
			{"bad group", func(a *ServiceEndpointAttributes) { a.SecurityGroupIds = []*string{jsii.String("default")} }, `SecurityGroupIds[0] "default": want a security group ID`},
			{"no zones", func(a *ServiceEndpointAttributes) { a.AvailabilityZoneIds = nil }, "AvailabilityZoneIds is empty"},
			{"zone of another region", func(a *ServiceEndpointAttributes) { a.AvailabilityZoneIds = []string{"use1-az1"} }, `AvailabilityZoneIds`},
			{"addresses not one per zone", func(a *ServiceEndpointAttributes) { a.IpAddresses = []*string{jsii.String("10.0.0.1")} }, "IpAddresses: 1 given for 2 AvailabilityZoneIds"},
			{"half a DNS entry", func(a *ServiceEndpointAttributes) { a.DnsHostedZoneId = nil }, "DnsName and DnsHostedZoneId: give both"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := attrsIn(vpc)
				tc.change(a)
				cdktest.WantErr(t, a.validate("us-west-2"), "consumer.FromServiceEndpointAttributes: "+tc.want)
			})
		}
		cdktest.MustPanic(t, func() { FromServiceEndpointAttributes(stack, jsii.String("Bad"), &ServiceEndpointAttributes{}) },
			"consumer.FromServiceEndpointAttributes at Test/Bad: Vpc is nil")
	})
	t.Run("no DNS name, no private zone record", func(t *testing.T) {
		stack := newStack(t)
		a := importedAttrs(stack)
		a.DnsName, a.DnsHostedZoneId = nil, nil
		ep := FromServiceEndpointAttributes(stack, jsii.String("Orders"), a)
		zone := NewPrivateZone(stack, jsii.String("Zone"), &PrivateZoneProps{ZoneName: jsii.String("internal.example"), Vpc: a.Vpc})
		cdktest.MustPanic(t, func() { zone.AddEndpoint("orders", ep) },
			`consumer.PrivateZone at Test/Zone: AddEndpoint "orders": endpoint Test/Orders has no known DNS name: import it with DnsName and DnsHostedZoneId`)
	})
}

// TestGatewayListenerPorts: a service's listener port is its own; ports
// choose the load balancer (50 each), and removing a service moves no other.
func TestGatewayListenerPorts(t *testing.T) {
	build := func(t *testing.T, services map[string]float64) (*cdktest.Template, *Gateway) {
		stack := newStack(t)
		vpc := newVpc(stack, 2)
		gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
		for _, id := range []string{"a", "b", "c"} {
			port, ok := services[id]
			if !ok {
				continue
			}
			ep := NewServiceEndpoint(stack, jsii.String(id+"Endpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
			gw.AddService(id, &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/" + id}}, ListenerPort: jsii.Number(port)})
		}
		return template(t, stack), gw
	}
	listeners := func(t *testing.T, tpl *cdktest.Template) map[string]any {
		out := map[string]any{}
		for id, r := range *tpl.FindResources(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), nil) {
			out[id] = (*r)["Properties"].(map[string]any)["Port"]
		}
		return out
	}
	all, gw := build(t, map[string]float64{"a": 10000, "b": 10001, "c": 10060})
	if len(gw.LoadBalancers) != 2 {
		t.Fatalf("%d load balancers, want 2 (10000-10049 and 10050-10099)", len(gw.LoadBalancers))
	}
	all.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"FromPort": 10050, "ToPort": 10099, "GroupId": groupId("GatewayLB2SecurityGroup"),
	})
	without, _ := build(t, map[string]float64{"a": 10000, "c": 10060})
	before, after := listeners(t, all), listeners(t, without)
	for id, port := range after {
		if before[id] != port {
			t.Errorf("listener %s moved from %v to %v when service b was removed", id, before[id], port)
		}
	}
	if len(after) != 2 {
		t.Fatalf("listeners %v", after)
	}
	t.Run("validation", func(t *testing.T) {
		stack := newStack(t)
		vpc := newVpc(stack, 2)
		gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
		ep := NewServiceEndpoint(stack, jsii.String("E"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
		gw.AddService("a", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/a"}}, ListenerPort: jsii.Number(10000)})
		for _, tc := range []struct {
			port *float64
			want string
		}{
			{nil, "ListenerPort is nil: want the service's own listener port, 10000 to 65535"},
			{jsii.Number(8080), "ListenerPort 8080: want a whole number from 10000 to 65535"},
			{jsii.Number(10000.5), "ListenerPort 10000.5: want a whole number"},
			{jsii.Number(65536), "ListenerPort 65536"},
			{jsii.Number(10000), `ListenerPort 10000: service "a" listens on it`},
		} {
			props := &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/b"}}, ListenerPort: tc.port}
			cdktest.WantErr(t, gw.validateService("b", props), "consumer.Gateway: "+tc.want)
		}
		cdktest.MustPanic(t, func() {
			gw.AddService("b", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/b"}}})
		}, "consumer.Gateway at Test/Gateway/b: ListenerPort is nil")
	})
}

// TestGatewayRoutes: routes with their own methods and authorizer, added
// after AddService; a method and path is one service's.
func TestGatewayRoutes(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc, DefaultAuthorizer: authorizers.NewHttpIamAuthorizer()})
	ep := NewServiceEndpoint(stack, jsii.String("E"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	svc := gw.AddService("dogs", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/dogs"}}, ListenerPort: jsii.Number(10000)})
	jwt := authorizers.NewHttpJwtAuthorizer(jsii.String("Jwt"), jsii.String("https://issuer.example.com"), &authorizers.HttpJwtAuthorizerProps{JwtAudience: jsii.Strings("dogs")})
	added := svc.AddRoute("/dogs/{id}", &RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_GET, apigw.HttpMethod_DELETE}, Authorizer: jwt, AuthorizationScopes: []*string{jsii.String("dogs/read")}})
	svc.AddRoute("/dogs/count", nil)
	if len(added) != 2 || len(svc.Routes) != 4 {
		t.Fatalf("added %d, service has %d routes", len(added), len(svc.Routes))
	}
	if *added[0].Node().Id() != "Route-GET-dogs-id" {
		t.Fatalf("route id %s: want one from the method and path", *added[0].Node().Id())
	}
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "ANY /dogs", "AuthorizationType": "AWS_IAM"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "GET /dogs/{id}", "AuthorizationType": "JWT", "AuthorizationScopes": []any{"dogs/read"}})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "DELETE /dogs/{id}", "AuthorizationType": "JWT"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"RouteKey": "ANY /dogs/count", "AuthorizationType": "AWS_IAM"})
	if got := strings.Join(gw.RouteOwners(), "; "); got != "ANY /dogs -> dogs; ANY /dogs/count -> dogs; DELETE /dogs/{} -> dogs; GET /dogs/{} -> dogs" {
		t.Fatalf("RouteOwners = %s", got)
	}
	cdktest.MustPanic(t, func() { svc.AddRoute("/dogs/{name}", &RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_GET}}) },
		`consumer.GatewayService at Test/Gateway/dogs: AddRoute path "/dogs/{name}": service "dogs" already has GET /dogs/{name}`)
	cdktest.MustPanic(t, func() { svc.AddRoute("dogs", nil) }, `AddRoute path "dogs": it must start with /`)

	t.Run("scopes need an authorizer", func(t *testing.T) {
		stack := newStack(t)
		vpc := newVpc(stack, 1)
		gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
		ep := NewServiceEndpoint(stack, jsii.String("E"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
		svc := gw.AddService("dogs", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/dogs"}}, ListenerPort: jsii.Number(10000)})
		cdktest.MustPanic(t, func() { svc.AddRoute("/cats", &RouteOptions{AuthorizationScopes: []*string{jsii.String("x")}}) },
			"AuthorizationScopes: the route has no authorizer")
	})
}

// TestImportedGateway: another app adds a service to a gateway it did not
// make: its own load balancer and routes, and a rule on the gateway's VPC
// link group; the gateway exports what it is imported by.
func TestImportedGateway(t *testing.T) {
	_, gw := gatewayStack(t, 1, nil)
	original := template(t, awscdk.Stack_Of(gw.Construct))
	outputs := mustJSON(t, (*original.ToJSON())["Outputs"])
	for _, want := range []string{"ID of the HTTP API, for FromGatewayAttributes", "ID of the VPC link, for FromGatewayAttributes", "security group of the VPC link, for FromGatewayAttributes"} {
		if !contains(outputs, want) {
			t.Errorf("outputs lack %q", want)
		}
	}

	stack := newStack(t)
	vpc := newVpc(stack, 2)
	imported := FromGatewayAttributes(stack, jsii.String("Shared"), &GatewayAttributes{
		Vpc: vpc, HttpApiId: jsii.String("a1b2c3d4e5"), VpcLinkId: jsii.String("abc123"), VpcLinkSecurityGroupId: jsii.String("sg-0aaaaaaaaaaaaaaaa"),
		DefaultAuthorizer: authorizers.NewHttpIamAuthorizer(),
	})
	ep := NewServiceEndpoint(stack, jsii.String("E"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(todoService)})
	imported.AddService("todo", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/todo"}}, ListenerPort: jsii.Number(10000)})
	tpl := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Api"), jsii.Number(0))
	tpl.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::VpcLink"), jsii.Number(0))
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj{"ApiId": "a1b2c3d4e5", "RouteKey": "ANY /todo", "AuthorizationType": "AWS_IAM"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Integration"), obj{"ApiId": "a1b2c3d4e5", "ConnectionId": "abc123", "ConnectionType": "VPC_LINK"})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupEgress"), obj{"GroupId": "sg-0aaaaaaaaaaaaaaaa", "FromPort": 10000, "ToPort": 10049})
	if groups := *imported.Connections().SecurityGroups(); len(groups) != 1 || *groups[0].SecurityGroupId() != "sg-0aaaaaaaaaaaaaaaa" {
		t.Fatalf("Connections: want the VPC link's group")
	}
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{"SourceSecurityGroupId": "sg-0aaaaaaaaaaaaaaaa", "FromPort": 10000, "ToPort": 10049})
	// The services added here have their alarms, to this stack's topic;
	// the API's alarms are the owning app's.
	tpl.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), obj{"MetricName": "HealthyHostCount", "AlarmActions": []any{ref("AlarmTopic")}})
	tpl.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), obj{"MetricName": "PacketsDropped"})
	tpl.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(2))
	tpl.ResourceCountIs(jsii.String("AWS::Logs::MetricFilter"), jsii.Number(0))
	if topic := imported.(*Gateway).AlarmTopic; topic == nil {
		t.Error("FromGatewayAttributes: AlarmTopic is nil, want the stack's")
	}
	if m := imported.(*Gateway).Services["todo"].MetricThrottled(); *m.Namespace() != "CdkPrivateLink/Gateway" || fmt.Sprint((*m.Dimensions())["ApiId"]) != "a1b2c3d4e5" {
		t.Errorf("imported gateway's MetricThrottled: %s %v", *m.Namespace(), *m.Dimensions())
	}
	cdktest.CfnLint(t, tpl)

	for _, tc := range []struct {
		name   string
		change func(*GatewayAttributes)
		want   string
	}{
		{"public by accident", func(a *GatewayAttributes) { a.DefaultAuthorizer = nil }, "DefaultAuthorizer is nil: routes added to an imported gateway would be public; give the authorizer they need, or set AllowPublicRoutes"},
		{"no api", func(a *GatewayAttributes) { a.HttpApiId = nil }, "HttpApiId is nil"},
		{"bad api", func(a *GatewayAttributes) { a.HttpApiId = jsii.String("https://x") }, `HttpApiId "https://x": want the API's ID`},
		{"no link", func(a *GatewayAttributes) { a.VpcLinkId = nil }, "VpcLinkId is nil"},
		{"bad group", func(a *GatewayAttributes) { a.VpcLinkSecurityGroupId = jsii.String("sg-1") }, `VpcLinkSecurityGroupId "sg-1": want a security group ID`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &GatewayAttributes{Vpc: vpc, HttpApiId: jsii.String("a1b2c3d4e5"), VpcLinkId: jsii.String("abc123"),
				VpcLinkSecurityGroupId: jsii.String("sg-0aaaaaaaaaaaaaaaa"), DefaultAuthorizer: authorizers.NewHttpIamAuthorizer()}
			tc.change(a)
			cdktest.WantErr(t, a.validate("us-west-2"), "consumer.FromGatewayAttributes: "+tc.want)
		})
	}
	t.Run("public routes on purpose", func(t *testing.T) {
		a := &GatewayAttributes{Vpc: vpc, HttpApiId: jsii.String("a1b2c3d4e5"), VpcLinkId: jsii.String("abc123"),
			VpcLinkSecurityGroupId: jsii.String("sg-0aaaaaaaaaaaaaaaa"), AllowPublicRoutes: jsii.Bool(true)}
		if err := a.validate("us-west-2"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestContract: the provider's contract gives the consumer its name, port
// and zones, said once; values given by hand must agree with it.
func TestContract(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 3)
	contract := provider.FromEndpointServiceName(dogsService, &provider.Contract{Port: jsii.Number(9000), AvailabilityZoneIds: []string{"usw2-az1", "usw2-az2"}}).Contract()
	ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: vpc, Service: contract})
	if ep.Port != 9000 || fmt.Sprint(ep.AvailabilityZoneIds) != "[usw2-az1 usw2-az2]" {
		t.Fatalf("port %v, zones %v: want the contract's port and the zones the provider covers", ep.Port, ep.AvailabilityZoneIds)
	}
	template(t, stack).HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{"ServiceName": dogsService})

	for _, tc := range []struct {
		name   string
		change func(*ServiceEndpointProps)
		want   string
	}{
		{"another name", func(p *ServiceEndpointProps) { p.ServiceName = jsii.String(todoService) }, `ServiceName "` + todoService + `": Service says "` + dogsService + `"; give one of the two`},
		{"another port", func(p *ServiceEndpointProps) { p.Port = jsii.Number(8080) }, "Port 8080: the provider listens on 9000 (Service.Port); leave Port unset"},
		{"other zones", func(p *ServiceEndpointProps) { p.ProviderAvailabilityZoneIds = []string{"usw2-az1"} }, `ProviderAvailabilityZoneIds ["usw2-az1"]: Service says the provider covers ["usw2-az1" "usw2-az2"]`},
		{"private DNS without a name", func(p *ServiceEndpointProps) { p.PrivateDnsEnabled = jsii.Bool(true) }, "PrivateDnsEnabled true: the provider has no private DNS name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := &ServiceEndpointProps{Vpc: vpc, Service: contract}
			tc.change(props)
			cdktest.WantErr(t, props.validate("us-west-2"), "consumer.ServiceEndpoint: "+tc.want)
		})
	}
	t.Run("agreeing values are accepted, and the caller's props stay as given", func(t *testing.T) {
		props := &ServiceEndpointProps{Vpc: vpc, Service: contract, Port: jsii.Number(9000), ServiceName: jsii.String(dogsService)}
		NewServiceEndpoint(stack, jsii.String("Again"), props)
		if props.ProviderAvailabilityZoneIds != nil {
			t.Fatal("NewServiceEndpoint changed the caller's props")
		}
	})
	t.Run("the contract's zones refuse an endpoint outside them", func(t *testing.T) {
		props := &ServiceEndpointProps{Vpc: vpc, Service: contract, AvailabilityZoneIds: []string{"usw2-az3"}}
		cdktest.MustPanic(t, func() { NewServiceEndpoint(stack, jsii.String("Off"), props) },
			`consumer.ServiceEndpoint at Test/Off: AvailabilityZoneIds ["usw2-az3"]: the provider covers ["usw2-az1" "usw2-az2"] only`)
	})
}
