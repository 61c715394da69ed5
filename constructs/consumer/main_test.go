package consumer

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestMain(m *testing.M) { cdktest.Main(m) }

type obj = cdktest.Obj

const (
	dogsService = "com.amazonaws.vpce.us-west-2.vpce-svc-00511039988fe3e47"
	todoService = "com.amazonaws.vpce.us-west-2.vpce-svc-06acd448b23628b83"
)

// newStack is a stack in 111111111111, us-west-2 (service names carry a
// region), with no context: nothing may need a lookup.
func newStack(t testing.TB) awscdk.Stack {
	return cdktest.NewStackIn(t, "111111111111", "us-west-2")
}

// newVpc is a consumer VPC in the first azs default zones of us-west-2
// (usw2-az1, usw2-az2, ...), one isolated subnet each.
func newVpc(stack awscdk.Stack, azs int) ec2.IVpc {
	return NewConsumerVpc(stack, jsii.String("Vpc"), &ConsumerVpcProps{MaxAzs: jsii.Number(float64(azs))}).Vpc
}

// importedVpc is another team's VPC: subnets whose AZ IDs CDK cannot know.
func importedVpc(stack awscdk.Stack, id string, subnets int) ec2.IVpc {
	var ids, azs []*string
	for i := range subnets {
		ids = append(ids, jsii.Sprintf("subnet-%s%016d", id, i))
		azs = append(azs, jsii.Sprintf("us-west-2%c", 'a'+i))
	}
	return ec2.Vpc_FromVpcAttributes(stack, jsii.String(id), &ec2.VpcAttributes{
		VpcId: jsii.String("vpc-" + id), AvailabilityZones: &azs, PrivateSubnetIds: &ids, VpcCidrBlock: jsii.String("10.1.0.0/16"),
		PrivateSubnetRouteTableIds: &ids,
	})
}

// template is the stack's template; a failed assertion on it fails the
// test, not the package.
func template(t testing.TB, stack awscdk.Stack) *cdktest.Template {
	t.Helper()
	return cdktest.TemplateOf(t, stack)
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
