// Command apiguard fails when the exported API of the library's public
// packages (constructs/..., internal ones aside) changed incompatibly since
// the last release, unless CHANGELOG.md's Unreleased section names each
// change. `make test` runs it.
//
// The comparison is golang.org/x/exp/cmd/apidiff's, the Go team's
// maintained API checker, pinned in this tools module. The last release is
// the newest "## [X.Y.Z]" heading of CHANGELOG.md: the tag vX.Y.Z when the
// repository has it, else the commit that added that heading (a clone
// without tags still has a baseline). A change is named when the Unreleased
// section holds its package-qualified name, such as
// "provider.FargateProviderProps.Image".
//
//	go -C tools run ./apiguard -root ..
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

func main() {
	root := flag.String("root", "..", "the repository's root")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "apiguard:", err)
		os.Exit(1)
	}
}

// change is one incompatible change apidiff reports.
type change struct {
	pkg  string // package name, such as provider
	what string // apidiff's line, such as "FargateProviderProps.Image: removed"
}

// name is the change's package-qualified identifier.
func (c change) name() string {
	id, _, _ := strings.Cut(c.what, ":")
	return c.pkg + "." + id
}

var releaseRe = regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\]`)

// sections returns the Unreleased section's text and the newest release's
// version.
func sections(changelog string) (unreleased, version string, err error) {
	start := strings.Index(changelog, "## [Unreleased]")
	if start < 0 {
		return "", "", fmt.Errorf("CHANGELOG.md has no \"## [Unreleased]\" section")
	}
	m := releaseRe.FindStringSubmatchIndex(changelog)
	if m == nil {
		return "", "", fmt.Errorf("CHANGELOG.md names no release (\"## [X.Y.Z] - date\")")
	}
	if m[0] < start {
		return "", "", fmt.Errorf("CHANGELOG.md: the Unreleased section must come before the releases")
	}
	return changelog[start:m[0]], changelog[m[2]:m[3]], nil
}

// unlisted returns the changes the Unreleased section does not name.
func unlisted(changes []change, unreleased string) []change {
	var out []change
	for _, c := range changes {
		if !strings.Contains(unreleased, c.name()) {
			out = append(out, c)
		}
	}
	return out
}

// parse reads apidiff -incompatible's report.
func parse(pkg, report string) []change {
	var out []change
	sc := bufio.NewScanner(strings.NewReader(report))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "- ") {
			out = append(out, change{pkg: pkg, what: strings.TrimPrefix(line, "- ")})
		}
	}
	return out
}

func command(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// publicPackages lists the import paths of constructs/... less internal.
func publicPackages(dir string) (map[string]string, error) {
	out, err := command(dir, "go", "list", "-f", "{{.ImportPath}} {{.Name}}", "./constructs/...")
	if err != nil {
		return nil, err
	}
	pkgs := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		path, name, _ := strings.Cut(line, " ")
		if !strings.Contains(path, "/internal/") {
			pkgs[path] = name
		}
	}
	return pkgs, nil
}

func run(rootArg string) error {
	root, err := filepath.Abs(rootArg)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		return err
	}
	unreleased, version, err := sections(string(raw))
	if err != nil {
		return err
	}
	base := "v" + version
	if _, err := command(root, "git", "rev-parse", "-q", "--verify", "refs/tags/"+base+"^{commit}"); err != nil {
		out, err := command(root, "git", "log", "--format=%H", "-S", "## ["+version+"]", "--", "CHANGELOG.md")
		lines := strings.Fields(out)
		if err != nil || len(lines) == 0 {
			return fmt.Errorf("no tag %s and no commit that added \"## [%s]\" to CHANGELOG.md (a shallow clone?): fetch the history or the tag; %v", base, version, err)
		}
		base = lines[len(lines)-1]
	}

	work, err := os.MkdirTemp("", "apiguard-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	apidiff := filepath.Join(work, "apidiff")
	tools, _ := os.Getwd()
	if _, err := command(tools, "go", "build", "-o", apidiff, "golang.org/x/exp/cmd/apidiff"); err != nil {
		return err
	}
	old := filepath.Join(work, "base")
	if err := os.MkdirAll(old, 0o755); err != nil {
		return err
	}
	archive := exec.Command("sh", "-c", fmt.Sprintf("git archive %s | tar -x -C %s", base, old))
	archive.Dir = root
	if out, err := archive.CombinedOutput(); err != nil {
		return fmt.Errorf("extracting %s: %v\n%s", base, err, out)
	}
	before, err := publicPackages(old)
	if err != nil {
		return err
	}
	now, err := publicPackages(root)
	if err != nil {
		return err
	}
	var changes []change
	for path, name := range before {
		if _, ok := now[path]; !ok {
			changes = append(changes, change{pkg: name, what: ": package removed"})
			continue
		}
		export := filepath.Join(work, name+".export")
		if _, err := command(old, apidiff, "-w", export, path); err != nil {
			return err
		}
		report, err := command(root, apidiff, "-incompatible", export, path)
		if err != nil {
			return err
		}
		changes = append(changes, parse(name, report)...)
	}
	fmt.Printf("apiguard: %d public packages against %s (release %s): %d incompatible changes\n", len(before), base, version, len(changes))
	for _, c := range changes {
		fmt.Printf("  %s: %s\n", c.pkg, c.what)
	}
	if missing := unlisted(changes, unreleased); len(missing) > 0 {
		var b strings.Builder
		for _, c := range missing {
			fmt.Fprintf(&b, "\n  %s (%s)", c.name(), c.what)
		}
		return fmt.Errorf("incompatible changes since %s that CHANGELOG.md's Unreleased section does not name:%s\nname each (package-qualified, as above) under \"## [Unreleased]\" with what users must do, or keep the old API", version, b.String())
	}
	return nil
}
