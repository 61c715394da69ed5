package metrics

import (
	"strings"
	"testing"
)

// These tests are pure Go: nothing here starts jsii (New refuses a metric
// before it makes one).

// TestTable: every row names AWS's documentation, a statistic CloudWatch
// knows, and at least one non-empty set of distinct dimension names.
func TestTable(t *testing.T) {
	rows := Table()
	if len(rows) == 0 {
		t.Fatal("the table is empty")
	}
	stat := map[string]bool{"Sum": true, "Average": true, "Maximum": true, "Minimum": true, "SampleCount": true}
	for _, d := range rows {
		at := d.Namespace + " " + d.Name
		if d.Namespace == "" || d.Name == "" {
			t.Errorf("%q: want a namespace and a name", at)
		}
		if !strings.HasPrefix(d.Doc, "https://docs.aws.amazon.com/") {
			t.Errorf("%s: Doc %q: want a page of https://docs.aws.amazon.com/", at, d.Doc)
		}
		if !stat[d.Statistic] && !(strings.HasPrefix(d.Statistic, "p") && len(d.Statistic) > 1) {
			t.Errorf("%s: Statistic %q: want Sum, Average, Maximum, Minimum, SampleCount or a percentile such as p99", at, d.Statistic)
		}
		if len(d.DimensionSets) == 0 {
			t.Errorf("%s: no dimension sets", at)
		}
		for i, set := range d.DimensionSets {
			if len(set) == 0 {
				t.Errorf("%s: DimensionSets[%d] is empty", at, i)
			}
			seen := map[string]bool{}
			for _, name := range set {
				if name == "" || seen[name] {
					t.Errorf("%s: DimensionSets[%d] %q: empty or repeated name", at, i, set)
				}
				seen[name] = true
			}
		}
		if d.Note == "" {
			t.Errorf("%s: no Note (what AWS does not publish, or when)", at)
		}
		if got, ok := Lookup(d.Namespace, d.Name); !ok || got.Doc != d.Doc {
			t.Errorf("%s: Lookup does not find the row", at)
		}
	}
}

// TestProviderRows pins the rows the provider side reads to AWS's
// spelling: a changed name or dimension fails here, not in an alarm that
// watches nothing.
func TestProviderRows(t *testing.T) {
	for _, tc := range []struct {
		namespace, name string
		dims            []string
	}{
		{"AWS/PrivateLinkServices", "ActiveConnections", []string{"Service Id"}},
		{"AWS/PrivateLinkServices", "NewConnections", []string{"Service Id"}},
		{"AWS/PrivateLinkServices", "BytesProcessed", []string{"Service Id"}},
		{"AWS/PrivateLinkServices", "RstPacketsSent", []string{"Service Id"}},
		{"AWS/PrivateLinkServices", "RstPacketsSent", []string{"Service Id", "Load Balancer Arn", "Az"}},
		{"AWS/PrivateLinkServices", "NewConnections", []string{"VPC Endpoint Id", "Service Id"}},
		{"AWS/PrivateLinkServices", "EndpointsCount", []string{"Service Id"}},
		{"AWS/NetworkELB", "HealthyHostCount", []string{"TargetGroup", "LoadBalancer"}},
		{"AWS/NetworkELB", "UnHealthyHostCount", []string{"LoadBalancer", "TargetGroup"}},
		{"AWS/NetworkELB", "TCP_Target_Reset_Count", []string{"LoadBalancer"}},
		{"ECS/ContainerInsights", "RunningTaskCount", []string{"ServiceName", "ClusterName"}},
		{"AWS/AutoScaling", "GroupInServiceInstances", []string{"AutoScalingGroupName"}},
		{"AWS/SNS", "NumberOfMessagesPublished", []string{"TopicName"}},
	} {
		if err := Allows(tc.namespace, tc.name, tc.dims); err != nil {
			t.Errorf("Allows(%s, %s, %q): %v", tc.namespace, tc.name, tc.dims, err)
		}
	}
}

// TestAllowsRefuses: a misspelled dimension, a set AWS does not publish, a
// missing dimension, an extra one, an unknown metric or namespace are each
// refused with a message that says what AWS publishes and where.
func TestAllowsRefuses(t *testing.T) {
	for _, tc := range []struct {
		name            string
		namespace, metr string
		dims            []string
		want            []string
	}{
		{"CloudWatch-style name without the space", "AWS/PrivateLinkServices", "RstPacketsSent", []string{"ServiceId"}, []string{"[ServiceId]", "[Service Id]", "privatelink-cloudwatch-metrics"}},
		{"lower case", "AWS/PrivateLinkServices", "ActiveConnections", []string{"Service id"}, []string{"AWS publishes it with"}},
		{"EndpointsCount per endpoint", "AWS/PrivateLinkServices", "EndpointsCount", []string{"Service Id", "VPC Endpoint Id"}, []string{"[Service Id] only"}},
		{"target group without its load balancer", "AWS/NetworkELB", "UnHealthyHostCount", []string{"TargetGroup"}, []string{"[LoadBalancer, TargetGroup]"}},
		{"resets per target group, which AWS does not publish", "AWS/NetworkELB", "TCP_Target_Reset_Count", []string{"LoadBalancer", "TargetGroup"}, []string{"[LoadBalancer]"}},
		{"no dimensions", "AWS/AutoScaling", "GroupInServiceInstances", nil, []string{"with dimensions []"}},
		{"an extra dimension", "ECS/ContainerInsights", "RunningTaskCount", []string{"ClusterName", "ServiceName", "TaskDefinitionFamily"}, []string{"[ClusterName, ServiceName]"}},
		{"AWS/ECS has no task count", "AWS/ECS", "RunningTaskCount", []string{"ClusterName", "ServiceName"}, []string{"not in the table"}},
		{"lower-case h", "AWS/NetworkELB", "UnhealthyHostCount", []string{"LoadBalancer", "TargetGroup"}, []string{"not in the table"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Allows(tc.namespace, tc.metr, tc.dims)
			if err == nil {
				t.Fatalf("Allows(%s, %s, %q) accepted it", tc.namespace, tc.metr, tc.dims)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q: want %q in it", err, w)
				}
			}
		})
	}
}

// TestNewRefuses: New panics, before any jsii call, on a dimension the
// table does not hold.
func TestNewRefuses(t *testing.T) {
	defer func() {
		r := recover()
		err, _ := r.(error)
		if err == nil || !strings.Contains(err.Error(), "ServiceId") {
			t.Fatalf("New with dimension ServiceId: recovered %v, want the table's refusal", r)
		}
	}()
	id := "vpce-svc-0123456789abcdef0"
	New(PrivateLinkServices, "RstPacketsSent", map[string]*string{"ServiceId": &id}, nil)
}

// alarm is a CloudWatch alarm resource as a synthesized template holds it.
func alarm(props map[string]any) map[string]any {
	return map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": props}
}

func dims(names ...string) []any {
	var out []any
	for _, n := range names {
		out = append(out, map[string]any{"Name": n, "Value": map[string]any{"Ref": "X"}})
	}
	return out
}

// TestCheckTemplate: a template written by hand, with one alarm of each
// shape (a metric, a math expression over metrics), right and wrong;
// CheckTemplate names exactly the wrong ones and ignores other resources.
func TestCheckTemplate(t *testing.T) {
	tpl := map[string]any{"Resources": map[string]any{
		"Good": alarm(map[string]any{"Namespace": "AWS/NetworkELB", "MetricName": "HealthyHostCount", "Dimensions": dims("LoadBalancer", "TargetGroup")}),
		"WrongDimension": alarm(map[string]any{"Namespace": "AWS/PrivateLinkServices", "MetricName": "RstPacketsSent",
			"Dimensions": dims("ServiceId")}),
		"GoodMath": alarm(map[string]any{"Metrics": []any{
			map[string]any{"Id": "e", "Expression": "FILL(m, 0)"},
			map[string]any{"Id": "m", "MetricStat": map[string]any{"Metric": map[string]any{
				"Namespace": "AWS/NetworkELB", "MetricName": "TCP_Target_Reset_Count", "Dimensions": dims("LoadBalancer")}}},
		}}),
		"WrongMath": alarm(map[string]any{"Metrics": []any{
			map[string]any{"Id": "m", "MetricStat": map[string]any{"Metric": map[string]any{
				"Namespace": "ECS/ContainerInsights", "MetricName": "RunningTaskCount", "Dimensions": dims("ClusterName", "Service")}}},
		}}),
		"NotAnAlarm": map[string]any{"Type": "AWS::SNS::Topic", "Properties": map[string]any{"MetricName": "Nonsense"}},
	}}
	errs := CheckTemplate(tpl)
	if len(errs) != 2 {
		t.Fatalf("CheckTemplate: %d problems %v, want 2 (WrongDimension, WrongMath)", len(errs), errs)
	}
	for i, want := range []string{"alarm WrongDimension: metric AWS/PrivateLinkServices RstPacketsSent with dimensions [ServiceId]", "alarm WrongMath: metric ECS/ContainerInsights RunningTaskCount with dimensions [ClusterName, Service]"} {
		if !strings.HasPrefix(errs[i].Error(), want) {
			t.Errorf("problem %d: %q, want it to start %q", i, errs[i], want)
		}
	}
	if errs := CheckTemplate(map[string]any{}); len(errs) != 0 {
		t.Errorf("an empty template: %v", errs)
	}
}
