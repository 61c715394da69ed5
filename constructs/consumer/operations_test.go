package consumer

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/metrics"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// opsFixture is one stack holding every alarm and dashboard case, so they
// cost one synth and one cfn-lint run: a gateway with the defaults and
// three services (an endpoint of this app, an imported one, a cross-Region
// one), a gateway with every option, a gateway with the alarms off, and an
// ALB front door with one service, all on one dashboard.
type opsFixture struct {
	stack             awscdk.Stack
	gw, custom, quiet *Gateway
	fd                *AlbFrontDoor
	dogs, far         *ServiceEndpoint
	topic             sns.Topic
	tpl               *cdktest.Template
	resources         map[string]map[string]any // logical ID -> resource
	dashboardBody     string
	templateJSON      map[string]any
}

var ops *opsFixture

const farService = "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718"

func operations(t *testing.T) *opsFixture {
	t.Helper()
	if ops != nil {
		return ops
	}
	o := &opsFixture{stack: newStack(t)}
	vpc := NewConsumerVpc(o.stack, jsii.String("Vpc"), &ConsumerVpcProps{PublicSubnets: jsii.Bool(true)}).Vpc
	o.dogs = NewServiceEndpoint(o.stack, jsii.String("DogsEndpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	o.far = NewServiceEndpoint(o.stack, jsii.String("FarEndpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(farService), ServiceRegion: jsii.String("us-east-1")})
	cats := FromServiceEndpointAttributes(o.stack, jsii.String("Cats"), &ServiceEndpointAttributes{
		Vpc: vpc, VpcEndpointId: jsii.String("vpce-0123456789abcdef0"), SecurityGroupIds: []*string{jsii.String("sg-0123456789abcdef0")},
		AvailabilityZoneIds: []string{"usw2-az1", "usw2-az2"}, IpAddresses: []*string{jsii.String("10.0.0.10"), jsii.String("10.0.32.10")},
	})
	service := func(ep IServiceEndpoint, route string, port float64) *GatewayServiceProps {
		return &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{route}}, ListenerPort: jsii.Number(port)}
	}
	o.gw = NewGateway(o.stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
	o.gw.AddService("dogs", service(o.dogs, "/dogs", 10000))
	o.gw.AddService("cats", service(cats, "/cats", 10001))
	o.gw.AddService("far", service(o.far, "/far", 10002))

	o.topic = sns.NewTopic(o.stack, jsii.String("OpsTopic"), nil)
	o.custom = NewGateway(o.stack, jsii.String("Custom"), &GatewayProps{Vpc: vpc, Alarms: &AlarmOptions{
		Topic: o.topic, MinHealthyTargets: jsii.Number(2), PacketsDropped: jsii.Number(50), ErrorRatePercent: jsii.Number(1.5),
		LatencyP99: awscdk.Duration_Millis(jsii.Number(750)), Throttled: jsii.Number(100),
	}})
	o.custom.AddService("dogs", service(o.dogs, "/dogs", 10000))
	o.quiet = NewGateway(o.stack, jsii.String("Quiet"), &GatewayProps{Vpc: vpc, Alarms: &AlarmOptions{Disabled: jsii.Bool(true)}})
	o.quiet.AddService("dogs", service(o.dogs, "/dogs", 10000))

	cert := acm.Certificate_FromCertificateArn(o.stack, jsii.String("Cert"), jsii.String(frontDoorCert))
	// The front door with every option; its defaults are asserted on
	// the front door fixture (TestAlarmsFrontDoorDefaults).
	o.fd = NewAlbFrontDoor(o.stack, jsii.String("FrontDoor"), &AlbFrontDoorProps{Vpc: vpc, Certificate: cert, Alarms: &AlarmOptions{
		Topic: o.topic, MinHealthyTargets: jsii.Number(2), PacketsDropped: jsii.Number(20), ErrorRatePercent: jsii.Number(2),
		LatencyP99: awscdk.Duration_Millis(jsii.Number(500)), Throttled: jsii.Number(50),
	}})
	o.fd.AddService("dogs", &AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: o.dogs, Routes: []string{"/dogs"}}, Priority: jsii.Number(1)})

	NewDashboard(o.stack, jsii.String("Ops"), &DashboardProps{Gateways: []*Gateway{o.gw, o.quiet}, FrontDoors: []*AlbFrontDoor{o.fd}})

	o.tpl = template(t, o.stack)
	raw, err := json.Marshal(o.tpl.ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &o.templateJSON); err != nil {
		t.Fatal(err)
	}
	o.resources = map[string]map[string]any{}
	for id, r := range o.templateJSON["Resources"].(map[string]any) {
		o.resources[id] = r.(map[string]any)
		if r.(map[string]any)["Type"] == "AWS::CloudWatch::Dashboard" {
			o.dashboardBody = mustJSON(t, r.(map[string]any)["Properties"])
		}
	}
	ops = o
	return o
}

// alarms are the properties of the alarms whose logical ID starts with
// prefix, by logical ID.
func (o *opsFixture) alarms(prefix string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range o.resources {
		if r["Type"] == "AWS::CloudWatch::Alarm" && strings.HasPrefix(id, prefix) {
			out[id] = r["Properties"].(map[string]any)
		}
	}
	return out
}

// alarm is the one alarm whose logical ID starts with prefix.
func (o *opsFixture) alarm(t *testing.T, prefix string) map[string]any {
	t.Helper()
	found := o.alarms(prefix)
	if len(found) != 1 {
		t.Fatalf("alarms %s*: %d, want 1", prefix, len(found))
	}
	for _, p := range found {
		return p
	}
	return nil
}

// wantProps checks each key of want against got, as JSON.
func wantProps(t *testing.T, what string, got map[string]any, want obj) {
	t.Helper()
	for k, v := range want {
		if g, w := mustJSON(t, got[k]), mustJSON(t, v); g != w {
			t.Errorf("%s: %s = %s, want %s", what, k, g, w)
		}
	}
}

func dims(pairs ...string) []any {
	var out []any
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, obj{"Name": pairs[i], "Value": pairs[i+1]})
	}
	return out
}

func TestAlarmsDefaults(t *testing.T) {
	o := operations(t)
	topic := []any{obj{"Ref": logicalId(t, o, "AlarmTopic", "AWS::SNS::Topic")}}

	// Per service: the health of its target group on the gateway's load
	// balancer; missing data breaches.
	health := o.alarm(t, "GatewaydogsNoHealthyTargetsAlarm")
	wantProps(t, "dogs health", health, obj{
		"Namespace": "AWS/NetworkELB", "MetricName": "HealthyHostCount", "Statistic": "Minimum", "Period": 60,
		"Threshold": 1, "ComparisonOperator": "LessThanThreshold", "EvaluationPeriods": 2, "DatapointsToAlarm": 2,
		"TreatMissingData": "breaching", "AlarmActions": topic, "OKActions": topic,
	})
	if got := mustJSON(t, health["Dimensions"]); !contains(got, `"Name":"LoadBalancer"`) || !contains(got, `"Name":"TargetGroup"`) || !contains(got, "GatewaydogsTargets") {
		t.Errorf("dogs health: Dimensions %s, want LoadBalancer and the service's TargetGroup", got)
	}
	// The endpoint dropping packets, with AWS's four dimensions.
	packets := o.alarm(t, "GatewaydogsPacketsDroppedAlarm")
	wantProps(t, "dogs packets", packets, obj{
		"Namespace": "AWS/PrivateLinkEndpoints", "MetricName": "PacketsDropped", "Statistic": "Sum", "Period": 300,
		"Threshold": 10, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "EvaluationPeriods": 1, "DatapointsToAlarm": 1,
		"TreatMissingData": "notBreaching", "AlarmActions": topic, "OKActions": topic,
	})
	if got := mustJSON(t, packets["Dimensions"]); !contains(got, `{"Name":"Endpoint Type","Value":"Interface"}`) ||
		!contains(got, `{"Name":"Service Name","Value":"`+dogsService+`"}`) || !contains(got, `"Name":"VPC Endpoint Id"`) || !contains(got, `"Name":"VPC Id"`) {
		t.Errorf("dogs packets: Dimensions %s", got)
	}
	// An imported endpoint (no service name) and a cross-Region one (AWS
	// publishes nothing) get the health alarm only.
	for _, svc := range []string{"cats", "far"} {
		if n := len(o.alarms("Gateway" + svc)); n != 1 {
			t.Errorf("service %s: %d alarms, want 1 (health only)", svc, n)
		}
	}
	if n := len(o.gw.Services["cats"].Alarms) + len(o.gw.Services["far"].Alarms) + len(o.gw.Services["dogs"].Alarms); n != 4 {
		t.Errorf("GatewayService.Alarms: %d in all, want 4", n)
	}

	// The API: 5xx rate over 10 requests at least, p99 latency, 429s.
	rate := o.alarm(t, "GatewayErrorRateAlarm")
	wantProps(t, "API error rate", rate, obj{"Threshold": 5, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "EvaluationPeriods": 1, "TreatMissingData": "notBreaching"})
	if got := mustJSON(t, rate["Metrics"]); !contains(got, `IF(requests \u003e= 10, 100 * FILL(errors, 0) / requests, 0)`) ||
		!contains(got, `"MetricName":"5xx"`) || !contains(got, `"MetricName":"Count"`) || !contains(got, `{"Name":"Stage","Value":"$default"}`) {
		t.Errorf("API error rate: Metrics %s", got)
	}
	wantProps(t, "API latency", o.alarm(t, "GatewayLatencyAlarm"), obj{
		"Namespace": "AWS/ApiGateway", "MetricName": "Latency", "ExtendedStatistic": "p99", "Period": 300,
		"Threshold": 2000, "ComparisonOperator": "GreaterThanThreshold", "EvaluationPeriods": 3, "DatapointsToAlarm": 3, "TreatMissingData": "notBreaching",
	})
	throttled := o.alarm(t, "GatewayThrottledAlarm")
	wantProps(t, "API 429", throttled, obj{
		"Namespace": "CdkPrivateLink/Gateway", "MetricName": "Http429", "Statistic": "Sum", "Period": 300,
		"Threshold": 10, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching",
	})
	o.tpl.HasResourceProperties(jsii.String("AWS::Logs::MetricFilter"), obj{
		"LogGroupName":  ref("GatewayAccessLogs"),
		"FilterPattern": `{ $.status = "429" }`,
		"MetricTransformations": []any{obj{"MetricNamespace": "CdkPrivateLink/Gateway", "MetricName": "Http429", "MetricValue": "1",
			"Unit": "Count", "Dimensions": []any{obj{"Key": "ApiId", "Value": "$.apiId"}}}},
	})
	// The filter's dimension is in every access log line.
	o.tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Stage"), obj{
		"AccessLogSettings": obj{"Format": assertions.Match_StringLikeRegexp(jsii.String(`"apiId":"\$context.apiId"`))},
	})
	if n := len(o.gw.Alarms); n != 3 {
		t.Errorf("Gateway.Alarms: %d, want 3", n)
	}

	// The stack's topic, encrypted with a rotated key that CloudWatch
	// alarms of this account only may use.
	o.tpl.HasResourceProperties(jsii.String("AWS::SNS::Topic"), obj{"KmsMasterKeyId": obj{"Fn::GetAtt": []any{logicalId(t, o, "AlarmTopicKey", "AWS::KMS::Key"), "Arn"}}})
	o.tpl.HasResourceProperties(jsii.String("AWS::KMS::Key"), obj{
		"EnableKeyRotation": true,
		"KeyPolicy": obj{"Statement": assertions.Match_ArrayWith(&[]any{obj{
			"Sid": "CloudWatchAlarmsOfThisAccount", "Effect": "Allow", "Principal": obj{"Service": "cloudwatch.amazonaws.com"},
			"Action": []any{"kms:Decrypt", "kms:GenerateDataKey*"}, "Resource": "*",
			"Condition": obj{"StringEquals": obj{"aws:SourceAccount": "111111111111"}},
		}})},
	})
	o.tpl.HasResourceProperties(jsii.String("AWS::SNS::TopicPolicy"), obj{"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]any{
		obj{"Sid": "CloudWatchAlarmsOfThisAccount", "Effect": "Allow", "Principal": obj{"Service": "cloudwatch.amazonaws.com"}, "Action": "sns:Publish",
			"Condition": obj{"StringEquals": obj{"aws:SourceAccount": "111111111111"}}, "Resource": obj{"Ref": logicalId(t, o, "AlarmTopic", "AWS::SNS::Topic")}},
	})}})
}

// frontDoorAlarmDefaults checks, on the front door fixture's template
// (from TestAlbFrontDoorDefaults, before other tests add to its stack),
// per service health, packets, 5xx rate and p99 response time (in
// seconds), per front door the rate rule's 429s; a service in a nested
// stack notifies the parent's topic.
func frontDoorAlarmDefaults(t *testing.T, f *frontDoorFixture, tpl *cdktest.Template) {
	t.Helper()
	raw := map[string]any{}
	if err := json.Unmarshal([]byte(mustJSON(t, tpl.ToJSON())), &raw); err != nil {
		t.Fatal(err)
	}
	o := &opsFixture{resources: map[string]map[string]any{}}
	for id, r := range raw["Resources"].(map[string]any) {
		o.resources[id] = r.(map[string]any)
	}
	topic := []any{obj{"Ref": logicalId(t, o, "AlarmTopic", "AWS::SNS::Topic")}}
	wantProps(t, "front door health", o.alarm(t, "FrontDoordogsNoHealthyTargetsAlarm"), obj{
		"Namespace": "AWS/ApplicationELB", "MetricName": "HealthyHostCount", "Statistic": "Minimum", "Threshold": 1,
		"ComparisonOperator": "LessThanThreshold", "EvaluationPeriods": 2, "TreatMissingData": "breaching", "AlarmActions": topic, "OKActions": topic,
	})
	wantProps(t, "front door packets", o.alarm(t, "FrontDoordogsPacketsDroppedAlarm"), obj{"MetricName": "PacketsDropped", "Threshold": 10})
	fdRate := o.alarm(t, "FrontDoordogsErrorRateAlarm")
	wantProps(t, "front door error rate", fdRate, obj{"Threshold": 5, "TreatMissingData": "notBreaching"})
	if got := mustJSON(t, fdRate["Metrics"]); !contains(got, `"MetricName":"HTTPCode_Target_5XX_Count"`) || !contains(got, `"MetricName":"RequestCount"`) || !contains(got, `"Name":"TargetGroup"`) {
		t.Errorf("front door error rate: Metrics %s", got)
	}
	wantProps(t, "front door latency", o.alarm(t, "FrontDoordogsLatencyAlarm"), obj{
		"Namespace": "AWS/ApplicationELB", "MetricName": "TargetResponseTime", "ExtendedStatistic": "p99", "Threshold": 2, "EvaluationPeriods": 3,
	})
	fdThrottled := o.alarm(t, "FrontDoorThrottledAlarm")
	wantProps(t, "front door 429", fdThrottled, obj{"Namespace": "AWS/WAFV2", "MetricName": "BlockedRequests", "Statistic": "Sum", "Threshold": 10, "TreatMissingData": "notBreaching"})
	if got := mustJSON(t, fdThrottled["Dimensions"]); !contains(got, `{"Name":"Rule","Value":"RateLimitPerClientIp"}`) || !contains(got, `{"Name":"Region","Value":"us-west-2"}`) ||
		!contains(got, `{"Name":"WebACL","Value":"`+f.fd.wafMetric+`"}`) {
		t.Errorf("front door 429: Dimensions %s", got)
	}
	// The web ACL's metric name is the one the alarm watches.
	tpl.HasResourceProperties(jsii.String("AWS::WAFv2::WebACL"), obj{"VisibilityConfig": obj{"MetricName": f.fd.wafMetric, "CloudWatchMetricsEnabled": true, "SampledRequestsEnabled": true}})
	if n := len(f.fd.Alarms) + len(f.fd.Services["dogs"].Alarms) + len(f.fd.Services["todo"].Alarms); n != 9 {
		t.Errorf("front door alarms: %d, want 1 + 4 + 4", n)
	}
	// The nested stack's alarms notify the parent's topic, and it has none.
	nested := template(t, f.nested.(awscdk.Stack))
	nested.ResourceCountIs(jsii.String("AWS::SNS::Topic"), jsii.Number(0))
	nested.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), obj{"MetricName": "HealthyHostCount",
		"AlarmActions": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^referencetoTestAlarmTopic"))}}})
	for _, err := range metrics.CheckTemplate(raw) {
		t.Error(err)
	}
}

// logicalId is the one resource of typ whose logical ID starts with prefix.
func logicalId(t *testing.T, o *opsFixture, prefix, typ string) string {
	t.Helper()
	return logicalIdIn(t, o.resources, prefix, typ)
}

func TestAlarmsOptions(t *testing.T) {
	o := operations(t)
	topic := []any{obj{"Ref": logicalId(t, o, "OpsTopic", "AWS::SNS::Topic")}}
	for prefix, want := range map[string]obj{
		"FrontDoordogsNoHealthyTargetsAlarm": {"Threshold": 2, "AlarmActions": topic, "OKActions": topic},
		"FrontDoordogsPacketsDroppedAlarm":   {"Threshold": 20, "AlarmActions": topic},
		"FrontDoordogsErrorRateAlarm":        {"Threshold": 2, "AlarmActions": topic},
		"FrontDoordogsLatencyAlarm":          {"Threshold": 0.5, "AlarmActions": topic}, // seconds
		"FrontDoorThrottledAlarm":            {"Threshold": 50, "AlarmActions": topic},
		"CustomdogsNoHealthyTargetsAlarm":    {"Threshold": 2, "AlarmActions": topic, "OKActions": topic},
		"CustomdogsPacketsDroppedAlarm":      {"Threshold": 50, "AlarmActions": topic},
		"CustomErrorRateAlarm":               {"Threshold": 1.5, "AlarmActions": topic},
		"CustomLatencyAlarm":                 {"Threshold": 750, "AlarmActions": topic},
		"CustomThrottledAlarm":               {"Threshold": 100, "AlarmActions": topic},
	} {
		wantProps(t, prefix, o.alarm(t, prefix), want)
	}
	if o.custom.AlarmTopic == nil || *o.custom.AlarmTopic.TopicArn() != *o.topic.TopicArn() || *o.fd.AlarmTopic.TopicArn() != *o.topic.TopicArn() {
		t.Error("Custom.AlarmTopic, FrontDoor.AlarmTopic: want the given topic")
	}
	// Disabled: no alarm, no metric filter, no topic field.
	if n := len(o.alarms("Quiet")); n != 0 || len(o.quiet.Alarms) != 0 || o.quiet.AlarmTopic != nil || len(o.quiet.Services["dogs"].Alarms) != 0 {
		t.Errorf("Quiet: %d alarms, topic %v; want none", n, o.quiet.AlarmTopic)
	}
	filters := 0
	for id, r := range o.resources {
		if r["Type"] == "AWS::Logs::MetricFilter" {
			filters++
			if strings.HasPrefix(id, "Quiet") {
				t.Errorf("Quiet has a metric filter %s", id)
			}
		}
	}
	if filters != 2 {
		t.Errorf("%d metric filters, want 2 (Gateway, Custom)", filters)
	}
	// One topic made (AlarmTopic) besides the given one.
	o.tpl.ResourceCountIs(jsii.String("AWS::SNS::Topic"), jsii.Number(2))
	o.tpl.ResourceCountIs(jsii.String("AWS::KMS::Key"), jsii.Number(1))
}

// TestAlarmsCheckTemplate: every alarm's metric is in the table with AWS's
// dimension names, and the template passes cfn-lint.
func TestAlarmsCheckTemplate(t *testing.T) {
	o := operations(t)
	// Gateway 3 + dogs 2 + cats 1 + far 1, Custom 3 + 2, Quiet none,
	// FrontDoor 1 + 4.
	if n := len(o.alarms("")); n != 17 {
		t.Errorf("%d alarms, want 17", n)
	}
	for _, err := range metrics.CheckTemplate(o.templateJSON) {
		t.Error(err)
	}
	// The check catches a wrong dimension name.
	broken := map[string]any{"Resources": map[string]any{"A": map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": map[string]any{
		"Namespace": "AWS/PrivateLinkEndpoints", "MetricName": "PacketsDropped",
		"Dimensions": []any{map[string]any{"Name": "VPC Endpoint ID"}, map[string]any{"Name": "Endpoint Type"}, map[string]any{"Name": "Service Name"}, map[string]any{"Name": "VPC Id"}},
	}}}}
	if errs := metrics.CheckTemplate(broken); len(errs) != 1 {
		t.Errorf("CheckTemplate of a misspelled dimension: %v, want one problem", errs)
	}
	lintAll(t, o.tpl)
}

func TestDashboard(t *testing.T) {
	o := operations(t)
	o.tpl.ResourceCountIs(jsii.String("AWS::CloudWatch::Dashboard"), jsii.Number(1))
	body := o.dashboardBody
	for _, want := range []string{
		`Gateway Test/Gateway (HTTP API)`, `Gateway Test/Quiet (HTTP API)`, `Front door Test/FrontDoor (ALB)`,
		`Healthy endpoint addresses, by service`, `Endpoint packets dropped, by service`, `Endpoint active connections, by service`,
		`Endpoint resets received, by service`, `p99 latency (ms)`, `Throttled (429)`, `5xx, by service`, `alarm`,
		`AWS/PrivateLinkEndpoints`, `PacketsDropped`, `Endpoint Type`, `AWS/NetworkELB`, `HealthyHostCount`, `AWS/ApplicationELB`,
		`TargetResponseTime`, `AWS/WAFV2`, `BlockedRequests`, `CdkPrivateLink/Gateway`, `Http429`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard body lacks %q", want)
		}
	}
	// One line per service, labelled with its id; the cross-Region
	// endpoint has no endpoint metrics.
	for _, label := range []string{`\"label\":\"cats\"`, `\"label\":\"dogs\"`, `\"label\":\"far\"`} {
		if !strings.Contains(body, label) {
			t.Errorf("dashboard body lacks %s", label)
		}
	}
	if n := strings.Count(body, `PrivateLinkEndpoints\",\"PacketsDropped`); n != 3 {
		t.Errorf("PacketsDropped lines: %d, want 3 (dogs on Gateway, Quiet and the front door)", n)
	}
}

func TestEndpointMetrics(t *testing.T) {
	o := operations(t)
	for name, m := range map[string]func() string{
		"ActiveConnections":  func() string { return *o.dogs.MetricActiveConnections().MetricName() },
		"NewConnections":     func() string { return *o.dogs.MetricNewConnections().MetricName() },
		"PacketsDropped":     func() string { return *o.dogs.MetricPacketsDropped().MetricName() },
		"RstPacketsReceived": func() string { return *o.dogs.MetricRstPacketsReceived().MetricName() },
		"BytesProcessed":     func() string { return *o.dogs.MetricBytesProcessed().MetricName() },
	} {
		if got := m(); got != name {
			t.Errorf("metric %s: got %s", name, got)
		}
	}
	m := o.dogs.MetricPacketsDropped()
	if *m.Namespace() != "AWS/PrivateLinkEndpoints" || *m.Statistic() != "Sum" || *m.Period().ToSeconds(nil) != 60 {
		t.Errorf("PacketsDropped: %s %s %v", *m.Namespace(), *m.Statistic(), *m.Period().ToSeconds(nil))
	}
	var names []string
	for k := range *m.Dimensions() {
		names = append(names, k)
	}
	sort.Strings(names)
	if got := strings.Join(names, ","); got != "Endpoint Type,Service Name,VPC Endpoint Id,VPC Id" {
		t.Errorf("PacketsDropped dimensions: %s", got)
	}
	if !o.dogs.PublishesMetrics() || o.far.PublishesMetrics() {
		t.Error("PublishesMetrics: want true for dogs, false for the cross-Region endpoint")
	}
	cdktest.MustPanic(t, func() { o.far.MetricPacketsDropped() },
		"consumer.ServiceEndpoint at Test/FarEndpoint: AWS publishes no AWS/PrivateLinkEndpoints metrics for an endpoint that uses cross-Region access (ServiceRegion)")
	// The front doors' service metrics.
	for _, tc := range []struct {
		s                                     ServiceMetrics
		health, requests, errors, latency, th string
	}{
		{o.gw.Services["dogs"], "AWS/NetworkELB HealthyHostCount Minimum", "AWS/ApiGateway Count Sum", "AWS/ApiGateway 5xx Sum", "AWS/ApiGateway Latency p99", "CdkPrivateLink/Gateway Http429 Sum"},
		{o.fd.Services["dogs"], "AWS/ApplicationELB HealthyHostCount Minimum", "AWS/ApplicationELB RequestCount Sum", "AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum", "AWS/ApplicationELB TargetResponseTime p99", "AWS/WAFV2 BlockedRequests Sum"},
	} {
		for got, want := range map[string]string{
			describe(tc.s.MetricHealthyTargets()): tc.health, describe(tc.s.MetricRequests()): tc.requests,
			describe(tc.s.MetricServerErrors()): tc.errors, describe(tc.s.MetricLatency()): tc.latency, describe(tc.s.MetricThrottled()): tc.th,
		} {
			if got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		}
		if tc.s.ServiceEndpoint() != IServiceEndpoint(o.dogs) {
			t.Error("ServiceEndpoint: want the dogs endpoint")
		}
	}
}

func describe(m interface {
	Namespace() *string
	MetricName() *string
	Statistic() *string
}) string {
	return *m.Namespace() + " " + *m.MetricName() + " " + *m.Statistic()
}

func TestAlarmOptionsValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts AlarmOptions
		want string
	}{
		{"disabled with a threshold", AlarmOptions{Disabled: jsii.Bool(true), Throttled: jsii.Number(5)}, "Alarms.Disabled true: the alarms are off, yet a topic or a threshold is given; give Disabled alone, or leave it unset"},
		{"healthy targets", AlarmOptions{MinHealthyTargets: jsii.Number(0)}, "Alarms.MinHealthyTargets 0: want a whole number from 1 to 1000"},
		{"packets", AlarmOptions{PacketsDropped: jsii.Number(0.5)}, "Alarms.PacketsDropped 0.5: want a whole number from 1 to 1e+09"},
		{"error rate zero", AlarmOptions{ErrorRatePercent: jsii.Number(0)}, "Alarms.ErrorRatePercent 0: want a percentage above 0, at most 100"},
		{"error rate above 100", AlarmOptions{ErrorRatePercent: jsii.Number(101)}, "Alarms.ErrorRatePercent 101: want a percentage above 0, at most 100"},
		{"latency", AlarmOptions{LatencyP99: awscdk.Duration_Seconds(jsii.Number(31))}, "Alarms.LatencyP99 31000 ms: want 1 ms to 30 s"},
		{"throttled", AlarmOptions{Throttled: jsii.Number(0)}, "Alarms.Throttled 0: want a whole number from 1 to 1e+09"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			cdktest.WantErr(t, (&GatewayProps{Alarms: &opts}).validate("us-west-2"), "consumer.Gateway: ", tc.want)
			cdktest.WantErr(t, (&AlbFrontDoorProps{Alarms: &opts}).validate("us-west-2"), "consumer.AlbFrontDoor: ", tc.want)
			cdktest.WantErr(t, (&GatewayAttributes{Alarms: &opts}).validate("us-west-2"), "consumer.FromGatewayAttributes: ", tc.want)
		})
	}
	// Valid options pass; Disabled alone too.
	for _, opts := range []*AlarmOptions{nil, {}, {Disabled: jsii.Bool(true)}, {Disabled: jsii.Bool(false), ErrorRatePercent: jsii.Number(100), LatencyP99: awscdk.Duration_Seconds(jsii.Number(30))}} {
		p := &GatewayProps{Alarms: opts}
		if err := p.validate("us-west-2"); err != nil && strings.Contains(err.Error(), "Alarms") {
			t.Errorf("%+v: %v", opts, err)
		}
	}
	// The defaults README copies.
	if DefaultMinHealthyTargets != 1 || DefaultPacketsDropped != 10 || DefaultErrorRatePercent != 5 || DefaultLatencyP99Millis != 2000 || DefaultThrottled != 10 || ErrorRateMinRequests != 10 {
		t.Error("an alarm default changed: update the README's alarm table and this test")
	}
}

// TestDashboardStable: two synths of one app give one dashboard body, or
// every deploy would update the dashboard (the rehearsal's unchanged
// redeploy caught alarms listed in map order). Six services: the chance
// that two random orders agree is 1 in 720.
func TestDashboardStable(t *testing.T) {
	body := func() string {
		stack := newStack(t)
		vpc := newVpc(stack, 2)
		gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
		for i, id := range []string{"f", "b", "d", "a", "e", "c"} {
			ep := NewServiceEndpoint(stack, jsii.String(id+"Endpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
			gw.AddService(id, &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/" + id}}, ListenerPort: jsii.Number(float64(10000 + i))})
		}
		NewDashboard(stack, jsii.String("Dashboard"), &DashboardProps{Gateways: []*Gateway{gw}})
		for _, r := range *template(t, stack).FindResources(jsii.String("AWS::CloudWatch::Dashboard"), nil) {
			return mustJSON(t, (*r)["Properties"])
		}
		t.Fatal("no dashboard")
		return ""
	}
	if first, second := body(), body(); first != second {
		t.Fatal("the dashboard's body differs between two synths of the same app")
	}
}
