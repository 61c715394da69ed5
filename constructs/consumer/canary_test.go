package consumer

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	authorizers "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	synthetics "github.com/aws/aws-cdk-go/awscdk/v2/awssynthetics"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/metrics"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// canaryFixture is one stack of every canary case, one synth: a gateway
// with the defaults (routes with parameters, an authorizer and a POST among
// them), one with every option, one with the alarms off, one without a
// canary.
type canaryFixture struct {
	defaults, custom, quiet, none *Gateway
	tpl                           *cdktest.Template
	resources                     map[string]map[string]any
}

var canaries *canaryFixture

func canaryCases(t *testing.T) *canaryFixture {
	t.Helper()
	if canaries != nil {
		return canaries
	}
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	service := func(routes ...string) *GatewayServiceProps {
		return &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: routes}, ListenerPort: jsii.Number(10000)}
	}
	f := &canaryFixture{}
	f.defaults = NewGateway(stack, jsii.String("Defaults"), &GatewayProps{Vpc: vpc, Canary: &CanaryOptions{}})
	dogs := f.defaults.AddService("dogs", service("/dogs/{proxy+}", "/dogs", "/pets"))
	dogs.AddRoute("/dogs/admin", &RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_GET}, Authorizer: authorizers.NewHttpIamAuthorizer()})
	dogs.AddRoute("/dogs/feed", &RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_POST}})
	dogs.AddRoute("/dogs/count", &RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_GET}})
	// A gateway whose routes need IAM, but one public: the canary calls it.
	guarded := NewGateway(stack, jsii.String("Guarded"), &GatewayProps{Vpc: vpc, DefaultAuthorizer: authorizers.NewHttpIamAuthorizer(), Canary: &CanaryOptions{}})
	cats := guarded.AddService("cats", service("/cats", "/cats/{proxy+}"))
	cats.AddRoute("/cats/health", &RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_GET}, Authorizer: apigw.NewHttpNoneAuthorizer()})

	f.custom = NewGateway(stack, jsii.String("Custom"), &GatewayProps{Vpc: vpc, Canary: &CanaryOptions{
		Every: awscdk.Duration_Minutes(jsii.Number(15)), Paths: []string{"/health", "/dogs/rex"}, FailedRuns: jsii.Number(3),
		Runtime: synthetics.Runtime_SYNTHETICS_NODEJS_PUPPETEER_12_0(),
	}})
	f.custom.AddService("dogs", service("/dogs/{proxy+}"))
	f.quiet = NewGateway(stack, jsii.String("Quiet"), &GatewayProps{Vpc: vpc, Alarms: &AlarmOptions{Disabled: jsii.Bool(true)}, Canary: &CanaryOptions{}})
	f.quiet.AddService("dogs", service("/dogs"))
	f.none = NewGateway(stack, jsii.String("None"), &GatewayProps{Vpc: vpc})
	f.none.AddService("dogs", service("/dogs"))
	NewDashboard(stack, jsii.String("Ops"), &DashboardProps{Gateways: []*Gateway{f.defaults, f.none}})

	f.tpl = template(t, stack)
	var doc struct{ Resources map[string]map[string]any }
	if err := json.Unmarshal([]byte(mustJSON(t, f.tpl.ToJSON())), &doc); err != nil {
		t.Fatal(err)
	}
	f.resources = doc.Resources
	canaries = f
	return f
}

// resourcesRaw is the whole resource id: properties, DependsOn, policies.
func (f *canaryFixture) resourcesRaw(t *testing.T, id string) map[string]any {
	t.Helper()
	r, ok := f.resources[id]
	if !ok {
		t.Fatalf("no resource %s", id)
	}
	return r
}

// of is the properties of the one resource of typ whose logical ID starts
// with prefix.
func (f *canaryFixture) of(t *testing.T, typ, prefix string) map[string]any {
	t.Helper()
	var found []map[string]any
	for id, r := range f.resources {
		if r["Type"] == typ && strings.HasPrefix(id, prefix) {
			found = append(found, r["Properties"].(map[string]any))
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s %s*: %d, want 1", typ, prefix, len(found))
	}
	return found[0]
}

var scriptPaths = regexp.MustCompile(`const paths = (\[[^\n]*\]);`)

// pathsOf reads the paths a canary's script calls.
func pathsOf(t *testing.T, canary map[string]any) []string {
	t.Helper()
	script := canary["Code"].(map[string]any)["Script"].(string)
	m := scriptPaths.FindStringSubmatch(script)
	if m == nil {
		t.Fatalf("no paths in the script:\n%s", script)
	}
	var paths []string
	if err := json.Unmarshal([]byte(m[1]), &paths); err != nil {
		t.Fatal(err)
	}
	return paths
}

// TestCanaryDefaults: the canary GETs each route without a parameter or
// an authorizer, for ANY or GET, every 5 minutes, on Node.js 22, cleaning
// up its function when deleted; its alarm fires on 2 failed runs in a row
// and when the canary reports nothing.
func TestCanaryDefaults(t *testing.T) {
	f := canaryCases(t)
	c := f.of(t, "AWS::Synthetics::Canary", "DefaultsCanary")
	if got := pathsOf(t, c); mustJSON(t, got) != `["/dogs","/pets","/dogs/count"]` {
		t.Errorf("paths %q, want /dogs, /pets, /dogs/count (no parameter, no authorizer, ANY or GET, in order)", got)
	}
	if got := pathsOf(t, f.of(t, "AWS::Synthetics::Canary", "GuardedCanary")); mustJSON(t, got) != `["/cats/health"]` {
		t.Errorf("paths behind a default IAM authorizer %q, want the one route with HttpNoneAuthorizer", got)
	}
	wantProps(t, "canary", c, obj{
		"RuntimeVersion":             "syn-nodejs-puppeteer-13.0",
		"Schedule":                   obj{"DurationInSeconds": "0", "Expression": "rate(5 minutes)"},
		"StartCanaryAfterCreation":   true,
		"ProvisionedResourceCleanup": "AUTOMATIC",
		"SuccessRetentionPeriod":     31,
		"FailureRetentionPeriod":     31,
	})
	run := c["RunConfig"].(map[string]any)
	if run["TimeoutInSeconds"] != float64(300) {
		t.Errorf("TimeoutInSeconds %v, want 300 (the schedule's period)", run["TimeoutInSeconds"])
	}
	if got := mustJSON(t, run["EnvironmentVariables"]); !contains(got, `"API_URL":{"Fn::Join":["",["https://",{"Ref":"DefaultsApi`) {
		t.Errorf("API_URL %s, want the stage's URL", got)
	}
	// S3-managed keys said, not Synthetics' default (an AWS managed key).
	wantProps(t, "canary", c, obj{"ArtifactConfig": obj{"S3Encryption": obj{"EncryptionMode": "SSE_S3"}}})
	// It starts after the stage and every route, so its first runs do
	// not fail on a new gateway.
	deps := map[string]bool{}
	for id, r := range f.resources {
		if r["Type"] == "AWS::Synthetics::Canary" && strings.HasPrefix(id, "DefaultsCanary") {
			for _, d := range f.resourcesRaw(t, id)["DependsOn"].([]any) {
				deps[d.(string)] = true
			}
		}
	}
	for id, r := range f.resources {
		if strings.HasPrefix(id, "Defaults") && (r["Type"] == "AWS::ApiGatewayV2::Route" || r["Type"] == "AWS::ApiGatewayV2::Stage") && !deps[id] {
			t.Errorf("the canary does not depend on %s (%s)", id, r["Type"])
		}
	}
	if got := mustJSON(t, c["ArtifactS3Location"]); !contains(got, `{"Ref":"DefaultsCanaryArtifacts`) {
		t.Errorf("ArtifactS3Location %s, want the gateway's artifacts bucket", got)
	}

	alarm := f.of(t, "AWS::CloudWatch::Alarm", "DefaultsCanaryFailedAlarm")
	topic := []any{obj{"Ref": logicalIdIn(t, f.resources, "AlarmTopic", "AWS::SNS::Topic")}}
	wantProps(t, "canary alarm", alarm, obj{
		"Namespace": "CloudWatchSynthetics", "MetricName": "SuccessPercent", "Statistic": "Average", "Period": 300,
		"Threshold": 100, "ComparisonOperator": "LessThanThreshold", "EvaluationPeriods": 2, "DatapointsToAlarm": 2,
		"TreatMissingData": "breaching", "AlarmActions": topic, "OKActions": topic,
	})
	if got := mustJSON(t, alarm["Dimensions"]); !contains(got, `[{"Name":"CanaryName","Value":{"Ref":"DefaultsCanary`) {
		t.Errorf("canary alarm: Dimensions %s, want CanaryName of the canary", got)
	}
	if f.defaults.CanaryAlarm == nil || f.defaults.Alarms[len(f.defaults.Alarms)-1] != f.defaults.CanaryAlarm {
		t.Error("Gateway.CanaryAlarm is not the last of Gateway.Alarms")
	}

	// The artifacts bucket: TLS only, no public access, kept, emptied
	// after 31 days.
	// Kept on a failed first deploy too: a run may have written to it.
	if got := f.resourcesRaw(t, logicalIdIn(t, f.resources, "DefaultsCanaryArtifacts", "AWS::S3::Bucket"))["DeletionPolicy"]; got != "Retain" {
		t.Errorf("artifacts bucket DeletionPolicy %v, want Retain (RetainExceptOnCreate would fail the rollback of a first deploy once a run wrote to it)", got)
	}
	bucket := f.of(t, "AWS::S3::Bucket", "DefaultsCanaryArtifacts")
	if got := mustJSON(t, bucket["LifecycleConfiguration"]); !contains(got, `"ExpirationInDays":31,"Id":"expire-canary-artifacts"`) {
		t.Errorf("artifacts lifecycle %s, want expiry after 31 days", got)
	}
	if got := mustJSON(t, bucket["BucketEncryption"]); !contains(got, `"SSEAlgorithm":"AES256"`) {
		t.Errorf("artifacts encryption %s, want S3-managed keys without hardening", got)
	}
	if got := mustJSON(t, bucket["PublicAccessBlockConfiguration"]); got != `{"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}` {
		t.Errorf("artifacts public access %s", got)
	}
	// The role: a managed policy of what Synthetics documents, no inline
	// policy (the compliance packs refuse those).
	policy := mustJSON(t, f.of(t, "AWS::IAM::ManagedPolicy", "DefaultsCanaryPolicy")["PolicyDocument"])
	for _, want := range []string{`"Action":"s3:PutObject"`, `"Action":"s3:GetBucketLocation"`, `"Action":"s3:ListAllMyBuckets"`,
		`"Action":"cloudwatch:PutMetricData","Condition":{"StringEquals":{"cloudwatch:namespace":"CloudWatchSynthetics"}}`,
		`"Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Effect":"Allow","Resource":"arn:aws:logs:us-west-2:111111111111:log-group:/aws/lambda/cwsyn-*"`} {
		if !contains(policy, want) {
			t.Errorf("canary policy lacks %s:\n%s", want, policy)
		}
	}
	role := f.of(t, "AWS::IAM::Role", "DefaultsCanaryRole")
	if _, inline := role["Policies"]; inline {
		t.Errorf("canary role has inline policies: %v", role["Policies"])
	}
	for id, r := range f.resources {
		if r["Type"] == "AWS::IAM::Policy" && contains(mustJSON(t, r), "CanaryRole") {
			t.Errorf("%s: an inline policy on the canary role", id)
		}
	}
	// No canary unless asked.
	if f.none.Canary != nil || f.none.CanaryAlarm != nil {
		t.Error("a gateway without Canary has one")
	}
	for id, r := range f.resources {
		if strings.HasPrefix(id, "None") && strings.Contains(id, "Canary") {
			t.Errorf("%s (%s): made without GatewayProps.Canary", id, r["Type"])
		}
	}
	// The dashboard shows the canary of the gateway that has one.
	body := mustJSON(t, f.of(t, "AWS::CloudWatch::Dashboard", "Ops"))
	if n := strings.Count(body, `Canary runs that passed (%)`); n != 1 || !contains(body, `CloudWatchSynthetics\",\"SuccessPercent\",\"CanaryName`) {
		t.Errorf("dashboard: %d canary widgets, want 1 reading SuccessPercent by CanaryName:\n%s", n, body)
	}
	if err := metrics.CheckTemplate(*f.tpl.ToJSON()); err != nil {
		t.Errorf("metric table: %v", err)
	}
	cdktest.CfnLint(t, f.tpl)
}

// logicalIdIn is the logical ID of the one resource of typ whose ID starts
// with prefix.
func logicalIdIn(t *testing.T, resources map[string]map[string]any, prefix, typ string) string {
	t.Helper()
	var found []string
	for id, r := range resources {
		if r["Type"] == typ && strings.HasPrefix(id, prefix) {
			found = append(found, id)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s %s*: %v, want one", typ, prefix, found)
	}
	return found[0]
}

// TestCanaryOptions: the schedule, the paths, the runs and the runtime
// given; the alarm's period follows the schedule; with the alarms off the
// canary runs without an alarm.
func TestCanaryOptions(t *testing.T) {
	f := canaryCases(t)
	c := f.of(t, "AWS::Synthetics::Canary", "CustomCanary")
	if got := pathsOf(t, c); mustJSON(t, got) != `["/health","/dogs/rex"]` {
		t.Errorf("paths %q, want the given ones", got)
	}
	wantProps(t, "canary", c, obj{"RuntimeVersion": "syn-nodejs-puppeteer-12.0", "Schedule": obj{"DurationInSeconds": "0", "Expression": "rate(15 minutes)"}})
	if got := c["RunConfig"].(map[string]any)["TimeoutInSeconds"]; got != float64(840) {
		t.Errorf("TimeoutInSeconds %v, want 840 (Synthetics' most, under 15 minutes)", got)
	}
	wantProps(t, "canary alarm", f.of(t, "AWS::CloudWatch::Alarm", "CustomCanaryFailedAlarm"), obj{"Period": 900, "EvaluationPeriods": 3, "DatapointsToAlarm": 3})

	f.of(t, "AWS::Synthetics::Canary", "QuietCanary")
	if f.quiet.CanaryAlarm != nil || len(f.quiet.Alarms) != 0 {
		t.Error("the alarms are off, yet the canary has one")
	}
	for id, r := range f.resources {
		if strings.HasPrefix(id, "Quiet") && r["Type"] == "AWS::CloudWatch::Alarm" {
			t.Errorf("%s: an alarm with the alarms off", id)
		}
	}
}

// TestCanaryHardened: with hardening the artifacts are encrypted with the
// stack's customer managed key, which the canary's policy may use.
func TestCanaryHardened(t *testing.T) {
	stack := cdktest.NewHardenedStack(t)
	vpc := newVpc(stack, 2)
	ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc, Canary: &CanaryOptions{}})
	gw.AddService("dogs", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/dogs"}}, ListenerPort: jsii.Number(10000)})
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::Synthetics::Canary"), obj{
		"ArtifactConfig": obj{"S3Encryption": obj{"EncryptionMode": "SSE_KMS", "KmsKeyArn": obj{"Fn::GetAtt": []any{logicalIdOf(t, tpl, "AWS::KMS::Key", "LogsKey"), "Arn"}}}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::IAM::ManagedPolicy"), obj{"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]any{obj{
		"Action": []any{"kms:Decrypt", "kms:GenerateDataKey"}, "Effect": "Allow", "Resource": obj{"Fn::GetAtt": []any{logicalIdOf(t, tpl, "AWS::KMS::Key", "LogsKey"), "Arn"}},
	}})}})
	tpl.HasResourceProperties(jsii.String("AWS::S3::Bucket"), obj{"BucketEncryption": obj{"ServerSideEncryptionConfiguration": []any{obj{
		"BucketKeyEnabled": true, "ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": obj{"Fn::GetAtt": []any{logicalIdOf(t, tpl, "AWS::KMS::Key", "LogsKey"), "Arn"}}},
	}}}})
}

// logicalIdOf is the logical ID of the template's one resource of typ
// whose ID starts with prefix.
func logicalIdOf(t *testing.T, tpl *cdktest.Template, typ, prefix string) string {
	t.Helper()
	resources := map[string]map[string]any{}
	for id := range *tpl.FindResources(jsii.String(typ), nil) {
		resources[id] = map[string]any{"Type": typ}
	}
	return logicalIdIn(t, resources, prefix, typ)
}

// TestCanaryNothingToCall: a canary whose gateway has no route it can call
// stops synth, naming the fix.
func TestCanaryNothingToCall(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc, Canary: &CanaryOptions{}, DefaultAuthorizer: authorizers.NewHttpIamAuthorizer()})
	gw.AddService("dogs", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/dogs/{proxy+}", "/dogs"}}, ListenerPort: jsii.Number(10000)})
	cdktest.MustPanic(t, func() { awscdk.App_Of(stack).(awscdk.App).Synth(nil) },
		"consumer.Gateway at Test/Gateway: Canary has no path to call: every route has a path parameter or an authorizer. Give CanaryOptions.Paths (paths answered 200-399 without credentials), or leave Canary nil")
}

func TestCanaryOptionsValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts CanaryOptions
		want string
	}{
		{"under a minute", CanaryOptions{Every: awscdk.Duration_Seconds(jsii.Number(30))}, "Canary.Every 30 s: want whole minutes from 1 to 60 (a Synthetics rate schedule)"},
		{"over an hour", CanaryOptions{Every: awscdk.Duration_Hours(jsii.Number(2))}, "Canary.Every 7200 s: want whole minutes from 1 to 60"},
		{"part of a minute", CanaryOptions{Every: awscdk.Duration_Seconds(jsii.Number(90))}, "Canary.Every 90 s: want whole minutes from 1 to 60"},
		{"no failed runs", CanaryOptions{FailedRuns: jsii.Number(0)}, "Canary.FailedRuns 0: want a whole number from 1 to 10"},
		{"too many runs", CanaryOptions{FailedRuns: jsii.Number(11)}, "Canary.FailedRuns 11: want a whole number from 1 to 10"},
		{"the longest", CanaryOptions{Every: awscdk.Duration_Minutes(jsii.Number(60)), FailedRuns: jsii.Number(10)}, ""},
		{"path parameter", CanaryOptions{Paths: []string{"/dogs/{id}"}}, `Canary.Paths[0] "/dogs/{id}": a path parameter; want a path the canary can call, such as /dogs/rex`},
		{"not a path", CanaryOptions{Paths: []string{"dogs"}}, `Canary.Paths[0] "dogs": it must start with /`},
		{"twice", CanaryOptions{Paths: []string{"/dogs", "/dogs"}}, `Canary.Paths[1] "/dogs": listed twice`},
		{"too many", CanaryOptions{Paths: manyPaths(301)}, "Canary.Paths: 301 paths; want at most 300"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			err := (&GatewayProps{Canary: &opts}).validate("us-west-2")
			if tc.want == "" {
				if err != nil && strings.Contains(err.Error(), "Canary") {
					t.Fatalf("valid options refused: %v", err)
				}
				return
			}
			cdktest.WantErr(t, err, "consumer.Gateway: ", tc.want)
		})
	}
	if DefaultCanaryEveryMinutes != 5 || DefaultCanaryFailedRuns != 2 || CanaryRequestTimeoutSeconds != 10 || CanaryArtifactDays != 31 {
		t.Error("a canary default changed: update the README's alarm table and this test")
	}
}

// TestCanaryRunFitsTimeout: the paths a run calls, 5 at a time within 10 s
// each, must fit the run's timeout (the schedule's period), or synth stops.
func TestCanaryRunFitsTimeout(t *testing.T) {
	build := func(every float64, paths int) func() {
		return func() {
			stack := newStack(t)
			vpc := newVpc(stack, 2)
			ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
			gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc, Canary: &CanaryOptions{Every: awscdk.Duration_Minutes(jsii.Number(every)), Paths: manyPaths(paths)}})
			gw.AddService("dogs", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/dogs"}}, ListenerPort: jsii.Number(10000)})
			awscdk.App_Of(stack).(awscdk.App).Synth(nil)
		}
	}
	cdktest.MustPanic(t, build(1, 31), "consumer.Gateway at Test/Gateway: Canary: 31 paths take up to 70 s (5 at a time, within 10 s each), over a run's timeout of 60 s; give a longer CanaryOptions.Every or fewer Paths")
	build(1, 30)() // 60 s: fits
}

func manyPaths(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("/p%d", i))
	}
	return out
}

// TestCanaryScript runs the canary's script in Node.js (the one CDK runs
// on), against a local server: each path is called once, 2xx and 3xx
// pass, any other answer and an unreachable API fail the run, naming each
// path that failed.
func TestCanaryScript(t *testing.T) {
	dir := t.TempDir()
	paths := []string{"/dogs", "/moved", "/todo", "/broken", "/gone"}
	if err := os.WriteFile(filepath.Join(dir, "index.js"), []byte(CanaryScript(paths)), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := map[string]int{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls[r.Method+" "+r.URL.Path]++
		switch r.URL.Path {
		case "/dogs", "/todo":
			w.Write([]byte("[]"))
		case "/moved":
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		case "/broken":
			w.WriteHeader(http.StatusBadGateway)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	// Node trusts the test server's certificate, and no other.
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	// The canary runtime calls the handler; a rejected promise fails the run.
	run := func(apiURL string) (string, error) {
		cmd := exec.Command("node", "-e", `require("./index.js").handler().then((r) => console.log("RESULT " + r), (e) => { console.log("FAILED " + e.message); process.exit(1); });`)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "API_URL="+apiURL, "NODE_EXTRA_CA_CERTS="+ca)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	out, err := run(srv.URL + "/")
	if err == nil {
		t.Fatalf("the run passed with /broken and /gone failing:\n%s", out)
	}
	if !contains(out, "FAILED 2 of 5 paths failed: GET /broken: 502; GET /gone: 404") {
		t.Errorf("output:\n%s", out)
	}
	for _, p := range paths {
		if calls["GET "+p] != 1 {
			t.Errorf("GET %s called %d times, want 1", p, calls["GET "+p])
		}
	}
	if calls["GET /elsewhere"] != 0 {
		t.Error("the canary followed a redirect: a 3xx is the route's answer")
	}

	os.WriteFile(filepath.Join(dir, "index.js"), []byte(CanaryScript([]string{"/dogs", "/moved"})), 0o644)
	if out, err := run(srv.URL); err != nil || !contains(out, "RESULT 2 paths answered") {
		t.Errorf("2xx and 3xx: %v\n%s", err, out)
	}
	closed := httptest.NewTLSServer(http.NotFoundHandler())
	closed.Close()
	if out, err := run(closed.URL); err == nil || !contains(out, "FAILED 2 of 2 paths failed: GET /dogs: TypeError: fetch failed") {
		t.Errorf("unreachable API: %v\n%s", err, out)
	}
	if out, err := run(strings.Replace(srv.URL, "https:", "http:", 1)); err == nil || !contains(out, `want the API's https URL`) {
		t.Errorf("http API_URL: %v\n%s", err, out)
	}
}
