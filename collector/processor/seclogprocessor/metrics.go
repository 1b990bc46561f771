package seclogprocessor

import (
	"go.opentelemetry.io/otel/metric"
)

const meterName = "github.com/seclog/seclog/collector/processor/seclogprocessor"

// sealMetrics are the seal-mode counters, reported through the collector's own telemetry.
type sealMetrics struct {
	sealed             metric.Int64Counter
	passed             metric.Int64Counter
	unsealable         metric.Int64Counter
	unverifiable       metric.Int64Counter
	snapshots          metric.Int64Counter
	checkpoints        metric.Int64Counter
	checkpointsDropped metric.Int64Counter
	declaredDropped    metric.Int64Counter
	streams            metric.Int64UpDownCounter
}

func newSealMetrics(mp metric.MeterProvider) (*sealMetrics, error) {
	m := mp.Meter(meterName)
	var s sealMetrics
	var err error
	counter := func(dst *metric.Int64Counter, name, desc string) {
		if err == nil {
			*dst, err = m.Int64Counter(name, metric.WithDescription(desc), metric.WithUnit("{records}"))
		}
	}
	counter(&s.sealed, "otelcol_seclog_seal_records_sealed", "Leaves sealed by the collector, genesis and resource snapshots included")
	counter(&s.passed, "otelcol_seclog_seal_records_passed", "Records passed untouched because they carry seclog integrity attributes or are checkpoints")
	counter(&s.unsealable, "otelcol_seclog_seal_records_unsealable", "Records left unsealed because their resource cannot be canonicalized, or because they arrived after shutdown")
	counter(&s.unverifiable, "otelcol_seclog_seal_records_unverifiable", "Records sealed as the unverifiable leaf (depth, size or duplicate keys)")
	counter(&s.snapshots, "otelcol_seclog_seal_resource_snapshots", "Resource snapshot records written")
	counter(&s.checkpoints, "otelcol_seclog_seal_checkpoints", "Signed checkpoint records handed to the next consumer")
	counter(&s.checkpointsDropped, "otelcol_seclog_seal_checkpoints_dropped", "Signed checkpoints dropped because too many waited for delivery")
	counter(&s.declaredDropped, "otelcol_seclog_seal_records_declared_dropped", "Sealed records the next consumer refused, declared in a checkpoint d line")
	if err == nil {
		s.streams, err = m.Int64UpDownCounter("otelcol_seclog_seal_streams", metric.WithDescription("Open seal streams"), metric.WithUnit("{streams}"))
	}
	return &s, err
}

// verifyMetrics are the verify-mode instruments.
type verifyMetrics struct {
	records  metric.Int64Counter
	findings metric.Int64Counter
	events   metric.Int64Counter
	streams  metric.Int64Gauge
}

func newVerifyMetrics(mp metric.MeterProvider) (*verifyMetrics, error) {
	m := mp.Meter(meterName)
	var v verifyMetrics
	var err error
	if v.records, err = m.Int64Counter("otelcol_seclog_verify_records", metric.WithDescription("Sealed records checked live"), metric.WithUnit("{records}")); err != nil {
		return nil, err
	}
	if v.findings, err = m.Int64Counter("otelcol_seclog_verify_findings",
		metric.WithDescription("Items per verification status other than VALID (attribute status: MODIFIED, MISSING, CONFLICT, KEY-CHAIN-INVALID, CHECKPOINT-MISSING, STREAM-SILENT, DROPPED, ...)"),
		metric.WithUnit("{items}")); err != nil {
		return nil, err
	}
	if v.events, err = m.Int64Counter("otelcol_seclog_verify_violation_events", metric.WithDescription("Integrity-violation events emitted into the logs pipeline"), metric.WithUnit("{events}")); err != nil {
		return nil, err
	}
	if v.streams, err = m.Int64Gauge("otelcol_seclog_verify_streams", metric.WithDescription("Sealed streams followed"), metric.WithUnit("{streams}")); err != nil {
		return nil, err
	}
	return &v, nil
}
