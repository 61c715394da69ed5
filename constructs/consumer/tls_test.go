package consumer

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// TestGatewayTlsService: a service whose provider serves TLS is reached
// with HTTPS, and API Gateway verifies the provider's name; the gateway's
// load balancer passes the TLS through, and health checks use HTTPS.
func TestGatewayTlsService(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 2)
	gw := NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: vpc})
	tlsEp := NewServiceEndpoint(stack, jsii.String("dogsEndpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService), PrivateDnsEnabled: jsii.Bool(true)})
	gw.AddService("dogs", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: tlsEp, Routes: []string{"/dogs"}, HealthCheckPath: jsii.String("/health"), TlsServerName: jsii.String("dogs.example.com")}, ListenerPort: jsii.Number(10000)})
	plainEp := NewServiceEndpoint(stack, jsii.String("todoEndpoint"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)})
	gw.AddService("todo", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: plainEp, Routes: []string{"/todo"}, HealthCheckPath: jsii.String("/health")}, ListenerPort: jsii.Number(10001)})
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{"PrivateDnsEnabled": true, "VpcEndpointType": "Interface"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Integration"), obj{
		"IntegrationUri": ref("GatewaydogsListener"), "TlsConfig": obj{"ServerNameToVerify": "dogs.example.com"},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Integration"), obj{
		"IntegrationUri": ref("GatewaytodoListener"), "TlsConfig": assertions.Match_Absent(),
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 10000, "Protocol": "TCP"})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Port": 8080, "Protocol": "TCP", "HealthCheckProtocol": "HTTPS", "HealthCheckPath": "/health"})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Port": 8080, "Protocol": "TCP", "HealthCheckProtocol": "HTTP", "HealthCheckPath": "/health"})
	cdktest.CfnLint(t, tpl)

	cdktest.MustPanic(t, func() {
		gw.AddService("cats", &GatewayServiceProps{ServiceOptions: ServiceOptions{Endpoint: plainEp, Routes: []string{"/cats"}, TlsServerName: jsii.String("Cats")}, ListenerPort: jsii.Number(10002)})
	}, `consumer.Gateway at Test/Gateway/cats: TlsServerName "Cats"`)
}

// TestGatewayDomain: the API's own name with a created certificate and an
// alias record; the execute-api endpoint is off, and the URL is the name.
func TestGatewayDomain(t *testing.T) {
	stack := newStack(t)
	zone := route53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &route53.HostedZoneAttributes{HostedZoneId: jsii.String("Z0123456789ABCDEFGHIJ"), ZoneName: jsii.String("example.com")})
	_, gw := gatewayStackIn(t, stack, &GatewayProps{Domain: &GatewayDomainOptions{DomainName: jsii.String("api.example.com"), HostedZone: zone}})
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Api"), obj{"DisableExecuteApiEndpoint": true})
	tpl.HasResourceProperties(jsii.String("AWS::CertificateManager::Certificate"), obj{"DomainName": "api.example.com", "ValidationMethod": "DNS"})
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::DomainName"), obj{
		"DomainName":               "api.example.com",
		"DomainNameConfigurations": []any{obj{"CertificateArn": ref("GatewayDomainCertificate"), "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}},
		"MutualTlsAuthentication":  assertions.Match_Absent(),
	})
	tpl.HasResource(jsii.String("AWS::ApiGatewayV2::ApiMapping"), obj{
		"Properties": obj{"ApiId": ref("GatewayApi"), "DomainName": ref("GatewayDomainDomainName"), "Stage": "$default"},
		"DependsOn":  []any{assertions.Match_StringLikeRegexp(jsii.String("^GatewayDefaultStage"))},
	})
	tpl.HasResourceProperties(jsii.String("AWS::Route53::RecordSet"), obj{"Name": "api.example.com.", "Type": "A", "HostedZoneId": "Z0123456789ABCDEFGHIJ"})
	if *gw.Url != "https://api.example.com" || gw.Domain == nil {
		t.Fatalf("Url %q, Domain %v", *gw.Url, gw.Domain)
	}
	tpl.HasOutput(jsii.String("*"), obj{"Value": "https://api.example.com"})
	cdktest.CfnLint(t, tpl)
}

// TestGatewayDomainValidationRecord: with RemoveValidationRecord, the
// created certificate's validation record is owned and removed with it,
// and the domain name waits for that.
func TestGatewayDomainValidationRecord(t *testing.T) {
	stack := newStack(t)
	zone := route53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &route53.HostedZoneAttributes{HostedZoneId: jsii.String("Z0123456789ABCDEFGHIJ"), ZoneName: jsii.String("example.com")})
	gatewayStackIn(t, stack, &GatewayProps{Domain: &GatewayDomainOptions{DomainName: jsii.String("api.example.com"), HostedZone: zone, RemoveValidationRecord: jsii.Bool(true)}})
	tpl := template(t, stack)
	own := tpl.FindResources(jsii.String("Custom::AWS"), obj{"Properties": obj{"Delete": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{assertions.Match_StringLikeRegexp(jsii.String(`"action":"changeResourceRecordSets"`))})}}}})
	if len(*own) != 1 {
		t.Fatalf("%d resources remove the record, want 1", len(*own))
	}
	for id := range *own {
		tpl.HasResource(jsii.String("AWS::ApiGatewayV2::DomainName"), obj{"DependsOn": assertions.Match_ArrayWith(&[]any{id})})
	}
	tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{"Create": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{assertions.Match_StringLikeRegexp(jsii.String(`"action":"describeCertificate"`))})}}})
	cdktest.CfnLint(t, tpl)
}

// TestGatewayMutualTls: a given certificate, a truststore in S3, no DNS
// record without a zone.
func TestGatewayMutualTls(t *testing.T) {
	stack := newStack(t)
	cert := acm.Certificate_FromCertificateArn(stack, jsii.String("Cert"), jsii.String("arn:aws:acm:us-west-2:111111111111:certificate/0f0a1b2c-3d4e-5f60-7182-93a4b5c6d7e8"))
	bucket := s3.Bucket_FromBucketName(stack, jsii.String("Trust"), jsii.String("truststore-bucket"))
	gatewayStackIn(t, stack, &GatewayProps{Domain: &GatewayDomainOptions{
		DomainName: jsii.String("api.example.com"), Certificate: cert,
		MutualTls: &MutualTlsOptions{Bucket: bucket, Key: jsii.String("truststore.pem"), Version: jsii.String("v1")},
	}})
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::DomainName"), obj{
		"DomainNameConfigurations": []any{obj{"CertificateArn": "arn:aws:acm:us-west-2:111111111111:certificate/0f0a1b2c-3d4e-5f60-7182-93a4b5c6d7e8", "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}},
		"MutualTlsAuthentication":  obj{"TruststoreUri": "s3://truststore-bucket/truststore.pem", "TruststoreVersion": "v1"},
	})
	tpl.ResourceCountIs(jsii.String("AWS::CertificateManager::Certificate"), jsii.Number(0))
	tpl.ResourceCountIs(jsii.String("AWS::Route53::RecordSet"), jsii.Number(0))
	cdktest.CfnLint(t, tpl)
}

func TestGatewayDomainValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		domain *GatewayDomainOptions
		want   []string
	}{
		{"nothing", &GatewayDomainOptions{}, []string{"Domain.DomainName is nil", "Domain.Certificate and Domain.HostedZone are nil"}},
		{"bad name", &GatewayDomainOptions{DomainName: jsii.String("Api.example.com"), MutualTls: &MutualTlsOptions{}},
			[]string{`Domain.DomainName "Api.example.com"`, "Domain.MutualTls.Bucket is nil", "Domain.MutualTls.Key is empty"}},
		{"truststore not a .pem file", &GatewayDomainOptions{DomainName: jsii.String("api.example.com"), Certificate: acm.Certificate_FromCertificateArn(newStack(t), jsii.String("C"), jsii.String("arn:aws:acm:us-west-2:111111111111:certificate/0f0a")),
			MutualTls: &MutualTlsOptions{Bucket: s3.Bucket_FromBucketName(newStack(t), jsii.String("B"), jsii.String("trust-bucket")), Key: jsii.String("cas/trust.crt"), Version: jsii.String("")}},
			[]string{`Domain.MutualTls.Key "cas/trust.crt": API Gateway takes a truststore as a text file with the .pem extension; upload the PEM bundle as, for example, cas/trust.pem`,
				"Domain.MutualTls.Version is empty: give the object version of the truststore (its bucket must be versioned), or leave it nil for the latest"}},
		{"no record of ours to remove", &GatewayDomainOptions{DomainName: jsii.String("api.example.com"), RemoveValidationRecord: jsii.Bool(true),
			Certificate: acm.Certificate_FromCertificateArn(newStack(t), jsii.String("C"), jsii.String("arn:aws:acm:us-west-2:111111111111:certificate/0f0a"))},
			[]string{"Domain.RemoveValidationRecord is true, but the certificate is not created here (Domain.Certificate, or no Domain.HostedZone): there is no validation record of the gateway's to remove; drop it"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack(t)
			cdktest.MustPanic(t, func() {
				NewGateway(stack, jsii.String("Gateway"), &GatewayProps{Vpc: newVpc(stack, 2), Domain: tc.domain})
			}, append([]string{"consumer.Gateway at Test/Gateway: "}, tc.want...)...)
		})
	}
}
