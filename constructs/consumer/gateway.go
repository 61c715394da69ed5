package consumer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	apigwint "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	elbv2targets "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2targets"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	ec2refs "github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawsec2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/check"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nlb"
)

// Child ids of Gateway and of each service; part of the construct's
// contract.
const (
	idApi           = "Api"
	idStage         = "DefaultStage"
	idVpcLink       = "VpcLink"
	idVpcLinkSG     = "VpcLinkSecurityGroup"
	idAccessLogs    = "AccessLogs"
	idUrlOutput     = "Url"
	idServiceLB     = "LB"
	idServiceLBSG   = "LBSecurityGroup"
	idServiceTarget = "Targets"
	idServiceListen = "Listener"
)

// Gateway defaults.
const (
	DefaultThrottleRateLimit  = 100
	DefaultThrottleBurstLimit = 200
)

// accessLogFormat is one JSON object per request, the fields an operator
// needs to trace a call through the gateway to a provider.
const accessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime",` +
	`"httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol",` +
	`"responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency","integrationError":"$context.integrationErrorMessage"}`

// GatewayProps configure a Gateway.
type GatewayProps struct {
	// Vpc holding the service endpoints. Required.
	Vpc ec2.IVpc
	// Subnets for the VPC link and the load balancers, one per AZ.
	// Default: the VPC's private subnets, one per AZ.
	Subnets *ec2.SubnetSelection
	// ApiName of the HTTP API.
	// Default: the construct's path.
	ApiName *string
	// ThrottleRateLimit in requests per second, for the whole stage.
	// Default: 100.
	ThrottleRateLimit *float64
	// ThrottleBurstLimit in requests.
	// Default: 200.
	ThrottleBurstLimit *float64
	// AccessLogRetention of the access logs in CloudWatch Logs.
	// Default: logs.RetentionDays_ONE_MONTH.
	AccessLogRetention logs.RetentionDays
	// DefaultAuthorizer guards every route, for example
	// authorizers.NewHttpIamAuthorizer() or authorizers.NewHttpJwtAuthorizer(...).
	// Default: none; the routes are public.
	DefaultAuthorizer apigw.IHttpRouteAuthorizer
}

// GatewayServiceProps configure one service behind a Gateway.
type GatewayServiceProps struct {
	// Endpoint of the service. Required.
	Endpoint *ServiceEndpoint
	// Routes to the service, each for ANY method, for example "/dogs" and
	// "/dogs/{proxy+}". Required.
	Routes []string
	// HealthCheckPath turns on HTTP health checks of the endpoint on this
	// path, for example /health; a 200-399 answer is healthy.
	// Default: none; a TCP connection check.
	HealthCheckPath *string
	// Scope holds the service's load balancer and security group, for
	// example a NestedStack when one stack cannot hold every service (about
	// 16 resources each with its endpoint; CloudFormation allows 500 per
	// stack). Its routes and integration stay with the API.
	// Default: the gateway.
	Scope constructs.Construct
}

// Gateway is one API Gateway HTTP API in front of many PrivateLink services,
// through one VPC link; each service gets an internal network load balancer
// whose targets are its endpoint's addresses.
type Gateway struct {
	constructs.Construct
	// Api is the HTTP API; Stage its throttled, logged $default stage.
	Api   apigw.HttpApi
	Stage apigw.HttpStage
	// VpcLink is shared by all services; VpcLinkSecurityGroup is its group.
	VpcLink              apigw.VpcLink
	VpcLinkSecurityGroup ec2.SecurityGroup
	// AccessLogs receives one JSON line per request.
	AccessLogs logs.LogGroup
	// Url of the API, also the stack output UrlOutput (whose logical ID may
	// be overridden to give it a stable name).
	Url       *string
	UrlOutput awscdk.CfnOutput
	// Services added so far, by id.
	Services map[string]*GatewayService

	vpc     ec2.IVpc
	subnets *ec2.SubnetSelection
	routes  map[string]string // route shape -> service id
}

// GatewayService is what AddService built for one service.
type GatewayService struct {
	constructs.Construct
	// LoadBalancer is the internal network load balancer in front of the
	// endpoint's addresses; SecurityGroup is its group (the service port
	// from the VPC link in, to the endpoint out).
	LoadBalancer  elbv2.NetworkLoadBalancer
	SecurityGroup ec2.SecurityGroup
	// Listener on the service port, and TargetGroup of the endpoint's IPs.
	Listener    elbv2.NetworkListener
	TargetGroup elbv2.NetworkTargetGroup
	// Routes of the service on the API, one per path, for ANY method.
	Routes []apigw.HttpRoute
}

func (props *GatewayProps) validate() error {
	p := check.New("consumer.Gateway")
	if props.Vpc == nil {
		p.Addf("Vpc is nil: want the ec2.IVpc that holds the service endpoints")
	}
	rate, burst := float64(DefaultThrottleRateLimit), float64(DefaultThrottleBurstLimit)
	if props.ThrottleRateLimit != nil {
		rate = *props.ThrottleRateLimit
		p.Add("ThrottleRateLimit", check.Range(rate, 1, 1e6))
	}
	if props.ThrottleBurstLimit != nil {
		burst = *props.ThrottleBurstLimit
		p.Add("ThrottleBurstLimit", check.Range(burst, 1, 1e6))
	}
	if burst < rate {
		p.Addf("ThrottleBurstLimit %v: want at least ThrottleRateLimit (%v), or requests are refused below the rate", burst, rate)
	}
	return p.Err()
}

// NewGateway creates the HTTP API, its stage and the VPC link. It panics,
// before creating anything, if the props are invalid.
func NewGateway(scope constructs.Construct, id *string, props *GatewayProps) *Gateway {
	if props == nil {
		props = &GatewayProps{}
	}
	if err := props.validate(); err != nil {
		panic(err)
	}
	subnets := network.OnePerAz(props.Subnets)
	if len(*props.Vpc.SelectSubnets(subnets).SubnetIds) == 0 {
		panic(fmt.Errorf("consumer.Gateway: Subnets selects no subnet of the VPC: want a selection that matches at least one subnet"))
	}
	this := &Gateway{
		Construct: constructs.NewConstruct(scope, id),
		Services:  map[string]*GatewayService{},
		vpc:       props.Vpc, subnets: subnets, routes: map[string]string{},
	}
	this.Api = apigw.NewHttpApi(this.Construct, jsii.String(idApi), &apigw.HttpApiProps{
		ApiName:            props.ApiName,
		Description:        jsii.String("Routes paths to private services over AWS PrivateLink"),
		CreateDefaultStage: jsii.Bool(false),
		DefaultAuthorizer:  props.DefaultAuthorizer,
	})
	retention := props.AccessLogRetention
	if retention == "" {
		retention = logs.RetentionDays_ONE_MONTH
	}
	this.AccessLogs = logs.NewLogGroup(this.Construct, jsii.String(idAccessLogs), &logs.LogGroupProps{Retention: retention})
	this.Stage = apigw.NewHttpStage(this.Construct, jsii.String(idStage), &apigw.HttpStageProps{
		HttpApi:    this.Api,
		StageName:  jsii.String("$default"),
		AutoDeploy: jsii.Bool(true),
		Throttle: &apigw.ThrottleSettings{
			RateLimit:  nlb.NumberOr(props.ThrottleRateLimit, DefaultThrottleRateLimit),
			BurstLimit: nlb.NumberOr(props.ThrottleBurstLimit, DefaultThrottleBurstLimit),
		},
	})
	// HttpStageProps.AccessLogSettings is an interface a Go struct cannot
	// implement through jsii; the L1 property says the same.
	var cfnStage apigw.CfnStage
	jsii.UnsafeCast(this.Stage.Node().DefaultChild(), &cfnStage)
	cfnStage.SetAccessLogSettings(&apigw.CfnStage_AccessLogSettingsProperty{
		DestinationArn: this.AccessLogs.LogGroupArn(),
		Format:         jsii.String(accessLogFormat),
	})

	this.VpcLinkSecurityGroup = ec2.NewSecurityGroup(this.Construct, jsii.String(idVpcLinkSG), &ec2.SecurityGroupProps{
		Vpc:              props.Vpc,
		Description:      jsii.String("VPC link of the gateway: reaches the service load balancers only"),
		AllowAllOutbound: jsii.Bool(false),
	})
	this.VpcLink = apigw.NewVpcLink(this.Construct, jsii.String(idVpcLink), &apigw.VpcLinkProps{
		Vpc:            props.Vpc,
		Subnets:        subnets,
		SecurityGroups: &[]ec2refs.ISecurityGroupRef{this.VpcLinkSecurityGroup},
	})
	this.Url = this.Stage.Url()
	this.UrlOutput = awscdk.NewCfnOutput(this.Construct, jsii.String(idUrlOutput), &awscdk.CfnOutputProps{
		Value:       this.Url,
		Description: jsii.String("URL of the HTTP API"),
	})
	return this
}

// routeShape makes routes comparable: API Gateway treats /a/{x} and /a/{y}
// as the same route.
var routeParam = regexp.MustCompile(`\{[A-Za-z0-9_]+(\+?)\}`)

func routeShape(route string) string { return routeParam.ReplaceAllString(route, "{$1}") }

// validateService checks one AddService call against the routes taken so far;
// it is pure Go.
func (g *Gateway) validateService(id string, props *GatewayServiceProps) error {
	p := check.New(fmt.Sprintf("consumer.Gateway service %q", id))
	if _, taken := g.Services[id]; taken {
		p.Addf("id %q: a service of that id exists; want a unique id per service", id)
	}
	if props.Endpoint == nil {
		p.Addf("Endpoint is nil: want the service's *ServiceEndpoint")
	}
	if len(props.Routes) == 0 {
		p.Addf("Routes is empty: want at least one path such as /%s and /%s/{proxy+}", strings.ToLower(id), strings.ToLower(id))
	}
	seen := map[string]bool{}
	for i, r := range props.Routes {
		if err := check.Route(r); err != nil {
			p.Add(fmt.Sprintf("Routes[%d]", i), err)
			continue
		}
		shape := routeShape(r)
		if owner, taken := g.routes[shape]; taken {
			p.Addf("Routes[%d] %q: service %q already has this route; want each route on one service", i, r, owner)
		} else if seen[shape] {
			p.Addf("Routes[%d] %q: listed twice", i, r)
		}
		seen[shape] = true
	}
	if props.HealthCheckPath != nil {
		p.Add("HealthCheckPath", check.HealthPath(*props.HealthCheckPath))
	}
	return p.Err()
}

// AddService routes props.Routes to the service's endpoint: an internal
// network load balancer in the gateway's subnets, its targets the endpoint's
// addresses, reached through the shared VPC link. It panics, before creating
// anything, if the props are invalid or a route is taken.
func (g *Gateway) AddService(id string, props *GatewayServiceProps) *GatewayService {
	if props == nil {
		props = &GatewayServiceProps{}
	}
	if err := g.validateService(id, props); err != nil {
		panic(err)
	}
	ep := props.Endpoint
	port := jsii.Number(ep.Port)
	scope := props.Scope
	if scope == nil {
		scope = g.Construct
	}
	s := &GatewayService{Construct: constructs.NewConstruct(scope, jsii.String(id))}

	s.SecurityGroup = ec2.NewSecurityGroup(s.Construct, jsii.String(idServiceLBSG), &ec2.SecurityGroupProps{
		Vpc:              g.vpc,
		Description:      jsii.String(fmt.Sprintf("Gateway load balancer of %s: from the VPC link to the endpoint", id)),
		AllowAllOutbound: jsii.Bool(false),
	})
	s.SecurityGroup.Connections().AllowFrom(g.VpcLinkSecurityGroup, ec2.Port_Tcp(port), jsii.String("from the gateway's VPC link"))
	ep.SecurityGroup.Connections().AllowFrom(s.SecurityGroup, ec2.Port_Tcp(port), jsii.String(fmt.Sprintf("from the gateway load balancer of %s", id)))

	s.LoadBalancer = elbv2.NewNetworkLoadBalancer(s.Construct, jsii.String(idServiceLB), &elbv2.NetworkLoadBalancerProps{
		Vpc:              g.vpc,
		VpcSubnets:       g.subnets,
		InternetFacing:   jsii.Bool(false),
		CrossZoneEnabled: jsii.Bool(true),
		SecurityGroups:   &[]ec2.ISecurityGroup{s.SecurityGroup},
	})
	nag.Suppress(s.LoadBalancer, nag.Rule{ID: "AwsSolutions-ELB2", Reason: nag.ReasonNlbAccessLogs})
	var targets []elbv2.INetworkLoadBalancerTarget
	for _, ip := range ep.IpAddresses {
		targets = append(targets, elbv2targets.NewIpTarget(ip, port, nil))
	}
	s.TargetGroup = elbv2.NewNetworkTargetGroup(s.Construct, jsii.String(idServiceTarget), &elbv2.NetworkTargetGroupProps{
		Vpc:                 g.vpc,
		Port:                port,
		Protocol:            elbv2.Protocol_TCP,
		TargetType:          elbv2.TargetType_IP,
		Targets:             &targets,
		HealthCheck:         nlb.HealthCheck(props.HealthCheckPath),
		DeregistrationDelay: nlb.DeregistrationDelay(nil),
	})
	s.Listener = s.LoadBalancer.AddListener(jsii.String(idServiceListen), &elbv2.BaseNetworkListenerProps{
		Port:                port,
		Protocol:            elbv2.Protocol_TCP,
		DefaultTargetGroups: &[]elbv2.INetworkTargetGroup{s.TargetGroup},
	})

	integration := apigwint.NewHttpNlbIntegration(jsii.String(id), s.Listener, &apigwint.HttpNlbIntegrationProps{VpcLink: g.VpcLink})
	for _, r := range props.Routes {
		s.Routes = append(s.Routes, *g.Api.AddRoutes(&apigw.AddRoutesOptions{
			Path:        jsii.String(r),
			Methods:     &[]apigw.HttpMethod{apigw.HttpMethod_ANY},
			Integration: integration,
		})...)
		g.routes[routeShape(r)] = id
	}
	g.Services[id] = s
	return s
}

// RouteOwners lists "route -> service id" for every route, sorted, for
// documentation and tests.
func (g *Gateway) RouteOwners() []string {
	var out []string
	for shape, id := range g.routes {
		out = append(out, shape+" -> "+id)
	}
	sort.Strings(out)
	return out
}
