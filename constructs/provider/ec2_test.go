package provider

import (
	"encoding/json"
	"fmt"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// imageCall is the Create call of the Custom::AWS resource that reads the
// default image, as JSON.
func imageCall(t *testing.T, tpl *cdktest.Template) (create string, id string) {
	t.Helper()
	for logical, r := range cdktest.Resources(t, tpl) {
		c := mustJSON(t, r.Properties["Create"])
		if r.Type == "Custom::AWS" && strings.Contains(c, "getParameter") {
			return c, logical
		}
	}
	t.Fatal("no Custom::AWS reads the image")
	return "", ""
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

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
		// The image read once (below), not an SSM-typed parameter, which
		// CloudFormation would read again on every deploy.
		"ImageId": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^TodoImage")), "Parameter.Value"}},
	}})
	if params := tpl.ToJSON(); strings.Contains(mustJSON(t, (*params)["Parameters"]), "ami-amazon-linux-latest") {
		t.Fatalf("an SSM parameter of the image: %s", mustJSON(t, (*params)["Parameters"]))
	}
	create, _ := imageCall(t, tpl)
	for _, want := range []string{`\"action\":\"getParameter\"`, `\"Name\":\"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64\"`,
		`\"physicalResourceId\":{\"id\":\"al2023-arm64\"}`, `\"outputPaths\":[\"Parameter.Value\"]`} {
		if !strings.Contains(create, want) {
			t.Errorf("the image read %s lacks %s", create, want)
		}
	}
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": []any{obj{
		"Action": "ssm:GetParameter", "Effect": "Allow",
		"Resource": "arn:aws:ssm:us-west-2::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
	}}}})
	tpl.HasResource(jsii.String("AWS::AutoScaling::AutoScalingGroup"), obj{
		"Properties": obj{
			// One over the minimum: room to launch a new instance before an
			// old one goes.
			"MinSize": "2", "MaxSize": "3", "HealthCheckType": "ELB", "HealthCheckGracePeriod": 120,
			"TargetGroupARNs": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^TodoTargets"))}},
		},
		"CreationPolicy": obj{"ResourceSignal": obj{"Count": 2, "Timeout": "PT10M"}},
		"UpdatePolicy": obj{"AutoScalingRollingUpdate": obj{
			"MaxBatchSize": 1, "MinInstancesInService": 2, "WaitOnResourceSignals": true, "PauseTime": "PT10M",
			"SuspendProcesses": []any{"HealthCheck", "ReplaceUnhealthy", "AZRebalance", "AlarmNotification", "ScheduledActions", "InstanceRefresh"},
		}},
		"DependsOn": assertions.Match_ArrayWith(&[]any{assertions.Match_StringLikeRegexp(jsii.String("^TodoInstanceRoleDefaultPolicy"))}),
	})
	// The instance role has one permission: signalling its own stack.
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Role"), obj{
		"AssumeRolePolicyDocument": obj{"Statement": []any{obj{"Principal": obj{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Effect": "Allow"}}},
		"ManagedPolicyArns":        assertions.Match_Absent(),
		"Policies":                 assertions.Match_Absent(),
	})
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{
		"PolicyDocument": obj{"Statement": []any{obj{"Action": "cloudformation:SignalResource", "Effect": "Allow", "Resource": obj{"Ref": "AWS::StackId"}}}},
		"Roles":          []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^TodoInstanceRole"))}},
	})
	tpl.ResourceCountIs(jsii.String("AWS::IAM::ManagedPolicy"), jsii.Number(1)) // the flow logs'
	cdktest.HasNagSuppression(tpl, "AWS::IAM::Policy", "NIST.800.53.R5-IAMNoInlinePolicy", "signal its stack")
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{"TargetType": "instance"})
	cdktest.HasNagSuppression(tpl, "AWS::AutoScaling::AutoScalingGroup", "AwsSolutions-AS3", "activity history")
	if p.Role == nil || p.LaunchTemplate == nil || p.AutoScalingGroup == nil || p.Image == nil {
		t.Fatal("workload fields must be set")
	}
	cdktest.CfnLint(t, tpl)
}

func TestEc2ProviderOptions(t *testing.T) {
	t.Run("x86 instance type picks the x86_64 image", func(t *testing.T) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.InstanceType = ec2.InstanceType_Of(ec2.InstanceClass_T3, ec2.InstanceSize_MICRO)
		NewEc2Provider(stack, jsii.String("Todo"), props)
		tpl := template(t, stack)
		if create, _ := imageCall(t, tpl); !strings.Contains(create, "al2023-ami-kernel-default-x86_64") {
			t.Fatalf("image read %s, want x86_64", create)
		}
		tpl.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{"LaunchTemplateData": obj{"InstanceType": "t3.micro"}})
	})
	t.Run("ImageRefresh: a new read, so a new image", func(t *testing.T) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.ImageRefresh = jsii.String("2026-12-01")
		NewEc2Provider(stack, jsii.String("Todo"), props)
		if create, _ := imageCall(t, template(t, stack)); !strings.Contains(create, `\"physicalResourceId\":{\"id\":\"al2023-arm64:2026-12-01\"}`) {
			t.Fatalf("image read %s, want its physical ID keyed to the refresh", create)
		}
	})
	t.Run("graviton instance type; capacity and volume", func(t *testing.T) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.InstanceType = ec2.InstanceType_Of(ec2.InstanceClass_T4G, ec2.InstanceSize_SMALL)
		props.MinCapacity, props.MaxCapacity, props.RootVolumeSizeGiB = jsii.Number(3), jsii.Number(6), jsii.Number(20)
		props.ReadinessTimeout = awscdk.Duration_Minutes(jsii.Number(15))
		NewEc2Provider(stack, jsii.String("Todo"), props)
		tpl := template(t, stack)
		tpl.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{"LaunchTemplateData": obj{
			"InstanceType":        "t4g.small",
			"BlockDeviceMappings": []any{obj{"Ebs": obj{"VolumeSize": 20}}},
		}})
		tpl.HasResource(jsii.String("AWS::AutoScaling::AutoScalingGroup"), obj{
			"Properties":     obj{"MinSize": "3", "MaxSize": "6"},
			"CreationPolicy": obj{"ResourceSignal": obj{"Count": 3, "Timeout": "PT15M"}},
			"UpdatePolicy":   obj{"AutoScalingRollingUpdate": obj{"MinInstancesInService": 3, "PauseTime": "PT15M"}},
		})
	})
	t.Run("no room above the minimum: one instance out at a time", func(t *testing.T) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.MaxCapacity = jsii.Number(2)
		NewEc2Provider(stack, jsii.String("Todo"), props)
		template(t, stack).HasResource(jsii.String("AWS::AutoScaling::AutoScalingGroup"), obj{
			"Properties":   obj{"MinSize": "2", "MaxSize": "2"},
			"UpdatePolicy": obj{"AutoScalingRollingUpdate": obj{"MinInstancesInService": 1, "WaitOnResourceSignals": true}},
		})
	})
	t.Run("machine image and user data are the caller's", func(t *testing.T) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.MachineImage = ec2.MachineImage_GenericLinux(&map[string]*string{"us-west-2": jsii.String("ami-0123456789abcdef0")}, nil)
		props.UserData.AddCommands(jsii.String("systemctl start todo"))
		props.Readiness = jsii.Bool(false) // the script exactly as given
		p := NewEc2Provider(stack, jsii.String("Todo"), props)
		tpl := template(t, stack)
		tpl.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{"LaunchTemplateData": obj{
			"ImageId":  "ami-0123456789abcdef0",
			"UserData": obj{"Fn::Base64": "#!/bin/bash\nsystemctl start todo"},
		}})
		// Without readiness: no signals, and nothing signals.
		tpl.HasResource(jsii.String("AWS::AutoScaling::AutoScalingGroup"), obj{
			"CreationPolicy": assertions.Match_Absent(),
			"UpdatePolicy":   obj{"AutoScalingRollingUpdate": obj{"MaxBatchSize": 1, "MinInstancesInService": 2, "WaitOnResourceSignals": assertions.Match_Absent()}},
		})
		tpl.ResourcePropertiesCountIs(jsii.String("AWS::IAM::Policy"), obj{
			"Roles": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^TodoInstanceRole"))}},
		}, jsii.Number(0))
		if p.Image != nil {
			t.Fatal("an image read with MachineImage given")
		}
	})
}

// TestEc2ProviderPermissionsFirst: the group waits for every policy that
// attaches to its role, made after the provider too, so no instance boots
// without the permissions its user data needs.
func TestEc2ProviderPermissionsFirst(t *testing.T) {
	stack := newStack(t)
	p := NewEc2Provider(stack, jsii.String("Todo"), ec2Props(newVpc(stack)))
	iam.NewManagedPolicy(stack, jsii.String("Later"), &iam.ManagedPolicyProps{
		Statements: &[]iam.PolicyStatement{iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("arn:aws:s3:::b/k")})},
		Roles:      &[]iam.IRole{p.Role},
	})
	p.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("dynamodb:GetItem"), Resources: jsii.Strings("arn:aws:dynamodb:us-west-2:123456789012:table/t")}))
	// Not the role's: no dependency.
	other := iam.NewRole(stack, jsii.String("Other"), &iam.RoleProps{AssumedBy: iam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil)})
	iam.NewManagedPolicy(stack, jsii.String("NotIts"), &iam.ManagedPolicyProps{
		Statements: &[]iam.PolicyStatement{iam.NewPolicyStatement(&iam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("arn:aws:s3:::b/k")})},
		Roles:      &[]iam.IRole{other},
	})
	tpl := template(t, stack)
	for id, r := range cdktest.Resources(t, tpl) {
		if r.Type != "AWS::AutoScaling::AutoScalingGroup" {
			continue
		}
		deps := mustJSON(t, (*tpl.ToJSON())["Resources"].(map[string]any)[id].(map[string]any)["DependsOn"])
		for _, want := range []string{"Later", "TodoInstanceRoleDefaultPolicy"} {
			if !strings.Contains(deps, `"`+want) {
				t.Errorf("the group does not wait for %s: DependsOn %s", want, deps)
			}
		}
		if strings.Contains(deps, "NotIts") {
			t.Errorf("the group waits for another role's policy: %s", deps)
		}
	}
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
		{"readiness timeout", func(p *Ec2ProviderProps) { p.ReadinessTimeout = awscdk.Duration_Minutes(jsii.Number(2)) },
			[]string{"ReadinessTimeout 2 minutes: want whole seconds from 180 (the instance's launch and its signal) to 43200 (CloudFormation's limit)"}},
		{"readiness timeout too long", func(p *Ec2ProviderProps) { p.ReadinessTimeout = awscdk.Duration_Hours(jsii.Number(13)) }, []string{"ReadinessTimeout 13 hours: want whole seconds"}},
		{"readiness timeout without readiness", func(p *Ec2ProviderProps) {
			p.Readiness, p.ReadinessTimeout = jsii.Bool(false), awscdk.Duration_Minutes(jsii.Number(5))
		}, []string{"ReadinessTimeout 5 minutes: Readiness is false, so nothing waits"}},
		{"refresh of a given image", func(p *Ec2ProviderProps) {
			p.ImageRefresh = jsii.String("2026-12")
			p.MachineImage = ec2.MachineImage_GenericLinux(&map[string]*string{"us-west-2": jsii.String("ami-0123456789abcdef0")}, nil)
		}, []string{`ImageRefresh "2026-12": MachineImage is given, so there is no default image to refresh; drop one of the two`}},
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
		mustPanic(t, func() { NewEc2Provider(stack, jsii.String("Todo"), nil) }, "provider.Ec2Provider at Test/Todo: Vpc is nil", "UserData is nil")
		if stack.Node().TryFindChild(jsii.String("Todo")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}

// TestEc2ProviderReadiness: the script the instances run signals SUCCESS
// to their group when the service answers its health check, and FAILURE,
// with the reason in its output, when it does not, before the deadline. It
// runs here for real, with the AWS CLI, against local servers standing in
// for the service, the instance metadata service and the CloudFormation
// API (moto has no SignalResource).
func TestEc2ProviderReadiness(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatal("the AWS CLI is needed to run the readiness script: it ships with this machine image, and with Amazon Linux 2023")
	}
	service := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/health" {
			http.NotFound(w, r)
		}
	}))
	defer service.Close()
	port, _ := strconv.Atoi(service.URL[strings.LastIndex(service.URL, ":")+1:])
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			io.WriteString(w, "token-1")
		case r.URL.Path == "/latest/meta-data/instance-id" && r.Header.Get("X-aws-ec2-metadata-token") == "token-1":
			io.WriteString(w, "i-0123456789abcdef0")
		default:
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer imds.Close()
	signals := make(chan url.Values, 4)
	cfn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		signals <- r.PostForm
		io.WriteString(w, `<SignalResourceResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></SignalResourceResponse>`)
	}))
	defer cfn.Close()

	// uptime stands in for /proc/uptime: the seconds since the instance
	// booted, from which the script counts its deadline.
	uptime := func(t *testing.T, seconds int) string {
		f := t.TempDir() + "/uptime"
		os.WriteFile(f, []byte(fmt.Sprintf("%d.42 1.00\n", seconds)), 0o644)
		return f
	}
	// buildOn builds the provider for a service on port, serving TLS itself
	// (TlsOptions.TargetsTerminateTls) with tls.
	buildOn := func(t *testing.T, port int, tls bool, path *string, timeout float64, booted string) (string, string) {
		stack := newStack(t)
		props := ec2Props(newVpc(stack))
		props.Port, props.HealthCheckPath, props.ReadinessTimeout = jsii.Number(float64(port)), path, awscdk.Duration_Seconds(jsii.Number(timeout))
		if tls {
			props.Tls = &TlsOptions{DomainName: jsii.String("todo.example.com"), TargetsTerminateTls: jsii.Bool(true),
				Certificate: acm.Certificate_FromCertificateArn(stack, jsii.String("Cert"), jsii.String("arn:aws:acm:us-west-2:123456789012:certificate/11111111-2222-3333-4444-555555555555"))}
		}
		before := *props.UserData.Render()
		p := NewEc2Provider(stack, jsii.String("Todo"), props)
		if *props.UserData.Render() != before {
			t.Fatal("the caller's UserData was changed")
		}
		tpl := template(t, stack)
		var script strings.Builder
		for _, r := range cdktest.Resources(t, tpl) {
			if r.Type != "AWS::EC2::LaunchTemplate" {
				continue
			}
			data := r.Properties["LaunchTemplateData"].(map[string]any)
			parts := []any{data["UserData"].(map[string]any)["Fn::Base64"]}
			if m, ok := parts[0].(map[string]any); ok {
				parts = m["Fn::Join"].([]any)[1].([]any)
			}
			for _, part := range parts {
				if s, ok := part.(string); ok {
					script.WriteString(s)
				} else if mustJSON(t, part) == `{"Ref":"AWS::StackName"}` {
					script.WriteString("Test")
				} else {
					t.Fatalf("the user data holds %s", mustJSON(t, part))
				}
			}
		}
		s := script.String()
		s = strings.ReplaceAll(s[strings.Index(s, "# cdk-privatelink readiness"):], "http://169.254.169.254", imds.URL)
		if !strings.Contains(s, "/proc/uptime") {
			t.Fatal("the script does not count from boot")
		}
		s = strings.ReplaceAll(s, "/proc/uptime", booted)
		var group awscdk.CfnElement
		jsii.UnsafeCast(p.AutoScalingGroup.Node().DefaultChild(), &group)
		return s, stack.Resolve(group.LogicalId()).(string)
	}
	build := func(t *testing.T, path *string, timeout float64, booted string) (string, string) {
		return buildOn(t, port, false, path, timeout, booted)
	}
	run := func(t *testing.T, script string) (url.Values, string) {
		cmd := exec.Command("bash", "-c", script)
		cmd.Env = append(os.Environ(), "AWS_ENDPOINT_URL="+cfn.URL, "AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x", "AWS_EC2_METADATA_DISABLED=true")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		select {
		case s := <-signals:
			return s, string(out)
		case <-time.After(30 * time.Second):
			t.Fatalf("no signal; the script said:\n%s", out)
		}
		return nil, ""
	}
	want := func(t *testing.T, got url.Values, group, status string) {
		t.Helper()
		for k, v := range map[string]string{"Action": "SignalResource", "StackName": "Test", "LogicalResourceId": group, "UniqueId": "i-0123456789abcdef0", "Status": status} {
			if got.Get(k) != v {
				t.Errorf("signal %s = %q, want %q (signal %v)", k, got.Get(k), v, got)
			}
		}
	}

	t.Run("HTTP health check answers", func(t *testing.T) {
		script, group := build(t, jsii.String("/health"), 600, uptime(t, 30))
		got, out := run(t, script)
		want(t, got, group, "SUCCESS")
		if !strings.Contains(out, "SUCCESS: answers GET /health") {
			t.Errorf("the script said %q", out)
		}
	})
	t.Run("HTTP health check fails at the deadline", func(t *testing.T) {
		// 180 s leaves 60 s after boot; booted 58 s ago, the script checks
		// for 2 s, then gives up with its reason.
		script, group := build(t, jsii.String("/missing"), 180, uptime(t, 58))
		start := time.Now()
		got, out := run(t, script)
		want(t, got, group, "FAILURE")
		if !strings.Contains(out, fmt.Sprintf("FAILURE: no answer to GET /missing on port %d within 60 s of boot", port)) {
			t.Errorf("the script said %q", out)
		}
		if took := time.Since(start); took > 20*time.Second {
			t.Errorf("the script ran %v past its deadline", took)
		}
	})
	t.Run("past the deadline: the verdict at once, not another loop", func(t *testing.T) {
		script, group := build(t, nil, 600, uptime(t, 3600))
		start := time.Now()
		got, _ := run(t, script)
		want(t, got, group, "FAILURE")
		if took := time.Since(start); took > 15*time.Second {
			t.Errorf("the script took %v", took)
		}
	})
	t.Run("a service serving TLS itself is asked over HTTPS", func(t *testing.T) {
		tlsService := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/health" {
				http.NotFound(w, r)
			}
		}))
		defer tlsService.Close()
		tlsPort, _ := strconv.Atoi(tlsService.URL[strings.LastIndex(tlsService.URL, ":")+1:])
		script, group := buildOn(t, tlsPort, true, jsii.String("/health"), 600, uptime(t, 30))
		got, out := run(t, script)
		want(t, got, group, "SUCCESS")
		if !strings.Contains(out, fmt.Sprintf("SUCCESS: answers GET /health over TLS on port %d", tlsPort)) {
			t.Errorf("the script said %q", out)
		}
		// The same service asked in plain HTTP, as before: never ready.
		script, group = buildOn(t, tlsPort, false, jsii.String("/health"), 180, uptime(t, 58))
		got, _ = run(t, script)
		want(t, got, group, "FAILURE")
	})
	t.Run("TCP check", func(t *testing.T) {
		script, group := build(t, nil, 600, uptime(t, 30))
		got, out := run(t, script)
		want(t, got, group, "SUCCESS")
		if !strings.Contains(out, fmt.Sprintf("answers a TCP connection to port %d", port)) {
			t.Errorf("the script said %q", out)
		}
	})
}
