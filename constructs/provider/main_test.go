package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

func TestMain(m *testing.M) { cdktest.Main(m) }

type obj = cdktest.Obj

var (
	mustPanic           = cdktest.MustPanic
	wantErr             = cdktest.WantErr
	assertNoOpenIngress = cdktest.AssertNoOpenIngress
)

func newStack(t testing.TB) awscdk.Stack { return cdktest.NewStack(t) }

// newVpc is a ProviderVpc with its defaults, the usual home of a provider.
func newVpc(stack awscdk.Stack) ec2.IVpc {
	return NewProviderVpc(stack, jsii.String("Net"), nil).Vpc
}

// template is the stack's template; a failed assertion on it fails the
// test, not the package.
func template(t testing.TB, stack awscdk.Stack) *cdktest.Template {
	t.Helper()
	return cdktest.TemplateOf(t, stack)
}

// fargateProps are minimal valid props; tests change one thing at a time.
func fargateProps(vpc ec2.IVpc) *FargateProviderProps {
	return &FargateProviderProps{
		ProviderOptions: ProviderOptions{
			Vpc:             vpc,
			EndpointService: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		},
		Image: ecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/busybox:stable"), nil),
	}
}

func ec2Props(vpc ec2.IVpc) *Ec2ProviderProps {
	return &Ec2ProviderProps{
		ProviderOptions: ProviderOptions{
			Vpc:             vpc,
			EndpointService: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		},
		UserData: ec2.UserData_ForLinux(nil),
	}
}

// TestTokenEncoding pins the pure-Go token detection of package check to
// real aws-cdk-lib tokens, so a change of CDK's encoding fails here.
func TestTokenEncoding(t *testing.T) {
	stack := cdktest.NewAgnosticStack(t)
	if !check.IsToken(*awscdk.Aws_REGION()) || !check.IsToken(*stack.Account()) {
		t.Fatalf("check.IsToken misses CDK string tokens such as %q", *awscdk.Aws_REGION())
	}
	num := *awscdk.Token_AsNumber(awscdk.Fn_Select(jsii.Number(0), awscdk.Fn_GetAzs(nil)))
	if !check.IsNumberToken(num) {
		t.Fatalf("check.IsNumberToken misses CDK number token %v", num)
	}
	if check.IsToken("us-west-2") || check.IsNumberToken(8080) {
		t.Fatal("literals taken for tokens")
	}
}

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestTemplateReportsFailures: a failed template assertion is an error of
// the test that made it, with aws-cdk-lib's explanation, and the test (and
// the package) goes on; assertions.Template panics instead.
func TestTemplateReportsFailures(t *testing.T) {
	stack := newStack(t)
	newVpc(stack)
	r := &recorder{TB: t}
	tpl := cdktest.TemplateOf(r, stack)
	tpl.ResourceCountIs(jsii.String("AWS::EC2::VPC"), jsii.Number(2))
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.9.0.0/16"})
	tpl.ResourceCountIs(jsii.String("AWS::EC2::VPC"), jsii.Number(1))
	if len(r.errors) != 2 || !strings.Contains(r.errors[0], "ResourceCountIs AWS::EC2::VPC 2: ") || !strings.Contains(r.errors[1], "Expected 10.9.0.0/16 but received 10.0.0.0/16") {
		t.Fatalf("recorded %q", r.errors)
	}
}

// nagPacks adds cdk-nag's five packs to stack, verbose.
func nagPacks(stack awscdk.Stack) {
	verbose := &cdknag.NagPackProps{Verbose: jsii.Bool(true)}
	for _, pack := range []awscdk.IAspect{
		cdknag.NewAwsSolutionsChecks(verbose), cdknag.NewNIST80053R5Checks(verbose), cdknag.NewHIPAASecurityChecks(verbose),
		cdknag.NewPCIDSS321Checks(verbose), cdknag.NewServerlessChecks(verbose),
	} {
		awscdk.Aspects_Of(stack).Add(pack, nil)
	}
}
