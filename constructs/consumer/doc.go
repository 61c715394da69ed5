// Package consumer reaches private services that providers publish over AWS
// PrivateLink, from another VPC and usually another account.
//
// ServiceEndpoint is an interface VPC endpoint to one endpoint service, with a
// security group of its own that admits only the service port. It exposes the
// endpoint's regional DNS name and the private IPv4 address of each of its
// network interfaces, read at deploy time by aws-cdk-lib's AwsCustomResource
// (no hand-written Lambda, any number of AZs).
//
// PrivateZone gives endpoints stable names (dogs.internal.example) in a Route
// 53 private hosted zone. Gateway puts one API Gateway HTTP API in front of
// many endpoints through one VPC link; adding a service is one AddService call.
//
// # Why one shared Network Load Balancer, a listener per service
//
// HTTP API private integrations reach an ALB, an NLB or a Cloud Map service
// in the API's own account; none can target an interface endpoint directly.
// Gateway puts the endpoints' addresses behind shared internal NLBs, one
// listener per service on the service's own ListenerPort (10000-10049 on
// the first load balancer, 10050-10099 on the second, and so on), 50
// services per load balancer because ELB allows 50 listeners per NLB and
// that quota cannot be raised.
//
//   - Cost: an NLB is $16.43 a month (us-west-2, before LCUs) whatever it
//     carries. One per service made each service cost its endpoint ($14.60 in
//     2 AZs) plus an NLB; shared, a service costs its endpoint, and every
//     50th service one more NLB. Fifty services use one NLB of the region's
//     default 50, not all of them.
//   - Health and failover: each service keeps its own target group, whose
//     health checks (TCP, or HTTP on HealthCheckPath) take a failed
//     endpoint address out, and cross-zone load balancing sends traffic to
//     the healthy AZ. An AWS Cloud Map integration would need no load
//     balancer at all, but API Gateway picks among Cloud Map instances with
//     no health check, so a zone's failure would fail requests; that is why
//     it is not used.
//   - Security: the NLB's group admits the listener ports from the VPC
//     link's group only, and each service's endpoint group admits that
//     service's port from the NLB's group only: one rule per service, on its
//     own port.
//   - Limits: a service keeps its ListenerPort, so removing one changes no
//     other's listener. Each NLB's group has one outbound rule per service,
//     50 of the 60 a group may have by default.
//
// # Routes
//
// GatewayServiceProps.Routes take every method under the gateway's
// DefaultAuthorizer; GatewayService.AddRoute adds routes with their own
// methods, authorizer and scopes, after AddService. A method and path
// belongs to one service, refused at synth otherwise.
//
// # Composing with what exists
//
// Gateway, PrivateZone and AlbFrontDoor take any IServiceEndpoint: a
// ServiceEndpoint of this app, or an endpoint made in another stack, app or
// by hand, brought in with FromServiceEndpointAttributes (its addresses are
// read at deploy time from its ID). FromGatewayAttributes brings in a
// gateway another app made, from its outputs ApiId, VpcLinkId and
// VpcLinkSecurityGroupId, and AddService on it adds a service with load
// balancers of this app's own. ServiceEndpointProps.Service takes the
// provider's Contract (provider.FargateProvider.Contract(),
// provider.FromEndpointServiceName for a service made elsewhere): the port
// is said once, by the provider, and the endpoint is placed in the zones
// the provider covers. ServiceEndpoint is an ec2.IConnectable.
//
// # Gateway or AlbFrontDoor
//
// Both front doors take the same AddService (ServiceOptions). Gateway, an
// API Gateway HTTP API, costs $1.00 per million requests plus its shared
// NLBs, and brings IAM, JWT and Lambda authorizers per route, stage
// throttling and mutual TLS on its own domain; its limits are 30 s and 10 MB
// per request. AlbFrontDoor, an internet-facing ALB, costs $16.43 a month
// plus LCUs and $9 for its web ACL, then $0.60 per million requests. It
// brings AWS WAF (managed rule groups, a rate limit per client IP), which
// HTTP APIs cannot use, with no payload or 30 s cap. It has no authorizers,
// does not expose mutual TLS and does not verify the provider's certificate.
// Choose the ALB when a regulated public API needs WAF, or above roughly 25
// million requests a month, where it is the cheaper of the two; the Gateway
// when callers authenticate with IAM or JWT, or present client
// certificates.
//
// # Availability Zones
//
// An endpoint can only be placed in AZs the provider's service covers, and a
// VPC link only in the AZs API Gateway lists for the region. AZ names map to
// different physical zones in each account; AZ IDs (usw2-az1) do not. Every
// construct here places by AZ ID: ConsumerVpc's subnets, ServiceEndpoint
// (checked against ProviderAvailabilityZoneIds), Gateway (checked against the
// VPC link zones of package azid).
//
// # TLS
//
// A provider with TLS is reached with HTTPS: GatewayServiceProps.TlsServerName
// makes API Gateway speak TLS to the provider's listener and verify its
// certificate against that name, through the gateway's load balancer, whose
// TCP listener passes the TLS through. ServiceEndpointProps.PrivateDnsEnabled
// resolves the provider's verified name to the endpoint inside the VPC, for
// other clients there; PrivateZone names stay for services without TLS.
// GatewayProps.Domain gives the API its own name (TLS 1.2 at least), with
// optional mutual TLS, and turns the execute-api endpoint off.
//
// # Quotas
//
// Every app that uses these constructs counts, at synth, what each stack,
// VPC, API and account-region uses of the AWS quotas they meet (load
// balancers, listeners, interface endpoints, security group rules, routes,
// integrations, VPC links): a warning at 80% of a default quota, a warning
// naming the Service Quotas code to raise beyond an adjustable one, and an
// error beyond one that cannot be raised.
//
// # Operations: metrics, alarms, a dashboard
//
// ServiceEndpoint has its AWS/PrivateLinkEndpoints metrics (MetricPacketsDropped
// and the others), and both front doors' services have the same ServiceMetrics
// (healthy targets, requests, 5xx, p99 latency, 429s), all made from the
// library's one table of metrics (constructs/internal/metrics), whose names and
// dimensions are AWS's. Alarms are on by default (GatewayProps.Alarms,
// AlbFrontDoorProps.Alarms; AlarmOptions.Disabled turns them off), to a topic
// given or one per stack encrypted with a customer managed key: per service, no
// healthy endpoint address (the consumer's view of a provider that is down)
// and the endpoint dropping packets; the 5xx rate and p99 latency per service
// on AlbFrontDoor, per API on Gateway (HTTP APIs publish per-route metrics only
// when detailed metrics, billed as custom metrics, are on); the 429s per front
// door (the web ACL's rate rule; on Gateway, a metric filter on the access log,
// as HTTP APIs publish no throttle metric). AWS publishes no endpoint metrics
// for cross-Region access, so such an endpoint has the health alarm only, as
// has an imported endpoint, which does not say its service name. Dashboard
// shows all of it for the front doors of an account. An alarm costs $0.10 a
// month per metric it reads (the 5xx rate reads two), the topic's key $1, the
// dashboard $3 beyond the account's first three.
//
// # Errors
//
// Every constructor and AddService validates first and panics with every
// problem at once, naming the construct and its path in the app
// ("consumer.ServiceEndpoint at gateway/Services1/dogsEndpoint"), the prop,
// the value received and what is wanted. Values known only at deploy time (tokens, such as a service
// name read from another stack's output) are accepted and checked only when
// they are literals.
package consumer
