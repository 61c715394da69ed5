package consumer

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func dogsContract() *provider.Contract {
	return &provider.Contract{ServiceName: jsii.String(dogsService), Port: jsii.Number(8080)}
}

// TestEndpointStackSetDefaults: a service-managed stack set, deployed to
// the OUs' accounts as they join (and removed as they leave), a quarter of
// an OU at a time; the template reads each account's VPC from the landing
// zone's SSM parameters, admits the service port from the VPC's CIDR and
// lets nothing out.
func TestEndpointStackSetDefaults(t *testing.T) {
	stack := newStack(t)
	s := NewEndpointStackSet(stack, jsii.String("Consumers"), &EndpointStackSetProps{Service: dogsContract(), OrganizationalUnitIds: []string{"ou-ab12-cdef3456"}})
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::CloudFormation::StackSet"), obj{
		"StackSetName": "Test-Consumers", "PermissionModel": "SERVICE_MANAGED", "CallAs": "SELF",
		"AutoDeployment":       obj{"Enabled": true, "RetainStacksOnAccountRemoval": false},
		"ManagedExecution":     obj{"Active": true},
		"OperationPreferences": obj{"MaxConcurrentPercentage": 25, "FailureTolerancePercentage": 10, "RegionConcurrencyType": "PARALLEL"},
		"StackInstancesGroup":  []any{obj{"DeploymentTargets": obj{"OrganizationalUnitIds": []any{"ou-ab12-cdef3456"}}, "Regions": []any{"us-west-2"}}},
		"Parameters": []any{
			obj{"ParameterKey": "ServiceName", "ParameterValue": dogsService},
			obj{"ParameterKey": "ServicePort", "ParameterValue": "8080"},
			obj{"ParameterKey": "VpcId", "ParameterValue": "/landing-zone/vpc/id"},
			obj{"ParameterKey": "SubnetIds", "ParameterValue": "/landing-zone/vpc/private-subnet-ids"},
			obj{"ParameterKey": "VpcCidr", "ParameterValue": "/landing-zone/vpc/cidr"},
		},
		"TemplateBody": s.Template,
	})
	var inner map[string]any
	if err := json.Unmarshal([]byte(s.Template), &inner); err != nil {
		t.Fatal(err)
	}
	params := inner["Parameters"].(map[string]any)
	for name, typ := range map[string]string{
		"VpcId": "AWS::SSM::Parameter::Value<AWS::EC2::VPC::Id>", "SubnetIds": "AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>",
		"VpcCidr": "AWS::SSM::Parameter::Value<String>", "ServiceName": "String", "ServicePort": "Number",
	} {
		if got := params[name].(map[string]any)["Type"]; got != typ {
			t.Errorf("parameter %s: %v, want %s", name, got, typ)
		}
	}
	if _, ok := params["BootstrapVersion"]; ok {
		t.Error("the accounts' template asks for a CDK bootstrap version: stack set accounts are not bootstrapped")
	}
	res := inner["Resources"].(map[string]any)
	for _, want := range []string{"SecurityGroup", "Endpoint"} {
		if _, ok := res[want]; !ok {
			t.Errorf("no %s in the accounts' template", want)
		}
	}
	if _, ok := res["Zone"]; ok {
		t.Error("a private zone without ZoneName")
	}
	sg := mustJSON(t, res["SecurityGroup"])
	for _, want := range []string{`"CidrIp":{"Ref":"VpcCidr"}`, `"FromPort":{"Ref":"ServicePort"}`, `"CidrIp":"255.255.255.255/32"`} {
		if !contains(sg, want) {
			t.Errorf("security group lacks %s: %s", want, sg)
		}
	}
	if ep := mustJSON(t, res["Endpoint"]); !contains(ep, `"SubnetIds":{"Ref":"SubnetIds"}`) || !contains(ep, `"PrivateDnsEnabled":false`) {
		t.Errorf("endpoint: %s", ep)
	}
	cdktest.CfnLint(t, tpl)
	lintInner(t, s.Template)
}

// lintInner runs cfn-lint and the table of AWS's input rules
// (test/awsrules) over the accounts' template, which no shape's template
// scan reaches (it is a string in the StackSet's).
func lintInner(t *testing.T, template string) {
	t.Helper()
	if out, err := cdktest.RunCfnLint(t, []byte(template)); err != nil {
		t.Errorf("the accounts' template: cfn-lint found problems:\n%s", out)
	}
	root, err := cdktest.Root()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "accounts.template.json")
	if err := os.WriteFile(path, []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("python3", filepath.Join(root, "test", "awsrules", "awsrules.py"), path).CombinedOutput(); err != nil {
		t.Errorf("the accounts' template: AWS would refuse values, or the table misses a path:\n%s", out)
	}
}

// TestEndpointStackSetOptions: a private zone per account with its apex an
// alias of the endpoint; private DNS for a service with a name; a delegated
// administrator; other regions, parameters and pace.
func TestEndpointStackSetOptions(t *testing.T) {
	stack := newStack(t)
	named := dogsContract()
	named.PrivateDnsName = jsii.String("dogs.example.com")
	zoned := NewEndpointStackSet(stack, jsii.String("Zoned"), &EndpointStackSetProps{
		Service: dogsContract(), OrganizationalUnitIds: []string{"ou-ab12-cdef3456", "r-ab12"}, ZoneName: jsii.String("dognames.internal.example"),
		Regions: []string{"us-west-2", "us-east-1"}, StackSetName: jsii.String("dogs-consumers"), DelegatedAdmin: jsii.Bool(true),
		VpcIdParameter: jsii.String("/org/vpc"), SubnetIdsParameter: jsii.String("/org/subnets"), VpcCidrParameter: jsii.String("/org/cidr"),
		MaxConcurrentPercentage: jsii.Number(50), FailureTolerancePercentage: jsii.Number(0),
	})
	private := NewEndpointStackSet(stack, jsii.String("Named"), &EndpointStackSetProps{Service: named, OrganizationalUnitIds: []string{"r-ab12"}})
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::CloudFormation::StackSet"), obj{
		"StackSetName": "dogs-consumers", "CallAs": "DELEGATED_ADMIN",
		"OperationPreferences": obj{"MaxConcurrentPercentage": 50, "FailureTolerancePercentage": 0, "RegionConcurrencyType": "PARALLEL"},
		"StackInstancesGroup":  []any{obj{"DeploymentTargets": obj{"OrganizationalUnitIds": []any{"ou-ab12-cdef3456", "r-ab12"}}, "Regions": []any{"us-west-2", "us-east-1"}}},
		"Parameters": assertions.Match_ArrayWith(&[]any{
			obj{"ParameterKey": "VpcId", "ParameterValue": "/org/vpc"}, obj{"ParameterKey": "SubnetIds", "ParameterValue": "/org/subnets"},
			obj{"ParameterKey": "VpcCidr", "ParameterValue": "/org/cidr"}, obj{"ParameterKey": "ZoneName", "ParameterValue": "dognames.internal.example"},
		}),
	})
	var inner struct{ Resources map[string]map[string]any }
	if err := json.Unmarshal([]byte(zoned.Template), &inner); err != nil {
		t.Fatal(err)
	}
	if inner.Resources["Zone"]["Type"] != "AWS::Route53::HostedZone" || inner.Resources["Alias"]["Type"] != "AWS::Route53::RecordSet" {
		t.Errorf("ZoneName: no zone and alias in %v", inner.Resources)
	}
	if alias := mustJSON(t, inner.Resources["Alias"]); !contains(alias, `"Name":{"Ref":"ZoneName"}`) || !contains(alias, `"DnsEntries"`) {
		t.Errorf("alias: %s", alias)
	}
	if !contains(private.Template, `"PrivateDnsEnabled":true`) {
		t.Errorf("a service with a private DNS name: the endpoint's private DNS is off")
	}
	lintInner(t, zoned.Template)
	lintInner(t, private.Template)
	cdktest.CfnLint(t, tpl)
}

func TestEndpointStackSetValidation(t *testing.T) {
	ou := []string{"ou-ab12-cdef3456"}
	for _, tc := range []struct {
		name  string
		props EndpointStackSetProps
		want  string
	}{
		{"no service", EndpointStackSetProps{OrganizationalUnitIds: ou}, "Service is nil: want the provider's Contract()"},
		{"bad service name", EndpointStackSetProps{Service: &provider.Contract{ServiceName: jsii.String("dogs")}, OrganizationalUnitIds: ou}, `Service.ServiceName "dogs": want an endpoint service name`},
		{"bad port", EndpointStackSetProps{Service: &provider.Contract{ServiceName: jsii.String(dogsService), Port: jsii.Number(0)}, OrganizationalUnitIds: ou}, "Service.Port 0"},
		{"no OU", EndpointStackSetProps{Service: dogsContract()}, "OrganizationalUnitIds is empty: want the OUs (ou-...) or the root (r-...)"},
		{"an account for an OU", EndpointStackSetProps{Service: dogsContract(), OrganizationalUnitIds: []string{"222222222222"}}, `OrganizationalUnitIds[0] "222222222222": want an OU ID (ou-xxxx-xxxxxxxx) or the root's (r-xxxx)`},
		{"bad region", EndpointStackSetProps{Service: dogsContract(), OrganizationalUnitIds: ou, Regions: []string{"mars-1"}}, `Regions[0]`},
		{"bad parameter", EndpointStackSetProps{Service: dogsContract(), OrganizationalUnitIds: ou, VpcIdParameter: jsii.String("vpc id")}, `VpcIdParameter "vpc id": want an SSM parameter name such as /landing-zone/vpc/id`},
		{"bad zone", EndpointStackSetProps{Service: dogsContract(), OrganizationalUnitIds: ou, ZoneName: jsii.String("not a name")}, `ZoneName`},
		{"bad name", EndpointStackSetProps{Service: dogsContract(), OrganizationalUnitIds: ou, StackSetName: jsii.String("1dogs")}, `StackSetName "1dogs": want a letter, then up to 127 letters, digits and hyphens`},
		{"bad pace", EndpointStackSetProps{Service: dogsContract(), OrganizationalUnitIds: ou, MaxConcurrentPercentage: jsii.Number(120)}, `MaxConcurrentPercentage 120`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := tc.props
			cdktest.WantErr(t, props.validate("us-west-2"), "consumer.EndpointStackSet: ", tc.want)
		})
	}
	if err := (&EndpointStackSetProps{Service: dogsContract(), OrganizationalUnitIds: ou}).validate("us-west-2"); err != nil {
		t.Errorf("valid props refused: %v", err)
	}
	stack := newStack(t)
	cdktest.MustPanic(t, func() { NewEndpointStackSet(stack, jsii.String("S"), &EndpointStackSetProps{Service: dogsContract()}) },
		"consumer.EndpointStackSet at Test/S: OrganizationalUnitIds is empty")
}
