// Package widgets holds the few CloudWatch dashboard pieces the provider's
// and the consumer's dashboards share, so both look and size alike.
package widgets

import (
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	cwrefs "github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Dashboard is the dashboard id in scope, named name (nil: named by
// CloudFormation), its period following the time range shown.
func Dashboard(scope constructs.Construct, id string, name *string) cloudwatch.Dashboard {
	return cloudwatch.NewDashboard(scope, jsii.String(id), &cloudwatch.DashboardProps{
		DashboardName:  name,
		PeriodOverride: cloudwatch.PeriodOverride_AUTO,
	})
}

// Graph is a graph widget of a third of the dashboard's width.
func Graph(title string, left ...cloudwatch.IMetric) cloudwatch.GraphWidget {
	return cloudwatch.NewGraphWidget(&cloudwatch.GraphWidgetProps{Title: jsii.String(title), Left: &left, Width: jsii.Number(8), Height: jsii.Number(6)})
}

// Labelled is m with the label of its line.
func Labelled(m cloudwatch.Metric, label string) cloudwatch.IMetric {
	return m.With(&cloudwatch.MetricOptions{Label: jsii.String(label)})
}

// Text is a full-width text widget of markdown, height units high.
func Text(markdown string, height float64) cloudwatch.IWidget {
	return cloudwatch.NewTextWidget(&cloudwatch.TextWidgetProps{Markdown: jsii.String(markdown), Width: jsii.Number(24), Height: jsii.Number(height)})
}

// AlarmStatus shows alarms, full width, when there are some.
func AlarmStatus(alarms []cloudwatch.IAlarm) []cloudwatch.IWidget {
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
