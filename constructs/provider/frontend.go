package provider

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nlb"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of the front end shared by FargateProvider and Ec2Provider; part
// of the providers' contract.
const (
	idLoadBalancer    = "LB"
	idLBSecurityGroup = "LBSecurityGroup"
	idListener        = "Listener"
	idTargetGroup     = "Targets"
	idEndpoint        = "EndpointService"
	idAzIdsOutput     = "AvailabilityZoneIds"
	idTargetsSG       = "SecurityGroup"
)

// DefaultPort of the listener and the workload. Health checks and drain time
// are tuned in package internal/nlb, shared with the consumer gateway.
const DefaultPort = 8080

// ProviderOptions are the props both providers share: where the service
// runs, the port it answers on, and who may connect to it.
type ProviderOptions struct {
	// Vpc holds the load balancer and the workload. Required.
	Vpc ec2.IVpc
	// VpcSubnets for the load balancer and the workload; one subnet per AZ is
	// used.
	// Default: the VPC's private subnets (with egress if it has them, else
	// isolated), one per AZ.
	VpcSubnets *ec2.SubnetSelection
	// AllowPublicSubnets lets VpcSubnets select public subnets (with a route
	// to the internet). The load balancer stays internal either way; the
	// workload's addresses are private unless it is given public ones.
	// Default: false; public subnets are refused, also when an imported VPC
	// has only public ones (which aws-cdk-lib would select silently).
	AllowPublicSubnets *bool
	// AvailabilityZoneIds the service covers, such as usw2-az1: consumers can
	// only place endpoints in these zones. In a ProviderVpc they choose among
	// its subnets. In any other VPC CDK cannot know its subnets' AZ IDs, so
	// they declare the AZ IDs of the subnets VpcSubnets selects, one per
	// subnet, for consumers to be checked against.
	// Default: in a ProviderVpc, all of its zones; elsewhere unknown (no
	// AvailabilityZoneIds output, and consumers cannot be checked at synth).
	AvailabilityZoneIds []string
	// Port of the listener: the port consumers connect to, which goes
	// into the Contract.
	// Default: 8080.
	Port *float64
	// TargetPort the workload answers on: the target group's port, the
	// one port the targets' security group admits from the load balancer,
	// the container's port (FargateProvider) and the port an instance's
	// readiness check probes (Ec2Provider). Consumers never see it.
	// Default: Port.
	TargetPort *float64
	// LoadBalancer is a network load balancer you already have, in Vpc, for
	// example elbv2.NetworkLoadBalancer_FromNetworkLoadBalancerAttributes
	// with its LoadBalancerSecurityGroups. The provider adds its listener on
	// Port, its target group and the endpoint service to it, and creates no
	// load balancer: what belongs to the load balancer itself stays yours
	// (deletion protection, cross-zone load balancing and other attributes,
	// access logs, its security groups' rules, and
	// EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, which must be
	// off or its security groups must admit the consumers). A load balancer
	// can serve one endpoint service only. The targets' security group
	// admits TargetPort from the load balancer's security groups, or from
	// the VPC's CIDR block when it has none. AvailabilityZoneIds then name
	// the load balancer's zones. Tls is not supported with it yet.
	// Default: a new internal load balancer (see the package doc).
	LoadBalancer elbv2.INetworkLoadBalancer
	// HealthCheckPath turns on HTTP health checks on this path, for example
	// /health; a 200-399 answer is healthy.
	// Default: none; a TCP connection check.
	HealthCheckPath *string
	// DeregistrationDelay is how long a target drains before it is removed.
	// Default: 10 seconds.
	DeregistrationDelay awscdk.Duration
	// EndpointService says who may connect and how.
	EndpointService EndpointServiceOptions
	// Tls turns the listener into a TLS listener for a domain name, which
	// also becomes the endpoint service's private DNS name, verified
	// automatically when Tls.HostedZone is given. See TlsOptions.
	// Default: none; a TCP listener.
	Tls *TlsOptions
	// Alarms tune the provider's alarms, on by default (see AlarmOptions),
	// or turn them off (Alarms.Disabled).
	// Default: alarms on the target group's health and resets, and on
	// the running tasks (FargateProvider) or in-service instances
	// (Ec2Provider), to the stack's alarm topic.
	Alarms *AlarmOptions
}

// validate records every problem of the shared options; it is pure Go.
func (o *ProviderOptions) validate(p *check.Problems, region string) {
	if o.Vpc == nil {
		p.Addf("Vpc is nil: want the ec2.IVpc the service runs in (provider.NewProviderVpc makes one)")
	}
	if o.AvailabilityZoneIds != nil {
		network.CheckIds(p, "AvailabilityZoneIds", region, o.AvailabilityZoneIds)
	}
	if o.Port != nil {
		p.Add("Port", check.Port(*o.Port))
	}
	if o.TargetPort != nil {
		p.Add("TargetPort", check.Port(*o.TargetPort))
	}
	if o.LoadBalancer != nil && o.Tls != nil {
		p.Addf("Tls is set with LoadBalancer: a TLS listener needs access logs on the load balancer, which is yours; add the TLS listener to your load balancer yourself, or let the provider create one")
	}
	if o.HealthCheckPath != nil {
		p.Add("HealthCheckPath", check.HealthPath(*o.HealthCheckPath))
	}
	o.EndpointService.validate(p, region)
	o.Alarms.validate(p)
	if o.Tls != nil {
		o.Tls.validate(p, region, o.EndpointService.PrivateDnsName)
	}
}

// frontend is what every provider puts in front of its targets.
type frontend struct {
	lb              elbv2.INetworkLoadBalancer
	lbSG            ec2.SecurityGroup // nil with ProviderOptions.LoadBalancer
	listener        elbv2.NetworkListener
	targetGroup     elbv2.NetworkTargetGroup
	targetsSG       ec2.SecurityGroup
	endpointService *EndpointService
	tls             *ProviderTls
	azIds           []string
	subnets         *ec2.SubnetSelection
	port            float64 // the listener's
	targetPort      float64
	connections     ec2.Connections // the targets' security group, on targetPort
}

// place chooses the front end's subnets, one per AZ, before anything is
// created, and records what is wrong with them in p.
func (o *ProviderOptions) place(p *check.Problems) network.Placement {
	return network.PlacePrivate(p, o.Vpc, "VpcSubnets", o.VpcSubnets, o.AvailabilityZoneIds, "AllowPublicSubnets", defaults.True(o.AllowPublicSubnets))
}

// ports are the listener's port and the targets'.
func (o *ProviderOptions) ports() (listener, target float64) {
	listener = *defaults.Number(o.Port, DefaultPort)
	return listener, *defaults.Number(o.TargetPort, listener)
}

// listenerPort is the listener's port.
func (o *ProviderOptions) listenerPort() float64 {
	port, _ := o.ports()
	return port
}

// newFrontend builds the load balancer (unless o.LoadBalancer), its
// listener and target group, the endpoint service and the targets'
// security group inside scope, from options already validated and placed.
// healthHttps makes an HTTP health check HTTPS (an ALB target behind an
// HTTPS listener).
func newFrontend(scope constructs.Construct, o *ProviderOptions, placed network.Placement, targetType elbv2.TargetType, healthHttps bool) *frontend {
	f := &frontend{subnets: placed.Subnets, azIds: placed.AzIds}
	f.port, f.targetPort = o.ports()

	listenerProtocol, targetProtocol := o.Tls.listenerProtocols()
	if o.LoadBalancer != nil {
		// Its zones are what the caller declares, not the workload's.
		f.lb, f.azIds = o.LoadBalancer, o.AvailabilityZoneIds
	} else {
		f.lbSG = ec2.NewSecurityGroup(scope, jsii.String(idLBSecurityGroup), &ec2.SecurityGroupProps{
			Vpc:              o.Vpc,
			Description:      jsii.String("Load balancer of a PrivateLink service: no inbound rules, reached through the endpoint service only"),
			AllowAllOutbound: jsii.Bool(false),
		})
		lb := elbv2.NewNetworkLoadBalancer(scope, jsii.String(idLoadBalancer), &elbv2.NetworkLoadBalancerProps{
			Vpc:              o.Vpc,
			VpcSubnets:       f.subnets,
			InternetFacing:   jsii.Bool(false),
			CrossZoneEnabled: jsii.Bool(true),
			SecurityGroups:   &[]ec2.ISecurityGroup{f.lbSG},
			EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: jsii.Bool(false),
		})
		nlb.Protect(scope, lb)
		if o.Tls != nil {
			f.tls = newTls(scope, o.Tls, lb)
		} else {
			nlb.TcpOnly(lb)
		}
		f.lb = lb
	}

	targets := &elbv2.NetworkTargetGroupProps{
		Vpc:                 o.Vpc,
		Port:                jsii.Number(f.targetPort),
		Protocol:            targetProtocol,
		TargetType:          targetType,
		HealthCheck:         nlb.HealthCheck(o.HealthCheckPath, targetProtocol == elbv2.Protocol_TLS || healthHttps),
		DeregistrationDelay: nlb.DeregistrationDelay(o.DeregistrationDelay),
		// Targets see the load balancer's address, so their security group
		// can admit the load balancer's group alone. PrivateLink traffic
		// never carries the client address anyway.
		PreserveClientIp: jsii.Bool(false),
	}
	if targetType == elbv2.TargetType_ALB {
		// Left to ELB's default for an ALB target group. The ALB's
		// security group admits the load balancer's group either way:
		// such a rule holds whether client addresses are preserved.
		targets.PreserveClientIp = nil
	}
	f.targetGroup = elbv2.NewNetworkTargetGroup(scope, jsii.String(idTargetGroup), targets)
	listener := &elbv2.BaseNetworkListenerProps{
		Port:                jsii.Number(f.port),
		Protocol:            listenerProtocol,
		DefaultTargetGroups: &[]elbv2.INetworkTargetGroup{f.targetGroup},
	}
	if f.tls != nil {
		listener.Certificates = &[]elbv2.IListenerCertificate{elbv2.ListenerCertificate_FromCertificateManager(f.tls.Certificate)}
		listener.SslPolicy = o.Tls.sslPolicy()
	}
	if f.lbSG != nil {
		f.listener = f.lb.AddListener(jsii.String(idListener), listener)
	} else {
		// A child of the provider, not of the load balancer: several
		// providers may share one that is imported once.
		f.listener = elbv2.NewNetworkListener(scope, jsii.String(idListener), &elbv2.NetworkListenerProps{
			LoadBalancer: f.lb, Port: listener.Port, Protocol: listener.Protocol, DefaultTargetGroups: listener.DefaultTargetGroups,
			Certificates: listener.Certificates, SslPolicy: listener.SslPolicy,
		})
	}
	if f.tls == nil {
		nlb.TcpListener(f.listener)
	} else if f.tls.validationRecord != nil {
		// What could fail a first deploy comes after the validation record
		// is owned, so that the rollback removes it (certrecord).
		f.listener.Node().AddDependency(f.tls.validationRecord.Own)
	}

	f.targetsSG = ec2.NewSecurityGroup(scope, jsii.String(idTargetsSG), &ec2.SecurityGroupProps{
		Vpc:              o.Vpc,
		Description:      jsii.String("Targets of a PrivateLink service: the service port from its load balancer only"),
		AllowAllOutbound: jsii.Bool(true),
	})
	f.admit(f.targetsSG, o.Vpc)
	f.connections = ec2.NewConnections(&ec2.ConnectionsProps{SecurityGroups: &[]ec2.ISecurityGroup{f.targetsSG}, DefaultPort: ec2.Port_Tcp(jsii.Number(f.targetPort))})

	service := o.EndpointService
	if o.Tls != nil {
		// Consumers resolve the certificate's name to their endpoint.
		service.PrivateDnsName, service.PrivateDnsZone = o.Tls.DomainName, o.Tls.HostedZone
	}
	f.endpointService = newEndpointService(scope, jsii.String(idEndpoint), []elbv2.INetworkLoadBalancer{f.lb}, &service, f.port, f.azIds)
	if v := f.endpointService.PrivateDnsVerification; v != nil && o.Tls.Certificate == nil {
		// The certificate is issued only once ACM sees its validation
		// record in public DNS, which shows the name is delegated to the
		// zone: verification started after that finds its record too.
		v.Node().AddDependency(f.tls.Certificate)
	}
	if f.azIds != nil {
		awscdk.NewCfnOutput(scope, jsii.String(idAzIdsOutput), &awscdk.CfnOutputProps{
			Value:       jsii.String(strings.Join(f.azIds, ",")),
			Description: jsii.String("AZ IDs the endpoint service covers; consumers place endpoints in these zones"),
		})
	}
	return f
}

// derefList is the strings of a list jsii may leave nil.
func derefList(l *[]*string) []*string {
	if l == nil {
		return nil
	}
	return *l
}

// admit lets the load balancer reach targets on the target port: from its
// security group, or, for a load balancer of one's own without one, from
// the VPC's CIDR block (its addresses are somewhere in the VPC).
func (f *frontend) admit(targets ec2.IConnectable, vpc ec2.IVpc) {
	port := ec2.Port_Tcp(jsii.Number(f.targetPort))
	switch {
	case f.lbSG != nil:
		targets.Connections().AllowFrom(f.lbSG, port, jsii.String("service port from the load balancer"))
	case len(derefList(f.lb.SecurityGroups())) > 0:
		targets.Connections().AllowFrom(f.lb, port, jsii.String("service port from the load balancer"))
	default:
		cidr := vpc.VpcCidrBlock()
		targets.Connections().AllowFrom(ec2.Peer_Ipv4(cidr), port, jsii.String("service port from the load balancer, which has no security group"))
		if check.IsToken(*cidr) {
			for _, sg := range *targets.Connections().SecurityGroups() {
				if sg.Node().DefaultChild() != nil { // not an imported one
					nag.VpcCidrPeer(sg)
				}
			}
		}
	}
}
