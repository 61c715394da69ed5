package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// Both providers share the front end; each case runs against both.
var providers = []struct {
	name  string
	build func(awscdk.Stack, func(*ProviderOptions)) (lbTargetType string, azIds []string)
}{
	{"fargate", func(s awscdk.Stack, change func(*ProviderOptions)) (string, []string) {
		props := fargateProps(newVpc(s))
		change(&props.ProviderOptions)
		return "ip", NewFargateProvider(s, jsii.String("P"), props).AvailabilityZoneIds
	}},
	{"ec2", func(s awscdk.Stack, change func(*ProviderOptions)) (string, []string) {
		props := ec2Props(newVpc(s))
		change(&props.ProviderOptions)
		return "instance", NewEc2Provider(s, jsii.String("P"), props).AvailabilityZoneIds
	}},
}

func TestFrontendDefaults(t *testing.T) {
	for _, pv := range providers {
		t.Run(pv.name, func(t *testing.T) {
			stack := newStack(t)
			targetType, azIds := pv.build(stack, func(*ProviderOptions) {})
			tpl := template(t, stack)
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
				"Type": "network", "Scheme": "internal",
				"EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic": "off",
				"LoadBalancerAttributes":                               assertions.Match_ArrayWith(&[]any{obj{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}}),
				"Subnets":                                              assertions.Match_ArrayWith(&[]any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPrivateusw2az4[0-9A-F]+$"))}}),
			})
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 8080, "Protocol": "TCP"})
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
				"Port": 8080, "Protocol": "TCP", "TargetType": targetType,
				"HealthCheckProtocol": "TCP", "HealthCheckIntervalSeconds": 10, "HealthCheckTimeoutSeconds": 5,
				"HealthyThresholdCount": 2, "UnhealthyThresholdCount": 2,
				"HealthCheckPath": assertions.Match_Absent(),
				"TargetGroupAttributes": []any{
					obj{"Key": "deregistration_delay.timeout_seconds", "Value": "10"},
					obj{"Key": "preserve_client_ip.enabled", "Value": "false"},
				},
			})
			// The load balancer's group has no inbound rule at all; the
			// targets' group admits the service port from it alone.
			tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
				"GroupDescription":     assertions.Match_StringLikeRegexp(jsii.String("^Load balancer of a PrivateLink service")),
				"SecurityGroupIngress": assertions.Match_Absent(),
			})
			ingress := tpl.FindResources(jsii.String("AWS::EC2::SecurityGroupIngress"), nil)
			if len(*ingress) != 1 {
				t.Fatalf("want exactly one ingress rule, got %d", len(*ingress))
			}
			tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
				"FromPort": 8080, "ToPort": 8080, "IpProtocol": "tcp",
				"GroupId":               obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^PSecurityGroup")), "GroupId"}},
				"SourceSecurityGroupId": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^PLBSecurityGroup")), "GroupId"}},
			})
			if strings.Join(azIds, ",") != "usw2-az1,usw2-az2,usw2-az3,usw2-az4" {
				t.Fatalf("AvailabilityZoneIds = %v, want every zone of the VPC", azIds)
			}
			// Known at synth, so consumers are checked before they deploy.
			tpl.HasOutput(jsii.String("*"), obj{"Value": "usw2-az1,usw2-az2,usw2-az3,usw2-az4"})
			assertNoOpenIngress(t, tpl)
			cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "AwsSolutions-ELB2", "access logs cover TLS listeners only")
			cdktest.CfnLint(t, tpl)
		})
	}
}

func TestFrontendOptions(t *testing.T) {
	for _, pv := range providers {
		t.Run(pv.name+"/http health check and drain time", func(t *testing.T) {
			stack := newStack(t)
			pv.build(stack, func(o *ProviderOptions) {
				o.HealthCheckPath = jsii.String("/health")
				o.DeregistrationDelay = awscdk.Duration_Seconds(jsii.Number(30))
			})
			template(t, stack).HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
				"HealthCheckProtocol": "HTTP", "HealthCheckPath": "/health", "Matcher": obj{"HttpCode": "200-399"},
				"TargetGroupAttributes": assertions.Match_ArrayWith(&[]any{obj{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}}),
			})
		})
		t.Run(pv.name+"/endpoint service options pass through", func(t *testing.T) {
			stack := newStack(t)
			pv.build(stack, func(o *ProviderOptions) {
				o.EndpointService = EndpointServiceOptions{AllowedPrincipals: []string{"arn:aws:iam::111111111111:role/gw"}, AcceptanceRequired: jsii.Bool(false)}
			})
			tpl := template(t, stack)
			tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointService"), obj{
				"AcceptanceRequired":      false,
				"NetworkLoadBalancerArns": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^PLB"))}},
			})
			tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointServicePermissions"), obj{"AllowedPrincipals": []any{"arn:aws:iam::111111111111:role/gw"}})
		})
	}
	t.Run("chosen zones", func(t *testing.T) {
		stack := newStack(t)
		props := fargateProps(newVpc(stack))
		props.AvailabilityZoneIds = []string{"usw2-az2", "usw2-az4"}
		p := NewFargateProvider(stack, jsii.String("P"), props)
		if strings.Join(p.AvailabilityZoneIds, ",") != "usw2-az2,usw2-az4" {
			t.Fatalf("AvailabilityZoneIds = %v, want usw2-az2,usw2-az4", p.AvailabilityZoneIds)
		}
		tpl := template(t, stack)
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
			"Subnets": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPrivateusw2az2"))}, obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPrivateusw2az4"))}},
		})
		tpl.HasOutput(jsii.String("*"), obj{"Value": "usw2-az2,usw2-az4"})
	})
	t.Run("imported VPC without AZ IDs: none known, no output", func(t *testing.T) {
		stack := newStack(t)
		p := NewFargateProvider(stack, jsii.String("P"), fargateProps(importedVpc(stack)))
		if p.AvailabilityZoneIds != nil {
			t.Fatalf("AvailabilityZoneIds = %v, want nil for imported subnets", p.AvailabilityZoneIds)
		}
		outputs := template(t, stack).FindOutputs(jsii.String("*"), nil)
		for name := range *outputs {
			if strings.Contains(name, "AvailabilityZoneIds") {
				t.Fatalf("output %s must not exist for imported subnets", name)
			}
		}
	})
	t.Run("public subnets, opted in", func(t *testing.T) {
		stack := newStack(t)
		props := fargateProps(NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{NatGateways: jsii.Number(1), MaxAzs: jsii.Number(2)}).Vpc)
		props.VpcSubnets, props.AllowPublicSubnets = &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PUBLIC}, jsii.Bool(true)
		NewFargateProvider(stack, jsii.String("P"), props)
		template(t, stack).HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
			"Scheme":  "internal",
			"Subnets": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPublicusw2az1"))}, obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPublicusw2az2"))}},
		})
	})
	t.Run("imported VPC with the AZ IDs of its subnets declared", func(t *testing.T) {
		stack := cdktest.NewStackIn(t, "210987654321", "eu-central-1")
		props := ec2Props(importedVpc(stack))
		props.AvailabilityZoneIds = []string{"euc1-az1", "euc1-az3"}
		p := NewEc2Provider(stack, jsii.String("P"), props)
		if strings.Join(p.AvailabilityZoneIds, ",") != "euc1-az1,euc1-az3" {
			t.Fatalf("AvailabilityZoneIds = %v", p.AvailabilityZoneIds)
		}
		template(t, stack).HasOutput(jsii.String("*"), obj{"Value": "euc1-az1,euc1-az3"})
	})
}

// importedVpc is another team's VPC: two private subnets whose AZ IDs CDK
// cannot know.
func importedVpc(stack awscdk.Stack) ec2.IVpc {
	return ec2.Vpc_FromVpcAttributes(stack, jsii.String("Imported"), &ec2.VpcAttributes{
		VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("eu-central-1a", "eu-central-1b"),
		PrivateSubnetIds: jsii.Strings("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"), VpcCidrBlock: jsii.String("10.1.0.0/16"),
	})
}

func TestFrontendPlacementErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(awscdk.Stack, *ProviderOptions)
		want   []string
	}{
		{"zone outside the VPC", func(s awscdk.Stack, o *ProviderOptions) {
			o.Vpc = NewProviderVpc(s, jsii.String("Net"), &ProviderVpcProps{MaxAzs: jsii.Number(2)}).Vpc
			o.AvailabilityZoneIds = []string{"usw2-az1", "usw2-az3"}
		}, []string{`AvailabilityZoneIds[1] "usw2-az3": the subnets VpcSubnets selects are in usw2-az1, usw2-az2 only`}},
		{"declared zones do not match the subnets", func(s awscdk.Stack, o *ProviderOptions) {
			o.Vpc = importedVpc(s)
			o.AvailabilityZoneIds = []string{"usw2-az1"}
		}, []string{`AvailabilityZoneIds ["usw2-az1"]: 1 AZ IDs for the 2 subnets (one per AZ) that VpcSubnets selects`}},
		{"zone of another region", func(s awscdk.Stack, o *ProviderOptions) {
			o.AvailabilityZoneIds = []string{"euc1-az1"}
		}, []string{`AvailabilityZoneIds[0] "euc1-az1": not an AZ ID of us-west-2`}},
		{"a selection that matches nothing", func(s awscdk.Stack, o *ProviderOptions) {
			o.Vpc = newVpc(s)
			o.VpcSubnets = &ec2.SubnetSelection{SubnetFilters: &[]ec2.SubnetFilter{ec2.SubnetFilter_ByIds(jsii.Strings("subnet-elsewhere"))}}
		}, []string{"VpcSubnets selects no subnet of the VPC: want a selection that matches at least one subnet"}},
		{"public subnets chosen", func(s awscdk.Stack, o *ProviderOptions) {
			o.Vpc = NewProviderVpc(s, jsii.String("Net"), &ProviderVpcProps{NatGateways: jsii.Number(1), MaxAzs: jsii.Number(2)}).Vpc
			o.VpcSubnets = &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PUBLIC}
		}, []string{"VpcSubnets selects public subnets", "(with a route to the internet), where private ones are meant; select private subnets (of type PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED), or set AllowPublicSubnets to true"}},
		{"an imported VPC with public subnets only (aws-cdk-lib falls back to them)", func(s awscdk.Stack, o *ProviderOptions) {
			o.Vpc = ec2.Vpc_FromVpcAttributes(s, jsii.String("Imported"), &ec2.VpcAttributes{
				VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("us-west-2a"),
				PublicSubnetIds: jsii.Strings("subnet-0123456789abcdef9"), PublicSubnetRouteTableIds: jsii.Strings("rtb-0123456789abcdef9"),
			})
		}, []string{`VpcSubnets selects public subnets ["subnet-0123456789abcdef9"]`}},
		{"a subnet type the VPC lacks", func(s awscdk.Stack, o *ProviderOptions) {
			o.Vpc = newVpc(s)
			o.VpcSubnets = &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PRIVATE_WITH_EGRESS}
		}, []string{"VpcSubnets selects nothing aws-cdk-lib can give: ThereSubnetGroups: There are no 'Private' subnet groups in this VPC"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack(t)
			props := fargateProps(nil)
			tc.change(stack, &props.ProviderOptions)
			if props.Vpc == nil {
				props.Vpc = newVpc(stack)
			}
			mustPanic(t, func() { NewFargateProvider(stack, jsii.String("P"), props) }, append([]string{"provider.FargateProvider at Test/P: "}, tc.want...)...)
			if stack.Node().TryFindChild(jsii.String("P")) != nil {
				t.Fatal("a construct was created before validation failed")
			}
		})
	}
}

// importedNlb is a load balancer of one's own, imported by ARN, with its
// security group or without one.
func importedNlb(stack awscdk.Stack, withSG bool) elbv2.INetworkLoadBalancer {
	attrs := &elbv2.NetworkLoadBalancerAttributes{
		LoadBalancerArn: jsii.String("arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/mine/0123456789abcdef"),
	}
	id := "MineNoSG"
	if withSG {
		attrs.LoadBalancerSecurityGroups, id = jsii.Strings("sg-0aaaaaaaaaaaaaaaa"), "Mine"
	}
	return elbv2.NetworkLoadBalancer_FromNetworkLoadBalancerAttributes(stack, jsii.String(id), attrs)
}

// TestFrontendBringYourOwn: the listener's port apart from the targets',
// Connections on the targets' port, and security groups of one's own, for
// both providers in one stack.
func TestFrontendBringYourOwn(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack)
	extra := ec2.SecurityGroup_FromSecurityGroupId(stack, jsii.String("Extra"), jsii.String("sg-0123456789abcdef0"), nil)
	fp := fargateProps(vpc)
	fp.Port, fp.TargetPort, fp.SecurityGroups = jsii.Number(443), jsii.Number(9000), []ec2.ISecurityGroup{extra}
	f := NewFargateProvider(stack, jsii.String("F"), fp)
	ep := ec2Props(vpc)
	ep.Port, ep.TargetPort, ep.SecurityGroups = jsii.Number(444), jsii.Number(9001), []ec2.ISecurityGroup{extra}
	e := NewEc2Provider(stack, jsii.String("E"), ep)
	// The migration of LoadBalancer's type (CHANGELOG): one the provider
	// made is still a NetworkLoadBalancer.
	if _, ok := f.LoadBalancer.(elbv2.NetworkLoadBalancer); !ok {
		t.Error("LoadBalancer.(elbv2.NetworkLoadBalancer) fails for a load balancer the provider made")
	}

	for _, c := range []struct {
		name       string
		provider   ec2.IConnectable
		contract   *Contract
		port, tgPt float64
	}{{"fargate", f, f.Contract(), 443, 9000}, {"ec2", e, e.Contract(), 444, 9001}} {
		if *c.contract.Port != c.port {
			t.Errorf("%s: Contract().Port = %v, want the listener's %v", c.name, *c.contract.Port, c.port)
		}
		if got := *c.provider.Connections().DefaultPort().ToString(); got != fmt.Sprint(c.tgPt) {
			t.Errorf("%s: Connections().DefaultPort() = %s, want the target port %v", c.name, got, c.tgPt)
		}
		if n := len(*c.provider.Connections().SecurityGroups()); n != 1 {
			t.Errorf("%s: Connections() has %d security groups, want the targets' one", c.name, n)
		}
	}
	tpl := template(t, stack)
	for _, pt := range []struct{ listener, target float64 }{{443, 9000}, {444, 9001}} {
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": pt.listener})
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Port": pt.target})
		tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{"FromPort": pt.target, "ToPort": pt.target})
	}
	tpl.HasResourceProperties(jsii.String("AWS::ECS::Service"), obj{"NetworkConfiguration": obj{"AwsvpcConfiguration": obj{
		"SecurityGroups": []any{obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^FSecurityGroup")), "GroupId"}}, "sg-0123456789abcdef0"},
	}}})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{"LaunchTemplateData": obj{
		"SecurityGroupIds": []any{obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^ESecurityGroup")), "GroupId"}}, "sg-0123456789abcdef0"},
	}})
	// The instance's readiness check probes the target port.
	if data := mustJSON(t, tpl.FindResources(jsii.String("AWS::EC2::LaunchTemplate"), nil)); !strings.Contains(data, "/dev/tcp/127.0.0.1/9001") || strings.Contains(data, "127.0.0.1/444") {
		t.Errorf("the readiness check does not probe the target port 9001: %s", data)
	}
}

// TestFrontendExistingLoadBalancer: a load balancer of one's own gets the
// provider's listener, target group and endpoint service, and nothing of
// its own is created or changed.
func TestFrontendExistingLoadBalancer(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack)
	withSG := fargateProps(vpc)
	withSG.LoadBalancer = importedNlb(stack, true)
	withSG.AvailabilityZoneIds = []string{"usw2-az1", "usw2-az2"}
	f := NewFargateProvider(stack, jsii.String("F"), withSG)
	noSG := ec2Props(vpc)
	noSG.LoadBalancer, noSG.Port = importedNlb(stack, false), jsii.Number(9090)
	e := NewEc2Provider(stack, jsii.String("E"), noSG)

	if f.LoadBalancer != withSG.LoadBalancer || strings.Join(f.AvailabilityZoneIds, ",") != "usw2-az1,usw2-az2" || e.AvailabilityZoneIds != nil {
		t.Fatalf("LoadBalancer must be the one given and AvailabilityZoneIds the declared ones: %v, %v", f.AvailabilityZoneIds, e.AvailabilityZoneIds)
	}
	tpl := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(0))
	// No deletion protection, no attributes: the load balancer is not ours.
	if data := mustJSON(t, tpl.FindResources(jsii.String("Custom::AWS"), nil)); strings.Contains(data, "modifyLoadBalancerAttributes") {
		t.Errorf("a custom resource changes the attributes of a load balancer that is not the provider's: %s", data)
	}
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{
		"Port": 8080, "Protocol": "TCP", "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/mine/0123456789abcdef",
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 9090})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointService"), obj{
		"NetworkLoadBalancerArns": []any{"arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/mine/0123456789abcdef"},
	})
	// From the load balancer's security group, or from the VPC when it has
	// none.
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"FromPort": 8080, "SourceSecurityGroupId": "sg-0aaaaaaaaaaaaaaaa",
		"GroupId": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^FSecurityGroup")), "GroupId"}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
		"GroupDescription":     assertions.Match_StringLikeRegexp(jsii.String("^Targets of a PrivateLink service")),
		"SecurityGroupIngress": []any{obj{"CidrIp": DefaultVpcCidr, "FromPort": 9090, "ToPort": 9090, "IpProtocol": "tcp"}},
	})
	tpl.HasOutput(jsii.String("*"), obj{"Value": "usw2-az1,usw2-az2"})
	assertNoOpenIngress(t, tpl)
	cdktest.CfnLint(t, tpl)
}
