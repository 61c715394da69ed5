// Package azid knows Availability Zone IDs, the contract between the two
// sides of a PrivateLink service.
//
// AZ names (us-west-2a) map to different physical zones in every account; AZ
// IDs (usw2-az1) do not. A consumer can only place an interface endpoint in
// the zones its provider's load balancer covers, so providers and consumers
// in different accounts must agree on zones by ID. aws-cdk-lib's ec2.Vpc
// places subnets by name only (aws-cdk issue 28265), which is why the VPCs of
// this library are built from AWS::EC2::Subnet's AvailabilityZoneId.
//
// The package is pure Go (no jsii), so apps validate their configuration with
// it before any construct exists.
//
// # Defaults
//
// Defaults returns, for each supported region, the AZ IDs where everything
// this library builds works: subnets, Fargate, network load balancers,
// interface endpoints and API Gateway VPC links. The list is the AZ table of
// "Set up VPC links V2 in API Gateway" (API Gateway Developer Guide,
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html,
// section "Availability by Region"), read on 2026-11-23. It leaves out the
// zones that do not serve VPC links, such as use1-az3, which Fargate does not
// serve either.
//
// | region | default AZ IDs |
// | --- | --- |
// | us-east-1 | use1-az1 use1-az2 use1-az4 use1-az5 use1-az6 |
// | us-east-2 | use2-az1 use2-az2 use2-az3 |
// | us-west-1 | usw1-az1 usw1-az3 |
// | us-west-2 | usw2-az1 usw2-az2 usw2-az3 usw2-az4 |
// | ca-central-1 | cac1-az1 cac1-az2 |
// | sa-east-1 | sae1-az1 sae1-az2 sae1-az3 |
// | eu-central-1 | euc1-az1 euc1-az2 euc1-az3 |
// | eu-west-1 | euw1-az1 euw1-az2 euw1-az3 |
// | eu-west-2 | euw2-az1 euw2-az2 euw2-az3 |
// | eu-west-3 | euw3-az1 euw3-az3 |
// | eu-south-2 | eus2-az1 eus2-az2 eus2-az3 |
// | eu-north-1 | eun1-az1 eun1-az2 eun1-az3 |
// | me-south-1 | mes1-az1 mes1-az2 mes1-az3 |
// | ap-east-1 | ape1-az2 ape1-az3 |
// | ap-south-1 | aps1-az1 aps1-az2 aps1-az3 |
// | ap-northeast-1 | apne1-az1 apne1-az2 apne1-az4 |
// | ap-northeast-2 | apne2-az1 apne2-az2 apne2-az3 |
// | ap-southeast-1 | apse1-az1 apse1-az2 apse1-az3 |
// | ap-southeast-2 | apse2-az1 apse2-az2 apse2-az3 |
// | us-gov-west-1 | usgw1-az1 usgw1-az2 usgw1-az3 |
//
// In any other region, give the AZ IDs explicitly (aws ec2
// describe-availability-zones shows them); they are checked against the
// region's code (ZoneId prefix, such as apse3 for ap-southeast-3).
package azid

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// vpcLinkZones is the table in the package doc: API Gateway's VPC link AZ
// IDs by region, which are also the library's defaults.
var vpcLinkZones = map[string][]string{
	"us-east-1":      {"use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"},
	"us-east-2":      {"use2-az1", "use2-az2", "use2-az3"},
	"us-west-1":      {"usw1-az1", "usw1-az3"},
	"us-west-2":      {"usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"},
	"ca-central-1":   {"cac1-az1", "cac1-az2"},
	"sa-east-1":      {"sae1-az1", "sae1-az2", "sae1-az3"},
	"eu-central-1":   {"euc1-az1", "euc1-az2", "euc1-az3"},
	"eu-west-1":      {"euw1-az1", "euw1-az2", "euw1-az3"},
	"eu-west-2":      {"euw2-az1", "euw2-az2", "euw2-az3"},
	"eu-west-3":      {"euw3-az1", "euw3-az3"},
	"eu-south-2":     {"eus2-az1", "eus2-az2", "eus2-az3"},
	"eu-north-1":     {"eun1-az1", "eun1-az2", "eun1-az3"},
	"me-south-1":     {"mes1-az1", "mes1-az2", "mes1-az3"},
	"ap-east-1":      {"ape1-az2", "ape1-az3"},
	"ap-south-1":     {"aps1-az1", "aps1-az2", "aps1-az3"},
	"ap-northeast-1": {"apne1-az1", "apne1-az2", "apne1-az4"},
	"ap-northeast-2": {"apne2-az1", "apne2-az2", "apne2-az3"},
	"ap-southeast-1": {"apse1-az1", "apse1-az2", "apse1-az3"},
	"ap-southeast-2": {"apse2-az1", "apse2-az2", "apse2-az3"},
	"us-gov-west-1":  {"usgw1-az1", "usgw1-az2", "usgw1-az3"},
}

// Regions lists the regions with defaults, sorted.
func Regions() []string {
	out := make([]string, 0, len(vpcLinkZones))
	for r := range vpcLinkZones {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Defaults returns a copy of the region's default AZ IDs, or an error naming
// the supported regions.
func Defaults(region string) ([]string, error) {
	ids, ok := vpcLinkZones[region]
	if !ok {
		return nil, fmt.Errorf("region %q has no default AZ IDs in this library (it knows %s): give the AZ IDs explicitly, such as %s-az1", region, strings.Join(Regions(), ", "), orUnknown(Code(region)))
	}
	return slices.Clone(ids), nil
}

// VpcLink returns the AZ IDs where API Gateway HTTP API VPC links work in the
// region, and whether the region is in the table.
func VpcLink(region string) ([]string, bool) {
	ids, ok := vpcLinkZones[region]
	return slices.Clone(ids), ok
}

// directions abbreviate the middle words of region names as AWS does in
// zone IDs: us-west-2 is usw2, ap-southeast-2 is apse2, us-gov-west-1 usgw1.
var directions = map[string]string{
	"north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
	"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw", "gov": "g",
}

var regionRe = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d{1,2}$`)

// Code returns the zone-ID prefix of a region (usw2 for us-west-2), or "" when
// the region's name is not of the usual form.
func Code(region string) string {
	if !regionRe.MatchString(region) {
		return ""
	}
	parts := strings.Split(region, "-")
	code := parts[0]
	for _, w := range parts[1 : len(parts)-1] {
		d, ok := directions[w]
		if !ok {
			return ""
		}
		code += d
	}
	return code + parts[len(parts)-1]
}

func orUnknown(code string) string {
	if code == "" {
		return "<code>"
	}
	return code
}

var idRe = regexp.MustCompile(`^([a-z]+[0-9]+)-az([0-9]+)$`)

// Check reports whether id is an AZ ID, in region when region is not empty.
func Check(region, id string) error {
	m := idRe.FindStringSubmatch(id)
	if m == nil {
		return fmt.Errorf("%q: want an AZ ID such as %s-az1 (aws ec2 describe-availability-zones shows ZoneId), not an AZ name", id, orUnknown(Code(region)))
	}
	if code := Code(region); region != "" && code != "" && m[1] != code {
		return fmt.Errorf("%q: not an AZ ID of %s, whose AZ IDs start with %s-", id, region, code)
	}
	return nil
}

// Number returns the zone number of a valid AZ ID: 3 for usw2-az3.
func Number(id string) int {
	m := idRe.FindStringSubmatch(id)
	if m == nil {
		return 0
	}
	n := 0
	fmt.Sscan(m[2], &n)
	return n
}

// Missing returns the members of want that have is lacks, in want's order.
func Missing(want, have []string) []string {
	var out []string
	for _, id := range want {
		if !slices.Contains(have, id) {
			out = append(out, id)
		}
	}
	return out
}
