// Package refuse stops a synth on invalid props, naming the construct by its
// path: thirty endpoints of one kind must tell apart which one is wrong.
package refuse

import (
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Path is the path the construct id would have under scope: "Stack/Dogs".
func Path(scope constructs.IConstruct, id string) string {
	if p := *scope.Node().Path(); p != "" {
		return p + "/" + id
	}
	return id
}

// If panics with err, located at the construct id under scope (check.At),
// unless err is nil. Constructors call it before they create anything.
func If(scope constructs.IConstruct, id *string, err error) {
	if err == nil {
		return
	}
	name := ""
	if id != nil {
		name = *id
	}
	panic(check.At(Path(scope, name), err))
}
