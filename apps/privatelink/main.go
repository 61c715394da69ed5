// Command privatelink is the CDK app of the example topology. Until the
// consumer side lands it synthesizes the two provider stacks: a container on
// Fargate and an Auto Scaling group, each shared with one consumer account.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("dognames-provider"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("us-west-2")},
	})
	vpc := provider.NewProviderVpc(stack, jsii.String("Network"), &provider.ProviderVpcProps{InterfaceEndpoints: jsii.Bool(true)})
	provider.NewFargateProvider(stack, jsii.String("DogNames"), &provider.FargateProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc:             vpc.Vpc,
			HealthCheckPath: jsii.String("/health"),
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		},
		Image: ecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/busybox:stable"), nil),
	})

	todoStack := awscdk.NewStack(app, jsii.String("todo-provider"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("333333333333"), Region: jsii.String("us-west-2")},
	})
	todoVpc := provider.NewProviderVpc(todoStack, jsii.String("Network"), nil)
	userData := ec2.UserData_ForLinux(nil)
	userData.AddCommands(jsii.String("systemctl enable --now todo"))
	provider.NewEc2Provider(todoStack, jsii.String("Todo"), &provider.Ec2ProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc:             todoVpc.Vpc,
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		},
		UserData: userData,
	})
	app.Synth(nil)
}
