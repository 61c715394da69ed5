// Package quotas counts, at synth, what an app uses of the AWS quotas the
// constructs meet, and says so before a deploy fails on one: a warning at 80%
// of a default quota, a warning beyond an adjustable one (naming its Service
// Quotas code, to raise before deploying), and an error beyond one AWS does
// not raise.
//
// Every construct of the library calls Watch; the first call adds one
// validation to the app, which walks the whole construct tree (the user's
// own resources count too) when the app synthesizes. The quota table and
// the judgement (Judge) are pure Go.
package quotas

import (
	"fmt"
	"sort"
)

// Quota is one AWS default quota.
type Quota struct {
	Name       string
	Default    int
	Adjustable bool
	// Service and Code in Service Quotas; Code is empty for quotas it does
	// not list.
	Service, Code string
	// Doc is where AWS states the quota.
	Doc string
}

// Sources, read on 2026-11-23.
const (
	docELB = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html"
	docVPC = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html"
	docAPI = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"
	docCFN = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
)

// The quotas the constructs meet.
var (
	NLBsPerRegion            = Quota{"Network Load Balancers per Region", 50, true, "elasticloadbalancing", "L-69A177A2", docELB}
	ListenersPerNLB          = Quota{"Listeners per Network Load Balancer", 50, false, "elasticloadbalancing", "L-57A373D6", docELB}
	TargetGroupsPerRegion    = Quota{"Target Groups per Region", 3000, true, "elasticloadbalancing", "L-B22855CB", docELB}
	InterfaceEndpointsPerVPC = Quota{"Interface VPC endpoints per VPC", 50, true, "vpc", "L-29B6F2EB", docVPC}
	InboundRulesPerSG        = Quota{"Inbound rules per security group", 60, true, "vpc", "L-0EA8095F", docVPC}
	OutboundRulesPerSG       = Quota{"Outbound rules per security group", 60, true, "vpc", "L-0EA8095F", docVPC}
	RoutesPerAPI             = Quota{"Routes per HTTP API", 300, true, "apigateway", "L-65B5C802", docAPI}
	IntegrationsPerAPI       = Quota{"Integrations per HTTP API", 300, false, "apigateway", "", docAPI}
	VpcLinksPerRegion        = Quota{"VPC links per account per Region (HTTP APIs)", 10, true, "apigateway", "L-608BDCD4", docAPI}
	SubnetsPerVpcLink        = Quota{"Subnets per VPC link", 10, true, "apigateway", "L-668C9B28", docAPI}
	ResourcesPerStack        = Quota{"Resources per CloudFormation stack", 500, false, "cloudformation", "", docCFN}
	// Outputs and parameters count in the synthesized template: aws-cdk-lib
	// adds one output to a nested stack for each of its values its parent
	// reads (a dashboard's target group names, an alarm's ARN), one export
	// to a stack for each value another stack imports, and one parameter to
	// a nested stack for each value of its parent it reads.
	OutputsPerTemplate    = Quota{"Outputs per CloudFormation template", 200, false, "cloudformation", "", docCFN}
	ParametersPerTemplate = Quota{"Parameters per CloudFormation template", 200, false, "cloudformation", "", docCFN}
)

// All lists the quotas, for documentation and tests.
var All = []Quota{NLBsPerRegion, ListenersPerNLB, TargetGroupsPerRegion, InterfaceEndpointsPerVPC, InboundRulesPerSG,
	OutboundRulesPerSG, RoutesPerAPI, IntegrationsPerAPI, VpcLinksPerRegion, SubnetsPerVpcLink, ResourcesPerStack,
	OutputsPerTemplate, ParametersPerTemplate}

// WarnShare is the share of a default quota that draws a warning.
const WarnShare = 0.8

// Usage is how much of a quota one thing (an account-region, a VPC, an API,
// a load balancer, a security group, a stack) uses.
type Usage struct {
	Quota Quota
	// Of names the thing, for example `VPC gateway/Network` or
	// `account 111111111111 in us-west-2`.
	Of    string
	Count int
	// At is the construct path a warning is attached to.
	At string
}

// Finding is what Judge says of one usage.
type Finding struct {
	Usage
	// Error is true beyond a quota AWS does not raise: synth refuses.
	Error   bool
	Message string
}

func (q Quota) where() string {
	if q.Code == "" {
		return fmt.Sprintf("%s, which Service Quotas does not list (%s)", q.Service, q.Doc)
	}
	return fmt.Sprintf("Service Quotas %s %s", q.Service, q.Code)
}

// Judge returns a finding for each usage at or above WarnShare of its
// quota, sorted by quota and thing.
func Judge(usages []Usage) []Finding {
	var out []Finding
	for _, u := range usages {
		q, n := u.Quota, u.Count
		var f Finding
		switch {
		case n > q.Default && !q.Adjustable:
			f = Finding{Usage: u, Error: true, Message: fmt.Sprintf("%s: %d in %s, over the limit of %d, which AWS does not raise (%s); spread them over more of what holds them",
				q.Name, n, u.Of, q.Default, q.where())}
		case n > q.Default:
			f = Finding{Usage: u, Message: fmt.Sprintf("%s: %d in %s, over the default quota of %d; the deploy fails unless the quota is raised first (%s)",
				q.Name, n, u.Of, q.Default, q.where())}
		case float64(n) >= WarnShare*float64(q.Default) && !q.Adjustable:
			f = Finding{Usage: u, Message: fmt.Sprintf("%s: %d in %s, %d%% of the limit of %d, which AWS does not raise (%s)",
				q.Name, n, u.Of, 100*n/q.Default, q.Default, q.where())}
		case float64(n) >= WarnShare*float64(q.Default):
			f = Finding{Usage: u, Message: fmt.Sprintf("%s: %d in %s, %d%% of the default quota of %d (%s)",
				q.Name, n, u.Of, 100*n/q.Default, q.Default, q.where())}
		default:
			continue
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Quota.Name != out[j].Quota.Name {
			return out[i].Quota.Name < out[j].Quota.Name
		}
		return out[i].Of < out[j].Of
	})
	return out
}
