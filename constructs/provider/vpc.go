package provider

import (
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/check"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
)

// ProviderVpc defaults.
const (
	DefaultVpcCidr = network.DefaultCidr
	DefaultMaxAzs  = network.DefaultMaxAzs
)

// interfaceEndpoints are what a Fargate task needs with no internet path:
// pull its image from ECR (layers come through the S3 gateway endpoint) and
// ship its logs. The services are functions, not values: calling into jsii
// while the package initialises would start the JavaScript runtime on
// import, before main can set its environment.
var interfaceEndpoints = []struct {
	id      string
	service func() ec2.InterfaceVpcEndpointAwsService
}{
	{"EcrApi", ec2.InterfaceVpcEndpointAwsService_ECR},
	{"EcrDocker", ec2.InterfaceVpcEndpointAwsService_ECR_DOCKER},
	{"Logs", ec2.InterfaceVpcEndpointAwsService_CLOUDWATCH_LOGS},
}

// ProviderVpcProps configure a ProviderVpc.
type ProviderVpcProps struct {
	// Cidr of the VPC.
	// Default: 10.0.0.0/16.
	Cidr *string
	// AvailabilityZones by name.
	// Default: the first MaxAzs of the region, resolved at deploy time with
	// Fn::GetAZs, so synth needs no context lookup.
	AvailabilityZones []string
	// MaxAzs is the number of AZs when AvailabilityZones is not given. A
	// consumer can only use AZs the service is in: span as many as your
	// consumers do.
	// Default: 3.
	MaxAzs *float64
	// InterfaceEndpoints adds ECR API, ECR Docker and CloudWatch Logs
	// endpoints, so Fargate tasks pull images and ship logs with no internet
	// path. See the package doc for the cost.
	// Default: false.
	InterfaceEndpoints *bool
	// NatGateways gives the private subnets an internet path through this
	// many NAT gateways in public subnets. See the package doc for the cost.
	// Default: 0; the subnets are isolated and the VPC has no internet gateway.
	NatGateways *float64
	// FlowLogRetention of the VPC flow logs (all traffic) in CloudWatch Logs.
	// Default: logs.RetentionDays_ONE_MONTH.
	FlowLogRetention logs.RetentionDays
}

// ProviderVpc is a VPC for PrivateLink providers: private subnets in every AZ
// it spans, no internet path unless asked for, gateway endpoints for S3 and
// DynamoDB, and flow logs.
type ProviderVpc struct {
	constructs.Construct
	// Vpc is the VPC; pass it to the providers.
	Vpc ec2.Vpc
	// FlowLogGroup receives the VPC flow logs.
	FlowLogGroup logs.LogGroup
	// InterfaceEndpoints created when asked for, by service.
	InterfaceEndpoints []ec2.InterfaceVpcEndpoint
}

func (props *ProviderVpcProps) network() *network.Props {
	return &network.Props{Cidr: props.Cidr, AvailabilityZones: props.AvailabilityZones, MaxAzs: props.MaxAzs,
		NatGateways: props.NatGateways, FlowLogRetention: props.FlowLogRetention}
}

func (props *ProviderVpcProps) validate() error {
	p := check.New("provider.ProviderVpc")
	props.network().Validate(p)
	return p.Err()
}

// NewProviderVpc creates the VPC. It panics, before creating anything, if
// the props are invalid.
func NewProviderVpc(scope constructs.Construct, id *string, props *ProviderVpcProps) *ProviderVpc {
	if props == nil {
		props = &ProviderVpcProps{}
	}
	if err := props.validate(); err != nil {
		panic(err)
	}
	this := &ProviderVpc{Construct: constructs.NewConstruct(scope, id)}

	this.Vpc, this.FlowLogGroup = network.Build(this.Construct, props.network())

	if props.InterfaceEndpoints != nil && *props.InterfaceEndpoints {
		for _, e := range interfaceEndpoints {
			ep := this.Vpc.AddInterfaceEndpoint(jsii.String(e.id), &ec2.InterfaceVpcEndpointOptions{
				Service:           e.service(),
				PrivateDnsEnabled: jsii.Bool(true),
			})
			// CDK's endpoint security group admits 443 from the VPC's CIDR.
			nag.VpcCidrPeer(ep.Node().FindChild(jsii.String("SecurityGroup")))
			this.InterfaceEndpoints = append(this.InterfaceEndpoints, ep)
		}
	}
	return this
}
