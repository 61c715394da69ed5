// Package handoff names the pieces of the cross-account service-name
// handoff that provider.OutputReader and consumer.GetStackOutput must agree
// on without sharing a CDK app: the reader role's name and the consumer's
// CloudFormation execution role.
package handoff

import (
	"fmt"
	"regexp"

	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// DefaultQualifier is `cdk bootstrap`'s default qualifier.
const DefaultQualifier = "hnb659fds"

// maxRoleName is IAM's limit on role names.
const maxRoleName = 64

var (
	roleNameRe  = regexp.MustCompile(`^[\w+=,.@-]+$`)
	qualifierRe = regexp.MustCompile(`^[a-z0-9]{1,10}$`)
)

// RoleName is the reader role of a stack in a region:
// "<stack>-<region>-output-reader".
func RoleName(stackName, region string) string {
	return fmt.Sprintf("%s-%s-output-reader", stackName, region)
}

// CheckRoleName records the problems of a role name given as prop, or
// derived from the stack and region when derived is true.
func CheckRoleName(p *check.Problems, prop, name string, derived bool) {
	if check.IsToken(name) {
		return
	}
	fix := ""
	if derived {
		fix = fmt.Sprintf("; set %s to a shorter name (the same on both sides of the handoff)", prop)
	}
	switch {
	case len(name) > maxRoleName:
		p.Addf("%s %q: %d characters; IAM role names are at most %d%s", prop, name, len(name), maxRoleName, fix)
	case !roleNameRe.MatchString(name):
		p.Addf("%s %q: want letters, digits and +=,.@_- only (IAM role names)%s", prop, name, fix)
	}
}

// CheckQualifier records a bad bootstrap qualifier.
func CheckQualifier(p *check.Problems, prop, q string) {
	if !qualifierRe.MatchString(q) {
		p.Addf("%s %q: want the qualifier of `cdk bootstrap`, up to 10 lower-case letters and digits (default %s)", prop, q, DefaultQualifier)
	}
}

// ExecRoleArn is the CloudFormation execution role `cdk bootstrap` creates
// in account and region with the qualifier.
func ExecRoleArn(partition, account, qualifier, region string) string {
	return fmt.Sprintf("arn:%s:iam::%s:role/cdk-%s-cfn-exec-role-%s-%s", partition, account, qualifier, account, region)
}
