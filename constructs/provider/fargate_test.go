package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	ecs "github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	secrets "github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestFargateProviderDefaults(t *testing.T) {
	stack := newStack(t)
	p := NewFargateProvider(stack, jsii.String("Dogs"), fargateProps(newVpc(stack)))
	tpl := template(t, stack)

	tpl.HasResourceProperties(jsii.String("AWS::ECS::Cluster"), obj{
		"ClusterSettings": []any{obj{"Name": "containerInsights", "Value": "enabled"}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ECS::TaskDefinition"), obj{
		"Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc",
		"RuntimePlatform": obj{"CpuArchitecture": "ARM64", "OperatingSystemFamily": "LINUX"},
		"ContainerDefinitions": []any{obj{
			"PortMappings":           []any{obj{"ContainerPort": 8080, "Protocol": "tcp"}},
			"ReadonlyRootFilesystem": true,
			"LogConfiguration":       obj{"LogDriver": "awslogs"},
		}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 30})
	tpl.HasResourceProperties(jsii.String("AWS::ECS::Service"), obj{
		"DesiredCount": 2,
		"LaunchType":   "FARGATE",
		"DeploymentConfiguration": obj{
			"DeploymentCircuitBreaker": obj{"Enable": true, "Rollback": true},
			"MinimumHealthyPercent":    100, "MaximumPercent": 200,
		},
		"HealthCheckGracePeriodSeconds": 60,
		"NetworkConfiguration": obj{"AwsvpcConfiguration": obj{
			"AssignPublicIp": "DISABLED",
			"SecurityGroups": []any{obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DogsSecurityGroup")), "GroupId"}}},
		}},
		"LoadBalancers": []any{obj{"ContainerName": "App", "ContainerPort": 8080}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"TargetType": "ip"})
	tpl.HasResource(jsii.String("AWS::IAM::Policy"), obj{
		"Properties": obj{"Roles": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^DogsTaskDefinitionExecutionRole"))}}},
		"Metadata": obj{"cdk_nag": obj{"rules_to_suppress": assertions.Match_ArrayWith(&[]any{obj{
			"id": "AwsSolutions-IAM5", "applies_to": []any{"Resource::*"}, "reason": assertions.Match_StringLikeRegexp(jsii.String("ecr:GetAuthorizationToken")),
		}, obj{
			"id": "NIST.800.53.R5-IAMNoInlinePolicy", "reason": assertions.Match_StringLikeRegexp(jsii.String("aws-cdk-lib writes this policy inline")),
		}})}},
	})
	if p.Service == nil || p.TaskDefinition == nil || p.LogGroup == nil || p.Cluster == nil || p.SecurityGroup == nil {
		t.Fatal("workload fields must be set")
	}
}

func TestFargateProviderOptions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(awscdk.Stack, *FargateProviderProps)
		check  func(*cdktest.Template)
	}{{
		name: "cpu, memory, count, environment and log retention",
		change: func(_ awscdk.Stack, p *FargateProviderProps) {
			p.Cpu, p.MemoryLimitMiB, p.DesiredCount = jsii.Number(1024), jsii.Number(4096), jsii.Number(4)
			p.Environment = &map[string]*string{"MODE": jsii.String("prod")}
			p.LogRetention = logs.RetentionDays_ONE_WEEK
		},
		check: func(tpl *cdktest.Template) {
			tpl.HasResourceProperties(jsii.String("AWS::ECS::TaskDefinition"), obj{
				"Cpu": "1024", "Memory": "4096",
				"ContainerDefinitions": []any{obj{"Environment": []any{obj{"Name": "MODE", "Value": "prod"}}}},
			})
			tpl.HasResourceProperties(jsii.String("AWS::ECS::Service"), obj{"DesiredCount": 4})
			tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 7})
		},
	}, {
		name: "existing cluster: none created",
		change: func(s awscdk.Stack, p *FargateProviderProps) {
			p.Cluster = ecs.NewCluster(s, jsii.String("Mine"), &ecs.ClusterProps{Vpc: p.Vpc, ClusterName: jsii.String("mine")})
		},
		check: func(tpl *cdktest.Template) {
			tpl.ResourceCountIs(jsii.String("AWS::ECS::Cluster"), jsii.Number(1))
			tpl.HasResourceProperties(jsii.String("AWS::ECS::Service"), obj{"Cluster": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^Mine"))}})
		},
	}, {
		name:   "port applies to listener, target group and container",
		change: func(_ awscdk.Stack, p *FargateProviderProps) { p.Port = jsii.Number(9000) },
		check: func(tpl *cdktest.Template) {
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 9000, "Protocol": "TCP"})
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Port": 9000})
			tpl.HasResourceProperties(jsii.String("AWS::ECS::TaskDefinition"), obj{
				"ContainerDefinitions": []any{obj{"PortMappings": []any{obj{"ContainerPort": 9000}}}},
			})
			tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{"FromPort": 9000, "ToPort": 9000})
		},
	}, {
		name: "target port apart from the listener's",
		change: func(_ awscdk.Stack, p *FargateProviderProps) {
			p.Port, p.TargetPort = jsii.Number(443), jsii.Number(9000)
		},
		check: func(tpl *cdktest.Template) {
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 443, "Protocol": "TCP"})
			tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Port": 9000})
			tpl.HasResourceProperties(jsii.String("AWS::ECS::TaskDefinition"), obj{
				"ContainerDefinitions": []any{obj{"PortMappings": []any{obj{"ContainerPort": 9000}}}},
			})
			tpl.HasResourceProperties(jsii.String("AWS::ECS::Service"), obj{"LoadBalancers": []any{obj{"ContainerName": "App", "ContainerPort": 9000}}})
			tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{"FromPort": 9000, "ToPort": 9000})
		},
	}, {
		name: "secrets and security groups of one's own",
		change: func(s awscdk.Stack, p *FargateProviderProps) {
			secret := secrets.Secret_FromSecretNameV2(s, jsii.String("Db"), jsii.String("db"))
			p.Secrets = &map[string]ecs.Secret{"DB_PASSWORD": ecs.Secret_FromSecretsManager(secret, jsii.String("password"))}
			p.SecurityGroups = []ec2.ISecurityGroup{ec2.SecurityGroup_FromSecurityGroupId(s, jsii.String("Db"+"SG"), jsii.String("sg-0123456789abcdef0"), nil)}
		},
		check: func(tpl *cdktest.Template) {
			tpl.HasResourceProperties(jsii.String("AWS::ECS::TaskDefinition"), obj{
				"ContainerDefinitions": []any{obj{"Secrets": []any{obj{"Name": "DB_PASSWORD", "ValueFrom": assertions.Match_AnyValue()}}}},
			})
			tpl.HasResourceProperties(jsii.String("AWS::ECS::Service"), obj{"NetworkConfiguration": obj{"AwsvpcConfiguration": obj{
				"SecurityGroups": []any{obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DogsSecurityGroup")), "GroupId"}}, "sg-0123456789abcdef0"},
			}}})
		},
	}, {
		name:   "x86_64",
		change: func(_ awscdk.Stack, p *FargateProviderProps) { p.Architecture = ecs.CpuArchitecture_X86_64() },
		check: func(tpl *cdktest.Template) {
			tpl.HasResourceProperties(jsii.String("AWS::ECS::TaskDefinition"), obj{"RuntimePlatform": obj{"CpuArchitecture": "X86_64", "OperatingSystemFamily": "LINUX"}})
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack(t)
			props := fargateProps(newVpc(stack))
			tc.change(stack, props)
			NewFargateProvider(stack, jsii.String("Dogs"), props)
			tc.check(template(t, stack))
		})
	}
}

// TestFargateProviderImageDirectory: an image built from a directory is
// built for the task's architecture, whatever the deploying machine's.
func TestFargateProviderImageDirectory(t *testing.T) {
	root, _ := cdktest.Root()
	for arch, platform := range map[string]string{"ARM64": "linux/arm64", "X86_64": "linux/amd64"} {
		t.Run(arch, func(t *testing.T) {
			stack := newStack(t)
			props := fargateProps(newVpc(stack))
			props.Image, props.ImageDirectory, props.Architecture = nil, jsii.String(filepath.Join(root, "apps", "dognames")), ecs.CpuArchitecture_Of(jsii.String(arch))
			NewFargateProvider(stack, jsii.String("Dogs"), props)
			assembly := awscdk.App_Of(stack).(awscdk.App).Synth(nil)
			raw, err := os.ReadFile(filepath.Join(*assembly.Directory(), "Test.assets.json"))
			if err != nil {
				t.Fatal(err)
			}
			var assets struct {
				DockerImages map[string]struct{ Source struct{ Platform string } }
			}
			if err := json.Unmarshal(raw, &assets); err != nil || len(assets.DockerImages) != 1 {
				t.Fatalf("docker image assets: %s (%v)", raw, err)
			}
			for _, img := range assets.DockerImages {
				if img.Source.Platform != platform {
					t.Fatalf("image built for %q, want %q", img.Source.Platform, platform)
				}
			}
		})
	}
}

func TestFargateProviderValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*FargateProviderProps)
		want   []string
	}{
		{"nil image", func(p *FargateProviderProps) { p.Image = nil }, []string{"Image is nil: want an ecs.ContainerImage (for example ecs.ContainerImage_FromRegistry), an ImageDirectory to build, or a TaskDefinition"}},
		{"image and directory", func(p *FargateProviderProps) { p.ImageDirectory = jsii.String("apps/dognames") }, []string{`ImageDirectory "apps/dognames": give Image or ImageDirectory, not both`}},
		{"no such directory", func(p *FargateProviderProps) { p.Image, p.ImageDirectory = nil, jsii.String("apps/nosuch") }, []string{`ImageDirectory "apps/nosuch": no such directory`}},
		{"directory without Dockerfile", func(p *FargateProviderProps) { p.Image, p.ImageDirectory = nil, jsii.String(".") }, []string{`ImageDirectory ".": has no Dockerfile`}},
		{"architecture", func(p *FargateProviderProps) { p.Architecture = ecs.CpuArchitecture_Of(jsii.String("arm")) }, []string{`Architecture "arm": want ecs.CpuArchitecture_ARM64() or ecs.CpuArchitecture_X86_64()`}},
		{"target port", func(p *FargateProviderProps) { p.TargetPort = jsii.Number(0) }, []string{"TargetPort 0: want a whole number from 1 to 65535"}},
		{"task definition with image props", func(p *FargateProviderProps) {
			p.TaskDefinition = ecs.NewFargateTaskDefinition(awscdk.Stack_Of(p.Vpc), jsii.String("Td"), nil)
			p.Cpu, p.Secrets, p.Architecture = jsii.Number(512), &map[string]ecs.Secret{}, ecs.CpuArchitecture_X86_64()
		}, []string{"TaskDefinition is given with Architecture, Cpu, Image, Secrets, which describe the task definition the provider would make: set them on your TaskDefinition, or drop it"}},
		{"tls with an existing load balancer", func(p *FargateProviderProps) {
			p.LoadBalancer = importedNlb(awscdk.Stack_Of(p.Vpc), true)
			p.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), Certificate: acm.Certificate_FromCertificateArn(awscdk.Stack_Of(p.Vpc), jsii.String("C"), jsii.String("arn:aws:acm:us-west-2:123456789012:certificate/1"))}
		}, []string{"Tls is set with LoadBalancer: a TLS listener needs access logs on the load balancer, which is yours"}},
		{"nil vpc", func(p *FargateProviderProps) { p.Vpc = nil }, []string{"Vpc is nil: want the ec2.IVpc"}},
		{"port 0", func(p *FargateProviderProps) { p.Port = jsii.Number(0) }, []string{"Port 0: want a whole number from 1 to 65535"}},
		{"port 70000", func(p *FargateProviderProps) { p.Port = jsii.Number(70000) }, []string{"Port 70000: want a whole number from 1 to 65535"}},
		{"cpu", func(p *FargateProviderProps) { p.Cpu = jsii.Number(300) }, []string{"Cpu 300: want one of 256, 512, 1024"}},
		{"memory for cpu", func(p *FargateProviderProps) { p.MemoryLimitMiB = jsii.Number(4096) }, []string{"MemoryLimitMiB 4096: with Cpu 256, want 512 to 2048 in steps of 512"}},
		{"memory 1536 with cpu 256", func(p *FargateProviderProps) { p.MemoryLimitMiB = jsii.Number(1536) }, []string{"MemoryLimitMiB 1536: with Cpu 256"}},
		{"memory step", func(p *FargateProviderProps) { p.Cpu, p.MemoryLimitMiB = jsii.Number(8192), jsii.Number(18432) }, []string{"MemoryLimitMiB 18432: with Cpu 8192, want 16384 to 61440 in steps of 4096"}},
		{"desired count", func(p *FargateProviderProps) { p.DesiredCount = jsii.Number(0) }, []string{"DesiredCount 0: want a whole number from 1 to 1000"}},
		{"health check path", func(p *FargateProviderProps) { p.HealthCheckPath = jsii.String("health") }, []string{`HealthCheckPath "health": want an absolute path`}},
		{"principal", func(p *FargateProviderProps) { p.EndpointService.AllowedPrincipals = []string{"arn:aws:iam::1:root"} }, []string{`AllowedPrincipals[0] "arn:aws:iam::1:root"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := fargateProps(nil)
			props.Vpc = ec2.Vpc_FromVpcAttributes(newStack(t), jsii.String("Imported"), &ec2.VpcAttributes{
				VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("a"), PrivateSubnetIds: jsii.Strings("subnet-0123456789abcdef1"),
			})
			tc.change(props)
			wantErr(t, props.validate("us-west-2", cpuArchitecture(props.Vpc, props.Architecture)), append([]string{"provider.FargateProvider: "}, tc.want...)...)
		})
	}
	t.Run("constructor panics before building", func(t *testing.T) {
		stack := newStack(t)
		mustPanic(t, func() { NewFargateProvider(stack, jsii.String("Dogs"), &FargateProviderProps{}) },
			"provider.FargateProvider at Test/Dogs: Vpc is nil", "Image is nil", "AllowedPrincipals is empty")
		if stack.Node().TryFindChild(jsii.String("Dogs")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}

// TestFargateProviderTaskDefinition: a task definition of one's own
// replaces the provider's; its default container and the target port are
// registered, and one that does not map the port is refused.
func TestFargateProviderTaskDefinition(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack)
	td := ecs.NewFargateTaskDefinition(stack, jsii.String("Mine"), &ecs.FargateTaskDefinitionProps{Cpu: jsii.Number(512), MemoryLimitMiB: jsii.Number(1024)})
	td.AddContainer(jsii.String("web"), &ecs.ContainerDefinitionOptions{
		Image:        ecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/nginx/nginx:stable"), nil),
		PortMappings: &[]*ecs.PortMapping{{ContainerPort: jsii.Number(80)}},
	})
	props := fargateProps(vpc)
	props.Image, props.TaskDefinition, props.TargetPort = nil, td, jsii.Number(80)
	p := NewFargateProvider(stack, jsii.String("Dogs"), props)
	if p.TaskDefinition != td || p.LogGroup != nil {
		t.Fatal("TaskDefinition must be the one given, and no log group made")
	}

	bad := ecs.NewFargateTaskDefinition(stack, jsii.String("Bad"), nil)
	bad.AddContainer(jsii.String("web"), &ecs.ContainerDefinitionOptions{
		Image:        ecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/nginx/nginx:stable"), nil),
		PortMappings: &[]*ecs.PortMapping{{ContainerPort: jsii.Number(80)}},
	})
	props = fargateProps(vpc)
	props.Image, props.TaskDefinition = nil, bad
	mustPanic(t, func() { NewFargateProvider(stack, jsii.String("Cats"), props) },
		"Test/Cats", "provider.FargateProvider", "TaskDefinition Test/Bad: its default container web maps TCP ports [80], not TargetPort 8080")
	props.TaskDefinition = ecs.NewFargateTaskDefinition(stack, jsii.String("Empty"), nil)
	mustPanic(t, func() { NewFargateProvider(stack, jsii.String("Cats"), props) }, "TaskDefinition Test/Empty has no container")

	tpl := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::ECS::TaskDefinition"), jsii.Number(3))
	for id, r := range cdktest.Resources(t, tpl) {
		if r.Type == "AWS::Logs::LogGroup" && strings.HasPrefix(id, "Dogs") {
			t.Errorf("%s: a log group made beside a task definition of one's own", id)
		}
	}
	tpl.HasResourceProperties(jsii.String("AWS::ECS::Service"), obj{
		"TaskDefinition": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^Mine"))},
		"LoadBalancers":  []any{obj{"ContainerName": "web", "ContainerPort": 80}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"Port": 80})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 8080})
}
