"""cfn-lint rule E9101: string values AWS's APIs refuse (the table of test/awsrules).

  cfn-lint --append-rules test/awsrules/cfnlint_rules TEMPLATE...

Each violation of test/awsrules/rules.py is one match, with the rule broken,
the error AWS answers and the documentation link. Paths the table does not
cover are the checker's business (awsrules.py), not this rule's.
"""

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.dont_write_bytecode = True  # no __pycache__ next to the table
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import awsrules  # noqa: E402 pylint: disable=wrong-import-position


class AwsApiValues(CloudFormationLintRule):
    """A string value the AWS API behind the resource refuses."""

    id = "E9101"
    shortdesc = "Values the AWS API refuses"
    description = ("Checks every string property against the AWS API constraints tabulated in "
                   "test/awsrules/rules.py (lengths, character sets, patterns, enumerations, prefixes)")
    source_url = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html"
    tags = ["properties", "aws-api"]

    def match(self, cfn):
        matches = []
        violations, _ = awsrules.check_template(cfn.template)
        for v in violations:
            value = v["value"] if isinstance(v["value"], str) else "(intrinsic)"
            message = (f"{awsrules.display_type(v['type'], v['path'])} {value!r}: {v['rule']}; "
                       f"AWS answers {v['code']}: {v['message']} ({v['doc']})")
            matches.append(RuleMatch(v["location"], message))
        return matches
