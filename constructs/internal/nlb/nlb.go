// Package nlb holds the network load balancer tuning and prop defaults that
// both sides share: the provider's front end and the consumer gateway's
// per-service load balancers check their targets the same way.
package nlb

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/hardening"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
)

// Health check tuning: a new target is healthy after HealthyThreshold checks
// IntervalSeconds apart (20 s, within the 30 s a platform team expects), and
// is taken out after as many failed checks.
const (
	IntervalSeconds  = 10
	TimeoutSeconds   = 5
	HealthyThreshold = 2
	// DeregistrationDelaySeconds replaces the 300 s of ELB: the services
	// fronted here answer short requests, so draining takes seconds and
	// deployments finish in minutes.
	DeregistrationDelaySeconds = 10
)

// HealthCheck is a TCP connection check, or an HTTP check on path (200-399
// is healthy) when path is set; HTTPS when the target serves TLS (the load
// balancer does not verify the target's certificate).
func HealthCheck(path *string, tls bool) *elbv2.HealthCheck {
	hc := &elbv2.HealthCheck{
		Protocol:                elbv2.Protocol_TCP,
		Interval:                awscdk.Duration_Seconds(jsii.Number(IntervalSeconds)),
		Timeout:                 awscdk.Duration_Seconds(jsii.Number(TimeoutSeconds)),
		HealthyThresholdCount:   jsii.Number(HealthyThreshold),
		UnhealthyThresholdCount: jsii.Number(HealthyThreshold),
	}
	if path != nil {
		hc.Protocol, hc.Path, hc.HealthyHttpCodes = elbv2.Protocol_HTTP, path, jsii.String("200-399")
		if tls {
			hc.Protocol = elbv2.Protocol_HTTPS
		}
	}
	return hc
}

// DeregistrationDelay is the drain time unless d is given.
func DeregistrationDelay(d awscdk.Duration) awscdk.Duration {
	if d == nil {
		return awscdk.Duration_Seconds(jsii.Number(DeregistrationDelaySeconds))
	}
	return d
}

// idProtection is the suffix of the id of a load balancer's deletion
// protection, a sibling of the load balancer.
const idProtection = "DeletionProtection"

// Protect turns on deletion protection of lb (a child of scope) with
// hardening, after the load balancer is created, and turns it off again
// when CloudFormation deletes or replaces it; without hardening it records
// why there is none.
//
// The attribute is not in the template: set there, it is on from the load
// balancer's creation, so a first deploy that fails later cannot roll back
// (CloudFormation's delete of the load balancer fails with
// OperationNotPermitted and the stack ends ROLLBACK_FAILED), and no change
// that replaces the load balancer can complete. Here a custom resource that
// depends on the load balancer turns the protection on
// (elasticloadbalancing:ModifyLoadBalancerAttributes on this load balancer
// only); CloudFormation deletes it before the load balancer, on a rollback,
// a replacement (its physical ID is the load balancer's ARN, so a new load
// balancer means a new resource and the old one's deletion) and a stack
// deletion, and its deletion turns the protection off. What it guards
// against is a deletion outside CloudFormation (the console, the CLI,
// other automation); stack termination protection guards the stack.
func Protect(scope constructs.Construct, lb elbv2.BaseLoadBalancer) {
	if !hardening.Enabled(lb) {
		nag.Compliance(lb, "ELBDeletionProtectionEnabled", nag.ReasonDeletionProtection)
		return
	}
	// aws-cdk-lib writes the attribute as "false" whenever deletion
	// protection is not asked for; left there, an update of the load
	// balancer's attributes could send it again and turn the protection
	// off. CloudFormation leaves an attribute the template does not give as
	// it is (cloudformation-coverage-roadmap #554), so the custom resource
	// below alone owns it.
	lb.RemoveAttribute(jsii.String("deletion_protection.enabled"))
	attribute := func(on string) map[string]any {
		return map[string]any{"LoadBalancerArn": lb.LoadBalancerArn(), "Attributes": []map[string]any{{"Key": "deletion_protection.enabled", "Value": on}}}
	}
	cr := sdkcall.New(scope, *lb.Node().Id()+idProtection, sdkcall.Call{
		Service: "ELBv2", Action: "modifyLoadBalancerAttributes",
		Parameters:         attribute("true"),
		PhysicalResourceId: lb.LoadBalancerArn(),
		Resources:          []*string{lb.LoadBalancerArn()},
		Delete: &sdkcall.Call{Service: "ELBv2", Action: "modifyLoadBalancerAttributes", Parameters: attribute("false"),
			// Already gone: nothing to unprotect.
			IgnoreErrorCodes: "LoadBalancerNotFound"},
	})
	nag.Compliance(lb, "ELBDeletionProtectionEnabled", fmt.Sprintf(nag.ReasonDeletionProtectionAfterCreate, *cr.Node().Path()))
}

// TcpOnly records on a load balancer whose listeners are all TCP what the
// packs find that cannot apply to it (access logs, written for TLS
// listeners only; ELB2 of AwsSolutions and ELBLoggingEnabled of the
// compliance packs).
func TcpOnly(lb elbv2.NetworkLoadBalancer) {
	nag.Suppress(lb, nag.Rule{ID: "AwsSolutions-ELB2", Reason: nag.ReasonNlbAccessLogs})
	nag.Compliance(lb, "ELBLoggingEnabled", nag.ReasonTcpNoAccessLogs)
}

// TcpListener records that a TCP listener holds no certificate because TLS
// passes through it.
func TcpListener(l elbv2.NetworkListener) {
	nag.Compliance(l, "ELBv2ACMCertificateRequired", nag.ReasonTcpNoCertificate)
}
