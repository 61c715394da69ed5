package provider

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/cfnfix"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/check"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nlb"
)

// Child ids of ProviderVpc; part of the construct's contract.
const (
	idVpc         = "Vpc"
	idFlowLogs    = "FlowLogs"
	idFlowLog     = "FlowLog"
	idS3Endpoint  = "S3"
	idDdbEndpoint = "DynamoDB"
)

// ProviderVpc defaults.
const (
	DefaultVpcCidr = "10.0.0.0/16"
	DefaultMaxAzs  = 3
)

// interfaceEndpoints are what a Fargate task needs with no internet path:
// pull its image from ECR (layers come through the S3 gateway endpoint) and
// ship its logs.
var interfaceEndpoints = []struct {
	id      string
	service ec2.InterfaceVpcEndpointAwsService
}{
	{"EcrApi", ec2.InterfaceVpcEndpointAwsService_ECR()},
	{"EcrDocker", ec2.InterfaceVpcEndpointAwsService_ECR_DOCKER()},
	{"Logs", ec2.InterfaceVpcEndpointAwsService_CLOUDWATCH_LOGS()},
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

func (props *ProviderVpcProps) validate() error {
	p := check.New("provider.ProviderVpc")
	if props.AvailabilityZones != nil && props.MaxAzs != nil {
		p.Addf("MaxAzs %v: give AvailabilityZones or MaxAzs, not both", *props.MaxAzs)
	}
	if props.AvailabilityZones != nil && len(props.AvailabilityZones) == 0 {
		p.Addf("AvailabilityZones is empty: want at least one AZ name, or leave it nil for the first MaxAzs of the region")
	}
	if props.MaxAzs != nil {
		p.Add("MaxAzs", check.Range(*props.MaxAzs, 1, 6))
	}
	if props.NatGateways != nil {
		p.Add("NatGateways", check.Range(*props.NatGateways, 0, 6))
	}
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

	azs := *jsii.Strings(props.AvailabilityZones...)
	if props.AvailabilityZones == nil {
		n := int(*nlb.NumberOr(props.MaxAzs, DefaultMaxAzs))
		for i := range n {
			azs = append(azs, awscdk.Fn_Select(jsii.Number(i), awscdk.Fn_GetAzs(nil)))
		}
	}
	nat := *nlb.NumberOr(props.NatGateways, 0)
	subnets := []*ec2.SubnetConfiguration{{
		Name:       jsii.String("Private"),
		SubnetType: ec2.SubnetType_PRIVATE_ISOLATED,
		CidrMask:   jsii.Number(20),
	}}
	if nat > 0 {
		subnets = []*ec2.SubnetConfiguration{
			{Name: jsii.String("Public"), SubnetType: ec2.SubnetType_PUBLIC, CidrMask: jsii.Number(24)},
			{Name: jsii.String("Private"), SubnetType: ec2.SubnetType_PRIVATE_WITH_EGRESS, CidrMask: jsii.Number(20)},
		}
	}
	cidr := DefaultVpcCidr
	if props.Cidr != nil {
		cidr = *props.Cidr
	}
	this.Vpc = ec2.NewVpc(this.Construct, jsii.String(idVpc), &ec2.VpcProps{
		IpAddresses:         ec2.IpAddresses_Cidr(jsii.String(cidr)),
		AvailabilityZones:   &azs,
		NatGateways:         jsii.Number(nat),
		SubnetConfiguration: &subnets,
	})
	// Added one by one rather than through VpcProps.GatewayEndpoints: a Go
	// map has no order, and the template should not change between runs.
	this.Vpc.AddGatewayEndpoint(jsii.String(idS3Endpoint), &ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayVpcEndpointAwsService_S3()})
	this.Vpc.AddGatewayEndpoint(jsii.String(idDdbEndpoint), &ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayVpcEndpointAwsService_DYNAMODB()})
	cfnfix.RedundantDependsOn(this.Construct)

	retention := props.FlowLogRetention
	if retention == "" {
		retention = logs.RetentionDays_ONE_MONTH
	}
	this.FlowLogGroup = logs.NewLogGroup(this.Construct, jsii.String(idFlowLogs), &logs.LogGroupProps{Retention: retention})
	this.Vpc.AddFlowLog(jsii.String(idFlowLog), &ec2.FlowLogOptions{
		Destination: ec2.FlowLogDestination_ToCloudWatchLogs(this.FlowLogGroup, nil),
		TrafficType: ec2.FlowLogTrafficType_ALL,
	})

	if props.InterfaceEndpoints != nil && *props.InterfaceEndpoints {
		for _, e := range interfaceEndpoints {
			this.InterfaceEndpoints = append(this.InterfaceEndpoints, this.Vpc.AddInterfaceEndpoint(jsii.String(e.id), &ec2.InterfaceVpcEndpointOptions{
				Service:           e.service,
				PrivateDnsEnabled: jsii.Bool(true),
			}))
		}
	}
	return this
}
