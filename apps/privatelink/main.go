// Command privatelink is the CDK app of the example topology. Until the
// consumer side lands it synthesizes one provider stack: a container on
// Fargate shared with one consumer account.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
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
	app.Synth(nil)
}
