package example

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// BuildLinuxBinary builds the Go main package at root/source for
// linux/amd64 (the example's t3 instances) into root/bin/<name>-linux-amd64
// and returns the path. The build is reproducible: static (no cgo), no file
// paths (-trimpath), no build ID, so the asset hash changes only when the
// code or the Go version does.
func BuildLinuxBinary(root, source, name string) (string, error) {
	out := filepath.Join(root, "bin", name+"-linux-amd64")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", out, source)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s from %s: %v\n%s", name, source, err, msg)
	}
	return out, nil
}
