package consumer

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	kms "github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	synthetics "github.com/aws/aws-cdk-go/awscdk/v2/awssynthetics"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logbucket"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logkey"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/metrics"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of the canary, under the gateway; part of the contract.
const (
	idCanary          = "Canary"
	idCanaryArtifacts = "CanaryArtifacts"
	idCanaryRole      = "CanaryRole"
	idCanaryPolicy    = "CanaryPolicy"
	idAlarmCanary     = "CanaryFailedAlarm"
)

// Canary defaults and limits.
const (
	// DefaultCanaryEveryMinutes: a run every 5 minutes finds an outage
	// within 10 (two failed runs) for $10.51 a month ($0.0012 a run,
	// us-west-2), and keeps the VPC link busy far more often than its 60
	// idle days.
	DefaultCanaryEveryMinutes = 5
	// DefaultCanaryFailedRuns in a row fire the alarm: one failed run can
	// be a deploy or a cold start; two are an outage.
	DefaultCanaryFailedRuns = 2
	// CanaryRequestTimeoutSeconds is how long the canary waits for each
	// path's answer.
	CanaryRequestTimeoutSeconds = 10
	// CanaryArtifactDays is how long a run's logs and report stay in the
	// artifacts bucket, as long as Synthetics keeps the runs (31 days).
	CanaryArtifactDays = 31
	// maxCanaryPaths bounds one run: the paths are called 5 at a time, each
	// within CanaryRequestTimeoutSeconds, inside the run's timeout (synth
	// checks that they fit: 300 need 10 minutes, an Every of 10 or more).
	maxCanaryPaths = 300
)

// CanaryOptions turn on a CloudWatch Synthetics canary that calls the
// gateway's public API on a schedule, as a caller on the internet would:
// each run GETs every path, and fails if one answers outside 200-399 or not
// within 10 seconds. Its traffic keeps the VPC link from going INACTIVE,
// which API Gateway does to a VPC link unused for 60 days (the first
// requests after a quiet period then fail), and its alarm says when a
// route fails (with the gateway's alarms on; see GatewayProps.Alarms).
//
// Cost: $0.0012 a run (us-west-2), $10.51 a month (8,760 runs) at the
// default 5 minutes, plus the runs' Lambda time and S3 requests, and $0.10
// for the alarm. Synthetics makes the canary's function, layer and log
// group outside the template: the function and layer are deleted with the
// canary (ProvisionedResourceCleanup); the log group
// (/aws/lambda/cwsyn-<name>-<id>) is left, without a retention period, as
// Lambda leaves its own.
type CanaryOptions struct {
	// Every is how often the canary runs, in whole minutes from 1 to 60.
	// Default: 5 minutes.
	Every awscdk.Duration
	// Paths the canary GETs, such as /dogs, each to answer 200-399 without
	// credentials. Give them when the routes have path parameters or
	// authorizers, or to call a cheaper path than a route's own.
	// Default: every route of the gateway without a path parameter or an
	// authorizer for ANY or GET, once each, in the order they were added;
	// synth stops if there is none.
	Paths []string
	// FailedRuns in a row that fire the alarm.
	// Default: 2.
	FailedRuns *float64
	// Runtime of the canary, a Node.js one: the script calls no Synthetics
	// library function, only Node's fetch, so a later runtime takes it
	// unchanged when AWS deprecates this one.
	// Default: synthetics.Runtime_SYNTHETICS_NODEJS_PUPPETEER_13_0() (Node.js 22).
	Runtime synthetics.Runtime
}

// validate records the problems of the options, named prop.
func (o *CanaryOptions) validate(p *check.Problems, prop string) {
	if o == nil {
		return
	}
	if o.Every != nil && !check.IsToken(*o.Every.ToString()) {
		secs := *o.Every.ToSeconds(nil)
		if secs < 60 || secs > 3600 || int(secs)%60 != 0 {
			p.Addf("%s.Every %v s: want whole minutes from 1 to 60 (a Synthetics rate schedule)", prop, secs)
		}
	}
	// At most 10 runs of at most 60 minutes: the alarm reads 10 hours at
	// most, inside CloudWatch's one day (Period x EvaluationPeriods).
	if o.FailedRuns != nil {
		p.Add(prop+".FailedRuns", check.Range(*o.FailedRuns, 1, 10))
	}
	if len(o.Paths) > maxCanaryPaths {
		p.Addf("%s: %d paths; want at most %d (a run calls them all within its timeout)", prop+".Paths", len(o.Paths), maxCanaryPaths)
	}
	seen := map[string]bool{}
	for i, path := range o.Paths {
		name := fmt.Sprintf("%s.Paths[%d]", prop, i)
		switch {
		case strings.Contains(path, "{"):
			p.Addf("%s %q: a path parameter; want a path the canary can call, such as /dogs/rex", name, path)
		case check.Route(path) != nil:
			p.Add(name, check.Route(path))
		case seen[path]:
			p.Addf("%s %q: listed twice", name, path)
		}
		seen[path] = true
	}
}

func (o *CanaryOptions) minutes() float64 {
	if o.Every == nil || check.IsToken(*o.Every.ToString()) {
		return DefaultCanaryEveryMinutes
	}
	return *o.Every.ToSeconds(nil) / 60
}

// canary is the gateway's canary while services are added.
type canary struct {
	at    string // the gateway's path
	opts  CanaryOptions
	paths []string // public paths of the routes, as added
	seen  map[string]bool
}

// addRoute notes a route the canary can call by default: a path without
// parameters, for ANY or GET, without an authorizer.
func (c *canary) addRoute(path string, method string, auth bool) {
	if c == nil || auth || strings.Contains(path, "{") || (method != "ANY" && method != "GET") || c.seen[path] {
		return
	}
	c.seen[path] = true
	c.paths = append(c.paths, path)
}

// calls is what the canary calls: the given paths, or the default ones.
func (c *canary) calls() []string {
	if c.opts.Paths != nil {
		return c.opts.Paths
	}
	return c.paths
}

// Produce renders the script when the template is written, after every
// service was added.
func (c *canary) Produce() *string { return jsii.String(CanaryScript(c.calls())) }

// Validate stops synth when the canary has nothing to call, or more than
// a run can call within its timeout.
func (c *canary) Validate() *[]*string {
	p := check.New("consumer.Gateway")
	n := len(c.calls())
	if n == 0 {
		p.Addf("Canary has no path to call: every route has a path parameter or an authorizer. Give CanaryOptions.Paths (paths answered 200-399 without credentials), or leave Canary nil")
	}
	if worst, timeout := canaryWorstSeconds(n), c.opts.timeoutSeconds(); worst > timeout {
		p.Addf("Canary: %d paths take up to %d s (%d at a time, within %d s each), over a run's timeout of %d s; give a longer CanaryOptions.Every or fewer Paths", n, worst, canaryParallel, CanaryRequestTimeoutSeconds, timeout)
	}
	if err := p.Err(); err != nil {
		return &[]*string{jsii.String(check.At(c.at, err).Error())}
	}
	return &[]*string{}
}

// canaryParallel is how many paths a run calls at once.
const canaryParallel = 5

// canaryWorstSeconds is the longest a run of n paths takes.
func canaryWorstSeconds(n int) int {
	return (n + canaryParallel - 1) / canaryParallel * CanaryRequestTimeoutSeconds
}

// timeoutSeconds is a run's timeout: until the next run starts, at most
// Synthetics' 14 minutes.
func (o *CanaryOptions) timeoutSeconds() int { return int(min(o.minutes()*60, 840)) }

// CanaryScript is the canary's index.js for paths: it GETs each path of
// API_URL (an environment variable), 5 at a time, and throws, failing the
// run, when one answers outside 200-399 or not within 10 s.
func CanaryScript(paths []string) string {
	list, _ := json.Marshal(paths)
	return fmt.Sprintf(`// Made by cdk-privatelink (consumer.CanaryOptions): GETs each path of the
// gateway's API; the run fails when one answers outside 200-399 or not in time.
const paths = %s;
const timeoutMs = %d;
const parallel = %d;

async function call(base, path) {
  const started = Date.now();
  try {
    const res = await fetch(base + path, {
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: { "user-agent": "cdk-privatelink-canary" },
    });
    await res.arrayBuffer();
    console.log("GET " + path + " " + res.status + " in " + (Date.now() - started) + " ms");
    return res.status >= 200 && res.status < 400 ? null : "GET " + path + ": " + res.status;
  } catch (err) {
    return "GET " + path + ": " + err.name + ": " + err.message;
  }
}

exports.handler = async () => {
  const base = (process.env.API_URL || "").replace(/\/+$/, "");
  if (!base.startsWith("https://")) throw new Error("API_URL " + JSON.stringify(process.env.API_URL) + ": want the API's https URL");
  const failures = [];
  for (let i = 0; i < paths.length; i += parallel) {
    const batch = await Promise.all(paths.slice(i, i + parallel).map((p) => call(base, p)));
    failures.push(...batch.filter((f) => f !== null));
  }
  if (failures.length > 0) {
    throw new Error(failures.length + " of " + paths.length + " paths failed: " + failures.join("; "));
  }
  return paths.length + " paths answered";
};
`, list, CanaryRequestTimeoutSeconds*1000, canaryParallel)
}

// newCanary makes the gateway's canary, its artifacts bucket and role, and
// its alarm when the gateway's alarms are on.
func (g *Gateway) newCanary(o *CanaryOptions) {
	c := &canary{at: *g.Node().Path(), opts: *o, seen: map[string]bool{}}
	g.canary = c
	minutes := o.minutes()
	key := logkey.For(g.Construct) // with hardening; else S3-managed keys
	// Kept even when the first deploy fails: a canary may have run, and a
	// bucket with objects cannot be deleted, so its rollback would fail.
	g.CanaryArtifacts = logbucket.Kept(g.Construct, idCanaryArtifacts, logbucket.Expiry{Rule: "expire-canary-artifacts", Days: CanaryArtifactDays, KeptOnFailedCreate: true}, key, logbucket.Reasons{
		Logging:     "This bucket holds the canary's run reports and logs, written by the canary's role alone; logging its access would need another bucket, which would ask the same. Objects expire with the runs Synthetics keeps (31 days).",
		Replication: "Run reports of a health check, kept 31 days; losing the region loses what they report on. Add a replication rule of your own where a control requires a second copy.",
		NoKey:       "Encrypted with S3-managed keys; the stack's customer managed key ($1 a month) encrypts them with hardening. " + nag.SwitchHint,
	})
	role := g.canaryRole(key)
	runtime := o.Runtime
	if runtime == nil {
		runtime = synthetics.Runtime_SYNTHETICS_NODEJS_PUPPETEER_13_0()
	}
	props := &synthetics.CanaryProps{
		Runtime:                    runtime,
		Test:                       synthetics.Test_Custom(&synthetics.CustomTestOptions{Code: synthetics.Code_FromInline(awscdk.Lazy_String(c, nil)), Handler: jsii.String("index.handler")}),
		Schedule:                   synthetics.Schedule_Rate(awscdk.Duration_Minutes(jsii.Number(minutes))),
		ArtifactsBucketLocation:    &synthetics.ArtifactsBucketLocation{Bucket: g.CanaryArtifacts},
		Role:                       role.WithoutPolicyUpdates(nil),
		EnvironmentVariables:       &map[string]*string{"API_URL": g.Url},
		StartAfterCreation:         jsii.Bool(true),
		SuccessRetentionPeriod:     awscdk.Duration_Days(jsii.Number(CanaryArtifactDays)),
		FailureRetentionPeriod:     awscdk.Duration_Days(jsii.Number(CanaryArtifactDays)),
		ProvisionedResourceCleanup: jsii.Bool(true),
		Timeout:                    awscdk.Duration_Seconds(jsii.Number(float64(o.timeoutSeconds()))),
	}
	// Said, not left to Synthetics, whose default is an AWS managed key.
	props.ArtifactS3EncryptionMode = synthetics.ArtifactsEncryptionMode_S3_MANAGED
	if key != nil {
		props.ArtifactS3EncryptionMode, props.ArtifactS3KmsKey = synthetics.ArtifactsEncryptionMode_KMS, key
	}
	g.Canary = synthetics.NewCanary(g.Construct, jsii.String(idCanary), props)
	g.Canary.Node().AddValidation(c)
	// It starts once the stage and each service's routes exist (AddService
	// adds them), or its first runs would fail and alarm on every new
	// gateway.
	g.Canary.Node().AddDependency(g.Stage)
	if g.alarmer == nil {
		return
	}
	runs := *(func() *float64 {
		if o.FailedRuns != nil {
			return o.FailedRuns
		}
		return jsii.Number(DefaultCanaryFailedRuns)
	})()
	g.CanaryAlarm = g.alarmer.alarm(g.Construct, idAlarmCanary, g.MetricCanarySuccess(), alarmProps{
		threshold: 100, compare: cloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD, periods: int(runs),
		// A stopped canary reports nothing: not known to be healthy.
		missing:     cloudwatch.TreatMissingData_BREACHING,
		description: fmt.Sprintf("Gateway %s: the canary's runs failed %v times in a row; a route answers outside 200-399 or not within %d s, or the canary stopped. README: Runbook.", *g.Node().Path(), runs, CanaryRequestTimeoutSeconds),
	})
	g.Alarms = append(g.Alarms, g.CanaryAlarm)
}

// canaryRole is the canary's role, with a managed policy of what
// Synthetics documents a canary needs ("Necessary roles and permissions
// for canaries"): its artifacts bucket, its metrics, its function's log
// group.
func (g *Gateway) canaryRole(key kms.IKey) iam.Role {
	stack := awscdk.Stack_Of(g.Construct)
	logGroups := awscdk.Arn_Format(&awscdk.ArnComponents{
		Service: jsii.String("logs"), Resource: jsii.String("log-group"), ResourceName: jsii.String("/aws/lambda/cwsyn-*"),
		ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
	}, stack)
	statements := []iam.PolicyStatement{
		iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("s3:PutObject"), Resources: jsii.Strings(*g.CanaryArtifacts.ArnForObjects(jsii.String("*")))}),
		iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("s3:GetBucketLocation"), Resources: jsii.Strings(*g.CanaryArtifacts.BucketArn())}),
		iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("s3:ListAllMyBuckets"), Resources: jsii.Strings("*")}),
		iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("cloudwatch:PutMetricData"), Resources: jsii.Strings("*"),
			Conditions: &map[string]any{"StringEquals": map[string]any{"cloudwatch:namespace": metrics.Synthetics}}}),
		iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"), Resources: jsii.Strings(*logGroups)}),
	}
	if key != nil {
		statements = append(statements, iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("kms:GenerateDataKey", "kms:Decrypt"), Resources: jsii.Strings(*key.KeyArn())}))
	}
	policy := iam.NewManagedPolicy(g.Construct, jsii.String(idCanaryPolicy), &iam.ManagedPolicyProps{
		Description: jsii.String("What the gateway's Synthetics canary needs: its artifacts bucket, its metrics, its function's logs"),
		Statements:  &statements,
	})
	var bucket awscdk.CfnElement
	jsii.UnsafeCast(g.CanaryArtifacts.Node().DefaultChild(), &bucket)
	// cdk-nag names the log groups as the template writes them: literal in
	// a stack of known account and region, placeholders in one without.
	groups := "Resource::" + *logGroups
	if check.IsToken(*logGroups) {
		groups = "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/cwsyn-*"
	}
	nag.Suppress(policy, nag.Rule{ID: "AwsSolutions-IAM5", Reason: "Synthetics documents these for every canary: s3:ListAllMyBuckets and cloudwatch:PutMetricData take no resource (PutMetricData is held to the CloudWatchSynthetics namespace by condition); objects of the canary's own bucket; the log groups of canary functions, whose names end in an ID Synthetics assigns.",
		AppliesTo: []string{"Resource::*", "Resource::<" + *stack.GetLogicalId(bucket) + ".Arn>/*", groups}})
	return iam.NewRole(g.Construct, jsii.String(idCanaryRole), &iam.RoleProps{
		AssumedBy:       iam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description:     jsii.String("The gateway's Synthetics canary"),
		ManagedPolicies: &[]iam.IManagedPolicy{policy},
	})
}

// MetricCanarySuccess is the share of the canary's runs that succeeded
// (Average, per run period), or nil without a canary.
func (g *Gateway) MetricCanarySuccess() cloudwatch.Metric {
	if g.Canary == nil {
		return nil
	}
	return metrics.New(metrics.Synthetics, "SuccessPercent", map[string]*string{metrics.DimCanaryName: g.Canary.CanaryName()},
		&metrics.Options{Period: awscdk.Duration_Minutes(jsii.Number(g.canary.opts.minutes()))})
}
