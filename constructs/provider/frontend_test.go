package provider

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// Both providers share the front end; each case runs against both.
var providers = []struct {
	name  string
	build func(awscdk.Stack, func(*ProviderOptions)) (lbTargetType string, azIds []*string)
}{
	{"fargate", func(s awscdk.Stack, change func(*ProviderOptions)) (string, []*string) {
		props := fargateProps(newVpc(s))
		change(&props.ProviderOptions)
		return "ip", NewFargateProvider(s, jsii.String("P"), props).AvailabilityZoneIds
	}},
	{"ec2", func(s awscdk.Stack, change func(*ProviderOptions)) (string, []*string) {
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
			tpl := template(stack)
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
				"Type": "network", "Scheme": "internal",
				"EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic": "off",
				"LoadBalancerAttributes":                               assertions.Match_ArrayWith(&[]any{obj{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}}),
				"Subnets":                                              assertions.Match_ArrayWith(&[]any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("PrivateSubnet3"))}}),
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
			if len(azIds) != 3 {
				t.Fatalf("AvailabilityZoneIds = %d entries, want one per AZ (3)", len(azIds))
			}
			tpl.HasOutput(jsii.String("*"), obj{"Value": obj{"Fn::Join": []any{",", []any{
				obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("PrivateSubnet1")), "AvailabilityZoneId"}},
				obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("PrivateSubnet2")), "AvailabilityZoneId"}},
				obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("PrivateSubnet3")), "AvailabilityZoneId"}},
			}}}})
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
			template(stack).HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
				"HealthCheckProtocol": "HTTP", "HealthCheckPath": "/health", "Matcher": obj{"HttpCode": "200-399"},
				"TargetGroupAttributes": assertions.Match_ArrayWith(&[]any{obj{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}}),
			})
		})
		t.Run(pv.name+"/endpoint service options pass through", func(t *testing.T) {
			stack := newStack(t)
			pv.build(stack, func(o *ProviderOptions) {
				o.EndpointService = EndpointServiceOptions{AllowedPrincipals: []string{"arn:aws:iam::111111111111:role/gw"}, AcceptanceRequired: jsii.Bool(false)}
			})
			tpl := template(stack)
			tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointService"), obj{
				"AcceptanceRequired":      false,
				"NetworkLoadBalancerArns": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^PLB"))}},
			})
			tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointServicePermissions"), obj{"AllowedPrincipals": []any{"arn:aws:iam::111111111111:role/gw"}})
		})
	}
	t.Run("chosen subnets, one per AZ", func(t *testing.T) {
		stack := newStack(t)
		vpc := NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{MaxAzs: jsii.Number(2)}).Vpc
		props := fargateProps(vpc)
		props.VpcSubnets = &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PRIVATE_ISOLATED}
		p := NewFargateProvider(stack, jsii.String("P"), props)
		if len(p.AvailabilityZoneIds) != 2 {
			t.Fatalf("AvailabilityZoneIds = %d, want 2", len(p.AvailabilityZoneIds))
		}
		template(stack).HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
			"Subnets": []any{obj{"Ref": assertions.Match_AnyValue()}, obj{"Ref": assertions.Match_AnyValue()}},
		})
	})
	t.Run("imported subnets: no AZ IDs known, no output", func(t *testing.T) {
		stack := newStack(t)
		vpc := ec2.Vpc_FromVpcAttributes(stack, jsii.String("Imported"), &ec2.VpcAttributes{
			VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("us-west-2a", "us-west-2b"),
			PrivateSubnetIds: jsii.Strings("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"), VpcCidrBlock: jsii.String("10.1.0.0/16"),
		})
		p := NewFargateProvider(stack, jsii.String("P"), fargateProps(vpc))
		if p.AvailabilityZoneIds != nil {
			t.Fatalf("AvailabilityZoneIds = %v, want nil for imported subnets", p.AvailabilityZoneIds)
		}
		outputs := template(stack).FindOutputs(jsii.String("*"), nil)
		for name := range *outputs {
			if strings.Contains(name, "AvailabilityZoneIds") {
				t.Fatalf("output %s must not exist for imported subnets", name)
			}
		}
	})
}
