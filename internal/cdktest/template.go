package cdktest

import (
	"fmt"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
)

// Template is aws-cdk-lib's assertions.Template for Go tests: the same
// methods, but a failed assertion is reported with t.Error and the test goes
// on, where assertions.Template panics and the panic ends every remaining
// test of the package.
type Template struct {
	t   testing.TB
	tpl assertions.Template
}

// TemplateOf synthesizes the stack's template.
func TemplateOf(t testing.TB, stack awscdk.Stack) *Template {
	t.Helper()
	return &Template{t: t, tpl: assertions.Template_FromStack(stack, nil)}
}

// Raw is the underlying assertions.Template.
func (x *Template) Raw() assertions.Template { return x.tpl }

// check runs one assertion and turns its panic into a test error.
func (x *Template) check(what string, f func()) {
	x.t.Helper()
	defer func() {
		if r := recover(); r != nil {
			x.t.Helper()
			x.t.Errorf("%s: %v", what, r)
		}
	}()
	f()
}

func (x *Template) HasResourceProperties(typ *string, props any) {
	x.t.Helper()
	x.check("HasResourceProperties "+*typ, func() { x.tpl.HasResourceProperties(typ, props) })
}

func (x *Template) HasResource(typ *string, props any) {
	x.t.Helper()
	x.check("HasResource "+*typ, func() { x.tpl.HasResource(typ, props) })
}

func (x *Template) ResourceCountIs(typ *string, n *float64) {
	x.t.Helper()
	x.check(fmt.Sprintf("ResourceCountIs %s %v", *typ, *n), func() { x.tpl.ResourceCountIs(typ, n) })
}

func (x *Template) ResourcePropertiesCountIs(typ *string, props any, n *float64) {
	x.t.Helper()
	x.check(fmt.Sprintf("ResourcePropertiesCountIs %s %v", *typ, *n), func() { x.tpl.ResourcePropertiesCountIs(typ, props, n) })
}

func (x *Template) HasOutput(id *string, props any) {
	x.t.Helper()
	x.check("HasOutput "+*id, func() { x.tpl.HasOutput(id, props) })
}

func (x *Template) HasParameter(id *string, props any) {
	x.t.Helper()
	x.check("HasParameter "+*id, func() { x.tpl.HasParameter(id, props) })
}

func (x *Template) FindResources(typ *string, props any) *map[string]*map[string]any {
	return x.tpl.FindResources(typ, props)
}

func (x *Template) FindOutputs(id *string, props any) *map[string]*map[string]any {
	return x.tpl.FindOutputs(id, props)
}

func (x *Template) ToJSON() *map[string]any { return x.tpl.ToJSON() }
