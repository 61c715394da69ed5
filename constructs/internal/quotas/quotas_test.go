package quotas

import (
	"strconv"
	"strings"
	"testing"
)

func TestJudge(t *testing.T) {
	for _, tc := range []struct {
		name  string
		usage Usage
		error bool
		want  string // "" for no finding
	}{
		{"below 80%", Usage{Quota: NLBsPerRegion, Of: "account 1 in us-west-2", Count: 39}, false, ""},
		{"at 80%", Usage{Quota: NLBsPerRegion, Of: "account 1 in us-west-2", Count: 40}, false,
			"Network Load Balancers per Region: 40 in account 1 in us-west-2, 80% of the default quota of 50 (Service Quotas elasticloadbalancing L-69A177A2)"},
		{"at the quota", Usage{Quota: RoutesPerAPI, Of: "API g/Api", Count: 300}, false, "Routes per HTTP API: 300 in API g/Api, 100% of the default quota of 300"},
		{"over an adjustable quota", Usage{Quota: InterfaceEndpointsPerVPC, Of: "VPC g/Network", Count: 152}, false,
			"Interface VPC endpoints per VPC: 152 in VPC g/Network, over the default quota of 50; the deploy fails unless the quota is raised first (Service Quotas vpc L-29B6F2EB)"},
		{"near a hard limit", Usage{Quota: ListenersPerNLB, Of: "load balancer g/LB", Count: 50}, false,
			"Listeners per Network Load Balancer: 50 in load balancer g/LB, 100% of the limit of 50, which AWS does not raise (Service Quotas elasticloadbalancing L-57A373D6)"},
		{"over a hard limit with a code", Usage{Quota: ListenersPerNLB, Of: "load balancer g/LB", Count: 51}, true,
			"Listeners per Network Load Balancer: 51 in load balancer g/LB, over the limit of 50, which AWS does not raise (Service Quotas elasticloadbalancing L-57A373D6)"},
		{"over a hard limit Service Quotas lacks", Usage{Quota: IntegrationsPerAPI, Of: "API g/Api", Count: 301}, true,
			"Integrations per HTTP API: 301 in API g/Api, over the limit of 300, which AWS does not raise (apigateway, which Service Quotas does not list (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html))"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Judge([]Usage{tc.usage})
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("findings %v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Error != tc.error || !strings.Contains(got[0].Message, tc.want) {
				t.Fatalf("findings %+v\nwant error=%v %q", got, tc.error, tc.want)
			}
		})
	}
}

// The table is what the AWS docs say; a change here is a reviewed change.
func TestTable(t *testing.T) {
	want := map[string]string{
		"Network Load Balancers per Region":            "50 adjustable L-69A177A2",
		"Listeners per Network Load Balancer":          "50 fixed L-57A373D6",
		"Target Groups per Region":                     "3000 adjustable L-B22855CB",
		"Interface VPC endpoints per VPC":              "50 adjustable L-29B6F2EB",
		"Inbound rules per security group":             "60 adjustable L-0EA8095F",
		"Outbound rules per security group":            "60 adjustable L-0EA8095F",
		"Routes per HTTP API":                          "300 adjustable L-65B5C802",
		"Integrations per HTTP API":                    "300 fixed ",
		"VPC links per account per Region (HTTP APIs)": "10 adjustable L-608BDCD4",
		"Subnets per VPC link":                         "10 adjustable L-668C9B28",
		"Resources per CloudFormation stack":           "500 fixed ",
		"Outputs per CloudFormation template":          "200 fixed ",
		"Parameters per CloudFormation template":       "200 fixed ",
	}
	if len(All) != len(want) {
		t.Fatalf("%d quotas, want %d", len(All), len(want))
	}
	for _, q := range All {
		adj := "fixed"
		if q.Adjustable {
			adj = "adjustable"
		}
		if got := strings.Join([]string{strconv.Itoa(q.Default), adj, q.Code}, " "); got != want[q.Name] {
			t.Errorf("%s: %q, want %q", q.Name, got, want[q.Name])
		}
		if !strings.HasPrefix(q.Doc, "https://docs.aws.amazon.com/") {
			t.Errorf("%s: no source", q.Name)
		}
	}
}
