package test

import (
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

type obj = cdktest.Obj

// tlsStacks are the example's stacks with -c domain=example.com, by name;
// the gateway's nested stack of services is "gateway/Services1".
func tlsStacks(t *testing.T, aspects ...awscdk.IAspect) map[string]*cdktest.Template {
	out := map[string]*cdktest.Template{}
	for _, s := range exampleStacks(t, merge(tlsContext, nagContext), aspects...) {
		name := *s.StackName()
		if s.NestedStackParent() != nil {
			name = *s.Node().Path()
		}
		out[name] = cdktest.TemplateOf(t, s)
	}
	return out
}

// TestTlsShape: with a domain, each provider has a TLS listener and a
// verified-name flow, its public zone in a stack of its own (delegated once,
// kept across the provider's deploys, rollbacks and destroys), whose
// certificate's validation record the provider removes on delete; the
// gateway reaches each through an endpoint without private DNS, with an HTTPS
// integration that verifies the provider's name.
func TestTlsShape(t *testing.T) {
	stacks := tlsStacks(t)
	for _, name := range []string{"dognames", "todo"} {
		tpl := stacks[name+"-provider"]
		domain := name + ".example.com"
		dns := stacks[name+"-dns"]
		if dns == nil {
			t.Fatalf("no stack %s-dns among %v", name, slices.Sorted(maps.Keys(stacks)))
		}
		dns.HasResourceProperties(jsii.String("AWS::Route53::HostedZone"), obj{"Name": domain + "."})
		dns.HasOutput(jsii.String("NameServers"), obj{})
		tpl.ResourceCountIs(jsii.String("AWS::Route53::HostedZone"), jsii.Number(0))
		tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{"Delete": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{
			assertions.Match_StringLikeRegexp(jsii.String(`"action":"changeResourceRecordSets".*"Action":"DELETE"`))})}}})
		tpl.HasResourceProperties(jsii.String("AWS::CertificateManager::Certificate"), obj{"DomainName": domain, "ValidationMethod": "DNS"})
		tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Protocol": "TLS", "Port": 8080, "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"})
		tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{"Create": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{
			`{"action":"modifyVpcEndpointServiceConfiguration","parameters":{"PrivateDnsName":"` + domain + `","ServiceId":"`})}}})
		tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{"Create": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{
			`{"action":"startVpcEndpointServicePrivateDnsVerification","parameters":{"ServiceId":"`})}}})
		tpl.HasResourceProperties(jsii.String("AWS::Route53::RecordSet"), obj{"Type": "TXT"})
		tpl.HasOutput(jsii.String("*"), obj{"Value": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("PrivateDnsVerificationState")), "ServiceConfigurations.0.PrivateDnsNameConfiguration.State"}}})
	}
	nested := stacks["gateway/Services1"]
	if nested == nil {
		t.Fatalf("no nested stack gateway/Services1 among %v", slices.Sorted(maps.Keys(stacks)))
	}
	for _, name := range []string{"dognames", "todo"} {
		nested.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Integration"), obj{"TlsConfig": obj{"ServerNameToVerify": name + ".example.com"}})
	}
	// No private DNS on the gateway's endpoints (see gatewayStack): the name
	// is verified in the handshake.
	nested.ResourcePropertiesCountIs(jsii.String("AWS::EC2::VPCEndpoint"), obj{"PrivateDnsEnabled": false, "VpcEndpointType": "Interface"}, jsii.Number(2))
	// No private zone: each service's own name resolves to its endpoint.
	stacks["gateway"].ResourceCountIs(jsii.String("AWS::Route53::HostedZone"), jsii.Number(0))
}

// TestCdkNagTls: the TLS shape is AwsSolutions-clean too, with the
// access-log suppression of ELB2 gone from the providers.
func TestCdkNagTls(t *testing.T) {
	stacks := exampleStacks(t, merge(tlsContext, nagContext), cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}))
	for _, f := range nagFindings(stacks) {
		t.Error(f)
	}
}

func merge(a, b map[string]any) map[string]any {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}
