package metrics

import (
	"os"
	"strings"
	"testing"
)

// markdown is the README's metric table, made from the table itself.
func markdown() string {
	var b strings.Builder
	b.WriteString("| namespace | metric | dimensions | statistic | AWS's page |\n| --- | --- | --- | --- | --- |\n")
	for _, d := range Table() {
		var sets []string
		for _, set := range d.DimensionSets {
			sets = append(sets, strings.Join(set, ", "))
		}
		b.WriteString("| " + d.Namespace + " | " + d.Name + " | " + strings.Join(sets, "; or ") + " | " + d.Statistic + " | [doc](" + d.Doc + ") |\n")
	}
	return b.String()
}

// TestReadmeTable: the README's metric table is this table, row for row:
// the one a reader trusts cannot drift from the one the code checks.
// METRICS_TABLE=1 go test prints it to paste.
func TestReadmeTable(t *testing.T) {
	want := markdown()
	if os.Getenv("METRICS_TABLE") != "" {
		t.Log("\n" + want)
	}
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), want) {
		t.Fatalf("README.md's metric table differs from internal/metrics' rows; paste the table METRICS_TABLE=1 go test -run TestReadmeTable -v prints:\n%s", want)
	}
	// Once, and no other row of it: a table pasted twice, or a row left
	// over after the table, is not the table.
	header := want[:strings.Index(want, "\n")+1]
	if n := strings.Count(string(readme), header); n != 1 {
		t.Fatalf("README.md has the metric table's header %d times, want once", n)
	}
	after := string(readme)[strings.Index(string(readme), want)+len(want):]
	if strings.HasPrefix(after, "|") {
		t.Fatalf("README.md's metric table is followed by more rows: %q", strings.SplitN(after, "\n", 2)[0])
	}
}
