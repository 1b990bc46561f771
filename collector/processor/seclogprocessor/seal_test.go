package seclogprocessor

import (
	"context"
	"crypto/ed25519"
	"errors"
	"math"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"golang.org/x/mod/sumdb/note"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

const ns = seclogformat.DefaultNamespace

// sdkSealed is a record as a seclog SDK exports it, plus an SDK checkpoint record.
func sdkSealed() plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "checkout")
	sl := rl.ScopeLogs().AppendEmpty()
	lr := sl.LogRecords().AppendEmpty()
	lr.Body().SetStr("sealed by the SDK")
	lr.Attributes().PutStr(ns+".stream", "AbCdEfGhIjKlMnOpQrStUv")
	lr.Attributes().PutInt(ns+".seq", 7)
	cp := sl.LogRecords().AppendEmpty()
	cp.Body().SetStr(ns + "/v1/AbCdEfGhIjKlMnOpQrStUv\n1\n...")
	only := sl.LogRecords().AppendEmpty() // a malformed seal (one key) is not the collector's to seal either
	only.Body().SetStr("half sealed")
	only.Attributes().PutStr(ns+".stream", "x")
	return ld
}

func TestSealsUnsealedRecordsAndPassesSealedOnes(t *testing.T) {
	sink := new(consumertest.LogsSink)
	p, pub := newSealUnderTest(t, sink, func(c *Config) { c.Seal.Checkpoint.MaxRecords = 8 })
	ctx := context.Background()
	sdk := sdkSealed()
	sdkBefore := plog.NewLogs()
	sdk.CopyTo(sdkBefore)
	if err := p.ConsumeLogs(ctx, sdk); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := p.ConsumeLogs(ctx, batch("nginx", 7, 7*i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	// The SDK's records reach the next consumer exactly as they came.
	if got := sink.AllLogs()[0]; got.ResourceLogs().Len() != 1 || !equalLogs(got, sdkBefore) {
		t.Error("records sealed by an SDK were modified")
	}
	streams := checkArchive(t, archiveLines(t, sink), ns, pub)
	delete(streams, "AbCdEfGhIjKlMnOpQrStUv") // the SDK's stream (its checkpoints are not in this archive)
	if len(streams) != 1 {
		t.Fatalf("%d streams, want 1", len(streams))
	}
	for id, s := range streams {
		if len(s.problems) > 0 {
			t.Errorf("stream %s: %v", id, s.problems)
		}
		// genesis + 21 records; checkpoints at 8, 16 leaves, then the final one at 22
		if len(s.records) != 22 {
			t.Errorf("%d leaves, want 22", len(s.records))
		}
		if n := len(s.checkpoints); n != 3 || !s.checkpoints[n-1].Final || s.checkpoints[0].TreeSize != 8 {
			t.Errorf("checkpoints %+v", s.checkpoints)
		}
		if s.genesis == nil || s.genesis.Identity.HostName == "" || s.genesis.Policy.MaxRecords != 8 || !s.genesis.Policy.LeafList {
			t.Errorf("genesis %+v", s.genesis)
		}
	}
}

func equalLogs(a, b plog.Logs) bool {
	x, _ := (&plog.JSONMarshaler{}).MarshalLogs(a)
	y, _ := (&plog.JSONMarshaler{}).MarshalLogs(b)
	return string(x) == string(y)
}

func TestTamperedExportIsFoundAtItsSeq(t *testing.T) {
	sink := new(consumertest.LogsSink)
	p, pub := newSealUnderTest(t, sink, nil)
	if err := p.ConsumeLogs(context.Background(), batch("app", 5, 0)); err != nil {
		t.Fatal(err)
	}
	_ = p.Shutdown(context.Background())
	lines := archiveLines(t, sink)
	tampered := make([][]byte, len(lines))
	for i, l := range lines {
		tampered[i] = []byte(strings.Replace(string(l), "line 3 ", "line 9 ", 1))
	}
	for id, s := range checkArchive(t, tampered, ns, pub) {
		// genesis is seq 0, so "line 3" is seq 4
		if len(s.problems) == 0 || s.problems[0] != "modified seq 4" {
			t.Errorf("stream %s: %v, want modified seq 4 first", id, s.problems)
		}
	}
}

func TestResourceChangesAndStreams(t *testing.T) {
	sink := new(consumertest.LogsSink)
	p, pub := newSealUnderTest(t, sink, func(c *Config) { c.Seal.MaxStreams = 2 })
	ctx := context.Background()
	must := func(ld plog.Logs) {
		if err := p.ConsumeLogs(ctx, ld); err != nil {
			t.Fatal(err)
		}
	}
	must(batch("a", 2, 0))
	enriched := batch("a", 2, 2)
	enriched.ResourceLogs().At(0).Resource().Attributes().PutStr("k8s.pod.name", "a-1") // same stream key, new resource
	must(enriched)
	must(batch("b", 1, 0))
	must(batch("c", 1, 0)) // a third stream: "a" (least recently used) is closed with a final checkpoint
	_ = p.Shutdown(ctx)
	streams := checkArchive(t, archiveLines(t, sink), ns, pub)
	if len(streams) != 3 {
		t.Fatalf("%d streams, want 3", len(streams))
	}
	snapshots := 0
	for id, s := range streams {
		if len(s.problems) > 0 {
			t.Errorf("stream %s: %v", id, s.problems)
		}
		if s.genesis == nil || !s.checkpoints[len(s.checkpoints)-1].Final {
			t.Errorf("stream %s: no genesis or no final checkpoint", id)
		}
		if len(s.records) == 6 { // genesis, 2, snapshot, 2
			snapshots++
		}
	}
	if snapshots != 1 {
		t.Error("the changed resource was not announced by a snapshot in its stream")
	}
}

func TestIntervalAndHeartbeatCheckpoints(t *testing.T) {
	sink := new(consumertest.LogsSink)
	p, pub := newSealUnderTest(t, sink, func(c *Config) {
		c.Seal.Checkpoint.MaxInterval = 20 * time.Millisecond
		c.Seal.Checkpoint.Heartbeat = 60 * time.Millisecond
	})
	if err := p.ConsumeLogs(context.Background(), batch("app", 3, 0)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var s *streamCheck
	for time.Now().Before(deadline) {
		for _, st := range checkArchive(t, archiveLines(t, sink), ns, pub) {
			s = st
		}
		if s != nil && len(s.checkpoints) >= 3 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if s == nil || len(s.checkpoints) < 3 {
		t.Fatal("no interval checkpoint followed by heartbeats")
	}
	if c := s.checkpoints[0]; c.TreeSize != 4 || c.Final {
		t.Errorf("interval checkpoint %+v", c)
	}
	if c := s.checkpoints[1]; c.RangeStart != c.RangeEnd {
		t.Errorf("heartbeat has a non-empty range %d..%d", c.RangeStart, c.RangeEnd)
	}
	if len(s.problems) > 0 {
		t.Error(s.problems)
	}
}

// failOnce refuses the first batch of records it is given.
type failOnce struct {
	consumertest.LogsSink
	failed bool
}

func (f *failOnce) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	if !f.failed {
		f.failed = true
		return errors.New("next hop down")
	}
	return f.LogsSink.ConsumeLogs(ctx, ld)
}

func (f *failOnce) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

func TestRefusedBatchIsDeclaredDropped(t *testing.T) {
	next := &failOnce{}
	keyFile, pub := writeKey(t, t.TempDir())
	cfg := createDefaultConfig()
	cfg.Mode, cfg.Seal.SigningKeyFile = ModeSeal, keyFile
	p, err := newSealProcessor(settingsForTest(), cfg, next)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := p.ConsumeLogs(ctx, batch("app", 3, 0)); err == nil {
		t.Fatal("the refusal was not passed back to the sender")
	}
	if err := p.ConsumeLogs(ctx, batch("app", 2, 3)); err != nil {
		t.Fatal(err)
	}
	_ = p.Shutdown(ctx)
	for _, s := range checkArchive(t, archiveLines(t, &next.LogsSink), ns, pub) {
		last := s.checkpoints[len(s.checkpoints)-1]
		if len(last.DroppedRanges) != 1 || last.DroppedRanges[0] != (seclogformat.SeqRange{Start: 0, End: 4}) {
			t.Errorf("declared drops %+v, want [0,4) (genesis and three records)", last.DroppedRanges)
		}
	}
}

func TestCheckpointNoteOpensWithSumdbNoteAndStaysUnder8KiB(t *testing.T) {
	sink := new(consumertest.LogsSink)
	longName := strings.Repeat("k", 256)
	p, pub := newSealUnderTest(t, sink, func(c *Config) {
		c.Seal.Checkpoint.MaxRecords = 150
		c.Seal.KeyName = longName
	})
	if err := p.ConsumeLogs(context.Background(), batch("app", 149, 0)); err != nil {
		t.Fatal(err)
	}
	_ = p.Shutdown(context.Background())
	v, err := note.NewVerifier(seclogformat.VerifierKey(longName, pub))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, ld := range sink.AllLogs() {
		rls := ld.ResourceLogs()
		for i := 0; i < rls.Len(); i++ {
			lrs := rls.At(i).ScopeLogs().At(rls.At(i).ScopeLogs().Len() - 1).LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				if lrs.At(k).EventName() != ns+".checkpoint" {
					continue
				}
				body := lrs.At(k).Body().Str()
				if len(body) > seclogformat.CheckpointMaxBytes {
					t.Errorf("checkpoint of %d bytes", len(body))
				}
				n, err := note.Open([]byte(body), note.VerifierList(v))
				if err != nil {
					t.Fatalf("sumdb/note: %v", err)
				}
				if _, err := seclogformat.ParseCheckpoint(n.Text, ns); err != nil {
					t.Fatal(err)
				}
				seen++
			}
		}
	}
	if seen != 2 {
		t.Errorf("%d checkpoints, want 2", seen)
	}
}

func TestCheckpointLeavesOutTheCLineAndDefersDropsPast8KiB(t *testing.T) {
	now := func() time.Time { return time.Unix(1764000000, 0) }
	// A signature block as large as a huge key name would make it: the c line must go first, then d ranges wait.
	l := newSealLog(ns, "AbCdEfGhIjKlMnOpQrStUv", true, 1100, now)
	for i := 0; i < 150; i++ {
		l.appendDigest(seclogformat.Hash{byte(i)})
	}
	for i := uint64(0); i < 40; i++ {
		l.declareDropped(seclogformat.SeqRange{Start: 2 * i, End: 2*i + 1})
	}
	c, text := l.buildCheckpoint(false)
	if len(text)+1100 > seclogformat.CheckpointMaxBytes {
		t.Fatalf("checkpoint of %d bytes plus signatures", len(text))
	}
	if c.HasCompactRange || !c.HasLeafList || len(c.DroppedRanges) == 0 || len(c.DroppedRanges) == 40 {
		t.Errorf("c line %v, leaf list %v, %d drop ranges", c.HasCompactRange, c.HasLeafList, len(c.DroppedRanges))
	}
	if _, err := seclogformat.ParseCheckpoint(text, ns); err != nil {
		t.Fatal(err)
	}
	// The deferred ranges come with the next checkpoint.
	c2, _ := l.buildCheckpoint(false)
	if len(c.DroppedRanges)+len(c2.DroppedRanges) != 40 || c2.RangeStart != 150 || c2.PreviousHash != seclogformat.TextHash(text) {
		t.Errorf("next checkpoint: %d deferred ranges, range start %d", len(c2.DroppedRanges), c2.RangeStart)
	}
}

func TestSealNormalizesInvalidUTF8BeforeExport(t *testing.T) {
	sink := new(consumertest.LogsSink)
	p, pub := newSealUnderTest(t, sink, nil)
	ld := batch("app", 1, 0)
	lr := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	lr.Body().SetStr("bad \xe2\x82A bytes")
	lr.Attributes().PutStr("k\xff", "v")
	if err := p.ConsumeLogs(context.Background(), ld); err != nil {
		t.Fatal(err)
	}
	_ = p.Shutdown(context.Background())
	if lr.Body().Str() != "bad \uFFFDA bytes" {
		t.Errorf("body %q", lr.Body().Str())
	}
	for id, s := range checkArchive(t, archiveLines(t, sink), ns, pub) {
		if len(s.problems) > 0 {
			t.Errorf("stream %s: %v", id, s.problems)
		}
	}
}

// A record nested far deeper than OLCF-1's 128 levels, with a string that is not UTF-8 near its top, is sealed as the
// unverifiable leaf (depth-exceeded). Rewriting its strings to valid UTF-8 walked the whole record recursively, with
// no limit: a body nested a few hundred thousand levels deep (a few MB of OTLP) exhausted the goroutine stack, which
// is a fatal error, not a recoverable panic. Here the stack is capped at 1 MiB and the record is 20,000 levels deep.
func TestSealBoundsTheWalkOfADeepRecord(t *testing.T) {
	sink := new(consumertest.LogsSink)
	p, pub := newSealUnderTest(t, sink, nil)
	ld := batch("app", 2, 0)
	lr := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(1)
	lr.SetEventName("bad \xff name")
	m := lr.Body().SetEmptyMap()
	for range 20000 {
		m = m.PutEmptyMap("k\xfe")
	}
	m.PutStr("deepest", "\xc0")
	defer debug.SetMaxStack(debug.SetMaxStack(1 << 20))
	if err := p.ConsumeLogs(context.Background(), ld); err != nil {
		t.Fatal(err)
	}
	if _, ok := lr.Attributes().Get("seclog.integrity.seq"); !ok || lr.EventName() != "bad \uFFFD name" {
		t.Errorf("deep record: sealed %v, event name %q", ok, lr.EventName())
	}
	// Live verify reads the same record within the same stack.
	_ = p.Shutdown(context.Background())
	if got, valid := liveVerify(t, sink, pub); len(got) > 0 || valid != 2 {
		t.Errorf("live verify: violations %v, %d records valid (want 2 and the deep one unverifiable)", got, valid)
	}
}

// Hostile values that pdata can hold: NaN and infinite doubles, an empty record, an empty map and slice body, bytes,
// extreme integers and timestamps, invalid UTF-8 everywhere (also keys that become equal once normalized), an empty
// scope. Seal mode seals every one of them (sealed as the unverifiable leaf where OLCF-1 says so) without a panic, and
// the exported archive verifies.
func TestSealHostileValuesVerify(t *testing.T) {
	sink := new(consumertest.LogsSink)
	p, pub := newSealUnderTest(t, sink, nil)
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "hostile \xff")
	rl.Resource().Attributes().PutDouble("nan", math.NaN())
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName("scope \xc0")
	sl.Scope().Attributes().PutStr("\xfe", "\xfe")
	sl.SetSchemaUrl("\xed\xa0\x80")
	add := func() plog.LogRecord { return sl.LogRecords().AppendEmpty() }
	add() // empty record: no body, no attributes, zero times
	add().Body().SetDouble(math.NaN())
	add().Body().SetDouble(math.Inf(-1))
	add().Body().SetEmptyMap()
	add().Body().SetEmptySlice().AppendEmpty() // a slice holding an empty value
	add().Body().SetEmptyBytes().FromRaw([]byte{0, 0xff, 0xfe})
	lr := add()
	lr.Body().SetInt(math.MinInt64)
	lr.SetTimestamp(math.MaxUint64)
	lr.SetObservedTimestamp(math.MaxUint64)
	lr.SetSeverityNumber(plog.SeverityNumber(math.MinInt32))
	lr.SetFlags(plog.LogRecordFlags(math.MaxUint32))
	lr.SetDroppedAttributesCount(math.MaxUint32)
	lr = add()
	lr.SetEventName("\xff")
	lr.SetSeverityText("\xc3")
	lr.Body().SetStr("\xf4\x90\x80\x80 beyond U+10FFFF")
	lr.Attributes().PutDouble("\xe2\x82", math.Inf(1))
	lr = add() // two keys that normalize to the same key: the unverifiable leaf, duplicate-key
	lr.Attributes().PutStr("k\xff", "a")
	lr.Attributes().PutStr("k\xfe", "b")
	lr = add() // a key that looks like a seal key of another namespace is an ordinary attribute
	lr.Attributes().PutStr("other.integrity.stream", "x")
	if err := p.ConsumeLogs(context.Background(), ld); err != nil {
		t.Fatal(err)
	}
	_ = p.Shutdown(context.Background())
	for i := 0; i < sl.LogRecords().Len(); i++ {
		if _, ok := sl.LogRecords().At(i).Attributes().Get(ns + ".seq"); !ok {
			t.Errorf("record %d left unsealed", i)
		}
	}
	streams := checkArchive(t, archiveLines(t, sink), ns, pub)
	if len(streams) != 1 {
		t.Fatalf("%d streams, want 1", len(streams))
	}
	for id, s := range streams {
		if len(s.problems) > 0 || len(s.records) != 11 {
			t.Errorf("stream %s: %d leaves, problems %v", id, len(s.records), s.problems)
		}
	}
	// Live verify of the same batches finds every record intact.
	if got, valid := liveVerify(t, sink, pub); len(got) > 0 || valid != 10 {
		t.Errorf("live verify: violations %v, %d records valid (want 10 and 1 unverifiable)", got, valid)
	}
}

// A stream evicted (max_streams) while its records are in the batch being sealed got its final checkpoint at once,
// before the next consumer answered: when that consumer refused the batch, the evicted stream's records were not
// declared dropped, and `seclog verify` reported them MISSING (tampering) instead of DROPPED. Any sender whose records
// share a batch with another stream's can make that happen. The final checkpoint now waits for the batch's outcome.
func TestRefusedBatchDeclaresTheDropsOfAStreamEvictedInIt(t *testing.T) {
	next := &failOnce{}
	keyFile, pub := writeKey(t, t.TempDir())
	cfg := createDefaultConfig()
	cfg.Mode, cfg.Seal.SigningKeyFile, cfg.Seal.MaxStreams = ModeSeal, keyFile, 1
	p, err := newSealProcessor(settingsForTest(), cfg, next)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ld := batch("honest", 3, 0)
	batch("made-up", 2, 0).ResourceLogs().At(0).MoveTo(ld.ResourceLogs().AppendEmpty())
	if err := p.ConsumeLogs(ctx, ld); err == nil {
		t.Fatal("the refusal was not passed back to the sender")
	}
	_ = p.Shutdown(ctx)
	streams := checkArchive(t, archiveLines(t, &next.LogsSink), ns, pub)
	if len(streams) != 2 {
		t.Fatalf("%d streams, want 2", len(streams))
	}
	for id, s := range streams {
		last := s.checkpoints[len(s.checkpoints)-1]
		if !last.Final || len(last.DroppedRanges) != 1 || last.DroppedRanges[0] != (seclogformat.SeqRange{Start: 0, End: last.TreeSize}) {
			t.Errorf("stream %s: final %v, declared drops %+v, want all %d leaves", id, last.Final, last.DroppedRanges, last.TreeSize)
		}
	}
}

// Records that reach seal mode after its shutdown (a batch still in flight) pass on unsealed: they were not counted
// anywhere. They are counted as unsealable, and logged.
func TestSealCountsRecordsPassedUnsealedAfterShutdown(t *testing.T) {
	keyFile, _ := writeKey(t, t.TempDir())
	cfg := createDefaultConfig()
	cfg.Mode, cfg.Seal.SigningKeyFile = ModeSeal, keyFile
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { _ = tel.Shutdown(context.Background()) })
	set := settingsForTest()
	set.TelemetrySettings = tel.NewTelemetrySettings()
	sink := new(consumertest.LogsSink)
	p, err := newSealProcessor(set, cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.ConsumeLogs(context.Background(), batch("late", 3, 0)); err != nil {
		t.Fatal(err)
	}
	m, err := tel.GetMetric("otelcol_seclog_seal_records_unsealable")
	if err != nil {
		t.Fatalf("records passed unsealed after shutdown are not counted: %v", err)
	}
	if n := m.Data.(metricdata.Sum[int64]).DataPoints[0].Value; n != 3 || sink.LogRecordCount() != 3 {
		t.Errorf("unsealable %d, passed on %d; want 3 and 3", n, sink.LogRecordCount())
	}
}

// liveVerify runs verify mode over every batch seal mode exported, a minute of heartbeat time later: the integrity
// violations it reported and how many records it found valid.
func liveVerify(t *testing.T, sink *consumertest.LogsSink, pub ed25519.PublicKey) ([]string, uint64) {
	t.Helper()
	clk := &rtClock{time.Unix(1764000000, 0)}
	v, events := newVerifyRT(t, pub, clk)
	for _, b := range sink.AllLogs() {
		if err := v.ConsumeLogs(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	clk.t = clk.t.Add(time.Minute)
	tick(v)
	return rtEvents(events), v.v.Stats.RecordsValid
}
