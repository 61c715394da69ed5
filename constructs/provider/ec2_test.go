package provider

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestEc2ProviderDefaults(t *testing.T) {
	stack := newStack(t)
	p := NewEc2Provider(stack, jsii.String("Todo"), ec2Props(newVpc(stack)))
	tpl := template(t, stack)

	tpl.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{"LaunchTemplateData": obj{
		"InstanceType":    "t4g.micro",
		"MetadataOptions": obj{"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
		"BlockDeviceMappings": []any{obj{
			"DeviceName": "/dev/xvda",
			"Ebs":        obj{"Encrypted": true, "VolumeSize": 8, "VolumeType": "gp3", "DeleteOnTermination": true},
		}},
		"ImageId": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^SsmParameterValueawsserviceamiamazonlinuxlatestal2023amikernel.*arm64"))},
	}})
	// The AMI comes from AWS's public SSM parameter at deploy time.
	tpl.HasParameter(jsii.String("*"), obj{
		"Type":    "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
		"Default": assertions.Match_StringLikeRegexp(jsii.String("^/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-.*-arm64$")),
	})
	tpl.HasResource(jsii.String("AWS::AutoScaling::AutoScalingGroup"), obj{
		"Properties": obj{
			"MinSize": "2", "MaxSize": "2", "HealthCheckType": "ELB", "HealthCheckGracePeriod": 120,
			"TargetGroupARNs": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^TodoTargets"))}},
		},
		"UpdatePolicy": obj{"AutoScalingRollingUpdate": obj{"MaxBatchSize": 1, "MinInstancesInService": 1}},
	})
	// The instance role starts with no permissions.
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Role"), obj{
		"AssumeRolePolicyDocument": obj{"Statement": []any{obj{"Principal": obj{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Effect": "Allow"}}},
		"ManagedPolicyArns":        assertions.Match_Absent(),
		"Policies":                 assertions.Match_Absent(),
	})
	// No policy attaches to it either (the one policy is the flow logs').
	tpl.ResourcePropertiesCountIs(jsii.String("AWS::IAM::Policy"), obj{
		"Roles": assertions.Match_ArrayWith(&[]any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^TodoInstanceRole"))}}),
	}, jsii.Number(0))
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"TargetType": "instance"})
	cdktest.HasNagSuppression(tpl, "AWS::AutoScaling::AutoScalingGroup", "AwsSolutions-AS3", "activity history")
	if p.Role == nil || p.LaunchTemplate == nil || p.AutoScalingGroup == nil {
		t.Fatal("workload fields must be set")
	}
}

func TestEc2ProviderOptions(t *testing.T) {
	t.Run("x86 instance type picks the x86_64 image", func(t *testing.T) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.InstanceType = ec2.InstanceType_Of(ec2.InstanceClass_T3, ec2.InstanceSize_MICRO)
		NewEc2Provider(stack, jsii.String("Todo"), props)
		tpl := template(t, stack)
		tpl.HasParameter(jsii.String("*"), obj{"Default": assertions.Match_StringLikeRegexp(jsii.String("al2023-ami-kernel-.*-x86_64$"))})
		tpl.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{"LaunchTemplateData": obj{"InstanceType": "t3.micro"}})
	})
	t.Run("graviton instance type picks the arm64 image; capacity and volume", func(t *testing.T) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.InstanceType = ec2.InstanceType_Of(ec2.InstanceClass_T4G, ec2.InstanceSize_SMALL)
		props.MinCapacity, props.MaxCapacity, props.RootVolumeSizeGiB = jsii.Number(3), jsii.Number(6), jsii.Number(20)
		NewEc2Provider(stack, jsii.String("Todo"), props)
		tpl := template(t, stack)
		tpl.HasParameter(jsii.String("*"), obj{"Default": assertions.Match_StringLikeRegexp(jsii.String("al2023-ami-kernel-.*-arm64$"))})
		tpl.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{"LaunchTemplateData": obj{
			"InstanceType":        "t4g.small",
			"BlockDeviceMappings": []any{obj{"Ebs": obj{"VolumeSize": 20}}},
		}})
		tpl.HasResource(jsii.String("AWS::AutoScaling::AutoScalingGroup"), obj{
			"Properties":   obj{"MinSize": "3", "MaxSize": "6"},
			"UpdatePolicy": obj{"AutoScalingRollingUpdate": obj{"MinInstancesInService": 2}},
		})
	})
	t.Run("machine image and user data are the caller's", func(t *testing.T) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.MachineImage = ec2.MachineImage_GenericLinux(&map[string]*string{"us-west-2": jsii.String("ami-0123456789abcdef0")}, nil)
		props.UserData.AddCommands(jsii.String("systemctl start todo"))
		NewEc2Provider(stack, jsii.String("Todo"), props)
		template(t, stack).HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{"LaunchTemplateData": obj{
			"ImageId":  "ami-0123456789abcdef0",
			"UserData": obj{"Fn::Base64": "#!/bin/bash\nsystemctl start todo"},
		}})
	})
}

func TestEc2ProviderValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Ec2ProviderProps)
		want   []string
	}{
		{"nil user data", func(p *Ec2ProviderProps) { p.UserData = nil }, []string{"UserData is nil: want an ec2.UserData"}},
		{"min capacity", func(p *Ec2ProviderProps) { p.MinCapacity = jsii.Number(0) }, []string{"MinCapacity 0: want a whole number from 1 to 1000"}},
		{"max below min", func(p *Ec2ProviderProps) { p.MaxCapacity = jsii.Number(1) }, []string{"MaxCapacity 1: want at least MinCapacity (2)"}},
		{"max out of range", func(p *Ec2ProviderProps) { p.MaxCapacity = jsii.Number(0.5) }, []string{"MaxCapacity 0.5: want a whole number from 1 to 1000"}},
		{"root volume", func(p *Ec2ProviderProps) { p.RootVolumeSizeGiB = jsii.Number(4) }, []string{"RootVolumeSizeGiB 4: want a whole number from 8 to 16384"}},
		{"port", func(p *Ec2ProviderProps) { p.Port = jsii.Number(-5) }, []string{"Port -5: want a whole number from 1 to 65535"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := ec2Props(nil)
			props.Vpc = ec2.Vpc_FromVpcAttributes(newStack(t), jsii.String("Imported"), &ec2.VpcAttributes{
				VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("a"), PrivateSubnetIds: jsii.Strings("subnet-0123456789abcdef1"),
			})
			tc.change(props)
			wantErr(t, props.validate("us-west-2"), append([]string{"provider.Ec2Provider: "}, tc.want...)...)
		})
	}
	t.Run("constructor panics before building", func(t *testing.T) {
		stack := newStack(t)
		mustPanic(t, func() { NewEc2Provider(stack, jsii.String("Todo"), nil) }, "provider.Ec2Provider: Vpc is nil", "UserData is nil")
		if stack.Node().TryFindChild(jsii.String("Todo")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}
