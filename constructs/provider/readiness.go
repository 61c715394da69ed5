package provider

import (
	"fmt"
	"math"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	autoscaling "github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"
)

// Readiness timing: the instance gives its verdict at most
// ReadinessTimeout - readinessMargin after it boots. CloudFormation's clock
// starts before that, when it asks for the instance (at creation, or for
// each batch of a rolling update), so the margin covers the launch, the
// last probe (2 s) and the signal (30 s at most).
const (
	readinessMargin = 120
	// MinReadinessTimeout and MaxReadinessTimeout bound ReadinessTimeout:
	// the margin and a minute of checks; CloudFormation's 12 hours.
	MinReadinessTimeout = 180
	MaxReadinessTimeout = 43200
)

// readiness is the part of Ec2Provider that makes a deploy wait for healthy
// instances (Ec2ProviderProps.Readiness): at creation, MinCapacity
// instances must signal success (the group's CreationPolicy); during a
// rolling update, each new instance must, before CloudFormation replaces
// the next (UpdatePolicy WaitOnResourceSignals). aws-cdk-lib grants the
// instance role cloudformation:SignalResource on the stack for the
// group's signals.
type readiness struct {
	timeout  float64
	port     float64
	path     *string
	tls      bool // the service itself serves TLS (TlsOptions.TargetsTerminateTls)
	userData ec2.UserData
}

// newReadiness makes the user data that signals the group: the caller's
// script now, and once the group exists (finish) a loop that checks the
// service on the instance itself until a deadline, then one `aws
// cloudformation signal-resource` with SUCCESS or FAILURE (AWS CLI v2, part
// of Amazon Linux 2023). The caller's UserData is not changed.
func newReadiness(props *Ec2ProviderProps, port float64) *readiness {
	_, targets := props.Tls.listenerProtocols()
	r := &readiness{timeout: DefaultReadinessTimeout, port: port, path: props.HealthCheckPath, tls: targets == elbv2.Protocol_TLS}
	if props.ReadinessTimeout != nil {
		r.timeout = *props.ReadinessTimeout.ToSeconds(nil)
	}
	r.userData = ec2.UserData_Custom(props.UserData.Render())
	return r
}

// finish appends the readiness check to the user data, signalling group.
func (r *readiness) finish(group autoscaling.AutoScalingGroup) {
	stack := awscdk.Stack_Of(group)
	var cfn awscdk.CfnElement
	jsii.UnsafeCast(group.Node().DefaultChild(), &cfn)
	p := int(r.port)
	probe := fmt.Sprintf("timeout 2 bash -c '</dev/tcp/127.0.0.1/%d'", p)
	what := fmt.Sprintf("a TCP connection to port %d", p)
	if r.path != nil {
		// A service that serves TLS itself is asked over HTTPS, as the load
		// balancer's health check does, without verifying its certificate
		// (issued for the service's name, not 127.0.0.1; the load balancer
		// does not verify targets' certificates either).
		scheme, insecure := "http", ""
		if r.tls {
			scheme, insecure = "https", "k"
		}
		probe = fmt.Sprintf("curl -fsS%s -o /dev/null --max-time 2 '%s://127.0.0.1:%d%s'", insecure, scheme, p, *r.path)
		what = fmt.Sprintf("GET %s on port %d", *r.path, p)
		if r.tls {
			what = fmt.Sprintf("GET %s over TLS on port %d", *r.path, p)
		}
	}
	budget := int(r.timeout) - readinessMargin
	r.userData.AddCommands(jsii.String("\n# cdk-privatelink readiness: signal CloudFormation once the service answers here\n" +
		"(\n" +
		// The deadline counts from boot, which comes after CloudFormation's
		// clock starts: the verdict always arrives before its timeout.
		fmt.Sprintf("deadline=$(( $(date +%%s) - $(cut -d. -f1 /proc/uptime) + %d ))\n", budget) +
		fmt.Sprintf("status=FAILURE; reason='no answer to %s within %d s of boot'\n", what, budget) +
		"while [ \"$(date +%s)\" -lt \"$deadline\" ]; do\n" +
		fmt.Sprintf("  if %s; then status=SUCCESS; reason='answers %s'; break; fi\n", probe, what) +
		"  sleep 5\n" +
		"done\n" +
		"token=$(curl -fsS --max-time 2 -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')\n" +
		"id=$(curl -fsS --max-time 2 -H \"X-aws-ec2-metadata-token: $token\" http://169.254.169.254/latest/meta-data/instance-id)\n" +
		"echo \"cdk-privatelink readiness: $status: $reason\"\n" +
		"aws cloudformation signal-resource --cli-connect-timeout 5 --cli-read-timeout 10" +
		" --region " + *stack.Region() + " --stack-name " + *stack.StackName() + " --logical-resource-id " + *stack.GetLogicalId(cfn) +
		" --unique-id \"$id\" --status \"$status\"\n" +
		")"))
}

// signals is the group's CreationPolicy: MinCapacity signals within the
// timeout.
func (r *readiness) signals() autoscaling.Signals {
	return autoscaling.Signals_WaitForMinCapacity(&autoscaling.SignalsOptions{Timeout: awscdk.Duration_Seconds(jsii.Number(r.timeout))})
}

// pauseTime is how long a rolling update waits for a new instance's signal.
func (r *readiness) pauseTime() awscdk.Duration {
	return awscdk.Duration_Seconds(jsii.Number(math.Round(r.timeout)))
}
