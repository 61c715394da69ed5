package provider

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	autoscaling "github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/check"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
)

// Child ids of Ec2Provider; part of the construct's contract.
const (
	idInstanceRole   = "InstanceRole"
	idLaunchTemplate = "LaunchTemplate"
	idAutoScaling    = "ASG"
)

// EC2 defaults.
const (
	DefaultEc2MinCapacity    = 2
	DefaultRootVolumeSizeGiB = 8
	// DefaultReadinessTimeoutSeconds is how long a deploy waits for new
	// instances to answer their health check.
	DefaultReadinessTimeoutSeconds = 600
	// rootDevice is the root device of Amazon Linux 2023 AMIs.
	rootDevice = "/dev/xvda"
)

// Ec2ProviderProps configure an Ec2Provider.
type Ec2ProviderProps struct {
	ProviderOptions
	// UserData starts the service on each instance; it must listen on Port.
	// Required.
	UserData ec2.UserData
	// InstanceType of the instances; its architecture picks the default
	// MachineImage's.
	// Default: t4g.micro (Graviton, 2 vCPU, 1 GiB).
	InstanceType ec2.InstanceType
	// MachineImage of the instances.
	// Default: the latest Amazon Linux 2023 for the instance type's
	// architecture, resolved at deploy time from AWS's public SSM parameter
	// (no AMI lookup at synth).
	MachineImage ec2.IMachineImage
	// MinCapacity of the group; instances spread over the subnets' AZs.
	// Default: 2.
	MinCapacity *float64
	// MaxCapacity of the group.
	// Default: MinCapacity.
	MaxCapacity *float64
	// RootVolumeSizeGiB of the encrypted gp3 root volume.
	// Default: 8.
	RootVolumeSizeGiB *float64
	// Readiness makes the deploy wait until MinCapacity instances answer the
	// service's health check on themselves (HealthCheckPath over HTTP, or a
	// TCP connection to Port), and fail, rolling back, if they do not within
	// ReadinessTimeoutSeconds. Each instance reports once through a
	// CloudFormation wait condition, whose handle is a presigned S3 URL: the
	// VPC needs a path to S3 in its region, which ProviderVpc's S3 gateway
	// endpoint gives at no cost (no CloudFormation endpoint, no NAT). It
	// waits when the stack is created and whenever the user data or the
	// instance type changes (a new wait condition, keyed to them); during
	// such a rolling update the instances are replaced before the wait ends,
	// so a broken update is an outage until the rollback completes. The
	// user data must be a Linux shell script (UserData_ForLinux).
	// Default: true.
	Readiness *bool
	// ReadinessTimeoutSeconds is how long the deploy waits, 60 to 43200.
	// Default: 600.
	ReadinessTimeoutSeconds *float64
}

// Ec2Provider runs an Auto Scaling group of EC2 instances behind an internal
// network load balancer and publishes it as a VPC endpoint service.
type Ec2Provider struct {
	constructs.Construct
	// LoadBalancer is the internal network load balancer, one subnet per AZ.
	LoadBalancer elbv2.NetworkLoadBalancer
	// Listener is its TCP listener on Port.
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
	// SecurityGroup of the instances: Port from the load balancer only.
	SecurityGroup ec2.SecurityGroup
	// Role of the instances. It starts with no permissions: grant what the
	// service needs, for example table.GrantReadWriteData(p.Role).
	Role iam.Role
	// LaunchTemplate and AutoScalingGroup of the workload.
	LaunchTemplate   ec2.LaunchTemplate
	AutoScalingGroup autoscaling.AutoScalingGroup
	// ReadinessWait is the wait condition the deploy waits on (Readiness),
	// or nil.
	ReadinessWait awscdk.CfnWaitCondition
}

func (props *Ec2ProviderProps) validate(region string) error {
	p := check.New("provider.Ec2Provider")
	props.ProviderOptions.validate(p, region)
	if props.UserData == nil {
		p.Addf("UserData is nil: want an ec2.UserData that starts the service on Port, for example ec2.UserData_ForLinux")
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
	if props.ReadinessTimeoutSeconds != nil {
		p.Add("ReadinessTimeoutSeconds", check.Range(*props.ReadinessTimeoutSeconds, 60, 43200))
		if props.Readiness != nil && !*props.Readiness {
			p.Addf("ReadinessTimeoutSeconds %v: Readiness is false, so nothing waits; drop one of the two", *props.ReadinessTimeoutSeconds)
		}
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
		panic(err)
	}
	p := check.New("provider.Ec2Provider")
	placed := props.place(p)
	if err := p.Err(); err != nil {
		panic(err)
	}
	this := &Ec2Provider{Construct: constructs.NewConstruct(scope, id)}
	f := newFrontend(this.Construct, &props.ProviderOptions, placed, elbv2.TargetType_INSTANCE)
	this.LoadBalancer, this.Listener, this.TargetGroup = f.lb, f.listener, f.targetGroup
	this.EndpointService, this.AvailabilityZoneIds, this.SecurityGroup, this.Tls = f.endpointService, f.azIds, f.targetsSG, f.tls

	instanceType := props.InstanceType
	if instanceType == nil {
		instanceType = ec2.InstanceType_Of(ec2.InstanceClass_T4G, ec2.InstanceSize_MICRO)
	}
	image := props.MachineImage
	if image == nil {
		cpu := ec2.AmazonLinuxCpuType_X86_64
		if instanceType.Architecture() == ec2.InstanceArchitecture_ARM_64 {
			cpu = ec2.AmazonLinuxCpuType_ARM_64
		}
		image = ec2.MachineImage_LatestAmazonLinux2023(&ec2.AmazonLinux2023ImageSsmParameterProps{CpuType: cpu})
	}
	this.Role = iam.NewRole(this.Construct, jsii.String(idInstanceRole), &iam.RoleProps{
		AssumedBy:   iam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil),
		Description: jsii.String("Instances of a PrivateLink service; no permissions until granted"),
	})
	userData := props.UserData
	var ready *readiness
	if *defaults.Bool(props.Readiness, true) {
		ready = newReadiness(this.Construct, props, f, instanceType)
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
	minCap := defaults.Number(props.MinCapacity, DefaultEc2MinCapacity)
	maxCap := props.MaxCapacity
	if maxCap == nil {
		maxCap = minCap
	}
	this.AutoScalingGroup = autoscaling.NewAutoScalingGroup(this.Construct, jsii.String(idAutoScaling), &autoscaling.AutoScalingGroupProps{
		Vpc:            props.Vpc,
		VpcSubnets:     f.subnets,
		LaunchTemplate: this.LaunchTemplate,
		MinCapacity:    minCap,
		MaxCapacity:    maxCap,
		HealthChecks: autoscaling.HealthChecks_WithAdditionalChecks(&autoscaling.AdditionalHealthChecksOptions{
			AdditionalTypes: &[]autoscaling.AdditionalHealthCheckType{autoscaling.AdditionalHealthCheckType_ELB},
			GracePeriod:     awscdk.Duration_Seconds(jsii.Number(120)),
		}),
		// Replace one instance at a time and keep the rest serving.
		UpdatePolicy: autoscaling.UpdatePolicy_RollingUpdate(&autoscaling.RollingUpdateOptions{
			MaxBatchSize:          jsii.Number(1),
			MinInstancesInService: jsii.Number(*minCap - 1),
		}),
	})
	nag.Suppress(this.AutoScalingGroup.Node().FindChild(jsii.String("ASG")), nag.Rule{
		ID:     "AwsSolutions-AS3",
		Reason: "Scaling events are recorded in the group's activity history and CloudWatch; where they are sent (an SNS topic, a chat channel) is the owning team's choice, set on the exported AutoScalingGroup's NotificationConfigurations.",
	})
	this.TargetGroup.AddTarget(this.AutoScalingGroup)
	if ready != nil {
		this.ReadinessWait = ready.wait(this.AutoScalingGroup, *minCap, defaults.Number(props.ReadinessTimeoutSeconds, DefaultReadinessTimeoutSeconds))
	}
	return this
}
