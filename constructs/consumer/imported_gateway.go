package consumer

import (
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/quotas"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Stack outputs of a Gateway that FromGatewayAttributes needs in another
// app; part of the construct's contract.
const (
	idApiIdOutput         = "ApiId"
	idVpcLinkIdOutput     = "VpcLinkId"
	idVpcLinkGroupOutput  = "VpcLinkSecurityGroupId"
	idImportedApi         = "Api"
	idImportedVpcLink     = "VpcLink"
	idImportedVpcLinkSG   = "VpcLinkSecurityGroup"
	gatewayOutputsPurpose = "for FromGatewayAttributes in other apps"
)

// GatewayAttributes describe a Gateway made in another stack or app: its
// outputs ApiId, VpcLinkId and VpcLinkSecurityGroupId (Gateway.Attributes
// in the same app).
type GatewayAttributes struct {
	// Vpc of the gateway's VPC link. Required.
	Vpc ec2.IVpc
	// Subnets for the load balancers this app adds, one per AZ, among the
	// VPC link's zones.
	// Default: the VPC's private subnets, one per AZ.
	Subnets *ec2.SubnetSelection
	// AvailabilityZoneIds of Subnets, as in GatewayProps.
	// Default: every zone of Subnets.
	AvailabilityZoneIds []string
	// HttpApiId, VpcLinkId and VpcLinkSecurityGroupId of the gateway.
	// Required.
	HttpApiId              *string
	VpcLinkId              *string
	VpcLinkSecurityGroupId *string
	// DefaultAuthorizer of the routes added here. An imported API does not
	// tell its own default authorizer, so routes added here would be
	// public without one: give it, or say AllowPublicRoutes.
	DefaultAuthorizer apigw.IHttpRouteAuthorizer
	// AllowPublicRoutes lets routes added here have no authorizer.
	// Default: false; DefaultAuthorizer is required.
	AllowPublicRoutes *bool
	// Alarms of the services added here (no healthy endpoint address,
	// endpoint dropping packets); the API's own alarms are the owning
	// app's.
	// Default: on, to this stack's AlarmTopic.
	Alarms *AlarmOptions
}

// apiIdRe is an API Gateway API ID.
var apiIdRe = regexp.MustCompile(`^[a-z0-9]{10}$`)

func (a *GatewayAttributes) validate(region string) error {
	p := check.New("consumer.FromGatewayAttributes")
	if a.Vpc == nil {
		p.Addf("Vpc is nil: want the ec2.IVpc of the gateway's VPC link")
	}
	for _, f := range []struct {
		prop  string
		value *string
		want  string
	}{
		{"HttpApiId", a.HttpApiId, "the gateway's ApiId output, 10 lowercase letters and digits"},
		{"VpcLinkId", a.VpcLinkId, "the gateway's VpcLinkId output, such as vpclink-abc123"},
		{"VpcLinkSecurityGroupId", a.VpcLinkSecurityGroupId, "the gateway's VpcLinkSecurityGroupId output, sg- and 8 or 17 hexadecimal digits"},
	} {
		if f.value == nil {
			p.Addf("%s is nil: want %s", f.prop, f.want)
		}
	}
	if a.HttpApiId != nil && !check.IsToken(*a.HttpApiId) && !apiIdRe.MatchString(*a.HttpApiId) {
		p.Addf("HttpApiId %q: want the API's ID, 10 lowercase letters and digits (the gateway's ApiId output)", *a.HttpApiId)
	}
	if a.VpcLinkSecurityGroupId != nil && !check.IsToken(*a.VpcLinkSecurityGroupId) && !securityGroupIdRe.MatchString(*a.VpcLinkSecurityGroupId) {
		p.Addf("VpcLinkSecurityGroupId %q: want a security group ID, sg- and 8 or 17 hexadecimal digits", *a.VpcLinkSecurityGroupId)
	}
	if a.DefaultAuthorizer == nil && (a.AllowPublicRoutes == nil || !*a.AllowPublicRoutes) {
		p.Addf("DefaultAuthorizer is nil: routes added to an imported gateway would be public; give the authorizer they need, or set AllowPublicRoutes")
	}
	if a.AvailabilityZoneIds != nil {
		network.CheckIds(p, "AvailabilityZoneIds", region, a.AvailabilityZoneIds)
	}
	a.Alarms.validate(p, "Alarms")
	return p.Err()
}

// FromGatewayAttributes brings in a Gateway made in another stack or app, so
// that this one adds services and routes to it: their load balancers,
// listeners, target groups, integrations and routes are made here, with
// rules on the gateway's VPC link security group to reach them. Listener
// ports are per load balancer, so they need not differ from the gateway's
// own; routes must, and a route the API already has fails the deploy
// (ConflictException), as two apps cannot see each other's routes at synth.
//
// What this app adds lives in the other app's resources too: its rules on
// the VPC link's security group keep that group (and the gateway's stack)
// from being deleted until this stack is; an authorizer made here is one
// of the API's (HTTP APIs allow 10), so share one across services. Delete
// this stack before the gateway's. It panics, before creating anything, if
// the attributes are invalid.
func FromGatewayAttributes(scope constructs.Construct, id *string, attrs *GatewayAttributes) IGateway {
	if attrs == nil {
		attrs = &GatewayAttributes{}
	}
	region := *awscdk.Stack_Of(scope).Region()
	refuse.If(scope, id, attrs.validate(region))
	p := check.New("consumer.FromGatewayAttributes")
	placed := network.Place(p, attrs.Vpc, "Subnets", attrs.Subnets, attrs.AvailabilityZoneIds)
	checkVpcLinkZones(p, region, placed.AzIds)
	refuse.If(scope, id, p.Err())

	g := &Gateway{Construct: constructs.NewConstruct(scope, id), vpc: attrs.Vpc, subnets: placed.Subnets,
		authorizer: attrs.DefaultAuthorizer, AvailabilityZoneIds: placed.AzIds}
	g.init()
	quotas.Watch(g.Construct)
	g.api = apigw.HttpApi_FromHttpApiAttributes(g.Construct, jsii.String(idImportedApi), &apigw.HttpApiAttributes{HttpApiId: attrs.HttpApiId})
	g.vpcLink = apigw.VpcLink_FromVpcLinkAttributes(g.Construct, jsii.String(idImportedVpcLink), &apigw.VpcLinkAttributes{VpcLinkId: attrs.VpcLinkId, Vpc: attrs.Vpc})
	g.vpcLinkSG = ec2.SecurityGroup_FromSecurityGroupId(g.Construct, jsii.String(idImportedVpcLinkSG), attrs.VpcLinkSecurityGroupId,
		&ec2.SecurityGroupImportOptions{AllowAllOutbound: jsii.Bool(false), Mutable: jsii.Bool(true)})
	g.alarmer = newAlarmer(g.Construct, attrs.Alarms)
	if g.alarmer != nil {
		g.AlarmTopic = g.alarmer.topic
	}
	return g
}

// Attributes of the gateway, for FromGatewayAttributes in another stack of
// this app; another app reads the same from the stack outputs ApiId,
// VpcLinkId and VpcLinkSecurityGroupId. Vpc is the gateway's; the caller
// adds DefaultAuthorizer or AllowPublicRoutes.
func (g *Gateway) Attributes() *GatewayAttributes {
	return &GatewayAttributes{
		Vpc: g.vpc, AvailabilityZoneIds: g.AvailabilityZoneIds,
		HttpApiId: g.api.ApiId(), VpcLinkId: g.vpcLink.VpcLinkId(), VpcLinkSecurityGroupId: g.vpcLinkSG.SecurityGroupId(),
	}
}

// exportAttributes writes the stack outputs another app imports the gateway
// by.
func (g *Gateway) exportAttributes() {
	output := func(id, value, what string) awscdk.CfnOutput {
		return awscdk.NewCfnOutput(g.Construct, jsii.String(id), &awscdk.CfnOutputProps{
			Value: jsii.String(value), Description: jsii.String(what + ", " + gatewayOutputsPurpose),
		})
	}
	g.ApiIdOutput = output(idApiIdOutput, *g.api.ApiId(), "ID of the HTTP API")
	g.VpcLinkIdOutput = output(idVpcLinkIdOutput, *g.vpcLink.VpcLinkId(), "ID of the VPC link")
	g.VpcLinkSecurityGroupIdOutput = output(idVpcLinkGroupOutput, *g.vpcLinkSG.SecurityGroupId(), "security group of the VPC link")
}
