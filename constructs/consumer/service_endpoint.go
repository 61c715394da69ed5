package consumer

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/check"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/cfnfix"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
)

// Child ids of ServiceEndpoint; part of the construct's contract.
const (
	idEndpoint      = "Endpoint"
	idEndpointSG    = "SecurityGroup"
	idAddressLookup = "Addresses"
)

// DefaultPort is the port the providers of this library listen on by default.
const DefaultPort = 8080

// ServiceEndpointProps configure a ServiceEndpoint.
type ServiceEndpointProps struct {
	// Vpc to place the endpoint in. Required.
	Vpc ec2.IVpc
	// ServiceName of the provider's endpoint service,
	// com.amazonaws.vpce.<region>.vpce-svc-<id>. A token (for example a
	// provider stack's output read with Fn::GetStackOutput) is accepted and
	// not checked. Required.
	ServiceName *string
	// Port the service answers on; the only port the security group admits.
	// Default: 8080.
	Port *float64
	// Subnets for the endpoint's network interfaces, one per AZ. Pick AZs the
	// provider covers (see the package doc).
	// Default: the VPC's private subnets, one per AZ.
	Subnets *ec2.SubnetSelection
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
	// IpAddresses are the private IPv4 addresses of the endpoint's network
	// interfaces, one per subnet, resolved at deploy time.
	IpAddresses []*string
}

// validate records every problem of the props; stackRegion may be a token.
// It is pure Go.
func (props *ServiceEndpointProps) validate(stackRegion string) error {
	p := check.New("consumer.ServiceEndpoint")
	if props.Vpc == nil {
		p.Addf("Vpc is nil: want the ec2.IVpc to place the endpoint in")
	}
	if props.Port != nil {
		p.Add("Port", check.Port(*props.Port))
	}
	if props.ServiceRegion != nil {
		p.Add("ServiceRegion", check.Region(*props.ServiceRegion))
	}
	if props.ServiceName == nil {
		p.Addf("ServiceName is nil: want the provider's endpoint service name, com.amazonaws.vpce.<region>.vpce-svc-<id>")
		return p.Err()
	}
	region, err := check.ServiceName(*props.ServiceName)
	p.Add("ServiceName", err)
	if region == "" {
		return p.Err()
	}
	switch {
	case props.ServiceRegion != nil && !check.IsToken(*props.ServiceRegion) && *props.ServiceRegion != region:
		p.Addf("ServiceRegion %q: the service name %q is in %s; set ServiceRegion to %q or leave it unset", *props.ServiceRegion, *props.ServiceName, region, region)
	case props.ServiceRegion == nil && !check.IsToken(stackRegion) && stackRegion != region:
		p.Addf("ServiceName %q: the service is in %s but this stack is in %s; set ServiceRegion to %q for cross-region PrivateLink (the provider must allow %s), or deploy the consumer in %s", *props.ServiceName, region, stackRegion, region, stackRegion, region)
	}
	return p.Err()
}

// NewServiceEndpoint creates the endpoint. It panics, before creating
// anything, if the props are invalid.
func NewServiceEndpoint(scope constructs.Construct, id *string, props *ServiceEndpointProps) *ServiceEndpoint {
	if props == nil {
		props = &ServiceEndpointProps{}
	}
	if err := props.validate(*awscdk.Stack_Of(scope).Region()); err != nil {
		panic(err)
	}
	subnets := network.OnePerAz(props.Subnets)
	n := len(*props.Vpc.SelectSubnets(subnets).SubnetIds)
	if n == 0 {
		panic(fmt.Errorf("consumer.ServiceEndpoint: Subnets selects no subnet of the VPC: want a selection that matches at least one subnet"))
	}

	this := &ServiceEndpoint{Construct: constructs.NewConstruct(scope, id), Port: DefaultPort}
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
		nag.VpcCidrPeer(this.SecurityGroup)
	}
	for _, peer := range peers {
		this.SecurityGroup.AddIngressRule(peer, ec2.Port_Tcp(jsii.Number(this.Port)), jsii.String("service port"), nil)
	}

	this.Endpoint = ec2.NewInterfaceVpcEndpoint(this.Construct, jsii.String(idEndpoint), &ec2.InterfaceVpcEndpointProps{
		Vpc:               props.Vpc,
		Service:           ec2.NewInterfaceVpcEndpointService(props.ServiceName, jsii.Number(this.Port)),
		Subnets:           subnets,
		SecurityGroups:    &[]ec2.ISecurityGroup{this.SecurityGroup},
		PrivateDnsEnabled: jsii.Bool(props.PrivateDnsEnabled != nil && *props.PrivateDnsEnabled),
		Open:              jsii.Bool(false),
		ServiceRegion:     props.ServiceRegion,
	})
	// DnsEntries are "<hosted zone id>:<name>", the regional name first.
	this.DnsName = awscdk.Fn_Select(jsii.Number(1), awscdk.Fn_Split(jsii.String(":"),
		awscdk.Fn_Select(jsii.Number(0), this.Endpoint.VpcEndpointDnsEntries()), nil))
	this.IpAddresses = lookupAddresses(this.Construct, this.Endpoint, n)
	cfnfix.RedundantDependsOn(this.Construct)
	return this
}

// lookupAddresses reads the private IPv4 addresses of the endpoint's n
// network interfaces at deploy time. AWS names each interface "VPC Endpoint
// Interface <endpoint id>"; only the addresses are kept in the response, so
// it stays far below the 4 KB limit of custom resource responses.
func lookupAddresses(scope constructs.Construct, endpoint ec2.InterfaceVpcEndpoint, n int) []*string {
	var paths []*string
	for i := range n {
		paths = append(paths, jsii.Sprintf("NetworkInterfaces.%d.PrivateIpAddress", i))
	}
	call := &customresources.AwsSdkCall{
		Service: jsii.String("EC2"),
		Action:  jsii.String("describeNetworkInterfaces"),
		Parameters: map[string]any{
			"Filters": []map[string]any{{
				"Name":   "description",
				"Values": []*string{awscdk.Fn_Join(jsii.String(""), jsii.Strings("VPC Endpoint Interface ", *endpoint.VpcEndpointId()))},
			}},
		},
		PhysicalResourceId: customresources.PhysicalResourceId_Of(endpoint.VpcEndpointId()),
		OutputPaths:        &paths,
	}
	cr := customresources.NewAwsCustomResource(scope, jsii.String(idAddressLookup), &customresources.AwsCustomResourceProps{
		OnCreate: call,
		OnUpdate: call,
		// ec2:DescribeNetworkInterfaces supports no resource-level
		// permissions: "*" is as narrow as IAM allows for this action.
		Policy: customresources.AwsCustomResourcePolicy_FromSdkCalls(&customresources.SdkCallsPolicyOptions{
			Resources: customresources.AwsCustomResourcePolicy_ANY_RESOURCE(),
		}),
		InstallLatestAwsSdk: jsii.Bool(false),
	})
	nag.Suppress(cr.Node().FindChild(jsii.String("CustomResourcePolicy")), nag.Rule{
		ID:        "AwsSolutions-IAM5",
		Reason:    "ec2:DescribeNetworkInterfaces supports no resource-level permissions (Service Authorization Reference), so Resource must be *; the action is read-only.",
		AppliesTo: []string{"Resource::*"},
	})
	var ips []*string
	for _, path := range paths {
		ips = append(ips, cr.GetResponseField(path))
	}
	return ips
}
