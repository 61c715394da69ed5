// Command table prints the metric table (metrics.Table) as JSON, one object
// per row with Namespace, Name and DimensionSets, for the deploy rehearsal
// (test/rehearsal/checks.py), which checks every deployed alarm against it
// without a second copy of the table.
package main

import (
	"encoding/json"
	"os"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/metrics"
)

func main() {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(metrics.Table()); err != nil {
		panic(err)
	}
}
