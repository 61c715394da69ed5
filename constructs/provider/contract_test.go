package provider

import (
	"fmt"
	"testing"

	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// TestContract: what a consumer needs of a service, said once by its
// provider: a provider's listener port and zones, an endpoint service's given
// ones, and one known by name.
func TestContract(t *testing.T) {
	stack := newStack(t)
	props := fargateProps(newVpc(stack))
	props.Port = jsii.Number(9000)
	p := NewFargateProvider(stack, jsii.String("Dogs"), props)
	c := p.Contract()
	if c.PortOrDefault() != 9000 || fmt.Sprint(c.AvailabilityZoneIds) != fmt.Sprint(p.AvailabilityZoneIds) || c.PrivateDnsName != nil {
		t.Fatalf("contract %+v: want port 9000 and the provider's zones %v", c, p.AvailabilityZoneIds)
	}
	if *c.ServiceName != *p.EndpointService.ServiceName || *c.Region != "us-west-2" {
		t.Fatalf("ServiceName %s, Region %s", *c.ServiceName, *c.Region)
	}
	c.AvailabilityZoneIds[0] = "changed"
	if p.Contract().AvailabilityZoneIds[0] == "changed" {
		t.Fatal("Contract() shares its zones with the provider")
	}

	t.Run("an endpoint service over load balancers of one's own", func(t *testing.T) {
		lb := elbv2.NetworkLoadBalancer_FromNetworkLoadBalancerAttributes(stack, jsii.String("Theirs"), &elbv2.NetworkLoadBalancerAttributes{
			LoadBalancerArn: jsii.String("arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/theirs/0123456789abcdef"),
		})
		s := NewEndpointService(stack, jsii.String("Svc"), &EndpointServiceProps{
			LoadBalancers: []elbv2.INetworkLoadBalancer{lb}, Port: jsii.Number(443), AvailabilityZoneIds: []string{"usw2-az1", "usw2-az3"},
			EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, PrivateDnsName: jsii.String("api.example.com")},
		})
		c := s.Contract()
		if c.PortOrDefault() != 443 || fmt.Sprint(c.AvailabilityZoneIds) != "[usw2-az1 usw2-az3]" || *c.PrivateDnsName != "api.example.com" {
			t.Fatalf("contract %+v", c)
		}
		d := NewEndpointService(stack, jsii.String("Default"), &EndpointServiceProps{
			LoadBalancers: []elbv2.INetworkLoadBalancer{lb}, EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		}).Contract()
		if d.PortOrDefault() != DefaultPort || d.AvailabilityZoneIds != nil {
			t.Fatalf("defaults: %+v", d)
		}
		cdktest.MustPanic(t, func() {
			NewEndpointService(stack, jsii.String("Bad"), &EndpointServiceProps{
				LoadBalancers: []elbv2.INetworkLoadBalancer{lb}, Port: jsii.Number(0), AvailabilityZoneIds: []string{"use1-az1"},
				EndpointServiceOptions: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
			})
		}, "provider.EndpointService at Test/Bad: Port 0", "AvailabilityZoneIds")
	})
	t.Run("a stack without a region names its own", func(t *testing.T) {
		agnostic := cdktest.NewAgnosticStack(t)
		p := NewFargateProvider(agnostic, jsii.String("Dogs"), fargateProps(NewProviderVpc(agnostic, jsii.String("Net"), &ProviderVpcProps{AvailabilityZoneIds: []string{"usw2-az1"}}).Vpc))
		if got := mustJSON(t, agnostic.Resolve(p.Contract().Region)); got != `{"Ref":"AWS::Region"}` {
			t.Fatalf("Region resolves to %s", got)
		}
	})
}

func TestFromEndpointServiceName(t *testing.T) {
	const name = "com.amazonaws.vpce.eu-central-1.vpce-svc-0123456789abcdef0"
	c := FromEndpointServiceName(name, &Contract{Port: jsii.Number(9000), AvailabilityZoneIds: []string{"euc1-az1"}, ServiceName: jsii.String("ignored")}).Contract()
	if *c.ServiceName != name || *c.Region != "eu-central-1" || c.PortOrDefault() != 9000 {
		t.Fatalf("%+v", c)
	}
	if FromEndpointServiceName(name, nil).Contract().PortOrDefault() != DefaultPort {
		t.Fatal("want the default port")
	}
	for _, tc := range []struct {
		name     string
		contract *Contract
		want     string
	}{
		{"vpce-svc-1", nil, `provider.FromEndpointServiceName: name "vpce-svc-1"`},
		{name, &Contract{Port: jsii.Number(70000)}, "Port 70000"},
		{name, &Contract{AvailabilityZoneIds: []string{"usw2-az1"}}, `AvailabilityZoneIds`},
		{name, &Contract{PrivateDnsName: jsii.String("not a name")}, `PrivateDnsName "not a name"`},
	} {
		cdktest.MustPanic(t, func() { FromEndpointServiceName(tc.name, tc.contract) }, tc.want)
	}
}
