// Package defaults fills an optional prop with its documented default, the
// one idiom every construct's props use: a nil pointer means "the default".
package defaults

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

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

// Kept is the removal policy of what the constructs keep after their
// stack is deleted (logs, the buckets and keys that hold or encrypt them):
// CloudFormation's RetainExceptOnCreate. They are kept when the stack is
// deleted or they are replaced, but a first deploy that fails and rolls
// back deletes them with everything else, so it leaves nothing behind
// (DeletionPolicy, AWS CloudFormation template reference). Debug a first
// deploy that fails with `cdk deploy --no-rollback`, which keeps it all.
func Kept() awscdk.RemovalPolicy { return awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE }
