package provider

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
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
	// Port the listener and the workload use.
	// Default: 8080.
	Port *float64
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
	if o.HealthCheckPath != nil {
		p.Add("HealthCheckPath", check.HealthPath(*o.HealthCheckPath))
	}
	o.EndpointService.validate(p, region)
	if o.Tls != nil {
		o.Tls.validate(p, region, o.EndpointService.PrivateDnsName)
	}
}

// frontend is what both providers put in front of their targets.
type frontend struct {
	lb              elbv2.NetworkLoadBalancer
	lbSG            ec2.SecurityGroup
	listener        elbv2.NetworkListener
	targetGroup     elbv2.NetworkTargetGroup
	targetsSG       ec2.SecurityGroup
	endpointService *EndpointService
	tls             *ProviderTls
	azIds           []string
	subnets         *ec2.SubnetSelection
	port            float64
}

// place chooses the front end's subnets, one per AZ, before anything is
// created, and records what is wrong with them in p.
func (o *ProviderOptions) place(p *check.Problems) network.Placement {
	return network.PlacePrivate(p, o.Vpc, "VpcSubnets", o.VpcSubnets, o.AvailabilityZoneIds, "AllowPublicSubnets", defaults.True(o.AllowPublicSubnets))
}

// newFrontend builds the load balancer, its listener and target group, the
// endpoint service and the targets' security group inside scope, from
// options already validated and placed.
func newFrontend(scope constructs.Construct, o *ProviderOptions, placed network.Placement, targetType elbv2.TargetType) *frontend {
	f := &frontend{port: DefaultPort, subnets: placed.Subnets, azIds: placed.AzIds}
	if o.Port != nil {
		f.port = *o.Port
	}

	f.lbSG = ec2.NewSecurityGroup(scope, jsii.String(idLBSecurityGroup), &ec2.SecurityGroupProps{
		Vpc:              o.Vpc,
		Description:      jsii.String("Load balancer of a PrivateLink service: no inbound rules, reached through the endpoint service only"),
		AllowAllOutbound: jsii.Bool(false),
	})
	f.lb = elbv2.NewNetworkLoadBalancer(scope, jsii.String(idLoadBalancer), &elbv2.NetworkLoadBalancerProps{
		Vpc:              o.Vpc,
		VpcSubnets:       f.subnets,
		InternetFacing:   jsii.Bool(false),
		CrossZoneEnabled: jsii.Bool(true),
		SecurityGroups:   &[]ec2.ISecurityGroup{f.lbSG},
		EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: jsii.Bool(false),
	})
	nlb.Protect(scope, f.lb)
	listenerProtocol, targetProtocol := o.Tls.listenerProtocols()
	if o.Tls != nil {
		f.tls = newTls(scope, o.Tls, f.lb)
	} else {
		nlb.TcpOnly(f.lb)
	}

	f.targetGroup = elbv2.NewNetworkTargetGroup(scope, jsii.String(idTargetGroup), &elbv2.NetworkTargetGroupProps{
		Vpc:                 o.Vpc,
		Port:                jsii.Number(f.port),
		Protocol:            targetProtocol,
		TargetType:          targetType,
		HealthCheck:         nlb.HealthCheck(o.HealthCheckPath, targetProtocol == elbv2.Protocol_TLS),
		DeregistrationDelay: nlb.DeregistrationDelay(o.DeregistrationDelay),
		// Targets see the load balancer's address, so their security group
		// can admit the load balancer's group alone. PrivateLink traffic
		// never carries the client address anyway.
		PreserveClientIp: jsii.Bool(false),
	})
	listener := &elbv2.BaseNetworkListenerProps{
		Port:                jsii.Number(f.port),
		Protocol:            listenerProtocol,
		DefaultTargetGroups: &[]elbv2.INetworkTargetGroup{f.targetGroup},
	}
	if f.tls != nil {
		listener.Certificates = &[]elbv2.IListenerCertificate{elbv2.ListenerCertificate_FromCertificateManager(f.tls.Certificate)}
		listener.SslPolicy = o.Tls.sslPolicy()
	}
	f.listener = f.lb.AddListener(jsii.String(idListener), listener)
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
	f.targetsSG.Connections().AllowFrom(f.lbSG, ec2.Port_Tcp(jsii.Number(f.port)), jsii.String("service port from the load balancer"))

	service := o.EndpointService
	if o.Tls != nil {
		// Consumers resolve the certificate's name to their endpoint.
		service.PrivateDnsName, service.PrivateDnsZone = o.Tls.DomainName, o.Tls.HostedZone
	}
	f.endpointService = newEndpointService(scope, jsii.String(idEndpoint), []elbv2.INetworkLoadBalancer{f.lb}, &service, f.port, f.azIds)
	if v := f.endpointService.PrivateDnsVerification; v != nil && o.Tls.CertificateArn == nil {
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
