"""Starts moto_server with the corrections the deploy rehearsal needs.

moto 5.2.1 emulates CloudFormation and the services behind it well enough to
deploy this project's stacks, except for the 52 things below, each corrected
here in one small, numbered place and nowhere else (where another
correction's code must call it, the call is one line marked with its
number). Most are gaps (a resource type or attribute moto does not model);
1, 6, 9, 10, 11, 12, 21, 22, 26, 27, 30, 31 and 35 are bugs in what it does
model, 16 and 34 are the IAM evaluation moto lacks, 36 is the validation
of input by AWS's APIs that it lacks, and 37 replaces moto's template
order, which AWS does not promise and which hides missing dependencies,
with another order AWS allows; 39 models what instances, which moto never
runs, would meet at boot; 28, 38 and 40
are the rehearsal's own tools, not AWS's (28 and 40 play AWS refusing a
resource or releasing an image, 38 plays the user delegating a zone).
Corrections 27 to 35 make a stack's life (a failed first deploy, an
update, a deletion) go as it goes on AWS; each names the AWS page that
says so, as 36 to 40 do.

1. Its CloudFormation handler for AWS::ElasticLoadBalancingV2::LoadBalancer
   ignores Type, so a network load balancer becomes an application one and
   its TCP listener is refused.
2. It does not model AWS::EC2::VPCEndpointService and
   AWS::EC2::VPCEndpointServicePermissions; they are the heart of this
   project, so they are modelled on moto's own EC2 backend and the handoff
   carries a real service name.
3. It does not know Fn::GetStackOutput. It is resolved as CloudFormation
   does, with IAM enforced (section 16): the calling stack's execution role
   assumes the given role through moto's STS; the role must exist in moto's
   IAM, its trust policy must admit the caller, and its policies must allow
   cloudformation:DescribeStacks on the named stack, whose outputs are then
   read from moto's CloudFormation backend. The errors are moto's own (a
   missing role, a missing stack) or the evaluator's, naming the policy.
   Without RoleArn the execution role itself reads the stack, the
   function's documented default. When it is resolved: 33; the caller's
   own permission to assume the role: 34.
4. It runs custom resources by invoking their Lambda function, which needs
   Docker. The SDK calls of Custom::AWS (CDK's AwsCustomResource) that this
   project makes are made on moto's backends instead, after the call is
   checked against the policies of the function's own role (section 16);
   a call the launcher does not know fails the deploy. Each phase makes its
   own call, as the function does: Create, Update (a new physical ID makes
   the old one's Delete run in the cleanup, 35) and Delete, with
   ignoreErrorCodesMatching and outputPaths. Calls: EC2 (below), SSM
   getParameter, ACM describeCertificate (29's record), Route 53
   changeResourceRecordSets (deleting a record that is not there is
   Route 53's InvalidChangeBatch) and ELBv2 modifyLoadBalancerAttributes.

5. Its AWS::EC2::Subnet answers no Fn::GetAtt; the providers output the AZ
   IDs they cover with AvailabilityZoneId, and one unanswered output makes
   moto drop every output of the stack.
6. Executing a change set (how the CDK CLI deploys) swaps in the new
   template but keeps the old outputs (none, for a new stack); the outputs
   are rebuilt from the new template, or the handoff would find none.
7. A nested stack (AWS::CloudFormation::Stack) claims every attribute but
   answers none; Fn::GetAtt Outputs.<name> is answered from its outputs, as
   the gateway's records and routes read their services' values that way.
8. An interface endpoint (AWS::EC2::VPCEndpoint) answers no Fn::GetAtt;
   DnsEntries (as "<hosted zone id>:<name>"), NetworkInterfaceIds and Id are
   answered from moto's endpoint.
9. DescribeChangeSet of a change set that does not exist answers a generic
   ValidationError; AWS answers ChangeSetNotFound, which the CDK CLI waits
   for after removing its previous change set before deploying again. A
   change set is found by name within the StackName given (moto takes the
   first of that name in the account, whatever its stack), deleting one that
   is not there succeeds, and executing one removes the stack's change sets
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html),
   as deleting the stack does; else the CLI, which names every change set
   cdk-deploy-change-set, waits forever for a stale one to go.
10. A parameter sent back with UsePreviousValue (the CLI does this for SSM
    parameters, such as the EC2 image) becomes the stack's resolved value,
    which never equals the input value (nor the defaults the first deploy
    used), so an unchanged stack always shows changes; a parameter whose
    value is the one the stack resolved counts as unchanged.
11. Deleting a stack leaves its AWS::EC2::VPCEndpoint resources (and their
    network interfaces) behind, so the VPC cannot be deleted; they are
    deleted through moto's EC2 backend.
12. Deleting a stack leaves its AWS::EC2::RouteTable resources behind, and
    moto refuses to delete a VPC with more than its main route table; they
    are deleted (their subnet associations first, as the subnets are gone).
13. Its AWS::EC2::Subnet ignores AvailabilityZoneId, which the library
    places every subnet by; the subnet is created in that zone.
14. It deploys AWS::ApiGatewayV2::Api, Stage, VpcLink, Integration and
    Route as no-ops (Ref and Fn::GetAtt answer nothing), although its
    apigatewayv2 backend models them; they are created there, so the
    deployed gateway's routes, integrations and VPC link can be read back.
15. It deploys AWS::EC2::SecurityGroupEgress as a no-op; the rule is
    authorized on the group (and revoked on delete), as its ingress twin is.
16. IAM evaluation for 3 and 4, in one place: identity policies with moto's
    own evaluator (moto.iam.access_control.IAMPolicy: actions, resources,
    Allow and Deny); trust policies by the launcher, because moto matches a
    principal only by exact ARN (an account principal, arn:aws:iam::<id>:root,
    must admit every role of the account) and evaluates only StringEquals
    conditions (ArnEquals on aws:PrincipalArn would be ignored). The
    launcher covers what the templates use, and refuses anything else:
    Principal AWS (ARNs, account roots, account IDs, "*"), Condition
    operators ArnEquals, ArnLike, StringEquals and StringLike on
    aws:PrincipalArn and aws:PrincipalAccount, and conditions in identity
    policies not at all (a conditioned statement about another action, as
    AWS managed policies have, does not matter and is passed over).
17. An interface endpoint to an endpoint service is created whatever the
    service: the service must exist in the region and its allowed
    principals must admit the endpoint's account (as EC2 refuses), and when
    the service requires acceptance the endpoint stays pendingAcceptance.
    (moto creates its network interfaces at once; whether AWS lists them
    before acceptance is not verified here.)
18. AWS::ElasticLoadBalancingV2::TargetGroup ignores Targets; they are
    registered, so the deployed chain can be followed to its addresses.
19. AWS::DynamoDB::Table ignores PointInTimeRecoverySpecification and
    TimeToLiveSpecification; they are applied through moto's backend.
20. AWS::Route53::HostedZone ignores VPCs and always makes a public zone; a
    zone with VPCs is made private to the first (moto keeps one). Its zones
    answer Fn::GetAtt NameServers (from their delegation set) and Id.
21. Executing a change set creates its new resources in template order,
    ignoring DependsOn (a stack's first create honours it); they are created
    in DependsOn order, as CloudFormation does. Without this a custom
    resource runs before the policy that lets its function make the call.
    (37 then picks, among the orders dependencies allow, the one least
    like the template's.)
22. Updating a stack with an SSM-typed parameter (the CDK's bootstrap
    version, the EC2 image) crashes: the value sent back with
    UsePreviousValue is the resolved one (10), which moto looks up as a
    parameter name. A value that is not a parameter path is taken as
    resolved; a path that does not exist is an error naming it. The
    previous value of an SSM-typed parameter is its name, resolved again
    at each deploy, as CloudFormation does ("CloudFormation retrieves the
    value ... every time you create or update your stack":
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-supplied-parameter-types.html);
    moto reused the value it had resolved the first time, so a new AMI
    (40) never reached a template that reads AWS's public parameter.
23. It has no DescribeVpcEndpointConnections or AcceptVpcEndpointConnections;
    both are answered for the caller's endpoint services from the endpoints
    of every account, so a provider can accept the gateway's connections
    with the one-line command the library documents.
24. It does not model AWS::CertificateManager::Certificate; the
    certificate is requested from moto's ACM, after checking that each
    DomainValidationOptions zone exists in the account, is public and holds
    the name (ACM's DNS validation itself is not modelled).
25. Its endpoint services have no private DNS name configuration. The
    Custom::AWS calls that set the name, read the challenge and start the
    verification are modelled: the challenge is a name and value, and
    verification passes only if a public zone of the account holds the TXT
    record <name>.<private DNS name> with that value, as AWS checks it. An
    interface endpoint with PrivateDnsEnabled is refused unless its
    service's name is verified (17).
26. Deleting a stack deletes an AWS::IAM::Role before the
    AWS::IAM::ManagedPolicy attached to it (moto's delete order does not
    follow references), and the role refuses to go while a policy is
    attached; the role's managed policies are detached first, as
    CloudFormation deletes the policy, which references the role, first.
27. Stack operations. moto creates a stack's resources lazily, whenever
    something first looks one up (a describe of the outputs included),
    writes no event but the stack's, and an error while executing a change
    set failed the call (a 400 from ExecuteChangeSet, see _loudly) with
    nothing rolled back; it deletes in no order, retrying what fails, and
    never deletes what has no delete of its own. Here a stack's resources
    are created only while the stack is created or updated, each after the
    resources it refers to (Ref, Fn::GetAtt, Fn::Sub, DependsOn), with
    CREATE_IN_PROGRESS, CREATE_COMPLETE or CREATE_FAILED events whose reason
    is the service's message and error code. A failed new stack, made by a
    change set or by CreateStack, rolls back as by default
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html):
    ROLLBACK_IN_PROGRESS ("The following resource(s) failed to create: [X].
    Rollback requested by user."), every resource created so far deleted in
    reverse order of creation, those with DeletionPolicy Retain kept
    (DELETE_SKIPPED; RetainExceptOnCreate is deleted, as the page says:
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html),
    then ROLLBACK_COMPLETE, or ROLLBACK_FAILED when a deletion fails
    (DELETE_FAILED with its reason; what it depends on is kept). A nested
    stack that fails is CREATE_FAILED, its parent's resource fails with
    "Embedded stack <ARN> was not successfully created: <reason>", and the
    parent's rollback deletes it with its resources. DeleteStack deletes in
    reverse dependency order and ends DELETE_FAILED ("The following
    resource(s) failed to delete: [X]. ") when one fails; the stack stays
    and can be deleted again. An update (35) that fails rolls back:
    UPDATE_ROLLBACK_IN_PROGRESS, what it created deleted, what it replaced
    put back, what it updated in place updated back with the old
    properties, nested stacks it updated rolled back, the previous template,
    parameters and outputs restored, UPDATE_ROLLBACK_COMPLETE. Not modelled:
    the CREATE_FAILED/UPDATE_FAILED stop and resume of "preserve
    successfully provisioned resources" (DisableRollback, RollbackStack,
    ContinueUpdateRollback), CreateStack's OnFailure DELETE/DO_NOTHING,
    DeleteStack's RetainResources, timeouts, the "Resource creation
    cancelled" of resources in progress in parallel (moto creates one at a
    time, so the first failure stops it), and what a moto type cannot do
    in place (it keeps its old properties; such an update cannot be undone
    either). Event times are strictly increasing, to the millisecond, as
    the CLI orders them by time; a nested stack's physical ID is its ARN.
28. Failure injection, for rehearsals of a failed deploy (not AWS's).
    POST /rehearsal/fail with JSON {"account", "stack", "logicalId" or
    "type", "message"} makes the next creation (a replacement included) of
    that resource, in that stack of that account (a stack's name matches
    its nested stacks too), fail with that message as its reason, as if AWS
    had refused it; then it is disarmed. GET lists the armed failures,
    DELETE disarms them all. A request missing or mixing keys is a 400.
29. ACM's DNS validation records (in 24's certificate model). For each
    DomainValidationOptions entry with a HostedZoneId, CloudFormation
    writes the name's validation CNAME into that zone (UPSERT)
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-certificatemanager-certificate-domainvalidationoption.html),
    and the certificate is ISSUED. The record is
    _<32 hex>.<name>. CNAME _<32 hex>.<10 letters>.acm-validations.aws.,
    made once per name and account and reused by every later certificate
    for it (https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html);
    deleting the certificate leaves it in the zone
    (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/837).
    Its TTL is 300 s: the TTL CloudFormation uses is not documented.
    DescribeCertificate answers DomainValidationOptions[].ResourceRecord and
    ValidationMethod DNS with the same record (moto answers one fixed
    record for every certificate).
30. Route 53. A hosted zone that holds any record but its SOA and NS ones
    cannot be deleted: HostedZoneNotEmpty, "The specified hosted zone
    contains non-required resource record sets and so cannot be deleted."
    (https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html;
    moto had the code with another message). CloudFormation never deleted
    an AWS::Route53::HostedZone in moto; it does now, through
    DeleteHostedZone, so a zone still holding a record (29's, for one) is
    DELETE_FAILED. An AWS::Route53::RecordSet is deleted with the stack
    (moto's own delete works once it is called).
31. ELBv2 deletion protection. A load balancer whose
    deletion_protection.enabled is true cannot be deleted:
    OperationNotPermitted, "Load balancer '<arn>' cannot be deleted because
    deletion protection is enabled"
    (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection),
    through DeleteLoadBalancer and so through CloudFormation (DELETE_FAILED,
    or ROLLBACK_FAILED in a rollback). 1's handler applies
    LoadBalancerAttributes (moto's ignored them); an update applies them,
    SecurityGroups and Subnets in place. Every attribute the template gives
    is applied again on each update of the load balancer (whether
    CloudFormation sends the unchanged ones is not documented; this is the
    harsher reading: an attribute set outside the template, as deletion
    protection is after creation, is overwritten by the template's value),
    and one no longer given keeps its value, as CloudFormation does
    (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/554).
    ModifyLoadBalancerAttributes is moto's, unchanged.
32. AWS Backup in CloudFormation. moto deploys AWS::Backup::BackupVault,
    BackupPlan and BackupSelection as no-ops; they are made on moto's backup
    backend (Ref: the vault's name, the plan's ID, the selection's ID;
    Fn::GetAtt BackupVaultName, BackupVaultArn, BackupPlanId, BackupPlanArn,
    VersionId, SelectionId), so a vault's fixed name, kept by
    DeletionPolicy Retain, makes the next stack that names it fail with
    AWS Backup's AlreadyExistsException, "Backup vault with the same name
    already exists". A vault that holds recovery points cannot be deleted:
    InvalidRequestException, "Backup vault cannot be deleted because it
    contains recovery points."
    (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupVault.html:
    "A vault can be deleted only if it is empty"). Recovery points come
    from StartBackupJob (done at once), ListRecoveryPointsByBackupVault and
    DeleteRecoveryPoint, which moto lacks; DescribeBackupVault counts them.
    Log groups and roles with fixed names: moto already refuses a taken
    one ("The specified log group already exists", "Role with name <name>
    already exists."), which is now the resource's CREATE_FAILED.
33. Fn::GetStackOutput and change sets. A root stack's Fn::GetStackOutput
    is read when its change set is made (its arguments may use parameters
    and pseudo parameters, not resources): if the stack, output or role
    cannot be read, the change set is FAILED with the reason (a new stack
    stays REVIEW_IN_PROGRESS, with no resources, and ExecuteChangeSet
    answers InvalidChangeSetStatus), and executing it uses the values read
    then. A nested stack's template is not part of its parent's change set:
    its Fn::GetStackOutput is read when the nested stack is created or
    updated (a failure there fails the nested stack, and its parent rolls
    back). On an update of the parent, a nested stack is updated only when
    its resolved properties (TemplateURL, Parameters) changed, and then in
    place, under the same stack ID; moto deleted and re-created it. (The
    user guide's update-behaviors page says CloudFormation starts an update
    of every nested stack to find out whether it changed; the resources of
    an unchanged one are not touched either way.) CreateStack and
    UpdateStack read the values while they run.
34. Cross-account sts:AssumeRole takes both sides
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
    besides the role's trust policy (16), the execution role's own policies
    must allow sts:AssumeRole on the role's ARN when the role is in another
    account, else "<caller> is not authorized to perform: sts:AssumeRole on
    resource: <role>". For that, an AWS::IAM::Role gets its
    ManagedPolicyArns, which moto ignored (the CDK bootstrap's execution
    role: AdministratorAccess, or --cloudformation-execution-policies); an
    AWS managed policy is loaded from moto's copy when first used, and one
    that does not exist fails the role as IAM does ("Policy <arn> does not
    exist or is not attachable.").
35. Updates (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
    What moto got wrong, found with a stack of a target group, listener,
    security group rule, task definition, service and launch template: it
    diffs raw templates, so a resource whose Ref or Fn::GetAtt target was
    replaced is not updated; it deletes removed resources first; it
    "updates" a type without an update handler (a target group) into
    nothing, losing the resource; it updates an ECS cluster without a name
    by deleting it and creating another; and it has no delete for target
    groups, listeners, task definitions, services, clusters and security
    group ingress rules. Here an update compares each resource's resolved
    properties in dependency order: added resources are created; a changed
    property that the type's reference marks "Update requires:
    Replacement" (the table _REPLACED_ON: a target group's Port, any
    property of a task definition or of a security group rule, a name) gets
    a new physical resource, after which the resources that refer to it see
    the new ID and are updated; other changes are made in place by moto's
    handler (a listener's Port, a launch template's data as a new version,
    a target group's health check and targets, an ECS service's task
    definition); a custom-named resource that needs replacing fails ("...
    Rename <name> and update the stack again."). Then
    UPDATE_COMPLETE_CLEANUP_IN_PROGRESS deletes the replaced physical
    resources (UpdateReplacePolicy Retain keeps them:
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-updatereplacepolicy.html)
    and the removed resources (their DeletionPolicy applies), in reverse
    dependency order, and UPDATE_COMPLETE. The missing deletes are added.
36. AWS's input rules. moto takes any string where AWS's APIs refuse many:
    an apostrophe in a security group rule's Description passes moto (and
    cfn-lint) and fails on AWS with EC2's InvalidParameterValue, "Invalid
    rule description. Valid descriptions are strings less than 256
    characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"
    (https://docs.aws.amazon.com/goto/WebAPI/ec2-2016-11-15/IpRange). Every
    resource CloudFormation creates, replaces or updates (in place, a
    nested stack's parameters too) is checked, its properties resolved,
    with awsrules.check_properties against test/awsrules/rules.py, the
    table of what AWS's APIs accept in every string the templates write,
    each row with the page that states its rule. The first violation fails
    the resource as the service would: CREATE_FAILED or UPDATE_FAILED, its
    reason the row's error code and message in the form of 27's reasons,
    then 27's rollback. A value still an intrinsic function after
    resolution is skipped, as is a dynamic reference ({{resolve:...}}, which
    moto does not resolve); a type moto does not model is resolved the same
    way, or checked in its literal values only when that fails. How sure
    the messages are, as the table marks them (awsrules' error_source):
    code and message quoted from public reports ("reported") for EC2's
    security group and rule descriptions and tags; the code documented by the API reference but the message
    assumed ("documented": AWS's generic "1 validation error detected: ..."
    for API Gateway v2, the rule broken in the table's words for ELBv2's
    Matcher, ACM's tags, ECS and AWS Backup); the generic message seen for
    another parameter of the same service ("reported-format") for Route 53,
    IAM, Lambda and ECS's log options; code and message assumed for the
    rest (IpProtocol, the flow log's log group, ELBv2's attributes and
    health check path, ACM's names, KMS, DynamoDB, S3's lifecycle rule IDs,
    nested stack parameters).
37. Independent resources in an order AWS does not promise. CloudFormation
    creates and updates resources in parallel to the extent possible, each
    after what it depends on (Ref, Fn::GetAtt, Fn::Sub, DependsOn), in no
    other order (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html).
    moto (and 27) went one at a time in template order, which hides a
    missing dependency whenever the template happens to list the resources
    in an order that works (the CDK writes them in the order of the
    constructs, which is its author's). Here, among the resources whose
    dependencies are all created, the one that comes last in the template
    is created first: deterministic, and the opposite of the order the
    template's author sees; an AWS::CertificateManager::Certificate, whose
    DNS validation takes minutes on AWS
    (https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html),
    and an IAM policy, which takes time to be seen
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency),
    come after every other resource that is ready (and of those, one that
    nothing waits for after all the others), so nothing that should wait
    for them but does not say so can pass by luck of the order.
    CreateStack, nested stacks, a new stack's
    change set (after 21) and an update's walk (35: what it adds, and what
    it updates or replaces, each after what it refers to) go in this
    order; deletions keep reverse dependency order.
38. Delegation of a public hosted zone, as the rehearsal models it: the
    user's step, not an AWS behaviour. A public zone that CloudFormation
    creates is reachable from the internet only once its parent domain
    delegates it (NS records in the parent's zone:
    https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/CreatingNewSubdomain.html),
    which the README tells users to do while the provider's deploy waits
    for its certificate. Model: a zone made by AWS::Route53::HostedZone
    counts as delegated from the moment an
    AWS::CertificateManager::Certificate validated in it (24, 29) is issued
    (ACM validates through public DNS, so the certificate shows the
    delegation), or from its creation (or at once, if it exists) when the
    rehearsal says so: POST /rehearsal/delegate {"account", "zone": "<name>"}.
    Zones made through the API count as delegated. 25's verification
    (StartVpcEndpointServicePrivateDnsVerification) of a name whose TXT
    record is in a zone not delegated yet ends failed, as on AWS, which
    reads the record through public DNS and needs the domain delegated
    (https://docs.aws.amazon.com/vpc/latest/userguide/endpoint-services-dns-validation.html).
    Why: without it the rehearsal cannot tell a verification that waits
    for the certificate (for the delegation) from one that starts before,
    which on AWS fails whenever the user has not delegated yet.
39. Instances boot with the permissions that exist when they launch. An
    AWS::AutoScaling::AutoScalingGroup launches its instances when it is
    created or replaced, and their user data runs then: a policy attached
    to their role afterwards is not there for it (and IAM changes take
    time to be seen even once made:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
    moto runs no instances. Model: when a group is created whose launch
    template (LaunchTemplate, or MixedInstancesPolicy's, at its Version)
    has an IamInstanceProfile naming a profile of a role, every
    AWS::IAM::Policy and AWS::IAM::ManagedPolicy of the same stack whose
    Roles name that role (by Ref or by name) must be created already; else
    the group is CREATE_FAILED, its reason naming the policy and saying
    the instances would boot without it. A policy of another stack is not
    checked.
40. A new AMI release. moto answers AWS's public parameters
    /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64
    and -x86_64 with fixed values; AWS publishes each new image's ID there
    (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-finding-public-parameters.md),
    which is how the CDK's latest-image lookups move to "the latest version
    on every deployment" (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.AmazonLinuxImage.html).
    POST /rehearsal/ami {"region", "arch": "arm64" or "x86_64"} releases
    one: a new public image owned by Amazon is registered in moto's EC2 of
    that region in every account (and in accounts that appear later), the
    parameter, and its kernel-6.1 twin (which aws-cdk-lib's
    latestAmazonLinux2023 reads), get a new version whose value is its ID,
    and the answer
    gives it ({"imageId", "version", "previous", ...}), so a rehearsal can
    show that a deploy does or does not move to it. 4's SSM getParameter
    and 22's SSM-typed parameters read the current version.
41. Security groups' inline rules. moto's AWS::EC2::SecurityGroup applies
    only SecurityGroupIngress (without descriptions) and keeps the default
    allow-all egress whatever SecurityGroupEgress says, so every check of
    what a group may send passed; and an update deletes the group and makes
    another with a new ID, which left an interface endpoint holding a
    group that no longer exists (found by the rehearsal's update, when the
    todo service moved to port 8081). On AWS the inline lists are the
    group's rules: given, SecurityGroupEgress replaces the default
    allow-all egress rule
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html:
    "When you specify a VPC security group, Amazon EC2 creates a default
    egress rule ... If you specify SecurityGroupEgress, CloudFormation
    removes the default rule"), and a change to either list is "Update
    requires: No interruption": the group keeps its ID. Here both lists
    are applied with their descriptions, source or destination groups and
    prefix lists, and an update revokes the inline rules no longer given
    and authorizes the new ones on the same group (tags too); rules of
    AWS::EC2::SecurityGroupIngress and Egress resources are not touched.
42. AWS managed keys. An encrypted DynamoDB table or EBS volume without a
    key of its own makes moto create the AWS managed key (alias/aws/dynamodb,
    alias/aws/ebs) as AWS does, but with KeyManager CUSTOMER, so it counted
    as a customer managed key left after destroy ($1 a month each on AWS).
    A key that moto aliases under alias/aws/ is KeyManager AWS, as
    DescribeKey answers for AWS managed keys
    (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key:
    free of a monthly fee, and not deleted by customers).
43. ModifyListener (and so an in-place update of an
    AWS::ElasticLoadBalancingV2::Listener) refused every protocol but HTTP,
    HTTPS and TCP ("Protocol TLS is not supported"); a network load
    balancer's TLS listener could not change its port. ModifyListener takes
    TLS, UDP and TCP_UDP too
    (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyListener.html,
    Protocol), a TLS listener with exactly one default certificate, as an
    HTTPS one.
44. AWS::KMS::Key. moto kept the KeyPolicy of a template (a JSON object)
    as a dict, and every DescribeKey of the key then failed (500, in its
    policy check); and deleting the stack deleted the key at once. AWS
    takes the policy as a document, and CloudFormation schedules a deleted
    key's deletion: PendingDeletion for PendingWindowInDays, 30 by default
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html:
    "AWS CloudFormation ... puts the KMS key in a pending deletion state").
    Here the policy is stored as JSON and a deleted key is scheduled so.
45. Template URLs on the loopback address. moto reads a TemplateURL's
    bucket from the path only when the URL says localhost; the real-AWS
    code path against the emulator (rehearse.py --target aws-on-emulator)
    reaches S3 at 127.0.0.1, where the SDKs address buckets by path (a
    bucket under localhost, <bucket>.localhost, does not resolve), and the
    CLI writes that address into the change set's TemplateURL. Such a URL
    is read as the localhost one. (Plumbing of the emulator, not an AWS
    behaviour.)
46. Route table associations. moto's AWS::EC2::SubnetRouteTableAssociation
    records the association aside and not on the route table, so
    DescribeRouteTables showed every table associated with no subnet, and
    which subnets route to an internet gateway could not be read back. On
    AWS the resource is AssociateRouteTable
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-subnetroutetableassociation.html;
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateRouteTable.html):
    it is made so (its Ref is the association ID, rtbassoc-...), and
    deleting it disassociates the subnet.
47. AWS WAF in CloudFormation. moto deploys AWS::WAFv2::WebACL,
    WebACLAssociation and LoggingConfiguration as no-ops, although its
    wafv2 backend models them; they are made there. A web ACL without a
    Name gets one CloudFormation-style (stack, logical ID, random), as its
    name is required by the API and unique per scope and region
    (https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html);
    Ref is name|id|scope, Fn::GetAtt Arn, Id, Capacity and LabelNamespace;
    Rules, DefaultAction, Description and VisibilityConfig update in place
    (UpdateWebACL), Name and Scope replace it. Deleting a web ACL still
    associated with a resource is refused, WAFAssociatedItemException
    (https://docs.aws.amazon.com/waf/latest/APIReference/API_DeleteWebACL.html).
    An association needs its web ACL and an application load balancer of
    the account and region, else WAFNonexistentItemException
    (https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html);
    moto took any resource ARN. A logging configuration's destination must
    be one CloudWatch Logs log group, by its ARN without the ":*" that
    Fn::GetAtt Arn ends with, whose name starts with aws-waf-logs-, and
    which exists (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html:
    "Your log group name must start with aws-waf-logs-"); else
    WAFInvalidParameterException or WAFNonexistentItemException (messages
    assumed); moto took any string. Not modelled: the web ACL's capacity
    (WCUs) and what its rules do to requests (moto carries none).
48. AWS::ElasticLoadBalancingV2::ListenerRule had no delete: a rule
    removed from a template, or of a deleted stack, stayed on its listener,
    still forwarding, and its target group could not be deleted after it
    (ELB's ResourceInUse, "The target group ... is currently in use by a
    listener or a rule"); found by the alb shape's rehearsal, when the
    gateway removed the cats service. CloudFormation deletes the rule
    (DeleteRule:
    https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteRule.html)
    before the target group it refers to.
49. CloudWatch alarms. moto's CloudFormation deployed
    AWS::CloudWatch::Alarm as a no-op (no model), so DescribeAlarms listed
    none of a stack's alarms and their dimensions were never resolved.
    Each is made with PutMetricAlarm on moto's cloudwatch backend
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html),
    metric math (Metrics), ExtendedStatistic, TreatMissingData and the
    actions kept as given; Ref is its name, Fn::GetAtt Arn its ARN; it
    updates in place and AlarmName replaces it. The values its dimensions
    need, which moto left unanswered or wrong: Fn::GetAtt
    LoadBalancerFullName and TargetGroupFullName, the final portions of the
    ARNs (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-loadbalancer.html#aws-resource-elasticloadbalancingv2-loadbalancer-return-values,
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-targetgroup.html#aws-resource-elasticloadbalancingv2-targetgroup-return-values),
    a network load balancer's ARN, loadbalancer/net/name/id, where moto
    wrote app/ for every type
    (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html),
    and a target group's LoadBalancerArns once a modified listener
    forwards to it (moto's ModifyListener left it out).
    Not modelled: alarm states and evaluation (moto carries no data points),
    and AWS::Logs::MetricFilter (still a no-op; the alarm on its metric is
    checked by its ApiId dimension).
50. CloudWatch Synthetics canaries. moto has the API (CreateCanary,
    GetCanary, DescribeCanaries) but no AWS::Synthetics::Canary model, so
    CloudFormation made nothing. The model makes the canary RUNNING when it
    starts after creation, and refuses what CreateCanary refuses
    (https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CreateCanary.html):
    an execution role that does not exist or that Lambda cannot assume, an
    artifacts bucket that does not exist, a timeout outside 3 to 840 s or
    longer than the schedule's period, memory outside 960 to 3008 MB,
    retention outside 1 to 1024 days (the strings are 36's rows). GetCanary
    returns no script and no environment, as on AWS.
51. Endpoint services' connection notifications. moto has neither the API
    nor an AWS::EC2::VPCEndpointConnectionNotification model, and no
    AWS::SNS::TopicPolicy model: a notification to a topic PrivateLink may
    not publish to deployed anyway. Topic policies are now set on their
    topics (and the default restored on delete); the notification is
    refused, as EC2 refuses it
    (https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html),
    when the topic's policy does not let vpce.amazonaws.com publish for this
    account over TLS, when its key's policy does not let it call
    kms:GenerateDataKey* and kms:Decrypt (an AWS managed key never does),
    for an unknown service (an unknown event is 36's);
    DescribeVpcEndpointConnectionNotifications
    lists what was made.
52. Service-managed StackSets in CloudFormation. moto has the StackSets API
    but no AWS::CloudFormation::StackSet model and no automatic deployment,
    and its own service-managed instances are hidden stacks whose resources
    this launcher never creates. The model creates the stack set and, in
    each account of its OUs, a stack StackSet-<name>-<id> with CreateStack
    there (visible in that account, as on AWS); an instance that fails
    fails the operation. It refuses what AWS refuses
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-enable-trusted-access.html):
    no trusted access for StackSets in the organization, CallAs SELF from
    other than the management account, DELEGATED_ADMIN from an account not
    registered, an OU the organization lacks. With AutoDeployment,
    MoveAccount into a target OU deploys an instance, and MoveAccount out
    of it or RemoveAccountFromOrganization deletes it unless
    RetainStacksOnAccountRemoval
    (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html).
    49 also covers ModifyRule: a target group a modified listener rule
    forwards to lists its load balancer, as ModifyListener's does.

Usage: python3 moto_launcher.py PORT
"""

import fnmatch
import json
import logging
import os
import re
import sys
import threading
import uuid
import urllib.parse
from contextlib import contextmanager

from moto.cloudformation import custom_model, parsing
from moto.core.common_models import CloudFormationModel
from moto.ec2.models import ec2_backends
from moto.elbv2 import models as elbv2_models

log = logging.getLogger("rehearsal")


# 1. Network load balancers keep their type.
def _create_load_balancer(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json["Properties"]
    backend = elbv2_models.elbv2_backends[account_id][region_name]
    lb = backend.create_load_balancer(
        resource_name,
        props.get("SecurityGroups") or [],
        props.get("Subnets") or [],
        scheme=props.get("Scheme", "internet-facing"),
        loadbalancer_type=props.get("Type", "application"),
    )
    _apply_lb_attributes(backend, lb, props)  # 31
    return lb


elbv2_models.FakeLoadBalancer.create_from_cloudformation_json = classmethod(_create_load_balancer)


# 6. Change sets bring their outputs.
from moto.cloudformation import models as cfn_models  # noqa: E402

_apply_change_set = cfn_models.ChangeSet.apply


@contextmanager
def _as_caller(role_arn):
    """Makes role_arn the caller of Fn::GetStackOutput (3) while a stack, and
    the nested stacks it creates or deletes, are worked on."""
    before = getattr(_deploying, "role_arn", None)
    _deploying.role_arn = role_arn or before
    try:
        yield
    finally:
        _deploying.role_arn = before


@contextmanager
def _loudly(what):
    """Turns an unexpected error into a ValidationError (HTTP 400). As a 500
    the CLI's SDK would retry the call, find the work half done and report
    success."""
    try:
        yield
    except ServiceException:
        raise
    except Exception as e:
        log.exception("%s", what)
        raise CfnValidationError(message=f"the rehearsal's moto failed {what}: {type(e).__name__}: {e}") from e


def _apply_with_outputs(change_set):
    """Creates a new stack's resources from its change set (27 runs it, as
    the change set's execution role, set by 27 too), then swaps in the
    template and rebuilds the outputs from it."""
    stack = change_set.stack
    _apply_change_set(change_set)
    stack.template = change_set.template
    stack._parse_template()
    stack.description = stack.template_dict.get("Description")
    stack.output_map = stack._create_output_map()


# 7. Nested stacks answer Outputs.<name>.
def _stack_attribute(self, attribute_name):
    if attribute_name.startswith("Outputs."):
        output = self.output_map.get(attribute_name[len("Outputs."):])
        if output is not None:
            return output.value
    raise parsing.UnformattedGetAttTemplateException()


cfn_models.Stack.get_cfn_attribute = _stack_attribute


# 8. Interface endpoints answer DnsEntries, NetworkInterfaceIds and Id.
from moto.ec2.models import vpcs as ec2_vpcs  # noqa: E402


def _endpoint_attribute(self, attribute_name):
    if attribute_name == "DnsEntries":
        return [f"{e['hosted_zone_id']}:{e['dns_name']}" for e in self.dns_entries or []]
    if attribute_name == "NetworkInterfaceIds":
        return self.network_interface_ids
    if attribute_name == "Id":
        return self.id
    raise parsing.UnformattedGetAttTemplateException()


ec2_vpcs.VPCEndPoint.has_cfn_attr = classmethod(lambda cls, attr: attr in ("DnsEntries", "NetworkInterfaceIds", "Id"))
ec2_vpcs.VPCEndPoint.get_cfn_attribute = _endpoint_attribute


# 11. Endpoints are deleted with their stack.
def _delete_endpoint(cls, resource_name, cloudformation_json, account_id, region_name):
    backend = ec2_backends[account_id][region_name]
    endpoint = backend.vpc_end_points.get(resource_name)
    if endpoint is not None and endpoint.route_table_ids:
        # A gateway endpoint's routes go with route tables deleted before it.
        endpoint.route_table_ids = [r for r in endpoint.route_table_ids if r in backend.route_tables]
    backend.delete_vpc_endpoints([resource_name])


ec2_vpcs.VPCEndPoint.delete_from_cloudformation_json = classmethod(_delete_endpoint)


# 12. Route tables are deleted with their stack.
from moto.ec2.models import route_tables as ec2_route_tables  # noqa: E402


def _delete_route_table(cls, resource_name, cloudformation_json, account_id, region_name):
    backend = ec2_backends[account_id][region_name]
    table = backend.route_tables.get(resource_name)
    if table is not None:
        table._associations.clear()
        backend.delete_route_table(resource_name)


ec2_route_tables.RouteTable.delete_from_cloudformation_json = classmethod(_delete_route_table)


# 9. A missing change set is ChangeSetNotFound.
from moto.cloudformation.exceptions import CloudFormationError  # noqa: E402


class ChangeSetNotFound(CloudFormationError):
    code = "ChangeSetNotFound"


def _find_change_set(backend, change_set_name, stack_name=None):
    """The change set by ARN, or by name within its stack (27: a change set
    belongs to its stack); ChangeSetNotFound when there is none."""
    found = backend.change_sets.get(change_set_name)
    if found is None:
        named = [cs for cs in backend.change_sets.values() if cs.change_set_name == change_set_name
                 and (not stack_name or stack_name in (cs.stack_name, cs.stack_id))]
        found = named[-1] if named else None
    if found is None:
        raise ChangeSetNotFound(f"ChangeSet [{change_set_name}] does not exist")
    return found


cfn_models.CloudFormationBackend.describe_change_set = lambda self, change_set_name, stack_name=None: _find_change_set(self, change_set_name, stack_name)


# 10. Previous values are unchanged values.
def _has_parameters(self, other):
    if _ssm_moved(self):  # 22: an SSM-typed parameter resolves to something new
        return False
    given = self.parameters or {}
    resolved = getattr(self, "stack_parameters", {}) or {}
    if not set(other) <= set(given) | set(resolved):
        return False
    return all(v == given.get(k) or v == resolved.get(k) for k, v in other.items())


cfn_models.Stack.has_parameters = _has_parameters


# 5. Subnets answer AvailabilityZoneId and AvailabilityZone.
from moto.ec2.models import subnets as ec2_subnets  # noqa: E402

_SUBNET_ATTRS = {"AvailabilityZoneId": "availability_zone_id", "AvailabilityZone": "availability_zone"}
ec2_subnets.Subnet.has_cfn_attr = classmethod(lambda cls, attr: attr in _SUBNET_ATTRS)
ec2_subnets.Subnet.get_cfn_attribute = lambda self, attr: getattr(self, _SUBNET_ATTRS[attr])


# 13. Subnets are placed by AvailabilityZoneId, which moto's handler drops
#     (every subnet would land in us-east-1a).
def _create_subnet(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json["Properties"]
    backend = ec2_backends[account_id][region_name]
    subnet = backend.create_subnet(vpc_id=props["VpcId"], cidr_block=props["CidrBlock"],
                                   availability_zone=props.get("AvailabilityZone"),
                                   availability_zone_id=props.get("AvailabilityZoneId"))
    for tag in props.get("Tags", []):
        subnet.add_tag(tag["Key"], tag["Value"])
    return subnet


ec2_subnets.Subnet.create_from_cloudformation_json = classmethod(_create_subnet)


# 14. HTTP APIs in moto's apigatewayv2 backend.
from moto.apigatewayv2.models import apigatewayv2_backends  # noqa: E402


def _http_api_model(cfn_type, create, attrs, delete):
    """A CloudFormation model over moto's apigatewayv2 backend: create(backend,
    props) returns the object and its physical ID, attrs maps attribute names
    to readers, delete(backend, physical_id, props) removes it."""

    class Model(CloudFormationModel):
        __module__ = "moto.apigatewayv2.rehearsal"

        def __init__(self, obj, physical_id):
            self.obj, self._id = obj, physical_id

        @staticmethod
        def cloudformation_type():
            return cfn_type

        @staticmethod
        def cloudformation_name_type():
            return ""

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            obj, physical_id = create(apigatewayv2_backends[account_id][region_name], cloudformation_json.get("Properties", {}))
            return cls(obj, physical_id)

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
            delete(apigatewayv2_backends[account_id][region_name], resource_name, cloudformation_json.get("Properties", {}))

        @property
        def physical_resource_id(self):
            return self._id

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr in attrs

        def get_cfn_attribute(self, attribute_name):
            return attrs[attribute_name](self.obj)

    Model.__name__ = cfn_type.replace("::", "")
    return Model


def _ignore_missing(f):
    def g(*args):
        try:
            f(*args)
        except Exception:  # noqa: BLE001 - already gone with its API
            pass
    return g


def _new_api(b, p):
    api = b.create_api(api_key_selection_expression=None, cors_configuration=None, description=p.get("Description"),
                       disable_schema_validation=None, disable_execute_api_endpoint=p.get("DisableExecuteApiEndpoint"),
                       name=p.get("Name"), protocol_type=p.get("ProtocolType"), route_selection_expression=None,
                       tags=p.get("Tags") or {}, version=None)
    return api, api.api_id


def _new_stage(b, p):
    config = {"stageName": p["StageName"], "autoDeploy": p.get("AutoDeploy"),
              "defaultRouteSettings": {k[0].lower() + k[1:]: v for k, v in (p.get("DefaultRouteSettings") or {}).items()},
              "accessLogSettings": {k[0].lower() + k[1:]: v for k, v in (p.get("AccessLogSettings") or {}).items()}}
    return b.create_stage(p["ApiId"], config), p["StageName"]


def _new_vpc_link(b, p):
    link = b.create_vpc_link(name=p.get("Name"), sg_ids=p.get("SecurityGroupIds") or [], subnet_ids=p.get("SubnetIds") or [], tags=p.get("Tags") or {})
    return link, link.id


def _new_integration(b, p):
    i = b.create_integration(api_id=p["ApiId"], connection_id=p.get("ConnectionId"), connection_type=p.get("ConnectionType"),
                             content_handling_strategy=None, credentials_arn=None, description=p.get("Description"),
                             integration_method=p.get("IntegrationMethod"), integration_subtype=None,
                             integration_type=p.get("IntegrationType"), integration_uri=p.get("IntegrationUri"),
                             passthrough_behavior=None, payload_format_version=p.get("PayloadFormatVersion"),
                             request_parameters=None, request_templates=None, response_parameters=None,
                             template_selection_expression=None, timeout_in_millis=None,
                             tls_config={k[0].lower() + k[1:]: v for k, v in (p.get("TlsConfig") or {}).items()} or None)
    return i, i.id


def _new_route(b, p):
    r = b.create_route(api_id=p["ApiId"], api_key_required=False, authorization_scopes=p.get("AuthorizationScopes"),
                       authorization_type=p.get("AuthorizationType"), authorizer_id=p.get("AuthorizerId"),
                       model_selection_expression=None, operation_name=None, request_models=None, request_parameters=None,
                       route_key=p["RouteKey"], route_response_selection_expression=None, target=p.get("Target"))
    return r, r.route_id


# Kept here: moto finds models through __subclasses__, which holds them weakly.
HTTP_API_MODELS = [
    _http_api_model("AWS::ApiGatewayV2::Api", _new_api, {"ApiId": lambda a: a.api_id, "ApiEndpoint": lambda a: a.api_endpoint},
                    _ignore_missing(lambda b, pid, p: b.delete_api(pid))),
    _http_api_model("AWS::ApiGatewayV2::Stage", _new_stage, {}, _ignore_missing(lambda b, pid, p: b.delete_stage(p["ApiId"], pid))),
    _http_api_model("AWS::ApiGatewayV2::VpcLink", _new_vpc_link, {"VpcLinkId": lambda l: l.id}, _ignore_missing(lambda b, pid, p: b.delete_vpc_link(pid))),
    _http_api_model("AWS::ApiGatewayV2::Integration", _new_integration, {"IntegrationId": lambda i: i.id},
                    _ignore_missing(lambda b, pid, p: b.delete_integration(p["ApiId"], pid))),
    _http_api_model("AWS::ApiGatewayV2::Route", _new_route, {"RouteId": lambda r: r.route_id},
                    _ignore_missing(lambda b, pid, p: b.delete_route(p["ApiId"], pid))),
]


# 15. Security group egress rules.
class SecurityGroupEgress(CloudFormationModel):
    __module__ = "moto.ec2.rehearsal"

    def __init__(self, group_id, props):
        self.group_id, self.props = group_id, props

    @staticmethod
    def cloudformation_type():
        return "AWS::EC2::SecurityGroupEgress"

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def _rule(props):
        ranges = [{"CidrIp": props["CidrIp"], "Description": props.get("Description")}] if props.get("CidrIp") else []
        groups = [{"GroupId": props["DestinationSecurityGroupId"]}] if props.get("DestinationSecurityGroupId") else []
        return dict(ip_protocol=props["IpProtocol"], from_port=props.get("FromPort"), to_port=props.get("ToPort"),
                    ip_ranges=ranges, source_groups=groups)

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json["Properties"]
        ec2_backends[account_id][region_name].authorize_security_group_egress(group_name_or_id=props["GroupId"], **cls._rule(props))
        return cls(props["GroupId"], props)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        props = cloudformation_json["Properties"]
        try:
            ec2_backends[account_id][region_name].revoke_security_group_egress(group_name_or_id=props["GroupId"], **cls._rule(props))
        except Exception:  # noqa: BLE001 - the group went first
            pass

    @property
    def physical_resource_id(self):
        return f"{self.group_id}-egress-{self.props.get('FromPort')}-{self.props.get('DestinationSecurityGroupId', self.props.get('CidrIp'))}"


# 2. Endpoint services and their permissions.
class EndpointService(CloudFormationModel):
    # moto's model metaclass reads the service from the module path.
    __module__ = "moto.ec2.rehearsal"

    def __init__(self, config):
        self.config = config

    @staticmethod
    def cloudformation_type():
        return "AWS::EC2::VPCEndpointService"

    @staticmethod
    def cloudformation_name_type():
        return ""

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        backend = ec2_backends[account_id][region_name]
        acceptance = props.get("AcceptanceRequired", True)
        config = backend.create_vpc_endpoint_service_configuration(
            lb_arns=props.get("NetworkLoadBalancerArns", []),
            acceptance_required=str(acceptance).lower() == "true",
            private_dns_name=props.get("PrivateDnsName"),
            tags=[],
            supported_regions=props.get("SupportedRegions", []),
        )
        return cls(config)

    @property
    def physical_resource_id(self):
        return self.config.id

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        ec2_backends[account_id][region_name].delete_vpc_endpoint_service_configurations([resource_name])

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "ServiceId"

    def get_cfn_attribute(self, attribute_name):
        return self.config.id


class EndpointServicePermissions(CloudFormationModel):
    __module__ = "moto.ec2.rehearsal"

    def __init__(self, service_id):
        self.service_id = service_id

    @staticmethod
    def cloudformation_type():
        return "AWS::EC2::VPCEndpointServicePermissions"

    @staticmethod
    def cloudformation_name_type():
        return ""

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json["Properties"]
        backend = ec2_backends[account_id][region_name]
        backend.modify_vpc_endpoint_service_permissions(props["ServiceId"], props.get("AllowedPrincipals", []), [])
        return cls(props["ServiceId"])

    @property
    def physical_resource_id(self):
        return f"{self.service_id}-permissions"


# 3. Fn::GetStackOutput, as the calling stack's execution role.
from moto.cloudformation.exceptions import ValidationError as CfnValidationError  # noqa: E402
from moto.core.exceptions import ServiceException  # noqa: E402
from moto.iam.models import iam_backends  # noqa: E402
from moto.sts.models import sts_backends  # noqa: E402

_clean_json = parsing.clean_json
# The execution role of the change set being executed (set in 6): the
# caller of every Fn::GetStackOutput in its stack and nested stacks.
_deploying = threading.local()


def _get_stack_output(spec, resources_map):
    caller = getattr(_deploying, "role_arn", None)
    what = f"Fn::GetStackOutput {spec.get('StackName')}.{spec.get('OutputName')}"
    if not caller:
        raise CfnValidationError(message=f"{what}: the stack was deployed with no execution role, so nothing can assume {spec.get('RoleArn')}")
    region = spec.get("Region") or resources_map._region_name
    # Without RoleArn, the stack's execution role reads the stack itself (the
    # function's documented default).
    role_arn = spec.get("RoleArn") or caller
    account, role_name = role_arn.split(":")[4], role_arn.split("/")[-1]
    try:
        role = iam_backends[account]["aws"].get_role(role_name)  # moto: "Role <name> not found"
        if role_arn != caller:
            trust = _document(role.assume_role_policy_document)
            denied = trust_refusal(trust, caller)
            if denied:
                raise CfnValidationError(message=f"{what}: {caller} may not assume {role_arn}: {denied}")
            denied = _caller_refusal(caller, role_arn)  # 34
            if denied:
                raise CfnValidationError(message=f"{what}: {caller} is not authorized to perform: sts:AssumeRole on resource: {role_arn}: {denied}")
            sts_backends[caller.split(":")[4]]["aws"].assume_role(
                region_name=region, role_session_name="cloudformation", role_arn=role_arn, policy=None, duration=900, external_id=None)
        from moto.cloudformation.models import cloudformation_backends

        stack = cloudformation_backends[account][region].describe_stacks(spec["StackName"])[0]  # moto: "Stack with id <name> does not exist"
        denied = identity_refusal(role, "cloudformation:DescribeStacks", stack.stack_id)
        if denied:
            raise CfnValidationError(message=f"{what}: {role_arn} may not call cloudformation:DescribeStacks on {stack.stack_id}: {denied}")
    except ServiceException as e:
        if isinstance(e, CfnValidationError):
            raise
        raise CfnValidationError(message=f"{what} with role {role_arn}: {e.message}") from e
    output = stack.output_map.get(spec["OutputName"])
    if output is None:
        raise CfnValidationError(message=f"{what}: stack {spec['StackName']} has no output {spec['OutputName']}")
    return output.value


def _clean_json_with_stack_output(resource_json, resources_map):
    if isinstance(resource_json, dict) and "Fn::GetStackOutput" in resource_json:
        spec = _clean_json(resource_json["Fn::GetStackOutput"], resources_map)
        # A root stack's values were read when its change set was made (33).
        resolved = getattr(resources_map, "_rh_outputs", None) or {}
        key = _output_key(spec)
        if key in resolved:
            return resolved[key]
        return _get_stack_output(spec, resources_map)
    return _clean_json(resource_json, resources_map)


def _output_key(spec):
    return json.dumps(spec, sort_keys=True, default=str)


parsing.clean_json = _clean_json_with_stack_output


# 4. Custom::AWS calls, checked against the function's role, made on moto.
def _sdk_call(call, account_id, region_name):
    """The IAM action, the resource it acts on, and a function making the call
    on moto's EC2 backend that returns the custom resource's data."""
    backend = ec2_backends[account_id][region_name]
    params = call.get("parameters") or {}
    action = call.get("action", "")

    def revoke(direction):
        def run():
            for perm in params["IpPermissions"]:
                try:
                    getattr(backend, f"revoke_security_group_{direction}")(
                        group_name_or_id=params["GroupId"], ip_protocol=perm["IpProtocol"],
                        from_port=perm.get("FromPort"), to_port=perm.get("ToPort"),
                        ip_ranges=perm.get("IpRanges") or [], source_groups=perm.get("UserIdGroupPairs") or [])
                except ServiceException as e:
                    if not re.fullmatch(call.get("ignoreErrorCodesMatching") or "$^", e.code):
                        raise
            return {}
        return run

    def describe_interfaces():
        return {f"NetworkInterfaces.{i}.PrivateIpAddress": backend.get_network_interface(eni).private_ip_address
                for i, eni in enumerate(params["NetworkInterfaceIds"])}

    group = f"arn:aws:ec2:{region_name}:{account_id}:security-group/{params.get('GroupId')}"
    service_arn = f"arn:aws:ec2:{region_name}:{account_id}:vpc-endpoint-service/{params.get('ServiceId')}"

    def service_config():
        ids = params.get("ServiceIds") or [params.get("ServiceId")]
        return backend.describe_vpc_endpoint_service_configurations(ids)[0]

    def set_private_dns_name():
        config = service_config()
        if params.get("RemovePrivateDnsName"):
            config.private_dns_name, config.rehearsal_dns = None, None
        else:
            config.private_dns_name = params["PrivateDnsName"]
            config.rehearsal_dns = {"Name": "_" + uuid.uuid4().hex[:20], "Value": "vpce:" + uuid.uuid4().hex, "State": "pendingVerification", "Type": "TXT"}
        return {}

    def describe_private_dns():
        dns = getattr(service_config(), "rehearsal_dns", None) or {}
        return {f"ServiceConfigurations.0.PrivateDnsNameConfiguration.{k}": v for k, v in dns.items()}

    def start_verification():
        config = service_config()
        dns = getattr(config, "rehearsal_dns", None)
        if not dns:
            raise CfnValidationError(message=f"{config.id} has no private DNS name to verify")
        record = f"{dns['Name']}.{config.private_dns_name}."
        found = False
        for zone in r53_models.route53_backends[account_id]["aws"].zones.values():
            if zone.private_zone or not _delegated(zone) or not record.endswith("." + zone.name.rstrip(".") + "."):
                continue  # 38: a zone not delegated yet is not on the internet
            for rr in zone.rrsets:
                if rr.type == "TXT" and rr.name.rstrip(".") == record.rstrip(".") and any(v.strip('"') == dns["Value"] for v in rr.records):
                    found = True
        dns["State"] = "verified" if found else "failed"
        return {}

    def get_parameter():
        parameter = ssm_backends[account_id][region_name].get_parameter(params["Name"])
        if parameter is None:
            raise ServiceException("ParameterNotFound", f"Parameter {params['Name']} not found.")
        return {"Parameter.Name": parameter.name, "Parameter.Value": parameter.value}

    def describe_certificate():
        return _flatten(acm_backends[account_id][region_name].describe_certificate(params["CertificateArn"]).describe())

    def change_records():
        zones = r53_models.route53_backends[account_id]["aws"]
        zone = zones.get_hosted_zone(params["HostedZoneId"])
        changes = (params.get("ChangeBatch") or {}).get("Changes") or []
        for change in changes:
            rr = change["ResourceRecordSet"]
            if change["Action"] == "DELETE" and not any(
                    r.name.rstrip(".") == rr["Name"].rstrip(".") and r.type == rr["Type"] for r in zone.rrsets):
                # Route 53's answer for a record that is not there.
                raise ServiceException("InvalidChangeBatch", f"[Tried to delete resource record set [name='{rr['Name']}', type='{rr['Type']}'] but it was not found]")
        zones.change_resource_record_sets(params["HostedZoneId"], copy.deepcopy(changes))
        return {}

    def modify_lb_attributes():
        elbv2_models.elbv2_backends[account_id][region_name].modify_load_balancer_attributes(
            params["LoadBalancerArn"], {a["Key"]: a["Value"] for a in params["Attributes"]})
        return {}

    name = params.get("Name") or ""
    parameter_arn = (f"arn:aws:ssm:{region_name}::parameter{name}" if name.startswith("/aws/service/")
                     else f"arn:aws:ssm:{region_name}:{account_id}:parameter/{name.lstrip('/')}")
    known = {
        ("SSM", "getParameter"): ("ssm:GetParameter", parameter_arn, get_parameter),
        ("ACM", "describeCertificate"): ("acm:DescribeCertificate", params.get("CertificateArn"), describe_certificate),
        ("Route53", "changeResourceRecordSets"): ("route53:ChangeResourceRecordSets",
                                                 f"arn:aws:route53:::hostedzone/{str(params.get('HostedZoneId')).split('/')[-1]}", change_records),
        ("ELBv2", "modifyLoadBalancerAttributes"): ("elasticloadbalancing:ModifyLoadBalancerAttributes", params.get("LoadBalancerArn"), modify_lb_attributes),
        ("EC2", "describeNetworkInterfaces"): ("ec2:DescribeNetworkInterfaces", "*", describe_interfaces),
        ("EC2", "revokeSecurityGroupIngress"): ("ec2:RevokeSecurityGroupIngress", group, revoke("ingress")),
        ("EC2", "revokeSecurityGroupEgress"): ("ec2:RevokeSecurityGroupEgress", group, revoke("egress")),
        ("EC2", "modifyVpcEndpointServiceConfiguration"): ("ec2:ModifyVpcEndpointServiceConfiguration", service_arn, set_private_dns_name),
        ("EC2", "describeVpcEndpointServiceConfigurations"): ("ec2:DescribeVpcEndpointServiceConfigurations", "*", describe_private_dns),
        ("EC2", "startVpcEndpointServicePrivateDnsVerification"): ("ec2:StartVpcEndpointServicePrivateDnsVerification", service_arn, start_verification),
    }
    if (call.get("service"), action) not in known:
        raise CfnValidationError(message=f"Custom::AWS {call.get('service')}.{action}: the rehearsal does not make this call; add it to _sdk_call in moto_launcher.py")
    return known[(call.get("service"), action)]


def _flatten(value, prefix=""):
    """An SDK response as AwsCustomResource flattens it: "A.0.B" keys."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return {prefix[:-1]: value}
    out = {}
    for k, v in items:
        out.update(_flatten(v, f"{prefix}{k}."))
    return out


def _run_sdk_call(props, phase, logical_id, account_id, region_name, physical_id=None):
    """Makes the call of the phase (Create, Update, Delete) of a Custom::AWS
    after checking it against its function's role; returns its data (the
    outputPaths asked for) and the physical ID it names, or None when the
    phase has no call."""
    text = props.get(phase)
    if not text:
        return None
    if physical_id is not None:  # AwsCustomResource's PhysicalResourceIdReference
        text = text.replace("PHYSICAL:RESOURCEID:", physical_id)
    call = json.loads(text)
    iam_action, resource_arn, run = _sdk_call(call, account_id, region_name)
    from moto.awslambda.models import lambda_backends

    function = lambda_backends[account_id][region_name].get_function(props["ServiceToken"])
    role = iam_backends[account_id]["aws"].get_role(function.role.split("/")[-1])
    denied = identity_refusal(role, iam_action, resource_arn)
    if denied:
        raise CfnValidationError(message=f"Custom::AWS {logical_id}: its function's role {role.arn} may not call {iam_action} on {resource_arn}: {denied}")
    try:
        data = run()
    except ServiceException as e:
        if not re.fullmatch(call.get("ignoreErrorCodesMatching") or "$^", e.code):
            raise
        data = {}
    paths = call.get("outputPaths")
    if paths is not None:
        data = {k: v for k, v in data.items() if any(k == p or k.startswith(p + ".") for p in paths)}
    return data, (call.get("physicalResourceId") or {}).get("id")


def _create_custom_resource(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    resource = custom_model.CustomModel(region_name, "rehearsal", kwargs["LogicalId"], resource_name)
    props = cloudformation_json["Properties"]
    if kwargs["ResourceType"] != "Custom::AWS":
        raise CfnValidationError(message=f"{kwargs['ResourceType']} {kwargs['LogicalId']}: the rehearsal runs only Custom::AWS (no Lambda without Docker)")
    data, physical_id = _run_sdk_call(props, "Create" if props.get("Create") else "Update", kwargs["LogicalId"], account_id, region_name) or ({}, None)
    resource.set_data(data)
    if physical_id:
        resource.resource_name = physical_id
    return resource


def _update_custom_resource(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    """The Update call (AwsCustomResource makes none without one); a new
    physical ID makes CloudFormation delete the old one (35)."""
    made = _run_sdk_call(cloudformation_json["Properties"], "Update", original_resource.logical_id, account_id, region_name,
                         original_resource.physical_resource_id)
    if made is None:
        return original_resource
    data, physical_id = made
    resource = custom_model.CustomModel(region_name, "rehearsal", original_resource.logical_id,
                                        physical_id or original_resource.physical_resource_id)
    resource.set_data(data)
    return resource


def _delete_custom_resource(cls, resource_name, cloudformation_json, account_id, region_name):
    _run_sdk_call(cloudformation_json["Properties"], "Delete", resource_name, account_id, region_name, resource_name)


custom_model.CustomModel.create_from_cloudformation_json = classmethod(_create_custom_resource)
custom_model.CustomModel.update_from_cloudformation_json = classmethod(_update_custom_resource)
custom_model.CustomModel.delete_from_cloudformation_json = classmethod(_delete_custom_resource)


# 16. IAM evaluation.
from moto.iam.access_control import IAMPolicy, PermissionResult  # noqa: E402


def _document(doc):
    if isinstance(doc, dict):
        return doc
    doc = urllib.parse.unquote(doc) if doc.startswith("%7B") else doc
    return json.loads(doc)


def _statements(doc):
    st = doc.get("Statement", [])
    return st if isinstance(st, list) else [st]


def _listed(value):
    return value if isinstance(value, list) else [value]


def _matches(pattern, value, case=True):
    return fnmatch.fnmatchcase(value if case else value.lower(), pattern if case else pattern.lower())


_CONDITIONS = {
    "ArnEquals": lambda want, got: got == want,
    "ArnLike": lambda want, got: _matches(want, got),
    "StringEquals": lambda want, got: got == want,
    "StringLike": lambda want, got: _matches(want, got),
}


def trust_refusal(trust, caller_arn):
    """Why the trust policy does not let caller_arn (a role ARN) call
    sts:AssumeRole, or "" when it does."""
    caller_account = caller_arn.split(":")[4]
    context = {"aws:PrincipalArn": caller_arn, "aws:PrincipalAccount": caller_account}
    allowed = False
    for st in _statements(trust):
        if not any(_matches(a, "sts:AssumeRole", case=False) for a in _listed(st.get("Action", []))):
            continue
        principals = st.get("Principal", {})
        aws = _listed(principals.get("AWS", [])) if isinstance(principals, dict) else _listed(principals)
        if not any(p in ("*", caller_arn, caller_account, f"arn:aws:iam::{caller_account}:root") for p in aws):
            continue
        for op, keys in (st.get("Condition") or {}).items():
            if op not in _CONDITIONS:
                raise CfnValidationError(message=f"trust policy condition {op}: the rehearsal does not evaluate it; add it to _CONDITIONS in moto_launcher.py")
            for key, want in keys.items():
                if key not in context:
                    raise CfnValidationError(message=f"trust policy condition key {key}: the rehearsal does not know its value; add it to trust_refusal in moto_launcher.py")
                if not any(_CONDITIONS[op](w, context[key]) for w in _listed(want)):
                    break
            else:
                continue
            break  # a condition failed: this statement does not apply
        else:
            if st.get("Effect") == "Deny":
                return f"denied by the trust policy {json.dumps(st)}"
            allowed = True
    return "" if allowed else f"no statement of its trust policy admits it (trust policy: {json.dumps(trust)})"


def identity_refusal(role, action, resource):
    """Why the role's policies (inline and managed) do not allow action on
    resource, or "" when they do; evaluated by moto's IAMPolicy."""
    docs = list(role.policies.values()) + [p for p in role.managed_policies.values()]
    allowed = False
    for doc in docs:
        policy = IAMPolicy(doc)
        for st in _statements(policy._policy_json):
            # A condition matters only on a statement about this action (an
            # AWS managed policy such as AmazonEC2FullAccess has one on
            # iam:CreateServiceLinkedRole).
            about = "NotAction" in st or any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in _listed(st.get("Action", [])))
            if st.get("Condition") and about:
                raise CfnValidationError(message=f"{role.arn}: a policy with conditions on {action}; the rehearsal does not evaluate them (moto_launcher.py, section 16)")
        result = policy.is_action_permitted(action, resource)
        if result == PermissionResult.DENIED:
            return "an explicit Deny"
        allowed = allowed or result == PermissionResult.PERMITTED
    if allowed:
        return ""
    return f"no policy allows it (inline policies: {sorted(role.policies)}, managed: {sorted(role.managed_policies)})"


# 17. Interface endpoints to endpoint services.
_create_endpoint = ec2_vpcs.VPCEndPoint.create_from_cloudformation_json.__func__


def _create_endpoint_checked(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json["Properties"]
    name = props.get("ServiceName", "")
    config = None
    if props.get("VpcEndpointType") == "Interface" and ".vpce-svc-" in name:
        for owner in list(ec2_backends.keys()):
            for c in ec2_backends[owner][region_name].configurations.values():
                if c.service_name == name:
                    config = c
        if config is None:
            raise CfnValidationError(message=f"The Vpc Endpoint Service '{name}' does not exist (an interface endpoint in {account_id})")
        admitted = {"*", f"arn:aws:iam::{account_id}:root", account_id}
        if not admitted & set(config.principals):
            raise CfnValidationError(message=f"The Vpc Endpoint Service '{name}' does not allow account {account_id}: its allowed principals are {sorted(config.principals)}")
        dns = getattr(config, "rehearsal_dns", None) or {}
        if str(props.get("PrivateDnsEnabled")).lower() == "true" and dns.get("State") != "verified":
            raise CfnValidationError(message=f"Private DNS can't be enabled because the service '{name}' has no verified private DNS name (its state: {dns.get('State', 'no name')})")
    endpoint = _create_endpoint(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    if config is not None and config.acceptance_required:
        endpoint.state = "pendingAcceptance"
    return endpoint


ec2_vpcs.VPCEndPoint.create_from_cloudformation_json = classmethod(_create_endpoint_checked)


# 18. Target groups register their targets.
_create_target_group = elbv2_models.FakeTargetGroup.create_from_cloudformation_json.__func__


def _create_target_group_with_targets(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    group = _create_target_group(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    targets = cloudformation_json["Properties"].get("Targets") or []
    if targets:
        elbv2_models.elbv2_backends[account_id][region_name].register_targets(
            group.arn, [{"Id": t["Id"], "Port": t.get("Port")} for t in targets])
    return group


elbv2_models.FakeTargetGroup.create_from_cloudformation_json = classmethod(_create_target_group_with_targets)


# 19. Tables apply point-in-time recovery and time to live.
from moto.dynamodb.models import dynamodb_backends  # noqa: E402
from moto.dynamodb.models import table as ddb_table  # noqa: E402

_create_table = ddb_table.Table.create_from_cloudformation_json.__func__


def _create_table_with_specs(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    table = _create_table(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    props, backend = cloudformation_json["Properties"], dynamodb_backends[account_id][region_name]
    if props.get("PointInTimeRecoverySpecification"):
        backend.update_continuous_backups(table.name, props["PointInTimeRecoverySpecification"])
    if props.get("TimeToLiveSpecification"):
        backend.update_time_to_live(table.name, props["TimeToLiveSpecification"])
    return table


ddb_table.Table.create_from_cloudformation_json = classmethod(_create_table_with_specs)


# 20. Hosted zones with VPCs are private.
from moto.route53 import models as r53_models  # noqa: E402


def _create_zone(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json.get("Properties", {})
    vpcs = props.get("VPCs") or []
    backend = r53_models.route53_backends[account_id]["aws"]
    if not vpcs:
        return backend.create_hosted_zone(props.get("Name", resource_name), private_zone=False)
    return backend.create_hosted_zone(props.get("Name", resource_name), private_zone=True,
                                      vpcid=vpcs[0]["VPCId"], vpcregion=vpcs[0]["VPCRegion"])


r53_models.FakeZone.create_from_cloudformation_json = classmethod(_create_zone)


def _zone_attribute(self, attribute_name):
    if attribute_name == "NameServers":
        return list(self.delegation_set.name_servers) if self.delegation_set else []
    if attribute_name == "Id":
        return self.resource_id
    raise parsing.UnformattedGetAttTemplateException()


r53_models.FakeZone.has_cfn_attr = classmethod(lambda cls, attr: attr in ("NameServers", "Id"))
r53_models.FakeZone.get_cfn_attribute = _zone_attribute


# 23. Endpoint connections: describe and accept.
from moto.ec2.responses import EC2Response  # noqa: E402
from moto.core.responses import ActionResult, EmptyResult  # noqa: E402


def _connections(backend, service_ids=None):
    """(config, endpoint) for every endpoint, in any account, to one of the
    backend's endpoint services."""
    configs = {c.service_name: c for c in backend.configurations.values() if not service_ids or c.id in service_ids}
    for owner in list(ec2_backends.keys()):
        for endpoint in ec2_backends[owner][backend.region_name].vpc_end_points.values():
            if endpoint.service_name in configs:
                yield configs[endpoint.service_name], endpoint, owner


def _describe_vpc_endpoint_connections(self):
    filters = {f.get("Name"): f.get("Values", []) for f in self._get_param("Filters", [])}
    states, services = filters.get("vpc-endpoint-state"), filters.get("service-id")
    found = [{"ServiceId": c.id, "VpcEndpointId": e.id, "VpcEndpointOwner": owner, "VpcEndpointState": e.state,
              "CreationTimestamp": e.creation_timestamp}
             for c, e, owner in _connections(self.ec2_backend, services) if not states or e.state in states]
    return ActionResult({"VpcEndpointConnections": found})


def _accept_vpc_endpoint_connections(self):
    wanted = set(self._get_param("VpcEndpointIds", []))
    unsuccessful = set(wanted)
    for _, endpoint, _ in _connections(self.ec2_backend, [self._get_param("ServiceId")]):
        if endpoint.id in wanted and endpoint.state == "pendingAcceptance":
            endpoint.state = "available"
            unsuccessful.discard(endpoint.id)
    return ActionResult({"Unsuccessful": [{"ResourceId": i, "Error": {"Code": "InvalidVpcEndpoint.NotFound", "Message": f"{i} is not pending acceptance for this service"}}
                                          for i in sorted(unsuccessful)]})


def _reject_vpc_endpoint_connections(self):
    """23 (the same): a provider rejects a connection that is pending or
    available, which cuts it off
    (https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html#accept-reject-connection-requests)."""
    wanted = set(self._get_param("VpcEndpointIds", []))
    unsuccessful = set(wanted)
    for _, endpoint, _ in _connections(self.ec2_backend, [self._get_param("ServiceId")]):
        if endpoint.id in wanted and endpoint.state in ("pendingAcceptance", "available"):
            endpoint.state = "rejected"
            unsuccessful.discard(endpoint.id)
    return ActionResult({"Unsuccessful": [{"ResourceId": i, "Error": {"Code": "InvalidVpcEndpoint.NotFound", "Message": f"{i} is not pending or available for this service"}}
                                          for i in sorted(unsuccessful)]})


EC2Response.describe_vpc_endpoint_connections = _describe_vpc_endpoint_connections
EC2Response.accept_vpc_endpoint_connections = _accept_vpc_endpoint_connections
EC2Response.reject_vpc_endpoint_connections = _reject_vpc_endpoint_connections


# 24. Certificates from moto's ACM.
from moto.acm.models import acm_backends  # noqa: E402


class Certificate(CloudFormationModel):
    __module__ = "moto.acm.rehearsal"

    def __init__(self, arn):
        self.arn = arn

    @staticmethod
    def cloudformation_type():
        return "AWS::CertificateManager::Certificate"

    @staticmethod
    def cloudformation_name_type():
        return ""

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json["Properties"]
        domain = props["DomainName"]
        zones = r53_models.route53_backends[account_id]["aws"]
        for opt in props.get("DomainValidationOptions") or []:
            zone_id = opt.get("HostedZoneId")
            try:
                zone = zones.get_hosted_zone(zone_id)
            except ServiceException as e:
                raise CfnValidationError(message=f"certificate for {domain}: its validation zone {zone_id}: {e.message}") from e
            zone_name = zone.name.rstrip(".")
            if zone.private_zone or not (opt["DomainName"] == zone_name or opt["DomainName"].endswith("." + zone_name)):
                raise CfnValidationError(message=f"certificate for {domain}: zone {zone_id} ({zone_name}, {'private' if zone.private_zone else 'public'}) cannot validate {opt['DomainName']}")
        if props.get("ValidationMethod") != "DNS":
            raise CfnValidationError(message=f"certificate for {domain}: ValidationMethod {props.get('ValidationMethod')}: the rehearsal models DNS validation only")
        arn = acm_backends[account_id][region_name].request_certificate(domain, None, props.get("SubjectAlternativeNames") or [], [])
        _write_validation_records(account_id, region_name, arn, props)  # 29
        return cls(arn)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        acm_backends[account_id][region_name].delete_certificate(resource_name)

    @property
    def physical_resource_id(self):
        return self.arn


# 26. Roles go after their managed policies.
from moto.iam import models as iam_models  # noqa: E402

_delete_role = iam_models.Role.delete_from_cloudformation_json.__func__


def _delete_role_detached(cls, resource_name, cloudformation_json, account_id, region_name):
    backend = iam_backends[account_id]["aws"]
    for role in list(backend.roles.values()):
        if role.name == resource_name:
            for arn in list(role.managed_policies):
                backend.detach_role_policy(arn, role.name)
    _delete_role(cls, resource_name, cloudformation_json, account_id, region_name)


iam_models.Role.delete_from_cloudformation_json = classmethod(_delete_role_detached)


# 22. SSM-typed parameters that arrive resolved.
from moto.cloudformation import responses as cfn_responses  # noqa: E402
from moto.ssm.models import ssm_backends  # noqa: E402


def _parse_ssm_parameter(self, value, value_type):
    parameter = ssm_backends[self._account_id][self._region_name].get_parameter(value)
    if parameter is None:
        if value.startswith("/"):
            raise CfnValidationError(message=f"SSM parameter {value} does not exist")
        return value.split(",") if value_type.find("List") > 0 else value
    return parameter.value.split(",") if value_type.find("List") > 0 else parameter.value


parsing.ResourceMap.parse_ssm_parameter = _parse_ssm_parameter
_resolved_stack_parameters = cfn_models.Stack.stack_parameters


def _ssm_names(stack):
    """The stack's SSM-typed parameters, by key: the parameter name each
    reads (given, or its default)."""
    given = stack.resource_map.input_parameters or {}
    names = {}
    for key, decl in ((stack.template_dict or {}).get("Parameters") or {}).items():
        name = given.get(key, decl.get("Default"))
        if str(decl.get("Type", "")).startswith("AWS::SSM::Parameter::Value") and name:
            names[key] = name
    return names


def _stack_parameters_as_given(self):
    """An SSM-typed parameter's previous value is the parameter's name, which
    is resolved again (the version current then), not the value it resolved
    to last time."""
    return dict(_resolved_stack_parameters.fget(self), **_ssm_names(self))


cfn_models.Stack.stack_parameters = property(_stack_parameters_as_given)


def _ssm_moved(stack):
    """Whether an SSM-typed parameter of the stack resolves to another value
    now than when the stack was last deployed."""
    resolved = _resolved_stack_parameters.fget(stack)
    backend = ssm_backends[stack.account_id][stack.region_name]
    for key, name in _ssm_names(stack).items():
        now = backend.get_parameter(name)
        if now is not None and now.value != resolved.get(key):
            return True
    return False


_validate_different_update = cfn_responses.CloudFormationResponse._validate_different_update


def _validate_different_update_resolved(self, incoming_params, stack_body, old_stack):
    if not _ssm_moved(old_stack):
        _validate_different_update(self, incoming_params, stack_body, old_stack)


cfn_responses.CloudFormationResponse._validate_different_update = _validate_different_update_resolved


# 21. Change sets create resources in DependsOn order.
_build_resource_diff = parsing.ResourceMap.build_resource_diff


def _diff_in_dependency_order(self, other_template, parameters=None):
    diff = _build_resource_diff(self, other_template, parameters)
    resources = other_template.get("Resources", {})
    order = []

    def visit(name):
        if name in order or name not in resources:
            return
        deps = resources[name].get("DependsOn", [])
        for dep in [deps] if isinstance(deps, str) else deps:
            visit(dep)
        order.append(name)

    for name in resources:
        visit(name)
    diff["Add"] = sorted(diff["Add"], key=lambda n: order.index(n) if n in order else len(order))
    return diff


parsing.ResourceMap.build_resource_diff = _diff_in_dependency_order


# 27. Stack operations as CloudFormation runs them.
import copy  # noqa: E402
from datetime import timedelta  # noqa: E402

from werkzeug.exceptions import HTTPException  # noqa: E402
from moto.cloudformation.utils import generate_stack_id, random_suffix  # noqa: E402
from moto.cloudformation import models as cfn_models_module, responses as cfn_responses, utils as cfn_utils  # noqa: E402
from moto.core.utils import utcnow  # noqa: E402
from moto.utilities.utils import get_partition  # noqa: E402

_stack_from_s3_url = cfn_utils.get_stack_from_s3_url


# 45. Template URLs on the loopback address.
def get_stack_from_s3_url(template_url, account_id, partition):
    return _stack_from_s3_url(template_url.replace("//127.0.0.1:", "//localhost:", 1), account_id, partition)


for _m in (cfn_utils, cfn_responses, cfn_models_module):
    _m.get_stack_from_s3_url = get_stack_from_s3_url

STACK_TYPE = "AWS::CloudFormation::Stack"


class _ResourceFailed(Exception):
    """A resource's operation failed; its *_FAILED event is written."""

    def __init__(self, logical_id, reason, action):
        super().__init__(reason)
        self.logical_id, self.reason, self.action = logical_id, reason, action


class _EmbeddedFailed(Exception):
    """A nested stack failed to create; it exists, and its parent deletes it."""

    def __init__(self, stack):
        super().__init__(stack.status_reason)
        self.stack = stack


class _Refused(Exception):
    """A failure whose message is the resource's reason as it stands: one
    injected by the rehearsal (28), or a nested stack's."""


class _Op:
    """One stack operation. log records what it did, in order, so that a
    rollback can undo it in reverse: ("create", id), ("replace", id, old
    resource, old state), ("update", id, old resource, old state) and
    ("nested", id, nested _Op, old state)."""

    def __init__(self, stack):
        self.stack, self.log, self.failure, self.before = stack, [], None, None


def _error(e):
    if isinstance(e, ServiceException):
        return e.code, e.message
    if isinstance(e, HTTPException) and hasattr(e, "error_type"):
        return e.error_type, e.message
    return type(e).__name__, str(e)


def _reason(e, resource_type):
    """A resource's status reason for the error e: the service's message and
    error code, as CloudFormation's resource handlers report them."""
    if isinstance(e, (_Refused, CfnValidationError)):
        return e.message if isinstance(e, CfnValidationError) else str(e)
    code, message = _error(e)
    if not isinstance(e, (ServiceException, HTTPException)):
        log.exception("%s", resource_type)
        return f"the rehearsal's moto failed: {code}: {message}"
    service = resource_type.split("::")[1] if resource_type and resource_type.count("::") == 2 else "CloudFormation"
    return f'Resource handler returned message: "{message}" (Service: {service}, Status Code: 400, Error Code: {code})'


def _event(stack, logical_id, resource_type, status, reason=None, physical=None, at=None):
    event = cfn_models.Event(stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=logical_id,
                             physical_resource_id=physical or None, resource_type=resource_type, resource_status=status,
                             resource_status_reason=reason, resource_properties=None)
    # Strictly later than the stack's last event, to the millisecond: the
    # CLI orders events by time, and moto does a resource in microseconds.
    if at is None and stack.events:
        at = max(event.timestamp, stack.events[-1].timestamp + timedelta(milliseconds=1))
    if at is not None:
        event.timestamp = at
    event.sendToSns(stack.account_id, stack.region_name, stack.notification_arns)
    stack.events.append(event)


def _stack_status(stack, status, reason=None, keep_reason=False):
    stack.status = status
    if not keep_reason:
        stack.status_reason = reason
    _event(stack, stack.name, STACK_TYPE, status, reason, stack.stack_id)


def _physical_id(resource):
    if isinstance(resource, cfn_models.Stack):
        return resource.stack_id
    return getattr(resource, "physical_resource_id", None) or ""


# A stack's ResourceMap keeps, for every resource the stack holds (modelled
# by moto or not), its type, resolved JSON, name and physical ID.
_stack_resource_map = cfn_models.Stack._create_resource_map


def _tracked_resource_map(self):
    rm = _stack_resource_map(self)
    rm._rh_stack, rm._rh_state, rm._rh_live, rm._rh_outputs, rm._rh_pending = self, {}, None, None, set()
    return rm


cfn_models.Stack._create_resource_map = _tracked_resource_map


@contextmanager
def _live(rm):
    """Lets this thread create rm's resources; a read (DescribeStacks,
    outputs) never creates one, as moto's lazy map otherwise would."""
    before, rm._rh_live = rm._rh_live, threading.get_ident()
    try:
        yield
    finally:
        rm._rh_live = before


def _refs(node, into):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                into.add(value)
            elif key == "Fn::GetAtt":
                into.add(value[0] if isinstance(value, list) else str(value).split(".")[0])
            elif key == "Fn::Sub":
                text = value[0] if isinstance(value, list) else value
                if isinstance(text, str):
                    into.update(n.split(".")[0] for n in re.findall(r"\$\{([^!}][^}]*)\}", text))
                if isinstance(value, list) and len(value) > 1:
                    _refs(value[1], into)
            else:
                _refs(value, into)
    elif isinstance(node, list):
        for value in node:
            _refs(value, into)
    return into


def _dependencies(raw, resources):
    names = _refs(raw.get("Properties") or {}, set())
    depends = raw.get("DependsOn") or []
    names.update([depends] if isinstance(depends, str) else depends)
    return [n for n in resources if n in names]


def _topological(resources):
    """Logical IDs, each after the resources it depends on, else in template order."""
    order, done = [], set()

    def visit(name, path):
        if name in done:
            return
        if name in path:
            raise CfnValidationError(message=f"Circular dependency between resources: {sorted(path)}")
        path.add(name)
        for dep in _dependencies(resources[name], resources):
            visit(dep, path)
        path.discard(name)
        done.add(name)
        order.append(name)

    for name in resources:
        visit(name, set())
    return order


def _all_dependencies(name, resources):
    found, todo = set(), [name]
    while todo:
        for dep in _dependencies(resources.get(todo.pop(), {}), resources):
            if dep not in found:
                found.add(dep)
                todo.append(dep)
    return found


def _present(rm):
    """The logical IDs of rm's template whose condition holds."""
    return [lid for lid, raw in rm._resource_json_map.items()
            if not raw.get("Condition") or rm.lazy_condition_map[raw["Condition"]]]


def _create(stack, rm, lid, raw, action, record, reason=None):
    """Creates one physical resource (action CREATE, or UPDATE when it
    replaces one), writing its events; record() logs it in the operation
    once it exists."""
    rtype = raw["Type"]
    _event(stack, lid, rtype, f"{action}_IN_PROGRESS", reason)
    started, kept, name = stack.events[-1].timestamp + timedelta(milliseconds=1), None, None
    try:
        refusal = _take_injection(stack, lid, rtype)  # 28
        if refusal is not None:
            raise _Refused(refusal)
        parsed = parsing.parse_resource_and_generate_name(lid, raw, rm)
        _refuse_input(rtype, parsed[1].get("Properties") if parsed else _resolved_properties(raw, rm))  # 36
        if parsed is None:  # a type moto does not model: a no-op, but a resource of the stack
            resource, physical = None, f"{stack.name}-{lid}-{random_suffix()}"
        else:
            cls, cleaned, name = parsed
            kept = copy.deepcopy(cleaned)
            resource = cls.create_from_cloudformation_json(name, cleaned, rm._account_id, rm._region_name,
                                                           LogicalId=lid, StackId=rm.stack_id, ResourceType=rtype)
            resource.cf_resource_type, resource.logical_resource_id = rtype, lid
            physical = _physical_id(resource)
    except _EmbeddedFailed as e:
        nested = e.stack
        nested.cf_resource_type, nested.logical_resource_id = rtype, lid
        rm._parsed_resources[lid] = nested
        rm._rh_state[lid] = {"type": rtype, "json": kept, "raw": copy.deepcopy(raw), "name": name, "physical": nested.stack_id}
        record()
        why = f"Embedded stack {nested.stack_id} was not successfully created: {nested.status_reason}"
        _event(stack, lid, rtype, f"{action}_FAILED", why, nested.stack_id)
        raise _ResourceFailed(lid, why, action) from e
    except _ResourceFailed:
        _event(stack, lid, rtype, f"{action}_FAILED", "Resource creation cancelled")
        raise
    except Exception as e:  # noqa: BLE001 - every failure is the resource's
        why = _reason(e, rtype)
        _event(stack, lid, rtype, f"{action}_FAILED", why)
        raise _ResourceFailed(lid, why, action) from e
    if resource is not None:
        rm._parsed_resources[lid] = resource
    rm._rh_state[lid] = {"type": rtype, "json": kept, "raw": copy.deepcopy(raw), "name": name, "physical": physical}
    record()
    if isinstance(resource, cfn_models.Stack):
        _event(stack, lid, rtype, f"{action}_IN_PROGRESS", "Resource creation Initiated", physical, at=started)
    _event(stack, lid, rtype, f"{action}_COMPLETE", None, physical)
    return resource


_parse_and_create_resource = parsing.parse_and_create_resource


def _create_on_demand(logical_id, resource_json, resources_map, account_id, region_name):
    """moto creates a resource the first time it is looked up; a stack's
    resource is created only while its stack is being created or updated,
    after the resources it depends on, with its events."""
    if not hasattr(resources_map, "_rh_state"):
        return _parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name)
    if resources_map._rh_live != threading.get_ident() or logical_id in resources_map._rh_state:
        return None
    condition = resource_json.get("Condition")
    if condition and not resources_map.lazy_condition_map[condition]:
        return None
    if logical_id in resources_map._rh_pending:
        raise CfnValidationError(message=f"Circular dependency between resources: [{logical_id}]")
    resources_map._rh_pending.add(logical_id)
    try:
        for dep in _dependencies(resource_json, resources_map._resource_json_map):
            resources_map[dep]
        stack = resources_map._rh_stack
        op = getattr(stack, "_rh_op", None)
        return _create(stack, resources_map, logical_id, resource_json, "CREATE",
                       lambda: op and op.log.append(("create", logical_id)))
    finally:
        resources_map._rh_pending.discard(logical_id)


parsing.parse_and_create_resource = _create_on_demand


def _delete_object(rm, resource, state, creating):
    if resource is None:
        return
    if isinstance(resource, cfn_models.Stack):
        backend = cfn_models.cloudformation_backends[resource.account_id][resource.region_name]
        if not _delete_stack(backend, resource, creating):
            raise _Refused(f"Embedded stack {resource.stack_id} was not successfully deleted: {resource.status_reason}")
        return
    rm._delete_resource(resource, copy.deepcopy(state.get("json") or state.get("raw")))


def _forget(rm, lid):
    rm._parsed_resources.pop(lid, None)
    rm._rh_state.pop(lid, None)


def _delete_resources(stack, lids, resources, creating=False):
    """Deletes the stack's resources lids, in that order, honouring their
    DeletionPolicy; returns the IDs of those that failed. A resource that
    fails keeps the resources it depends on."""
    rm = stack.resource_map
    failed, keep = [], set()
    for lid in lids:
        state = rm._rh_state.get(lid)
        if state is None or lid in keep:
            continue
        rtype, physical = state["type"], state["physical"]
        policy = (state.get("json") or state.get("raw") or {}).get("DeletionPolicy", "Delete")
        if policy == "Retain" or (policy == "RetainExceptOnCreate" and not creating):
            _forget(rm, lid)
            _event(stack, lid, rtype, "DELETE_SKIPPED", None, physical)
            continue
        _event(stack, lid, rtype, "DELETE_IN_PROGRESS", None, physical)
        try:
            _delete_object(rm, rm._parsed_resources.get(lid), state, creating)
        except Exception as e:  # noqa: BLE001 - the resource's failure
            _event(stack, lid, rtype, "DELETE_FAILED", _reason(e, rtype), physical)
            failed.append(lid)
            keep |= _all_dependencies(lid, resources)
            continue
        _forget(rm, lid)
        _event(stack, lid, rtype, "DELETE_COMPLETE", None, physical)
    return failed


def _run_create(stack, apply, nested=False):
    """Creates a new stack's resources with apply(); on a failure rolls them
    back (a root stack) or leaves them for its parent to delete (a nested
    one, which raises _EmbeddedFailed). Returns whether it was created."""
    rm = stack.resource_map
    op = _Op(stack)
    stack._rh_op = op
    _stack_status(stack, "CREATE_IN_PROGRESS", "User Initiated")
    try:
        with _live(rm):
            apply()
    except _ResourceFailed as e:
        op.failure = f"The following resource(s) failed to create: [{e.logical_id}]. "
    except Exception as e:  # noqa: BLE001 - the template itself (parameters, exports)
        op.failure = _reason(e, None) if not isinstance(e, (ServiceException, HTTPException)) else _error(e)[1]
    finally:
        stack._rh_op = None
    if op.failure is None:
        _stack_status(stack, "CREATE_COMPLETE")
        return True
    if nested:
        _stack_status(stack, "CREATE_FAILED", op.failure)
        raise _EmbeddedFailed(stack)
    _stack_status(stack, "ROLLBACK_IN_PROGRESS", op.failure + "Rollback requested by user.")
    failed = _delete_resources(stack, [entry[1] for entry in reversed(op.log)], rm._resource_json_map, creating=True)
    stack.output_map = parsing.OutputMap(rm, {}, stack.stack_id)
    if failed:
        _stack_status(stack, "ROLLBACK_FAILED", f"The following resource(s) failed to delete: [{', '.join(failed)}]. ")
    else:
        _stack_status(stack, "ROLLBACK_COMPLETE", keep_reason=True)
    return False


def _run_delete(stack, creating=False):
    """Deletes the stack's resources in reverse dependency order; returns
    whether all went (DELETE_COMPLETE) or not (DELETE_FAILED)."""
    rm = stack.resource_map
    _stack_status(stack, "DELETE_IN_PROGRESS", "User Initiated")
    resources = rm._resource_json_map
    order = [lid for lid in reversed(_topological(resources)) if lid in rm._rh_state]
    order += [lid for lid in reversed(list(rm._rh_state)) if lid not in resources]
    failed = _delete_resources(stack, order, resources, creating)
    if failed:
        _stack_status(stack, "DELETE_FAILED", f"The following resource(s) failed to delete: [{', '.join(failed)}]. ")
        return False
    _stack_status(stack, "DELETE_COMPLETE")
    return True


def _delete_stack(backend, stack, creating=False):
    if stack.status == "DELETE_COMPLETE":
        return True
    try:
        exports = [e.name for e in stack.exports]
    except Exception:  # noqa: BLE001 - outputs of resources already gone
        exports = []
    with _as_caller(stack.role_arn):
        ok = _run_delete(stack, creating)
    if ok:
        backend.stacks.pop(stack.stack_id, None)
        backend.deleted_stacks[stack.stack_id] = stack
        _drop_change_sets(backend, stack)
        for name in exports:
            backend.exports.pop(name, None)
    return ok


def _backend_delete_stack(self, name_or_stack_id):
    stack = self.stacks.get(name_or_stack_id) or next((s for s in self.stacks.values() if s.name == name_or_stack_id), None)
    if stack is None:
        return  # AWS: deleting a stack that does not exist succeeds
    with _loudly(f"deleting {stack.name}"):
        _delete_stack(self, stack)


cfn_models.CloudFormationBackend.delete_stack = _backend_delete_stack
cfn_models.Stack.delete = lambda self: _delete_stack(cfn_models.cloudformation_backends[self.account_id][self.region_name], self)


def _backend_create_stack(self, name, template, parameters, notification_arns=None, tags=None, role_arn=None,
                          enable_termination_protection=False, timeout_in_mins=None, stack_policy_body=None):
    if name in [stack.name for stack in self.stacks.values()]:
        raise cfn_models.AlreadyExistsException(f"Stack {name} already exists")
    stack = cfn_models.Stack(stack_id=generate_stack_id(name, self.region_name, self.account_id), name=name, template=template,
                             parameters=parameters, account_id=self.account_id, region_name=self.region_name,
                             notification_arns=notification_arns, tags=tags, role_arn=role_arn, cross_stack_resources=self.exports,
                             enable_termination_protection=enable_termination_protection, timeout_in_mins=timeout_in_mins,
                             stack_policy_body=stack_policy_body)
    self.stacks[stack.stack_id] = stack

    def apply():
        stack.resource_map.create(stack.template_dict)
        self._validate_export_uniqueness(stack)

    with _as_caller(role_arn), _loudly(f"creating {name}"):
        _run_create(stack, apply)
    if stack.status == "CREATE_COMPLETE":
        for export in stack.exports:
            self.exports[export.name] = export
    return stack


cfn_models.CloudFormationBackend.create_stack = _backend_create_stack


def _create_nested_stack(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    backend = cfn_models.cloudformation_backends[account_id][region_name]
    props = cloudformation_json["Properties"]
    template = get_stack_from_s3_url(props["TemplateURL"], account_id=account_id, partition=get_partition(region_name))
    stack = cfn_models.Stack(stack_id=generate_stack_id(resource_name, region_name, account_id), name=resource_name,
                             template=template, parameters=props.get("Parameters", {}), account_id=account_id,
                             region_name=region_name, cross_stack_resources=backend.exports)
    stack._rh_parent = backend.stacks.get(kwargs.get("StackId"))
    backend.stacks[stack.stack_id] = stack
    _run_create(stack, lambda: stack.resource_map.create(stack.template_dict), nested=True)
    return stack


cfn_models.Stack.create_from_cloudformation_json = classmethod(_create_nested_stack)
# A nested stack's physical ID (its Ref) is its stack ID, not moto's name.
cfn_models.Stack.physical_resource_id = property(lambda self: self.stack_id)


class InvalidChangeSetStatus(CloudFormationError):
    code = "InvalidChangeSetStatus"


def _execute_change_set(self, change_set_name, stack_name=None):
    change_set = _find_change_set(self, change_set_name, stack_name)
    if change_set.execution_status != "AVAILABLE":
        raise InvalidChangeSetStatus(f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current status of [{change_set.status}]")
    stack = self.stacks[change_set.stack_id]
    # The execution role the CLI passed (RoleARN); moto keeps only the one
    # the stack was created with.
    stack.role_arn = change_set.role_arn or stack.role_arn
    change_set.execution_status = "EXECUTE_IN_PROGRESS"
    rm = stack.resource_map
    rm._rh_outputs = getattr(change_set, "_rh_outputs", None)
    try:
        with _as_caller(stack.role_arn), _loudly(f"executing the change set of {stack.name}"):
            if change_set.change_set_type == "CREATE":
                ok = _run_create(stack, lambda: _apply_with_outputs(change_set))
            else:
                ok = _run_update(stack, change_set.template, change_set.parameters)
    finally:
        rm._rh_outputs = None
    change_set.execution_status = "EXECUTE_COMPLETE" if ok else "EXECUTE_FAILED"
    # Executing a change set removes the stack's change sets.
    _drop_change_sets(self, stack)


def _drop_change_sets(backend, stack):
    for arn in [arn for arn, cs in backend.change_sets.items() if cs.stack_id == stack.stack_id]:
        del backend.change_sets[arn]


def _delete_change_set_scoped(self, change_set_name, stack_name=None):
    try:
        del self.change_sets[_find_change_set(self, change_set_name, stack_name).change_set_id]
    except ChangeSetNotFound:
        pass  # the CLI deletes its change set "if it exists" before making one


cfn_models.CloudFormationBackend.execute_change_set = _execute_change_set
cfn_models.CloudFormationBackend.delete_change_set = _delete_change_set_scoped
# The responses pass the StackName they were given.
from moto.cloudformation.responses import CloudFormationResponse  # noqa: E402


def _describe_change_set_response(self):
    return ActionResult(self.cloudformation_backend.describe_change_set(self._get_param("ChangeSetName"), self._get_param("StackName")))


def _delete_change_set_response(self):
    self.cloudformation_backend.delete_change_set(self._get_param("ChangeSetName"), self._get_param("StackName"))
    return EmptyResult()


def _list_change_sets_response(self):
    stack_name = self._get_param("StackName")
    return ActionResult({"Summaries": [cs for cs in self.cloudformation_backend.change_sets.values()
                                       if not stack_name or stack_name in (cs.stack_name, cs.stack_id)]})


CloudFormationResponse.describe_change_set = _describe_change_set_response
CloudFormationResponse.delete_change_set = _delete_change_set_response
CloudFormationResponse.list_change_sets = _list_change_sets_response


def _stack_update(self, template, role_arn=None, parameters=None, tags=None):
    """UpdateStack."""
    self.role_arn = role_arn or self.role_arn
    with _as_caller(self.role_arn), _loudly(f"updating {self.name}"):
        ok = _run_update(self, template, parameters)
    if ok and tags is not None:
        self.tags = tags


cfn_models.Stack.update = _stack_update


class _Listed:
    """A resource of a type moto does not model, as DescribeStackResources lists it."""

    def __init__(self, lid, rtype, physical):
        self.logical_resource_id, self.cf_resource_type, self.physical_resource_id = lid, rtype, physical


def _stack_resources(self):
    rm = self.resource_map
    return [rm._parsed_resources.get(lid) or _Listed(lid, state["type"], state["physical"]) for lid, state in rm._rh_state.items()]


cfn_models.Stack.stack_resources = property(_stack_resources)


# Updates: what is replaced (the properties each type's reference marks
# "Update requires: Replacement"; a type's name property always is), the
# update itself, its cleanup and its rollback.
_REPLACED_ON = {
    # 47: a web ACL's Name and Scope; an association's either ARN; a
    # logging configuration's web ACL.
    "AWS::WAFv2::WebACL": {"Name", "Scope"},
    "AWS::WAFv2::WebACLAssociation": "*",
    "AWS::WAFv2::LoggingConfiguration": {"ResourceArn"},
    # 49: an alarm's name.
    "AWS::CloudWatch::Alarm": {"AlarmName"},
    "AWS::ElasticLoadBalancingV2::TargetGroup": {"Name", "Port", "Protocol", "ProtocolVersion", "TargetType", "VpcId", "IpAddressType"},
    "AWS::ElasticLoadBalancingV2::Listener": {"LoadBalancerArn"},
    "AWS::ElasticLoadBalancingV2::LoadBalancer": {"Name", "Scheme", "Type"},
    "AWS::ECS::TaskDefinition": "*",
    "AWS::ECS::Service": {"Cluster", "LaunchType", "Role", "SchedulingStrategy", "ServiceName"},
    "AWS::ECS::Cluster": {"ClusterName"},
    "AWS::EC2::SecurityGroupIngress": "*",
    "AWS::EC2::SecurityGroupEgress": "*",
    "AWS::EC2::SecurityGroup": {"GroupDescription", "GroupName", "VpcId"},
    "AWS::EC2::LaunchTemplate": {"LaunchTemplateName"},
    "AWS::EC2::VPC": {"CidrBlock", "Ipv4IpamPoolId"},
    "AWS::EC2::Subnet": {"AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "VpcId"},
    "AWS::EC2::VPCEndpoint": {"ServiceName", "VpcEndpointType", "VpcId"},
    "AWS::Route53::HostedZone": {"Name"},
    "AWS::Route53::RecordSet": {"HostedZoneId", "HostedZoneName", "Name"},
    "AWS::CertificateManager::Certificate": "*",
    "AWS::Backup::BackupVault": {"BackupVaultName", "EncryptionKeyArn"},
    "AWS::Backup::BackupSelection": "*",
    "AWS::IAM::Role": {"Path", "RoleName"},
    "AWS::Logs::LogGroup": {"LogGroupName"},
    "AWS::DynamoDB::Table": {"KeySchema", "TableName"},
}
# Name-typed properties that do not make a resource custom-named (a task
# definition's family takes a new revision on replacement).
_NOT_NAMES = {"AWS::ECS::TaskDefinition"}


def _name_property(cls, rtype):
    return "" if rtype in _NOT_NAMES else cls.cloudformation_name_type()


def _replaces(rtype, name_property, changed):
    rule = _REPLACED_ON.get(rtype, set())
    return rule == "*" or bool(set(changed) & set(rule)) or (bool(name_property) and name_property in changed)


def _update_failed(stack, lid, rtype, e, physical=None):
    why = e if isinstance(e, str) else _reason(e, rtype)
    _event(stack, lid, rtype, "UPDATE_FAILED", why, physical)
    return _ResourceFailed(lid, why, "UPDATE")


def _update_resource(stack, rm, op, lid, raw):
    state = rm._rh_state[lid]
    rtype, old = raw["Type"], rm._parsed_resources.get(lid)
    if rtype != state["type"]:
        raise _update_failed(stack, lid, rtype, f"Update of resource type is not permitted. The new template modifies resource type of the following resources: [{lid}]")
    for dep in _dependencies(raw, rm._resource_json_map):
        rm[dep]
    try:
        parsed = parsing.parse_resource_and_generate_name(lid, raw, rm)
    except _ResourceFailed:
        raise
    except Exception as e:  # noqa: BLE001 - e.g. an Fn::GetStackOutput it cannot read
        raise _update_failed(stack, lid, rtype, e, state["physical"]) from e
    if parsed is None:  # a type moto does not model
        if raw != state["raw"]:
            _event(stack, lid, rtype, "UPDATE_IN_PROGRESS", None, state["physical"])
            try:
                _refuse_input(rtype, _resolved_properties(raw, rm))  # 36
            except ServiceException as e:
                raise _update_failed(stack, lid, rtype, e, state["physical"]) from e
            op.log.append(("update", lid, old, state))
            rm._rh_state[lid] = dict(state, raw=copy.deepcopy(raw))
            _event(stack, lid, rtype, "UPDATE_COMPLETE", None, state["physical"])
        return
    cls, new_json, generated = parsed
    if new_json == state["json"]:
        rm._rh_state[lid] = dict(state, raw=copy.deepcopy(raw))
        return
    old_props, new_props = (state["json"] or {}).get("Properties") or {}, new_json.get("Properties") or {}
    changed = sorted(k for k in set(old_props) | set(new_props) if old_props.get(k) != new_props.get(k))
    if not changed:  # DeletionPolicy, Metadata and the like: nothing physical changes
        op.log.append(("update", lid, old, state))
        rm._rh_state[lid] = dict(state, json=copy.deepcopy(new_json), raw=copy.deepcopy(raw))
        return
    if isinstance(old, cfn_models.Stack):
        _update_nested(stack, rm, op, lid, raw, old, state, new_json)
        return
    name_property = _name_property(cls, rtype)
    if _replaces(rtype, name_property, changed):
        custom = new_props.get(name_property) if name_property else None
        if custom is not None and custom == old_props.get(name_property):
            raise _update_failed(stack, lid, rtype, f"CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename {custom} and update the stack again.", state["physical"])
        _create(stack, rm, lid, raw, "UPDATE", lambda: op.log.append(("replace", lid, old, state)),
                reason="Requested update requires the creation of a new physical resource; hence creating one.")
        return
    _event(stack, lid, rtype, "UPDATE_IN_PROGRESS", None, state["physical"])
    try:
        _refuse_input(rtype, new_props)  # 36
        new = _update_in_place(cls, rm, old, state, new_json, generated, name_property)
    except Exception as e:  # noqa: BLE001 - the resource's failure
        raise _update_failed(stack, lid, rtype, e, state["physical"]) from e
    if new is not None:
        rm._parsed_resources[lid] = new
    if rtype.startswith("Custom::") and _physical_id(new) != state["physical"]:
        op.log.append(("replace", lid, old, state))  # a new physical ID: the old one is deleted in the cleanup
    else:
        op.log.append(("update", lid, old, state))
    rm._rh_state[lid] = dict(state, json=copy.deepcopy(new_json), raw=copy.deepcopy(raw), physical=_physical_id(new) or state["physical"])
    _event(stack, lid, rtype, "UPDATE_COMPLETE", None, rm._rh_state[lid]["physical"])


def _update_in_place(cls, rm, old, state, new_json, generated, name_property):
    """moto's in-place update of the resource, given the name it has; a type
    moto cannot update keeps its old properties (said in 35)."""
    if old is None or hasattr(cls.update_from_cloudformation_json, "__isabstractmethod__"):
        return old
    props = new_json.get("Properties") or {}
    name = props.get(name_property) if name_property and props.get(name_property) else (state["name"] or generated)
    new = cls.update_from_cloudformation_json(original_resource=old, new_resource_name=name,
                                              cloudformation_json=copy.deepcopy(new_json),
                                              account_id=rm._account_id, region_name=rm._region_name)
    new = old if new is None else new
    new.cf_resource_type, new.logical_resource_id = old.cf_resource_type, old.logical_resource_id
    return new


def _update_nested(stack, rm, op, lid, raw, nested, state, new_json):
    """A nested stack whose properties changed is updated in place (33)."""
    rtype = raw["Type"]
    _event(stack, lid, rtype, "UPDATE_IN_PROGRESS", None, nested.stack_id)
    props = new_json["Properties"]
    try:
        _refuse_input(rtype, props)  # 36
        template = get_stack_from_s3_url(props["TemplateURL"], account_id=rm._account_id, partition=get_partition(rm._region_name))
    except Exception as e:  # noqa: BLE001
        raise _update_failed(stack, lid, rtype, e, nested.stack_id) from e
    nested_op = _update_phase(nested, template, props.get("Parameters", {}), nested=True)
    op.log.append(("nested", lid, nested_op, state))
    if nested_op.failure is not None:
        raise _update_failed(stack, lid, rtype, f"Embedded stack {nested.stack_id} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: {nested_op.failure}", nested.stack_id)
    rm._rh_state[lid] = dict(state, json=copy.deepcopy(new_json), raw=copy.deepcopy(raw))
    _event(stack, lid, rtype, "UPDATE_COMPLETE", None, nested.stack_id)


def _update_phase(stack, template, parameters, nested=False):
    """Creates, replaces and updates the resources of the new template, in
    dependency order; deletes nothing (the cleanup does). Returns the _Op,
    whose failure says why it stopped."""
    rm = stack.resource_map
    op = _Op(stack)
    op.before = {"template": stack.template, "parameters": stack.parameters, "rm_template": rm._template,
                 "resources": rm._resource_json_map, "input": rm.input_parameters, "output_map": stack.output_map,
                 "description": stack.description}
    stack._rh_op = op
    _stack_status(stack, "UPDATE_IN_PROGRESS", "User Initiated")
    try:
        with _live(rm):
            new = cfn_models.Stack.parse_template(template)
            rm._template = new
            if parameters:
                rm.input_parameters = parameters
            rm.load_mapping()
            rm.load_parameters()
            rm.load_conditions()
            rm._resource_json_map = new.get("Resources") or {}
            present = set(_present(rm))
            for lid in _creation_order(rm._resource_json_map, present):  # 37
                if lid in rm._rh_state:
                    _update_resource(stack, rm, op, lid, rm._resource_json_map[lid])
                else:
                    rm[lid]
            stack.template = template
            stack._parse_template()
            stack.description = stack.template_dict.get("Description")
            stack.output_map = stack._create_output_map()
    except _ResourceFailed as e:
        op.failure = f"The following resource(s) failed to {e.action.lower()}: [{e.logical_id}]. "
    except Exception as e:  # noqa: BLE001 - the template itself
        op.failure = _reason(e, None) if not isinstance(e, (ServiceException, HTTPException)) else _error(e)[1]
    finally:
        stack._rh_op = None
    if op.failure is None:
        if parameters:
            stack.parameters = parameters
        if nested:
            _stack_status(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    elif nested:
        _stack_status(stack, "UPDATE_FAILED", op.failure)
    return op


def _cleanup(op):
    """After an update: deletes the physical resources replaced (unless
    UpdateReplacePolicy is Retain) and the resources removed (as their
    DeletionPolicy says), in reverse dependency order. A failure here is a
    DELETE_FAILED event; the update stands."""
    stack = op.stack
    rm = stack.resource_map
    _stack_status(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    for entry in op.log:
        if entry[0] == "nested":
            _cleanup(entry[2])
            _stack_status(entry[2].stack, "UPDATE_COMPLETE")
    old_resources = op.before["resources"]
    replaced = {entry[1]: entry for entry in op.log if entry[0] == "replace"}
    present = set(_present(rm))
    removed = [lid for lid in rm._rh_state if lid not in present]
    order = [lid for lid in reversed(_topological(old_resources))] + [lid for lid in removed if lid not in old_resources]
    for lid in order:
        if lid in replaced:
            _, _, old, old_state = replaced[lid]
            rtype, physical = old_state["type"], old_state["physical"]
            if (rm._rh_state[lid]["raw"] or {}).get("UpdateReplacePolicy") == "Retain":
                _event(stack, lid, rtype, "DELETE_SKIPPED", None, physical)
                continue
            _event(stack, lid, rtype, "DELETE_IN_PROGRESS", None, physical)
            try:
                _delete_object(rm, old, old_state, False)
            except Exception as e:  # noqa: BLE001
                _event(stack, lid, rtype, "DELETE_FAILED", _reason(e, rtype), physical)
                continue
            _event(stack, lid, rtype, "DELETE_COMPLETE", None, physical)
        elif lid in removed:
            _delete_resources(stack, [lid], old_resources)


def _roll_back_update(op, reason=None):
    """Undoes what the update did, newest first: deletes what it created,
    puts back what it replaced, updates back what it updated in place, and
    rolls back the nested stacks it updated; then restores the template."""
    stack = op.stack
    rm = stack.resource_map
    _stack_status(stack, "UPDATE_ROLLBACK_IN_PROGRESS", op.failure or reason)
    failed = []
    for entry in reversed(op.log):
        kind, lid = entry[0], entry[1]
        if kind == "create":
            failed += _delete_resources(stack, [lid], rm._resource_json_map, creating=True)
            continue
        old_state = entry[3]
        rtype, now = old_state["type"], rm._rh_state.get(lid)
        try:
            if kind == "nested":
                if not _roll_back_update(entry[2], "Parent stack update failed"):
                    raise _Refused(f"Embedded stack {entry[2].stack.stack_id} was not successfully rolled back: {entry[2].stack.status_reason}")
                rm._rh_state[lid] = old_state
                continue
            old = entry[2]
            if kind == "replace":
                if now is not None and now["physical"] != old_state["physical"]:
                    _event(stack, lid, rtype, "DELETE_IN_PROGRESS", None, now["physical"])
                    _delete_object(rm, rm._parsed_resources.get(lid), now, True)
                    _event(stack, lid, rtype, "DELETE_COMPLETE", None, now["physical"])
            elif kind == "update":
                _event(stack, lid, rtype, "UPDATE_IN_PROGRESS", None, old_state["physical"])
                current = rm._parsed_resources.get(lid)
                if current is not None and old_state["json"] is not None:
                    cls = parsing.resource_class_from_type(rtype)
                    old = _update_in_place(cls, rm, current, old_state, old_state["json"], old_state["name"], _name_property(cls, rtype))
                _event(stack, lid, rtype, "UPDATE_COMPLETE", None, old_state["physical"])
            if old is not None:
                rm._parsed_resources[lid] = old
            rm._rh_state[lid] = old_state
        except Exception as e:  # noqa: BLE001
            _event(stack, lid, rtype, "UPDATE_FAILED", _reason(e, rtype), old_state["physical"])
            failed.append(lid)
    before = op.before
    stack.template, stack.description = before["template"], before["description"]
    if stack.template:
        stack._parse_template()
    rm._template, rm._resource_json_map, rm.input_parameters = before["rm_template"], before["resources"], before["input"]
    try:
        rm.load_mapping()
        rm.load_parameters()
        rm.load_conditions()
    except Exception:  # noqa: BLE001 - they loaded before the update
        log.exception("restoring %s", stack.name)
    stack.output_map = before["output_map"]
    if failed:
        _stack_status(stack, "UPDATE_ROLLBACK_FAILED", f"The following resource(s) failed to update: [{', '.join(failed)}]. ")
        return False
    _stack_status(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", keep_reason=True)
    _stack_status(stack, "UPDATE_ROLLBACK_COMPLETE", keep_reason=True)
    return True


def _run_update(stack, template, parameters):
    op = _update_phase(stack, template, parameters)
    if op.failure is not None:
        _roll_back_update(op)
        return False
    _cleanup(op)
    _stack_status(stack, "UPDATE_COMPLETE")
    return True


# 28. Failure injection.
_injections = []
_injections_lock = threading.Lock()


def _root_name(stack):
    while getattr(stack, "_rh_parent", None) is not None:
        stack = stack._rh_parent
    return stack.name


def _take_injection(stack, lid, rtype):
    """The message of the first armed failure for this resource, disarmed;
    None when none is armed."""
    names = {stack.name, stack.stack_id, _root_name(stack)}
    with _injections_lock:
        for spec in _injections:
            if spec["account"] == stack.account_id and spec["stack"] in names and (
                    spec.get("logicalId") == lid or spec.get("type") == rtype):
                _injections.remove(spec)
                return spec["message"]
    return None


def _rehearsal_endpoint(app):
    """Wraps moto's WSGI app with /rehearsal/fail: POST arms a failure, GET
    lists the armed ones, DELETE disarms them all."""

    def answer(start_response, status, body):
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def wrapped(environ, start_response):
        hook = _HOOKS.get(environ.get("PATH_INFO"))  # 38, 40
        if hook is not None:
            return _serve_hook(hook, environ, answer, start_response)
        if environ.get("PATH_INFO") != "/rehearsal/fail":
            return app(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        if method == "GET":
            with _injections_lock:
                return answer(start_response, "200 OK", {"armed": list(_injections)})
        if method == "DELETE":
            with _injections_lock:
                _injections.clear()
            return answer(start_response, "200 OK", {"armed": []})
        if method != "POST":
            return answer(start_response, "405 Method Not Allowed", {"error": "use POST, GET or DELETE"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            spec = json.loads(environ["wsgi.input"].read(length) or b"{}")
            if not isinstance(spec, dict):
                raise ValueError("want a JSON object")
            missing = [k for k in ("account", "stack", "message") if not isinstance(spec.get(k), str) or not spec[k]]
            if missing:
                raise ValueError(f"missing {missing}")
            if not re.fullmatch(r"\d{12}", spec["account"]):
                raise ValueError(f"account {spec['account']!r} is not a 12-digit account ID")
            if bool(spec.get("logicalId")) == bool(spec.get("type")):
                raise ValueError("give one of logicalId and type")
            unknown = set(spec) - {"account", "stack", "logicalId", "type", "message"}
            if unknown:
                raise ValueError(f"unknown keys {sorted(unknown)}")
        except ValueError as e:
            return answer(start_response, "400 Bad Request", {"error": str(e)})
        with _injections_lock:
            _injections.append(spec)
            armed = list(_injections)
        return answer(start_response, "200 OK", {"armed": armed})

    return wrapped


# 29. ACM's DNS validation records.
from moto.acm import models as acm_models  # noqa: E402

_validation_records = {}
_VALIDATION_TTL = 300


def _validation_record(account_id, domain):
    """The CNAME that validates domain in the account: made once, then the
    same for every certificate of that name."""
    base = domain[2:] if domain.startswith("*.") else domain
    key = (account_id, base.rstrip(".").lower())
    if key not in _validation_records:
        letters = "".join(chr(ord("a") + b % 26) for b in uuid.uuid4().bytes[:10])
        _validation_records[key] = (f"_{uuid.uuid4().hex}.{key[1]}.", f"_{uuid.uuid4().hex}.{letters}.acm-validations.aws.")
    return _validation_records[key]


def _write_validation_records(account_id, region_name, arn, props):
    """What CloudFormation does for DomainValidationOptions with a
    HostedZoneId: writes each name's validation CNAME into that zone (once,
    UPSERT), after which ACM issues the certificate."""
    zones = r53_models.route53_backends[account_id]["aws"]
    names = [props["DomainName"]] + list(props.get("SubjectAlternativeNames") or [])
    options = {o["DomainName"]: o for o in props.get("DomainValidationOptions") or []}
    written = 0
    for name in dict.fromkeys(names):
        option = options.get(name)
        if not option or not option.get("HostedZoneId"):
            continue
        record, value = _validation_record(account_id, name)
        zones.change_resource_record_sets(option["HostedZoneId"], [{"Action": "UPSERT", "ResourceRecordSet": {
            "Name": record, "Type": "CNAME", "TTL": _VALIDATION_TTL, "ResourceRecords": [{"Value": value}]}}])
        written += 1
    if written == len(dict.fromkeys(names)):
        acm_backends[account_id][region_name].get_certificate(arn).status = "ISSUED"


_describe_certificate = acm_models.CertBundle.describe


def _describe_with_validation(self):
    result = _describe_certificate(self)
    account_id = self.arn.split(":")[4]
    for option in result["Certificate"].get("DomainValidationOptions") or []:
        name, value = _validation_record(account_id, option["DomainName"])
        option["ResourceRecord"] = {"Name": name, "Type": "CNAME", "Value": value}
        option["ValidationMethod"] = "DNS"
    return result


acm_models.CertBundle.describe = _describe_with_validation


# 30. Route 53: hosted zones with records stay; CloudFormation deletes zones.
from moto.route53 import exceptions as r53_exceptions  # noqa: E402


def _zone_not_empty(self):
    r53_exceptions.Route53ClientError.__init__(
        self, "HostedZoneNotEmpty", "The specified hosted zone contains non-required resource record sets and so cannot be deleted.")


r53_exceptions.HostedZoneNotEmpty.__init__ = _zone_not_empty


def _delete_zone(cls, resource_name, cloudformation_json, account_id, region_name):
    r53_models.route53_backends[account_id]["aws"].delete_hosted_zone(resource_name)


r53_models.FakeZone.delete_from_cloudformation_json = classmethod(_delete_zone)


# 31. Load balancer attributes and deletion protection.
from moto.elbv2.exceptions import ELBClientError  # noqa: E402


def _attribute_value(value):
    return str(value).lower() if isinstance(value, bool) else str(value)


def _apply_lb_attributes(backend, lb, props, old_props=None):
    """Every attribute the template gives is applied, on create and on each
    update of the load balancer; one no longer given keeps its value
    (cloudformation-coverage-roadmap #554)."""
    want = {a["Key"]: _attribute_value(a["Value"]) for a in props.get("LoadBalancerAttributes") or []}
    if want:
        backend.modify_load_balancer_attributes(lb.arn, want)


def _update_load_balancer(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    backend = elbv2_models.elbv2_backends[account_id][region_name]
    props = cloudformation_json["Properties"]
    if props.get("SecurityGroups") is not None and props["SecurityGroups"] != original_resource.security_groups:
        backend.set_security_groups(original_resource.arn, props["SecurityGroups"])
    if props.get("Subnets") and sorted(props["Subnets"]) != sorted(s.id for s in original_resource.subnets):
        backend.set_subnets(original_resource.arn, props["Subnets"], [])
    _apply_lb_attributes(backend, original_resource, props, getattr(original_resource, "_rh_props", {}))
    original_resource._rh_props = props
    return original_resource


elbv2_models.FakeLoadBalancer.update_from_cloudformation_json = classmethod(_update_load_balancer)
_create_lb_kept = elbv2_models.FakeLoadBalancer.create_from_cloudformation_json.__func__


def _create_lb_remembered(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    lb = _create_lb_kept(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    lb._rh_props = cloudformation_json["Properties"]
    return lb


elbv2_models.FakeLoadBalancer.create_from_cloudformation_json = classmethod(_create_lb_remembered)
_delete_load_balancer = elbv2_models.ELBv2Backend.delete_load_balancer


def _delete_load_balancer_protected(self, arn):
    lb = self.load_balancers.get(arn)
    if lb is not None and str(lb.attrs.get("deletion_protection.enabled")).lower() == "true":
        raise ELBClientError("OperationNotPermitted", f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled")
    _delete_load_balancer(self, arn)


elbv2_models.ELBv2Backend.delete_load_balancer = _delete_load_balancer_protected


# 32. AWS Backup: vaults, plans and selections; recovery points.
from moto.backup import models as backup_models  # noqa: E402
from moto.backup import responses as backup_responses  # noqa: E402
from moto.backup import urls as backup_urls  # noqa: E402
from moto.backup.exceptions import InvalidRequestException as BackupInvalidRequest  # noqa: E402
from moto.backup.exceptions import ResourceNotFoundException as BackupNotFound  # noqa: E402


def _vault_points(vault):
    if not hasattr(vault, "_rh_points"):
        vault._rh_points = {}
    return vault._rh_points


backup_models.Vault.number_of_recovery_points = property(lambda self: len(_vault_points(self)))
_delete_backup_vault = backup_models.BackupBackend.delete_backup_vault


def _delete_backup_vault_if_empty(self, backup_vault_name):
    vault = self.vaults.get(backup_vault_name)
    if vault is None:
        raise BackupNotFound(f"Backup vault {backup_vault_name} does not exist")
    if _vault_points(vault):
        raise BackupInvalidRequest("Backup vault cannot be deleted because it contains recovery points.")
    _delete_backup_vault(self, backup_vault_name)


backup_models.BackupBackend.delete_backup_vault = _delete_backup_vault_if_empty


def _start_backup_job(self):
    """StartBackupJob, done at once: one recovery point in the vault."""
    params = json.loads(self.body or "{}")
    vault = self.backup_backend.describe_backup_vault(params["BackupVaultName"])
    job_id = str(uuid.uuid4()).upper()
    arn = f"arn:aws:backup:{self.region}:{self.current_account}:recovery-point:{uuid.uuid4()}"
    now = utcnow().timestamp()
    _vault_points(vault)[arn] = {"RecoveryPointArn": arn, "BackupVaultName": vault.backup_vault_name,
                                 "BackupVaultArn": vault.backup_vault_arn, "ResourceArn": params.get("ResourceArn"),
                                 "IamRoleArn": params.get("IamRoleArn"), "Status": "COMPLETED", "CreationDate": now,
                                 "CompletionDate": now}
    return json.dumps({"BackupJobId": job_id, "RecoveryPointArn": arn, "CreationDate": now})


def _list_recovery_points_by_backup_vault(self):
    vault = self.backup_backend.describe_backup_vault(self.path.rstrip("/").split("/")[-2])
    return json.dumps({"RecoveryPoints": list(_vault_points(vault).values())})


def _delete_recovery_point(self):
    parts = self.path.split("/recovery-points/")
    vault = self.backup_backend.describe_backup_vault(parts[0].rstrip("/").split("/")[-1])
    arn = urllib.parse.unquote(parts[1])
    if _vault_points(vault).pop(arn, None) is None:
        raise BackupNotFound(f"Recovery point {arn} does not exist")
    return "{}"


backup_responses.BackupResponse.start_backup_job = _start_backup_job
backup_responses.BackupResponse.list_recovery_points_by_backup_vault = _list_recovery_points_by_backup_vault
backup_responses.BackupResponse.delete_recovery_point = _delete_recovery_point
backup_urls.url_paths.update({
    "{0}/backup-jobs/?$": backup_urls.response.dispatch,
    "{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/$": backup_urls.response.dispatch,
    "{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/(?P<arn>.+)$": backup_urls.response.dispatch,
})


def _backup_backend(account_id, region_name):
    return backup_models.backup_backends[account_id][region_name]


def _cfn_model(module, backend_of, cfn_type, name_property, create, delete, attrs, update=None):
    """A CloudFormation model of cfn_type over the moto backend that
    backend_of(account_id, region_name) returns: create(backend, props, name,
    account_id, region_name) returns the object and its physical ID;
    delete(backend, physical_id, props) and update(backend, obj, props) act
    on it; attrs maps each Fn::GetAtt attribute to a function of the model."""

    class Model(CloudFormationModel):
        __module__ = module

        def __init__(self, obj, physical_id):
            self.obj, self._id = obj, physical_id

        @staticmethod
        def cloudformation_type():
            return cfn_type

        @staticmethod
        def cloudformation_name_type():
            return name_property

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            props = cloudformation_json.get("Properties") or {}
            return cls(*create(backend_of(account_id, region_name), props, resource_name, account_id, region_name))

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
            delete(backend_of(account_id, region_name), resource_name, cloudformation_json.get("Properties") or {})

        @property
        def physical_resource_id(self):
            return self._id

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr in attrs

        def get_cfn_attribute(self, attribute_name):
            if attribute_name not in attrs:
                raise parsing.UnformattedGetAttTemplateException()
            return attrs[attribute_name](self)

    if update is not None:
        def _update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
            update(backend_of(account_id, region_name), original_resource.obj, cloudformation_json.get("Properties") or {})
            return original_resource
        Model.update_from_cloudformation_json = classmethod(_update)
    Model.__name__ = cfn_type.replace("::", "")
    return Model


def _backup_model(cfn_type, name_property, create, delete, attrs, update=None):
    """A CloudFormation model over moto's backup backend: create(backend,
    props, name) returns the object and its physical ID."""
    return _cfn_model("moto.backup.rehearsal", _backup_backend, cfn_type, name_property,
                      lambda b, p, n, _account, _region: create(b, p, n), delete, attrs, update)


def _new_vault(b, p, name):
    vault = b.create_backup_vault(backup_vault_name=p.get("BackupVaultName") or name, backup_vault_tags=p.get("BackupVaultTags") or {},
                                  encryption_key_arn=p.get("EncryptionKeyArn"), creator_request_id=None)
    return vault, vault.backup_vault_name


def _update_vault(b, vault, p):
    if p.get("BackupVaultTags"):
        b.tag_resource(vault.backup_vault_arn, p["BackupVaultTags"])


def _plan_document(p):
    doc = dict(p["BackupPlan"])
    rules = doc.pop("BackupPlanRule", None) or []
    doc["Rules"] = [{("TargetBackupVaultName" if k == "TargetBackupVault" else k): v for k, v in r.items()} for r in rules]
    return doc


def _new_plan(b, p, name):
    plan = b.create_backup_plan(backup_plan=_plan_document(p), backup_plan_tags=p.get("BackupPlanTags") or {}, creator_request_id=None)
    return plan, plan.backup_plan_id


def _update_plan(b, plan, p):
    plan.backup_plan = _plan_document(p)
    plan.version_id = uuid.uuid4().hex + uuid.uuid4().hex[:16]


def _new_selection(b, p, name):
    b.get_backup_plan(p["BackupPlanId"], None)
    selections = b.__dict__.setdefault("_rh_selections", {})
    selection_id = str(uuid.uuid4())
    selections[selection_id] = {"BackupPlanId": p["BackupPlanId"], "BackupSelection": p["BackupSelection"]}
    return selections[selection_id], selection_id


def _delete_selection(b, selection_id, p):
    b.__dict__.setdefault("_rh_selections", {}).pop(selection_id, None)


# Kept here: moto finds models through __subclasses__, which holds them weakly.
BACKUP_MODELS = [
    _backup_model("AWS::Backup::BackupVault", "BackupVaultName", _new_vault, lambda b, pid, p: b.delete_backup_vault(pid),
                  {"BackupVaultName": lambda m: m.obj.backup_vault_name, "BackupVaultArn": lambda m: m.obj.backup_vault_arn}, _update_vault),
    _backup_model("AWS::Backup::BackupPlan", "", _new_plan, lambda b, pid, p: b.delete_backup_plan(pid),
                  {"BackupPlanId": lambda m: m.obj.backup_plan_id, "BackupPlanArn": lambda m: m.obj.backup_plan_arn,
                   "VersionId": lambda m: m.obj.version_id}, _update_plan),
    _backup_model("AWS::Backup::BackupSelection", "", _new_selection, _delete_selection,
                  {"SelectionId": lambda m: m._id, "BackupPlanId": lambda m: m.obj["BackupPlanId"], "Id": lambda m: m._id}),
]


# 33. Fn::GetStackOutput is read when a root stack's change set is made.
_create_change_set = cfn_models.CloudFormationBackend.create_change_set


def _stack_output_specs(template, rm):
    """Every Fn::GetStackOutput of the template's resources (whose condition
    holds, in the branches of Fn::If taken) and outputs, arguments resolved."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "Fn::If" in node and isinstance(node["Fn::If"], list) and len(node["Fn::If"]) == 3:
                condition, yes, no = node["Fn::If"]
                walk(yes if rm.lazy_condition_map[condition] else no)
                return
            if "Fn::GetStackOutput" in node:
                try:
                    found.append(_clean_json(node["Fn::GetStackOutput"], rm))
                except KeyError as e:
                    raise CfnValidationError(message=f"Fn::GetStackOutput {json.dumps(node['Fn::GetStackOutput'])}: its arguments refer to {e}, "
                                                     "which is not known until the stack's resources exist") from e
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for resource in (template.get("Resources") or {}).values():
        condition = resource.get("Condition")
        if not condition or rm.lazy_condition_map[condition]:
            walk(resource.get("Properties") or {})
    walk(template.get("Outputs") or {})
    return found


def _create_change_set_reading_outputs(self, stack_name, change_set_name, template, parameters, description, change_set_type,
                                       notification_arns=None, tags=None, role_arn=None):
    change_set_id, stack_id = _create_change_set(self, stack_name, change_set_name, template, parameters, description,
                                                 change_set_type, notification_arns=notification_arns, tags=tags, role_arn=role_arn)
    change_set = self.change_sets[change_set_id]
    change_set._rh_outputs = {}
    if change_set.status != "CREATE_COMPLETE" or "Fn::GetStackOutput" not in json.dumps(change_set.template_dict, default=str):
        return change_set_id, stack_id
    stack = self.stacks[stack_id]
    try:
        rm = parsing.ResourceMap(stack_id, stack.name, parameters, tags or {}, region_name=self.region_name, account_id=self.account_id,
                                 template=dict(change_set.template_dict, Resources={}), cross_stack_resources=self.exports)
        rm.load_mapping()
        rm.load_parameters()
        rm.load_conditions()
        with _as_caller(role_arn or stack.role_arn):
            for spec in _stack_output_specs(change_set.template_dict, rm):
                change_set._rh_outputs[_output_key(spec)] = _get_stack_output(spec, rm)
    except ServiceException as e:
        change_set.status, change_set.execution_status, change_set.status_reason = "FAILED", "UNAVAILABLE", e.message
        change_set._rh_outputs = {}
    return change_set_id, stack_id


cfn_models.CloudFormationBackend.create_change_set = _create_change_set_reading_outputs


# 34. Cross-account sts:AssumeRole needs the caller's own policies too; roles
#     carry their ManagedPolicyArns.
_aws_managed_data = None


def _caller_refusal(caller_arn, role_arn):
    """Why the caller's identity policies do not allow sts:AssumeRole on
    role_arn in another account, or "" (same account: the trust policy,
    checked in 16, is enough)."""
    caller_account = caller_arn.split(":")[4]
    if caller_account == role_arn.split(":")[4]:
        return ""
    caller = iam_backends[caller_account]["aws"].get_role(caller_arn.split("/")[-1])
    return identity_refusal(caller, "sts:AssumeRole", role_arn)


def _managed_policy(backend, arn):
    """An AWS managed policy (arn:aws:iam::aws:policy/...) is loaded from
    moto's copy of them when a role first uses it."""
    global _aws_managed_data
    if arn in backend.managed_policies or not arn.startswith("arn:aws:iam::aws:policy/"):
        return
    if _aws_managed_data is None:
        _aws_managed_data = json.loads(iam_models.aws_managed_policies_data)
    name = arn.split("/")[-1]
    if name in _aws_managed_data:
        policy = iam_models.AWSManagedPolicy.from_data(name, backend.account_id, backend.region_name, _aws_managed_data[name])
        backend.managed_policies[policy.arn] = policy


def _attach_managed(account_id, role, arns):
    backend = iam_backends[account_id]["aws"]
    for arn in arns:
        _managed_policy(backend, arn)
        backend.attach_role_policy(arn, role.name)  # moto: "Policy <arn> does not exist or is not attachable."


_create_role = iam_models.Role.create_from_cloudformation_json.__func__


def _create_role_with_managed(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    role = _create_role(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    arns = cloudformation_json["Properties"].get("ManagedPolicyArns") or []
    try:
        _attach_managed(account_id, role, arns)
    except Exception:
        _delete_role_detached(cls, role.name, cloudformation_json, account_id, region_name)
        raise
    role._rh_managed = list(arns)
    return role


iam_models.Role.create_from_cloudformation_json = classmethod(_create_role_with_managed)
_update_role = iam_models.Role.update_from_cloudformation_json.__func__


def _update_role_with_managed(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    role = _update_role(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    backend = iam_backends[account_id]["aws"]
    want = cloudformation_json["Properties"].get("ManagedPolicyArns") or []
    for arn in getattr(original_resource, "_rh_managed", []):
        if arn not in want and arn in role.managed_policies:
            backend.detach_role_policy(arn, role.name)
    _attach_managed(account_id, role, [a for a in want if a not in role.managed_policies])
    role._rh_managed = list(want)
    return role


iam_models.Role.update_from_cloudformation_json = classmethod(_update_role_with_managed)


# 35. What a stack of target groups, listeners, security group rules, task
#     definitions, services and launch templates needs to update and delete.
from moto.ec2.models import security_groups as ec2_security_groups  # noqa: E402
from moto.ecs import models as ecs_models  # noqa: E402


def _delete_target_group(cls, resource_name, cloudformation_json, account_id, region_name):
    elbv2_models.elbv2_backends[account_id][region_name].delete_target_group(resource_name)


def _update_target_group(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    backend = elbv2_models.elbv2_backends[account_id][region_name]
    p = cloudformation_json["Properties"]
    backend.modify_target_group(original_resource.arn, health_check_proto=p.get("HealthCheckProtocol"),
                                health_check_port=p.get("HealthCheckPort"), health_check_path=p.get("HealthCheckPath"),
                                health_check_interval=p.get("HealthCheckIntervalSeconds"), health_check_timeout=p.get("HealthCheckTimeoutSeconds"),
                                healthy_threshold_count=p.get("HealthyThresholdCount"), unhealthy_threshold_count=p.get("UnhealthyThresholdCount"),
                                http_codes=(p.get("Matcher") or {}).get("HttpCode"), health_check_enabled=p.get("HealthCheckEnabled"))
    if p.get("TargetGroupAttributes"):
        backend.modify_target_group_attributes(original_resource.arn, {a["Key"]: _attribute_value(a["Value"]) for a in p["TargetGroupAttributes"]})
    want = {(t["Id"], t.get("Port")) for t in p.get("Targets") or []}
    have = {(t["id"], t.get("port")) for t in original_resource.targets.values()} if hasattr(original_resource, "targets") else set()
    if have - want:
        backend.deregister_targets(original_resource.arn, [{"Id": i, "Port": port} for i, port in have - want])
    if want - have:
        backend.register_targets(original_resource.arn, [{"Id": i, "Port": port} for i, port in want - have])
    return original_resource


elbv2_models.FakeTargetGroup.delete_from_cloudformation_json = classmethod(_delete_target_group)
elbv2_models.FakeTargetGroup.update_from_cloudformation_json = classmethod(_update_target_group)
elbv2_models.FakeListener.delete_from_cloudformation_json = classmethod(
    lambda cls, name, cfn_json, account_id, region_name: elbv2_models.elbv2_backends[account_id][region_name].delete_listener(name))
# 48. Listener rules are deleted with their stack, or when a template drops them.
elbv2_models.FakeListenerRule.delete_from_cloudformation_json = classmethod(
    lambda cls, name, cfn_json, account_id, region_name: elbv2_models.elbv2_backends[account_id][region_name].delete_rule(name))
ecs_models.TaskDefinition.delete_from_cloudformation_json = classmethod(
    lambda cls, name, cfn_json, account_id, region_name: ecs_models.ecs_backends[account_id][region_name].deregister_task_definition(name))
ecs_models.Cluster.delete_from_cloudformation_json = classmethod(
    lambda cls, name, cfn_json, account_id, region_name: ecs_models.ecs_backends[account_id][region_name].delete_cluster(name))


def _delete_ecs_service(self, account_id, region_name):
    ecs_models.ecs_backends[account_id][region_name].delete_service(self.cluster_name, self.name, force=True)


ecs_models.Service.delete = _delete_ecs_service


def _ingress_rule(props):
    ranges = [{"CidrIp": props["CidrIp"], "Description": props.get("Description")}] if props.get("CidrIp") else []
    groups = [{k: v for k, v in (("GroupId", props.get("SourceSecurityGroupId")), ("GroupName", props.get("SourceSecurityGroupName"))) if v}]
    return dict(ip_protocol=props["IpProtocol"], from_port=props.get("FromPort"), to_port=props.get("ToPort"),
                ip_ranges=ranges, source_groups=[g for g in groups if g])


def _delete_ingress(self, account_id, region_name):
    try:
        ec2_backends[account_id][region_name].revoke_security_group_ingress(group_name_or_id=self.security_group.id, **_ingress_rule(self.properties))
    except ServiceException as e:
        if e.code != "InvalidGroup.NotFound":  # the group went first
            raise


ec2_security_groups.SecurityGroupIngress.delete = _delete_ingress
ec2_security_groups.SecurityGroupIngress.physical_resource_id = property(
    lambda self: f"{self.security_group.id}-ingress-{self.properties.get('IpProtocol')}-{self.properties.get('FromPort')}-"
                 f"{self.properties.get('SourceSecurityGroupId') or self.properties.get('CidrIp')}")


# 36. AWS's input rules.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "awsrules"))
import awsrules  # noqa: E402


def _unresolved_dropped(value):
    """value with every intrinsic function still in it (one moto could not
    resolve) and every dynamic reference ({{resolve:...}}, which moto never
    resolves) replaced by None: the checker skips them."""
    if isinstance(value, str) and "{{resolve:" in value:
        return None
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in awsrules.INTRINSICS:
            return None
        return {k: _unresolved_dropped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unresolved_dropped(v) for v in value]
    return value


def _resolved_properties(raw, rm):
    """The Properties of a type moto does not model, resolved as moto resolves
    any other's; the raw ones (whose intrinsics are then skipped) when they
    cannot be."""
    try:
        return parsing.clean_json(copy.deepcopy(raw.get("Properties") or {}), rm)
    except Exception:  # noqa: BLE001 - e.g. Fn::GetAtt of a type moto does not model
        return raw.get("Properties") or {}


def _refuse_input(rtype, properties):
    """Refuses properties as AWS's API refuses them: the first violation of
    test/awsrules/rules.py, raised with the row's error code and message."""
    for v in awsrules.check_properties(rtype, _unresolved_dropped(properties or {})):
        raise ServiceException(v["code"], v["message"])


# 37. Independent resources, the last in the template first.
_SLOW = {"AWS::CertificateManager::Certificate", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}

def _creation_order(resources, names):
    """The logical IDs of names (resources of the template resources) in the
    order they are created: each after the resources it depends on (Ref,
    Fn::GetAtt, Fn::Sub, DependsOn), and of those whose dependencies are all
    there, the one that comes last in the template first. A dependency that
    is not among names (there already, or under a false condition) counts as
    there."""
    todo = [n for n in resources if n in names]
    there = set(resources) - set(todo)
    needs = {n: set(_dependencies(resources[n], resources)) for n in todo}
    order = []
    while todo:
        ready = [n for n in todo if needs[n] <= there]
        if not ready:
            raise CfnValidationError(message=f"Circular dependency between resources: {sorted(todo)}")
        # A DNS-validated certificate takes minutes to be issued, and an IAM
        # policy takes time to be seen: whatever else is ready goes first.
        # Of those, one that something waits for goes first; one nothing
        # waits for comes last of all.
        quick = [n for n in ready if resources[n].get("Type") not in _SLOW]
        awaited = [n for n in ready if any(n in needs[m] for m in todo)]
        pick = (quick or awaited or ready)[-1]
        order.append(pick)
        there.add(pick)
        todo.remove(pick)
    return order


_template_order = parsing.ResourceMap._ResourceMap__get_resources_in_dependency_order


def _stack_creation_order(self):
    """CreateStack and nested stacks (ResourceMap.create)."""
    if not hasattr(self, "_rh_state"):
        return _template_order(self)
    return _creation_order(self._resource_json_map, [n for n in self._resource_json_map if n not in self._rh_state])


parsing.ResourceMap._ResourceMap__get_resources_in_dependency_order = _stack_creation_order
_diff_in_depends_on_order = parsing.ResourceMap.build_resource_diff


def _diff_in_creation_order(self, other_template, parameters=None):
    """A new stack's change set (21 sorted its additions by DependsOn only)."""
    diff = _diff_in_depends_on_order(self, other_template, parameters)
    diff["Add"] = _creation_order(other_template.get("Resources", {}), set(diff["Add"]))
    return diff


parsing.ResourceMap.build_resource_diff = _diff_in_creation_order


# 38. Delegation of public hosted zones, as the rehearsal models it.
_delegations = set()  # (account, zone name) the rehearsal delegated
_delegations_lock = threading.Lock()


def _zone_key(name):
    return name.rstrip(".").lower()


def _delegated(zone):
    """Whether the internet reaches the zone: a zone made through the API
    always; one made by CloudFormation once delegated."""
    return getattr(zone, "_rh_delegated", True)


_create_zone_private_or_public = r53_models.FakeZone.create_from_cloudformation_json.__func__


def _create_zone_undelegated(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    zone = _create_zone_private_or_public(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    if not zone.private_zone:
        with _delegations_lock:
            zone._rh_delegated = (account_id, _zone_key(zone.name)) in _delegations
    return zone


r53_models.FakeZone.create_from_cloudformation_json = classmethod(_create_zone_undelegated)
_write_records_and_issue = _write_validation_records


def _write_validation_records(account_id, region_name, arn, props):  # noqa: F811 - 29's, then 38's
    """29's records; an issued certificate shows its zones are delegated."""
    _write_records_and_issue(account_id, region_name, arn, props)
    if acm_backends[account_id][region_name].get_certificate(arn).status != "ISSUED":
        return
    zones = r53_models.route53_backends[account_id]["aws"]
    for option in props.get("DomainValidationOptions") or []:
        if option.get("HostedZoneId"):
            zones.get_hosted_zone(option["HostedZoneId"])._rh_delegated = True


def _delegate(body):
    """POST /rehearsal/delegate {"account", "zone"}: the user delegated the
    zone of that name: its zones now, and those made later, are delegated."""
    account, name = body.get("account"), body.get("zone")
    if not isinstance(account, str) or not re.fullmatch(r"\d{12}", account):
        raise ValueError(f"account {account!r} is not a 12-digit account ID")
    if not isinstance(name, str) or not name.strip("."):
        raise ValueError("give the zone's name")
    if set(body) - {"account", "zone"}:
        raise ValueError(f"unknown keys {sorted(set(body) - {'account', 'zone'})}")
    with _delegations_lock:
        _delegations.add((account, _zone_key(name)))
    zones = [z for z in r53_models.route53_backends[account]["aws"].zones.values()
             if not z.private_zone and _zone_key(z.name) == _zone_key(name)]
    for zone in zones:
        zone._rh_delegated = True
    return {"account": account, "zone": _zone_key(name), "zones": sorted(z.id.split("/")[-1] for z in zones)}


# 39. Instances boot with the permissions that exist when they launch.
from moto.autoscaling import models as autoscaling_models  # noqa: E402

_create_group = autoscaling_models.FakeAutoScalingGroup.create_from_cloudformation_json.__func__
_POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")


def _instance_role(props, account_id, region_name):
    """(launch template, instance profile, role) the group's instances
    launch with; None when the group names no such role."""
    spec = props.get("LaunchTemplate") or ((props.get("MixedInstancesPolicy") or {}).get("LaunchTemplate") or {}).get(
        "LaunchTemplateSpecification") or {}
    ec2 = ec2_backends[account_id][region_name]
    try:
        template = (ec2.get_launch_template(spec["LaunchTemplateId"]) if spec.get("LaunchTemplateId")
                    else ec2.get_launch_template_by_name(spec["LaunchTemplateName"]))
        version = str(spec.get("Version") or "$Default")
        data = (template.latest_version() if version == "$Latest" else template.default_version() if version == "$Default"
                else template.get_version(int(version))).data
    except Exception:  # noqa: BLE001 - no such template or version: moto's own create says so
        return None
    named = data.get("IamInstanceProfile") or {}
    iam = iam_backends[account_id]["aws"]
    try:
        profile = (iam.get_instance_profile_by_arn(named["Arn"]) if named.get("Arn")
                   else iam.get_instance_profile(named["Name"]) if named.get("Name") else None)
    except Exception:  # noqa: BLE001 - no such profile: EC2 refuses the launch, not modelled here
        return None
    if profile is None or not profile.roles:
        return None
    return template, profile, profile.roles[0]


def _policies_not_created(rm, role):
    """The logical IDs of the stack's AWS::IAM::Policy and ManagedPolicy
    resources whose Roles name role and that are not created yet."""
    role_ids = {lid for lid, state in rm._rh_state.items() if state["type"] == "AWS::IAM::Role" and state["physical"] == role.name}
    present = set(_present(rm))
    missing = []
    for lid, raw in rm._resource_json_map.items():
        if raw.get("Type") not in _POLICY_TYPES or lid not in present or lid in rm._rh_state:
            continue
        for entry in (raw.get("Properties") or {}).get("Roles") or []:
            if entry == role.name or (isinstance(entry, dict) and entry.get("Ref") in role_ids):
                missing.append((lid, raw["Type"]))
                break
    return missing


def _create_group_after_policies(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    backend = cfn_models.cloudformation_backends[account_id][region_name]
    stack = backend.stacks.get(kwargs.get("StackId"))
    rm = getattr(stack, "resource_map", None)
    found = _instance_role(cloudformation_json["Properties"], account_id, region_name)
    if found is not None and hasattr(rm, "_rh_state"):
        template, profile, role = found
        missing = _policies_not_created(rm, role)
        if missing:
            names = ", ".join(f"{lid} ({rtype})" for lid, rtype in missing)
            raise CfnValidationError(message=(
                f"Auto Scaling group {kwargs.get('LogicalId')} launches its instances (launch template {template.id}, "
                f"instance profile {profile.name}) before this stack creates {names}, a policy of their role {role.name}: "
                "they would boot, and run their user data, without its permissions. Make the group depend on it (DependsOn)."))
    return _create_group(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


autoscaling_models.FakeAutoScalingGroup.create_from_cloudformation_json = classmethod(_create_group_after_policies)


# 40. A new AMI release.
from moto.ec2.models import amis as ec2_amis  # noqa: E402
from moto.ec2.utils import random_ami_id  # noqa: E402
from moto.ssm import models as ssm_models  # noqa: E402
from moto.utilities.utils import load_resource  # noqa: E402

_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-{arch}"
_AMAZON = "137112412989"  # the owner of Amazon Linux's public images
_releases = {}  # region -> [(parameter name, Parameter fields, image fields)], oldest first
_releases_lock = threading.Lock()


def _ssm_version(fields, account_id):
    return ssm_models.Parameter(account_id=account_id, name=fields["name"], value=fields["value"], parameter_type="String",
                                description=None, allowed_pattern=None, keyid=None, last_modified_date=fields["date"],
                                version=fields["version"], data_type="aws:ec2:image")


_load_latest_amis = ssm_models.ParameterDict._load_latest_amis


def _load_latest_amis_released(self):
    """moto's published values, then the versions released since (an account
    whose parameters load after a release sees it too)."""
    _load_latest_amis(self)
    with _releases_lock:
        released = list(_releases.get(self.region_name, ()))
    for name, fields, _ in released:
        dict.__getitem__(self, name).append(_ssm_version(fields, self.account_id))


ssm_models.ParameterDict._load_latest_amis = _load_latest_amis_released
_load_amis = ec2_amis.AmiBackend._load_amis


def _load_amis_released(self):
    _load_amis(self)
    with _releases_lock:
        released = list(_releases.get(self.region_name, ()))
    for _, _, image in released:
        self.amis.setdefault(image["ami_id"], ec2_amis.Ami(self, **image))


ec2_amis.AmiBackend._load_amis = _load_amis_released


def _release_ami(body):
    """POST /rehearsal/ami {"region", "arch"}: AWS releases a new Amazon Linux
    2023 image: it is registered in every account's EC2 of the region, and
    the public parameter's value becomes its ID, as a new version."""
    region, arch = body.get("region"), body.get("arch")
    if arch not in ("arm64", "x86_64"):
        raise ValueError(f"arch {arch!r}: give arm64 or x86_64")
    if set(body) - {"region", "arch"}:
        raise ValueError(f"unknown keys {sorted(set(body) - {'region', 'arch'})}")
    name = _AMI_PARAMETER.format(arch=arch)
    # The image goes under the kernel-default parameter and the 6.1 kernel's
    # (aws-cdk-lib's latestAmazonLinux2023 reads the latter), as AWS does.
    names = [name, name.replace("kernel-default", "kernel-6.1")]
    try:
        published = {n: [p for p in load_resource(ssm_models.__name__, f"resources/ami-amazon-linux-latest/{region}.json") if p["Name"] == n] for n in names}
    except (FileNotFoundError, TypeError):
        published = {}
    if not published.get(name):
        raise ValueError(f"moto publishes no {name} in region {region!r}")
    names = [n for n in names if published.get(n)]
    with _releases_lock:
        n = len([r for r in _releases.get(region, ()) if r[0] == name]) + 1
        image = {"ami_id": random_ami_id(), "name": f"al2023-ami-2023.9.rehearsal{n}-kernel-6.1-{arch}",
                 "description": f"Amazon Linux 2023 AMI rehearsal release {n} {arch} HVM kernel-6.1", "owner_id": _AMAZON,
                 "owner_alias": "amazon", "public": True, "architecture": arch, "virtualization_type": "hvm",
                 "hypervisor": "xen", "root_device_name": "/dev/xvda", "root_device_type": "ebs", "sriov": "simple"}
        released = []
        for each in names:
            mine = [r for r in _releases.get(region, ()) if r[0] == each]
            before = mine[-1][1] if mine else {"value": published[each][0]["Value"], "version": published[each][0]["Version"]}
            fields = {"name": each, "value": image["ami_id"], "version": before["version"] + 1, "date": utcnow().timestamp()}
            _releases.setdefault(region, []).append((each, fields, image))
            released.append((each, fields, before))
    for account in list(ec2_backends.keys()):
        if region in ec2_backends[account].keys():
            backend = ec2_backends[account][region]
            backend.amis.setdefault(image["ami_id"], ec2_amis.Ami(backend, **image))
    for account in list(ssm_backends.keys()):
        if region in ssm_backends[account].keys():
            parameters = ssm_backends[account][region]._parameters
            if parameters.latest_amis_loaded:  # else it loads the release with the rest
                for each, fields, _ in released:
                    dict.__getitem__(parameters, each).append(_ssm_version(fields, account))
    _, fields, previous = released[0]
    return {"region": region, "arch": arch, "parameter": name, "parameters": names, "imageId": image["ami_id"], "version": fields["version"],
            "previous": previous["value"]}


# 41. Security groups' inline rules, and updates that keep the group.
def _inline_rules(props):
    """The inline rules of an AWS::EC2::SecurityGroup's properties, as
    (direction, frozen rule) pairs, and moto's arguments for each."""
    out = []
    for direction, key, peer, prefix in (("ingress", "SecurityGroupIngress", "SourceSecurityGroupId", "SourcePrefixListId"),
                                         ("egress", "SecurityGroupEgress", "DestinationSecurityGroupId", "DestinationPrefixListId")):
        for rule in props.get(key) or []:
            ranges = [{"CidrIp": rule["CidrIp"], "Description": rule.get("Description")}] if rule.get("CidrIp") else []
            ranges += [{"CidrIpv6": rule["CidrIpv6"], "Description": rule.get("Description")}] if rule.get("CidrIpv6") else []
            groups = [{"GroupId": rule[peer], "Description": rule.get("Description")}] if rule.get(peer) else []
            lists = [{"PrefixListId": rule[prefix], "Description": rule.get("Description")}] if rule.get(prefix) else []
            args = dict(ip_protocol=str(rule["IpProtocol"]), from_port=rule.get("FromPort", -1 if str(rule["IpProtocol"]) == "-1" else None),
                        to_port=rule.get("ToPort", -1 if str(rule["IpProtocol"]) == "-1" else None),
                        ip_ranges=ranges, source_groups=groups, prefix_list_ids=lists)
            out.append(((direction, json.dumps(rule, sort_keys=True)), args))
    return out


def _apply_inline(backend, group, props, old_props=None):
    """Makes the group's inline rules those of props (from old_props'):
    the default allow-all egress goes before a first inline egress list is
    applied, and comes back after the last one is gone."""
    old = dict(_inline_rules(old_props)) if old_props is not None else {}
    new = dict(_inline_rules(props))
    had_egress, has_egress = bool((old_props or {}).get("SecurityGroupEgress")), bool(props.get("SecurityGroupEgress"))
    if has_egress and not had_egress:
        _allow_all_egress(backend, group, "revoke")
    for (direction, key), args in old.items():
        if (direction, key) not in new:
            try:
                getattr(backend, f"revoke_security_group_{direction}")(group_name_or_id=group.id, **args)
            except ServiceException as e:
                if e.code != "InvalidPermission.NotFound":
                    raise
    for (direction, key), args in new.items():
        if (direction, key) not in old:
            getattr(backend, f"authorize_security_group_{direction}")(group_name_or_id=group.id, **args)
    if had_egress and not has_egress:
        _allow_all_egress(backend, group, "authorize")


def _allow_all_egress(backend, group, verb):
    try:
        getattr(backend, f"{verb}_security_group_egress")(group_name_or_id=group.id, ip_protocol="-1", from_port=None, to_port=None,
                                                          ip_ranges=[{"CidrIp": "0.0.0.0/0"}], source_groups=[])
    except ServiceException as e:
        if e.code not in ("InvalidPermission.NotFound", "InvalidPermission.Duplicate"):
            raise


def _create_security_group(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json["Properties"]
    backend = ec2_backends[account_id][region_name]
    group = backend.create_security_group(name=resource_name, description=props.get("GroupDescription"), vpc_id=props.get("VpcId"))
    for tag in props.get("Tags") or []:
        group.add_tag(tag["Key"], tag["Value"])
    _apply_inline(backend, group, props)
    group._rh_props = copy.deepcopy(props)
    return group


def _update_security_group(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    props = cloudformation_json["Properties"]
    backend = ec2_backends[account_id][region_name]
    _apply_inline(backend, original_resource, props, getattr(original_resource, "_rh_props", {}))
    want = {t["Key"]: t["Value"] for t in props.get("Tags") or []}
    for key in [k for k in original_resource.get_tags() if k["key"] not in want]:
        backend.delete_tags([original_resource.id], {key["key"]: None})
    for k, v in want.items():
        original_resource.add_tag(k, v)
    original_resource._rh_props = copy.deepcopy(props)
    return original_resource


ec2_security_groups.SecurityGroup.create_from_cloudformation_json = classmethod(_create_security_group)
ec2_security_groups.SecurityGroup.update_from_cloudformation_json = classmethod(_update_security_group)


# 42. AWS managed keys are AWS's.
from moto.kms import models as kms_models  # noqa: E402

_create_alias = kms_models.KmsBackend.create_alias


def _create_alias_aws_managed(self, target_key_id, alias_name):
    alias = _create_alias(self, target_key_id, alias_name)
    if alias_name.startswith("alias/aws/"):
        self.keys[self.get_key_id(target_key_id)].key_manager = "AWS"
    return alias


kms_models.KmsBackend.create_alias = _create_alias_aws_managed


# 43. ModifyListener takes the protocols of network load balancers.
from moto.elbv2.exceptions import ELBClientError as RESTError  # noqa: E402

_modify_listener = elbv2_models.ELBv2Backend.modify_listener


def _modify_listener_nlb(self, arn, port=None, protocol=None, ssl_policy=None, certificates=None, actions=None):
    if protocol not in ("TLS", "UDP", "TCP_UDP"):
        return _modify_listener(self, arn, port, protocol, ssl_policy, certificates, actions)
    listener = self.describe_listeners(load_balancer_arn=None, listener_arns=[arn])[0]
    if protocol == "TLS":
        certs = certificates or []
        if not certs and not listener.certificates:
            raise RESTError("InvalidConfigurationRequest", "You must provide a list containing exactly one certificate if the listener protocol is TLS.")
        if certs:
            if not self._certificate_exists(certificate_arn=certs[0]["CertificateArn"]):
                raise RESTError("CertificateNotFound", f"Certificate {certs[0]['CertificateArn']} not found")
            listener.certificate = certs[0]["CertificateArn"]
            listener.certificates = [c["CertificateArn"] for c in certs]
    listener = _modify_listener(self, arn, port, None, ssl_policy, None, actions)
    listener.protocol = protocol
    return listener


elbv2_models.ELBv2Backend.modify_listener = _modify_listener_nlb


# 44. AWS::KMS::Key: its policy as a document, its deletion scheduled.
_create_key_cfn = kms_models.Key.create_from_cloudformation_json.__func__


def _create_key_policy_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json["Properties"]
    if isinstance(props.get("KeyPolicy"), dict):
        cloudformation_json = dict(cloudformation_json, Properties=dict(props, KeyPolicy=json.dumps(props["KeyPolicy"])))
    key = _create_key_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    key._rh_pending_days = int(props.get("PendingWindowInDays", 30))
    return key


def _delete_key_scheduled(self, account_id, region_name):
    kms_models.kms_backends[account_id][region_name].schedule_key_deletion(self.id, getattr(self, "_rh_pending_days", 30))


kms_models.Key.create_from_cloudformation_json = classmethod(_create_key_policy_json)
kms_models.Key.delete = _delete_key_scheduled


# 46. Route table associations made by CloudFormation are on the route table.
from moto.ec2.models import subnets as ec2_subnets  # noqa: E402


class _RouteTableAssociation(CloudFormationModel):
    __module__ = "moto.ec2.rehearsal"

    def __init__(self, association_id, route_table_id, subnet_id):
        self.association_id, self.route_table_id, self.subnet_id = association_id, route_table_id, subnet_id

    @staticmethod
    def cloudformation_type():
        return "AWS::EC2::SubnetRouteTableAssociation"

    @staticmethod
    def cloudformation_name_type():
        return ""

    @property
    def physical_resource_id(self):
        return self.association_id

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        backend = ec2_backends[account_id][region_name]
        association_id = backend.associate_route_table(p["RouteTableId"], subnet_id=p["SubnetId"])
        return cls(association_id, p["RouteTableId"], p["SubnetId"])

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        backend = ec2_backends[account_id][region_name]
        for table in backend.route_tables.values():
            table._associations.pop(resource_name, None)


# moto finds models through __subclasses__: its own model gives way to this one.
ec2_subnets.SubnetRouteTableAssociation.cloudformation_type = staticmethod(lambda: "AWS::EC2::SubnetRouteTableAssociation (moto's, replaced by 46)")
ROUTE_TABLE_MODELS = [_RouteTableAssociation]


# 47. AWS WAF in CloudFormation, on moto's wafv2 backend.
from moto.wafv2 import models as wafv2_models  # noqa: E402
from moto.wafv2.exceptions import WAFNonexistentItemException, WAFv2ClientError  # noqa: E402
from moto.logs import models as logs_models  # noqa: E402


class WAFAssociatedItemException(WAFv2ClientError):
    def __init__(self):
        super().__init__("WAFAssociatedItemException", "AWS WAF couldn't perform the operation because your resource is being used by another resource or it's associated with another resource.")


class WAFInvalidParameterException(WAFv2ClientError):
    def __init__(self, message):
        super().__init__("WAFInvalidParameterException", message)


def _waf(account_id, region_name):
    return wafv2_models.wafv2_backends[account_id][region_name]


def _waf_model(cfn_type, name_property, create, delete, attrs, update=None):
    """A CloudFormation model over moto's wafv2 backend: create(backend,
    props, name, account_id, region_name) returns the object and its
    physical ID."""
    return _cfn_model("moto.wafv2.rehearsal", _waf, cfn_type, name_property, create, delete, attrs, update)


def _new_web_acl(b, p, name, account_id, region_name):
    acl = b.create_web_acl(name=p.get("Name") or name, visibility_config=p["VisibilityConfig"], default_action=p["DefaultAction"],
                           scope=p["Scope"], description=p.get("Description"), tags=p.get("Tags") or [], rules=p.get("Rules") or [],
                           association_config=p.get("AssociationConfig"), captcha_config=p.get("CaptchaConfig"),
                           challenge_config=p.get("ChallengeConfig"), custom_response_bodies=p.get("CustomResponseBodies"),
                           token_domains=p.get("TokenDomains"))
    return acl, f"{acl.name}|{acl.id}|{p['Scope']}"


def _find_web_acl(b, physical_id):
    name, _id, _scope = physical_id.split("|")
    for acl in b.wacls.values():
        if acl.id == _id and acl.name == name:
            return acl
    return None


def _delete_web_acl(b, physical_id, p):
    acl = _find_web_acl(b, physical_id)
    if acl is None:
        return
    if acl.associated_resources:
        raise WAFAssociatedItemException()
    b.wacls.pop(acl.arn)


def _update_web_acl(b, acl, p):
    b.update_web_acl(name=acl.name, _id=acl.id, default_action=p["DefaultAction"], rules=p.get("Rules") or [],
                     description=p.get("Description"), visibility_config=p["VisibilityConfig"], lock_token=acl.lock_token,
                     custom_response_bodies=p.get("CustomResponseBodies"), captcha_config=p.get("CaptchaConfig"),
                     challenge_config=p.get("ChallengeConfig"), token_domains=p.get("TokenDomains"),
                     association_config=p.get("AssociationConfig"))


def _new_association(b, p, name, account_id, region_name):
    acl_arn, resource = p["WebACLArn"], p["ResourceArn"]
    if acl_arn not in b.wacls:
        raise WAFNonexistentItemException()
    arns = {lb.arn for lb in elbv2_models.elbv2_backends[account_id][region_name].load_balancers.values() if lb.type == "application"}
    if resource.split(":")[2] == "elasticloadbalancing" and resource not in arns:
        raise WAFNonexistentItemException()
    b.associate_web_acl(acl_arn, resource)
    return p, f"{acl_arn}|{resource}"


def _delete_association(b, physical_id, p):
    b.disassociate_web_acl(physical_id.split("|", 1)[1])


def _check_log_destination(p, account_id, region_name):
    dests = p.get("LogDestinationConfigs") or []
    if len(dests) != 1:
        raise WAFInvalidParameterException(f"LogDestinationConfigs: {len(dests)} destinations; a web ACL logs to exactly one")
    arn = dests[0]
    parts = arn.split(":")
    if len(parts) >= 6 and parts[2] == "logs":
        if arn.endswith(":*") or len(parts) != 7 or parts[5] != "log-group":
            raise WAFInvalidParameterException(f"The ARN isn't valid. A valid ARN begins with arn: and includes other information separated by colons or slashes. ({arn})")
        group = parts[6]
        if not group.startswith("aws-waf-logs-"):
            raise WAFInvalidParameterException(f"Error reason: The log group name must start with aws-waf-logs-, field: LOG_DESTINATION, parameter: {arn}")
        if group not in logs_models.logs_backends[account_id][region_name].groups:
            raise WAFNonexistentItemException()


def _new_logging(b, p, name, account_id, region_name):
    _check_log_destination(p, account_id, region_name)
    if p["ResourceArn"] not in b.wacls:
        raise WAFNonexistentItemException()
    cfg = b.put_logging_configuration(p["ResourceArn"], p["LogDestinationConfigs"], p.get("RedactedFields"), False, p.get("LoggingFilter"))
    cfg.__dict__["_rh_region"] = (account_id, region_name)
    return cfg, p["ResourceArn"]


def _update_logging(b, cfg, p):
    _check_log_destination(p, *cfg.__dict__["_rh_region"])
    b.put_logging_configuration(p["ResourceArn"], p["LogDestinationConfigs"], p.get("RedactedFields"), False, p.get("LoggingFilter"))


def _delete_logging(b, physical_id, p):
    b.logging_configurations.pop(physical_id, None)


# Kept here: moto finds models through __subclasses__, which holds them weakly.
WAF_MODELS = [
    _waf_model("AWS::WAFv2::WebACL", "Name", _new_web_acl, _delete_web_acl,
               {"Arn": lambda m: m.obj.arn, "Id": lambda m: m.obj.id, "Capacity": lambda m: 0,
                "LabelNamespace": lambda m: m.obj.label_namespace}, _update_web_acl),
    _waf_model("AWS::WAFv2::WebACLAssociation", "", _new_association, _delete_association, {}),
    _waf_model("AWS::WAFv2::LoggingConfiguration", "", _new_logging, _delete_logging,
               {"ManagedByFirewallManager": lambda m: False}, _update_logging),
]


# 49. CloudWatch alarms in CloudFormation, on moto's cloudwatch backend.
from moto.cloudwatch import models as cw_models  # noqa: E402


def _alarm_args(p):
    """PutMetricAlarm's arguments from AWS::CloudWatch::Alarm's properties,
    the metric-math queries (Metrics) as moto's PutMetricAlarm builds them."""
    queries = None
    if p.get("Metrics"):
        queries = []
        for q in p["Metrics"]:
            stat = q.get("MetricStat")
            metric_stat = None
            if stat:
                m = stat.get("Metric") or {}
                metric_stat = cw_models.MetricStat(
                    metric=cw_models.Metric(metric_name=m.get("MetricName"), namespace=m.get("Namespace"),
                                            dimensions=[cw_models.Dimension(name=d["Name"], value=d["Value"]) for d in m.get("Dimensions") or []]),
                    period=stat.get("Period"), stat=stat.get("Stat"), unit=stat.get("Unit"))
            queries.append(cw_models.MetricDataQuery(query_id=q.get("Id"), label=q.get("Label"), period=q.get("Period"),
                                                     return_data=q.get("ReturnData"), expression=q.get("Expression"), metric_stat=metric_stat))
    return dict(namespace=p.get("Namespace"), metric_name=p.get("MetricName"), comparison_operator=p.get("ComparisonOperator"),
                evaluation_periods=p.get("EvaluationPeriods"), period=p.get("Period"), threshold=p.get("Threshold"),
                statistic=p.get("Statistic"), description=p.get("AlarmDescription"), dimensions=p.get("Dimensions") or [],
                alarm_actions=p.get("AlarmActions") or [], metric_data_queries=queries, datapoints_to_alarm=p.get("DatapointsToAlarm"),
                extended_statistic=p.get("ExtendedStatistic"), ok_actions=p.get("OKActions") or [],
                insufficient_data_actions=p.get("InsufficientDataActions") or [], unit=p.get("Unit"),
                actions_enabled=p.get("ActionsEnabled", True) not in (False, "false"), treat_missing_data=p.get("TreatMissingData"),
                evaluate_low_sample_count_percentile=p.get("EvaluateLowSampleCountPercentile"), threshold_metric_id=p.get("ThresholdMetricId"))


class _Alarm(CloudFormationModel):
    """49: AWS::CloudWatch::Alarm made with PutMetricAlarm; Ref is its
    name, Fn::GetAtt Arn its ARN; an update puts it again under its name."""

    __module__ = "moto.cloudwatch.rehearsal"

    def __init__(self, alarm):
        self.alarm = alarm

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudWatch::Alarm"

    @staticmethod
    def cloudformation_name_type():
        return "AlarmName"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json.get("Properties") or {}
        backend = cw_models.cloudwatch_backends[account_id][region_name]
        return cls(backend.put_metric_alarm(name=p.get("AlarmName") or resource_name, **_alarm_args(p)))

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        p = cloudformation_json.get("Properties") or {}
        backend = cw_models.cloudwatch_backends[account_id][region_name]
        return cls(backend.put_metric_alarm(name=original_resource.alarm.name, **_alarm_args(p)))

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        cw_models.cloudwatch_backends[account_id][region_name].delete_alarms([resource_name])

    @property
    def physical_resource_id(self):
        return self.alarm.name

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name):
        if attribute_name != "Arn":
            raise parsing.UnformattedGetAttTemplateException()
        return self.alarm.alarm_arn



# 49 (the alarms' dimensions): a load balancer's LoadBalancerFullName
# (app/name/id, net/name/id) and a target group's TargetGroupFullName
# (targetgroup/name/id), the final portions of their ARNs, which moto left
# unanswered.
_lb_attribute = elbv2_models.FakeLoadBalancer.get_cfn_attribute
_lb_has_attr = elbv2_models.FakeLoadBalancer.has_cfn_attr.__func__


def _lb_attribute_49(self, attribute_name):
    if attribute_name == "LoadBalancerFullName":
        return self.arn.split(":loadbalancer/", 1)[1]
    return _lb_attribute(self, attribute_name)


def _tg_attribute_49(self, attribute_name):
    attrs = {"TargetGroupFullName": lambda: self.arn.split(":", 5)[5], "TargetGroupName": lambda: self.name,
             "TargetGroupArn": lambda: self.arn, "LoadBalancerArns": lambda: list(self.load_balancer_arns)}
    if attribute_name not in attrs:
        raise parsing.UnformattedGetAttTemplateException()
    return attrs[attribute_name]()


elbv2_models.FakeLoadBalancer.get_cfn_attribute = _lb_attribute_49
elbv2_models.FakeLoadBalancer.has_cfn_attr = classmethod(lambda cls, attr: attr == "LoadBalancerFullName" or _lb_has_attr(cls, attr))
elbv2_models.FakeTargetGroup.get_cfn_attribute = _tg_attribute_49
elbv2_models.FakeTargetGroup.has_cfn_attr = classmethod(lambda cls, attr: attr in ("TargetGroupFullName", "TargetGroupName", "TargetGroupArn", "LoadBalancerArns"))

# 49 (the same): a network load balancer's ARN is loadbalancer/net/name/id
# (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html,
# "net/my-load-balancer/50dc6c495c0c9188"); moto wrote app/ for every type,
# and its listeners' ARNs, which the provider's alarms split, followed.
_create_lb_49 = elbv2_models.ELBv2Backend.create_load_balancer


def _create_load_balancer_49(self, *args, **kwargs):
    lb = _create_lb_49(self, *args, **kwargs)
    if lb.type == "network" and ":loadbalancer/app/" in lb.arn:
        old = lb.arn
        lb.arn = old.replace(":loadbalancer/app/", ":loadbalancer/net/", 1)
        self.load_balancers = type(self.load_balancers)((lb.arn if k == old else k, v) for k, v in self.load_balancers.items())
        if old in self.tagging_service.tags:
            self.tagging_service.tags[lb.arn] = self.tagging_service.tags.pop(old)
    return lb


elbv2_models.ELBv2Backend.create_load_balancer = _create_load_balancer_49

# 49 (the same): a target group that a modified listener now forwards to
# lists that listener's load balancer in LoadBalancerArns, as one a new
# listener or rule forwards to does
# (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroup.html:
# "The Amazon Resource Name (ARN) of the load balancer that routes traffic
# to this target group"); moto's ModifyListener left it out, so a target
# group replaced by an update (todo's new port) was on no load balancer.
_modify_listener_49 = elbv2_models.ELBv2Backend.modify_listener


def _modify_listener_lists_lb(self, arn, *args, **kwargs):
    listener = _modify_listener_49(self, arn, *args, **kwargs)
    for action in listener.default_actions:
        if action.type == "forward":
            for tg_arn in self._get_target_group_arns_from(action_data=action.data):
                tg = self.target_groups.get(tg_arn)
                if tg is not None and listener.load_balancer_arn not in tg.load_balancer_arns:
                    tg.load_balancer_arns.append(listener.load_balancer_arn)
    return listener


elbv2_models.ELBv2Backend.modify_listener = _modify_listener_lists_lb

# 49 (the same), for a listener rule: a target group that a modified rule
# now forwards to lists the rule's load balancer, as one a new rule forwards
# to does; moto's ModifyRule left it out, so the alb shape's todo, whose
# target group an update replaced, was on no load balancer.
_modify_rule_49 = elbv2_models.ELBv2Backend.modify_rule


def _modify_rule_lists_lb(self, rule_arn, conditions, actions):
    rule = _modify_rule_49(self, rule_arn, conditions, actions)
    listener = self.describe_listeners(load_balancer_arn=None, listener_arns=[rule.listener_arn])[0]
    for action in rule.actions:
        if action.type == "forward":
            for tg_arn in self._get_target_group_arns_from(action_data=action.data):
                tg = self.target_groups.get(tg_arn)
                if tg is not None and listener.load_balancer_arn not in tg.load_balancer_arns:
                    tg.load_balancer_arns.append(listener.load_balancer_arn)
    return rule


elbv2_models.ELBv2Backend.modify_rule = _modify_rule_lists_lb

ALARM_MODELS = [_Alarm]


# 50. CloudWatch Synthetics canaries in CloudFormation, on moto's synthetics
# backend (moto has CreateCanary, GetCanary and DescribeCanaries, but no
# AWS::Synthetics::Canary model: CloudFormation made nothing). What AWS
# checks on create and update that moto does not:
# https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CreateCanary.html
# (the execution role must exist and trust lambda.amazonaws.com: "The role
# must also have the following permissions... be assumable by Lambda";
# the artifacts bucket must exist),
# https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryRunConfigInput.html
# (TimeoutInSeconds 3 to 840, and "you can't set this time to be longer
# than the frequency of the runs of this canary"; MemoryInMB 960 to 3008 in
# multiples of 64), retention periods 1 to 1024 days. The strings (name,
# schedule, handler) are test/awsrules' rows (36). A canary whose
# StartCanaryAfterCreation is true is RUNNING, else READY; deleting the
# stack deletes it (CloudFormation stops it first).
from moto.s3 import models as s3_models  # noqa: E402
from moto.synthetics import models as synthetics_models  # noqa: E402

_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours)\)")


def _canary_refusal(account_id, p):
    """The first rule of CreateCanary p breaks, as Synthetics words it, or None."""
    role_arn = p.get("ExecutionRoleArn") or ""
    try:
        role = iam_backends[account_id]["aws"].get_role(role_arn.split("/")[-1])
    except ServiceException:
        return f"The role {role_arn} does not exist"
    trust = _document(role.assume_role_policy_document)
    statements = trust.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    services = []
    for st in statements:
        principal = (st.get("Principal") or {}) if st.get("Effect") == "Allow" else {}
        svc = principal.get("Service") if isinstance(principal, dict) else None
        services += svc if isinstance(svc, list) else [svc]
    if "lambda.amazonaws.com" not in services:
        return f"The role {role_arn} cannot be assumed by lambda.amazonaws.com"
    location = p.get("ArtifactS3Location") or ""
    bucket = location[len("s3://"):].split("/", 1)[0] if location.startswith("s3://") else None
    if not bucket or bucket not in s3_models.s3_backends[account_id]["aws"].buckets:
        return f"ArtifactS3Location {location}: no such bucket"
    run = p.get("RunConfig") or {}
    timeout = run.get("TimeoutInSeconds")
    if timeout is not None:
        m = _RATE.fullmatch((p.get("Schedule") or {}).get("Expression") or "")
        every = int(m.group(1)) * (3600 if m.group(2).startswith("hour") else 60) if m else None
        if not 3 <= int(timeout) <= 840:
            return f"TimeoutInSeconds {timeout}: must be between 3 and 840"
        if every and int(timeout) > every:
            return f"TimeoutInSeconds {timeout} is longer than the frequency of the runs of this canary ({every} seconds)"
    memory = run.get("MemoryInMB")
    if memory is not None and not (960 <= int(memory) <= 3008 and int(memory) % 64 == 0):
        return f"MemoryInMB {memory}: must be a multiple of 64 from 960 to 3008"
    for key in ("SuccessRetentionPeriod", "FailureRetentionPeriod"):
        if p.get(key) is not None and not 1 <= int(p[key]) <= 1024:
            return f"{key} {p[key]}: must be between 1 and 1024 days"
    return None


def _canary_fields(p):
    run = dict(p.get("RunConfig") or {})
    return dict(code=p.get("Code") or {}, artifact_s3_location=p.get("ArtifactS3Location"), execution_role_arn=p.get("ExecutionRoleArn"),
                schedule=p.get("Schedule") or {}, run_config=run,
                success_retention_period_in_days=int(p.get("SuccessRetentionPeriod") or 31),
                failure_retention_period_in_days=int(p.get("FailureRetentionPeriod") or 31),
                runtime_version=p.get("RuntimeVersion"), vpc_config=p.get("VPCConfig"), resources_to_replicate_tags=p.get("ResourcesToReplicateTags"),
                provisioned_resource_cleanup=p.get("ProvisionedResourceCleanup"), browser_configs=p.get("BrowserConfigs"),
                artifact_config=p.get("ArtifactConfig"))


def _new_canary(b, p, name, account_id, region_name):
    refusal = _canary_refusal(account_id, p)
    if refusal:
        raise ServiceException("ValidationException", refusal)
    canary_name = p.get("Name") or name
    if canary_name in b.canaries:
        raise ServiceException("ConflictException", f"A canary with the name {canary_name} already exists")
    canary = b.create_canary(name=canary_name, tags={t["Key"]: t["Value"] for t in p.get("Tags") or []}, **_canary_fields(p))
    canary.state = "RUNNING" if p.get("StartCanaryAfterCreation") in (True, "true") else "READY"
    return canary, canary.name


def _update_canary(b, canary, p):
    refusal = _canary_refusal(b.account_id, p)
    if refusal:
        raise ServiceException("ValidationException", refusal)
    for k, v in _canary_fields(p).items():
        setattr(canary, k, v)


def _delete_canary(b, name, p):
    b.canaries.pop(name, None)


# 51. Connection notifications of endpoint services. moto has neither the
# API nor an AWS::EC2::VPCEndpointConnectionNotification model: CloudFormation
# skipped it, so a topic PrivateLink could not publish to deployed anyway.
# AWS, https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html
# ("Create an SNS notification": the topic's access policy must let
# vpce.amazonaws.com publish, and an encrypted topic's key policy must let
# it use the key, kms:GenerateDataKey* and kms:Decrypt; an AWS managed key's
# policy cannot), and
# https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointConnectionNotification.html
# (ConnectionEvents: Accept, Connect, Delete, Reject; the service must
# exist). The model refuses what AWS refuses, and
# DescribeVpcEndpointConnectionNotifications lists what was made.
from moto.ec2.responses.vpc_service_configuration import VPCEndpointServiceConfiguration  # noqa: E402
from moto.sns import models as sns_models  # noqa: E402

_NOTIFICATIONS = {}  # (account, region) -> {id: description}


def _service_allowed(doc, service, action, account):
    """Whether the resource policy doc lets the AWS service principal do
    action for a caller in account, over TLS: an Allow naming the service
    (or *) whose conditions hold, and no Deny that applies."""
    context = {"aws:SourceAccount": account, "aws:SecureTransport": "true"}
    ops = dict(_CONDITIONS, Bool=lambda want, got: str(want).lower() == str(got).lower())
    allowed = False
    for st in _statements(doc):
        if not any(_matches(a, action, case=False) for a in _listed(st.get("Action", []))):
            continue
        principal = st.get("Principal", {})
        named = principal == "*" or (isinstance(principal, dict) and (service in _listed(principal.get("Service", [])) or "*" in _listed(principal.get("AWS", []))))
        if not named:
            continue
        holds = all(any(ops[op](w, context.get(key)) for w in _listed(want))
                    for op, keys in (st.get("Condition") or {}).items() if op in ops for key, want in keys.items())
        if st.get("Effect") == "Deny" and holds:
            return False
        allowed = allowed or (st.get("Effect") == "Allow" and holds)
    return allowed


def _notification_refusal(account_id, region_name, p):
    service_id = p.get("ServiceId")
    if service_id not in ec2_backends[account_id][region_name].configurations:
        return "InvalidVpcEndpointServiceId.NotFound", f"The Vpc Endpoint Service Id '{service_id}' does not exist"
    # ConnectionEvents outside Accept, Connect, Delete, Reject: 36's row.
    arn = p.get("ConnectionNotificationArn") or ""
    try:
        topic = sns_models.sns_backends[account_id][region_name].get_topic(arn)
    except Exception:  # noqa: BLE001 - moto raises its own NotFound
        return "InvalidParameter", f"ConnectionNotificationArn {arn}: no such SNS topic"
    if not _service_allowed(topic._policy_json, "vpce.amazonaws.com", "sns:Publish", account_id):
        return "InvalidParameter", f"The SNS topic {arn} does not let vpce.amazonaws.com publish (its access policy)"
    key_id = topic.kms_master_key_id
    if key_id:
        kms = kms_models.kms_backends[account_id][region_name]
        if "alias/aws/" in key_id:
            return "InvalidParameter", f"The SNS topic {arn} is encrypted with an AWS managed key ({key_id}), whose policy cannot admit vpce.amazonaws.com"
        try:
            key = kms.describe_key(kms.any_id_to_key_id(key_id))
        except Exception:  # noqa: BLE001
            return "InvalidParameter", f"The SNS topic {arn}'s key {key_id} does not exist"
        doc = _document(key.policy)
        for action in ("kms:GenerateDataKey", "kms:Decrypt"):
            if not _service_allowed(doc, "vpce.amazonaws.com", action, account_id):
                return "InvalidParameter", f"The key {key_id} of SNS topic {arn} does not let vpce.amazonaws.com call {action} (its key policy)"
    return None


# 51: AWS::EC2::VPCEndpointConnectionNotification, refused as EC2 refuses
# it; Ref is its ID. Its "backend" is the (account, region) key of
# _NOTIFICATIONS, where DescribeVpcEndpointConnectionNotifications reads.
def _refuse_notification(where, p):
    refused = _notification_refusal(*where, p)
    if refused:
        raise ServiceException(*refused)


def _create_notification(where, p, _name, _account_id, _region_name):
    _refuse_notification(where, p)
    nid = "vpce-nfn-" + uuid.uuid4().hex[:17]
    _NOTIFICATIONS.setdefault(where, {})[nid] = {
        "ConnectionNotificationId": nid, "ServiceId": p["ServiceId"], "ConnectionNotificationType": "Topic",
        "ConnectionNotificationArn": p["ConnectionNotificationArn"], "ConnectionEvents": list(p["ConnectionEvents"]),
        "ConnectionNotificationState": "Enabled"}
    return _NOTIFICATIONS[where][nid], nid


def _update_notification(where, notification, p):
    _refuse_notification(where, p)
    notification.update(ConnectionNotificationArn=p["ConnectionNotificationArn"], ConnectionEvents=list(p["ConnectionEvents"]))


def _delete_notification(where, nid, _p):
    _NOTIFICATIONS.get(where, {}).pop(nid, None)


# 51 (the same): AWS::SNS::TopicPolicy sets the access policy of its topics
# (moto skipped it, so no topic had the policy its template wrote), and
# deleting it gives them back SNS's default policy.
def _sns(account_id, region_name):
    return sns_models.sns_backends[account_id][region_name]


def _set_topic_policy(b, p, name, account_id, region_name):
    for arn in p.get("Topics") or []:
        b.get_topic(arn)._policy_json = _document(p["PolicyDocument"])
    return dict(p), f"{name}-{uuid.uuid4().hex[:12]}"


def _reset_topic_policy(b, physical_id, p):
    for arn in p.get("Topics") or []:
        try:
            topic = b.get_topic(arn)
        except Exception:  # noqa: BLE001 - the topic went first
            continue
        topic._policy_json = topic._create_default_topic_policy(b.region_name, b.account_id, topic.name)


def _update_topic_policy(b, old, p):
    _reset_topic_policy(b, None, old)
    _set_topic_policy(b, p, "", b.account_id, b.region_name)
    old.clear()
    old.update(p)


TOPIC_POLICY_MODELS = [_cfn_model("moto.sns.rehearsal", _sns, "AWS::SNS::TopicPolicy", "", _set_topic_policy, _reset_topic_policy, {}, _update_topic_policy)]


def _describe_connection_notifications(self):
    found = list(_NOTIFICATIONS.get((self.current_account, self.region), {}).values())
    wanted = self._get_param("ConnectionNotificationId")
    if wanted:
        found = [n for n in found if n["ConnectionNotificationId"] == wanted]
    return ActionResult({"ConnectionNotificationSet": found})


VPCEndpointServiceConfiguration.describe_vpc_endpoint_connection_notifications = _describe_connection_notifications
NOTIFICATION_MODELS = [_cfn_model("moto.ec2.rehearsal", lambda a, r: (a, r), "AWS::EC2::VPCEndpointConnectionNotification", "",
                                  _create_notification, _delete_notification, {}, _update_notification)]


# 52. CloudFormation StackSets, service-managed, in CloudFormation. moto has
# the StackSets API (service-managed instances in an OU's accounts) but no
# AWS::CloudFormation::StackSet model, and no automatic deployment. The
# model creates the stack set and its instances in the OUs' accounts; it is
# refused as AWS refuses it
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-enable-trusted-access.html,
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html):
# without trusted access for StackSets in the organization, from an account
# that is neither the management account (CallAs SELF) nor a registered
# delegated administrator (CallAs DELEGATED_ADMIN), or to an OU the
# organization does not have. An instance that fails (its endpoint refused,
# say) fails the operation, as it does past FailureTolerance. With
# AutoDeployment, an account moved into a target OU gets its instance, and
# one moved out or removed from the organization loses it
# (RetainStacksOnAccountRemoval false): MoveAccount and
# RemoveAccountFromOrganization do that here, as StackSets does on AWS.
from moto.cloudformation import models as cfn_models  # noqa: E402
from moto.organizations import models as org_models  # noqa: E402

_STACKSETS_PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com"


def _org_backend(account_id):
    """The organizations backend of account_id's organization, or None."""
    own = org_models.organizations_backends[account_id]["aws"]
    if own.org:
        return own
    master = org_models.organizations_backends.master_accounts.get(account_id)
    return org_models.organizations_backends[master[0]][master[1]] if master else None


def _stackset_refusal(account_id, p):
    org = _org_backend(account_id)
    if p.get("PermissionModel") != "SERVICE_MANAGED":
        return None
    if org is None:
        return "ValidationError", f"Account {account_id} is not in an organization: a SERVICE_MANAGED stack set targets the accounts of its OUs"
    if not any(svc["ServicePrincipal"] == _STACKSETS_PRINCIPAL for svc in org.services):
        return "ValidationError", "You must enable organizations access to operate a service managed stack set"
    call_as = p.get("CallAs") or "SELF"
    if call_as == "SELF" and org.org.master_account_id != account_id:
        return "ValidationError", f"Account {account_id} is not the management account of the organization; CallAs SELF needs it (or CallAs DELEGATED_ADMIN from a delegated administrator)"
    if call_as == "DELEGATED_ADMIN" and not any(a.account.id == account_id and _STACKSETS_PRINCIPAL in a.services for a in org.admins):
        return "ValidationError", f"Account {account_id} is not registered as a delegated administrator of {_STACKSETS_PRINCIPAL}"
    ous = {ou.id for ou in org.ou}
    for group in p.get("StackInstancesGroup") or []:
        for ou in (group.get("DeploymentTargets") or {}).get("OrganizationalUnitIds") or []:
            if ou not in ous:
                return "ValidationError", f"OrganizationalUnitId {ou} does not exist in the organization"
    return None


def _cfn_backend(account_id, region_name):
    return cfn_models.cloudformation_backends[account_id][region_name]


class _StackSet:
    """A stack set as the model keeps it: moto's (for DescribeStackSet) and
    its instances, each a stack StackSet-<name>-<id> in its account, made
    with CreateStack there, as StackSets does."""

    def __init__(self, moto_set, owner, region, params, template, ous, regions, auto, retain):
        self.moto, self.owner, self.region, self.params, self.template = moto_set, owner, region, params, template
        self.ous, self.regions, self.auto, self.retain = ous, regions, auto, retain
        self.instances = {}  # (account, region) -> stack name

    def deploy(self, account, region):
        name = f"StackSet-{self.moto.name}-{uuid.uuid4()}"
        stack = _cfn_backend(account, region).create_stack(name=name, template=self.template, parameters=dict(self.params))
        if stack.status != "CREATE_COMPLETE":
            _cfn_backend(account, region).delete_stack(stack.stack_id)
            raise ServiceException("ValidationError", f"Stack set {self.moto.name}: its instance in account {account}, {region} failed: {stack.status_reason}")
        self.instances[(account, region)] = stack.stack_id

    def remove(self, account, region):
        stack_id = self.instances.pop((account, region), None)
        if stack_id:
            _cfn_backend(account, region).delete_stack(stack_id)


_STACKSET_LIST = []


def _new_stackset(b, p, name, account_id, region_name):
    refused = _stackset_refusal(account_id, p)
    if refused:
        raise ServiceException(*refused)
    params = {q["ParameterKey"]: q["ParameterValue"] for q in p.get("Parameters") or []}
    set_name = p.get("StackSetName") or name
    moto_set = b.create_stack_set(name=set_name, template=p["TemplateBody"], parameters=params, tags={t["Key"]: t["Value"] for t in p.get("Tags") or []},
                                  permission_model=p.get("PermissionModel"), admin_role=None, exec_role=None, description=p.get("Description"))
    auto = p.get("AutoDeployment") or {}
    ous, regions = set(), []
    for group in p.get("StackInstancesGroup") or []:
        ous |= set((group.get("DeploymentTargets") or {}).get("OrganizationalUnitIds") or [])
        regions += [r for r in group["Regions"] if r not in regions]
    ss = _StackSet(moto_set, account_id, region_name, params, p["TemplateBody"], ous, regions,
                   auto.get("Enabled") in (True, "true"), auto.get("RetainStacksOnAccountRemoval") in (True, "true"))
    org = _org_backend(account_id)
    try:
        for account in (org.accounts if org else []):
            if account.parent_id in ous:
                for region in regions:
                    ss.deploy(account.id, region)
    except ServiceException:
        for account, region in list(ss.instances):
            ss.remove(account, region)
        moto_set.delete()
        raise
    _STACKSET_LIST.append(ss)
    return ss, set_name


def _delete_stackset(b, name, p):
    for ss in [x for x in _STACKSET_LIST if x.owner == b.account_id and x.moto.name == name]:
        for account, region in list(ss.instances):
            ss.remove(account, region)
        ss.moto.delete()
        _STACKSET_LIST.remove(ss)


def _auto_deploy(org, account_id, old_parent, new_parent):
    """StackSets' automatic deployment: an account that moves into a target
    OU gets an instance, one that moves out (or leaves the organization)
    loses it, unless retained."""
    for ss in _STACKSET_LIST:
        if not ss.auto:
            continue
        has = [k for k in ss.instances if k[0] == account_id]
        if new_parent in ss.ous and not has:
            for region in ss.regions:
                ss.deploy(account_id, region)
        elif old_parent in ss.ous and new_parent not in ss.ous and not ss.retain:
            for account, region in has:
                ss.remove(account, region)


_move_account_52 = org_models.OrganizationsBackend.move_account


def _move_account_deploying(self, **kwargs):
    account = self.get_account_by_id(kwargs["AccountId"])
    old = account.parent_id
    _move_account_52(self, **kwargs)
    _auto_deploy(self, kwargs["AccountId"], old, kwargs["DestinationParentId"])


_remove_account_52 = org_models.OrganizationsBackend.remove_account_from_organization


def _remove_account_undeploying(self, **kwargs):
    account = self.get_account_by_id(kwargs["AccountId"])
    old = account.parent_id
    _remove_account_52(self, **kwargs)
    _auto_deploy(self, kwargs["AccountId"], old, None)


org_models.OrganizationsBackend.move_account = _move_account_deploying
org_models.OrganizationsBackend.remove_account_from_organization = _remove_account_undeploying

STACKSET_MODELS = [_cfn_model("moto.cloudformation.rehearsal", _cfn_backend, "AWS::CloudFormation::StackSet", "StackSetName",
                              _new_stackset, _delete_stackset, {"StackSetId": lambda m: m.obj.moto.id})]


CANARY_MODELS = [
    _cfn_model("moto.synthetics.rehearsal", lambda a, r: synthetics_models.synthetics_backends[a][r], "AWS::Synthetics::Canary", "Name",
               _new_canary, _delete_canary, {"Id": lambda m: m.obj.id, "State": lambda m: m.obj.state}, _update_canary),
]


# The rehearsal's hooks besides 28's /rehearsal/fail: POST only, a JSON
# object in, a JSON object out; a ValueError is a 400.
_HOOKS = {"/rehearsal/delegate": _delegate, "/rehearsal/ami": _release_ami}


def _serve_hook(hook, environ, answer, start_response):
    if environ.get("REQUEST_METHOD") != "POST":
        return answer(start_response, "405 Method Not Allowed", {"error": "use POST"})
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        if not isinstance(body, dict):
            raise ValueError("want a JSON object")
        return answer(start_response, "200 OK", hook(body))
    except ValueError as e:
        return answer(start_response, "400 Bad Request", {"error": str(e)})


def _serve(port):
    """moto_server's main, with the rehearsal's endpoint (28) in front."""
    import os
    import signal

    from werkzeug.serving import run_simple
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    os.environ.setdefault("MOTO_PORT", str(port))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    app.debug = True
    run_simple("127.0.0.1", port, _rehearsal_endpoint(app), threaded=True)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))

