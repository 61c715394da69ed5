package main

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDockerfileCrossCompiles runs the Dockerfile's build step as Docker
// would, on this machine, for both target architectures: its RUN line with
// TARGETOS and TARGETARCH set, in a directory holding what .dockerignore
// lets into the context. No Docker engine is needed (none runs here); the
// build stage is pinned to the build platform, so this is what it does on
// any machine. The binary must be a static executable for the target.
func TestDockerfileCrossCompiles(t *testing.T) {
	run := ""
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "RUN ") && run == "" {
			run = strings.TrimPrefix(line, "RUN ")
		}
	}
	f.Close()
	if !strings.Contains(run, "GOARCH=$TARGETARCH") {
		t.Fatalf("the build step %q does not build for $TARGETARCH", run)
	}
	for arch, machine := range map[string]elf.Machine{"arm64": elf.EM_AARCH64, "amd64": elf.EM_X86_64} {
		t.Run(arch, func(t *testing.T) {
			src := t.TempDir()
			files, _ := filepath.Glob("*.go")
			for _, name := range files {
				if strings.HasSuffix(name, "_test.go") { // .dockerignore keeps tests out
					continue
				}
				raw, _ := os.ReadFile(name)
				if err := os.WriteFile(filepath.Join(src, name), raw, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := t.TempDir()
			cmd := exec.Command("sh", "-c", strings.ReplaceAll(run, "/out/", out+"/"))
			cmd.Dir = src
			cmd.Env = append(os.Environ(), "TARGETOS=linux", "TARGETARCH="+arch, "GOFLAGS=", "GOWORK=off")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", run, err, msg)
			}
			bin, err := elf.Open(filepath.Join(out, "dognames"))
			if err != nil {
				t.Fatal(err)
			}
			defer bin.Close()
			if bin.Machine != machine {
				t.Fatalf("built for %v, want %v", bin.Machine, machine)
			}
			if interp := bin.Section(".interp"); interp != nil {
				t.Fatal("dynamically linked; the scratch image has no loader")
			}
		})
	}
}
