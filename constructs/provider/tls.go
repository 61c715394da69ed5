package provider

import (
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	kms "github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/hardening"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/certrecord"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logbucket"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of a provider with TLS; part of the providers' contract.
const (
	idCertificate   = "Certificate"
	idAccessLogs    = "AccessLogs"
	idAccessLogsKey = "AccessLogsKey"
)

// DefaultSslPolicy of TLS listeners: ELBSecurityPolicy-TLS13-1-2-2021-06,
// TLS 1.3 and 1.2 and nothing older, 1.3 negotiated whenever the client
// offers it. It is the policy AWS recommends for Network Load Balancer TLS
// listeners ("Security policies for your Network Load Balancer",
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html).
const DefaultSslPolicy = elbv2.SslPolicy_RECOMMENDED_TLS

// AccessLogDays is how long the load balancer's access logs are kept.
const AccessLogDays = 90

// TlsOptions turn the provider's listener into a TLS listener, so that
// traffic is encrypted from the consumer's client (or API Gateway) to the
// provider's load balancer, across PrivateLink.
type TlsOptions struct {
	// DomainName consumers reach the service at, such as dogs.example.com:
	// the name on the certificate, and the endpoint service's private DNS
	// name, which consumers resolve to their endpoint with private DNS on.
	// Required.
	DomainName *string
	// Certificate is an ACM certificate for DomainName, in the provider's
	// account and region, such as acm.Certificate_FromCertificateArn.
	// Default: a certificate is created and validated through DNS in
	// HostedZone (ACM public certificates are free).
	Certificate acm.ICertificate
	// HostedZone is the public hosted zone of DomainName or of a parent
	// domain. It validates the created certificate, and holds the TXT record
	// that proves to AWS that the provider owns the private DNS name
	// (EndpointService.PrivateDnsVerification). Required unless
	// CertificateArn is given; without it the private DNS name is verified
	// by hand (aws ec2 start-vpc-endpoint-service-private-dns-verification).
	HostedZone route53.IHostedZone
	// SslPolicy of the listener.
	// Default: DefaultSslPolicy.
	SslPolicy elbv2.SslPolicy
	// RemoveValidationRecord deletes the certificate's DNS validation record
	// from HostedZone when the certificate is deleted. CloudFormation writes
	// that record into the zone and never removes it (the
	// cloudformation-coverage-roadmap issue 837), so a zone deleted with
	// your app, in this stack or another, fails with HostedZoneNotEmpty and
	// its stack ends DELETE_FAILED. Set it for a zone your app creates and
	// deletes; leave it off for a zone that outlives the app, where the
	// record is harmless and every certificate for DomainName in this
	// account shares it (ACM reuses one record per name and account, so
	// deleting it would stop their renewal). The record is read from ACM
	// once the certificate is issued and rewritten with a TTL of 300 s, so
	// that it can be deleted exactly.
	// Default: false; the record stays in the zone.
	RemoveValidationRecord *bool
	// TargetsTerminateTls re-encrypts from the load balancer to the targets
	// (a TLS target group, HTTPS health checks), for workloads that serve
	// TLS themselves.
	// Default: false; plain TCP inside the VPC, where only the load balancer
	// and the targets' security group reach the targets.
	TargetsTerminateTls *bool
}

var certificateArnRe = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate/[0-9a-f-]+$`)

// validate records every problem of the options of a provider in region
// (which may be a token); privateDnsName is the endpoint service's own.
func (o *TlsOptions) validate(p *check.Problems, region string, privateDnsName *string) {
	if o.DomainName == nil {
		p.Addf("Tls.DomainName is nil: want the name consumers reach the service at, such as dogs.example.com")
	} else if err := check.DNSName(*o.DomainName); err != nil {
		p.Add("Tls.DomainName", err)
	}
	if o.Certificate != nil {
		if arn := *o.Certificate.CertificateArn(); !check.IsToken(arn) {
			m := certificateArnRe.FindStringSubmatch(arn)
			switch {
			case m == nil:
				p.Addf("Tls.Certificate %q: want an ACM certificate, arn:aws:acm:<region>:<account>:certificate/<id>", arn)
			case !check.IsToken(region) && m[1] != region:
				p.Addf("Tls.Certificate %q: a certificate in %s, but the load balancer is in %s; a listener uses certificates of its own region", arn, m[1], region)
			}
		}
	}
	if defaults.True(o.RemoveValidationRecord) && (o.Certificate != nil || o.HostedZone == nil) {
		p.Addf("Tls.RemoveValidationRecord is true, but the certificate is not created here (Tls.Certificate, or no Tls.HostedZone): there is no validation record of this provider's to remove; drop it")
	}
	if o.Certificate == nil && o.HostedZone == nil {
		p.Addf("Tls.HostedZone is nil and no Tls.Certificate: give the public hosted zone of %s to create and validate a certificate, or the certificate", deref(o.DomainName))
	}
	if privateDnsName != nil && o.DomainName != nil && *privateDnsName != *o.DomainName {
		p.Addf("EndpointService.PrivateDnsName %q: differs from Tls.DomainName %q; consumers verify the certificate against the name they resolve, so leave PrivateDnsName out (it follows Tls.DomainName)", *privateDnsName, *o.DomainName)
	}
}

func deref(s *string) string {
	if s == nil {
		return "the service's name"
	}
	return *s
}

// ProviderTls is what a provider with TlsOptions adds.
type ProviderTls struct {
	// Certificate of the listener, created or imported.
	Certificate acm.ICertificate
	// ValidationRecord holds the resources that remove the created
	// certificate's DNS validation record on delete, with
	// TlsOptions.RemoveValidationRecord (its child "Own" deletes it); else
	// nil.
	ValidationRecord constructs.IConstruct
	// AccessLogs is the bucket of the load balancer's access logs (TLS
	// listeners only): S3-managed encryption (AccessLogsKey with
	// hardening), TLS-only access, no public access, versioned, objects
	// expire after AccessLogDays.
	AccessLogs    s3.Bucket
	AccessLogsKey kms.Key
	// DomainName the certificate is for.
	DomainName *string

	validationRecord *certrecord.Record
}

// newTls creates or imports the listener's certificate, and the access log
// bucket, and turns the load balancer's access logs on.
func newTls(scope constructs.Construct, o *TlsOptions, lb elbv2.NetworkLoadBalancer) *ProviderTls {
	t := &ProviderTls{DomainName: o.DomainName}
	if o.Certificate != nil {
		t.Certificate = o.Certificate
	} else {
		cert := acm.NewCertificate(scope, jsii.String(idCertificate), &acm.CertificateProps{
			DomainName: o.DomainName,
			Validation: acm.CertificateValidation_FromDns(o.HostedZone),
		})
		t.Certificate = cert
		if defaults.True(o.RemoveValidationRecord) {
			t.validationRecord = certrecord.New(scope, cert, o.HostedZone)
			t.ValidationRecord = t.validationRecord
		}
	}
	// Network Load Balancer access logs are delivered to buckets with
	// S3-managed keys (free) or customer managed KMS keys (with hardening).
	var key kms.IKey
	if hardening.Enabled(scope) {
		t.AccessLogsKey = accessLogsKey(scope)
		key = t.AccessLogsKey
	}
	t.AccessLogs = logbucket.New(scope, idAccessLogs, AccessLogDays, key, nag.ReasonBucketKey)
	lb.LogAccessLogs(t.AccessLogs, nil)
	return t
}

// accessLogsKey encrypts the access log bucket: rotated yearly, usable by
// the log delivery service for this account only.
func accessLogsKey(scope constructs.Construct) kms.Key {
	key := kms.NewKey(scope, jsii.String(idAccessLogsKey), &kms.KeyProps{
		Description:       jsii.String("Encrypts the access logs of a PrivateLink service's load balancer"),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     defaults.Kept(), // with the logs
	})
	key.AddToResourcePolicy(iam.NewPolicyStatement(&iam.PolicyStatementProps{
		Sid:        jsii.String("LogDeliveryOfThisAccount"),
		Principals: &[]iam.IPrincipal{iam.NewServicePrincipal(jsii.String("delivery.logs.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"),
		Resources:  jsii.Strings("*"), // in a key policy, "*" is this key
		Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Stack_Of(scope).Account()}},
	}), nil)
	return key
}

// listenerProtocols are the listener's and target group's protocols.
func (o *TlsOptions) listenerProtocols() (listener, targets elbv2.Protocol) {
	if o == nil {
		return elbv2.Protocol_TCP, elbv2.Protocol_TCP
	}
	if o.TargetsTerminateTls != nil && *o.TargetsTerminateTls {
		return elbv2.Protocol_TLS, elbv2.Protocol_TLS
	}
	return elbv2.Protocol_TLS, elbv2.Protocol_TCP
}

func (o *TlsOptions) sslPolicy() elbv2.SslPolicy {
	if o.SslPolicy != "" {
		return o.SslPolicy
	}
	return DefaultSslPolicy
}
