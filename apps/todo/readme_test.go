package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// readmeCreateTable is the `aws dynamodb create-table` command of the
// README's "Both services also run locally", continuation lines joined.
func readmeCreateTable(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(raw), "\\\n", " ")
	cmd := regexp.MustCompile(`(?m)^aws dynamodb create-table .*$`).FindString(text)
	if cmd == "" {
		t.Fatal("the README has no `aws dynamodb create-table` line to run")
	}
	return cmd
}

// TestReadmeTable runs the README's create-table command with awscli
// against moto_server: the table it makes must be the one TableSchema
// describes (as the todo stack makes it), and the seed's curl sequence must
// work on it.
func TestReadmeTable(t *testing.T) {
	name := "readme-todos"
	command := strings.Replace(readmeCreateTable(t), "--table-name todos ", "--table-name "+name+" ", 1)
	if !strings.Contains(command, name) {
		t.Fatalf("the README's create-table does not name the table todos: %s", command)
	}
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatalf("awscli (on this machine image) runs the README's command: %v", err)
	}
	cmd := exec.Command("sh", "-c", command+" >/dev/null")
	cmd.Env = append(os.Environ(), "AWS_DEFAULT_REGION="+os.Getenv("AWS_REGION"), "AWS_PAGER=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", command, err, out)
	}
	got, err := db.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	want := TableSchema(name)
	attrs := func(defs []string) []string { sort.Strings(defs); return defs }
	var gotAttrs, wantAttrs []string
	for _, a := range got.Table.AttributeDefinitions {
		gotAttrs = append(gotAttrs, *a.AttributeName+"="+string(a.AttributeType))
	}
	for _, a := range want.AttributeDefinitions {
		wantAttrs = append(wantAttrs, *a.AttributeName+"="+string(a.AttributeType))
	}
	if !reflect.DeepEqual(attrs(gotAttrs), attrs(wantAttrs)) || !reflect.DeepEqual(got.Table.KeySchema, want.KeySchema) {
		t.Errorf("README table: attributes %v, keys %s; want %v, %s", gotAttrs, keys(got.Table.KeySchema), wantAttrs, keys(want.KeySchema))
	}
	if len(got.Table.GlobalSecondaryIndexes) != 1 {
		t.Fatalf("README table indexes: %+v, want %s", got.Table.GlobalSecondaryIndexes, IndexByCreated)
	}
	gsi, wantGsi := got.Table.GlobalSecondaryIndexes[0], want.GlobalSecondaryIndexes[0]
	if *gsi.IndexName != *wantGsi.IndexName || !reflect.DeepEqual(gsi.KeySchema, wantGsi.KeySchema) || gsi.Projection.ProjectionType != wantGsi.Projection.ProjectionType {
		t.Errorf("README index %s %s %v, want %s %s %v", *gsi.IndexName, keys(gsi.KeySchema), gsi.Projection.ProjectionType, *wantGsi.IndexName, keys(wantGsi.KeySchema), wantGsi.Projection.ProjectionType)
	}

	srv := httptest.NewServer(newHandler(&store{db: db, table: name}))
	t.Cleanup(srv.Close)
	if status, body := do(t, srv, http.MethodPost, "/todo", "data="+url.QueryEscape("Write new AWS blog post")); status != http.StatusCreated {
		t.Fatalf("POST /todo on the README's table: %d %s", status, body)
	}
	if status, body := do(t, srv, http.MethodGet, "/todo", ""); status != http.StatusOK || !strings.Contains(body, `"data":"Write new AWS blog post"`) {
		t.Fatalf("GET /todo on the README's table: %d %s", status, body)
	}
}

func keys(schema []types.KeySchemaElement) string {
	var out []string
	for _, k := range schema {
		out = append(out, *k.AttributeName+" "+string(k.KeyType))
	}
	return strings.Join(out, ", ")
}
