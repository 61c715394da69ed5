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

	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
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
// aspect is a callback per construct. Each call costs about 0.25 ms, so a
// record reads only what its quotas need, stacks are read once, and
// construct paths are read only for what is reported.
func Watch(scope constructs.IConstruct) {
	root := scope.Node().Root()
	if root.Node().TryFindChild(jsii.String(markerId)) != nil {
		return
	}
	var parent constructs.Construct
	jsii.UnsafeCast(root, &parent)
	w := &watcher{tree: newTree(), marker: constructs.NewConstruct(parent, jsii.String(markerId))}
	awscdk.Aspects_Of(root).Add(w, &awscdk.AspectOptions{Priority: awscdk.AspectPriority_READONLY()})
	root.Node().AddValidation(w)
}

// record is what counts of one CloudFormation resource.
type record struct {
	node  constructs.IConstruct
	typ   string
	stack *stackInfo
	ref   string // token others refer to it by (Ref, or GroupId for a security group)
	key   string // token of what it belongs to (its load balancer, VPC, API, group)
	flag  bool   // a network load balancer; an interface endpoint
	n     [2]int // inline inbound and outbound rules; a VPC link's subnets
}

type stackInfo struct {
	stack  awscdk.Stack
	region string // its account and region; nested stacks have their parent's
}

// tree holds the records of one app, by construct: a construct visited
// twice counts once.
type tree struct {
	mu      sync.Mutex
	records map[constructs.IConstruct]*record
	stacks  map[awscdk.Stack]*stackInfo
}

func newTree() *tree {
	return &tree{records: map[constructs.IConstruct]*record{}, stacks: map[awscdk.Stack]*stackInfo{}}
}

// Record types of what is not a resource: a template's outputs and
// parameters.
const (
	typOutput    = "output"
	typParameter = "parameter"
)

// element is the record type of an output or a parameter, or "". It makes
// no call into JavaScript: jsii gives a construct the Go type of its class.
func element(node constructs.IConstruct) string {
	switch node.(type) {
	case awscdk.CfnOutput:
		return typOutput
	case awscdk.CfnParameter:
		return typParameter
	}
	return ""
}

// add reads the resource, output or parameter behind node, if it is one.
func (t *tree) add(node constructs.IConstruct) {
	if typ := element(node); typ != "" {
		r := &record{node: node, typ: typ, stack: t.stackOf(awscdk.Stack_Of(node))}
		t.mu.Lock()
		t.records[node] = r
		t.mu.Unlock()
		return
	}
	if !*awscdk.CfnResource_IsCfnResource(node) {
		return
	}
	var cfn awscdk.CfnResource
	jsii.UnsafeCast(node, &cfn)
	r := &record{node: node, typ: *cfn.CfnResourceType(), stack: t.stackOf(awscdk.Stack_Of(node))}
	switch r.typ {
	case "AWS::EC2::VPC", "AWS::ApiGatewayV2::Api":
		r.ref = *cfn.Ref()
	case "AWS::ElasticLoadBalancingV2::LoadBalancer":
		var lb elbv2.CfnLoadBalancer
		jsii.UnsafeCast(node, &lb)
		r.ref, r.flag = *cfn.Ref(), lb.Type() != nil && *lb.Type() == "network"
	case "AWS::ElasticLoadBalancingV2::Listener":
		var l elbv2.CfnListener
		jsii.UnsafeCast(node, &l)
		r.key = *l.LoadBalancerArn()
	case "AWS::EC2::VPCEndpoint":
		var e ec2.CfnVPCEndpoint
		jsii.UnsafeCast(node, &e)
		r.key, r.flag = *e.VpcId(), e.VpcEndpointType() != nil && *e.VpcEndpointType() == "Interface"
	case "AWS::EC2::SecurityGroup":
		var sg ec2.CfnSecurityGroup
		jsii.UnsafeCast(node, &sg)
		// aws-cdk-lib renders the inline rules lazily: resolve them to count.
		stack := r.stack.stack
		r.ref, r.n = *sg.AttrGroupId(), [2]int{listLen(stack.Resolve(sg.SecurityGroupIngress())), listLen(stack.Resolve(sg.SecurityGroupEgress()))}
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
		r.n[0] = listLen(r.stack.stack.Resolve(link.SubnetIds()))
	}
	t.mu.Lock()
	t.records[node] = r
	t.mu.Unlock()
}

func (t *tree) stackOf(stack awscdk.Stack) *stackInfo {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.stacks[stack]; ok {
		return s
	}
	account, region := *stack.Account(), *stack.Region()
	if check.IsToken(account) {
		account = "(account known at deploy time)"
	}
	if check.IsToken(region) {
		region = "(region known at deploy time)"
	}
	s := &stackInfo{stack: stack, region: fmt.Sprintf("account %s in %s", account, region)}
	t.stacks[stack] = s
	return s
}

// tally is one usage before it is named: the names come from construct
// paths, read only for the tallies that are reported.
type tally struct {
	quota Quota
	kind  string                // "VPC", "API", ...; "" when of is fixed
	of    string                // fixed name (an account and region)
	owner constructs.IConstruct // what it is of, named by its construct's path
	token string                // what it is of, when the owner is not in the app
	at    constructs.IConstruct // where a warning goes
	count int
}

// tallies adds the records up, by quota and by what each applies to.
func (t *tree) tallies() []*tally {
	t.mu.Lock()
	defer t.mu.Unlock()
	owner := map[string]constructs.IConstruct{}
	for _, r := range t.records {
		if r.ref != "" {
			owner[r.ref] = r.node
		}
	}
	byKey := map[string]*tally{}
	var order []*tally
	add := func(q Quota, key string, mk func() *tally, n int) {
		k := q.Name + "\x00" + key
		if byKey[k] == nil {
			tl := mk()
			tl.quota = q
			byKey[k] = tl
			order = append(order, tl)
		}
		byKey[k].count += n
	}
	fixed := func(of string, at constructs.IConstruct) func() *tally {
		return func() *tally { return &tally{of: of, at: at} }
	}
	of := func(kind, token string) func() *tally {
		return func() *tally { return &tally{kind: kind, owner: owner[token], token: token, at: owner[token]} }
	}
	for _, r := range t.records {
		perStack := func(q Quota) {
			add(q, fmt.Sprintf("%p", r.stack), func() *tally { return &tally{kind: "stack", owner: r.stack.stack, at: r.stack.stack} }, 1)
		}
		switch r.typ {
		case typOutput:
			perStack(OutputsPerTemplate)
			continue
		case typParameter:
			perStack(ParametersPerTemplate)
			continue
		}
		perStack(ResourcesPerStack)
		switch r.typ {
		case "AWS::ElasticLoadBalancingV2::LoadBalancer":
			if r.flag {
				add(NLBsPerRegion, r.stack.region, fixed(r.stack.region, r.node), 1)
			}
		case "AWS::ElasticLoadBalancingV2::TargetGroup":
			add(TargetGroupsPerRegion, r.stack.region, fixed(r.stack.region, r.node), 1)
		case "AWS::ElasticLoadBalancingV2::Listener":
			add(ListenersPerNLB, r.key, of("load balancer", r.key), 1)
		case "AWS::EC2::VPCEndpoint":
			if r.flag {
				add(InterfaceEndpointsPerVPC, r.key, of("VPC", r.key), 1)
			}
		case "AWS::EC2::SecurityGroup":
			add(InboundRulesPerSG, r.ref, of("security group", r.ref), r.n[0])
			add(OutboundRulesPerSG, r.ref, of("security group", r.ref), r.n[1])
		case "AWS::EC2::SecurityGroupIngress":
			add(InboundRulesPerSG, r.key, of("security group", r.key), 1)
		case "AWS::EC2::SecurityGroupEgress":
			add(OutboundRulesPerSG, r.key, of("security group", r.key), 1)
		case "AWS::ApiGatewayV2::Route":
			add(RoutesPerAPI, r.key, of("API", r.key), 1)
		case "AWS::ApiGatewayV2::Integration":
			add(IntegrationsPerAPI, r.key, of("API", r.key), 1)
		case "AWS::ApiGatewayV2::VpcLink":
			add(VpcLinksPerRegion, r.stack.region, fixed(r.stack.region, r.node), 1)
			add(SubnetsPerVpcLink, fmt.Sprintf("%p", r), func() *tally { return &tally{kind: "VPC link", owner: r.node, at: r.node} }, r.n[0])
		}
	}
	return order
}

// usage names a tally: the path of what it is of (the construct, not its
// CloudFormation resource), and where its warning goes.
func (tl *tally) usage() Usage {
	u := Usage{Quota: tl.quota, Of: tl.of, Count: tl.count}
	switch {
	case tl.kind == "":
	case tl.owner != nil:
		path := *tl.owner.Node().Path()
		if *awscdk.CfnResource_IsCfnResource(tl.owner) {
			path = parentPath(path)
		}
		u.Of = tl.kind + " " + path
	case check.IsToken(tl.token):
		u.Of = tl.kind + " (defined outside this app)"
	default:
		u.Of = tl.kind + " " + tl.token
	}
	if tl.at != nil {
		u.At = *tl.at.Node().Path()
	}
	return u
}

type watcher struct {
	*tree
	marker constructs.Construct
}

// Visit records one construct; it is the aspect's callback.
func (w *watcher) Visit(node constructs.IConstruct) { w.add(node) }

// addGenerated records the outputs and parameters aws-cdk-lib adds after
// the aspects ran, when it resolves references between stacks: a nested
// stack's outputs and parameters are its own children, a stack's exports
// the children of its Exports. A few calls per stack: the children's types
// come without a call.
func (t *tree) addGenerated() {
	t.mu.Lock()
	stacks := make([]*stackInfo, 0, len(t.stacks))
	for _, s := range t.stacks {
		stacks = append(stacks, s)
	}
	t.mu.Unlock()
	for _, s := range stacks {
		children := *s.stack.Node().Children()
		if exports := s.stack.Node().TryFindChild(jsii.String("Exports")); exports != nil {
			children = append(children, *exports.Node().Children()...)
		}
		for _, c := range children {
			typ := element(c)
			if typ == "" {
				continue
			}
			t.mu.Lock()
			if t.records[c] == nil {
				t.records[c] = &record{node: c, typ: typ, stack: s}
			}
			t.mu.Unlock()
		}
	}
}

// Validate judges the records: warnings go to the constructs' annotations,
// errors are returned and make synth fail. Only what is reported is named.
func (w *watcher) Validate() *[]*string {
	w.addGenerated()
	var usages []Usage
	at := map[string]constructs.IConstruct{}
	for _, tl := range w.tallies() {
		if float64(tl.count) < WarnShare*float64(tl.quota.Default) {
			continue
		}
		u := tl.usage()
		usages = append(usages, u)
		at[u.At] = tl.at
	}
	errs := []*string{}
	for _, f := range Judge(usages) {
		msg := "cdk-privatelink quota check: " + f.Message
		if f.Error {
			errs = append(errs, jsii.String(msg))
			continue
		}
		var node constructs.IConstruct = w.marker
		if n := at[f.At]; n != nil {
			node = n
		}
		awscdk.Annotations_Of(node).AddWarningV2(jsii.String("cdk-privatelink:quota:"+f.Quota.Name), jsii.String(msg))
	}
	return &errs
}

// Count walks the tree under root, outside synthesis, and returns every
// usage it finds, sorted.
func Count(root constructs.IConstruct) []Usage {
	t := newTree()
	for _, node := range *root.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		t.add(node)
	}
	var out []Usage
	for _, tl := range t.tallies() {
		out = append(out, tl.usage())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Quota.Name+out[i].Of < out[j].Quota.Name+out[j].Of })
	return out
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
