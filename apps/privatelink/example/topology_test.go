package example

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// repoRoot is the repository's root, where the services' sources are.
var repoRoot, _ = filepath.Abs(filepath.Join("..", "..", ".."))

// projectTopology is the "topology" of the repository's cdk.json: the
// example everyone synthesizes.
func projectTopology(t *testing.T) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "cdk.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct{ Context map[string]any }
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	topo, _ := cfg.Context["topology"].(map[string]any)
	if topo == nil {
		t.Fatal(`cdk.json has no context "topology"`)
	}
	return topo
}

// mutate returns a deep copy of the project topology changed by f.
func mutate(t *testing.T, f func(map[string]any)) map[string]any {
	t.Helper()
	raw, _ := json.Marshal(projectTopology(t))
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	f(m)
	return m
}

func service(m map[string]any, i int) map[string]any {
	return m["services"].([]any)[i].(map[string]any)
}

func TestProjectTopology(t *testing.T) {
	topo, err := Parse(projectTopology(t), repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	if topo.Region != "us-west-2" || topo.Gateway.Account != "111111111111" || len(topo.Services) != 2 {
		t.Fatalf("unexpected example topology: %+v", topo)
	}
	want := []Service{
		{Name: "dognames", Account: "222222222222", Kind: KindFargate, Port: 8080, ListenerPort: 10000, HealthPath: "/health", Routes: []string{"/dogs", "/dogs/{proxy+}"}, Source: "apps/dognames", Context: "apps"},
		{Name: "todo", Account: "333333333333", Kind: KindEc2, Port: 8080, ListenerPort: 10001, HealthPath: "/health", Routes: []string{"/todo", "/todo/{proxy+}"}, Source: "./apps/todo", InstanceType: "t4g.nano", TableEnv: "TODO_TABLE"},
	}
	if !reflect.DeepEqual(topo.Services, want) {
		t.Fatalf("services = %+v\nwant %+v", topo.Services, want)
	}
	if strings.Join(topo.ProviderAzIds, ",") != "usw2-az1,usw2-az2,usw2-az3,usw2-az4" || strings.Join(topo.Gateway.AzIds, ",") != "usw2-az1,usw2-az2" ||
		topo.BootstrapQualifier != "hnb659fds" || topo.Gateway.Zone != "internal.example" {
		t.Fatalf("defaults: %+v", topo)
	}
}

// TestRegionDefaults: the AZ IDs follow the region, and the gateway takes
// the first two zones where VPC links work (us-east-1 has none in use1-az3).
func TestRegionDefaults(t *testing.T) {
	for region, want := range map[string][2]string{
		"us-east-1":      {"use1-az1,use1-az2,use1-az4,use1-az5,use1-az6", "use1-az1,use1-az2"},
		"eu-central-1":   {"euc1-az1,euc1-az2,euc1-az3", "euc1-az1,euc1-az2"},
		"ap-southeast-2": {"apse2-az1,apse2-az2,apse2-az3", "apse2-az1,apse2-az2"},
	} {
		topo, err := Parse(mutate(t, func(m map[string]any) { m["region"] = region }), repoRoot)
		if err != nil {
			t.Fatalf("%s: %v", region, err)
		}
		if got := [2]string{strings.Join(topo.ProviderAzIds, ","), strings.Join(topo.Gateway.AzIds, ",")}; got != want {
			t.Errorf("%s: zones %v, want %v", region, got, want)
		}
	}
	topo, err := Parse(mutate(t, func(m map[string]any) {
		m["region"] = "us-east-1"
		m["providerAzIds"] = []any{"use1-az3", "use1-az4", "use1-az6"}
	}), repoRoot)
	if err != nil || strings.Join(topo.Gateway.AzIds, ",") != "use1-az4,use1-az6" {
		t.Fatalf("gateway zones skip use1-az3 (no VPC link there): %v, %v", topo.Gateway.AzIds, err)
	}
}

func TestDefaultRegion(t *testing.T) {
	topo, err := Parse(mutate(t, func(m map[string]any) { delete(m, "region") }), repoRoot)
	if err != nil || topo.Region != "us-west-2" {
		t.Fatalf("region defaults to %q (%v), want us-west-2", topo.Region, err)
	}
}

func TestParseAsString(t *testing.T) {
	raw, _ := json.Marshal(projectTopology(t))
	if _, err := Parse(string(raw), repoRoot); err != nil {
		t.Fatalf("a topology given with -c as a JSON string: %v", err)
	}
}

func TestTopologyValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(map[string]any)
		want   string
	}{
		{"region", func(m map[string]any) { m["region"] = "us-west" }, `topology: region "us-west": not a region this example knows; want one of ap-east-1,`},
		{"misspelt region", func(m map[string]any) { m["region"] = "us-wset-2" }, `topology: region "us-wset-2": not a region this example knows`},
		{"provider zone of another region", func(m map[string]any) { m["providerAzIds"] = []any{"usw2-az1", "use1-az1"} }, `providerAzIds[1] "use1-az1": not an AZ ID of us-west-2`},
		{"AZ name for an AZ ID", func(m map[string]any) { m["providerAzIds"] = []any{"us-west-2a"} }, `providerAzIds[0] "us-west-2a": want an AZ ID such as usw2-az1`},
		{"gateway zone outside the providers'", func(m map[string]any) {
			m["providerAzIds"] = []any{"usw2-az1", "usw2-az2"}
			m["gateway"].(map[string]any)["azIds"] = []any{"usw2-az2", "usw2-az3"}
		}, `gateway.azIds ["usw2-az2" "usw2-az3"]: ["usw2-az3"] not among providerAzIds ["usw2-az1" "usw2-az2"]`},
		{"gateway zone without VPC links", func(m map[string]any) {
			m["region"] = "us-east-1"
			m["gateway"].(map[string]any)["azIds"] = []any{"use1-az3"}
			m["providerAzIds"] = []any{"use1-az3"}
		}, `gateway.azIds ["use1-az3"]: API Gateway VPC links do not work in ["use1-az3"]`},
		{"gateway account", func(m map[string]any) { m["gateway"].(map[string]any)["account"] = "1111" }, `gateway.account "1111": want a 12-digit AWS account ID`},
		{"service account", func(m map[string]any) { service(m, 1)["account"] = "33333333333x" }, `services[1].account "33333333333x"`},
		{"image refresh on fargate", func(m map[string]any) { service(m, 0)["imageRefresh"] = "2026-12-01" }, `services[0].imageRefresh "2026-12-01": only ec2 services run on instances`},
		{"kind", func(m map[string]any) { service(m, 0)["kind"] = "lambda" }, `services[0].kind "lambda": want "fargate" or "ec2"`},
		{"port", func(m map[string]any) { service(m, 1)["port"] = 70000 }, `services[1].port 70000: want a whole number from 1 to 65535`},
		{"listener port below the gateway's", func(m map[string]any) { service(m, 1)["listenerPort"] = 8080 }, `services[1].listenerPort 8080: want a whole number from 10000 to 65535`},
		{"listener port taken", func(m map[string]any) { service(m, 1)["listenerPort"] = 10000 }, `services[1].listenerPort 10000: also the listener of "dognames"; want one per service`},
		{"route", func(m map[string]any) { service(m, 0)["routes"] = []any{"dogs"} }, `services[0].routes[0] "dogs": it must start with /`},
		{"route collision", func(m map[string]any) { service(m, 1)["routes"] = []any{"/dogs"} }, `services[1].routes[0] "/dogs": also a route of "dognames"`},
		{"no routes", func(m map[string]any) { service(m, 1)["routes"] = []any{} }, `services[1].routes is empty`},
		{"duplicate name", func(m map[string]any) { service(m, 1)["name"] = "dognames" }, `services[1].name "dognames": taken`},
		{"gateway named as a provider stack", func(m map[string]any) { m["gateway"].(map[string]any)["name"] = "todo-dns" },
			`gateway.name "todo-dns": the name of a stack of service "todo"; want another name`},
		{"names differing in hyphens", func(m map[string]any) { service(m, 1)["name"] = "dog-names" },
			`services[1].name "dog-names": differs from "dognames" only in hyphens, and the two would share the gateway's parameter of their service name; want names that differ in a letter or digit`},
		{"consumer principal", func(m map[string]any) { service(m, 0)["allowedConsumers"] = []any{"12"} }, `services[0].allowedConsumers[0] "12"`},
		{"service name", func(m map[string]any) { service(m, 0)["serviceName"] = "vpce-svc-1" }, `services[0].serviceName "vpce-svc-1": want an endpoint service name`},
		{"service name region", func(m map[string]any) {
			service(m, 0)["serviceName"] = "com.amazonaws.vpce.us-east-1.vpce-svc-00511039988fe3e47"
		}, `in us-east-1, but the topology's region is us-west-2`},
		{"health path", func(m map[string]any) { service(m, 0)["healthPath"] = "health" }, `services[0].healthPath "health": want an absolute path`},
		{"image on ec2", func(m map[string]any) { service(m, 1)["image"] = "nginx" }, `services[1].image "nginx": only fargate services run images`},
		{"instance type on fargate", func(m map[string]any) { service(m, 0)["instanceType"] = "t4g.nano" }, `services[0].instanceType "t4g.nano": only ec2 services run on instances`},
		{"instance type", func(m map[string]any) { service(m, 1)["instanceType"] = "large" }, `services[1].instanceType "large": want an EC2 instance type such as t4g.nano`},
		{"unknown field", func(m map[string]any) { m["regoin"] = "x" }, "topology: regoin: unknown field; want one of bootstrapQualifier, consumers, domain, gateway, providerAzIds, region, services, tooling"},
		{"no services", func(m map[string]any) { m["services"] = []any{} }, "services is empty"},
		// Strictness: a typo, a wrong type or an empty value is named, never
		// ignored or silently defaulted.
		{"unknown service field", func(m map[string]any) { service(m, 1)["prot"] = 9000 }, "topology: services[1].prot: unknown field; want one of account, allowedConsumers, context, healthPath, hostedZoneId, image, imageRefresh, instanceType, kind, listenerPort, name, port, routes, serviceName, source, tableEnv"},
		{"the old providerAzs count", func(m map[string]any) { m["providerAzs"] = 0 }, "topology: providerAzs: unknown field; want one of bootstrapQualifier, consumers, domain, gateway, providerAzIds, region, services, tooling"},
		{"unknown gateway field", func(m map[string]any) { m["gateway"].(map[string]any)["azs"] = 2 }, "topology: gateway.azs: unknown field; want one of account, azIds, name, zone"},
		{"account as a number", func(m map[string]any) { service(m, 0)["account"] = 222222222222 }, `topology: services[0].account: the number 2.22222222222e+11, want a string (in quotes, "...")`},
		{"port as a string", func(m map[string]any) { service(m, 1)["port"] = "8080" }, `topology: services[1].port: the string "8080", want a number`},
		{"routes as a string", func(m map[string]any) { service(m, 0)["routes"] = "/dogs" }, `topology: services[0].routes: the string "/dogs", want a list`},
		{"services as an object", func(m map[string]any) { m["services"] = map[string]any{} }, "topology: services: an object, want a list"},
		{"null gateway", func(m map[string]any) { m["gateway"] = nil }, "topology: gateway: null, want an object"},
		{"port zero", func(m map[string]any) { service(m, 1)["port"] = 0 }, "topology: services[1].port 0: want a whole number from 1 to 65535; leave it out for 8080"},
		{"fractional port", func(m map[string]any) { service(m, 1)["port"] = 80.5 }, "topology: services[1].port 80.5: want a whole number from 1 to 65535; leave it out for 8080"},
		{"empty region", func(m map[string]any) { m["region"] = "" }, "topology: region is empty: leave it out for its default (us-west-2), or give a value"},
		{"empty zone", func(m map[string]any) { m["gateway"].(map[string]any)["zone"] = "" }, "topology: gateway.zone is empty: leave it out for its default (no private zone), or give a value"},
		{"empty health path", func(m map[string]any) { service(m, 0)["healthPath"] = "" }, "topology: services[0].healthPath is empty: leave it out for its default (a TCP health check), or give a value"},
		{"empty instance type", func(m map[string]any) { service(m, 1)["instanceType"] = "" }, "topology: services[1].instanceType is empty: leave it out for its default (t4g.nano), or give a value"},
		{"empty name", func(m map[string]any) { service(m, 1)["name"] = "" }, `topology: services[1].name "": want`},
		{"missing source", func(m map[string]any) { delete(service(m, 0), "source") }, "topology: services[0].source is empty: want the service's directory, such as apps/dognames"},
		{"fargate source without a Dockerfile", func(m map[string]any) { service(m, 0)["source"] = "apps/nosuch" }, `topology: services[0].source "apps/nosuch": `},
		{"fargate source outside its context", func(m map[string]any) { service(m, 0)["context"] = "apps/todo" }, `topology: services[0].source "apps/dognames": not inside services[0].context "apps/todo"`},
		{"ec2 source missing", func(m map[string]any) { service(m, 1)["source"] = "apps/nosuch" }, `topology: services[1].source "apps/nosuch": not a Go main package under the repository (go list: `},
		{"ec2 source not a main package", func(m map[string]any) { service(m, 1)["source"] = "apps/serve" }, `topology: services[1].source "apps/serve": not a Go main package under the repository (go list: package serve); want the directory of the service's main package, such as apps/todo`},
		{"context on ec2", func(m map[string]any) { service(m, 1)["context"] = "apps" }, `topology: services[1].context "apps": only fargate services build an image`},
		{"domain", func(m map[string]any) { m["domain"] = "Example.com" }, `topology: domain "Example.com"`},
		{"empty domain", func(m map[string]any) { m["domain"] = "" }, "topology: domain is empty: leave it out for its default (no TLS), or give a value"},
		{"hosted zone without domain", func(m map[string]any) { service(m, 0)["hostedZoneId"] = "Z0123456789ABCDEFGHIJ" }, `topology: services[0].hostedZoneId "Z0123456789ABCDEFGHIJ": only with domain`},
		{"bad hosted zone", func(m map[string]any) {
			m["domain"] = "example.com"
			service(m, 0)["hostedZoneId"] = "example.com"
		}, `topology: services[0].hostedZoneId "example.com": want a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ`},
		{"table on fargate", func(m map[string]any) { service(m, 0)["tableEnv"] = "T" }, `topology: services[0].tableEnv "T": only ec2 services get a table here`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(mutate(t, tc.change), repoRoot)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Parse(`{"region": `, repoRoot); err == nil || !strings.Contains(err.Error(), "topology: not JSON (unexpected end of JSON input): want an object such as cdk.json's") {
		t.Fatalf("Parse(broken JSON) = %v", err)
	}
	if _, err := Parse(nil, repoRoot); err == nil || !strings.Contains(err.Error(), `no "topology" in its context`) {
		t.Fatalf("Parse(nil) = %v", err)
	}
}

// TestEveryProblemAtOnce: one synth reports all of a topology's problems,
// each with its location, so a user fixes them in one pass.
func TestEveryProblemAtOnce(t *testing.T) {
	_, err := Parse(mutate(t, func(m map[string]any) {
		m["regoin"] = "us-east-1"
		service(m, 0)["port"] = "80"
		service(m, 1)["account"] = "3333"
		service(m, 1)["prot"] = 9000
	}), repoRoot)
	if err == nil {
		t.Fatal("a topology with four problems parsed")
	}
	// The shape problems stop Parse before values are checked: a value of
	// the wrong type cannot be checked further.
	want := "topology: regoin: unknown field; want one of bootstrapQualifier, consumers, domain, gateway, providerAzIds, region, services, tooling\n" +
		"topology: services[0].port: the string \"80\", want a number\n" +
		"topology: services[1].prot: unknown field; want one of account, allowedConsumers, context, healthPath, hostedZoneId, image, imageRefresh, instanceType, kind, listenerPort, name, port, routes, serviceName, source, tableEnv"
	if err.Error() != want {
		t.Fatalf("error =\n%v\nwant\n%v", err, want)
	}
	_, err = Parse(mutate(t, func(m map[string]any) {
		service(m, 0)["port"] = 0
		service(m, 1)["account"] = "3333"
	}), repoRoot)
	for _, want := range []string{"services[0].port 0:", `services[1].account "3333"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to report %q", err, want)
		}
	}
}

// TestSourcesNotChecked: with no root (a topology read outside the
// repository, as by the bench), sources are not looked for.
func TestSourcesNotChecked(t *testing.T) {
	if _, err := Parse(mutate(t, func(m map[string]any) { service(m, 1)["source"] = "apps/nosuch" }), ""); err != nil {
		t.Fatal(err)
	}
}

func TestContextOptions(t *testing.T) {
	topo, err := Parse(projectTopology(t), repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	name := "com.amazonaws.vpce.us-west-2.vpce-svc-00511039988fe3e47"
	opts, err := ContextOptions(topo, repoRoot, map[string]any{
		"image.dognames": "public.ecr.aws/nginx/nginx:1.27", "serviceName.todo": name,
		"account": "all", "topology": map[string]any{}, // other context is not ours
	})
	if err != nil {
		t.Fatal(err)
	}
	if opts.Root != repoRoot || !reflect.DeepEqual(opts.Images, map[string]string{"dognames": "public.ecr.aws/nginx/nginx:1.27"}) ||
		!reflect.DeepEqual(opts.ServiceNames, map[string]string{"todo": name}) {
		t.Fatalf("options = %+v", opts)
	}
	for _, tc := range []struct {
		context map[string]any
		want    string
	}{
		{map[string]any{"image.dogname": "nginx"}, "-c image.dogname: the topology has no service \"dogname\"; its services are dognames, todo"},
		{map[string]any{"serviceName.cats": name}, "-c serviceName.cats: the topology has no service \"cats\""},
		{map[string]any{"image.dognames": ""}, "-c image.dognames: want a value, as -c image.dognames=<value>"},
		{map[string]any{"image.todo": "nginx"}, "-c image.todo=nginx: todo is an ec2 service; only fargate services run images"},
		{map[string]any{"serviceName.todo": "vpce-svc-123"}, "-c serviceName.todo=vpce-svc-123: want an endpoint service name"},
		{map[string]any{"domain": "-example.com"}, "-c domain=-example.com: want a domain name such as example.com"},
		{map[string]any{"serviceName.todo": "com.amazonaws.vpce.eu-west-1.vpce-svc-00511039988fe3e47"}, "-c serviceName.todo=com.amazonaws.vpce.eu-west-1.vpce-svc-00511039988fe3e47: a service in eu-west-1, but the topology's region is us-west-2"},
	} {
		if _, err := ContextOptions(topo, repoRoot, tc.context); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ContextOptions(%v) = %v, want an error containing %q", tc.context, err, tc.want)
		}
	}
}

// TestDomain: -c domain turns TLS on for every service, each served as
// <name>.<domain>; without it, none.
func TestDomain(t *testing.T) {
	topo, err := Parse(projectTopology(t), repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	if got := topo.Services[0].DomainName(topo); got != "" {
		t.Fatalf("without a domain, DomainName = %q", got)
	}
	if _, err := ContextOptions(topo, repoRoot, map[string]any{"domain": "example.com"}); err != nil {
		t.Fatal(err)
	}
	if topo.Domain != "example.com" || topo.Services[0].DomainName(topo) != "dognames.example.com" || topo.Services[1].DomainName(topo) != "todo.example.com" {
		t.Fatalf("domain %q, names %q %q", topo.Domain, topo.Services[0].DomainName(topo), topo.Services[1].DomainName(topo))
	}
}

func TestSelect(t *testing.T) {
	topo, err := Parse(projectTopology(t), repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		forced, env string
		gateway     bool
		services    []string
	}{
		{"", "", true, []string{"dognames", "todo"}},
		{"all", "999999999999", true, []string{"dognames", "todo"}},
		{"", "111111111111", true, nil},
		{"", "222222222222", false, []string{"dognames"}},
		{"", "333333333333", false, []string{"todo"}},
		{"todo", "111111111111", false, []string{"todo"}},
		{"gateway", "", true, nil},
		{"222222222222", "", false, []string{"dognames"}},
	} {
		sel, err := topo.Select(tc.forced, tc.env)
		if err != nil {
			t.Fatalf("Select(%q, %q): %v", tc.forced, tc.env, err)
		}
		var got []string
		for _, s := range topo.Services {
			if sel.Services[s.Name] {
				got = append(got, s.Name)
			}
		}
		if sel.Gateway != tc.gateway || !reflect.DeepEqual(got, tc.services) {
			t.Fatalf("Select(%q, %q) = gateway %v, services %v; want %v, %v", tc.forced, tc.env, sel.Gateway, got, tc.gateway, tc.services)
		}
	}
	_, err = topo.Select("", "999999999999")
	want := `the credentials' account (CDK_DEFAULT_ACCOUNT) is "999999999999", which is not in the topology: configured accounts are dognames=222222222222, gateway=111111111111, todo=333333333333`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("unknown account: %v", err)
	}
	if _, err = topo.Select("cats", ""); err == nil || !strings.Contains(err.Error(), `-c account is "cats"`) {
		t.Fatalf("unknown forced name: %v", err)
	}
}

// TestConsumers: -c consumers=<service>@<ou>[,<ou>] adds the consumers'
// StackSet, selected with the tooling account and in the gateway's wave;
// what cannot work is refused, naming the flag or the field.
func TestConsumers(t *testing.T) {
	topo, err := Parse(projectTopology(t), repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ContextOptions(topo, repoRoot, map[string]any{"consumers": "dognames@ou-ab12-cdef3456,ou-ab12-cdef3457"}); err != nil {
		t.Fatal(err)
	}
	if c := topo.Consumers; c == nil || c.Service != "dognames" || !reflect.DeepEqual(c.OrganizationalUnitIds, []string{"ou-ab12-cdef3456", "ou-ab12-cdef3457"}) {
		t.Fatalf("consumers = %+v", topo.Consumers)
	}
	if got := topo.Waves(); !reflect.DeepEqual(got[1].Roles, []string{GatewayRole, ConsumersRole}) {
		t.Errorf("waves %+v, want the consumers' StackSet with the gateway, after the providers", got)
	}
	for _, pick := range []string{"consumers", topo.Tooling.Account, "all"} {
		sel, err := topo.Select(pick, "")
		if err != nil || !sel.Consumers {
			t.Errorf("Select(%q) = %+v, %v; want the consumers' stack", pick, sel, err)
		}
	}
	if sel, _ := topo.Select("gateway", ""); sel.Consumers {
		t.Error("the gateway's account selects the consumers' stack")
	}
	for _, tc := range []struct {
		value, want string
	}{
		{"dognames", "-c consumers=dognames: want <service>@<ou-id>[,<ou-id>...]"},
		{"cats@ou-ab12-cdef3456", `consumers.service "cats": not a service of the topology`},
	} {
		topo, _ := Parse(projectTopology(t), repoRoot)
		if _, err := ContextOptions(topo, repoRoot, map[string]any{"consumers": tc.value}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("-c consumers=%s: %v, want %q", tc.value, err, tc.want)
		}
	}
	raw := projectTopology(t)
	delete(raw, "tooling")
	raw["consumers"] = map[string]any{"service": "dognames", "organizationalUnitIds": []any{}, "callAs": "ME"}
	_, err = Parse(raw, repoRoot)
	for _, want := range []string{
		`consumers: the StackSet deploys from the tooling account, and the topology names none`,
		"consumers.organizationalUnitIds is empty",
		`consumers.callAs "ME": want DELEGATED_ADMIN`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}
