package seclogprocessor

import (
	"fmt"

	"go.opentelemetry.io/collector/component"

	"github.com/seclog/seclog/collector/extension/seclogwitnessextension"
)

// findWitness returns the seclog_witness extension named in the config.
func findWitness(host component.Host, name string) (seclogwitnessextension.Witness, error) {
	var id component.ID
	if err := id.UnmarshalText([]byte(name)); err != nil {
		return nil, &ConfigError{Field: "witness", Msg: err.Error()}
	}
	if host == nil {
		return nil, &ConfigError{Field: "witness", Msg: "no host to look the extension up in"}
	}
	ext, ok := host.GetExtensions()[id]
	if !ok {
		return nil, &ConfigError{Field: "witness", Msg: fmt.Sprintf("extension %q is not enabled (add it to service.extensions)", name)}
	}
	w, ok := ext.(seclogwitnessextension.Witness)
	if !ok {
		return nil, &ConfigError{Field: "witness", Msg: fmt.Sprintf("extension %q is not a seclog_witness", name)}
	}
	return w, nil
}
