package provider

import (
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/network"
	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// Contract is what a consumer needs to know of an endpoint service, said
// once by its provider: the providers' and EndpointService's Contract(), or,
// for a service of another app, written from its stack outputs.
// consumer.ServiceEndpointProps.Service takes it, so the port is said once
// and the endpoint is placed, and checked at synth, in the zones the service
// covers.
type Contract struct {
	// ServiceName, com.amazonaws.vpce.<region>.vpce-svc-<id>. Required.
	ServiceName *string
	// Port consumers connect to: the load balancer's listener port.
	// Default: DefaultPort.
	Port *float64
	// AvailabilityZoneIds the service covers, such as usw2-az1.
	// Default: unknown; consumers are not checked at synth.
	AvailabilityZoneIds []string
	// PrivateDnsName consumers may resolve through their endpoint's private
	// DNS, verified by the provider.
	// Default: none.
	PrivateDnsName *string
	// Region of the service; a literal when the provider's stack has one.
	// Default: the region in ServiceName.
	Region *string
}

// PortOrDefault is Port, or DefaultPort when Port is nil.
func (c *Contract) PortOrDefault() float64 {
	if c.Port == nil {
		return DefaultPort
	}
	return *c.Port
}

// IEndpointService is an endpoint service of this app (EndpointService, or
// a provider's) or one brought in by name with FromEndpointServiceName.
type IEndpointService interface {
	// Contract is what consumers need of the service.
	Contract() *Contract
}

var (
	_ IEndpointService = (*EndpointService)(nil)
	_ IEndpointService = (*FargateProvider)(nil)
	_ IEndpointService = (*Ec2Provider)(nil)
	_ IEndpointService = (*IpProvider)(nil)
	_ IEndpointService = (*AlbProvider)(nil)
)

// importedService is an endpoint service known by its contract.
type importedService struct{ contract Contract }

func (s *importedService) Contract() *Contract {
	c := s.contract
	return &c
}

// FromEndpointServiceName brings in an endpoint service made elsewhere, by
// its name (com.amazonaws.vpce.<region>.vpce-svc-<id>) and what else its
// provider says of it: contract.ServiceName is ignored, Region comes from the
// name. It panics on an invalid name, port or zone.
func FromEndpointServiceName(name string, contract *Contract) IEndpointService {
	c := Contract{}
	if contract != nil {
		c = *contract
	}
	p := check.New("provider.FromEndpointServiceName")
	region, err := check.ServiceName(name)
	p.Add("name", err)
	if c.Port != nil {
		p.Add("Port", check.Port(*c.Port))
	}
	if c.PrivateDnsName != nil {
		p.Add("PrivateDnsName", check.DNSName(*c.PrivateDnsName))
	}
	if c.AvailabilityZoneIds != nil && region != "" {
		network.CheckIds(p, "AvailabilityZoneIds", region, c.AvailabilityZoneIds)
	}
	if err := p.Err(); err != nil {
		panic(err)
	}
	c.ServiceName, c.Region = &name, &region
	return &importedService{contract: c}
}
