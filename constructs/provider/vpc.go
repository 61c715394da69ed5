package provider

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/azid"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// ProviderVpc defaults.
const (
	DefaultVpcCidr = network.DefaultCidr
	// DefaultInterfaceEndpointAzs is how many AZs the AWS-service interface
	// endpoints span: each endpoint costs per AZ, and one in 2 AZs serves
	// every subnet of the VPC.
	DefaultInterfaceEndpointAzs = 2
)

// interfaceEndpoint is an AWS service's interface endpoint, by child id.
type interfaceEndpoint struct {
	id      string
	service func() ec2.InterfaceVpcEndpointAwsService
}

// interfaceEndpoints are what a Fargate task needs with no internet path:
// pull its image from ECR (layers come through the S3 gateway endpoint) and
// ship its logs. The services are functions, not values: calling into jsii
// while the package initialises would start the JavaScript runtime on
// import, before main can set its environment.
var interfaceEndpoints = []interfaceEndpoint{
	{"EcrApi", ec2.InterfaceVpcEndpointAwsService_ECR},
	{"EcrDocker", ec2.InterfaceVpcEndpointAwsService_ECR_DOCKER},
	{"Logs", ec2.InterfaceVpcEndpointAwsService_CLOUDWATCH_LOGS},
}

// ProviderVpcProps configure a ProviderVpc.
type ProviderVpcProps struct {
	// Cidr of the VPC, /16 to /24; each subnet is 1/16 of it.
	// Default: 10.0.0.0/16.
	Cidr *string
	// AvailabilityZoneIds the VPC spans, such as usw2-az1. A consumer can
	// only place its endpoint in zones the service covers, and AZ IDs name
	// the same zone in every account.
	// Default: every default AZ ID of the stack's region (package azid),
	// which needs a stack with an explicit region.
	AvailabilityZoneIds []string
	// MaxAzs spans the first MaxAzs of the region's default AZ IDs instead.
	// Default: all of them.
	MaxAzs *float64
	// InterfaceEndpoints adds ECR API, ECR Docker and CloudWatch Logs
	// endpoints, so Fargate tasks pull images and ship logs with no internet
	// path. See the package doc for the cost.
	// Default: false.
	InterfaceEndpoints *bool
	// CloudFormationEndpoint adds a CloudFormation interface endpoint, the
	// path by which an Ec2Provider's instances signal their readiness with
	// no internet path (Ec2ProviderProps.Readiness): $7.30 a month per AZ.
	// Default: false.
	CloudFormationEndpoint *bool
	// InterfaceEndpointAzIds are the zones of those endpoints' network
	// interfaces; an interface endpoint serves every subnet of its VPC, so
	// more zones buy resilience, not reach.
	// Default: the first 2 of AvailabilityZoneIds.
	InterfaceEndpointAzIds []string
	// NatGateways gives the private subnets an internet path through this
	// many NAT gateways in public subnets. See the package doc for the cost.
	// Default: 0; the subnets are isolated and the VPC has no internet gateway.
	NatGateways *float64
	// FlowLogRetention of the VPC flow logs (all traffic) in CloudWatch Logs.
	// Default: logs.RetentionDays_ONE_MONTH.
	FlowLogRetention logs.RetentionDays
}

// ProviderVpc is a VPC for PrivateLink providers: one private subnet in each
// AZ ID it spans, placed by AZ ID (synth needs no lookup and no credentials),
// no internet path unless asked for, gateway endpoints for S3 and DynamoDB,
// the default security group closed, and flow logs.
type ProviderVpc struct {
	constructs.Construct
	// Vpc is the VPC; pass it to the providers.
	Vpc ec2.IVpc
	// AvailabilityZoneIds of its subnets; the providers in it cover these.
	AvailabilityZoneIds []string
	// FlowLogGroup receives the VPC flow logs.
	FlowLogGroup logs.LogGroup
	// InterfaceEndpoints created when asked for, by service.
	InterfaceEndpoints []ec2.InterfaceVpcEndpoint
}

func (props *ProviderVpcProps) network() *network.Props {
	return &network.Props{Cidr: props.Cidr, AvailabilityZoneIds: props.AvailabilityZoneIds, MaxAzs: props.MaxAzs,
		NatGateways: props.NatGateways, FlowLogRetention: props.FlowLogRetention}
}

// validate records every problem of the props for a stack in region (which
// may be a token) and returns the VPC's AZ IDs and the interface endpoints'.
// It is pure Go.
func (props *ProviderVpcProps) validate(region string) (azIds, endpointAzIds []string, err error) {
	p := check.New("provider.ProviderVpc")
	azIds = props.network().Validate(p, region)
	endpointAzIds = props.InterfaceEndpointAzIds
	if endpointAzIds == nil {
		endpointAzIds = azIds[:min(len(azIds), DefaultInterfaceEndpointAzs)]
	} else if network.CheckIds(p, "InterfaceEndpointAzIds", region, endpointAzIds) && azIds != nil {
		for _, id := range azid.Missing(endpointAzIds, azIds) {
			p.Addf("InterfaceEndpointAzIds %q: %s is not one of the VPC's AZ IDs %q", endpointAzIds, id, azIds)
		}
	}
	if props.InterfaceEndpointAzIds != nil && !defaults.True(props.InterfaceEndpoints) && !defaults.True(props.CloudFormationEndpoint) {
		p.Addf("InterfaceEndpointAzIds %q: InterfaceEndpoints and CloudFormationEndpoint are not true, so there are no interface endpoints to place; set one of them or drop InterfaceEndpointAzIds", props.InterfaceEndpointAzIds)
	}
	return azIds, endpointAzIds, p.Err()
}

// NewProviderVpc creates the VPC. It panics, before creating anything, if
// the props are invalid.
func NewProviderVpc(scope constructs.Construct, id *string, props *ProviderVpcProps) *ProviderVpc {
	if props == nil {
		props = &ProviderVpcProps{}
	}
	azIds, endpointAzIds, err := props.validate(*awscdk.Stack_Of(scope).Region())
	if err != nil {
		refuse.If(scope, id, err)
	}
	this := &ProviderVpc{Construct: constructs.NewConstruct(scope, id)}
	built := network.Build(this.Construct, props.network(), azIds)
	this.Vpc, this.AvailabilityZoneIds, this.FlowLogGroup = built.Vpc, built.AzIds, built.FlowLogs

	var wanted []interfaceEndpoint
	if defaults.True(props.InterfaceEndpoints) {
		wanted = append(wanted, interfaceEndpoints...)
	}
	if defaults.True(props.CloudFormationEndpoint) {
		wanted = append(wanted, interfaceEndpoint{"CloudFormation", ec2.InterfaceVpcEndpointAwsService_CLOUDFORMATION})
	}
	if len(wanted) > 0 {
		p := check.New("provider.ProviderVpc")
		placed := network.Place(p, this.Vpc, "the VPC", nil, endpointAzIds)
		if err := p.Err(); err != nil {
			refuse.If(scope, id, fmt.Errorf("InterfaceEndpointAzIds: %w", err))
		}
		for _, e := range wanted {
			ep := ec2.NewInterfaceVpcEndpoint(this.Construct, jsii.String(e.id), &ec2.InterfaceVpcEndpointProps{
				Vpc:               this.Vpc,
				Service:           e.service(),
				PrivateDnsEnabled: jsii.Bool(true),
				Subnets:           placed.Subnets,
			})
			this.InterfaceEndpoints = append(this.InterfaceEndpoints, ep)
		}
	}
	return this
}
