package consumer

import (
	"fmt"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	r53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	r53targets "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53targets"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/azid"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/quotas"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of ServiceEndpoint; part of the construct's contract.
const (
	idEndpoint      = "Endpoint"
	idEndpointSG    = "SecurityGroup"
	idAddressLookup = "Addresses"
	// idInterfaceLookup reads an imported endpoint's network interfaces.
	idInterfaceLookup = "NetworkInterfaces"
)

// ServiceEndpointProps configure a ServiceEndpoint.
type ServiceEndpointProps struct {
	// Vpc to place the endpoint in. Required.
	Vpc ec2.IVpc
	// Service is what the provider says of its service: the Contract() of a
	// provider or EndpointService of this app, or one written from a
	// provider's outputs. It gives ServiceName, Port and
	// ProviderAvailabilityZoneIds, which then need not be given; any of them
	// given as well must agree with it. Give Service or ServiceName.
	Service *provider.Contract
	// ServiceName of the provider's endpoint service,
	// com.amazonaws.vpce.<region>.vpce-svc-<id>. In the same CDK app, pass
	// the provider's EndpointService.ServiceName as is: aws-cdk-lib reads it
	// across accounts and regions at deploy time. A token is checked as far
	// as it is known. Required.
	ServiceName *string
	// Port the service answers on; the only port the security group admits.
	// Default: Service's, else provider.DefaultPort (8080).
	Port *float64
	// Subnets for the endpoint's network interfaces, one per AZ.
	// Default: the VPC's private subnets, one per AZ.
	Subnets *ec2.SubnetSelection
	// AvailabilityZoneIds to place the endpoint in, such as usw2-az1. In a
	// VPC of this library they choose among its subnets. In any other VPC
	// CDK cannot know its subnets' AZ IDs, so they declare the AZ IDs of the
	// subnets Subnets selects, one per subnet.
	// Default: every zone of Subnets, less those the provider does not cover
	// when ProviderAvailabilityZoneIds is given.
	AvailabilityZoneIds []string
	// ProviderAvailabilityZoneIds are the zones the provider's service covers
	// (its AvailabilityZoneIds output, or the provider construct's field in
	// the same app). Given, the endpoint is refused at synth in any zone
	// outside them, instead of failing at deploy time. Not for a service in
	// another region, whose zones do not constrain the endpoint.
	// Default: Service's; else unknown, no check.
	ProviderAvailabilityZoneIds []string
	// AllowedPeers may connect to the endpoint on Port.
	// Default: the VPC's IPv4 CIDR.
	AllowedPeers []ec2.IPeer
	// PrivateDnsEnabled resolves the provider's private DNS name to this
	// endpoint inside the VPC; the provider must have one, verified.
	// Default: false.
	PrivateDnsEnabled *bool
	// ServiceRegion of a service in another region (cross-region
	// PrivateLink); the provider must allow this endpoint's region.
	// Default: the stack's region.
	ServiceRegion *string
}

// ServiceEndpoint is an interface VPC endpoint to a provider's endpoint
// service, guarded by its own security group.
type ServiceEndpoint struct {
	constructs.Construct
	// Endpoint is the interface VPC endpoint.
	Endpoint ec2.InterfaceVpcEndpoint
	// SecurityGroup admits Port from AllowedPeers only.
	SecurityGroup ec2.SecurityGroup
	// Port the service answers on.
	Port float64
	// DnsName is the endpoint's regional DNS name.
	DnsName *string
	// Vpc the endpoint is in.
	Vpc ec2.IVpc
	// AvailabilityZoneIds the endpoint is in, or nil when not known (an
	// imported VPC whose AZ IDs were not given).
	AvailabilityZoneIds []string

	subnets     int
	ipAddresses []*string
	// serviceName and crossRegion, for the endpoint's metrics.
	serviceName *string
	crossRegion bool
}

// validate records every problem of the props; stackRegion may be a token.
// It is pure Go.
func (props *ServiceEndpointProps) validate(stackRegion string) error {
	p := check.New("consumer.ServiceEndpoint")
	props.agree(p)
	if props.Vpc == nil {
		p.Addf("Vpc is nil: want the ec2.IVpc to place the endpoint in")
	}
	if props.Port != nil {
		p.Add("Port", check.Port(*props.Port))
	}
	if props.ServiceRegion != nil {
		p.Add("ServiceRegion", check.Region(*props.ServiceRegion))
	}
	if props.AvailabilityZoneIds != nil {
		network.CheckIds(p, "AvailabilityZoneIds", stackRegion, props.AvailabilityZoneIds)
	}
	if props.ProviderAvailabilityZoneIds != nil {
		network.CheckIds(p, "ProviderAvailabilityZoneIds", stackRegion, props.ProviderAvailabilityZoneIds)
		if props.ServiceRegion != nil {
			p.Addf("ProviderAvailabilityZoneIds %q: the service is in another region (ServiceRegion %q), whose zones do not constrain where this endpoint goes; leave ProviderAvailabilityZoneIds unset", props.ProviderAvailabilityZoneIds, *props.ServiceRegion)
		}
	}
	if props.ServiceName == nil {
		p.Addf("ServiceName is nil: want the provider's Contract() as Service, or its endpoint service name, com.amazonaws.vpce.<region>.vpce-svc-<id>")
		return p.Err()
	}
	region, err := check.ServiceName(*props.ServiceName)
	p.Add("ServiceName", err)
	if region == "" {
		return p.Err()
	}
	name := *props.ServiceName
	if check.IsToken(name) {
		name = "com.amazonaws.vpce." + region + ".<the provider's service ID>"
	}
	switch {
	case props.ServiceRegion != nil && !check.IsToken(*props.ServiceRegion) && *props.ServiceRegion != region:
		p.Addf("ServiceRegion %q: the service name %q is in %s; set ServiceRegion to %q or leave it unset", *props.ServiceRegion, name, region, region)
	case props.ServiceRegion == nil && !check.IsToken(stackRegion) && stackRegion != region:
		p.Addf("ServiceName %q: the service is in %s but this stack is in %s; set ServiceRegion to %q for cross-region PrivateLink (the provider must allow %s), or deploy the consumer in %s", name, region, stackRegion, region, stackRegion, region)
	}
	return p.Err()
}

// agree fills ServiceName, Port and ProviderAvailabilityZoneIds from
// Service, and records where a value given by hand disagrees with it.
func (props *ServiceEndpointProps) agree(p *check.Problems) {
	c := props.Service
	if c == nil {
		return
	}
	literal := func(s *string) bool { return s != nil && !check.IsToken(*s) }
	switch {
	case c.ServiceName == nil:
		p.Addf("Service.ServiceName is nil: want the provider's Contract(), whose ServiceName is set")
	case props.ServiceName == nil:
		props.ServiceName = c.ServiceName
	case literal(props.ServiceName) && literal(c.ServiceName) && *props.ServiceName != *c.ServiceName:
		p.Addf("ServiceName %q: Service says %q; give one of the two", *props.ServiceName, *c.ServiceName)
	}
	if c.Port != nil {
		switch {
		case props.Port == nil:
			props.Port = c.Port
		case !check.IsNumberToken(*props.Port) && !check.IsNumberToken(*c.Port) && *props.Port != *c.Port:
			p.Addf("Port %v: the provider listens on %v (Service.Port); leave Port unset to take the provider's", *props.Port, *c.Port)
		}
	}
	if c.AvailabilityZoneIds != nil {
		switch {
		case props.ProviderAvailabilityZoneIds == nil:
			if props.ServiceRegion == nil {
				props.ProviderAvailabilityZoneIds = c.AvailabilityZoneIds
			}
		case !slices.Equal(props.ProviderAvailabilityZoneIds, c.AvailabilityZoneIds):
			p.Addf("ProviderAvailabilityZoneIds %q: Service says the provider covers %q; leave ProviderAvailabilityZoneIds unset", props.ProviderAvailabilityZoneIds, c.AvailabilityZoneIds)
		}
	}
	if defaults.True(props.PrivateDnsEnabled) && c.PrivateDnsName == nil {
		p.Addf("PrivateDnsEnabled true: the provider has no private DNS name (Service.PrivateDnsName is nil), so private DNS would fail the endpoint's creation; leave it off")
	}
	if literal(c.Region) && props.ServiceRegion == nil && c.ServiceName != nil {
		if region, _ := check.ServiceName(*c.ServiceName); region != "" && region != *c.Region {
			p.Addf("Service.Region %q: the service name %q is in %s; want the contract of one service", *c.Region, *c.ServiceName, region)
		}
	}
}

// vpcCidr is the VPC's IPv4 CIDR block, or an error for a VPC imported
// without one (aws-cdk-lib refuses with CannotPerformOperationVpcCidr).
func vpcCidr(vpc ec2.IVpc) (cidr *string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return vpc.VpcCidrBlock(), nil
}

// place chooses the endpoint's subnets before anything is created.
func (props *ServiceEndpointProps) place(p *check.Problems) network.Placement {
	if len(props.AllowedPeers) == 0 {
		if _, err := vpcCidr(props.Vpc); err != nil {
			p.Addf("AllowedPeers is empty, and Vpc (imported without its CIDR block) has no CIDR to admit by default: give AllowedPeers (the security groups or CIDRs of the clients), or import the VPC with VpcCidrBlock")
		}
	}
	provider := props.ProviderAvailabilityZoneIds
	placed := network.Place(p, props.Vpc, "Subnets", props.Subnets, props.AvailabilityZoneIds)
	if placed.AzIds == nil || provider == nil {
		return placed
	}
	if props.AvailabilityZoneIds == nil {
		// By default, the VPC's zones that the provider covers.
		var common []string
		for _, id := range placed.AzIds {
			if slices.Contains(provider, id) {
				common = append(common, id)
			}
		}
		if len(common) == 0 {
			p.Addf("Subnets: the VPC's zones %q and the provider's %q have none in common; an endpoint can only be placed where the service is: give the VPC a subnet in one of the provider's zones, or ask the provider to cover %s", placed.AzIds, provider, placed.AzIds[0])
			return placed
		}
		if len(common) == len(placed.AzIds) {
			return placed
		}
		return network.Place(p, props.Vpc, "Subnets", props.Subnets, common)
	}
	if missing := azid.Missing(placed.AzIds, provider); missing != nil {
		p.Addf("AvailabilityZoneIds %q: the provider covers %q only, so the endpoint would fail at deploy time in %q (\"The VPC endpoint service does not support the availability zone of the subnet\"); choose zones among the provider's", placed.AzIds, provider, missing)
	}
	return placed
}

// NewServiceEndpoint creates the endpoint. It panics, before creating
// anything, if the props are invalid.
func NewServiceEndpoint(scope constructs.Construct, id *string, props *ServiceEndpointProps) *ServiceEndpoint {
	if props == nil {
		props = &ServiceEndpointProps{}
	}
	// validate fills the props from Service: a copy, the caller's stay as
	// given.
	copied := *props
	props = &copied
	if err := props.validate(*awscdk.Stack_Of(scope).Region()); err != nil {
		refuse.If(scope, id, err)
	}
	p := check.New("consumer.ServiceEndpoint")
	placed := props.place(p)
	if err := p.Err(); err != nil {
		refuse.If(scope, id, err)
	}

	this := &ServiceEndpoint{Construct: constructs.NewConstruct(scope, id), Port: provider.DefaultPort,
		Vpc: props.Vpc, AvailabilityZoneIds: placed.AzIds, subnets: placed.Count,
		serviceName: props.ServiceName,
		crossRegion: props.ServiceRegion != nil && *props.ServiceRegion != *awscdk.Stack_Of(scope).Region()}
	quotas.Watch(this.Construct)
	if props.Port != nil {
		this.Port = *props.Port
	}
	this.SecurityGroup = ec2.NewSecurityGroup(this.Construct, jsii.String(idEndpointSG), &ec2.SecurityGroupProps{
		Vpc:              props.Vpc,
		Description:      jsii.String("Interface endpoint of a PrivateLink service: the service port from named peers only"),
		AllowAllOutbound: jsii.Bool(false),
	})
	peers := props.AllowedPeers
	if len(peers) == 0 {
		peers = []ec2.IPeer{ec2.Peer_Ipv4(props.Vpc.VpcCidrBlock())}
		if check.IsToken(*props.Vpc.VpcCidrBlock()) {
			nag.VpcCidrPeer(this.SecurityGroup)
		}
	}
	for _, peer := range peers {
		this.SecurityGroup.AddIngressRule(peer, ec2.Port_Tcp(jsii.Number(this.Port)), jsii.String("service port"), nil)
	}

	this.Endpoint = ec2.NewInterfaceVpcEndpoint(this.Construct, jsii.String(idEndpoint), &ec2.InterfaceVpcEndpointProps{
		Vpc:               props.Vpc,
		Service:           ec2.NewInterfaceVpcEndpointService(props.ServiceName, jsii.Number(this.Port)),
		Subnets:           placed.Subnets,
		SecurityGroups:    &[]ec2.ISecurityGroup{this.SecurityGroup},
		PrivateDnsEnabled: jsii.Bool(defaults.True(props.PrivateDnsEnabled)),
		Open:              jsii.Bool(false),
		ServiceRegion:     props.ServiceRegion,
	})
	// DnsEntries are "<hosted zone id>:<name>", the regional name first.
	this.DnsName = awscdk.Fn_Select(jsii.Number(1), awscdk.Fn_Split(jsii.String(":"),
		awscdk.Fn_Select(jsii.Number(0), this.Endpoint.VpcEndpointDnsEntries()), nil))
	return this
}

// IpAddresses are the private IPv4 addresses of the endpoint's network
// interfaces, one per subnet, read at deploy time. The first call adds the
// lookup (an AwsCustomResource over ec2:DescribeNetworkInterfaces); an
// endpoint whose addresses nobody reads has none.
//
// The lookup names the endpoint's NetworkInterfaceIds, so it runs again
// whenever they change (new subnets, a replaced endpoint).
//
// While the provider has not accepted the connection (pendingAcceptance),
// the lookup reads the interfaces the endpoint was created with: the
// deploy completes, no traffic flows, and once the provider accepts, the
// same addresses carry it with no redeploy. The deploy rehearsal runs this
// sequence (mutants acceptance-required and acceptance-accepted in
// test/rehearsal). It models the interfaces as created with the endpoint,
// as moto does; AWS documents the states but not when the interfaces
// appear. Should they appear only on acceptance, Fn::Select fails the
// deploy, which rolls back and deletes the endpoint with its request: then
// accept within the deploy (ConnectionNotifications and automation on the
// provider side), or turn acceptance off for an allow-list of accounts you
// control, as the example does.
func (e *ServiceEndpoint) IpAddresses() []*string {
	if e.ipAddresses == nil {
		var ids []*string
		for i := range e.subnets {
			ids = append(ids, awscdk.Fn_Select(jsii.Number(i), e.Endpoint.VpcEndpointNetworkInterfaceIds()))
		}
		e.ipAddresses = lookupAddresses(e.Construct, ids, e.Endpoint.VpcEndpointId())
	}
	return e.ipAddresses
}

// lookupAddresses reads the private IPv4 address of each network interface
// at deploy time, in scope, as "Addresses".
func lookupAddresses(scope constructs.Construct, interfaceIds []*string, physicalId *string) []*string {
	var paths []*string
	for i := range interfaceIds {
		paths = append(paths, jsii.Sprintf("NetworkInterfaces.%d.PrivateIpAddress", i))
	}
	cr := sdkcall.New(scope, idAddressLookup, sdkcall.Call{
		Service: "EC2", Action: "describeNetworkInterfaces",
		Parameters:         map[string]any{"NetworkInterfaceIds": interfaceIds},
		PhysicalResourceId: physicalId,
		// Only the addresses are kept, far below the 4 KB limit of custom
		// resource responses.
		OutputPaths: paths,
		// ec2:DescribeNetworkInterfaces supports no resource-level
		// permissions: "*" is as narrow as IAM allows for this action.
		Resources: []*string{jsii.String("*")},
	})
	var addresses []*string
	for _, path := range paths {
		addresses = append(addresses, cr.GetResponseField(path))
	}
	return addresses
}

// Connections of the endpoint's security group, on the service port: what
// may reach the endpoint. ServiceEndpoint is an ec2.IConnectable.
func (e *ServiceEndpoint) Connections() ec2.Connections { return e.Endpoint.Connections() }

// ServicePort is Port; part of IServiceEndpoint.
func (e *ServiceEndpoint) ServicePort() float64 { return e.Port }

// EndpointVpc is Vpc; part of IServiceEndpoint.
func (e *ServiceEndpoint) EndpointVpc() ec2.IVpc { return e.Vpc }

// ZoneIds is AvailabilityZoneIds; part of IServiceEndpoint.
func (e *ServiceEndpoint) ZoneIds() []string { return e.AvailabilityZoneIds }

// AliasTarget is the endpoint's regional DNS name, for an alias record;
// part of IServiceEndpoint.
func (e *ServiceEndpoint) AliasTarget() r53.IAliasRecordTarget {
	return r53targets.NewInterfaceVpcEndpointTarget(e.Endpoint)
}
