// Package cfnlint works around one cfn-lint 1.51 bug, in one place. A test
// app, and a snapshot once normalised, leave out the AWS::CDK::Metadata
// resource, by which cfn-lint knows a CDK template
// (cfnlint's Template.is_cdk_template). Without it cfn-lint runs the rules
// it skips for CDK templates, which is what the tests want (W3010, a
// hard-coded zone, among them: TestGatesCatchABadStack), except that it
// reports one of them (I1022, "Prefer using Fn::Sub over Fn::Join with an
// empty delimiter") under the CodePipeline action rule's error code,
// E3703, for every aws-cdk-lib pipeline: an error no deploy would meet.
// So a template with a pipeline, and only one, is linted as the CDK CLI
// writes it, with its metadata.
package cfnlint

import "encoding/json"

// AsSynthesized is template (JSON) with an AWS::CDK::Metadata resource
// when it has an AWS::CodePipeline::Pipeline and no metadata; any other
// template, and anything that is not one, is returned as it is.
func AsSynthesized(template []byte) []byte {
	var doc map[string]any
	if err := json.Unmarshal(template, &doc); err != nil {
		return template
	}
	res, ok := doc["Resources"].(map[string]any)
	if !ok {
		return template
	}
	pipeline := false
	for _, r := range res {
		m, _ := r.(map[string]any)
		switch m["Type"] {
		case "AWS::CDK::Metadata":
			return template
		case "AWS::CodePipeline::Pipeline":
			pipeline = true
		}
	}
	if !pipeline {
		return template
	}
	res["CDKMetadata"] = map[string]any{"Type": "AWS::CDK::Metadata", "Properties": map[string]any{"Analytics": "v2:deflate64:"}}
	out, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return template
	}
	return out
}
