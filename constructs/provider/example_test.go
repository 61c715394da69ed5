package provider_test

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	subs "github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
)

// stack is one stack with an explicit account and region, as apps have.
func stack(name string) awscdk.Stack {
	return awscdk.NewStack(awscdk.NewApp(nil), jsii.String(name), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("us-west-2")},
	})
}

// printResources prints how many resources of each of the given types the
// stack's template has.
func printResources(s awscdk.Stack, types ...string) {
	tpl := assertions.Template_FromStack(s, nil)
	sort.Strings(types)
	for _, typ := range types {
		fmt.Printf("%s: %d\n", typ, len(*tpl.FindResources(jsii.String(typ), nil)))
	}
}

// A container on Fargate, shared with one consumer account. The VPC has no
// internet path; interface endpoints let the tasks pull the image.
func ExampleNewFargateProvider() {
	s := stack("dognames")
	network := provider.NewProviderVpc(s, jsii.String("Network"), &provider.ProviderVpcProps{
		InterfaceEndpoints: jsii.Bool(true),
	})
	dogs := provider.NewFargateProvider(s, jsii.String("DogNames"), &provider.FargateProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc:             network.Vpc,
			Port:            jsii.Number(8080),
			HealthCheckPath: jsii.String("/health"),
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		},
		// Or ImageDirectory: a Docker build context, built for Architecture.
		Image: ecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/busybox:stable"), nil),
	})
	// A stable output name for consumers in other accounts.
	dogs.EndpointService.ServiceNameOutput.OverrideLogicalId(jsii.String("DogNamesServiceName"))
	fmt.Println("zones:", strings.Join(dogs.AvailabilityZoneIds, " "))
	printResources(s, "AWS::EC2::Subnet", "AWS::EC2::VPCEndpoint", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::EC2::VPCEndpointService", "AWS::ECS::Service")
	// Output:
	// zones: usw2-az1 usw2-az2 usw2-az3 usw2-az4
	// AWS::EC2::Subnet: 4
	// AWS::EC2::VPCEndpoint: 5
	// AWS::EC2::VPCEndpointService: 1
	// AWS::ECS::Service: 1
	// AWS::ElasticLoadBalancingV2::LoadBalancer: 1
}

// An Auto Scaling group whose user data starts the service; the instance
// role is granted what the service needs. The deploy waits until the
// instances answer their health check, which they signal through the VPC's
// CloudFormation endpoint.
func ExampleNewEc2Provider() {
	s := stack("todo")
	network := provider.NewProviderVpc(s, jsii.String("Network"), &provider.ProviderVpcProps{MaxAzs: jsii.Number(2), CloudFormationEndpoint: jsii.Bool(true)})
	userData := ec2.UserData_ForLinux(nil)
	userData.AddCommands(jsii.String("systemctl enable --now todo"))
	todo := provider.NewEc2Provider(s, jsii.String("Todo"), &provider.Ec2ProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc:             network.Vpc,
			HealthCheckPath: jsii.String("/health"),
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"arn:aws:iam::111111111111:role/gateway"}},
		},
		UserData: userData,
	})
	_ = todo.Role // for example table.GrantReadWriteData(todo.Role)
	fmt.Println("zones:", strings.Join(todo.AvailabilityZoneIds, " "))
	printResources(s, "AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::VPCEndpoint", "AWS::EC2::VPCEndpointService")
	// Output:
	// zones: usw2-az1 usw2-az2
	// AWS::AutoScaling::AutoScalingGroup: 1
	// AWS::EC2::VPCEndpoint: 3
	// AWS::EC2::VPCEndpointService: 1
}

// An endpoint service in front of a load balancer you already have, open to
// consumers in two more regions through cross-region PrivateLink, telling
// you when a connection waits for acceptance.
func ExampleNewEndpointService() {
	s := stack("existing")
	vpc := provider.NewProviderVpc(s, jsii.String("Network"), nil).Vpc
	lb := elbv2.NewNetworkLoadBalancer(s, jsii.String("Yours"), &elbv2.NetworkLoadBalancerProps{Vpc: vpc})
	share := provider.NewEndpointService(s, jsii.String("Share"), &provider.EndpointServiceProps{
		EndpointServiceOptions: provider.EndpointServiceOptions{
			AllowedPrincipals:       []string{"111111111111", "222222222222"},
			AllowedRegions:          []string{"us-east-1", "eu-west-1"},
			ConnectionNotifications: jsii.Bool(true),
		},
		LoadBalancers: []elbv2.INetworkLoadBalancer{lb},
	})
	fmt.Println(share.ConnectionTopic != nil)
	printResources(s, "AWS::EC2::VPCEndpointService", "AWS::EC2::VPCEndpointConnectionNotification", "AWS::SNS::Topic")
	// Output:
	// true
	// AWS::EC2::VPCEndpointConnectionNotification: 1
	// AWS::EC2::VPCEndpointService: 1
	// AWS::SNS::Topic: 1
}

// Bad props fail before anything is created, with every problem at once.
func ExampleNewFargateProvider_errors() {
	defer func() { fmt.Println(recover()) }()
	provider.NewFargateProvider(stack("bad"), jsii.String("Dogs"), &provider.FargateProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Port:            jsii.Number(0),
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"12345"}},
		},
	})
	// Output:
	// provider.FargateProvider at bad/Dogs: Vpc is nil: want the ec2.IVpc the service runs in (provider.NewProviderVpc makes one)
	// provider.FargateProvider at bad/Dogs: Port 0: want a whole number from 1 to 65535
	// provider.FargateProvider at bad/Dogs: AllowedPrincipals[0] "12345": want a 12-digit account ID or an IAM ARN (arn:aws:iam::123456789012:root, ...:role/NAME or ...:user/NAME)
	// provider.FargateProvider at bad/Dogs: Image is nil: want an ecs.ContainerImage (for example ecs.ContainerImage_FromRegistry), an ImageDirectory to build, or a TaskDefinition
}

// Operations: the provider's default alarms notify the stack's alarm
// topic, a person hears of every connection request, and a dashboard is
// built from the provider's metrics (each from the library's table of
// CloudWatch metrics).
func ExampleAlarmOptions() {
	s := stack("dognames-ops")
	network := provider.NewProviderVpc(s, jsii.String("Network"), nil)
	dogs := provider.NewFargateProvider(s, jsii.String("DogNames"), &provider.FargateProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc: network.Vpc,
			EndpointService: provider.EndpointServiceOptions{
				AllowedPrincipals:           []string{"111111111111"},
				ConnectionNotificationEmail: jsii.String("platform-team@example.com"),
			},
			// Page only when the resets go on at 100 a minute; the other
			// thresholds keep their defaults.
			Alarms: &provider.AlarmOptions{TargetResetsPerMinute: jsii.Number(100)},
		},
		Image: ecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/busybox:stable"), nil),
	})
	// The alarm topic is the stack's: subscribe once for every provider.
	dogs.Alarms.Topic.AddSubscription(subs.NewEmailSubscription(jsii.String("on-call@example.com"), nil))

	// The account's dashboard: the provider's alarms and metrics, and the
	// command listing connections awaiting acceptance. Each Metric* method
	// also serves a graph or an alarm of your own.
	provider.NewDashboard(s, jsii.String("Dashboard"), &provider.DashboardProps{Providers: []provider.DashboardProvider{dogs}})
	for _, a := range []cloudwatch.Alarm{dogs.Alarms.NoHealthyTargets, dogs.Alarms.TargetResets, dogs.Alarms.TooFew} {
		fmt.Println(*a.Node().Id())
	}
	printResources(s, "AWS::CloudWatch::Alarm", "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::CloudWatch::Dashboard")
	// Output:
	// NoHealthyTargets
	// TargetResets
	// TooFewTasks
	// AWS::CloudWatch::Alarm: 3
	// AWS::CloudWatch::Dashboard: 1
	// AWS::SNS::Subscription: 2
	// AWS::SNS::Topic: 2
}
