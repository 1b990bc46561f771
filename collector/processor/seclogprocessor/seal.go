package seclogprocessor

import (
	"context"
	"os"
	"slices"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.uber.org/zap"

	"github.com/seclog/seclog/collector/extension/seclogwitnessextension"
	"github.com/seclog/seclog/collector/pkg/seclogformat"
	"github.com/seclog/seclog/collector/pkg/seclogformat/olcfpdata"
)

// sealStream is one open stream with the resource it currently seals with.
type sealStream struct {
	key            string
	log            *sealLog
	resource       pcommon.Resource // a private copy, replaced (never mutated) when a snapshot announces another
	resourceDigest string
	lastCheckpoint time.Time
	lastUsed       uint64
}

// pendingNote is a signed checkpoint waiting to be handed to the next consumer.
type pendingNote struct {
	note     string
	streamID string
	resource pcommon.Resource
}

// sealProcessor implements seal mode.
type sealProcessor struct {
	cfg      *Config
	names    names
	next     consumer.Logs
	logger   *zap.Logger
	signer   seclogformat.Signer
	identity seclogformat.Identity
	policy   seclogformat.Policy
	metrics  *sealMetrics
	now      func() time.Time
	witness  seclogwitnessextension.Witness

	mu      sync.Mutex
	enc     *olcfpdata.Encoder
	streams map[string]*sealStream
	uses    uint64
	pending []pendingNote
	closed  bool
	// lastOK is whether the last record sealed had a canonical form (not the unverifiable leaf).
	lastOK bool
	// batchSeqs collects, during one sealLocked, the seq range sealed per stream (genesis and snapshots included).
	batchSeqs map[*sealStream]seclogformat.SeqRange
	// batchEvicted collects, during one sealLocked, the streams closed to make room (max_streams). Their final
	// checkpoint waits until the next consumer has answered for the batch: a refusal must be declared in it.
	batchEvicted []*sealStream

	stop chan struct{}
	done chan struct{}
}

func newSealProcessor(set processor.Settings, cfg *Config, next consumer.Logs) (*sealProcessor, error) {
	key, err := seclogformat.LoadEd25519PrivateKey(cfg.Seal.SigningKeyFile)
	if err != nil {
		return nil, &ConfigError{Field: "seal.signing_key_file", Msg: err.Error()}
	}
	signer, err := seclogformat.NewEd25519Signer(cfg.Seal.KeyName, key)
	if err != nil {
		return nil, &ConfigError{Field: "seal.key_name", Msg: err.Error()}
	}
	metrics, err := newSealMetrics(set.MeterProvider)
	if err != nil {
		return nil, err
	}
	cp := cfg.Seal.Checkpoint
	return &sealProcessor{
		cfg:      cfg,
		names:    newNames(cfg.Namespace),
		next:     next,
		logger:   set.Logger,
		signer:   signer,
		identity: collectorIdentity(set),
		policy: seclogformat.Policy{
			MaxRecords:    uint64(cp.MaxRecords),
			MaxIntervalMs: uint64(cp.MaxInterval / time.Millisecond),
			HeartbeatMs:   uint64(cp.Heartbeat / time.Millisecond),
			LeafList:      cp.LeafList,
		},
		metrics: metrics,
		now:     time.Now,
		enc:     olcfpdata.NewEncoder(cfg.Namespace),
		streams: map[string]*sealStream{},
	}, nil
}

// collectorIdentity is the genesis `i` line of the collector's streams: the collector's own service.name and
// service.instance.id (from its telemetry resource) and the host name.
func collectorIdentity(set processor.Settings) seclogformat.Identity {
	id := seclogformat.Identity{ServiceName: set.BuildInfo.Command}
	if set.Resource != (pcommon.Resource{}) {
		if v, ok := set.Resource.Attributes().Get("service.name"); ok && v.Type() == pcommon.ValueTypeStr {
			id.ServiceName = v.Str()
		}
		if v, ok := set.Resource.Attributes().Get("service.instance.id"); ok && v.Type() == pcommon.ValueTypeStr {
			id.ServiceInstanceID = v.Str()
		}
	}
	if h, err := os.Hostname(); err == nil {
		id.HostName = h
	}
	return id
}

func (p *sealProcessor) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: true}
}

func (p *sealProcessor) Start(_ context.Context, host component.Host) error {
	if p.cfg.Witness != "" {
		w, err := findWitness(host, p.cfg.Witness)
		if err != nil {
			return err
		}
		if s, ok := p.signer.(*seclogformat.Ed25519Signer); ok {
			w.TrustProducerKey(s.PublicKey())
		}
		p.witness = w
	}
	p.logger.Info("seclog seal mode: this processor must be the last one that sees a record before the exporters; "+
		"a processor after it that changes records makes `seclog verify` report them MODIFIED",
		zap.String("key_name", p.signer.Name()), zap.String("namespace", p.cfg.Namespace))
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go p.run()
	return nil
}

// tickEvery is how often the timer looks for due checkpoints.
func (p *sealProcessor) tickEvery() time.Duration {
	d := min(p.cfg.Seal.Checkpoint.MaxInterval, p.cfg.Seal.Checkpoint.Heartbeat) / 4
	return min(max(d, 5*time.Millisecond), time.Second)
}

func (p *sealProcessor) run() {
	defer close(p.done)
	t := time.NewTicker(p.tickEvery())
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.checkpointDue()
			p.flushCheckpoints(context.Background())
		}
	}
}

// checkpointDue builds the interval and heartbeat checkpoints that are due.
func (p *sealProcessor) checkpointDue() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	now := p.now()
	cp := p.cfg.Seal.Checkpoint
	for _, st := range p.streams {
		since := now.Sub(st.lastCheckpoint)
		if (st.log.pending() && since >= cp.MaxInterval) || since >= cp.Heartbeat {
			p.checkpointLocked(st, false)
		}
	}
}

// Shutdown writes the final checkpoint of every stream and hands it, with any checkpoint still waiting, to the next
// consumer (the exporters are still running: the collector stops receivers first, then processors, then exporters).
func (p *sealProcessor) Shutdown(ctx context.Context) error {
	if p.stop != nil {
		close(p.stop)
		<-p.done
		p.stop = nil
	}
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		for _, st := range p.streams {
			p.checkpointLocked(st, true)
		}
		p.streams = map[string]*sealStream{}
	}
	p.mu.Unlock()
	p.flushCheckpoints(ctx)
	p.mu.Lock()
	left := len(p.pending)
	p.mu.Unlock()
	if left > 0 {
		p.logger.Error("seclog seal mode: checkpoints could not be delivered at shutdown; verify will report the streams' "+
			"tails as UNSEALED or CHECKPOINT-MISSING", zap.Int("checkpoints", left))
	}
	return nil
}

// ConsumeLogs seals every record without integrity attributes, adds genesis and snapshot records to the batch, passes
// the batch on, and then hands over the checkpoints that became due. When the next consumer refuses the batch, the
// seqs sealed in it are declared dropped in the next checkpoint (the sender may retry: the records are then sealed
// again under new seqs).
func (p *sealProcessor) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		// A batch still in flight at shutdown: no stream is open to seal it in any more. It passes on, counted.
		passed, unsealed := p.countUnsealed(ld)
		p.metrics.passed.Add(ctx, passed)
		if unsealed > 0 {
			p.metrics.unsealable.Add(ctx, unsealed)
			p.logger.Warn("seclog seal mode: records arrived after shutdown and pass on unsealed", zap.Int64("records", unsealed))
		}
		return p.next.ConsumeLogs(ctx, ld)
	}
	sealed, evicted := p.sealLocked(ld)
	p.mu.Unlock()

	err := p.next.ConsumeLogs(ctx, ld)
	if (err != nil && len(sealed) > 0) || len(evicted) > 0 {
		p.mu.Lock()
		var n uint64
		for st, r := range sealed {
			if err != nil && (p.streams[st.key] == st || slices.Contains(evicted, st)) {
				st.log.declareDropped(r)
				n += r.End - r.Start
			}
		}
		for _, st := range evicted {
			p.checkpointLocked(st, true)
		}
		p.mu.Unlock()
		p.metrics.declaredDropped.Add(ctx, int64(n))
	}
	p.flushCheckpoints(ctx)
	return err
}

// countUnsealed counts the records of ld that carry a seal or are checkpoints (passed) and the others.
func (p *sealProcessor) countUnsealed(ld plog.Logs) (passed, unsealed int64) {
	rls := ld.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		sls := rls.At(i).ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			lrs := sls.At(j).LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				if p.names.isIntegrityRecord(lrs.At(k)) {
					passed++
				} else {
					unsealed++
				}
			}
		}
	}
	return passed, unsealed
}

// sealLocked seals the batch in place and returns the seq range sealed per stream and the streams evicted to make
// room, whose final checkpoint the caller writes once the batch is answered.
func (p *sealProcessor) sealLocked(ld plog.Logs) (map[*sealStream]seclogformat.SeqRange, []*sealStream) {
	p.batchSeqs, p.batchEvicted = nil, nil
	var nSealed, nPassed, nUnsealable, nUnverifiable int64
	rls := ld.ResourceLogs()
	for i, nrl := 0, rls.Len(); i < nrl; i++ {
		rl := rls.At(i)
		var st *sealStream
		var integrity plog.ScopeLogs
		hasIntegrity := false
		scopeOf := func() plog.ScopeLogs {
			if !hasIntegrity {
				integrity, hasIntegrity = newIntegrityScope(rl.ScopeLogs()), true
			}
			return integrity
		}
		unsealable := false
		sls := rl.ScopeLogs()
		for j, nsl := 0, sls.Len(); j < nsl; j++ {
			sl := sls.At(j)
			lrs := sl.LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				lr := lrs.At(k)
				if p.names.isIntegrityRecord(lr) {
					nPassed++
					continue
				}
				if unsealable {
					nUnsealable++
					continue
				}
				if st == nil {
					if st = p.streamForLocked(rl.Resource(), scopeOf); st == nil {
						unsealable = true
						nUnsealable++
						continue
					}
				}
				p.sealRecordLocked(st, sl, lr)
				if !p.lastOK {
					nUnverifiable++
				}
				nSealed++
				if st.log.uncheckpointed() >= uint64(p.cfg.Seal.Checkpoint.MaxRecords) {
					p.checkpointLocked(st, false)
				}
			}
		}
	}
	ctx := context.Background()
	p.metrics.sealed.Add(ctx, nSealed)
	p.metrics.passed.Add(ctx, nPassed)
	p.metrics.unsealable.Add(ctx, nUnsealable)
	p.metrics.unverifiable.Add(ctx, nUnverifiable)
	sealed, evicted := p.batchSeqs, p.batchEvicted
	p.batchSeqs, p.batchEvicted = nil, nil
	return sealed, evicted
}

// sealRecordLocked gives lr the next seq of st, sets the two seal attributes and appends its digest. It sets lastOK.
func (p *sealProcessor) sealRecordLocked(st *sealStream, sl plog.ScopeLogs, lr plog.LogRecord) uint64 {
	seq := st.log.size()
	attrs := lr.Attributes()
	attrs.EnsureCapacity(attrs.Len() + 2) // one growth of the attribute slice instead of up to two
	attrs.PutStr(p.names.streamKey, st.log.streamID)
	attrs.PutInt(p.names.seqKey, int64(seq))
	d, reason := p.enc.RecordDigestAt(st.log.streamID, seq, st.resourceDigest, sl.Scope(), sl.SchemaUrl(), lr)
	if p.enc.InvalidUTF8() {
		// Rare: make the record say what was sealed (each maximal ill-formed subpart becomes U+FFFD), so that every
		// exporter writes the sealed text. The digest does not change: the canonical form normalized the same way.
		olcfpdata.NormalizeStrings(sl.Scope(), lr)
	}
	p.lastOK = reason == ""
	st.log.appendDigest(d)
	st.lastUsed = p.uses
	if p.batchSeqs == nil {
		p.batchSeqs = map[*sealStream]seclogformat.SeqRange{}
	}
	if r, ok := p.batchSeqs[st]; ok {
		r.End = seq + 1
		p.batchSeqs[st] = r
	} else {
		p.batchSeqs[st] = seclogformat.SeqRange{Start: seq, End: seq + 1}
	}
	return seq
}

// streamForLocked returns the stream records of this resource are sealed in, opening it (genesis) or announcing a
// changed resource (snapshot) as needed; the genesis or snapshot record goes into scopeOf(). It returns nil when the
// resource cannot be canonicalized (its records stay unsealed, as the SDK leaves them).
func (p *sealProcessor) streamForLocked(res pcommon.Resource, scopeOf func() plog.ScopeLogs) *sealStream {
	text, err := p.enc.ResourceText(res)
	if err != nil {
		return nil
	}
	digest := seclogformat.ResourceDigest(text)
	key := streamKey(res, p.cfg.Seal.StreamBy)
	p.uses++
	st := p.streams[key]
	if st == nil {
		if len(p.streams) >= p.cfg.Seal.MaxStreams {
			p.evictLocked()
		}
		st = p.openStreamLocked(key, res, digest, string(text), scopeOf())
		return st
	}
	st.lastUsed = p.uses
	if st.resourceDigest != digest {
		st.resource = copyResource(res)
		st.resourceDigest = digest
		body := seclogformat.FormatResourceSnapshot(seclogformat.StreamBody{Namespace: p.names.namespace,
			StreamID: st.log.streamID, ResourceDigest: digest, ResourceText: string(text)})
		p.appendLeafLocked(st, scopeOf(), p.names.resourceEvent, body)
		p.metrics.snapshots.Add(context.Background(), 1)
	}
	return st
}

func (p *sealProcessor) openStreamLocked(key string, res pcommon.Resource, digest, text string, sl plog.ScopeLogs) *sealStream {
	now := p.now()
	id := newStreamID()
	sigBytes := 1 + len("\u2014 ") + len(p.signer.Name()) + 1 + 92 + 1
	st := &sealStream{
		key:            key,
		log:            newSealLog(p.names.namespace, id, p.cfg.Seal.Checkpoint.LeafList, sigBytes, p.now),
		resource:       copyResource(res),
		resourceDigest: digest,
		lastCheckpoint: now,
		lastUsed:       p.uses,
	}
	p.streams[key] = st
	body := seclogformat.FormatGenesis(seclogformat.StreamBody{
		Namespace:      p.names.namespace,
		StreamID:       id,
		OlcfVersion:    "olcf1",
		TimeUnixNano:   uint64(now.UnixNano()),
		Policy:         p.policy,
		Identity:       p.identity,
		ResourceDigest: digest,
		ResourceText:   text,
	})
	p.appendLeafLocked(st, sl, p.names.genesisEvent, body)
	p.metrics.streams.Add(context.Background(), 1)
	return st
}

// appendLeafLocked appends a genesis or snapshot record to sl and seals it in st.
func (p *sealProcessor) appendLeafLocked(st *sealStream, sl plog.ScopeLogs, event, body string) {
	lr := appendIntegrityRecord(sl, p.now(), event, body, p.names.streamKey, st.log.streamID)
	p.sealRecordLocked(st, sl, lr)
	p.metrics.sealed.Add(context.Background(), 1)
}

// evictLocked closes the least recently used stream; its final checkpoint is written once the batch is answered.
func (p *sealProcessor) evictLocked() {
	var oldest *sealStream
	for _, st := range p.streams {
		if oldest == nil || st.lastUsed < oldest.lastUsed {
			oldest = st
		}
	}
	if oldest != nil {
		p.batchEvicted = append(p.batchEvicted, oldest)
		delete(p.streams, oldest.key)
		p.metrics.streams.Add(context.Background(), -1)
	}
}

// checkpointLocked builds and signs the next checkpoint of st and queues it for delivery.
func (p *sealProcessor) checkpointLocked(st *sealStream, final bool) {
	_, text := st.log.buildCheckpoint(final)
	st.lastCheckpoint = p.now()
	note, err := seclogformat.SignNote(text, p.signer)
	if err != nil {
		// Ed25519 signing does not fail; a failure here is a bug. The chain goes on; verify reports the gap.
		p.logger.Error("seclog seal mode: signing a checkpoint failed", zap.Error(err))
		return
	}
	p.pending = append(p.pending, pendingNote{note: note, streamID: st.log.streamID, resource: st.resource})
	if over := len(p.pending) - p.cfg.Seal.MaxPendingCheckpoints; over > 0 {
		p.pending = append([]pendingNote(nil), p.pending[over:]...)
		p.metrics.checkpointsDropped.Add(context.Background(), int64(over))
		p.logger.Warn("seclog seal mode: too many undelivered checkpoints; the oldest were dropped "+
			"(verify reports CHECKPOINT-MISSING for them)", zap.Int("dropped", over))
	}
}

// flushCheckpoints hands the queued checkpoint records to the next consumer; on refusal they wait for the next try.
func (p *sealProcessor) flushCheckpoints(ctx context.Context) {
	p.mu.Lock()
	notes := p.pending
	p.pending = nil
	p.mu.Unlock()
	if len(notes) == 0 {
		return
	}
	if p.witness != nil {
		for _, n := range notes {
			if _, err := p.witness.Observe(n.note); err != nil {
				p.logger.Error("seclog seal mode: the witness refused a checkpoint of this collector", zap.Error(err))
			}
		}
	}
	ld := plog.NewLogs()
	now := p.now()
	for _, n := range notes {
		rl := ld.ResourceLogs().AppendEmpty()
		n.resource.CopyTo(rl.Resource())
		appendIntegrityRecord(newIntegrityScope(rl.ScopeLogs()), now, p.names.checkpointEvent, n.note, p.names.streamKey, n.streamID)
	}
	if err := p.next.ConsumeLogs(ctx, ld); err != nil {
		p.mu.Lock()
		p.pending = append(notes, p.pending...)
		p.mu.Unlock()
		p.logger.Warn("seclog seal mode: the next consumer refused checkpoints; retrying", zap.Int("checkpoints", len(notes)), zap.Error(err))
		return
	}
	p.metrics.checkpoints.Add(ctx, int64(len(notes)))
}

func copyResource(res pcommon.Resource) pcommon.Resource {
	c := pcommon.NewResource()
	res.CopyTo(c)
	return c
}

// streamKey is the canonical JSON array of the string values of the stream_by attributes ("" when not a string).
func streamKey(res pcommon.Resource, by []string) string {
	if len(by) == 0 {
		return ""
	}
	b := make([]byte, 0, 64)
	b = append(b, '[')
	attrs := res.Attributes()
	for i, k := range by {
		if i > 0 {
			b = append(b, ',')
		}
		s := ""
		if v, ok := attrs.Get(k); ok && v.Type() == pcommon.ValueTypeStr {
			s = seclogformat.NormalizeUTF8(v.Str())
		}
		b = seclogformat.AppendString(b, s)
	}
	return string(append(b, ']'))
}
