package provider

import (
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func zone(stack awscdk.Stack) route53.IHostedZone {
	return route53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &route53.HostedZoneAttributes{
		HostedZoneId: jsii.String("Z0123456789ABCDEFGHIJ"), ZoneName: jsii.String("example.com"),
	})
}

// TestTls: one prop turns on TLS end to end on the provider side: a TLS
// listener with a DNS-validated certificate and the recommended policy,
// plain TCP to the targets, access logs to an encrypted, expiring bucket,
// and the name verified as the endpoint service's private DNS name.
func TestTls(t *testing.T) {
	for _, pv := range providers {
		t.Run(pv.name, func(t *testing.T) {
			stack := newStack(t)
			pv.build(stack, func(o *ProviderOptions) {
				o.HealthCheckPath = jsii.String("/health")
				o.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), HostedZone: zone(stack)}
			})
			tpl := template(t, stack)
			tpl.HasResourceProperties(jsii.String("AWS::CertificateManager::Certificate"), obj{
				"DomainName": "dogs.example.com", "ValidationMethod": "DNS",
				"DomainValidationOptions": []any{obj{"DomainName": "dogs.example.com", "HostedZoneId": "Z0123456789ABCDEFGHIJ"}},
			})
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{
				"Port": 8080, "Protocol": "TLS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
				"Certificates": []any{obj{"CertificateArn": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^PCertificate"))}}},
			})
			// Targets stay plain TCP inside the VPC; health checks plain HTTP.
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Protocol": "TCP", "HealthCheckProtocol": "HTTP"})
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), obj{
				"LoadBalancerAttributes": assertions.Match_ArrayWith(&[]any{
					obj{"Key": "access_logs.s3.enabled", "Value": "true"},
					obj{"Key": "access_logs.s3.bucket", "Value": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^PAccessLogs"))}},
				}),
			})
			tpl.HasResource(jsii.String("AWS::S3::Bucket"), obj{
				"DeletionPolicy": "RetainExceptOnCreate", "UpdateReplacePolicy": "Retain",
				"Properties": obj{
					"BucketEncryption":               obj{"ServerSideEncryptionConfiguration": []any{obj{"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "AES256"}}}},
					"PublicAccessBlockConfiguration": obj{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true},
					// Kept, and empty within AccessLogDays + 1 days of the last log.
					"LifecycleConfiguration": obj{"Rules": []any{
						obj{"Id": "expire-access-logs", "ExpirationInDays": AccessLogDays, "NoncurrentVersionExpiration": obj{"NoncurrentDays": 1}, "Status": "Enabled"},
						obj{"Id": "remove-expired-delete-markers", "ExpiredObjectDeleteMarker": true, "Status": "Enabled"},
					}},
				},
			})
			tpl.HasResourceProperties(jsii.String("AWS::S3::BucketPolicy"), obj{"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]any{
				obj{"Effect": "Deny", "Action": "s3:*", "Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}, "Principal": obj{"AWS": "*"}, "Resource": assertions.Match_AnyValue()},
			})}})
			// Access logs replace the reason ELB2 was suppressed for; only the
			// deletion protection left to hardening is recorded.
			for _, lb := range *tpl.FindResources(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), nil) {
				for _, rule := range cdktest.NagRules(lb) {
					if !strings.HasSuffix(rule, "-ELBDeletionProtectionEnabled") {
						t.Errorf("the TLS load balancer still suppresses %s", rule)
					}
				}
			}
			cdktest.HasNagSuppression(tpl, "AWS::S3::Bucket", "AwsSolutions-S1", "receives access logs")
			// The name is set by a call (TestEndpointServicePrivateDnsName)
			// and verified: challenge read, TXT record, start, state.
			tpl.HasResourceProperties(jsii.String("AWS::Route53::RecordSet"), obj{
				"Type": "TXT", "HostedZoneId": "Z0123456789ABCDEFGHIJ", "TTL": "300",
				"Name":            obj{"Fn::Join": []any{"", []any{obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^PEndpointServicePrivateDnsVerificationChallenge")), "ServiceConfigurations.0.PrivateDnsNameConfiguration.Name"}}, ".dogs.example.com."}}},
				"ResourceRecords": []any{obj{"Fn::Join": []any{"", []any{"\"", obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^PEndpointServicePrivateDnsVerificationChallenge")), "ServiceConfigurations.0.PrivateDnsNameConfiguration.Value"}}, "\""}}}},
			})
			calls := 6 // 2 close the default SG, 1 sets the name, 3 verify
			if pv.name == "ec2" {
				calls++ // the image read
			}
			tpl.ResourceCountIs(jsii.String("Custom::AWS"), jsii.Number(float64(calls)))
			// Verification starts once the certificate is issued, which shows
			// that the zone is delegated; the validation record stays.
			tpl.HasResource(jsii.String("Custom::AWS"), obj{
				"Properties": obj{"Create": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{assertions.Match_StringLikeRegexp(jsii.String("startVpcEndpointServicePrivateDnsVerification"))})}}},
				"DependsOn":  assertions.Match_ArrayWith(&[]any{assertions.Match_StringLikeRegexp(jsii.String("^PCertificate"))}),
			})
			tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": []any{obj{
				"Action": "ec2:StartVpcEndpointServicePrivateDnsVerification", "Effect": "Allow",
				"Resource": obj{"Fn::Join": []any{"", []any{"arn:aws:ec2:us-west-2:123456789012:vpc-endpoint-service/", obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^PEndpointService[0-9A-F]+$"))}}}},
			}}}})
			tpl.HasOutput(jsii.String("*"), obj{"Value": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^PEndpointServicePrivateDnsVerificationState")), "ServiceConfigurations.0.PrivateDnsNameConfiguration.State"}}})
			cdktest.CfnLint(t, tpl)
		})
	}
}

// TestTlsValidationRecord: with RemoveValidationRecord, the certificate's
// validation record is read from ACM once the certificate is issued,
// rewritten with a known TTL, and deleted with it; the listener, and so
// everything that could fail a first deploy after the certificate, waits
// for that, so a rollback removes the record too. Without it
// (TestTls), nothing touches the record.
func TestTlsValidationRecord(t *testing.T) {
	stack := newStack(t)
	props := fargateProps(newVpc(stack))
	props.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), HostedZone: zone(stack), RemoveValidationRecord: jsii.Bool(true)}
	p := NewFargateProvider(stack, jsii.String("P"), props)
	tpl := template(t, stack)
	cert := obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^PCertificate"))}
	tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{"Create": obj{"Fn::Join": []any{"", []any{
		`{"action":"describeCertificate","outputPaths":["Certificate.DomainValidationOptions.0.ResourceRecord.Name","Certificate.DomainValidationOptions.0.ResourceRecord.Value"],"parameters":{"CertificateArn":"`, cert,
		`"},"physicalResourceId":{"id":"`, cert, `"},"service":"ACM"}`}}}})
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": []any{obj{"Action": "acm:DescribeCertificate", "Effect": "Allow", "Resource": cert}}}})
	own := tpl.FindResources(jsii.String("Custom::AWS"), obj{"Properties": obj{"Create": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{assertions.Match_StringLikeRegexp(jsii.String(`"action":"changeResourceRecordSets"`))})}}}})
	if len(*own) != 1 {
		t.Fatalf("%d resources own the record, want 1", len(*own))
	}
	for id, r := range *own {
		props := (*r)["Properties"].(map[string]any)
		create, del := mustJSON(t, props["Create"]), mustJSON(t, props["Delete"])
		for _, want := range []string{`\"Action\":\"UPSERT\"`, `\"TTL\":300,\"Type\":\"CNAME\"`, `PValidationRecordRead`, `\"HostedZoneId\":\"Z0123456789ABCDEFGHIJ\"`} {
			if !strings.Contains(create, want) {
				t.Errorf("%s: Create %s lacks %s", id, create, want)
			}
		}
		for _, want := range []string{`\"Action\":\"DELETE\"`, `\"TTL\":300,\"Type\":\"CNAME\"`, `\"ignoreErrorCodesMatching\":\"InvalidChangeBatch\"`} {
			if !strings.Contains(del, want) {
				t.Errorf("%s: Delete %s lacks %s", id, del, want)
			}
		}
		tpl.HasResource(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"DependsOn": assertions.Match_ArrayWith(&[]any{id})})
	}
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": []any{obj{
		"Action": "route53:ChangeResourceRecordSets", "Effect": "Allow", "Resource": "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"}}}})
	if p.Tls.ValidationRecord == nil {
		t.Fatal("Tls.ValidationRecord not set")
	}
	cdktest.CfnLint(t, tpl)
}

// TestTlsOptions: re-encryption to the targets, a given certificate, a
// policy of one's own.
func TestTlsOptions(t *testing.T) {
	stack := newStack(t)
	arn := "arn:aws:acm:us-west-2:222222222222:certificate/0f0a1b2c-3d4e-5f60-7182-93a4b5c6d7e8"
	props := fargateProps(newVpc(stack))
	props.HealthCheckPath = jsii.String("/health")
	props.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), Certificate: acm.Certificate_FromCertificateArn(stack, jsii.String("Cert"), jsii.String(arn)), TargetsTerminateTls: jsii.Bool(true), SslPolicy: "TLS13_13"}
	p := NewFargateProvider(stack, jsii.String("P"), props)
	tpl := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::CertificateManager::Certificate"), jsii.Number(0))
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{
		"Protocol": "TLS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06", "Certificates": []any{obj{"CertificateArn": arn}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Protocol": "TLS", "HealthCheckProtocol": "HTTPS", "HealthCheckPath": "/health"})
	// Without a zone the name is set but verified by hand.
	tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{"Create": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{
		`{"action":"modifyVpcEndpointServiceConfiguration","parameters":{"PrivateDnsName":"dogs.example.com","ServiceId":"`})}}})
	tpl.ResourceCountIs(jsii.String("AWS::Route53::RecordSet"), jsii.Number(0))
	if p.Tls == nil || *p.Tls.Certificate.CertificateArn() != arn || p.EndpointService.PrivateDnsVerification != nil {
		t.Fatalf("Tls %+v, verification %v", p.Tls, p.EndpointService.PrivateDnsVerification)
	}
	cdktest.CfnLint(t, tpl)
}

func TestTlsValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(awscdk.Stack, *ProviderOptions)
		want   string
	}{
		{"no name", func(s awscdk.Stack, o *ProviderOptions) { o.Tls = &TlsOptions{HostedZone: zone(s)} }, "Tls.DomainName is nil: want the name consumers reach the service at"},
		{"bad name", func(s awscdk.Stack, o *ProviderOptions) {
			o.Tls = &TlsOptions{DomainName: jsii.String("dogs..example.com"), HostedZone: zone(s)}
		}, `Tls.DomainName "dogs..example.com"`},
		{"neither zone nor certificate", func(s awscdk.Stack, o *ProviderOptions) {
			o.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com")}
		},
			"Tls.HostedZone is nil and no Tls.Certificate: give the public hosted zone of dogs.example.com"},
		{"not a certificate ARN", func(s awscdk.Stack, o *ProviderOptions) {
			o.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), Certificate: acm.Certificate_FromCertificateArn(s, jsii.String("Cert"), jsii.String("arn:aws:iam::222222222222:server-certificate/x"))}
		}, `Tls.Certificate "arn:aws:iam::222222222222:server-certificate/x": want an ACM certificate`},
		{"certificate of another region", func(s awscdk.Stack, o *ProviderOptions) {
			o.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), Certificate: acm.Certificate_FromCertificateArn(s, jsii.String("Cert"), jsii.String("arn:aws:acm:us-east-1:222222222222:certificate/0f0a1b2c-3d4e"))}
		}, `Tls.Certificate "arn:aws:acm:us-east-1:222222222222:certificate/0f0a1b2c-3d4e": a certificate in us-east-1, but the load balancer is in us-west-2`},
		{"another private DNS name", func(s awscdk.Stack, o *ProviderOptions) {
			o.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), HostedZone: zone(s)}
			o.EndpointService.PrivateDnsName = jsii.String("cats.example.com")
		}, `EndpointService.PrivateDnsName "cats.example.com": differs from Tls.DomainName "dogs.example.com"`},
		{"zone without a name", func(s awscdk.Stack, o *ProviderOptions) { o.EndpointService.PrivateDnsZone = zone(s) },
			"PrivateDnsZone is set but PrivateDnsName is nil"},
		{"no record of ours to remove", func(s awscdk.Stack, o *ProviderOptions) {
			o.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), Certificate: acm.Certificate_FromCertificateArn(s, jsii.String("Cert"), jsii.String("arn:aws:acm:us-west-2:222222222222:certificate/0f0a1b2c-3d4e")), RemoveValidationRecord: jsii.Bool(true)}
		}, "Tls.RemoveValidationRecord is true, but the certificate is not created here (Tls.Certificate, or no Tls.HostedZone): there is no validation record of this provider's to remove; drop it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack(t)
			props := fargateProps(newVpc(stack))
			tc.change(stack, &props.ProviderOptions)
			mustPanic(t, func() { NewFargateProvider(stack, jsii.String("P"), props) }, "provider.FargateProvider at Test/P: "+tc.want)
		})
	}
}

func TestPrivateDnsVerificationValidation(t *testing.T) {
	stack := newStack(t)
	mustPanic(t, func() { NewPrivateDnsVerification(stack, jsii.String("V"), nil) },
		"provider.PrivateDnsVerification at Test/V: ServiceId is nil", "PrivateDnsName is nil", "HostedZone is nil")
	mustPanic(t, func() {
		NewPrivateDnsVerification(stack, jsii.String("V"), &PrivateDnsVerificationProps{ServiceId: jsii.String("vpce-svc-0123"), PrivateDnsName: jsii.String("-x.example.com"), HostedZone: zone(stack)})
	}, `provider.PrivateDnsVerification at Test/V: PrivateDnsName "-x.example.com"`)
}
