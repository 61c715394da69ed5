package consumer

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	elbv2targets "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2targets"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	waf "github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/azid"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logbucket"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logkey"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nlb"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of AlbFrontDoor and of each of its services; part of the
// construct's contract.
const (
	idFrontDoorLB        = "LB"
	idFrontDoorSG        = "SecurityGroup"
	idFrontDoorHttps     = "Https"
	idFrontDoorHttp      = "HttpRedirect"
	idFrontDoorLogs      = "AccessLogs"
	idFrontDoorWebAcl    = "WebAcl"
	idFrontDoorWebAclLB  = "WebAclAssociation"
	idFrontDoorWafLogs   = "WafLogs"
	idFrontDoorWafLogCfg = "WafLogging"
	idFrontDoorUrl       = "Url"
	idFrontDoorTargets   = "Targets"
	// idFrontDoorRule is the prefix of a service's listener rules: Rule0,
	// Rule1, ... in the order of its path patterns.
	idFrontDoorRule = "Rule"
)

// AlbFrontDoor defaults and limits.
const (
	// DefaultWafRateLimit is how many requests one client IP address may
	// make in WafRateWindowSeconds before the web ACL answers it 429.
	DefaultWafRateLimit = 1000
	// WafRateWindowSeconds is the window of the rate-based rule.
	WafRateWindowSeconds = 300
	// FrontDoorAccessLogDays is how long the load balancer's access logs
	// are kept.
	FrontDoorAccessLogDays = 90
	// MaxRulePriority is the highest listener rule priority ELB accepts.
	MaxRulePriority = 50000
	// PathPatternsPerRule and WildcardsPerRule are what ELB allows in one
	// listener rule's conditions ("Condition values per rule", "Condition
	// wildcards per rule"; neither can be raised): a service's path
	// patterns fill rules at Priority, Priority+1, ... within both.
	PathPatternsPerRule = 5
	WildcardsPerRule    = 5
)

// DefaultFrontDoorSslPolicy of the front door's HTTPS listener:
// ELBSecurityPolicy-TLS13-1-2-Res-2021-06, TLS 1.3 and TLS 1.2 with only
// forward-secret AEAD (ECDHE with AES-GCM) suites. It is stricter than the
// AWS-recommended ELBSecurityPolicy-TLS13-1-2-2021-06, which also offers
// TLS 1.2 clients CBC suites, and every client of the last decade speaks
// it; TLS 1.3-only policies would refuse clients that cannot upgrade, and
// the post-quantum variant is a choice to make on purpose (SslPolicy).
const DefaultFrontDoorSslPolicy = elbv2.SslPolicy_TLS13_RES

// WafManagedRuleGroup is one AWS managed rule group of the front door's
// web ACL.
type WafManagedRuleGroup struct {
	// Name of the AWS managed rule group, such as
	// AWSManagedRulesCommonRuleSet. Required.
	Name string
	// CountRules are rules of the group whose matches are counted (and
	// logged) instead of blocked, for example SizeRestrictions_BODY of
	// AWSManagedRulesCommonRuleSet for an API that takes request bodies
	// over 8 KB.
	// Default: none; every rule acts.
	CountRules []string
}

// DefaultWafManagedRuleGroups are the web ACL's rule groups unless
// AlbFrontDoorProps.WafManagedRuleGroups is given: AWS's baseline
// protections (the core rule set, known bad inputs such as Log4j, and
// Amazon's IP reputation list), 925 of the 1500 WCUs included in the web
// ACL's price. It returns a new slice each time.
func DefaultWafManagedRuleGroups() []WafManagedRuleGroup {
	return []WafManagedRuleGroup{
		{Name: "AWSManagedRulesCommonRuleSet"},
		{Name: "AWSManagedRulesKnownBadInputsRuleSet"},
		{Name: "AWSManagedRulesAmazonIpReputationList"},
	}
}

// AlbFrontDoorProps configure an AlbFrontDoor.
type AlbFrontDoorProps struct {
	// Vpc holding the service endpoints, with public subnets (a route to an
	// internet gateway) for the load balancer. Required.
	Vpc ec2.IVpc
	// Certificate of the HTTPS listener, for the name clients use (point
	// that name at LoadBalancer.LoadBalancerDnsName). Required.
	Certificate acm.ICertificate
	// Subnets for the load balancer, public, one per AZ; ELB needs two AZs
	// at least.
	// Default: the VPC's public subnets, one per AZ.
	Subnets *ec2.SubnetSelection
	// AvailabilityZoneIds of the load balancer, such as usw2-az1. In a VPC
	// of this library they choose among its subnets; in any other VPC they
	// declare the AZ IDs of the subnets Subnets selects, one per subnet.
	// Default: every zone of Subnets.
	AvailabilityZoneIds []string
	// AllowedPeers may connect to the listeners (443, and 80 with
	// HttpRedirect).
	// Default: any IPv4 address: it is a public front door, guarded by
	// AWS WAF; name peers (a corporate CIDR, a CloudFront prefix list) to
	// narrow it.
	AllowedPeers []ec2.IPeer
	// HttpRedirect adds a listener on port 80 whose one action redirects to
	// HTTPS (301). Off by default: the front door serves APIs, whose clients
	// are configured with an https URL; a port-80 listener would accept
	// every request in clear text (with its credentials) before redirecting
	// it. Turn it on for browsers.
	// Default: false.
	HttpRedirect *bool
	// SslPolicy of the HTTPS listener.
	// Default: DefaultFrontDoorSslPolicy (ELBSecurityPolicy-TLS13-1-2-Res-2021-06).
	SslPolicy elbv2.SslPolicy
	// WafRateLimit is how many requests one client IP address may make in
	// 5 minutes; beyond it AWS WAF answers 429 until its rate falls. 10 to
	// 2,000,000,000.
	// Default: 1000 (3.3 a second, sustained).
	WafRateLimit *float64
	// WafManagedRuleGroups of the web ACL, evaluated in this order after
	// the rate-based rule. An empty, non-nil list leaves the rate-based
	// rule alone.
	// Default: DefaultWafManagedRuleGroups().
	WafManagedRuleGroups []WafManagedRuleGroup
	// WafLogRetention of the web ACL's logs in CloudWatch Logs.
	// Default: logs.RetentionDays_ONE_MONTH.
	WafLogRetention logs.RetentionDays
	// Alarms of each service (no healthy endpoint address, endpoint
	// dropping packets, 5xx rate, p99 latency) and of the web ACL's rate
	// rule (429s), to an SNS topic. See AlarmOptions.
	// Default: on, each threshold its default, to the stack's AlarmTopic.
	Alarms *AlarmOptions
}

// AlbFrontDoorServiceProps configure one service behind an AlbFrontDoor.
type AlbFrontDoorServiceProps struct {
	ServiceOptions
	// Priority of the service's first listener rule, 1 to 50000; a lower
	// number is evaluated first. Its routes become path patterns
	// ("/dogs/{proxy+}" is "/dogs/*", "{param}" is "*"), PathPatternsPerRule
	// to a rule, so a service with more takes Priority, Priority+1, and so
	// on (ServiceRules says how many). A service keeps its priorities,
	// and its rules, however other services are added or removed. Required.
	Priority *float64
}

// AlbFrontDoor is an internet-facing Application Load Balancer in front of
// many PrivateLink services, guarded by AWS WAF: the alternative to
// Gateway (an API Gateway HTTP API) with the same AddService.
//
// The load balancer sits in public subnets, placed by AZ ID like Gateway,
// and listens on HTTPS only (TLS 1.2 or later, DefaultFrontDoorSslPolicy), with an
// optional port-80 listener that only redirects. Requests whose path matches
// no service get 404 from the listener itself. It drops invalid header
// fields and classifies requests in desync mitigation's strictest mode, and
// writes access logs to an S3 bucket of its own (S3-managed encryption, the
// only kind ALB log delivery supports; TLS only, no public access, expiring
// after FrontDoorAccessLogDays).
//
// A web ACL (AWS WAF, regional) guards every request: a rate limit per
// client IP address, then AWS managed rule groups; its metrics go to
// CloudWatch and its logs to a log group named aws-waf-logs-..., as AWS WAF
// requires, without the authorization and cookie headers. The web ACL's
// name is left to CloudFormation, so it is new with every creation: two
// front doors in one account never collide, and a deploy after a failed one
// is never refused for a name still taken.
//
// Each service's endpoint admits its port from the load balancer's security
// group only, and that group sends to nothing else. Each service is an IP
// target group of its endpoint's addresses, health-checked over HTTP (HTTPS
// with TlsServerName) on HealthCheckPath or /, and listener rules of its
// routes.
//
// Unlike Gateway, the load balancer does not verify the provider's
// certificate when it speaks HTTPS to it (Elastic Load Balancing never
// validates target certificates): traffic is encrypted to the provider's
// listener, and PrivateLink, not the certificate, proves where it goes.
type AlbFrontDoor struct {
	constructs.Construct
	// LoadBalancer is the internet-facing load balancer; SecurityGroup its
	// group (the listener ports from AllowedPeers in, each service's port
	// to its endpoint out).
	LoadBalancer  elbv2.ApplicationLoadBalancer
	SecurityGroup ec2.SecurityGroup
	// HttpsListener on 443, whose default action answers 404;
	// HttpListener on 80 redirects to it, with HttpRedirect, else nil.
	HttpsListener elbv2.ApplicationListener
	HttpListener  elbv2.ApplicationListener
	// AccessLogs is the bucket of the load balancer's access logs.
	AccessLogs s3.Bucket
	// WebAcl guards the load balancer through WebAclAssociation, and logs
	// to WafLogs through WafLogging.
	WebAcl            waf.CfnWebACL
	WebAclAssociation waf.CfnWebACLAssociation
	WafLogs           logs.LogGroup
	WafLogging        waf.CfnLoggingConfiguration
	// Url is https:// and the load balancer's DNS name (which the
	// certificate does not name: point your domain at it), also the stack
	// output UrlOutput.
	Url       *string
	UrlOutput awscdk.CfnOutput
	// AvailabilityZoneIds of the load balancer, or nil when not known (an
	// imported VPC whose AZ IDs were not given).
	AvailabilityZoneIds []string
	// Services added so far, by id.
	Services map[string]*AlbFrontDoorService
	// Alarms of the front door (each service has its own), and the
	// AlarmTopic they notify; none and nil with Alarms.Disabled.
	Alarms     []cloudwatch.Alarm
	AlarmTopic sns.ITopic

	vpc      ec2.IVpc
	patterns []pathOwner // every service's patterns, in AddService order
	order    []string
	// wafMetric is the web ACL's metric name, a dimension of its rules'.
	wafMetric string
	alarmer   *alarmer
}

// AlbFrontDoorService is what AddService built for one service.
type AlbFrontDoorService struct {
	constructs.Construct
	// TargetGroup of the endpoint's addresses on the service port.
	TargetGroup elbv2.ApplicationTargetGroup
	// Rules of the service on the HTTPS listener, one per group of path
	// patterns, at Priorities.
	Rules      []elbv2.ApplicationListenerRule
	Priorities []float64
	// PathPatterns of the service's routes, in the order of its Routes,
	// without repeats.
	PathPatterns []string

	// Alarms of the service: no healthy endpoint address, the endpoint
	// dropping packets (as GatewayService.Alarms says), 5xx rate and p99
	// latency.
	Alarms []cloudwatch.Alarm

	id        string
	frontDoor *AlbFrontDoor
	endpoint  IServiceEndpoint
}

// pathOwner is one path pattern of a service and the priority of its rule.
type pathOwner struct {
	pattern  string
	service  string
	priority float64
}

func (props *AlbFrontDoorProps) validate(region string) error {
	p := check.New("consumer.AlbFrontDoor")
	if props.Vpc == nil {
		p.Addf("Vpc is nil: want the ec2.IVpc that holds the service endpoints, with public subnets for the load balancer")
	}
	if props.Certificate == nil {
		p.Addf("Certificate is nil: want the acm.ICertificate of the name clients use, for the HTTPS listener")
	}
	if check.IsToken(region) {
		p.Addf("the stack's region is not known at synth (an environment-agnostic stack): load balancer access logs need it, to grant the region's log delivery; give the stack an env with a region")
	}
	if props.AllowedPeers != nil && len(props.AllowedPeers) == 0 {
		p.Addf("AllowedPeers is empty: nobody could connect; want the peers that may (leave it nil for any IPv4 address)")
	}
	for i, peer := range props.AllowedPeers {
		if peer == nil {
			p.Addf("AllowedPeers[%d] is nil: want an ec2.IPeer such as ec2.Peer_Ipv4(\"203.0.113.0/24\")", i)
		}
	}
	if props.SslPolicy != "" && !strings.HasPrefix(string(props.SslPolicy), "TLS13_") && !strings.HasPrefix(string(props.SslPolicy), "FIPS_TLS13_") &&
		props.SslPolicy != elbv2.SslPolicy_RECOMMENDED_TLS {
		p.Addf("SslPolicy %q: want a policy of TLS 1.2 or later with TLS 1.3 (a TLS13 policy such as elbv2.SslPolicy_TLS13_RES)", props.SslPolicy)
	}
	if tls13Older(props.SslPolicy) {
		p.Addf("SslPolicy %q: it accepts TLS 1.0 or 1.1; want TLS 1.2 or later, such as elbv2.SslPolicy_TLS13_RES", props.SslPolicy)
	}
	if props.WafRateLimit != nil {
		p.Add("WafRateLimit", check.Range(*props.WafRateLimit, 10, 2e9))
	}
	groups := props.WafManagedRuleGroups
	if groups == nil {
		groups = DefaultWafManagedRuleGroups()
	}
	validateRuleGroups(p, groups)
	if props.AvailabilityZoneIds != nil {
		network.CheckIds(p, "AvailabilityZoneIds", region, props.AvailabilityZoneIds)
	}
	props.Alarms.validate(p, "Alarms")
	return p.Err()
}

// tls13Older reports the TLS 1.3 policies that also accept TLS 1.0 or 1.1.
func tls13Older(pol elbv2.SslPolicy) bool {
	s := string(pol)
	return strings.HasSuffix(s, "_10") || strings.HasSuffix(s, "_11") || strings.HasSuffix(s, "_10_PQ")
}

// wafNameRe is what AWS WAF takes as a rule, rule group or metric name
// (^[\w\-]+$, 1 to 128).
var (
	wafNameRe          = regexp.MustCompile(`^[\w-]{1,128}$`)
	managedRuleGroupRe = regexp.MustCompile(`^AWSManagedRules[A-Za-z0-9]+$`)
)

func validateRuleGroups(p *check.Problems, groups []WafManagedRuleGroup) {
	seen := map[string]bool{}
	for i, g := range groups {
		switch {
		case !managedRuleGroupRe.MatchString(g.Name) || len(g.Name) > 128:
			p.Addf("WafManagedRuleGroups[%d].Name %q: want the name of an AWS managed rule group, such as AWSManagedRulesCommonRuleSet (AWS WAF Developer Guide, \"AWS Managed Rules rule groups list\")", i, g.Name)
		case seen[g.Name]:
			p.Addf("WafManagedRuleGroups[%d].Name %q: listed twice; want each group once", i, g.Name)
		}
		seen[g.Name] = true
		counted := map[string]bool{}
		for j, r := range g.CountRules {
			switch {
			case !wafNameRe.MatchString(r):
				p.Addf("WafManagedRuleGroups[%d].CountRules[%d] %q: want a rule name of the group, 1 to 128 letters, digits, hyphens and underscores, such as SizeRestrictions_BODY", i, j, r)
			case counted[r]:
				p.Addf("WafManagedRuleGroups[%d].CountRules[%d] %q: listed twice", i, j, r)
			}
			counted[r] = true
		}
		if len(g.CountRules) > 100 {
			p.Addf("WafManagedRuleGroups[%d].CountRules: %d rules; AWS WAF takes 100 rule action overrides per group at most", i, len(g.CountRules))
		}
	}
}

// NewAlbFrontDoor creates the load balancer, its listeners, access logs and
// web ACL. It panics, before creating anything, if the props are invalid.
func NewAlbFrontDoor(scope constructs.Construct, id *string, props *AlbFrontDoorProps) *AlbFrontDoor {
	if props == nil {
		props = &AlbFrontDoorProps{}
	}
	region := *awscdk.Stack_Of(scope).Region()
	refuse.If(scope, id, props.validate(region))
	p := check.New("consumer.AlbFrontDoor")
	sel := props.Subnets
	if sel == nil {
		sel = &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PUBLIC}
	}
	placed := network.Place(p, props.Vpc, "Subnets", sel, props.AvailabilityZoneIds)
	if p.Count() == 0 {
		checkPublic(p, props.Vpc, placed)
	}
	refuse.If(scope, id, p.Err())

	this := &AlbFrontDoor{
		Construct: constructs.NewConstruct(scope, id),
		Services:  map[string]*AlbFrontDoorService{},
		vpc:       props.Vpc, AvailabilityZoneIds: placed.AzIds,
	}
	peers := props.AllowedPeers
	if peers == nil {
		peers = []ec2.IPeer{ec2.Peer_AnyIpv4()}
	}
	redirect := defaults.True(props.HttpRedirect)

	this.SecurityGroup = ec2.NewSecurityGroup(this.Construct, jsii.String(idFrontDoorSG), &ec2.SecurityGroupProps{
		Vpc:              props.Vpc,
		Description:      jsii.String("Public front door load balancer: HTTPS from its allowed peers in, each service port to its endpoint out"),
		AllowAllOutbound: jsii.Bool(false),
	})
	open := false
	for _, peer := range peers {
		this.SecurityGroup.AddIngressRule(peer, ec2.Port_Tcp(jsii.Number(443)), jsii.String("HTTPS to the front door"), nil)
		if redirect {
			this.SecurityGroup.AddIngressRule(peer, ec2.Port_Tcp(jsii.Number(80)), jsii.String("HTTP to the front door, redirected to HTTPS"), nil)
		}
		open = open || *peer.UniqueId() == "0.0.0.0/0"
	}
	if open {
		nag.Suppress(this.SecurityGroup, nag.Rule{ID: "AwsSolutions-EC23", Reason: reasonPublicFrontDoor})
	}

	this.LoadBalancer = elbv2.NewApplicationLoadBalancer(this.Construct, jsii.String(idFrontDoorLB), &elbv2.ApplicationLoadBalancerProps{
		Vpc:                     props.Vpc,
		VpcSubnets:              placed.Subnets,
		InternetFacing:          jsii.Bool(true),
		SecurityGroup:           this.SecurityGroup,
		DropInvalidHeaderFields: jsii.Bool(true),
		DesyncMitigationMode:    elbv2.DesyncMitigationMode_STRICTEST,
	})
	nlb.Protect(this.Construct, this.LoadBalancer)
	this.AccessLogs = newFrontDoorLogBucket(this.Construct)
	this.LoadBalancer.LogAccessLogs(this.AccessLogs, nil)

	policy := props.SslPolicy
	if policy == "" {
		policy = DefaultFrontDoorSslPolicy
	}
	this.HttpsListener = this.LoadBalancer.AddListener(jsii.String(idFrontDoorHttps), &elbv2.BaseApplicationListenerProps{
		Port:         jsii.Number(443),
		Protocol:     elbv2.ApplicationProtocol_HTTPS,
		Certificates: &[]elbv2.IListenerCertificate{elbv2.ListenerCertificate_FromCertificateManager(props.Certificate)},
		SslPolicy:    policy,
		// The security group's rules are AllowedPeers, not the world.
		Open: jsii.Bool(false),
		// As API Gateway answers a path no route matches.
		DefaultAction: elbv2.ListenerAction_FixedResponse(jsii.Number(404), &elbv2.FixedResponseOptions{
			ContentType: jsii.String("application/json"), MessageBody: jsii.String(`{"message":"Not Found"}`),
		}),
	})
	if redirect {
		this.HttpListener = this.LoadBalancer.AddListener(jsii.String(idFrontDoorHttp), &elbv2.BaseApplicationListenerProps{
			Port:     jsii.Number(80),
			Protocol: elbv2.ApplicationProtocol_HTTP,
			Open:     jsii.Bool(false),
			DefaultAction: elbv2.ListenerAction_Redirect(&elbv2.RedirectOptions{
				Protocol: jsii.String("HTTPS"), Port: jsii.String("443"), Permanent: jsii.Bool(true),
			}),
		})
		nag.Compliance(this.HttpListener, "ELBv2ACMCertificateRequired", reasonRedirectNoCertificate)
	}
	this.newWebAcl(props)
	this.alarmer = newAlarmer(this.Construct, props.Alarms)
	if this.alarmer != nil {
		this.AlarmTopic = this.alarmer.topic
	}
	this.frontDoorAlarms()

	this.Url = jsii.String("https://" + *this.LoadBalancer.LoadBalancerDnsName())
	this.UrlOutput = awscdk.NewCfnOutput(this.Construct, jsii.String(idFrontDoorUrl), &awscdk.CfnOutputProps{
		Value:       this.Url,
		Description: jsii.String("URL of the front door load balancer (point your domain at it: the certificate names that domain)"),
	})
	return this
}

// checkPublic refuses subnets without a route to the internet: ELB
// refuses an internet-facing load balancer in them.
func checkPublic(p *check.Problems, vpc ec2.IVpc, placed network.Placement) {
	public := map[string]bool{}
	for _, s := range *vpc.PublicSubnets() {
		public[*s.SubnetId()] = true
	}
	var private []string
	for _, s := range *vpc.SelectSubnets(placed.Subnets).Subnets {
		if !public[*s.SubnetId()] {
			private = append(private, *s.SubnetId())
		}
	}
	if private != nil {
		p.Addf("Subnets selects subnets %q that are not public (no route to an internet gateway), where an internet-facing load balancer must be; select public subnets (ConsumerVpcProps.PublicSubnets gives a ConsumerVpc some)", private)
	}
	if placed.Count == 1 {
		p.Addf("Subnets selects one AZ; an Application Load Balancer needs subnets in two AZs at least: give the VPC public subnets in two")
	}
}

// Reasons of the front door's cdk-nag suppressions.
const (
	reasonPublicFrontDoor       = "The front door is a public, internet-facing load balancer: HTTPS (and with HttpRedirect, HTTP that only redirects) from any IPv4 address is its purpose; AWS WAF (rate limit, AWS managed rule groups) guards every request. AlbFrontDoorProps.AllowedPeers narrows it."
	reasonRedirectNoCertificate = "This port-80 listener only redirects to the HTTPS listener, which has the ACM certificate; it forwards nothing."
	reasonAlbLogsS3Managed      = "Application Load Balancer access logs can only be delivered to buckets encrypted with S3-managed keys (SSE-S3); ELB does not support SSE-KMS for them (Elastic Load Balancing User Guide, access logs)."
)

// newFrontDoorLogBucket is the bucket of the load balancer's access logs,
// with S3-managed keys: the only encryption ALB log delivery supports, with
// hardening too.
func newFrontDoorLogBucket(scope constructs.Construct) s3.Bucket {
	return logbucket.New(scope, idFrontDoorLogs, FrontDoorAccessLogDays, nil, reasonAlbLogsS3Managed)
}

// newWebAcl creates the web ACL, associates it with the load balancer and
// logs it.
func (f *AlbFrontDoor) newWebAcl(props *AlbFrontDoorProps) {
	// Metric names are per account and region in CloudWatch (the web
	// ACL's is a dimension of every rule's metric): from the construct's
	// path, stack name included, so two front doors never share one.
	// Letters, digits, hyphens and underscores, 1 to 128.
	metric := *awscdk.Names_UniqueResourceName(f.Construct, &awscdk.UniqueResourceNameOptions{
		MaxLength: jsii.Number(128), Separator: jsii.String("-"), AllowedSpecialCharacters: jsii.String("-_"),
	})
	f.wafMetric = metric
	visibility := func(name string) *waf.CfnWebACL_VisibilityConfigProperty {
		return &waf.CfnWebACL_VisibilityConfigProperty{
			CloudWatchMetricsEnabled: jsii.Bool(true), SampledRequestsEnabled: jsii.Bool(true), MetricName: jsii.String(name),
		}
	}
	rules := []any{&waf.CfnWebACL_RuleProperty{
		Name:     jsii.String(wafRateRuleName),
		Priority: jsii.Number(0),
		Statement: &waf.CfnWebACL_StatementProperty{RateBasedStatement: &waf.CfnWebACL_RateBasedStatementProperty{
			AggregateKeyType:    jsii.String("IP"),
			Limit:               defaults.Number(props.WafRateLimit, DefaultWafRateLimit),
			EvaluationWindowSec: jsii.Number(WafRateWindowSeconds),
		}},
		Action: &waf.CfnWebACL_RuleActionProperty{Block: &waf.CfnWebACL_BlockActionProperty{
			CustomResponse: &waf.CfnWebACL_CustomResponseProperty{ResponseCode: jsii.Number(429)},
		}},
		VisibilityConfig: visibility(wafRateRuleName),
	}}
	groups := props.WafManagedRuleGroups
	if groups == nil {
		groups = DefaultWafManagedRuleGroups()
	}
	for i, g := range groups {
		stmt := &waf.CfnWebACL_ManagedRuleGroupStatementProperty{VendorName: jsii.String("AWS"), Name: jsii.String(g.Name)}
		if len(g.CountRules) > 0 {
			var overrides []any
			for _, r := range g.CountRules {
				overrides = append(overrides, &waf.CfnWebACL_RuleActionOverrideProperty{
					Name: jsii.String(r), ActionToUse: &waf.CfnWebACL_RuleActionProperty{Count: map[string]any{}},
				})
			}
			stmt.RuleActionOverrides = overrides
		}
		// Rule names are unique in the web ACL: AWS- and the group's name,
		// as the console names them.
		name := "AWS-" + g.Name
		rules = append(rules, &waf.CfnWebACL_RuleProperty{
			Name:             jsii.String(name),
			Priority:         jsii.Number(float64(i + 1)),
			Statement:        &waf.CfnWebACL_StatementProperty{ManagedRuleGroupStatement: stmt},
			OverrideAction:   &waf.CfnWebACL_OverrideActionProperty{None: map[string]any{}},
			VisibilityConfig: visibility(name),
		})
	}
	f.WebAcl = waf.NewCfnWebACL(f.Construct, jsii.String(idFrontDoorWebAcl), &waf.CfnWebACLProps{
		// No Name: CloudFormation names it, anew with every creation. A
		// name is immutable (a change replaces the web ACL) and unique per
		// scope and region: a fixed one would collide between two front
		// doors, and a replacement would fail on the old one's name.
		Scope:            jsii.String("REGIONAL"),
		Description:      jsii.String("Guards a public front door load balancer of PrivateLink services"),
		DefaultAction:    &waf.CfnWebACL_DefaultActionProperty{Allow: map[string]any{}},
		VisibilityConfig: visibility(metric),
		Rules:            rules,
	})
	f.WebAclAssociation = waf.NewCfnWebACLAssociation(f.Construct, jsii.String(idFrontDoorWebAclLB), &waf.CfnWebACLAssociationProps{
		ResourceArn: f.LoadBalancer.LoadBalancerArn(), WebAclArn: f.WebAcl.AttrArn(),
	})

	retention := props.WafLogRetention
	if retention == "" {
		retention = logs.RetentionDays_ONE_MONTH
	}
	f.WafLogs = logkey.NewLogGroup(f.Construct, idFrontDoorWafLogs, &logs.LogGroupProps{
		LogGroupName: wafLogGroupName(f.Construct, metric),
		Retention:    retention,
	})
	// AWS WAF takes the log group's ARN without the ":*" that
	// LogGroup.LogGroupArn ends with.
	arn := awscdk.Stack_Of(f.Construct).FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("logs"), Resource: jsii.String("log-group"), ResourceName: f.WafLogs.LogGroupName(),
		ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
	})
	f.WafLogging = waf.NewCfnLoggingConfiguration(f.Construct, jsii.String(idFrontDoorWafLogCfg), &waf.CfnLoggingConfigurationProps{
		ResourceArn:           f.WebAcl.AttrArn(),
		LogDestinationConfigs: &[]any{arn},
		// Credentials stay out of the logs.
		RedactedFields: []any{
			&waf.CfnLoggingConfiguration_FieldToMatchProperty{SingleHeader: map[string]any{"Name": "authorization"}},
			&waf.CfnLoggingConfiguration_FieldToMatchProperty{SingleHeader: map[string]any{"Name": "cookie"}},
		},
	})
}

// wafRateRuleName names the rate-based rule and its metric.
const wafRateRuleName = "RateLimitPerClientIp"

// wafLogGroupName is aws-waf-logs-<metric name, cut>-<the first 8 hex
// digits of the stack's ID>: AWS WAF takes only log groups whose name
// starts with aws-waf-logs-, and the log group is kept after its stack is
// deleted, so its name must be new with every creation of the stack, or
// the next would fail on the kept one's name.
func wafLogGroupName(scope constructs.Construct, metric string) *string {
	stack := awscdk.Stack_Of(scope)
	id := awscdk.Fn_Select(jsii.Number(2), awscdk.Fn_Split(jsii.String("/"), stack.StackId(), nil))
	return awscdk.Fn_Join(jsii.String("-"), &[]*string{
		jsii.String("aws-waf-logs"), jsii.String(metric[:min(len(metric), 200)]),
		awscdk.Fn_Select(jsii.Number(0), awscdk.Fn_Split(jsii.String("-"), id, nil)),
	})
}

// Connections of the load balancer's security group.
func (f *AlbFrontDoor) Connections() ec2.Connections { return f.SecurityGroup.Connections() }

var _ ec2.IConnectable = (*AlbFrontDoor)(nil)

// frontDoorServiceIdRe is what AddService takes as a service's id.
var frontDoorServiceIdRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,62}$`)

// albPathRe is what ELB takes in a path pattern, besides its wildcards:
// A-Z, a-z, 0-9, _ - . $ / ~ " ' @ : + & (Application Load Balancers
// Guide, "Path conditions").
var albPathRe = regexp.MustCompile(`^[A-Za-z0-9_\-.$/~"'@:+&]+$`)

// PathPattern is the ALB path pattern of an API Gateway route: a greedy
// {name+} segment and any {name} segment are "*". ALB's "*" matches any
// characters, slashes included, so "/todo/{id}" also matches /todo/a/b.
func PathPattern(route string) string {
	return albRouteParam.ReplaceAllString(route, "*")
}

// albRouteParam matches a route's {name} and {name+} segments.
var albRouteParam = regexp.MustCompile(`\{[A-Za-z0-9_]+\+?\}`)

// ServiceRules groups a service's path patterns into listener rules,
// PathPatternsPerRule and WildcardsPerRule at most each, in order.
func ServiceRules(patterns []string) [][]string {
	var out [][]string
	wild := 0
	for _, pat := range patterns {
		w := strings.Count(pat, "*") + strings.Count(pat, "?")
		if n := len(out); n == 0 || len(out[n-1]) == PathPatternsPerRule || wild+w > WildcardsPerRule {
			out, wild = append(out, nil), 0
		}
		out[len(out)-1] = append(out[len(out)-1], pat)
		wild += w
	}
	return out
}

// covers reports whether every path that pattern q matches is matched by
// pattern p too (ELB's * is any run of characters, ? one character): q is
// then never reached when p is evaluated first. It is exact for patterns
// whose wildcards are *, and errs on the side of no for ?.
func covers(p, q string) bool {
	memo := map[[2]int]bool{}
	var match func(i, j int) bool
	match = func(i, j int) bool {
		key := [2]int{i, j}
		if v, ok := memo[key]; ok {
			return v
		}
		var ok bool
		switch {
		case i == len(p):
			ok = j == len(q)
		case p[i] == '*':
			ok = match(i+1, j) || (j < len(q) && match(i, j+1))
		case j == len(q):
			ok = false
		case p[i] == '?':
			ok = q[j] != '*' && match(i+1, j+1)
		default:
			ok = q[j] == p[i] && match(i+1, j+1)
		}
		memo[key] = ok
		return ok
	}
	return match(0, 0)
}

// servicePatterns is the path patterns of routes, without repeats (routes
// that differ only in their parameters' names share one).
func servicePatterns(routes []string) []string {
	var out []string
	for _, r := range routes {
		if pat := PathPattern(r); !slices.Contains(out, pat) {
			out = append(out, pat)
		}
	}
	return out
}

// validateService checks one AddService call against the services added so
// far; it is pure Go.
func (f *AlbFrontDoor) validateService(id string, props *AlbFrontDoorServiceProps) error {
	p := check.New(fmt.Sprintf("consumer.AlbFrontDoor service %q", id))
	if !frontDoorServiceIdRe.MatchString(id) {
		p.Addf("id %q: want 1 to 63 letters, digits and hyphens, starting with a letter or digit (it names the service's resources)", id)
	}
	if _, taken := f.Services[id]; taken {
		p.Addf("id %q: a service of that id exists; want a unique id per service", id)
	}
	if props.Endpoint == nil {
		p.Addf("Endpoint is nil: want the service's IServiceEndpoint (a *ServiceEndpoint, or FromServiceEndpointAttributes)")
	}
	if len(props.Routes) == 0 {
		p.Addf("Routes is empty: want at least one path such as /%s and /%s/{proxy+}", strings.ToLower(id), strings.ToLower(id))
	}
	routesOk := true
	for i, r := range props.Routes {
		if err := check.Route(r); err != nil {
			p.Add(fmt.Sprintf("Routes[%d]", i), err)
			routesOk = false
			continue
		}
		pat := PathPattern(r)
		switch {
		case strings.ContainsAny(r, "*?"):
			p.Addf("Routes[%d] %q: ALB path patterns read * and ? as wildcards; want literal segments and {name} or {name+} parameters", i, r)
			routesOk = false
		case !albPathRe.MatchString(strings.ReplaceAll(pat, "*", "")):
			p.Addf("Routes[%d] %q: ALB path patterns take A-Z, a-z, 0-9 and _-.$/~\"'@:+& only; want a path of those", i, r)
			routesOk = false
		case len(pat) > 128:
			p.Addf("Routes[%d] %q: its path pattern %q has %d characters; ELB allows 128", i, r, pat, len(pat))
			routesOk = false
		case strings.Count(pat, "*") > WildcardsPerRule:
			p.Addf("Routes[%d] %q: its path pattern %q has %d wildcards; ELB allows %d in a listener rule", i, r, pat, strings.Count(pat, "*"), WildcardsPerRule)
			routesOk = false
		}
	}
	if props.HealthCheckPath != nil {
		p.Add("HealthCheckPath", check.HealthPath(*props.HealthCheckPath))
	}
	if props.TlsServerName != nil {
		p.Add("TlsServerName", check.DNSName(*props.TlsServerName))
	}
	patterns := servicePatterns(props.Routes)
	rules := ServiceRules(patterns)
	switch {
	case props.Priority == nil:
		p.Addf("Priority is nil: want the priority of the service's first listener rule, 1 to %d, which no other service uses (the next free is %v)", MaxRulePriority, f.nextPriority())
	case check.IsNumberToken(*props.Priority):
		p.Addf("Priority is a token: want a number known at synth, so priorities can be checked against each other")
	case *props.Priority < 1 || *props.Priority+float64(max(len(rules), 1))-1 > MaxRulePriority || *props.Priority != math.Trunc(*props.Priority):
		p.Addf("Priority %v: want a whole number from 1 to %d, less the service's %d rules after the first", *props.Priority, MaxRulePriority, max(len(rules), 1)-1)
	case routesOk:
		f.checkPriorities(p, id, *props.Priority, rules)
	}
	if ep := props.Endpoint; ep != nil && f.vpc != nil {
		if *ep.EndpointVpc().VpcId() != *f.vpc.VpcId() {
			p.Addf("Endpoint %s: it is in another VPC than the front door's; the load balancer reaches endpoints of its own VPC only: create the endpoint in the front door's Vpc", *ep.Node().Path())
		} else if z := ep.ZoneIds(); z != nil && f.AvailabilityZoneIds != nil && len(azid.Missing(z, f.AvailabilityZoneIds)) == len(z) {
			p.Addf("Endpoint %s: it is in %q and the front door in %q; the load balancer only reaches targets in its own zones: place the endpoint in the front door's zones", *ep.Node().Path(), z, f.AvailabilityZoneIds)
		}
	}
	return p.Err()
}

// checkPriorities refuses a service whose rules would take a priority
// another service has, or whose paths another service's earlier rule
// already matches (they would never be reached), or that match all of an
// existing service's paths from an earlier rule.
func (f *AlbFrontDoor) checkPriorities(p *check.Problems, id string, first float64, rules [][]string) {
	last := first + float64(len(rules)) - 1
	for _, other := range f.order {
		s := f.Services[other]
		lo, hi := s.Priorities[0], s.Priorities[len(s.Priorities)-1]
		if first <= hi && lo <= last {
			p.Addf("Priority %v: the service's %d rules take %v to %v, and service %q has %v to %v; want a range no other service uses, such as %v", first, len(rules), first, last, other, lo, hi, f.nextPriority())
		}
	}
	for n, group := range rules {
		prio := first + float64(n)
		for _, pat := range group {
			for _, o := range f.patterns {
				switch {
				case o.pattern == pat:
					p.Addf("Routes: path pattern %q is service %q's already (its rule at priority %v); want each path on one service", pat, o.service, o.priority)
				case o.priority < prio && covers(o.pattern, pat):
					p.Addf("Routes: path pattern %q (priority %v) would never be reached: service %q's %q (priority %v) matches every path it does, and is evaluated first; give this service a lower Priority than %v", pat, prio, o.service, o.pattern, o.priority, o.priority)
				case prio < o.priority && covers(pat, o.pattern):
					p.Addf("Routes: path pattern %q (priority %v) would take every request of service %q's %q (priority %v), which is evaluated after it; give this service a Priority above %v", pat, prio, o.service, o.pattern, o.priority, o.priority)
				}
			}
		}
	}
}

// nextPriority is one above the highest priority taken, or 1.
func (f *AlbFrontDoor) nextPriority() float64 {
	next := 1.0
	for _, s := range f.Services {
		next = max(next, s.Priorities[len(s.Priorities)-1]+1)
	}
	return next
}

// AddService routes props.Routes to the service's endpoint: an IP target
// group of the endpoint's addresses on its port, and listener rules of its
// path patterns at Priority onwards, in a construct id (or, in
// props.Scope, the front door's id and id). It panics, before creating
// anything, if the props are invalid.
func (f *AlbFrontDoor) AddService(id string, props *AlbFrontDoorServiceProps) *AlbFrontDoorService {
	if props == nil {
		props = &AlbFrontDoorServiceProps{}
	}
	// In the front door the service is named id; in a Scope of its own,
	// which may hold a Gateway's service of the same id, the front door's
	// id comes first (FrontDoordogs).
	scope, sid := props.Scope, id
	if scope == nil {
		scope = f.Construct
	} else {
		sid = *f.Node().Id() + id
	}
	refuse.If(scope, &sid, f.validateService(id, props))
	ep := props.Endpoint
	port := jsii.Number(ep.ServicePort())
	patterns := servicePatterns(props.Routes)
	s := &AlbFrontDoorService{Construct: constructs.NewConstruct(scope, jsii.String(sid)), PathPatterns: patterns,
		id: id, frontDoor: f, endpoint: ep}

	// The endpoint admits its port from the load balancer, and the load
	// balancer may send to it on that port.
	ep.Connections().AllowFrom(f.SecurityGroup, ec2.Port_Tcp(port), jsii.String(fmt.Sprintf("from the front door load balancer, for %s", id)))

	protocol := elbv2.ApplicationProtocol_HTTP
	hcProtocol := elbv2.Protocol_HTTP
	if props.TlsServerName != nil {
		protocol, hcProtocol = elbv2.ApplicationProtocol_HTTPS, elbv2.Protocol_HTTPS
	}
	health := props.HealthCheckPath
	if health == nil {
		health = jsii.String("/")
	}
	var targets []elbv2.IApplicationLoadBalancerTarget
	for _, ip := range ep.IpAddresses() {
		targets = append(targets, elbv2targets.NewIpTarget(ip, port, nil))
	}
	s.TargetGroup = elbv2.NewApplicationTargetGroup(s.Construct, jsii.String(idFrontDoorTargets), &elbv2.ApplicationTargetGroupProps{
		Vpc:        f.vpc,
		Port:       port,
		Protocol:   protocol,
		TargetType: elbv2.TargetType_IP,
		Targets:    &targets,
		HealthCheck: &elbv2.HealthCheck{
			Protocol:                hcProtocol,
			Path:                    health,
			HealthyHttpCodes:        jsii.String("200-399"),
			Interval:                awscdk.Duration_Seconds(jsii.Number(nlb.IntervalSeconds)),
			Timeout:                 awscdk.Duration_Seconds(jsii.Number(nlb.TimeoutSeconds)),
			HealthyThresholdCount:   jsii.Number(nlb.HealthyThreshold),
			UnhealthyThresholdCount: jsii.Number(nlb.HealthyThreshold),
		},
		DeregistrationDelay: nlb.DeregistrationDelay(nil),
	})
	for n, group := range ServiceRules(patterns) {
		prio := *props.Priority + float64(n)
		s.Rules = append(s.Rules, elbv2.NewApplicationListenerRule(s.Construct, jsii.Sprintf("%s%d", idFrontDoorRule, n), &elbv2.ApplicationListenerRuleProps{
			Listener:   f.HttpsListener,
			Priority:   jsii.Number(prio),
			Conditions: &[]elbv2.ListenerCondition{elbv2.ListenerCondition_PathPatterns(jsii.Strings(group...))},
			Action:     elbv2.ListenerAction_Forward(&[]elbv2.IApplicationTargetGroup{s.TargetGroup}, nil),
		}))
		s.Priorities = append(s.Priorities, prio)
		for _, pat := range group {
			f.patterns = append(f.patterns, pathOwner{pattern: pat, service: id, priority: prio})
		}
	}
	f.Services[id] = s
	f.order = append(f.order, id)
	s.serviceAlarms()
	return s
}
