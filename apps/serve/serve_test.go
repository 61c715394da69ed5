package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestPort(t *testing.T) {
	for _, tc := range []struct {
		env  string
		set  bool
		want int
		err  string
	}{
		{set: false, want: 8080},
		{env: "", set: true, want: 8080},
		{env: "9000", set: true, want: 9000},
		{env: "abc", set: true, err: `PORT "abc": want a TCP port number from 1 to 65535`},
		{env: "0", set: true, err: `PORT "0"`},
		{env: "70000", set: true, err: `PORT "70000"`},
	} {
		if tc.set {
			t.Setenv("PORT", tc.env)
		} else {
			t.Setenv("PORT", "")
		}
		got, err := Port(8080)
		if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) || (err == nil && got != tc.want) {
			t.Errorf("PORT=%q: %d, %v; want %d, %q", tc.env, got, err, tc.want, tc.err)
		}
	}
}

// TestHandlerAnswersJSON: the router's own 404 and 405 are JSON, with the
// Allow header kept and the caller's input clipped.
func TestHandlerAnswersJSON(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /things", func(w http.ResponseWriter, _ *http.Request) { JSON(w, http.StatusOK, []string{"a"}) })
	srv := httptest.NewServer(Handler(mux))
	defer srv.Close()
	for _, tc := range []struct {
		method, path string
		status       int
		msg, allow   string
	}{
		{"GET", "/things", 200, "", ""},
		{"GET", "/nothing", 404, "no such path: /nothing", ""},
		{"GET", "/" + strings.Repeat("x", 200), 404, "no such path: /" + strings.Repeat("x", 63) + "...", ""},
		{"DELETE", "/things", 405, "method DELETE not allowed here; allowed: GET, HEAD", "GET, HEAD"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d %q Allow %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Allow"))
		}
		if tc.msg != "" {
			var e struct{ Error string }
			if err := json.Unmarshal(body, &e); err != nil || e.Error != tc.msg {
				t.Errorf("%s %s: body %q, want error %q", tc.method, tc.path, body, tc.msg)
			}
		}
	}
}

// TestRunFinishesRequestsOnSIGTERM: a request in flight when SIGTERM
// arrives is answered, then Run returns nil.
func TestRunFinishesRequestsOnSIGTERM(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		JSON(w, http.StatusOK, map[string]string{"done": "yes"})
	})
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- Run("test", 0, handler, ready) }()
	addr := <-ready
	answer := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://127.0.0.1" + addr[strings.LastIndex(addr, ":"):] + "/slow")
		if err != nil {
			answer <- "error: " + err.Error()
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answer <- string(body)
	}()
	<-entered
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("Run returned %v with a request in flight", err)
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	if got := <-answer; !strings.Contains(got, `"done":"yes"`) {
		t.Fatalf("the request in flight got %q", got)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(ShutdownTimeout):
		t.Fatal("Run did not return after its last request")
	}
}
