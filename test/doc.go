// Package test holds the whole-app tests of the example: golden snapshots of
// every stack's template and the per-account selection of the real app.
//
// Refresh the snapshots only on purpose, and say why in the commit:
//
//	go test ./test -run TestSnapshots -update
package test
