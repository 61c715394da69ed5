package example

// Wave is accounts the example deploys at the same time; waves deploy one
// after another. The rehearsal's deploys (test/rehearsal) and the
// pipeline's stages (Pipeline) both follow Waves, so they cannot disagree.
type Wave struct {
	// Name of the wave: "providers" or "gateway".
	Name string `json:"name"`
	// Roles deployed in the wave: service names, "gateway" for the
	// gateway account, "consumers" for the consumers' StackSet (in the
	// tooling account).
	Roles []string `json:"roles"`
}

// GatewayRole is the gateway's role in a Wave.
const GatewayRole = "gateway"

// Waves is the order the topology deploys in: every provider at once (they
// read nothing of each other), then the gateway and the consumers'
// StackSet, whose change sets read a provider's service name
// (Fn::GetStackOutput) and fail before it exists.
func (t *Topology) Waves() []Wave {
	providers := Wave{Name: "providers"}
	for _, s := range t.Services {
		providers.Roles = append(providers.Roles, s.Name)
	}
	readers := Wave{Name: "gateway", Roles: []string{GatewayRole}}
	if t.Consumers != nil {
		// The consumers' StackSet reads its service's name too.
		readers.Roles = append(readers.Roles, ConsumersRole)
	}
	return []Wave{providers, readers}
}
