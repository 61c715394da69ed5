package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"regexp"
	"strings"
)

const (
	maxBodyBytes = 64 << 10
	maxDataBytes = 4 << 10
)

var idRe = regexp.MustCompile(`^[0-9a-f]{8}$`)

// todoStore is what the handler needs of the store.
type todoStore interface {
	put(ctx context.Context, data string) (Todo, error)
	get(ctx context.Context, id string) (Todo, error)
	list(ctx context.Context) ([]Todo, error)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // an API, not a page: "<text>" reads better than "\u003ctext\u003e"
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func newHandler(s todoStore) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /todo", func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		if err := r.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeError(w, http.StatusRequestEntityTooLarge, "body over 64 KiB")
				return
			}
			writeError(w, http.StatusBadRequest, "want a form body with a data field: "+err.Error())
			return
		}
		data := r.PostForm.Get("data")
		switch {
		case strings.TrimSpace(data) == "":
			writeError(w, http.StatusBadRequest, "data is missing or empty: send data=<text>")
			return
		case len(data) > maxDataBytes:
			writeError(w, http.StatusRequestEntityTooLarge, "data over 4 KiB")
			return
		}
		todo, err := s.put(r.Context(), data)
		if err != nil {
			log.Print(err)
			writeError(w, http.StatusInternalServerError, "could not store the todo")
			return
		}
		writeJSON(w, http.StatusCreated, todo)
	})
	mux.HandleFunc("GET /todo", func(w http.ResponseWriter, r *http.Request) {
		todos, err := s.list(r.Context())
		if err != nil {
			log.Print(err)
			writeError(w, http.StatusInternalServerError, "could not list todos")
			return
		}
		writeJSON(w, http.StatusOK, todos)
	})
	mux.HandleFunc("GET /todo/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if !idRe.MatchString(id) {
			writeError(w, http.StatusNotFound, "no todo "+id)
			return
		}
		todo, err := s.get(r.Context(), id)
		switch {
		case errors.Is(err, errNotFound):
			writeError(w, http.StatusNotFound, "no todo "+id)
		case err != nil:
			log.Print(err)
			writeError(w, http.StatusInternalServerError, "could not read the todo")
		default:
			writeJSON(w, http.StatusOK, todo)
		}
	})
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	return mux
}
