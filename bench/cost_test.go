package main

import (
	"encoding/json"
	"math"
	"testing"
)

// TestMonthlyCost prices a template with one of everything that costs by
// the hour, from the price constants, so the bench's arithmetic is
// pinned.
func TestMonthlyCost(t *testing.T) {
	var tpl cfnTemplate
	err := json.Unmarshal([]byte(`{"Resources": {
		"Ep":   {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcEndpointType": "Interface", "SubnetIds": [{"Ref": "A"}, {"Ref": "B"}]}},
		"Gw":   {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcEndpointType": "Gateway"}},
		"Nlb":  {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network"}},
		"Alb":  {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "application"}},
		"Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {}},
		"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Cpu": "256", "Memory": "512", "RuntimePlatform": {"CpuArchitecture": "ARM64"}}},
		"Svc":  {"Type": "AWS::ECS::Service", "Properties": {"DesiredCount": 2, "TaskDefinition": {"Ref": "Task"}}},
		"Lt":   {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"InstanceType": "t4g.nano", "BlockDeviceMappings": [{"Ebs": {"VolumeSize": 8}}]}}},
		"Asg":  {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"MinSize": "2", "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Lt"}}, "MetricsCollection": [{"Granularity": "1Minute"}]}},
		"One":  {"Type": "AWS::CloudWatch::Alarm", "Properties": {"MetricName": "HealthyHostCount"}},
		"Math": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": [{"Id": "a", "MetricStat": {}}, {"Id": "b", "MetricStat": {}}, {"Id": "rate", "Expression": "a/b"}]}},
		"Dash": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {}},
		"Key":  {"Type": "AWS::KMS::Key", "Properties": {}},
		"Mf":   {"Type": "AWS::Logs::MetricFilter", "Properties": {"MetricTransformations": [{"MetricName": "Http429"}]}},
		"Fn":   {"Type": "AWS::Lambda::Function", "Properties": {}},
		"Can":  {"Type": "AWS::Synthetics::Canary", "Properties": {"Schedule": {"Expression": "rate(5 minutes)"}}},
		"Hour": {"Type": "AWS::Synthetics::Canary", "Properties": {"Schedule": {"Expression": "rate(1 hour)"}}},
		"Acl":  {"Type": "AWS::WAFv2::WebACL", "Properties": {"Scope": "REGIONAL", "Rules": [{"Name": "a"}, {"Name": "b"}, {"Name": "c"}, {"Name": "d"}]}}
	}}`), &tpl)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := monthlyCost(tpl)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"interface endpoint Ep in 2 AZs":                    14.60,
		"network load balancer Nlb":                         16.425,
		"application load balancer Alb (before LCUs)":       16.425,
		"AWS WAF web ACL Acl, 4 rules (before requests)":    9.00,
		"hosted zone Zone":                                  0.50,
		"Fargate Svc: 2 tasks of 0.25 vCPU, 0.5 GB (arm64)": 2 * (0.25*0.03238 + 0.5*0.00356) * 730,
		"EC2 Asg: 2 × t4g.nano, 8 GB gp3 each":              2 * (0.0042*730 + 8*0.08),
		"group metrics of Asg (one-minute, free)":           0,
		"alarm One, 1 metric(s)":                            0.10,
		"alarm Math, 2 metric(s)":                           0.20,
		"dashboard Dash":                                    3.00,
		"KMS key Key":                                       1.00,
		"custom metric Http429 of metric filter Mf (one per dimension value: per API)": 0.30,
		"canary Can, rate(5 minutes): 8760 runs":                                       8760 * 0.0012,
		"canary Hour, rate(1 hour): 730 runs":                                          730 * 0.0012,
	}
	if len(lines) != len(want) {
		t.Fatalf("lines %v, want %d", lines, len(want))
	}
	for _, l := range lines {
		if w, ok := want[l.what]; !ok || math.Abs(w-l.month) > 1e-9 {
			t.Errorf("%s: $%.4f, want $%.4f (%v)", l.what, l.month, w, ok)
		}
	}
	if _, err := monthlyCost(cfnTemplate{Resources: map[string]struct {
		Type       string
		Properties map[string]any
	}{"Asg": {Type: "AWS::AutoScaling::AutoScalingGroup", Properties: map[string]any{"MinSize": "1", "LaunchTemplate": map[string]any{"LaunchTemplateId": map[string]any{"Ref": "Lt"}}}},
		"Lt": {Type: "AWS::EC2::LaunchTemplate", Properties: map[string]any{"LaunchTemplateData": map[string]any{"InstanceType": "x9.huge"}}}}}); err == nil {
		t.Fatal("an instance type with no price must be an error, not $0")
	}
	for _, expr := range []string{"cron(0 * * * ? *)", "rate(0 minute)", "rate(5 fortnights)"} {
		if m, err := rateMinutes(expr); err == nil {
			t.Errorf("%s: %v minutes, want an error: a schedule the bench cannot price must not cost $0", expr, m)
		}
	}
}

// TestFreeDashboards: each account's first 3 dashboards are free, the
// fourth costs $3.
func TestFreeDashboards(t *testing.T) {
	dash := func(id string) line { return line{"dashboard " + id, priceDashboardMonth} }
	costs := []stackCost{
		{stack: "a", account: "1", lines: []line{dash("A1"), dash("A2")}},
		{stack: "b", account: "1", lines: []line{dash("B1"), dash("B2"), {"KMS key K", 1}}},
		{stack: "c", account: "2", lines: []line{dash("C1")}},
	}
	freeDashboardsPerAccount(costs)
	if got := sum(costs[0].lines) + sum(costs[1].lines); got != priceDashboardMonth+1 {
		t.Errorf("account 1: $%.2f, want $%.2f (its fourth dashboard and the key)", got, priceDashboardMonth+1)
	}
	if got := sum(costs[2].lines); got != 0 {
		t.Errorf("account 2: $%.2f, want 0 (its one dashboard is free)", got)
	}
}
