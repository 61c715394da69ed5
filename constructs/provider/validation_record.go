package provider

import (
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
)

// Child ids of ValidationRecord; part of the providers' contract.
const (
	idValidationRecord = "ValidationRecord"
	idValidationRead   = "Read"
	idValidationOwn    = "Own"
)

// ValidationRecordTtl is the TTL, in seconds, ValidationRecord gives the
// certificate's validation record: a DELETE in Route 53 must name the
// record's TTL exactly.
const ValidationRecordTtl = 300

const validationPath = "Certificate.DomainValidationOptions.0.ResourceRecord."

// ValidationRecord takes charge of a created certificate's DNS validation
// record, so that it is deleted with the certificate
// (TlsOptions.RemoveValidationRecord). CloudFormation writes the record
// when it creates the certificate and leaves it behind when it deletes it;
// a hosted zone that holds it cannot be deleted (HostedZoneNotEmpty). With
// aws-cdk-lib's AwsCustomResource (package internal/sdkcall):
//
//  1. Read: the record's name and value, from acm:DescribeCertificate on
//     this certificate, once it is issued;
//  2. Own: the record written again with ValidationRecordTtl
//     (route53:ChangeResourceRecordSets UPSERT on this zone), and deleted
//     when this resource is deleted, which CloudFormation does before it
//     deletes the certificate and the zone.
//
// The provider's listener depends on it, so every resource that could fail
// a first deploy after the certificate exists does so only once the record
// is owned, and the rollback deletes it.
type ValidationRecord struct {
	constructs.Construct
	// Name and Value of the CNAME record.
	Name, Value *string
}

func newValidationRecord(scope constructs.Construct, cert acm.Certificate, zone route53.IHostedZone) *ValidationRecord {
	this := &ValidationRecord{Construct: constructs.NewConstruct(scope, jsii.String(idValidationRecord))}
	read := sdkcall.New(this.Construct, idValidationRead, sdkcall.Call{
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
				"Name": this.Name, "Type": "CNAME", "TTL": ValidationRecordTtl,
				"ResourceRecords": []map[string]any{{"Value": this.Value}},
			},
		}}}}
	}
	sdkcall.New(this.Construct, idValidationOwn, sdkcall.Call{
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

// own is the resource that deletes the record; the listener depends on it.
func (r *ValidationRecord) own() customresources.AwsCustomResource {
	var cr customresources.AwsCustomResource
	jsii.UnsafeCast(r.Node().FindChild(jsii.String(idValidationOwn)), &cr)
	return cr
}
