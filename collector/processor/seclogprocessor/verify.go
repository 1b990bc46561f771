package seclogprocessor

import (
	"context"
	"crypto/ed25519"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/seclog/seclog/collector/extension/seclogwitnessextension"
	"github.com/seclog/seclog/collector/pkg/seclogformat"
	"github.com/seclog/seclog/collector/pkg/seclogformat/olcfpdata"
	"github.com/seclog/seclog/collector/pkg/seclogverify"
)

// Integrity-violation events are `security_event.audit_log.integrity.violation` records of the @seclog/semconv
// catalog (event 39): outcome failure, `error.type` the verifier status in lower snake case, and
// `security_event.integrity.*` locating the violation. They carry no seal attributes.
const (
	violationEvent     = "security_event.audit_log.integrity.violation"
	violationScopeName = "seclog/verify"
)

// unencodableResource stands for the exported resource of records whose resource cannot be canonicalized (a
// container deeper than 128 levels, a duplicate key, too many values): it has no digest, so it differs from every
// signed one, which makes it RESOURCE-MODIFIED. It is not base64, so no digest equals it.
const unencodableResource = "(a resource that cannot be canonicalized)"

// violationErrorType is the catalog's `error.type` for a verifier status: `KEY-CHAIN-INVALID` → `key_chain_invalid`.
func violationErrorType(s seclogverify.Status) string {
	return strings.ReplaceAll(strings.ToLower(string(s)), "-", "_")
}

// verifyProcessor implements verify mode: it never changes a record; it reads each batch, passes it on unchanged,
// and emits integrity-violation events in batches of their own.
type verifyProcessor struct {
	cfg     *Config
	names   names
	next    consumer.Logs
	logger  *zap.Logger
	self    pcommon.Resource
	metrics *verifyMetrics

	witness seclogwitnessextension.Witness

	mu  sync.Mutex
	v   *seclogverify.Verifier
	enc *olcfpdata.Encoder
	// Scratch for recordLocked: candidate resource digests and record digests.
	resources []string
	cands     []seclogverify.Candidate

	stop chan struct{}
	done chan struct{}
}

func newVerifyProcessor(set processor.Settings, cfg *Config, next consumer.Logs) (*verifyProcessor, error) {
	var keys []ed25519.PublicKey
	for i, f := range cfg.Verify.PublicKeyFiles {
		ks, err := seclogformat.LoadEd25519PublicKeys(f)
		if err != nil {
			return nil, &ConfigError{Field: "verify.public_key_files[" + itoa(i) + "]", Msg: err.Error()}
		}
		keys = append(keys, ks...)
	}
	m, err := newVerifyMetrics(set.MeterProvider)
	if err != nil {
		return nil, err
	}
	self := pcommon.NewResource()
	if set.Resource != (pcommon.Resource{}) {
		set.Resource.CopyTo(self)
	}
	p := &verifyProcessor{
		cfg:     cfg,
		names:   newNames(cfg.Namespace),
		next:    next,
		logger:  set.Logger,
		self:    self,
		metrics: m,
		enc:     olcfpdata.NewEncoder(cfg.Namespace),
		v: seclogverify.New(seclogverify.Config{
			Namespace:         cfg.Namespace,
			Keys:              keys,
			Grace:             cfg.Verify.Grace,
			SilenceFactor:     cfg.Verify.SilenceFactor,
			MaxStreams:        cfg.Verify.MaxStreams,
			MaxPendingRecords: cfg.Verify.MaxPendingRecords,
		}, nil),
	}
	return p, nil
}

func itoa(i int) string { return strconv.Itoa(i) }

func (p *verifyProcessor) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: false}
}

func (p *verifyProcessor) Start(_ context.Context, host component.Host) error {
	if p.cfg.Witness != "" {
		w, err := findWitness(host, p.cfg.Witness)
		if err != nil {
			return err
		}
		p.witness = w
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go p.run()
	return nil
}

func (p *verifyProcessor) run() {
	defer close(p.done)
	every := min(max(p.cfg.Verify.Grace/4, 10*time.Millisecond), time.Second)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			findings := p.v.Tick()
			streams := p.v.Streams()
			p.mu.Unlock()
			p.metrics.streams.Record(context.Background(), int64(streams))
			p.report(context.Background(), findings)
		}
	}
}

func (p *verifyProcessor) Shutdown(context.Context) error {
	if p.stop != nil {
		close(p.stop)
		<-p.done
		p.stop = nil
	}
	return nil
}

// ConsumeLogs checks every sealed record and checkpoint of the batch, passes the batch on unchanged, then reports.
func (p *verifyProcessor) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	p.mu.Lock()
	findings := p.inspectLocked(ld)
	p.mu.Unlock()
	var err error
	if p.cfg.Verify.ForwardRecords {
		err = p.next.ConsumeLogs(ctx, ld)
	}
	p.report(ctx, findings)
	return err
}

func (p *verifyProcessor) inspectLocked(ld plog.Logs) []seclogverify.Finding {
	var out []seclogverify.Finding
	var records int64
	rls := ld.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		rl := rls.At(i)
		exported := ""
		sls := rl.ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			sl := sls.At(j)
			lrs := sl.LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				lr := lrs.At(k)
				stream, seq, sealed := p.seal(lr)
				// A record with both seal attributes is verified as the sealed record it claims to be, whatever its
				// event name: relabelling it as a checkpoint must not hide a change (docs/spec/stream-records.md).
				if !sealed && p.names.isCheckpoint(lr, p.names.hasSealKey(lr)) {
					if lr.Body().Type() == pcommon.ValueTypeStr {
						out = append(out, p.v.Checkpoint(lr.Body().Str())...)
						out = append(out, p.witnessLocked(lr.Body().Str())...)
					}
					continue
				}
				if !sealed {
					continue
				}
				records++
				if exported == "" {
					exported = unencodableResource
					if text, err := p.enc.ResourceText(rl.Resource()); err == nil {
						exported = seclogformat.ResourceDigest(text)
					}
				}
				if lr.Body().Type() == pcommon.ValueTypeStr && strings.HasPrefix(lr.Body().Str(), "seclog-") {
					if b, err := seclogformat.ParseStreamBody(lr.Body().Str(), p.cfg.Namespace); err == nil && b.StreamID == stream {
						// Slot 3 of a genesis or snapshot is the digest it announces; the announcement is a candidate
						// until a checkpoint proves this record.
						d, reason := p.enc.RecordDigestAt(stream, seq, b.ResourceDigest, sl.Scope(), sl.SchemaUrl(), lr)
						if reason != "" { // its content is not what was sealed, so it announces nothing
							out = append(out, p.v.RecordUnencodable(stream, seq, d)...)
							continue
						}
						p.v.AnnounceRecord(seq, b, d)
						// Exported with another resource than it announces: RESOURCE-MODIFIED once the record is proven.
						p.cands = append(p.cands[:0], seclogverify.Candidate{Digest: d, Resource: b.ResourceDigest})
						out = append(out, p.v.RecordCandidates(stream, seq, p.cands, exported, false)...)
						continue
					}
				}
				out = append(out, p.recordLocked(stream, seq, exported, sl, lr)...)
			}
		}
	}
	p.metrics.records.Add(context.Background(), records)
	return out
}

// recordLocked checks a sealed record that is not a genesis or snapshot. Its slot 3 is the resource digest announced
// for its seq: when a checkpoint has proven that announcement, the record is hashed with it (and a different exported
// resource is RESOURCE-MODIFIED at once); while announcements are open, possibly forged, it is hashed with each
// candidate and with the exported resource, and the signed checkpoint decides (seclogverify.RecordCandidates).
func (p *verifyProcessor) recordLocked(stream string, seq uint64, exported string, sl plog.ScopeLogs, lr plog.LogRecord) []seclogverify.Finding {
	var out []seclogverify.Finding
	rs, trusted := p.v.ResourceCandidates(stream, seq, p.resources[:0])
	p.resources = rs[:0]
	if trusted && rs[0] != exported {
		out = append(out, p.v.ResourceExported(stream, seq, exported)...)
	}
	if !trusted && exported != "" && !slices.Contains(rs, exported) {
		rs = append(rs, exported)
	}
	switch {
	case len(rs) == 0:
		rs = append(rs, exported)
		fallthrough
	case len(rs) == 1:
		d, reason := p.enc.RecordDigestAt(stream, seq, rs[0], sl.Scope(), sl.SchemaUrl(), lr)
		if reason != "" { // a match with its unverifiable tuple proves the seq, not the content
			return append(out, p.v.RecordUnencodable(stream, seq, d)...)
		}
		return append(out, p.v.Record(stream, seq, d)...)
	}
	cands := p.cands[:0]
	unencodable := false // the reason does not depend on the resource digest in slot 3
	for _, r := range rs {
		d, reason := p.enc.RecordDigestAt(stream, seq, r, sl.Scope(), sl.SchemaUrl(), lr)
		cands = append(cands, seclogverify.Candidate{Digest: d, Resource: r})
		unencodable = unencodable || reason != ""
	}
	p.cands = cands[:0]
	return append(out, p.v.RecordCandidates(stream, seq, cands, exported, unencodable)...)
}

// witnessLocked hands a checkpoint to the witness; a rollback or an inconsistency it finds is a CONFLICT finding, and
// a checkpoint it could not keep for another reason (max_streams reached, storage failing) is logged.
func (p *verifyProcessor) witnessLocked(note string) []seclogverify.Finding {
	if p.witness == nil {
		return nil
	}
	_, err := p.witness.Observe(note)
	if err == nil {
		return nil
	}
	var we *seclogwitnessextension.WitnessError
	if errors.As(err, &we) {
		switch we.Kind {
		case "rollback", "inconsistent":
			return []seclogverify.Finding{{Status: seclogverify.StatusConflict, StreamID: we.StreamID, Checkpoint: -1, Count: 1,
				Detail: "witness: " + we.Msg}}
		case "untrusted", "malformed", "wrong-key":
			return nil // reported by the verifier itself
		}
	}
	p.logger.Warn("seclog verify mode: the witness did not keep a checkpoint; the stream's archive tail is not anchored",
		zap.Error(err))
	return nil
}

// seal reads a well-formed seal: <ns>.stream a string of 1 to 256 characters, <ns>.seq an integer 0 … 2^53 − 1, each
// exactly once (docs/spec/otlp-json-input.md, "The seal attributes").
func (p *verifyProcessor) seal(lr plog.LogRecord) (string, uint64, bool) {
	var stream string
	var seq int64
	ns, nq := 0, 0
	ok := true
	lr.Attributes().Range(func(k string, v pcommon.Value) bool {
		switch k {
		case p.names.streamKey:
			ns++
			if v.Type() != pcommon.ValueTypeStr {
				ok = false
			}
			stream = v.Str()
		case p.names.seqKey:
			nq++
			if v.Type() != pcommon.ValueTypeInt {
				ok = false
			}
			seq = v.Int()
		}
		return true
	})
	if !ok || ns != 1 || nq != 1 || !wellFormedStreamID(stream) || seq < 0 || seq > seclogformat.MaxCount {
		return "", 0, false
	}
	return stream, uint64(seq), true
}

// wellFormedStreamID: 1 to 256 UTF-16 code units, as the TypeScript verifier counts them, so that both call the same
// records sealed (a character outside the BMP is two units; a byte that is not UTF-8 counts as one).
func wellFormedStreamID(s string) bool {
	if s == "" || len(s) > 4*256 {
		return false
	}
	units := 0
	for _, r := range s {
		units++
		if r > 0xFFFF {
			units++
		}
	}
	return units <= 256
}

// report counts the findings and emits one integrity-violation event per violation.
func (p *verifyProcessor) report(ctx context.Context, findings []seclogverify.Finding) {
	if len(findings) == 0 {
		return
	}
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	p.self.CopyTo(rl.Resource())
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName(violationScopeName)
	now := pcommon.NewTimestampFromTime(time.Now())
	for _, f := range findings {
		p.metrics.findings.Add(ctx, int64(max(f.Count, 1)), metric.WithAttributes(attribute.String("status", string(f.Status))))
		if !f.Status.Violation() {
			continue
		}
		p.logger.Warn("seclog integrity violation", zap.String("status", string(f.Status)), zap.String("stream", f.StreamID),
			zap.Uint64("seq_from", f.Seqs.Start), zap.Uint64("seq_end", f.Seqs.End), zap.Int64("checkpoint", f.Checkpoint),
			zap.String("detail", f.Detail))
		if !p.cfg.Verify.EmitEvents {
			continue
		}
		lr := sl.LogRecords().AppendEmpty()
		lr.SetTimestamp(now)
		lr.SetObservedTimestamp(now)
		lr.SetSeverityNumber(plog.SeverityNumberError4) // the catalog's severity for this event
		lr.SetSeverityText("ERROR4")
		lr.SetEventName(violationEvent)
		lr.Body().SetStr("seclog integrity violation: " + f.String())
		a := lr.Attributes()
		a.PutStr("security_event.category", "audit_log")
		a.PutStr("security_event.outcome", "failure")
		a.PutStr("security_event.actor.type", "system")
		a.PutStr("error.type", violationErrorType(f.Status))
		a.PutStr("security_event.integrity.stream_id", f.StreamID)
		a.PutStr("security_event.integrity.detail", f.Detail)
		a.PutInt("security_event.integrity.count", int64(f.Count))
		if f.Seqs.End > f.Seqs.Start {
			a.PutInt("security_event.integrity.seq_from", int64(f.Seqs.Start))
			a.PutInt("security_event.integrity.seq_to", int64(f.Seqs.End-1))
		}
		if f.Checkpoint >= 0 {
			a.PutInt("security_event.integrity.checkpoint", f.Checkpoint)
		}
	}
	if sl.LogRecords().Len() == 0 {
		return
	}
	p.metrics.events.Add(ctx, int64(sl.LogRecords().Len()))
	if err := p.next.ConsumeLogs(ctx, ld); err != nil {
		p.logger.Error("seclog verify mode: the integrity-violation events were refused", zap.Error(err))
	}
}
