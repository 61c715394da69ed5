package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Monthly list prices, us-west-2 (the same as us-east-1 for every line), 730
// hours a month, before data processing and request charges. Read on
// 2026-11-23 from the AWS pricing pages named beside each; the Fargate rates
// agree with vantage.sh's table of them.
const (
	hoursPerMonth = 730
	// https://aws.amazon.com/privatelink/pricing/: per endpoint per AZ-hour.
	priceEndpointAzHour = 0.01
	// https://aws.amazon.com/elasticloadbalancing/pricing/: per NLB-hour,
	// per ALB-hour, and per ALB LCU-hour (usage: at least one LCU-hour in
	// each hour with traffic; not in the fixed cost).
	priceNlbHour    = 0.0225
	priceAlbHour    = 0.0225
	priceAlbLcuHour = 0.008
	// https://aws.amazon.com/waf/pricing/: per web ACL-month and per rule
	// (a managed rule group is one) per month, prorated by the hour; and per
	// million requests inspected (usage, with up to 1500 WCUs a web ACL).
	// The same in every region.
	priceWebAclMonth       = 5.00
	priceWafRuleMonth      = 1.00
	priceWafMillionRequest = 0.60
	// https://aws.amazon.com/vpc/pricing/: NAT gateway-hour, public IPv4
	// address-hour.
	priceNatHour  = 0.045
	priceIpv4Hour = 0.005
	// https://aws.amazon.com/fargate/pricing/: per vCPU-hour and GB-hour.
	priceFargateArmVcpu, priceFargateArmGb = 0.03238, 0.00356
	priceFargateX86Vcpu, priceFargateX86Gb = 0.04048, 0.004445
	// https://aws.amazon.com/ebs/pricing/: gp3 per GB-month.
	priceGp3GbMonth = 0.08
	// https://aws.amazon.com/route53/pricing/: per hosted zone-month (first 25).
	priceZoneMonth = 0.50
	// https://aws.amazon.com/kms/pricing/: per customer managed key-month.
	priceKmsKeyMonth = 1.00
	// https://aws.amazon.com/cloudwatch/pricing/: per standard-resolution
	// alarm metric-month (a metric-math alarm pays for each metric it
	// reads); per dashboard-month, beyond the account's first 3 (the free
	// tier's, which never expires; an account's other dashboards count
	// too); per custom metric-month (first 10,000), which a metric
	// filter's metric is. Listed before the free tier's 10 alarm metrics
	// and 10 custom metrics per account, which other alarms may use.
	priceAlarmMetricMonth  = 0.10
	priceDashboardMonth    = 3.00
	freeDashboards         = 3
	priceCustomMetricMonth = 0.30
	// https://aws.amazon.com/cloudwatch/pricing/ (Synthetics): per canary
	// run, the same in us-east-1 and us-west-2; before the run's Lambda
	// time and S3 requests, within the free tiers at these rates.
	priceCanaryRun = 0.0012
)

// priceInstanceHour is https://aws.amazon.com/ec2/pricing/on-demand/,
// Linux, for the instance types the example and library use.
var priceInstanceHour = map[string]float64{
	"t4g.nano": 0.0042, "t4g.micro": 0.0084, "t4g.small": 0.0168,
	"t3.nano": 0.0052, "t3.micro": 0.0104, "t3.small": 0.0208,
}

// line is one priced item of a stack.
type line struct {
	what  string
	month float64
}

type cfnTemplate struct {
	Resources map[string]struct {
		Type       string
		Properties map[string]any
	}
}

// monthlyCost prices the fixed, hourly part of one template: what runs
// whether or not a request arrives. Usage-priced resources (requests,
// data, logs, Lambda, DynamoDB on demand) add nothing here.
func monthlyCost(tpl cfnTemplate) ([]line, error) {
	var out []line
	ref := func(v any) map[string]any {
		if m, ok := v.(map[string]any); ok {
			if id, ok := m["Ref"].(string); ok {
				return tpl.Resources[id].Properties
			}
		}
		return nil
	}
	ids := make([]string, 0, len(tpl.Resources))
	for id := range tpl.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := tpl.Resources[id]
		p := r.Properties
		switch r.Type {
		case "AWS::EC2::VPCEndpoint":
			if p["VpcEndpointType"] == "Interface" {
				azs := len(asList(p["SubnetIds"]))
				out = append(out, line{fmt.Sprintf("interface endpoint %s in %d AZs", id, azs), float64(azs) * priceEndpointAzHour * hoursPerMonth})
			}
		case "AWS::ElasticLoadBalancingV2::LoadBalancer":
			switch p["Type"] {
			case "network":
				out = append(out, line{"network load balancer " + id, priceNlbHour * hoursPerMonth})
			case "application", nil: // ELB's default type
				out = append(out, line{"application load balancer " + id + " (before LCUs)", priceAlbHour * hoursPerMonth})
			}
		case "AWS::WAFv2::WebACL":
			rules := len(asList(p["Rules"]))
			out = append(out, line{fmt.Sprintf("AWS WAF web ACL %s, %d rules (before requests)", id, rules), priceWebAclMonth + float64(rules)*priceWafRuleMonth})
		case "AWS::EC2::NatGateway":
			out = append(out, line{"NAT gateway " + id, priceNatHour * hoursPerMonth})
		case "AWS::EC2::EIP":
			out = append(out, line{"public IPv4 address " + id, priceIpv4Hour * hoursPerMonth})
		case "AWS::Route53::HostedZone":
			out = append(out, line{"hosted zone " + id, priceZoneMonth})
		case "AWS::KMS::Key":
			out = append(out, line{"KMS key " + id, priceKmsKeyMonth})
		case "AWS::CloudWatch::Alarm":
			read := 1 // one metric, or a math expression of several
			if queries := asList(p["Metrics"]); len(queries) > 0 {
				read = 0
				for _, q := range queries {
					if _, ok := q.(map[string]any)["MetricStat"]; ok {
						read++
					}
				}
			}
			out = append(out, line{fmt.Sprintf("alarm %s, %d metric(s)", id, read), float64(read) * priceAlarmMetricMonth})
		case "AWS::CloudWatch::Dashboard":
			// Priced per account by assemblyCost: the first 3 are free.
			out = append(out, line{"dashboard " + id, priceDashboardMonth})
		case "AWS::Synthetics::Canary":
			expr, _ := p["Schedule"].(map[string]any)["Expression"].(string)
			minutes, err := rateMinutes(expr)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", id, err)
			}
			runs := hoursPerMonth * 60 / minutes
			out = append(out, line{fmt.Sprintf("canary %s, %s: %.0f runs", id, expr, runs), runs * priceCanaryRun})
		case "AWS::Logs::MetricFilter":
			for _, m := range asList(p["MetricTransformations"]) {
				name, _ := m.(map[string]any)["MetricName"].(string)
				out = append(out, line{fmt.Sprintf("custom metric %s of metric filter %s (one per dimension value: per API)", name, id), priceCustomMetricMonth})
			}
		case "AWS::ECS::Service":
			task := ref(p["TaskDefinition"])
			if task == nil {
				return nil, fmt.Errorf("%s: task definition not found", id)
			}
			cpu, _ := strconv.ParseFloat(fmt.Sprint(task["Cpu"]), 64)
			mem, _ := strconv.ParseFloat(fmt.Sprint(task["Memory"]), 64)
			count := number(p["DesiredCount"])
			vcpu, gb, arch := priceFargateX86Vcpu, priceFargateX86Gb, "x86_64"
			if rp, ok := task["RuntimePlatform"].(map[string]any); ok && rp["CpuArchitecture"] == "ARM64" {
				vcpu, gb, arch = priceFargateArmVcpu, priceFargateArmGb, "arm64"
			}
			out = append(out, line{fmt.Sprintf("Fargate %s: %v tasks of %v vCPU, %v GB (%s)", id, count, cpu/1024, mem/1024, arch),
				count * (cpu/1024*vcpu + mem/1024*gb) * hoursPerMonth})
		case "AWS::AutoScaling::AutoScalingGroup":
			spec, _ := p["LaunchTemplate"].(map[string]any)
			lt := ref(spec["LaunchTemplateId"])
			data, _ := lt["LaunchTemplateData"].(map[string]any)
			itype, _ := data["InstanceType"].(string)
			hourly, ok := priceInstanceHour[itype]
			if !ok {
				return nil, fmt.Errorf("%s: no price for instance type %q; add it to priceInstanceHour", id, itype)
			}
			count := number(p["MinSize"])
			disk := 0.0
			for _, bd := range asList(data["BlockDeviceMappings"]) {
				if ebs, ok := bd.(map[string]any)["Ebs"].(map[string]any); ok {
					disk += number(ebs["VolumeSize"])
				}
			}
			out = append(out, line{fmt.Sprintf("EC2 %s: %v × %s, %v GB gp3 each", id, count, itype, disk),
				count * (hourly*hoursPerMonth + disk*priceGp3GbMonth)})
			if len(asList(p["MetricsCollection"])) > 0 {
				// https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html:
				// group metrics at one-minute granularity are free.
				out = append(out, line{"group metrics of " + id + " (one-minute, free)", 0})
			}
		}
	}
	return out, nil
}

// rateMinutes is the period of a Synthetics rate expression, rate(5
// minutes) or rate(1 hour), in minutes.
func rateMinutes(expr string) (float64, error) {
	var n float64
	var unit string
	if _, err := fmt.Sscanf(expr, "rate(%g %s", &n, &unit); err != nil || n <= 0 {
		return 0, fmt.Errorf("schedule %q: want rate(N minutes) or rate(N hours) to price it", expr)
	}
	switch strings.TrimSuffix(unit, ")") {
	case "minute", "minutes":
		return n, nil
	case "hour", "hours":
		return n * 60, nil
	}
	return 0, fmt.Errorf("schedule %q: unit %q", expr, unit)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func number(v any) float64 {
	f, _ := strconv.ParseFloat(fmt.Sprint(v), 64)
	return f
}

func sum(lines []line) float64 {
	t := 0.0
	for _, l := range lines {
		t += l.month
	}
	return t
}

// stackCost is the cost of one stack, nested stacks included.
type stackCost struct {
	stack, account string
	lines          []line
}

// assemblyCost prices every stack of a cloud assembly, nested stack
// templates with the stack whose name begins theirs.
func assemblyCost(dir string) ([]stackCost, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var manifest struct {
		Artifacts map[string]struct {
			Type        string
			Environment string
		}
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		return nil, err
	}
	var stacks []string
	byName := map[string]*stackCost{}
	for name, a := range manifest.Artifacts {
		if a.Type == "aws:cloudformation:stack" {
			account := strings.Split(strings.TrimPrefix(a.Environment, "aws://"), "/")[0]
			byName[name] = &stackCost{stack: name, account: account}
			stacks = append(stacks, name)
		}
	}
	sort.Strings(stacks)
	files, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".template.json")
		owner := ""
		for _, s := range stacks {
			if strings.HasPrefix(base, s) && len(s) > len(owner) {
				owner = s
			}
		}
		if owner == "" {
			return nil, fmt.Errorf("%s: no stack owns it", f)
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var tpl cfnTemplate
		if err := json.Unmarshal(raw, &tpl); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		lines, err := monthlyCost(tpl)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		byName[owner].lines = append(byName[owner].lines, lines...)
	}
	out := make([]stackCost, 0, len(stacks))
	for _, s := range stacks {
		out = append(out, *byName[s])
	}
	freeDashboardsPerAccount(out)
	return out, nil
}

// freeDashboardsPerAccount makes each account's first freeDashboards
// dashboards, in stack order, free: CloudWatch charges per dashboard
// beyond the account's first 3 (its other dashboards would count too).
func freeDashboardsPerAccount(costs []stackCost) {
	seen := map[string]int{}
	for _, c := range costs {
		for i, l := range c.lines {
			if !strings.HasPrefix(l.what, "dashboard ") {
				continue
			}
			seen[c.account]++
			if seen[c.account] <= freeDashboards {
				c.lines[i] = line{fmt.Sprintf("%s (%d of the account's %d free; $%.2f each beyond)", l.what, seen[c.account], freeDashboards, priceDashboardMonth), 0}
			}
		}
	}
}
