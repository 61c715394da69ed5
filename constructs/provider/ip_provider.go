package provider

import (
	"fmt"
	"net/netip"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	elbv2targets "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2targets"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// externalRanges are the only ranges ELB accepts for an IP target outside
// the target group's VPC: RFC 1918 and RFC 6598 ("IP addresses" under
// "Target type" in "Target groups for your Network Load Balancers",
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html#target-type).
// Publicly routable addresses are refused.
var externalRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

// AllAvailabilityZones is the AvailabilityZone of an IP target outside the
// VPC: every zone of the load balancer sends to it.
const AllAvailabilityZones = "all"

// IpProviderProps configure an IpProvider.
type IpProviderProps struct {
	ProviderOptions
	// Addresses of targets in Vpc, IPv4 in its CIDR block, such as the
	// network interfaces of a service you run there. ELB finds each one's
	// zone from its subnet. Give Addresses, ExternalAddresses or both.
	// Default: none.
	Addresses []string
	// ExternalAddresses of targets outside Vpc that its route tables reach:
	// servers on premises over Site-to-Site VPN or Direct Connect, or in a
	// peered VPC or behind a transit gateway. ELB accepts only private
	// addresses there, RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)
	// or RFC 6598 (100.64.0.0/10), and each is registered with
	// AvailabilityZone "all", so that every zone of the load balancer sends
	// to it. Their firewalls must admit TargetPort from the load
	// balancer's subnets (with preserved client addresses off, the
	// connections come from the load balancer's own addresses).
	// Default: none.
	ExternalAddresses []string
}

// IpProvider publishes servers known by their IP addresses, in the VPC or
// beyond it, behind an internal network load balancer as a VPC endpoint
// service. The load balancer's security group may send TargetPort to each
// address and nothing else; with ProviderOptions.LoadBalancer its own
// security groups must let it (the provider does not change them).
type IpProvider struct {
	constructs.Construct
	// LoadBalancer is the internal network load balancer, one subnet per
	// AZ, or ProviderOptions.LoadBalancer.
	LoadBalancer elbv2.INetworkLoadBalancer
	// Listener is its listener on Port.
	Listener elbv2.NetworkListener
	// TargetGroup holds the addresses, on TargetPort.
	TargetGroup elbv2.NetworkTargetGroup
	// EndpointService publishes the load balancer over PrivateLink.
	EndpointService *EndpointService
	// Tls is the listener's certificate and access logs, with
	// ProviderOptions.Tls; else nil.
	Tls *ProviderTls
	// AvailabilityZoneIds the service covers; nil when not known.
	AvailabilityZoneIds []string
	// SecurityGroup admits TargetPort from the load balancer: give it to
	// targets in the VPC.
	SecurityGroup ec2.SecurityGroup
	// Alarms are the provider's alarms and their topic; nil with
	// ProviderOptions.Alarms.Disabled.
	Alarms *ProviderAlarms

	targetMetrics
	connections ec2.Connections
}

// Connections are SecurityGroup, TargetPort by default.
func (p *IpProvider) Connections() ec2.Connections { return p.connections }

// Contract is what consumers need of the service: its name, port, zones,
// private DNS name and region.
func (p *IpProvider) Contract() *Contract { return p.EndpointService.Contract() }

var _ IEndpointService = (*IpProvider)(nil)

// validate records every problem of the props; vpcCidr is the VPC's CIDR
// block, "" when not known at synth. It is pure Go.
func (props *IpProviderProps) validate(region, vpcCidr string) error {
	p := check.New("provider.IpProvider")
	props.ProviderOptions.validate(p, region)
	props.Alarms.checkCapacity(p, "", 0)
	if len(props.Addresses)+len(props.ExternalAddresses) == 0 {
		p.Addf("Addresses and ExternalAddresses are empty: want the IPv4 addresses of the servers, such as 10.0.1.20")
	}
	var vpc netip.Prefix
	if vpcCidr != "" {
		vpc, _ = netip.ParsePrefix(vpcCidr)
	}
	seen := map[netip.Addr]string{}
	address := func(prop string, i int, s string) (netip.Addr, bool) {
		at := fmt.Sprintf("%s[%d]", prop, i)
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			p.Addf("%s %q: want an IPv4 address such as 10.0.1.20", at, s)
			return a, false
		}
		if first, ok := seen[a]; ok {
			p.Addf("%s %q: already %s; a target is registered once", at, s, first)
			return a, false
		}
		seen[a] = at
		return a, true
	}
	for i, s := range props.Addresses {
		if a, ok := address("Addresses", i, s); ok && vpc.IsValid() && !vpc.Contains(a) {
			p.Addf("Addresses[%d] %q: not in the VPC's CIDR block %s; list an address beyond the VPC in ExternalAddresses", i, s, vpcCidr)
		}
	}
	for i, s := range props.ExternalAddresses {
		a, ok := address("ExternalAddresses", i, s)
		switch {
		case !ok:
		case vpc.IsValid() && vpc.Contains(a):
			p.Addf("ExternalAddresses[%d] %q: in the VPC's CIDR block %s; list it in Addresses", i, s, vpcCidr)
		case !inExternalRanges(a):
			p.Addf("ExternalAddresses[%d] %q: ELB accepts outside the VPC only 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918) and 100.64.0.0/10 (RFC 6598), never a public address", i, s)
		}
	}
	return p.Err()
}

func inExternalRanges(a netip.Addr) bool {
	for _, r := range externalRanges {
		if r.Contains(a) {
			return true
		}
	}
	return false
}

// vpcCidr is the VPC's CIDR block when known at synth, else "": a token,
// or an imported VPC whose CIDR block was not given (aws-cdk-lib throws).
func vpcCidr(vpc ec2.IVpc) (cidr string) {
	if vpc == nil {
		return ""
	}
	defer func() {
		if recover() != nil {
			cidr = ""
		}
	}()
	if c := *vpc.VpcCidrBlock(); !check.IsToken(c) {
		return c
	}
	return ""
}

// NewIpProvider creates the provider. It panics, before creating anything,
// if the props are invalid.
func NewIpProvider(scope constructs.Construct, id *string, props *IpProviderProps) *IpProvider {
	if props == nil {
		props = &IpProviderProps{}
	}
	if err := props.validate(*awscdk.Stack_Of(scope).Region(), vpcCidr(props.Vpc)); err != nil {
		refuse.If(scope, id, err)
	}
	p := check.New("provider.IpProvider")
	placed := props.place(p)
	refuse.If(scope, id, p.Err())

	this := &IpProvider{Construct: constructs.NewConstruct(scope, id)}
	f := newFrontend(this.Construct, &props.ProviderOptions, placed, elbv2.TargetType_IP, false)
	this.LoadBalancer, this.Listener, this.TargetGroup = f.lb, f.listener, f.targetGroup
	this.EndpointService, this.AvailabilityZoneIds, this.SecurityGroup, this.Tls = f.endpointService, f.azIds, f.targetsSG, f.tls
	this.connections, this.targetMetrics = f.connections, targetMetrics{f.targetGroup}

	port := ec2.Port_Tcp(jsii.Number(f.targetPort))
	register := func(addrs []string, az *string) {
		for _, a := range addrs {
			this.TargetGroup.AddTarget(elbv2targets.NewIpTarget(jsii.String(a), nil, az))
			if f.lbSG != nil {
				// The load balancer's group sends nowhere else.
				f.lbSG.AddEgressRule(ec2.Peer_Ipv4(jsii.String(a+"/32")), port, jsii.String("service port to target "+a), nil)
			}
		}
	}
	register(props.Addresses, nil)
	register(props.ExternalAddresses, jsii.String(AllAvailabilityZones))
	this.Alarms = newAlarms(this.Construct, props.Alarms, this.targetMetrics, nil, nil)
	return this
}
