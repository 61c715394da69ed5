package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/alarmtopic"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/metrics"
)

// resource is the template's resource of construct c (a construct whose
// default child is a CloudFormation resource).
func resource(t *testing.T, stack awscdk.Stack, tpl map[string]any, c constructs.IConstruct) map[string]any {
	t.Helper()
	var el awscdk.CfnElement
	jsii.UnsafeCast(c.Node().DefaultChild(), &el)
	id := *stack.GetLogicalId(el)
	res, _ := tpl["Resources"].(map[string]any)
	r, ok := res[id].(map[string]any)
	if !ok {
		t.Fatalf("no resource %s (%s) in the template", id, *c.Node().Path())
	}
	return r
}

// wantAlarm checks an alarm's properties: each key of want equals the
// template's value (compared as JSON-ish values), and its dimension names.
func wantAlarm(t *testing.T, name string, r map[string]any, want map[string]any, dims ...string) {
	t.Helper()
	props, _ := r["Properties"].(map[string]any)
	for k, v := range want {
		if got := props[k]; !equal(got, v) {
			t.Errorf("%s: %s = %v, want %v", name, k, got, v)
		}
	}
	var got []string
	list, _ := props["Dimensions"].([]any)
	for _, d := range list {
		got = append(got, d.(map[string]any)["Name"].(string))
	}
	if strings.Join(got, ",") != strings.Join(dims, ",") {
		t.Errorf("%s: dimensions %q, want %q", name, got, dims)
	}
}

func equal(a, b any) bool {
	switch bv := b.(type) {
	case int:
		af, ok := a.(float64)
		return ok && af == float64(bv)
	case []any:
		al, ok := a.([]any)
		if !ok || len(al) != len(bv) {
			return false
		}
		for i := range bv {
			if !equal(al[i], bv[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		am, ok := a.(map[string]any)
		if !ok || len(am) != len(bv) {
			return false
		}
		for k := range bv {
			if !equal(am[k], bv[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}

// ref is {"Ref": logical ID of c's default child}.
func ref(stack awscdk.Stack, c constructs.IConstruct) map[string]any {
	var el awscdk.CfnElement
	jsii.UnsafeCast(c.Node().DefaultChild(), &el)
	return map[string]any{"Ref": *stack.GetLogicalId(el)}
}

// TestProviderAlarmDefaults: both providers with a workload, in one stack
// (one synth): each alarm's metric, statistic, threshold, window, missing
// data and actions; the stack's one alarm topic; the group metric turned
// on; every alarm's metric and dimensions as the table holds them.
func TestProviderAlarmDefaults(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack)
	dogs := NewFargateProvider(stack, jsii.String("Dogs"), fargateProps(vpc))
	cats := NewEc2Provider(stack, jsii.String("Cats"), ec2Props(vpc))
	tpl := template(t, stack)
	raw := *tpl.ToJSON()

	if dogs.Alarms == nil || cats.Alarms == nil || dogs.Alarms.TooFew == nil || cats.Alarms.TooFew == nil {
		t.Fatal("alarms are on by default, with a TooFew alarm for tasks and instances")
	}
	topic := alarmtopic.For(stack)
	if *dogs.Alarms.Topic.Node().Path() != *topic.Node().Path() || *cats.Alarms.Topic.Node().Path() != *topic.Node().Path() {
		t.Errorf("alarm topics %s, %s: want the stack's, %s", *dogs.Alarms.Topic.Node().Path(), *cats.Alarms.Topic.Node().Path(), *topic.Node().Path())
	}
	actions := []any{ref(stack, topic)}
	tpl.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(6))
	tpl.ResourceCountIs(jsii.String("AWS::SNS::Topic"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::SNS::Topic"), obj{"KmsMasterKeyId": assertions.Match_AnyValue()})

	for _, p := range []struct {
		name   string
		alarms *ProviderAlarms
	}{{"Dogs", dogs.Alarms}, {"Cats", cats.Alarms}} {
		wantAlarm(t, p.name+" NoHealthyTargets", resource(t, stack, raw, p.alarms.NoHealthyTargets), map[string]any{
			"Namespace": "AWS/NetworkELB", "MetricName": "HealthyHostCount", "Statistic": "Minimum", "Period": 60,
			"Threshold": 1, "ComparisonOperator": "LessThanThreshold", "EvaluationPeriods": 2, "DatapointsToAlarm": 2,
			"TreatMissingData": "breaching", "AlarmActions": actions, "OKActions": actions,
		}, "LoadBalancer", "TargetGroup")
		wantAlarm(t, p.name+" TargetResets", resource(t, stack, raw, p.alarms.TargetResets), map[string]any{
			"Namespace": "AWS/NetworkELB", "MetricName": "TCP_Target_Reset_Count", "Statistic": "Sum", "Period": 60,
			"Threshold": 10, "ComparisonOperator": "GreaterThanThreshold", "EvaluationPeriods": 5, "DatapointsToAlarm": 5,
			"TreatMissingData": "notBreaching", "AlarmActions": actions, "OKActions": actions,
		}, "LoadBalancer")
	}
	wantAlarm(t, "Dogs TooFewTasks", resource(t, stack, raw, dogs.Alarms.TooFew), map[string]any{
		"Namespace": "ECS/ContainerInsights", "MetricName": "RunningTaskCount", "Statistic": "Average", "Period": 60,
		"Threshold": 2, "ComparisonOperator": "LessThanThreshold", "EvaluationPeriods": 5, "DatapointsToAlarm": 5,
		"TreatMissingData": "breaching", "AlarmActions": actions, "OKActions": actions,
	}, "ClusterName", "ServiceName")
	wantAlarm(t, "Cats TooFewInstances", resource(t, stack, raw, cats.Alarms.TooFew), map[string]any{
		"Namespace": "AWS/AutoScaling", "MetricName": "GroupInServiceInstances", "Statistic": "Average", "Period": 60,
		"Threshold": 2, "ComparisonOperator": "LessThanThreshold", "EvaluationPeriods": 10, "DatapointsToAlarm": 10,
		"TreatMissingData": "breaching", "AlarmActions": actions, "OKActions": actions,
	}, "AutoScalingGroupName")

	// The dimensions' values are the provider's own resources.
	dims := func(a cloudwatch.Alarm) map[string]any {
		out := map[string]any{}
		props := resource(t, stack, raw, a)["Properties"].(map[string]any)
		for _, d := range props["Dimensions"].([]any) {
			out[d.(map[string]any)["Name"].(string)] = d.(map[string]any)["Value"]
		}
		return out
	}
	if got := dims(dogs.Alarms.NoHealthyTargets)["TargetGroup"]; !equal(got, map[string]any{"Fn::GetAtt": []any{ref(stack, dogs.TargetGroup)["Ref"], "TargetGroupFullName"}}) {
		t.Errorf("Dogs NoHealthyTargets TargetGroup = %v, want the target group's TargetGroupFullName", got)
	}
	if got := dims(dogs.Alarms.TooFew); !equal(got["ServiceName"], map[string]any{"Fn::GetAtt": []any{ref(stack, dogs.Service)["Ref"], "Name"}}) || !equal(got["ClusterName"], ref(stack, dogs.Cluster)) {
		t.Errorf("Dogs TooFewTasks dimensions %v, want the service's Name and the cluster's Ref", got)
	}
	if got := dims(cats.Alarms.TooFew)["AutoScalingGroupName"]; !equal(got, ref(stack, cats.AutoScalingGroup)) {
		t.Errorf("Cats TooFewInstances AutoScalingGroupName = %v, want the group's Ref", got)
	}

	// Created after the workload, whose targets its window reads (TooFew
	// names the workload, which orders it already).
	for _, p := range []struct {
		name   string
		alarm  cloudwatch.Alarm
		worker constructs.IConstruct
	}{{"Dogs", dogs.Alarms.NoHealthyTargets, dogs.Service}, {"Cats", cats.Alarms.NoHealthyTargets, cats.AutoScalingGroup}} {
		deps, _ := resource(t, stack, raw, p.alarm)["DependsOn"].([]any)
		want := ref(stack, p.worker)["Ref"]
		found := false
		for _, d := range deps {
			found = found || d == want
		}
		if !found {
			t.Errorf("%s: alarm DependsOn %v, want %v in it", p.name, deps, want)
		}
	}

	tpl.HasResourceProperties(jsii.String("AWS::AutoScaling::AutoScalingGroup"), obj{
		"MetricsCollection": []any{obj{"Granularity": "1Minute", "Metrics": []any{"GroupInServiceInstances"}}},
	})
	for _, err := range metrics.CheckTemplate(raw) {
		t.Error(err)
	}
}

// TestProviderMetrics: the metric methods name the provider's resources
// with AWS's dimension names (a metric none of the alarms reads is checked
// here).
func TestProviderMetrics(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack)
	dogs := NewFargateProvider(stack, jsii.String("Dogs"), fargateProps(vpc))
	es := dogs.EndpointService
	serviceId := stack.Resolve(es.Service.VpcEndpointServiceId())
	for _, tc := range []struct {
		metric     cloudwatch.Metric
		namespace  string
		name, stat string
		dims       map[string]any
	}{
		{es.MetricActiveConnections(), "AWS/PrivateLinkServices", "ActiveConnections", "Maximum", map[string]any{"Service Id": serviceId}},
		{es.MetricNewConnections(), "AWS/PrivateLinkServices", "NewConnections", "Sum", map[string]any{"Service Id": serviceId}},
		{es.MetricBytesProcessed(), "AWS/PrivateLinkServices", "BytesProcessed", "Sum", map[string]any{"Service Id": serviceId}},
		{es.MetricRstPacketsSent(), "AWS/PrivateLinkServices", "RstPacketsSent", "Sum", map[string]any{"Service Id": serviceId}},
		{es.MetricEndpointsCount(), "AWS/PrivateLinkServices", "EndpointsCount", "Maximum", map[string]any{"Service Id": serviceId}},
		{dogs.MetricUnHealthyHostCount(), "AWS/NetworkELB", "UnHealthyHostCount", "Maximum", map[string]any{
			"LoadBalancer": stack.Resolve(dogs.TargetGroup.FirstLoadBalancerFullName()),
			"TargetGroup":  stack.Resolve(dogs.TargetGroup.TargetGroupFullName()),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if *tc.metric.Namespace() != tc.namespace || *tc.metric.MetricName() != tc.name || *tc.metric.Statistic() != tc.stat {
				t.Errorf("%s %s %s, want %s %s %s", *tc.metric.Namespace(), *tc.metric.MetricName(), *tc.metric.Statistic(), tc.namespace, tc.name, tc.stat)
			}
			if got := stack.Resolve(tc.metric.Dimensions()); !equal(got, tc.dims) {
				t.Errorf("dimensions %v, want %v", got, tc.dims)
			}
			if got := *tc.metric.Period().ToSeconds(nil); got != 60 {
				t.Errorf("period %vs, want 60", got)
			}
		})
	}
}

// TestProviderAlarmOptions: the named opt-out, a topic of one's own and
// every threshold, in one stack; the connection topic's email.
func TestProviderAlarmOptions(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack)
	mine := sns.NewTopic(stack, jsii.String("Mine"), nil)

	tuned := fargateProps(vpc)
	tuned.DesiredCount = jsii.Number(3)
	tuned.Alarms = &AlarmOptions{Topic: mine, MinHealthyTargets: jsii.Number(2), TargetResetsPerMinute: jsii.Number(50), MinCapacity: jsii.Number(1)}
	tuned.EndpointService.ConnectionNotificationEmail = jsii.String("ops@example.com")
	dogs := NewFargateProvider(stack, jsii.String("Dogs"), tuned)

	off := ec2Props(vpc)
	off.Alarms = &AlarmOptions{Disabled: jsii.Bool(true)}
	cats := NewEc2Provider(stack, jsii.String("Cats"), off)

	ips := NewIpProvider(stack, jsii.String("Ips"), &IpProviderProps{ProviderOptions: ProviderOptions{
		Vpc: vpc, EndpointService: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
	}, Addresses: []string{"10.0.0.10"}})

	tpl := template(t, stack)
	raw := *tpl.ToJSON()

	if cats.Alarms != nil {
		t.Error("Alarms.Disabled: want no ProviderAlarms")
	}
	if cats.Node().TryFindChild(jsii.String(idAlarms)) != nil {
		t.Error("Alarms.Disabled: want no alarm under the provider")
	}
	if ips.Alarms == nil || ips.Alarms.TooFew != nil {
		t.Fatal("IpProvider: want its two alarms and no TooFew")
	}
	// Dogs: 3, Ips: 2, Cats: none.
	tpl.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(5))

	actions := []any{ref(stack, mine)}
	wantAlarm(t, "NoHealthyTargets", resource(t, stack, raw, dogs.Alarms.NoHealthyTargets),
		map[string]any{"Threshold": 2, "AlarmActions": actions, "OKActions": actions}, "LoadBalancer", "TargetGroup")
	wantAlarm(t, "TargetResets", resource(t, stack, raw, dogs.Alarms.TargetResets),
		map[string]any{"Threshold": 50, "AlarmActions": actions}, "LoadBalancer")
	wantAlarm(t, "TooFewTasks", resource(t, stack, raw, dogs.Alarms.TooFew),
		map[string]any{"Threshold": 1, "AlarmActions": actions}, "ClusterName", "ServiceName")
	// A topic is given to Dogs; Ips takes the stack's.
	if *ips.Alarms.Topic.Node().Path() != *alarmtopic.For(stack).Node().Path() {
		t.Errorf("IpProvider's topic %s, want the stack's", *ips.Alarms.Topic.Node().Path())
	}

	events := dogs.EndpointService.MetricConnectionEvents()
	if got := stack.Resolve(events.Dimensions()); *events.Namespace() != "AWS/SNS" || *events.MetricName() != "NumberOfMessagesPublished" ||
		!equal(got, map[string]any{"TopicName": map[string]any{"Fn::GetAtt": []any{ref(stack, dogs.EndpointService.ConnectionTopic)["Ref"], "TopicName"}}}) {
		t.Errorf("MetricConnectionEvents: %s %s %v, want AWS/SNS NumberOfMessagesPublished of the connection topic", *events.Namespace(), *events.MetricName(), got)
	}
	mustPanic(t, func() { ips.EndpointService.MetricConnectionEvents() }, "Ips/EndpointService", "set ConnectionNotifications")

	// The email turns connection notifications on and subscribes to them.
	if dogs.EndpointService.ConnectionTopic == nil {
		t.Fatal("ConnectionNotificationEmail: want the connection topic")
	}
	tpl.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), obj{
		"Protocol": "email", "Endpoint": "ops@example.com", "TopicArn": ref(stack, dogs.EndpointService.ConnectionTopic),
	})
	tpl.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpointConnectionNotification"), jsii.Number(1))
	for _, err := range metrics.CheckTemplate(raw) {
		t.Error(err)
	}
}

// TestProviderAlarmValidation: every refused combination, in pure Go.
func TestProviderAlarmValidation(t *testing.T) {
	region := "us-west-2"
	for _, tc := range []struct {
		name string
		err  func() error
		want []string
	}{{
		name: "disabled with a topic and thresholds",
		err: func() error {
			p := fargateProps(nil)
			p.Alarms = &AlarmOptions{Disabled: jsii.Bool(true), Topic: sns.Topic_FromTopicArn(newStack(t), jsii.String("T"), jsii.String("arn:aws:sns:us-west-2:111111111111:t")), MinHealthyTargets: jsii.Number(1), MinCapacity: jsii.Number(1)}
			return p.validate(region, "")
		},
		want: []string{"Alarms.Topic is set but Alarms.Disabled is true", "Alarms.MinHealthyTargets is set but Alarms.Disabled", "Alarms.MinCapacity is set but Alarms.Disabled"},
	}, {
		name: "thresholds out of range",
		err: func() error {
			p := fargateProps(nil)
			p.Alarms = &AlarmOptions{MinHealthyTargets: jsii.Number(0), TargetResetsPerMinute: jsii.Number(0.5), MinCapacity: jsii.Number(-1)}
			return p.validate(region, "")
		},
		want: []string{"Alarms.MinHealthyTargets 0: want a whole number from 1", "Alarms.TargetResetsPerMinute 0.5: want a whole number", "Alarms.MinCapacity -1: want a whole number from 1"},
	}, {
		name: "more tasks than the service runs",
		err: func() error {
			p := fargateProps(nil)
			p.Alarms = &AlarmOptions{MinCapacity: jsii.Number(3)}
			return p.validate(region, "")
		},
		want: []string{"Alarms.MinCapacity 3: more than DesiredCount (2), so the alarm would never be OK"},
	}, {
		name: "more instances than the group keeps",
		err: func() error {
			p := ec2Props(nil)
			p.MinCapacity, p.MaxCapacity = jsii.Number(1), jsii.Number(4)
			p.Alarms = &AlarmOptions{MinCapacity: jsii.Number(2)}
			return p.validate(region)
		},
		want: []string{"Alarms.MinCapacity 2: more than MinCapacity (1)"},
	}, {
		name: "no workload of its own",
		err: func() error {
			p := &IpProviderProps{Addresses: []string{"10.0.0.1"}}
			p.Alarms = &AlarmOptions{MinCapacity: jsii.Number(1)}
			return p.validate(region, "")
		},
		want: []string{"Alarms.MinCapacity 1: this provider runs no tasks or instances of its own"},
	}, {
		name: "connection email",
		err: func() error {
			p := fargateProps(nil)
			p.EndpointService.ConnectionNotificationEmail = jsii.String("ops at example.com")
			return p.validate(region, "")
		},
		want: []string{`ConnectionNotificationEmail "ops at example.com": want an email address`},
	}, {
		name: "connection email with notifications off",
		err: func() error {
			p := fargateProps(nil)
			p.EndpointService.ConnectionNotificationEmail = jsii.String("ops@example.com")
			p.EndpointService.ConnectionNotifications = jsii.Bool(false)
			return p.validate(region, "")
		},
		want: []string{`ConnectionNotificationEmail "ops@example.com": ConnectionNotifications is false`},
	}, {
		name: "connection topic with notifications off",
		err: func() error {
			p := fargateProps(nil)
			p.EndpointService.ConnectionNotificationTopic = sns.Topic_FromTopicArn(newStack(t), jsii.String("T"), jsii.String("arn:aws:sns:us-west-2:111111111111:ops"))
			p.EndpointService.ConnectionNotifications = jsii.Bool(false)
			return p.validate(region, "")
		},
		want: []string{`ConnectionNotificationTopic: ConnectionNotifications is false, so no event would reach it; drop one of the two`},
	}} {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.err(), tc.want...) })
	}
	// The defaults and a MinCapacity at the count pass.
	p := fargateProps(nil)
	p.Alarms = &AlarmOptions{MinCapacity: jsii.Number(2)}
	if err := p.validate(region, ""); err == nil || strings.Contains(err.Error(), "Alarms") {
		t.Errorf("MinCapacity equal to DesiredCount: %v", err)
	}
}

// TestMetricsOnlyFromTheTable: no file of the package makes a metric but
// through metrics.New (a cloudwatch.NewMetric, or aws-cdk-lib's canned
// metrics such as TargetGroup.Metrics(), would escape the table's check).
func TestMetricsOnlyFromTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"cloudwatch.NewMetric(", "cloudwatch.NewMathExpression(", ".Metrics().", ".MetricHealthyHostCount(nil", ".MetricUnHealthyHostCount(nil", ".MetricTcpTargetResetCount(nil"} {
			if strings.Contains(string(src), bad) {
				t.Errorf("%s makes a metric with %s: use metrics.New (constructs/internal/metrics)", f, bad)
			}
		}
	}
}
