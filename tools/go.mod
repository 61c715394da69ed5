// Tools the Makefile builds, pinned here so that the library's own go.mod
// (which every importing team's module graph includes) does not carry them.
module github.com/cdk-privatelink/cdk-privatelink/tools

go 1.26.0

tool golang.org/x/exp/cmd/apidiff

require (
	golang.org/x/exp v0.0.0-20261014143641-f0251eb4aa3e // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)
