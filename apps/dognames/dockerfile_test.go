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

// TestDockerfileCrossCompiles runs the Dockerfile's build stage as Docker
// would, on this machine, for both target architectures: its COPY lines
// from a context holding what apps/.dockerignore admits, then its RUN line
// with TARGETOS and TARGETARCH set. No Docker engine is needed (none runs
// here); the build stage is pinned to the build platform, so this is what
// it does on any machine. The binary must be a static executable for the
// target.
func TestDockerfileCrossCompiles(t *testing.T) {
	var copies [][2]string
	var workdir, run string
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0 || run != "":
		case fields[0] == "WORKDIR":
			workdir = fields[1]
		case fields[0] == "COPY" && len(fields) == 3:
			copies = append(copies, [2]string{fields[1], fields[2]})
		case fields[0] == "RUN":
			run = strings.TrimPrefix(sc.Text(), "RUN ")
		}
	}
	f.Close()
	if !strings.Contains(run, "GOARCH=$TARGETARCH") || workdir == "" || len(copies) == 0 {
		t.Fatalf("the build stage (WORKDIR %q, COPY %v, RUN %q) does not build for $TARGETARCH", workdir, copies, run)
	}
	for arch, machine := range map[string]elf.Machine{"arm64": elf.EM_AARCH64, "amd64": elf.EM_X86_64} {
		t.Run(arch, func(t *testing.T) {
			root := t.TempDir()
			for _, c := range copies {
				files, _ := filepath.Glob(filepath.Join("..", c[0])) // the context is apps/
				if len(files) == 0 {
					t.Fatalf("COPY %s matches nothing in apps/", c[0])
				}
				for _, name := range files {
					if strings.HasSuffix(name, "_test.go") { // .dockerignore keeps tests out
						continue
					}
					raw, _ := os.ReadFile(name)
					dest := filepath.Join(root, workdir, c[1], filepath.Base(name))
					if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(dest, raw, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			out := t.TempDir()
			script := strings.ReplaceAll(strings.ReplaceAll(run, "/out/", out+"/"), "cd /src", "cd "+filepath.Join(root, "src"))
			cmd := exec.Command("sh", "-c", script)
			cmd.Dir = filepath.Join(root, workdir)
			cmd.Env = append(os.Environ(), "TARGETOS=linux", "TARGETARCH="+arch, "GOFLAGS=", "GOWORK=off")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", script, err, msg)
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
