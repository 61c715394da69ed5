package test

import (
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// TestBackupNamesPerCreation: hardened, the todo table's backup vault
// (kept after a destroy) and its plan carry a name that ends with the first
// part of the stack's ID, so creating the stack again after `cdk destroy`
// does not meet the names of the first creation (the plan is deleted with
// the stack, but whether AWS Backup lets its name be taken again is not
// documented) (the mutant
// backup-vault-fixed-name shows the vault's failure on the emulator).
func TestBackupNamesPerCreation(t *testing.T) {
	var tpl *cdktest.Template
	for _, s := range exampleStacks(t, merge(hardenedContext, nagContext)) {
		if *s.StackName() == "todo-provider" {
			tpl = cdktest.TemplateOf(t, s)
		}
	}
	if tpl == nil {
		t.Fatal("no todo-provider stack")
	}
	stackIDPart := obj{"Fn::Select": []any{0, obj{"Fn::Split": []any{"-", obj{"Fn::Select": []any{2, obj{"Fn::Split": []any{"/", obj{"Ref": "AWS::StackId"}}}}}}}}}
	tpl.HasResource(jsii.String("AWS::Backup::BackupVault"), obj{
		"Properties":     obj{"BackupVaultName": obj{"Fn::Join": []any{"-", []any{"todo-provider", stackIDPart}}}},
		"DeletionPolicy": "RetainExceptOnCreate",
	})
	tpl.HasResource(jsii.String("AWS::Backup::BackupPlan"), obj{
		"Properties": obj{"BackupPlan": obj{"BackupPlanName": obj{"Fn::Join": []any{"-", []any{"todo-provider-table", stackIDPart}}}}},
	})
}
