// Package seclogprocessor is the `seclog` processor of otelcol-seclog. In seal mode it seals log records that carry
// no seclog integrity attributes in the collector's own streams, byte-compatible with the seclog SDK (OLCF-1,
// RFC 6962 leaves, signed C2SP checkpoint notes with the seclog extension lines, genesis and resource snapshots),
// and passes records sealed by an SDK untouched. In verify mode it follows every sealed stream that passes and
// reports integrity violations through the collector's telemetry and as security events in the logs pipeline.
// See README.md for the configuration and where the processor must sit in a pipeline.
package seclogprocessor

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
)

// typeStr is the component type, used in configs as `seclog` or `seclog/<name>`.
const typeStr = "seclog"

var componentType = component.MustNewType(typeStr)

// NewFactory returns the factory of the seclog processor (logs only).
func NewFactory() processor.Factory {
	return processor.NewFactory(
		componentType,
		func() component.Config { return createDefaultConfig() },
		processor.WithLogs(createLogs, component.StabilityLevelAlpha),
	)
}

func createLogs(_ context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	c, ok := cfg.(*Config)
	if !ok {
		return nil, fmt.Errorf("seclog processor: unexpected config type %T", cfg)
	}
	switch c.Mode {
	case ModeSeal:
		return newSealProcessor(set, c, next)
	case ModeVerify:
		return newVerifyProcessor(set, c, next)
	}
	return nil, &ConfigError{Field: "mode", Msg: fmt.Sprintf("must be %q or %q", ModeSeal, ModeVerify)}
}
