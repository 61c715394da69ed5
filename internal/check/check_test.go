package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrincipal(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{in: "111111111111", want: "arn:aws:iam::111111111111:root"},
		{in: "arn:aws:iam::111111111111:root", want: "arn:aws:iam::111111111111:root"},
		{in: "arn:aws:iam::111111111111:role/platform/Gateway-Deployer", want: "arn:aws:iam::111111111111:role/platform/Gateway-Deployer"},
		{in: "arn:aws-us-gov:iam::111111111111:user/alice", want: "arn:aws-us-gov:iam::111111111111:user/alice"},
		{in: "${Token[TOKEN.12]}", want: "${Token[TOKEN.12]}"},
		{in: "12345", err: `"12345": want a 12-digit account ID or an IAM ARN`},
		{in: "1111111111111", err: `"1111111111111": want a 12-digit account ID`},
		{in: "arn:aws:iam::111111111111:group/devs", err: `want a 12-digit account ID or an IAM ARN`},
		{in: "arn:aws:s3:::bucket", err: `want a 12-digit account ID or an IAM ARN`},
		{in: "", err: `"": want a 12-digit account ID`},
		{in: "*", err: `set AllowAnyPrincipal to true`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Principal(tc.in, "aws")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Principal(%q) error = %v, want one containing %q", tc.in, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Principal(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestPort(t *testing.T) {
	for _, p := range []float64{1, 80, 8080, 65535, -1.8881545897087626e+289} {
		if err := Port(p); err != nil {
			t.Errorf("Port(%v) = %v, want nil", p, err)
		}
	}
	for _, p := range []float64{0, -1, 65536, 80.5} {
		err := Port(p)
		if err == nil || !strings.Contains(err.Error(), "want a whole number from 1 to 65535") {
			t.Errorf("Port(%v) = %v, want a range error", p, err)
		}
	}
}

func TestRange(t *testing.T) {
	if err := Range(5, 1, 10); err != nil {
		t.Errorf("Range(5,1,10) = %v", err)
	}
	if err := Range(11, 1, 10); err == nil || err.Error() != "11: want a whole number from 1 to 10" {
		t.Errorf("Range(11,1,10) = %v", err)
	}
}

func TestRegion(t *testing.T) {
	for _, r := range []string{"us-west-2", "us-gov-west-1", "ap-southeast-2", "eu-central-1", "cn-north-1", "${Token[AWS.Region.9]}"} {
		if err := Region(r); err != nil {
			t.Errorf("Region(%q) = %v", r, err)
		}
	}
	for _, r := range []string{"", "us-west", "US-WEST-2", "uswest2", "us-west-2a"} {
		if err := Region(r); err == nil || !strings.Contains(err.Error(), "want an AWS region name such as us-west-2") {
			t.Errorf("Region(%q) = %v, want an error", r, err)
		}
	}
}

func TestServiceName(t *testing.T) {
	for _, tc := range []struct{ in, region string }{
		{"com.amazonaws.vpce.us-west-2.vpce-svc-00511039988fe3e47", "us-west-2"},
		{"com.amazonaws.vpce.us-east-2.vpce-svc-06acd448b23628b83", "us-east-2"},
		{"com.amazonaws.vpce.eu-west-1.vpce-svc-4aa8b3e7", "eu-west-1"},
		{"${Token[TOKEN.33]}", ""},
	} {
		region, err := ServiceName(tc.in)
		if err != nil || region != tc.region {
			t.Errorf("ServiceName(%q) = %q, %v; want %q", tc.in, region, err, tc.region)
		}
	}
	for _, in := range []string{
		"", "vpce-svc-00511039988fe3e47", "com.amazonaws.vpce.us-west-2.vpce-svc-0051",
		"com.amazonaws.us-west-2.s3", "com.amazonaws.vpce.us-west-2.vpce-svc-00511039988FE3E47",
	} {
		if _, err := ServiceName(in); err == nil || !strings.Contains(err.Error(), "want an endpoint service name such as com.amazonaws.vpce.us-west-2.vpce-svc-") {
			t.Errorf("ServiceName(%q) = %v, want an error", in, err)
		}
	}
}

func TestDNSName(t *testing.T) {
	for _, n := range []string{"internal.example", "dogs.internal.example.com.", "a-1.b"} {
		if err := DNSName(n); err != nil {
			t.Errorf("DNSName(%q) = %v", n, err)
		}
	}
	for _, n := range []string{"", "example", "Internal.Example", "-a.example", "a..example", "a_b.example", strings.Repeat("a", 64) + ".example"} {
		if err := DNSName(n); err == nil || !strings.Contains(err.Error(), "want a lower-case DNS name") {
			t.Errorf("DNSName(%q) = %v, want an error", n, err)
		}
	}
	if err := DNSLabel("dogs"); err != nil {
		t.Errorf("DNSLabel(dogs) = %v", err)
	}
	if err := DNSLabel("dogs.api"); err == nil {
		t.Error("DNSLabel(dogs.api) = nil, want an error")
	}
}

func TestRoute(t *testing.T) {
	for _, r := range []string{"/dogs", "/dogs/{proxy+}", "/todo/{id}", "/v1/todo"} {
		if err := Route(r); err != nil {
			t.Errorf("Route(%q) = %v", r, err)
		}
	}
	for _, tc := range []struct{ in, err string }{
		{"dogs", "it must start with /"},
		{"/", "the root route belongs to no single service"},
		{"/dogs/", `segment "" is not allowed`},
		{"/dogs//x", `segment "" is not allowed`},
		{"/dogs/{proxy+}/x", "a greedy {name+} segment must be the last"},
		{"/dogs?x=1", `segment "dogs?x=1" is not allowed`},
	} {
		if err := Route(tc.in); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Route(%q) = %v, want an error containing %q", tc.in, err, tc.err)
		}
	}
}

func TestHealthPath(t *testing.T) {
	for _, ok := range []string{"/", "/health", "/" + strings.Repeat("a", 1023)} {
		if err := HealthPath(ok); err != nil {
			t.Errorf("HealthPath(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "health", "/" + strings.Repeat("a", 1024)} {
		if err := HealthPath(bad); err == nil || !strings.Contains(err.Error(), "want an absolute path of at most 1024 characters such as /health") {
			t.Errorf("HealthPath(%q) = %v, want an error", bad, err)
		}
	}
}

func TestProblems(t *testing.T) {
	p := New("provider.Thing")
	if p.Err() != nil {
		t.Fatal("empty Problems reported an error")
	}
	p.Addf("Port %v: want 1-65535", 0)
	p.Add("AllowedPrincipals[1]", AccountID("12"))
	p.Add("Region", nil)
	want := "provider.Thing: Port 0: want 1-65535\nprovider.Thing: AllowedPrincipals[1] \"12\": want a 12-digit AWS account ID such as 123456789012"
	if got := p.Err().Error(); got != want {
		t.Fatalf("Err() =\n%s\nwant\n%s", got, want)
	}
}

func TestIsNumberToken(t *testing.T) {
	if !IsNumberToken(-1.8881545897087626e+289) || IsNumberToken(-1) || IsNumberToken(8080) {
		t.Fatal("IsNumberToken misclassifies")
	}
}

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{"us-west-2": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "us-iso-east-1": "aws-iso", "us-isob-east-1": "aws-iso-b", "${Token[AWS.Region.1]}": ""} {
		if got := Partition(region); got != want {
			t.Errorf("Partition(%q) = %q, want %q", region, got, want)
		}
	}
	for arn, want := range map[string]string{"arn:aws-cn:iam::111111111111:root": "aws-cn", "arn:aws:iam::111111111111:role/x": "aws", "111111111111": "", "${Token[X.1]}": ""} {
		if got := PrincipalPartition(arn); got != want {
			t.Errorf("PrincipalPartition(%q) = %q, want %q", arn, got, want)
		}
	}
}

func TestDockerContext(t *testing.T) {
	dir := t.TempDir()
	if err := DockerContext(dir, "Dockerfile"); err == nil || !strings.Contains(err.Error(), "has no Dockerfile") {
		t.Fatalf("no Dockerfile: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := DockerContext(dir, "Dockerfile"); err != nil {
		t.Fatal(err)
	}
	if err := DockerContext(filepath.Dir(dir), filepath.Join(filepath.Base(dir), "Dockerfile")); err != nil {
		t.Fatalf("a Dockerfile below the context: %v", err)
	}
	if err := DockerContext(dir, "other.Dockerfile"); err == nil || !strings.Contains(err.Error(), "has no other.Dockerfile") {
		t.Fatalf("another file: %v", err)
	}
	if err := DockerContext(filepath.Join(dir, "Dockerfile"), "Dockerfile"); err == nil || !strings.Contains(err.Error(), "a file; want the directory") {
		t.Fatalf("a file: %v", err)
	}
	if err := DockerContext(filepath.Join(dir, "nosuch"), "Dockerfile"); err == nil || !strings.Contains(err.Error(), "no such directory") {
		t.Fatalf("missing: %v", err)
	}
}
