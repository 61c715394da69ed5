package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// TestProviderDashboard: a Fargate provider with a connection topic and an
// EC2 provider on one dashboard, in one synth: each graph's metrics name
// the provider's own resources (the same methods the alarms use), the
// connection events only where there is a topic, the pending-connections
// command with the service's ID; the template passes cfn-lint and the
// dashboard draws no finding from cdk-nag's five packs.
func TestProviderDashboard(t *testing.T) {
	app := cdktest.NewApp(t, map[string]any{"@aws-cdk/core:annotationsInValidationReport": false})
	stack := awscdk.NewStack(app, jsii.String("Test"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(cdktest.Account), Region: jsii.String(cdktest.Region)},
	})
	vpc := newVpc(stack)
	dogsProps := fargateProps(vpc)
	dogsProps.EndpointService.ConnectionNotificationEmail = jsii.String("platform-team@example.com")
	dogs := NewFargateProvider(stack, jsii.String("Dogs"), dogsProps)
	cats := NewEc2Provider(stack, jsii.String("Cats"), ec2Props(vpc))
	NewDashboard(stack, jsii.String("Ops"), &DashboardProps{Providers: []DashboardProvider{dogs, cats}})
	nagPacks(stack)
	tpl := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::CloudWatch::Dashboard"), jsii.Number(1))

	var body string
	for _, r := range *tpl.FindResources(jsii.String("AWS::CloudWatch::Dashboard"), nil) {
		b, _ := json.Marshal((*r)["Properties"].(map[string]any)["DashboardBody"])
		body = string(b)
	}
	// Each dimension's value, as the body holds it (resolved, in JSON).
	resolved := func(v *string) string {
		b, err := json.Marshal(stack.Resolve(v))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, want := range []string{
		"Provider Test/Dogs (endpoint service)", "Provider Test/Cats (endpoint service)",
		"Endpoints and active connections", "New connections", "Connection events", "Healthy and unhealthy targets",
		"Target resets", "Running tasks", "In-service instances", "alarm",
		`AWS/PrivateLinkServices\",\"EndpointsCount\",\"Service Id`, `AWS/PrivateLinkServices\",\"ActiveConnections\",\"Service Id`,
		`AWS/PrivateLinkServices\",\"NewConnections\",\"Service Id`, `AWS/SNS\",\"NumberOfMessagesPublished\",\"TopicName`,
		`AWS/NetworkELB\",\"HealthyHostCount\",\"LoadBalancer`, `AWS/NetworkELB\",\"UnHealthyHostCount\",\"LoadBalancer`,
		`AWS/NetworkELB\",\"TCP_Target_Reset_Count\",\"LoadBalancer`, `ECS/ContainerInsights\",\"RunningTaskCount\",\"ClusterName`,
		`AWS/AutoScaling\",\"GroupInServiceInstances\",\"AutoScalingGroupName`,
		"aws ec2 describe-vpc-endpoint-connections --filters Name=service-id,Values=",
		" Name=vpc-endpoint-state,Values=pendingAcceptance",
		resolved(dogs.EndpointService.Service.VpcEndpointServiceId()), resolved(cats.EndpointService.Service.VpcEndpointServiceId()),
		resolved(dogs.EndpointService.ConnectionTopic.TopicName()), resolved(dogs.Cluster.ClusterName()),
		resolved(dogs.Service.ServiceName()), resolved(cats.AutoScalingGroup.AutoScalingGroupName()),
		resolved(dogs.TargetGroup.TargetGroupFullName()), resolved(cats.TargetGroup.TargetGroupFullName()),
		// The load balancer's full name is cut from its listener's ARN.
		resolved(dogs.Listener.ListenerArn()), resolved(cats.Listener.ListenerArn()),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard body lacks %s", want)
		}
	}
	// One connection events graph (Dogs has a topic, Cats none), one
	// pending-connections command and one line of each metric per
	// provider.
	for what, want := range map[string]int{"NumberOfMessagesPublished": 1, "pendingAcceptance": 2, `\"HealthyHostCount`: 2, "EndpointsCount": 2} {
		if n := strings.Count(body, what); n != want {
			t.Errorf("%s: %d in the body, want %d", what, n, want)
		}
	}
	cdktest.CfnLint(t, tpl)
	// The packs' findings on the dashboard (the providers' own are
	// test/nag_test.go's, on the example).
	ann := assertions.Annotations_FromStack(stack)
	rule := assertions.Match_StringLikeRegexp(jsii.String("(AwsSolutions|NIST\\.800\\.53\\.R5|HIPAA\\.Security|PCI\\.DSS\\.321|Serverless|CdkNagValidationFailure).*"))
	for _, msgs := range []*[]*cxapi.SynthesisMessage{ann.FindError(jsii.String("/Test/Ops/*"), rule), ann.FindWarning(jsii.String("/Test/Ops/*"), rule)} {
		for _, m := range *msgs {
			t.Errorf("cdk-nag: %s: %v", *m.Id, m.Entry.Data)
		}
	}
}
