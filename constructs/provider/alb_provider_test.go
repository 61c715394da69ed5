package provider

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func albProps(vpc ec2.IVpc) *AlbProviderProps {
	return &AlbProviderProps{ProviderOptions: ProviderOptions{
		Vpc:             vpc,
		HealthCheckPath: jsii.String("/health"),
		EndpointService: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
	}}
}

// TestAlbProvider: the created ALB is internal, closed but to the network
// load balancer, answers 404 by default and routes by path; the network
// load balancer forwards TCP to it on the same port and checks it over
// HTTP. An ALB of one's own, made in the app or imported, is used as it
// is.
func TestAlbProvider(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack)
	props := albProps(vpc)
	props.Port = jsii.Number(80)
	p := NewAlbProvider(stack, jsii.String("Ingress"), props)
	dogs := elbv2.NewApplicationTargetGroup(stack, jsii.String("Dogs"), &elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: jsii.Number(8080), Protocol: elbv2.ApplicationProtocol_HTTP, TargetType: elbv2.TargetType_IP})
	todo := elbv2.NewApplicationTargetGroup(stack, jsii.String("Todo"), &elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: jsii.Number(8081), Protocol: elbv2.ApplicationProtocol_HTTP, TargetType: elbv2.TargetType_IP})
	p.AddRoute("Dogs", &AlbRouteProps{Priority: jsii.Number(10), PathPatterns: []string{"/dogs", "/dogs/*"}, TargetGroup: dogs})
	p.AddRoute("Todo", &AlbRouteProps{Priority: jsii.Number(20), PathPatterns: []string{"/todo/*"}, TargetGroup: todo})
	mustPanic(t, func() {
		p.AddRoute("Again", &AlbRouteProps{Priority: jsii.Number(10), PathPatterns: []string{"/x", "bad pattern"}})
	}, "Test/Ingress/Again", "Priority 10: already route Dogs's", `PathPatterns[1] "bad pattern": want up to 128 characters`, "TargetGroup is nil")
	mustPanic(t, func() { p.AddRoute("None", nil) }, "Test/Ingress/None", "Priority is nil", "PathPatterns []: want 1 to 5")
	mustPanic(t, func() {
		p.AddRoute("Many", &AlbRouteProps{Priority: jsii.Number(50001), PathPatterns: []string{"/a", "/b", "/c", "/d", "/e", "/f"}, TargetGroup: dogs})
	}, "Priority 50001: want a whole number from 1 to 49999 (50000 answers the health checks of the ALB the provider creates)", "want 1 to 5 patterns")
	if *p.Contract().Port != 80 || *p.Connections().DefaultPort().ToString() != "80" {
		t.Fatalf("Contract().Port %v, Connections() port %s: want 80 and 80", *p.Contract().Port, *p.Connections().DefaultPort().ToString())
	}

	// An internal ALB made in the app, with an HTTPS listener on 443.
	mine := elbv2.NewApplicationLoadBalancer(stack, jsii.String("Mine"), &elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: jsii.Bool(false)})
	mine.AddListener(jsii.String("Https"), &elbv2.BaseApplicationListenerProps{
		Port: jsii.Number(443), Protocol: elbv2.ApplicationProtocol_HTTPS, Open: jsii.Bool(false),
		Certificates:  &[]elbv2.IListenerCertificate{elbv2.ListenerCertificate_FromArn(jsii.String("arn:aws:acm:us-west-2:123456789012:certificate/1"))},
		DefaultAction: elbv2.ListenerAction_FixedResponse(jsii.Number(404), nil),
	})
	own := albProps(vpc)
	own.Port, own.ApplicationLoadBalancer = jsii.Number(443), mine
	o := NewAlbProvider(stack, jsii.String("Own"), own)
	mustPanic(t, func() {
		o.AddRoute("R", &AlbRouteProps{Priority: jsii.Number(1), PathPatterns: []string{"/*"}, TargetGroup: dogs})
	}, "the ALB is your own")

	// One an EKS ingress made, imported.
	imported := albProps(vpc)
	imported.Port, imported.HttpsListener = jsii.Number(8443), jsii.Bool(true)
	imported.ApplicationLoadBalancer = elbv2.ApplicationLoadBalancer_FromApplicationLoadBalancerAttributes(stack, jsii.String("Eks"), &elbv2.ApplicationLoadBalancerAttributes{
		LoadBalancerArn: jsii.String("arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/k8s-shop/0123456789abcdef"),
		SecurityGroupId: jsii.String("sg-0eeeeeeeeeeeeeeee"),
	})
	NewAlbProvider(stack, jsii.String("Eks"+"Provider"), imported)

	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
		"Type": "application", "Scheme": "internal",
		"LoadBalancerAttributes": assertions.Match_ArrayWith(&[]any{obj{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}}),
		"SecurityGroups":         []any{obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^IngressSecurityGroup")), "GroupId"}}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{
		"Port": 80, "Protocol": "HTTP",
		"DefaultActions": []any{obj{"Type": "fixed-response", "FixedResponseConfig": obj{"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "no route"}}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), obj{
		"Priority":   10,
		"Conditions": []any{obj{"Field": "path-pattern", "PathPatternConfig": obj{"Values": []any{"/dogs", "/dogs/*"}}}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), obj{"Priority": 20})
	// The network load balancer's health checks pass the ALB's rules: the
	// last one answers the health path, or the ALB is never healthy.
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), obj{
		"Priority":   50000,
		"Conditions": []any{obj{"Field": "path-pattern", "PathPatternConfig": obj{"Values": []any{"/health"}}}},
		"Actions":    []any{obj{"Type": "fixed-response", "FixedResponseConfig": obj{"StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok"}}},
	})
	// The network load balancer's side, for each of the three.
	for _, c := range []struct {
		port     float64
		protocol string
		target   any
	}{
		{80, "HTTP", obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^IngressALB"))}},
		{443, "HTTPS", obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^Mine"))}},
		{8443, "HTTPS", "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/k8s-shop/0123456789abcdef"},
	} {
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": c.port, "Protocol": "TCP"})
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
			"TargetType": "alb", "Protocol": "TCP", "Port": c.port,
			"HealthCheckProtocol": c.protocol, "HealthCheckPath": "/health",
			"Targets":               []any{obj{"Id": c.target, "Port": c.port}},
			"TargetGroupAttributes": assertions.Match_Not(assertions.Match_ArrayWith(&[]any{obj{"Key": "preserve_client_ip.enabled", "Value": assertions.Match_AnyValue()}})),
		})
	}
	// Each ALB admits its port from its network load balancer alone.
	for _, c := range []struct {
		port  float64
		group any
	}{
		{80, obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^IngressSecurityGroup")), "GroupId"}}},
		{443, obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^MineSecurityGroup")), "GroupId"}}},
		{8443, "sg-0eeeeeeeeeeeeeeee"},
	} {
		tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
			"FromPort": c.port, "ToPort": c.port, "GroupId": c.group,
			"SourceSecurityGroupId": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("LBSecurityGroup")), "GroupId"}},
		})
	}
	assertNoOpenIngress(t, tpl)
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "AwsSolutions-ELB2", "LogAccessLogs(bucket)")
	cdktest.CfnLint(t, tpl)
}

func TestAlbProviderValidation(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack)
	other := NewProviderVpc(stack, jsii.String("Other"), &ProviderVpcProps{Cidr: jsii.String("10.1.0.0/16")}).Vpc
	public := elbv2.NewApplicationLoadBalancer(stack, jsii.String("Public"), &elbv2.ApplicationLoadBalancerProps{Vpc: other, InternetFacing: jsii.Bool(true), VpcSubnets: &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PRIVATE_ISOLATED}})
	public.AddListener(jsii.String("L"), &elbv2.BaseApplicationListenerProps{Port: jsii.Number(80), Open: jsii.Bool(false), DefaultAction: elbv2.ListenerAction_FixedResponse(jsii.Number(404), nil)})
	for _, tc := range []struct {
		name   string
		change func(*AlbProviderProps)
		want   []string
	}{
		{"tls, target port, no health check path", func(p *AlbProviderProps) {
			p.Tls = &TlsOptions{DomainName: jsii.String("shop.example.com"), Certificate: nil, HostedZone: nil}
			p.TargetPort, p.HealthCheckPath, p.HttpsListener = jsii.Number(9000), nil, jsii.Bool(true)
		}, []string{
			"Tls is set: a network load balancer forwards to an ALB from a TCP listener only (" + AlbTargetDoc + "); terminate TLS on an HTTPS listener of the ALB",
			"TargetPort 9000: the network load balancer's port must be the ALB listener's",
			"HealthCheckPath is nil: an ALB target is checked over HTTP(S)",
			"HttpsListener is set but ApplicationLoadBalancer is nil",
		}},
		{"internet-facing, in another VPC, not on Port", func(p *AlbProviderProps) { p.ApplicationLoadBalancer, p.HttpsListener = public, jsii.Bool(false) }, []string{
			"HttpsListener is set, but ApplicationLoadBalancer Test/Public is made in this app",
			"ApplicationLoadBalancer Test/Public is internet-facing: want an internal one",
			"ApplicationLoadBalancer Test/Public is in another VPC than Vpc",
			"ApplicationLoadBalancer Test/Public listens on [80], not on Port 8080",
		}},
		{"one zone for a created ALB", func(p *AlbProviderProps) { p.AvailabilityZoneIds = []string{"usw2-az2"} }, []string{
			"VpcSubnets selects one subnet: the ALB the provider creates needs subnets in two Availability Zones at least",
		}},
		{"imported from another account", func(p *AlbProviderProps) {
			p.ApplicationLoadBalancer = elbv2.ApplicationLoadBalancer_FromApplicationLoadBalancerAttributes(stack, jsii.String("Far"), &elbv2.ApplicationLoadBalancerAttributes{
				LoadBalancerArn: jsii.String("arn:aws:elasticloadbalancing:us-west-2:999999999999:loadbalancer/app/far/1"), SecurityGroupId: jsii.String("sg-1"),
			})
		}, []string{`ApplicationLoadBalancer "arn:aws:elasticloadbalancing:us-west-2:999999999999:loadbalancer/app/far/1": in us-west-2 of account 999999999999, but the network load balancer is in us-west-2 of 123456789012`}},
		{"imported, in another VPC", func(p *AlbProviderProps) {
			p.Vpc = importedVpc(stack)
			p.ApplicationLoadBalancer = elbv2.ApplicationLoadBalancer_FromApplicationLoadBalancerAttributes(stack, jsii.String("Elsewhere"), &elbv2.ApplicationLoadBalancerAttributes{
				LoadBalancerArn: jsii.String("arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/elsewhere/1"), SecurityGroupId: jsii.String("sg-1"),
				Vpc: ec2.Vpc_FromVpcAttributes(stack, jsii.String("ElsewhereVpc"), &ec2.VpcAttributes{VpcId: jsii.String("vpc-0ffffffffffffffff"), AvailabilityZones: jsii.Strings("a")}),
			})
		}, []string{"ApplicationLoadBalancer is in VPC vpc-0ffffffffffffffff, not Vpc vpc-0123456789abcdef0: both load balancers must be in the same VPC"}},
		{"a network load balancer's ARN", func(p *AlbProviderProps) {
			p.ApplicationLoadBalancer = elbv2.ApplicationLoadBalancer_FromApplicationLoadBalancerAttributes(stack, jsii.String("Nlb"), &elbv2.ApplicationLoadBalancerAttributes{
				LoadBalancerArn: jsii.String("arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/x/1"), SecurityGroupId: jsii.String("sg-1"),
			})
		}, []string{`ApplicationLoadBalancer "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/x/1": want the ARN of an Application Load Balancer`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := albProps(vpc)
			tc.change(props)
			mustPanic(t, func() { NewAlbProvider(stack, jsii.String("P"), props) }, append([]string{"provider.AlbProvider"}, tc.want...)...)
			if stack.Node().TryFindChild(jsii.String("P")) != nil {
				t.Fatal("a construct was created before validation failed")
			}
		})
	}
}

// TestAlbProviderHardening: with the switch on, the created ALB is
// protected from deletion once it exists, as the network load balancer
// is.
func TestAlbProviderHardening(t *testing.T) {
	stack := cdktest.NewHardenedStack(t)
	NewAlbProvider(stack, jsii.String("Ingress"), albProps(newVpc(stack)))
	tpl := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(2))
	cdktest.DeletionProtected(t, tpl)
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "HIPAA.Security-ELBDeletionProtectionEnabled", "turned on after creation by Test/Ingress/ALBDeletionProtection")
}
