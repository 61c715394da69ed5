// Command floor is the benchmark's floor: an empty Go CDK app with one empty
// stack, synthesized the same way as the example.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

func main() {
	app := awscdk.NewApp(nil)
	awscdk.NewStack(app, jsii.String("floor"), nil)
	app.Synth(nil)
	jsii.Close()
}
