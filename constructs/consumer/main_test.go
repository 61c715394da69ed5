package consumer

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
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

// newStack is a stack in us-west-2 (service names carry a region), with its
// AZs given as context so nothing is looked up.
func newStack(t testing.TB) awscdk.Stack {
	app := cdktest.NewApp(t, map[string]any{
		"availability-zones:account=111111111111:region=us-west-2": []string{"us-west-2a", "us-west-2b", "us-west-2c"},
	})
	return awscdk.NewStack(app, jsii.String("Test"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-west-2")},
	})
}

// newVpc is a consumer VPC of azs isolated subnets, no internet path, its
// AZs resolved at deploy time as ProviderVpc does (no AZ names in templates).
func newVpc(stack awscdk.Stack, azs int) ec2.Vpc {
	var names []*string
	for i := range azs {
		names = append(names, awscdk.Fn_Select(jsii.Number(i), awscdk.Fn_GetAzs(nil)))
	}
	return ec2.NewVpc(stack, jsii.String("Vpc"), &ec2.VpcProps{
		AvailabilityZones: &names,
		NatGateways:       jsii.Number(0),
		SubnetConfiguration: &[]*ec2.SubnetConfiguration{{
			Name: jsii.String("Private"), SubnetType: ec2.SubnetType_PRIVATE_ISOLATED, CidrMask: jsii.Number(24),
		}},
	})
}

func template(stack awscdk.Stack) assertions.Template {
	return assertions.Template_FromStack(stack, nil)
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
