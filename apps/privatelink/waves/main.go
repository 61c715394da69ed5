// Command waves prints the order the example topology deploys in
// (example.Topology.Waves) as JSON, for the deploy rehearsal
// (test/rehearsal), which deploys in that order as the pipeline's stages
// do. The topology is cdk.json's, or the JSON given as the one argument.
//
//	go run ./apps/privatelink/waves ['{"region": ...}']
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/cdk-privatelink/cdk-privatelink/apps/privatelink/example"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	var raw any
	switch len(args) {
	case 0:
		var cdk struct {
			Context map[string]any `json:"context"`
		}
		data, err := os.ReadFile("cdk.json")
		if err != nil {
			return fmt.Errorf("run from the repository's root: %w", err)
		}
		if err := json.Unmarshal(data, &cdk); err != nil {
			return fmt.Errorf("cdk.json: %w", err)
		}
		raw = cdk.Context["topology"]
	case 1:
		raw = args[0]
	default:
		return fmt.Errorf("want at most one argument, the topology as JSON")
	}
	t, err := example.Parse(raw, root)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(t.Waves())
}
