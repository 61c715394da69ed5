package example

import (
	"strings"
	"testing"
)

func TestFrontDoorContext(t *testing.T) {
	const cert = "arn:aws:acm:us-west-2:111111111111:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
	for _, tc := range []struct {
		name    string
		context map[string]any
		on      bool
		want    string
	}{
		{"off", map[string]any{"domain": "example.com"}, false, ""},
		{"on", map[string]any{"frontDoor": "alb", "frontDoorCertificateArn": cert}, true, ""},
		{"other kind", map[string]any{"frontDoor": "nlb", "frontDoorCertificateArn": cert}, false, "-c frontDoor=nlb: want alb"},
		{"no certificate", map[string]any{"frontDoor": "alb"}, false, "-c frontDoor=alb needs -c frontDoorCertificateArn=<ARN>: the ACM certificate of the name clients use, in us-west-2 and the gateway account 111111111111"},
		{"certificate alone", map[string]any{"frontDoorCertificateArn": cert}, false, "-c frontDoorCertificateArn: given without -c frontDoor=alb"},
		{"not an ARN", map[string]any{"frontDoor": "alb", "frontDoorCertificateArn": "my-cert"}, false, "-c frontDoorCertificateArn=my-cert: want an ACM certificate ARN"},
		{"other region", map[string]any{"frontDoor": "alb", "frontDoorCertificateArn": strings.Replace(cert, "us-west-2", "us-east-1", 1)}, false,
			"a certificate of 111111111111 in us-east-1; a load balancer takes certificates of its own account and region, 111111111111 in us-west-2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			on, err := FrontDoorContext("111111111111", "us-west-2", tc.context)
			if on != tc.on || (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("FrontDoorContext = %v, %v; want %v and an error mentioning %q", on, err, tc.on, tc.want)
			}
		})
	}
	s := &Service{ListenerPort: 10001}
	if p := FrontDoorPriority(s); p != 20 {
		t.Fatalf("FrontDoorPriority(listener port 10001) = %v, want 20", p)
	}
}
