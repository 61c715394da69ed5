package consumer

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	r53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// IServiceEndpoint is what the gateway, the front door and a private zone
// need of an interface endpoint to a PrivateLink service: a ServiceEndpoint
// of this app, or one made elsewhere and brought in with
// FromServiceEndpointAttributes.
type IServiceEndpoint interface {
	constructs.IConstruct
	// Connections of the endpoint's security groups, on the service port:
	// the gateway and the front door admit their load balancers with it.
	ec2.IConnectable
	// EndpointVpc is the VPC the endpoint is in.
	EndpointVpc() ec2.IVpc
	// ServicePort is the port the service answers on.
	ServicePort() float64
	// ZoneIds are the AZ IDs of the endpoint's network interfaces, or nil
	// when not known.
	ZoneIds() []string
	// IpAddresses are the private IPv4 addresses of the endpoint's network
	// interfaces, one per zone, known at deploy time.
	IpAddresses() []*string
	// AliasTarget points an alias record at the endpoint's regional DNS
	// name, or is nil when that name is not known.
	AliasTarget() r53.IAliasRecordTarget
}

var _ IServiceEndpoint = (*ServiceEndpoint)(nil)

// ServiceEndpointAttributes describe an interface endpoint made in another
// stack or app, or by hand.
type ServiceEndpointAttributes struct {
	// Vpc the endpoint is in. Required.
	Vpc ec2.IVpc
	// VpcEndpointId of the endpoint, vpce-0123456789abcdef0. Required.
	VpcEndpointId *string
	// Port the service answers on.
	// Default: provider.DefaultPort.
	Port *float64
	// SecurityGroupIds of the endpoint. Rules admitting the gateway or the
	// front door are added to them, in this stack. Required.
	SecurityGroupIds []*string
	// AvailabilityZoneIds of the endpoint's network interfaces, such as
	// usw2-az1, one per interface: they say how many addresses to read, and
	// let the gateway check that it reaches them. Required.
	AvailabilityZoneIds []string
	// IpAddresses of the network interfaces, when known.
	// Default: read at deploy time (ec2:DescribeVpcEndpoints, then
	// ec2:DescribeNetworkInterfaces).
	IpAddresses []*string
	// DnsName is the endpoint's regional DNS name and DnsHostedZoneId the
	// hosted zone of that name (the two halves of its first DnsEntries
	// item); both are needed by PrivateZone.AddEndpoint.
	// Default: none; the endpoint cannot be named in a private zone.
	DnsName         *string
	DnsHostedZoneId *string
}

var (
	endpointIdRe      = regexp.MustCompile(`^vpce-([0-9a-f]{8}|[0-9a-f]{17})$`)
	securityGroupIdRe = regexp.MustCompile(`^sg-([0-9a-f]{8}|[0-9a-f]{17})$`)
)

// importedEndpoint is an endpoint made elsewhere.
type importedEndpoint struct {
	constructs.Construct
	attrs       ServiceEndpointAttributes
	port        float64
	connections ec2.Connections
	addresses   []*string
}

func (a *ServiceEndpointAttributes) validate(region string) error {
	p := check.New("consumer.FromServiceEndpointAttributes")
	if a.Vpc == nil {
		p.Addf("Vpc is nil: want the ec2.IVpc the endpoint is in")
	}
	switch {
	case a.VpcEndpointId == nil:
		p.Addf("VpcEndpointId is nil: want the endpoint's ID, vpce-0123456789abcdef0")
	case !check.IsToken(*a.VpcEndpointId) && !endpointIdRe.MatchString(*a.VpcEndpointId):
		p.Addf("VpcEndpointId %q: want an interface endpoint ID, vpce- and 8 or 17 hexadecimal digits", *a.VpcEndpointId)
	}
	if a.Port != nil {
		p.Add("Port", check.Port(*a.Port))
	}
	if len(a.SecurityGroupIds) == 0 {
		p.Addf("SecurityGroupIds is empty: want the endpoint's security groups, so the gateway or front door can be admitted on the service port")
	}
	for i, id := range a.SecurityGroupIds {
		if id == nil || (!check.IsToken(*id) && !securityGroupIdRe.MatchString(*id)) {
			p.Addf("SecurityGroupIds[%d] %s: want a security group ID, sg- and 8 or 17 hexadecimal digits", i, quoted(id))
		}
	}
	if len(a.AvailabilityZoneIds) == 0 {
		p.Addf("AvailabilityZoneIds is empty: want the AZ IDs of the endpoint's network interfaces, such as usw2-az1, one per interface")
	} else {
		network.CheckIds(p, "AvailabilityZoneIds", region, a.AvailabilityZoneIds)
	}
	if a.IpAddresses != nil && len(a.IpAddresses) != len(a.AvailabilityZoneIds) {
		p.Addf("IpAddresses: %d given for %d AvailabilityZoneIds; want one address per network interface", len(a.IpAddresses), len(a.AvailabilityZoneIds))
	}
	if (a.DnsName == nil) != (a.DnsHostedZoneId == nil) {
		p.Addf("DnsName and DnsHostedZoneId: give both (the endpoint's first DnsEntries item, <zone id>:<name>) or neither")
	}
	if a.DnsName != nil {
		p.Add("DnsName", check.DNSName(*a.DnsName))
	}
	return p.Err()
}

func quoted(s *string) string {
	if s == nil {
		return "nil"
	}
	return fmt.Sprintf("%q", *s)
}

// FromServiceEndpointAttributes brings in an interface endpoint made
// elsewhere, for Gateway.AddService, AlbFrontDoor.AddService and
// PrivateZone.AddEndpoint. Its addresses are read when this stack is
// created and whenever the attributes change: when the endpoint's owner
// changes its subnets, change AvailabilityZoneIds here too, or the targets
// keep the old addresses. Rules added to its security groups keep them (and
// the owner's stack) from being deleted until this stack is. It panics if
// the attributes are invalid.
func FromServiceEndpointAttributes(scope constructs.Construct, id *string, attrs *ServiceEndpointAttributes) IServiceEndpoint {
	if attrs == nil {
		attrs = &ServiceEndpointAttributes{}
	}
	refuse.If(scope, id, attrs.validate(*awscdk.Stack_Of(scope).Region()))
	e := &importedEndpoint{Construct: constructs.NewConstruct(scope, id), attrs: *attrs, port: provider.DefaultPort}
	if attrs.Port != nil {
		e.port = *attrs.Port
	}
	var groups []ec2.ISecurityGroup
	for i, sg := range attrs.SecurityGroupIds {
		groups = append(groups, ec2.SecurityGroup_FromSecurityGroupId(e.Construct, jsii.Sprintf("SecurityGroup%d", i), sg,
			&ec2.SecurityGroupImportOptions{AllowAllOutbound: jsii.Bool(false), Mutable: jsii.Bool(true)}))
	}
	e.connections = ec2.NewConnections(&ec2.ConnectionsProps{
		SecurityGroups: &groups,
		DefaultPort:    ec2.Port_Tcp(jsii.Number(e.port)),
	})
	e.addresses = attrs.IpAddresses
	return e
}

func (e *importedEndpoint) Connections() ec2.Connections { return e.connections }
func (e *importedEndpoint) EndpointVpc() ec2.IVpc        { return e.attrs.Vpc }
func (e *importedEndpoint) ServicePort() float64         { return e.port }
func (e *importedEndpoint) ZoneIds() []string            { return e.attrs.AvailabilityZoneIds }

// IpAddresses are the given ones, or read at deploy time: the endpoint's
// network interface IDs first, then their addresses.
func (e *importedEndpoint) IpAddresses() []*string {
	if e.addresses != nil {
		return e.addresses
	}
	var paths []*string
	for i := range e.attrs.AvailabilityZoneIds {
		paths = append(paths, jsii.Sprintf("VpcEndpoints.0.NetworkInterfaceIds.%d", i))
	}
	interfaces := sdkcall.New(e.Construct, idInterfaceLookup, sdkcall.Call{
		Service: "EC2", Action: "describeVpcEndpoints",
		Parameters:         map[string]any{"VpcEndpointIds": []*string{e.attrs.VpcEndpointId}},
		PhysicalResourceId: e.attrs.VpcEndpointId,
		OutputPaths:        paths,
		// ec2:DescribeVpcEndpoints supports no resource-level permissions.
		Resources: []*string{jsii.String("*")},
	})
	var ids []*string
	for _, path := range paths {
		ids = append(ids, interfaces.GetResponseField(path))
	}
	e.addresses = lookupAddresses(e.Construct, ids, e.attrs.VpcEndpointId)
	return e.addresses
}

func (e *importedEndpoint) AliasTarget() r53.IAliasRecordTarget {
	if e.attrs.DnsName == nil {
		return nil
	}
	return &aliasTarget{name: e.attrs.DnsName, zone: e.attrs.DnsHostedZoneId}
}

// aliasTarget is an alias to a DNS name of a known hosted zone; aws-cdk-lib
// has none for an imported endpoint, whose DNS entries it does not know.
type aliasTarget struct{ name, zone *string }

func (a *aliasTarget) Bind(r53.IRecordSet, r53.IHostedZone) *r53.AliasRecordTargetConfig {
	return &r53.AliasRecordTargetConfig{DnsName: a.name, HostedZoneId: a.zone}
}

// constructOf is the construct c stands for, as aws-cdk-lib takes it for a
// scope: a Go value that embeds a construct cannot be passed as one.
func constructOf(c constructs.IConstruct) constructs.Construct {
	var out constructs.Construct
	jsii.UnsafeCast(c.Node().Scope().Node().FindChild(c.Node().Id()), &out)
	return out
}
