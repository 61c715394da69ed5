package example

// Wave is accounts the example deploys at the same time; waves deploy one
// after another. The rehearsal's deploys (test/rehearsal) and the
// pipeline's stages (Pipeline) both follow Waves, so they cannot disagree.
type Wave struct {
	// Name of the wave: "providers" or "gateway".
	Name string `json:"name"`
	// Roles deployed in the wave: service names, and "gateway" for the
	// gateway account.
	Roles []string `json:"roles"`
}

// GatewayRole is the gateway's role in a Wave.
const GatewayRole = "gateway"

// Waves is the order the topology deploys in: every provider at once (they
// read nothing of each other), then the gateway, whose change set reads
// each provider's service name (Fn::GetStackOutput) and fails before they
// exist.
func (t *Topology) Waves() []Wave {
	providers := Wave{Name: "providers"}
	for _, s := range t.Services {
		providers.Roles = append(providers.Roles, s.Name)
	}
	return []Wave{providers, {Name: "gateway", Roles: []string{GatewayRole}}}
}
