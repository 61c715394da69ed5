package example

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// buildFlags make the binary reproducible: static (no cgo), no file paths
// (-trimpath), no VCS stamp and no build ID, so the asset hash changes only
// when the code or the Go version does.
var buildFlags = []string{"-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid="}

func buildEnv(goarch string) []string {
	return []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=" + goarch}
}

// BuildLinuxBinary builds the Go main package at root/source for linux and
// goarch (arm64 for the example's Graviton instances, or amd64) into
// root/bin/<name>-linux-<goarch> and returns the path. Go cross-compiles, so
// either architecture builds on any machine, to the same bytes.
//
// Without a build ID Go cannot tell that the output is up to date and would
// link it again on every synth (about 0.9 s, bench/results.md); so the build
// is skipped when a key over everything that decides the binary (the Go
// version, the flags, go.mod and go.sum, which pin every dependency, and the
// module's own Go files that the package imports) matches the one stored
// beside the binary.
func BuildLinuxBinary(root, source, name, goarch string) (string, error) {
	if !filepath.IsAbs(source) {
		// A directory, as documented; to go, "apps/todo" would be a
		// standard-library import path.
		source = "./" + filepath.ToSlash(filepath.Clean(source))
	}
	out := filepath.Join(root, "bin", name+"-linux-"+goarch)
	key, err := buildKey(root, source, goarch)
	if err != nil {
		return "", err
	}
	if stored, err := os.ReadFile(out + ".key"); err == nil && string(stored) == key {
		if _, err := os.Stat(out); err == nil {
			return out, nil
		}
	}
	cmd := exec.Command("go", append(append([]string{"build"}, buildFlags...), "-o", out, source)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), buildEnv(goarch)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s from %s: %v\n%s", name, source, err, msg)
	}
	return out, os.WriteFile(out+".key", []byte(key), 0o644)
}

// buildKey hashes what decides the binary. `go list -deps` names the
// packages of this module that source imports (itself included); their
// non-test Go files are hashed by content.
func buildKey(root, source, goarch string) (string, error) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if .Module}}{{if .Module.Main}}{{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{end}}{{end}}", source)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), buildEnv(goarch)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	listed, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("listing the packages of %s: %v\n%s", source, err, stderr.String())
	}
	version, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%q\n%q\n", bytes.TrimSpace(version), buildFlags, buildEnv(goarch))
	files := []string{filepath.Join(root, "go.mod"), filepath.Join(root, "go.sum")}
	for _, line := range strings.Split(strings.TrimSpace(string(listed)), "\n") {
		fields := strings.Fields(line)
		for _, f := range fields[1:] {
			files = append(files, filepath.Join(fields[0], f))
		}
	}
	sort.Strings(files[2:])
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %x\n", strings.TrimPrefix(f, root), sha256.Sum256(raw))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
