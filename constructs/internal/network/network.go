// Package network builds the VPC both sides use: private subnets in every AZ
// it spans, AZs resolved at deploy time, no internet path unless NAT is asked
// for, S3 and DynamoDB gateway endpoints, and flow logs. provider.ProviderVpc
// and consumer.ConsumerVpc are its public faces.
package network

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/check"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/cfnfix"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nlb"
)

// Child ids; part of the wrappers' contract.
const (
	idVpc         = "Vpc"
	idFlowLogs    = "FlowLogs"
	idFlowLog     = "FlowLog"
	idS3Endpoint  = "S3"
	idDdbEndpoint = "DynamoDB"
)

// Defaults, documented on the wrappers' props.
const (
	DefaultCidr   = "10.0.0.0/16"
	DefaultMaxAzs = 3
)

// OnePerAz returns a copy of sel (or the default selection: the VPC's private
// subnets) that picks one subnet per AZ. A load balancer or an endpoint is
// present in exactly the AZs of its subnets, one each.
func OnePerAz(sel *ec2.SubnetSelection) *ec2.SubnetSelection {
	out := ec2.SubnetSelection{}
	if sel != nil {
		out = *sel
	}
	out.OnePerAz = jsii.Bool(true)
	return &out
}

// Props are the wrappers' props, already typed for CDK.
type Props struct {
	Cidr              *string
	AvailabilityZones []string
	MaxAzs            *float64
	NatGateways       *float64
	FlowLogRetention  logs.RetentionDays
}

// Validate records every problem of the props; it is pure Go.
func (props *Props) Validate(p *check.Problems) {
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
}

// Build creates the VPC and its flow log group inside scope, from validated
// props.
func Build(scope constructs.Construct, props *Props) (ec2.Vpc, logs.LogGroup) {
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
	cidr := DefaultCidr
	if props.Cidr != nil {
		cidr = *props.Cidr
	}
	vpc := ec2.NewVpc(scope, jsii.String(idVpc), &ec2.VpcProps{
		IpAddresses:         ec2.IpAddresses_Cidr(jsii.String(cidr)),
		AvailabilityZones:   &azs,
		NatGateways:         jsii.Number(nat),
		SubnetConfiguration: &subnets,
	})
	// Added one by one rather than through VpcProps.GatewayEndpoints: a Go
	// map has no order, and the template should not change between runs.
	vpc.AddGatewayEndpoint(jsii.String(idS3Endpoint), &ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayVpcEndpointAwsService_S3()})
	vpc.AddGatewayEndpoint(jsii.String(idDdbEndpoint), &ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayVpcEndpointAwsService_DYNAMODB()})
	cfnfix.RedundantDependsOn(scope)

	retention := props.FlowLogRetention
	if retention == "" {
		retention = logs.RetentionDays_ONE_MONTH
	}
	flowLogs := logs.NewLogGroup(scope, jsii.String(idFlowLogs), &logs.LogGroupProps{Retention: retention})
	vpc.AddFlowLog(jsii.String(idFlowLog), &ec2.FlowLogOptions{
		Destination: ec2.FlowLogDestination_ToCloudWatchLogs(flowLogs, nil),
		TrafficType: ec2.FlowLogTrafficType_ALL,
	})
	return vpc, flowLogs
}
