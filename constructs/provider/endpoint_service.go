package provider

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	kms "github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	subs "github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/quotas"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of EndpointService; part of the construct's contract.
const (
	idEndpointService        = "Service"
	idServiceNameOutput      = "ServiceName"
	idConnectionKey          = "ConnectionKey"
	idConnectionTopic        = "Connections"
	idNotification           = "ConnectionNotification"
	idPrivateDnsName         = "PrivateDnsName"
	idPrivateDnsVerification = "PrivateDnsVerification"
)

// EndpointServiceOptions say who may connect to an endpoint service and how.
// The providers take them as is; EndpointServiceProps adds the load balancers.
type EndpointServiceOptions struct {
	// AllowedPrincipals may create interface endpoints to the service: 12-digit
	// account IDs (each becomes that account's root ARN) or IAM ARNs of an
	// account root, a role or a user. At least one is required unless
	// AllowAnyPrincipal is set.
	AllowedPrincipals []string
	// AllowAnyPrincipal lets every AWS principal create an endpoint ("*").
	// Consider AcceptanceRequired together with this.
	// Default: false.
	AllowAnyPrincipal *bool
	// AcceptanceRequired makes the provider accept each endpoint connection
	// before traffic flows. Turn it off only for principals you fully trust.
	// Default: true.
	AcceptanceRequired *bool
	// PrivateDnsName is a DNS name consumers may resolve through their
	// endpoint's private DNS, for example api.example.com. AWS requires you to
	// verify ownership of the domain before consumers can use it: give
	// PrivateDnsZone to have it done (PrivateDnsVerification), or verify it
	// by hand.
	// Default: none.
	PrivateDnsName *string
	// PrivateDnsZone is the public hosted zone of PrivateDnsName or of a
	// parent domain, in this account: the name is verified automatically
	// with a TXT record there (see PrivateDnsVerification).
	// Default: none; verify by hand.
	PrivateDnsZone route53.IHostedZone
	// AllowedRegions lets consumers in these regions connect through native
	// cross-region PrivateLink, without peering a VPC in the service's region.
	// Default: none; consumers must be in the service's own region.
	AllowedRegions []string
	// ConnectionNotifications publishes every endpoint connection event
	// (Connect, Accept, Reject, Delete) to an SNS topic, so whoever accepts
	// connections hears that one waits. The topic is encrypted with a
	// customer managed KMS key (rotated yearly; AWS-managed keys cannot let
	// the PrivateLink service publish), accepts HTTPS publishers only, and
	// lets vpce.amazonaws.com publish for this account alone. Subscribe to
	// EndpointService.ConnectionTopic. A waiting connection is accepted with
	// one command, the service ID being the end of the service name and the
	// endpoint ID in the notification:
	//
	//	aws ec2 accept-vpc-endpoint-connections --service-id vpce-svc-0123456789abcdef0 --vpc-endpoint-ids vpce-0123456789abcdef0
	//
	// Cost: $1 a month for the key, and $0.50 per million notifications.
	// Default: false, unless ConnectionNotificationEmail is given.
	ConnectionNotifications *bool
	// ConnectionNotificationEmail subscribes an email address to the
	// connection topic, so that a connection awaiting acceptance reaches
	// a person: AWS publishes no metric of pending connections. AWS mails
	// the address a link to confirm the subscription first. It turns
	// ConnectionNotifications on. Email is free for the first thousand
	// notifications a month, then $2 per 100,000.
	// Default: none; subscribe to ConnectionTopic yourself.
	ConnectionNotificationEmail *string
	// ConnectionNotificationTopic receives the connection events instead
	// of a topic of the service's own: AlarmTopic(stack), for example, the
	// topic the library's alarms notify, so that whoever hears the alarms
	// hears a connection waiting (and no second key is paid for). The
	// library lets vpce.amazonaws.com of this account publish to the topic
	// and use its key when both are of this app, as AlarmTopic's are; for a
	// topic or key of another app, grant them there (synth warns).
	// ConnectionNotificationEmail, if given, subscribes to this topic. It
	// turns ConnectionNotifications on.
	// Default: a topic of the service's own (ConnectionTopic).
	ConnectionNotificationTopic sns.ITopic
}

// emailRe is a plausible email address: SNS itself checks no more.
var emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// notifies reports whether the service publishes its connection events.
func (o *EndpointServiceOptions) notifies() bool {
	return defaults.True(o.ConnectionNotifications) || (o.ConnectionNotifications == nil && (o.ConnectionNotificationEmail != nil || o.ConnectionNotificationTopic != nil))
}

// EndpointServiceProps configure an EndpointService.
type EndpointServiceProps struct {
	EndpointServiceOptions
	// LoadBalancers are the network load balancers behind the service. Required.
	LoadBalancers []elbv2.INetworkLoadBalancer
	// Port consumers connect to, the load balancers' listener port; it goes
	// into Contract, for consumers to say it once.
	// Default: DefaultPort.
	Port *float64
	// AvailabilityZoneIds the load balancers cover, such as usw2-az1; they go
	// into Contract, for consumers to be checked against.
	// Default: unknown.
	AvailabilityZoneIds []string
}

// EndpointService is a VPC endpoint service on one or more network load
// balancers, with an allow-list of principals, connection acceptance on by
// default, and its service name exported as a stack output.
type EndpointService struct {
	constructs.Construct
	// Service is the underlying VPC endpoint service.
	Service ec2.VpcEndpointService
	// ServiceName is com.amazonaws.vpce.<region>.vpce-svc-<id>, for consumers
	// in the same CDK app, in any account or region: pass it as is and
	// aws-cdk-lib carries it across (Fn::GetStackOutput between accounts or
	// regions). The region in it is the stack's own, written literally when
	// the stack has one, so it stays right wherever the name is read.
	ServiceName *string
	// ServiceNameOutput carries the service name to consumers in other apps
	// or accounts. Its logical ID may be overridden to give it a stable name.
	ServiceNameOutput awscdk.CfnOutput
	// PrivateDnsVerification verifies PrivateDnsName, with PrivateDnsZone;
	// else nil.
	PrivateDnsVerification *PrivateDnsVerification
	// AllowedPrincipalArns are the principals as written to the template.
	AllowedPrincipalArns []*string
	// ConnectionTopic receives the connection events, with
	// ConnectionNotifications or ConnectionNotificationEmail; else nil,
	// and nil when ConnectionNotificationTopic is given. ConnectionKey
	// encrypts it.
	ConnectionTopic sns.Topic
	ConnectionKey   kms.Key
	// ConnectionEvents is the topic the connection events go to:
	// ConnectionTopic or ConnectionNotificationTopic; nil without
	// notifications.
	ConnectionEvents sns.ITopic

	contract Contract
}

// Contract is what consumers need of the service: its name, port, zones,
// private DNS name and region.
func (s *EndpointService) Contract() *Contract {
	c := s.contract
	c.AvailabilityZoneIds = append([]string(nil), c.AvailabilityZoneIds...)
	return &c
}

// validate records every problem of the options for a service in region
// (which may be a token); it is pure Go.
func (o *EndpointServiceOptions) validate(p *check.Problems, region string) {
	partition := check.Partition(region)
	for i, s := range o.AllowedPrincipals {
		_, err := check.Principal(s, "aws")
		p.Add(fmt.Sprintf("AllowedPrincipals[%d]", i), err)
		if pp := check.PrincipalPartition(s); err == nil && partition != "" && pp != "" && pp != partition {
			p.Addf("AllowedPrincipals[%d] %q: a principal of partition %s, but the service is in %s (partition %s); name principals of %s", i, s, pp, region, partition, partition)
		}
	}
	anyone := o.AllowAnyPrincipal != nil && *o.AllowAnyPrincipal
	switch {
	case anyone && len(o.AllowedPrincipals) > 0:
		p.Addf("AllowedPrincipals %q: the list has no effect while AllowAnyPrincipal is true; keep one of the two", o.AllowedPrincipals)
	case !anyone && len(o.AllowedPrincipals) == 0:
		p.Addf("AllowedPrincipals is empty: no one could connect; name the consumer accounts (for example 111111111111), or set AllowAnyPrincipal")
	}
	if o.PrivateDnsName != nil {
		p.Add("PrivateDnsName", check.DNSName(*o.PrivateDnsName))
	} else if o.PrivateDnsZone != nil {
		p.Addf("PrivateDnsZone is set but PrivateDnsName is nil: want the name to verify, such as dogs.example.com")
	}
	if e := o.ConnectionNotificationEmail; e != nil {
		switch {
		case !check.IsToken(*e) && !emailRe.MatchString(*e):
			p.Addf("ConnectionNotificationEmail %q: want an email address such as ops@example.com", *e)
		case o.ConnectionNotifications != nil && !*o.ConnectionNotifications:
			p.Addf("ConnectionNotificationEmail %q: ConnectionNotifications is false, so no event would reach it; drop one of the two", *e)
		}
	}
	if o.ConnectionNotificationTopic != nil && o.ConnectionNotifications != nil && !*o.ConnectionNotifications {
		p.Addf("ConnectionNotificationTopic: ConnectionNotifications is false, so no event would reach it; drop one of the two")
	}
	seen := map[string]bool{}
	for i, r := range o.AllowedRegions {
		at := fmt.Sprintf("AllowedRegions[%d]", i)
		switch err := check.Region(r); {
		case err != nil:
			p.Add(at, err)
		case seen[r]:
			p.Addf("%s %q: listed twice", at, r)
		case r == region:
			p.Addf("%s %q: the service's own region; consumers there need no cross-region permission: drop it", at, r)
		case partition != "" && !check.IsToken(r) && check.Partition(r) != partition:
			p.Addf("%s %q: in partition %s, but the service is in %s (partition %s); cross-region PrivateLink stays within a partition", at, r, check.Partition(r), region, partition)
		}
		seen[r] = true
	}
}

// principalArns turns validated options into principal ARNs, in the
// partition of the stack that holds scope.
func (o *EndpointServiceOptions) principalArns(scope constructs.Construct) []*string {
	if o.AllowAnyPrincipal != nil && *o.AllowAnyPrincipal {
		return []*string{jsii.String("*")}
	}
	partition := *awscdk.Stack_Of(scope).Partition()
	var arns []*string
	for _, s := range o.AllowedPrincipals {
		arn, _ := check.Principal(s, partition)
		arns = append(arns, jsii.String(arn))
	}
	return arns
}

// NewEndpointService creates the endpoint service. It panics, before creating
// anything, if the props are invalid.
func NewEndpointService(scope constructs.Construct, id *string, props *EndpointServiceProps) *EndpointService {
	if props == nil {
		props = &EndpointServiceProps{}
	}
	p := check.New("provider.EndpointService")
	if len(props.LoadBalancers) == 0 {
		p.Addf("LoadBalancers is empty: want at least one network load balancer")
	}
	region := *awscdk.Stack_Of(scope).Region()
	props.EndpointServiceOptions.validate(p, region)
	port := float64(DefaultPort)
	if props.Port != nil {
		port = *props.Port
		p.Add("Port", check.Port(port))
	}
	if props.AvailabilityZoneIds != nil {
		network.CheckIds(p, "AvailabilityZoneIds", region, props.AvailabilityZoneIds)
	}
	refuse.If(scope, id, p.Err())
	return newEndpointService(scope, id, props.LoadBalancers, &props.EndpointServiceOptions, port, props.AvailabilityZoneIds)
}

// newEndpointService builds from options already validated, so the providers
// report every problem of their own props in one message.
func newEndpointService(scope constructs.Construct, id *string, lbs []elbv2.INetworkLoadBalancer, o *EndpointServiceOptions, port float64, azIds []string) *EndpointService {
	this := &EndpointService{Construct: constructs.NewConstruct(scope, id)}
	quotas.Watch(this.Construct)
	this.AllowedPrincipalArns = o.principalArns(this.Construct)

	var principals []iam.ArnPrincipal
	for _, arn := range this.AllowedPrincipalArns {
		principals = append(principals, iam.NewArnPrincipal(arn))
	}
	var targets []ec2.IVpcEndpointServiceLoadBalancer
	for _, lb := range lbs {
		targets = append(targets, lb)
	}
	var regions *[]*string
	if len(o.AllowedRegions) > 0 {
		regions = jsii.Strings(o.AllowedRegions...)
	}
	this.Service = ec2.NewVpcEndpointService(this.Construct, jsii.String(idEndpointService), &ec2.VpcEndpointServiceProps{
		VpcEndpointServiceLoadBalancers: &targets,
		AcceptanceRequired:              defaults.Bool(o.AcceptanceRequired, true),
		AllowedPrincipals:               &principals,
		AllowedRegions:                  regions,
	})
	if o.PrivateDnsName != nil {
		this.setPrivateDnsName(o)
	}
	if o.notifies() {
		this.notify(o.ConnectionNotificationTopic)
		if o.ConnectionNotificationEmail != nil {
			this.ConnectionEvents.AddSubscription(subs.NewEmailSubscription(o.ConnectionNotificationEmail, nil))
		}
	}
	this.ServiceName = serviceName(this.Construct, this.Service.VpcEndpointServiceId())
	this.ServiceNameOutput = awscdk.NewCfnOutput(this.Construct, jsii.String(idServiceNameOutput), &awscdk.CfnOutputProps{
		Value:       this.ServiceName,
		Description: jsii.String("VPC endpoint service name; consumers create interface endpoints to it"),
	})
	this.contract = Contract{ServiceName: this.ServiceName, Port: jsii.Number(port), AvailabilityZoneIds: azIds,
		PrivateDnsName: o.PrivateDnsName, Region: serviceRegion(this.Construct)}
	return this
}

// serviceName is the endpoint service's name with the region of the stack
// that holds scope. aws-cdk-lib's VpcEndpointServiceName joins the service ID
// with the AWS::Region pseudo parameter, which resolves in whichever stack
// reads it: a consumer in another region would get a name in its own region.
// A literal region (or, in a stack without one, a reference scoped to this
// stack) keeps the name right, and lets consumers read the region at synth.
func serviceName(scope constructs.Construct, serviceId *string) *string {
	return jsii.String("com.amazonaws.vpce." + *serviceRegion(scope) + "." + *serviceId)
}

// serviceRegion is the region of the stack that holds scope: literal when
// the stack has one, else a reference scoped to that stack.
func serviceRegion(scope constructs.Construct) *string {
	stack := awscdk.Stack_Of(scope)
	if region := stack.Region(); !check.IsToken(*region) {
		return region
	}
	return awscdk.NewScopedAws(stack).Region()
}

// setPrivateDnsName gives the service its private DNS name, and verifies it
// with PrivateDnsZone. CloudFormation's AWS::EC2::VPCEndpointService has no
// property for the name, so it is set (and removed on delete) through
// ec2:ModifyVpcEndpointServiceConfiguration on this service only.
func (this *EndpointService) setPrivateDnsName(o *EndpointServiceOptions) {
	id := this.Service.VpcEndpointServiceId()
	arn := endpointServiceArn(this.Construct, id)
	set := sdkcall.New(this.Construct, idPrivateDnsName, sdkcall.Call{
		Service: "EC2", Action: "modifyVpcEndpointServiceConfiguration",
		Parameters:         map[string]any{"ServiceId": id, "PrivateDnsName": o.PrivateDnsName},
		PhysicalResourceId: jsii.String(*id + ":" + *o.PrivateDnsName),
		Resources:          []*string{arn},
		Delete: &sdkcall.Call{Service: "EC2", Action: "modifyVpcEndpointServiceConfiguration",
			Parameters: map[string]any{"ServiceId": id, "RemovePrivateDnsName": true}},
	})
	if o.PrivateDnsZone != nil {
		this.PrivateDnsVerification = NewPrivateDnsVerification(this.Construct, jsii.String(idPrivateDnsVerification), &PrivateDnsVerificationProps{
			ServiceId: id, PrivateDnsName: o.PrivateDnsName, HostedZone: o.PrivateDnsZone,
		})
		this.PrivateDnsVerification.Node().AddDependency(set)
	}
}

// endpointServiceArn is the ARN of endpoint service id in scope's stack,
// for IAM policies of calls on that service alone.
func endpointServiceArn(scope constructs.Construct, id *string) *string {
	return awscdk.Arn_Format(&awscdk.ArnComponents{Service: jsii.String("ec2"), Resource: jsii.String("vpc-endpoint-service"), ResourceName: id}, awscdk.Stack_Of(scope))
}

// notify publishes the service's connection events to topic, or to an
// encrypted topic of its own when topic is nil.
func (this *EndpointService) notify(topic sns.ITopic) {
	stack := awscdk.Stack_Of(this.Construct)
	vpce := iam.NewServicePrincipal(jsii.String("vpce.amazonaws.com"), nil)
	sameAccount := &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()}}
	// PrivateLink encrypts for an encrypted topic with its key: the topic's
	// policy and the key's must admit vpce.amazonaws.com, held to this
	// account by aws:SourceAccount, one of the two confused-deputy keys
	// the guide's examples use ("Receive alerts for endpoint service
	// events", https://docs.aws.amazon.com/vpc/latest/privatelink/create-notification-endpoint-service.html).
	keyGrant := iam.NewPolicyStatement(&iam.PolicyStatementProps{
		Sid:        jsii.String("PrivateLinkPublishesConnectionEvents"),
		Principals: &[]iam.IPrincipal{vpce},
		Actions:    jsii.Strings("kms:GenerateDataKey*", "kms:Decrypt"),
		Resources:  jsii.Strings("*"), // in a key policy, "*" is this key
		Conditions: sameAccount,
	})
	if topic == nil {
		this.ConnectionKey = kms.NewKey(this.Construct, jsii.String(idConnectionKey), &kms.KeyProps{
			Description:       jsii.String("Encrypts the connection events of a PrivateLink endpoint service"),
			EnableKeyRotation: jsii.Bool(true),
			RemovalPolicy:     awscdk.RemovalPolicy_DESTROY,
		})
		this.ConnectionKey.AddToResourcePolicy(keyGrant, nil)
		this.ConnectionTopic = sns.NewTopic(this.Construct, jsii.String(idConnectionTopic), &sns.TopicProps{
			MasterKey:  this.ConnectionKey,
			EnforceSSL: jsii.Bool(true),
		})
		topic = this.ConnectionTopic
	} else if key := topic.MasterKey(); key != nil && !*key.AddToResourcePolicy(keyGrant, jsii.Bool(true)).StatementAdded {
		awscdk.Annotations_Of(this.Construct).AddWarningV2(jsii.String("cdk-privatelink:connection-topic-key"),
			jsii.Sprintf("ConnectionNotificationTopic's key is not of this app: let vpce.amazonaws.com use it (kms:GenerateDataKey*, kms:Decrypt, for account %s) in its key policy, or PrivateLink cannot publish the connection events", *stack.Account()))
	}
	this.ConnectionEvents = topic
	added := topic.AddToResourcePolicy(iam.NewPolicyStatement(&iam.PolicyStatementProps{
		Sid:        jsii.String("PrivateLinkPublishesConnectionEvents"),
		Principals: &[]iam.IPrincipal{vpce},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  jsii.Strings(*topic.TopicArn()),
		Conditions: sameAccount,
	}))
	if !*added.StatementAdded {
		awscdk.Annotations_Of(this.Construct).AddWarningV2(jsii.String("cdk-privatelink:connection-topic-policy"),
			jsii.Sprintf("ConnectionNotificationTopic is not of this app: let vpce.amazonaws.com publish to it (sns:Publish, for account %s) in its policy, or the connection notification cannot be created", *stack.Account()))
	}
	notification := ec2.NewCfnVPCEndpointConnectionNotification(this.Construct, jsii.String(idNotification), &ec2.CfnVPCEndpointConnectionNotificationProps{
		ServiceId:                 this.Service.VpcEndpointServiceId(),
		ConnectionNotificationArn: topic.TopicArn(),
		ConnectionEvents:          jsii.Strings("Connect", "Accept", "Reject", "Delete"),
	})
	// The topic's policy must let the service publish before it is set up.
	if policy := topic.Node().TryFindChild(jsii.String("Policy")); policy != nil {
		notification.Node().AddDependency(policy)
	}
}
