package consumer_test

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	authorizers "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/consumer"
)

func printResources(s awscdk.Stack, types ...string) {
	tpl := assertions.Template_FromStack(s, nil)
	sort.Strings(types)
	for _, typ := range types {
		fmt.Printf("%s: %d\n", typ, len(*tpl.FindResources(jsii.String(typ), nil)))
	}
}

// One public HTTP API in front of two private services in other accounts:
// /dogs and /todo, each through its own interface endpoint, both on the
// gateway's one shared load balancer.
func ExampleGateway_AddService() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("gateway"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-west-2")},
	})
	network := consumer.NewConsumerVpc(stack, jsii.String("Network"), nil)
	// The providers' zones, from their AvailabilityZoneIds outputs.
	providerZones := []string{"usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"}

	dogs := consumer.NewServiceEndpoint(stack, jsii.String("Dogs"), &consumer.ServiceEndpointProps{
		Vpc: network.Vpc,
		// Read at deploy time from the provider account's stack output,
		// through the role its provider.OutputReader made.
		ServiceName: consumer.GetStackOutput(stack, &consumer.StackOutputProps{
			StackName: jsii.String("dognames-provider"), OutputName: jsii.String("ServiceName"), Account: jsii.String("222222222222"),
		}),
		ProviderAvailabilityZoneIds: providerZones,
	})
	todo := consumer.NewServiceEndpoint(stack, jsii.String("Todo"), &consumer.ServiceEndpointProps{
		Vpc:                         network.Vpc,
		ServiceName:                 jsii.String("com.amazonaws.vpce.us-west-2.vpce-svc-06acd448b23628b83"),
		ProviderAvailabilityZoneIds: providerZones,
	})

	gw := consumer.NewGateway(stack, jsii.String("Gateway"), &consumer.GatewayProps{
		Vpc:               network.Vpc,
		DefaultAuthorizer: authorizers.NewHttpIamAuthorizer(),
	})
	gw.AddService("dogs", &consumer.GatewayServiceProps{ServiceOptions: consumer.ServiceOptions{Endpoint: dogs, Routes: []string{"/dogs", "/dogs/{proxy+}"}, HealthCheckPath: jsii.String("/health")}, ListenerPort: jsii.Number(10000)})
	gw.AddService("todo", &consumer.GatewayServiceProps{ServiceOptions: consumer.ServiceOptions{Endpoint: todo, Routes: []string{"/todo", "/todo/{proxy+}"}}, ListenerPort: jsii.Number(10001)})

	// Stable names inside the VPC: dogs.internal.example, todo.internal.example.
	zone := consumer.NewPrivateZone(stack, jsii.String("Names"), &consumer.PrivateZoneProps{ZoneName: jsii.String("internal.example"), Vpc: network.Vpc})
	zone.AddEndpoint("dogs", dogs)
	zone.AddEndpoint("todo", todo)

	fmt.Println("endpoints in:", strings.Join(dogs.AvailabilityZoneIds, " "))
	fmt.Println("listener ports:", gw.Services["dogs"].ListenerPort, gw.Services["todo"].ListenerPort)
	fmt.Println(gw.RouteOwners())
	printResources(stack, "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::Listener", "AWS::ApiGatewayV2::Route", "AWS::Route53::RecordSet")
	// Output:
	// endpoints in: usw2-az1 usw2-az2
	// listener ports: 10000 10001
	// [ANY /dogs -> dogs ANY /dogs/{+} -> dogs ANY /todo -> todo ANY /todo/{+} -> todo]
	// AWS::ApiGatewayV2::Route: 4
	// AWS::ElasticLoadBalancingV2::Listener: 2
	// AWS::ElasticLoadBalancingV2::LoadBalancer: 1
	// AWS::Route53::RecordSet: 2
}

// A zone a provider does not cover is refused at synth, not at deploy.
func ExampleNewServiceEndpoint_zones() {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("consumer"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")},
	})
	network := consumer.NewConsumerVpc(stack, jsii.String("Network"), &consumer.ConsumerVpcProps{AvailabilityZoneIds: []string{"use1-az1", "use1-az2"}})
	defer func() { fmt.Println(recover()) }()
	consumer.NewServiceEndpoint(stack, jsii.String("Orders"), &consumer.ServiceEndpointProps{
		Vpc: network.Vpc, ServiceName: jsii.String("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"),
		AvailabilityZoneIds:         []string{"use1-az1", "use1-az2"},
		ProviderAvailabilityZoneIds: []string{"use1-az2", "use1-az4"},
	})
	// Output:
	// consumer.ServiceEndpoint at consumer/Orders: AvailabilityZoneIds ["use1-az1" "use1-az2"]: the provider covers ["use1-az2" "use1-az4"] only, so the endpoint would fail at deploy time in ["use1-az1"] ("The VPC endpoint service does not support the availability zone of the subnet"); choose zones among the provider's
}

// A canary on a gateway whose routes need IAM: it calls the one public
// route, every 10 minutes, and its alarm fires after three failed runs.
func ExampleCanaryOptions() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("gateway"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-central-1")},
	})
	network := consumer.NewConsumerVpc(stack, jsii.String("Network"), nil)
	dogs := consumer.NewServiceEndpoint(stack, jsii.String("Dogs"), &consumer.ServiceEndpointProps{
		Vpc: network.Vpc, ServiceName: jsii.String("com.amazonaws.vpce.eu-central-1.vpce-svc-00511039988fe3e47"),
	})
	gw := consumer.NewGateway(stack, jsii.String("Gateway"), &consumer.GatewayProps{
		Vpc:               network.Vpc,
		DefaultAuthorizer: authorizers.NewHttpIamAuthorizer(),
		Canary: &consumer.CanaryOptions{
			Every:      awscdk.Duration_Minutes(jsii.Number(10)),
			FailedRuns: jsii.Number(3),
		},
	})
	svc := gw.AddService("dogs", &consumer.GatewayServiceProps{ServiceOptions: consumer.ServiceOptions{Endpoint: dogs, Routes: []string{"/dogs", "/dogs/{proxy+}"}}, ListenerPort: jsii.Number(10000)})
	// The health route is public; the canary finds it.
	svc.AddRoute("/dogs/health", &consumer.RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_GET}, Authorizer: apigw.NewHttpNoneAuthorizer()})
	tpl := assertions.Template_FromStack(stack, nil)
	for _, c := range *tpl.FindResources(jsii.String("AWS::Synthetics::Canary"), nil) {
		props := (*c)["Properties"].(map[string]any)
		script := props["Code"].(map[string]any)["Script"].(string)
		fmt.Println(props["Schedule"].(map[string]any)["Expression"], strings.Split(script, "\n")[2])
	}
	fmt.Println("alarm:", *gw.CanaryAlarm.Node().Id())
	// Output:
	// rate(10 minutes) const paths = ["/dogs/health"];
	// alarm: CanaryFailedAlarm
}
