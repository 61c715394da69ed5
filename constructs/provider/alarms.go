package provider

import (
	"fmt"

	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	cwactions "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/alarmtopic"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of a provider's alarms, under idAlarms; part of the
// providers' contract.
const (
	idAlarms           = "Alarms"
	idNoHealthyTargets = "NoHealthyTargets"
	idTargetResets     = "TargetResets"
	idTooFewTasks      = "TooFewTasks"
	idTooFewInstances  = "TooFewInstances"
)

// Alarm defaults. Each alarm reads one-minute periods and goes to ALARM
// when every period of its window breaches (DatapointsToAlarm equals
// EvaluationPeriods), so one bad minute alone never pages anyone.
const (
	// DefaultMinHealthyTargets: below one healthy target, every consumer
	// connection fails.
	DefaultMinHealthyTargets = 1
	// DefaultTargetResetsPerMinute: a TCP service ends its connections
	// with FIN; a few resets come with deploys and vanished clients, more
	// than 10 a minute for 5 minutes running means targets refuse or
	// kill connections.
	DefaultTargetResetsPerMinute = 10

	// healthyTargetsMinutes: two minutes are 12 health checks 10 s apart,
	// longer than a target's restart, short enough for an outage.
	healthyTargetsMinutes = 2
	// targetResetsMinutes: five minutes tell a pattern from a deploy's
	// burst.
	targetResetsMinutes = 5
	// runningTasksMinutes: ECS replaces a stopped task within a minute
	// or two and deploys keep every task running until the new ones are
	// healthy (MinHealthyPercent 100), so five minutes short means tasks
	// cannot start; AWS's recommended alarm on RunningTaskCount also waits
	// five.
	runningTasksMinutes = 5
	// inServiceMinutes: a replacement instance launches, boots and passes
	// its 2-minute health check grace within ten minutes, the window of
	// AWS's recommended alarm on group capacity.
	inServiceMinutes = 10
)

// AlarmOptions tune the alarms every provider makes by default: no
// healthy target behind the load balancer, targets resetting connections,
// and (FargateProvider, Ec2Provider) fewer running tasks or in-service
// instances than wanted. Each notifies Topic when it goes to ALARM and
// back to OK. The README's runbook says what each means and where to
// look.
type AlarmOptions struct {
	// Disabled makes no alarm: nothing tells anyone that the service is
	// down. Give none of the other options with it.
	// Default: false.
	Disabled *bool
	// Topic receives the alarms' ALARM and OK notifications; subscribe to
	// it (ProviderAlarms.Topic). An encrypted topic of your own must let
	// cloudwatch.amazonaws.com use its key (kms:Decrypt,
	// kms:GenerateDataKey*).
	// Default: the stack's alarm topic, created once per stack, encrypted
	// with a customer managed KMS key that CloudWatch alarms of this
	// account may use, HTTPS publishers only ($1 a month for the key).
	Topic sns.ITopic
	// MinHealthyTargets: the NoHealthyTargets alarm goes off when fewer
	// targets than this pass the health checks, on any node of the load
	// balancer (HealthyHostCount, Minimum), for 2 minutes.
	// Default: 1 (DefaultMinHealthyTargets): below one healthy target,
	// every consumer connection fails.
	MinHealthyTargets *float64
	// TargetResetsPerMinute: the TargetResets alarm goes off when the
	// targets reset more connections than this each minute
	// (TCP_Target_Reset_Count, Sum) for 5 minutes.
	// Default: 10 (DefaultTargetResetsPerMinute): a few resets come with
	// deploys and vanished clients, more for 5 minutes running means
	// targets refuse or kill connections.
	TargetResetsPerMinute *float64
	// MinCapacity: the TooFewTasks alarm (FargateProvider) goes off when
	// fewer tasks than this run for 5 minutes (RunningTaskCount), the
	// TooFewInstances alarm (Ec2Provider) when fewer instances than this
	// are in service for 10 minutes (GroupInServiceInstances). IpProvider
	// and AlbProvider have no such alarm and refuse it. Both read a missing
	// count as breaching: with a Cluster of yours, turn its Container
	// Insights on (RunningTaskCount comes from there). With MaxCapacity
	// equal to MinCapacity, a rolling update takes an instance out before
	// its replacement is in service, and one longer than 10 minutes
	// raises TooFewInstances.
	// Default: DesiredCount (FargateProvider) or MinCapacity
	// (Ec2Provider): the count the service was deployed for.
	MinCapacity *float64
}

// ProviderAlarms are the alarms a provider made, and the topic they
// notify.
type ProviderAlarms struct {
	// Topic receives every alarm's ALARM and OK notifications.
	Topic sns.ITopic
	// NoHealthyTargets: fewer healthy targets than MinHealthyTargets.
	NoHealthyTargets cloudwatch.Alarm
	// TargetResets: more target resets than TargetResetsPerMinute.
	TargetResets cloudwatch.Alarm
	// TooFew: fewer running tasks (FargateProvider, id TooFewTasks) or
	// in-service instances (Ec2Provider, id TooFewInstances) than
	// MinCapacity; nil for IpProvider and AlbProvider.
	TooFew cloudwatch.Alarm
}

// disabled reports whether the options turn the alarms off.
func (o *AlarmOptions) disabled() bool { return o != nil && defaults.True(o.Disabled) }

// validate records the problems of the options that need no provider's
// context; it is pure Go.
func (o *AlarmOptions) validate(p *check.Problems) {
	if o == nil {
		return
	}
	if o.disabled() {
		var given []string
		if o.Topic != nil {
			given = append(given, "Topic")
		}
		if o.MinHealthyTargets != nil {
			given = append(given, "MinHealthyTargets")
		}
		if o.TargetResetsPerMinute != nil {
			given = append(given, "TargetResetsPerMinute")
		}
		if o.MinCapacity != nil {
			given = append(given, "MinCapacity")
		}
		for _, name := range given {
			p.Addf("Alarms.%s is set but Alarms.Disabled is true, so no alarm would read it; drop one of the two", name)
		}
		return
	}
	if o.MinHealthyTargets != nil {
		p.Add("Alarms.MinHealthyTargets", check.Range(*o.MinHealthyTargets, 1, 1000))
	}
	if o.TargetResetsPerMinute != nil {
		p.Add("Alarms.TargetResetsPerMinute", check.Range(*o.TargetResetsPerMinute, 1, 1e9))
	}
	if o.MinCapacity != nil {
		p.Add("Alarms.MinCapacity", check.Range(*o.MinCapacity, 1, 1000))
	}
}

// checkCapacity records a MinCapacity the provider's count would always
// breach: of, the prop that sets the count (DesiredCount, MinCapacity),
// and its value; of "" for a provider that has no capacity alarm.
func (o *AlarmOptions) checkCapacity(p *check.Problems, of string, count float64) {
	if o == nil || o.disabled() || o.MinCapacity == nil {
		return
	}
	switch {
	case of == "":
		p.Addf("Alarms.MinCapacity %v: this provider runs no tasks or instances of its own; drop it", *o.MinCapacity)
	case !check.IsNumberToken(count) && *o.MinCapacity > count:
		p.Addf("Alarms.MinCapacity %v: more than %s (%v), so the alarm would never be OK; want at most %v", *o.MinCapacity, of, count, count)
	}
}

// capacityAlarm is the TooFew alarm of a provider: its id, metric,
// threshold (the MinCapacity default), window and what it watches.
type capacityAlarm struct {
	id        string
	metric    cloudwatch.Metric
	threshold float64
	minutes   float64
	what      string
}

// AlarmTopic is the SNS topic of scope's stack that the library's alarms
// notify when given none (AlarmOptions.Topic): encrypted with a key of its
// own whose policy admits CloudWatch alarms of this account, made on first
// use, one per stack (nested stacks use their parent's). Subscribe to it,
// or give it as EndpointServiceOptions.ConnectionNotificationTopic so that
// connection requests reach the same people.
func AlarmTopic(scope constructs.IConstruct) sns.ITopic { return alarmtopic.For(scope) }

// newAlarms makes the provider's alarms under scope, unless o turns them
// off (then nil). capacity is nil for a provider without a capacity
// alarm; after, the workload whose targets register (nil when they are
// registered with the target group).
func newAlarms(scope constructs.Construct, o *AlarmOptions, m targetMetrics, capacity *capacityAlarm, after constructs.IConstruct) *ProviderAlarms {
	if o.disabled() {
		return nil
	}
	if o == nil {
		o = &AlarmOptions{}
	}
	a := &ProviderAlarms{Topic: o.Topic}
	if a.Topic == nil {
		a.Topic = alarmtopic.For(scope)
	}
	group := constructs.NewConstruct(scope, jsii.String(idAlarms))
	path := *scope.Node().Path()
	action := cwactions.NewSnsAction(a.Topic)
	alarm := func(id string, metric cloudwatch.Metric, threshold, minutes float64, op cloudwatch.ComparisonOperator, missing cloudwatch.TreatMissingData, description string) cloudwatch.Alarm {
		al := cloudwatch.NewAlarm(group, jsii.String(id), &cloudwatch.AlarmProps{
			Metric:             metric,
			Threshold:          jsii.Number(threshold),
			ComparisonOperator: op,
			EvaluationPeriods:  jsii.Number(minutes),
			DatapointsToAlarm:  jsii.Number(minutes),
			TreatMissingData:   missing,
			AlarmDescription:   jsii.String(fmt.Sprintf("%s: %s Runbook: README, Alarms, %s.", path, description, id)),
		})
		al.AddAlarmAction(action)
		al.AddOkAction(action)
		return al
	}

	minHealthy := *defaults.Number(o.MinHealthyTargets, DefaultMinHealthyTargets)
	// Missing data is breaching: HealthyHostCount is reported while health
	// checks run, so its absence means no target is registered at all.
	a.NoHealthyTargets = alarm(idNoHealthyTargets, m.MetricHealthyHostCount(), minHealthy, healthyTargetsMinutes,
		cloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD, cloudwatch.TreatMissingData_BREACHING,
		fmt.Sprintf("fewer than %v healthy targets behind the load balancer for %d minutes; consumers' connections fail.", minHealthy, healthyTargetsMinutes))
	if after != nil {
		// Created once the workload is (an ECS service is created when
		// its tasks are healthy, an Auto Scaling group when its instances
		// signal): before its targets register, the missing data would
		// read as breaching on the first deploy. TooFew names the
		// workload, which orders it already.
		a.NoHealthyTargets.Node().AddDependency(after)
	}
	resets := *defaults.Number(o.TargetResetsPerMinute, DefaultTargetResetsPerMinute)
	// Not breaching: AWS reports the resets only when there are some.
	a.TargetResets = alarm(idTargetResets, m.MetricTcpTargetResetCount(), resets, targetResetsMinutes,
		cloudwatch.ComparisonOperator_GREATER_THAN_THRESHOLD, cloudwatch.TreatMissingData_NOT_BREACHING,
		fmt.Sprintf("targets reset more than %v connections a minute for %d minutes.", resets, targetResetsMinutes))
	if capacity != nil {
		threshold := *defaults.Number(o.MinCapacity, capacity.threshold)
		// Missing data is breaching: the count is published every minute
		// while the workload exists, so its absence is a workload gone
		// (or, for tasks, Container Insights off on a cluster of yours).
		a.TooFew = alarm(capacity.id, capacity.metric, threshold, capacity.minutes,
			cloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD, cloudwatch.TreatMissingData_BREACHING,
			fmt.Sprintf("fewer than %v %s for %v minutes.", threshold, capacity.what, capacity.minutes))
	}
	return a
}
