package check

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Problems collects every validation problem of one construct's props, so a
// user fixes them all in one round instead of one per synth.
type Problems struct {
	owner string
	errs  []error
}

// Error is what Problems.Err returns: every problem of one construct, each
// on its own line. Path, when set by At, names the construct in the app
// (Consumer/Dogs), so that thirty endpoints of one kind tell apart.
type Error struct {
	Owner string
	Path  string
	// Problems are the messages, without the owner.
	Problems []string
}

func (e *Error) Error() string {
	who := e.Owner
	if e.Path != "" {
		who += " at " + e.Path
	}
	lines := make([]string, len(e.Problems))
	for i, m := range e.Problems {
		lines[i] = who + ": " + m
	}
	return strings.Join(lines, "\n")
}

// At names the construct's path in err, when err came from Problems.Err;
// other errors are returned as they are. Constructors call it before they
// panic: the path is "<scope path>/<id>" of the construct they would create.
func At(path string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		located := *e
		located.Path = path
		return &located
	}
	return err
}

// New starts a collection for the construct named owner, for example
// "provider.FargateProvider".
func New(owner string) *Problems { return &Problems{owner: owner} }

// Addf records a problem. By convention the message starts with the prop name
// and the value, and ends with what is wanted: `Port 0: want 1-65535`.
func (p *Problems) Addf(format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf(format, args...))
}

// Add records err unless it is nil, prefixed with the prop name.
func (p *Problems) Add(prop string, err error) {
	if err != nil {
		p.Addf("%s %w", prop, err)
	}
}

// Count is how many problems are recorded so far.
func (p *Problems) Count() int { return len(p.errs) }

// Err returns the recorded problems as an *Error, or nil when there are none.
func (p *Problems) Err() error {
	if len(p.errs) == 0 {
		return nil
	}
	e := &Error{Owner: p.owner}
	for _, err := range p.errs {
		e.Problems = append(e.Problems, err.Error())
	}
	return e
}

// IsToken reports whether s holds an unresolved CDK token: a value known only
// at deploy time, such as a reference to another resource or a stack output.
// CDK encodes string tokens as "${Token[...]}"; the provider tests check this
// against real aws-cdk-lib tokens so a change of encoding fails loudly.
func IsToken(s string) bool { return strings.Contains(s, "${Token[") }

// IsNumberToken reports whether f is an unresolved CDK number token. CDK
// encodes those as doubles around -1.888e+289, far outside any real port,
// count or size.
func IsNumberToken(f float64) bool { return f < -1e288 && !math.IsInf(f, -1) }

var (
	accountRe          = regexp.MustCompile(`^\d{12}$`)
	principalRe        = regexp.MustCompile(`^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:iam::\d{12}:(root|(role|user)/[\w+=,.@/-]{1,512})$`)
	regionRe           = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d{1,2}$`)
	serviceNameRe      = regexp.MustCompile(`^com\.amazonaws\.vpce\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.vpce-svc-[0-9a-f]{8}([0-9a-f]{9})?$`)
	tokenServiceNameRe = regexp.MustCompile(`^com\.amazonaws\.vpce\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.\$\{Token\[[^\]]+\]\}$`)
	dnsLabelRe         = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	routeSegRe         = regexp.MustCompile(`^([A-Za-z0-9._~!$&'()*+,;=:@-]+|\{[A-Za-z0-9_]+\}|\{[A-Za-z0-9_]+\+\})$`)
)

// AccountID checks a 12-digit AWS account ID.
func AccountID(s string) error {
	if accountRe.MatchString(s) {
		return nil
	}
	return fmt.Errorf("%q: want a 12-digit AWS account ID such as 123456789012", s)
}

var (
	ouRe      = regexp.MustCompile(`^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$`)
	roleArnRe = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$`)
)

// OrganizationalUnit checks an organizational unit's ID (ou-...) or an
// organization root's (r-...), as Organizations writes them.
func OrganizationalUnit(s string) error {
	if ouRe.MatchString(s) {
		return nil
	}
	return fmt.Errorf("%q: want an OU ID (ou-xxxx-xxxxxxxx) or the root's (r-xxxx), as Organizations shows them", s)
}

// RoleArn checks an IAM role's ARN.
func RoleArn(s string) error {
	if roleArnRe.MatchString(s) {
		return nil
	}
	return fmt.Errorf("%q: want a role ARN, arn:aws:iam::<12 digits>:role/<name>", s)
}

// Principal checks an allowed principal of an endpoint service and returns it
// as an ARN: a 12-digit account ID becomes that account's root ARN in the
// given partition (which may be a token such as AWS::Partition); an IAM ARN of
// an account root, a role or a user is returned unchanged. The wildcard "*"
// is refused here: callers offer it only through an explicit, named opt-in.
func Principal(s, partition string) (string, error) {
	switch {
	case IsToken(s):
		return s, nil
	case accountRe.MatchString(s):
		return "arn:" + partition + ":iam::" + s + ":root", nil
	case principalRe.MatchString(s):
		return s, nil
	case s == "*":
		return "", fmt.Errorf(`"*": the wildcard lets every AWS account connect; set AllowAnyPrincipal to true if that is really meant`)
	}
	return "", fmt.Errorf("%q: want a 12-digit account ID or an IAM ARN (arn:aws:iam::123456789012:root, ...:role/NAME or ...:user/NAME)", s)
}

// Port checks a TCP port; number tokens pass.
func Port(p float64) error {
	if IsNumberToken(p) || (p >= 1 && p <= 65535 && p == math.Trunc(p)) {
		return nil
	}
	return fmt.Errorf("%v: want a whole number from 1 to 65535", p)
}

// Range checks that n is a whole number from lo to hi; number tokens pass.
func Range(n, lo, hi float64) error {
	if IsNumberToken(n) || (n >= lo && n <= hi && n == math.Trunc(n)) {
		return nil
	}
	return fmt.Errorf("%v: want a whole number from %v to %v", n, lo, hi)
}

// Region checks an AWS region name such as us-west-2; tokens pass.
func Region(s string) error {
	if IsToken(s) || regionRe.MatchString(s) {
		return nil
	}
	return fmt.Errorf("%q: want an AWS region name such as us-west-2", s)
}

// ServiceName checks a VPC endpoint service name and returns its region. A
// token passes: with its region when only the service ID is a token
// ("com.amazonaws.vpce.us-west-2.${Token[...]}", as a provider of this
// library in the same app gives it), else with an empty region.
func ServiceName(s string) (region string, err error) {
	if IsToken(s) {
		// A provider's EndpointService.ServiceName in the same app: its
		// region is literal and only the service ID is a token.
		if m := tokenServiceNameRe.FindStringSubmatch(s); m != nil {
			return m[1], nil
		}
		return "", nil
	}
	m := serviceNameRe.FindStringSubmatch(s)
	if m == nil {
		return "", fmt.Errorf("%q: want an endpoint service name such as com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0 (the provider stack's ServiceName output)", s)
	}
	return m[1], nil
}

// DNSName checks a fully qualified DNS name in lower case, with or without a
// trailing dot, of at least two labels (a private zone cannot be a TLD).
func DNSName(s string) error {
	if IsToken(s) {
		return nil
	}
	name := strings.TrimSuffix(s, ".")
	labels := strings.Split(name, ".")
	ok := len(name) <= 253 && len(labels) >= 2
	for _, l := range labels {
		ok = ok && dnsLabelRe.MatchString(l)
	}
	if ok {
		return nil
	}
	return fmt.Errorf("%q: want a lower-case DNS name of two or more labels such as internal.example.com", s)
}

// DNSLabel checks one DNS label such as "dogs".
func DNSLabel(s string) error {
	if dnsLabelRe.MatchString(s) {
		return nil
	}
	return fmt.Errorf("%q: want one lower-case DNS label (a-z, 0-9, inner hyphens) such as dogs", s)
}

// HealthPath checks a load balancer health check path: absolute, and at most
// the 1024 characters ELB allows.
func HealthPath(s string) error {
	if len(s) > 0 && s[0] == '/' && len(s) <= 1024 {
		return nil
	}
	return fmt.Errorf("%q: want an absolute path of at most 1024 characters such as /health", s)
}

// Route checks an API Gateway HTTP API route path such as /dogs or
// /dogs/{proxy+}: it starts with a slash, has no empty segment, and a greedy
// {name+} segment may only come last.
func Route(s string) error {
	bad := func(why string) error {
		return fmt.Errorf("%q: %s; want a path such as /dogs or /dogs/{proxy+}", s, why)
	}
	if !strings.HasPrefix(s, "/") {
		return bad("it must start with /")
	}
	if s == "/" {
		return bad("the root route belongs to no single service")
	}
	segs := strings.Split(s[1:], "/")
	for i, seg := range segs {
		if !routeSegRe.MatchString(seg) {
			return bad(fmt.Sprintf("segment %q is not allowed", seg))
		}
		if strings.HasSuffix(seg, "+}") && i != len(segs)-1 {
			return bad("a greedy {name+} segment must be the last")
		}
	}
	return nil
}

// DockerContext checks that dir is a directory holding the Dockerfile file
// (a path relative to dir), the build context of an image asset.
func DockerContext(dir, file string) error {
	if IsToken(dir) {
		return nil
	}
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("%q: no such directory (%v); want the path of a Docker build context, relative to where the app runs", dir, errors.Unwrap(err))
	case !info.IsDir():
		return fmt.Errorf("%q: a file; want the directory that holds the Dockerfile", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
		return fmt.Errorf("%q: has no %s; want a Docker build context", dir, file)
	}
	return nil
}

// Partition returns the partition of a region name: aws-cn for cn-*,
// aws-us-gov for us-gov-*, aws-iso and aws-iso-b for us-iso-* and
// us-isob-*, aws otherwise. A token gives "".
func Partition(region string) string {
	switch {
	case IsToken(region):
		return ""
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	}
	return "aws"
}

// PrincipalPartition returns the partition an IAM ARN names, or "" for
// anything else (an account ID, a token).
func PrincipalPartition(s string) string {
	if IsToken(s) || !strings.HasPrefix(s, "arn:") {
		return ""
	}
	parts := strings.SplitN(s, ":", 3)
	return parts[1]
}
