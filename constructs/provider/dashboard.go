package provider

import (
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	cwrefs "github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/widgets"
)

// idDashboard is the CloudWatch dashboard in a Dashboard.
const idDashboard = "Dashboard"

// DashboardProvider is a provider a Dashboard shows: *FargateProvider,
// *Ec2Provider, *IpProvider or *AlbProvider.
type DashboardProvider interface {
	constructs.IConstruct
	// dashboardParts are what the dashboard reads of the provider.
	dashboardParts() dashboardParts
}

var (
	_ DashboardProvider = (*FargateProvider)(nil)
	_ DashboardProvider = (*Ec2Provider)(nil)
	_ DashboardProvider = (*IpProvider)(nil)
	_ DashboardProvider = (*AlbProvider)(nil)
)

// dashboardParts are a provider's endpoint service, alarms (nil when
// disabled), target metrics and workload count (nil for IpProvider and
// AlbProvider), with the count's graph title.
type dashboardParts struct {
	service    *EndpointService
	alarms     *ProviderAlarms
	targets    targetMetrics
	count      cloudwatch.Metric
	countTitle string
	countLabel string
}

func (p *FargateProvider) dashboardParts() dashboardParts {
	return dashboardParts{p.EndpointService, p.Alarms, p.targetMetrics, p.MetricRunningTaskCount(), "Running tasks", "running"}
}

func (p *Ec2Provider) dashboardParts() dashboardParts {
	return dashboardParts{p.EndpointService, p.Alarms, p.targetMetrics, p.MetricGroupInServiceInstances(), "In-service instances", "in service"}
}

func (p *IpProvider) dashboardParts() dashboardParts {
	return dashboardParts{service: p.EndpointService, alarms: p.Alarms, targets: p.targetMetrics}
}

func (p *AlbProvider) dashboardParts() dashboardParts {
	return dashboardParts{service: p.EndpointService, alarms: p.Alarms, targets: p.targetMetrics}
}

// DashboardProps configure a Dashboard.
type DashboardProps struct {
	// DashboardName, unique in the account and region.
	// Default: a name CloudFormation makes.
	DashboardName *string
	// Providers to show, in this order.
	// Default: none; add them with AddProvider.
	Providers []DashboardProvider
}

// Dashboard is one CloudWatch dashboard of the account's providers: for
// each, its alarms; its endpoint service's endpoints, active and new
// connections (and connection events, with a connection topic); its
// healthy and unhealthy targets, target resets and running tasks or
// in-service instances; and the command that lists the connections
// awaiting acceptance, of which AWS publishes no metric. Every graph is
// made of the providers' Metric* methods, the ones the alarms read among
// them. A dashboard costs $3 a month beyond the account's first three.
type Dashboard struct {
	constructs.Construct
	// Dashboard is the CloudWatch dashboard.
	Dashboard cloudwatch.Dashboard
}

// NewDashboard creates the dashboard with the providers of props.
func NewDashboard(scope constructs.Construct, id *string, props *DashboardProps) *Dashboard {
	if props == nil {
		props = &DashboardProps{}
	}
	d := &Dashboard{Construct: constructs.NewConstruct(scope, id)}
	d.Dashboard = widgets.Dashboard(d.Construct, idDashboard, props.DashboardName)
	for _, p := range props.Providers {
		d.AddProvider(p)
	}
	return d
}

// AddProvider adds the rows of a provider.
func (d *Dashboard) AddProvider(p DashboardProvider) {
	parts := p.dashboardParts()
	es := parts.service
	d.Dashboard.AddWidgets(widgets.Text("## Provider "+*p.Node().Path()+" (endpoint service)", 1))
	if a := parts.alarms; a != nil {
		refs := []cwrefs.IAlarmRef{a.NoHealthyTargets, a.TargetResets}
		if a.TooFew != nil {
			refs = append(refs, a.TooFew)
		}
		d.Dashboard.AddWidgets(cloudwatch.NewAlarmStatusWidget(&cloudwatch.AlarmStatusWidgetProps{
			Alarms: &refs, Title: jsii.String("Alarms"), Width: jsii.Number(24),
		}))
	}
	consumers := []cloudwatch.IWidget{
		widgets.Graph("Endpoints and active connections", widgets.Labelled(es.MetricEndpointsCount(), "endpoints"), widgets.Labelled(es.MetricActiveConnections(), "active connections")),
		widgets.Graph("New connections", widgets.Labelled(es.MetricNewConnections(), "new connections")),
	}
	if es.ConnectionEvents != nil {
		consumers = append(consumers, widgets.Graph("Connection events (connect, accept, reject, delete)", widgets.Labelled(es.MetricConnectionEvents(), "events")))
	}
	d.Dashboard.AddWidgets(consumers...)
	targets := []cloudwatch.IWidget{
		widgets.Graph("Healthy and unhealthy targets", widgets.Labelled(parts.targets.MetricHealthyHostCount(), "healthy"), widgets.Labelled(parts.targets.MetricUnHealthyHostCount(), "unhealthy")),
		widgets.Graph("Target resets", widgets.Labelled(parts.targets.MetricTcpTargetResetCount(), "target resets")),
	}
	if parts.count != nil {
		targets = append(targets, widgets.Graph(parts.countTitle, widgets.Labelled(parts.count, parts.countLabel)))
	}
	d.Dashboard.AddWidgets(targets...)
	// The service ID is a token here; the dashboard body resolves it.
	d.Dashboard.AddWidgets(widgets.Text("Connections awaiting acceptance (AWS publishes no metric of them):\n\n"+
		"`aws ec2 describe-vpc-endpoint-connections --filters Name=service-id,Values="+*es.Service.VpcEndpointServiceId()+
		" Name=vpc-endpoint-state,Values=pendingAcceptance`", 2))
}
