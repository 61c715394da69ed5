package example

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	backup "github.com/aws/aws-cdk-go/awscdk/v2/awsbackup"
	ddb "github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	route53 "github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	s3assets "github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/consumer"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/hardening"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// ServicesPerStack is how many services share one nested stack of the
// gateway: each adds about 16 resources there (endpoint, address lookup,
// load balancer, security groups), so 20 stay near 65% of CloudFormation's
// 500 resources per stack. Services fill nested stacks Services1,
// Services2, ... in topology order; append new services at the end so that
// existing ones never move between stacks (a move replaces their resources).
const ServicesPerStack = 20

// Stable output names: the gateway reads ServiceName across accounts, and
// users read the others after deploying.
const (
	OutputServiceName = "ServiceName"
	OutputTableName   = "TableName"
	OutputUrl         = "HttpApiUrl"
	// OutputNameServers of a provider's created zone, with domain: add them
	// as NS records of <name>.<domain> in the domain's zone.
	OutputNameServers = "NameServers"
)

// Options complete the topology with what comes from the command line.
type Options struct {
	// Root of the repository, where service sources are relative to.
	Root string
	// Images replace a fargate service's source with a registry image, by
	// service name (-c image.<name>=<image>).
	Images map[string]string
	// ServiceNames replace the cross-account handoff, by service name
	// (-c serviceName.<name>=com.amazonaws.vpce...).
	ServiceNames map[string]string

	binaries map[string]<-chan built // ec2 services' builds, by name
}

// built is the outcome of BuildLinuxBinary.
type built struct {
	path string
	err  error
}

// Built is what Build made: the stacks, and the outputs a pipeline's steps
// read.
type Built struct {
	// Providers are the provider stacks, in topology order.
	Providers []awscdk.Stack
	// VerificationStates are the PrivateDnsNameState outputs of the
	// providers with TLS, by service name.
	VerificationStates map[string]awscdk.CfnOutput
	// Gateway is the gateway stack, or nil; Url its HttpApiUrl output.
	Gateway awscdk.Stack
	Url     awscdk.CfnOutput
	// Consumers is the consumers' StackSet stack, or nil.
	Consumers awscdk.Stack
}

// Build adds the selected stacks to scope: the app, or a pipeline's stage.
// Stacks keep their names in either (the gateway reads the providers'
// outputs by stack name).
func Build(scope constructs.Construct, t *Topology, sel *Selection, opts Options) (*Built, error) {
	// The ec2 services' binaries build while the constructs are made:
	// `go list` and the build key take about 0.2 s each, a tenth of a synth.
	opts.binaries = map[string]<-chan built{}
	for i := range t.Services {
		s := &t.Services[i]
		if sel.Services[s.Name] && s.Kind == KindEc2 {
			done := make(chan built, 1)
			go func(goarch string) {
				path, err := BuildLinuxBinary(opts.Root, s.Source, s.Name, goarch)
				done <- built{path, err}
			}(goarch(s))
			opts.binaries[s.Name] = done
		}
	}
	out := &Built{VerificationStates: map[string]awscdk.CfnOutput{}}
	for i := range t.Services {
		s := &t.Services[i]
		if !sel.Services[s.Name] {
			continue
		}
		stack, published, err := providerStack(scope, t, s, opts)
		if err != nil {
			return nil, err
		}
		out.Providers = append(out.Providers, stack)
		if v := published.PrivateDnsVerification; v != nil {
			out.VerificationStates[s.Name] = v.StateOutput
		}
	}
	if sel.Gateway {
		out.Gateway, out.Url = gatewayStack(scope, t, opts)
		// Synthesized together (one account, or all), the gateway deploys
		// after the providers whose service names it reads.
		for _, p := range out.Providers {
			out.Gateway.AddStackDependency(p, jsii.String("the gateway reads its service name"))
		}
	}
	if sel.Consumers {
		out.Consumers = consumersStack(scope, t)
		for _, p := range out.Providers {
			out.Consumers.AddStackDependency(p, jsii.String("the StackSet reads its service name"))
		}
	}
	return out, nil
}

// OrganizationReaderRole is the role of the tooling account (the
// organization's management account or a delegated administrator of
// Organizations) that the providers' acceptance functions assume to list
// the OUs' accounts; the consumers' stack makes it.
const OrganizationReaderRole = "privatelink-organization-reader"

// accepting reports whether s takes its consumers from the organization
// (Consumers), accepting their connections as they come.
func (t *Topology) accepting(s *Service) bool {
	return t.Consumers != nil && t.Consumers.Service == s.Name && t.Tooling != nil
}

// acceptanceRole names the function role of a provider's
// OrganizationAcceptance, which the reader role trusts.
func acceptanceRole(s *Service, region string) string {
	return s.ProviderStackName() + "-" + region + "-acceptance"
}

// stackSetReaderRole is the role through which the consumers' stack reads
// its provider's service name: a second OutputReader, trusting the tooling
// account (the gateway's is the default one).
func stackSetReaderRole(s *Service, region string) string {
	return s.ProviderStackName() + "-" + region + "-stackset-reader"
}

// consumersStack is the consumers' StackSet, in the tooling account: an
// endpoint to the service in every account of the OUs, which reads its VPC
// from the landing zone's SSM parameters.
func consumersStack(scope constructs.Construct, t *Topology) awscdk.Stack {
	c := t.Consumers
	var svc *Service
	for i := range t.Services {
		if t.Services[i].Name == c.Service {
			svc = &t.Services[i]
		}
	}
	stack := awscdk.NewStack(scope, jsii.String(ConsumersStackName), &awscdk.StackProps{
		StackName:   jsii.String(ConsumersStackName),
		Env:         env(t.Tooling.Account, t.Region),
		Description: jsii.String(fmt.Sprintf("An endpoint to %s in every account of %s, as a StackSet", svc.Name, strings.Join(c.OrganizationalUnitIds, ", "))),
	})
	name := consumer.GetStackOutput(stack, &consumer.StackOutputProps{
		StackName: jsii.String(svc.ProviderStackName()), OutputName: jsii.String(OutputServiceName), Account: jsii.String(svc.Account),
		RoleName: jsii.String(stackSetReaderRole(svc, t.Region)),
	})
	if svc.ServiceName != "" {
		name = jsii.String(svc.ServiceName)
	}
	props := &consumer.EndpointStackSetProps{
		Service:               &provider.Contract{ServiceName: name, Port: jsii.Number(svc.Port), PrivateDnsName: domainName(svc, t)},
		OrganizationalUnitIds: c.OrganizationalUnitIds,
		StackSetName:          jsii.String(svc.Name + "-consumers"),
		DelegatedAdmin:        jsii.Bool(c.CallAs != "SELF"),
	}
	if t.Gateway.Zone != "" && t.Domain == "" {
		props.ZoneName = jsii.String(svc.Name + "." + t.Gateway.Zone)
	}
	consumer.NewEndpointStackSet(stack, jsii.String("Endpoints"), props)
	// The organization, read by the provider's acceptance function alone.
	list := iam.NewManagedPolicy(stack, jsii.String("OrganizationReadPolicy"), &iam.ManagedPolicyProps{
		Description: jsii.String("Lists the accounts and OUs beneath an OU, for PrivateLink acceptance"),
		Statements: &[]iam.PolicyStatement{iam.NewPolicyStatement(&iam.PolicyStatementProps{
			Actions: jsii.Strings("organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"), Resources: jsii.Strings("*"),
		})},
	})
	cdknag.NagSuppressions_AddResourceSuppressions(list, &[]*cdknag.NagPackSuppression{{
		Id:        jsii.String("AwsSolutions-IAM5"),
		Reason:    jsii.String("Organizations' list actions take no resource-level permissions when listing beneath the organization's own OUs from this account; both are read-only, and only the provider's acceptance function may assume the role."),
		AppliesTo: &[]any{"Resource::*"},
	}}, jsii.Bool(true))
	fn := fmt.Sprintf("arn:aws:iam::%s:role/%s", svc.Account, acceptanceRole(svc, t.Region))
	iam.NewRole(stack, jsii.String("OrganizationReader"), &iam.RoleProps{
		RoleName:    jsii.String(OrganizationReaderRole),
		Description: jsii.String("Lets " + svc.Name + "'s acceptance function list the accounts of the consumers' OUs"),
		AssumedBy: iam.NewAccountPrincipal(jsii.String(svc.Account)).WithConditions(&map[string]any{
			"ArnEquals": map[string]any{"aws:PrincipalArn": fn},
		}),
		ManagedPolicies: &[]iam.IManagedPolicy{list},
	})
	return stack
}

// domainName is the service's TLS name, its endpoint service's private DNS
// name, or nil without a domain.
func domainName(s *Service, t *Topology) *string {
	if n := s.DomainName(t); n != "" {
		return jsii.String(n)
	}
	return nil
}

func env(account, region string) *awscdk.Environment {
	return &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
}

// providerStack publishes one service and lets the gateway account read its
// service name.
func providerStack(scope constructs.Construct, t *Topology, s *Service, opts Options) (awscdk.Stack, *provider.EndpointService, error) {
	stack := awscdk.NewStack(scope, jsii.String(s.ProviderStackName()), &awscdk.StackProps{
		StackName:   jsii.String(s.ProviderStackName()),
		Env:         env(s.Account, t.Region),
		Description: jsii.String(fmt.Sprintf("%s: a private service shared over PrivateLink with the %s account", s.Name, t.Gateway.Name)),
	})
	vpc := provider.NewProviderVpc(stack, jsii.String("Network"), &provider.ProviderVpcProps{
		AvailabilityZoneIds: t.ProviderAzIds,
		// Fargate pulls its image from ECR with no internet path; EC2
		// instances signal their readiness to CloudFormation.
		InterfaceEndpoints:     jsii.Bool(s.Kind == KindFargate),
		CloudFormationEndpoint: jsii.Bool(s.Kind == KindEc2),
	})
	var health *string
	if s.HealthPath != "" {
		health = jsii.String(s.HealthPath)
	}
	common := provider.ProviderOptions{
		Vpc:             vpc.Vpc,
		Port:            jsii.Number(s.Port),
		HealthCheckPath: health,
		EndpointService: provider.EndpointServiceOptions{
			AllowedPrincipals: append([]string{t.Gateway.Account}, s.AllowedConsumers...),
			// Only the allow-listed accounts can request a connection at all,
			// and the example must come up with no human step: the gateway's
			// connection is accepted as it is requested (see README).
			AcceptanceRequired: jsii.Bool(false),
			// Connection events (connect, accept, reject, delete) reach
			// whoever subscribes to the account's alarms.
			ConnectionNotificationTopic: provider.AlarmTopic(stack),
		},
		Tls: providerTls(scope, stack, t, s),
	}
	if t.accepting(s) {
		// Consumers by the hundred: any account may ask, and the
		// organization's accounts are accepted (OrganizationAcceptance).
		common.EndpointService.AllowedPrincipals = nil
		common.EndpointService.AllowAnyPrincipal = jsii.Bool(true)
		common.EndpointService.AcceptanceRequired = jsii.Bool(true)
	}

	var published *provider.EndpointService
	var shown provider.DashboardProvider
	switch s.Kind {
	case KindFargate:
		props := &provider.FargateProviderProps{ProviderOptions: common, Architecture: ecs.CpuArchitecture_ARM64()}
		if img := image(s, opts); img != "" {
			props.Image = ecs.ContainerImage_FromRegistry(jsii.String(img), nil)
		} else {
			// Built for Graviton on any machine: the Dockerfile cross-compiles.
			dir, file, _ := buildContext(opts.Root, s) // checked by Parse
			props.ImageDirectory, props.ImageFile = jsii.String(dir), jsii.String(file)
		}
		p := provider.NewFargateProvider(stack, jsii.String("Service"), props)
		published, shown = p.EndpointService, p
	case KindEc2:
		p, err := ec2Service(stack, t, s, opts, common)
		if err != nil {
			return nil, nil, err
		}
		published, shown = p.EndpointService, p
	}
	// The account's dashboard: the provider's alarms and the metrics they
	// read, and the connections awaiting acceptance.
	provider.NewDashboard(stack, jsii.String("Dashboard"), &provider.DashboardProps{Providers: []provider.DashboardProvider{shown}})
	published.ServiceNameOutput.OverrideLogicalId(jsii.String(OutputServiceName))
	// The gateway's app synthesizes without this stack (one account at a
	// time), so it reads the service name through this role rather than a
	// reference aws-cdk-lib could carry across (see provider.OutputReader).
	provider.NewOutputReader(stack, jsii.String("ServiceNameReader"), &provider.OutputReaderProps{
		ConsumerAccount:    jsii.String(t.Gateway.Account),
		BootstrapQualifier: jsii.String(t.BootstrapQualifier),
	})
	if t.accepting(s) {
		// The consumers' StackSet, in the tooling account, reads it too.
		provider.NewOutputReader(stack, jsii.String("StackSetReader"), &provider.OutputReaderProps{
			ConsumerAccount:    jsii.String(t.Tooling.Account),
			BootstrapQualifier: jsii.String(t.BootstrapQualifier),
			RoleName:           jsii.String(stackSetReaderRole(s, t.Region)),
		})
		// The gateway, and the accounts named by hand, wherever they are.
		always := []string{t.Gateway.Account}
		for _, a := range s.AllowedConsumers {
			if check.AccountID(a) == nil {
				always = append(always, a)
			}
		}
		provider.NewOrganizationAcceptance(stack, jsii.String("Acceptance"), &provider.OrganizationAcceptanceProps{
			EndpointService:           published,
			OrganizationalUnitIds:     t.Consumers.OrganizationalUnitIds,
			OrganizationReaderRoleArn: jsii.String(fmt.Sprintf("arn:aws:iam::%s:role/%s", t.Tooling.Account, OrganizationReaderRole)),
			AlwaysAccepted:            always,
			RoleName:                  jsii.String(acceptanceRole(s, t.Region)),
		})
	}
	return stack, published, nil
}

// goarch is the Go architecture of an ec2 service's instance type, as
// aws-cdk-lib's InstanceType.Architecture decides it (TestGoarch holds the
// two together) but in Go, so the build can start before any jsii call:
// Graviton families (t4g, m7g, c7gn, x2gd, ...) and a1 are arm64.
func goarch(s *Service) string {
	family, _, _ := strings.Cut(s.InstanceType, ".")
	if family == "a1" || strings.ContainsRune(strings.TrimLeft(family, "abcdefghijklmnopqrstuvwxyz"), 'g') {
		return "arm64"
	}
	return "amd64"
}

// providerTls turns TLS on for the service when the topology has a domain:
// a certificate for <name>.<domain>, validated (and the endpoint service's
// private DNS name verified) in that name's public zone: the topology's
// hostedZoneId, or a zone in a stack of its own, <name>-dns, in the
// provider's account.
//
// The zone lives apart from the service because it outlives it: the
// domain's NS records point at its name servers, so it is delegated once
// (the NameServers output), and the service stack is deployed, rolled back
// and destroyed without touching it. The provider's deploy waits for the
// certificate until the delegation is in place. The provider removes the
// certificate's validation record when the certificate is deleted
// (RemoveValidationRecord), so the zone's stack can be destroyed after it;
// a zone given by ID is left as it is.
func providerTls(scope constructs.Construct, stack awscdk.Stack, t *Topology, s *Service) *provider.TlsOptions {
	name := s.DomainName(t)
	if name == "" {
		return nil
	}
	if s.HostedZoneId != "" {
		zone := route53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &route53.HostedZoneAttributes{
			HostedZoneId: jsii.String(s.HostedZoneId), ZoneName: jsii.String(name),
		})
		return &provider.TlsOptions{DomainName: jsii.String(name), HostedZone: zone}
	}
	dns := awscdk.NewStack(scope, jsii.String(s.DnsStackName()), &awscdk.StackProps{
		StackName:   jsii.String(s.DnsStackName()),
		Env:         env(s.Account, t.Region),
		Description: jsii.String("Public hosted zone of " + name + ", delegated from " + t.Domain + " once and kept across deploys of " + s.ProviderStackName()),
	})
	zone := route53.NewPublicHostedZone(dns, jsii.String("Zone"), &route53.PublicHostedZoneProps{
		ZoneName: jsii.String(name),
		Comment:  jsii.String("Validates " + name + " certificate and proves the name to PrivateLink; delegate it from " + t.Domain),
	})
	awscdk.NewCfnOutput(dns, jsii.String(OutputNameServers), &awscdk.CfnOutputProps{
		Value:       awscdk.Fn_Join(jsii.String(","), zone.HostedZoneNameServers()),
		Description: jsii.String("Name servers of " + name + ": add them as its NS records in the zone of " + t.Domain),
	})
	return &provider.TlsOptions{DomainName: jsii.String(name), HostedZone: zone, RemoveValidationRecord: jsii.Bool(true)}
}

// buildContext is a fargate service's Docker build context and the path of
// its Dockerfile (the one in Source) within it; ok is false when Source is
// not inside the context.
func buildContext(root string, s *Service) (dir, file string, ok bool) {
	context := s.Context
	if context == "" {
		context = s.Source
	}
	dir = filepath.Join(root, context)
	file, err := filepath.Rel(dir, filepath.Join(root, s.Source, "Dockerfile"))
	return dir, file, err == nil && !strings.HasPrefix(file, "..")
}

// image is the registry image a fargate service runs instead of its
// source, if any.
func image(s *Service, opts Options) string {
	if img := opts.Images[s.Name]; img != "" {
		return img
	}
	return s.Image
}

// ec2Service runs a Go service built during synth on an Auto Scaling group:
// the binary is an S3 asset fetched through the S3 gateway endpoint and run
// by systemd, so instances install nothing and need no internet path.
func ec2Service(stack awscdk.Stack, t *Topology, s *Service, opts Options, common provider.ProviderOptions) (*provider.Ec2Provider, error) {
	instanceType := ec2.NewInstanceType(jsii.String(s.InstanceType))
	b := <-opts.binaries[s.Name]
	if b.err != nil {
		return nil, fmt.Errorf("topology: services[%d].source %q: does not build for linux/%s; fix the service's code, or point source at the service's main package: %w",
			slices.IndexFunc(t.Services, func(x Service) bool { return x.Name == s.Name }), s.Source, goarch(s), b.err)
	}
	asset := s3assets.NewAsset(stack, jsii.String("Binary"), &s3assets.AssetProps{Path: jsii.String(b.path)})
	env := []string{fmt.Sprintf("PORT=%v", s.Port), "AWS_REGION=" + t.Region}

	var table ddb.Table
	if s.TableEnv != "" {
		// The layout apps/todo/store.go documents (TableSchema): todos and
		// idempotency records by "id", idempotency records expiring through
		// "expires", and the index byCreated that pages todos oldest first.
		table = ddb.NewTable(stack, jsii.String("Table"), &ddb.TableProps{
			PartitionKey:        &ddb.Attribute{Name: jsii.String("id"), Type: ddb.AttributeType_STRING},
			BillingMode:         ddb.BillingMode_PAY_PER_REQUEST,
			TimeToLiveAttribute: jsii.String("expires"),
			PointInTimeRecoverySpecification: &ddb.PointInTimeRecoverySpecification{
				PointInTimeRecoveryEnabled: jsii.Bool(true),
			},
			// The example's data is disposable; a real service keeps the
			// default (RETAIN).
			RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		})
		table.AddGlobalSecondaryIndex(&ddb.GlobalSecondaryIndexProps{
			IndexName:      jsii.String("byCreated"),
			PartitionKey:   &ddb.Attribute{Name: jsii.String("list"), Type: ddb.AttributeType_STRING},
			SortKey:        &ddb.Attribute{Name: jsii.String("created"), Type: ddb.AttributeType_STRING},
			ProjectionType: ddb.ProjectionType_ALL,
		})
		env = append(env, s.TableEnv+"="+*table.TableName())
		awscdk.NewCfnOutput(stack, jsii.String(OutputTableName), &awscdk.CfnOutputProps{Value: table.TableName()}).
			OverrideLogicalId(jsii.String(OutputTableName))
	}

	userData := ec2.UserData_ForLinux(nil)
	bin := "/usr/local/bin/" + s.Name
	// The instance may boot a few seconds before its role's permissions
	// reach every S3 endpoint (IAM is eventually consistent), so the
	// download is tried for up to 5 minutes before the script goes on and
	// the readiness check reports the failure.
	userData.AddCommands(jsii.String(fmt.Sprintf(
		"for i in $(seq 1 30); do aws s3 cp 's3://%s/%s' '%s' --region %s && break; echo \"download failed ($i of 30), retrying in 10 s\"; sleep 10; done",
		*asset.S3BucketName(), *asset.S3ObjectKey(), bin, t.Region)))
	unit := fmt.Sprintf("[Unit]\nDescription=%s (cdk-privatelink example)\nAfter=network-online.target\n\n[Service]\nUser=%s\n", s.Name, s.Name)
	for _, e := range env {
		unit += "Environment=" + e + "\n"
	}
	unit += "ExecStart=" + bin + "\nRestart=always\nNoNewPrivileges=true\nProtectSystem=strict\nProtectHome=true\nPrivateTmp=true\n\n[Install]\nWantedBy=multi-user.target\n"
	userData.AddCommands(
		jsii.String("chmod 0755 "+bin),
		jsii.String(fmt.Sprintf("id %[1]s >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin %[1]s", s.Name)),
		jsii.String(fmt.Sprintf("cat > /etc/systemd/system/%s.service <<'UNIT'\n%sUNIT", s.Name, unit)),
		jsii.String("systemctl daemon-reload"),
		jsii.String(fmt.Sprintf("systemctl enable --now %s", s.Name)),
	)

	var refresh *string
	if s.ImageRefresh != "" {
		refresh = jsii.String(s.ImageRefresh)
	}
	p := provider.NewEc2Provider(stack, jsii.String("Service"), &provider.Ec2ProviderProps{ProviderOptions: common, UserData: userData, InstanceType: instanceType, ImageRefresh: refresh})
	// The instances read their one binary, not the whole asset bucket.
	statements := []iam.PolicyStatement{iam.NewPolicyStatement(&iam.PolicyStatementProps{
		Actions:   jsii.Strings("s3:GetObject"),
		Resources: jsii.Strings(*asset.Bucket().ArnForObjects(asset.S3ObjectKey())),
	})}
	if table != nil {
		// Exactly what the service calls (TransactWriteItems needs PutItem on
		// each item it writes), on the table and its one index: no wildcard.
		statements = append(statements, iam.NewPolicyStatement(&iam.PolicyStatementProps{
			Actions:   jsii.Strings("dynamodb:GetItem", "dynamodb:PutItem"),
			Resources: jsii.Strings(*table.TableArn()),
		}), iam.NewPolicyStatement(&iam.PolicyStatementProps{
			Actions:   jsii.Strings("dynamodb:Query"),
			Resources: jsii.Strings(*table.TableArn() + "/index/byCreated"),
		}))
		backupTable(stack, table)
	}
	// A managed policy rather than the role's inline one: the compliance
	// packs' IAMNoInlinePolicy.
	iam.NewManagedPolicy(stack, jsii.String("ServicePolicy"), &iam.ManagedPolicyProps{
		Description: jsii.String("What " + s.Name + "'s instances may do"),
		Statements:  &statements,
		Roles:       &[]iam.IRole{p.Role},
	})
	return p, nil
}

// backupTable puts the table in an AWS Backup plan with hardening (daily
// backups kept 35 days, on top of point-in-time recovery); without, it
// records why not.
func backupTable(stack awscdk.Stack, table ddb.Table) {
	if !hardening.Enabled(stack) {
		cdknag.NagSuppressions_AddResourceSuppressions(table, &[]*cdknag.NagPackSuppression{
			{Id: jsii.String("NIST.800.53.R5-DynamoDBInBackupPlan"), Reason: jsii.String(reasonNoBackupPlan)},
			{Id: jsii.String("HIPAA.Security-DynamoDBInBackupPlan"), Reason: jsii.String(reasonNoBackupPlan)},
		}, jsii.Bool(true))
		return
	}
	// The vault outlives the stack (it holds the backups, and AWS Backup
	// refuses to delete a vault with recovery points), so its name must
	// not be fixed at synth: a stack created again after `cdk destroy`
	// would fail on the kept vault's name ("already exists"). The name ends
	// with the first part of the stack ID, new with every creation.
	vault := backup.NewBackupVault(stack, jsii.String("BackupVault"), &backup.BackupVaultProps{
		BackupVaultName: backupVaultName(stack),
		// Kept on delete (RetainExceptOnCreate: a failed first deploy
		// leaves no empty vault behind).
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	plan := backup.NewBackupPlan(stack, jsii.String("Backups"), &backup.BackupPlanProps{
		// Deleted with the stack, but named per creation like the vault: the
		// API reference does not say whether a deleted plan's name may be
		// taken again ("a plan that already exists" fails with
		// AlreadyExistsException), and the emulator refuses it.
		BackupPlanName:  perCreationName(stack, "table", 35), // 1 to 50 characters
		BackupVault:     vault,
		BackupPlanRules: &[]backup.BackupPlanRule{backup.BackupPlanRule_Daily(nil)},
	})
	selection := plan.AddSelection(jsii.String("Table"), &backup.BackupSelectionOptions{
		Resources: &[]backup.BackupResource{backup.BackupResource_FromDynamoDbTable(table)},
	})
	cdknag.NagSuppressions_AddResourceSuppressions(selection, &[]*cdknag.NagPackSuppression{{
		Id:        jsii.String("AwsSolutions-IAM4"),
		Reason:    jsii.String("AWS Backup's own service role policy (AWSBackupServiceRolePolicyForBackup) is what the service documents for a backup selection's role."),
		AppliesTo: &[]any{"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"},
	}}, jsii.Bool(true))
}

// backupVaultName is <stack name>-<the first 8 hex digits of the stack's
// ID>: unique to this creation of the stack, and within AWS Backup's 2 to
// 50 letters, digits, hyphens and underscores (stack names are at most 128
// characters, so the name is cut to 41).
func backupVaultName(stack awscdk.Stack) *string {
	return perCreationName(stack, "", 41)
}

// perCreationName is <stack name cut to n>[-<what>]-<the first 8 hex digits
// of the stack's ID>, a name new with every creation of the stack.
func perCreationName(stack awscdk.Stack, what string, n int) *string {
	parts := []*string{jsii.String(truncate(*stack.StackName(), n))}
	if what != "" {
		parts = append(parts, jsii.String(what))
	}
	id := awscdk.Fn_Select(jsii.Number(2), awscdk.Fn_Split(jsii.String("/"), stack.StackId(), nil))
	parts = append(parts, awscdk.Fn_Select(jsii.Number(0), awscdk.Fn_Split(jsii.String("-"), id, nil)))
	return awscdk.Fn_Join(jsii.String("-"), &parts)
}

// truncate cuts s to n bytes (stack names are ASCII).
func truncate(s string, n int) string { return s[:min(len(s), n)] }

// reasonNoBackupPlan explains the table's missing backup plan without
// hardening.
const reasonNoBackupPlan = "Point-in-time recovery covers the last 35 days; an AWS Backup plan adds $0.10 per GB-month of backups. Turn on hardening.Enable for it."

// gatewayStack is the consumer account: one endpoint per service, names in a
// private zone, and the HTTP API routing to them.
func gatewayStack(scope constructs.Construct, t *Topology, opts Options) (awscdk.Stack, awscdk.CfnOutput) {
	stack := awscdk.NewStack(scope, jsii.String(t.Gateway.Name), &awscdk.StackProps{
		StackName:   jsii.String(t.Gateway.Name),
		Env:         env(t.Gateway.Account, t.Region),
		Description: jsii.String("One HTTP API in front of private services in other accounts, over PrivateLink"),
	})
	vpc := consumer.NewConsumerVpc(stack, jsii.String("Network"), &consumer.ConsumerVpcProps{AvailabilityZoneIds: t.Gateway.AzIds, PublicSubnets: jsii.Bool(wantsFrontDoor(stack))})
	// The canary GETs every public route without a path parameter (/dogs,
	// /todo) every 5 minutes: its alarm says when one fails, and its
	// traffic keeps the VPC link from going INACTIVE.
	gw := consumer.NewGateway(stack, jsii.String("Gateway"), &consumer.GatewayProps{Vpc: vpc.Vpc, ApiName: jsii.String(t.Gateway.Name), Canary: &consumer.CanaryOptions{}})
	gw.UrlOutput.OverrideLogicalId(jsii.String(OutputUrl))
	// Stable names for the apps that add routes to this gateway
	// (consumer.FromGatewayAttributes).
	gw.ApiIdOutput.OverrideLogicalId(jsii.String("ApiId"))
	gw.VpcLinkIdOutput.OverrideLogicalId(jsii.String("VpcLinkId"))
	gw.VpcLinkSecurityGroupIdOutput.OverrideLogicalId(jsii.String("VpcLinkSecurityGroupId"))
	fd := newFrontDoor(stack, vpc.Vpc) // with -c frontDoor=alb, else nil
	var zone *consumer.PrivateZone
	// With a domain every service has its own verified name, resolved by
	// its endpoint's private DNS; the private zone would hold nothing.
	if t.Gateway.Zone != "" && t.Domain == "" {
		zone = consumer.NewPrivateZone(stack, jsii.String("Names"), &consumer.PrivateZoneProps{ZoneName: jsii.String(t.Gateway.Zone), Vpc: vpc.Vpc})
	}
	var nested awscdk.NestedStack
	for i := range t.Services {
		s := &t.Services[i]
		if i%ServicesPerStack == 0 {
			nested = servicesStack(stack, t, opts, i)
		}
		scope := nested
		var tlsName *string
		if name := s.DomainName(t); name != "" {
			tlsName = jsii.String(name)
		}
		ep := consumer.NewServiceEndpoint(scope, jsii.String(s.Name+"Endpoint"), &consumer.ServiceEndpointProps{
			Vpc:                         vpc.Vpc,
			ServiceName:                 serviceNameParameter(scope, s).ValueAsString(),
			Port:                        jsii.Number(s.Port),
			ProviderAvailabilityZoneIds: t.ProviderAzIds,
			// No private DNS, with TLS too: the gateway reaches the endpoint
			// by its addresses and verifies the provider's name in the TLS
			// handshake (TlsServerName), so DNS plays no part. Private DNS
			// would make the gateway's deploy wait for the provider's name
			// to be verified, and make replacing the endpoint (a provider
			// created again has a new service name) fail: the new endpoint
			// is created before the old one is deleted, and EC2 refuses a
			// second private DNS name in the VPC.
		})
		var health *string
		if s.HealthPath != "" {
			health = jsii.String(s.HealthPath)
		}
		svc := gw.AddService(s.Name, &consumer.GatewayServiceProps{
			ServiceOptions: consumer.ServiceOptions{Endpoint: ep, Routes: s.Routes, HealthCheckPath: health, Scope: scope, TlsServerName: tlsName},
			ListenerPort:   jsii.Number(s.ListenerPort),
		})
		fd.add(s, ep, consumer.ServiceOptions{HealthCheckPath: health, Scope: scope, TlsServerName: tlsName})
		for _, route := range svc.Routes {
			cdknag.NagSuppressions_AddResourceSuppressions(route, &[]*cdknag.NagPackSuppression{{
				Id:     jsii.String("AwsSolutions-APIG4"),
				Reason: jsii.String("The example's API is public, as in the original sample; the library's GatewayProps.DefaultAuthorizer (IAM or JWT) guards every route when set."),
			}}, jsii.Bool(true))
		}
		if zone != nil {
			zone.AddEndpoint(s.Name, ep)
		}
	}
	// The account's dashboard, made after every service is added: the
	// gateway's (and the front door's) alarms and the metrics they read.
	dashboard := &consumer.DashboardProps{Gateways: []*consumer.Gateway{gw}}
	if fd != nil {
		dashboard.FrontDoors = []*consumer.AlbFrontDoor{fd.fd}
	}
	consumer.NewDashboard(stack, jsii.String("Dashboard"), dashboard)
	return stack, gw.UrlOutput
}

// servicesStack is the nested stack of the services from number first (from
// 0), ServicesPerStack of them at most. Each service's endpoint service name
// reaches it as a parameter, read in the gateway stack itself: CloudFormation
// resolves the handoff's Fn::GetStackOutput when it creates the gateway
// stack's change set (a provider stack or role that cannot be read fails
// it, before anything is created), and a changed name changes the
// parameter, so the nested stack is updated with it. Read inside the nested
// stack, it would be resolved only when that stack changes for another
// reason: nested stacks are not part of their parent's change set, and
// CloudFormation updates one only when its own properties change.
func servicesStack(stack awscdk.Stack, t *Topology, opts Options, first int) awscdk.NestedStack {
	last := min(first+ServicesPerStack, len(t.Services))
	params := map[string]*string{}
	for i := first; i < last; i++ {
		s := &t.Services[i]
		params[serviceNameParameterId(s)] = serviceName(stack, t, s, opts)
	}
	return awscdk.NewNestedStack(stack, jsii.Sprintf("Services%d", first/ServicesPerStack+1), &awscdk.NestedStackProps{
		Description: jsii.Sprintf("Gateway services %d to %d", first+1, last),
		Parameters:  &params,
	})
}

// serviceNameParameterId is the parameter of a service's endpoint service
// name in its nested stack: ServiceName and the name's letters and digits
// (service names are DNS labels, unique in the topology, so these are
// distinct unless two names differ only in hyphens, which Parse refuses).
func serviceNameParameterId(s *Service) string {
	return "ServiceName" + strings.ReplaceAll(s.Name, "-", "")
}

// serviceNameParameter declares the service's endpoint service name in its
// nested stack; CloudFormation refuses a value that is not one.
func serviceNameParameter(nested awscdk.NestedStack, s *Service) awscdk.CfnParameter {
	return awscdk.NewCfnParameter(nested, jsii.String(serviceNameParameterId(s)), &awscdk.CfnParameterProps{
		Type:                  jsii.String("String"),
		Description:           jsii.String("Endpoint service name of " + s.Name),
		AllowedPattern:        jsii.String(`^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+$`),
		ConstraintDescription: jsii.String("an endpoint service name, com.amazonaws.vpce.<region>.vpce-svc-<id>"),
	})
}

// serviceName is the service's endpoint service name: given by hand, or read
// at deploy time from the provider stack's output in the provider's account.
func serviceName(scope awscdk.Stack, t *Topology, s *Service, opts Options) *string {
	if name := opts.ServiceNames[s.Name]; name != "" {
		return jsii.String(name)
	}
	if s.ServiceName != "" {
		return jsii.String(s.ServiceName)
	}
	return consumer.GetStackOutput(scope, &consumer.StackOutputProps{
		StackName: jsii.String(s.ProviderStackName()), OutputName: jsii.String(OutputServiceName), Account: jsii.String(s.Account), Region: jsii.String(t.Region),
	})
}
