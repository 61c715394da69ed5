package provider

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	events "github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	targets "github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	lambda "github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	subs "github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logkey"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// AcceptanceSource is the function's code (Python), the same file the
// rehearsal runs against the emulator.
//
//go:embed organization_acceptance.py
var AcceptanceSource string

var roleNameRe = regexp.MustCompile(`^[\w+=,.@-]+$`)

// envOverhead is the rest of the function's environment: the names, the
// service's ID and the reader role's ARN (at most 2048 characters).
const envOverhead = 2200

// DefaultAcceptanceEveryMinutes is how often every connection is
// reconciled besides each connection event: an account that leaves the
// OUs is cut off within it.
const DefaultAcceptanceEveryMinutes = 15

// OrganizationAcceptanceProps configure an OrganizationAcceptance.
type OrganizationAcceptanceProps struct {
	// EndpointService whose connections it accepts: one that requires
	// acceptance (the default) and publishes its connection events
	// (ConnectionNotifications, or a ConnectionNotificationTopic), usually
	// with AllowAnyPrincipal, so that any account may ask and this decides.
	// Required.
	EndpointService *EndpointService
	// OrganizationalUnitIds whose accounts (and their child OUs' accounts)
	// are accepted. Required.
	OrganizationalUnitIds []string
	// OrganizationReaderRoleArn is a role in the organization's management
	// account, or in a delegated administrator of Organizations, that this
	// account may assume, allowed organizations:ListAccountsForParent and
	// organizations:ListOrganizationalUnitsForParent: only those accounts
	// can list an OU's accounts. Required.
	OrganizationReaderRoleArn *string
	// AlwaysAccepted accounts are accepted wherever they are in the
	// organization, or outside it (the gateway's account, say).
	// Default: none.
	AlwaysAccepted []string
	// Every is how often all connections are reconciled besides each
	// connection event, in whole minutes from 1 to 60.
	// Default: 15 minutes.
	Every awscdk.Duration
	// RoleName of the function's role, for the reader role's trust policy
	// to name (RoleArn). At most 64 characters.
	// Default: a name CloudFormation makes.
	RoleName *string
}

// OrganizationAcceptance accepts the endpoint connections of the accounts
// of organizational units, and rejects the others, with no list to keep:
// an account that joins an OU is accepted when it connects, one that
// leaves is rejected (cut off) within Every. A function runs on each
// connection event of the service and on a schedule, and reconciles every
// connection each time (organization_acceptance.py), so a missed event or
// a failed run is made good by the next.
//
// Cost: the function's runs (a few a minute at most), free within
// Lambda's free tier; its log group, 30 days.
type OrganizationAcceptance struct {
	constructs.Construct
	// Function that reconciles the connections, its Role and its Logs.
	Function lambda.Function
	Role     iam.Role
	Logs     logs.LogGroup
	// Schedule is the rule that runs it every Every.
	Schedule events.Rule
}

func (props *OrganizationAcceptanceProps) validate() error {
	p := check.New("provider.OrganizationAcceptance")
	if props.EndpointService == nil {
		p.Addf("EndpointService is nil: want the EndpointService whose connections it accepts")
	} else if props.EndpointService.ConnectionEvents == nil {
		p.Addf("EndpointService publishes no connection events: set its ConnectionNotifications (or ConnectionNotificationTopic), which start a run when an account connects")
	}
	if len(props.OrganizationalUnitIds) == 0 {
		p.Addf("OrganizationalUnitIds is empty: want the OUs (ou-...) or the root (r-...) whose accounts are accepted")
	}
	for i, ou := range props.OrganizationalUnitIds {
		p.Add(fmt.Sprintf("OrganizationalUnitIds[%d]", i), check.OrganizationalUnit(ou))
	}
	if props.OrganizationReaderRoleArn == nil {
		p.Addf("OrganizationReaderRoleArn is nil: want a role of the management account (or of a delegated administrator of Organizations) allowed organizations:ListAccountsForParent and ListOrganizationalUnitsForParent, that this account may assume")
	} else if r := *props.OrganizationReaderRoleArn; !check.IsToken(r) {
		p.Add("OrganizationReaderRoleArn", check.RoleArn(r))
	}
	for i, a := range props.AlwaysAccepted {
		p.Add(fmt.Sprintf("AlwaysAccepted[%d]", i), check.AccountID(a))
	}
	if props.RoleName != nil && !check.IsToken(*props.RoleName) && (len(*props.RoleName) > 64 || !roleNameRe.MatchString(*props.RoleName)) {
		p.Addf("RoleName %q: want 1 to 64 letters, digits and +=,.@_-", *props.RoleName)
	}
	// Lambda allows 4 KB of environment in all
	// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html);
	// the OUs and the accounts always accepted are most of it.
	if n := len(strings.Join(props.OrganizationalUnitIds, ",")) + len(strings.Join(props.AlwaysAccepted, ",")) + envOverhead; n > 4096 {
		p.Addf("AlwaysAccepted and OrganizationalUnitIds make the function's environment about %d bytes, over Lambda's 4 KB: accept accounts by OU, not one by one", n)
	}
	if props.Every != nil && !check.IsToken(*props.Every.ToString()) {
		if secs := *props.Every.ToSeconds(nil); secs < 60 || secs > 3600 || int(secs)%60 != 0 {
			p.Addf("Every %v s: want whole minutes from 1 to 60", secs)
		}
	}
	return p.Err()
}

// NewOrganizationAcceptance makes the function, its role, its log group,
// its subscription to the service's connection events and its schedule.
// It panics, before creating anything, if the props are invalid.
func NewOrganizationAcceptance(scope constructs.Construct, id *string, props *OrganizationAcceptanceProps) *OrganizationAcceptance {
	if props == nil {
		props = &OrganizationAcceptanceProps{}
	}
	refuse.If(scope, id, props.validate())
	this := &OrganizationAcceptance{Construct: constructs.NewConstruct(scope, id)}
	es := props.EndpointService
	stack := awscdk.Stack_Of(scope)
	this.Logs = logkey.NewLogGroup(this.Construct, "Logs", &logs.LogGroupProps{Retention: logs.RetentionDays_ONE_MONTH})
	policy := iam.NewManagedPolicy(this.Construct, jsii.String("Policy"), &iam.ManagedPolicyProps{
		Description: jsii.String("Accepts and rejects the connections of one endpoint service, reading the organization through one role"),
		Statements: &[]iam.PolicyStatement{
			iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("ec2:DescribeVpcEndpointConnections"), Resources: jsii.Strings("*")}),
			iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("ec2:AcceptVpcEndpointConnections", "ec2:RejectVpcEndpointConnections"),
				Resources: jsii.Strings(*endpointServiceArn(this.Construct, es.Service.VpcEndpointServiceId()))}),
			iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("sts:AssumeRole"), Resources: jsii.Strings(*props.OrganizationReaderRoleArn)}),
			iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
				Resources: jsii.Strings(*this.Logs.LogGroupArn(), *this.Logs.LogGroupArn()+":*")}),
		},
	})
	nag.Suppress(policy, nag.Rule{ID: "AwsSolutions-IAM5", Reason: nag.ReasonDescribeStar + " The log streams of its own log group are named by Lambda.",
		AppliesTo: []string{"Resource::*", "Resource::<" + *stack.GetLogicalId(this.Logs.Node().DefaultChild().(awscdk.CfnElement)) + ".Arn>:*"}})
	this.Role = iam.NewRole(this.Construct, jsii.String("Role"), &iam.RoleProps{
		AssumedBy:       iam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		RoleName:        props.RoleName,
		Description:     jsii.String("Accepts the endpoint connections of the organization's accounts"),
		ManagedPolicies: &[]iam.IManagedPolicy{policy},
	})
	every := DefaultAcceptanceEveryMinutes * 60.0
	if props.Every != nil {
		every = *props.Every.ToSeconds(nil)
	}
	this.Function = lambda.NewFunction(this.Construct, jsii.String("Function"), &lambda.FunctionProps{
		Runtime:     lambda.Runtime_PYTHON_3_14(),
		MemorySize:  jsii.Number(256),
		Handler:     jsii.String("index.handler"),
		Code:        lambda.Code_FromInline(jsii.String(AcceptanceSource)),
		Role:        this.Role.WithoutPolicyUpdates(nil),
		LogGroup:    this.Logs,
		Timeout:     awscdk.Duration_Seconds(jsii.Number(60)),
		Description: jsii.String("Accepts the endpoint connections of the accounts of OUs, rejects the others"),
		Environment: &map[string]*string{
			"SERVICE_ID":      es.Service.VpcEndpointServiceId(),
			"OUS":             jsii.String(strings.Join(props.OrganizationalUnitIds, ",")),
			"ORG_READER_ROLE": props.OrganizationReaderRoleArn,
			"ALWAYS_ACCEPTED": jsii.String(strings.Join(props.AlwaysAccepted, ",")),
		},
	})
	// Its role is referenced (GetAtt), which orders the two; aws-cdk-lib's
	// DependsOn on it says the same again (cfn-lint W3005).
	var cfnFn awscdk.CfnResource
	jsii.UnsafeCast(this.Function.Node().DefaultChild(), &cfnFn)
	cfnFn.AddDeletionOverride(jsii.String("DependsOn"))
	sub := es.ConnectionEvents.AddSubscription(subs.NewLambdaSubscription(this.Function, nil))
	this.Schedule = events.NewRule(this.Construct, jsii.String("Schedule"), &events.RuleProps{
		Description: jsii.String("Reconciles every endpoint connection, for accounts that left the OUs"),
		Schedule:    events.Schedule_Rate(awscdk.Duration_Seconds(jsii.Number(every))),
		Targets:     &[]events.IRuleTarget{targets.NewLambdaFunction(this.Function, nil)},
	})
	fn := this.Function.Node().DefaultChild()
	reason := "A reconcile of every connection, run on each connection event and every " + fmt.Sprint(every/60) + " minutes: a failed run is made good by the next, and its error is in its log group."
	nag.Suppress(sub, nag.Rule{ID: "Serverless-SNSRedrivePolicy", Reason: reason + " A lost event is such a failed run."})
	nag.Suppress(this.Schedule, nag.Rule{ID: "Serverless-EventBusDLQ", Reason: reason + " A lost scheduled run is such a failed run."})
	nag.Compliance(fn, "LambdaDLQ", reason)
	nag.Compliance(fn, "LambdaConcurrency", "Reserved concurrency would take from the account's unreserved pool, which new accounts keep at its minimum of 10, and fail the deploy there; two runs at once accept and reject the same connections.")
	nag.Compliance(fn, "LambdaInsideVPC", "It calls AWS APIs only (EC2, STS, Organizations) and touches no data in a VPC; in the provider's VPC, which has no internet path, it would need three interface endpoints.")
	nag.Compliance(fn, "LambdaTracing", "Its calls are recorded by CloudTrail, and its runs' results are logged; it runs a few times an hour.")
	return this
}
