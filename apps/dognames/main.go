// Command dognames is the read-only example service of seed 003: it answers
// GET /dogs, /dogs/males and /dogs/females with one random dog as JSON, and
// GET /health for load balancer health checks. It listens on $PORT (default
// 8080) and has no dependencies beyond the standard library.
package main

import (
	"encoding/json"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"time"
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

// pick returns a random dog from the given genders.
func pick(r *rand.Rand, genders ...string) Dog {
	g := genders[r.IntN(len(genders))]
	names := males
	if g == "female" {
		names = females
	}
	return Dog{Name: names[r.IntN(len(names))], Gender: g}
}

// newHandler serves the API; r supplies the randomness so tests can fix it.
func newHandler(r *rand.Rand) http.Handler {
	mux := http.NewServeMux()
	dogs := func(genders ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(pick(r, genders...))
		}
	}
	mux.HandleFunc("GET /dogs", dogs("male", "female"))
	mux.HandleFunc("GET /dogs/males", dogs("male"))
	mux.HandleFunc("GET /dogs/females", dogs("female"))
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	return mux
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	srv := &http.Server{
		Addr:              ":" + port,
		Handler:           newHandler(rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0))),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
	}
	log.Printf("dognames listening on %s", srv.Addr)
	log.Fatal(srv.ListenAndServe())
}
