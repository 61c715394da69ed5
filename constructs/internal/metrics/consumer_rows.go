package metrics

// Rows the consumer side reads: its interface endpoints, the gateway's HTTP
// API and load balancers, and the ALB front door with its web ACL.

// Namespaces of the consumer side.
const (
	PrivateLinkEndpoints = "AWS/PrivateLinkEndpoints"
	ApiGateway           = "AWS/ApiGateway"
	NetworkELB           = "AWS/NetworkELB"
	ApplicationELB       = "AWS/ApplicationELB"
	WAFV2                = "AWS/WAFV2"
	// GatewayAccessLogs is the library's own namespace, of the metric
	// filter the gateway puts on its access log.
	GatewayAccessLogs = "CdkPrivateLink/Gateway"
	// Synthetics is where canaries publish (no AWS/ prefix).
	Synthetics = "CloudWatchSynthetics"
)

// Dimension names, as AWS spells them.
const (
	DimEndpointType  = "Endpoint Type"
	DimServiceName   = "Service Name"
	DimVpcEndpointId = "VPC Endpoint Id"
	DimVpcId         = "VPC Id"
	DimSubnetId      = "Subnet Id"
	DimApiId         = "ApiId"
	DimStage         = "Stage"
	DimLoadBalancer  = "LoadBalancer"
	DimTargetGroup   = "TargetGroup"
	DimAz            = "AvailabilityZone"
	DimRegion        = "Region"
	DimRule          = "Rule"
	DimWebACL        = "WebACL"
	DimCanaryName    = "CanaryName"
)

// Documentation pages of the rows below.
const (
	docPrivateLink = "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html"
	docHttpApi     = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html"
	docNlb         = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html"
	docAlb         = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html"
	docWaf         = "https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html"
	docMetricLogs  = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html"
	docSynthetics  = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html"
)

const (
	notePrivateLinkEndpoint = "AWS's page gives no unit. Reported only for a minute in which the endpoint received traffic. Not published for gateway endpoints, nor for consumers that use cross-Region access (an endpoint with ServiceRegion): there the consumer sees the service through its front door's target health only."
	noteHttpApi             = "The HTTP API page gives no units (counts; latencies in milliseconds, as the REST API page documents for the same names). ApiId, Method, Resource, Stage (per route) only with detailed metrics turned on for the stage, billed as custom metrics; the library reads ApiId, Stage, shared by every service of the gateway."
)

func init() {
	endpoint := [][]string{
		{DimEndpointType, DimServiceName, DimVpcEndpointId, DimVpcId},
		{DimEndpointType, DimServiceName, DimSubnetId, DimVpcEndpointId, DimVpcId},
	}
	httpApi := [][]string{{DimApiId}, {DimApiId, DimStage}, {DimApiId, "Method", "Resource", DimStage}}
	targetGroup := [][]string{{DimLoadBalancer, DimTargetGroup}, {DimAz, DimLoadBalancer, DimTargetGroup}}
	albAll := [][]string{{DimLoadBalancer}, {DimAz, DimLoadBalancer}, {DimLoadBalancer, DimTargetGroup}, {DimAz, DimLoadBalancer, DimTargetGroup}}
	register(
		Def{Namespace: PrivateLinkEndpoints, Name: "ActiveConnections", DimensionSets: endpoint, Statistic: "Maximum", Doc: docPrivateLink,
			Note: "Concurrent connections, SYN_SENT and ESTABLISHED; Average, Maximum and Minimum are the useful statistics. " + notePrivateLinkEndpoint},
		Def{Namespace: PrivateLinkEndpoints, Name: "NewConnections", DimensionSets: endpoint, Statistic: "Sum", Doc: docPrivateLink, Note: notePrivateLinkEndpoint},
		Def{Namespace: PrivateLinkEndpoints, Name: "PacketsDropped", DimensionSets: endpoint, Statistic: "Sum", Doc: docPrivateLink,
			Note: "Rising values can mean the endpoint or the endpoint service is unhealthy. " + notePrivateLinkEndpoint},
		Def{Namespace: PrivateLinkEndpoints, Name: "RstPacketsReceived", DimensionSets: endpoint, Statistic: "Sum", Doc: docPrivateLink,
			Note: "Resets the endpoint received from the service; rising values can mean the service is unhealthy. " + notePrivateLinkEndpoint},
		Def{Namespace: PrivateLinkEndpoints, Name: "BytesProcessed", DimensionSets: endpoint, Statistic: "Sum", Doc: docPrivateLink,
			Note: "Both directions; what the endpoint's owner is billed for. " + notePrivateLinkEndpoint},

		Def{Namespace: ApiGateway, Name: "5xx", DimensionSets: httpApi, Statistic: "Sum", Doc: docHttpApi,
			Note: "HTTP APIs name it 5xx (REST APIs 5XXError). Includes 503 and 504 that API Gateway answers when the integration fails or times out (30 s). " + noteHttpApi},
		Def{Namespace: ApiGateway, Name: "4xx", DimensionSets: httpApi, Statistic: "Sum", Doc: docHttpApi,
			Note: "HTTP APIs publish no throttle metric: a request refused by stage throttling is a 429, counted here with every other client error (401, 403, 404); GatewayAccessLogs Http429 counts the 429s alone. " + noteHttpApi},
		Def{Namespace: ApiGateway, Name: "Count", DimensionSets: httpApi, Statistic: "Sum", Doc: docHttpApi, Note: noteHttpApi},
		Def{Namespace: ApiGateway, Name: "Latency", DimensionSets: httpApi, Statistic: "p99", Unit: "Milliseconds", Doc: docHttpApi,
			Note: "From the request's arrival to the response, the integration's time included. " + noteHttpApi},
		Def{Namespace: ApiGateway, Name: "IntegrationLatency", DimensionSets: httpApi, Statistic: "p99", Unit: "Milliseconds", Doc: docHttpApi,
			Note: "The provider's share of Latency: through the VPC link, the gateway's load balancer and the endpoint. " + noteHttpApi},

		Def{Namespace: NetworkELB, Name: "HealthyHostCount", DimensionSets: targetGroup, Statistic: "Minimum", Unit: "Count", Doc: docNlb,
			Note: "Reported when health checks are enabled (always, for the library's target groups); Maximum and Minimum are the useful statistics. On the gateway's target group of a service, the healthy endpoint addresses: 0 is how a consumer sees its provider down."},

		Def{Namespace: ApplicationELB, Name: "HealthyHostCount", DimensionSets: targetGroup, Statistic: "Minimum", Unit: "Count", Doc: docAlb,
			Note: "Reported when health checks are enabled; on the front door's target group of a service, the healthy endpoint addresses."},
		Def{Namespace: ApplicationELB, Name: "HTTPCode_Target_5XX_Count", DimensionSets: albAll, Statistic: "Sum", Unit: "Count", Doc: docAlb,
			Note: "Answers of the provider (through its endpoint); reported only when not zero, so alarms read it with FILL(..., 0). 5xx the load balancer makes itself (no healthy target: 503) are HTTPCode_ELB_5XX_Count, not read."},
		Def{Namespace: ApplicationELB, Name: "RequestCount", DimensionSets: albAll, Statistic: "Sum", Unit: "Count", Doc: docAlb,
			Note: "Requests the target group received a response for, or not; reported only when not zero."},
		Def{Namespace: ApplicationELB, Name: "TargetResponseTime", DimensionSets: albAll, Statistic: "p99", Unit: "Seconds", Doc: docAlb,
			Note: "From the request leaving the load balancer to the target's response headers; Average and percentiles are the useful statistics."},

		Def{Namespace: WAFV2, Name: "BlockedRequests", DimensionSets: [][]string{{DimRegion, DimRule, DimWebACL}}, Statistic: "Sum", Unit: "Count", Doc: docWaf,
			Note: "Rule and WebACL are the metric names of the rule's and the web ACL's VisibilityConfig; Region only for regional web ACLs. On the front door's rate rule (RateLimitPerClientIp), the 429s it answered."},

		Def{Namespace: Synthetics, Name: "SuccessPercent", DimensionSets: [][]string{{DimCanaryName}, {DimCanaryName, "Browser"}}, Statistic: "Average", Unit: "Percent", Doc: docSynthetics,
			Note: "The share of the canary's runs that succeed; one run per schedule period, none while the canary is stopped. The gateway's canary fails a run when any of its paths answers outside 200-399, or not within 10 s. Browser only for multi-browser canaries; the gateway's uses none."},
		Def{Namespace: GatewayAccessLogs, Name: "Http429", DimensionSets: [][]string{{DimApiId}}, Statistic: "Sum", Unit: "Count", Doc: docMetricLogs,
			Note: "Not AWS's: a metric filter on the gateway's access log counts the lines whose status is 429 (stage throttling), with the API's ID from the log line as its dimension; published only when there is one, billed as one custom metric per API."},
	)
}
