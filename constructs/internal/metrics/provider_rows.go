package metrics

// Rows the provider side reads: its endpoint service, its network load
// balancer's target group, and its workload (ECS tasks, Auto Scaling
// instances). AWS/NetworkELB HealthyHostCount, which both sides read, is a
// row of consumer_rows.go, as are the NetworkELB, DimLoadBalancer,
// DimTargetGroup and DimAz names used here.

// Namespaces of the provider side.
const (
	PrivateLinkServices = "AWS/PrivateLinkServices"
	ContainerInsights   = "ECS/ContainerInsights"
	AutoScaling         = "AWS/AutoScaling"
	SNS                 = "AWS/SNS"
)

// Dimension names of the provider side, as AWS spells them (those of
// AWS/PrivateLinkServices have spaces).
const (
	DimServiceId            = "Service Id"
	DimLoadBalancerArn      = "Load Balancer Arn"
	DimServiceAz            = "Az"
	DimClusterName          = "ClusterName"
	DimEcsServiceName       = "ServiceName"
	DimAutoScalingGroupName = "AutoScalingGroupName"
	DimTopicName            = "TopicName"
)

// Documentation pages of the rows below.
const (
	docPrivateLinkServices = "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html#endpoint-service-metrics-dimensions"
	docNlbMetrics          = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html"
	docContainerInsights   = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html"
	docAutoScalingGroup    = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html#as-group-metrics"
	docSns                 = "https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html"
)

const (
	notePrivateLinkService = "Reported for a minute in which an endpoint connected to the service sent traffic. Not published for consumers that use cross-Region access, so a service with AllowedRegions sees only its same-region consumers here. AWS's page gives no unit."
	noteNlbTargets         = "Only when not zero; a minute without resets has no data point."
)

func init() {
	// Every AWS/PrivateLinkServices metric but EndpointsCount.
	service := [][]string{
		{DimServiceId},
		{DimServiceAz, DimServiceId},
		{DimLoadBalancerArn, DimServiceId},
		{DimServiceAz, DimLoadBalancerArn, DimServiceId},
		{DimServiceId, DimVpcEndpointId},
	}
	register(
		Def{Namespace: PrivateLinkServices, Name: "ActiveConnections", DimensionSets: service, Statistic: "Maximum", Doc: docPrivateLinkServices,
			Note: "Active connections from clients to targets through the endpoints; Average and Maximum are the useful statistics. Rising values can mean the load balancer needs more targets. " + notePrivateLinkService},
		Def{Namespace: PrivateLinkServices, Name: "NewConnections", DimensionSets: service, Statistic: "Sum", Doc: docPrivateLinkServices,
			Note: "Connections established from clients to targets through the endpoints; Average, Sum and Maximum are the useful statistics. " + notePrivateLinkService},
		Def{Namespace: PrivateLinkServices, Name: "BytesProcessed", DimensionSets: service, Statistic: "Sum", Doc: docPrivateLinkServices,
			Note: "Bytes exchanged with the endpoints, both directions. " + notePrivateLinkService},
		Def{Namespace: PrivateLinkServices, Name: "RstPacketsSent", DimensionSets: service, Statistic: "Sum", Doc: docPrivateLinkServices,
			Note: "Resets the service sent to endpoints, its targets' and the load balancer's; rising values can mean unhealthy targets. " + notePrivateLinkService},
		Def{Namespace: PrivateLinkServices, Name: "EndpointsCount", DimensionSets: [][]string{{DimServiceId}}, Statistic: "Maximum", Doc: docPrivateLinkServices,
			Note: "Endpoints connected to the service, reported when not zero in a five-minute period; Average and Maximum are the useful statistics. " +
				"AWS publishes no metric of connection requests awaiting acceptance (pendingAcceptance): the connection topic's events (EndpointServiceOptions.ConnectionNotifications) and describe-vpc-endpoint-connections tell of those. AWS's page gives no unit."},

		Def{Namespace: NetworkELB, Name: "UnHealthyHostCount", DimensionSets: [][]string{{DimLoadBalancer, DimTargetGroup}, {DimAz, DimLoadBalancer, DimTargetGroup}}, Statistic: "Maximum", Unit: "Count", Doc: docNlbMetrics,
			Note: "Capital H in Healthy, as AWS spells it. Reported when health checks are enabled (always, for the library's target groups); Maximum and Minimum are the useful statistics, each over the load balancer's nodes."},
		Def{Namespace: NetworkELB, Name: "TCP_Target_Reset_Count", DimensionSets: [][]string{{DimLoadBalancer}, {DimAz, DimLoadBalancer}}, Statistic: "Sum", Unit: "Count", Doc: docNlbMetrics,
			Note: "Resets sent by targets to clients, forwarded by the load balancer; Sum is the useful statistic. Per load balancer, not per target group: on a load balancer of your own (ProviderOptions.LoadBalancer) it counts the targets of its other listeners too. " + noteNlbTargets},

		Def{Namespace: ContainerInsights, Name: "RunningTaskCount", DimensionSets: [][]string{{DimClusterName, DimEcsServiceName}}, Statistic: "Average", Unit: "Count", Doc: docContainerInsights,
			Note: "Tasks of the service in the RUNNING state. Published only with Container Insights on for the cluster (the FargateProvider's own cluster has it; a Cluster of yours may not), billed as custom metrics. AWS/ECS publishes no task count (its service metrics are CPUUtilization and MemoryUtilization)."},

		Def{Namespace: AutoScaling, Name: "GroupInServiceInstances", DimensionSets: [][]string{{DimAutoScalingGroupName}}, Statistic: "Average", Unit: "Count", Doc: docAutoScalingGroup,
			Note: "Instances in service, neither pending nor terminating. Reported only when the group's metrics collection is on (Ec2Provider turns it on for this metric); free at one-minute granularity. Sent every minute on a best-effort basis: a gap during a CloudWatch disruption is not backfilled."},

		Def{Namespace: SNS, Name: "NumberOfMessagesPublished", DimensionSets: [][]string{{DimTopicName}}, Statistic: "Sum", Unit: "Count", Doc: docSns,
			Note: "On an endpoint service's connection topic, its connection events (Connect, Accept, Reject, Delete), the closest AWS comes to a metric of connection requests: AWS publishes none of the connections awaiting acceptance. Reported only when not zero."},
	)
}
