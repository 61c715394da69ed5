package provider

import (
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	elbv2targets "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2targets"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nlb"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of AlbProvider; part of the construct's contract.
const (
	idAlb           = "ALB"
	idAlbListener   = "HttpListener"
	idAlbHealthRule = "HealthCheckRule"
)

// AlbTargetDoc is AWS's page on what an Application Load Balancer target
// of a Network Load Balancer requires.
const AlbTargetDoc = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html"

// AlbProviderProps configure an AlbProvider.
//
// AWS's constraints on an Application Load Balancer as the target of a
// Network Load Balancer ("Use an Application Load Balancer as a target of
// a Network Load Balancer", AlbTargetDoc), checked at synth where CDK can
// know them:
//
//   - the network load balancer's listener is TCP (Tls is refused:
//     terminate TLS on an HTTPS listener of the ALB instead);
//   - its port is the ALB listener's port (Port; TargetPort, if given, must
//     equal it);
//   - the ALB is in the same VPC and account as the network load balancer;
//   - the target group checks the ALB's health over HTTP or HTTPS on that
//     port (HealthCheckPath is required);
//   - one ALB per target group, and an ALB is the target of two network
//     load balancers at most (not checked: AWS refuses a third).
//
// The library also requires the ALB to be internal (AWS allows an
// internet-facing one): a PrivateLink service should have no other door.
type AlbProviderProps struct {
	ProviderOptions
	// ApplicationLoadBalancer you already have, internal, in Vpc, with a
	// listener on Port whose rules route requests, for example the ALB an
	// EKS ingress made, imported with
	// elbv2.ApplicationLoadBalancer_FromApplicationLoadBalancerAttributes
	// (give its SecurityGroupId: the provider admits Port from the network
	// load balancer there). For one made in this app CDK checks it is
	// internal, in Vpc and listens on Port; for an imported one, only its
	// ARN's region and account.
	// Default: a new internal ALB in the provider's subnets, with
	// SecurityGroup and an HTTP listener on Port that answers 404 to any
	// request no route matches (AddRoute).
	ApplicationLoadBalancer elbv2.IApplicationLoadBalancer
	// HttpsListener says that the listener on Port of an imported
	// ApplicationLoadBalancer is HTTPS, so that health checks use HTTPS.
	// For an ALB made in this app the listener's protocol is read.
	// Default: false; HTTP.
	HttpsListener *bool
}

// AlbProvider publishes an internal Application Load Balancer, made here
// or your own, behind a network load balancer as a VPC endpoint service:
// the network load balancer forwards TCP on Port to the ALB's listener on
// the same port, and the ALB routes requests by path to its target groups.
type AlbProvider struct {
	constructs.Construct
	// LoadBalancer is the internal network load balancer, or
	// ProviderOptions.LoadBalancer.
	LoadBalancer elbv2.INetworkLoadBalancer
	// Listener is its TCP listener on Port.
	Listener elbv2.NetworkListener
	// TargetGroup holds the ALB.
	TargetGroup elbv2.NetworkTargetGroup
	// EndpointService publishes the network load balancer over PrivateLink.
	EndpointService *EndpointService
	// AvailabilityZoneIds the service covers; nil when not known.
	AvailabilityZoneIds []string
	// SecurityGroup admits Port from the network load balancer: the created
	// ALB's group. With AlbProviderProps.ApplicationLoadBalancer the same
	// rule is added to that ALB's groups, and this one is left to you.
	SecurityGroup ec2.SecurityGroup
	// ApplicationLoadBalancer is the ALB, created or given.
	ApplicationLoadBalancer elbv2.IApplicationLoadBalancer
	// ApplicationListener is the created ALB's HTTP listener on Port; nil
	// with AlbProviderProps.ApplicationLoadBalancer.
	ApplicationListener elbv2.ApplicationListener
	// Alarms are the provider's alarms and their topic; nil with
	// ProviderOptions.Alarms.Disabled.
	Alarms *ProviderAlarms

	targetMetrics
	connections ec2.Connections
	priorities  map[float64]string
}

// Connections are the ALB's security groups, Port by default.
func (p *AlbProvider) Connections() ec2.Connections { return p.connections }

// Contract is what consumers need of the service: its name, port, zones,
// private DNS name and region.
func (p *AlbProvider) Contract() *Contract { return p.EndpointService.Contract() }

var _ IEndpointService = (*AlbProvider)(nil)

// validate records the problems CDK's objects need not be read for; it is
// pure Go.
func (props *AlbProviderProps) validate(p *check.Problems, region string) {
	props.ProviderOptions.validate(p, region)
	props.Alarms.checkCapacity(p, "", 0)
	if props.Tls != nil {
		p.Addf("Tls is set: a network load balancer forwards to an ALB from a TCP listener only (%s); terminate TLS on an HTTPS listener of the ALB", AlbTargetDoc)
	}
	if props.TargetPort != nil && *props.TargetPort != props.listenerPort() {
		p.Addf("TargetPort %v: the network load balancer's port must be the ALB listener's (%s); leave TargetPort out and set Port to the ALB listener's port", *props.TargetPort, AlbTargetDoc)
	}
	if props.HealthCheckPath == nil {
		p.Addf("HealthCheckPath is nil: an ALB target is checked over HTTP(S) (%s); want a path a route of the ALB answers with 200-399, such as /health", AlbTargetDoc)
	}
	if props.HttpsListener != nil && props.ApplicationLoadBalancer == nil {
		p.Addf("HttpsListener is set but ApplicationLoadBalancer is nil: the ALB the provider creates listens over HTTP; drop HttpsListener")
	}
}

// albArnRe takes an ALB's ARN apart: region, account.
var albArnRe = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer/app/`)

// checkAlb records what is wrong with the given ALB, as far as CDK knows
// it, and returns its listener on port when made in this app, and whether
// that listener is HTTPS.
func (props *AlbProviderProps) checkAlb(p *check.Problems, stack awscdk.Stack, port float64) (elbv2.ApplicationListener, bool) {
	alb := props.ApplicationLoadBalancer
	https := props.HttpsListener != nil && *props.HttpsListener
	if arn := *alb.LoadBalancerArn(); !check.IsToken(arn) {
		m := albArnRe.FindStringSubmatch(arn)
		switch {
		case m == nil:
			p.Addf("ApplicationLoadBalancer %q: want the ARN of an Application Load Balancer, arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>", arn)
		case !check.IsToken(*stack.Region()) && m[1] != *stack.Region(), !check.IsToken(*stack.Account()) && m[2] != *stack.Account():
			p.Addf("ApplicationLoadBalancer %q: in %s of account %s, but the network load balancer is in %s of %s; both must be in the same VPC and account (%s)", arn, m[1], m[2], *stack.Region(), *stack.Account(), AlbTargetDoc)
		}
	}
	made, ok := alb.(elbv2.ApplicationLoadBalancer)
	if !ok {
		// Imported: its VPC, when given, and nothing more to read.
		if v := alb.Vpc(); v != nil && props.Vpc != nil && *v.VpcId() != *props.Vpc.VpcId() && !check.IsToken(*v.VpcId()) && !check.IsToken(*props.Vpc.VpcId()) {
			p.Addf("ApplicationLoadBalancer is in VPC %s, not Vpc %s: both load balancers must be in the same VPC (%s)", *v.VpcId(), *props.Vpc.VpcId(), AlbTargetDoc)
		}
		return nil, https
	}
	if props.HttpsListener != nil {
		p.Addf("HttpsListener is set, but ApplicationLoadBalancer %s is made in this app, whose listener's protocol the provider reads; drop HttpsListener", *made.Node().Path())
	}
	var cfn elbv2.CfnLoadBalancer
	jsii.UnsafeCast(made.Node().DefaultChild(), &cfn)
	if s := cfn.Scheme(); s == nil || *s != "internal" {
		p.Addf("ApplicationLoadBalancer %s is internet-facing: want an internal one (InternetFacing false), so that the service has no door but PrivateLink", *made.Node().Path())
	}
	if props.Vpc != nil && *made.Vpc().VpcId() != *props.Vpc.VpcId() {
		p.Addf("ApplicationLoadBalancer %s is in another VPC than Vpc: both load balancers must be in the same VPC (%s)", *made.Node().Path(), AlbTargetDoc)
	}
	var ports []float64
	for _, l := range *made.Listeners() {
		var cl elbv2.CfnListener
		jsii.UnsafeCast(l.Node().DefaultChild(), &cl)
		if lp := cl.Port(); lp != nil {
			if *lp == port {
				return l, cl.Protocol() != nil && *cl.Protocol() == string(elbv2.ApplicationProtocol_HTTPS)
			}
			ports = append(ports, *lp)
		}
	}
	p.Addf("ApplicationLoadBalancer %s listens on %v, not on Port %v: the network load balancer's listener port must be the ALB listener's (%s); set Port to it, or add a listener", *made.Node().Path(), ports, port, AlbTargetDoc)
	return nil, false
}

// NewAlbProvider creates the provider. It panics, before creating
// anything, if the props are invalid.
func NewAlbProvider(scope constructs.Construct, id *string, props *AlbProviderProps) *AlbProvider {
	if props == nil {
		props = &AlbProviderProps{}
	}
	stack := awscdk.Stack_Of(scope)
	p := check.New("provider.AlbProvider")
	props.validate(p, *stack.Region())
	port := props.listenerPort()
	var listener elbv2.ApplicationListener
	https := false
	if props.ApplicationLoadBalancer != nil {
		listener, https = props.checkAlb(p, stack, port)
	}
	placed := props.place(p)
	if props.ApplicationLoadBalancer == nil && placed.Count == 1 {
		p.Addf("VpcSubnets selects one subnet: the ALB the provider creates needs subnets in two Availability Zones at least (AWS refuses fewer); select more, or give ApplicationLoadBalancer")
	}
	refuse.If(scope, id, p.Err())

	this := &AlbProvider{Construct: constructs.NewConstruct(scope, id), priorities: map[float64]string{}}
	f := newFrontend(this.Construct, &props.ProviderOptions, placed, elbv2.TargetType_ALB, https)
	this.LoadBalancer, this.Listener, this.TargetGroup = f.lb, f.listener, f.targetGroup
	this.EndpointService, this.AvailabilityZoneIds, this.SecurityGroup = f.endpointService, f.azIds, f.targetsSG
	this.targetMetrics = targetMetrics{f.targetGroup}

	var target elbv2.INetworkLoadBalancerTarget
	if this.ApplicationLoadBalancer = props.ApplicationLoadBalancer; this.ApplicationLoadBalancer == nil {
		alb := elbv2.NewApplicationLoadBalancer(this.Construct, jsii.String(idAlb), &elbv2.ApplicationLoadBalancerProps{
			Vpc:                     props.Vpc,
			VpcSubnets:              f.subnets,
			InternetFacing:          jsii.Bool(false),
			SecurityGroup:           f.targetsSG,
			DropInvalidHeaderFields: jsii.Bool(true),
		})
		this.ApplicationLoadBalancer = alb
		this.ApplicationListener = alb.AddListener(jsii.String(idAlbListener), &elbv2.BaseApplicationListenerProps{
			Port:     jsii.Number(port),
			Protocol: elbv2.ApplicationProtocol_HTTP,
			// Reached from the network load balancer alone (SecurityGroup).
			Open: jsii.Bool(false),
			DefaultAction: elbv2.ListenerAction_FixedResponse(jsii.Number(404), &elbv2.FixedResponseOptions{
				ContentType: jsii.String("text/plain"), MessageBody: jsii.String("no route"),
			}),
		})
		// The network load balancer's health checks pass through the
		// listener's rules ("Health checks" in "Use an Application Load
		// Balancer as a target"): with the 404 default alone, the ALB
		// would never be healthy. The last rule answers the health path,
		// unless a route of AddRoute takes it first.
		elbv2.NewApplicationListenerRule(this.Construct, jsii.String(idAlbHealthRule), &elbv2.ApplicationListenerRuleProps{
			Listener:   this.ApplicationListener,
			Priority:   jsii.Number(healthRulePriority),
			Conditions: &[]elbv2.ListenerCondition{elbv2.ListenerCondition_PathPatterns(jsii.Strings(*props.HealthCheckPath))},
			Action: elbv2.ListenerAction_FixedResponse(jsii.Number(200), &elbv2.FixedResponseOptions{
				ContentType: jsii.String("text/plain"), MessageBody: jsii.String("ok"),
			}),
		})
		// With hardening, like the network load balancer.
		nlb.Protect(this.Construct, alb)
		suppressAlb(alb, this.ApplicationListener)
		this.connections = f.connections
		target = elbv2targets.NewAlbListenerTarget(this.ApplicationListener)
	} else {
		f.admit(props.ApplicationLoadBalancer, props.Vpc)
		this.connections = props.ApplicationLoadBalancer.Connections()
		if listener != nil {
			// Registered once the listener exists, as AWS requires.
			target = elbv2targets.NewAlbListenerTarget(listener)
		} else {
			target = elbv2targets.NewAlbArnTarget(props.ApplicationLoadBalancer.LoadBalancerArn(), jsii.Number(port))
		}
	}
	this.TargetGroup.AddTarget(target)
	this.Alarms = newAlarms(this.Construct, props.Alarms, this.targetMetrics, nil, nil)
	return this
}

// healthRulePriority is the last priority ALB allows, the rule that answers
// the network load balancer's health checks on an ALB the provider creates.
const healthRulePriority = 50000

// pathPatternRe is what ALB accepts in a path pattern: up to 128
// characters of A-Z, a-z, 0-9, _ - . $ / ~ " ' @ : + & (as &amp;) and the
// wildcards * and ?.
var pathPatternRe = regexp.MustCompile(`^[A-Za-z0-9_\-.$/~"'@:+&*?]{1,128}$`)

// AlbRouteProps configure a route of AlbProvider.AddRoute.
type AlbRouteProps struct {
	// PathPatterns the request's path matches, 1 to 5, such as /dogs/*: up
	// to 128 characters each, with the wildcards * and ?. Required.
	PathPatterns []string
	// Priority among the listener's rules, 1 to 49999, one route each: the
	// lowest is evaluated first. 50000 is the rule that answers the health
	// checks of an ALB the provider creates (200 on HealthCheckPath); a
	// route that matches HealthCheckPath takes those checks to its target
	// group instead. Required.
	Priority *float64
	// TargetGroup that serves the requests. Required.
	TargetGroup elbv2.IApplicationTargetGroup
}

// AddRoute forwards the requests whose path matches one of PathPatterns to
// TargetGroup, on the ALB the provider created; requests no route matches
// get 404. It panics, naming the route, on invalid props or with an ALB of
// your own (add rules to its listener there).
func (p *AlbProvider) AddRoute(id string, props *AlbRouteProps) elbv2.ApplicationListenerRule {
	if props == nil {
		props = &AlbRouteProps{}
	}
	c := check.New("provider.AlbProvider.AddRoute")
	if p.ApplicationListener == nil {
		c.Addf("the ALB is your own (AlbProviderProps.ApplicationLoadBalancer): add rules to its listener")
	}
	switch {
	case props.Priority == nil:
		c.Addf("Priority is nil: want 1 to %d, unique among the routes; the lowest is evaluated first", healthRulePriority-1)
	case check.Range(*props.Priority, 1, healthRulePriority-1) != nil:
		c.Addf("Priority %v: want a whole number from 1 to %d (%d answers the health checks of the ALB the provider creates)", *props.Priority, healthRulePriority-1, healthRulePriority)
	case p.priorities[*props.Priority] != "":
		c.Addf("Priority %v: already route %s's; ALB evaluates each priority once", *props.Priority, p.priorities[*props.Priority])
	}
	if n := len(props.PathPatterns); n == 0 || n > 5 {
		c.Addf("PathPatterns %q: want 1 to 5 patterns, such as /dogs/*", props.PathPatterns)
	}
	for i, s := range props.PathPatterns {
		if !pathPatternRe.MatchString(s) {
			c.Addf("PathPatterns[%d] %q: want up to 128 characters of letters, digits, _-.$/~\"'@:+& and the wildcards * and ?", i, s)
		}
	}
	if props.TargetGroup == nil {
		c.Addf("TargetGroup is nil: want the elbv2.IApplicationTargetGroup that serves %q", props.PathPatterns)
	}
	refuse.If(p.Construct, &id, c.Err())
	p.priorities[*props.Priority] = id
	// Forwarding registers the target group with the listener, which lets
	// the ALB's security group reach its targets.
	return elbv2.NewApplicationListenerRule(p.Construct, jsii.String(id), &elbv2.ApplicationListenerRuleProps{
		Listener:     p.ApplicationListener,
		Priority:     props.Priority,
		Conditions:   &[]elbv2.ListenerCondition{elbv2.ListenerCondition_PathPatterns(jsii.Strings(props.PathPatterns...))},
		TargetGroups: &[]elbv2.IApplicationTargetGroup{props.TargetGroup},
	})
}

// suppressAlb records on the created ALB and its listener why the packs'
// findings do not apply.
func suppressAlb(alb elbv2.ApplicationLoadBalancer, listener elbv2.ApplicationListener) {
	nag.Suppress(alb, nag.Rule{ID: "AwsSolutions-ELB2", Reason: nag.ReasonAlbAccessLogs})
	nag.Compliance(alb, "ELBLoggingEnabled", nag.ReasonAlbAccessLogs)
	nag.Compliance(alb, "ALBWAFEnabled", nag.ReasonAlbWaf)
	nag.Compliance(listener, "ALBHttpToHttpsRedirection", nag.ReasonAlbHttp)
	nag.Compliance(listener, "ELBv2ACMCertificateRequired", nag.ReasonAlbHttp)
}
