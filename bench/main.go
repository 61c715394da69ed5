// Command bench measures what synth costs a user of this library and writes
// bench/results.md; `make bench` runs it. Every figure is the median of
// -runs runs, all measured in this one run of the command:
//
//   - the example app's full synth through the CDK CLI, as `cdk synth` runs
//     it (cdk.json's app), against the floor: an empty Go CDK app with one
//     empty stack, run the same way;
//   - the gateway account's synth for generated topologies of 1, 10 and 50
//     services, with the largest template's resources and bytes against the
//     CloudFormation quotas;
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
	// appRunsInTests is how many times test/accounts_test.go runs the app.
	appRunsInTests = 5
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

	// 2. Generated topologies, gateway account.
	fmt.Fprintf(&b, "## N services behind one gateway (gateway account's synth)\n\n| N | wall (s) | largest template | resources | %% of %d | bytes | %% of 1 MiB |\n| ---: | ---: | --- | ---: | ---: | ---: | ---: |\n", quotaResources)
	var walls = map[int]time.Duration{}
	quotaOK := true
	for _, n := range []int{1, 10, 50} {
		topo := topology(n)
		var largest sizes
		s := median(*runs, func(dir string) sample {
			smp := cdkSynth(dir, "-c", "account=gateway", "-c", "topology="+topo)
			largest = largestTemplate(dir)
			return smp
		})
		walls[n] = s.wall
		rShare, bShare := float64(largest.resources)/quotaResources, float64(largest.bytes)/quotaBytes
		quotaOK = quotaOK && rShare <= targetShare && bShare <= targetShare
		fmt.Fprintf(&b, "| %d | %.2f | %s | %d | %.0f%% | %d | %.0f%% |\n", n, s.wall.Seconds(), largest.stack, largest.resources, 100*rShare, largest.bytes, 100*bShare)
	}
	scale := walls[50].Seconds() / walls[1].Seconds()
	fmt.Fprintf(&b, "\nN=50 against N=1: **%.2fx** (target at most 4x: %s). Largest template at most 80%% of each quota: %s.\n\n", scale, verdict(scale <= 4), verdict(quotaOK))

	// 3. The CDK test packages.
	pkgs := []string{"./constructs/provider", "./constructs/consumer", "./test"}
	testWall, runtimes := goTest(pkgs)
	fmt.Fprintf(&b, "## Tests\n\n`go test -count=1 %s`: %.1f s, %d jsii runtimes started: one per CDK test package (%d), and %d by the %d runs of the built app in test/accounts_test.go, which checks per-account selection the way the CLI runs the app.\n",
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
	cmd := exec.Command("npx", append([]string{"--no-install", "cdk", "synth", "--quiet", "--no-notices", "-o", dir}, args...)...)
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
	return sample{wall: wall, maxRSS: ru.Maxrss}
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
		name := fmt.Sprintf("svc%02d", i)
		services = append(services, svc{name, fmt.Sprintf("2000000000%02d", i), "fargate", "/health",
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
