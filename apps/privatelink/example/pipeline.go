package example

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	codebuild "github.com/aws/aws-cdk-go/awscdk/v2/awscodebuild"
	codepipeline "github.com/aws/aws-cdk-go/awscdk/v2/awscodepipeline"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/pipelines"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// PipelineSource is where the pipeline reads the repository: a branch of a
// repository reached through an AWS CodeConnections connection (GitHub,
// GitLab, Bitbucket), given by context so the pipeline synthesizes offline:
//
//	-c pipeline=<owner>/<repo>@<branch> -c pipelineConnection=<connection ARN>
type PipelineSource struct {
	Repo, Branch, ConnectionArn string
}

// Pipeline context keys.
const (
	ContextPipeline           = "pipeline"
	ContextPipelineConnection = "pipelineConnection"
	// PipelineStackName is the pipeline's stack, in the tooling account.
	PipelineStackName = "pipeline"
)

var (
	pipelineRe   = regexp.MustCompile(`^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)@([A-Za-z0-9_./-]+)$`)
	connectionRe = regexp.MustCompile(`^arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection/[0-9a-f-]{36}$`)
)

// PipelineContext reads the pipeline's source from the context; ok is
// false when -c pipeline is not given.
func PipelineContext(t *Topology, context map[string]any) (src PipelineSource, ok bool, err error) {
	raw, given := context[ContextPipeline]
	if !given {
		if _, conn := context[ContextPipelineConnection]; conn {
			return src, false, fmt.Errorf("-c %s is given without -c %s=<owner>/<repo>@<branch>", ContextPipelineConnection, ContextPipeline)
		}
		return src, false, nil
	}
	var errs []string
	repo, _ := raw.(string)
	m := pipelineRe.FindStringSubmatch(repo)
	if m == nil {
		errs = append(errs, fmt.Sprintf("-c %s=%v: want <owner>/<repo>@<branch>, such as acme/privatelink@main", ContextPipeline, raw))
	} else {
		src.Repo, src.Branch = m[1], m[2]
	}
	conn, _ := context[ContextPipelineConnection].(string)
	if !connectionRe.MatchString(conn) {
		errs = append(errs, fmt.Sprintf("-c %s=%v: want the ARN of an AWS CodeConnections connection to the repository's host, such as arn:aws:codeconnections:%s:%s:connection/<id> (console: Developer Tools, Settings, Connections)",
			ContextPipelineConnection, context[ContextPipelineConnection], t.Region, toolingAccount(t)))
	}
	src.ConnectionArn = conn
	if t.Tooling == nil {
		errs = append(errs, fmt.Sprintf(`-c %s: the topology names no tooling account for the pipeline; add "tooling": {"account": "<12 digits>"} to it`, ContextPipeline))
	}
	if len(errs) > 0 {
		return src, false, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return src, true, nil
}

func toolingAccount(t *Topology) string {
	if t.Tooling == nil {
		return "<tooling account>"
	}
	return t.Tooling.Account
}

// Pipeline is the CDK pipeline that deploys the topology from the tooling
// account: the project's own `make synth`, then each wave of t.Waves() (the
// order the rehearsal deploys in): every provider account at once, then
// the gateway. With TLS, a step before the gateway fails unless each
// provider's private DNS name reads verified; after it, seed 003's curl
// sequence runs against the API. Each stage is one account of the
// topology, its stacks under their usual names. Cross-account keys
// encrypt the artifacts, so every account must trust the tooling account
// (README, "At scale").
func Pipeline(app awscdk.App, t *Topology, opts Options, src PipelineSource) (pipelines.CodePipeline, error) {
	stack := awscdk.NewStack(app, jsii.String(PipelineStackName), &awscdk.StackProps{
		StackName:   jsii.String(PipelineStackName),
		Env:         env(t.Tooling.Account, t.Region),
		Description: jsii.String("Deploys the PrivateLink topology to its accounts, providers first, then the gateway"),
	})
	source := pipelines.CodePipelineSource_Connection(jsii.String(src.Repo), jsii.String(src.Branch), &pipelines.ConnectionSourceOptions{
		ConnectionArn: jsii.String(src.ConnectionArn),
	})
	pipeline := pipelines.NewCodePipeline(stack, jsii.String("Pipeline"), &pipelines.CodePipelineProps{
		PipelineType: codepipeline.PipelineType_V2,
		Synth: pipelines.NewShellStep(jsii.String("Synth"), &pipelines.ShellStepProps{
			Input: source,
			// The same command as anyone's: it installs what it needs.
			Commands:               jsii.Strings(fmt.Sprintf("make synth CONTEXT='-c %s=%s@%s -c %s=%s'", ContextPipeline, src.Repo, src.Branch, ContextPipelineConnection, src.ConnectionArn)),
			PrimaryOutputDirectory: jsii.String("cdk.out"),
		}),
		CrossAccountKeys:  jsii.Bool(true),
		EnableKeyRotation: jsii.Bool(true),
		// The CLI of package.json, not npm's latest, which cannot read
		// these assemblies; the asset publisher of the same release.
		CliVersion:          jsii.String(CdkCliVersion),
		CdkAssetsCliVersion: jsii.String(CdkAssetsVersion),
		// make synth needs the Go of go.mod and Node 20 or later:
		// standard:7.0 defaults to Go 1.20 and Node 18, which cannot build
		// it (CodeBuild, "Docker images provided by CodeBuild").
		CodeBuildDefaults: &pipelines.CodeBuildOptions{
			BuildEnvironment: &codebuild.BuildEnvironment{BuildImage: codebuild.LinuxBuildImage_FromCodeBuildImageId(jsii.String(CodeBuildImage))},
			PartialBuildSpec: codebuild.BuildSpec_FromObject(&map[string]any{
				"phases": map[string]any{"install": map[string]any{"runtime-versions": map[string]any{"golang": GoVersion, "nodejs": NodeVersion}}},
			}),
		},
	})
	// Each wave's stages, one per role; the gateway's wave checks the
	// providers' names before it (TLS) and the API after it.
	states := map[string]awscdk.CfnOutput{}
	for _, w := range t.Waves() {
		var stages []awscdk.Stage
		var url awscdk.CfnOutput
		for _, role := range w.Roles {
			sel := &Selection{Services: map[string]bool{}}
			account := t.Gateway.Account
			switch role {
			case GatewayRole:
				sel.Gateway = true
			case ConsumersRole:
				sel.Consumers, account = true, t.Tooling.Account
			default:
				sel.Services[role] = true
				for _, s := range t.Services {
					if s.Name == role {
						account = s.Account
					}
				}
			}
			stage := awscdk.NewStage(app, jsii.String(role), &awscdk.StageProps{Env: env(account, t.Region)})
			b, err := Build(stage, t, sel, opts)
			if err != nil {
				return nil, err
			}
			for name, out := range b.VerificationStates {
				states[name] = out
			}
			if b.Url != nil {
				url = b.Url
			}
			stages = append(stages, stage)
		}
		var pre, post []pipelines.Step
		if url != nil {
			if len(states) > 0 {
				pre = append(pre, verifiedStep(states))
			}
			post = append(post, pipelines.NewShellStep(jsii.String("CurlSequence"), &pipelines.ShellStepProps{
				Input:             source,
				EnvFromCfnOutputs: &map[string]awscdk.CfnOutput{"API_URL": url},
				// Seed 003's requests, each answer checked (the rehearsal's
				// own code, without its AWS SDK).
				Commands: jsii.Strings(`python3 test/rehearsal/curl_sequence.py "$API_URL"`),
			}))
		}
		wave := pipeline.AddWave(jsii.String(w.Name), &pipelines.WaveOptions{Pre: &pre, Post: &post})
		for _, stage := range stages {
			wave.AddStage(stage, nil)
		}
	}
	pipeline.BuildPipeline()
	pipelineCompliance(stack, pipeline)
	sourceConnection(stack, src)
	return pipeline, nil
}

// Versions the pipeline's CodeBuild steps install: package.json's CLI
// (TestPipelineCliVersion keeps them equal) and the cdk-assets of its
// release.
const (
	CdkCliVersion    = "2.1148.1"
	CdkAssetsVersion = "4.7.3"
	// CodeBuildImage, GoVersion and NodeVersion are the build image of
	// every step and the runtimes it installs: go.mod's Go (TestPipelineCliVersion
	// holds them equal) and a Node that jsii supports.
	CodeBuildImage = "aws/codebuild/standard:8.0"
	GoVersion      = "1.26"
	NodeVersion    = "22"
)

// pipelineCompliance answers the compliance packs on what aws-cdk-lib's
// pipelines makes, each on its resource with the reason, and drops the
// pipeline's DependsOn its role, which its RoleArn already says (cfn-lint
// W3005).
func pipelineCompliance(stack awscdk.Stack, pipeline pipelines.CodePipeline) {
	var cfn awscdk.CfnResource
	jsii.UnsafeCast(pipeline.Pipeline().Node().DefaultChild(), &cfn)
	cfn.AddOverride(jsii.String("DependsOn"), []any{stack.GetLogicalId(pipeline.Pipeline().Role().Node().FindChild(jsii.String("DefaultPolicy")).Node().DefaultChild().(awscdk.CfnElement))})
	inline := "aws-cdk-lib's pipelines writes each role's grants as its inline default policy, with no option of a managed one; each is scoped to the pipeline's own bucket, key, projects and the bootstrap roles of the topology's accounts."
	for _, c := range *stack.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		switch r := c.(type) {
		case iam.CfnPolicy:
			suppress(r, "AwsSolutions-IAM5", "aws-cdk-lib's pipelines grants its roles what each step needs: objects of the pipeline's artifact bucket (s3:GetObject*, s3:List*), its key (kms:GenerateDataKey*, kms:ReEncrypt*), its CodeBuild projects' log groups and report groups (names end in IDs CodeBuild assigns), and sts:AssumeRole on the bootstrap roles of the topology's accounts. No resource outside the pipeline and those roles.")
			for _, pack := range []string{"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"} {
				suppress(r, pack+"-IAMNoInlinePolicy", inline)
			}
		case codebuild.CfnProject:
			for _, pack := range []string{"HIPAA.Security", "PCI.DSS.321"} {
				suppress(r, pack+"-CodeBuildProjectSourceRepoUrl", "The project's source is the pipeline's artifact (type CODEPIPELINE): it names no repository URL and holds no credentials; the repository is reached through an AWS CodeConnections connection.")
			}
		case s3.CfnBucket:
			why := "The pipeline's artifact bucket (aws-cdk-lib's pipelines): each run's source and cloud assembly, KMS-encrypted with a rotated key that the topology's accounts' deploy roles may use, TLS only, no public access; every run writes new objects and the deploys read them once. "
			suppress(r, "AwsSolutions-S1", why+"Its access is CodePipeline's and CodeBuild's, recorded by CloudTrail.")
			for _, pack := range []string{"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"} {
				suppress(r, pack+"-S3BucketLoggingEnabled", why+"Its access is CodePipeline's and CodeBuild's, recorded by CloudTrail.")
				suppress(r, pack+"-S3BucketReplicationEnabled", why+"Nothing in it outlives the run that made it; the repository is the copy.")
				suppress(r, pack+"-S3BucketVersioningEnabled", why+"Objects are written once per run, never overwritten.")
			}
		}
	}
}

// sourceConnection lets the source action use the connection under the
// prefix of its ARN: aws-cdk-lib grants codestar-connections:UseConnection,
// and a connection made since the service's rename is an
// arn:aws:codeconnections ARN, whose actions must have the same prefix
// (https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html).
func sourceConnection(stack awscdk.Stack, src PipelineSource) {
	if !strings.Contains(src.ConnectionArn, ":codeconnections:") {
		return
	}
	for _, c := range *stack.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		if role, ok := c.(iam.Role); ok && strings.Contains(*role.Node().Path(), "/Source/") {
			role.AddToPrincipalPolicy(iam.NewPolicyStatement(&iam.PolicyStatementProps{
				Actions: jsii.Strings("codeconnections:UseConnection"), Resources: jsii.Strings(src.ConnectionArn),
			}))
		}
	}
}

func suppress(c constructs.IConstruct, id, reason string) {
	cdknag.NagSuppressions_AddResourceSuppressions(c, &[]*cdknag.NagPackSuppression{{Id: jsii.String(id), Reason: jsii.String(reason)}}, jsii.Bool(false))
}

var envNameRe = regexp.MustCompile(`[^A-Z0-9]+`)

// verifiedStep fails unless each provider's private DNS name reads
// verified: its PrivateDnsNameState output, which its deploy waited for.
func verifiedStep(states map[string]awscdk.CfnOutput) pipelines.Step {
	env := map[string]awscdk.CfnOutput{}
	var commands []string
	for _, name := range slices.Sorted(maps.Keys(states)) {
		v := "STATE_" + envNameRe.ReplaceAllString(strings.ToUpper(name), "_")
		env[v] = states[name]
		commands = append(commands, fmt.Sprintf(`test "$%s" = verified || { echo "%s: its private DNS name is $%s, want verified"; exit 1; }`, v, name, v))
	}
	return pipelines.NewShellStep(jsii.String("PrivateDnsVerified"), &pipelines.ShellStepProps{
		EnvFromCfnOutputs: &env,
		Commands:          jsii.Strings(commands...),
	})
}
