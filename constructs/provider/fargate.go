package provider

import (
	"math"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	ecrassets "github.com/aws/aws-cdk-go/awscdk/v2/awsecrassets"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/logkey"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/refuse"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Child ids of FargateProvider; part of the construct's contract.
const (
	idCluster   = "Cluster"
	idTaskDef   = "TaskDefinition"
	idContainer = "App"
	idLogGroup  = "Logs"
	idService   = "Service"
)

// Fargate defaults.
const (
	DefaultFargateCpu          = 256
	DefaultFargateMemoryMiB    = 512
	DefaultFargateDesiredCount = 2
)

// fargateMemory lists, for each CPU value (units of 1/1024 vCPU), the
// memory range in MiB that Fargate allows and its step.
var fargateMemory = map[float64]struct{ lo, hi, step float64 }{
	256:   {512, 2048, 512}, // 512, 1024 or 2048: 1536 is refused in validate
	512:   {1024, 4096, 1024},
	1024:  {2048, 8192, 1024},
	2048:  {4096, 16384, 1024},
	4096:  {8192, 30720, 1024},
	8192:  {16384, 61440, 4096},
	16384: {32768, 122880, 8192},
}

// FargateProviderProps configure a FargateProvider.
type FargateProviderProps struct {
	ProviderOptions
	// Image of the container, built for Architecture; it must listen on
	// TargetPort. The container runs with a read-only root file system, so
	// the image must write only to volumes. Give Image, ImageDirectory or
	// TaskDefinition.
	Image ecs.ContainerImage
	// ImageDirectory is a Docker build context that the CDK CLI builds for
	// Architecture, whatever the machine that deploys: the image's platform
	// and the task's runtime platform always agree. A Dockerfile that
	// cross-compiles (FROM --platform=$BUILDPLATFORM, GOARCH=$TARGETARCH)
	// builds on either architecture without emulation. Its .dockerignore
	// decides both what the build sees and what changes the image. Give
	// Image, ImageDirectory or TaskDefinition.
	ImageDirectory *string
	// ImageFile is the Dockerfile, relative to ImageDirectory.
	// Default: Dockerfile.
	ImageFile *string
	// Architecture of the task, ecs.CpuArchitecture_ARM64() or
	// ecs.CpuArchitecture_X86_64(): its runtime platform, and the platform
	// ImageDirectory is built for. Arm64 is AWS Graviton: for the same
	// size, Fargate costs about 20% less than on x86_64 (see the package
	// doc).
	// Default: ecs.CpuArchitecture_ARM64().
	Architecture ecs.CpuArchitecture
	// Cluster to run in.
	// Default: a new cluster in Vpc with Container Insights on.
	Cluster ecs.ICluster
	// Cpu of the task in CPU units (1024 = 1 vCPU).
	// Default: 256.
	Cpu *float64
	// MemoryLimitMiB of the task; must suit Cpu as Fargate requires.
	// Default: 512.
	MemoryLimitMiB *float64
	// DesiredCount of tasks; spread over the AZs of the subnets.
	// Default: 2.
	DesiredCount *float64
	// Environment variables of the container.
	// Default: none.
	Environment *map[string]*string
	// Secrets of the container, from Secrets Manager or SSM Parameter Store
	// (ecs.Secret_FromSecretsManager, ecs.Secret_FromSsmParameter): the
	// task execution role is granted to read each. In a VPC without egress
	// the tasks need an interface endpoint for the service that holds them
	// (ProviderVpcProps.InterfaceEndpoints).
	// Default: none.
	Secrets *map[string]ecs.Secret
	// LogRetention of the container logs in CloudWatch Logs.
	// Default: logs.RetentionDays_ONE_MONTH.
	LogRetention logs.RetentionDays
	// TaskDefinition of your own instead of the one the provider makes from
	// Image: then give none of Image, ImageDirectory, ImageFile,
	// Architecture, Cpu, MemoryLimitMiB, Environment, Secrets or
	// LogRetention, which describe that one. Its default container (the
	// first essential container added) must map TargetPort over TCP
	// (PortMappings); the service registers that container and port with
	// the target group. Its logging, root file system and roles are yours.
	// Default: a task definition with one container, App, read-only root
	// file system, logs to LogGroup.
	TaskDefinition ecs.FargateTaskDefinition
	// SecurityGroups added to the tasks besides the provider's own
	// SecurityGroup, for example one that lets them reach a database.
	// Default: none.
	SecurityGroups []ec2.ISecurityGroup
}

// FargateProvider runs a container on ECS Fargate behind an internal network
// load balancer and publishes it as a VPC endpoint service.
type FargateProvider struct {
	constructs.Construct
	// LoadBalancer is the internal network load balancer, one subnet per
	// AZ, or ProviderOptions.LoadBalancer. One the provider created is an
	// elbv2.NetworkLoadBalancer: p.LoadBalancer.(elbv2.NetworkLoadBalancer).
	LoadBalancer elbv2.INetworkLoadBalancer
	// Listener is its TCP (or TLS) listener on Port.
	Listener elbv2.NetworkListener
	// TargetGroup holds the tasks.
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
	// SecurityGroup of the tasks: TargetPort from the load balancer only.
	SecurityGroup ec2.SecurityGroup
	// Cluster, TaskDefinition, Service and LogGroup of the workload;
	// LogGroup is nil with FargateProviderProps.TaskDefinition.
	Cluster        ecs.ICluster
	TaskDefinition ecs.FargateTaskDefinition
	Service        ecs.FargateService
	LogGroup       logs.LogGroup
	// Alarms are the provider's alarms and their topic; nil with
	// ProviderOptions.Alarms.Disabled.
	Alarms *ProviderAlarms

	targetMetrics
	connections ec2.Connections
}

// Connections are the tasks' security group, TargetPort by default:
// FargateProvider is an ec2.IConnectable, so
// p.Connections().AllowTo(db, ec2.Port_Tcp(jsii.Number(5432)), nil)
// opens a path from the tasks.
func (p *FargateProvider) Connections() ec2.Connections { return p.connections }

// validate records every problem of the props; arch is Architecture's
// name (cpuArchitecture), "" when nil. It is pure Go.
func (props *FargateProviderProps) validate(region, arch string) error {
	p := check.New("provider.FargateProvider")
	props.ProviderOptions.validate(p, region)
	if props.TaskDefinition != nil {
		var given []string
		for name, set := range map[string]bool{
			"Image": props.Image != nil, "ImageDirectory": props.ImageDirectory != nil, "ImageFile": props.ImageFile != nil,
			"Architecture": arch != "", "Cpu": props.Cpu != nil, "MemoryLimitMiB": props.MemoryLimitMiB != nil,
			"Environment": props.Environment != nil, "Secrets": props.Secrets != nil, "LogRetention": props.LogRetention != "",
		} {
			if set {
				given = append(given, name)
			}
		}
		sort.Strings(given)
		if len(given) > 0 {
			p.Addf("TaskDefinition is given with %s, which describe the task definition the provider would make: set them on your TaskDefinition, or drop it", strings.Join(given, ", "))
		}
		if props.DesiredCount != nil {
			p.Add("DesiredCount", check.Range(*props.DesiredCount, 1, 1000))
		}
		props.Alarms.checkCapacity(p, "DesiredCount", *defaults.Number(props.DesiredCount, DefaultFargateDesiredCount))
		return p.Err()
	}
	switch {
	case props.Image == nil && props.ImageDirectory == nil:
		p.Addf("Image is nil: want an ecs.ContainerImage (for example ecs.ContainerImage_FromRegistry), an ImageDirectory to build, or a TaskDefinition")
	case props.Image != nil && props.ImageDirectory != nil:
		p.Addf("ImageDirectory %q: give Image or ImageDirectory, not both", *props.ImageDirectory)
	case props.ImageDirectory != nil:
		file := "Dockerfile"
		if props.ImageFile != nil {
			file = *props.ImageFile
		}
		p.Add("ImageDirectory", check.DockerContext(*props.ImageDirectory, file))
	}
	if props.ImageFile != nil && props.ImageDirectory == nil {
		p.Addf("ImageFile %q: names a Dockerfile in ImageDirectory, which is not set", *props.ImageFile)
	}
	if arch != "" && arch != "ARM64" && arch != "X86_64" {
		p.Addf("Architecture %q: want ecs.CpuArchitecture_ARM64() or ecs.CpuArchitecture_X86_64(), the two Fargate runs on Linux", arch)
	}
	cpu, mem := float64(DefaultFargateCpu), float64(DefaultFargateMemoryMiB)
	if props.Cpu != nil {
		cpu = *props.Cpu
	}
	if props.MemoryLimitMiB != nil {
		mem = *props.MemoryLimitMiB
	}
	if r, ok := fargateMemory[cpu]; !ok {
		p.Addf("Cpu %v: want one of 256, 512, 1024, 2048, 4096, 8192, 16384", cpu)
	} else if mem < r.lo || mem > r.hi || math.Mod(mem-r.lo, r.step) != 0 || (cpu == 256 && mem == 1536) {
		p.Addf("MemoryLimitMiB %v: with Cpu %v, want %v to %v in steps of %v (Fargate task sizes)", mem, cpu, r.lo, r.hi, r.step)
	}
	if props.DesiredCount != nil {
		p.Add("DesiredCount", check.Range(*props.DesiredCount, 1, 1000))
	}
	props.Alarms.checkCapacity(p, "DesiredCount", *defaults.Number(props.DesiredCount, DefaultFargateDesiredCount))
	return p.Err()
}

// NewFargateProvider creates the provider. It panics, before creating
// anything, if the props are invalid.
func NewFargateProvider(scope constructs.Construct, id *string, props *FargateProviderProps) *FargateProvider {
	if props == nil {
		props = &FargateProviderProps{}
	}
	arch := cpuArchitecture(scope, props.Architecture)
	if err := props.validate(*awscdk.Stack_Of(scope).Region(), arch); err != nil {
		refuse.If(scope, id, err)
	}
	p := check.New("provider.FargateProvider")
	placed := props.place(p)
	_, targetPort := props.ports()
	var container ecs.ContainerDefinition
	if props.TaskDefinition != nil {
		container = servingContainer(p, props.TaskDefinition, targetPort)
	}
	if err := p.Err(); err != nil {
		refuse.If(scope, id, err)
	}
	this := &FargateProvider{Construct: constructs.NewConstruct(scope, id)}
	f := newFrontend(this.Construct, &props.ProviderOptions, placed, elbv2.TargetType_IP, false)
	this.LoadBalancer, this.Listener, this.TargetGroup = f.lb, f.listener, f.targetGroup
	this.EndpointService, this.AvailabilityZoneIds, this.SecurityGroup, this.Tls = f.endpointService, f.azIds, f.targetsSG, f.tls
	this.connections, this.targetMetrics = f.connections, targetMetrics{f.targetGroup}

	this.Cluster = props.Cluster
	if this.Cluster == nil {
		this.Cluster = ecs.NewCluster(this.Construct, jsii.String(idCluster), &ecs.ClusterProps{
			Vpc:                 props.Vpc,
			ContainerInsightsV2: ecs.ContainerInsights_ENABLED,
		})
	}
	if props.TaskDefinition != nil {
		this.TaskDefinition = props.TaskDefinition
	} else {
		container = this.newTaskDefinition(props, arch, targetPort)
	}

	groups := append([]ec2.ISecurityGroup{f.targetsSG}, props.SecurityGroups...)
	this.Service = ecs.NewFargateService(this.Construct, jsii.String(idService), &ecs.FargateServiceProps{
		Cluster:        this.Cluster,
		TaskDefinition: this.TaskDefinition,
		DesiredCount:   defaults.Number(props.DesiredCount, DefaultFargateDesiredCount),
		VpcSubnets:     f.subnets,
		SecurityGroups: &groups,
		AssignPublicIp: jsii.Bool(false),
		CircuitBreaker: &ecs.DeploymentCircuitBreaker{Enable: jsii.Bool(true), Rollback: jsii.Bool(true)},
		// Tasks pass 2 health checks 10 s apart; the grace period covers
		// container start-up on top of that.
		HealthCheckGracePeriod: awscdk.Duration_Seconds(jsii.Number(60)),
		MinHealthyPercent:      jsii.Number(100),
		MaxHealthyPercent:      jsii.Number(200),
	})
	if props.TaskDefinition == nil {
		if policy := this.TaskDefinition.ExecutionRole().Node().TryFindChild(jsii.String("DefaultPolicy")); policy != nil {
			nag.Suppress(policy, nag.Rule{
				ID:        "AwsSolutions-IAM5",
				Reason:    "The task execution role's ecr:GetAuthorizationToken supports no resource-level permissions, so Resource must be *; image pulls and log writes are scoped to the repository and log group.",
				AppliesTo: []string{"Resource::*"},
			})
			nag.Compliance(policy, "IAMNoInlinePolicy", nag.ReasonCdkInlinePolicy)
		}
	}
	this.TargetGroup.AddTarget(this.Service.LoadBalancerTarget(&ecs.LoadBalancerTargetOptions{
		ContainerName: container.ContainerName(),
		ContainerPort: jsii.Number(targetPort),
	}))
	this.Alarms = newAlarms(this.Construct, props.Alarms, this.targetMetrics, &capacityAlarm{
		id: idTooFewTasks, metric: this.MetricRunningTaskCount(), what: "running tasks", minutes: runningTasksMinutes,
		threshold: *defaults.Number(props.DesiredCount, DefaultFargateDesiredCount),
	}, this.Service)
	return this
}

// newTaskDefinition makes the task definition from Image and its
// companions: one container, App, on targetPort.
func (this *FargateProvider) newTaskDefinition(props *FargateProviderProps, arch string, targetPort float64) ecs.ContainerDefinition {
	retention := props.LogRetention
	if retention == "" {
		retention = logs.RetentionDays_ONE_MONTH
	}
	this.LogGroup = logkey.NewLogGroup(this.Construct, idLogGroup, &logs.LogGroupProps{Retention: retention})

	cpu, platform := ecs.CpuArchitecture_ARM64(), ecrassets.Platform_LINUX_ARM64()
	if arch == "X86_64" {
		cpu, platform = ecs.CpuArchitecture_X86_64(), ecrassets.Platform_LINUX_AMD64()
	}
	image := props.Image
	if props.ImageDirectory != nil {
		image = ecs.ContainerImage_FromAsset(props.ImageDirectory, &ecs.AssetImageProps{Platform: platform, File: props.ImageFile})
	}
	this.TaskDefinition = ecs.NewFargateTaskDefinition(this.Construct, jsii.String(idTaskDef), &ecs.FargateTaskDefinitionProps{
		Cpu:             defaults.Number(props.Cpu, DefaultFargateCpu),
		MemoryLimitMiB:  defaults.Number(props.MemoryLimitMiB, DefaultFargateMemoryMiB),
		RuntimePlatform: &ecs.RuntimePlatform{CpuArchitecture: cpu, OperatingSystemFamily: ecs.OperatingSystemFamily_LINUX()},
	})
	return this.TaskDefinition.AddContainer(jsii.String(idContainer), &ecs.ContainerDefinitionOptions{
		Image:       image,
		Environment: props.Environment,
		Secrets:     props.Secrets,
		Logging: ecs.LogDrivers_AwsLogs(&ecs.AwsLogDriverProps{
			LogGroup:     this.LogGroup,
			StreamPrefix: jsii.String("app"),
		}),
		PortMappings: &[]*ecs.PortMapping{{
			ContainerPort: jsii.Number(targetPort),
			Protocol:      ecs.Protocol_TCP,
		}},
		ReadonlyRootFilesystem: jsii.Bool(true),
	})
}

// cpuArchitecture is a's name, such as ARM64, or "" when a is nil:
// aws-cdk-lib keeps it in a field Go cannot read but its resolver can.
func cpuArchitecture(scope constructs.IConstruct, a ecs.CpuArchitecture) string {
	if a == nil {
		return ""
	}
	m, _ := awscdk.Stack_Of(scope).Resolve(a).(map[string]any)
	name, _ := m["_cpuArchitecture"].(string)
	return name
}

// servingContainer is the default container of a task definition given to
// the provider, checked to map port over TCP; nil, with the problem
// recorded in p, when it does not.
func servingContainer(p *check.Problems, td ecs.FargateTaskDefinition, port float64) ecs.ContainerDefinition {
	c := td.DefaultContainer()
	if c == nil {
		p.Addf("TaskDefinition %s has no container: want one that maps TargetPort %v (PortMappings)", *td.Node().Path(), port)
		return nil
	}
	var mapped []float64
	if ms := c.PortMappings(); ms != nil {
		for _, m := range *ms {
			if m.ContainerPort != nil && (m.Protocol == "" || m.Protocol == ecs.Protocol_TCP) {
				if *m.ContainerPort == port {
					return c
				}
				mapped = append(mapped, *m.ContainerPort)
			}
		}
	}
	p.Addf("TaskDefinition %s: its default container %s maps TCP ports %v, not TargetPort %v; add a PortMapping of ContainerPort %v, or set TargetPort to the port it serves on", *td.Node().Path(), *c.ContainerName(), mapped, port, port)
	return nil
}

// Contract is what consumers need of the service: its name, port, zones,
// private DNS name and region.
func (p *FargateProvider) Contract() *Contract { return p.EndpointService.Contract() }
