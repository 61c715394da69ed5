package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"
)

// TestMain closes the one jsii runtime this test binary starts.
func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

type obj = map[string]any

// newStack returns an environment-agnostic stack: AZs are Fn::GetAZs tokens
// and no context lookup can happen.
func newStack() awscdk.Stack {
	return awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Test"), nil)
}

// newVpc is a ProviderVpc with its defaults, the usual home of a provider.
func newVpc(stack awscdk.Stack) ec2.IVpc {
	return NewProviderVpc(stack, jsii.String("Net"), nil).Vpc
}

func template(stack awscdk.Stack) assertions.Template {
	return assertions.Template_FromStack(stack, nil)
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

// mustPanic runs f and checks it panics with a message containing each of
// want: constructors fail that way in CDK for Go.
func mustPanic(t *testing.T, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic; want one mentioning %q", want)
		}
		msg := fmt.Sprint(r)
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Fatalf("panic %q does not mention %q", msg, w)
			}
		}
	}()
	f()
}

// wantErr checks that err holds every fragment of want, or is nil when want
// is empty.
func wantErr(t *testing.T, err error, want ...string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error; want one mentioning %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Fatalf("error %q does not mention %q", err, w)
		}
	}
}
