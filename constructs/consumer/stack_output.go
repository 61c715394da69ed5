package consumer

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/handoff"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// StackOutputProps name a stack output in another account, readable through
// the role a provider.OutputReader made there.
type StackOutputProps struct {
	// StackName of the provider's stack. Required.
	StackName *string
	// OutputName, the output's logical ID, such as ServiceName. Required.
	OutputName *string
	// Account of the provider's stack, a 12-digit account ID. Required.
	Account *string
	// Region of the provider's stack.
	// Default: the reading stack's region.
	Region *string
	// RoleName of the provider's OutputReader.
	// Default: "<StackName>-<Region>-output-reader", the OutputReader's
	// default.
	RoleName *string
}

// GetStackOutput reads another account's stack output at deploy time, with
// Fn::GetStackOutput through the role a provider.OutputReader made there, for
// stacks synthesized apart (see provider.OutputReader for when the native
// handoff of aws-cdk-lib serves instead). It panics on invalid props.
//
// CloudFormation resolves it when it creates the change set: if the
// provider's stack or role does not exist yet, the consumer's deploy fails
// before anything is created, naming them.
func GetStackOutput(scope constructs.Construct, props *StackOutputProps) *string {
	if props == nil {
		props = &StackOutputProps{}
	}
	stack := awscdk.Stack_Of(scope)
	region := *stack.Region()
	if props.Region != nil {
		region = *props.Region
	}
	p := check.New("consumer.GetStackOutput")
	if props.StackName == nil || *props.StackName == "" {
		p.Addf("StackName is empty: want the provider stack's name, such as dognames-provider")
	}
	if props.OutputName == nil || *props.OutputName == "" {
		p.Addf("OutputName is empty: want the output's logical ID, such as ServiceName")
	}
	if props.Account == nil {
		p.Addf("Account is nil: want the provider account's 12-digit ID")
	} else {
		p.Add("Account", check.AccountID(*props.Account))
	}
	if props.Region != nil {
		p.Add("Region", check.Region(*props.Region))
	}
	stackName := ""
	if props.StackName != nil {
		stackName = *props.StackName
	}
	name := handoff.RoleName(stackName, region)
	if props.RoleName != nil {
		name = *props.RoleName
	} else if check.IsToken(region) {
		p.Addf("Region is nil and the stack's region is not known at synth: give Region, or give the stack an env with a region")
	}
	handoff.CheckRoleName(p, "RoleName", name, props.RoleName == nil)
	if err := p.Err(); err != nil {
		panic(check.At(*scope.Node().Path(), err))
	}
	roleArn := fmt.Sprintf("arn:%s:iam::%s:role/%s", *stack.Partition(), *props.Account, name)
	return awscdk.Fn_GetStackOutput(props.StackName, props.OutputName, jsii.String(region), jsii.String(roleArn))
}
