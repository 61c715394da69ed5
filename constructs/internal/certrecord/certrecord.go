// Package certrecord takes charge of an ACM certificate's DNS validation
// record, so that it is deleted with the certificate. Both sides use it:
// provider.TlsOptions and consumer.GatewayDomainOptions
// (RemoveValidationRecord).
package certrecord

import (
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
)

// Child ids of Record; part of the constructs' contract.
const (
	ID     = "ValidationRecord"
	idRead = "Read"
	idOwn  = "Own"
)

// Ttl is the TTL, in seconds, Record gives the certificate's validation
// record: a DELETE in Route 53 must name the record's TTL exactly.
const Ttl = 300

const validationPath = "Certificate.DomainValidationOptions.0.ResourceRecord."

// Record takes charge of a created certificate's DNS validation record, so
// that it is deleted with the certificate. CloudFormation writes the record
// when it creates the certificate and leaves it behind when it deletes it;
// a hosted zone that holds it cannot be deleted (HostedZoneNotEmpty). With
// aws-cdk-lib's AwsCustomResource (package internal/sdkcall):
//
//  1. Read: the record's name and value, from acm:DescribeCertificate on
//     this certificate, once it is issued;
//  2. Own: the record written again with Ttl
//     (route53:ChangeResourceRecordSets UPSERT on this zone), and deleted
//     when this resource is deleted, which CloudFormation does before it
//     deletes the certificate and the zone.
//
// Whatever uses the certificate should depend on Own, so that every
// resource that could fail a first deploy after the certificate exists
// does so only once the record is owned, and the rollback deletes it.
type Record struct {
	constructs.Construct
	// Name and Value of the CNAME record.
	Name, Value *string
	// Own deletes the record when it is deleted.
	Own customresources.AwsCustomResource
}

// New creates the Record of cert, validated in zone, in scope.
func New(scope constructs.Construct, cert acm.Certificate, zone route53.IHostedZone) *Record {
	this := &Record{Construct: constructs.NewConstruct(scope, jsii.String(ID))}
	read := sdkcall.New(this.Construct, idRead, sdkcall.Call{
		Service: "ACM", Action: "describeCertificate",
		Parameters:         map[string]any{"CertificateArn": cert.CertificateArn()},
		PhysicalResourceId: cert.CertificateArn(),
		OutputPaths:        []*string{jsii.String(validationPath + "Name"), jsii.String(validationPath + "Value")},
		Resources:          []*string{cert.CertificateArn()},
	})
	this.Name, this.Value = read.GetResponseField(jsii.String(validationPath+"Name")), read.GetResponseField(jsii.String(validationPath+"Value"))
	change := func(action string) map[string]any {
		return map[string]any{"HostedZoneId": zone.HostedZoneId(), "ChangeBatch": map[string]any{"Changes": []map[string]any{{
			"Action": action,
			"ResourceRecordSet": map[string]any{
				"Name": this.Name, "Type": "CNAME", "TTL": Ttl,
				"ResourceRecords": []map[string]any{{"Value": this.Value}},
			},
		}}}}
	}
	this.Own = sdkcall.New(this.Construct, idOwn, sdkcall.Call{
		Service: "Route53", Action: "changeResourceRecordSets",
		Parameters:         change("UPSERT"),
		PhysicalResourceId: this.Name,
		Resources:          []*string{zone.HostedZoneArn()},
		Delete: &sdkcall.Call{Service: "Route53", Action: "changeResourceRecordSets", Parameters: change("DELETE"),
			// Route 53 answers InvalidChangeBatch for a record that is gone.
			IgnoreErrorCodes: "InvalidChangeBatch"},
	})
	return this
}
