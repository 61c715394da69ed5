package consumer

import (
	"path"
	"strings"

	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	route53targets "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53targets"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/certrecord"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of GatewayDomain; part of the construct's contract.
const (
	idDomainCertificate = "Certificate"
	idDomainName        = "DomainName"
	idDomainMapping     = "Mapping"
	idDomainAlias       = "Alias"
)

// GatewayDomainOptions give a Gateway's HTTP API its own name, the front
// door of TLS end to end.
type GatewayDomainOptions struct {
	// DomainName of the API, such as api.example.com. Required.
	DomainName *string
	// Certificate for DomainName, an ACM certificate in the API's region.
	// Default: one is created and validated through DNS in HostedZone.
	Certificate acm.ICertificate
	// HostedZone is the public hosted zone of DomainName (or of a parent
	// domain): it validates a created certificate and gets an alias record
	// of DomainName to the API.
	// Default: none; then Certificate is required and the DNS record is
	// yours to create (GatewayDomain.Name has its target).
	HostedZone route53.IHostedZone
	// RemoveValidationRecord deletes a created certificate's DNS validation
	// record from HostedZone when the certificate is deleted, as
	// provider.TlsOptions.RemoveValidationRecord does: set it for a zone
	// your app creates and deletes.
	// Default: false; the record stays in the zone.
	RemoveValidationRecord *bool
	// MutualTls makes clients present a certificate signed by a CA of the
	// truststore, a PEM bundle in S3, as API Gateway supports for HTTP APIs
	// with a Regional custom domain and TLS 1.2 (both of which this
	// construct sets). See MutualTlsOptions for what the truststore must
	// be.
	// Default: none; server-authenticated TLS only.
	MutualTls *MutualTlsOptions
}

// MutualTlsOptions locate the truststore of mutual TLS. API Gateway
// requires ("Configuring mutual TLS authentication for an HTTP API",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mutual-tls.html):
//
//   - one text file of PEM certificates (-----BEGIN CERTIFICATE-----) with
//     the .pem extension, the CAs whose clients you trust, public, private
//     or self-signed;
//   - certificate chains of at most four, signed with SHA-256 or stronger,
//     with RSA keys of 2048 bits or more or ECDSA keys of 256 bits or more;
//   - the object readable by whoever deploys (the CloudFormation execution
//     role reads it with s3:GetObject when it creates or updates the
//     domain);
//   - Version only in a bucket with versioning on. Without it, a new
//     truststore written over the same key is read only when the domain is
//     next updated; with it, a deploy with the new version updates it.
//
// Certificates that fail these checks do not fail the deploy: API Gateway
// reports them as the domain's truststore warnings
// (aws apigatewayv2 get-domain-name --domain-name ... --query
// 'MutualTlsAuthentication.TruststoreWarnings'), and their clients are
// refused with 403. API Gateway does not check revocation, nor warn when a
// certificate of the truststore expires.
type MutualTlsOptions struct {
	// Bucket and Key of the truststore; Key ends with .pem. Required.
	Bucket s3.IBucket
	Key    *string
	// Version of the truststore object, for a versioned bucket, so that a
	// new truststore is rolled out by a deploy.
	// Default: the latest version.
	Version *string
}

// GatewayDomain is the API's custom domain: the name with its certificate
// (TLS 1.2 at least), the mapping to the gateway's stage and, with a
// hosted zone, the alias record. The gateway turns its execute-api
// endpoint off, so no request bypasses the name (or its mutual TLS).
type GatewayDomain struct {
	constructs.Construct
	// Name is the API Gateway domain name; Certificate its certificate.
	Name        apigw.DomainName
	Certificate acm.ICertificate
	// Url is https://<DomainName>.
	Url *string
}

// validate records every problem of the options; it is pure Go.
func (o *GatewayDomainOptions) validate(p *check.Problems) {
	if o.DomainName == nil {
		p.Addf("Domain.DomainName is nil: want the API's name, such as api.example.com")
	} else {
		p.Add("Domain.DomainName", check.DNSName(*o.DomainName))
	}
	if o.Certificate == nil && o.HostedZone == nil {
		p.Addf("Domain.Certificate and Domain.HostedZone are nil: give an ACM certificate for the name, or the public hosted zone to create one in")
	}
	if m := o.MutualTls; m != nil {
		if m.Bucket == nil {
			p.Addf("Domain.MutualTls.Bucket is nil: want the S3 bucket of the truststore")
		}
		switch {
		case m.Key == nil || *m.Key == "":
			p.Addf("Domain.MutualTls.Key is empty: want the key of the truststore (a PEM bundle of CA certificates) in the bucket")
		case !check.IsToken(*m.Key) && !strings.HasSuffix(*m.Key, ".pem"):
			p.Addf("Domain.MutualTls.Key %q: API Gateway takes a truststore as a text file with the .pem extension; upload the PEM bundle as, for example, %s.pem", *m.Key, strings.TrimSuffix(*m.Key, path.Ext(*m.Key)))
		}
		if m.Version != nil && !check.IsToken(*m.Version) && *m.Version == "" {
			p.Addf("Domain.MutualTls.Version is empty: give the object version of the truststore (its bucket must be versioned), or leave it nil for the latest")
		}
	}
	if defaults.True(o.RemoveValidationRecord) && (o.Certificate != nil || o.HostedZone == nil) {
		p.Addf("Domain.RemoveValidationRecord is true, but the certificate is not created here (Domain.Certificate, or no Domain.HostedZone): there is no validation record of the gateway's to remove; drop it")
	}
}

// newGatewayDomain builds the domain for the stage, from options already
// validated.
func newGatewayDomain(scope constructs.Construct, id string, o *GatewayDomainOptions, api apigw.HttpApi, stage apigw.HttpStage) *GatewayDomain {
	this := &GatewayDomain{Construct: constructs.NewConstruct(scope, jsii.String(id)), Certificate: o.Certificate}
	var record *certrecord.Record
	if this.Certificate == nil {
		cert := acm.NewCertificate(this.Construct, jsii.String(idDomainCertificate), &acm.CertificateProps{
			DomainName: o.DomainName,
			Validation: acm.CertificateValidation_FromDns(o.HostedZone),
		})
		this.Certificate = cert
		if defaults.True(o.RemoveValidationRecord) {
			record = certrecord.New(this.Construct, cert, o.HostedZone)
		}
	}
	props := &apigw.DomainNameProps{
		DomainName:     o.DomainName,
		Certificate:    this.Certificate,
		SecurityPolicy: apigw.SecurityPolicy_TLS_1_2,
	}
	if m := o.MutualTls; m != nil {
		props.Mtls = &apigw.MTLSConfig{Bucket: m.Bucket, Key: m.Key, Version: m.Version}
	}
	this.Name = apigw.NewDomainName(this.Construct, jsii.String(idDomainName), props)
	if record != nil {
		// The rest of the deploy waits for the record to be owned, so a
		// rollback removes it.
		this.Name.Node().AddDependency(record.Own)
	}
	apigw.NewApiMapping(this.Construct, jsii.String(idDomainMapping), &apigw.ApiMappingProps{Api: api, DomainName: this.Name, Stage: stage})
	if o.HostedZone != nil {
		route53.NewARecord(this.Construct, jsii.String(idDomainAlias), &route53.ARecordProps{
			Zone:       o.HostedZone,
			RecordName: jsii.String(*o.DomainName + "."),
			Target: route53.RecordTarget_FromAlias(route53targets.NewApiGatewayv2DomainProperties(
				this.Name.RegionalDomainName(), this.Name.RegionalHostedZoneId())),
		})
	}
	this.Url = jsii.String("https://" + *o.DomainName)
	return this
}
