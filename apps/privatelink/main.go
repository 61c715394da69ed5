// Command privatelink is the CDK app of the example topology that cdk.json
// runs. Run with one account's credentials, it yields only that account's
// stacks; -c account=<name, ID or all> forces a choice.
//
// Context switches:
//
//	-c account=<name|id|all>        which account's stacks to synthesize
//	-c image.<service>=<image>      run a registry image instead of the Dockerfile
//	-c serviceName.<service>=<name> give a provider's service name by hand
//	-c consumers=<service>@<ou-id>[,<ou-id>]
//	                                an endpoint to the service in every account
//	                                of the OUs, as a StackSet (tooling account)
//	-c pipeline=<owner/repo@branch> -c pipelineConnection=<ARN>
//	                                the pipeline that deploys every account
//	                                (the topology's tooling account runs it)
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
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/apps/privatelink/example"
)

func main() {
	dropStaleValidationReport()
	app := awscdk.NewApp(nil)
	if err := run(app); err != nil {
		fail(err)
	}
	app.Synth(nil)
	jsii.Close()
}

// fail prints what went wrong, without a Go stack trace, and exits 1. A
// construct's refusal arrives as a panic (CDK's way in Go); it is printed
// the same way.
func fail(err any) {
	fmt.Fprintln(os.Stderr, "error:", err)
	jsii.Close()
	os.Exit(1)
}

func run(app awscdk.App) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	topo, err := example.Parse(app.Node().TryGetContext(jsii.String("topology")), root)
	if err != nil {
		return err
	}
	// The switches first: -c domain and -c consumers change the topology
	// that Select picks from.
	context, _ := app.Node().GetAllContext(nil).(map[string]any)
	opts, err := example.ContextOptions(topo, root, context)
	if err != nil {
		return err
	}
	sel, err := topo.Select(contextString(app, "account"), os.Getenv("CDK_DEFAULT_ACCOUNT"))
	if err != nil {
		return err
	}
	src, pipeline, err := example.PipelineContext(topo, context)
	if err != nil {
		return err
	}
	if pipeline {
		// The pipeline's stack, and a stage per account that it deploys.
		_, err = example.Pipeline(app, topo, opts, src)
		return err
	}
	_, err = example.Build(app, topo, sel, opts)
	return err
}

// dropStaleValidationReport removes the validation report a failed synth
// left in the output directory. aws-cdk-lib writes that file only when a
// synth has something to report, and the CDK CLI reads it after every
// synth for the stacks it selected: left behind, it fails every later
// `cdk synth` and `cdk deploy` of the same stacks with the old error, even
// once the cause is fixed (test/stale_report_test.go replays that).
func dropStaleValidationReport() {
	if dir := os.Getenv("CDK_OUTDIR"); dir != "" {
		if err := os.Remove(filepath.Join(dir, "validation-report.json")); err != nil && !os.IsNotExist(err) {
			fmt.Fprintln(os.Stderr, "warning: could not remove a stale validation report:", err)
		}
	}
}

func contextString(app awscdk.App, key string) string {
	if v, ok := app.Node().TryGetContext(jsii.String(key)).(string); ok {
		return v
	}
	return ""
}
