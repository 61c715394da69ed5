// Command poisoned is a CDK app whose synth fails the way a user's first
// synth in a new account or region used to: a context lookup with no
// credentials, reported as an error on the stack "gateway" (as the
// example's gateway stack is named). test/stale_report_test.go synthesizes
// it, then the example into the same output directory.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("gateway"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-central-1")},
	})
	ec2.Vpc_FromLookup(stack, jsii.String("Vpc"), &ec2.VpcLookupOptions{IsDefault: jsii.Bool(true)})
	app.Synth(nil)
}
