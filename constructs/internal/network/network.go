// Package network builds the VPC both sides use and places things in its
// subnets by AZ ID. provider.ProviderVpc and consumer.ConsumerVpc are its
// public faces.
//
// The VPC is built from CloudFormation resources, not aws-cdk-lib's ec2.Vpc:
// ec2.Vpc places subnets by AZ name and reads the stack's AZ list to do so,
// which for a stack with an explicit account and region is a context lookup
// that needs AWS credentials (aws-cdk issue 28265). Here every subnet is an
// AWS::EC2::Subnet with AvailabilityZoneId, so any app synthesizes offline
// and the same AZ ID means the same physical zone in every account. The
// result is handed to the rest of CDK as an ec2.IVpc (ec2.Vpc_FromVpcAttributes),
// so load balancers, endpoints, services and users' own constructs use it
// like any VPC.
package network

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/azid"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logkey"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/quotas"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids; part of the wrappers' contract. Subnets and their route tables
// carry their AZ ID in their id, so adding or removing a zone never touches
// the others.
const (
	idVpc            = "Vpc"
	idImport         = "Import"
	idFlowLogs       = "FlowLogs"
	idFlowLog        = "FlowLog"
	idFlowLogRole    = "FlowLogRole"
	idFlowLogPolicy  = "FlowLogPolicy"
	idS3Endpoint     = "S3"
	idDdbEndpoint    = "DynamoDB"
	idIgw            = "InternetGateway"
	idIgwAttach      = "InternetGatewayAttachment"
	idDefaultSGIn    = "DefaultSecurityGroupNoIngress"
	idDefaultSGOut   = "DefaultSecurityGroupNoEgress"
	groupPrivate     = "Private"
	groupPublic      = "Public"
	prefixPrivate    = groupPrivate + "-"
	prefixPublic     = groupPublic + "-"
	suffixRouteTable = "-RouteTable"
	suffixAssoc      = "-RouteTableAssociation"
)

// DefaultCidr of both VPCs.
const DefaultCidr = "10.0.0.0/16"

// Subnets are cut from the VPC's CIDR in 16 equal blocks (a /20 each in a
// /16): block n-1 is the private subnet of zone azN, block 8+n-1 its public
// subnet when NAT is on. A subnet's CIDR depends on its zone's number alone,
// so zones can be added or removed without moving the others.
const (
	blockBits   = 4
	publicBlock = 8
)

// Props are the wrappers' props, already typed for CDK.
type Props struct {
	Cidr                *string
	AvailabilityZoneIds []string
	MaxAzs              *float64
	NatGateways         *float64
	FlowLogRetention    logs.RetentionDays
	// PublicSubnets gives every zone a public subnet (block 8+n-1, a route
	// to an internet gateway) without NAT: for an internet-facing load
	// balancer. NatGateways above 0 gives them too.
	PublicSubnets bool
	// DefaultMaxAzs is the wrapper's default number of zones: the first
	// DefaultMaxAzs of the region's defaults, or all of them when 0.
	DefaultMaxAzs int
}

// Validate records every problem of the props and returns the AZ IDs the VPC
// will span. region is the stack's, possibly a token. It is pure Go.
func (props *Props) Validate(p *check.Problems, region string) []string {
	if props.Cidr != nil {
		if _, err := splitCidr(*props.Cidr); err != nil {
			p.Add("Cidr", err)
		}
	}
	if props.NatGateways != nil {
		p.Add("NatGateways", check.Range(*props.NatGateways, 0, 6))
	}
	if props.MaxAzs != nil {
		p.Add("MaxAzs", check.Range(*props.MaxAzs, 1, 6))
	}
	var ids []string
	switch {
	case props.AvailabilityZoneIds != nil:
		if CheckIds(p, "AvailabilityZoneIds", region, props.AvailabilityZoneIds) {
			ids = props.AvailabilityZoneIds
		}
		if props.MaxAzs != nil {
			p.Addf("MaxAzs %v: give AvailabilityZoneIds or MaxAzs, not both", *props.MaxAzs)
		}
	case check.IsToken(region):
		p.Addf("AvailabilityZoneIds is nil and the stack's region is not known at synth (an environment-agnostic stack): give AvailabilityZoneIds such as [\"usw2-az1\", \"usw2-az2\"], or give the stack an env with a region")
	default:
		defaults, err := azid.Defaults(region)
		if err != nil {
			p.Addf("AvailabilityZoneIds is nil: %v", err)
			break
		}
		n := len(defaults)
		if props.DefaultMaxAzs > 0 {
			n = min(n, props.DefaultMaxAzs)
		}
		if props.MaxAzs != nil && check.Range(*props.MaxAzs, 1, 6) == nil {
			if int(*props.MaxAzs) > len(defaults) {
				p.Addf("MaxAzs %v: %s has %d default AZ IDs (%s); want at most %d, or give AvailabilityZoneIds", *props.MaxAzs, region, len(defaults), strings.Join(defaults, ", "), len(defaults))
			}
			n = min(len(defaults), int(*props.MaxAzs))
		}
		ids = defaults[:n]
	}
	for _, id := range ids {
		if n := azid.Number(id); n < 1 || n > publicBlock {
			p.Addf("AvailabilityZoneIds %q: zone number %d; this VPC lays out zones az1 to az%d", id, n, publicBlock)
		}
	}
	if props.NatGateways != nil && ids != nil && int(*props.NatGateways) > len(ids) {
		p.Addf("NatGateways %v: more than the %d AZs of the VPC; want at most one per AZ", *props.NatGateways, len(ids))
	}
	return ids
}

// CheckIds records the problems of a list of AZ IDs given for prop: empty,
// malformed, of another region, or repeated. It reports whether it is valid.
func CheckIds(p *check.Problems, prop, region string, ids []string) bool {
	before := p.Count()
	if ids != nil && len(ids) == 0 {
		p.Addf("%s is empty: want at least one AZ ID, or leave it nil for the default", prop)
	}
	if check.IsToken(region) {
		region = ""
	}
	seen := map[string]bool{}
	for i, id := range ids {
		if err := azid.Check(region, id); err != nil {
			p.Add(fmt.Sprintf("%s[%d]", prop, i), err)
		} else if seen[id] {
			p.Addf("%s[%d] %q: listed twice", prop, i, id)
		}
		seen[id] = true
	}
	return p.Count() == before
}

// splitCidr checks an IPv4 VPC CIDR and returns it with the prefix length
// of its 16 blocks.
func splitCidr(cidr string) (netip.Prefix, error) {
	prefix, err := netip.ParsePrefix(cidr)
	if err != nil || !prefix.Addr().Is4() || prefix.Masked() != prefix {
		return netip.Prefix{}, fmt.Errorf("%q: want an IPv4 network in CIDR notation such as 10.0.0.0/16", cidr)
	}
	if prefix.Bits() < 16 || prefix.Bits() > 28-blockBits {
		return netip.Prefix{}, fmt.Errorf("%q: want a prefix length from /16 to /%d (AWS allows /16 to /28 per VPC, and subnets here are 1/16 of it)", cidr, 28-blockBits)
	}
	return prefix, nil
}

// block returns the n-th of the 16 blocks of the VPC's CIDR.
func block(vpc netip.Prefix, n int) string {
	bits := vpc.Bits() + blockBits
	size := uint32(1) << (32 - bits)
	base := vpc.Addr().As4()
	v := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	v += uint32(n) * size
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), bits).String()
}

// Network is a built VPC.
type Network struct {
	// Vpc is the VPC as CDK constructs take it.
	Vpc ec2.IVpc
	// Cfn is its AWS::EC2::VPC.
	Cfn ec2.CfnVPC
	// FlowLogs receives its flow logs.
	FlowLogs logs.LogGroup
	// AzIds it spans, in the order given.
	AzIds []string
}

// Build creates the VPC in scope from validated props and the AZ IDs
// Validate returned.
func Build(scope constructs.Construct, props *Props, azIds []string) *Network {
	cidr := DefaultCidr
	if props.Cidr != nil {
		cidr = *props.Cidr
	}
	prefix, _ := splitCidr(cidr)
	nat := int(*defaults.Number(props.NatGateways, 0))
	privateType := "Isolated"
	if nat > 0 {
		privateType = "Private"
	}

	quotas.Watch(scope)
	vpc := ec2.NewCfnVPC(scope, jsii.String(idVpc), &ec2.CfnVPCProps{
		CidrBlock:          jsii.String(cidr),
		EnableDnsHostnames: jsii.Bool(true), // interface endpoints' private DNS needs both
		EnableDnsSupport:   jsii.Bool(true),
		Tags:               &[]*awscdk.CfnTag{{Key: jsii.String("Name"), Value: scope.Node().Path()}},
	})
	nag.Compliance(vpc, "VPCDefaultSecurityGroupClosed", nag.ReasonDefaultSGClosed)

	var igw ec2.CfnInternetGateway
	var attach ec2.CfnVPCGatewayAttachment
	public := nat > 0 || props.PublicSubnets
	if public {
		igw = ec2.NewCfnInternetGateway(scope, jsii.String(idIgw), nil)
		attach = ec2.NewCfnVPCGatewayAttachment(scope, jsii.String(idIgwAttach), &ec2.CfnVPCGatewayAttachmentProps{
			VpcId: vpc.Ref(), InternetGatewayId: igw.Ref(),
		})
	}
	subnet := func(kind, id string, n int, tpe string) (ec2.CfnSubnet, ec2.CfnRouteTable) {
		s := ec2.NewCfnSubnet(scope, jsii.String(kind+id), &ec2.CfnSubnetProps{
			VpcId:               vpc.Ref(),
			CidrBlock:           jsii.String(block(prefix, n)),
			AvailabilityZoneId:  jsii.String(id),
			MapPublicIpOnLaunch: jsii.Bool(false),
			Tags: &[]*awscdk.CfnTag{
				{Key: jsii.String("Name"), Value: jsii.String(*scope.Node().Path() + "/" + kind + id)},
				{Key: jsii.String("aws-cdk:subnet-name"), Value: jsii.String(strings.TrimSuffix(kind, "-"))},
				{Key: jsii.String("aws-cdk:subnet-type"), Value: jsii.String(tpe)},
			},
		})
		rt := ec2.NewCfnRouteTable(scope, jsii.String(kind+id+suffixRouteTable), &ec2.CfnRouteTableProps{VpcId: vpc.Ref()})
		ec2.NewCfnSubnetRouteTableAssociation(scope, jsii.String(kind+id+suffixAssoc), &ec2.CfnSubnetRouteTableAssociationProps{
			SubnetId: s.Ref(), RouteTableId: rt.Ref(),
		})
		return s, rt
	}

	attrs := &ec2.VpcAttributes{VpcId: vpc.Ref(), VpcCidrBlock: jsii.String(cidr), AvailabilityZones: &[]*string{}}
	var natIds []*string
	var privateIds, privateRts, privateCidrs, publicIds, publicRts, publicCidrs []*string
	for i, id := range azIds {
		n := azid.Number(id) - 1
		if public {
			pub, rt := subnet(prefixPublic, id, publicBlock+n, "Public")
			route := ec2.NewCfnRoute(scope, jsii.String(prefixPublic+id+"-DefaultRoute"), &ec2.CfnRouteProps{
				RouteTableId: rt.Ref(), DestinationCidrBlock: jsii.String("0.0.0.0/0"), GatewayId: igw.Ref(),
			})
			route.AddResourceDependency(attach, jsii.String("a route to an internet gateway needs it attached"))
			nag.Compliance(route, "VPCNoUnrestrictedRouteToIGW", nag.ReasonPublicRoute)
			if i < nat {
				eip := ec2.NewCfnEIP(scope, jsii.String(prefixPublic+id+"-NatIp"), &ec2.CfnEIPProps{Domain: jsii.String("vpc")})
				gw := ec2.NewCfnNatGateway(scope, jsii.String(prefixPublic+id+"-Nat"), &ec2.CfnNatGatewayProps{
					SubnetId: pub.Ref(), AllocationId: eip.AttrAllocationId(),
				})
				gw.AddResourceDependency(route, jsii.String("the NAT gateway needs its subnet's route out"))
				natIds = append(natIds, gw.Ref())
			}
			publicIds, publicRts, publicCidrs = append(publicIds, pub.Ref()), append(publicRts, rt.Ref()), append(publicCidrs, pub.CidrBlock())
		}
		priv, rt := subnet(prefixPrivate, id, n, privateType)
		register(*priv.Ref(), id)
		privateIds, privateRts, privateCidrs = append(privateIds, priv.Ref()), append(privateRts, rt.Ref()), append(privateCidrs, priv.CidrBlock())
		*attrs.AvailabilityZones = append(*attrs.AvailabilityZones, priv.AttrAvailabilityZone())
	}
	// Private subnets reach the NAT gateway of their own zone, or the first.
	for i, id := range azIds {
		if nat == 0 {
			break
		}
		ec2.NewCfnRoute(scope, jsii.String(prefixPrivate+id+"-DefaultRoute"), &ec2.CfnRouteProps{
			RouteTableId: privateRts[i], DestinationCidrBlock: jsii.String("0.0.0.0/0"), NatGatewayId: natIds[sameZoneOrFirst(i, nat)],
		})
	}
	if nat > 0 {
		attrs.PrivateSubnetIds, attrs.PrivateSubnetRouteTableIds, attrs.PrivateSubnetIpv4CidrBlocks = &privateIds, &privateRts, &privateCidrs
		attrs.PrivateSubnetNames = jsii.Strings(groupPrivate)
	} else {
		attrs.IsolatedSubnetIds, attrs.IsolatedSubnetRouteTableIds, attrs.IsolatedSubnetIpv4CidrBlocks = &privateIds, &privateRts, &privateCidrs
		attrs.IsolatedSubnetNames = jsii.Strings(groupPrivate)
	}
	if public {
		attrs.PublicSubnetIds, attrs.PublicSubnetRouteTableIds, attrs.PublicSubnetIpv4CidrBlocks = &publicIds, &publicRts, &publicCidrs
		attrs.PublicSubnetNames = jsii.Strings(groupPublic)
		for i, s := range publicIds {
			register(*s, azIds[i])
		}
	}
	iv := ec2.Vpc_FromVpcAttributes(scope, jsii.String(idImport), attrs)

	// Added one by one rather than through a map: a Go map has no order, and
	// the template should not change between runs.
	for _, e := range []struct {
		id  string
		svc ec2.IGatewayVpcEndpointService
	}{{idS3Endpoint, ec2.GatewayVpcEndpointAwsService_S3()}, {idDdbEndpoint, ec2.GatewayVpcEndpointAwsService_DYNAMODB()}} {
		ec2.NewGatewayVpcEndpoint(scope, jsii.String(e.id), &ec2.GatewayVpcEndpointProps{Vpc: iv, Service: e.svc})
	}
	restrictDefaultSecurityGroup(scope, vpc)

	retention := props.FlowLogRetention
	if retention == "" {
		retention = logs.RetentionDays_ONE_MONTH
	}
	flowLogs := logkey.NewLogGroup(scope, idFlowLogs, &logs.LogGroupProps{Retention: retention})
	// The delivery role's one permission is a managed policy, not an inline
	// one (the compliance packs' IAMNoInlinePolicy); aws-cdk-lib would add
	// the same statement inline, so it gets the role without policy updates.
	role := iam.NewRole(scope, jsii.String(idFlowLogRole), &iam.RoleProps{
		AssumedBy:   iam.NewServicePrincipal(jsii.String("vpc-flow-logs.amazonaws.com"), nil),
		Description: jsii.String("Delivers the VPC's flow logs to CloudWatch Logs"),
	})
	iam.NewManagedPolicy(scope, jsii.String(idFlowLogPolicy), &iam.ManagedPolicyProps{
		Description: jsii.String("Writes the VPC's flow logs to their log group"),
		Statements: &[]iam.PolicyStatement{iam.NewPolicyStatement(&iam.PolicyStatementProps{
			Actions:   jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
			Resources: jsii.Strings(*flowLogs.LogGroupArn()),
		})},
		Roles: &[]iam.IRole{role},
	})
	ec2.NewFlowLog(scope, jsii.String(idFlowLog), &ec2.FlowLogProps{
		ResourceType: ec2.FlowLogResourceType_FromVpc(iv),
		Destination:  ec2.FlowLogDestination_ToCloudWatchLogs(flowLogs, role.WithoutPolicyUpdates(nil)),
		TrafficType:  ec2.FlowLogTrafficType_ALL,
	})
	return &Network{Vpc: iv, Cfn: vpc, FlowLogs: flowLogs, AzIds: slices.Clone(azIds)}
}

// restrictDefaultSecurityGroup removes the two rules AWS gives every VPC's
// default security group (all traffic from itself, all traffic out), so
// anything launched without a group of its own is cut off, as aws-cdk-lib's
// ec2.Vpc does under @aws-cdk/aws-ec2:restrictDefaultSecurityGroup. Its
// handler is internal to ec2.Vpc, so here two AwsCustomResource calls do
// it; a rule already gone is not an error.
func restrictDefaultSecurityGroup(scope constructs.Construct, vpc ec2.CfnVPC) {
	stack := awscdk.Stack_Of(scope)
	sgArn := stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("ec2"), Resource: jsii.String("security-group"), ResourceName: vpc.AttrDefaultSecurityGroup(),
	})
	for _, c := range []struct {
		id, action string
		perm       map[string]any
	}{
		{idDefaultSGIn, "revokeSecurityGroupIngress", map[string]any{"IpProtocol": "-1", "UserIdGroupPairs": []map[string]any{{"GroupId": vpc.AttrDefaultSecurityGroup()}}}},
		{idDefaultSGOut, "revokeSecurityGroupEgress", map[string]any{"IpProtocol": "-1", "IpRanges": []map[string]any{{"CidrIp": "0.0.0.0/0"}}}},
	} {
		sdkcall.New(scope, c.id, sdkcall.Call{
			Service: "EC2", Action: c.action,
			Parameters:         map[string]any{"GroupId": vpc.AttrDefaultSecurityGroup(), "IpPermissions": []map[string]any{c.perm}},
			PhysicalResourceId: vpc.AttrDefaultSecurityGroup(),
			IgnoreErrorCodes:   "InvalidPermission.NotFound",
			Resources:          []*string{sgArn},
		})
	}
}

// OnePerAz returns a copy of sel (or the default selection: the VPC's private
// subnets) that picks one subnet per AZ. A load balancer or an endpoint is
// present in exactly the AZs of its subnets, one each.
func OnePerAz(sel *ec2.SubnetSelection) *ec2.SubnetSelection {
	out := ec2.SubnetSelection{}
	if sel != nil {
		out = *sel
	}
	if out.Subnets == nil {
		out.OnePerAz = jsii.Bool(true)
	}
	return &out
}

// The AZ IDs of the subnets this package built, by subnet ID (a token,
// unique in the process). CDK's ISubnet has no AZ ID, so the constructs
// that place things by AZ ID look them up here.
var (
	mu     sync.Mutex
	zoneOf = map[string]string{}
)

func register(subnetId, id string) {
	mu.Lock()
	defer mu.Unlock()
	zoneOf[subnetId] = id
}

// AzIdOf returns the AZ ID of a subnet built by this package.
func AzIdOf(s ec2.ISubnet) (string, bool) {
	mu.Lock()
	defer mu.Unlock()
	id, ok := zoneOf[*s.SubnetId()]
	return id, ok
}

// Placement is where a load balancer, a VPC link or an endpoint goes: one
// subnet per AZ.
type Placement struct {
	// Subnets to give the construct.
	Subnets *ec2.SubnetSelection
	// AzIds of those subnets, or nil when not known (an imported VPC whose
	// AZ IDs were not given).
	AzIds []string
	// Count of subnets.
	Count int

	public []string // IDs of public subnets among them, when asked
}

// Place picks one subnet per AZ among the subnets sel (the prop selProp;
// default the VPC's private subnets) selects in vpc. In a VPC built here the
// AZ IDs of the subnets are known: azIds, when given, choose among them. In
// any other VPC they are not, and azIds, when given, declare the AZ IDs of
// the selected subnets. Problems are recorded in p.
func Place(p *check.Problems, vpc ec2.IVpc, selProp string, sel *ec2.SubnetSelection, azIds []string) Placement {
	return place(p, vpc, selProp, sel, azIds, true)
}

// PlacePrivate is Place refusing public subnets (with a route to an
// internet gateway) unless publicProp, the prop that allows them, is set.
func PlacePrivate(p *check.Problems, vpc ec2.IVpc, selProp string, sel *ec2.SubnetSelection, azIds []string, publicProp string, allowPublic bool) Placement {
	placed := place(p, vpc, selProp, sel, azIds, allowPublic)
	if !allowPublic && placed.public != nil {
		p.Addf("%s selects public subnets %q (with a route to the internet), where private ones are meant; select private subnets (of type PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED), or set %s to true", selProp, placed.public, publicProp)
	}
	return placed
}

func place(p *check.Problems, vpc ec2.IVpc, selProp string, sel *ec2.SubnetSelection, azIds []string, allowPublic bool) Placement {
	onePerAz := OnePerAz(sel)
	subnets, err := selectSubnets(vpc, onePerAz)
	if err != nil {
		p.Addf("%s %v; want a selection of subnets the VPC has (by default its private subnets)", selProp, err)
		return Placement{}
	}
	if len(subnets) == 0 {
		p.Addf("%s selects no subnet of the VPC: want a selection that matches at least one subnet", selProp)
		return Placement{}
	}
	var public []string
	if !allowPublic {
		publicIds := map[string]bool{}
		for _, s := range *vpc.PublicSubnets() {
			publicIds[*s.SubnetId()] = true
		}
		for _, s := range subnets {
			if publicIds[*s.SubnetId()] {
				public = append(public, *s.SubnetId())
			}
		}
	}
	placed := placeIn(p, vpc, selProp, onePerAz, subnets, azIds)
	placed.public = public
	return placed
}

func placeIn(p *check.Problems, vpc ec2.IVpc, selProp string, onePerAz *ec2.SubnetSelection, subnets []ec2.ISubnet, azIds []string) Placement {
	var have []string
	for _, s := range subnets {
		id, ok := AzIdOf(s)
		if !ok {
			have = nil
			break
		}
		have = append(have, id)
	}
	switch {
	case have != nil && azIds == nil:
		return Placement{Subnets: onePerAz, AzIds: have, Count: len(have)}
	case have != nil:
		var picked []ec2.ISubnet
		for i, id := range azIds {
			if j := slices.Index(have, id); j >= 0 {
				picked = append(picked, subnets[j])
			} else {
				p.Addf("AvailabilityZoneIds[%d] %q: the subnets %s selects are in %s only; want AZ IDs among those, or a VPC in that zone", i, id, selProp, strings.Join(have, ", "))
			}
		}
		return Placement{Subnets: &ec2.SubnetSelection{Subnets: &picked}, AzIds: slices.Clone(azIds), Count: len(picked)}
	case azIds != nil && len(azIds) != len(subnets):
		p.Addf("AvailabilityZoneIds %q: %d AZ IDs for the %d subnets (one per AZ) that %s selects; CDK cannot know the AZ IDs of an imported VPC's subnets, so give the AZ ID of each selected subnet", azIds, len(azIds), len(subnets), selProp)
		return Placement{}
	default:
		return Placement{Subnets: onePerAz, AzIds: slices.Clone(azIds), Count: len(subnets)}
	}
}

// selectSubnets is vpc.SelectSubnets with aws-cdk-lib's refusal (a panic,
// such as "There are no 'Public' subnet groups in this VPC") returned as an
// error, so the caller can name its own prop.
func selectSubnets(vpc ec2.IVpc, sel *ec2.SubnetSelection) (subnets []ec2.ISubnet, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("selects nothing aws-cdk-lib can give: %v", r)
		}
	}()
	return *vpc.SelectSubnets(sel).Subnets, nil
}

func sameZoneOrFirst(i, nat int) int {
	if i < nat {
		return i
	}
	return 0
}
