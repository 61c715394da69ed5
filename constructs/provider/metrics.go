package provider

import (
	"fmt"

	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/metrics"
)

// Every metric here is made by metrics.New, from the one table of the
// metrics the library reads (constructs/internal/metrics, README
// "Metrics"): namespaces, metric and dimension names as AWS documents them.
// Each is a one-minute metric of the table's statistic; change either with
// Metric.With(&cloudwatch.MetricOptions{...}).

// serviceMetric is one AWS/PrivateLinkServices metric of the whole service.
func (s *EndpointService) serviceMetric(name string) cloudwatch.Metric {
	return metrics.New(metrics.PrivateLinkServices, name, map[string]*string{
		metrics.DimServiceId: s.Service.VpcEndpointServiceId(),
	}, nil)
}

// MetricActiveConnections is the connections from consumers to the
// targets through their endpoints (Maximum). AWS publishes the
// PrivateLinkServices metrics for a minute in which an endpoint sent
// traffic, and none for consumers that use cross-Region access.
func (s *EndpointService) MetricActiveConnections() cloudwatch.Metric {
	return s.serviceMetric("ActiveConnections")
}

// MetricNewConnections is the connections consumers opened through their
// endpoints (Sum).
func (s *EndpointService) MetricNewConnections() cloudwatch.Metric {
	return s.serviceMetric("NewConnections")
}

// MetricBytesProcessed is the bytes exchanged with the endpoints, both
// directions (Sum).
func (s *EndpointService) MetricBytesProcessed() cloudwatch.Metric {
	return s.serviceMetric("BytesProcessed")
}

// MetricRstPacketsSent is the resets the service sent to endpoints, from
// its targets and its load balancer (Sum); rising values can mean
// unhealthy targets.
func (s *EndpointService) MetricRstPacketsSent() cloudwatch.Metric {
	return s.serviceMetric("RstPacketsSent")
}

// MetricEndpointsCount is the endpoints connected to the service
// (Maximum), reported when not zero in a five-minute period. AWS publishes
// no metric of the connections awaiting acceptance: those are told by
// ConnectionEvents (ConnectionNotifications, ConnectionNotificationEmail,
// ConnectionNotificationTopic).
func (s *EndpointService) MetricEndpointsCount() cloudwatch.Metric {
	return s.serviceMetric("EndpointsCount")
}

// MetricConnectionEvents is the messages published to ConnectionEvents
// (Sum): Connect, Accept, Reject and Delete, a Connect being a request that
// waits for acceptance (AcceptanceRequired); on a topic shared with alarms
// (ConnectionNotificationTopic), their notifications count too. AWS
// publishes no metric of pending connections; this is the closest, for a
// dashboard. It panics without ConnectionEvents (ConnectionNotifications).
func (s *EndpointService) MetricConnectionEvents() cloudwatch.Metric {
	if s.ConnectionEvents == nil {
		panic(fmt.Errorf("provider.EndpointService at %s: MetricConnectionEvents needs the connection topic; set ConnectionNotifications or ConnectionNotificationEmail", *s.Node().Path()))
	}
	return metrics.New(metrics.SNS, "NumberOfMessagesPublished", map[string]*string{
		metrics.DimTopicName: s.ConnectionEvents.TopicName(),
	}, nil)
}

// targetMetrics are the metrics of a provider's target group, in every
// provider: FargateProvider, Ec2Provider, IpProvider and AlbProvider.
type targetMetrics struct {
	targetGroup elbv2.NetworkTargetGroup
}

// targetGroupMetric is one AWS/NetworkELB metric of the target group. The
// load balancer's full name is read from the target group's listener, so
// a load balancer of your own (ProviderOptions.LoadBalancer) serves too.
func (m targetMetrics) targetGroupMetric(name string) cloudwatch.Metric {
	return metrics.New(metrics.NetworkELB, name, map[string]*string{
		metrics.DimLoadBalancer: m.targetGroup.FirstLoadBalancerFullName(),
		metrics.DimTargetGroup:  m.targetGroup.TargetGroupFullName(),
	}, nil)
}

// MetricHealthyHostCount is the targets that pass the load balancer's
// health checks (Minimum over the load balancer's nodes): 0 means every
// consumer's connection fails.
func (m targetMetrics) MetricHealthyHostCount() cloudwatch.Metric {
	return m.targetGroupMetric("HealthyHostCount")
}

// MetricUnHealthyHostCount is the targets that fail the load balancer's
// health checks (Maximum over the load balancer's nodes).
func (m targetMetrics) MetricUnHealthyHostCount() cloudwatch.Metric {
	return m.targetGroupMetric("UnHealthyHostCount")
}

// MetricTcpTargetResetCount is the resets the targets sent to clients
// (Sum). AWS publishes it per load balancer, not per target group: on a
// load balancer of your own it counts its other listeners' targets too;
// and only when not zero.
func (m targetMetrics) MetricTcpTargetResetCount() cloudwatch.Metric {
	return metrics.New(metrics.NetworkELB, "TCP_Target_Reset_Count", map[string]*string{
		metrics.DimLoadBalancer: m.targetGroup.FirstLoadBalancerFullName(),
	}, nil)
}

// MetricRunningTaskCount is the service's tasks in the RUNNING state
// (Average), from Container Insights: on with the provider's own cluster;
// a Cluster of yours publishes it only with Container Insights on. AWS/ECS
// publishes no task count.
func (p *FargateProvider) MetricRunningTaskCount() cloudwatch.Metric {
	return metrics.New(metrics.ContainerInsights, "RunningTaskCount", map[string]*string{
		metrics.DimClusterName:    p.Cluster.ClusterName(),
		metrics.DimEcsServiceName: p.Service.ServiceName(),
	}, nil)
}

// MetricGroupInServiceInstances is the group's instances in service
// (Average), neither pending nor terminating. The provider turns on the
// group's collection of this metric, which is free at one-minute
// granularity.
func (p *Ec2Provider) MetricGroupInServiceInstances() cloudwatch.Metric {
	return metrics.New(metrics.AutoScaling, "GroupInServiceInstances", map[string]*string{
		metrics.DimAutoScalingGroupName: p.AutoScalingGroup.AutoScalingGroupName(),
	}, nil)
}
