package consumer

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestPrivateZone(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	other := NewConsumerVpc(stack, jsii.String("Other"), &ConsumerVpcProps{MaxAzs: jsii.Number(1)}).Vpc
	ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	zone := NewPrivateZone(stack, jsii.String("Names"), &PrivateZoneProps{ZoneName: jsii.String("internal.example"), Vpc: vpc, MoreVpcs: []ec2.IVpc{other}})
	zone.AddEndpoint("dogs", ep)
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::Route53::HostedZone"), obj{
		"Name": "internal.example.",
		"VPCs": []any{
			obj{"VPCId": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^Vpc[0-9A-F]{8}$"))}, "VPCRegion": "us-west-2"},
			obj{"VPCId": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^Other"))}, "VPCRegion": "us-west-2"},
		},
	})
	tpl.HasResourceProperties(jsii.String("AWS::Route53::RecordSet"), obj{
		"Name": "dogs.internal.example.", "Type": "A",
		"AliasTarget": obj{
			"DNSName":      obj{"Fn::Select": []any{1, obj{"Fn::Split": []any{":", obj{"Fn::Select": []any{0, obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DogsEndpoint")), "DnsEntries"}}}}}}}},
			"HostedZoneId": obj{"Fn::Select": []any{0, obj{"Fn::Split": []any{":", obj{"Fn::Select": []any{0, obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DogsEndpoint")), "DnsEntries"}}}}}}}},
		},
	})
	if zone.Records["dogs"] == nil {
		t.Fatal("Records[dogs] must be set")
	}
	cdktest.CfnLint(t, tpl)

	t.Run("label taken or malformed", func(t *testing.T) {
		cdktest.MustPanic(t, func() { zone.AddEndpoint("dogs", ep) }, `consumer.PrivateZone at Test/Names: AddEndpoint label "dogs": already points at another endpoint`)
		cdktest.MustPanic(t, func() { zone.AddEndpoint("Dogs.API", ep) }, `AddEndpoint label "Dogs.API": want one lower-case DNS label`)
		cdktest.MustPanic(t, func() { zone.AddEndpoint("cats", nil) }, `AddEndpoint "cats": endpoint is nil`)
	})
}

func TestPrivateZoneValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		props PrivateZoneProps
		want  []string
	}{
		{"nothing", PrivateZoneProps{}, []string{"ZoneName is nil", "Vpc is nil"}},
		{"bad zone", PrivateZoneProps{ZoneName: jsii.String("example")}, []string{`ZoneName "example": want a lower-case DNS name of two or more labels`}},
		{"nil extra vpc", PrivateZoneProps{ZoneName: jsii.String("a.example"), MoreVpcs: []ec2.IVpc{nil}}, []string{"MoreVpcs[0] is nil"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cdktest.WantErr(t, tc.props.validate(), append([]string{"consumer.PrivateZone: "}, tc.want...)...)
		})
	}
}
