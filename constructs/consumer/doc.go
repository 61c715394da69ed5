// Package consumer reaches private services that providers publish over AWS
// PrivateLink, from another VPC and usually another account.
//
// ServiceEndpoint is an interface VPC endpoint to one endpoint service, with a
// security group of its own that admits only the service port. It exposes the
// endpoint's regional DNS name and the private IPv4 address of each of its
// network interfaces, read at deploy time by aws-cdk-lib's AwsCustomResource
// (no hand-written Lambda, any number of AZs).
//
// PrivateZone gives endpoints stable names (dogs.internal.example) in a Route
// 53 private hosted zone. Gateway puts one API Gateway HTTP API in front of
// many endpoints through one VPC link; adding a service is one AddService call.
//
// # Why a Network Load Balancer per service
//
// HTTP API private integrations reach an ALB, an NLB or a Cloud Map service.
// Gateway puts an internal NLB in front of each endpoint's IP addresses: the
// NLB passes TCP through untouched (the provider's own load balancer is
// already the HTTP boundary), supports security groups, needs no listener
// rules or certificates, and costs less per hour than an ALB. Routing by path
// happens once, in the HTTP API.
//
// # Availability Zones
//
// An endpoint can only be placed in AZs the provider's service covers. AZ
// names map to different physical zones in each account; AZ IDs (usw2-az1)
// do not. Providers output the AZ IDs they cover; choose consumer subnets in
// those AZ IDs.
//
// # Errors
//
// Every constructor and AddService validates first and panics with every
// problem at once, naming the construct, the prop, the value received and
// what is wanted. Values known only at deploy time (tokens, such as a service
// name read from another stack's output) are accepted and checked only when
// they are literals.
package consumer
