package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	autoscaling "github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Child id prefixes of Ec2Provider's readiness check; the rest of each id is
// a hash of what the instances run, so a change makes a new wait.
const (
	idReadyHandle = "ReadyHandle"
	idReadyWait   = "Ready"
)

// readiness is the part of Ec2Provider that makes a deploy wait for healthy
// instances (Ec2ProviderProps.Readiness).
type readiness struct {
	scope    constructs.Construct
	key      string
	handle   awscdk.CfnWaitConditionHandle
	userData ec2.UserData
}

// newReadiness makes the wait condition's handle and the user data that
// reports to it: the caller's script, then a loop that checks the service
// on the instance itself and puts SUCCESS or FAILURE to the handle's
// presigned S3 URL. The caller's UserData is not changed.
func newReadiness(scope constructs.Construct, props *Ec2ProviderProps, f *frontend, instanceType ec2.InstanceType) *readiness {
	stack := awscdk.Stack_Of(scope)
	script := props.UserData.Render()
	// The key follows the resolved script (tokens rendered as the template
	// will have them, so it is the same on every synth) and the instance
	// type: either changed means new instances to wait for.
	resolved, _ := json.Marshal(stack.Resolve(script))
	sum := sha256.Sum256(append(resolved, []byte(*instanceType.ToString())...))
	r := &readiness{scope: scope, key: hex.EncodeToString(sum[:])[:8]}
	r.handle = awscdk.NewCfnWaitConditionHandle(scope, jsii.String(idReadyHandle+r.key), nil)

	timeout := float64(DefaultReadinessTimeoutSeconds)
	if props.ReadinessTimeoutSeconds != nil {
		timeout = *props.ReadinessTimeoutSeconds
	}
	port := int(f.port)
	probe := fmt.Sprintf("timeout 2 bash -c '</dev/tcp/127.0.0.1/%d'", port)
	what := fmt.Sprintf("a TCP connection to port %d", port)
	if props.HealthCheckPath != nil {
		probe = fmt.Sprintf("curl -fsS -o /dev/null --max-time 2 'http://127.0.0.1:%d%s'", port, *props.HealthCheckPath)
		what = fmt.Sprintf("GET %s on port %d", *props.HealthCheckPath, port)
	}
	// The instance reports a minute before the wait times out, so a failure
	// carries its reason instead of a bare timeout.
	tries := int(timeout-60) / 5
	report := "\n# cdk-privatelink readiness: report to CloudFormation once the service answers here\n" +
		"(\n" +
		fmt.Sprintf("status=FAILURE; reason='no answer to %s within %d s'\n", what, tries*5) +
		fmt.Sprintf("for i in $(seq 1 %d); do\n", tries) +
		fmt.Sprintf("  if %s; then status=SUCCESS; reason='answers %s'; break; fi\n", probe, what) +
		"  sleep 5\n" +
		"done\n" +
		"token=$(curl -fsS --max-time 2 -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')\n" +
		"id=$(curl -fsS --max-time 2 -H \"X-aws-ec2-metadata-token: $token\" http://169.254.169.254/latest/meta-data/instance-id)\n" +
		"curl -fsS --retry 5 --max-time 10 -X PUT -H 'Content-Type:' --data-binary \"{\\\"Status\\\":\\\"$status\\\",\\\"Reason\\\":\\\"$reason\\\",\\\"UniqueId\\\":\\\"$id\\\",\\\"Data\\\":\\\"$status\\\"}\" '" +
		*r.handle.Ref() + "'\n" +
		")\n"
	r.userData = ec2.UserData_Custom(jsii.String(*script + report))
	return r
}

// wait makes the deploy wait for count reports after the group exists.
func (r *readiness) wait(group autoscaling.AutoScalingGroup, count float64, timeout *float64) awscdk.CfnWaitCondition {
	w := awscdk.NewCfnWaitCondition(r.scope, jsii.String(idReadyWait+r.key), &awscdk.CfnWaitConditionProps{
		Count:   jsii.Number(count),
		Handle:  r.handle.Ref(),
		Timeout: jsii.String(fmt.Sprint(*timeout)),
	})
	var cfn awscdk.CfnResource
	jsii.UnsafeCast(group.Node().DefaultChild(), &cfn)
	w.AddResourceDependency(cfn, jsii.String("the instances report once the group has launched them"))
	return w
}
