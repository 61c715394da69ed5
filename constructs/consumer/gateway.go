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

	"github.com/cdk-privatelink/cdk-privatelink/constructs/azid"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/check"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logkey"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nlb"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/quotas"
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
	// FirstListenerPort is the listener port of the first service; service
	// n (from 0, in AddService order) listens on FirstListenerPort+n.
	FirstListenerPort = 10000
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
}

// GatewayServiceProps configure one service behind a Gateway.
type GatewayServiceProps struct {
	// Endpoint of the service, in the gateway's VPC. Required.
	Endpoint *ServiceEndpoint
	// Routes to the service, each for ANY method, for example "/dogs" and
	// "/dogs/{proxy+}". Required.
	Routes []string
	// HealthCheckPath turns on HTTP health checks of the endpoint on this
	// path, for example /health; a 200-399 answer is healthy.
	// Default: none; a TCP connection check.
	HealthCheckPath *string
	// TlsServerName is the name on the certificate of a provider that
	// serves TLS (provider.TlsOptions.DomainName): the integration then
	// speaks HTTPS and API Gateway verifies that the provider's certificate
	// is valid for this name, so traffic is encrypted from API Gateway to
	// the provider's listener (the gateway's load balancer passes the TLS
	// through). Health checks with HealthCheckPath use HTTPS.
	// Default: none; HTTP to a TCP listener.
	TlsServerName *string
	// Scope holds the service's listener, target group, security group rule,
	// routes and integration, for example a NestedStack when one stack cannot
	// hold every service (CloudFormation allows 500 resources per stack). The
	// API, its stage, the VPC link and the shared load balancers stay with
	// the gateway.
	// Default: the gateway.
	Scope constructs.Construct
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
	// AvailabilityZoneIds of the VPC link and load balancers, or nil when
	// not known (an imported VPC whose AZ IDs were not given).
	AvailabilityZoneIds []string
	// Services added so far, by id.
	Services map[string]*GatewayService

	vpc        ec2.IVpc
	subnets    *ec2.SubnetSelection
	authorizer apigw.IHttpRouteAuthorizer
	routes     map[string]string // route shape -> service id
	order      []string          // service ids in AddService order
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
	// Routes of the service on the API, one per path, for ANY method.
	Routes []apigw.HttpRoute
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
		panic(err)
	}
	p := check.New("consumer.Gateway")
	placed := network.Place(p, props.Vpc, "Subnets", props.Subnets, props.AvailabilityZoneIds)
	checkVpcLinkZones(p, region, placed.AzIds)
	if err := p.Err(); err != nil {
		panic(err)
	}
	this := &Gateway{
		Construct: constructs.NewConstruct(scope, id),
		Services:  map[string]*GatewayService{},
		vpc:       props.Vpc, subnets: placed.Subnets, routes: map[string]string{}, authorizer: props.DefaultAuthorizer,
		AvailabilityZoneIds: placed.AzIds,
	}
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
	this.Url = this.Stage.Url()
	if props.Domain != nil {
		this.Domain = newGatewayDomain(this.Construct, idDomain, props.Domain, this.Api, this.Stage)
		this.Url = this.Domain.Url
	}
	this.UrlOutput = awscdk.NewCfnOutput(this.Construct, jsii.String(idUrlOutput), &awscdk.CfnOutputProps{
		Value:       this.Url,
		Description: jsii.String("URL of the HTTP API"),
	})
	return this
}

// loadBalancer returns load balancer n (from 0), creating it with its
// security group: the listener ports of its services from the VPC link.
func (g *Gateway) loadBalancer(n int) (elbv2.NetworkLoadBalancer, ec2.SecurityGroup) {
	if n < len(g.LoadBalancers) {
		return g.LoadBalancers[n], g.LoadBalancerSecurityGroups[n]
	}
	id := fmt.Sprintf("%s%d", idServiceLB, n+1)
	sg := ec2.NewSecurityGroup(g.Construct, jsii.String(id+idServiceLBSG), &ec2.SecurityGroupProps{
		Vpc:              g.vpc,
		Description:      jsii.String(fmt.Sprintf("Gateway load balancer %d: its listener ports from the VPC link in, each service port to its endpoint out", n+1)),
		AllowAllOutbound: jsii.Bool(false),
	})
	first := float64(FirstListenerPort + n*ServicesPerLoadBalancer)
	sg.Connections().AllowFrom(g.VpcLinkSecurityGroup, ec2.Port_TcpRange(jsii.Number(first), jsii.Number(first+ServicesPerLoadBalancer-1)),
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
	g.LoadBalancers = append(g.LoadBalancers, lb)
	g.LoadBalancerSecurityGroups = append(g.LoadBalancerSecurityGroups, sg)
	return lb, sg
}

// serviceIdRe is what AddService takes as a service's id.
var serviceIdRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,62}$`)

// routeShape makes routes comparable: API Gateway treats /a/{x} and /a/{y}
// as the same route.
var routeParam = regexp.MustCompile(`\{[A-Za-z0-9_]+(\+?)\}`)

func routeShape(route string) string { return routeParam.ReplaceAllString(route, "{$1}") }

// validateService checks one AddService call against the routes taken so far;
// it is pure Go.
func (g *Gateway) validateService(id string, props *GatewayServiceProps) error {
	p := check.New(fmt.Sprintf("consumer.Gateway service %q", id))
	if !serviceIdRe.MatchString(id) {
		p.Addf("id %q: want 1 to 63 letters, digits and hyphens, starting with a letter or digit (it names the service's resources and its security group rule, whose description EC2 limits to a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*)", id)
	}
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
	if props.TlsServerName != nil {
		p.Add("TlsServerName", check.DNSName(*props.TlsServerName))
	}
	if ep := props.Endpoint; ep != nil {
		if *ep.Vpc.VpcId() != *g.vpc.VpcId() {
			p.Addf("Endpoint %s: it is in another VPC than the gateway's; the gateway's load balancers reach endpoints of their own VPC only: create the endpoint in the gateway's Vpc", *ep.Node().Path())
		}
		if ep.AvailabilityZoneIds != nil && g.AvailabilityZoneIds != nil {
			common := 0
			for _, z := range ep.AvailabilityZoneIds {
				if len(azid.Missing([]string{z}, g.AvailabilityZoneIds)) == 0 {
					common++
				}
			}
			if common == 0 {
				p.Addf("Endpoint %s: it is in %q and the gateway in %q; the gateway's load balancers only reach endpoint addresses in their own zones: place the endpoint in the gateway's zones", *ep.Node().Path(), ep.AvailabilityZoneIds, g.AvailabilityZoneIds)
			}
		}
	}
	return p.Err()
}

// AddService routes props.Routes to the service's endpoint: a listener of
// its own on a shared internal network load balancer in the gateway's
// subnets, its targets the endpoint's addresses, reached through the shared
// VPC link. It panics, before creating anything, if the props are invalid
// or a route is taken.
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
	n := len(g.order)
	lb, lbSG := g.loadBalancer(n / ServicesPerLoadBalancer)
	s := &GatewayService{Construct: constructs.NewConstruct(scope, jsii.String(id)),
		LoadBalancer: lb, SecurityGroup: lbSG, ListenerPort: float64(FirstListenerPort + n)}

	// The service's own rule: its endpoint admits its port from the shared
	// load balancer, and the load balancer may send to it on that port.
	ep.SecurityGroup.Connections().AllowFrom(lbSG, ec2.Port_Tcp(port), jsii.String(fmt.Sprintf("from the gateway load balancer, for %s", id)))

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
		Port:                jsii.Number(s.ListenerPort),
		Protocol:            elbv2.Protocol_TCP,
		DefaultTargetGroups: &[]elbv2.INetworkTargetGroup{s.TargetGroup},
	})
	nlb.TcpListener(s.Listener)

	// Routes (and with the first, the integration) live in the service's
	// scope too: a stack of 150 services would hold 450 of them otherwise,
	// next to CloudFormation's 500 resources per stack.
	s.Integration = apigwint.NewHttpNlbIntegration(jsii.String(id), s.Listener, &apigwint.HttpNlbIntegrationProps{VpcLink: g.VpcLink, SecureServerName: props.TlsServerName})
	for i, r := range props.Routes {
		s.Routes = append(s.Routes, apigw.NewHttpRoute(s.Construct, jsii.Sprintf("Route%d", i), &apigw.HttpRouteProps{
			HttpApi:     g.Api,
			RouteKey:    apigw.HttpRouteKey_With(jsii.String(r), apigw.HttpMethod_ANY),
			Integration: s.Integration,
			Authorizer:  g.authorizer,
		}))
		g.routes[routeShape(r)] = id
	}
	g.Services[id] = s
	g.order = append(g.order, id)
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
