package main

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
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
	if resp := get(t, srv, http.MethodPost, "/dogs"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST /dogs: %d, want 405", resp.StatusCode)
	}
	if resp := get(t, srv, http.MethodGet, "/cats"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("GET /cats: %d, want 404", resp.StatusCode)
	}
}
