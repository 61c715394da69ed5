package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	kms "github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
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

	// To the stack's alarm topic: no topic or key of the service's own; the
	// alarm topic's policy and key admit PrivateLink for this account, the
	// notification waits for that policy, the email subscribes to it.
	t.Run("to the alarm topic", func(t *testing.T) {
		stack := newStack(t)
		es := NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{
			EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"},
				ConnectionNotificationTopic: AlarmTopic(stack), ConnectionNotificationEmail: jsii.String("ops@example.com")},
			LoadBalancers: []elbv2.INetworkLoadBalancer{newNlb(stack)},
		})
		if es.ConnectionTopic != nil || es.ConnectionKey != nil || es.ConnectionEvents != AlarmTopic(stack) {
			t.Fatalf("ConnectionTopic %v, ConnectionKey %v, ConnectionEvents %v: want nil, nil, the alarm topic", es.ConnectionTopic, es.ConnectionKey, es.ConnectionEvents)
		}
		tpl := template(t, stack)
		tpl.ResourceCountIs(jsii.String("AWS::SNS::Topic"), jsii.Number(1))
		tpl.ResourceCountIs(jsii.String("AWS::KMS::Key"), jsii.Number(1))
		alarmTopic := assertions.Match_StringLikeRegexp(jsii.String("^AlarmTopic[0-9A-F]{8}$"))
		tpl.HasResource(jsii.String("AWS::EC2::VPCEndpointConnectionNotification"), obj{
			"Properties": obj{"ConnectionNotificationArn": obj{"Ref": alarmTopic}},
			"DependsOn":  assertions.Match_ArrayWith(&[]any{assertions.Match_StringLikeRegexp(jsii.String("^AlarmTopicPolicy"))}),
		})
		tpl.HasResourceProperties(jsii.String("AWS::KMS::Key"), obj{"KeyPolicy": obj{"Statement": assertions.Match_ArrayWith(&[]any{
			assertions.Match_ObjectLike(&map[string]any{"Sid": "CloudWatchAlarmsOfThisAccount"}),
			obj{"Sid": "PrivateLinkPublishesConnectionEvents", "Effect": "Allow", "Principal": obj{"Service": "vpce.amazonaws.com"},
				"Action": []any{"kms:Decrypt", "kms:GenerateDataKey*"}, "Resource": "*", "Condition": obj{"StringEquals": obj{"aws:SourceAccount": cdktest.Account}}},
		})}})
		tpl.HasResourceProperties(jsii.String("AWS::SNS::TopicPolicy"), obj{"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]any{
			assertions.Match_ObjectLike(&map[string]any{"Sid": "PrivateLinkPublishesConnectionEvents", "Principal": obj{"Service": "vpce.amazonaws.com"}, "Action": "sns:Publish"}),
		})}})
		tpl.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), obj{"Protocol": "email", "Endpoint": "ops@example.com", "TopicArn": obj{"Ref": alarmTopic}})
		if got := stack.Resolve(es.MetricConnectionEvents().Dimensions()); !strings.Contains(fmt.Sprint(got), "AlarmTopic") {
			t.Errorf("MetricConnectionEvents dimensions %v, want the alarm topic's name", got)
		}
		if n := len(*assertions.Annotations_FromStack(stack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("ConnectionNotificationTopic")))); n != 0 {
			t.Errorf("%d warnings for a topic of this app, want none", n)
		}
		cdktest.CfnLint(t, tpl)
	})

	// A topic of another app: its policy and key cannot be changed here;
	// synth says what to grant there.
	t.Run("to a topic of another app", func(t *testing.T) {
		stack := newStack(t)
		key := kms.Key_FromKeyArn(stack, jsii.String("Key"), jsii.String("arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
		topic := sns.Topic_FromTopicAttributes(stack, jsii.String("Ops"), &sns.TopicAttributes{TopicArn: jsii.String("arn:aws:sns:us-west-2:111111111111:ops"), KeyArn: key.KeyArn()})
		NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{
			EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, ConnectionNotificationTopic: topic},
			LoadBalancers:          []elbv2.INetworkLoadBalancer{newNlb(stack)},
		})
		var got []string
		for _, m := range *assertions.Annotations_FromStack(stack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("ConnectionNotificationTopic"))) {
			got = append(got, fmt.Sprint(m.Entry.Data))
		}
		joined := strings.Join(got, "\n")
		for _, want := range []string{"ConnectionNotificationTopic is not of this app: let vpce.amazonaws.com publish to it (sns:Publish, for account " + cdktest.Account + ")",
			"ConnectionNotificationTopic's key is not of this app: let vpce.amazonaws.com use it (kms:GenerateDataKey*, kms:Decrypt, for account " + cdktest.Account + ")"} {
			if !strings.Contains(joined, want) {
				t.Errorf("warnings:\n%s\nwant %q", joined, want)
			}
		}
		template(t, stack).HasResourceProperties(jsii.String("AWS::EC2::VPCEndpointConnectionNotification"), obj{"ConnectionNotificationArn": "arn:aws:sns:us-west-2:111111111111:ops"})
	})

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
