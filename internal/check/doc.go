// Package check holds the pure-Go validation shared by the provider and
// consumer constructs: account IDs, IAM principals, ports, regions, endpoint
// service names, DNS names and HTTP routes.
//
// It is public so that apps validating their own configuration (such as the
// example's topology in cdk.json) apply the same rules and give the same
// messages as the constructs, instead of a second copy of them.
//
// Nothing here calls into jsii, so every rule is table-tested without starting
// a JavaScript runtime. Values that CDK will only know at deploy time (tokens)
// are recognised by IsToken and skipped by the callers: a rule can only judge a
// literal.
//
// Messages follow one convention, so a user reading a synth failure always
// finds the same three parts: the prop (with its index), the value received,
// and what is wanted instead.
package check
