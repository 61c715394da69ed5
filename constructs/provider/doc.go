// Package provider publishes a private TCP or HTTP service to other AWS
// accounts over AWS PrivateLink.
//
// A provider is a workload behind an internal Network Load Balancer with a VPC
// endpoint service on it: FargateProvider runs any container image (or a
// task definition of yours) on ECS Fargate, Ec2Provider runs caller-supplied
// user data on an Auto Scaling group, IpProvider forwards to servers known by
// their IP addresses, in the VPC or on premises, and AlbProvider to an
// internal Application Load Balancer that routes requests by path. All share
// one front end (load balancer, listener, target group, endpoint service), so
// they behave the same to a consumer. EndpointService can also be used on its
// own in front of load balancers you already have, and ProviderVpc builds a
// VPC with no internet path for them to live in.
//
// # Bring your own
//
// What a provider makes can be yours instead:
//
//   - ProviderOptions.LoadBalancer: a network load balancer you have, such
//     as one imported by ARN; the provider adds its listener, target group
//     and endpoint service to it, and leaves the load balancer itself
//     (deletion protection, attributes, access logs, security groups) to
//     you.
//   - ProviderOptions.TargetPort: the port the workload answers on, when it
//     is not the port consumers connect to (Port, which goes into the
//     Contract).
//   - FargateProviderProps.TaskDefinition, Secrets and SecurityGroups, and
//     Ec2ProviderProps.SecurityGroups.
//   - AlbProviderProps.ApplicationLoadBalancer: an ALB you have, such as the
//     one an EKS ingress made. AWS's constraints on an ALB behind a network
//     load balancer ("Use an Application Load Balancer as a target of a
//     Network Load Balancer", AlbTargetDoc) are checked at synth: a TCP
//     listener on the ALB listener's port, the same VPC and account, HTTP(S)
//     health checks; the library also wants the ALB internal.
//   - IpProviderProps: addresses in the VPC, or beyond it over VPN, Direct
//     Connect, peering or a transit gateway (registered in every zone, and
//     only RFC 1918 or RFC 6598 addresses, as ELB requires).
//
// Every provider is an ec2.IConnectable: Connections() are its targets'
// security group on TargetPort.
//
// # EKS
//
// A Kubernetes Service of type LoadBalancer, made into a network load
// balancer by the AWS Load Balancer Controller (annotations
// service.beta.kubernetes.io/aws-load-balancer-type: external,
// aws-load-balancer-scheme: internal and aws-load-balancer-nlb-target-type:
// ip), is published by NewEndpointService over that load balancer imported
// by ARN, with its Port and AvailabilityZoneIds, which go into the Contract
// (ExampleNewEndpointService_eks). The controller owns the load balancer;
// the endpoint service must be deleted before the Service. An ALB made by
// an EKS Ingress goes behind AlbProvider instead.
//
// # Consumers by the hundred: who may connect
//
// An endpoint service admits principals by ARN (an account's root, a role,
// a user, or "*"), never an organization or an OU, and
// AWS::EC2::VPCEndpointServicePermissions writes the whole list at once.
// Two ways scale; OrganizationAcceptance is the one this package offers,
// for these reasons:
//
//   - A list of accounts (AllowedPrincipals): AWS documents no quota on
//     its length (make bench writes 1000 in about 33 KB of template), but a
//     principal missing from it cannot even ask. An account that joins an
//     OU gets its endpoint from a StackSet at once, and that endpoint is
//     refused until someone adds the account and the provider is deployed
//     again: onboarding waits on a change and a deploy, every time.
//   - Acceptance: AllowAnyPrincipal with AcceptanceRequired, and
//     OrganizationAcceptance, a function run by each connection event and
//     on a schedule, which lists the OUs' accounts through a role of the
//     management account and accepts their connections, rejecting every
//     other. Nothing grows with the number of consumers, a joining account
//     is accepted within seconds with nothing redeployed, and a leaving one
//     is rejected within the schedule's period. Rejecting ends a
//     connection; removing a principal from a list does not. Anyone may ask,
//     which costs the provider one rejected request.
//
// Either way, a consumer account that leaves the organization loses
// access: its StackSet stack (consumer.EndpointStackSet) is deleted with
// its endpoint, and OrganizationAcceptance rejects any connection left.
//
// # Defaults
//
// Secure by default: every connection must be accepted (AcceptanceRequired),
// only named principals may connect (AllowedPrincipals; the wildcard needs
// AllowAnyPrincipal), workloads admit the service port only from the load
// balancer's security group, and ProviderVpc has no NAT gateway and no internet
// gateway.
//
// The load balancer spans one subnet in every Availability Zone of the chosen
// subnets, with cross-zone load balancing on: a consumer can only place its
// endpoint in AZs where the service is present, and AZ names differ between
// accounts while AZ IDs do not, so subnets are placed by AZ ID and providers
// publish the AZ IDs they cover (the AvailabilityZoneIds field and output).
// ProviderVpc spans every default AZ ID of its region (package azid).
//
// The load balancer has a security group with no inbound rules, and inbound
// rules are not enforced on PrivateLink traffic
// (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic off). Consumers arrive
// from other VPCs whose CIDRs may overlap this one, so source-address rules
// could not tell them apart; who may connect is decided by the principal
// allow-list and connection acceptance, and what a consumer may reach by its
// own endpoint security group. With no inbound rules, nothing inside the VPC
// can bypass PrivateLink to reach the load balancer directly. The security
// group exists so that targets admit traffic from it alone.
//
// # TLS
//
// ProviderOptions.Tls turns the listener into a TLS listener (TLS 1.3 and
// 1.2 only) with an ACM certificate for a name such as dogs.example.com,
// given or created and validated in a public hosted zone. That name becomes
// the endpoint service's private DNS name, verified with a TXT record and
// no console step (PrivateDnsVerification), so consumers with private DNS
// resolve it to their endpoint and verify the certificate against it. The
// targets stay plain TCP inside the VPC unless TargetsTerminateTls, and the
// load balancer writes access logs (TLS listeners only) to a bucket of its
// own. ACM public certificates cost nothing; the hosted zone $0.50 a month.
//
// # Compliance
//
// Each construct records, on the resource concerned, why a finding of
// cdk-nag's compliance packs does not apply or is left to package
// hardening, whose one switch turns on what costs money or operations (its
// doc gives the cost of each).
//
// # Operations
//
// Metrics are methods that return a cloudwatch.Metric, each made from the
// library's one table of CloudWatch metrics (namespaces, metric and
// dimension names as AWS documents them; README "Metrics"):
// EndpointService.MetricActiveConnections, MetricNewConnections,
// MetricBytesProcessed, MetricRstPacketsSent and MetricEndpointsCount
// (AWS/PrivateLinkServices, not published for consumers that use
// cross-Region access); every provider's MetricHealthyHostCount,
// MetricUnHealthyHostCount and MetricTcpTargetResetCount (AWS/NetworkELB);
// FargateProvider.MetricRunningTaskCount (ECS/ContainerInsights) and
// Ec2Provider.MetricGroupInServiceInstances (AWS/AutoScaling, whose
// collection the provider turns on).
//
// Every provider has alarms by default (ProviderOptions.Alarms, off with
// Alarms.Disabled): NoHealthyTargets, TargetResets, and TooFewTasks
// (Fargate) or TooFewInstances (EC2), each notifying the stack's alarm
// topic (or AlarmOptions.Topic) when it goes to ALARM and back to OK. Each
// threshold is a prop whose doc says why its default was chosen. Missing
// data is chosen per alarm: breaching where the metric is published for
// as long as the thing it counts exists (target health, tasks, instances),
// not breaching for resets, which AWS reports only when there are some.
//
// AWS publishes no metric of endpoint connections awaiting acceptance:
// EndpointServiceOptions.ConnectionNotificationEmail sends every
// connection event to a person.
//
// # Monthly cost
//
// List prices in us-east-1 and us-west-2, 730 hours a month, before data
// processing charges (bench/cost.go has the table and its sources):
//
//   - The load balancer: $0.0225 an hour, $16.43 a month, however many AZs.
//     AlbProvider's ALB as much again, plus $0.008 per LCU-hour; none with
//     ProviderOptions.LoadBalancer or an ALB of your own.
//   - Compute, on Graviton by default: Fargate at 0.25 vCPU and 0.5 GB is
//     $7.21 a task on arm64 against $9.01 on x86_64; a t4g.micro $6.13
//     against a t3.micro's $7.59.
//   - No egress (ProviderVpc default): gateway endpoints for S3 and DynamoDB,
//     free. Enough for EC2 targets whose software comes from S3, not for
//     Fargate pulling from ECR.
//   - Interface endpoints (ProviderVpcProps.InterfaceEndpoints): ECR API, ECR
//     Docker and CloudWatch Logs, $0.01 per endpoint-hour per AZ: $7.30 per
//     endpoint per AZ, $43.80 for the three in 2 AZs (the default:
//     InterfaceEndpointAzIds), $87.60 in 4, plus $0.01 per GB. An interface
//     endpoint serves its whole VPC, so the service's AZs need not match.
//   - Alarms: $0.10 per alarm, three per FargateProvider or Ec2Provider
//     ($0.30), two per IpProvider or AlbProvider; the stack's alarm topic's
//     key $1 (package alarmtopic). Auto Scaling group metrics are free;
//     Container Insights, on in the provider's own cluster, is billed as
//     custom metrics.
//   - NAT gateways (ProviderVpcProps.NatGateways): $0.045 per hour each,
//     $32.85 per gateway plus $3.65 for its public IPv4 address, and $0.045
//     per GB; the VPC gains an internet path.
//
// # Errors
//
// Every constructor validates its props before it creates anything and panics
// with all problems at once, the way CDK constructs fail in Go. Each message
// names the construct, the prop, the value received and what is wanted, for
// example:
//
//	provider.EndpointService: AllowedPrincipals[1] "12345": want a 12-digit account ID or an IAM ARN (...)
package provider
