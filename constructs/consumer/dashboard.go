package consumer

import (
	"maps"
	"slices"

	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/widgets"
)

// idDashboard is the CloudWatch dashboard in a Dashboard.
const idDashboard = "Dashboard"

// DashboardProps configure a Dashboard.
type DashboardProps struct {
	// DashboardName, unique in the account and region.
	// Default: a name CloudFormation makes.
	DashboardName *string
	// Gateways and FrontDoors to show, each with the services it has when
	// it is added: create the dashboard, or add them, after AddService.
	// Default: none; add them with AddGateway and AddFrontDoor.
	Gateways   []*Gateway
	FrontDoors []*AlbFrontDoor
}

// Dashboard is one CloudWatch dashboard of the account's front doors: for
// each, its alarms, its requests, 5xx, p99 latency and 429s, and per
// service (one line each) the healthy endpoint addresses and the endpoint's
// packets dropped, active connections and resets received. Every graph is
// made of the same metric methods the alarms use. A dashboard costs $3 a
// month beyond the account's first three.
type Dashboard struct {
	constructs.Construct
	// Dashboard is the CloudWatch dashboard.
	Dashboard cloudwatch.Dashboard
}

// NewDashboard creates the dashboard with the front doors of props.
func NewDashboard(scope constructs.Construct, id *string, props *DashboardProps) *Dashboard {
	if props == nil {
		props = &DashboardProps{}
	}
	d := &Dashboard{Construct: constructs.NewConstruct(scope, id)}
	d.Dashboard = widgets.Dashboard(d.Construct, idDashboard, props.DashboardName)
	for _, g := range props.Gateways {
		d.AddGateway(g)
	}
	for _, f := range props.FrontDoors {
		d.AddFrontDoor(f)
	}
	return d
}

// serviceRows are the per-service graphs, one line per service, in id
// order.
func serviceRows(ids []string, service func(string) ServiceMetrics) []cloudwatch.IWidget {
	var healthy, dropped, active, resets []cloudwatch.IMetric
	for _, id := range ids {
		s := service(id)
		healthy = append(healthy, widgets.Labelled(s.MetricHealthyTargets(), id))
		if e, ok := s.ServiceEndpoint().(*ServiceEndpoint); ok && e.PublishesMetrics() {
			dropped = append(dropped, widgets.Labelled(e.MetricPacketsDropped(), id))
			active = append(active, widgets.Labelled(e.MetricActiveConnections(), id))
			resets = append(resets, widgets.Labelled(e.MetricRstPacketsReceived(), id))
		}
	}
	rows := []cloudwatch.IWidget{widgets.Graph("Healthy endpoint addresses, by service", healthy...)}
	if len(dropped) > 0 {
		rows = append(rows,
			widgets.Graph("Endpoint packets dropped, by service", dropped...),
			widgets.Graph("Endpoint active connections, by service", active...),
			widgets.Graph("Endpoint resets received, by service", resets...))
	}
	return rows
}

// AddGateway adds the rows of a gateway and the services it has now.
func (d *Dashboard) AddGateway(g *Gateway) {
	var alarms []cloudwatch.IAlarm
	for _, a := range g.Alarms {
		alarms = append(alarms, a)
	}
	// In id order: the body must not change between two synths of the
	// same app, or every deploy updates the dashboard.
	ids := slices.Sorted(maps.Keys(g.Services))
	for _, id := range ids {
		for _, a := range g.Services[id].Alarms {
			alarms = append(alarms, a)
		}
	}
	d.Dashboard.AddWidgets(widgets.Text("## Gateway "+*g.Node().Path()+" (HTTP API)", 1))
	d.Dashboard.AddWidgets(widgets.AlarmStatus(alarms)...)
	d.Dashboard.AddWidgets(
		widgets.Graph("Requests and 5xx", widgets.Labelled(g.MetricRequests(), "requests"), widgets.Labelled(g.MetricServerErrors(), "5xx")),
		widgets.Graph("p99 latency (ms)", widgets.Labelled(g.MetricLatency(), "latency"), widgets.Labelled(g.MetricIntegrationLatency(), "integration latency")),
		widgets.Graph("Throttled (429)", widgets.Labelled(g.MetricThrottled(), "429")),
	)
	if g.Canary != nil {
		d.Dashboard.AddWidgets(widgets.Graph("Canary runs that passed (%)", widgets.Labelled(g.MetricCanarySuccess(), "canary")))
	}
	d.Dashboard.AddWidgets(serviceRows(ids, func(id string) ServiceMetrics { return g.Services[id] })...)
}

// AddFrontDoor adds the rows of a front door and the services it has now.
func (d *Dashboard) AddFrontDoor(f *AlbFrontDoor) {
	ids := slices.Sorted(slices.Values(f.order))
	var alarms []cloudwatch.IAlarm
	for _, a := range f.Alarms {
		alarms = append(alarms, a)
	}
	var requests, errors, latency []cloudwatch.IMetric
	for _, id := range ids {
		s := f.Services[id]
		for _, a := range s.Alarms {
			alarms = append(alarms, a)
		}
		requests = append(requests, widgets.Labelled(s.MetricRequests(), id))
		errors = append(errors, widgets.Labelled(s.MetricServerErrors(), id))
		latency = append(latency, widgets.Labelled(s.MetricLatency(), id))
	}
	d.Dashboard.AddWidgets(widgets.Text("## Front door "+*f.Node().Path()+" (ALB)", 1))
	d.Dashboard.AddWidgets(widgets.AlarmStatus(alarms)...)
	d.Dashboard.AddWidgets(
		widgets.Graph("Requests, by service", requests...),
		widgets.Graph("5xx, by service", errors...),
		widgets.Graph("p99 response time (s), by service", latency...),
	)
	d.Dashboard.AddWidgets(widgets.Graph("Throttled (429, rate rule)", widgets.Labelled(f.MetricThrottled(), "429")))
	d.Dashboard.AddWidgets(serviceRows(ids, func(id string) ServiceMetrics { return f.Services[id] })...)
}
