// Package serve runs the example services' HTTP servers the one way both
// need: a checked PORT, timeouts, JSON for every answer including the
// router's own 404 and 405, and a graceful shutdown on SIGTERM that
// finishes the requests in flight. It uses the standard library only, so
// the dog-names image builds from it and its own directory alone.
package serve

import (
	"encoding/json"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Timeouts. ShutdownTimeout is shorter than the load balancers' 10 s
// deregistration delay (internal/nlb), so a stopping task or instance has
// answered everything it took before its target is removed.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 10 * time.Second
	IdleTimeout       = 60 * time.Second
	ShutdownTimeout   = 8 * time.Second
)

// Port reads the listening port from the environment variable PORT:
// def when unset, an error naming the value otherwise.
func Port(def int) (int, error) {
	v, ok := os.LookupEnv("PORT")
	if !ok || v == "" {
		return def, nil
	}
	p, err := strconv.Atoi(v)
	if err != nil || p < 1 || p > 65535 {
		return 0, fmt.Errorf("PORT %q: want a TCP port number from 1 to 65535", v)
	}
	return p, nil
}

// JSON writes v with the status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // an API, not a page: "<text>" reads better than "\u003ctext\u003e"
	_ = enc.Encode(v)
}

// Error writes {"error": msg} with the status.
func Error(w http.ResponseWriter, status int, msg string) {
	JSON(w, status, map[string]string{"error": msg})
}

// Handler wraps a ServeMux so that the answers it writes itself (404 for
// an unknown path, 405 with its Allow header for a method the path does
// not take) are JSON like the rest of the API.
func Handler(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			mux.ServeHTTP(&routerError{w: w, method: r.Method, path: r.URL.Path}, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// routerError turns the router's text answer into JSON.
type routerError struct {
	w            http.ResponseWriter
	method, path string
	wrote        bool
}

func (e *routerError) Header() http.Header { return e.w.Header() }

func (e *routerError) WriteHeader(status int) {
	e.wrote = true
	switch status {
	case http.StatusNotFound:
		Error(e.w, status, "no such path: "+clip(e.path, 64))
	case http.StatusMethodNotAllowed:
		Error(e.w, status, fmt.Sprintf("method %s not allowed here; allowed: %s", clip(e.method, 16), e.w.Header().Get("Allow")))
	default:
		e.w.WriteHeader(status)
		e.wrote = false
	}
}

func (e *routerError) Write(b []byte) (int, error) {
	if !e.wrote {
		e.WriteHeader(http.StatusOK)
	}
	if e.wrote {
		return len(b), nil // the JSON is written; the router's text is dropped
	}
	return e.w.Write(b)
}

// clip bounds what an answer echoes of the caller's input.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Run serves handler on the port until SIGTERM or SIGINT, then stops
// accepting, answers the requests in flight, including those whose headers
// are still arriving, within ShutdownTimeout, and returns nil. ready, if
// not nil, receives the listening address.
//
// It drains by itself rather than with http.Server.Shutdown, which drops a
// request whose headers complete after shutdown began (net/http's serve
// loop returns without answering): a client half-way through sending
// would see its connection closed.
func Run(name string, port int, handler http.Handler, ready chan<- string) error {
	ln, err := net.Listen("tcp", fmt.Sprintf(":%d", port))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	conns := &tracker{state: map[net.Conn]http.ConnState{}}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		ConnState:         conns.set,
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(stop)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Printf("%s listening on %s", name, ln.Addr())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	select {
	case err := <-served:
		return fmt.Errorf("%s: %w", name, err)
	case sig := <-stop:
		log.Printf("%s: %v: finishing requests in flight (at most %v)", name, sig, ShutdownTimeout)
	}
	// Every answer from now on closes its connection; nothing new is
	// accepted; idle connections go at once, busy ones once answered.
	srv.SetKeepAlivesEnabled(false)
	ln.Close()
	<-served
	deadline := time.Now().Add(ShutdownTimeout)
	for conns.closeIdle() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	left := conns.closeIdle()
	srv.Close()
	if left > 0 {
		return fmt.Errorf("%s: %d requests not finished within %v", name, left, ShutdownTimeout)
	}
	log.Printf("%s stopped", name)
	return nil
}

// tracker knows each connection's state.
type tracker struct {
	mu    sync.Mutex
	state map[net.Conn]http.ConnState
}

func (t *tracker) set(c net.Conn, s http.ConnState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s == http.StateClosed || s == http.StateHijacked {
		delete(t.state, c)
	} else {
		t.state[c] = s
	}
}

// closeIdle closes the idle connections and returns how many are still
// busy: new (a request may be arriving) or active.
func (t *tracker) closeIdle() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	busy := 0
	for c, s := range t.state {
		if s == http.StateIdle {
			c.Close()
			delete(t.state, c)
		} else {
			busy++
		}
	}
	return busy
}

// Main runs a service as a command: a bad PORT or a failure to listen is a
// message and exit status 1, a signal a clean exit.
func Main(name string, handler http.Handler) {
	port, err := Port(8080)
	if err == nil {
		err = Run(name, port, handler, nil)
	}
	if err != nil {
		log.SetFlags(0)
		log.Fatalf("%s: %v", name, strings.TrimPrefix(err.Error(), name+": "))
	}
}
