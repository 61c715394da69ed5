package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// db talks to the moto_server that TestMain starts on a free localhost port.
var db *dynamodb.Client

// TestMain runs the tests against DynamoDB as moto_server (shipped with this
// machine image) emulates it, and always stops the server.
func TestMain(m *testing.M) {
	stop, err := startMoto()
	if err != nil {
		fmt.Fprintln(os.Stderr, "todo tests need moto_server (moto 5, Python 3.11 on this machine image):", err)
		os.Exit(1)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

func startMoto() (stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop = func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		_ = cmd.Wait()
	}
	// The SDK reads these, as the service does in production.
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": fmt.Sprintf("http://localhost:%d", port), "AWS_REGION": "us-west-2",
		"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		os.Setenv(k, v)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		stop()
		return nil, err
	}
	db = dynamodb.NewFromConfig(cfg)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err = db.ListTables(context.Background(), &dynamodb.ListTablesInput{}); err == nil {
			return stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("moto_server did not answer on port %d: %w", port, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// newServer serves the handler over a fresh table shaped as the todo stack
// creates it: key "id" (string), on-demand.
func newServer(t *testing.T) (*httptest.Server, *store) {
	t.Helper()
	name := "todo-" + strings.ToLower(regexp.MustCompile(`[^A-Za-z0-9]`).ReplaceAllString(t.Name(), "-"))
	_, err := db.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &store{db: db, table: name}
	srv := httptest.NewServer(newHandler(s))
	t.Cleanup(srv.Close)
	return srv, s
}

func do(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(raw)
}

// TestSeedSequence is the curl sequence of seed 003.
func TestSeedSequence(t *testing.T) {
	srv, _ := newServer(t)
	status, body := do(t, srv, http.MethodPost, "/todo", "data="+url.QueryEscape("Write new AWS blog post"))
	if status != http.StatusCreated {
		t.Fatalf("POST /todo: %d %s", status, body)
	}
	var created Todo
	if err := json.Unmarshal([]byte(body), &created); err != nil || !idRe.MatchString(created.ID) || created.Data != "Write new AWS blog post" {
		t.Fatalf("POST /todo answered %s (%v)", body, err)
	}
	status, body = do(t, srv, http.MethodGet, "/todo", "")
	var all []Todo
	if err := json.Unmarshal([]byte(body), &all); err != nil || status != http.StatusOK || len(all) != 1 || all[0] != created {
		t.Fatalf("GET /todo: %d %s", status, body)
	}
	status, body = do(t, srv, http.MethodGet, "/todo/"+created.ID, "")
	var one Todo
	if err := json.Unmarshal([]byte(body), &one); err != nil || status != http.StatusOK || one != created {
		t.Fatalf("GET /todo/%s: %d %s", created.ID, status, body)
	}
}

func TestListIsOldestFirst(t *testing.T) {
	srv, _ := newServer(t)
	var want []string
	for i := range 3 {
		data := fmt.Sprintf("item %d", i)
		if status, body := do(t, srv, http.MethodPost, "/todo", "data="+url.QueryEscape(data)); status != http.StatusCreated {
			t.Fatalf("POST: %d %s", status, body)
		}
		want = append(want, data)
	}
	_, body := do(t, srv, http.MethodGet, "/todo", "")
	var all []Todo
	if err := json.Unmarshal([]byte(body), &all); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, td := range all {
		got = append(got, td.Data)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("list order %q, want %q", got, want)
	}
}

func TestEmptyListIsArray(t *testing.T) {
	srv, _ := newServer(t)
	if status, body := do(t, srv, http.MethodGet, "/todo", ""); status != http.StatusOK || strings.TrimSpace(body) != "[]" {
		t.Fatalf("GET /todo on an empty table: %d %q, want 200 []", status, body)
	}
}

// TestBadInput: each gets a clear 4xx and nothing is stored.
func TestBadInput(t *testing.T) {
	srv, s := newServer(t)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"missing data", http.MethodPost, "/todo", "other=1", 400, "data is missing or empty: send data=<text>"},
		{"empty data", http.MethodPost, "/todo", "data=%20%20", 400, "data is missing or empty"},
		{"no body", http.MethodPost, "/todo", "", 400, "data is missing or empty"},
		{"oversized body", http.MethodPost, "/todo", "data=" + strings.Repeat("a", 70<<10), 413, "body over 64 KiB"},
		{"oversized data", http.MethodPost, "/todo", "data=" + strings.Repeat("a", 5<<10), 413, "data over 4 KiB"},
		{"bad form", http.MethodPost, "/todo", "data=%zz", 400, "want a form body with a data field"},
		{"unknown method on list", http.MethodPut, "/todo", "data=x", 405, ""},
		{"unknown method on item", http.MethodDelete, "/todo/deadbeef", "", 405, ""},
		{"unknown id", http.MethodGet, "/todo/deadbeef", "", 404, "no todo deadbeef"},
		{"malformed id", http.MethodGet, "/todo/..%2f", "", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := do(t, srv, tc.method, tc.path, tc.body)
			if status != tc.status || !strings.Contains(body, tc.msg) {
				t.Fatalf("%s %s: %d %q, want %d with %q", tc.method, tc.path, status, body, tc.status, tc.msg)
			}
		})
	}
	todos, err := s.list(context.Background())
	if err != nil || len(todos) != 0 {
		t.Fatalf("bad input stored something: %v %v", todos, err)
	}
}
