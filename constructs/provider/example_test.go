package provider_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
)

// A container on Fargate, shared with one consumer account. The VPC has no
// internet path; interface endpoints let the tasks pull the image.
func ExampleNewFargateProvider() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("dognames"), nil)
	network := provider.NewProviderVpc(stack, jsii.String("Network"), &provider.ProviderVpcProps{
		InterfaceEndpoints: jsii.Bool(true),
	})
	dogs := provider.NewFargateProvider(stack, jsii.String("DogNames"), &provider.FargateProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc:             network.Vpc,
			Port:            jsii.Number(8080),
			HealthCheckPath: jsii.String("/health"),
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		},
		Image: ecs.ContainerImage_FromAsset(jsii.String("apps/dognames"), nil),
	})
	// A stable output name for consumers in other accounts.
	dogs.EndpointService.ServiceNameOutput.OverrideLogicalId(jsii.String("DogNamesServiceName"))
	app.Synth(nil)
}

// An Auto Scaling group whose user data starts the service; the instance
// role starts empty and is granted what the service needs.
func ExampleNewEc2Provider() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("todo"), nil)
	network := provider.NewProviderVpc(stack, jsii.String("Network"), nil)
	userData := ec2.UserData_ForLinux(nil)
	userData.AddCommands(jsii.String("systemctl enable --now todo"))
	todo := provider.NewEc2Provider(stack, jsii.String("Todo"), &provider.Ec2ProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc:             network.Vpc,
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"arn:aws:iam::111111111111:role/gateway"}},
		},
		UserData: userData,
	})
	_ = todo.Role // for example table.GrantReadWriteData(todo.Role)
	app.Synth(nil)
}

// An endpoint service in front of a load balancer you already have, open to
// consumers in two more regions through cross-region PrivateLink.
func ExampleNewEndpointService() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("existing"), nil)
	var lb elbv2.INetworkLoadBalancer // your load balancer
	provider.NewEndpointService(stack, jsii.String("Share"), &provider.EndpointServiceProps{
		EndpointServiceOptions: provider.EndpointServiceOptions{
			AllowedPrincipals: []string{"111111111111", "222222222222"},
			AllowedRegions:    []string{"us-east-1", "eu-west-1"},
		},
		LoadBalancers: []elbv2.INetworkLoadBalancer{lb},
	})
}
