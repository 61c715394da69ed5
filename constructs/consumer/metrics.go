package consumer

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/metrics"
)

// Every metric here is made by metrics.New, from the one table of the
// metrics the library reads (constructs/internal/metrics, README "Metrics"):
// namespaces, metric and dimension names as AWS documents them. Each is a
// one-minute metric of the table's statistic; change either with
// Metric.With(&cloudwatch.MetricOptions{...}).

// ServiceMetrics are what both front doors, Gateway and AlbFrontDoor, tell
// of each of their services: GatewayService and AlbFrontDoorService.
type ServiceMetrics interface {
	// MetricHealthyTargets is the number of the service's endpoint
	// addresses that pass the front door's health checks (Minimum): 0 is
	// how a consumer sees its provider down.
	MetricHealthyTargets() cloudwatch.Metric
	// MetricRequests is the number of requests (Sum).
	MetricRequests() cloudwatch.Metric
	// MetricServerErrors is the number of 5xx answers (Sum).
	MetricServerErrors() cloudwatch.Metric
	// MetricLatency is the p99 of the time to answer.
	MetricLatency() cloudwatch.Metric
	// MetricThrottled is the number of requests refused with 429 (Sum).
	MetricThrottled() cloudwatch.Metric
	// ServiceEndpoint is the service's endpoint, whose metrics
	// (ServiceEndpoint.MetricPacketsDropped...) are the service's too.
	ServiceEndpoint() IServiceEndpoint
}

var (
	_ ServiceMetrics = (*GatewayService)(nil)
	_ ServiceMetrics = (*AlbFrontDoorService)(nil)
)

// endpointMetric is one AWS/PrivateLinkEndpoints metric of the endpoint.
func (e *ServiceEndpoint) endpointMetric(name string) cloudwatch.Metric {
	if e.crossRegion {
		panic(fmt.Errorf("consumer.ServiceEndpoint at %s: AWS publishes no %s metrics for an endpoint that uses cross-Region access (ServiceRegion); watch the front door's MetricHealthyTargets instead (%s)",
			*e.Node().Path(), metrics.PrivateLinkEndpoints, "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html"))
	}
	return metrics.New(metrics.PrivateLinkEndpoints, name, map[string]*string{
		metrics.DimEndpointType:  jsii.String("Interface"),
		metrics.DimServiceName:   e.serviceName,
		metrics.DimVpcEndpointId: e.Endpoint.VpcEndpointId(),
		metrics.DimVpcId:         e.Vpc.VpcId(),
	}, nil)
}

// PublishesMetrics reports whether AWS publishes the endpoint's metrics:
// not for an endpoint that uses cross-Region access (ServiceRegion), whose
// Metric methods panic.
func (e *ServiceEndpoint) PublishesMetrics() bool { return !e.crossRegion }

// MetricActiveConnections is the endpoint's concurrent connections
// (Maximum).
func (e *ServiceEndpoint) MetricActiveConnections() cloudwatch.Metric {
	return e.endpointMetric("ActiveConnections")
}

// MetricNewConnections is the connections opened through the endpoint
// (Sum).
func (e *ServiceEndpoint) MetricNewConnections() cloudwatch.Metric {
	return e.endpointMetric("NewConnections")
}

// MetricPacketsDropped is the packets the endpoint dropped (Sum); rising
// values can mean the endpoint or the provider's service is unhealthy.
func (e *ServiceEndpoint) MetricPacketsDropped() cloudwatch.Metric {
	return e.endpointMetric("PacketsDropped")
}

// MetricRstPacketsReceived is the TCP resets the endpoint received from the
// service (Sum).
func (e *ServiceEndpoint) MetricRstPacketsReceived() cloudwatch.Metric {
	return e.endpointMetric("RstPacketsReceived")
}

// MetricBytesProcessed is the bytes through the endpoint, both directions
// (Sum), what its owner is billed for.
func (e *ServiceEndpoint) MetricBytesProcessed() cloudwatch.Metric {
	return e.endpointMetric("BytesProcessed")
}

// gatewayStage is the stage every gateway serves: $default.
const gatewayStage = "$default"

// apiMetric is one AWS/ApiGateway metric of the gateway's $default stage.
func (g *Gateway) apiMetric(name string) cloudwatch.Metric {
	return metrics.New(metrics.ApiGateway, name, map[string]*string{
		metrics.DimApiId: g.api.ApiId(),
		metrics.DimStage: jsii.String(gatewayStage),
	}, nil)
}

// MetricRequests is the requests the API received (Sum).
func (g *Gateway) MetricRequests() cloudwatch.Metric { return g.apiMetric("Count") }

// MetricServerErrors is the API's 5xx answers (Sum): the provider's, and
// API Gateway's own 500, 503 and 504 when the integration fails.
func (g *Gateway) MetricServerErrors() cloudwatch.Metric { return g.apiMetric("5xx") }

// MetricLatency is the p99 of the API's latency, in milliseconds.
func (g *Gateway) MetricLatency() cloudwatch.Metric { return g.apiMetric("Latency") }

// MetricIntegrationLatency is the p99 of the time the providers take to
// answer, through the VPC link and the endpoints, in milliseconds.
func (g *Gateway) MetricIntegrationLatency() cloudwatch.Metric {
	return g.apiMetric("IntegrationLatency")
}

// MetricThrottled is the requests the stage's throttling refused with 429
// (Sum). HTTP APIs publish no throttle metric (their 4xx counts 429 with
// 401, 403 and 404), so a metric filter on the access log counts them
// (alarms.go): with the gateway's own access logs, or the owning app's for
// a gateway from FromGatewayAttributes.
func (g *Gateway) MetricThrottled() cloudwatch.Metric {
	return metrics.New(metrics.GatewayAccessLogs, "Http429", map[string]*string{metrics.DimApiId: g.api.ApiId()}, nil)
}

// MetricHealthyTargets is the number of the service's endpoint addresses
// that pass the gateway load balancer's health checks (Minimum): 0 means
// the provider is down, or unreachable, for this consumer.
func (s *GatewayService) MetricHealthyTargets() cloudwatch.Metric {
	return metrics.New(metrics.NetworkELB, "HealthyHostCount", map[string]*string{
		metrics.DimLoadBalancer: s.LoadBalancer.LoadBalancerFullName(),
		metrics.DimTargetGroup:  s.TargetGroup.TargetGroupFullName(),
	}, nil)
}

// MetricRequests is the gateway's: HTTP APIs publish per-route metrics
// only with detailed metrics on the stage, billed as custom metrics
// ($0.30 a month each, six per route), which the library does not turn on.
func (s *GatewayService) MetricRequests() cloudwatch.Metric { return s.gateway.MetricRequests() }

// MetricServerErrors is the gateway's, as MetricRequests says.
func (s *GatewayService) MetricServerErrors() cloudwatch.Metric {
	return s.gateway.MetricServerErrors()
}

// MetricLatency is the gateway's, as MetricRequests says.
func (s *GatewayService) MetricLatency() cloudwatch.Metric { return s.gateway.MetricLatency() }

// MetricThrottled is the gateway's: stage throttling is for the whole API.
func (s *GatewayService) MetricThrottled() cloudwatch.Metric { return s.gateway.MetricThrottled() }

// ServiceEndpoint is the service's endpoint.
func (s *GatewayService) ServiceEndpoint() IServiceEndpoint { return s.endpoint }

// targetGroupMetric is one AWS/ApplicationELB metric of the service's
// target group.
func (s *AlbFrontDoorService) targetGroupMetric(name string) cloudwatch.Metric {
	return metrics.New(metrics.ApplicationELB, name, map[string]*string{
		metrics.DimLoadBalancer: s.frontDoor.LoadBalancer.LoadBalancerFullName(),
		metrics.DimTargetGroup:  s.TargetGroup.TargetGroupFullName(),
	}, nil)
}

// MetricHealthyTargets is the number of the service's endpoint addresses
// that pass the load balancer's health checks (Minimum).
func (s *AlbFrontDoorService) MetricHealthyTargets() cloudwatch.Metric {
	return s.targetGroupMetric("HealthyHostCount")
}

// MetricRequests is the requests the service's target group received (Sum).
func (s *AlbFrontDoorService) MetricRequests() cloudwatch.Metric {
	return s.targetGroupMetric("RequestCount")
}

// MetricServerErrors is the provider's 5xx answers (Sum), published only
// when there is one.
func (s *AlbFrontDoorService) MetricServerErrors() cloudwatch.Metric {
	return s.targetGroupMetric("HTTPCode_Target_5XX_Count")
}

// MetricLatency is the p99 of the provider's response time, in seconds.
func (s *AlbFrontDoorService) MetricLatency() cloudwatch.Metric {
	return s.targetGroupMetric("TargetResponseTime")
}

// MetricThrottled is the front door's: the requests its web ACL's rate
// rule answered 429 (Sum), for every service, as the rule is per client IP
// address across the load balancer.
func (s *AlbFrontDoorService) MetricThrottled() cloudwatch.Metric {
	return s.frontDoor.MetricThrottled()
}

// ServiceEndpoint is the service's endpoint.
func (s *AlbFrontDoorService) ServiceEndpoint() IServiceEndpoint { return s.endpoint }

// MetricThrottled is the requests the web ACL's rate rule
// (RateLimitPerClientIp) answered 429 (Sum).
func (f *AlbFrontDoor) MetricThrottled() cloudwatch.Metric {
	return metrics.New(metrics.WAFV2, "BlockedRequests", map[string]*string{
		metrics.DimRegion: awscdk.Stack_Of(f.Construct).Region(),
		metrics.DimRule:   jsii.String(wafRateRuleName),
		metrics.DimWebACL: jsii.String(f.wafMetric),
	}, nil)
}
