// Package defaults fills an optional prop with its documented default, the
// one idiom every construct's props use: a nil pointer means "the default".
package defaults

import "github.com/aws/jsii-runtime-go"

// Number returns n, or def when n is nil.
func Number(n *float64, def float64) *float64 {
	if n == nil {
		return jsii.Number(def)
	}
	return n
}

// Bool returns b, or def when b is nil.
func Bool(b *bool, def bool) *bool {
	if b == nil {
		return jsii.Bool(def)
	}
	return b
}

// True reports whether an optional flag is set and true.
func True(b *bool) bool { return b != nil && *b }
