// Package hardening is the library's one compliance switch. Off (the
// default), every construct passes cdk-nag's AwsSolutions, NIST 800-53 R5,
// HIPAA Security, PCI DSS 3.2.1 and Serverless packs, each remaining
// finding suppressed on its resource with the reason (README,
// "Compliance"). On, the constructs also turn on what those packs ask for
// that costs money or operations; the suppressions left are the ones that
// cannot apply.
//
// What it turns on, and its monthly cost (us-west-2 list prices, read
// 2026-11-23):
//
//   - Log groups encrypted with a customer managed KMS key, one per stack
//     (nested stacks included), rotated yearly, usable by CloudWatch Logs
//     of that account and region only: $1.00 a key, plus $0.03 per 10,000
//     requests. The keys are kept when a stack is deleted, as the logs
//     they encrypt are (README, "What is left after cdk destroy").
//   - Deletion protection on every load balancer, free: turned on once the
//     load balancer exists, and off again when CloudFormation deletes or
//     replaces it (a rollback, a replacement, `cdk destroy`), so it guards
//     against deletion outside CloudFormation and never blocks a stack's
//     own lifecycle. Set in the template, it would: a first deploy that
//     fails could not roll back, a replaced load balancer could not be
//     deleted. Stack termination protection is the guard against `cdk
//     destroy`; it is the app's to set, knowing that the CDK CLI turns it
//     on before a stack's first change set runs, so a stack whose first
//     deploy failed must have it turned off before it can be deployed again.
//   - X-Ray active tracing on the deploy-time function of AwsCustomResource
//     calls: free within X-Ray's free tier (100,000 traces a month), which
//     a deploy-time function does not approach.
//
// The example adds an AWS Backup plan for its DynamoDB table (daily, kept 35
// days: $0.10 per GB-month of backup storage).
//
// The switch is CDK context, read by every construct of the library under
// the scope where it is set:
//
//	app := awscdk.NewApp(nil)
//	hardening.Enable(app) // before any construct is added
//
// or `cdk synth -c @cdk-privatelink/hardened=true`.
package hardening

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// ContextKey is the context key of the switch; its value is true or "true".
const ContextKey = "@cdk-privatelink/hardened"

// Enable turns hardening on for every construct under scope. Call it
// before adding children to scope (CDK refuses context set later).
func Enable(scope constructs.Construct) {
	scope.Node().SetContext(jsii.String(ContextKey), true)
}

// Enabled reports whether hardening is on for scope.
func Enabled(scope constructs.Construct) bool {
	switch v := scope.Node().TryGetContext(jsii.String(ContextKey)).(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}
