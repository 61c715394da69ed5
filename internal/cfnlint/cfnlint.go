// Package cfnlint prepares a template for cfn-lint as the CDK CLI writes
// it. A test app, and a snapshot once normalised, leave out the
// AWS::CDK::Metadata resource, by which cfn-lint knows a CDK template
// (cfnlint's Template.is_cdk_template). Without it cfn-lint 1.51 runs rules
// it skips for CDK templates, and reports one of them (I1022, "Prefer using
// Fn::Sub over Fn::Join with an empty delimiter") under the CodePipeline
// action rule's error code, E3703, for every aws-cdk-lib pipeline: an
// error no deploy would meet.
package cfnlint

import "encoding/json"

// AsSynthesized is template (JSON) with an AWS::CDK::Metadata resource
// when it has none; anything that is not a template is returned as it is.
func AsSynthesized(template []byte) []byte {
	var doc map[string]any
	if err := json.Unmarshal(template, &doc); err != nil {
		return template
	}
	res, ok := doc["Resources"].(map[string]any)
	if !ok {
		return template
	}
	for _, r := range res {
		if m, ok := r.(map[string]any); ok && m["Type"] == "AWS::CDK::Metadata" {
			return template
		}
	}
	res["CDKMetadata"] = map[string]any{"Type": "AWS::CDK::Metadata", "Properties": map[string]any{"Analytics": "v2:deflate64:"}}
	out, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return template
	}
	return out
}
