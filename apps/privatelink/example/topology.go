// Package example composes the library's constructs into the multi-account
// example of seed 003: a dog-names API on Fargate, a todo API on EC2 with
// DynamoDB, and one public HTTP API in a third account in front of both.
//
// The topology (accounts, region, services and their routes) is read from
// the "topology" key of cdk.json's context, so a user changes accounts or
// adds a service without editing Go.
package example

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/azid"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/consumer"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

var (
	instanceTypeRe = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9]+$`)
	hostedZoneIdRe = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
)

// Service kinds.
const (
	KindFargate = "fargate"
	KindEc2     = "ec2"
)

// Topology is the example's shape.
type Topology struct {
	// Region of every stack; PrivateLink endpoints live in one region.
	// Default: us-west-2.
	Region string `json:"region"`
	// ProviderAzIds every provider spans, such as usw2-az1. Consumers can only
	// use zones a provider covers, and AZ IDs (unlike names) are the same
	// zones in every account.
	// Default: every default AZ ID of the region (package azid).
	ProviderAzIds []string `json:"providerAzIds,omitempty"`
	// BootstrapQualifier of `cdk bootstrap` in the gateway account; it names
	// the CloudFormation execution role that reads the providers' outputs.
	BootstrapQualifier string `json:"bootstrapQualifier"`
	// Domain turns on TLS end to end: service <name> is served as
	// <name>.<domain> with a certificate, that name becomes its endpoint
	// service's verified private DNS name, and the gateway reaches it with
	// HTTPS, verifying the name. Also -c domain=<domain>.
	// Default: none; plain TCP behind API Gateway, names in gateway.zone.
	Domain string `json:"domain,omitempty"`
	// Gateway is the consumer account with the HTTP API.
	Gateway Gateway `json:"gateway"`
	// Services are the providers behind the gateway.
	Services []Service `json:"services"`
	// Tooling is the account of the pipeline that deploys the topology
	// (-c pipeline=<owner/repo@branch>; see Pipeline).
	// Default: none; no pipeline can be made.
	Tooling *Tooling `json:"tooling,omitempty"`
	// Consumers gives one service an interface endpoint in every account
	// of organizational units, as a CloudFormation StackSet from the
	// tooling account (stack "consumers"; consumer.EndpointStackSet).
	// Default: none.
	Consumers *Consumers `json:"consumers,omitempty"`

	present map[string]bool // paths given in the JSON
	root    string          // the repository's root, where sources are
}

// given reports whether the topology set path, zero or not.
func (t *Topology) given(path string) bool { return t.present[path] }

// Gateway is the central consumer account.
type Gateway struct {
	Name    string `json:"name"`
	Account string `json:"account"`
	// AzIds the gateway's VPC spans; each must be a zone the providers cover
	// and one where API Gateway VPC links work.
	// Default: the first 2 of providerAzIds where VPC links work.
	AzIds []string `json:"azIds,omitempty"`
	// Zone is the private hosted zone for the endpoints' names.
	Zone string `json:"zone"`
}

// Tooling is the account that runs the pipeline.
type Tooling struct {
	Account string `json:"account"`
}

// Consumers are the accounts of organizational units that reach one
// service through an endpoint of their own.
type Consumers struct {
	// Service they reach, by name.
	Service string `json:"service"`
	// OrganizationalUnitIds whose accounts get the endpoint, now and as
	// they join.
	OrganizationalUnitIds []string `json:"organizationalUnitIds"`
	// CallAs is DELEGATED_ADMIN when the tooling account is a delegated
	// administrator of StackSets, SELF when it is the organization's
	// management account.
	// Default: DELEGATED_ADMIN.
	CallAs string `json:"callAs,omitempty"`
}

// ConsumersStackName is the stack of the consumers' StackSet, and
// ConsumersRole its role in a Wave.
const (
	ConsumersStackName = "consumers"
	ConsumersRole      = "consumers"
)

// Service is one provider.
type Service struct {
	Name    string  `json:"name"`
	Account string  `json:"account"`
	Kind    string  `json:"kind"`
	Port    float64 `json:"port"`
	// ListenerPort of the service on the gateway's load balancers, its own
	// for good: removing another service changes no other's listener.
	// Default: 10000 plus the service's place in the list, which moves
	// when a service before it is removed; give it to keep it.
	ListenerPort float64  `json:"listenerPort,omitempty"`
	HealthPath   string   `json:"healthPath"`
	Routes       []string `json:"routes"`
	// AllowedConsumers are principals allowed besides the gateway account.
	AllowedConsumers []string `json:"allowedConsumers,omitempty"`
	// Source is the directory of the service: a Dockerfile for fargate, a Go
	// main package for ec2 (built during synth).
	Source string `json:"source"`
	// Context is the Docker build context of a fargate service, when the
	// Dockerfile in Source needs files outside Source (its .dockerignore
	// then narrows what the build sees and what changes the image).
	// Default: Source.
	Context string `json:"context,omitempty"`
	// Image replaces Source for fargate with a registry image.
	Image string `json:"image,omitempty"`
	// InstanceType, for ec2, such as t4g.nano; the service's binary is built
	// for its architecture.
	// Default: t4g.nano (Graviton, 0.5 GiB: the cheapest that runs the todo
	// service, $3.07 a month in us-west-2).
	InstanceType string `json:"instanceType,omitempty"`
	// ImageRefresh, for ec2: change it (to the date, say) and the next
	// deploy moves the instances to the then-latest Amazon Linux 2023, one
	// at a time, each healthy before the next.
	// Default: the image found at the first deploy, kept.
	ImageRefresh string `json:"imageRefresh,omitempty"`
	// TableEnv, for ec2: create a DynamoDB table and pass its name to the
	// service in this environment variable.
	TableEnv string `json:"tableEnv,omitempty"`
	// ServiceName given by hand replaces the cross-account handoff, for
	// organisations that forbid cross-account roles.
	ServiceName string `json:"serviceName,omitempty"`
	// HostedZoneId, with domain, is an existing public hosted zone of
	// <name>.<domain> in the provider's account.
	// Default: the stack <name>-dns creates that zone; delegate it from the
	// domain's zone once (README, "TLS end to end").
	HostedZoneId string `json:"hostedZoneId,omitempty"`
}

// DomainName is the service's name with TLS, or "" without a domain.
func (s *Service) DomainName(t *Topology) string {
	if t.Domain == "" {
		return ""
	}
	return s.Name + "." + t.Domain
}

// ProviderStackName is the stack of a provider; its outputs are read by name.
func (s *Service) ProviderStackName() string { return s.Name + "-provider" }

// DnsStackName is the stack of a provider's public hosted zone, with a
// domain and no hostedZoneId.
func (s *Service) DnsStackName() string { return s.Name + "-dns" }

// Parse reads the topology from the context value (a JSON object, or the
// string of one when given with -c) and validates it, reporting every
// problem at once with its location. Sources are checked under root, the
// repository's root.
func Parse(raw any, root string) (*Topology, error) {
	if raw == nil {
		return nil, fmt.Errorf(`topology: cdk.json has no "topology" in its context: want the example's accounts and services (see README)`)
	}
	var value any
	switch v := raw.(type) {
	case string:
		if err := json.Unmarshal([]byte(v), &value); err != nil {
			return nil, fmt.Errorf("topology: not JSON (%v): want an object such as cdk.json's", err)
		}
	default:
		// Context from cdk.json arrives decoded; round-trip it to JSON
		// types (numbers as float64).
		data, err := json.Marshal(v)
		if err == nil {
			err = json.Unmarshal(data, &value)
		}
		if err != nil {
			return nil, fmt.Errorf("topology: %w", err)
		}
	}
	p := check.New("topology")
	present := map[string]bool{}
	shape(p, "", value, reflect.TypeOf(Topology{}), present)
	if err := p.Err(); err != nil {
		return nil, err
	}
	data, _ := json.Marshal(value)
	t := &Topology{present: present, root: root}
	if err := json.Unmarshal(data, t); err != nil {
		return nil, fmt.Errorf("topology: %w", err)
	}
	t.defaults()
	return t, t.Validate()
}

// Defaults the topology may leave out.
const (
	// DefaultGatewayAzs is how many zones the gateway spans.
	DefaultGatewayAzs = 2
	// DefaultInstanceType of ec2 services.
	DefaultInstanceType = "t4g.nano"
)

func (t *Topology) defaults() {
	if !t.given("region") {
		t.Region = "us-west-2"
	}
	if !t.given("providerAzIds") {
		t.ProviderAzIds, _ = azid.Defaults(t.Region) // an unknown region is reported by Validate
	}
	if !t.given("bootstrapQualifier") {
		t.BootstrapQualifier = "hnb659fds"
	}
	if !t.given("gateway.azIds") {
		link, _ := azid.VpcLink(t.Region)
		for _, id := range t.ProviderAzIds {
			if len(t.Gateway.AzIds) < DefaultGatewayAzs && slices.Contains(link, id) {
				t.Gateway.AzIds = append(t.Gateway.AzIds, id)
			}
		}
	}
	for i := range t.Services {
		at := fmt.Sprintf("services[%d].", i)
		if !t.given(at + "port") {
			t.Services[i].Port = 8080
		}
		if !t.given(at + "listenerPort") {
			t.Services[i].ListenerPort = float64(consumer.FirstListenerPort + i)
		}
		if t.Services[i].Kind == KindEc2 && !t.given(at+"instanceType") {
			t.Services[i].InstanceType = DefaultInstanceType
		}
	}
}

// optional are the string fields that may be left out (by the last part of
// their path, or the whole path), and what leaving them out means. Given
// empty, they are refused rather than defaulted: "" is more often a value
// forgotten than a default asked for.
var optional = map[string]string{
	"region": "us-west-2", "bootstrapQualifier": "hnb659fds", "gateway.zone": "no private zone",
	"healthPath": "a TCP health check", "context": "the source directory", "image": "the source's image",
	"instanceType": DefaultInstanceType, "tableEnv": "no table", "serviceName": "the handoff",
	"domain": "no TLS", "hostedZoneId": "a zone created for the service", "imageRefresh": "the image of the first deploy",
	"callAs": "DELEGATED_ADMIN",
}

// Validate checks the whole topology and reports every problem at once.
func (t *Topology) Validate() error {
	p := check.New("topology")
	var empty []string
	for path, ok := range t.present {
		if ok && strings.HasSuffix(path, "=") {
			empty = append(empty, strings.TrimSuffix(path, "="))
		}
	}
	sort.Strings(empty)
	for _, path := range empty {
		def, ok := optional[path]
		if !ok {
			def, ok = optional[path[strings.LastIndex(path, ".")+1:]]
		}
		if ok {
			p.Addf("%s is empty: leave it out for its default (%s), or give a value", path, def)
		}
	}
	if _, err := azid.Defaults(t.Region); err != nil {
		p.Addf("region %q: not a region this example knows; want one of %s", t.Region, strings.Join(azid.Regions(), ", "))
	} else {
		t.validateZones(p)
	}
	p.Add("gateway.name", check.DNSLabel(t.Gateway.Name))
	p.Add("gateway.account", check.AccountID(t.Gateway.Account))
	if t.Tooling != nil {
		p.Add("tooling.account", check.AccountID(t.Tooling.Account))
	}
	t.validateConsumers(p)
	if t.Gateway.Zone != "" {
		p.Add("gateway.zone", check.DNSName(t.Gateway.Zone))
	}
	if t.Domain != "" {
		p.Add("domain", check.DNSName(t.Domain))
	}
	if len(t.Services) == 0 {
		p.Addf("services is empty: want at least one service behind the gateway")
	}
	names := map[string]bool{t.Gateway.Name: true}
	squashed := map[string]string{} // names without hyphens
	routes := map[string]string{}
	listeners := map[float64]string{}
	for i, s := range t.Services {
		at := fmt.Sprintf("services[%d]", i)
		if err := check.DNSLabel(s.Name); err != nil {
			p.Add(at+".name", err)
		} else if names[s.Name] {
			p.Addf("%s.name %q: taken by the gateway or another service; want unique names", at, s.Name)
		} else if other, ok := squashed[strings.ReplaceAll(s.Name, "-", "")]; ok {
			p.Addf("%s.name %q: differs from %q only in hyphens, and the two would share the gateway's parameter of their service name; want names that differ in a letter or digit", at, s.Name, other)
		}
		names[s.Name] = true
		squashed[strings.ReplaceAll(s.Name, "-", "")] = s.Name
		if t.Gateway.Name == s.ProviderStackName() || t.Gateway.Name == s.DnsStackName() {
			p.Addf("gateway.name %q: the name of a stack of service %q; want another name", t.Gateway.Name, s.Name)
		}
		// A provider may share the gateway's account: PrivateLink works
		// within an account too, and one set of credentials then deploys
		// the whole example (the gateway waits for the providers).
		p.Add(at+".account", check.AccountID(s.Account))
		if s.Kind != KindFargate && s.Kind != KindEc2 {
			p.Addf("%s.kind %q: want %q or %q", at, s.Kind, KindFargate, KindEc2)
		}
		if err := check.Port(s.Port); err != nil {
			p.Addf("%s.port %v; leave it out for 8080", at, err)
		}
		if lp := s.ListenerPort; lp != float64(int(lp)) || lp < consumer.FirstListenerPort || lp > 65535 {
			p.Addf("%s.listenerPort %v: want a whole number from %d to 65535 (the service's listener on the gateway's load balancers)", at, lp, consumer.FirstListenerPort)
		} else if other, taken := listeners[lp]; taken {
			p.Addf("%s.listenerPort %v: also the listener of %q; want one per service", at, lp, other)
		} else {
			listeners[lp] = s.Name
		}
		if s.HealthPath != "" {
			p.Add(at+".healthPath", check.HealthPath(s.HealthPath))
		}
		if len(s.Routes) == 0 {
			p.Addf("%s.routes is empty: want paths such as /%s and /%s/{proxy+}", at, s.Name, s.Name)
		}
		for j, r := range s.Routes {
			if err := check.Route(r); err != nil {
				p.Add(fmt.Sprintf("%s.routes[%d]", at, j), err)
			} else if owner, taken := routes[r]; taken {
				p.Addf("%s.routes[%d] %q: also a route of %q; want each route on one service", at, j, r, owner)
			} else {
				routes[r] = s.Name
			}
		}
		for j, c := range s.AllowedConsumers {
			_, err := check.Principal(c, "aws")
			p.Add(fmt.Sprintf("%s.allowedConsumers[%d]", at, j), err)
		}
		if s.Source == "" && s.Image == "" {
			p.Addf("%s.source is empty: want the service's directory, such as apps/%s", at, s.Name)
		} else if t.root != "" && s.Image == "" {
			t.validateSource(p, at, s)
		}
		if s.Context != "" && s.Kind != KindFargate {
			p.Addf("%s.context %q: only fargate services build an image", at, s.Context)
		}
		if s.Image != "" && s.Kind != KindFargate {
			p.Addf("%s.image %q: only fargate services run images; want source for kind %q", at, s.Image, s.Kind)
		}
		if s.InstanceType != "" && s.Kind != KindEc2 {
			p.Addf("%s.instanceType %q: only ec2 services run on instances", at, s.InstanceType)
		} else if s.InstanceType != "" && !instanceTypeRe.MatchString(s.InstanceType) {
			p.Addf("%s.instanceType %q: want an EC2 instance type such as t4g.nano", at, s.InstanceType)
		}
		if s.ImageRefresh != "" && s.Kind != KindEc2 {
			p.Addf("%s.imageRefresh %q: only ec2 services run on instances; a fargate service changes image with its source or image", at, s.ImageRefresh)
		}
		if s.TableEnv != "" && s.Kind != KindEc2 {
			p.Addf("%s.tableEnv %q: only ec2 services get a table here", at, s.TableEnv)
		}
		if s.HostedZoneId != "" && t.Domain == "" {
			p.Addf("%s.hostedZoneId %q: only with domain, which turns TLS on", at, s.HostedZoneId)
		} else if s.HostedZoneId != "" && !hostedZoneIdRe.MatchString(s.HostedZoneId) {
			p.Addf("%s.hostedZoneId %q: want a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ", at, s.HostedZoneId)
		}
		if s.ServiceName != "" {
			if region, err := check.ServiceName(s.ServiceName); err != nil {
				p.Add(at+".serviceName", err)
			} else if region != t.Region {
				p.Addf("%s.serviceName %q: in %s, but the topology's region is %s", at, s.ServiceName, region, t.Region)
			}
		}
	}
	return p.Err()
}

// validateSource checks that a service's source is where it must be: a
// Docker build context for fargate, a Go main package for ec2.
func (t *Topology) validateSource(p *check.Problems, at string, s Service) {
	switch s.Kind {
	case KindFargate:
		dir, file, ok := buildContext(t.root, &s)
		if !ok {
			p.Addf("%s.source %q: not inside %s.context %q; want the context to hold the source", at, s.Source, at, s.Context)
			return
		}
		if err := check.DockerContext(dir, file); err != nil {
			p.Addf("%s.source %q: %v", at, s.Source, strings.TrimPrefix(err.Error(), fmt.Sprintf("%q: ", dir)))
		}
	case KindEc2:
		cmd := exec.Command("go", "list", "-f", "{{.Name}}", "./"+filepath.Clean(s.Source))
		cmd.Dir = t.root
		out, err := cmd.Output()
		if err != nil || strings.TrimSpace(string(out)) != "main" {
			p.Addf("%s.source %q: not a Go main package under the repository (go list: %s); want the directory of the service's main package, such as apps/todo", at, s.Source, goListProblem(out, err))
		}
	}
}

func goListProblem(out []byte, err error) string {
	if exit, ok := err.(*exec.ExitError); ok {
		msg := strings.TrimSpace(string(exit.Stderr))
		if i := strings.Index(msg, "\n"); i > 0 {
			msg = msg[:i]
		}
		return msg
	}
	if err != nil {
		return err.Error()
	}
	return "package " + strings.TrimSpace(string(out))
}

// validateZones checks the AZ IDs of a topology in a known region.
func (t *Topology) validateZones(p *check.Problems) {
	zones := func(prop string, ids []string) bool {
		ok := len(ids) > 0
		if !ok {
			p.Addf("%s is empty: want AZ IDs of %s such as %s, or leave it out for the default", prop, t.Region, azid.Code(t.Region)+"-az1")
		}
		for i, id := range ids {
			if err := azid.Check(t.Region, id); err != nil {
				p.Add(fmt.Sprintf("%s[%d]", prop, i), err)
				ok = false
			}
		}
		return ok
	}
	if !zones("providerAzIds", t.ProviderAzIds) || !zones("gateway.azIds", t.Gateway.AzIds) {
		return
	}
	if missing := azid.Missing(t.Gateway.AzIds, t.ProviderAzIds); missing != nil {
		p.Addf("gateway.azIds %q: %q not among providerAzIds %q; the gateway's endpoints can only be placed where the providers are", t.Gateway.AzIds, missing, t.ProviderAzIds)
	}
	link, _ := azid.VpcLink(t.Region)
	if missing := azid.Missing(t.Gateway.AzIds, link); missing != nil {
		p.Addf("gateway.azIds %q: API Gateway VPC links do not work in %q; in %s they work in %s", t.Gateway.AzIds, missing, t.Region, strings.Join(link, ", "))
	}
}

// validateConsumers checks the consumers' StackSet: its service, OUs and
// tooling account.
func (t *Topology) validateConsumers(p *check.Problems) {
	if c := t.Consumers; c != nil {
		if t.Tooling == nil {
			p.Addf(`consumers: the StackSet deploys from the tooling account, and the topology names none; add "tooling": {"account": "<12 digits>"}`)
		}
		found := false
		for _, s := range t.Services {
			found = found || s.Name == c.Service
		}
		if !found {
			p.Addf("consumers.service %q: not a service of the topology", c.Service)
		}
		if len(c.OrganizationalUnitIds) == 0 {
			p.Addf("consumers.organizationalUnitIds is empty: want the OUs (ou-...) whose accounts get the endpoint")
		}
		if c.CallAs != "" && c.CallAs != "SELF" && c.CallAs != "DELEGATED_ADMIN" {
			p.Addf("consumers.callAs %q: want DELEGATED_ADMIN (the tooling account administers StackSets for the organization) or SELF (it is the management account)", c.CallAs)
		}
	}
}

// Accounts lists "name=account" for every stack, for error messages.
func (t *Topology) Accounts() []string {
	out := []string{t.Gateway.Name + "=" + t.Gateway.Account}
	for _, s := range t.Services {
		out = append(out, s.Name+"="+s.Account)
	}
	sort.Strings(out)
	return out
}

// Selection says which stacks to synthesize.
type Selection struct {
	Gateway  bool
	Services map[string]bool
	// Consumers is the consumers' StackSet stack, in the tooling account.
	Consumers bool
}

// Select picks the stacks of one account. forced is -c account=<name, ID or
// "all">; envAccount is CDK_DEFAULT_ACCOUNT, which the CDK CLI sets from the
// credentials in use. With neither, every stack is selected.
func (t *Topology) Select(forced, envAccount string) (*Selection, error) {
	sel := &Selection{Services: map[string]bool{}}
	want, from := forced, "-c account"
	if want == "" {
		want, from = envAccount, "the credentials' account (CDK_DEFAULT_ACCOUNT)"
	}
	if want == "" || want == "all" {
		sel.Gateway, sel.Consumers = true, t.Consumers != nil
		for _, s := range t.Services {
			sel.Services[s.Name] = true
		}
		return sel, nil
	}
	sel.Gateway = want == t.Gateway.Name || want == t.Gateway.Account
	sel.Consumers = t.Consumers != nil && t.Tooling != nil && (want == ConsumersRole || want == t.Tooling.Account)
	found := sel.Gateway || sel.Consumers
	for _, s := range t.Services {
		if want == s.Name || want == s.Account {
			sel.Services[s.Name], found = true, true
		}
	}
	if !found {
		return nil, fmt.Errorf("%s is %q, which is not in the topology: configured accounts are %s; use credentials for one of them, or -c account=<name, ID or all>",
			from, want, strings.Join(t.Accounts(), ", "))
	}
	return sel, nil
}

// ContextOptions reads the example's -c switches from the app's context
// (image.<service>, serviceName.<service>) into Options, and domain into
// the topology, refusing switches
// for services the topology does not have and values that cannot work,
// each named by its flag.
func ContextOptions(t *Topology, root string, context map[string]any) (Options, error) {
	opts := Options{Root: root, Images: map[string]string{}, ServiceNames: map[string]string{}}
	var errs []error
	addf := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	services := map[string]*Service{}
	var names []string
	for i := range t.Services {
		services[t.Services[i].Name] = &t.Services[i]
		names = append(names, t.Services[i].Name)
	}
	keys := make([]string, 0, len(context))
	for k := range context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if _, err := FrontDoorContext(t.Gateway.Account, t.Region, context); err != nil {
		addf("%v", err)
	}
	if v, given := context["consumers"]; given {
		// -c consumers=<service>@<ou>[,<ou>...]: the consumers' StackSet.
		raw, _ := v.(string)
		svc, ous, ok := strings.Cut(raw, "@")
		if !ok || svc == "" || ous == "" {
			addf("-c consumers=%v: want <service>@<ou-id>[,<ou-id>...], such as dognames@ou-ab12-cdef3456", v)
		} else {
			t.Consumers = &Consumers{Service: svc, OrganizationalUnitIds: strings.Split(ous, ",")}
			p := check.New("-c consumers")
			t.validateConsumers(p)
			if err := p.Err(); err != nil {
				addf("%v", err)
			}
		}
	}
	if v, given := context["domain"]; given {
		if d, ok := v.(string); !ok || check.DNSName(d) != nil {
			addf("-c domain=%v: want a domain name such as example.com, whose subdomains the services are served as", v)
		} else {
			t.Domain = d
		}
	}
	for _, k := range keys {
		kind, name, ok := strings.Cut(k, ".")
		if !ok || (kind != "image" && kind != "serviceName") {
			continue
		}
		flag := "-c " + k
		s := services[name]
		value, isString := context[k].(string)
		switch {
		case s == nil:
			addf("%s: the topology has no service %q; its services are %s", flag, name, strings.Join(names, ", "))
		case !isString || value == "":
			addf("%s: want a value, as %s=<value>", flag, flag)
		case kind == "image" && s.Kind != KindFargate:
			addf("%s=%s: %s is an ec2 service; only fargate services run images", flag, value, name)
		case kind == "image":
			opts.Images[name] = value
		default:
			if region, err := check.ServiceName(value); err != nil {
				addf("%s=%s: %v", flag, value, strings.TrimPrefix(err.Error(), fmt.Sprintf("%q: ", value)))
			} else if region != t.Region {
				addf("%s=%s: a service in %s, but the topology's region is %s", flag, value, region, t.Region)
			} else {
				opts.ServiceNames[name] = value
			}
		}
	}
	return opts, errors.Join(errs...)
}
