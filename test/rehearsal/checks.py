"""Checks of what a rehearsal deployed, read back through the AWS APIs:
the providers, the gateway's path from each route to its service, the
todo service against its table, seed 003's curl sequence, and what is
left after a destroy. Those that read the emulator's models only (they
follow what moto stores, not traffic) are marked "emulator"; on real AWS
the curl sequence through the API replaces them.
"""

import datetime
import ipaddress
import re
import json
import os
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import curl_sequence as _curl  # noqa: E402 - beside this file
from targets import ROOT, StepFailed, free_port


def check(ok, what):
    if not ok:
        raise StepFailed(what)


def check_provider(acct, stack, kind, port, tls_name=None, image=None):
    """Emulator: the provider's load balancer, endpoint service and compute,
    read from moto's models; returns the service's name and its listener
    port. The listener and target group are on port; with tls_name, the
    listener serves TLS with a certificate for that name, and the endpoint
    service's private DNS name is verified. With image, a fargate task
    definition runs that image; for ec2, the launch template's image is the
    one the stack read (its Image custom resource's answer)."""
    out = acct.outputs(stack)
    elb = acct.client("elbv2")
    lbs = elb.describe_load_balancers()["LoadBalancers"]
    check(any(lb["Type"] == "network" and lb["Scheme"] == "internal" for lb in lbs), f"{stack}: no internal network load balancer")
    lb = next(lb for lb in lbs if lb["Type"] == "network")
    listeners = elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
    protocol = "TLS" if tls_name else "TCP"
    check([(l["Protocol"], l["Port"]) for l in listeners] == [(protocol, port)], f"{stack}: listeners {[(l['Protocol'], l['Port']) for l in listeners]}, want {protocol} {port}")
    if tls_name:
        certs = [c["CertificateArn"] for c in listeners[0].get("Certificates", [])]
        check(certs, f"{stack}: the TLS listener has no certificate")
        cert = acct.client("acm").describe_certificate(CertificateArn=certs[0])["Certificate"]
        check(cert["DomainName"] == tls_name, f"{stack}: the listener's certificate is for {cert['DomainName']}, want {tls_name}")
        state = next((v for k, v in out.items() if "PrivateDnsNameState" in k), None)
        check(state == "verified", f"{stack}: private DNS name {tls_name} is {state}, want verified (outputs: {sorted(out)})")
    tgs = elb.describe_target_groups()["TargetGroups"]
    check([(tg["Protocol"], tg["Port"]) for tg in tgs] == [("TCP", port)], f"{stack}: target groups {[(tg['Protocol'], tg['Port']) for tg in tgs]}, want one on TCP {port}")
    ec2 = acct.client("ec2")
    services = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    check(len(services) == 1, f"{stack}: {len(services)} endpoint services, want 1")
    svc = services[0]
    check(svc["NetworkLoadBalancerArns"] == [lb["LoadBalancerArn"]], f"{stack}: the endpoint service fronts {svc['NetworkLoadBalancerArns']}, not the service's load balancer")
    check(out.get("ServiceName") == svc["ServiceName"], f"{stack}: output ServiceName {out.get('ServiceName')} is not the endpoint service {svc['ServiceName']}")
    # The example sends connection events to the account's alarm topic.
    notes = ec2.describe_vpc_endpoint_connection_notifications()["ConnectionNotificationSet"]
    check([(n["ServiceId"], sorted(n["ConnectionEvents"])) for n in notes] == [(svc["ServiceId"], ["Accept", "Connect", "Delete", "Reject"])],
          f"{stack}: connection notifications {notes}, want one of {svc['ServiceId']} for Connect, Accept, Reject and Delete")
    topic = acct.client("sns").get_topic_attributes(TopicArn=notes[0]["ConnectionNotificationArn"])["Attributes"]
    alarm_topics = {a for al in acct.client("cloudwatch").describe_alarms()["MetricAlarms"] for a in al.get("AlarmActions", [])}
    check(topic["TopicArn"] in alarm_topics, f"{stack}: connection events go to {topic['TopicArn']}, not to the alarm topic {sorted(alarm_topics)}")
    if kind == "fargate":
        ecs = acct.client("ecs")
        clusters = stack_clusters(acct, stack)
        check(len(clusters) == 1, f"{stack}: ECS clusters {clusters}, want one")
        services = ecs.list_services(cluster=clusters[0])["serviceArns"]
        check(services, f"{stack}: no ECS service")
        if image:
            ecs_service = ecs.describe_services(cluster=clusters[0], services=services)["services"][0]
            td = ecs.describe_task_definition(taskDefinition=ecs_service["taskDefinition"])["taskDefinition"]
            images = [c["image"] for c in td["containerDefinitions"]]
            check(images == [image], f"{stack}: the service runs {images}, want {image}")
    else:
        groups = acct.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
        check(len(groups) == 1 and groups[0]["MinSize"] == 2, f"{stack}: Auto Scaling groups {groups}")
        if image:
            lt = groups[0].get("LaunchTemplate") or {}
            versions = acct.client("ec2").describe_launch_template_versions(LaunchTemplateId=lt["LaunchTemplateId"])["LaunchTemplateVersions"]
            latest = max(versions, key=lambda v: v["VersionNumber"])["LaunchTemplateData"].get("ImageId")
            check(latest == image, f"{stack}: the launch template's image is {latest}, want {image}")
        ddb = acct.client("dynamodb")
        table = ddb.describe_table(TableName=out["TableName"])["Table"]
        check(table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST", f"{stack}: table not on-demand")
        check([i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])] == ["byCreated"], f"{stack}: table indexes {table.get('GlobalSecondaryIndexes')}, want byCreated")
        pitr = ddb.describe_continuous_backups(TableName=out["TableName"])["ContinuousBackupsDescription"]
        check(pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED", f"{stack}: point-in-time recovery {pitr}")
        ttl = ddb.describe_time_to_live(TableName=out["TableName"])["TimeToLiveDescription"]
        check(ttl.get("TimeToLiveStatus") == "ENABLED" and ttl.get("AttributeName") == "expires", f"{stack}: time to live {ttl}, want on attribute expires")
    check_default_groups_closed(acct, stack)
    return svc["ServiceName"], listeners[0]["Port"]


def stack_clusters(acct, stack):
    """The ECS clusters of the stack itself: a cluster deleted earlier stays
    listed by ListClusters, INACTIVE."""
    return [r["PhysicalResourceId"] for r in acct.client("cloudformation").describe_stack_resources(StackName=stack)["StackResources"]
            if r["ResourceType"] == "AWS::ECS::Cluster"]


def check_default_groups_closed(acct, stack):
    """Every VPC's default security group has no rules: the Custom::AWS calls
    that revoke them ran on moto, under their function role's policy."""
    ec2 = acct.client("ec2")
    for g in ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]:
        if g["VpcId"] in [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]:
            check(not g["IpPermissions"] and not g["IpPermissionsEgress"],
                  f"{stack}: the default security group {g['GroupId']} of {g['VpcId']} still has rules {g['IpPermissions']} {g['IpPermissionsEgress']}")


def admits(groups, direction, port, peer_groups, peer_cidrs):
    """Whether a rule of one of groups (described security groups) admits TCP
    port to or from a peer: one of peer_groups, or a range holding every
    one of peer_cidrs."""
    for g in groups:
        for rule in g["IpPermissions" if direction == "in" else "IpPermissionsEgress"]:
            if rule["IpProtocol"] not in ("tcp", "-1"):
                continue
            if rule["IpProtocol"] == "tcp" and not rule.get("FromPort", 0) <= port <= rule.get("ToPort", 65535):
                continue
            if any(p["GroupId"] in peer_groups for p in rule.get("UserIdGroupPairs", [])):
                return True
            if peer_cidrs and any(all(ipaddress.ip_network(c).subnet_of(ipaddress.ip_network(r["CidrIp"])) for c in peer_cidrs)
                                  for r in rule.get("IpRanges", [])):
                return True
    return False


def rules(groups, direction):
    key = "IpPermissions" if direction == "in" else "IpPermissionsEgress"
    return [(r["IpProtocol"], r.get("FromPort"), r.get("ToPort"), [p["GroupId"] for p in r.get("UserIdGroupPairs", [])] + [c["CidrIp"] for c in r.get("IpRanges", [])])
            for g in groups for r in g[key]]


def check_gateway(acct, providers):
    """Emulator: the gateway as deployed: endpoints available in the right zones, names
    in a private zone, and every route of the API followed through its
    integration, listener and target group to the addresses of its service's
    endpoint, with every security group on the way admitting the traffic.
    providers maps a service name to (its routes, endpoint service name,
    provider listener port, TLS name or None)."""
    ec2 = acct.client("ec2")
    # A deleted endpoint stays listed for a while, in state deleted, as on AWS.
    endpoints = [e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["VpcEndpointType"] == "Interface" and e["State"] != "deleted"]
    by_service = {e["ServiceName"]: e for e in endpoints}
    want = sorted(p[1] for p in providers.values())
    check(sorted(by_service) == want and len(endpoints) == len(want), f"gateway: interface endpoints to {sorted(e['ServiceName'] for e in endpoints)}, want the providers' {want}")
    for e in endpoints:
        check(not e.get("PrivateDnsEnabled", False), f"gateway: endpoint to {e['ServiceName']} has private DNS on, want off (the name is verified in the TLS handshake)")
        check(e["State"] == "available", f"gateway: endpoint {e['VpcEndpointId']} to {e['ServiceName']} is {e['State']}, want available: "
              "a connection to an endpoint service that requires acceptance waits until the provider accepts it")
        check(len(e["NetworkInterfaceIds"]) == 2, f"gateway: endpoint {e['VpcEndpointId']} in {len(e['NetworkInterfaceIds'])} subnets, want 2")
    vpc = endpoints[0]["VpcId"]
    # (The alb shape adds a public subnet in each zone.)
    zones = sorted({s["AvailabilityZoneId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]})
    check(zones == ["usw2-az1", "usw2-az2"], f"gateway: subnets in {zones}, want usw2-az1 and usw2-az2")

    r53 = acct.client("route53")
    named = [z for z in r53.list_hosted_zones()["HostedZones"] if z["Name"] == "internal.example."]
    plain = [n for n, p in providers.items() if not p[3]]
    check(len(named) == (1 if plain else 0), f"gateway: {len(named)} zones internal.example, want {1 if plain else 0} (services without TLS: {plain})")
    if plain:
        zone = r53.get_hosted_zone(Id=named[0]["Id"])
        check(zone["HostedZone"]["Config"]["PrivateZone"] and [v["VPCId"] for v in zone.get("VPCs", [])] == [vpc],
              f"gateway: zone internal.example is not private to the gateway's VPC {vpc}: {zone['HostedZone']['Config']}, VPCs {zone.get('VPCs')}")
        records = {r["Name"]: r for r in r53.list_resource_record_sets(HostedZoneId=named[0]["Id"])["ResourceRecordSets"] if r["Type"] == "A"}
        check(sorted(records) == sorted(f"{n}.internal.example." for n in plain), f"gateway: A records {sorted(records)}")

    elb = acct.client("elbv2")
    lbs = [lb for lb in elb.describe_load_balancers()["LoadBalancers"] if lb["Type"] == "network"]
    check(len(lbs) == 1, f"gateway: {len(lbs)} network load balancers, want one shared by the services")
    lb = lbs[0]
    lb_groups = lb.get("SecurityGroups", [])
    check(lb_groups, "gateway: the load balancer has no security group")
    lb_cidrs = [s["CidrBlock"] for s in ec2.describe_subnets(SubnetIds=[z["SubnetId"] for z in lb["AvailabilityZones"]])["Subnets"]]
    groups = lambda ids: ec2.describe_security_groups(GroupIds=ids)["SecurityGroups"]  # noqa: E731
    # Which service's endpoint has these addresses.
    served = {}
    for n, p in providers.items():
        enis = ec2.describe_network_interfaces(NetworkInterfaceIds=by_service[p[1]]["NetworkInterfaceIds"])["NetworkInterfaces"]
        served[tuple(sorted(i["PrivateIpAddress"] for i in enis))] = n

    apigw = acct.client("apigatewayv2")
    apis = apigw.get_apis()["Items"]
    check(len(apis) == 1 and apis[0]["ProtocolType"] == "HTTP", f"gateway: APIs {[(a['Name'], a['ProtocolType']) for a in apis]}, want one HTTP API")
    api = apis[0]["ApiId"]
    routes = apigw.get_routes(ApiId=api)["Items"]
    owner = {r: n for n, p in providers.items() for r in p[0]}
    check(sorted(r["RouteKey"] for r in routes) == sorted(f"ANY {r}" for r in owner), f"gateway: routes {sorted(r['RouteKey'] for r in routes)}, want ANY of {sorted(owner)}")
    check(apigw.get_stages(ApiId=api)["Items"], "gateway: the API has no stage")
    listener_ports = set()
    for route in routes:
        path = route["RouteKey"].split(" ", 1)[1]
        name = owner[path]
        _, service_name, provider_port, tls_name = providers[name]
        at = f"gateway: route {route['RouteKey']} (service {name})"
        check(route.get("Target", "").startswith("integrations/"), f"{at}: target {route.get('Target')}, want an integration")
        integ = apigw.get_integration(ApiId=api, IntegrationId=route["Target"].split("/", 1)[1])
        check(integ.get("ConnectionType") == "VPC_LINK", f"{at}: integration connection {integ.get('ConnectionType')}, want VPC_LINK")
        verify = (integ.get("TlsConfig") or {}).get("ServerNameToVerify")
        check(verify == tls_name, f"{at}: integration verifies server name {verify}, want {tls_name}" + (" (HTTPS to the provider's TLS listener)" if tls_name else ""))
        link = apigw.get_vpc_link(VpcLinkId=integ["ConnectionId"])
        link_vpcs = {s["VpcId"] for s in ec2.describe_subnets(SubnetIds=link["SubnetIds"])["Subnets"]}
        check(link_vpcs == {vpc}, f"{at}: VPC link in {link_vpcs}, want the gateway's VPC {vpc}")
        listener = elb.describe_listeners(ListenerArns=[integ["IntegrationUri"]])["Listeners"][0]
        check(listener["LoadBalancerArn"] == lb["LoadBalancerArn"], f"{at}: integration's listener is on another load balancer")
        port = listener["Port"]
        listener_ports.add(port)
        check(admits(groups(link["SecurityGroupIds"]), "out", port, lb_groups, lb_cidrs),
              f"{at}: the VPC link's security groups do not let it reach the load balancer on {port}: {rules(groups(link['SecurityGroupIds']), 'out')}")
        check(admits(groups(lb_groups), "in", port, link["SecurityGroupIds"], []),
              f"{at}: the load balancer's security group does not admit {port} from the VPC link: {rules(groups(lb_groups), 'in')}")
        tg = listener["DefaultActions"][0]["TargetGroupArn"]
        targets = elb.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
        endpoint = by_service[service_name]
        enis = ec2.describe_network_interfaces(NetworkInterfaceIds=endpoint["NetworkInterfaceIds"])["NetworkInterfaces"]
        addresses = sorted(n["PrivateIpAddress"] for n in enis)
        got = sorted(t["Target"]["Id"] for t in targets)
        check(got == addresses, f"{at}: listener {port} sends to {got}, the endpoint addresses of {served.get(tuple(got), 'no service')}; want {name}'s {addresses}")
        ports = {t["Target"]["Port"] for t in targets}
        check(ports == {provider_port}, f"{at}: targets on port {ports}, but {name}'s provider listens on {provider_port}")
        ep_groups = [g["GroupId"] for g in endpoint["Groups"]]
        check(admits(groups(ep_groups), "in", provider_port, lb_groups, lb_cidrs),
              f"{at}: the endpoint's security group does not admit TCP {provider_port} from the load balancer; its rules: {rules(groups(ep_groups), 'in')}")
        check(admits(groups(lb_groups), "out", provider_port, ep_groups, []),
              f"{at}: the load balancer's security group may not send TCP {provider_port} to the endpoint; its rules: {rules(groups(lb_groups), 'out')}")
    check(sorted(listener_ports) == list(range(10000, 10000 + len(providers))), f"gateway: listener ports {sorted(listener_ports)}, want one per service from 10000")
    check_default_groups_closed(acct, "gateway")


def import_certificate(acct, name):
    """Imports a self-signed certificate for name into the account's ACM, as
    a team brings its own, and returns its ARN (imported, it is ISSUED at
    once, which an HTTPS listener needs)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False).sign(key, hashes.SHA256()))
    return acct.client("acm").import_certificate(
        Certificate=cert.public_bytes(serialization.Encoding.PEM),
        PrivateKey=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )["CertificateArn"]


def path_pattern(route):
    """consumer.PathPattern: a route's {name} and {name+} segments are *."""
    return re.sub(r"\{[A-Za-z0-9_]+\+?\}", "*", route)


def check_front_door(acct, providers, listener_ports):
    """Emulator: the ALB front door as deployed (the alb shape): an
    internet-facing application load balancer in public subnets, HTTPS
    only with a 404 for unknown paths, its web ACL associated and logged,
    and every listener rule followed through its target group to the
    addresses of its service's endpoint on the provider's port, with the
    security groups on the way admitting the traffic. providers as for
    check_gateway; listener_ports maps each service to its gateway listener
    port, from which its rules' priority follows (10 per port from 10000)."""
    ec2, elb = acct.client("ec2"), acct.client("elbv2")
    albs = [lb for lb in elb.describe_load_balancers()["LoadBalancers"] if lb["Type"] == "application"]
    check(len(albs) == 1, f"front door: {len(albs)} application load balancers, want one")
    lb = albs[0]
    check(lb["Scheme"] == "internet-facing", f"front door: scheme {lb['Scheme']}, want internet-facing")
    subnets = [z["SubnetId"] for z in lb["AvailabilityZones"]]
    check(len(subnets) == 2, f"front door: in {len(subnets)} subnets, want 2")
    all_tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [lb["VpcId"]]}])["RouteTables"]
    for sid in subnets:
        tables = [t for t in all_tables if any(a.get("SubnetId") == sid for a in t.get("Associations", []))]
        igw = [r for t in tables for r in t["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0" and r.get("GatewayId", "").startswith("igw-")]
        names = [tag["Value"] for sub in ec2.describe_subnets(SubnetIds=[sid])["Subnets"] for tag in sub.get("Tags", []) if tag["Key"] == "Name"]
        check(igw, f"front door: subnet {sid} {names} has no route to an internet gateway; an internet-facing load balancer is unreachable there "
                   f"(its route tables: {[t['Routes'] for t in tables]}; the VPC's: {[(t['RouteTableId'], t.get('Associations'), t['Routes']) for t in all_tables]})")
    attrs = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(LoadBalancerArn=lb["LoadBalancerArn"])["Attributes"]}
    for key, want in (("routing.http.drop_invalid_header_fields.enabled", "true"), ("routing.http.desync_mitigation_mode", "strictest"),
                      ("access_logs.s3.enabled", "true")):
        check(attrs.get(key) == want, f"front door: attribute {key} is {attrs.get(key)}, want {want}")
    bucket = attrs.get("access_logs.s3.bucket")
    s3 = acct.client("s3")
    check(bucket in {b["Name"] for b in s3.list_buckets()["Buckets"]}, f"front door: access log bucket {bucket} does not exist")

    listeners = elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
    check([(li["Port"], li["Protocol"]) for li in listeners] == [(443, "HTTPS")], f"front door: listeners {[(li['Port'], li['Protocol']) for li in listeners]}, want HTTPS on 443 only")
    https = listeners[0]
    default = https["DefaultActions"][0]
    check(default["Type"] == "fixed-response" and default["FixedResponseConfig"]["StatusCode"] == "404",
          f"front door: the HTTPS listener's default action is {default}, want a fixed 404")
    check(https.get("SslPolicy") == "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", f"front door: SSL policy {https.get('SslPolicy')}")

    lb_groups = lb.get("SecurityGroups", [])
    groups = lambda ids: ec2.describe_security_groups(GroupIds=ids)["SecurityGroups"]  # noqa: E731
    check(admits(groups(lb_groups), "in", 443, [], ["0.0.0.0/0"]), f"front door: its group does not admit 443 from the internet: {rules(groups(lb_groups), 'in')}")
    check(not admits(groups(lb_groups), "in", 80, [], ["0.0.0.0/0"]), "front door: its group admits port 80, which nothing listens on")

    endpoints = {e["ServiceName"]: e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["VpcEndpointType"] == "Interface" and e["State"] != "deleted"}
    served = {}
    for n, p in providers.items():
        enis = ec2.describe_network_interfaces(NetworkInterfaceIds=endpoints[p[1]]["NetworkInterfaceIds"])["NetworkInterfaces"]
        served[tuple(sorted(i["PrivateIpAddress"] for i in enis))] = n
    rules_found = [r for r in elb.describe_rules(ListenerArn=https["ListenerArn"])["Rules"] if not r.get("IsDefault")]
    by_service = {}
    for r in rules_found:
        at = f"front door: rule {r['Priority']}"
        patterns = [v for c in r["Conditions"] if c["Field"] == "path-pattern" for v in (c.get("PathPatternConfig") or {}).get("Values") or c.get("Values") or []]
        check(patterns and len(patterns) <= 5, f"{at}: path patterns {patterns}, want 1 to 5")
        forward = r["Actions"][0]
        check(forward["Type"] == "forward", f"{at}: action {forward['Type']}, want forward")
        tg_arn = forward.get("TargetGroupArn") or forward["ForwardConfig"]["TargetGroups"][0]["TargetGroupArn"]
        tg = elb.describe_target_groups(TargetGroupArns=[tg_arn])["TargetGroups"][0]
        targets = elb.describe_target_health(TargetGroupArn=tg_arn)["TargetHealthDescriptions"]
        got = tuple(sorted(t["Target"]["Id"] for t in targets))
        name = served.get(got)
        check(name, f"{at} ({patterns}): its target group {tg['TargetGroupName']} sends to {list(got)}, the addresses of no service's endpoint "
                    f"(the endpoints' addresses: {served})")
        _, service_name, provider_port, tls_name = providers[name]
        ports = {t["Target"]["Port"] for t in targets}
        check(ports == {provider_port} and tg["Port"] == provider_port, f"{at} ({name}): targets on {ports}, group port {tg['Port']}, but {name}'s provider listens on {provider_port}")
        want_protocol = "HTTPS" if tls_name else "HTTP"
        check(tg["Protocol"] == want_protocol and tg["TargetType"] == "ip", f"{at} ({name}): target group {tg['Protocol']}/{tg['TargetType']}, want {want_protocol}/ip")
        ep_groups = [g["GroupId"] for g in endpoints[service_name]["Groups"]]
        check(admits(groups(ep_groups), "in", provider_port, lb_groups, []),
              f"{at} ({name}): the endpoint's security group does not admit TCP {provider_port} from the front door; its rules: {rules(groups(ep_groups), 'in')}")
        check(admits(groups(lb_groups), "out", provider_port, ep_groups, []),
              f"{at} ({name}): the front door's group may not send TCP {provider_port} to the endpoint; its rules: {rules(groups(lb_groups), 'out')}")
        by_service.setdefault(name, []).append((int(r["Priority"]), patterns))
    for name, p in providers.items():
        want = []
        for route in p[0]:
            if path_pattern(route) not in want:
                want.append(path_pattern(route))
        got = sorted(by_service.get(name, []))
        first = 10 * (listener_ports[name] - 9999)
        check([prio for prio, _ in got] == list(range(first, first + len(got))) and [x for _, pats in got for x in pats] == want,
              f"front door: {name}'s rules are {got}, want its routes' path patterns {want} from priority {first}")
    check(set(by_service) == set(providers), f"front door: rules for {sorted(by_service)}, want one or more for each of {sorted(providers)}")

    waf = acct.client("wafv2")
    acl = waf.get_web_acl_for_resource(ResourceArn=lb["LoadBalancerArn"]).get("WebACL")
    check(acl, "front door: no web ACL is associated with the load balancer")
    names = [r["Name"] for r in acl["Rules"]]
    check(names == ["RateLimitPerClientIp", "AWS-AWSManagedRulesCommonRuleSet", "AWS-AWSManagedRulesKnownBadInputsRuleSet", "AWS-AWSManagedRulesAmazonIpReputationList"],
          f"front door: web ACL rules {names}")
    logging = waf.get_logging_configuration(ResourceArn=acl["ARN"])["LoggingConfiguration"]
    dest = logging["LogDestinationConfigs"]
    check(len(dest) == 1 and ":log-group:aws-waf-logs-" in dest[0] and not dest[0].endswith(":*"), f"front door: web ACL logs to {dest}")


def todo_against_table(acct, table):
    """Emulator: runs the todo service locally on the table CloudFormation
    created."""
    binary = os.path.join(tempfile.mkdtemp(), "todo")
    subprocess.run(["go", "build", "-o", binary, "./apps/todo"], cwd=ROOT, check=True)
    port = free_port()
    env = dict(os.environ, **acct.env, TODO_TABLE=table, PORT=str(port))
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # The table outlives an update, so what earlier checks wrote is there.
        before = json.load(urllib.request.urlopen(base + "/todo", timeout=5))
        body = urllib.parse.urlencode({"data": "Write new AWS blog post"}).encode()
        created = json.load(urllib.request.urlopen(base + "/todo", data=body, timeout=5))
        check(len(created["id"]) == 8 and created["data"] == "Write new AWS blog post", f"POST /todo answered {created}")
        listed = json.load(urllib.request.urlopen(base + "/todo", timeout=5))
        key = lambda item: item["id"]  # noqa: E731
        check(sorted(listed, key=key) == sorted(before + [created], key=key), f"GET /todo answered {listed}, want {before} and {created}")
        one = json.load(urllib.request.urlopen(base + "/todo/" + created["id"], timeout=5))
        check(one == created, f"GET /todo/{created['id']} answered {one}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def accept_pending(acct, stack):
    """Accepts the pending connections to the account's endpoint service with
    `aws ec2 accept-vpc-endpoint-connections`, the command
    provider.EndpointServiceOptions documents; there must be one."""
    ec2 = acct.client("ec2")
    pending = ec2.describe_vpc_endpoint_connections(Filters=[{"Name": "vpc-endpoint-state", "Values": ["pendingAcceptance"]}])["VpcEndpointConnections"]
    check(pending, f"{stack}: no connection is pending acceptance, so there is nothing to accept")
    for c in pending:
        cmd = ["aws", "ec2", "accept-vpc-endpoint-connections", "--service-id", c["ServiceId"], "--vpc-endpoint-ids", c["VpcEndpointId"]]
        res = subprocess.run(cmd, env=dict(os.environ, **acct.env, AWS_PAGER=""), capture_output=True, text=True)
        check(res.returncode == 0 and '"Unsuccessful": []' in res.stdout, f"{stack}: {' '.join(cmd)}: {res.stdout}{res.stderr}")


def events(acct):
    """Number of events of every stack (nested ones included) in the account."""
    cf = acct.client("cloudformation")
    return {s["StackName"]: len(cf.describe_stack_events(StackName=s["StackId"])["StackEvents"])
            for s in cf.describe_stacks()["Stacks"] if s["StackName"] != "CDKToolkit"}




def curl_sequence(url):
    """Seed 003's curl sequence through the API at url (curl_sequence.py,
    which the pipeline runs too). Returns what it did, one line per
    request."""
    try:
        return _curl.curl_sequence(url)
    except _curl.CurlFailed as e:
        raise StepFailed(str(e)) from e


class LocalApi:
    """Stands in for API Gateway when the real-AWS code path runs against
    the emulator, which carries no traffic: the example's two services, built
    from this repository and run here (todo on the table the rehearsal
    deployed), behind a path router with the topology's routes. What is
    under test is the curl sequence's code, not API Gateway."""

    def __init__(self, acct_todo, table, routes):
        import http.server
        import threading
        from targets import free_port

        tmp = tempfile.mkdtemp(prefix="local-api-")
        self.procs, backends = [], {}
        for name, env in (("dognames", {}), ("todo", dict(acct_todo.env, TODO_TABLE=table))):
            binary = os.path.join(tmp, name)
            subprocess.run(["go", "build", "-o", binary, "./apps/" + name], cwd=ROOT, check=True)
            port = free_port()
            self.procs.append(subprocess.Popen([binary], env=dict(os.environ, **env, PORT=str(port)),
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            backends[name] = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(backends[name] + "/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)

        def backend(path):
            for service, prefixes in routes.items():
                for r in prefixes:
                    base = r.split("/{")[0]
                    if path == base or path.startswith(base + "/"):
                        return backends.get(service)
            return None

        class Router(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def forward(self):
                target = backend(self.path.split("?")[0])
                if target is None:
                    self.send_error(404)
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
                req = urllib.request.Request(target + self.path, data=body, method=self.command,
                                             headers={k: v for k, v in self.headers.items() if k.lower() in ("content-type",)})
                try:
                    with urllib.request.urlopen(req, timeout=10) as r:
                        status, data, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
                except urllib.error.HTTPError as e:
                    status, data, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Router)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        for p in self.procs:
            p.terminate()
            p.wait(timeout=10)


# What a destroy keeps, by design, and what it costs each month (us-west-2
# list prices, bench/cost.go and the README's "What is left after cdk
# destroy"): a kind of resource, the templates' mark of it, and its cost.
LEFTOVER_COST = {
    "log group": "$0.03 per GB-month of the logs kept, for their 30 days of retention; an empty log group is free",
    "access-log bucket": "$0.023 per GB-month of the logs kept, for their 90 days; it then empties itself and is free",
    "KMS key": "$1.00 a month until you schedule its deletion (after its logs expire)",
    "backup vault": "free once empty; its recovery points cost $0.10 per GB-month until they expire after 35 days",
}
KEY_MONTHLY = 1.00


def kept_by_templates(out_dirs, account):
    """Logical IDs of the resources that the account's templates keep on
    delete (DeletionPolicy Retain or RetainExceptOnCreate), by
    CloudFormation type, over every
    assembly the rehearsal deployed (nested templates with their parent)."""
    kept = {}
    for d in out_dirs:
        manifest = json.load(open(os.path.join(d, "manifest.json")))
        mine = [a for a in manifest["artifacts"].values()
                if a.get("type") == "aws:cloudformation:stack" and a.get("environment", "").startswith(f"aws://{account}/")]
        stacks = {a["properties"]["templateFile"].removesuffix(".template.json") for a in mine}
        for name in os.listdir(d):
            if name.endswith(".template.json") and any(name == s + ".template.json" or (name.startswith(s) and name.endswith(".nested.template.json")) for s in stacks):
                for lid, r in json.load(open(os.path.join(d, name)))["Resources"].items():
                    if r.get("DeletionPolicy") in ("Retain", "RetainExceptOnCreate"):
                        kept.setdefault(r["Type"], set()).add(lid)
                        # A log group named by its template (the front
                        # door's aws-waf-logs-...) carries no logical ID:
                        # the literal start of its name stands for it.
                        named = (r.get("Properties") or {}).get("LogGroupName")
                        if isinstance(named, dict) and "Fn::Join" in named:
                            sep, parts = named["Fn::Join"]
                            literal = []
                            for part in parts:
                                if not isinstance(part, str):
                                    break
                                literal.append(part)
                            named = sep.join(literal)
                        if isinstance(named, str) and named:
                            kept[r["Type"]].add(named)
    return kept


def nothing_running(acct):
    """No stack but CDKToolkit, and none of what the stacks make but what a
    destroy may keep (inventory)."""
    left = {n: s for n, s in acct.stacks().items() if n != "CDKToolkit" and s != "DELETE_COMPLETE"}
    check(not left, f"{acct.account}: stacks left after destroy: {left}")
    ec2, elb = acct.client("ec2"), acct.client("elbv2")
    check(not elb.describe_load_balancers()["LoadBalancers"], f"{acct.account}: load balancers left")
    check(not elb.describe_target_groups()["TargetGroups"], f"{acct.account}: target groups left")
    check(not ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"], f"{acct.account}: endpoint services left")
    endpoints = [e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["State"] != "deleted"]
    check(not endpoints, f"{acct.account}: VPC endpoints left: {[(e['VpcEndpointId'], e['ServiceName'], e['State']) for e in endpoints]}")
    vpcs = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
    check(not vpcs, f"{acct.account}: VPCs left: {vpcs}")
    check(not acct.client("apigatewayv2").get_apis()["Items"], f"{acct.account}: HTTP APIs left")
    check(not acct.client("apigatewayv2").get_vpc_links()["Items"], f"{acct.account}: VPC links left")
    check(not acct.client("dynamodb").list_tables()["TableNames"], f"{acct.account}: tables left")
    # Imported certificates are the team's own, brought in by ARN (the alb
    # shape's front door), which no stack made or deletes.
    acm = acct.client("acm")
    made = [c["CertificateArn"] for c in acm.list_certificates()["CertificateSummaryList"]
            if acm.describe_certificate(CertificateArn=c["CertificateArn"])["Certificate"].get("Type") != "IMPORTED"]
    check(not made, f"{acct.account}: certificates left: {made}")
    check(not acct.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"], f"{acct.account}: Auto Scaling groups left")
    # A deleted cluster is INACTIVE and "might remain discoverable in your
    # account for a period of time" (ECS API reference, DeleteCluster).
    ecs = acct.client("ecs")
    arns = ecs.list_clusters()["clusterArns"]
    active = [c["clusterArn"] for c in ecs.describe_clusters(clusters=arns)["clusters"] if c["status"] != "INACTIVE"] if arns else []
    check(not active, f"{acct.account}: ECS clusters left: {active}")
    zones = acct.client("route53").list_hosted_zones()["HostedZones"]
    check(not zones, f"{acct.account}: hosted zones left: {[z['Name'] for z in zones]}")


def leftovers(acct, kept, creations):
    """What is left in the account once every stack but CDKToolkit is
    deleted: each as (kind, name), after checking that nothing else is, and
    that each is kept by a template on purpose (kept, from
    kept_by_templates; creations is how many times the stacks were created,
    each keeping its own). The bootstrap's own resources are not counted."""
    nothing_running(acct)
    found = []
    log_ids = kept.get("AWS::Logs::LogGroup", set())
    bucket_ids = {lid.lower() for lid in kept.get("AWS::S3::Bucket", set())}
    keys = 0
    for kind, name in inventory(acct):
        if kind == "log group":
            check([lid for lid in log_ids if lid in name], f"{acct.account}: log group {name} left after destroy, and no template keeps it (DeletionPolicy Retain)")
        elif kind == "access-log bucket":
            check(any(lid[:20] in name for lid in bucket_ids), f"{acct.account}: bucket {name} left after destroy, and no template keeps it")
        elif kind == "KMS key":
            keys += 1
        elif kind == "backup vault":
            check("AWS::Backup::BackupVault" in kept, f"{acct.account}: backup vault {name} left, and no template keeps one")
        found.append((kind, name))
    want = len(kept.get("AWS::KMS::Key", set())) * creations
    check(keys == want, f"{acct.account}: {keys} KMS keys left, want {want}: the templates keep {sorted(kept.get('AWS::KMS::Key', set()))}, once per creation")
    return found


def inventory(acct):
    """What a destroy may keep, as (kind, name): log groups, buckets but the
    bootstrap's, enabled customer managed KMS keys, backup vaults."""
    items = [("log group", g["logGroupName"]) for g in acct.client("logs").describe_log_groups()["logGroups"]]
    items += [("access-log bucket", b["Name"]) for b in acct.client("s3").list_buckets()["Buckets"] if not b["Name"].startswith("cdk-")]
    kms = acct.client("kms")
    for k in kms.list_keys()["Keys"]:
        meta = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
        if meta.get("KeyState") == "Enabled" and meta.get("KeyManager") != "AWS":
            items.append(("KMS key", k["KeyId"]))
    items += [("backup vault", v["BackupVaultName"]) for v in acct.client("backup").list_backup_vaults()["BackupVaultList"]]
    return items


# --- alarms against the metric table (constructs/internal/metrics)

_TABLE = None


def metric_table():
    """The library's metric table, as `go run ./constructs/internal/metrics/cmd/table`
    prints it (no second copy here): {(namespace, name): [sorted dimension
    name sets]}. Read once per run."""
    global _TABLE
    if _TABLE is None:
        out = subprocess.run(["go", "run", "./constructs/internal/metrics/cmd/table"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        _TABLE = {(r["Namespace"], r["Name"]): [sorted(s) for s in r["DimensionSets"]] for r in json.loads(out)}
    return _TABLE


class _Deployed:
    """What an account has deployed, read once per check, for the
    dimension resolvers."""

    def __init__(self, acct):
        self.acct = acct
        self._cache = {}

    def _get(self, key, read):
        if key not in self._cache:
            self._cache[key] = read()
        return self._cache[key]

    def endpoints(self):
        return self._get("endpoints", lambda: {e["VpcEndpointId"]: e for e in self.acct.client("ec2").describe_vpc_endpoints()["VpcEndpoints"]
                                               if e["State"] != "deleted"})

    def services(self):
        return self._get("services", lambda: {s["ServiceId"]: s for s in self.acct.client("ec2").describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]})

    def zones(self):
        return self._get("zones", lambda: {z["ZoneName"] for z in self.acct.client("ec2").describe_availability_zones()["AvailabilityZones"]})

    def load_balancers(self):
        return self._get("lbs", lambda: {lb["LoadBalancerArn"]: lb for lb in self.acct.client("elbv2").describe_load_balancers()["LoadBalancers"]})

    def target_groups(self):
        return self._get("tgs", lambda: {tg["TargetGroupArn"]: tg for tg in self.acct.client("elbv2").describe_target_groups()["TargetGroups"]})

    def apis(self):
        def read():
            gw = self.acct.client("apigatewayv2")
            return {a["ApiId"]: {"stages": {s["StageName"] for s in gw.get_stages(ApiId=a["ApiId"])["Items"]},
                                 "routes": {r["RouteKey"] for r in gw.get_routes(ApiId=a["ApiId"])["Items"]}}
                    for a in gw.get_apis()["Items"]}
        return self._get("apis", read)

    def ecs_services(self, cluster):
        def read():
            ecs = self.acct.client("ecs")
            found = ecs.describe_clusters(clusters=[cluster])["clusters"]
            if not found or found[0]["status"] != "ACTIVE":
                return None
            arns = ecs.list_services(cluster=cluster)["serviceArns"]
            return {s["serviceName"] for s in ecs.describe_services(cluster=cluster, services=arns)["services"] if s["status"] == "ACTIVE"} if arns else set()
        return self._get(("ecs", cluster), read)

    def groups(self):
        return self._get("asgs", lambda: {g["AutoScalingGroupName"] for g in self.acct.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]})

    def canaries(self):
        return self._get("canaries", lambda: {c["Name"] for c in self.acct.client("synthetics").describe_canaries()["Canaries"]})

    def topics(self):
        return self._get("topics", lambda: {t["TopicArn"] for t in self.acct.client("sns").list_topics()["Topics"]})

    def web_acls(self):
        def read():
            waf = self.acct.client("wafv2")
            acls = {}
            for s in waf.list_web_acls(Scope="REGIONAL")["WebACLs"]:
                acl = waf.get_web_acl(Name=s["Name"], Scope="REGIONAL", Id=s["Id"])["WebACL"]
                acls[acl["VisibilityConfig"]["MetricName"]] = {r["VisibilityConfig"]["MetricName"] for r in acl["Rules"]}
            return acls
        return self._get("acls", read)


def check_canary(acct):
    """Emulator: the gateway's canary as deployed: RUNNING on its template's
    schedule, its function's code cleaned up with it; the script its stack
    deployed (GetCanary returns none, as on AWS) calls exactly the deployed
    API's routes a caller without credentials can GET (ANY or GET, no path
    parameter, no authorizer), at that API's URL. Returns the paths."""
    cf, syn, api = acct.client("cloudformation"), acct.client("synthetics"), acct.client("apigatewayv2")
    found = []
    for stack, status in acct.stacks().items():
        if status == "DELETE_COMPLETE":
            continue
        body = cf.get_template(StackName=stack)["TemplateBody"]
        if isinstance(body, str) and not body.lstrip().startswith("{"):
            continue  # YAML: the CDK's bootstrap stack; the library's templates are JSON
        tpl = body if isinstance(body, dict) else json.loads(body)
        for lid, r in (tpl.get("Resources") or {}).items():
            if r.get("Type") == "AWS::Synthetics::Canary":
                physical = {x["LogicalResourceId"]: x["PhysicalResourceId"] for x in cf.describe_stack_resources(StackName=stack)["StackResources"]}
                found.append((stack, lid, r["Properties"], physical))
    check(len(found) == 1, f"{acct.account}: {len(found)} canaries deployed, want 1 (the example turns the gateway's on)")
    stack, lid, props, physical = found[0]
    at = f"{acct.account}: canary {physical[lid]} of {stack}"
    canary = syn.get_canary(Name=physical[lid])["Canary"]
    check(canary["Status"]["State"] == "RUNNING", f"{at}: {canary['Status']['State']}, want RUNNING (StartCanaryAfterCreation)")
    check(canary["Schedule"]["Expression"] == props["Schedule"]["Expression"], f"{at}: schedule {canary['Schedule']}, the template's {props['Schedule']}")
    check(canary.get("ProvisionedResourceCleanup") == "AUTOMATIC", f"{at}: ProvisionedResourceCleanup {canary.get('ProvisionedResourceCleanup')}, want AUTOMATIC (its function and layer deleted with it)")
    m = re.search(r"^const paths = (\[.*\]);$", props["Code"]["Script"], re.M)
    check(m, f"{at}: no paths in its script")
    paths = json.loads(m.group(1))
    url = props["RunConfig"]["EnvironmentVariables"]["API_URL"]
    refs = [p["Ref"] for p in url["Fn::Join"][1] if isinstance(p, dict) and "Ref" in p and not p["Ref"].startswith("AWS::")] if isinstance(url, dict) else []
    check(len(refs) == 1, f"{at}: API_URL {url} names no API of the stack")
    api_id = physical[refs[0]]
    deployed = api.get_api(ApiId=api_id)
    routes = api.get_routes(ApiId=api_id)["Items"]
    public = sorted({r["RouteKey"].split(" ", 1)[1] for r in routes if r["RouteKey"].split(" ", 1)[0] in ("ANY", "GET")
                     and "{" not in r["RouteKey"] and r.get("AuthorizationType", "NONE") == "NONE"})
    check(sorted(paths) == public, f"{at}: calls {sorted(paths)}, the API {api_id} ({deployed['Name']}) has public routes {public}")
    return paths


def landing_zone(acct, cidr, az_ids):
    """What a landing zone gives a consumer account: a VPC with a private
    subnet in each of az_ids, and the SSM parameters that name them
    (consumer.EndpointStackSet's defaults)."""
    ec2, ssm = acct.client("ec2"), acct.client("ssm")
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    base = cidr.split(".")
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"{base[0]}.{base[1]}.{i}.0/24", AvailabilityZoneId=az)["Subnet"]["SubnetId"]
               for i, az in enumerate(az_ids)]
    ssm.put_parameter(Name="/landing-zone/vpc/id", Value=vpc, Type="String")
    ssm.put_parameter(Name="/landing-zone/vpc/private-subnet-ids", Value=",".join(subnets), Type="StringList")
    ssm.put_parameter(Name="/landing-zone/vpc/cidr", Value=cidr, Type="String")
    return vpc, subnets


def check_consumers(accounts, service, port, zone):
    """Each consumer account (by ID) has one available interface endpoint
    to service in its landing zone's VPC and subnets, admitting port from
    the VPC's CIDR only, and a private zone whose apex names it."""
    for account, acct in accounts.items():
        ec2, ssm = acct.client("ec2"), acct.client("ssm")
        vpc = ssm.get_parameter(Name="/landing-zone/vpc/id")["Parameter"]["Value"]
        subnets = sorted(ssm.get_parameter(Name="/landing-zone/vpc/private-subnet-ids")["Parameter"]["Value"].split(","))
        cidr = ssm.get_parameter(Name="/landing-zone/vpc/cidr")["Parameter"]["Value"]
        eps = [e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["State"] != "deleted"]
        check(len(eps) == 1, f"{account}: {len(eps)} endpoints, want 1")
        e = eps[0]
        check(e["ServiceName"] == service and e["State"] == "available", f"{account}: endpoint {e['VpcEndpointId']} to {e['ServiceName']} is {e['State']}, want available to {service}")
        check(e["VpcId"] == vpc and sorted(e["SubnetIds"]) == subnets, f"{account}: endpoint in {e['VpcId']} {e['SubnetIds']}, want the landing zone's {vpc} {subnets}")
        groups = ec2.describe_security_groups(GroupIds=[g["GroupId"] for g in e["Groups"]])["SecurityGroups"]
        rules = [(r.get("FromPort"), r.get("ToPort"), [x["CidrIp"] for x in r.get("IpRanges", [])]) for g in groups for r in g["IpPermissions"]]
        check(rules == [(port, port, [cidr])], f"{account}: the endpoint admits {rules}, want only {port} from {cidr}")
        all_zones = acct.client("route53").list_hosted_zones()["HostedZones"]
        zones = [z for z in all_zones if z["Name"].rstrip(".") == zone]
        check(len(zones) == 1 and zones[0]["Config"]["PrivateZone"], f"{account}: private zones {zone}: {zones} (all: {[(z['Name'], z['Id']) for z in all_zones]})")


def connection_owners(acct, state):
    """The accounts whose connections to the provider's endpoint service are
    in state, sorted."""
    conns = acct.client("ec2").describe_vpc_endpoint_connections()["VpcEndpointConnections"]
    return sorted(c["VpcEndpointOwner"] for c in conns if c["VpcEndpointState"] == state)


def endpoint_by_hand(acct, service):
    """An interface endpoint to service in the account's landing zone VPC,
    made with the EC2 API (an account outside the StackSet's OUs)."""
    ec2, ssm = acct.client("ec2"), acct.client("ssm")
    vpc = ssm.get_parameter(Name="/landing-zone/vpc/id")["Parameter"]["Value"]
    subnets = ssm.get_parameter(Name="/landing-zone/vpc/private-subnet-ids")["Parameter"]["Value"].split(",")
    return ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, ServiceName=service, SubnetIds=subnets)["VpcEndpoint"]["VpcEndpointId"]


def _arn_suffix(arn, marker):
    """The final portion of an ELB ARN: app/name/id, net/name/id (after
    loadbalancer/), or targetgroup/name/id."""
    return arn.split(marker, 1)[1] if marker in arn else None


def _endpoint_field(field):
    """A dimension of AWS/PrivateLinkEndpoints other than the endpoint's ID
    is a field of that endpoint (of any endpoint, without the ID)."""
    def resolve(d, value, dims, namespace):
        eps = d.endpoints()
        if "VPC Endpoint Id" in dims:
            e = eps.get(dims["VPC Endpoint Id"])
            candidates = [e] if e else []
        else:
            candidates = list(eps.values())
        ok = any(value in (e.get(field) if isinstance(e.get(field), list) else [e.get(field)]) for e in candidates)
        return ok or f"no deployed endpoint{' ' + dims.get('VPC Endpoint Id', '') if 'VPC Endpoint Id' in dims else ''} has {field} {value}"
    return resolve


def _load_balancer(d, value, dims, namespace):
    want = {"AWS/NetworkELB": "net/", "AWS/ApplicationELB": "app/"}.get(namespace, "")
    ok = value.startswith(want) and any(_arn_suffix(a, ":loadbalancer/") == value for a in d.load_balancers())
    return ok or f"no deployed load balancer's ARN ends with {value}" + (f" ({namespace} wants {want}...)" if want else "")


def _target_group(d, value, dims, namespace):
    tgs = [tg for a, tg in d.target_groups().items() if _arn_suffix(a, ":") and a.rsplit(":", 1)[1] == value]
    if not tgs:
        return f"no deployed target group's ARN ends with {value}"
    lb = dims.get("LoadBalancer")
    if lb and not any(_arn_suffix(a, ":loadbalancer/") == lb for a in tgs[0].get("LoadBalancerArns", [])):
        return f"target group {value} is not attached to load balancer {lb} (its load balancers: {tgs[0].get('LoadBalancerArns')})"
    return True


def _stage(d, value, dims, namespace):
    api = d.apis().get(dims.get("ApiId"))
    return bool(api and value in api["stages"]) or f"API {dims.get('ApiId')} has no stage {value}"


def _route_part(i):
    def resolve(d, value, dims, namespace):
        api = d.apis().get(dims.get("ApiId"))
        return bool(api and any(r.split(" ", 1)[i] == value for r in api["routes"])) or f"API {dims.get('ApiId')} has no route with {value}"
    return resolve


def _ecs_service(d, value, dims, namespace):
    names = d.ecs_services(dims.get("ClusterName", ""))
    return bool(names and value in names) or f"no active ECS service {value} in cluster {dims.get('ClusterName')}"


def _rule(d, value, dims, namespace):
    rules = d.web_acls().get(dims.get("WebACL"))
    return bool(rules and value in rules) or f"web ACL {dims.get('WebACL')} has no rule whose metric name is {value}"


# Each dimension name the table holds, resolved to what it names in the
# account, as AWS's page of its namespace documents it. A dimension name
# missing here fails the check: nothing deployed can be what it names.
RESOLVERS = {
    # https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html#endpoint-service-metrics-dimensions
    # ("Service Id": the ID of the endpoint service; "Az"; "Load Balancer
    # Arn": the ARN of the load balancer).
    "Service Id": lambda d, v, dims, ns: v in d.services() or f"no deployed endpoint service {v}",
    "Az": lambda d, v, dims, ns: v in d.zones() or f"no availability zone {v}",
    "Load Balancer Arn": lambda d, v, dims, ns: (v in d.load_balancers() and (not dims.get("Service Id") or v in d.services().get(dims["Service Id"], {}).get("NetworkLoadBalancerArns", [])))
    or f"{v} is no load balancer of endpoint service {dims.get('Service Id')}",
    # https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html#endpoint-metrics-dimensions
    # (the endpoint's ID, type, service name, VPC and subnet).
    "VPC Endpoint Id": lambda d, v, dims, ns: v in d.endpoints() or f"no deployed VPC endpoint {v}",
    "Endpoint Type": _endpoint_field("VpcEndpointType"),
    "Service Name": _endpoint_field("ServiceName"),
    "VPC Id": _endpoint_field("VpcId"),
    "Subnet Id": _endpoint_field("SubnetIds"),
    # https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html#load-balancer-metric-dimensions-nlb
    # https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html#load-balancer-metric-dimensions-alb
    # ("the final portion of the load balancer ARN": net/name/id or
    # app/name/id; of the target group ARN: targetgroup/name/id).
    "LoadBalancer": _load_balancer,
    "TargetGroup": _target_group,
    "AvailabilityZone": lambda d, v, dims, ns: v in d.zones() or f"no availability zone {v}",
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
    # (ApiId, Stage; Method and Resource of a route).
    "ApiId": lambda d, v, dims, ns: v in d.apis() or f"no deployed HTTP API {v}",
    "Stage": _stage,
    "Method": _route_part(0),
    "Resource": _route_part(1),
    # https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
    # (ClusterName, ServiceName of a service of that cluster).
    "ClusterName": lambda d, v, dims, ns: d.ecs_services(v) is not None or f"no active ECS cluster {v}",
    "ServiceName": _ecs_service,
    # https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html#as-group-metrics
    "AutoScalingGroupName": lambda d, v, dims, ns: v in d.groups() or f"no Auto Scaling group {v}",
    # https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html (TopicName)
    "TopicName": lambda d, v, dims, ns: any(a.rsplit(":", 1)[1] == v for a in d.topics()) or f"no SNS topic {v}",
    # https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html
    # (Region; WebACL and Rule: the metric names of the web ACL's and the
    # rule's VisibilityConfig).
    "Region": lambda d, v, dims, ns: v == d.acct.client("sts").meta.region_name or f"region {v} is not {d.acct.client('sts').meta.region_name}",
    "WebACL": lambda d, v, dims, ns: v in d.web_acls() or f"no web ACL whose metric name is {v}",
    "Rule": _rule,
    # https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html
    # (CanaryName; Browser, CHROME or FIREFOX, of multi-browser canaries).
    "CanaryName": lambda d, v, dims, ns: v in d.canaries() or f"no canary {v}",
    "Browser": lambda d, v, dims, ns: v in ("CHROME", "FIREFOX") or f"no browser {v} (Synthetics' BrowserType: CHROME, FIREFOX)",
}


def check_alarms(acct):
    """Every CloudWatch alarm of the account, plain or metric math: (a) each
    metric's namespace, name and dimension names are a row of the table,
    with exactly one of its dimension sets; (b) each dimension's value
    resolves to what is deployed in the account (RESOLVERS); (c) its
    actions notify an existing SNS topic encrypted with an existing,
    enabled KMS key. Returns the number of alarms."""
    table = metric_table()
    d = _Deployed(acct)
    cw, sns, kms = acct.client("cloudwatch"), acct.client("sns"), acct.client("kms")
    alarms = cw.describe_alarms(AlarmTypes=["MetricAlarm"])["MetricAlarms"]
    check(alarms, f"{acct.account}: no CloudWatch alarm deployed (the library alarms by default)")
    keys = {}
    for a in alarms:
        at = f"{acct.account}: alarm {a['AlarmName']}"
        metrics = []
        if a.get("MetricName"):
            metrics.append((a.get("Namespace"), a["MetricName"], a.get("Dimensions") or []))
        for q in a.get("Metrics") or []:
            if "MetricStat" in q:
                m = q["MetricStat"]["Metric"]
                metrics.append((m.get("Namespace"), m.get("MetricName"), m.get("Dimensions") or []))
            else:
                check(q.get("Expression"), f"{at}: query {q.get('Id')} has neither a metric nor an expression")
        check(metrics, f"{at}: watches no metric")
        for ns, name, dims in metrics:
            names = sorted(x["Name"] for x in dims)
            sets = table.get((ns, name))
            check(sets is not None, f"{at}: metric {ns} {name} is not in the metric table")
            check(names in sets, f"{at}: metric {ns} {name} with dimensions {names}, the table has {sets}")
            values = {x["Name"]: x["Value"] for x in dims}
            for dim, value in values.items():
                resolve = RESOLVERS.get(dim)
                check(resolve, f"{at}: metric {ns} {name}: dimension {dim!r} has no resolver to a deployed resource (AWS documents no such dimension)")
                ok = resolve(d, value, values, ns)
                check(ok is True, f"{at}: metric {ns} {name}: dimension {dim} = {value!r}: {ok}")
        actions = a.get("AlarmActions", []) + a.get("OKActions", []) + a.get("InsufficientDataActions", [])
        check(a.get("AlarmActions"), f"{at}: no alarm action")
        for arn in actions:
            check(arn in d.topics(), f"{at}: action {arn} is no SNS topic of the account")
            if arn not in keys:
                key = sns.get_topic_attributes(TopicArn=arn)["Attributes"].get("KmsMasterKeyId")
                check(key, f"{at}: topic {arn} is not encrypted (no KmsMasterKeyId)")
                try:
                    state = kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"]
                except Exception as e:  # noqa: BLE001 - no such key
                    state = f"missing ({e})"
                keys[arn] = state
            check(keys[arn] == "Enabled", f"{at}: the key of topic {arn} is {keys[arn]}")
    return len(alarms)
