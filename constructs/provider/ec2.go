package provider

import (
	"encoding/json"
	"math"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	autoscaling "github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/sdkcall"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of Ec2Provider; part of the construct's contract.
const (
	idInstanceRole   = "InstanceRole"
	idLaunchTemplate = "LaunchTemplate"
	idAutoScaling    = "ASG"
	idImage          = "Image"
)

// EC2 defaults.
const (
	DefaultEc2MinCapacity    = 2
	DefaultRootVolumeSizeGiB = 8
	// DefaultReadinessTimeout is how long, in seconds, a deploy waits for
	// a new instance to answer its health check.
	DefaultReadinessTimeout = 600
	// rootDevice is the root device of Amazon Linux 2023 AMIs.
	rootDevice = "/dev/xvda"
)

// Ec2ProviderProps configure an Ec2Provider.
type Ec2ProviderProps struct {
	ProviderOptions
	// UserData starts the service on each instance; it must listen on
	// TargetPort.
	// Required.
	UserData ec2.UserData
	// InstanceType of the instances; its architecture picks the default
	// MachineImage's.
	// Default: t4g.micro (Graviton, 2 vCPU, 1 GiB).
	InstanceType ec2.InstanceType
	// MachineImage of the instances.
	// Default: Amazon Linux 2023 for the instance type's architecture, the
	// latest when the provider is first deployed, read at deploy time from
	// AWS's public SSM parameter (no AMI lookup at synth) and then kept: a
	// new AMI release replaces no instance until ImageRefresh changes.
	MachineImage ec2.IMachineImage
	// ImageRefresh moves the default MachineImage to the latest Amazon Linux
	// 2023 when it changes, for example to the date of the change: the next
	// deploy reads the image again and replaces the instances, one at a
	// time, each one healthy before the next (Readiness).
	// Default: none; the image found at the first deploy.
	ImageRefresh *string
	// MinCapacity of the group; instances spread over the subnets' AZs.
	// Default: 2.
	MinCapacity *float64
	// MaxCapacity of the group: a rolling update launches a new instance
	// before it terminates an old one while the group stays within it.
	// Default: MinCapacity + 1.
	MaxCapacity *float64
	// RootVolumeSizeGiB of the encrypted gp3 root volume.
	// Default: 8.
	RootVolumeSizeGiB *float64
	// Readiness makes deploys wait for healthy instances. At creation,
	// MinCapacity instances must answer the service's health check on
	// themselves (HealthCheckPath over HTTP, or a TCP connection to TargetPort)
	// within ReadinessTimeout, or the deploy fails and rolls back (the
	// group's CreationPolicy). Any change that replaces instances (user
	// data, instance type, ImageRefresh) is a rolling update of one
	// instance at a time that launches the new instance before the old one
	// goes, and waits for it to answer before the next, or fails and rolls
	// back with the old instances still serving (UpdatePolicy
	// WaitOnResourceSignals). Each instance signals through the
	// CloudFormation API (cloudformation:SignalResource on this stack
	// only), so the VPC needs a path to it: ProviderVpc's
	// CloudFormationEndpoint, a NAT gateway, or an endpoint of your own. The
	// user data must be a Linux shell script (UserData_ForLinux).
	// Default: true.
	Readiness *bool
	// ReadinessTimeout is how long a deploy waits for an instance, 3
	// minutes to 12 hours, whole seconds.
	// Default: 10 minutes.
	ReadinessTimeout awscdk.Duration
	// SecurityGroups added to the instances besides the provider's own
	// SecurityGroup, for example one that lets them reach a database.
	// Default: none.
	SecurityGroups []ec2.ISecurityGroup
}

// Ec2Provider runs an Auto Scaling group of EC2 instances behind an internal
// network load balancer and publishes it as a VPC endpoint service.
type Ec2Provider struct {
	constructs.Construct
	// LoadBalancer is the internal network load balancer, one subnet per
	// AZ, or ProviderOptions.LoadBalancer. One the provider created is an
	// elbv2.NetworkLoadBalancer: p.LoadBalancer.(elbv2.NetworkLoadBalancer).
	LoadBalancer elbv2.INetworkLoadBalancer
	// Listener is its TCP (or TLS) listener on Port.
	Listener elbv2.NetworkListener
	// TargetGroup holds the instances.
	TargetGroup elbv2.NetworkTargetGroup
	// EndpointService publishes the load balancer over PrivateLink.
	EndpointService *EndpointService
	// Tls is the listener's certificate and access logs, with
	// ProviderOptions.Tls; else nil.
	Tls *ProviderTls
	// AvailabilityZoneIds the service covers, also the stack output
	// AvailabilityZoneIds; nil when not known (an imported VPC whose AZ IDs
	// were not given).
	AvailabilityZoneIds []string
	// SecurityGroup of the instances: TargetPort from the load balancer
	// only.
	SecurityGroup ec2.SecurityGroup
	// Role of the instances. It may only signal its own stack (with
	// Readiness): grant what the service needs, for example
	// table.GrantReadWriteData(p.Role).
	Role iam.Role
	// LaunchTemplate and AutoScalingGroup of the workload.
	LaunchTemplate   ec2.LaunchTemplate
	AutoScalingGroup autoscaling.AutoScalingGroup
	// Image reads the default MachineImage once, or nil when MachineImage
	// is given.
	Image customresources.AwsCustomResource
	// Alarms are the provider's alarms and their topic; nil with
	// ProviderOptions.Alarms.Disabled.
	Alarms *ProviderAlarms

	targetMetrics
	connections ec2.Connections
}

// Connections are the instances' security group, TargetPort by default:
// Ec2Provider is an ec2.IConnectable, so
// p.Connections().AllowTo(db, ec2.Port_Tcp(jsii.Number(5432)), nil)
// opens a path from the instances.
func (p *Ec2Provider) Connections() ec2.Connections { return p.connections }

func (props *Ec2ProviderProps) validate(region string) error {
	p := check.New("provider.Ec2Provider")
	props.ProviderOptions.validate(p, region)
	if props.UserData == nil {
		p.Addf("UserData is nil: want an ec2.UserData that starts the service on TargetPort, for example ec2.UserData_ForLinux")
	}
	minCap := float64(DefaultEc2MinCapacity)
	if props.MinCapacity != nil {
		minCap = *props.MinCapacity
		p.Add("MinCapacity", check.Range(minCap, 1, 1000))
	}
	if props.MaxCapacity != nil {
		if err := check.Range(*props.MaxCapacity, 1, 1000); err != nil {
			p.Add("MaxCapacity", err)
		} else if *props.MaxCapacity < minCap {
			p.Addf("MaxCapacity %v: want at least MinCapacity (%v)", *props.MaxCapacity, minCap)
		}
	}
	if props.RootVolumeSizeGiB != nil {
		p.Add("RootVolumeSizeGiB", check.Range(*props.RootVolumeSizeGiB, DefaultRootVolumeSizeGiB, 16384))
	}
	if props.ReadinessTimeout != nil {
		seconds := *props.ReadinessTimeout.ToSeconds(nil)
		if err := check.Range(seconds, MinReadinessTimeout, MaxReadinessTimeout); err != nil {
			p.Addf("ReadinessTimeout %s: want whole seconds from %v (the instance's launch and its signal) to %v (CloudFormation's limit)", *props.ReadinessTimeout.ToHumanString(), MinReadinessTimeout, MaxReadinessTimeout)
		}
		if props.Readiness != nil && !*props.Readiness {
			p.Addf("ReadinessTimeout %s: Readiness is false, so nothing waits; drop one of the two", *props.ReadinessTimeout.ToHumanString())
		}
	}
	props.Alarms.checkCapacity(p, "MinCapacity", minCap)
	if props.ImageRefresh != nil && props.MachineImage != nil {
		p.Addf("ImageRefresh %q: MachineImage is given, so there is no default image to refresh; drop one of the two", *props.ImageRefresh)
	}
	return p.Err()
}

// NewEc2Provider creates the provider. It panics, before creating anything,
// if the props are invalid.
func NewEc2Provider(scope constructs.Construct, id *string, props *Ec2ProviderProps) *Ec2Provider {
	if props == nil {
		props = &Ec2ProviderProps{}
	}
	if err := props.validate(*awscdk.Stack_Of(scope).Region()); err != nil {
		refuse.If(scope, id, err)
	}
	p := check.New("provider.Ec2Provider")
	placed := props.place(p)
	if err := p.Err(); err != nil {
		refuse.If(scope, id, err)
	}
	this := &Ec2Provider{Construct: constructs.NewConstruct(scope, id)}
	f := newFrontend(this.Construct, &props.ProviderOptions, placed, elbv2.TargetType_INSTANCE, false)
	this.LoadBalancer, this.Listener, this.TargetGroup = f.lb, f.listener, f.targetGroup
	this.EndpointService, this.AvailabilityZoneIds, this.SecurityGroup, this.Tls = f.endpointService, f.azIds, f.targetsSG, f.tls
	this.connections, this.targetMetrics = f.connections, targetMetrics{f.targetGroup}

	instanceType := props.InstanceType
	if instanceType == nil {
		instanceType = ec2.InstanceType_Of(ec2.InstanceClass_T4G, ec2.InstanceSize_MICRO)
	}
	image := props.MachineImage
	if image == nil {
		cpu := "x86_64"
		if instanceType.Architecture() == ec2.InstanceArchitecture_ARM_64 {
			cpu = "arm64"
		}
		this.Image = latestImage(this.Construct, cpu, props.ImageRefresh)
		image = &readImage{id: this.Image.GetResponseField(jsii.String("Parameter.Value"))}
	}
	this.Role = iam.NewRole(this.Construct, jsii.String(idInstanceRole), &iam.RoleProps{
		AssumedBy:   iam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil),
		Description: jsii.String("Instances of a PrivateLink service; no permissions but their readiness signal until granted"),
	})
	userData := props.UserData
	var ready *readiness
	if *defaults.Bool(props.Readiness, true) {
		ready = newReadiness(props, f.targetPort)
		userData = ready.userData
	}
	this.LaunchTemplate = ec2.NewLaunchTemplate(this.Construct, jsii.String(idLaunchTemplate), &ec2.LaunchTemplateProps{
		InstanceType:            instanceType,
		MachineImage:            image,
		UserData:                userData,
		Role:                    this.Role,
		SecurityGroup:           f.targetsSG,
		RequireImdsv2:           jsii.Bool(true),
		HttpPutResponseHopLimit: jsii.Number(1),
		BlockDevices: &[]*ec2.BlockDevice{{
			DeviceName: jsii.String(rootDevice),
			Volume: ec2.BlockDeviceVolume_Ebs(defaults.Number(props.RootVolumeSizeGiB, DefaultRootVolumeSizeGiB), &ec2.EbsDeviceOptions{
				Encrypted:           jsii.Bool(true),
				VolumeType:          ec2.EbsDeviceVolumeType_GP3,
				DeleteOnTermination: jsii.Bool(true),
			}),
		}},
	})
	for _, sg := range props.SecurityGroups {
		this.LaunchTemplate.AddSecurityGroup(sg)
	}
	minCap := *defaults.Number(props.MinCapacity, DefaultEc2MinCapacity)
	maxCap := minCap + 1
	if props.MaxCapacity != nil {
		maxCap = *props.MaxCapacity
	}
	// Replace one instance at a time: launch the new one first while the
	// group may grow (MinInstancesInService below MaxSize, as AWS requires),
	// else take one out first.
	update := &autoscaling.RollingUpdateOptions{
		MaxBatchSize:          jsii.Number(1),
		MinInstancesInService: jsii.Number(math.Min(minCap, maxCap-1)),
	}
	var signals autoscaling.Signals
	if ready != nil {
		signals = ready.signals()
		update.WaitOnResourceSignals, update.PauseTime = jsii.Bool(true), ready.pauseTime()
	}
	this.AutoScalingGroup = autoscaling.NewAutoScalingGroup(this.Construct, jsii.String(idAutoScaling), &autoscaling.AutoScalingGroupProps{
		Vpc:            props.Vpc,
		VpcSubnets:     f.subnets,
		LaunchTemplate: this.LaunchTemplate,
		MinCapacity:    jsii.Number(minCap),
		MaxCapacity:    jsii.Number(maxCap),
		HealthChecks: autoscaling.HealthChecks_WithAdditionalChecks(&autoscaling.AdditionalHealthChecksOptions{
			AdditionalTypes: &[]autoscaling.AdditionalHealthCheckType{autoscaling.AdditionalHealthCheckType_ELB},
			GracePeriod:     awscdk.Duration_Seconds(jsii.Number(120)),
		}),
		Signals:      signals,
		UpdatePolicy: autoscaling.UpdatePolicy_RollingUpdate(update),
		// The one group metric the provider reads, free at one-minute
		// granularity (MetricGroupInServiceInstances).
		GroupMetrics: &[]autoscaling.GroupMetrics{autoscaling.NewGroupMetrics(autoscaling.GroupMetric_IN_SERVICE_INSTANCES())},
	})
	nag.Suppress(this.AutoScalingGroup.Node().FindChild(jsii.String("ASG")), nag.Rule{
		ID:     "AwsSolutions-AS3",
		Reason: "Scaling events are recorded in the group's activity history and CloudWatch; where they are sent (an SNS topic, a chat channel) is the owning team's choice, set on the exported AutoScalingGroup's NotificationConfigurations.",
	})
	if ready != nil {
		ready.finish(this.AutoScalingGroup)
		// aws-cdk-lib's grant of cloudformation:SignalResource for the
		// signals, in the role's default policy.
		nag.Compliance(this.Role.Node().FindChild(jsii.String("DefaultPolicy")), "IAMNoInlinePolicy", nag.ReasonCdkInlinePolicy)
	}
	permissionsFirst(this.AutoScalingGroup, this.Role)
	this.TargetGroup.AddTarget(this.AutoScalingGroup)
	// With MaxCapacity equal to MinCapacity, a rolling update takes an
	// instance out before its replacement is in service, for up to
	// ReadinessTimeout: longer updates raise TooFewInstances.
	this.Alarms = newAlarms(this.Construct, props.Alarms, this.targetMetrics, &capacityAlarm{
		id: idTooFewInstances, metric: this.MetricGroupInServiceInstances(), what: "instances in service", minutes: inServiceMinutes,
		threshold: minCap,
	}, this.AutoScalingGroup)
	return this
}

// latestImage reads the AMI ID of the latest Amazon Linux 2023 for cpu
// from AWS's public SSM parameter when it is created, and again only when
// refresh changes (its physical ID): an SSM-typed template parameter would
// be read on every deploy, and any AMI release would replace the
// instances.
func latestImage(scope constructs.Construct, cpu string, refresh *string) customresources.AwsCustomResource {
	name := "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-" + cpu
	id := "al2023-" + cpu
	if refresh != nil {
		id += ":" + *refresh
	}
	stack := awscdk.Stack_Of(scope)
	return sdkcall.New(scope, idImage, sdkcall.Call{
		Service: "SSM", Action: "getParameter",
		Parameters:         map[string]any{"Name": name},
		PhysicalResourceId: jsii.String(id),
		OutputPaths:        []*string{jsii.String("Parameter.Value")},
		// A public parameter: its ARN names no account.
		Resources: []*string{jsii.String("arn:" + *stack.Partition() + ":ssm:" + *stack.Region() + "::parameter" + name)},
	})
}

// readImage is a Linux image whose ID is read at deploy time
// (latestImage).
type readImage struct{ id *string }

// GetImage implements ec2.IMachineImage.
func (i *readImage) GetImage(constructs.Construct) *ec2.MachineImageConfig {
	return &ec2.MachineImageConfig{ImageId: i.id, OsType: ec2.OperatingSystemType_LINUX, UserData: ec2.UserData_ForLinux(nil)}
}

// permissionsFirst makes group wait for every IAM policy of its stack that
// attaches to role, whenever the policy was added: an instance that boots
// before its permissions exist fails whatever its user data fetches or
// calls first. CloudFormation knows no such order by itself: a policy
// names the role, the group names the instance profile, and neither names
// the other. An aspect finds the policies at synth, those of this
// construct, its users' grants (the role's default policy) and their
// managed policies alike.
func permissionsFirst(group autoscaling.AutoScalingGroup, role iam.Role) {
	awscdk.Aspects_Of(awscdk.Stack_Of(group)).Add(&policiesBefore{group: group, role: role},
		&awscdk.AspectOptions{Priority: awscdk.AspectPriority_MUTATING()})
}

type policiesBefore struct {
	group autoscaling.AutoScalingGroup
	role  iam.Role
}

// Visit adds the dependency for an AWS::IAM::Policy or ManagedPolicy of the
// group's stack whose Roles hold the role.
func (a *policiesBefore) Visit(node constructs.IConstruct) {
	if !*awscdk.CfnResource_IsCfnResource(node) {
		return
	}
	var res awscdk.CfnResource
	jsii.UnsafeCast(node, &res)
	stack := awscdk.Stack_Of(a.group)
	if *awscdk.Stack_Of(node).Node().Path() != *stack.Node().Path() {
		return
	}
	var roles *[]*string
	switch *res.CfnResourceType() {
	case "AWS::IAM::Policy":
		var p iam.CfnPolicy
		jsii.UnsafeCast(node, &p)
		roles = p.Roles()
	case "AWS::IAM::ManagedPolicy":
		var p iam.CfnManagedPolicy
		jsii.UnsafeCast(node, &p)
		roles = p.Roles()
	default:
		return
	}
	if roles == nil {
		return
	}
	// Resolved whole: the list may be a token itself (a managed policy's
	// roles are a lazy list).
	resolved, _ := stack.Resolve(roles).([]any)
	want, _ := json.Marshal(stack.Resolve(a.role.RoleName()))
	for _, r := range resolved {
		if got, _ := json.Marshal(r); string(got) == string(want) {
			a.group.Node().AddDependency(node)
			return
		}
	}
}

// Contract is what consumers need of the service: its name, port, zones,
// private DNS name and region.
func (p *Ec2Provider) Contract() *Contract { return p.EndpointService.Contract() }
