package main

import (
	"os"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/snapshot"
)

// The README's "Snapshot tests in your CI", as another team writes it.
func TestSnapshots(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{"@aws-cdk/core:defaultCrossStackReferences": "weak"}})
	build(app)
	snapshot.Check(t, app, &snapshot.Options{Lint: true})
}

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}
