package consumer

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	r53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// The SSM parameters a landing zone publishes in each account, by default:
// the consumer VPC, its private subnets (a StringList, one per zone) and
// its CIDR block.
const (
	DefaultVpcIdParameter     = "/landing-zone/vpc/id"
	DefaultSubnetIdsParameter = "/landing-zone/vpc/private-subnet-ids"
	DefaultVpcCidrParameter   = "/landing-zone/vpc/cidr"
	// stackSetTemplateMax is CloudFormation's limit of a TemplateBody.
	stackSetTemplateMax = 51200
)

// EndpointStackSetProps configure an EndpointStackSet.
type EndpointStackSetProps struct {
	// Service the consumers connect to: the provider's Contract() (its
	// name, port and zones), or one made by hand. Required.
	Service *provider.Contract
	// OrganizationalUnitIds (ou-...) or the organization's root (r-...)
	// whose accounts get the endpoint: those there now, and each account
	// that joins later (automatic deployment). An account that leaves one
	// has its stack deleted. Required.
	OrganizationalUnitIds []string
	// Regions of the endpoints; each must be the service's, or one it
	// admits (provider.EndpointServiceOptions.AllowedRegions).
	// Default: the stack's region.
	Regions []string
	// VpcIdParameter, SubnetIdsParameter and VpcCidrParameter name the SSM
	// parameters each account holds: the VPC, its private subnets (a
	// StringList, one per zone the service covers) and its CIDR block,
	// which the endpoint admits the service port from. The same template
	// then fits every account.
	// Default: DefaultVpcIdParameter, DefaultSubnetIdsParameter,
	// DefaultVpcCidrParameter.
	VpcIdParameter, SubnetIdsParameter, VpcCidrParameter *string
	// ZoneName of a private hosted zone in each account's VPC, whose apex
	// is an alias of the endpoint, such as dognames.internal.example.
	// Default: none; services with a private DNS name (Contract's
	// PrivateDnsName) are resolved by the endpoint's private DNS.
	ZoneName *string
	// StackSetName, unique in the account and region.
	// Default: made from the construct's path.
	StackSetName *string
	// DelegatedAdmin deploys from a delegated administrator account of
	// CloudFormation StackSets (CallAs DELEGATED_ADMIN), not the
	// organization's management account.
	// Default: false, the management account.
	DelegatedAdmin *bool
	// MaxConcurrentPercentage of an OU's accounts deployed at once, and
	// FailureTolerancePercentage that may fail before the operation stops.
	// Default: 25 and 10: a hundred accounts in four steps, stopping once
	// ten fail; PrivateLink's APIs are throttled per account and per
	// organization.
	MaxConcurrentPercentage, FailureTolerancePercentage *float64
}

// EndpointStackSet deploys a consumer endpoint (interface endpoint, its
// security group, and with ZoneName a private zone) to every account of
// organizational units, as a service-managed CloudFormation StackSet with
// automatic deployment: an account that joins an OU gets the endpoint, one
// that leaves loses it, and nobody edits code for either. The template
// reads each account's VPC from SSM parameters its landing zone publishes.
//
// The provider must admit the accounts: see the README, "At scale", for
// how the example's allow-list does it. Deploy it from the organization's
// management account, or a delegated administrator (DelegatedAdmin), with
// trusted access for StackSets turned on in Organizations.
type EndpointStackSet struct {
	constructs.Construct
	// StackSet is the CloudFormation stack set.
	StackSet awscdk.CfnStackSet
	// Template is the template each account deploys, as JSON.
	Template string
}

var (
	ssmRe    = regexp.MustCompile(`^/[a-zA-Z0-9_.\-/]+$`) // at most 2048 characters, checked apart
	setNameR = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)
)

func (props *EndpointStackSetProps) validate(region string) error {
	p := check.New("consumer.EndpointStackSet")
	switch {
	case props.Service == nil || props.Service.ServiceName == nil:
		p.Addf("Service is nil: want the provider's Contract(), with its service name and port")
	default:
		if _, err := check.ServiceName(*props.Service.ServiceName); err != nil && !check.IsToken(*props.Service.ServiceName) {
			p.Add("Service.ServiceName", err)
		}
		if props.Service.Port != nil {
			p.Add("Service.Port", check.Range(*props.Service.Port, 1, 65535))
		}
	}
	if len(props.OrganizationalUnitIds) == 0 {
		p.Addf("OrganizationalUnitIds is empty: want the OUs (ou-...) or the root (r-...) whose accounts get the endpoint")
	}
	for i, ou := range props.OrganizationalUnitIds {
		p.Add(fmt.Sprintf("OrganizationalUnitIds[%d]", i), check.OrganizationalUnit(ou))
	}
	for i, r := range props.Regions {
		p.Add(fmt.Sprintf("Regions[%d]", i), check.Region(r))
	}
	for name, v := range map[string]*string{"VpcIdParameter": props.VpcIdParameter, "SubnetIdsParameter": props.SubnetIdsParameter, "VpcCidrParameter": props.VpcCidrParameter} {
		if v != nil && (!ssmRe.MatchString(*v) || len(*v) > 2048) {
			p.Addf("%s %q: want an SSM parameter name such as %s (a path of letters, digits and _.-/)", name, *v, DefaultVpcIdParameter)
		}
	}
	if props.ZoneName != nil {
		p.Add("ZoneName", check.DNSName(*props.ZoneName))
	}
	if props.StackSetName != nil && !setNameR.MatchString(*props.StackSetName) {
		p.Addf("StackSetName %q: want a letter, then up to 127 letters, digits and hyphens (CloudFormation's rule)", *props.StackSetName)
	}
	for name, v := range map[string]*float64{"MaxConcurrentPercentage": props.MaxConcurrentPercentage, "FailureTolerancePercentage": props.FailureTolerancePercentage} {
		if v != nil {
			p.Add(name, check.Range(*v, 0, 100))
		}
	}
	return p.Err()
}

// NewEndpointStackSet makes the stack set. It panics, before creating
// anything, if the props are invalid.
func NewEndpointStackSet(scope constructs.Construct, id *string, props *EndpointStackSetProps) *EndpointStackSet {
	if props == nil {
		props = &EndpointStackSetProps{}
	}
	stack := awscdk.Stack_Of(scope)
	if err := props.validate(*stack.Region()); err != nil {
		refuse.If(scope, id, err)
	}
	template := endpointTemplate(props.ZoneName != nil, props.Service.PrivateDnsName != nil)
	this := &EndpointStackSet{Construct: constructs.NewConstruct(scope, id), Template: template}
	if len(template) > stackSetTemplateMax {
		panic(check.At(*this.Node().Path(), fmt.Errorf("consumer.EndpointStackSet: the template is %d bytes, over CloudFormation's %d for a TemplateBody", len(template), stackSetTemplateMax)))
	}
	regions := props.Regions
	if len(regions) == 0 {
		regions = []string{*stack.Region()}
	}
	port := float64(provider.DefaultPort)
	if props.Service.Port != nil {
		port = *props.Service.Port
	}
	param := func(key string, value *string) *awscdk.CfnStackSet_ParameterProperty {
		return &awscdk.CfnStackSet_ParameterProperty{ParameterKey: jsii.String(key), ParameterValue: value}
	}
	params := []any{
		param("ServiceName", props.Service.ServiceName),
		param("ServicePort", jsii.String(fmt.Sprint(port))),
		param("VpcId", orDefault(props.VpcIdParameter, DefaultVpcIdParameter)),
		param("SubnetIds", orDefault(props.SubnetIdsParameter, DefaultSubnetIdsParameter)),
		param("VpcCidr", orDefault(props.VpcCidrParameter, DefaultVpcCidrParameter)),
	}
	if props.ZoneName != nil {
		params = append(params, param("ZoneName", props.ZoneName))
	}
	name := props.StackSetName
	if name == nil {
		name = jsii.String(stackSetName(*this.Node().Path()))
	}
	callAs := "SELF"
	if props.DelegatedAdmin != nil && *props.DelegatedAdmin {
		callAs = "DELEGATED_ADMIN"
	}
	this.StackSet = awscdk.NewCfnStackSet(this.Construct, jsii.String("Resource"), &awscdk.CfnStackSetProps{
		StackSetName:    name,
		PermissionModel: jsii.String("SERVICE_MANAGED"),
		CallAs:          jsii.String(callAs),
		Description:     jsii.String("An interface endpoint to a PrivateLink service in each account of the organizational units"),
		AutoDeployment: &awscdk.CfnStackSet_AutoDeploymentProperty{
			Enabled: jsii.Bool(true),
			// An account that leaves the OU loses its endpoint.
			RetainStacksOnAccountRemoval: jsii.Bool(false),
		},
		// A JSON object in aws-cdk-lib's type, so written as CloudFormation
		// spells it: operations run one after another, queued, not refused.
		ManagedExecution: map[string]any{"Active": true},
		OperationPreferences: &awscdk.CfnStackSet_OperationPreferencesProperty{
			MaxConcurrentPercentage:    orNumber(props.MaxConcurrentPercentage, 25),
			FailureTolerancePercentage: orNumber(props.FailureTolerancePercentage, 10),
			RegionConcurrencyType:      jsii.String("PARALLEL"),
		},
		StackInstancesGroup: []any{&awscdk.CfnStackSet_StackInstancesProperty{
			DeploymentTargets: &awscdk.CfnStackSet_DeploymentTargetsProperty{OrganizationalUnitIds: jsii.Strings(props.OrganizationalUnitIds...)},
			Regions:           jsii.Strings(regions...),
		}},
		Parameters:   params,
		TemplateBody: jsii.String(template),
	})
	return this
}

func anyList(l []*string) *[]any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return &out
}

func orDefault(s *string, def string) *string {
	if s != nil {
		return s
	}
	return jsii.String(def)
}

func orNumber(n *float64, def float64) *float64 {
	if n != nil {
		return n
	}
	return jsii.Number(def)
}

var nameChars = regexp.MustCompile(`[^a-zA-Z0-9]+`)

// stackSetName is a stack set name from a construct path: letters, digits
// and hyphens, starting with a letter, at most 128.
func stackSetName(path string) string {
	name := strings.Trim(nameChars.ReplaceAllString(path, "-"), "-")
	if name == "" || !(name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		name = "endpoints-" + name
	}
	if len(name) > 128 {
		name = name[:128]
	}
	return strings.TrimRight(name, "-")
}

// endpointTemplate is the template of each account: the endpoint, its
// security group (the service port from the VPC's CIDR block in; nothing
// out), and with zone a private zone whose apex is an alias of the
// endpoint. It is made with aws-cdk-lib's L1 classes in an app of its own,
// synthesized without the CDK's bootstrap parameter or metadata: a stack
// set's accounts are not bootstrapped.
func endpointTemplate(zone, privateDns bool) string {
	dir, err := os.MkdirTemp("", "endpoint-stack-set-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir), AnalyticsReporting: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("Endpoint"), &awscdk.StackProps{
		Synthesizer: awscdk.NewLegacyStackSynthesizer(),
		Description: jsii.String("An interface endpoint to a PrivateLink service, from consumer.EndpointStackSet (cdk-privatelink)"),
	})
	ssm := func(id, typ, description string) awscdk.CfnParameter {
		return awscdk.NewCfnParameter(stack, jsii.String(id), &awscdk.CfnParameterProps{Type: jsii.String(typ), Description: jsii.String(description)})
	}
	serviceName := awscdk.NewCfnParameter(stack, jsii.String("ServiceName"), &awscdk.CfnParameterProps{Type: jsii.String("String"), Description: jsii.String("The endpoint service's name")})
	port := awscdk.NewCfnParameter(stack, jsii.String("ServicePort"), &awscdk.CfnParameterProps{Type: jsii.String("Number"), Description: jsii.String("The service's port")})
	vpcId := ssm("VpcId", "AWS::SSM::Parameter::Value<AWS::EC2::VPC::Id>", "SSM parameter of the account's VPC")
	subnets := ssm("SubnetIds", "AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>", "SSM parameter of the VPC's private subnets, one per zone")
	cidr := ssm("VpcCidr", "AWS::SSM::Parameter::Value<String>", "SSM parameter of the VPC's CIDR block")
	sg := ec2.NewCfnSecurityGroup(stack, jsii.String("SecurityGroup"), &ec2.CfnSecurityGroupProps{
		GroupDescription: jsii.String("PrivateLink endpoint: the service port from the VPC in, nothing out"),
		VpcId:            vpcId.ValueAsString(),
		SecurityGroupIngress: []any{&ec2.CfnSecurityGroup_IngressProperty{
			IpProtocol: jsii.String("tcp"), FromPort: port.ValueAsNumber(), ToPort: port.ValueAsNumber(), CidrIp: cidr.ValueAsString(),
			Description: jsii.String("the service port from the VPC"),
		}},
		// The rule aws-cdk-lib writes for no egress: nothing leaves.
		SecurityGroupEgress: []any{&ec2.CfnSecurityGroup_EgressProperty{
			IpProtocol: jsii.String("icmp"), FromPort: jsii.Number(252), ToPort: jsii.Number(86), CidrIp: jsii.String("255.255.255.255/32"),
			Description: jsii.String("Disallow all traffic"),
		}},
	})
	endpoint := ec2.NewCfnVPCEndpoint(stack, jsii.String("Endpoint"), &ec2.CfnVPCEndpointProps{
		VpcEndpointType:   jsii.String("Interface"),
		ServiceName:       serviceName.ValueAsString(),
		VpcId:             vpcId.ValueAsString(),
		SubnetIds:         anyList(*subnets.ValueAsList()),
		SecurityGroupIds:  &[]any{sg.AttrGroupId()},
		PrivateDnsEnabled: jsii.Bool(privateDns),
	})
	awscdk.NewCfnOutput(stack, jsii.String("EndpointId"), &awscdk.CfnOutputProps{Value: endpoint.Ref(), Description: jsii.String("The interface endpoint's ID")})
	if zone {
		zoneName := awscdk.NewCfnParameter(stack, jsii.String("ZoneName"), &awscdk.CfnParameterProps{Type: jsii.String("String"), Description: jsii.String("The private zone whose apex names the endpoint")})
		hz := r53.NewCfnHostedZone(stack, jsii.String("Zone"), &r53.CfnHostedZoneProps{
			Name: zoneName.ValueAsString(),
			Vpcs: []any{&r53.CfnHostedZone_VPCProperty{VpcId: vpcId.ValueAsString(), VpcRegion: stack.Region()}},
		})
		// DnsEntries are "<hosted zone id>:<name>", the regional name first.
		first := awscdk.Fn_Select(jsii.Number(0), endpoint.AttrDnsEntries())
		r53.NewCfnRecordSet(stack, jsii.String("Alias"), &r53.CfnRecordSetProps{
			HostedZoneId: hz.Ref(), Name: zoneName.ValueAsString(), Type: jsii.String("A"),
			AliasTarget: &r53.CfnRecordSet_AliasTargetProperty{
				HostedZoneId: awscdk.Fn_Select(jsii.Number(0), awscdk.Fn_Split(jsii.String(":"), first, nil)),
				DnsName:      awscdk.Fn_Select(jsii.Number(1), awscdk.Fn_Split(jsii.String(":"), first, nil)),
			},
		})
	}
	tpl := app.Synth(nil).GetStackArtifact(stack.ArtifactId()).Template()
	raw, err := json.Marshal(tpl)
	if err != nil {
		panic(err)
	}
	return string(raw)
}
