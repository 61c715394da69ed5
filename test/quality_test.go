package test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// badStack is deliberately insecure and sloppy: SSH open to the internet, a
// wildcard IAM policy, and a subnet pinned to an AZ by name.
func badStack(t *testing.T) awscdk.Stack {
	app := cdktest.NewApp(t, nagContext)
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(nil), nil)
	stack := awscdk.NewStack(app, jsii.String("Bad"), nil)
	vpc := ec2.NewCfnVPC(stack, jsii.String("Vpc"), &ec2.CfnVPCProps{CidrBlock: jsii.String("10.0.0.0/16")})
	ec2.NewCfnSubnet(stack, jsii.String("Subnet"), &ec2.CfnSubnetProps{
		VpcId: vpc.Ref(), CidrBlock: jsii.String("10.0.0.0/24"), AvailabilityZone: jsii.String("us-west-2a"),
	})
	ec2.NewCfnSecurityGroup(stack, jsii.String("Open"), &ec2.CfnSecurityGroupProps{
		GroupDescription: jsii.String("open"),
		VpcId:            vpc.Ref(),
		SecurityGroupIngress: &[]any{&ec2.CfnSecurityGroup_IngressProperty{
			IpProtocol: jsii.String("tcp"), FromPort: jsii.Number(22), ToPort: jsii.Number(22), CidrIp: jsii.String("0.0.0.0/0"),
		}},
	})
	nested := awscdk.NewNestedStack(stack, jsii.String("Nested"), nil)
	ec2.NewCfnSecurityGroup(nested, jsii.String("OpenToo"), &ec2.CfnSecurityGroupProps{
		GroupDescription: jsii.String("open"),
		VpcId:            jsii.String("vpc-0123456789abcdef0"),
		SecurityGroupIngress: &[]any{&ec2.CfnSecurityGroup_IngressProperty{
			IpProtocol: jsii.String("tcp"), FromPort: jsii.Number(3389), ToPort: jsii.Number(3389), CidrIp: jsii.String("0.0.0.0/0"),
		}},
	})
	role := iam.NewRole(stack, jsii.String("Role"), &iam.RoleProps{AssumedBy: iam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil)})
	role.AddToPolicy(iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("s3:*"), Resources: jsii.Strings("*")}))
	return stack
}

// TestGatesCatchABadStack feeds the bad stack through the same checks as
// the example: cdk-nag must name each resource and rule, cfn-lint must fail.
func TestGatesCatchABadStack(t *testing.T) {
	stack := badStack(t)
	findings := strings.Join(nagFindings([]awscdk.Stack{stack}), "\n")
	for _, want := range []string{
		"/Bad/Open: AwsSolutions-EC23",
		"/Bad/Nested/OpenToo: AwsSolutions-EC23", // nested stacks are checked too
		"/Bad/Role/DefaultPolicy/Resource: AwsSolutions-IAM5[Action::s3:*]",
		"/Bad/Role/DefaultPolicy/Resource: AwsSolutions-IAM5[Resource::*]",
	} {
		if !strings.Contains(findings, want) {
			t.Errorf("cdk-nag findings lack %q; got:\n%s", want, findings)
		}
	}

	raw, err := json.Marshal(assertions.Template_FromStack(stack, nil).ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	out, err := cdktest.RunCfnLint(t, raw)
	if err == nil || !strings.Contains(out, "W3010") {
		t.Fatalf("cfn-lint should fail on the hard-coded AZ (W3010); err %v, report:\n%s", err, out)
	}
}
