package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cdk-privatelink/cdk-privatelink/apps/serve"
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

// newTable creates a fresh table shaped as the todo stack creates it.
func newTable(t *testing.T) string {
	t.Helper()
	name := "todo-" + strings.ToLower(regexp.MustCompile(`[^A-Za-z0-9]`).ReplaceAllString(t.Name(), "-"))
	if _, err := db.CreateTable(context.Background(), TableSchema(name)); err != nil {
		t.Fatal(err)
	}
	return name
}

// newServer serves the handler over a fresh table.
func newServer(t *testing.T) (*httptest.Server, *store) {
	t.Helper()
	s := &store{db: db, table: newTable(t)}
	srv := httptest.NewServer(newHandler(s))
	t.Cleanup(srv.Close)
	return srv, s
}

type answer struct {
	status int
	body   string
	header http.Header
}

func request(t *testing.T, srv *httptest.Server, method, path, body string, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
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
	return answer{resp.StatusCode, string(raw), resp.Header}
}

func do(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	a := request(t, srv, method, path, body)
	return a.status, a.body
}

func errorOf(t *testing.T, a answer) string {
	t.Helper()
	var e struct{ Error string }
	if err := json.Unmarshal([]byte(a.body), &e); err != nil || a.header.Get("Content-Type") != "application/json" {
		t.Fatalf("answer %d %q is not a JSON error (%v)", a.status, a.body, err)
	}
	return e.Error
}

// all lists every todo, following the cursors.
func all(t *testing.T, s *store) []Todo {
	t.Helper()
	var out []Todo
	cursor := ""
	for {
		page, next, err := s.list(context.Background(), MaxLimit, cursor)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if next == "" {
			return out
		}
		cursor = next
	}
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
	var list []Todo
	if err := json.Unmarshal([]byte(body), &list); err != nil || status != http.StatusOK || len(list) != 1 || list[0] != created {
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
	var list []Todo
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, td := range list {
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

// TestPagination: pages of limit todos, oldest first, linked by an opaque
// cursor; a page never scans the table.
func TestPagination(t *testing.T) {
	srv, _ := newServer(t)
	for i := range 5 {
		if a := request(t, srv, http.MethodPost, "/todo", fmt.Sprintf("data=item+%d", i)); a.status != http.StatusCreated {
			t.Fatalf("POST: %+v", a)
		}
	}
	var got []string
	path, pages := "/todo?limit=2", 0
	for path != "" {
		a := request(t, srv, http.MethodGet, path, "")
		var page []Todo
		if err := json.Unmarshal([]byte(a.body), &page); err != nil || a.status != http.StatusOK || len(page) > 2 {
			t.Fatalf("GET %s: %+v", path, a)
		}
		for _, td := range page {
			got = append(got, td.Data)
		}
		pages++
		path = ""
		if next := a.header.Get("Next-Cursor"); next != "" {
			path = "/todo?limit=2&cursor=" + url.QueryEscape(next)
			if !strings.Contains(a.header.Get("Link"), `rel="next"`) {
				t.Fatalf("no Link header with Next-Cursor: %v", a.header)
			}
		}
	}
	if fmt.Sprint(got) != "[item 0 item 1 item 2 item 3 item 4]" || pages < 3 {
		t.Fatalf("%d pages: %q", pages, got)
	}
	for _, tc := range []struct{ query, msg string }{
		{"limit=0", "limit: want a whole number from 1 to 1000"},
		{"limit=1001", "limit: want a whole number from 1 to 1000"},
		{"limit=x", "limit: want a whole number from 1 to 1000"},
		{"cursor=bogus", "cursor: not one this service gave; start without it"},
		{"cursor=" + base64.RawURLEncoding.EncodeToString([]byte(`{"id":"x"}`)), "cursor: not one this service gave"},
	} {
		if a := request(t, srv, http.MethodGet, "/todo?"+tc.query, ""); a.status != http.StatusBadRequest || !strings.HasPrefix(errorOf(t, a), tc.msg) {
			t.Errorf("GET /todo?%s: %+v, want 400 %q", tc.query, a, tc.msg)
		}
	}
}

// TestIdempotency: the same key stores one todo and returns it again; a
// key used for other data is refused; without a key the answer names the
// one the service made.
func TestIdempotency(t *testing.T) {
	srv, s := newServer(t)
	first := request(t, srv, http.MethodPost, "/todo", "data=once", "Idempotency-Key", "order-42")
	again := request(t, srv, http.MethodPost, "/todo", "data=once", "Idempotency-Key", "order-42")
	if first.status != http.StatusCreated || again.status != http.StatusCreated || first.body != again.body ||
		again.header.Get("Idempotent-Replayed") != "true" || first.header.Get("Idempotent-Replayed") != "" || first.header.Get("Idempotency-Key") != "order-42" {
		t.Fatalf("first %+v, again %+v", first, again)
	}
	other := request(t, srv, http.MethodPost, "/todo", "data=twice", "Idempotency-Key", "order-42")
	if other.status != http.StatusUnprocessableEntity || errorOf(t, other) != "Idempotency-Key already stored other data: use a new key for a new todo" {
		t.Fatalf("key reused: %+v", other)
	}
	if bad := request(t, srv, http.MethodPost, "/todo", "data=x", "Idempotency-Key", strings.Repeat("k", 129)); bad.status != http.StatusBadRequest {
		t.Fatalf("long key: %+v", bad)
	}
	plain := request(t, srv, http.MethodPost, "/todo", "data=plain")
	key := plain.header.Get("Idempotency-Key")
	replay := request(t, srv, http.MethodPost, "/todo", "data=plain", "Idempotency-Key", key)
	if plain.status != http.StatusCreated || len(key) != 32 || replay.body != plain.body {
		t.Fatalf("plain %+v, replay %+v", plain, replay)
	}
	if n := len(all(t, s)); n != 2 {
		t.Fatalf("%d todos stored, want 2", n)
	}
}

// TestConcurrentRetries: many requests with one key at once store one
// todo and all answer it.
func TestConcurrentRetries(t *testing.T) {
	srv, s := newServer(t)
	var wg sync.WaitGroup
	bodies := make(chan string, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/todo", strings.NewReader("data=race"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Idempotency-Key", "same")
			resp, err := srv.Client().Do(req)
			if err != nil {
				bodies <- err.Error()
				return
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			bodies <- fmt.Sprint(resp.StatusCode, " ", string(raw))
		}()
	}
	wg.Wait()
	close(bodies)
	var seen []string
	for b := range bodies {
		seen = append(seen, b)
	}
	for _, b := range seen {
		if b != seen[0] || !strings.HasPrefix(b, "201 ") {
			t.Fatalf("answers differ: %q", seen)
		}
	}
	if n := len(all(t, s)); n != 1 {
		t.Fatalf("%d todos stored, want 1", n)
	}
}

// stall is a proxy in front of moto_server: it passes, holds requests
// before they reach the table (the table never sees them in time), or
// holds the table's answers (the table did the work; the answer is late).
type stall struct {
	mu    sync.Mutex
	mode  string // "", "request", "response"
	delay time.Duration
}

func (p *stall) set(mode string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = mode
}

func (p *stall) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	mode := p.mode
	p.mu.Unlock()
	if mode == "request" {
		select {
		case <-time.After(p.delay):
		case <-r.Context().Done():
			return // the client gave up: the request never reaches the table
		}
	}
	body, _ := io.ReadAll(r.Body)
	req, _ := http.NewRequest(r.Method, os.Getenv("AWS_ENDPOINT_URL")+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if mode == "response" {
		select {
		case <-time.After(p.delay):
		case <-r.Context().Done():
			return
		}
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(raw)
}

// TestStalledTable: a table that does not answer gets the client a JSON
// 504 in bounded time, never an empty reply, naming the key to send again;
// sending again with it stores the todo once, whether or not the stalled
// write landed.
func TestStalledTable(t *testing.T) {
	if storeTimeout >= serve.WriteTimeout-2*time.Second {
		t.Fatalf("StoreTimeout %v must end well before the write deadline %v", storeTimeout, serve.WriteTimeout)
	}
	defer func(d time.Duration) { storeTimeout = d }(storeTimeout)
	storeTimeout = time.Second
	table := newTable(t)
	proxy := &stall{delay: 3 * time.Second}
	front := httptest.NewServer(proxy)
	defer front.Close()
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithBaseEndpoint(front.URL), config.WithRetryMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	slow := &store{db: dynamodb.NewFromConfig(cfg), table: table}
	srv := httptest.NewServer(newHandler(slow))
	defer srv.Close()
	direct := &store{db: db, table: table}

	for _, mode := range []string{"request", "response"} {
		t.Run("held "+mode, func(t *testing.T) {
			proxy.set(mode)
			start := time.Now()
			a := request(t, srv, http.MethodPost, "/todo", "data=held+"+mode)
			took := time.Since(start)
			if a.status != http.StatusGatewayTimeout || took > 2*time.Second ||
				!strings.HasPrefix(errorOf(t, a), "the table did not answer within 1s: the todo may or may not be stored; send the request again with this answer's Idempotency-Key header") {
				t.Fatalf("stalled POST: %+v after %v", a, took)
			}
			key := a.header.Get("Idempotency-Key")
			time.Sleep(proxy.delay) // the stall ends; a held answer's write has landed
			proxy.set("")
			retry := request(t, srv, http.MethodPost, "/todo", "data=held+"+mode, "Idempotency-Key", key)
			if retry.status != http.StatusCreated {
				t.Fatalf("retry: %+v", retry)
			}
			n := 0
			for _, td := range all(t, direct) {
				if td.Data == "held "+mode {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("%d todos stored for one request and its retry, want 1", n)
			}
		})
	}
	t.Run("reads", func(t *testing.T) {
		proxy.set("request")
		defer proxy.set("")
		for _, path := range []string{"/todo", "/todo/deadbeef"} {
			if a := request(t, srv, http.MethodGet, path, ""); a.status != http.StatusGatewayTimeout || !strings.HasPrefix(errorOf(t, a), "the table did not answer within 1s: send the request again") {
				t.Fatalf("GET %s: %+v", path, a)
			}
		}
	})
}

// TestForms: urlencoded and multipart forms both work.
func TestForms(t *testing.T) {
	srv, _ := newServer(t)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("data", "from a multipart form")
	mw.Close()
	a := request(t, srv, http.MethodPost, "/todo", buf.String(), "Content-Type", mw.FormDataContentType())
	var td Todo
	if err := json.Unmarshal([]byte(a.body), &td); err != nil || a.status != http.StatusCreated || td.Data != "from a multipart form" {
		t.Fatalf("multipart POST: %+v", a)
	}
}

// TestBadInput: each gets a clear JSON 4xx and nothing is stored.
func TestBadInput(t *testing.T) {
	srv, s := newServer(t)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"missing data", http.MethodPost, "/todo", "other=1", 400, "data is missing or empty: send data=<text>"},
		{"empty data", http.MethodPost, "/todo", "data=%20%20", 400, "data is missing or empty: send data=<text>"},
		{"no body", http.MethodPost, "/todo", "", 400, "data is missing or empty: send data=<text>"},
		{"oversized body", http.MethodPost, "/todo", "data=" + strings.Repeat("a", 70<<10), 413, "body over 64 KiB"},
		{"oversized data", http.MethodPost, "/todo", "data=" + strings.Repeat("a", 5<<10), 413, "data over 4 KiB"},
		{"bad form", http.MethodPost, "/todo", "data=%zz", 400, "want a form body with a data field (urlencoded or multipart)"},
		{"invalid UTF-8", http.MethodPost, "/todo", "data=%ff%fe", 400, "data is not valid UTF-8"},
		{"unknown method on list", http.MethodPut, "/todo", "data=x", 405, "method PUT not allowed here; allowed: GET, HEAD, POST"},
		{"unknown method on item", http.MethodDelete, "/todo/deadbeef", "", 405, "method DELETE not allowed here; allowed: GET, HEAD"},
		{"unknown path", http.MethodGet, "/todos", "", 404, "no such path: /todos"},
		{"unknown id", http.MethodGet, "/todo/deadbeef", "", 404, "no todo deadbeef"},
		{"malformed id, not echoed", http.MethodGet, "/todo/" + strings.Repeat("x", 500), "", 404, "no todo with that id: ids are 8 hexadecimal characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := request(t, srv, tc.method, tc.path, tc.body)
			if got := errorOf(t, a); a.status != tc.status || got != tc.msg {
				t.Fatalf("%s %s: %d %q, want %d %q", tc.method, tc.path, a.status, got, tc.status, tc.msg)
			}
		})
	}
	if todos := all(t, s); len(todos) != 0 {
		t.Fatalf("bad input stored something: %v", todos)
	}
}

// TestSIGTERMDuringRequest runs the built service on a table, starts a
// POST, sends SIGTERM before the request is complete, and expects the todo
// stored and answered, then a clean exit.
func TestSIGTERMDuringRequest(t *testing.T) {
	table := newTable(t)
	bin := filepath.Join(t.TempDir(), "todo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	logs, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port), "TODO_TABLE="+table)
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	read := func() string { raw, _ := os.ReadFile(logs.Name()); return string(raw) }
	var conn net.Conn
	for range 100 {
		if conn, err = net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the service did not listen: %v\n%s", err, read())
	}
	defer conn.Close()
	body := "data=" + url.QueryEscape("stored while stopping")
	fmt.Fprintf(conn, "POST /todo HTTP/1.1\r\nHost: todo\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:5])
	time.Sleep(100 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	fmt.Fprint(conn, body[5:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to the request in flight: %v\n%s", err, read())
	}
	var td Todo
	if err := json.NewDecoder(resp.Body).Decode(&td); err != nil || resp.StatusCode != http.StatusCreated || td.Data != "stored while stopping" {
		t.Fatalf("answer %d %+v (%v)", resp.StatusCode, td, err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, read())
	}
	if stored, err := (&store{db: db, table: table}).get(context.Background(), td.ID); err != nil || stored != td {
		t.Fatalf("stored %+v, %v", stored, err)
	}
}

// TestStartFailures: a bad PORT or no table fails at start, saying which.
func TestStartFailures(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"PORT=abc", `todo: PORT "abc": want a TCP port number from 1 to 65535`},
		{"TODO_TABLE=", "todo: TODO_TABLE is not set"},
	} {
		cmd := exec.Command("go", "run", ".")
		cmd.Env = append(os.Environ(), "TODO_TABLE=todos", tc.env)
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("%s: %v\n%s", tc.env, err, out)
		}
	}
}
