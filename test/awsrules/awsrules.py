#!/usr/bin/env python3
"""Check CloudFormation templates against what AWS accepts (the table in rules.py).

cfn-lint and moto accept values AWS refuses: an apostrophe in a security group
rule's description passes both and fails the deployment with EC2's
InvalidParameterValue. This checker walks templates, checks every literal
string at a path the table has a rule for, and reports every string value at a
path the table does not cover at all.

  python3 test/awsrules/awsrules.py DIR_OR_TEMPLATE...   exit 1 on any violation or uncovered path
  python3 test/awsrules/awsrules.py --self-test          the checker's own cases and the table's claims
  python3 test/awsrules/awsrules.py --dump-json          the table as JSON

From Python (the rehearsal's emulator, the cfn-lint rule):

  sys.path.insert(0, "test/awsrules")
  import awsrules
  for v in awsrules.check_properties("AWS::EC2::SecurityGroupIngress", props):
      raise ClientError(v["code"], v["message"])   # AWS's error for the refused value

Values written with intrinsic functions: Fn::Join and Fn::Sub are checked
piecewise, their literal pieces against the row's character set ONLY (the
joined value is unknown); Ref, Fn::GetAtt, Fn::Select, Fn::ImportValue, ... are
skipped. Everything here is pure: no I/O but reading rules.py once.
"""

import json
import os
import re
import sys
import types
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

INTRINSICS = frozenset({
    "Ref", "Fn::GetAtt", "Fn::Join", "Fn::Sub", "Fn::Select", "Fn::Split", "Fn::ImportValue", "Fn::If",
    "Fn::GetAZs", "Fn::Base64", "Fn::FindInMap", "Fn::Cidr", "Fn::GetStackOutput", "Fn::Length",
    "Fn::ToJsonString", "Fn::Transform", "Fn::And", "Fn::Or", "Fn::Not", "Fn::Equals",
})

PSEUDO_TYPES = ("Template", "Output", "Parameter")

_table = None


def _load_rules_module():
    """rules.py, executed from source (no bytecode cache written next to it)."""
    path = os.path.join(HERE, "rules.py")
    with open(path, encoding="utf-8") as f:
        code = compile(f.read(), path, "exec")
    mod = types.ModuleType("awsrules_table")
    mod.__file__ = path
    exec(code, mod.__dict__)  # pylint: disable=exec-used
    return mod


def _split_path(path):
    segs = []
    for part in path.split(".") if path else []:
        brackets = 0
        while part.endswith("[]"):
            part = part[:-2]
            brackets += 1
        if part:
            segs.append(part)
        segs.extend(["[]"] * brackets)
    return segs


def join_path(segs):
    out = ""
    for s in segs:
        if s == "[]":
            out += "[]"
        else:
            out += ("." if out else "") + s
    return out


class _Charset:
    def __init__(self, spec):
        self.text = spec["text"]
        self.cls = re.compile(spec["class"])
        self.categories = tuple(spec.get("categories", ()))

    def allows(self, ch):
        if self.cls.fullmatch(ch):
            return True
        return bool(self.categories) and unicodedata.category(ch)[0] in self.categories

    def bad(self, s):
        seen = []
        for ch in s:
            if not self.allows(ch) and ch not in seen:
                seen.append(ch)
        return seen


class Table:
    def __init__(self, rows):
        self.rows = rows
        self.by_type = {}
        for row in rows:
            row["_segs"] = _split_path(row["path"])
            c = row.get("rule")
            if c is not None:
                if "charset" in c:
                    c["_charset"] = _Charset(c["charset"])
                if "pattern" in c:
                    c["_pattern"] = re.compile(c["pattern"])
            self.by_type.setdefault(row["type"], []).append(row)

    def rows_for(self, rtype, segs):
        """Rows that cover a value at segs of a resource of rtype."""
        out = []
        for row in self.by_type.get(rtype, ()):
            rs = row["_segs"]
            if row.get("subtree"):
                if len(rs) <= len(segs) and all(_seg_match(a, b) for a, b in zip(rs, segs)):
                    out.append(row)
            elif len(rs) == len(segs) and all(_seg_match(a, b) for a, b in zip(rs, segs)):
                out.append(row)
        return out


def _seg_match(row_seg, seg):
    if row_seg == "*":
        return seg != "[]"
    return row_seg == seg


def load_table():
    """The table, compiled (loaded once)."""
    global _table
    if _table is None:
        _table = Table(_load_rules_module().ROWS)
    return _table


# ----------------------------------------------------------------------------
# Walking values.
# ----------------------------------------------------------------------------

def _intrinsic(value):
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        if key in INTRINSICS:
            return key
    return None


def walk(value, segs=(), loc=()):
    """Yield (segs, loc, leaf) for each string or intrinsic-function value.
    segs: the property path ("[]" for list items); loc: the concrete keys and
    indexes."""
    if isinstance(value, str):
        yield list(segs), list(loc), value
    elif isinstance(value, dict):
        if _intrinsic(value):
            yield list(segs), list(loc), value
            return
        for k, v in value.items():
            yield from walk(v, tuple(segs) + (k,), tuple(loc) + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, tuple(segs) + ("[]",), tuple(loc) + (i,))


def literal_pieces(value):
    """The literal text of Fn::Join / Fn::Sub values (None for other intrinsics)."""
    fn = _intrinsic(value)
    if fn == "Fn::Join":
        args = value[fn]
        if not (isinstance(args, list) and len(args) == 2):
            return []
        delim, items = args
        pieces = []
        if isinstance(items, list) and len(items) > 1 and isinstance(delim, str) and delim:
            pieces.append(delim)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):
                pieces.append(item)
            else:
                sub = literal_pieces(item)
                pieces.extend(sub or [])
        return pieces
    if fn == "Fn::Sub":
        args = value[fn]
        text = args[0] if isinstance(args, list) and args else args
        if not isinstance(text, str):
            return []
        text = re.sub(r"\$\{!([^}]*)\}", lambda m: "${" + m.group(1) + "}", re.sub(r"\$\{[^!][^}]*\}", "\0", text))
        return [p for p in text.split("\0") if p]
    return None


# ----------------------------------------------------------------------------
# Checking one value against one row.
# ----------------------------------------------------------------------------

def _length(value, unit):
    return len(value.encode("utf-8")) if unit == "bytes" else len(value)


def _show_chars(chars):
    return ", ".join(repr(c) for c in chars)


def failures(row, value):
    """[(constraint, description)] of the row's rule the value breaks."""
    c = row["rule"]
    out = []
    fn = _intrinsic(value)
    if fn:
        if c.get("literal_only"):
            out.append(("literal", f"must be a literal string, not {fn}"))
            return out
        pieces = literal_pieces(value)
        if pieces is None:
            return out
        if "_charset" in c:
            bad = c["_charset"].bad("".join(pieces))
            if bad:
                out.append(("charset", f"characters allowed: {c['_charset'].text}; the literal pieces of {fn} "
                                       f"contain {_show_chars(bad)} (pieces checked against the character set only)"))
        return out
    if not isinstance(value, str):
        return out
    unit = c.get("unit", "characters")
    n = _length(value, unit)
    if "min" in c and n < c["min"]:
        out.append(("min", f"at least {c['min']} {unit} (found {n})"))
    if "max" in c and n > c["max"]:
        out.append(("max", f"at most {c['max']} {unit} (found {n})"))
    if "_charset" in c:
        bad = c["_charset"].bad(value)
        if bad:
            out.append(("charset", f"characters allowed: {c['_charset'].text} (found {_show_chars(bad)})"))
    if "_pattern" in c and not c["_pattern"].fullmatch(value):
        out.append(("pattern", f"must match {c.get('aws_pattern', c['pattern'])}"))
    if "enum" in c and value not in c["enum"]:
        out.append(("enum", "one of " + " | ".join(c["enum"])))
    if "prefix" in c and not value.startswith(c["prefix"]):
        out.append(("prefix", f"must start with {c['prefix']!r}"))
    for p in c.get("not_prefix", ()):
        if value.lower().startswith(p.lower()):
            out.append(("not_prefix", f"must not start with {p!r} (any case)"))
    if "contains_any" in c and not any(s in value for s in c["contains_any"]):
        out.append(("contains", "must contain " + " or ".join(c["contains_any"])))
    if c.get("single_line") and ("\n" in value or "\r" in value):
        out.append(("single_line", "must be a single line"))
    return out


_MODEL_CONSTRAINT = {
    "max": "Member must have length less than or equal to {max}",
    "min": "Member must have length greater than or equal to {min}",
    "charset": "Member must satisfy regular expression pattern: {pattern}",
    "pattern": "Member must satisfy regular expression pattern: {pattern}",
    "enum": "Member must satisfy enum value set: [{enum}]",
}


def aws_error(row, constraint, value, description):
    """(code, message, source) AWS answers when the constraint is broken."""
    e = row.get("error", {})
    c = row.get("rule", {})
    shown = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    fields = {
        "value": shown, "rule": description, "max": c.get("max"), "min": c.get("min"),
        "member": e.get("member", row["path"]),
        "pattern": c.get("aws_pattern") or (c.get("charset") or {}).get("text") or c.get("pattern"),
        "enum": ", ".join(c.get("enum", ())),
    }
    messages = e.get("messages", {})
    template = messages.get(constraint) or messages.get("*")
    source = e.get("source", "assumed")
    if template is None:
        if constraint in _MODEL_CONSTRAINT:
            template = ("1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
                        + _MODEL_CONSTRAINT[constraint])
            if source == "documented":
                source = "documented code, assumed message"
        else:
            template = "{member}: {rule}"
            source = "assumed"
    message = re.sub(r"\{(value|rule|max|min|member|pattern|enum)\}", lambda m: str(fields[m.group(1)]), template)
    return e.get("code", "(unknown)"), message, source


def _violation(row, segs, loc, value, constraint, description):
    code, message, source = aws_error(row, constraint, value, description)
    v = {
        "type": row["type"], "path": join_path(segs), "location": loc, "value": value,
        "constraint": constraint, "rule": description, "doc": row["doc"], "api": row.get("api", ""),
        "code": code, "message": message, "error_source": source,
        "error_refs": row.get("error", {}).get("refs", []),
    }
    if row.get("derived"):
        v["derived"] = row["derived"]
    return v


def check_value(rtype, segs, value, loc=()):
    """Violations of the value at segs (list, "[]" for items) of a resource of rtype,
    and whether any row covers it: (violations, covered)."""
    rows = load_table().rows_for(rtype, list(segs))
    out = []
    for row in rows:
        if "rule" not in row:
            continue
        for constraint, description in failures(row, value):
            out.append(_violation(row, segs, list(loc), value, constraint, description))
    return out, bool(rows)


def check_properties(resource_type, properties, logical_id=None):
    """Violations of a resource's Properties: the rule broken, the doc link and
    the error AWS answers ("code", "message"). Pure; uncovered paths are not
    violations here (see uncovered_paths)."""
    out = []
    for segs, loc, leaf in walk(properties or {}, (), ("Properties",)):
        vs, _ = check_value(resource_type, segs, leaf, loc)
        for v in vs:
            v["logical_id"] = logical_id
        out.extend(vs)
    return out


def _template_values(template):
    """(type, logical_id, segs, loc, value) of every string value a template writes."""
    if isinstance(template.get("Description"), (str, dict)):
        yield "Template", None, ["Description"], ["Description"], template["Description"]
    for lid, res in (template.get("Resources") or {}).items():
        if not isinstance(res, dict):
            continue
        rtype = res.get("Type", "?")
        for segs, loc, leaf in walk(res.get("Properties") or {}, (), ("Resources", lid, "Properties")):
            yield rtype, lid, segs, loc, leaf
    for section, pseudo in (("Outputs", "Output"), ("Parameters", "Parameter")):
        for name, body in (template.get(section) or {}).items():
            if isinstance(body, dict):
                for segs, loc, leaf in walk(body, (), (section, name)):
                    yield pseudo, name, segs, loc, leaf


def check_template(template):
    """(violations, uncovered) of a parsed template. uncovered: {(type, path): example value}."""
    violations, uncovered = [], {}
    for rtype, lid, segs, loc, leaf in _template_values(template):
        vs, covered = check_value(rtype, segs, leaf, loc)
        for v in vs:
            v["logical_id"] = lid
        violations.extend(vs)
        if not covered:
            uncovered.setdefault((rtype, join_path(segs)), leaf)
    return violations, uncovered


def display_type(rtype, path):
    return f"{rtype}::{path}" if rtype in PSEUDO_TYPES else f"{rtype} {path}"


def format_violation(v, template=None):
    where = (f"template {template}, " if template else "") + (
        f"resource {v['logical_id']}" if v["type"] not in PSEUDO_TYPES else
        (f"{v['type'].lower()} {v['logical_id']}" if v.get("logical_id") else "template"))
    value = v["value"] if isinstance(v["value"], str) else json.dumps(v["value"], sort_keys=True)
    lines = [
        f"VIOLATION {where}: {display_type(v['type'], v['path'])}",
        f"  value:   {value!r}" if isinstance(v["value"], str) else f"  value:   {value}",
        f"  rule:    {v['rule']}",
        f"  doc:     {v['doc']}",
        f"  AWS:     {v['code']}: {v['message']}  [{v['error_source']}"
        + (": " + ", ".join(v["error_refs"]) if v["error_refs"] else "") + "]",
    ]
    if v.get("derived"):
        lines.append(f"  derived: {v['derived']}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------
# The table's own checks.
# ----------------------------------------------------------------------------

def _cfnlint_schema_node(rtype, path):
    """The cfn-lint schema node at a property path, or None if not resolvable."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER  # pylint: disable=import-outside-toplevel
    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", rtype).schema

    def resolve(node):
        for _ in range(20):
            if not (isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/")):
                break
            target = schema
            for p in node["$ref"][2:].split("/"):
                target = target[p]
            merged = dict(target)
            merged.update({k: v for k, v in node.items() if k != "$ref"})
            node = merged
        return node

    node = {"properties": schema.get("properties", {})}
    for seg in _split_path(path):
        node = resolve(node)
        if seg == "[]":
            node = node.get("items", {})
            continue
        if seg in node.get("properties", {}):
            node = node["properties"][seg]
            continue
        for alt in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
            alt = resolve(alt)
            if seg in alt.get("properties", {}):
                node = alt["properties"][seg]
                break
        else:
            return None
    return resolve(node)


def verify_table(check_cfnlint=True):
    """Problems with the table itself: malformed rows, duplicate paths, claims
    about cfn-lint's schemas that cfn-lint 1.x does not make."""
    problems = []
    table = load_table()
    seen = set()
    for row in table.rows:
        key = (row["type"], row["path"])
        if key in seen:
            problems.append(f"duplicate row {display_type(*key)}")
        seen.add(key)
        if not str(row.get("doc", "")).startswith("https://"):
            problems.append(f"{display_type(*key)}: doc is not an https URL: {row.get('doc')!r}")
        if ("rule" in row) == ("no_rule" in row):
            problems.append(f"{display_type(*key)}: a row has either a rule or a no_rule reason")
        if "rule" in row:
            if not row["rule"] or set(row["rule"]) <= {"unit"}:
                problems.append(f"{display_type(*key)}: empty rule")
            if not row.get("error", {}).get("code"):
                problems.append(f"{display_type(*key)}: rule without the AWS error")
    if check_cfnlint:
        try:
            import cfnlint.schema  # noqa: F401 pylint: disable=import-outside-toplevel,unused-import
        except ImportError:
            return problems
        for row in table.rows:
            kw = row.get("cfnlint")
            if not kw or row["type"] in PSEUDO_TYPES:
                continue
            try:
                node = _cfnlint_schema_node(row["type"], row["path"])
            except Exception as exc:  # pylint: disable=broad-except
                problems.append(f"{display_type(row['type'], row['path'])}: cfn-lint schema: {exc}")
                continue
            if node is None or kw not in node:
                problems.append(f"{display_type(row['type'], row['path'])}: the table says cfn-lint checks {kw}, "
                                f"cfn-lint's schema has no {kw} there")
    return problems


def self_test():
    """The checker's own cases; returns the failures."""
    bad = []

    def expect(label, got, want):
        if got != want:
            bad.append(f"{label}: got {got!r}, want {want!r}")

    vs = check_properties("AWS::EC2::SecurityGroupIngress", {"Description": "listener ports from the gateway's VPC link"})
    expect("apostrophe in a rule description", [(v["constraint"], v["code"]) for v in vs],
           [("charset", "InvalidParameterValue")])
    expect("its message", vs[0]["message"].startswith("Invalid rule description.") if vs else None, True)
    expect("clean rule description", check_properties("AWS::EC2::SecurityGroupIngress",
                                                      {"Description": "from 10.0.0.0/16:443 & more"}), [])
    vs = check_properties("AWS::EC2::SecurityGroup", {"SecurityGroupEgress": [{"Description": "x" * 256}]})
    expect("rule description too long", [(v["path"], v["constraint"]) for v in vs],
           [("SecurityGroupEgress[].Description", "max")])
    vs = check_properties("AWS::EC2::SecurityGroupIngress",
                          {"Description": {"Fn::Join": ["", ["port ", {"Ref": "P"}, " from peer's VPC"]]}})
    expect("Fn::Join literal pieces", [v["constraint"] for v in vs], ["charset"])
    vs = check_properties("AWS::EC2::SecurityGroupIngress", {"Description": {"Fn::Sub": "from ${Peer} only"}})
    expect("Fn::Sub literal pieces", vs, [])
    expect("Ref is skipped", check_properties("AWS::EC2::SecurityGroupIngress", {"Description": {"Ref": "X"}}), [])
    vs = check_properties("AWS::EC2::VPC", {"Tags": [{"Key": "AWS:owner", "Value": "x"}]})
    expect("aws: tag prefix", [v["constraint"] for v in vs], ["not_prefix"])
    vs = check_properties("AWS::IAM::Role", {"RoleName": "my role"})
    expect("IAM role name", [(v["constraint"], v["code"]) for v in vs], [("charset", "ValidationError"),
                                                                         ("pattern", "ValidationError")])
    expect("IAM message", vs[0]["message"] if vs else None,
           "1 validation error detected: Value 'my role' at 'roleName' failed to satisfy constraint: "
           "Member must satisfy regular expression pattern: [\\w+=,.@-]+")
    vs = check_properties("AWS::IAM::Role", {"Description": "What todo\u2019s instances may do"})
    expect("IAM role description: typographic apostrophe", [v["constraint"] for v in vs], ["charset"])
    vs, _ = check_template({"Description": "x" * 1025, "Resources": {}})
    expect("template description", [(v["type"], v["constraint"], v["code"]) for v in vs],
           [("Template", "max", "ValidationError")])
    vs, _ = check_template({"Description": "é" * 600, "Resources": {}})
    expect("template description counts bytes", [v["constraint"] for v in vs], ["max"])
    vs, _ = check_template({"Outputs": {"O": {"Description": {"Fn::Join": ["", ["a", "b"]]}, "Value": "v"}}})
    expect("output description must be literal", [v["constraint"] for v in vs], ["literal"])
    _, unc = check_template({"Resources": {"R": {"Type": "AWS::EC2::SecurityGroupIngress",
                                                 "Properties": {"Description": "ok", "Unknown": "x", "N": 3}}}})
    expect("coverage", sorted(unc), [("AWS::EC2::SecurityGroupIngress", "Unknown")])
    _, unc = check_template({"Resources": {"R": {"Type": "AWS::IAM::Policy", "Properties": {
        "PolicyName": "p", "PolicyDocument": {"Statement": [{"Action": ["s3:GetObject"], "Resource": "*"}]}}}}})
    expect("subtree rows cover policy documents", unc, {})
    vs = check_properties("AWS::ApiGatewayV2::Stage", {"AccessLogSettings": {"Format": '{"ip":"$context.identity"}'}})
    expect("access log format needs the request ID", [v["constraint"] for v in vs], ["contains"])
    vs = check_properties("AWS::ElasticLoadBalancingV2::TargetGroup", {"HealthCheckPath": "health"})
    expect("health check path", [v["constraint"] for v in vs], ["prefix"])
    vs = check_properties("AWS::CertificateManager::Certificate", {"DomainName": "a" * 60 + ".example.com"})
    expect("certificate common name", [v["constraint"] for v in vs], ["max"])
    vs = check_properties("AWS::CloudFormation::Stack", {"Parameters": {"p": "x" * 5000}})
    expect("nested stack parameter (wildcard path)", [v["path"] for v in vs], ["Parameters.p"])
    return bad


# ----------------------------------------------------------------------------
# CLI
# ----------------------------------------------------------------------------

def find_templates(paths):
    """[(file, display name)]: the given files, and every *.template.json under
    the given directories (named after the directory, e.g. tls/gateway.template.json)."""
    found = []
    for p in paths:
        if os.path.isfile(p):
            found.append((p, p))
            continue
        base = os.path.dirname(os.path.abspath(p).rstrip(os.sep))
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("asset."))
            for f in sorted(files):
                if f.endswith(".template.json"):
                    full = os.path.join(root, f)
                    found.append((full, os.path.relpath(os.path.abspath(full), base)))
    return found


def main(argv):
    import argparse  # pylint: disable=import-outside-toplevel
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="cloud assembly directories or template files")
    ap.add_argument("--self-test", action="store_true", help="run the checker's own cases and verify the table")
    ap.add_argument("--no-verify", action="store_true", help="skip verifying the table against cfn-lint's schemas")
    ap.add_argument("--dump-json", action="store_true", help="print the table as JSON")
    args = ap.parse_args(argv)

    table = load_table()
    if args.dump_json:
        rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in table.rows]
        for r in rows:
            if "rule" in r:
                r["rule"] = {k: v for k, v in r["rule"].items() if not k.startswith("_")}
        json.dump(rows, sys.stdout, indent=1)
        print()
        return 0

    status = 0
    if args.self_test or not args.no_verify:
        problems = verify_table(check_cfnlint=not args.no_verify)
        if args.self_test:
            problems += self_test()
        for p in problems:
            print(f"TABLE {p}")
        if problems:
            status = 1
        elif args.self_test:
            print(f"awsrules: self-test passed ({len(table.rows)} rows)")
    if not args.paths:
        return status

    templates = find_templates(args.paths)
    if not templates:
        print("awsrules: no *.template.json under " + " ".join(args.paths))
        return 1
    n_values = n_violations = 0
    uncovered = {}
    for path, name in templates:
        with open(path, encoding="utf-8") as f:
            template = json.load(f)
        violations, unc = check_template(template)
        n_values += sum(1 for _ in _template_values(template))
        for v in violations:
            print(format_violation(v, name))
        n_violations += len(violations)
        for key, example in unc.items():
            uncovered.setdefault(key, (name, example))
    for (rtype, path), (name, example) in sorted(uncovered.items()):
        shown = example if isinstance(example, str) else json.dumps(example, sort_keys=True)
        print(f"UNCOVERED {display_type(rtype, path)} (e.g. {shown[:80]!r} in {name}): the table has no row for "
              f"this path; add one to test/awsrules/rules.py")
    types = {r["type"] for r in table.rows}
    print(f"awsrules: {len(templates)} templates, {n_values} string values, table of {len(table.rows)} rows over "
          f"{len(types)} types: {n_violations} violations, {len(uncovered)} uncovered paths")
    if n_violations or uncovered:
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
