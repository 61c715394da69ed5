package consumer_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/consumer"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

type obj = map[string]any

// providerIn is a Fargate provider in its own stack, account and region,
// allowing consumers in the given regions.
func providerIn(app awscdk.App, account, region string, regions ...string) *provider.FargateProvider {
	stack := awscdk.NewStack(app, jsii.String("dogs-provider"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)},
	})
	vpc := provider.NewProviderVpc(stack, jsii.String("Net"), nil)
	return provider.NewFargateProvider(stack, jsii.String("Dogs"), &provider.FargateProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc:             vpc.Vpc,
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}, AllowedRegions: regions},
		},
		Image: ecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/busybox:stable"), nil),
	})
}

func consumerStack(app awscdk.App, region string) awscdk.Stack {
	return awscdk.NewStack(app, jsii.String("consumer"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String(region)},
	})
}

// TestNativeHandoffCrossRegion: a provider's ServiceName passed as is to a
// consumer in another account and region of the same app. aws-cdk-lib reads
// the service ID with Fn::GetStackOutput through a role it creates; the
// region in the name stays the provider's (a name built with AWS::Region
// would take the consumer's, silently).
func TestNativeHandoffCrossRegion(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	dogs := providerIn(app, "222222222222", "eu-central-1", "us-east-1")
	stack := consumerStack(app, "us-east-1")
	vpc := consumer.NewConsumerVpc(stack, jsii.String("Net"), nil)
	consumer.NewServiceEndpoint(stack, jsii.String("Dogs"), &consumer.ServiceEndpointProps{
		Vpc: vpc.Vpc, ServiceName: dogs.EndpointService.ServiceName, ServiceRegion: jsii.String("eu-central-1"),
	})
	tpl := cdktest.TemplateOf(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
		"ServiceRegion": "eu-central-1",
		"ServiceName": obj{"Fn::Join": []any{"", []any{"com.amazonaws.vpce.eu-central-1.", obj{"Fn::GetStackOutput": obj{
			"StackName": "dogs-provider", "Region": "eu-central-1",
			"OutputName": assertions.Match_StringLikeRegexp(jsii.String("^PublishOutput")),
			"RoleArn":    assertions.Match_StringLikeRegexp(jsii.String("^arn:aws:iam::222222222222:role/")),
		}}}}},
	})
	// The provider publishes the ID, and lets the consumer account's
	// CloudFormation execution role read it.
	producer := cdktest.TemplateOf(t, awscdk.Stack_Of(dogs.Construct))
	producer.HasResourceProperties(jsii.String("AWS::IAM::Role"), obj{"AssumeRolePolicyDocument": obj{"Statement": []any{obj{
		"Action": []any{"sts:AssumeRole"}, "Effect": "Allow",
		"Principal": obj{"AWS": obj{"Fn::Sub": assertions.Match_StringLikeRegexp(jsii.String("cfn-exec-role-111111111111-us-east-1$"))}},
	}}}})
	producer.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": []any{obj{
		"Action": "cloudformation:DescribeStacks", "Effect": "Allow",
		"Resource": "arn:aws:cloudformation:eu-central-1:222222222222:stack/dogs-provider/*",
	}}}})
	cdktest.CfnLint(t, tpl)
	cdktest.CfnLint(t, producer)
}

// TestNativeHandoffSameRegion: another account, same region: the name and
// the provider's zones come straight from the provider construct.
func TestNativeHandoffSameRegion(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	dogs := providerIn(app, "222222222222", "us-west-2")
	stack := consumerStack(app, "us-west-2")
	vpc := consumer.NewConsumerVpc(stack, jsii.String("Net"), &consumer.ConsumerVpcProps{AvailabilityZoneIds: []string{"usw2-az2", "usw2-az3"}})
	ep := consumer.NewServiceEndpoint(stack, jsii.String("Dogs"), &consumer.ServiceEndpointProps{
		Vpc: vpc.Vpc, ServiceName: dogs.EndpointService.ServiceName, ProviderAvailabilityZoneIds: dogs.AvailabilityZoneIds,
	})
	if strings.Join(ep.AvailabilityZoneIds, ",") != "usw2-az2,usw2-az3" {
		t.Fatalf("AvailabilityZoneIds = %v", ep.AvailabilityZoneIds)
	}
	cdktest.TemplateOf(t, stack).HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
		"ServiceRegion": assertions.Match_Absent(),
		"ServiceName": obj{"Fn::Join": []any{"", []any{"com.amazonaws.vpce.us-west-2.", obj{"Fn::GetStackOutput": assertions.Match_ObjectLike(&map[string]any{
			"StackName": "dogs-provider", "Region": "us-west-2",
		})}}}},
	})
}

// TestCrossRegionTokenRefused: the same name without ServiceRegion is
// refused at synth, naming the fix, instead of an endpoint that looks in
// the wrong region.
func TestCrossRegionTokenRefused(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	dogs := providerIn(app, "222222222222", "eu-central-1", "us-east-1")
	stack := consumerStack(app, "us-east-1")
	vpc := consumer.NewConsumerVpc(stack, jsii.String("Net"), nil)
	cdktest.MustPanic(t, func() {
		consumer.NewServiceEndpoint(stack, jsii.String("Dogs"), &consumer.ServiceEndpointProps{Vpc: vpc.Vpc, ServiceName: dogs.EndpointService.ServiceName})
	}, `consumer.ServiceEndpoint at consumer/Dogs: ServiceName "com.amazonaws.vpce.eu-central-1.<the provider's service ID>": the service is in eu-central-1 but this stack is in us-east-1; set ServiceRegion to "eu-central-1"`)
}

// TestGetStackOutput: the reading side of provider.OutputReader, for stacks
// synthesized apart.
func TestGetStackOutput(t *testing.T) {
	stack := consumerStack(cdktest.NewApp(t, nil), "us-west-2")
	got := stack.Resolve(consumer.GetStackOutput(stack, &consumer.StackOutputProps{StackName: jsii.String("dogs-provider"), OutputName: jsii.String("ServiceName"), Account: jsii.String("222222222222")}))
	raw, _ := json.Marshal(got)
	want := `{"Fn::GetStackOutput":{"OutputName":"ServiceName","Region":"us-west-2","RoleArn":"arn:aws:iam::222222222222:role/dogs-provider-us-west-2-output-reader","StackName":"dogs-provider"}}`
	if string(raw) != want {
		t.Fatalf("GetStackOutput = %s\nwant %s", raw, want)
	}
	for _, tc := range []struct {
		props consumer.StackOutputProps
		want  []string
	}{
		{consumer.StackOutputProps{}, []string{"consumer.GetStackOutput at consumer: StackName is empty", "OutputName is empty", `Account is nil: want the provider account's 12-digit ID`}},
		{consumer.StackOutputProps{StackName: jsii.String(strings.Repeat("s", 50)), OutputName: jsii.String("O"), Account: jsii.String("222222222222")}, []string{"characters; IAM role names are at most 64; set RoleName to a shorter name"}},
		{consumer.StackOutputProps{StackName: jsii.String("s"), OutputName: jsii.String("O"), Account: jsii.String("222222222222"), Region: jsii.String("mars")}, []string{`Region "mars": want an AWS region name`}},
	} {
		cdktest.MustPanic(t, func() { consumer.GetStackOutput(stack, &tc.props) }, tc.want...)
	}
	// Its role name is the OutputReader's default for the same stack.
	p := awscdk.NewStack(awscdk.App_Of(stack).(awscdk.App), jsii.String("dogs-provider"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("us-west-2")},
	})
	if r := provider.NewOutputReader(p, jsii.String("R"), &provider.OutputReaderProps{ConsumerAccount: jsii.String("111111111111")}); !strings.Contains(want, *r.RoleName) {
		t.Fatalf("OutputReader's role %s is not the one GetStackOutput reads through", *r.RoleName)
	}
}
