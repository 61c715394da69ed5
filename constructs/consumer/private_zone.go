package consumer

import (
	"fmt"

	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	r53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of PrivateZone; part of the construct's contract.
const idZone = "Zone"

// PrivateZoneProps configure a PrivateZone.
type PrivateZoneProps struct {
	// ZoneName such as internal.example. Required.
	ZoneName *string
	// Vpc the zone answers in. Required.
	Vpc ec2.IVpc
	// MoreVpcs the zone also answers in.
	// Default: none.
	MoreVpcs []ec2.IVpc
}

// PrivateZone is a Route 53 private hosted zone with alias records to
// service endpoints, so clients inside the VPCs use stable names.
type PrivateZone struct {
	constructs.Construct
	// Zone is the private hosted zone.
	Zone r53.PrivateHostedZone
	// Records by label.
	Records map[string]r53.ARecord
}

func (props *PrivateZoneProps) validate() error {
	p := check.New("consumer.PrivateZone")
	if props.ZoneName == nil {
		p.Addf("ZoneName is nil: want a DNS name such as internal.example")
	} else {
		p.Add("ZoneName", check.DNSName(*props.ZoneName))
	}
	if props.Vpc == nil {
		p.Addf("Vpc is nil: want the ec2.IVpc the zone answers in")
	}
	for i, v := range props.MoreVpcs {
		if v == nil {
			p.Addf("MoreVpcs[%d] is nil: want an ec2.IVpc", i)
		}
	}
	return p.Err()
}

// NewPrivateZone creates the zone. It panics, before creating anything, if
// the props are invalid.
func NewPrivateZone(scope constructs.Construct, id *string, props *PrivateZoneProps) *PrivateZone {
	if props == nil {
		props = &PrivateZoneProps{}
	}
	if err := props.validate(); err != nil {
		refuse.If(scope, id, err)
	}
	this := &PrivateZone{Construct: constructs.NewConstruct(scope, id), Records: map[string]r53.ARecord{}}
	this.Zone = r53.NewPrivateHostedZone(this.Construct, jsii.String(idZone), &r53.PrivateHostedZoneProps{
		ZoneName: props.ZoneName,
		Vpc:      props.Vpc,
	})
	for _, v := range props.MoreVpcs {
		this.Zone.AddVpc(v)
	}
	return this
}

// AddEndpoint adds an alias record label.<zone> to the endpoint's regional
// DNS name, for example "dogs" for dogs.internal.example, in the endpoint's
// scope. It panics on a label that is not a DNS label or is already taken.
func (z *PrivateZone) AddEndpoint(label string, endpoint IServiceEndpoint) r53.ARecord {
	p := check.New("consumer.PrivateZone")
	p.Add("AddEndpoint label", check.DNSLabel(label))
	if _, taken := z.Records[label]; taken {
		p.Addf("AddEndpoint label %q: already points at another endpoint; want one label per endpoint", label)
	}
	if endpoint == nil {
		p.Addf("AddEndpoint %q: endpoint is nil: want a *ServiceEndpoint or one from FromServiceEndpointAttributes", label)
	} else if endpoint.AliasTarget() == nil {
		p.Addf("AddEndpoint %q: endpoint %s has no known DNS name: import it with DnsName and DnsHostedZoneId", label, *endpoint.Node().Path())
	}
	if err := p.Err(); err != nil {
		panic(check.At(*z.Node().Path(), err))
	}
	// The record lives with the endpoint (in its stack, a nested one for
	// instance), so a zone of many names does not fill the zone's stack.
	record := r53.NewARecord(constructOf(endpoint), jsii.String(fmt.Sprintf("Record-%s", label)), &r53.ARecordProps{
		Zone:       z.Zone,
		RecordName: jsii.String(label),
		Target:     r53.RecordTarget_FromAlias(endpoint.AliasTarget()),
	})
	z.Records[label] = record
	return record
}
