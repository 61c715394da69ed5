package metrics

import "testing"

// TestConsumerRows pins the rows the consumer side reads to AWS's
// spelling (names with spaces for AWS/PrivateLinkEndpoints, 5xx not
// 5XXError for HTTP APIs): a changed name or dimension fails here.
func TestConsumerRows(t *testing.T) {
	endpoint := []string{"Endpoint Type", "Service Name", "VPC Endpoint Id", "VPC Id"}
	for _, tc := range []struct {
		namespace, name string
		dims            []string
	}{
		{"AWS/PrivateLinkEndpoints", "ActiveConnections", endpoint},
		{"AWS/PrivateLinkEndpoints", "NewConnections", endpoint},
		{"AWS/PrivateLinkEndpoints", "PacketsDropped", endpoint},
		{"AWS/PrivateLinkEndpoints", "RstPacketsReceived", endpoint},
		{"AWS/PrivateLinkEndpoints", "BytesProcessed", append([]string{"Subnet Id"}, endpoint...)},
		{"AWS/ApiGateway", "5xx", []string{"ApiId", "Stage"}},
		{"AWS/ApiGateway", "4xx", []string{"ApiId"}},
		{"AWS/ApiGateway", "Count", []string{"ApiId", "Stage"}},
		{"AWS/ApiGateway", "Latency", []string{"Stage", "ApiId"}},
		{"AWS/ApiGateway", "IntegrationLatency", []string{"ApiId", "Stage"}},
		{"AWS/NetworkELB", "HealthyHostCount", []string{"LoadBalancer", "TargetGroup"}},
		{"AWS/ApplicationELB", "HealthyHostCount", []string{"LoadBalancer", "TargetGroup"}},
		{"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", []string{"LoadBalancer", "TargetGroup"}},
		{"AWS/ApplicationELB", "RequestCount", []string{"TargetGroup", "LoadBalancer"}},
		{"AWS/ApplicationELB", "TargetResponseTime", []string{"LoadBalancer", "TargetGroup"}},
		{"AWS/WAFV2", "BlockedRequests", []string{"Region", "Rule", "WebACL"}},
		{"CdkPrivateLink/Gateway", "Http429", []string{"ApiId"}},
	} {
		if err := Allows(tc.namespace, tc.name, tc.dims); err != nil {
			t.Errorf("Allows(%s, %s, %q): %v", tc.namespace, tc.name, tc.dims, err)
		}
	}
	// What AWS does not publish is refused.
	for _, tc := range []struct {
		namespace, name string
		dims            []string
	}{
		{"AWS/PrivateLinkEndpoints", "PacketsDropped", []string{"VPC Endpoint Id"}},                                          // all four, or five
		{"AWS/PrivateLinkEndpoints", "PacketsDropped", []string{"VpcEndpointId", "Endpoint Type", "Service Name", "VPC Id"}}, // no spaces
		{"AWS/ApiGateway", "5XXError", []string{"ApiId", "Stage"}},                                                           // REST API's name
		{"AWS/ApiGateway", "5xx", []string{"ApiId", "Route", "Stage"}},                                                       // per route is Method and Resource
		{"AWS/NetworkELB", "HealthyHostCount", []string{"TargetGroup"}},                                                      // with its LoadBalancer
		{"AWS/WAFV2", "BlockedRequests", []string{"Rule", "WebACL"}},                                                         // Region for a regional web ACL
	} {
		if err := Allows(tc.namespace, tc.name, tc.dims); err == nil {
			t.Errorf("Allows(%s, %s, %q): nil, want a refusal", tc.namespace, tc.name, tc.dims)
		}
	}
}
