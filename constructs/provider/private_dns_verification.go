package provider

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of PrivateDnsVerification; part of the construct's contract.
const (
	idVerifyRead   = "Challenge"
	idVerifyRecord = "Record"
	idVerifyStart  = "Start"
	idVerifyState  = "State"
	idStateOutput  = "PrivateDnsNameState"
)

const configPath = "ServiceConfigurations.0.PrivateDnsNameConfiguration."

// PrivateDnsVerificationProps configure a PrivateDnsVerification.
type PrivateDnsVerificationProps struct {
	// ServiceId of the endpoint service (vpce-svc-...). Required.
	ServiceId *string
	// PrivateDnsName of the endpoint service, such as dogs.example.com.
	// Required.
	PrivateDnsName *string
	// HostedZone is the public hosted zone of PrivateDnsName or of a parent
	// domain, in this account. Required.
	HostedZone route53.IHostedZone
}

// PrivateDnsVerification proves to AWS that the provider owns an endpoint
// service's private DNS name, with no console step, through aws-cdk-lib's
// AwsCustomResource (package internal/sdkcall). The service must have the
// name already (EndpointService with PrivateDnsName sets it, and creates
// this construct when given PrivateDnsZone). It:
//
//  1. reads the verification name and value the service reports
//     (ec2:DescribeVpcEndpointServiceConfigurations);
//  2. writes the TXT record <name>.<PrivateDnsName> with that value in the
//     public zone;
//  3. starts the verification
//     (ec2:StartVpcEndpointServicePrivateDnsVerification, on this service
//     only);
//  4. reads the verification state after starting it, into the stack
//     output PrivateDnsNameState.
//
// AWS looks for the record when verification starts, so the zone must be
// delegated by then (its name servers in the parent domain's NS records).
// A provider with Tls and a created certificate starts verification only
// once the certificate is issued, which shows that ACM found its own
// record in the same zone, so the delegation is in place. Verification is
// not instant: AWS checks the record once the DNS change has propagated,
// usually within minutes, and the state output shows the state at the end
// of the deploy, usually pendingVerification. Follow it with
//
//	aws ec2 describe-vpc-endpoint-service-configurations --service-ids vpce-svc-... \
//	  --query 'ServiceConfigurations[0].PrivateDnsNameConfiguration.State'
//
// Until it is verified, consumers cannot turn on private DNS for their
// endpoints (creating one with PrivateDnsEnabled fails), and the name does
// not resolve to an endpoint anywhere: deploy consumers that use the name
// once it reads verified. If it reads failed, AWS could not see the record:
// check that the zone is the domain's public, delegated zone and that the
// record resolves (dig TXT <name>.<PrivateDnsName>), then start the
// verification again:
//
//	aws ec2 start-vpc-endpoint-service-private-dns-verification --service-id vpce-svc-...
//
// A deploy does not start it again: none of these resources changes while
// the service and its name stay the same, so CloudFormation calls none of
// them.
type PrivateDnsVerification struct {
	constructs.Construct
	// Record is the TXT record.
	Record route53.TxtRecord
	// State of the verification at the end of the deploy, also the stack
	// output StateOutput.
	State       *string
	StateOutput awscdk.CfnOutput
}

func (props *PrivateDnsVerificationProps) validate() error {
	p := check.New("provider.PrivateDnsVerification")
	if props.ServiceId == nil {
		p.Addf("ServiceId is nil: want the endpoint service's ID (EndpointService.Service.VpcEndpointServiceId())")
	}
	if props.PrivateDnsName == nil {
		p.Addf("PrivateDnsName is nil: want the service's private DNS name, such as dogs.example.com")
	} else {
		p.Add("PrivateDnsName", check.DNSName(*props.PrivateDnsName))
	}
	if props.HostedZone == nil {
		p.Addf("HostedZone is nil: want the public hosted zone of the private DNS name or of a parent domain")
	}
	return p.Err()
}

// NewPrivateDnsVerification creates the verification. It panics, before
// creating anything, if the props are invalid.
func NewPrivateDnsVerification(scope constructs.Construct, id *string, props *PrivateDnsVerificationProps) *PrivateDnsVerification {
	if props == nil {
		props = &PrivateDnsVerificationProps{}
	}
	if err := props.validate(); err != nil {
		refuse.If(scope, id, err)
	}
	this := &PrivateDnsVerification{Construct: constructs.NewConstruct(scope, id)}
	read := sdkcall.New(this.Construct, idVerifyRead, sdkcall.Call{
		Service: "EC2", Action: "describeVpcEndpointServiceConfigurations",
		Parameters:         map[string]any{"ServiceIds": []*string{props.ServiceId}},
		PhysicalResourceId: jsii.String(*props.ServiceId + ":" + *props.PrivateDnsName),
		OutputPaths:        []*string{jsii.String(configPath + "Name"), jsii.String(configPath + "Value")},
		Resources:          []*string{jsii.String("*")},
	})
	name, value := read.GetResponseField(jsii.String(configPath+"Name")), read.GetResponseField(jsii.String(configPath+"Value"))

	this.Record = route53.NewTxtRecord(this.Construct, jsii.String(idVerifyRecord), &route53.TxtRecordProps{
		Zone:       props.HostedZone,
		RecordName: jsii.String(*name + "." + *props.PrivateDnsName + "."),
		Values:     jsii.Strings(*value),
		Ttl:        awscdk.Duration_Minutes(jsii.Number(5)),
		Comment:    jsii.String("Proves ownership of " + *props.PrivateDnsName + " to AWS PrivateLink"),
	})

	start := sdkcall.New(this.Construct, idVerifyStart, sdkcall.Call{
		Service: "EC2", Action: "startVpcEndpointServicePrivateDnsVerification",
		Parameters: map[string]any{"ServiceId": props.ServiceId},
		// A new challenge value (a new name) starts verification again.
		PhysicalResourceId: value,
		Resources:          []*string{endpointServiceArn(this.Construct, props.ServiceId)},
	})
	start.Node().AddDependency(this.Record)

	state := sdkcall.New(this.Construct, idVerifyState, sdkcall.Call{
		Service: "EC2", Action: "describeVpcEndpointServiceConfigurations",
		Parameters:         map[string]any{"ServiceIds": []*string{props.ServiceId}},
		PhysicalResourceId: value,
		OutputPaths:        []*string{jsii.String(configPath + "State")},
		Resources:          []*string{jsii.String("*")},
	})
	state.Node().AddDependency(start)
	this.State = state.GetResponseField(jsii.String(configPath + "State"))
	this.StateOutput = awscdk.NewCfnOutput(this.Construct, jsii.String(idStateOutput), &awscdk.CfnOutputProps{
		Value:       this.State,
		Description: jsii.String("Verification of the endpoint service's private DNS name at the end of the deploy: pendingVerification, verified or failed"),
	})
	return this
}
