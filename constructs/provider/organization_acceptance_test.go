package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

const readerRole = "arn:aws:iam::999999999999:role/org-reader"

func acceptingService(stack awscdk.Stack) *EndpointService {
	return NewEndpointService(stack, jsii.String("ES"), &EndpointServiceProps{
		EndpointServiceOptions: EndpointServiceOptions{AllowAnyPrincipal: jsii.Bool(true), ConnectionNotificationTopic: AlarmTopic(stack)},
		LoadBalancers:          []elbv2.INetworkLoadBalancer{newNlb(stack)},
	})
}

// TestOrganizationAcceptance: a function, on each connection event (a
// subscription to the service's topic) and every 15 minutes, reconciles
// the service's connections with the accounts of the OUs, read through the
// management account's role; it may describe connections, accept and
// reject them on this service only, assume that one role and write its own
// log group. The template passes cfn-lint and cdk-nag's five packs.
func TestOrganizationAcceptance(t *testing.T) {
	app := cdktest.NewApp(t, map[string]any{"@aws-cdk/core:annotationsInValidationReport": false})
	stack := awscdk.NewStack(app, jsii.String("Test"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(cdktest.Account), Region: jsii.String(cdktest.Region)},
	})
	es := acceptingService(stack)
	NewOrganizationAcceptance(stack, jsii.String("Acceptance"), &OrganizationAcceptanceProps{
		EndpointService: es, OrganizationalUnitIds: []string{"ou-ab12-cdef3456", "ou-ab12-cdef3457"},
		OrganizationReaderRoleArn: jsii.String(readerRole), AlwaysAccepted: []string{"111111111111"},
	})
	nagPacks(stack)
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), obj{
		"Runtime": "python3.14", "Handler": "index.handler", "Timeout": 60, "MemorySize": 256,
		"Code": obj{"ZipFile": AcceptanceSource},
		"Environment": obj{"Variables": obj{
			"SERVICE_ID": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^ESService"))}, "OUS": "ou-ab12-cdef3456,ou-ab12-cdef3457",
			"ORG_READER_ROLE": readerRole, "ALWAYS_ACCEPTED": "111111111111",
		}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), obj{"Protocol": "lambda", "TopicArn": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^AlarmTopic"))}})
	tpl.HasResourceProperties(jsii.String("AWS::Events::Rule"), obj{"ScheduleExpression": "rate(15 minutes)"})
	policy := mustJSON(t, *tpl.FindResources(jsii.String("AWS::IAM::ManagedPolicy"), nil))
	for _, want := range []string{`"Action":"ec2:DescribeVpcEndpointConnections","Effect":"Allow","Resource":"*"`,
		`"Action":["ec2:AcceptVpcEndpointConnections","ec2:RejectVpcEndpointConnections"]`, `:vpc-endpoint-service/`,
		`"Action":"sts:AssumeRole","Effect":"Allow","Resource":"` + readerRole + `"`} {
		if !strings.Contains(policy, want) {
			t.Errorf("the function's policy lacks %s:\n%s", want, policy)
		}
	}
	for id, r := range *tpl.FindResources(jsii.String("AWS::IAM::Policy"), nil) {
		if strings.Contains(mustJSON(t, r), "AcceptanceRole") {
			t.Errorf("%s: an inline policy on the function's role", id)
		}
	}
	cdktest.CfnLint(t, tpl)
	rule := assertions.Match_StringLikeRegexp(jsii.String("(AwsSolutions|NIST\\.800\\.53\\.R5|HIPAA\\.Security|PCI\\.DSS\\.321|Serverless|CdkNagValidationFailure).*"))
	ann := assertions.Annotations_FromStack(stack)
	// Every finding under the construct, at any depth (a path pattern
	// would match one level only).
	for _, msgs := range []*[]*cxapi.SynthesisMessage{ann.FindError(jsii.String("*"), rule), ann.FindWarning(jsii.String("*"), rule)} {
		for _, m := range *msgs {
			if strings.HasPrefix(*m.Id, "/Test/Acceptance/") {
				t.Errorf("%s: %v", *m.Id, m.Entry.Data)
			}
		}
	}
}

func TestOrganizationAcceptanceValidation(t *testing.T) {
	stack := newStack(t)
	es := acceptingService(stack)
	other := newStack(t)
	silent := NewEndpointService(other, jsii.String("Silent"), &EndpointServiceProps{
		EndpointServiceOptions: EndpointServiceOptions{AllowAnyPrincipal: jsii.Bool(true)},
		LoadBalancers:          []elbv2.INetworkLoadBalancer{newNlb(other)},
	})
	ou := []string{"ou-ab12-cdef3456"}
	for _, tc := range []struct {
		name  string
		props OrganizationAcceptanceProps
		want  string
	}{
		{"no service", OrganizationAcceptanceProps{OrganizationalUnitIds: ou, OrganizationReaderRoleArn: jsii.String(readerRole)}, "EndpointService is nil"},
		{"no events", OrganizationAcceptanceProps{EndpointService: silent, OrganizationalUnitIds: ou, OrganizationReaderRoleArn: jsii.String(readerRole)},
			"EndpointService publishes no connection events: set its ConnectionNotifications (or ConnectionNotificationTopic)"},
		{"no OU", OrganizationAcceptanceProps{EndpointService: es, OrganizationReaderRoleArn: jsii.String(readerRole)}, "OrganizationalUnitIds is empty"},
		{"an account for an OU", OrganizationAcceptanceProps{EndpointService: es, OrganizationalUnitIds: []string{"222222222222"}, OrganizationReaderRoleArn: jsii.String(readerRole)},
			`OrganizationalUnitIds[0] "222222222222": want an OU ID`},
		{"no role", OrganizationAcceptanceProps{EndpointService: es, OrganizationalUnitIds: ou}, "OrganizationReaderRoleArn is nil: want a role of the management account"},
		{"not a role", OrganizationAcceptanceProps{EndpointService: es, OrganizationalUnitIds: ou, OrganizationReaderRoleArn: jsii.String("arn:aws:iam::999999999999:user/me")},
			`OrganizationReaderRoleArn "arn:aws:iam::999999999999:user/me": want a role ARN`},
		{"bad account", OrganizationAcceptanceProps{EndpointService: es, OrganizationalUnitIds: ou, OrganizationReaderRoleArn: jsii.String(readerRole), AlwaysAccepted: []string{"gateway"}},
			`AlwaysAccepted[0] "gateway": want a 12-digit AWS account ID`},
		// 150 × 12 digits, 149 commas, the OU (16) and the rest (2200).
		{"too many accounts by hand", OrganizationAcceptanceProps{EndpointService: es, OrganizationalUnitIds: ou, OrganizationReaderRoleArn: jsii.String(readerRole), AlwaysAccepted: manyAccounts(150)},
			"AlwaysAccepted and OrganizationalUnitIds make the function's environment about 4165 bytes, over Lambda's 4 KB: accept accounts by OU, not one by one"},
		{"too often", OrganizationAcceptanceProps{EndpointService: es, OrganizationalUnitIds: ou, OrganizationReaderRoleArn: jsii.String(readerRole), Every: awscdk.Duration_Seconds(jsii.Number(30))},
			"Every 30 s: want whole minutes from 1 to 60"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := tc.props
			wantErr(t, props.validate(), "provider.OrganizationAcceptance: ", tc.want)
		})
	}
	mustPanic(t, func() {
		NewOrganizationAcceptance(stack, jsii.String("A"), &OrganizationAcceptanceProps{EndpointService: es})
	},
		"provider.OrganizationAcceptance at Test/A: OrganizationalUnitIds is empty")
}

func manyAccounts(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("7%011d", i))
	}
	return out
}
