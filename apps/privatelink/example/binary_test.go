package example

import (
	"debug/elf"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"
)

// TestBuildLinuxBinary: the build is reproducible, skipped when nothing that
// decides the binary changed, and redone when a source file changes.
func TestBuildLinuxBinary(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	// A copy of the module's todo service in a scratch module root, so the
	// test can change a source file.
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		copyFile(t, filepath.Join(root, f), filepath.Join(dir, f))
	}
	src := filepath.Join(dir, "apps", "todo")
	for _, pkg := range []string{"todo", "serve"} { // todo and the package it imports
		files, _ := filepath.Glob(filepath.Join(root, "apps", pkg, "*.go"))
		for _, f := range files {
			if !strings.HasSuffix(f, "_test.go") {
				copyFile(t, f, filepath.Join(dir, "apps", pkg, filepath.Base(f)))
			}
		}
	}

	out, err := BuildLinuxBinary(dir, "./apps/todo", "todo", "arm64")
	if err != nil {
		t.Fatal(err)
	}
	first := stat(t, out)
	again, err := BuildLinuxBinary(dir, "./apps/todo", "todo", "arm64")
	if err != nil || again != out || !stat(t, out).ModTime().Equal(first.ModTime()) {
		t.Fatalf("an unchanged build was redone (err %v)", err)
	}
	before, _ := os.ReadFile(out)

	// Any change to a source file rebuilds; the same content rebuilds to the
	// same bytes.
	time.Sleep(10 * time.Millisecond)
	f := filepath.Join(src, "main.go")
	orig, _ := os.ReadFile(f)
	if err := os.WriteFile(f, append(orig, []byte("\nvar _ = 1\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildLinuxBinary(dir, "./apps/todo", "todo", "arm64"); err != nil {
		t.Fatal(err)
	}
	if stat(t, out).ModTime().Equal(first.ModTime()) {
		t.Fatal("a changed source did not rebuild")
	}
	if err := os.WriteFile(f, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(out + ".key"); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildLinuxBinary(dir, "./apps/todo", "todo", "arm64"); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(out)
	if string(after) != string(before) {
		t.Fatal("the same source built to different bytes: the build is not reproducible")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	raw, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func stat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// TestBuildLinuxBinaryArchitecture: the binary is for the architecture
// asked, whatever this machine's.
func TestBuildLinuxBinaryArchitecture(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for goarch, machine := range map[string]elf.Machine{"arm64": elf.EM_AARCH64, "amd64": elf.EM_X86_64} {
		out, err := BuildLinuxBinary(root, "./apps/todo", "todo", goarch)
		if err != nil {
			t.Fatal(err)
		}
		f, err := elf.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		if f.Machine != machine || filepath.Base(out) != "todo-linux-"+goarch {
			t.Errorf("%s: %s is for %v", goarch, out, f.Machine)
		}
		f.Close()
	}
}

// TestGoarch: the example's architecture rule agrees with aws-cdk-lib's,
// which picks the instances' AMI.
func TestGoarch(t *testing.T) {
	for _, typ := range []string{"t4g.nano", "m7g.large", "c7gn.xlarge", "x2gd.large", "im4gn.large", "a1.medium", "t3.micro", "m5.large", "g4dn.xlarge", "c6i.large", "r7i.large", "p5.48xlarge"} {
		want := "amd64"
		if ec2.NewInstanceType(jsii.String(typ)).Architecture() == ec2.InstanceArchitecture_ARM_64 {
			want = "arm64"
		}
		if got := goarch(&Service{InstanceType: typ}); got != want {
			t.Errorf("goarch(%s) = %s, aws-cdk-lib says %s", typ, got, want)
		}
	}
}
