package quotas

import (
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/check"
)

const markerId = "PrivateLinkQuotas"

// Watch makes the app that holds scope judge its quotas when it
// synthesizes; the first call in an app registers, later ones do nothing.
//
// A read-only aspect records each CloudFormation resource as aws-cdk-lib
// visits it, and a validation of the app judges the records. The work is
// split that way because jsii-runtime-go cannot make more than about 2,000
// calls into JavaScript inside one callback (JavaScript's stack overflows):
// one validation walking the whole tree would fail on large apps, while an
// aspect is a callback per construct.
func Watch(scope constructs.IConstruct) {
	root := scope.Node().Root()
	if root.Node().TryFindChild(jsii.String(markerId)) != nil {
		return
	}
	var parent constructs.Construct
	jsii.UnsafeCast(root, &parent)
	marker := constructs.NewConstruct(parent, jsii.String(markerId))
	w := &watcher{marker: marker, records: map[string]*record{}}
	awscdk.Aspects_Of(root).Add(w, &awscdk.AspectOptions{Priority: awscdk.AspectPriority_READONLY()})
	root.Node().AddValidation(w)
}

// record is what counts of one CloudFormation resource.
type record struct {
	node         constructs.IConstruct
	path, typ    string
	stack        string // path of its stack
	region       string // its account and region
	ref          string // token others refer to it by (Ref, or GroupId for a security group)
	key          string // token of what it belongs to (its load balancer, VPC, API, group)
	network      bool   // a network load balancer; an interface endpoint
	in, out, sub int    // inline rules; subnets of a VPC link
}

// recordOf reads the resource behind node, or returns nil.
func recordOf(node constructs.IConstruct) *record {
	if !*awscdk.CfnResource_IsCfnResource(node) {
		return nil
	}
	var cfn awscdk.CfnResource
	jsii.UnsafeCast(node, &cfn)
	stack := awscdk.Stack_Of(node)
	r := &record{node: node, path: *node.Node().Path(), typ: *cfn.CfnResourceType(), stack: *stack.Node().Path(), region: regionOf(stack)}
	switch r.typ {
	case "AWS::EC2::VPC", "AWS::ApiGatewayV2::Api":
		r.ref = *cfn.Ref()
	case "AWS::ElasticLoadBalancingV2::LoadBalancer":
		var lb elbv2.CfnLoadBalancer
		jsii.UnsafeCast(node, &lb)
		r.ref, r.network = *cfn.Ref(), lb.Type() != nil && *lb.Type() == "network"
	case "AWS::ElasticLoadBalancingV2::Listener":
		var l elbv2.CfnListener
		jsii.UnsafeCast(node, &l)
		r.key = *l.LoadBalancerArn()
	case "AWS::EC2::VPCEndpoint":
		var e ec2.CfnVPCEndpoint
		jsii.UnsafeCast(node, &e)
		r.key, r.network = *e.VpcId(), e.VpcEndpointType() != nil && *e.VpcEndpointType() == "Interface"
	case "AWS::EC2::SecurityGroup":
		var sg ec2.CfnSecurityGroup
		jsii.UnsafeCast(node, &sg)
		// aws-cdk-lib renders the inline rules lazily: resolve them to count.
		r.ref, r.in, r.out = *sg.AttrGroupId(), listLen(stack.Resolve(sg.SecurityGroupIngress())), listLen(stack.Resolve(sg.SecurityGroupEgress()))
	case "AWS::EC2::SecurityGroupIngress":
		var rule ec2.CfnSecurityGroupIngress
		jsii.UnsafeCast(node, &rule)
		r.key = *rule.GroupId()
	case "AWS::EC2::SecurityGroupEgress":
		var rule ec2.CfnSecurityGroupEgress
		jsii.UnsafeCast(node, &rule)
		r.key = *rule.GroupId()
	case "AWS::ApiGatewayV2::Route":
		var route apigw.CfnRoute
		jsii.UnsafeCast(node, &route)
		r.key = *route.ApiId()
	case "AWS::ApiGatewayV2::Integration":
		var in apigw.CfnIntegration
		jsii.UnsafeCast(node, &in)
		r.key = *in.ApiId()
	case "AWS::ApiGatewayV2::VpcLink":
		var link apigw.CfnVpcLink
		jsii.UnsafeCast(node, &link)
		r.sub = listLen(stack.Resolve(link.SubnetIds()))
	}
	return r
}

type watcher struct {
	marker  constructs.Construct
	mu      sync.Mutex
	records map[string]*record // by path: a construct visited twice counts once
}

// Visit records one construct; it is the aspect's callback.
func (w *watcher) Visit(node constructs.IConstruct) {
	if r := recordOf(node); r != nil {
		w.mu.Lock()
		w.records[r.path] = r
		w.mu.Unlock()
	}
}

// Validate judges the records: warnings go to the constructs' annotations,
// errors are returned and make synth fail.
func (w *watcher) Validate() *[]*string {
	w.mu.Lock()
	records := make([]*record, 0, len(w.records))
	for _, r := range w.records {
		records = append(records, r)
	}
	w.mu.Unlock()
	errs := []*string{}
	nodes := map[string]constructs.IConstruct{}
	for _, r := range records {
		nodes[r.path] = r.node
	}
	for _, f := range Judge(usages(records)) {
		msg := "cdk-privatelink quota check: " + f.Message
		if f.Error {
			errs = append(errs, jsii.String(msg))
			continue
		}
		var node constructs.IConstruct = w.marker
		if n, ok := nodes[f.At]; ok {
			node = n
		}
		awscdk.Annotations_Of(node).AddWarningV2(jsii.String("cdk-privatelink:quota:"+f.Quota.Name), jsii.String(msg))
	}
	return &errs
}

// Count walks the tree under root, outside synthesis, and returns every
// usage it finds.
func Count(root constructs.IConstruct) []Usage {
	var records []*record
	for _, node := range *root.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		if r := recordOf(node); r != nil {
			records = append(records, r)
		}
	}
	return usages(records)
}

// usages adds the records up, by quota and by what each applies to. It is
// pure Go.
func usages(records []*record) []Usage {
	sort.Slice(records, func(i, j int) bool { return records[i].path < records[j].path })
	name, at := map[string]string{}, map[string]string{}
	for _, r := range records {
		if r.ref != "" {
			name[r.ref], at[r.ref] = parentPath(r.path), r.path
		}
	}
	label := func(kind, token string) string {
		if p, ok := name[token]; ok {
			return kind + " " + p
		}
		if check.IsToken(token) {
			return kind + " (defined outside this app)"
		}
		return kind + " " + token
	}
	n := map[string]*Usage{}
	add := func(q Quota, key, of, where string, count int) {
		k := q.Name + "\x00" + key
		if n[k] == nil {
			n[k] = &Usage{Quota: q, Of: of, At: where}
		}
		n[k].Count += count
	}
	for _, r := range records {
		add(ResourcesPerStack, r.stack, "stack "+r.stack, r.path, 1)
		switch r.typ {
		case "AWS::ElasticLoadBalancingV2::LoadBalancer":
			if r.network {
				add(NLBsPerRegion, r.region, r.region, r.path, 1)
			}
		case "AWS::ElasticLoadBalancingV2::TargetGroup":
			add(TargetGroupsPerRegion, r.region, r.region, r.path, 1)
		case "AWS::ElasticLoadBalancingV2::Listener":
			add(ListenersPerNLB, r.key, label("load balancer", r.key), at[r.key], 1)
		case "AWS::EC2::VPCEndpoint":
			if r.network {
				add(InterfaceEndpointsPerVPC, r.key, label("VPC", r.key), at[r.key], 1)
			}
		case "AWS::EC2::SecurityGroup":
			add(InboundRulesPerSG, r.ref, label("security group", r.ref), r.path, r.in)
			add(OutboundRulesPerSG, r.ref, label("security group", r.ref), r.path, r.out)
		case "AWS::EC2::SecurityGroupIngress":
			add(InboundRulesPerSG, r.key, label("security group", r.key), at[r.key], 1)
		case "AWS::EC2::SecurityGroupEgress":
			add(OutboundRulesPerSG, r.key, label("security group", r.key), at[r.key], 1)
		case "AWS::ApiGatewayV2::Route":
			add(RoutesPerAPI, r.key, label("API", r.key), at[r.key], 1)
		case "AWS::ApiGatewayV2::Integration":
			add(IntegrationsPerAPI, r.key, label("API", r.key), at[r.key], 1)
		case "AWS::ApiGatewayV2::VpcLink":
			add(VpcLinksPerRegion, r.region, r.region, r.path, 1)
			add(SubnetsPerVpcLink, r.path, "VPC link "+parentPath(r.path), r.path, r.sub)
		}
	}
	out := make([]Usage, 0, len(n))
	for _, u := range n {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Quota.Name+out[i].Of < out[j].Quota.Name+out[j].Of })
	return out
}

// regionOf names a stack's account and region; nested stacks are their
// parent's.
func regionOf(stack awscdk.Stack) string {
	account, region := *stack.Account(), *stack.Region()
	if check.IsToken(account) {
		account = "(account known at deploy time)"
	}
	if check.IsToken(region) {
		region = "(region known at deploy time)"
	}
	return fmt.Sprintf("account %s in %s", account, region)
}

func parentPath(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[:i]
		}
	}
	return path
}

// listLen counts a resolved list; anything else that is not empty (an
// intrinsic the template resolves at deploy time) counts as one.
func listLen(v any) int {
	switch l := v.(type) {
	case nil:
		return 0
	case []any:
		return len(l)
	}
	return 1
}
