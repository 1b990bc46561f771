package seclogprocessor

import (
	"errors"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
)

func newVerifyProcessor(_ processor.Settings, _ *Config, _ consumer.Logs) (processor.Logs, error) {
	return nil, errors.New("seclog processor: verify mode is not implemented yet")
}
