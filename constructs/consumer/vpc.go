package consumer

import (
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/check"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
)

// ConsumerVpcProps configure a ConsumerVpc.
type ConsumerVpcProps struct {
	// Cidr of the VPC; it may overlap the providers' (PrivateLink does not
	// route between the VPCs).
	// Default: 10.0.0.0/16.
	Cidr *string
	// AvailabilityZones by name.
	// Default: the first MaxAzs of the region, resolved at deploy time with
	// Fn::GetAZs, so synth needs no context lookup.
	AvailabilityZones []string
	// MaxAzs is the number of AZs when AvailabilityZones is not given. Every
	// one must be an AZ the providers cover (see the package doc).
	// Default: 3.
	MaxAzs *float64
	// FlowLogRetention of the VPC flow logs (all traffic) in CloudWatch Logs.
	// Default: logs.RetentionDays_ONE_MONTH.
	FlowLogRetention logs.RetentionDays
}

// ConsumerVpc is a VPC for service endpoints and the gateway: isolated
// private subnets, no internet path (API Gateway reaches in through its VPC
// link), S3 and DynamoDB gateway endpoints, and flow logs.
type ConsumerVpc struct {
	constructs.Construct
	// Vpc is the VPC; pass it to ServiceEndpoint, PrivateZone and Gateway.
	Vpc ec2.Vpc
	// FlowLogGroup receives the VPC flow logs.
	FlowLogGroup logs.LogGroup
}

func (props *ConsumerVpcProps) network() *network.Props {
	return &network.Props{Cidr: props.Cidr, AvailabilityZones: props.AvailabilityZones, MaxAzs: props.MaxAzs, FlowLogRetention: props.FlowLogRetention}
}

// NewConsumerVpc creates the VPC. It panics, before creating anything, if
// the props are invalid.
func NewConsumerVpc(scope constructs.Construct, id *string, props *ConsumerVpcProps) *ConsumerVpc {
	if props == nil {
		props = &ConsumerVpcProps{}
	}
	p := check.New("consumer.ConsumerVpc")
	props.network().Validate(p)
	if err := p.Err(); err != nil {
		panic(err)
	}
	this := &ConsumerVpc{Construct: constructs.NewConstruct(scope, id)}
	this.Vpc, this.FlowLogGroup = network.Build(this.Construct, props.network())
	return this
}
