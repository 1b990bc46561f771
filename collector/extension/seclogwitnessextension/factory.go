// Package seclogwitnessextension is the `seclog_witness` extension of otelcol-seclog: it keeps the latest verified
// checkpoint of every sealed stream outside the archive, checks that each new checkpoint extends the last one it saw
// (chain link and, with leaf lists, the recomputed tree), cosigns it in the C2SP tlog-cosignature/v1 format, and
// serves the checkpoints over HTTP and as a dump directory that `seclog verify --anchor` reads. seclog processors
// configured with `witness: seclog_witness` hand it every checkpoint they see. See README.md.
package seclogwitnessextension

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"
)

const typeStr = "seclog_witness"

var componentType = component.MustNewType(typeStr)

// NewFactory returns the factory of the seclog_witness extension.
func NewFactory() extension.Factory {
	return extension.NewFactory(componentType, func() component.Config { return createDefaultConfig() }, create,
		component.StabilityLevelAlpha)
}

func create(_ context.Context, set extension.Settings, cfg component.Config) (extension.Extension, error) {
	c, ok := cfg.(*Config)
	if !ok {
		return nil, fmt.Errorf("seclog_witness: unexpected config type %T", cfg)
	}
	return newExtension(set, c)
}
