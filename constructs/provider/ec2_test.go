package provider

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

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
		props.Readiness = jsii.Bool(false) // the script exactly as given
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
		{"readiness timeout", func(p *Ec2ProviderProps) { p.ReadinessTimeoutSeconds = jsii.Number(30) }, []string{"ReadinessTimeoutSeconds 30: want a whole number from 60 to 43200"}},
		{"readiness timeout without readiness", func(p *Ec2ProviderProps) { p.Readiness, p.ReadinessTimeoutSeconds = jsii.Bool(false), jsii.Number(300) }, []string{"ReadinessTimeoutSeconds 300: Readiness is false, so nothing waits"}},
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

// TestEc2ProviderReadiness: the deploy waits for MinCapacity reports, and
// the script the instances run reports SUCCESS when the service answers
// its health check and FAILURE, with the reason, when it does not. The
// script is run here for real, against local servers standing in for the
// service and for the wait condition's presigned S3 URL.
func TestEc2ProviderReadiness(t *testing.T) {
	service := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/health" {
			http.NotFound(w, r)
		}
	}))
	defer service.Close()
	port, _ := strconv.Atoi(service.URL[strings.LastIndex(service.URL, ":")+1:])
	reports := make(chan string, 4)
	handle := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPut || r.Header.Get("Content-Type") != "" {
			t.Errorf("%s with Content-Type %q: a presigned URL takes a PUT with no Content-Type", r.Method, r.Header.Get("Content-Type"))
		}
		reports <- string(body)
	}))
	defer handle.Close()

	build := func(t *testing.T, path *string) (*cdktest.Template, string) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.Port, props.HealthCheckPath, props.ReadinessTimeoutSeconds = jsii.Number(float64(port)), path, jsii.Number(70)
		before := *props.UserData.Render()
		p := NewEc2Provider(stack, jsii.String("Todo"), props)
		if *props.UserData.Render() != before {
			t.Fatal("the caller's UserData was changed")
		}
		if p.ReadinessWait == nil {
			t.Fatal("ReadinessWait not set")
		}
		tpl := template(t, stack)
		// The script the launch template gives the instances, with the
		// handle's URL in place of its Ref.
		var script strings.Builder
		for _, r := range cdktest.Resources(t, tpl) {
			if r.Type != "AWS::EC2::LaunchTemplate" {
				continue
			}
			data := r.Properties["LaunchTemplateData"].(map[string]any)
			parts := data["UserData"].(map[string]any)["Fn::Base64"].(map[string]any)["Fn::Join"].([]any)[1].([]any)
			for _, part := range parts {
				if s, ok := part.(string); ok {
					script.WriteString(s)
				} else {
					script.WriteString(handle.URL)
				}
			}
		}
		s := script.String()
		return tpl, s[strings.Index(s, "# cdk-privatelink readiness"):]
	}
	run := func(t *testing.T, script string) string {
		if out, err := exec.Command("bash", "-c", script).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		select {
		case r := <-reports:
			return r
		case <-time.After(30 * time.Second):
			t.Fatal("no report")
		}
		return ""
	}

	t.Run("HTTP health check answers", func(t *testing.T) {
		tpl, script := build(t, jsii.String("/health"))
		tpl.HasResource(jsii.String("AWS::CloudFormation::WaitCondition"), obj{
			"Properties": obj{"Count": 2, "Timeout": "70", "Handle": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^TodoReadyHandle"))}},
			"DependsOn":  []any{assertions.Match_StringLikeRegexp(jsii.String("^TodoASG"))},
		})
		if got := run(t, script); !strings.Contains(got, `"Status":"SUCCESS"`) || !strings.Contains(got, "answers GET /health") {
			t.Fatalf("report %s, want SUCCESS", got)
		}
	})
	t.Run("HTTP health check fails", func(t *testing.T) {
		_, script := build(t, jsii.String("/missing"))
		if got := run(t, script); !strings.Contains(got, `"Status":"FAILURE"`) || !strings.Contains(got, fmt.Sprintf("no answer to GET /missing on port %d within 10 s", port)) {
			t.Fatalf("report %s, want FAILURE with its reason", got)
		}
	})
	t.Run("TCP check", func(t *testing.T) {
		_, script := build(t, nil)
		if got := run(t, script); !strings.Contains(got, `"Status":"SUCCESS"`) || !strings.Contains(got, fmt.Sprintf("answers a TCP connection to port %d", port)) {
			t.Fatalf("report %s, want SUCCESS", got)
		}
	})
	t.Run("a change of user data is a new wait; none when off", func(t *testing.T) {
		ids := func(change func(*Ec2ProviderProps)) []string {
			stack := newStack(t)
			props := ec2Props(newVpc(stack))
			change(props)
			NewEc2Provider(stack, jsii.String("Todo"), props)
			var out []string
			for id := range *template(t, stack).FindResources(jsii.String("AWS::CloudFormation::WaitCondition"), nil) {
				out = append(out, id)
			}
			return out
		}
		a := ids(func(*Ec2ProviderProps) {})
		b := ids(func(*Ec2ProviderProps) {})
		c := ids(func(p *Ec2ProviderProps) { p.UserData.AddCommands(jsii.String("echo changed")) })
		if len(a) != 1 || fmt.Sprint(a) != fmt.Sprint(b) || fmt.Sprint(a) == fmt.Sprint(c) {
			t.Fatalf("wait conditions %v, %v (same props), %v (other user data)", a, b, c)
		}
		if off := ids(func(p *Ec2ProviderProps) { p.Readiness = jsii.Bool(false) }); len(off) != 0 {
			t.Fatalf("Readiness false still waits: %v", off)
		}
	})
}
