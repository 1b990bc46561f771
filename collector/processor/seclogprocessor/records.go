package seclogprocessor

import (
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Scope of the records the processor writes itself, as the SDK writes them (docs/spec/stream-records.md).
const (
	integrityScopeName    = "@seclog/integrity"
	integrityScopeVersion = "0.1.0"
)

// names holds the attribute keys and event names of one namespace.
type names struct {
	namespace       string
	streamKey       string
	seqKey          string
	genesisEvent    string
	resourceEvent   string
	checkpointEvent string
	notePrefix      string
}

func newNames(ns string) names {
	return names{
		namespace:       ns,
		streamKey:       ns + ".stream",
		seqKey:          ns + ".seq",
		genesisEvent:    ns + ".genesis",
		resourceEvent:   ns + ".resource",
		checkpointEvent: ns + ".checkpoint",
		notePrefix:      ns + "/v1/",
	}
}

// hasSealKey says the record carries <ns>.stream or <ns>.seq (a seal, possibly malformed).
func (n names) hasSealKey(lr plog.LogRecord) bool {
	attrs := lr.Attributes()
	if attrs.Len() == 0 {
		return false
	}
	found := false
	attrs.Range(func(k string, _ pcommon.Value) bool {
		found = k == n.streamKey || k == n.seqKey
		return !found
	})
	return found
}

// isCheckpoint applies docs/spec/otlp-json-input.md, "Integrity records": eventName <ns>.checkpoint, or neither seal
// key and a string body starting with <ns>/v1/.
func (n names) isCheckpoint(lr plog.LogRecord, sealKey bool) bool {
	if lr.EventName() == n.checkpointEvent {
		return true
	}
	return !sealKey && lr.Body().Type() == pcommon.ValueTypeStr && strings.HasPrefix(lr.Body().Str(), n.notePrefix)
}

// isIntegrityRecord: the record carries a seal or is a checkpoint record, so seal mode passes it as it is.
func (n names) isIntegrityRecord(lr plog.LogRecord) bool {
	sealKey := n.hasSealKey(lr)
	return sealKey || n.isCheckpoint(lr, sealKey)
}

// newIntegrityScope appends a ScopeLogs with the integrity scope.
func newIntegrityScope(sls plog.ScopeLogsSlice) plog.ScopeLogs {
	sl := sls.AppendEmpty()
	sl.Scope().SetName(integrityScopeName)
	sl.Scope().SetVersion(integrityScopeVersion)
	return sl
}

// appendIntegrityRecord appends a genesis, snapshot or checkpoint record: time and observed time now (millisecond
// precision), severity 9 INFO, no trace context, the event name, a string body and the stream attribute.
func appendIntegrityRecord(sl plog.ScopeLogs, now time.Time, event, body, streamKey, streamID string) plog.LogRecord {
	lr := sl.LogRecords().AppendEmpty()
	ts := pcommon.Timestamp(now.UnixMilli() * int64(time.Millisecond))
	lr.SetTimestamp(ts)
	lr.SetObservedTimestamp(ts)
	lr.SetSeverityNumber(plog.SeverityNumberInfo)
	lr.SetSeverityText("INFO")
	lr.SetEventName(event)
	lr.Body().SetStr(body)
	lr.Attributes().PutStr(streamKey, streamID)
	return lr
}
