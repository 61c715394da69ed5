package consumer

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

const frontDoorCert = "arn:aws:acm:us-west-2:111111111111:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"

func fdRef(prefix string) obj {
	return obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^" + prefix))}
}

func fdGroupId(prefix string) obj {
	return obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^" + prefix)), "GroupId"}}
}

// frontDoorFixture is one app shared by the front door's tests (each CDK
// app costs synth time): a front door with its defaults and two services,
// dogs (HTTP, two routes, one rule) and todo (HTTPS to the provider, in a
// nested stack, routes that make two rules), and one with every option,
// hardened, with a service behind an imported endpoint.
type frontDoorFixture struct {
	stack, options      awscdk.Stack
	nested              awscdk.NestedStack
	fd, fdOptions       *AlbFrontDoor
	vpc                 ec2.IVpc
	dogs, todo, foreign IServiceEndpoint
}

var fixture *frontDoorFixture

func frontDoor(t *testing.T) *frontDoorFixture {
	t.Helper()
	if fixture != nil {
		return fixture
	}
	f := &frontDoorFixture{stack: newStack(t)}
	f.vpc = NewConsumerVpc(f.stack, jsii.String("Vpc"), &ConsumerVpcProps{PublicSubnets: jsii.Bool(true)}).Vpc
	cert := acm.Certificate_FromCertificateArn(f.stack, jsii.String("Cert"), jsii.String(frontDoorCert))
	f.fd = NewAlbFrontDoor(f.stack, jsii.String("FrontDoor"), &AlbFrontDoorProps{Vpc: f.vpc, Certificate: cert})
	f.dogs = NewServiceEndpoint(f.stack, jsii.String("DogsEndpoint"), &ServiceEndpointProps{Vpc: f.vpc, ServiceName: jsii.String(dogsService)})
	f.fd.AddService("dogs", &AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: f.dogs, Routes: []string{"/dogs", "/dogs/{proxy+}"}}, Priority: jsii.Number(10)})
	f.nested = awscdk.NewNestedStack(f.stack, jsii.String("Services1"), nil)
	f.todo = NewServiceEndpoint(f.nested, jsii.String("TodoEndpoint"), &ServiceEndpointProps{Vpc: f.vpc, ServiceName: jsii.String(todoService), Port: jsii.Number(443)})
	f.fd.AddService("todo", &AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{
		Endpoint: f.todo, Scope: f.nested, HealthCheckPath: jsii.String("/health"), TlsServerName: jsii.String("todo.example.com"),
		Routes: []string{"/todo", "/todo/{id}", "/todo/{id}/items", "/todo/{id}/items/{item}", "/todo/{other}", "/lists", "/lists/{proxy+}", "/archive"},
	}, Priority: jsii.Number(20)})
	// Another team's VPC, in a stack of its own (its made-up IDs would not
	// pass cfn-lint).
	elsewhere := awscdk.NewStack(awscdk.App_Of(f.stack), jsii.String("Elsewhere"), &awscdk.StackProps{Env: &awscdk.Environment{Account: f.stack.Account(), Region: f.stack.Region()}})
	f.foreign = NewServiceEndpoint(elsewhere, jsii.String("Foreign"), &ServiceEndpointProps{Vpc: importedVpc(elsewhere, "elsewhere", 1), ServiceName: jsii.String(todoService)})

	// Every option, in a hardened app: the load balancer protected from
	// deletion once created, the WAF logs under the stack's key.
	f.options = cdktest.NewHardenedStack(t)
	vpc := NewConsumerVpc(f.options, jsii.String("Vpc"), &ConsumerVpcProps{PublicSubnets: jsii.Bool(true), MaxAzs: jsii.Number(3)}).Vpc
	f.fdOptions = NewAlbFrontDoor(f.options, jsii.String("FrontDoor"), &AlbFrontDoorProps{
		Vpc: vpc, Certificate: acm.Certificate_FromCertificateArn(f.options, jsii.String("Cert"), jsii.String(frontDoorCert)),
		AvailabilityZoneIds: []string{"usw2-az1", "usw2-az3"},
		AllowedPeers:        []ec2.IPeer{ec2.Peer_Ipv4(jsii.String("203.0.113.0/24"))},
		HttpRedirect:        jsii.Bool(true),
		SslPolicy:           elbv2.SslPolicy_TLS13_13,
		WafRateLimit:        jsii.Number(500),
		WafManagedRuleGroups: []WafManagedRuleGroup{
			{Name: "AWSManagedRulesCommonRuleSet", CountRules: []string{"SizeRestrictions_BODY", "NoUserAgent_HEADER"}},
		},
		WafLogRetention: logs.RetentionDays_ONE_YEAR,
	})
	imported := FromServiceEndpointAttributes(f.options, jsii.String("Cats"), &ServiceEndpointAttributes{
		Vpc: vpc, VpcEndpointId: jsii.String("vpce-0123456789abcdef0"), Port: jsii.Number(9000),
		SecurityGroupIds: []*string{jsii.String("sg-0123456789abcdef0")}, AvailabilityZoneIds: []string{"usw2-az1", "usw2-az3"},
		IpAddresses: []*string{jsii.String("10.0.0.10"), jsii.String("10.0.32.10")},
	})
	f.fdOptions.AddService("cats", &AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: imported, Routes: []string{"/cats/{proxy+}"}}, Priority: jsii.Number(1)})
	fixture = f
	return f
}

func TestAlbFrontDoorDefaults(t *testing.T) {
	f := frontDoor(t)
	tpl := template(t, f.stack)
	// Its alarms, on by default (operations_test.go).
	frontDoorAlarmDefaults(t, f, tpl)
	// Internet-facing, in the public subnets of both zones, hardened
	// against header smuggling.
	tpl.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
		"Type": "application", "Scheme": "internet-facing",
		"Subnets":        []any{fdRef("VpcPublicusw2az1"), fdRef("VpcPublicusw2az2")},
		"SecurityGroups": []any{fdGroupId("FrontDoorSecurityGroup")},
		"LoadBalancerAttributes": assertions.Match_ArrayWith(&[]any{
			obj{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
			obj{"Key": "routing.http.desync_mitigation_mode", "Value": "strictest"},
			obj{"Key": "access_logs.s3.enabled", "Value": "true"},
			obj{"Key": "access_logs.s3.bucket", "Value": fdRef("FrontDoorAccessLogs")},
		}),
	})
	// HTTPS only, TLS 1.2 or later with AEAD suites, 404 for unknown paths.
	tpl.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{
		"Port": 443, "Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
		"Certificates": []any{obj{"CertificateArn": frontDoorCert}},
		"DefaultActions": []any{obj{"Type": "fixed-response", "FixedResponseConfig": obj{
			"StatusCode": "404", "ContentType": "application/json", "MessageBody": `{"message":"Not Found"}`,
		}}},
	})
	// 443 from anywhere (a public front door), nothing else in; out, only
	// each service's port to its endpoint.
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
		"GroupDescription":     assertions.Match_StringLikeRegexp(jsii.String("^Public front door")),
		"SecurityGroupIngress": []any{obj{"CidrIp": "0.0.0.0/0", "FromPort": 443, "ToPort": 443, "IpProtocol": "tcp", "Description": "HTTPS to the front door"}},
		"SecurityGroupEgress":  assertions.Match_Absent(),
	})
	cdktest.HasNagSuppression(tpl, "AWS::EC2::SecurityGroup", "AwsSolutions-EC23", "public, internet-facing load balancer")
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"FromPort": 8080, "ToPort": 8080, "IpProtocol": "tcp", "Description": "from the front door load balancer, for dogs",
		"GroupId": fdGroupId("DogsEndpointSecurityGroup"), "SourceSecurityGroupId": fdGroupId("FrontDoorSecurityGroup"),
	})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupEgress"), obj{
		"FromPort": 8080, "ToPort": 8080, "GroupId": fdGroupId("FrontDoorSecurityGroup"), "DestinationSecurityGroupId": fdGroupId("DogsEndpointSecurityGroup"),
	})
	tpl.ResourceCountIs(jsii.String("AWS::EC2::SecurityGroupEgress"), jsii.Number(1))

	// The dogs service: an IP target group of its endpoint's addresses,
	// HTTP health checks on /, one rule of its two path patterns.
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
		"TargetType": "ip", "Port": 8080, "Protocol": "HTTP", "HealthCheckProtocol": "HTTP", "HealthCheckPath": "/",
		"Matcher": obj{"HttpCode": "200-399"}, "HealthCheckIntervalSeconds": 10, "HealthCheckTimeoutSeconds": 5,
		"HealthyThresholdCount": 2, "UnhealthyThresholdCount": 2,
		"TargetGroupAttributes": assertions.Match_ArrayWith(&[]any{obj{"Key": "deregistration_delay.timeout_seconds", "Value": "10"}}),
		"Targets": []any{
			obj{"Id": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DogsEndpointAddresses")), "NetworkInterfaces.0.PrivateIpAddress"}}, "Port": 8080},
			obj{"Id": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DogsEndpointAddresses")), "NetworkInterfaces.1.PrivateIpAddress"}}, "Port": 8080},
		},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), obj{
		"Priority": 10, "ListenerArn": fdRef("FrontDoorLBHttps"),
		"Conditions": []any{obj{"Field": "path-pattern", "PathPatternConfig": obj{"Values": []any{"/dogs", "/dogs/*"}}}},
		"Actions":    []any{obj{"Type": "forward", "TargetGroupArn": fdRef("FrontDoordogsTargets")}},
	})

	// The todo service, in its nested stack: HTTPS to the provider, its
	// health path, and seven path patterns (eight routes, two alike) in two
	// rules of five values and five wildcards at most.
	nested := cdktest.TemplateOf(t, f.nested)
	nested.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
		"Port": 443, "Protocol": "HTTPS", "HealthCheckProtocol": "HTTPS", "HealthCheckPath": "/health",
	})
	nested.ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), jsii.Number(2))
	nested.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupEgress"), obj{"FromPort": 443, "ToPort": 443, "DestinationSecurityGroupId": fdGroupId("TodoEndpointSecurityGroup")})
	nested.ResourceCountIs(jsii.String("AWS::EC2::SecurityGroupEgress"), jsii.Number(1))
	nested.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), obj{
		"Priority":   20,
		"Conditions": []any{obj{"Field": "path-pattern", "PathPatternConfig": obj{"Values": []any{"/todo", "/todo/*", "/todo/*/items", "/todo/*/items/*", "/lists"}}}},
	})
	nested.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), obj{
		"Priority":   21,
		"Conditions": []any{obj{"Field": "path-pattern", "PathPatternConfig": obj{"Values": []any{"/lists/*", "/archive"}}}},
	})
	todo := f.fd.Services["todo"]
	if !reflect.DeepEqual(todo.Priorities, []float64{20, 21}) || len(todo.Rules) != 2 || len(todo.PathPatterns) != 7 {
		t.Fatalf("todo: Priorities %v, %d rules, PathPatterns %q", todo.Priorities, len(todo.Rules), todo.PathPatterns)
	}
	template(t, f.stack).ResourceCountIs(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), jsii.Number(1))

	// Access logs: S3-managed keys (all ALB supports), TLS only, no public
	// access, 90 days, kept after the stack; the region's ELB account
	// (us-west-2 predates the log delivery service principal) may write.
	tpl.HasResource(jsii.String("AWS::S3::Bucket"), obj{
		"Properties": obj{
			"BucketEncryption":               obj{"ServerSideEncryptionConfiguration": []any{obj{"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "AES256"}}}},
			"PublicAccessBlockConfiguration": obj{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true},
			"LifecycleConfiguration":         obj{"Rules": assertions.Match_ArrayWith(&[]any{obj{"ExpirationInDays": 90, "Status": "Enabled", "Id": "expire-access-logs", "NoncurrentVersionExpiration": obj{"NoncurrentDays": 1}}})},
			"VersioningConfiguration":        obj{"Status": "Enabled"},
		},
		"DeletionPolicy": "RetainExceptOnCreate",
	})
	tpl.HasResourceProperties(jsii.String("AWS::S3::BucketPolicy"), obj{"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]any{
		obj{"Action": "s3:*", "Effect": "Deny", "Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}, "Principal": obj{"AWS": "*"}, "Resource": assertions.Match_AnyValue()},
		obj{"Action": "s3:PutObject", "Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::797873946194:root"}, "Resource": assertions.Match_AnyValue()},
	})}})
	cdktest.HasNagSuppression(tpl, "AWS::S3::Bucket", "NIST.800.53.R5-S3DefaultEncryptionKMS", "SSE-S3")

	// The web ACL: regional, no fixed name, metrics on, the rate limit
	// first (429 beyond 1000 requests in 5 minutes per client IP), then
	// AWS's three baseline groups.
	tpl.HasResourceProperties(jsii.String("AWS::WAFv2::WebACL"), obj{
		"Scope": "REGIONAL", "Name": assertions.Match_Absent(), "DefaultAction": obj{"Allow": obj{}},
		"VisibilityConfig": obj{"CloudWatchMetricsEnabled": true, "SampledRequestsEnabled": true, "MetricName": assertions.Match_StringLikeRegexp(jsii.String("^Test-FrontDoor-[A-Za-z0-9]+$"))},
		"Rules": []any{
			obj{"Name": "RateLimitPerClientIp", "Priority": 0,
				"Statement":        obj{"RateBasedStatement": obj{"AggregateKeyType": "IP", "Limit": 1000, "EvaluationWindowSec": 300}},
				"Action":           obj{"Block": obj{"CustomResponse": obj{"ResponseCode": 429}}},
				"VisibilityConfig": obj{"CloudWatchMetricsEnabled": true, "SampledRequestsEnabled": true, "MetricName": "RateLimitPerClientIp"}},
			obj{"Name": "AWS-AWSManagedRulesCommonRuleSet", "Priority": 1, "OverrideAction": obj{"None": obj{}},
				"Statement":        obj{"ManagedRuleGroupStatement": obj{"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}},
				"VisibilityConfig": obj{"CloudWatchMetricsEnabled": true, "SampledRequestsEnabled": true, "MetricName": "AWS-AWSManagedRulesCommonRuleSet"}},
			obj{"Name": "AWS-AWSManagedRulesKnownBadInputsRuleSet", "Priority": 2, "OverrideAction": obj{"None": obj{}},
				"Statement":        obj{"ManagedRuleGroupStatement": obj{"VendorName": "AWS", "Name": "AWSManagedRulesKnownBadInputsRuleSet"}},
				"VisibilityConfig": obj{"CloudWatchMetricsEnabled": true, "SampledRequestsEnabled": true, "MetricName": "AWS-AWSManagedRulesKnownBadInputsRuleSet"}},
			obj{"Name": "AWS-AWSManagedRulesAmazonIpReputationList", "Priority": 3, "OverrideAction": obj{"None": obj{}},
				"Statement":        obj{"ManagedRuleGroupStatement": obj{"VendorName": "AWS", "Name": "AWSManagedRulesAmazonIpReputationList"}},
				"VisibilityConfig": obj{"CloudWatchMetricsEnabled": true, "SampledRequestsEnabled": true, "MetricName": "AWS-AWSManagedRulesAmazonIpReputationList"}},
		},
	})
	tpl.HasResourceProperties(jsii.String("AWS::WAFv2::WebACLAssociation"), obj{
		"ResourceArn": fdRef("FrontDoorLB"), "WebACLArn": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^FrontDoorWebAcl")), "Arn"}},
	})
	// Its logs: a log group named aws-waf-logs-..., new with each creation
	// of the stack, 30 days; its ARN without ":*"; no credentials logged.
	tpl.HasResource(jsii.String("AWS::Logs::LogGroup"), obj{
		"Properties": obj{"RetentionInDays": 30, "LogGroupName": obj{"Fn::Join": []any{"-", []any{
			assertions.Match_StringLikeRegexp(jsii.String("^aws-waf-logs-Test-FrontDoor-[A-Za-z0-9]+$")), assertions.Match_ObjectLike(&map[string]any{"Fn::Select": []any{0, assertions.Match_AnyValue()}}),
		}}}},
		"DeletionPolicy": "RetainExceptOnCreate",
	})
	tpl.HasResourceProperties(jsii.String("AWS::WAFv2::LoggingConfiguration"), obj{
		"ResourceArn": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^FrontDoorWebAcl")), "Arn"}},
		"LogDestinationConfigs": []any{obj{"Fn::Join": []any{"", []any{
			"arn:aws:logs:us-west-2:111111111111:log-group:", fdRef("FrontDoorWafLogs"),
		}}}},
		"RedactedFields": []any{obj{"SingleHeader": obj{"Name": "authorization"}}, obj{"SingleHeader": obj{"Name": "cookie"}}},
	})
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "NIST.800.53.R5-ELBDeletionProtectionEnabled", "Turn on hardening.Enable")
	tpl.HasOutput(jsii.String("*"), obj{"Value": obj{"Fn::Join": []any{"", []any{"https://", obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^FrontDoorLB")), "DNSName"}}}}}})
	if f.fd.HttpListener != nil || fmt.Sprint(f.fd.AvailabilityZoneIds) != "[usw2-az1 usw2-az2]" || f.fd.Connections() == nil {
		t.Fatalf("HttpListener %v, AvailabilityZoneIds %v", f.fd.HttpListener, f.fd.AvailabilityZoneIds)
	}
	cdktest.AssertNoLookups(t, awscdk.App_Of(f.stack).(awscdk.App))
	lintAll(t, tpl, nested, template(t, f.options))
}

// lintAll runs cfn-lint once over several templates (each run costs
// seconds of start-up); any error or warning fails the test.
func lintAll(t *testing.T, tpls ...*cdktest.Template) {
	t.Helper()
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Fatalf("cfn-lint not found: it ships with this machine image (Python 3.11): %v", err)
	}
	var paths []string
	for i, tpl := range tpls {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("template%d.json", i))
		if err := os.WriteFile(path, []byte(mustJSON(t, tpl.ToJSON())), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	if out, err := exec.Command(bin, paths...).CombinedOutput(); err != nil {
		t.Fatalf("cfn-lint found problems:\n%s", out)
	}
}

func TestAlbFrontDoorOptions(t *testing.T) {
	f := frontDoor(t)
	tpl := template(t, f.options)
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
		"Subnets": []any{fdRef("VpcPublicusw2az1"), fdRef("VpcPublicusw2az3")},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 443, "SslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06"})
	// Port 80 only redirects, permanently, to HTTPS.
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{
		"Port": 80, "Protocol": "HTTP",
		"DefaultActions": []any{obj{"Type": "redirect", "RedirectConfig": obj{"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}},
	})
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::Listener", "PCI.DSS.321-ELBv2ACMCertificateRequired", "only redirects")
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
		"GroupDescription": assertions.Match_StringLikeRegexp(jsii.String("^Public front door")),
		"SecurityGroupIngress": []any{
			obj{"CidrIp": "203.0.113.0/24", "FromPort": 443, "ToPort": 443, "IpProtocol": "tcp", "Description": "HTTPS to the front door"},
			obj{"CidrIp": "203.0.113.0/24", "FromPort": 80, "ToPort": 80, "IpProtocol": "tcp", "Description": "HTTP to the front door, redirected to HTTPS"},
		},
	})
	cdktest.AssertNoOpenIngress(t, tpl)
	if rules := cdktest.NagRules(firstResource(t, tpl, "AWS::EC2::SecurityGroup", "Public front door")); len(rules) != 0 {
		t.Errorf("named peers: no EC23 suppression wanted, got %q", rules)
	}
	tpl.HasResourceProperties(jsii.String("AWS::WAFv2::WebACL"), obj{"Rules": []any{
		obj{"Name": "RateLimitPerClientIp", "Priority": 0, "Statement": obj{"RateBasedStatement": obj{"AggregateKeyType": "IP", "Limit": 500, "EvaluationWindowSec": 300}}},
		obj{"Name": "AWS-AWSManagedRulesCommonRuleSet", "Priority": 1, "Statement": obj{"ManagedRuleGroupStatement": obj{
			"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet",
			"RuleActionOverrides": []any{
				obj{"Name": "SizeRestrictions_BODY", "ActionToUse": obj{"Count": obj{}}},
				obj{"Name": "NoUserAgent_HEADER", "ActionToUse": obj{"Count": obj{}}},
			},
		}}},
	}})
	tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 365, "LogGroupName": assertions.Match_AnyValue(),
		"KmsKeyId": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^LogsKey")), "Arn"}}})
	// Hardened: the load balancer is protected once it exists; the bucket
	// stays on S3-managed keys, the one kind ALB log delivery writes to.
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "NIST.800.53.R5-ELBDeletionProtectionEnabled", "turned on after creation by Test/FrontDoor/LBDeletionProtection")
	tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{"Create": assertions.Match_AnyValue()})
	cdktest.HasNagSuppression(tpl, "AWS::S3::Bucket", "HIPAA.Security-S3DefaultEncryptionKMS", "SSE-S3")
	// An imported endpoint: its given addresses on its port, its own group
	// admitting the load balancer.
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
		"Port": 9000, "Protocol": "HTTP", "Targets": []any{obj{"Id": "10.0.0.10", "Port": 9000}, obj{"Id": "10.0.32.10", "Port": 9000}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"GroupId": "sg-0123456789abcdef0", "FromPort": 9000, "SourceSecurityGroupId": fdGroupId("FrontDoorSecurityGroup"),
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::ListenerRule"), obj{
		"Priority": 1, "Conditions": []any{obj{"Field": "path-pattern", "PathPatternConfig": obj{"Values": []any{"/cats/*"}}}},
	})
	// Linted with the defaults (TestAlbFrontDoorDefaults), in one run.
}

// firstResource is the first resource of type whose properties mention part.
func firstResource(t *testing.T, tpl *cdktest.Template, typ, part string) *map[string]any {
	t.Helper()
	for _, r := range *tpl.FindResources(jsii.String(typ), nil) {
		if strings.Contains(mustJSON(t, (*r)["Properties"]), part) {
			return r
		}
	}
	t.Fatalf("no %s mentions %q", typ, part)
	return nil
}

func TestAlbFrontDoorPathPatterns(t *testing.T) {
	for route, want := range map[string]string{
		"/dogs": "/dogs", "/dogs/{proxy+}": "/dogs/*", "/todo/{id}/items/{item}": "/todo/*/items/*", "/a.b/c-d_e~f": "/a.b/c-d_e~f",
	} {
		if got := PathPattern(route); got != want {
			t.Errorf("PathPattern(%q) = %q, want %q", route, got, want)
		}
	}
	got := ServiceRules([]string{"/a/*/*/*", "/b/*/*/*", "/c", "/d", "/e", "/f", "/g", "/h/*/*", "/i/*/*/*/*"})
	want := [][]string{{"/a/*/*/*"}, {"/b/*/*/*", "/c", "/d", "/e", "/f"}, {"/g", "/h/*/*"}, {"/i/*/*/*/*"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ServiceRules = %q, want %q (5 values and 5 wildcards a rule)", got, want)
	}
	for _, tc := range []struct {
		p, q string
		want bool
	}{
		{"/dogs/*", "/dogs/big", true}, {"/dogs/*", "/dogs/*/x", true}, {"/*", "/dogs", true}, {"/dogs", "/dogs", true},
		{"/dogs/*", "/dogs", false}, {"/dogs/big", "/dogs/*", false}, {"/a/*/b", "/a/*", false}, {"/a/?", "/a/*", false}, {"/a/*", "/a/?", true},
	} {
		if got := covers(tc.p, tc.q); got != tc.want {
			t.Errorf("covers(%q, %q) = %v, want %v", tc.p, tc.q, got, tc.want)
		}
	}
}

func TestAlbFrontDoorValidation(t *testing.T) {
	f := frontDoor(t)
	vpc, cert := f.vpc, acm.Certificate_FromCertificateArn(f.stack, jsii.String("Cert2"), jsii.String(frontDoorCert))
	for _, tc := range []struct {
		name   string
		props  AlbFrontDoorProps
		region string
		want   string
	}{
		{"nil vpc and certificate", AlbFrontDoorProps{}, "us-west-2", "Vpc is nil: want the ec2.IVpc that holds the service endpoints"},
		{"nil certificate", AlbFrontDoorProps{Vpc: vpc}, "us-west-2", "Certificate is nil: want the acm.ICertificate"},
		{"agnostic stack", AlbFrontDoorProps{Vpc: vpc, Certificate: cert}, "${Token[AWS.Region.8]}", "the stack's region is not known at synth"},
		{"no peers", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, AllowedPeers: []ec2.IPeer{}}, "us-west-2", "AllowedPeers is empty: nobody could connect"},
		{"nil peer", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, AllowedPeers: []ec2.IPeer{nil}}, "us-west-2", "AllowedPeers[0] is nil"},
		{"TLS 1.0", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, SslPolicy: elbv2.SslPolicy_TLS13_10}, "us-west-2", `SslPolicy "TLS13_10": it accepts TLS 1.0 or 1.1`},
		{"no TLS 1.3", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, SslPolicy: elbv2.SslPolicy_TLS12}, "us-west-2", `SslPolicy "TLS12": want a policy of TLS 1.2 or later with TLS 1.3`},
		{"rate", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, WafRateLimit: jsii.Number(5)}, "us-west-2", "WafRateLimit 5: want a whole number from 10 to 2e+09"},
		{"group name", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, WafManagedRuleGroups: []WafManagedRuleGroup{{Name: "CommonRuleSet"}}}, "us-west-2",
			`WafManagedRuleGroups[0].Name "CommonRuleSet": want the name of an AWS managed rule group, such as AWSManagedRulesCommonRuleSet`},
		{"group twice", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, WafManagedRuleGroups: []WafManagedRuleGroup{{Name: "AWSManagedRulesSQLiRuleSet"}, {Name: "AWSManagedRulesSQLiRuleSet"}}}, "us-west-2",
			`WafManagedRuleGroups[1].Name "AWSManagedRulesSQLiRuleSet": listed twice`},
		{"count rule", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, WafManagedRuleGroups: []WafManagedRuleGroup{{Name: "AWSManagedRulesCommonRuleSet", CountRules: []string{"size body"}}}}, "us-west-2",
			`WafManagedRuleGroups[0].CountRules[0] "size body": want a rule name of the group`},
		{"AZ name", AlbFrontDoorProps{Vpc: vpc, Certificate: cert, AvailabilityZoneIds: []string{"us-west-2a"}}, "us-west-2", `AvailabilityZoneIds[0] "us-west-2a": want an AZ ID`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cdktest.WantErr(t, tc.props.validate(tc.region), "consumer.AlbFrontDoor: "+tc.want)
		})
	}
	t.Run("subnets", func(t *testing.T) {
		isolated := NewConsumerVpc(f.stack, jsii.String("Isolated"), nil).Vpc
		cdktest.MustPanic(t, func() {
			NewAlbFrontDoor(f.stack, jsii.String("F1"), &AlbFrontDoorProps{Vpc: isolated, Certificate: cert})
		},
			"consumer.AlbFrontDoor at Test/F1: Subnets selects nothing aws-cdk-lib can give: ThereSubnetGroups: There are no 'Public' subnet groups in this VPC")
		cdktest.MustPanic(t, func() {
			NewAlbFrontDoor(f.stack, jsii.String("F2"), &AlbFrontDoorProps{Vpc: vpc, Certificate: cert, Subnets: &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PRIVATE_ISOLATED}})
		}, "Subnets selects subnets", "that are not public (no route to an internet gateway)")
		cdktest.MustPanic(t, func() {
			NewAlbFrontDoor(f.stack, jsii.String("F3"), &AlbFrontDoorProps{Vpc: vpc, Certificate: cert, AvailabilityZoneIds: []string{"usw2-az2"}})
		}, "Subnets selects one AZ; an Application Load Balancer needs subnets in two AZs at least")
		for _, id := range []string{"F1", "F2", "F3"} {
			if f.stack.Node().TryFindChild(jsii.String(id)) != nil {
				t.Fatalf("%s was created before validation failed", id)
			}
		}
	})

	ep := NewServiceEndpoint(f.stack, jsii.String("Other"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(todoService)})
	svc := func(routes []string, prio float64) AlbFrontDoorServiceProps {
		return AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: routes}, Priority: jsii.Number(prio)}
	}
	for _, tc := range []struct {
		name  string
		id    string
		props AlbFrontDoorServiceProps
		want  []string
	}{
		{"duplicate id", "dogs", svc([]string{"/x"}, 100), []string{`consumer.AlbFrontDoor service "dogs": id "dogs": a service of that id exists`}},
		{"id with an apostrophe", "cat's", svc([]string{"/x"}, 100), []string{`id "cat's": want 1 to 63 letters, digits and hyphens`}},
		{"nil endpoint", "cats", AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Routes: []string{"/cats"}}, Priority: jsii.Number(100)}, []string{"Endpoint is nil"}},
		{"no routes", "cats", svc(nil, 100), []string{"Routes is empty: want at least one path such as /cats and /cats/{proxy+}"}},
		{"bad route", "cats", svc([]string{"cats"}, 100), []string{`Routes[0] "cats": it must start with /`}},
		{"wildcard in a route", "cats", svc([]string{"/cats*"}, 100), []string{`Routes[0] "/cats*": ALB path patterns read * and ? as wildcards`}},
		{"character ALB refuses", "cats", svc([]string{"/cats(1)"}, 100), []string{`Routes[0] "/cats(1)": ALB path patterns take A-Z, a-z, 0-9 and _-.$/~"'@:+& only`}},
		{"pattern too long", "cats", svc([]string{"/" + strings.Repeat("c", 128)}, 100), []string{"has 129 characters; ELB allows 128"}},
		{"too many wildcards", "cats", svc([]string{"/a/{b}/{c}/{d}/{e}/{f}/{g}"}, 100), []string{`its path pattern "/a/*/*/*/*/*/*" has 6 wildcards; ELB allows 5 in a listener rule`}},
		{"health path", "cats", AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/cats"}, HealthCheckPath: jsii.String("health")}, Priority: jsii.Number(100)}, []string{`HealthCheckPath "health": want an absolute path`}},
		{"TLS name", "cats", AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/cats"}, TlsServerName: jsii.String("Cats")}, Priority: jsii.Number(100)}, []string{`TlsServerName "Cats": want a lower-case DNS name`}},
		{"nil priority", "cats", AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: ep, Routes: []string{"/cats"}}}, []string{"Priority is nil: want the priority of the service's first listener rule, 1 to 50000, which no other service uses (the next free is 22)"}},
		{"priority 0", "cats", svc([]string{"/cats"}, 0), []string{"Priority 0: want a whole number from 1 to 50000, less the service's 0 rules after the first"}},
		{"priority fraction", "cats", svc([]string{"/cats"}, 1.5), []string{"Priority 1.5: want a whole number"}},
		{"last rule past 50000", "cats", svc([]string{"/a", "/b", "/c", "/d", "/e", "/f"}, 50000), []string{"Priority 50000: want a whole number from 1 to 50000, less the service's 1 rules after the first"}},
		{"priority taken", "cats", svc([]string{"/cats", "/a", "/b", "/c", "/d", "/e"}, 9), []string{`Priority 9: the service's 2 rules take 9 to 10, and service "dogs" has 10 to 10; want a range no other service uses, such as 22`}},
		{"path of another service", "cats", svc([]string{"/cats", "/dogs"}, 100), []string{`Routes: path pattern "/dogs" is service "dogs"'s already (its rule at priority 10); want each path on one service`}},
		{"same pattern, other parameter name", "cats", svc([]string{"/todo/{key}"}, 100), []string{`path pattern "/todo/*" is service "todo"'s already`}},
		{"shadowed by an earlier rule", "cats", svc([]string{"/dogs/cats"}, 100), []string{`Routes: path pattern "/dogs/cats" (priority 100) would never be reached: service "dogs"'s "/dogs/*" (priority 10) matches every path it does, and is evaluated first; give this service a lower Priority than 10`}},
		{"shadowing a later rule", "cats", svc([]string{"/{proxy+}"}, 5), []string{`Routes: path pattern "/*" (priority 5) would take every request of service "dogs"'s "/dogs" (priority 10), which is evaluated after it; give this service a Priority above 10`}},
		{"endpoint of another VPC", "cats", AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: f.foreign, Routes: []string{"/cats"}}, Priority: jsii.Number(100)},
			[]string{"Endpoint Elsewhere/Foreign: it is in another VPC than the front door's", "create the endpoint in the front door's Vpc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cdktest.WantErr(t, f.fd.validateService(tc.id, &tc.props), tc.want...)
		})
	}
	t.Run("a more specific path before a general one is fine", func(t *testing.T) {
		props := svc([]string{"/dogs/special", "/cats"}, 5)
		if err := f.fd.validateService("cats", &props); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("AddService panics and builds nothing", func(t *testing.T) {
		props := svc([]string{"/dogs"}, 100)
		cdktest.MustPanic(t, func() { f.fd.AddService("cats", &props) }, `consumer.AlbFrontDoor service "cats" at Test/FrontDoor/cats: Routes: path pattern "/dogs" is service "dogs"'s already`)
		if f.fd.Node().TryFindChild(jsii.String("cats")) != nil || f.fd.Services["cats"] != nil {
			t.Fatal("a service was created before validation failed")
		}
	})
	t.Run("endpoint outside the front door's zones", func(t *testing.T) {
		off := NewServiceEndpoint(f.options, jsii.String("Off"), &ServiceEndpointProps{Vpc: f.fdOptions.vpc, ServiceName: jsii.String(todoService), AvailabilityZoneIds: []string{"usw2-az2"}})
		props := AlbFrontDoorServiceProps{ServiceOptions: ServiceOptions{Endpoint: off, Routes: []string{"/off"}}, Priority: jsii.Number(50)}
		cdktest.WantErr(t, f.fdOptions.validateService("off", &props), `Endpoint Test/Off: it is in ["usw2-az2"] and the front door in ["usw2-az1" "usw2-az3"]`)
	})
}
