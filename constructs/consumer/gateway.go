package consumer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	apigwint "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	elbv2targets "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2targets"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	synthetics "github.com/aws/aws-cdk-go/awscdk/v2/awssynthetics"
	ec2refs "github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawsec2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/azid"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logkey"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nlb"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/quotas"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of Gateway and of each service; part of the construct's
// contract. Load balancer n (from 1) is "LB<n>" with its group
// "LB<n>SecurityGroup".
const (
	idApi           = "Api"
	idStage         = "DefaultStage"
	idVpcLink       = "VpcLink"
	idVpcLinkSG     = "VpcLinkSecurityGroup"
	idAccessLogs    = "AccessLogs"
	idUrlOutput     = "Url"
	idDomain        = "Domain"
	idServiceLB     = "LB"
	idServiceLBSG   = "SecurityGroup"
	idServiceTarget = "Targets"
	idServiceListen = "Listener"
)

// Gateway defaults and limits.
const (
	DefaultThrottleRateLimit  = 100
	DefaultThrottleBurstLimit = 200
	// ServicesPerLoadBalancer is how many services share one load balancer:
	// ELB allows 50 listeners per network load balancer, and that quota
	// cannot be raised.
	ServicesPerLoadBalancer = 50
	// FirstListenerPort is the lowest ListenerPort: load balancer n (from
	// 0) carries ports FirstListenerPort+50n to FirstListenerPort+50n+49.
	FirstListenerPort = 10000
)

// accessLogFormat is one JSON object per request, the fields an operator
// needs to trace a call through the gateway to a provider; apiId is the
// dimension of the Http429 metric filter (alarms.go).
const accessLogFormat = `{"requestId":"$context.requestId","apiId":"$context.apiId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime",` +
	`"httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol",` +
	`"responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency","integrationError":"$context.integrationErrorMessage"}`

// GatewayProps configure a Gateway.
type GatewayProps struct {
	// Vpc holding the service endpoints. Required.
	Vpc ec2.IVpc
	// Subnets for the VPC link and the load balancers, one per AZ.
	// Default: the VPC's private subnets, one per AZ.
	Subnets *ec2.SubnetSelection
	// AvailabilityZoneIds of the VPC link and the load balancers, such as
	// usw2-az1; API Gateway VPC links work in the zones package azid lists
	// for the region, and no others. In a VPC of this library they choose
	// among its subnets; in any other VPC they declare the AZ IDs of the
	// subnets Subnets selects, one per subnet.
	// Default: every zone of Subnets.
	AvailabilityZoneIds []string
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
	// Domain gives the API its own name, with an optional mutual TLS; the
	// execute-api endpoint is then turned off. See GatewayDomainOptions.
	// Default: none; the API is reached at its execute-api URL.
	Domain *GatewayDomainOptions
	// Alarms of the API (5xx rate, p99 latency, 429s) and of each service
	// (no healthy endpoint address, endpoint dropping packets), to an SNS
	// topic. See AlarmOptions.
	// Default: on, each threshold its default, to the stack's AlarmTopic.
	Alarms *AlarmOptions
	// Canary, a CloudWatch Synthetics canary, calls the API's public routes
	// on a schedule, alarms when one fails and keeps the VPC link from
	// going INACTIVE after 60 idle days. See CanaryOptions.
	// Default: none.
	Canary *CanaryOptions
}

// ServiceOptions are what the two front doors, Gateway and AlbFrontDoor,
// take of every service: the same AddService API on both.
type ServiceOptions struct {
	// Endpoint of the service, in the front door's VPC: a ServiceEndpoint,
	// or one made elsewhere (FromServiceEndpointAttributes). Required.
	Endpoint IServiceEndpoint
	// Routes to the service, each for any method, for example "/dogs" and
	// "/dogs/{proxy+}". Required.
	Routes []string
	// HealthCheckPath turns on HTTP health checks of the endpoint on this
	// path, for example /health; a 200-399 answer is healthy.
	// Default: none; a TCP connection check on Gateway, / on AlbFrontDoor.
	HealthCheckPath *string
	// TlsServerName is the name on the certificate of a provider that
	// serves TLS (provider.TlsOptions.DomainName): the front door then
	// speaks HTTPS to it. Gateway verifies that the provider's certificate
	// is valid for this name, so traffic is encrypted from API Gateway to
	// the provider's listener (the gateway's load balancer passes the TLS
	// through). Health checks with HealthCheckPath use HTTPS.
	// Default: none; HTTP to a TCP listener.
	TlsServerName *string
	// Scope holds what is made for the service (listener or rule, target
	// group, security group rules, routes), for example a NestedStack when
	// one stack cannot hold every service (CloudFormation allows 500
	// resources per stack).
	// Default: the front door.
	Scope constructs.Construct
}

// GatewayServiceProps configure one service behind a Gateway.
type GatewayServiceProps struct {
	ServiceOptions
	// ListenerPort of the service on the gateway's load balancers, from
	// FirstListenerPort (10000) upwards: ports 10000-10049 share the first
	// load balancer, 10050-10099 the second, and so on, 50 listeners each
	// (ELB's limit, which cannot be raised). A service keeps its port, and
	// its listener, however other services are added or removed. Required.
	ListenerPort *float64
}

// RouteOptions configure a route added with GatewayService.AddRoute.
type RouteOptions struct {
	// Methods of the route, one route each.
	// Default: apigw.HttpMethod_ANY.
	Methods []apigw.HttpMethod
	// Authorizer of the route, for example authorizers.NewHttpJwtAuthorizer.
	// Default: the gateway's DefaultAuthorizer.
	Authorizer apigw.IHttpRouteAuthorizer
	// AuthorizationScopes the authorizer requires (JWT and Cognito).
	// Default: none.
	AuthorizationScopes []*string
}

// Gateway is one API Gateway HTTP API in front of many PrivateLink services,
// through one VPC link and shared internal network load balancers, one
// listener per service.
type Gateway struct {
	constructs.Construct
	// Api is the HTTP API; Stage its throttled, logged $default stage.
	Api   apigw.HttpApi
	Stage apigw.HttpStage
	// VpcLink is shared by all services; VpcLinkSecurityGroup is its group.
	VpcLink              apigw.VpcLink
	VpcLinkSecurityGroup ec2.SecurityGroup
	// LoadBalancers shared by the services, ServicesPerLoadBalancer each, in
	// the order services were added; LoadBalancerSecurityGroups their groups.
	LoadBalancers              []elbv2.NetworkLoadBalancer
	LoadBalancerSecurityGroups []ec2.SecurityGroup
	// AccessLogs receives one JSON line per request.
	AccessLogs logs.LogGroup
	// Domain is the API's custom domain, with GatewayProps.Domain; else nil.
	Domain *GatewayDomain
	// Url of the API, also the stack output UrlOutput (whose logical ID may
	// be overridden to give it a stable name).
	Url       *string
	UrlOutput awscdk.CfnOutput
	// ApiIdOutput, VpcLinkIdOutput and VpcLinkSecurityGroupIdOutput carry
	// what FromGatewayAttributes needs to another app; their logical IDs
	// may be overridden to give them stable names.
	ApiIdOutput, VpcLinkIdOutput, VpcLinkSecurityGroupIdOutput awscdk.CfnOutput
	// AvailabilityZoneIds of the VPC link and load balancers, or nil when
	// not known (an imported VPC whose AZ IDs were not given).
	AvailabilityZoneIds []string
	// Services added so far, by id.
	Services map[string]*GatewayService
	// Alarms of the API (each service has its own), and the AlarmTopic
	// they notify; none and nil with GatewayProps.Alarms.Disabled.
	Alarms     []cloudwatch.Alarm
	AlarmTopic sns.ITopic
	// Canary calls the API's routes on a schedule (GatewayProps.Canary),
	// writing its runs to CanaryArtifacts; CanaryAlarm (also in Alarms)
	// fires when its runs fail. Nil without a canary, and CanaryAlarm nil
	// with the alarms off.
	Canary          synthetics.Canary
	CanaryArtifacts s3.Bucket
	CanaryAlarm     cloudwatch.Alarm

	alarmer    *alarmer
	canary     *canary
	vpc        ec2.IVpc
	subnets    *ec2.SubnetSelection
	authorizer apigw.IHttpRouteAuthorizer
	routes     map[string]string // route key (method and shape) -> service id
	ports      map[float64]string
	// What routes and services are made with: the gateway's own, or those
	// of FromGatewayAttributes.
	api       apigw.IHttpApi
	vpcLink   apigw.IVpcLink
	vpcLinkSG ec2.ISecurityGroup
	lbs       map[int]elbv2.NetworkLoadBalancer
	lbSGs     map[int]ec2.SecurityGroup
}

// IGateway is a gateway of this app, or one made in another stack or app
// and brought in with FromGatewayAttributes: either takes services.
type IGateway interface {
	constructs.IConstruct
	ec2.IConnectable
	// AddService routes a service's paths to its endpoint.
	AddService(id string, props *GatewayServiceProps) *GatewayService
}

var _ IGateway = (*Gateway)(nil)

// Connections of the gateway's VPC link, where API Gateway's traffic enters
// the VPC: allow it to reach what else the API should integrate with.
// Gateway is an ec2.IConnectable.
func (g *Gateway) Connections() ec2.Connections {
	return ec2.NewConnections(&ec2.ConnectionsProps{SecurityGroups: &[]ec2.ISecurityGroup{g.vpcLinkSG}})
}

// GatewayService is what AddService built for one service.
type GatewayService struct {
	constructs.Construct
	// LoadBalancer is the shared load balancer the service listens on, and
	// SecurityGroup its group (the listener ports from the VPC link in, each
	// service's port to its endpoint out).
	LoadBalancer  elbv2.NetworkLoadBalancer
	SecurityGroup ec2.SecurityGroup
	// ListenerPort of the service on the load balancer.
	ListenerPort float64
	// Listener on ListenerPort, and TargetGroup of the endpoint's addresses
	// on the service port.
	Listener    elbv2.NetworkListener
	TargetGroup elbv2.NetworkTargetGroup
	// Integration of the routes.
	Integration apigwint.HttpNlbIntegration
	// Routes of the service on the API: one per path of Routes for ANY
	// method, then those of AddRoute.
	Routes []apigw.HttpRoute
	// Alarms of the service: no healthy endpoint address, and the
	// endpoint dropping packets (a ServiceEndpoint of this app in the
	// stack's region only: AWS publishes none for cross-Region access, and
	// an imported endpoint does not say its service name).
	Alarms []cloudwatch.Alarm

	id       string
	gateway  *Gateway
	endpoint IServiceEndpoint
}

func (props *GatewayProps) validate(region string) error {
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
	if props.AvailabilityZoneIds != nil {
		network.CheckIds(p, "AvailabilityZoneIds", region, props.AvailabilityZoneIds)
	}
	if props.Domain != nil {
		props.Domain.validate(p)
	}
	props.Alarms.validate(p, "Alarms")
	props.Canary.validate(p, "Canary")
	return p.Err()
}

// checkVpcLinkZones refuses zones where API Gateway VPC links do not work,
// per "Set up VPC links V2 in API Gateway", Availability by Region
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html),
// the table package azid keeps. Regions outside the table are not checked.
func checkVpcLinkZones(p *check.Problems, region string, ids []string) {
	supported, known := azid.VpcLink(region)
	if !known || ids == nil {
		return
	}
	if missing := azid.Missing(ids, supported); missing != nil {
		p.Addf("AvailabilityZoneIds %q: API Gateway VPC links do not work in %q (in %s they work in %s only, per the API Gateway Developer Guide, \"Set up VPC links V2\"); place the gateway in those zones", ids, missing, region, strings.Join(supported, ", "))
	}
}

// NewGateway creates the HTTP API, its stage and the VPC link. It panics,
// before creating anything, if the props are invalid.
func NewGateway(scope constructs.Construct, id *string, props *GatewayProps) *Gateway {
	if props == nil {
		props = &GatewayProps{}
	}
	region := *awscdk.Stack_Of(scope).Region()
	if err := props.validate(region); err != nil {
		refuse.If(scope, id, err)
	}
	p := check.New("consumer.Gateway")
	placed := network.Place(p, props.Vpc, "Subnets", props.Subnets, props.AvailabilityZoneIds)
	checkVpcLinkZones(p, region, placed.AzIds)
	if err := p.Err(); err != nil {
		refuse.If(scope, id, err)
	}
	this := &Gateway{
		Construct: constructs.NewConstruct(scope, id),
		vpc:       props.Vpc, subnets: placed.Subnets, authorizer: props.DefaultAuthorizer,
		AvailabilityZoneIds: placed.AzIds,
	}
	this.init()
	quotas.Watch(this.Construct)
	var disableExecuteApi *bool
	if props.Domain != nil {
		disableExecuteApi = jsii.Bool(true)
	}
	this.Api = apigw.NewHttpApi(this.Construct, jsii.String(idApi), &apigw.HttpApiProps{
		ApiName:            props.ApiName,
		Description:        jsii.String("Routes paths to private services over AWS PrivateLink"),
		CreateDefaultStage: jsii.Bool(false),
		DefaultAuthorizer:  props.DefaultAuthorizer,
		// With a domain, every request comes through it (and its mutual TLS).
		DisableExecuteApiEndpoint: disableExecuteApi,
	})
	retention := props.AccessLogRetention
	if retention == "" {
		retention = logs.RetentionDays_ONE_MONTH
	}
	this.AccessLogs = logkey.NewLogGroup(this.Construct, idAccessLogs, &logs.LogGroupProps{Retention: retention})
	this.Stage = apigw.NewHttpStage(this.Construct, jsii.String(idStage), &apigw.HttpStageProps{
		HttpApi:    this.Api,
		StageName:  jsii.String("$default"),
		AutoDeploy: jsii.Bool(true),
		Throttle: &apigw.ThrottleSettings{
			RateLimit:  defaults.Number(props.ThrottleRateLimit, DefaultThrottleRateLimit),
			BurstLimit: defaults.Number(props.ThrottleBurstLimit, DefaultThrottleBurstLimit),
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
		Description:      jsii.String("VPC link of the gateway: reaches the gateway load balancers on their listener ports only"),
		AllowAllOutbound: jsii.Bool(false),
	})
	this.VpcLink = apigw.NewVpcLink(this.Construct, jsii.String(idVpcLink), &apigw.VpcLinkProps{
		Vpc:            props.Vpc,
		Subnets:        placed.Subnets,
		SecurityGroups: &[]ec2refs.ISecurityGroupRef{this.VpcLinkSecurityGroup},
	})
	this.api, this.vpcLink, this.vpcLinkSG = this.Api, this.VpcLink, this.VpcLinkSecurityGroup
	this.Url = this.Stage.Url()
	if props.Domain != nil {
		this.Domain = newGatewayDomain(this.Construct, idDomain, props.Domain, this.Api, this.Stage)
		this.Url = this.Domain.Url
	}
	this.UrlOutput = awscdk.NewCfnOutput(this.Construct, jsii.String(idUrlOutput), &awscdk.CfnOutputProps{
		Value:       this.Url,
		Description: jsii.String("URL of the HTTP API"),
	})
	this.exportAttributes()
	this.alarmer = newAlarmer(this.Construct, props.Alarms)
	if this.alarmer != nil {
		this.AlarmTopic = this.alarmer.topic
	}
	this.gatewayAlarms()
	if props.Canary != nil {
		this.newCanary(props.Canary)
	}
	return this
}

func (g *Gateway) init() {
	g.Services = map[string]*GatewayService{}
	g.routes = map[string]string{}
	g.ports = map[float64]string{}
	g.lbs = map[int]elbv2.NetworkLoadBalancer{}
	g.lbSGs = map[int]ec2.SecurityGroup{}
}

// loadBalancer returns load balancer n (from 0), the one of listener ports
// FirstListenerPort+50n to FirstListenerPort+50n+49, creating it with its
// security group: those ports from the VPC link.
func (g *Gateway) loadBalancer(n int) (elbv2.NetworkLoadBalancer, ec2.SecurityGroup) {
	if lb, ok := g.lbs[n]; ok {
		return lb, g.lbSGs[n]
	}
	id := fmt.Sprintf("%s%d", idServiceLB, n+1)
	sg := ec2.NewSecurityGroup(g.Construct, jsii.String(id+idServiceLBSG), &ec2.SecurityGroupProps{
		Vpc:              g.vpc,
		Description:      jsii.String(fmt.Sprintf("Gateway load balancer %d: its listener ports from the VPC link in, each service port to its endpoint out", n+1)),
		AllowAllOutbound: jsii.Bool(false),
	})
	first := float64(FirstListenerPort + n*ServicesPerLoadBalancer)
	sg.Connections().AllowFrom(g.vpcLinkSG, ec2.Port_TcpRange(jsii.Number(first), jsii.Number(first+ServicesPerLoadBalancer-1)),
		jsii.String("listener ports from the gateway VPC link"))
	lb := elbv2.NewNetworkLoadBalancer(g.Construct, jsii.String(id), &elbv2.NetworkLoadBalancerProps{
		Vpc:              g.vpc,
		VpcSubnets:       g.subnets,
		InternetFacing:   jsii.Bool(false),
		CrossZoneEnabled: jsii.Bool(true),
		SecurityGroups:   &[]ec2.ISecurityGroup{sg},
	})
	// TCP listeners only: TLS, if any, passes through to the provider.
	nlb.TcpOnly(lb)
	nlb.Protect(g.Construct, lb)
	g.lbs[n], g.lbSGs[n] = lb, sg
	// The exported lists stay in load balancer order.
	g.LoadBalancers, g.LoadBalancerSecurityGroups = nil, nil
	for i := range maxKey(g.lbs) + 1 {
		if lb, ok := g.lbs[i]; ok {
			g.LoadBalancers = append(g.LoadBalancers, lb)
			g.LoadBalancerSecurityGroups = append(g.LoadBalancerSecurityGroups, g.lbSGs[i])
		}
	}
	return lb, sg
}

func maxKey(m map[int]elbv2.NetworkLoadBalancer) int {
	top := -1
	for k := range m {
		top = max(top, k)
	}
	return top
}

// serviceIdRe is what AddService takes as a service's id.
var serviceIdRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,62}$`)

// routeShape makes routes comparable: API Gateway treats /a/{x} and /a/{y}
// as the same route.
var routeParam = regexp.MustCompile(`\{[A-Za-z0-9_]+(\+?)\}`)

func routeShape(route string) string { return routeParam.ReplaceAllString(route, "{$1}") }

// maxListenerPort is the last listener port a service may take.
const maxListenerPort = 65535

// checkRoute records the problems of one route of service id for methods,
// against the routes taken so far and those in seen.
func (g *Gateway) checkRoute(p *check.Problems, prop, route string, methods []apigw.HttpMethod, seen map[string]bool) {
	if err := check.Route(route); err != nil {
		p.Add(prop, err)
		return
	}
	for _, m := range methods {
		key := string(m) + " " + routeShape(route)
		if owner, taken := g.routes[key]; taken {
			p.Addf("%s %q: service %q already has %s %s; want each route and method on one service", prop, route, owner, m, route)
		} else if seen[key] {
			p.Addf("%s %q: %s %s listed twice", prop, route, m, route)
		}
		seen[key] = true
	}
}

// validateService checks one AddService call against the routes and ports
// taken so far; it is pure Go.
func (g *Gateway) validateService(id string, props *GatewayServiceProps) error {
	p := check.New("consumer.Gateway")
	if !serviceIdRe.MatchString(id) {
		p.Addf("AddService id %q: want 1 to 63 letters, digits and hyphens, starting with a letter or digit (it names the service's resources and its security group rule, whose description EC2 limits to a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*)", id)
	}
	if _, taken := g.Services[id]; taken {
		p.Addf("AddService id %q: a service of that id exists; want a unique id per service", id)
	}
	if props.Endpoint == nil {
		p.Addf("Endpoint is nil: want the service's endpoint, a *ServiceEndpoint or one from FromServiceEndpointAttributes")
	}
	switch {
	case props.ListenerPort == nil:
		p.Addf("ListenerPort is nil: want the service's own listener port, %d to %d (ports %d-%d share the first load balancer); it stays the service's when others are removed. To keep the listeners of v0.1, give the service %d plus its place in AddService order", FirstListenerPort, maxListenerPort, FirstListenerPort, FirstListenerPort+ServicesPerLoadBalancer-1, FirstListenerPort)
	case check.IsNumberToken(*props.ListenerPort):
		p.Addf("ListenerPort is a token: want a number known at synth, %d to %d (it chooses the load balancer)", FirstListenerPort, maxListenerPort)
	case *props.ListenerPort != float64(int(*props.ListenerPort)) || *props.ListenerPort < FirstListenerPort || *props.ListenerPort > maxListenerPort:
		p.Addf("ListenerPort %v: want a whole number from %d to %d", *props.ListenerPort, FirstListenerPort, maxListenerPort)
	default:
		if owner, taken := g.ports[*props.ListenerPort]; taken {
			p.Addf("ListenerPort %v: service %q listens on it; want a port of its own per service", *props.ListenerPort, owner)
		}
	}
	if len(props.Routes) == 0 {
		p.Addf("Routes is empty: want at least one path such as /%s and /%s/{proxy+}", strings.ToLower(id), strings.ToLower(id))
	}
	seen := map[string]bool{}
	for i, r := range props.Routes {
		g.checkRoute(p, fmt.Sprintf("Routes[%d]", i), r, []apigw.HttpMethod{apigw.HttpMethod_ANY}, seen)
	}
	if props.HealthCheckPath != nil {
		p.Add("HealthCheckPath", check.HealthPath(*props.HealthCheckPath))
	}
	if props.TlsServerName != nil {
		p.Add("TlsServerName", check.DNSName(*props.TlsServerName))
	}
	if ep := props.Endpoint; ep != nil {
		if *ep.EndpointVpc().VpcId() != *g.vpc.VpcId() {
			p.Addf("Endpoint %s: it is in another VPC than the gateway's; the gateway's load balancers reach endpoints of their own VPC only: create the endpoint in the gateway's Vpc", *ep.Node().Path())
		}
		if zones := ep.ZoneIds(); zones != nil && g.AvailabilityZoneIds != nil {
			common := 0
			for _, z := range zones {
				if len(azid.Missing([]string{z}, g.AvailabilityZoneIds)) == 0 {
					common++
				}
			}
			if common == 0 {
				p.Addf("Endpoint %s: it is in %q and the gateway in %q; the gateway's load balancers only reach endpoint addresses in their own zones: place the endpoint in the gateway's zones", *ep.Node().Path(), zones, g.AvailabilityZoneIds)
			}
		}
	}
	return p.Err()
}

// AddService routes props.Routes to the service's endpoint: a listener of
// its own on ListenerPort of a shared internal network load balancer in the
// gateway's subnets, its targets the endpoint's addresses, reached through
// the shared VPC link. It panics, before creating anything, if the props are
// invalid or a route or port is taken.
func (g *Gateway) AddService(id string, props *GatewayServiceProps) *GatewayService {
	if props == nil {
		props = &GatewayServiceProps{}
	}
	scope := props.Scope
	if scope == nil {
		scope = g.Construct
	}
	refuse.If(scope, &id, g.validateService(id, props))
	ep := props.Endpoint
	port := jsii.Number(ep.ServicePort())
	listenerPort := *props.ListenerPort
	lb, lbSG := g.loadBalancer(int(listenerPort-FirstListenerPort) / ServicesPerLoadBalancer)
	s := &GatewayService{Construct: constructs.NewConstruct(scope, jsii.String(id)),
		LoadBalancer: lb, SecurityGroup: lbSG, ListenerPort: listenerPort, id: id, gateway: g, endpoint: ep}

	// The service's own rule: its endpoint admits its port from the shared
	// load balancer, and the load balancer may send to it on that port.
	ep.Connections().AllowFrom(lbSG, ec2.Port_Tcp(port), jsii.String(fmt.Sprintf("from the gateway load balancer, for %s", id)))

	var targets []elbv2.INetworkLoadBalancerTarget
	for _, ip := range ep.IpAddresses() {
		targets = append(targets, elbv2targets.NewIpTarget(ip, port, nil))
	}
	s.TargetGroup = elbv2.NewNetworkTargetGroup(s.Construct, jsii.String(idServiceTarget), &elbv2.NetworkTargetGroupProps{
		Vpc:                 g.vpc,
		Port:                port,
		Protocol:            elbv2.Protocol_TCP,
		TargetType:          elbv2.TargetType_IP,
		Targets:             &targets,
		HealthCheck:         nlb.HealthCheck(props.HealthCheckPath, props.TlsServerName != nil),
		DeregistrationDelay: nlb.DeregistrationDelay(nil),
	})
	s.Listener = elbv2.NewNetworkListener(s.Construct, jsii.String(idServiceListen), &elbv2.NetworkListenerProps{
		LoadBalancer:        lb,
		Port:                jsii.Number(listenerPort),
		Protocol:            elbv2.Protocol_TCP,
		DefaultTargetGroups: &[]elbv2.INetworkTargetGroup{s.TargetGroup},
	})
	nlb.TcpListener(s.Listener)

	// Routes (and with the first, the integration) live in the service's
	// scope too: a stack of 150 services would hold 450 of them otherwise,
	// next to CloudFormation's 500 resources per stack.
	s.Integration = apigwint.NewHttpNlbIntegration(jsii.String(id), s.Listener, &apigwint.HttpNlbIntegrationProps{VpcLink: g.vpcLink, SecureServerName: props.TlsServerName})
	for i, r := range props.Routes {
		s.Routes = append(s.Routes, g.route(s, fmt.Sprintf("Route%d", i), r, apigw.HttpMethod_ANY, g.authorizer, nil))
	}
	g.Services[id] = s
	g.ports[listenerPort] = id
	s.serviceAlarms()
	return s
}

// route adds one route of service s.
func (g *Gateway) route(s *GatewayService, id, path string, method apigw.HttpMethod, auth apigw.IHttpRouteAuthorizer, scopes []*string) apigw.HttpRoute {
	props := &apigw.HttpRouteProps{
		HttpApi:     g.api,
		RouteKey:    apigw.HttpRouteKey_With(jsii.String(path), method),
		Integration: s.Integration,
		Authorizer:  auth,
	}
	if scopes != nil {
		props.AuthorizationScopes = &scopes
	}
	g.routes[string(method)+" "+routeShape(path)] = s.id
	r := apigw.NewHttpRoute(s.Construct, jsii.String(id), props)
	// Public is what the route became: no authorizer, or HttpNoneAuthorizer.
	var cfn apigw.CfnRoute
	jsii.UnsafeCast(r.Node().DefaultChild(), &cfn)
	typ := cfn.AuthorizationType()
	g.canary.addRoute(path, string(method), typ != nil && *typ != "NONE")
	if g.Canary != nil {
		// The canary starts once the routes exist (canary.go).
		g.Canary.Node().AddDependency(r)
	}
	return r
}

// routeIdRe keeps what a construct id of a route may hold of its path.
var routeIdRe = regexp.MustCompile(`[^A-Za-z0-9]+`)

// AddRoute adds a route to the service after AddService, with its own
// methods and authorizer: "GET /dogs" with a JWT authorizer beside the
// service's ANY routes, for example. Each method is one route, whose
// construct id comes from the method and path, so adding or removing
// another route changes no other. It panics, before creating anything, on
// an invalid path or a route and method another route has.
func (s *GatewayService) AddRoute(path string, opts *RouteOptions) []apigw.HttpRoute {
	if opts == nil {
		opts = &RouteOptions{}
	}
	g := s.gateway
	methods := opts.Methods
	if len(methods) == 0 {
		methods = []apigw.HttpMethod{apigw.HttpMethod_ANY}
	}
	p := check.New("consumer.GatewayService")
	g.checkRoute(p, "AddRoute path", path, methods, map[string]bool{})
	if opts.AuthorizationScopes != nil && opts.Authorizer == nil && g.authorizer == nil {
		p.Addf("AuthorizationScopes: the route has no authorizer (neither RouteOptions.Authorizer nor the gateway's DefaultAuthorizer); give one that takes scopes (JWT or Cognito)")
	}
	if err := p.Err(); err != nil {
		panic(check.At(*s.Node().Path(), err))
	}
	auth := opts.Authorizer
	if auth == nil {
		auth = g.authorizer
	}
	var added []apigw.HttpRoute
	for _, m := range methods {
		id := "Route-" + string(m) + "-" + strings.Trim(routeIdRe.ReplaceAllString(path, "-"), "-")
		r := g.route(s, id, path, m, auth, opts.AuthorizationScopes)
		s.Routes = append(s.Routes, r)
		added = append(added, r)
	}
	return added
}

// RouteOwners lists "method route -> service id" for every route, sorted,
// for documentation and tests.
func (g *Gateway) RouteOwners() []string {
	var out []string
	for key, id := range g.routes {
		out = append(out, key+" -> "+id)
	}
	sort.Strings(out)
	return out
}
