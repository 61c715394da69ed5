package consumer

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// DefaultConsumerAzs is how many AZs a ConsumerVpc spans by default: an
// interface endpoint costs per AZ, and two keep it available when one fails.
const DefaultConsumerAzs = 2

// ConsumerVpcProps configure a ConsumerVpc.
type ConsumerVpcProps struct {
	// Cidr of the VPC, /16 to /24; it may overlap the providers' (PrivateLink
	// does not route between the VPCs).
	// Default: 10.0.0.0/16.
	Cidr *string
	// AvailabilityZoneIds the VPC spans, such as usw2-az1. Each must be a zone
	// the providers cover, and for a Gateway one where API Gateway VPC links
	// work (package azid).
	// Default: the first 2 default AZ IDs of the stack's region, which needs
	// a stack with an explicit region.
	AvailabilityZoneIds []string
	// MaxAzs spans the first MaxAzs of the region's default AZ IDs instead.
	// Default: 2.
	MaxAzs *float64
	// FlowLogRetention of the VPC flow logs (all traffic) in CloudWatch Logs.
	// Default: logs.RetentionDays_ONE_MONTH.
	FlowLogRetention logs.RetentionDays
	// PublicSubnets adds a public subnet in each AZ, routed to an internet
	// gateway, for an AlbFrontDoor's internet-facing load balancer. The
	// endpoints' subnets stay isolated: there is no NAT, and nothing but
	// the load balancer is placed in the public ones by default.
	// Default: false.
	PublicSubnets *bool
}

// ConsumerVpc is a VPC for service endpoints and the gateway: one isolated
// subnet in each AZ ID it spans, no internet path (API Gateway reaches in
// through its VPC link), S3 and DynamoDB gateway endpoints, the default
// security group closed, and flow logs. With PublicSubnets, each AZ also has
// a public subnet for an AlbFrontDoor.
type ConsumerVpc struct {
	constructs.Construct
	// Vpc is the VPC; pass it to ServiceEndpoint, PrivateZone and Gateway.
	Vpc ec2.IVpc
	// AvailabilityZoneIds of its subnets.
	AvailabilityZoneIds []string
	// FlowLogGroup receives the VPC flow logs.
	FlowLogGroup logs.LogGroup
}

func (props *ConsumerVpcProps) network() *network.Props {
	return &network.Props{Cidr: props.Cidr, AvailabilityZoneIds: props.AvailabilityZoneIds, MaxAzs: props.MaxAzs,
		FlowLogRetention: props.FlowLogRetention, DefaultMaxAzs: DefaultConsumerAzs, PublicSubnets: defaults.True(props.PublicSubnets)}
}

// validate records every problem of the props for a stack in region (which
// may be a token) and returns the VPC's AZ IDs. It is pure Go.
func (props *ConsumerVpcProps) validate(region string) ([]string, error) {
	p := check.New("consumer.ConsumerVpc")
	ids := props.network().Validate(p, region)
	return ids, p.Err()
}

// NewConsumerVpc creates the VPC. It panics, before creating anything, if
// the props are invalid.
func NewConsumerVpc(scope constructs.Construct, id *string, props *ConsumerVpcProps) *ConsumerVpc {
	if props == nil {
		props = &ConsumerVpcProps{}
	}
	ids, err := props.validate(*awscdk.Stack_Of(scope).Region())
	if err != nil {
		refuse.If(scope, id, err)
	}
	this := &ConsumerVpc{Construct: constructs.NewConstruct(scope, id)}
	built := network.Build(this.Construct, props.network(), ids)
	this.Vpc, this.AvailabilityZoneIds, this.FlowLogGroup = built.Vpc, built.AzIds, built.FlowLogs
	return this
}
