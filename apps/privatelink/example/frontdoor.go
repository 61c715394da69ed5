package example

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	acm "github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/consumer"
)

// The ALB front door shape: -c frontDoor=alb puts a consumer.AlbFrontDoor
// (an internet-facing Application Load Balancer guarded by AWS WAF) in the
// gateway account beside the HTTP API, in front of the same endpoints, with
// the certificate -c frontDoorCertificateArn=<ACM ARN> names.
const (
	// ContextFrontDoor is the context key of the shape; FrontDoorAlb its
	// one value.
	ContextFrontDoor = "frontDoor"
	FrontDoorAlb     = "alb"
	// ContextFrontDoorCertificate is the context key of the front door's
	// certificate, an ACM certificate of the gateway's region and account.
	ContextFrontDoorCertificate = "frontDoorCertificateArn"
	// OutputFrontDoorUrl is the front door's URL output.
	OutputFrontDoorUrl = "FrontDoorUrl"
	// FrontDoorPriorityStep is how many listener rules each service may
	// take: service priorities are FrontDoorPriorityStep apart.
	FrontDoorPriorityStep = 10
)

var certificateArnRe = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate/[0-9a-f-]+$`)

// FrontDoorContext checks the front door's -c switches for a gateway in
// account and region, and reports whether the shape is on.
func FrontDoorContext(account, region string, context map[string]any) (bool, error) {
	v, given := context[ContextFrontDoor]
	if !given {
		if _, cert := context[ContextFrontDoorCertificate]; cert {
			return false, fmt.Errorf("-c %s: given without -c %s=%s; add that, or leave the certificate out", ContextFrontDoorCertificate, ContextFrontDoor, FrontDoorAlb)
		}
		return false, nil
	}
	if v != FrontDoorAlb {
		return false, fmt.Errorf("-c %s=%v: want %s (an Application Load Balancer with AWS WAF beside the HTTP API)", ContextFrontDoor, v, FrontDoorAlb)
	}
	arn, _ := context[ContextFrontDoorCertificate].(string)
	m := certificateArnRe.FindStringSubmatch(arn)
	switch {
	case arn == "":
		return false, fmt.Errorf("-c %s=%s needs -c %s=<ARN>: the ACM certificate of the name clients use, in %s and the gateway account %s", ContextFrontDoor, FrontDoorAlb, ContextFrontDoorCertificate, region, account)
	case m == nil:
		return false, fmt.Errorf("-c %s=%s: want an ACM certificate ARN such as arn:aws:acm:%s:%s:certificate/0a1b2c3d-...", ContextFrontDoorCertificate, arn, region, account)
	case m[1] != region || m[2] != account:
		return false, fmt.Errorf("-c %s=%s: a certificate of %s in %s; a load balancer takes certificates of its own account and region, %s in %s", ContextFrontDoorCertificate, arn, m[2], m[1], account, region)
	}
	return true, nil
}

// frontDoor is the shape's front door in the gateway stack, or nil when the
// shape is off; its add is nil-safe, so the gateway stack calls it for every
// service either way.
type frontDoor struct{ fd *consumer.AlbFrontDoor }

// wantsFrontDoor reports whether the app asks for the front door shape.
func wantsFrontDoor(scope constructs.Construct) bool {
	return scope.Node().TryGetContext(jsii.String(ContextFrontDoor)) == FrontDoorAlb
}

// newFrontDoor creates the front door in the gateway stack when the app
// asks for it (the VPC then needs ConsumerVpcProps.PublicSubnets). It
// panics, as constructs do, on switches that cannot work.
func newFrontDoor(stack awscdk.Stack, vpc ec2.IVpc) *frontDoor {
	all, _ := stack.Node().GetAllContext(nil).(map[string]any)
	if on, err := FrontDoorContext(*stack.Account(), *stack.Region(), all); err != nil {
		panic(err)
	} else if !on {
		return nil
	}
	arn, _ := all[ContextFrontDoorCertificate].(string)
	fd := consumer.NewAlbFrontDoor(stack, jsii.String("FrontDoor"), &consumer.AlbFrontDoorProps{
		Vpc:         vpc,
		Certificate: acm.Certificate_FromCertificateArn(stack, jsii.String("FrontDoorCertificate"), jsii.String(arn)),
	})
	fd.UrlOutput.OverrideLogicalId(jsii.String(OutputFrontDoorUrl))
	return &frontDoor{fd: fd}
}

// FrontDoorPriority is a service's first listener rule priority on the
// front door: FrontDoorPriorityStep times its place among listener ports
// (10 for port 10000, 20 for 10001, ...), so a service given a
// listenerPort keeps its rules for good as it keeps its listener. A
// service whose port moves (one before it removed, no listenerPort given)
// moves its rules too, which ELB refuses while the removed service's rule
// still holds that priority (PriorityInUse): give listenerPort.
func FrontDoorPriority(s *Service) float64 {
	return FrontDoorPriorityStep * (s.ListenerPort - consumer.FirstListenerPort + 1)
}

// add routes the service's routes to its endpoint through the front door.
func (f *frontDoor) add(s *Service, ep consumer.IServiceEndpoint, opts consumer.ServiceOptions) {
	if f == nil {
		return
	}
	opts.Endpoint, opts.Routes = ep, s.Routes
	f.fd.AddService(s.Name, &consumer.AlbFrontDoorServiceProps{ServiceOptions: opts, Priority: jsii.Number(FrontDoorPriority(s))})
}
