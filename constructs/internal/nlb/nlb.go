// Package nlb holds the network load balancer tuning and prop defaults that
// both sides share: the provider's front end and the consumer gateway's
// per-service load balancers check their targets the same way.
package nlb

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/hardening"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
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

// DeletionProtection of a load balancer in scope: on with hardening.
func DeletionProtection(scope constructs.Construct) *bool {
	return jsii.Bool(hardening.Enabled(scope))
}

// TcpOnly records on a load balancer whose listeners are all TCP what the
// packs find that cannot apply to it (access logs, written for TLS
// listeners only; ELB2 of AwsSolutions and ELBLoggingEnabled of the
// compliance packs), and, without hardening, its deletion protection.
func TcpOnly(lb elbv2.NetworkLoadBalancer) {
	nag.Suppress(lb, nag.Rule{ID: "AwsSolutions-ELB2", Reason: nag.ReasonNlbAccessLogs})
	nag.Compliance(lb, "ELBLoggingEnabled", nag.ReasonTcpNoAccessLogs)
	Unprotected(lb)
}

// Unprotected records, without hardening, that lb has no deletion
// protection.
func Unprotected(lb elbv2.NetworkLoadBalancer) {
	if !hardening.Enabled(lb) {
		nag.Compliance(lb, "ELBDeletionProtectionEnabled", nag.ReasonDeletionProtection)
	}
}

// TcpListener records that a TCP listener holds no certificate because TLS
// passes through it.
func TcpListener(l elbv2.NetworkListener) {
	nag.Compliance(l, "ELBv2ACMCertificateRequired", nag.ReasonTcpNoCertificate)
}
