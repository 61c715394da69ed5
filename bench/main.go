// Command bench measures what synth costs a user of this library and writes
// bench/results.md; `make bench` runs it. Every figure is the median of
// -runs runs, all measured in this one run of the command:
//
//   - the example app's full synth through the CDK CLI, as `cdk synth` runs
//     it (cdk.json's app), against the floor: an empty Go CDK app with one
//     empty stack, run the same way;
//   - the example's fixed monthly cost per stack and account, priced from
//     its templates (bench/cost.go);
//   - the gateway account's synth for generated topologies of 1, 10, 50 and
//     150 services, with the largest template's resources and bytes against
//     the CloudFormation quotas, the gateway account's cost, the cost of one
//     more service, and the AWS quotas synth reports;
//   - `go test` over the CDK test packages, and the jsii runtimes it starts.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// CloudFormation quotas: resources per stack, and template body bytes when
// uploaded through S3 (which the CDK CLI does).
const (
	quotaResources = 500
	quotaBytes     = 1 << 20
	targetShare    = 0.8
	// Cost targets, in dollars a month: the example, and one more service
	// behind the gateway (its 2-AZ endpoint is $14.60).
	targetExample  = 140.0
	targetMarginal = 15.60
	// appRunsInTests is how many times test/accounts_test.go and
	// test/regions_test.go run the app.
	appRunsInTests = 9
)

type sample struct {
	wall   time.Duration
	maxRSS int64 // KiB, the largest process of the run's tree
}

type sizes struct {
	stack     string
	resources int
	bytes     int64
}

var (
	runs  = flag.Int("runs", 5, "runs per measurement (the median is reported)")
	out   = flag.String("out", "bench/results.md", "where to write the table")
	extra = flag.String("append", "bench/before.md", "a file to add under the table: the numbers before the changes it records")
)

func main() {
	flag.Parse()
	log.SetFlags(0)
	if err := os.MkdirAll("bin", 0o755); err != nil {
		log.Fatal(err)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks\n\nMeasured by `make bench` on %s: %d cores, Go %s, Node %s. Each figure is the median of %d runs.\n\n",
		time.Now().UTC().Format("2006-01-02"), numCPU(), goVersion(), nodeVersion(), *runs)

	// 1. The example against the floor, both through the CLI.
	example := median(*runs, func(dir string) sample { return cdkSynth(dir, "-c", "account=all") })
	floor := median(*runs, func(dir string) sample { return cdkSynth(dir, "--app", "go run ./bench/floor") })
	ratio := example.wall.Seconds() / floor.wall.Seconds()
	fmt.Fprintf(&b, "## Example synth against the floor\n\n| app | wall (s) | peak memory (MiB) |\n| --- | ---: | ---: |\n")
	fmt.Fprintf(&b, "| floor: empty app, one empty stack | %.2f | %d |\n", floor.wall.Seconds(), floor.maxRSS/1024)
	fmt.Fprintf(&b, "| example: 3 stacks, 3 accounts | %.2f | %d |\n\n", example.wall.Seconds(), example.maxRSS/1024)
	fmt.Fprintf(&b, "Ratio example/floor: **%.2f** (target at most 2.0: %s).\n\n", ratio, verdict(ratio <= 2.0))

	// 2. What the example costs a month, per stack and account.
	exampleDir, _ := os.MkdirTemp("", "bench-cost-")
	defer os.RemoveAll(exampleDir)
	cdkSynth(exampleDir, "-c", "account=all")
	costs, err := assemblyCost(exampleDir)
	if err != nil {
		log.Fatal(err)
	}
	total := 0.0
	fmt.Fprintf(&b, "## What the example costs\n\nFixed monthly cost from the synthesized templates, at the list prices in `bench/cost.go` (us-west-2, 730 hours, read 2026-11-23; requests, data and logs are extra):\n\n| account | stack | item | $/month |\n| --- | --- | --- | ---: |\n")
	for _, c := range costs {
		for _, l := range c.lines {
			fmt.Fprintf(&b, "| %s | %s | %s | %.2f |\n", c.account, c.stack, l.what, l.month)
		}
		fmt.Fprintf(&b, "| %s | **%s** | total | **%.2f** |\n", c.account, c.stack, sum(c.lines))
		total += sum(c.lines)
	}
	fmt.Fprintf(&b, "\nThe example: **$%.2f a month** (target at most $%.0f: %s).\n\n", total, targetExample, verdict(total <= targetExample))
	monitoringCost(&b, costs)
	fmt.Fprint(&b, tradeOffs)
	frontDoorCost(&b, costs)

	// 3. Generated topologies, gateway account: time, size, cost, quotas.
	fmt.Fprintf(&b, "## N services behind one gateway (gateway account's synth)\n\n| N | wall (s) | templates | largest template | resources | %% of %d | bytes | %% of 1 MiB | gateway $/month |\n| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n", quotaResources)
	var walls = map[int]time.Duration{}
	gatewayCost := map[int]float64{}
	quotaOK := true
	var warnings []string
	for _, n := range []int{1, 2, 10, 50, 51, 150} {
		topo := topology(n)
		runsN := *runs
		if n == 2 || n == 51 {
			runsN = 1 // for the marginal cost only
		}
		var largest sizes
		var templates int
		var said string
		s := median(runsN, func(dir string) sample {
			smp, out := cdkSynthOut(dir, "-c", "account=gateway", "-c", "topology="+topo)
			largest, templates, said = largestTemplate(dir), countTemplates(dir), out
			if c, err := assemblyCost(dir); err == nil {
				gatewayCost[n] = 0
				for _, st := range c {
					gatewayCost[n] += sum(st.lines)
				}
			} else {
				log.Fatal(err)
			}
			return smp
		})
		if n == 2 || n == 51 {
			continue
		}
		walls[n] = s.wall
		rShare, bShare := float64(largest.resources)/quotaResources, float64(largest.bytes)/quotaBytes
		quotaOK = quotaOK && rShare <= targetShare && bShare <= targetShare
		fmt.Fprintf(&b, "| %d | %.2f | %d | %s | %d | %.0f%% | %d | %.0f%% | %.2f |\n", n, s.wall.Seconds(), templates, largest.stack, largest.resources, 100*rShare, largest.bytes, 100*bShare, gatewayCost[n])
		if n == 150 {
			warnings = quotaWarnings(said)
		}
	}
	scale := walls[50].Seconds() / walls[1].Seconds()
	fmt.Fprintf(&b, "\nN=50 against N=1: **%.2fx** (target at most 4x: %s). Largest template at most 80%% of each quota: %s.\n\n", scale, verdict(scale <= 4), verdict(quotaOK))
	marginal, boundary := gatewayCost[2]-gatewayCost[1], gatewayCost[51]-gatewayCost[50]
	average := marginal + priceNlbHour*hoursPerMonth/50
	fmt.Fprintf(&b, "One more service costs the gateway account **$%.2f a month** (N=1 to 2: its interface endpoint in 2 AZs; target at most $%.2f: %s). "+
		"The 51st costs $%.2f: its endpoint and a second shared load balancer, one per %d services; with its share of a load balancer a service costs $%.2f (%s).\n\n",
		marginal, targetMarginal, verdict(marginal <= targetMarginal), boundary, 50, average, verdict(average <= targetMarginal))
	fmt.Fprintf(&b, "Default quotas N=150 reaches, as synth reports them (a warning at 80%% of a default quota or beyond an adjustable one, an error beyond a fixed one):\n\n")
	if len(warnings) == 0 {
		fmt.Fprintf(&b, "- none reported: **NOT met** (150 services need 150 interface endpoints in one VPC, over the default 50)\n")
	}
	for _, w := range warnings {
		fmt.Fprintf(&b, "- %s\n", w)
	}
	fmt.Fprintln(&b)

	consumersAtScale(&b)

	// 3. The CDK test packages.
	pkgs := []string{"./constructs/provider", "./constructs/consumer", "./test"}
	testWall, runtimes := goTest(pkgs)
	fmt.Fprintf(&b, "## Tests\n\n`go test -count=1 %s`: %.1f s, %d jsii runtimes started: one per CDK test package (%d), and %d by the %d runs of the built app in test/accounts_test.go and test/regions_test.go, which run it the way the CLI does.\n",
		strings.Join(pkgs, " "), testWall.Seconds(), runtimes, len(pkgs), appRunsInTests, appRunsInTests)
	if *extra != "" {
		raw, err := os.ReadFile(*extra)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(&b, "\n%s", raw)
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Print(b.String())
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

// median runs f n times, each in a fresh output directory, and returns the
// median wall time and the median peak memory.
func median(n int, f func(dir string) sample) sample {
	var walls []time.Duration
	var rss []int64
	for range n {
		dir, err := os.MkdirTemp("", "bench-")
		if err != nil {
			log.Fatal(err)
		}
		s := f(dir)
		os.RemoveAll(dir)
		walls, rss = append(walls, s.wall), append(rss, s.maxRSS)
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	sort.Slice(rss, func(i, j int) bool { return rss[i] < rss[j] })
	return sample{walls[n/2], rss[n/2]}
}

// cdkSynth runs the pinned CDK CLI as a user does, into dir.
func cdkSynth(dir string, args ...string) sample {
	s, _ := cdkSynthOut(dir, args...)
	return s
}

// cdkSynthOut is cdkSynth, also returning what the CLI printed.
func cdkSynthOut(dir string, args ...string) (sample, string) {
	cmd := exec.Command("npx", append([]string{"--no-install", "cdk", "synth", "--quiet", "--no-notices", "--lookups=false", "-o", dir}, args...)...)
	cmd.Env = append(os.Environ(), "CDK_DEFAULT_ACCOUNT=", "CDK_DISABLE_CLI_TELEMETRY=true")
	start := time.Now()
	msg, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		log.Fatalf("cdk synth %v: %v\n%s", args, err, msg)
	}
	// wait4 reports the largest peak of the process and the descendants it
	// waited for: here the node process of jsii or of the CLI.
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return sample{wall: wall, maxRSS: ru.Maxrss}, string(msg)
}

// quotaWarnings are the quota findings the CLI printed, without the
// construct paths, once each.
func quotaWarnings(out string) []string {
	seen := map[string]bool{}
	var list []string
	for _, l := range strings.Split(out, "\n") {
		i := strings.Index(l, "cdk-privatelink quota check: ")
		if i < 0 {
			continue
		}
		msg := strings.TrimSuffix(strings.TrimSpace(l[i+len("cdk-privatelink quota check: "):]), " (Annotation)")
		if !seen[msg] {
			seen[msg] = true
			list = append(list, msg)
		}
	}
	sort.Strings(list)
	return list
}

// countTemplates counts the templates in dir, nested ones included.
func countTemplates(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
	return len(files)
}

// largestTemplate finds the template with the most resources in dir,
// nested stack templates included.
func largestTemplate(dir string) sizes {
	files, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
	var best sizes
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		var t struct{ Resources map[string]any }
		if err := json.Unmarshal(raw, &t); err != nil {
			log.Fatal(err)
		}
		if len(t.Resources) > best.resources {
			best = sizes{strings.TrimSuffix(filepath.Base(f), ".template.json"), len(t.Resources), int64(len(raw))}
		}
	}
	return best
}

// topology is a gateway in front of n Fargate services, each in its own
// account, running a registry image (no Docker build, no asset copy).
func topology(n int) string {
	type svc struct {
		Name       string   `json:"name"`
		Account    string   `json:"account"`
		Kind       string   `json:"kind"`
		HealthPath string   `json:"healthPath"`
		Routes     []string `json:"routes"`
		Image      string   `json:"image"`
	}
	var services []svc
	for i := range n {
		name := fmt.Sprintf("svc%03d", i)
		services = append(services, svc{name, fmt.Sprintf("200000000%03d", i), "fargate", "/health",
			[]string{"/" + name, "/" + name + "/{proxy+}"}, "public.ecr.aws/docker/library/busybox:stable"})
	}
	raw, _ := json.Marshal(map[string]any{
		"region":   "us-west-2",
		"gateway":  map[string]any{"name": "gateway", "account": "111111111111", "zone": "internal.example"},
		"services": services,
	})
	return string(raw)
}

// goTest times the CDK test packages and counts the jsii runtimes (node
// processes running jsii-runtime.js) that appear while they run.
func goTest(pkgs []string) (time.Duration, int) {
	cmd := exec.Command("go", append([]string{"test", "-count=1"}, pkgs...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	seen := map[string]bool{}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case err := <-done:
			if err != nil {
				log.Fatalf("go test: %v", err)
			}
			return time.Since(start), len(seen)
		case <-time.After(50 * time.Millisecond):
			procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
			for _, p := range procs {
				// The runtime's entry process; it starts a worker of its own.
				if raw, err := os.ReadFile(p); err == nil && strings.Contains(string(raw), "/bin/jsii-runtime.js") {
					seen[p] = true
				}
			}
		}
	}
}

func numCPU() int {
	raw, _ := os.ReadFile("/proc/cpuinfo")
	return strings.Count(string(raw), "processor\t:")
}

func goVersion() string {
	out, _ := exec.Command("go", "env", "GOVERSION").Output()
	return strings.TrimSpace(string(out))
}

func nodeVersion() string {
	out, _ := exec.Command("node", "--version").Output()
	return strings.TrimSpace(string(out))
}

// tradeOffs are the cheaper shapes the example does not take, priced by the
// same table, and what each gives up.
const tradeOffs = `Cheaper shapes the example does not take (priced with the same table), because each buys its saving with resilience:

| change | $/month saved | what it gives up |
| --- | ---: | --- |
| ECR API, ECR Docker and Logs endpoints in 1 AZ instead of 2 | 21.90 | when that AZ fails, tasks the scheduler moves to the other AZ cannot pull their image or ship logs: no AZ failover for dognames |
| the gateway's endpoints in 1 AZ instead of 2 | 14.60 | the API fails with that AZ |
| one dognames task instead of two (or one todo instance) | 7.21 (3.71) | a task or instance failure is an outage until it is replaced |
| dognames' second task on Fargate Spot | 5.05 | after a Spot reclaim one task serves alone until another Spot task starts |
| an AWS Cloud Map integration instead of the gateway's shared load balancer | 16.43 | API Gateway picks Cloud Map instances with no health check: a failed AZ fails requests |

`

// frontDoorCertificateArn is a certificate of the example's gateway
// account and region, for the ALB front door shape's synth (nothing is
// deployed).
const frontDoorCertificateArn = "arn:aws:acm:us-west-2:111111111111:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"

// frontDoorCost prices the ALB front door shape (-c frontDoor=alb) in the
// gateway account against the example's gateway account (costs): what the
// front door adds by the hour, and what it adds per request.
func frontDoorCost(b *strings.Builder, costs []stackCost) {
	dir, _ := os.MkdirTemp("", "bench-frontdoor-")
	defer os.RemoveAll(dir)
	cdkSynth(dir, "-c", "account=gateway", "-c", "frontDoor=alb", "-c", "frontDoorCertificateArn="+frontDoorCertificateArn)
	withDoor, err := assemblyCost(dir)
	if err != nil {
		log.Fatal(err)
	}
	before, after := 0.0, 0.0
	for _, c := range costs {
		if c.account == "gateway" {
			before += sum(c.lines)
		}
	}
	fmt.Fprintf(b, "## The ALB front door (-c frontDoor=alb)\n\nThe gateway account with consumer.AlbFrontDoor beside the HTTP API, in front of the same endpoints (same table):\n\n| stack | item | $/month |\n| --- | --- | ---: |\n")
	for _, c := range withDoor {
		for _, l := range c.lines {
			if strings.HasPrefix(l.what, "application load balancer") || strings.HasPrefix(l.what, "AWS WAF") {
				fmt.Fprintf(b, "| %s | %s | %.2f |\n", c.stack, l.what, l.month)
			}
		}
		after += sum(c.lines)
	}
	fmt.Fprintf(b, "\nThe front door adds **$%.2f a month** to the gateway account ($%.2f to $%.2f) before usage: "+
		"$%.3f per LCU-hour (a light load is a fraction of one LCU; one LCU all month is $%.2f), $%.2f per million requests "+
		"AWS WAF inspects, and its logs (CloudWatch Logs vended-log ingestion, and the access logs' S3 storage, kept 90 days). "+
		"Without the HTTP API the gateway account would not pay for its load balancers' NLB hours, and API Gateway's "+
		"$1.00 per million requests.\n\n", after-before, before, after, priceAlbLcuHour, priceAlbLcuHour*hoursPerMonth, priceWafMillionRequest)
}

// monitoringCost is what each account pays for its alarms, their topic's
// key, its dashboard and its custom metrics, from the priced lines.
func monitoringCost(b *strings.Builder, costs []stackCost) {
	type account struct {
		alarms, alarmMetrics, keys, dashboards, custom, canaries int
		month                                                    float64
	}
	var order []string
	by := map[string]*account{}
	for _, c := range costs {
		a := by[c.account]
		if a == nil {
			a = &account{}
			by[c.account] = a
			order = append(order, c.account)
		}
		for _, l := range c.lines {
			switch {
			case strings.HasPrefix(l.what, "alarm "):
				a.alarms++
				a.alarmMetrics += int(l.month/priceAlarmMetricMonth + 0.5)
			case strings.HasPrefix(l.what, "KMS key AlarmTopicKey"):
				a.keys++
			case strings.HasPrefix(l.what, "dashboard "):
				a.dashboards++
			case strings.HasPrefix(l.what, "custom metric "):
				a.custom++
			case strings.HasPrefix(l.what, "canary "):
				a.canaries++
			default:
				continue
			}
			a.month += l.month
		}
	}
	fmt.Fprintf(b, "Monitoring, per account (in the table above): alarms at $%.2f per metric each reads (a metric-math alarm reads several), "+
		"the alarm topic's KMS key, dashboards at $%.2f each beyond the account's first %d (free; an account's other dashboards count too), "+
		"the 429 metric filter's custom metric at $%.2f, and the gateway's canary at $%.4f a run (before the runs' Lambda time and S3 requests). Alarm and custom metrics are at list price, before the free tier's 10 of each per account. "+
		"Auto Scaling group metrics are free; the Fargate cluster's Container Insights metrics are custom metrics too, not priced here (their number grows with services and task families).\n\n"+
		"| account | alarms (metrics) | alarm topic keys | dashboards | custom metrics | canaries | $/month |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
		priceAlarmMetricMonth, priceDashboardMonth, freeDashboards, priceCustomMetricMonth, priceCanaryRun)
	for _, name := range order {
		a := by[name]
		fmt.Fprintf(b, "| %s | %d (%d) | %d | %d | %d | %d | %.2f |\n", name, a.alarms, a.alarmMetrics, a.keys, a.dashboards, a.custom, a.canaries, a.month)
	}
	fmt.Fprintln(b)
}

// EC2's request token buckets (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html,
// read 2026-12-02): per account and region, mutating actions 50 tokens
// refilled at 5 a second, non-mutating (Describe*) 100 at 20; PrivateLink's
// actions are also throttled per organization, at limits AWS does not
// publish.
const (
	mutatingBucket, mutatingRefill       = 50, 5
	nonMutatingBucket, nonMutatingRefill = 100, 20
)

// consumersAtScale measures the consumers' StackSet at N consumer
// accounts, for the allow-list the example uses (provider.OrganizationAcceptance:
// "*" and a function that accepts the OUs' accounts) and for the one it
// rejected (each account named in the provider's allow-list): what grows
// with N, synth, the cost of each consumer account, and the calls of one
// onboarding and of a full reconcile against the documented buckets.
func consumersAtScale(b *strings.Builder) {
	var raw map[string]any
	_ = json.Unmarshal([]byte(exampleTopology()), &raw)
	for _, svc := range raw["services"].([]any) {
		if m := svc.(map[string]any); m["name"] == "dognames" {
			m["image"] = "public.ecr.aws/docker/library/busybox:stable"
		}
	}
	raw["consumers"] = map[string]any{"service": "dognames", "organizationalUnitIds": []string{"ou-ab12-cdef3456"}}
	accepting, _ := json.Marshal(raw)
	var provBytes, setBytes int
	var perAccount float64
	smp := median(1, func(dir string) sample {
		sm := cdkSynth(dir, "-c", "account=dognames", "-c", "topology="+string(accepting))
		provBytes = readTemplate(filepath.Join(dir, "dognames-provider.template.json")).bytes
		sm2 := cdkSynth(dir+"-tooling", "-c", "account=consumers", "-c", "topology="+string(accepting))
		set := readTemplate(filepath.Join(dir+"-tooling", "consumers.template.json"))
		setBytes = set.bytes
		for _, r := range set.doc.Resources {
			if r.Type == "AWS::CloudFormation::StackSet" {
				var inner cfnTemplate
				body, _ := r.Properties["TemplateBody"].(string)
				if err := json.Unmarshal([]byte(body), &inner); err != nil {
					log.Fatal(err)
				}
				lines, err := monthlyCost(withSubnets(inner, 2))
				if err != nil {
					log.Fatal(err)
				}
				perAccount = sum(lines)
			}
		}
		return sample{wall: sm.wall + sm2.wall}
	})
	fmt.Fprintf(b, "## N consumer accounts through the StackSet (-c consumers)\n\n"+
		"With acceptance (the example's): the provider admits any principal and its function accepts the OUs' accounts, so nothing in a template grows with N. "+
		"Synth of the provider's and the tooling account's stacks: %.1f s; the provider's template %d bytes, the tooling account's %d; each consumer account pays $%.2f a month "+
		"(its endpoint in 2 zones and its private zone, before $0.01 per GB processed).\n\n"+
		"| N | allowed principals | a reconcile's calls: organizations:List* / ec2:Describe / Accept | one onboarding's calls (provider account) |\n| ---: | ---: | --- | --- |\n",
		smp.wall.Seconds(), provBytes, setBytes, perAccount)
	for _, n := range []int{10, 100, 1000} {
		// ListAccountsForParent returns at most 20 accounts a page, and
		// DescribeVpcEndpointConnections 1000 connections; Accept takes the
		// function's batches of 50.
		lists, describes, accepts := (n+19)/20+1, (n+1000)/1000, (n+49)/50
		fmt.Fprintf(b, "| %d | 1 (`*`) | %d / %d / %d (the first, accepting all) | %d / %d / 1 |\n", n, lists, describes, accepts, lists, describes)
	}
	fmt.Fprintf(b, "\nRejected instead: naming each account in the provider's allow-list. Its size grows with N, and a joining account's endpoint is refused until the list names it and the provider is deployed again:\n\n"+
		"| N | synth, provider account (s) | allowed principals | permissions resource (bytes) | provider template (bytes) |\n| ---: | ---: | ---: | ---: | ---: |\n")
	delete(raw, "consumers")
	for _, n := range []int{10, 100, 1000} {
		var accounts []string
		for i := range n {
			accounts = append(accounts, fmt.Sprintf("7%011d", i))
		}
		for _, svc := range raw["services"].([]any) {
			if m := svc.(map[string]any); m["name"] == "dognames" {
				m["allowedConsumers"] = accounts
			}
		}
		topo, _ := json.Marshal(raw)
		var principals, permBytes, bytes int
		s := median(1, func(dir string) sample {
			sm := cdkSynth(dir, "-c", "account=dognames", "-c", "topology="+string(topo))
			prov := readTemplate(filepath.Join(dir, "dognames-provider.template.json"))
			bytes = prov.bytes
			for _, r := range prov.doc.Resources {
				if r.Type == "AWS::EC2::VPCEndpointServicePermissions" {
					principals = len(asList(r.Properties["AllowedPrincipals"]))
					j, _ := json.Marshal(r)
					permBytes = len(j)
				}
			}
			return sm
		})
		fmt.Fprintf(b, "| %d | %.1f | %d | %d | %d |\n", n, s.wall.Seconds(), principals, permBytes, bytes)
	}
	fmt.Fprintf(b, "\nOne onboarding with acceptance: in the consumer account, CreateVpcEndpoint once (a mutating EC2 action: a bucket of %d refilled at %d a second) "+
		"and DescribeVpcEndpoints while CloudFormation waits (non-mutating: %d at %d a second); the Connect event runs the provider's function once, whose calls are above "+
		"(its reconcile every 15 minutes costs the same without the Accept). With the StackSet's pace (a quarter of an OU at a time), a thousand accounts onboard in four "+
		"steps of 250 CreateVpcEndpoint calls, each in its own account's bucket, and the provider's function runs once per Connect; PrivateLink's per-organization throttle, "+
		"whose figure AWS does not publish, is what FailureTolerancePercentage and MaxConcurrentPercentage leave room for. (%s)\n\n",
		mutatingBucket, mutatingRefill, nonMutatingBucket, nonMutatingRefill, "https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html")
}

// withSubnets is the StackSet's template with its endpoint in n subnets, as
// the landing zone's parameter gives them (a parameter in the template).
func withSubnets(t cfnTemplate, n int) cfnTemplate {
	for id, r := range t.Resources {
		if r.Type == "AWS::EC2::VPCEndpoint" {
			subnets := make([]any, n)
			r.Properties["SubnetIds"] = subnets
			t.Resources[id] = r
		}
	}
	return t
}

type template struct {
	bytes int
	doc   cfnTemplate
}

func readTemplate(path string) template {
	raw, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	var t cfnTemplate
	if err := json.Unmarshal(raw, &t); err != nil {
		log.Fatal(err)
	}
	return template{len(raw), t}
}

// exampleTopology is cdk.json's topology, as JSON.
func exampleTopology() string {
	raw, err := os.ReadFile("cdk.json")
	if err != nil {
		log.Fatal(err)
	}
	var cfg struct {
		Context map[string]json.RawMessage `json:"context"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		log.Fatal(err)
	}
	return string(cfg.Context["topology"])
}
