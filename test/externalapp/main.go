// Command externalapp is how another team uses the library: its own Go
// module (a replace directive points at this repository, as a go get of a
// release would), its own accounts and regions, an imported VPC, and no
// cdk.context.json. `make test` synthesizes it with the CDK CLI and lints
// its templates.
//
//   - orders-provider (eu-central-1): an Ec2Provider on port 9000 in a VPC
//     the team already has, whose subnets' AZ IDs it declares, serving TLS
//     with the team's own certificate and re-encrypting to its instances.
//   - orders-consumer (eu-central-1, another account): an endpoint with a
//     private zone name, no gateway.
//   - orders-consumer-us (us-east-1): a cross-region endpoint.
//   - orders-api (eu-central-1): a gateway with an IAM authorizer, HTTPS to
//     the provider, and its own domain with mutual TLS.
//   - orders-on-shared-gateway (us-west-2, the platform team's gateway
//     account): a route on a gateway another app made (the example's),
//     brought in by its outputs, to an endpoint the platform team made by
//     hand, brought in by its attributes.
//
// The consumers take the provider's Contract() as it is, so the port is
// said once, by the provider; its name and zones are carried: aws-cdk-lib carries them across accounts and regions
// (Fn::GetStackOutput with a role in the provider's stack that trusts each
// consumer account's CloudFormation execution role by name). IAM refuses a
// trust policy naming a role that does not exist, so every consumer
// account is bootstrapped in its region before the provider deploys; and
// that role's name is fixed per stack, so the provider deploys in one
// region of its account. The example app uses the library's
// provider.OutputReader instead, which has neither constraint.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	apigw "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	authorizers "github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/consumer"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/provider"
)

const (
	providerAccount = "210000000001"
	consumerAccount = "210000000002"
	usAccount       = "210000000003"
	apiAccount      = "210000000004"
	// gatewayAccount is the platform team's, whose gateway another app made.
	gatewayAccount = "210000000005"
)

func stack(app awscdk.App, name, account, region string) awscdk.Stack {
	return awscdk.NewStack(app, jsii.String(name), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)},
	})
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	build(app)
	app.Synth(nil)
}

// build adds the team's stacks to app.
func build(app awscdk.App) {

	// The provider, in the team's existing VPC.
	ps := stack(app, "orders-provider", providerAccount, "eu-central-1")
	vpc := ec2.Vpc_FromVpcAttributes(ps, jsii.String("Existing"), &ec2.VpcAttributes{
		VpcId:                      jsii.String("vpc-0a1b2c3d4e5f60718"),
		VpcCidrBlock:               jsii.String("172.31.0.0/16"),
		AvailabilityZones:          jsii.Strings("eu-central-1a", "eu-central-1b"),
		PrivateSubnetIds:           jsii.Strings("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"),
		PrivateSubnetRouteTableIds: jsii.Strings("rtb-0a1b2c3d4e5f60001", "rtb-0a1b2c3d4e5f60002"),
	})
	// The team's own image has the orders service installed (serving TLS
	// on 9000 with its certificate); the user data only starts it. The
	// existing VPC's private subnets reach AWS's APIs through the team's NAT
	// gateways, so the instances' readiness signal reaches CloudFormation.
	userData := ec2.UserData_ForLinux(nil)
	userData.AddCommands(jsii.String("systemctl enable --now orders"))
	orders := provider.NewEc2Provider(ps, jsii.String("Orders"), &provider.Ec2ProviderProps{
		MachineImage: ec2.MachineImage_GenericLinux(&map[string]*string{"eu-central-1": jsii.String("ami-0a1b2c3d4e5f60718")}, nil),
		InstanceType: ec2.InstanceType_Of(ec2.InstanceClass_T4G, ec2.InstanceSize_SMALL),
		ProviderOptions: provider.ProviderOptions{
			Vpc:  vpc,
			Port: jsii.Number(9000),
			// CDK cannot know an imported subnet's AZ ID: say it, so
			// consumers are checked against it.
			AvailabilityZoneIds: []string{"euc1-az1", "euc1-az2"},
			HealthCheckPath:     jsii.String("/healthz"),
			EndpointService: provider.EndpointServiceOptions{
				AllowedPrincipals: []string{consumerAccount, usAccount, apiAccount},
				AllowedRegions:    []string{"us-east-1"},
			},
			// The team's certificate; the private DNS name is verified by
			// hand, as its DNS lives outside AWS.
			Tls: &provider.TlsOptions{
				DomainName:          jsii.String("orders.shop.example"),
				Certificate:         acm.Certificate_FromCertificateArn(ps, jsii.String("OrdersCert"), jsii.String("arn:aws:acm:eu-central-1:210000000001:certificate/7c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f")),
				TargetsTerminateTls: jsii.Bool(true),
			},
		},
		UserData: userData,
	})

	// A plain consumer with a stable name.
	cs := stack(app, "orders-consumer", consumerAccount, "eu-central-1")
	cvpc := consumer.NewConsumerVpc(cs, jsii.String("Network"), &consumer.ConsumerVpcProps{Cidr: jsii.String("10.8.0.0/20")})
	ep := consumer.NewServiceEndpoint(cs, jsii.String("Orders"), &consumer.ServiceEndpointProps{
		Vpc: cvpc.Vpc, Service: orders.Contract(),
	})
	zone := consumer.NewPrivateZone(cs, jsii.String("Names"), &consumer.PrivateZoneProps{ZoneName: jsii.String("shop.internal"), Vpc: cvpc.Vpc})
	zone.AddEndpoint("orders", ep)

	// A consumer in another region.
	us := stack(app, "orders-consumer-us", usAccount, "us-east-1")
	usVpc := consumer.NewConsumerVpc(us, jsii.String("Network"), nil)
	consumer.NewServiceEndpoint(us, jsii.String("Orders"), &consumer.ServiceEndpointProps{
		Vpc: usVpc.Vpc, Service: orders.Contract(), ServiceRegion: jsii.String("eu-central-1"),
	})

	// An API in front, callers signing with SigV4.
	as := stack(app, "orders-api", apiAccount, "eu-central-1")
	avpc := consumer.NewConsumerVpc(as, jsii.String("Network"), nil)
	aep := consumer.NewServiceEndpoint(as, jsii.String("Orders"), &consumer.ServiceEndpointProps{
		Vpc: avpc.Vpc, Service: orders.Contract(),
	})
	gw := consumer.NewGateway(as, jsii.String("Api"), &consumer.GatewayProps{
		Vpc: avpc.Vpc, DefaultAuthorizer: authorizers.NewHttpIamAuthorizer(),
		Domain: &consumer.GatewayDomainOptions{
			DomainName:  jsii.String("api.shop.example"),
			Certificate: acm.Certificate_FromCertificateArn(as, jsii.String("ApiCert"), jsii.String("arn:aws:acm:eu-central-1:210000000004:certificate/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")),
			MutualTls: &consumer.MutualTlsOptions{
				Bucket: s3.Bucket_FromBucketName(as, jsii.String("Truststore"), jsii.String("shop-truststore")),
				Key:    jsii.String("partners.pem"),
			},
		},
	})
	gw.AddService("orders", &consumer.GatewayServiceProps{
		ServiceOptions: consumer.ServiceOptions{
			Endpoint: aep, Routes: []string{"/orders", "/orders/{proxy+}"}, HealthCheckPath: jsii.String("/healthz"),
			TlsServerName: jsii.String("orders.shop.example"),
		},
		ListenerPort: jsii.Number(10000),
	})

	sharedGateway(app)
}

// sharedGateway adds the team's route to the platform team's gateway, made
// by another app (the example's gateway stack, in its account and region):
// its IDs come from that stack's outputs (ApiId, VpcLinkId,
// VpcLinkSecurityGroupId), its VPC and the endpoint to the team's us-west-2
// replica from the platform team's records. The route is guarded by the
// platform's JWT issuer, and reads are open to a wider audience than
// writes.
func sharedGateway(app awscdk.App) {
	gs := stack(app, "orders-on-shared-gateway", gatewayAccount, "us-west-2")
	vpc := ec2.Vpc_FromVpcAttributes(gs, jsii.String("GatewayVpc"), &ec2.VpcAttributes{
		VpcId:                      jsii.String("vpc-0f1e2d3c4b5a69788"),
		VpcCidrBlock:               jsii.String("10.0.0.0/20"),
		AvailabilityZones:          jsii.Strings("us-west-2a", "us-west-2b"),
		PrivateSubnetIds:           jsii.Strings("subnet-0f1e2d3c4b5a60001", "subnet-0f1e2d3c4b5a60002"),
		PrivateSubnetRouteTableIds: jsii.Strings("rtb-0f1e2d3c4b5a60001", "rtb-0f1e2d3c4b5a60002"),
	})
	jwt := authorizers.NewHttpJwtAuthorizer(jsii.String("Platform"), jsii.String("https://id.shop.example"),
		&authorizers.HttpJwtAuthorizerProps{JwtAudience: jsii.Strings("orders")})
	shared := consumer.FromGatewayAttributes(gs, jsii.String("Shared"), &consumer.GatewayAttributes{
		Vpc: vpc, AvailabilityZoneIds: []string{"usw2-az1", "usw2-az2"},
		HttpApiId: jsii.String("k3j2h1g0f9"), VpcLinkId: jsii.String("q1w2e3"), VpcLinkSecurityGroupId: jsii.String("sg-0f1e2d3c4b5a69701"),
		DefaultAuthorizer: jwt,
	})
	replica := consumer.FromServiceEndpointAttributes(gs, jsii.String("OrdersReplica"), &consumer.ServiceEndpointAttributes{
		Vpc: vpc, VpcEndpointId: jsii.String("vpce-0f1e2d3c4b5a69702"), Port: jsii.Number(9000),
		SecurityGroupIds:    []*string{jsii.String("sg-0f1e2d3c4b5a69703")},
		AvailabilityZoneIds: []string{"usw2-az1", "usw2-az2"},
	})
	svc := shared.AddService("orders", &consumer.GatewayServiceProps{
		// The replica serves TLS as the provider does: HTTPS to it, its
		// name verified.
		ServiceOptions: consumer.ServiceOptions{Endpoint: replica, Routes: []string{"/orders/{proxy+}"}, HealthCheckPath: jsii.String("/healthz"),
			TlsServerName: jsii.String("orders.shop.example")},
		ListenerPort: jsii.Number(10000),
	})
	svc.AddRoute("/orders", &consumer.RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_GET}})
	svc.AddRoute("/orders", &consumer.RouteOptions{Methods: []apigw.HttpMethod{apigw.HttpMethod_POST}, AuthorizationScopes: []*string{jsii.String("orders/write")}})
}
