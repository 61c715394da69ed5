package provider

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/handoff"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of OutputReader; part of the construct's contract.
const (
	idReaderRole   = "Role"
	idReaderPolicy = "Policy"
)

// OutputReaderProps configure an OutputReader.
type OutputReaderProps struct {
	// ConsumerAccount whose CloudFormation execution role may read this
	// stack's outputs, a 12-digit account ID. Required.
	ConsumerAccount *string
	// BootstrapQualifier of `cdk bootstrap` in the consumer account; it names
	// the execution role (cdk-<qualifier>-cfn-exec-role-<account>-<region>).
	// Default: hnb659fds.
	BootstrapQualifier *string
	// RoleName of the reader role; consumer.GetStackOutput must be given the
	// same one. At most 64 characters.
	// Default: "<stack name>-<region>-output-reader".
	RoleName *string
}

// OutputReader lets another account's CloudFormation read this stack's
// outputs, such as an endpoint service's name, with Fn::GetStackOutput
// (consumer.GetStackOutput builds the reading side). Use it when the two
// stacks are synthesized apart, one account at a time.
//
// When both stacks are in the same CDK app and synthesized together, you
// need none of this: pass the provider's EndpointService.ServiceName to the
// consumer and aws-cdk-lib (2.270 on) creates a reader role and the
// Fn::GetStackOutput itself. This construct covers what that native
// handoff cannot:
//
//   - Stacks synthesized one account at a time (`cdk deploy --all` with each
//     account's credentials, as the example does): the consumer's app never
//     sees the provider's stack, so there is no token to pass.
//   - Deploying providers before the consumer account is bootstrapped: the
//     native role trusts the consumer's execution role by ARN, which IAM
//     refuses while that role does not exist. This role trusts the consumer
//     account, on the condition that the caller is exactly that execution
//     role (aws:PrincipalArn), so it deploys in any order and admits nothing
//     more.
//   - A name both sides can compute with no reference between them, checked
//     against IAM's 64 characters at synth.
//
// The role may call cloudformation:DescribeStacks on this stack, by its
// stack ID, and nothing else.
type OutputReader struct {
	constructs.Construct
	// Role assumed by the consumer's CloudFormation, and its one Policy.
	Role   iam.Role
	Policy iam.ManagedPolicy
	// RoleName and RoleArn, known at synth.
	RoleName *string
	RoleArn  *string
}

// validate records every problem of the props; it is pure Go.
func (props *OutputReaderProps) validate(stackName, region string) (string, error) {
	p := check.New("provider.OutputReader")
	if props.ConsumerAccount == nil {
		p.Addf("ConsumerAccount is nil: want the 12-digit account ID of the consumer, such as 111111111111")
	} else {
		p.Add("ConsumerAccount", check.AccountID(*props.ConsumerAccount))
	}
	if props.BootstrapQualifier != nil {
		handoff.CheckQualifier(p, "BootstrapQualifier", *props.BootstrapQualifier)
	}
	name := handoff.RoleName(stackName, region)
	if props.RoleName != nil {
		name = *props.RoleName
	} else if check.IsToken(region) {
		p.Addf("RoleName is nil and the stack's region is not known at synth: give RoleName, or give the stack an env with a region")
	}
	handoff.CheckRoleName(p, "RoleName", name, props.RoleName == nil)
	return name, p.Err()
}

// NewOutputReader creates the role. It panics, before creating anything, if
// the props are invalid.
func NewOutputReader(scope constructs.Construct, id *string, props *OutputReaderProps) *OutputReader {
	if props == nil {
		props = &OutputReaderProps{}
	}
	stack := awscdk.Stack_Of(scope)
	name, err := props.validate(*stack.StackName(), *stack.Region())
	if err != nil {
		refuse.If(scope, id, err)
	}
	qualifier := handoff.DefaultQualifier
	if props.BootstrapQualifier != nil {
		qualifier = *props.BootstrapQualifier
	}
	this := &OutputReader{Construct: constructs.NewConstruct(scope, id), RoleName: jsii.String(name)}
	execRole := handoff.ExecRoleArn(*stack.Partition(), *props.ConsumerAccount, qualifier, *stack.Region())
	this.Role = iam.NewRole(this.Construct, jsii.String(idReaderRole), &iam.RoleProps{
		RoleName:    jsii.String(name),
		Description: jsii.String(fmt.Sprintf("Lets CloudFormation in %s read the outputs of %s", *props.ConsumerAccount, *stack.StackName())),
		AssumedBy: iam.NewAccountPrincipal(props.ConsumerAccount).WithConditions(&map[string]any{
			"ArnEquals": map[string]any{"aws:PrincipalArn": execRole},
		}),
	})
	// A managed policy, not an inline one (the compliance packs'
	// IAMNoInlinePolicy), attached to this role alone.
	this.Policy = iam.NewManagedPolicy(this.Construct, jsii.String(idReaderPolicy), &iam.ManagedPolicyProps{
		Description: jsii.String(fmt.Sprintf("Reads the outputs of %s", *stack.StackName())),
		Statements: &[]iam.PolicyStatement{iam.NewPolicyStatement(&iam.PolicyStatementProps{
			Actions: jsii.Strings("cloudformation:DescribeStacks"),
			// This stack's own ARN, stack ID included: no wildcard.
			Resources: jsii.Strings(*awscdk.Aws_STACK_ID()),
		})},
		Roles: &[]iam.IRole{this.Role},
	})
	this.RoleArn = this.Role.RoleArn()
	return this
}
