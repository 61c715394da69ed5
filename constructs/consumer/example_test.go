package consumer_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	authorizers "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/consumer"
)

// One public HTTP API in front of two private services in other accounts:
// /dogs and /todo, each through its own interface endpoint.
func ExampleGateway_AddService() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("gateway"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-west-2")},
	})
	var vpc ec2.IVpc // the consumer VPC, private subnets in the providers' AZ IDs

	dogs := consumer.NewServiceEndpoint(stack, jsii.String("Dogs"), &consumer.ServiceEndpointProps{
		Vpc: vpc,
		// Read at deploy time from the provider account's stack output.
		ServiceName: awscdk.Fn_GetStackOutput(jsii.String("dognames-provider"), jsii.String("DogNamesServiceName"), nil,
			jsii.String("arn:aws:iam::222222222222:role/dognames-service-name-reader")),
	})
	todo := consumer.NewServiceEndpoint(stack, jsii.String("Todo"), &consumer.ServiceEndpointProps{
		Vpc:         vpc,
		ServiceName: jsii.String("com.amazonaws.vpce.us-west-2.vpce-svc-06acd448b23628b83"),
	})

	gw := consumer.NewGateway(stack, jsii.String("Gateway"), &consumer.GatewayProps{
		Vpc:               vpc,
		DefaultAuthorizer: authorizers.NewHttpIamAuthorizer(),
	})
	gw.AddService("dogs", &consumer.GatewayServiceProps{Endpoint: dogs, Routes: []string{"/dogs", "/dogs/{proxy+}"}, HealthCheckPath: jsii.String("/health")})
	gw.AddService("todo", &consumer.GatewayServiceProps{Endpoint: todo, Routes: []string{"/todo", "/todo/{proxy+}"}})

	// Stable names inside the VPC: dogs.internal.example, todo.internal.example.
	zone := consumer.NewPrivateZone(stack, jsii.String("Names"), &consumer.PrivateZoneProps{ZoneName: jsii.String("internal.example"), Vpc: vpc})
	zone.AddEndpoint("dogs", dogs)
	zone.AddEndpoint("todo", todo)
	app.Synth(nil)
}
