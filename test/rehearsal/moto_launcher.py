"""Starts moto_server with the corrections the deploy rehearsal needs.

moto 5.2.1 emulates CloudFormation and the services behind it well enough to
deploy this project's stacks, except for the things below, each corrected
here in one small, numbered place and nowhere else. Most are gaps (a
resource type or attribute moto does not model); 1, 6, 9, 10, 11, 12, 21, 22 and 26
are bugs in what it does model, and 16 is the IAM evaluation moto lacks.

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
4. It runs custom resources by invoking their Lambda function, which needs
   Docker. The SDK calls of Custom::AWS (CDK's AwsCustomResource) that this
   project makes are made on moto's backends instead, after the call is
   checked against the policies of the function's own role (section 16);
   a call the launcher does not know fails the deploy.

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
   for after removing its previous change set before deploying again.
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
    policies not at all.
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
22. Updating a stack with an SSM-typed parameter (the CDK's bootstrap
    version, the EC2 image) crashes: the value sent back with
    UsePreviousValue is the resolved one (10), which moto looks up as a
    parameter name. A value that is not a parameter path is taken as
    resolved; a path that does not exist is an error naming it.
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

Usage: python3 moto_launcher.py PORT
"""

import fnmatch
import json
import logging
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
    return backend.create_load_balancer(
        resource_name,
        props.get("SecurityGroups") or [],
        props.get("Subnets") or [],
        scheme=props.get("Scheme", "internet-facing"),
        loadbalancer_type=props.get("Type", "application"),
    )


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


def _apply_with_outputs(self):
    # The execution role the CLI passed (RoleARN); moto keeps only the one
    # the stack was created with.
    self.stack.role_arn = self.role_arn or self.stack.role_arn
    with _as_caller(self.stack.role_arn), _loudly(f"executing the change set of {self.stack_name}"):
        _apply_change_set(self)
    self.stack.template = self.template
    self.stack._parse_template()
    self.stack.output_map = self.stack._create_output_map()


cfn_models.ChangeSet.apply = _apply_with_outputs
_delete_stack = cfn_models.Stack.delete


def _delete_as_caller(self):
    with _as_caller(self.role_arn), _loudly(f"deleting {self.name}"):
        _delete_stack(self)


cfn_models.Stack.delete = _delete_as_caller


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


_describe_change_set = cfn_models.CloudFormationBackend.describe_change_set


def _describe_change_set_or_not_found(self, change_set_name, *args, **kwargs):
    known = change_set_name in self.change_sets or any(
        cs.change_set_name == change_set_name for cs in self.change_sets.values())
    if not known:
        raise ChangeSetNotFound(f"ChangeSet [{change_set_name}] does not exist")
    return _describe_change_set(self, change_set_name, *args, **kwargs)


cfn_models.CloudFormationBackend.describe_change_set = _describe_change_set_or_not_found


# 10. Previous values are unchanged values.
def _has_parameters(self, other):
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
    role_arn = spec.get("RoleArn")
    if not role_arn:
        raise CfnValidationError(message=f"{what}: no RoleArn")
    account, role_name = role_arn.split(":")[4], role_arn.split("/")[-1]
    try:
        role = iam_backends[account]["aws"].get_role(role_name)  # moto: "Role <name> not found"
        trust = _document(role.assume_role_policy_document)
        denied = trust_refusal(trust, caller)
        if denied:
            raise CfnValidationError(message=f"{what}: {caller} may not assume {role_arn}: {denied}")
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
        return _get_stack_output(_clean_json(resource_json["Fn::GetStackOutput"], resources_map), resources_map)
    return _clean_json(resource_json, resources_map)


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
            if zone.private_zone or not record.endswith("." + zone.name.rstrip(".") + "."):
                continue
            for rr in zone.rrsets:
                if rr.type == "TXT" and rr.name.rstrip(".") == record.rstrip(".") and any(v.strip('"') == dns["Value"] for v in rr.records):
                    found = True
        dns["State"] = "verified" if found else "failed"
        return {}

    known = {
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


def _create_custom_resource(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    resource = custom_model.CustomModel(region_name, "rehearsal", kwargs["LogicalId"], resource_name)
    props = cloudformation_json["Properties"]
    if kwargs["ResourceType"] != "Custom::AWS":
        raise CfnValidationError(message=f"{kwargs['ResourceType']} {kwargs['LogicalId']}: the rehearsal runs only Custom::AWS (no Lambda without Docker)")
    call = json.loads(props.get("Create") or props.get("Update") or "{}")
    iam_action, resource_arn, run = _sdk_call(call, account_id, region_name)
    from moto.awslambda.models import lambda_backends

    function = lambda_backends[account_id][region_name].get_function(props["ServiceToken"])
    role = iam_backends[account_id]["aws"].get_role(function.role.split("/")[-1])
    denied = identity_refusal(role, iam_action, resource_arn)
    if denied:
        raise CfnValidationError(message=f"Custom::AWS {kwargs['LogicalId']}: its function's role {role.arn} may not call {iam_action} on {resource_arn}: {denied}")
    resource.set_data(run())
    if call.get("physicalResourceId", {}).get("id"):
        resource.resource_name = call["physicalResourceId"]["id"]
    return resource


custom_model.CustomModel.create_from_cloudformation_json = classmethod(_create_custom_resource)


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
            if st.get("Condition"):
                raise CfnValidationError(message=f"{role.arn}: a policy with conditions; the rehearsal does not evaluate them (moto_launcher.py, section 16)")
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
from moto.core.responses import ActionResult  # noqa: E402


def _connections(backend, service_ids=None):
    """(config, endpoint) for every endpoint, in any account, to one of the
    backend's endpoint services."""
    configs = {c.service_name: c for c in backend.configurations.values() if not service_ids or c.id in service_ids}
    for owner in list(ec2_backends.keys()):
        for endpoint in ec2_backends[owner][backend.region_name].vpc_end_points.values():
            if endpoint.service_name in configs:
                yield configs[endpoint.service_name], endpoint, owner


def _describe_vpc_endpoint_connections(self):
    states = [v for f in self._get_param("Filters", []) if f.get("Name") == "vpc-endpoint-state" for v in f.get("Values", [])]
    found = [{"ServiceId": c.id, "VpcEndpointId": e.id, "VpcEndpointOwner": owner, "VpcEndpointState": e.state,
              "CreationTimestamp": e.creation_timestamp}
             for c, e, owner in _connections(self.ec2_backend) if not states or e.state in states]
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


EC2Response.describe_vpc_endpoint_connections = _describe_vpc_endpoint_connections
EC2Response.accept_vpc_endpoint_connections = _accept_vpc_endpoint_connections


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
from moto.ssm.models import ssm_backends  # noqa: E402


def _parse_ssm_parameter(self, value, value_type):
    parameter = ssm_backends[self._account_id][self._region_name].get_parameter(value)
    if parameter is None:
        if value.startswith("/"):
            raise CfnValidationError(message=f"SSM parameter {value} does not exist")
        return value.split(",") if value_type.find("List") > 0 else value
    return parameter.value.split(",") if value_type.find("List") > 0 else parameter.value


parsing.ResourceMap.parse_ssm_parameter = _parse_ssm_parameter


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


if __name__ == "__main__":
    from moto.server import main

    main(["-H", "127.0.0.1", "-p", sys.argv[1]])
