package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func get(t *testing.T, srv *httptest.Server, method, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestDogs(t *testing.T) {
	srv := httptest.NewServer(newHandler(rand.New(rand.NewPCG(1, 2))))
	defer srv.Close()
	for _, tc := range []struct {
		path    string
		genders []string
	}{
		{"/dogs", []string{"male", "female"}},
		{"/dogs/males", []string{"male"}},
		{"/dogs/females", []string{"female"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			seen := map[string]bool{}
			for range 50 {
				resp := get(t, srv, http.MethodGet, tc.path)
				if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
					t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				var d Dog
				if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
					t.Fatal(err)
				}
				names := males
				if d.Gender == "female" {
					names = females
				}
				if !slices.Contains(tc.genders, d.Gender) || !slices.Contains(names, d.Name) {
					t.Fatalf("got %+v from %s", d, tc.path)
				}
				seen[d.Gender] = true
			}
			if len(seen) != len(tc.genders) {
				t.Fatalf("50 answers from %s covered genders %v, want %v", tc.path, seen, tc.genders)
			}
		})
	}
}

func TestHealthAndErrors(t *testing.T) {
	srv := httptest.NewServer(newHandler(rand.New(rand.NewPCG(1, 2))))
	defer srv.Close()
	if resp := get(t, srv, http.MethodGet, "/health"); resp.StatusCode != http.StatusOK {
		t.Fatalf("/health: %d", resp.StatusCode)
	}
	for _, tc := range []struct {
		method, path string
		status       int
		msg          string
	}{
		{http.MethodPost, "/dogs", http.StatusMethodNotAllowed, "method POST not allowed here; allowed: GET, HEAD"},
		{http.MethodGet, "/cats", http.StatusNotFound, "no such path: /cats"},
	} {
		resp := get(t, srv, tc.method, tc.path)
		var e struct{ Error string }
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/json" || e.Error != tc.msg {
			t.Fatalf("%s %s: %d %q %q (%v), want %d JSON %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), e.Error, err, tc.status, tc.msg)
		}
	}
}

// TestConcurrentRequests: many requests at once on one handler, as the
// load balancer sends them. Under -race (make test runs this package with
// it) a shared, unguarded random source is reported here.
func TestConcurrentRequests(t *testing.T) {
	srv := httptest.NewServer(newHandler(rand.New(rand.NewPCG(1, 2))))
	defer srv.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := srv.Client().Get(srv.URL + "/dogs")
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			var d Dog
			if err := json.NewDecoder(resp.Body).Decode(&d); err != nil || d.Name == "" {
				errs <- fmt.Errorf("answer %+v: %v", d, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSIGTERMDuringRequest runs the built service, starts a request, sends
// SIGTERM before the request is complete, and expects the answer and then
// a clean exit: what a task gets when ECS stops it.
func TestSIGTERMDuringRequest(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "dognames")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port))
	// A file, not a buffer: the process writes it directly, with no
	// goroutine of the test's copying into memory the test also reads.
	logs := logFile(t)
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var conn net.Conn
	var err error
	for range 100 {
		if conn, err = net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the service did not listen: %v\n%s", err, logs.String())
	}
	defer conn.Close()
	// Half a request, then SIGTERM, then the rest.
	fmt.Fprint(conn, "GET /dogs HTTP/1.1\r\nHost: dogs\r\n")
	time.Sleep(100 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	fmt.Fprint(conn, "Connection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to the request in flight: %v\n%s", err, logs.String())
	}
	var d Dog
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil || resp.StatusCode != http.StatusOK || d.Name == "" {
		t.Fatalf("answer %d %+v (%v)", resp.StatusCode, d, err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, logs.String())
	}
	if !strings.Contains(logs.String(), "finishing requests in flight") {
		t.Fatalf("logs:\n%s", logs.String())
	}
}

// logFile is a file for a process's output; String reads it.
type output struct{ *os.File }

func (o output) String() string {
	raw, _ := os.ReadFile(o.Name())
	return string(raw)
}

func logFile(t *testing.T) output {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return output{f}
}

// TestBadPort: the service refuses to start on a PORT that is no port.
func TestBadPort(t *testing.T) {
	cmd := exec.Command("go", "run", ".")
	cmd.Env = append(os.Environ(), "PORT=abc")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), `dognames: PORT "abc": want a TCP port number from 1 to 65535`) {
		t.Fatalf("PORT=abc: %v\n%s", err, out)
	}
}
