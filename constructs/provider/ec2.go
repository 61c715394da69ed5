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
	this.EndpointService, this.AvailabilityZoneIds, this.SecurityGroup = f.endpointService, f.azIds, f.targetsSG

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
	this.LaunchTemplate = ec2.NewLaunchTemplate(this.Construct, jsii.String(idLaunchTemplate), &ec2.LaunchTemplateProps{
		InstanceType:            instanceType,
		MachineImage:            image,
		UserData:                props.UserData,
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
	return this
}
