// Command dognames is the read-only example service of seed 003: it answers
// GET /dogs, /dogs/males and /dogs/females with one random dog as JSON, and
// GET /health for load balancer health checks. Every other answer is JSON
// too ({"error": ...}). It listens on $PORT (default 8080), finishes the
// requests in flight when stopped (package serve), and depends on the
// standard library only.
package main

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/cdk-privatelink/cdk-privatelink/apps/serve"
)

// Dog is one answer.
type Dog struct {
	Name   string `json:"name"`
	Gender string `json:"gender"`
}

var (
	males   = []string{"Max", "Charlie", "Cooper", "Buddy", "Rocky", "Milo", "Bear", "Duke", "Tucker", "Oliver"}
	females = []string{"Bella", "Luna", "Lucy", "Daisy", "Molly", "Sadie", "Bailey", "Maggie", "Sophie", "Chloe"}
)

// picker draws dogs for concurrent requests: a *rand.Rand is not safe for
// concurrent use, so draws take turns.
type picker struct {
	mu sync.Mutex
	r  *rand.Rand
}

// pick returns a random dog from the given genders.
func (p *picker) pick(genders ...string) Dog {
	p.mu.Lock()
	defer p.mu.Unlock()
	g := genders[p.r.IntN(len(genders))]
	names := males
	if g == "female" {
		names = females
	}
	return Dog{Name: names[p.r.IntN(len(names))], Gender: g}
}

// newHandler serves the API; r supplies the randomness so tests can fix it.
func newHandler(r *rand.Rand) http.Handler {
	p := &picker{r: r}
	mux := http.NewServeMux()
	dogs := func(genders ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			serve.JSON(w, http.StatusOK, p.pick(genders...))
		}
	}
	mux.HandleFunc("GET /dogs", dogs("male", "female"))
	mux.HandleFunc("GET /dogs/males", dogs("male"))
	mux.HandleFunc("GET /dogs/females", dogs("female"))
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	return serve.Handler(mux)
}

func main() {
	serve.Main("dognames", newHandler(rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0))))
}
