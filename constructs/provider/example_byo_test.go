package provider_test

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
)

// A Kubernetes service on EKS, published over PrivateLink. The AWS Load
// Balancer Controller makes the network load balancer from a Service of
// type LoadBalancer:
//
//	apiVersion: v1
//	kind: Service
//	metadata:
//	  name: shop
//	  annotations:
//	    service.beta.kubernetes.io/aws-load-balancer-type: external
//	    service.beta.kubernetes.io/aws-load-balancer-scheme: internal
//	    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
//	spec:
//	  type: LoadBalancer
//	  ports: [{port: 8443, targetPort: 8443, protocol: TCP}]
//	  selector: {app: shop}
//
// Its ARN (kubectl get service shop -o
// jsonpath='{.status.loadBalancer.ingress[0].hostname}', then aws elbv2
// describe-load-balancers) and the AZ IDs of the cluster's subnets are
// given to the app, for example as context; nothing is looked up at synth.
// The controller owns the load balancer, its listeners and target groups:
// the app adds only the endpoint service, whose Contract consumers take.
// When the controller gives the load balancer security groups (its
// default in recent versions), their inbound rules apply to PrivateLink
// traffic as long as EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic
// is on, ELB's default: turn it off once (aws elbv2 set-security-groups
// ... --enforce-security-group-inbound-rules-on-private-link-traffic off),
// as this library's own load balancers do, and let the allow-list and
// connection acceptance decide who connects. Delete the endpoint service
// (this stack) before the Service: ELB refuses to delete a load balancer
// an endpoint service uses.
func ExampleNewEndpointService_eks() {
	s := stack("shop")
	nlb := elbv2.NetworkLoadBalancer_FromNetworkLoadBalancerAttributes(s, jsii.String("ShopNlb"), &elbv2.NetworkLoadBalancerAttributes{
		LoadBalancerArn: jsii.String("arn:aws:elasticloadbalancing:us-west-2:222222222222:loadbalancer/net/k8s-default-shop-0123456789/0123456789abcdef"),
	})
	shop := provider.NewEndpointService(s, jsii.String("Shop"), &provider.EndpointServiceProps{
		EndpointServiceOptions: provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		LoadBalancers:          []elbv2.INetworkLoadBalancer{nlb},
		Port:                   jsii.Number(8443),
		AvailabilityZoneIds:    []string{"usw2-az1", "usw2-az2", "usw2-az3"},
	})
	c := shop.Contract()
	fmt.Println("port:", *c.Port, "zones:", strings.Join(c.AvailabilityZoneIds, " "))
	services := assertions.Template_FromStack(s, nil).FindResources(jsii.String("AWS::EC2::VPCEndpointService"), nil)
	for _, r := range *services {
		fmt.Println("load balancers:", (*r)["Properties"].(map[string]any)["NetworkLoadBalancerArns"])
	}
	// Output:
	// port: 8443 zones: usw2-az1 usw2-az2 usw2-az3
	// load balancers: [arn:aws:elasticloadbalancing:us-west-2:222222222222:loadbalancer/net/k8s-default-shop-0123456789/0123456789abcdef]
}

// An internal ALB that routes by path to two services, published over
// PrivateLink: the network load balancer forwards TCP on port 80 to the
// ALB's listener on the same port and checks its health over HTTP.
func ExampleNewAlbProvider() {
	s := stack("shop")
	network := provider.NewProviderVpc(s, jsii.String("Network"), nil)
	shop := provider.NewAlbProvider(s, jsii.String("Shop"), &provider.AlbProviderProps{ProviderOptions: provider.ProviderOptions{
		Vpc:             network.Vpc,
		Port:            jsii.Number(80),
		HealthCheckPath: jsii.String("/health"),
		EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
	}})
	for i, path := range []string{"/cart/*", "/catalog/*"} {
		// Filled by their services: ECS services, or the AWS Load Balancer
		// Controller's TargetGroupBinding.
		group := elbv2.NewApplicationTargetGroup(s, jsii.String(fmt.Sprint("Group", i)), &elbv2.ApplicationTargetGroupProps{
			Vpc: network.Vpc, Port: jsii.Number(8080), Protocol: elbv2.ApplicationProtocol_HTTP, TargetType: elbv2.TargetType_IP,
		})
		shop.AddRoute(fmt.Sprint("Route", i), &provider.AlbRouteProps{
			Priority: jsii.Number(float64(10 * (i + 1))), PathPatterns: []string{path}, TargetGroup: group,
		})
	}
	fmt.Println("port:", *shop.Contract().Port)
	// Two routes, and the rule that answers the network load balancer's
	// health checks.
	printResources(s, "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::ListenerRule")
	// Output:
	// port: 80
	// AWS::ElasticLoadBalancingV2::ListenerRule: 3
	// AWS::ElasticLoadBalancingV2::LoadBalancer: 2
}

// Servers on premises, reached over Site-to-Site VPN or Direct Connect,
// published over PrivateLink on port 443; they serve on 8443.
func ExampleNewIpProvider() {
	s := stack("ledger")
	network := provider.NewProviderVpc(s, jsii.String("Network"), nil)
	ledger := provider.NewIpProvider(s, jsii.String("Ledger"), &provider.IpProviderProps{
		ProviderOptions: provider.ProviderOptions{
			Vpc:             network.Vpc,
			Port:            jsii.Number(443),
			TargetPort:      jsii.Number(8443),
			EndpointService: provider.EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		},
		ExternalAddresses: []string{"192.168.10.5", "192.168.10.6"},
	})
	fmt.Println("port:", *ledger.Contract().Port, "targets on:", *ledger.Connections().DefaultPort().ToString())
	// Output:
	// port: 443 targets on: 8443
}
