package provider

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func newNlb(stack awscdk.Stack) elbv2.INetworkLoadBalancer {
	return elbv2.NewNetworkLoadBalancer(stack, jsii.String("LB"), &elbv2.NetworkLoadBalancerProps{Vpc: newVpc(stack)})
}

func TestEndpointService(t *testing.T) {
	// The stack's region is known, so its partition is too.
	partitionRoot := func(account string) string { return "arn:aws:iam::" + account + ":root" }
	for _, tc := range []struct {
		name      string
		opts      EndpointServiceOptions
		service   obj
		principal []any
	}{{
		name:      "defaults: acceptance required, account becomes its root ARN",
		opts:      EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		service:   obj{"AcceptanceRequired": true, "PrivateDnsName": assertions.Match_Absent(), "SupportedRegions": assertions.Match_Absent()},
		principal: []any{partitionRoot("111111111111")},
	}, {
		name:      "IAM ARNs pass unchanged, in order",
		opts:      EndpointServiceOptions{AllowedPrincipals: []string{"arn:aws:iam::111111111111:role/gateway", "222222222222"}},
		principal: []any{"arn:aws:iam::111111111111:role/gateway", partitionRoot("222222222222")},
	}, {
		name:    "acceptance opted out",
		opts:    EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, AcceptanceRequired: jsii.Bool(false)},
		service: obj{"AcceptanceRequired": false},
	}, {
		name:      "any principal through the named opt-in",
		opts:      EndpointServiceOptions{AllowAnyPrincipal: jsii.Bool(true)},
		principal: []any{"*"},
	}, {
		// AWS::EC2::VPCEndpointService has no PrivateDnsName property: it is
		// set by a call (TestEndpointServicePrivateDnsName).
		name:    "private DNS name",
		opts:    EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, PrivateDnsName: jsii.String("dogs.example.com")},
		service: obj{"PrivateDnsName": assertions.Match_Absent()},
	}, {
		name:    "allowed regions for cross-region PrivateLink",
		opts:    EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, AllowedRegions: []string{"us-east-1", "eu-west-1"}},
		service: obj{"SupportedRegions": []any{"us-east-1", "eu-west-1"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack(t)
			es := NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{EndpointServiceOptions: tc.opts, LoadBalancers: []elbv2.INetworkLoadBalancer{newNlb(stack)}})
			tpl := template(t, stack)
			tpl.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpointService"), jsii.Number(1))
			if tc.service != nil {
				tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointService"), tc.service)
			}
			if tc.principal != nil {
				tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointServicePermissions"), obj{"AllowedPrincipals": tc.principal})
			}
			if es.ServiceName == nil || es.ServiceNameOutput == nil {
				t.Fatal("ServiceName and ServiceNameOutput must be set")
			}
			cdktest.CfnLint(t, tpl)
		})
	}
}

// TestEndpointServicePrivateDnsName: the name is set on this service by
// ec2:ModifyVpcEndpointServiceConfiguration, and removed on delete; no
// zone, no verification.
func TestEndpointServicePrivateDnsName(t *testing.T) {
	stack := newStack(t)
	es := NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{
		EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, PrivateDnsName: jsii.String("dogs.example.com")},
		LoadBalancers:          []elbv2.INetworkLoadBalancer{newNlb(stack)},
	})
	tpl := template(t, stack)
	service := obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^ESService"))}
	tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{
		"Create": obj{"Fn::Join": []any{"", []any{
			`{"action":"modifyVpcEndpointServiceConfiguration","parameters":{"PrivateDnsName":"dogs.example.com","ServiceId":"`, service,
			`"},"physicalResourceId":{"id":"`, service, `:dogs.example.com"},"service":"EC2"}`}}},
		"Delete": obj{"Fn::Join": []any{"", []any{
			`{"action":"modifyVpcEndpointServiceConfiguration","parameters":{"RemovePrivateDnsName":true,"ServiceId":"`, service, `"},"service":"EC2"}`}}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": []any{obj{
		"Action": "ec2:ModifyVpcEndpointServiceConfiguration", "Effect": "Allow",
		"Resource": obj{"Fn::Join": []any{"", []any{"arn:aws:ec2:us-west-2:123456789012:vpc-endpoint-service/", service}}},
	}}}})
	tpl.ResourceCountIs(jsii.String("AWS::Route53::RecordSet"), jsii.Number(0))
	if es.PrivateDnsVerification != nil {
		t.Fatal("a verification without a zone")
	}
	cdktest.CfnLint(t, tpl)
}

func TestEndpointServiceOutput(t *testing.T) {
	stack := newStack(t)
	es := NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{
		EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		LoadBalancers:          []elbv2.INetworkLoadBalancer{newNlb(stack)},
	})
	es.ServiceNameOutput.OverrideLogicalId(jsii.String("DogsServiceName"))
	// The region is written literally: the name is right in any stack that
	// reads it, whatever that stack's own region.
	template(t, stack).HasOutput(jsii.String("DogsServiceName"), obj{
		"Value": obj{"Fn::Join": []any{"", []any{"com.amazonaws.vpce.us-west-2.", obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^ESService"))}}}},
	})
	if !strings.HasPrefix(*es.ServiceName, "com.amazonaws.vpce.us-west-2.${Token[") {
		t.Fatalf("ServiceName %q: want the literal region, then the service ID token", *es.ServiceName)
	}
	t.Run("environment-agnostic stack: its own region", func(t *testing.T) {
		stack := cdktest.NewAgnosticStack(t)
		lb := elbv2.NewNetworkLoadBalancer(stack, jsii.String("LB"), &elbv2.NetworkLoadBalancerProps{Vpc: NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{AvailabilityZoneIds: []string{"usw2-az1"}}).Vpc})
		es := NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{
			EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
			LoadBalancers:          []elbv2.INetworkLoadBalancer{lb},
		})
		es.ServiceNameOutput.OverrideLogicalId(jsii.String("Name"))
		template(t, stack).HasOutput(jsii.String("Name"), obj{
			"Value": obj{"Fn::Join": []any{"", []any{"com.amazonaws.vpce.", obj{"Ref": "AWS::Region"}, ".", obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^ESService"))}}}},
		})
	})
}

func TestEndpointServiceValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts EndpointServiceOptions
		want []string
	}{
		{"no principals", EndpointServiceOptions{}, []string{"AllowedPrincipals is empty: no one could connect", "or set AllowAnyPrincipal"}},
		{"short account", EndpointServiceOptions{AllowedPrincipals: []string{"111111111111", "12345"}}, []string{`AllowedPrincipals[1] "12345": want a 12-digit account ID or an IAM ARN`}},
		{"bare wildcard", EndpointServiceOptions{AllowedPrincipals: []string{"*"}}, []string{`AllowedPrincipals[0] "*"`, "set AllowAnyPrincipal to true"}},
		{"wildcard and list", EndpointServiceOptions{AllowAnyPrincipal: jsii.Bool(true), AllowedPrincipals: []string{"111111111111"}}, []string{"has no effect while AllowAnyPrincipal is true"}},
		{"bad DNS name", EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, PrivateDnsName: jsii.String("Dogs")}, []string{`PrivateDnsName "Dogs": want a lower-case DNS name`}},
		{"bad region", EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, AllowedRegions: []string{"us-east-1", "moon-1a"}}, []string{`AllowedRegions[1] "moon-1a": want an AWS region name`}},
		{"region twice", EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, AllowedRegions: []string{"us-east-1", "us-east-1"}}, []string{`AllowedRegions[1] "us-east-1": listed twice`}},
		{"own region", EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, AllowedRegions: []string{"us-west-2"}}, []string{`AllowedRegions[0] "us-west-2": the service's own region; consumers there need no cross-region permission: drop it`}},
		{"region of another partition", EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, AllowedRegions: []string{"cn-north-1"}}, []string{`AllowedRegions[0] "cn-north-1": in partition aws-cn, but the service is in us-west-2 (partition aws)`}},
		{"principal of another partition", EndpointServiceOptions{AllowedPrincipals: []string{"arn:aws-cn:iam::111111111111:root"}}, []string{`AllowedPrincipals[0] "arn:aws-cn:iam::111111111111:root": a principal of partition aws-cn, but the service is in us-west-2 (partition aws); name principals of aws`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack(t)
			mustPanic(t, func() {
				NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{EndpointServiceOptions: tc.opts, LoadBalancers: []elbv2.INetworkLoadBalancer{newNlb(stack)}})
			}, append([]string{"provider.EndpointService at Test/ES: "}, tc.want...)...)
		})
	}
	t.Run("no load balancers", func(t *testing.T) {
		mustPanic(t, func() {
			NewEndpointService(newStack(t), jsii.String("ES"), &EndpointServiceProps{EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}}})
		}, "provider.EndpointService at Test/ES: LoadBalancers is empty")
	})
	t.Run("all problems at once, nothing built", func(t *testing.T) {
		stack := newStack(t)
		mustPanic(t, func() {
			NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"1"}, AllowedRegions: []string{"x"}}})
		}, "LoadBalancers is empty", `AllowedPrincipals[0] "1"`, `AllowedRegions[0] "x"`)
		if stack.Node().TryFindChild(jsii.String("ES")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}

// TestEndpointServiceNotifications: connection events go to an encrypted
// topic that only PrivateLink, for this account, may publish to.
func TestEndpointServiceNotifications(t *testing.T) {
	stack := newStack(t)
	es := NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{
		EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, ConnectionNotifications: jsii.Bool(true)},
		LoadBalancers:          []elbv2.INetworkLoadBalancer{newNlb(stack)},
	})
	if es.ConnectionTopic == nil || es.ConnectionKey == nil {
		t.Fatal("ConnectionTopic and ConnectionKey must be set")
	}
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointConnectionNotification"), obj{
		"ConnectionEvents":          []any{"Connect", "Accept", "Reject", "Delete"},
		"ServiceId":                 obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^ESService"))},
		"ConnectionNotificationArn": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^ESConnections"))},
	})
	tpl.HasResourceProperties(jsii.String("AWS::SNS::Topic"), obj{"KmsMasterKeyId": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^ESConnectionKey")), "Arn"}}})
	tpl.HasResourceProperties(jsii.String("AWS::KMS::Key"), obj{
		"EnableKeyRotation": true,
		"KeyPolicy": obj{"Statement": assertions.Match_ArrayWith(&[]any{obj{
			"Sid": "PrivateLinkPublishesConnectionEvents", "Effect": "Allow", "Principal": obj{"Service": "vpce.amazonaws.com"},
			"Action": []any{"kms:Decrypt", "kms:GenerateDataKey*"}, "Resource": "*",
			"Condition": obj{"StringEquals": obj{"aws:SourceAccount": cdktest.Account}},
		}})},
	})
	tpl.HasResourceProperties(jsii.String("AWS::SNS::TopicPolicy"), obj{"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]any{
		assertions.Match_ObjectLike(&map[string]any{"Effect": "Deny", "Action": "sns:Publish", "Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}}),
		assertions.Match_ObjectLike(&map[string]any{"Sid": "PrivateLinkPublishesConnectionEvents", "Effect": "Allow", "Principal": obj{"Service": "vpce.amazonaws.com"}, "Action": "sns:Publish",
			"Condition": obj{"StringEquals": obj{"aws:SourceAccount": cdktest.Account}}}),
	})}})
	cdktest.CfnLint(t, tpl)

	t.Run("off by default", func(t *testing.T) {
		stack := newStack(t)
		NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{
			EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
			LoadBalancers:          []elbv2.INetworkLoadBalancer{newNlb(stack)},
		})
		tpl := template(t, stack)
		tpl.ResourceCountIs(jsii.String("AWS::SNS::Topic"), jsii.Number(0))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpointConnectionNotification"), jsii.Number(0))
	})
}
