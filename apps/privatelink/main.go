// Command privatelink is the CDK app of the example topology that cdk.json
// runs. Run with one account's credentials, it yields only that account's
// stacks; -c account=<name, ID or all> forces a choice.
//
// Context switches:
//
//	-c account=<name|id|all>        which account's stacks to synthesize
//	-c image.<service>=<image>      run a registry image instead of the Dockerfile
//	-c serviceName.<service>=<name> give a provider's service name by hand
//
// cdk.json runs it with CDK_VALIDATION=false unless you set that variable:
// aws-cdk-lib's built-in template validation (from 2.262) cost this app 6 of
// its 9 seconds and 380 of its 580 MB per synth (bench/results.md), and `make
// test` runs cfn-lint, a superset, over every template. The variable has to
// be in the environment before the program starts: jsii-runtime-go copies
// the environment for its node process while Go packages initialise.
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/apps/privatelink/example"
)

func main() {
	app := awscdk.NewApp(nil)
	if err := run(app); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		jsii.Close()
		os.Exit(1)
	}
	app.Synth(nil)
	jsii.Close()
}

func run(app awscdk.App) error {
	topo, err := example.Parse(app.Node().TryGetContext(jsii.String("topology")))
	if err != nil {
		return err
	}
	sel, err := topo.Select(contextString(app, "account"), os.Getenv("CDK_DEFAULT_ACCOUNT"))
	if err != nil {
		return err
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	opts := example.Options{Root: root, Images: map[string]string{}, ServiceNames: map[string]string{}}
	for _, s := range topo.Services {
		opts.Images[s.Name] = contextString(app, "image."+s.Name)
		opts.ServiceNames[s.Name] = contextString(app, "serviceName."+s.Name)
	}
	return example.Build(app, topo, sel, opts)
}

func contextString(app awscdk.App, key string) string {
	if v, ok := app.Node().TryGetContext(jsii.String(key)).(string); ok {
		return v
	}
	return ""
}
