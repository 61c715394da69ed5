// Package sdkcall makes the AWS API calls the constructs need at deploy time
// with aws-cdk-lib's AwsCustomResource, the one way they are made here: no
// hand-written Lambda code, the SDK that ships with the Lambda runtime (no
// download while deploying), and one log group per stack.
//
// AwsCustomResource runs every call of a stack through one singleton
// function. Left alone, Lambda creates that function's log group on its
// first invocation, with no retention, and a LogGroup resource declared for
// it races that creation ("already exists", aws-cdk issue 34612). Here the
// function logs to a log group the stack creates first, kept a month.
package sdkcall

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	lambda "github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/hardening"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/cfnfix"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logkey"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
)

// idLogGroup is the stack-level log group of the singleton function.
const idLogGroup = "SdkCallLogs"

// Call is one SDK call made when the resource is created and again whenever
// its parameters change.
type Call struct {
	// Service and Action, as aws-cdk-lib names them: "EC2",
	// "describeNetworkInterfaces".
	Service, Action string
	Parameters      map[string]any
	// PhysicalResourceId of the resource; a change replaces it.
	PhysicalResourceId *string
	// OutputPaths keep only these fields of the response (custom resource
	// responses are limited to 4 KB).
	OutputPaths []*string
	// IgnoreErrorCodes is a regular expression of error codes that are not
	// failures.
	IgnoreErrorCodes string
	// Resources the call acts on, for the function's IAM policy. "*" is
	// for Describe actions only, which have no resource-level permissions;
	// New records that reason for cdk-nag.
	Resources []*string
	// Delete is made when the resource is deleted (its Service, Action,
	// Parameters and IgnoreErrorCodes); its action is allowed on the same
	// Resources.
	// Default: nothing is called on delete.
	Delete *Call
}

// New creates the resource in scope.
func New(scope constructs.Construct, id string, c Call) customresources.AwsCustomResource {
	call := &customresources.AwsSdkCall{
		Service:            jsii.String(c.Service),
		Action:             jsii.String(c.Action),
		Parameters:         c.Parameters,
		PhysicalResourceId: customresources.PhysicalResourceId_Of(c.PhysicalResourceId),
	}
	if len(c.OutputPaths) > 0 {
		call.OutputPaths = &c.OutputPaths
	}
	if c.IgnoreErrorCodes != "" {
		call.IgnoreErrorCodesMatching = jsii.String(c.IgnoreErrorCodes)
	}
	var onDelete *customresources.AwsSdkCall
	if c.Delete != nil {
		onDelete = &customresources.AwsSdkCall{Service: jsii.String(c.Delete.Service), Action: jsii.String(c.Delete.Action), Parameters: c.Delete.Parameters}
		if c.Delete.IgnoreErrorCodes != "" {
			onDelete.IgnoreErrorCodesMatching = jsii.String(c.Delete.IgnoreErrorCodes)
		}
	}
	cfnfix.RedundantDependsOn(scope)
	stack := awscdk.Stack_Of(scope)
	cr := customresources.NewAwsCustomResource(scope, jsii.String(id), &customresources.AwsCustomResourceProps{
		OnCreate:            call,
		OnUpdate:            call,
		OnDelete:            onDelete,
		Policy:              customresources.AwsCustomResourcePolicy_FromSdkCalls(&customresources.SdkCallsPolicyOptions{Resources: &c.Resources}),
		InstallLatestAwsSdk: jsii.Bool(false),
		LogGroup:            logGroup(stack),
		// Lambda's default, said explicitly: the calls are small.
		MemorySize: jsii.Number(MemoryMiB),
	})
	policy := cr.Node().FindChild(jsii.String("CustomResourcePolicy"))
	nag.Compliance(policy, "IAMNoInlinePolicy", nag.ReasonCdkInlinePolicy)
	if len(c.Resources) == 1 && *c.Resources[0] == "*" {
		if !strings.HasPrefix(c.Action, "describe") {
			panic("sdkcall: Resources * for " + c.Action + ": only Describe actions lack resource-level permissions; name the resources")
		}
		nag.Suppress(policy, nag.Rule{ID: "AwsSolutions-IAM5", Reason: nag.ReasonDescribeStar, AppliesTo: []string{"Resource::*"}})
	}
	function(stack)
	return cr
}

// MemoryMiB of the singleton function.
const MemoryMiB = 128

// idFunction is the id aws-cdk-lib gives AwsCustomResource's singleton
// function in its stack; idTracing the policy that lets it trace.
const (
	idFunction = "AWS679f53fac002430cb0da5b7982bd2287"
	idTracing  = "SdkCallTracing"
)

// function records, once per stack, what the compliance packs find on the
// singleton function, and with hardening turns its tracing on.
func function(stack awscdk.Stack) {
	singleton := stack.Node().FindChild(jsii.String(idFunction))
	var fn lambda.CfnFunction
	jsii.UnsafeCast(singleton.Node().FindChild(jsii.String("Resource")), &fn)
	if fn.GetMetadata(jsii.String("cdk_nag")) != nil {
		return // done by the stack's first call
	}
	nag.Compliance(fn, "LambdaDLQ", nag.ReasonDeployFunctionDLQ)
	nag.Compliance(fn, "LambdaConcurrency", nag.ReasonDeployFunctionConcurrency)
	nag.Compliance(fn, "LambdaInsideVPC", nag.ReasonDeployFunctionVpc)
	if !hardening.Enabled(stack) {
		nag.Compliance(fn, "LambdaTracing", nag.ReasonTracing)
		return
	}
	fn.SetTracingConfig(&lambda.CfnFunction_TracingConfigProperty{Mode: jsii.String("Active")})
	var role iam.IRole
	jsii.UnsafeCast(singleton.Node().FindChild(jsii.String("ServiceRole")), &role)
	tracing := iam.NewManagedPolicy(stack, jsii.String(idTracing), &iam.ManagedPolicyProps{
		Description: jsii.String("Lets the function of AwsCustomResource calls send traces to X-Ray"),
		Statements: &[]iam.PolicyStatement{iam.NewPolicyStatement(&iam.PolicyStatementProps{
			Actions:   jsii.Strings("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
			Resources: jsii.Strings("*"),
		})},
		Roles: &[]iam.IRole{role},
	})
	nag.Suppress(tracing, nag.Rule{ID: "AwsSolutions-IAM5", Reason: "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions (Service Authorization Reference), so Resource must be *.", AppliesTo: []string{"Resource::*"}})
	fn.Node().AddDependency(tracing)
}

// logGroup is the stack's one log group for the singleton function.
func logGroup(stack awscdk.Stack) logs.ILogGroup {
	if existing := stack.Node().TryFindChild(jsii.String(idLogGroup)); existing != nil {
		var lg logs.LogGroup
		jsii.UnsafeCast(existing, &lg)
		return lg
	}
	return logkey.NewLogGroup(stack, idLogGroup, &logs.LogGroupProps{
		Retention:     logs.RetentionDays_ONE_MONTH,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
}
