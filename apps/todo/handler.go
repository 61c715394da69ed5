package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cdk-privatelink/cdk-privatelink/apps/serve"
)

const (
	maxBodyBytes = 64 << 10
	maxDataBytes = 4 << 10
	// StoreTimeout bounds the table calls of one request. It ends well
	// before the server's write deadline (serve.WriteTimeout), so a stalled
	// table gets the client a JSON 504, never an empty reply.
	StoreTimeout = 6 * time.Second
	DefaultLimit = 100
	MaxLimit     = 1000
)

// storeTimeout is StoreTimeout; tests shorten it.
var storeTimeout = StoreTimeout

var (
	idRe  = regexp.MustCompile(`^[0-9a-f]{8}$`)
	keyRe = regexp.MustCompile(`^[!-~]{1,128}$`)
)

// todoStore is what the handler needs of the store.
type todoStore interface {
	put(ctx context.Context, data, key string) (Todo, bool, error)
	get(ctx context.Context, id string) (Todo, error)
	list(ctx context.Context, limit int32, cursor string) ([]Todo, string, error)
}

// storeFailed answers a table error: 504 when the table did not answer in
// time, 503 otherwise; retry says what the client should do.
func storeFailed(w http.ResponseWriter, ctx context.Context, err error, what, retry string) {
	log.Printf("%s: %v", what, err)
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		serve.Error(w, http.StatusGatewayTimeout, fmt.Sprintf("the table did not answer within %v: %s", storeTimeout, retry))
		return
	}
	serve.Error(w, http.StatusServiceUnavailable, "the table refused the request: "+retry)
}

// formData reads the data field of a urlencoded or multipart form.
func formData(w http.ResponseWriter, r *http.Request) (string, int, string) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	var err error
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		err = r.ParseMultipartForm(maxBodyBytes)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", http.StatusRequestEntityTooLarge, "body over 64 KiB"
		}
		return "", http.StatusBadRequest, "want a form body with a data field (urlencoded or multipart)"
	}
	data := r.PostFormValue("data")
	switch {
	case strings.TrimSpace(data) == "":
		return "", http.StatusBadRequest, "data is missing or empty: send data=<text>"
	case len(data) > maxDataBytes:
		return "", http.StatusRequestEntityTooLarge, "data over 4 KiB"
	case !utf8.ValidString(data):
		return "", http.StatusBadRequest, "data is not valid UTF-8"
	}
	return data, 0, ""
}

func newHandler(s todoStore) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /todo", func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key != "" && !keyRe.MatchString(key) {
			serve.Error(w, http.StatusBadRequest, "Idempotency-Key: want 1 to 128 visible ASCII characters")
			return
		}
		data, status, msg := formData(w, r)
		if status != 0 {
			serve.Error(w, status, msg)
			return
		}
		if key == "" {
			var err error
			if key, err = NewKey(); err != nil {
				storeFailed(w, r.Context(), err, "making a key", "send the request again")
				return
			}
		}
		// The key the todo is stored under, so a client that gets no answer
		// can send the same request again and have it stored once.
		w.Header().Set("Idempotency-Key", key)
		ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
		defer cancel()
		todo, replayed, err := s.put(ctx, data, key)
		switch {
		case errors.Is(err, errKeyReused):
			serve.Error(w, http.StatusUnprocessableEntity, "Idempotency-Key already stored other data: use a new key for a new todo")
		case err != nil:
			storeFailed(w, ctx, err, "storing a todo", "the todo may or may not be stored; send the request again with this answer's Idempotency-Key header and it is stored once")
		default:
			if replayed {
				w.Header().Set("Idempotent-Replayed", "true")
			}
			serve.JSON(w, http.StatusCreated, todo)
		}
	})
	mux.HandleFunc("GET /todo", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit := DefaultLimit
		if v := q.Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > MaxLimit {
				serve.Error(w, http.StatusBadRequest, fmt.Sprintf("limit: want a whole number from 1 to %d", MaxLimit))
				return
			}
			limit = n
		}
		ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
		defer cancel()
		todos, next, err := s.list(ctx, int32(limit), q.Get("cursor"))
		switch {
		case errors.Is(err, errBadCursor):
			serve.Error(w, http.StatusBadRequest, "cursor: not one this service gave; start without it")
			return
		case err != nil:
			storeFailed(w, ctx, err, "listing todos", "send the request again")
			return
		}
		if next != "" {
			w.Header().Set("Next-Cursor", next)
			w.Header().Set("Link", fmt.Sprintf("</todo?limit=%d&cursor=%s>; rel=\"next\"", limit, url.QueryEscape(next)))
		}
		serve.JSON(w, http.StatusOK, todos)
	})
	mux.HandleFunc("GET /todo/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if !idRe.MatchString(id) {
			serve.Error(w, http.StatusNotFound, "no todo with that id: ids are 8 hexadecimal characters")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
		defer cancel()
		todo, err := s.get(ctx, id)
		switch {
		case errors.Is(err, errNotFound):
			serve.Error(w, http.StatusNotFound, "no todo "+id)
		case err != nil:
			storeFailed(w, ctx, err, "reading a todo", "send the request again")
		default:
			serve.JSON(w, http.StatusOK, todo)
		}
	})
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	return serve.Handler(mux)
}
