package main

import (
	"strings"
	"testing"
)

const changelog = `# Changelog

## [Unreleased]

### Changed
- provider.FargateProviderProps.Image: give ImageDirectory or Image.

## [0.2.0] - 2026-12-01

## [0.1.0] - 2026-11-23
`

func TestSections(t *testing.T) {
	unreleased, version, err := sections(changelog)
	if err != nil || version != "0.2.0" || !strings.Contains(unreleased, "provider.FargateProviderProps.Image") || strings.Contains(unreleased, "0.1.0") {
		t.Fatalf("sections = %q, %q, %v", unreleased, version, err)
	}
	for _, bad := range []string{"# Changelog\n## [0.1.0] - x\n", "# Changelog\n## [Unreleased]\n", "## [0.1.0] - x\n## [Unreleased]\n"} {
		if _, _, err := sections(bad); err == nil {
			t.Errorf("sections(%q) accepted", bad)
		}
	}
}

func TestUnlisted(t *testing.T) {
	report := "Incompatible changes:\n- FargateProviderProps.Image: removed\n- ServiceEndpoint.IpAddresses: changed from []*string to func() []*string\n"
	changes := append(parse("provider", report), parse("consumer", "- ServiceEndpoint.IpAddresses: changed\n")...)
	if len(changes) != 3 || changes[1].name() != "provider.ServiceEndpoint.IpAddresses" {
		t.Fatalf("parse = %+v", changes)
	}
	unreleased, _, _ := sections(changelog)
	got := unlisted(changes, unreleased)
	if len(got) != 2 || got[0].name() != "provider.ServiceEndpoint.IpAddresses" || got[1].name() != "consumer.ServiceEndpoint.IpAddresses" {
		t.Fatalf("unlisted = %+v", got)
	}
}
