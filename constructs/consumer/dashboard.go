package consumer

import (
	"sort"

	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	cwrefs "github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
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
	d.Dashboard = cloudwatch.NewDashboard(d.Construct, jsii.String(idDashboard), &cloudwatch.DashboardProps{
		DashboardName:  props.DashboardName,
		PeriodOverride: cloudwatch.PeriodOverride_AUTO,
	})
	for _, g := range props.Gateways {
		d.AddGateway(g)
	}
	for _, f := range props.FrontDoors {
		d.AddFrontDoor(f)
	}
	return d
}

// graph is a graph widget of a third of the dashboard's width.
func graph(title string, left ...cloudwatch.IMetric) cloudwatch.GraphWidget {
	return cloudwatch.NewGraphWidget(&cloudwatch.GraphWidgetProps{Title: jsii.String(title), Left: &left, Width: jsii.Number(8), Height: jsii.Number(6)})
}

// labelled is m with the label of its line.
func labelled(m cloudwatch.Metric, label string) cloudwatch.IMetric {
	return m.With(&cloudwatch.MetricOptions{Label: jsii.String(label)})
}

// serviceRows are the per-service graphs, one line per service, in id
// order.
func serviceRows(ids []string, service func(string) ServiceMetrics) []cloudwatch.IWidget {
	var healthy, dropped, active, resets []cloudwatch.IMetric
	for _, id := range ids {
		s := service(id)
		healthy = append(healthy, labelled(s.MetricHealthyTargets(), id))
		if e, ok := s.ServiceEndpoint().(*ServiceEndpoint); ok && e.PublishesMetrics() {
			dropped = append(dropped, labelled(e.MetricPacketsDropped(), id))
			active = append(active, labelled(e.MetricActiveConnections(), id))
			resets = append(resets, labelled(e.MetricRstPacketsReceived(), id))
		}
	}
	widgets := []cloudwatch.IWidget{graph("Healthy endpoint addresses, by service", healthy...)}
	if len(dropped) > 0 {
		widgets = append(widgets,
			graph("Endpoint packets dropped, by service", dropped...),
			graph("Endpoint active connections, by service", active...),
			graph("Endpoint resets received, by service", resets...))
	}
	return widgets
}

// header is a text widget naming what the rows below show.
func header(text string) cloudwatch.IWidget {
	return cloudwatch.NewTextWidget(&cloudwatch.TextWidgetProps{Markdown: jsii.String("## " + text), Width: jsii.Number(24), Height: jsii.Number(1)})
}

// alarmStatus shows alarms, when there are some.
func alarmStatus(alarms []cloudwatch.IAlarm) []cloudwatch.IWidget {
	if len(alarms) == 0 {
		return nil
	}
	refs := make([]cwrefs.IAlarmRef, len(alarms))
	for i, a := range alarms {
		refs[i] = a
	}
	return []cloudwatch.IWidget{cloudwatch.NewAlarmStatusWidget(&cloudwatch.AlarmStatusWidgetProps{
		Alarms: &refs, Title: jsii.String("Alarms"), Width: jsii.Number(24),
	})}
}

// AddGateway adds the rows of a gateway and the services it has now.
func (d *Dashboard) AddGateway(g *Gateway) {
	ids := make([]string, 0, len(g.Services))
	var alarms []cloudwatch.IAlarm
	for _, a := range g.Alarms {
		alarms = append(alarms, a)
	}
	for id, s := range g.Services {
		ids = append(ids, id)
		for _, a := range s.Alarms {
			alarms = append(alarms, a)
		}
	}
	sort.Strings(ids)
	d.Dashboard.AddWidgets(header("Gateway " + *g.Node().Path() + " (HTTP API)"))
	d.Dashboard.AddWidgets(alarmStatus(alarms)...)
	d.Dashboard.AddWidgets(
		graph("Requests and 5xx", labelled(g.MetricRequests(), "requests"), labelled(g.MetricServerErrors(), "5xx")),
		graph("p99 latency (ms)", labelled(g.MetricLatency(), "latency"), labelled(g.MetricIntegrationLatency(), "integration latency")),
		graph("Throttled (429)", labelled(g.MetricThrottled(), "429")),
	)
	d.Dashboard.AddWidgets(serviceRows(ids, func(id string) ServiceMetrics { return g.Services[id] })...)
}

// AddFrontDoor adds the rows of a front door and the services it has now.
func (d *Dashboard) AddFrontDoor(f *AlbFrontDoor) {
	ids := append([]string(nil), f.order...)
	sort.Strings(ids)
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
		requests = append(requests, labelled(s.MetricRequests(), id))
		errors = append(errors, labelled(s.MetricServerErrors(), id))
		latency = append(latency, labelled(s.MetricLatency(), id))
	}
	d.Dashboard.AddWidgets(header("Front door " + *f.Node().Path() + " (ALB)"))
	d.Dashboard.AddWidgets(alarmStatus(alarms)...)
	d.Dashboard.AddWidgets(
		graph("Requests, by service", requests...),
		graph("5xx, by service", errors...),
		graph("p99 response time (s), by service", latency...),
	)
	d.Dashboard.AddWidgets(graph("Throttled (429, rate rule)", labelled(f.MetricThrottled(), "429")))
	d.Dashboard.AddWidgets(serviceRows(ids, func(id string) ServiceMetrics { return f.Services[id] })...)
}
