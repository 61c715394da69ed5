package consumer

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	cwactions "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/alarmtopic"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/metrics"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of the alarms, on the front door (the API's or the web ACL's)
// and on each service; part of the constructs' contract.
const (
	idAlarmNoHealthyTargets = "NoHealthyTargetsAlarm"
	idAlarmPacketsDropped   = "PacketsDroppedAlarm"
	idAlarmErrorRate        = "ErrorRateAlarm"
	idAlarmLatency          = "LatencyAlarm"
	idAlarmThrottled        = "ThrottledAlarm"
	idThrottledFilter       = "Http429Filter"
)

// Alarm defaults. Each is the threshold of one alarm; the reasons are in
// AlarmOptions.
const (
	DefaultMinHealthyTargets = 1
	DefaultPacketsDropped    = 10
	DefaultErrorRatePercent  = 5
	DefaultLatencyP99Millis  = 2000
	DefaultThrottled         = 10
	// ErrorRateMinRequests is how many requests five minutes must hold
	// before their error rate is judged: below it one failed request of
	// three would be 33%.
	ErrorRateMinRequests = 10
)

// AlarmOptions configure the alarms a front door (Gateway, AlbFrontDoor)
// makes by default: per service, no healthy endpoint address and the
// endpoint dropping packets; per service on AlbFrontDoor and per API on
// Gateway (HTTP APIs publish nothing per route without detailed metrics),
// the 5xx rate and p99 latency; per front door, the 429s. Each alarm
// notifies Topic when it goes into ALARM and back to OK.
type AlarmOptions struct {
	// Disabled turns every alarm off; give nothing else with it.
	// Default: false, the alarms are made.
	Disabled *bool
	// Topic the alarms notify. An encrypted topic must let
	// cloudwatch.amazonaws.com use its key.
	// Default: one topic per stack, AlarmTopic, encrypted with a customer
	// managed KMS key (AlarmTopicKey, $1 a month) whose policy admits
	// CloudWatch alarms of this account only; subscribe to it.
	Topic sns.ITopic
	// MinHealthyTargets: the service's alarm fires when fewer of its
	// endpoint addresses pass health checks for 2 minutes in a row.
	// Default: 1, so it fires when none does, which is when every request
	// of the service fails; one zone of two down is carried by cross-zone
	// load balancing, and shows on the dashboard.
	MinHealthyTargets *float64
	// PacketsDropped in 5 minutes at which a service's endpoint alarm
	// fires.
	// Default: 10, a pattern rather than the odd packet of a torn-down
	// connection; AWS documents rising drops as the endpoint or the service
	// being unhealthy.
	PacketsDropped *float64
	// ErrorRatePercent of 5xx answers in 5 minutes (of at least
	// ErrorRateMinRequests requests) at which the alarm fires.
	// Default: 5, one request in twenty failing for five minutes, which
	// users notice, above the odd failure a healthy service also returns.
	ErrorRatePercent *float64
	// LatencyP99 above which, for 3 periods of 5 minutes, the alarm fires.
	// Default: 2 seconds, a provider slowing down well before API
	// Gateway's 30 s integration timeout turns its answers into 504s;
	// fifteen minutes keep one slow burst from paging anyone.
	LatencyP99 awscdk.Duration
	// Throttled requests (429) in 5 minutes at which the alarm fires.
	// Default: 10, callers being turned away rather than one client
	// retrying past the limit; raise the limits (ThrottleRateLimit,
	// WafRateLimit) or this threshold if it is expected.
	Throttled *float64
}

// validate records the problems of the options, named prop.
func (o *AlarmOptions) validate(p *check.Problems, prop string) {
	if o == nil {
		return
	}
	if defaults.True(o.Disabled) {
		if o.Topic != nil || o.MinHealthyTargets != nil || o.PacketsDropped != nil || o.ErrorRatePercent != nil || o.LatencyP99 != nil || o.Throttled != nil {
			p.Addf("%s.Disabled true: the alarms are off, yet a topic or a threshold is given; give Disabled alone, or leave it unset", prop)
		}
		return
	}
	if o.MinHealthyTargets != nil {
		p.Add(prop+".MinHealthyTargets", check.Range(*o.MinHealthyTargets, 1, 1000))
	}
	if o.PacketsDropped != nil {
		p.Add(prop+".PacketsDropped", check.Range(*o.PacketsDropped, 1, 1e9))
	}
	if o.ErrorRatePercent != nil && !check.IsNumberToken(*o.ErrorRatePercent) && (*o.ErrorRatePercent <= 0 || *o.ErrorRatePercent > 100) {
		p.Addf("%s.ErrorRatePercent %v: want a percentage above 0, at most 100", prop, *o.ErrorRatePercent)
	}
	if o.LatencyP99 != nil && !check.IsToken(*o.LatencyP99.ToString()) {
		if ms := *o.LatencyP99.ToMilliseconds(nil); ms < 1 || ms > 30000 {
			p.Addf("%s.LatencyP99 %v ms: want 1 ms to 30 s (API Gateway's integration timeout, past which requests fail instead)", prop, ms)
		}
	}
	if o.Throttled != nil {
		p.Add(prop+".Throttled", check.Range(*o.Throttled, 1, 1e9))
	}
}

// alarmer makes the alarms of one front door, or none when they are off.
type alarmer struct {
	opts  AlarmOptions
	topic sns.ITopic
}

// newAlarmer is nil when the alarms are off; the topic is made (or found)
// in scope's stack.
func newAlarmer(scope constructs.IConstruct, o *AlarmOptions) *alarmer {
	a := &alarmer{}
	if o != nil {
		a.opts = *o
	}
	if defaults.True(a.opts.Disabled) {
		return nil
	}
	a.topic = a.opts.Topic
	if a.topic == nil {
		a.topic = alarmtopic.For(scope)
	}
	return a
}

func (a *alarmer) latencyMillis() float64 {
	if a.opts.LatencyP99 == nil {
		return DefaultLatencyP99Millis
	}
	return *a.opts.LatencyP99.ToMilliseconds(nil)
}

// alarm makes one alarm in scope, notifying the topic on ALARM and OK.
func (a *alarmer) alarm(scope constructs.Construct, id string, metric cloudwatch.IMetric, props alarmProps) cloudwatch.Alarm {
	datapoints := props.datapoints
	if datapoints == 0 {
		datapoints = props.periods
	}
	al := cloudwatch.NewAlarm(scope, jsii.String(id), &cloudwatch.AlarmProps{
		Metric:             metric,
		Threshold:          jsii.Number(props.threshold),
		ComparisonOperator: props.compare,
		EvaluationPeriods:  jsii.Number(float64(props.periods)),
		DatapointsToAlarm:  jsii.Number(float64(datapoints)),
		TreatMissingData:   props.missing,
		AlarmDescription:   jsii.String(props.description),
	})
	action := cwactions.NewSnsAction(a.topic)
	al.AddAlarmAction(action)
	al.AddOkAction(action)
	return al
}

type alarmProps struct {
	threshold           float64
	compare             cloudwatch.ComparisonOperator
	periods, datapoints int
	missing             cloudwatch.TreatMissingData
	description         string
}

var fiveMinutes = awscdk.Duration_Minutes(jsii.Number(5))

// healthAlarm fires when fewer endpoint addresses than MinHealthyTargets
// pass health checks. Missing data breaches: ELB reports HealthyHostCount
// every minute for a target group with health checks, 0 included, so a
// silent one is not known to be healthy.
func (a *alarmer) healthAlarm(scope constructs.Construct, service string, m cloudwatch.Metric, where string) cloudwatch.Alarm {
	return a.alarm(scope, idAlarmNoHealthyTargets, m, alarmProps{
		threshold: *defaults.Number(a.opts.MinHealthyTargets, DefaultMinHealthyTargets),
		compare:   cloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD, periods: 2,
		missing:     cloudwatch.TreatMissingData_BREACHING,
		description: fmt.Sprintf("Service %s: too few of its endpoint addresses pass %s health checks; at 0 every request fails. The provider is down, or its endpoint unreachable (connection not accepted, security group, zone). README: Runbook.", service, where),
	})
}

// packetsAlarm fires when the endpoint drops packets. Missing data does
// not breach: PrivateLink reports only the minutes with traffic.
func (a *alarmer) packetsAlarm(scope constructs.Construct, service string, ep IServiceEndpoint) cloudwatch.Alarm {
	e, ok := ep.(*ServiceEndpoint)
	if !ok || !e.PublishesMetrics() {
		// An endpoint from FromServiceEndpointAttributes does not say its
		// service name, a dimension of every endpoint metric; AWS
		// publishes none for cross-Region access.
		return nil
	}
	return a.alarm(scope, idAlarmPacketsDropped, e.MetricPacketsDropped().With(&cloudwatch.MetricOptions{Period: fiveMinutes}), alarmProps{
		threshold: *defaults.Number(a.opts.PacketsDropped, DefaultPacketsDropped),
		compare:   cloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1,
		missing:     cloudwatch.TreatMissingData_NOT_BREACHING,
		description: fmt.Sprintf("Service %s: its interface endpoint (%s) drops packets; the endpoint or the provider's service may be unhealthy. README: Runbook.", service, *e.Node().Path()),
	})
}

// errorRateAlarm fires on the share of 5xx among requests, judged only
// over ErrorRateMinRequests requests. Missing data does not breach: no
// requests, no errors.
func (a *alarmer) errorRateAlarm(scope constructs.Construct, what string, errors, requests cloudwatch.Metric) cloudwatch.Alarm {
	rate := cloudwatch.NewMathExpression(&cloudwatch.MathExpressionProps{
		Expression: jsii.Sprintf("IF(requests >= %d, 100 * FILL(errors, 0) / requests, 0)", ErrorRateMinRequests),
		UsingMetrics: &map[string]cloudwatch.IMetric{
			"errors":   errors.With(&cloudwatch.MetricOptions{Period: fiveMinutes}),
			"requests": requests.With(&cloudwatch.MetricOptions{Period: fiveMinutes}),
		},
		Label:  jsii.String("5xx %"),
		Period: fiveMinutes,
	})
	return a.alarm(scope, idAlarmErrorRate, rate, alarmProps{
		threshold: *defaults.Number(a.opts.ErrorRatePercent, DefaultErrorRatePercent),
		compare:   cloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1,
		missing:     cloudwatch.TreatMissingData_NOT_BREACHING,
		description: fmt.Sprintf("%s: the share of 5xx answers is at or above the threshold over five minutes. README: Runbook.", what),
	})
}

// latencyAlarm fires on p99 above the threshold for three five-minute
// periods; threshold is in the metric's unit. Missing data does not
// breach: no requests, no latency.
func (a *alarmer) latencyAlarm(scope constructs.Construct, what string, m cloudwatch.Metric, threshold float64) cloudwatch.Alarm {
	return a.alarm(scope, idAlarmLatency, m.With(&cloudwatch.MetricOptions{Period: fiveMinutes}), alarmProps{
		threshold: threshold,
		compare:   cloudwatch.ComparisonOperator_GREATER_THAN_THRESHOLD, periods: 3,
		missing:     cloudwatch.TreatMissingData_NOT_BREACHING,
		description: fmt.Sprintf("%s: the 99th percentile of latency is above the threshold for fifteen minutes. README: Runbook.", what),
	})
}

// throttledAlarm fires on 429s. Missing data does not breach: the metric
// is published only when there is a 429.
func (a *alarmer) throttledAlarm(scope constructs.Construct, what string, m cloudwatch.Metric) cloudwatch.Alarm {
	return a.alarm(scope, idAlarmThrottled, m.With(&cloudwatch.MetricOptions{Period: fiveMinutes}), alarmProps{
		threshold: *defaults.Number(a.opts.Throttled, DefaultThrottled),
		compare:   cloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1,
		missing:     cloudwatch.TreatMissingData_NOT_BREACHING,
		description: fmt.Sprintf("%s: requests refused with 429 (rate limit) at or above the threshold in five minutes. README: Runbook.", what),
	})
}

// gatewayAlarms makes the API's alarms, and the access log metric filter
// that counts its 429s.
func (g *Gateway) gatewayAlarms() {
	if g.alarmer == nil {
		return
	}
	logs.NewMetricFilter(g.Construct, jsii.String(idThrottledFilter), &logs.MetricFilterProps{
		LogGroup:        g.AccessLogs,
		FilterPattern:   logs.FilterPattern_StringValue(jsii.String("$.status"), jsii.String("="), jsii.String("429")),
		MetricNamespace: jsii.String(metrics.GatewayAccessLogs),
		MetricName:      jsii.String("Http429"),
		MetricValue:     jsii.String("1"),
		Dimensions:      &map[string]*string{metrics.DimApiId: jsii.String("$.apiId")},
		Unit:            cloudwatch.Unit_COUNT,
	})
	what := "Gateway " + *g.Node().Path()
	g.Alarms = append(g.Alarms,
		g.alarmer.errorRateAlarm(g.Construct, what, g.MetricServerErrors(), g.MetricRequests()),
		g.alarmer.latencyAlarm(g.Construct, what, g.MetricLatency(), g.alarmer.latencyMillis()),
		g.alarmer.throttledAlarm(g.Construct, what, g.MetricThrottled()),
	)
}

// serviceAlarms makes one gateway service's alarms.
func (s *GatewayService) serviceAlarms() {
	a := s.gateway.alarmer
	if a == nil {
		return
	}
	s.Alarms = append(s.Alarms, a.healthAlarm(s.Construct, s.id, s.MetricHealthyTargets(), "the gateway load balancer's"))
	if al := a.packetsAlarm(s.Construct, s.id, s.endpoint); al != nil {
		s.Alarms = append(s.Alarms, al)
	}
}

// frontDoorAlarms makes the front door's 429 alarm.
func (f *AlbFrontDoor) frontDoorAlarms() {
	if f.alarmer == nil {
		return
	}
	f.Alarms = append(f.Alarms, f.alarmer.throttledAlarm(f.Construct, "Front door "+*f.Node().Path(), f.MetricThrottled()))
}

// serviceAlarms makes one front door service's alarms.
func (s *AlbFrontDoorService) serviceAlarms() {
	a := s.frontDoor.alarmer
	if a == nil {
		return
	}
	what := "Service " + s.id
	s.Alarms = append(s.Alarms, a.healthAlarm(s.Construct, s.id, s.MetricHealthyTargets(), "the front door load balancer's"))
	if al := a.packetsAlarm(s.Construct, s.id, s.endpoint); al != nil {
		s.Alarms = append(s.Alarms, al)
	}
	s.Alarms = append(s.Alarms,
		a.errorRateAlarm(s.Construct, what, s.MetricServerErrors(), s.MetricRequests()),
		// TargetResponseTime is in seconds.
		a.latencyAlarm(s.Construct, what, s.MetricLatency(), a.latencyMillis()/1000),
	)
}
