// Attacks from a red-team review of live verify (2026-12-03), kept as regression tests: each failed before the fix.
package seclogprocessor

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
	"github.com/seclog/seclog/collector/pkg/seclogverify"
)

type rtClock struct{ t time.Time }

func (c *rtClock) now() time.Time { return c.t }

// a verify processor without its timer, on a fake clock
func newVerifyRT(t *testing.T, pub ed25519.PublicKey, clk *rtClock) (*verifyProcessor, *consumertest.LogsSink) {
	return newVerifyRTB(t, pub, clk)
}

func newVerifyRTB(t testing.TB, pub ed25519.PublicKey, clk *rtClock) (*verifyProcessor, *consumertest.LogsSink) {
	cfg := createDefaultConfig()
	cfg.Mode = ModeVerify
	cfg.Verify.PublicKeyFiles = []string{writePublicKey(t, pub)}
	cfg.Verify.Grace = time.Second
	sink := new(consumertest.LogsSink)
	p, err := newVerifyProcessor(processortest.NewNopSettings(componentType), cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	p.v = seclogverify.New(seclogverify.Config{Namespace: cfg.Namespace, Keys: []ed25519.PublicKey{pub}, Grace: cfg.Verify.Grace,
		SilenceFactor: cfg.Verify.SilenceFactor, MaxStreams: cfg.Verify.MaxStreams, MaxPendingRecords: cfg.Verify.MaxPendingRecords}, clk.now)
	return p, sink
}

func tick(p *verifyProcessor) {
	p.mu.Lock()
	f := p.v.Tick()
	p.mu.Unlock()
	p.report(context.Background(), f)
}

func rtEvents(sink *consumertest.LogsSink) []string {
	var out []string
	for _, ld := range sink.AllLogs() {
		for i := 0; i < ld.ResourceLogs().Len(); i++ {
			sls := ld.ResourceLogs().At(i).ScopeLogs()
			for j := 0; j < sls.Len(); j++ {
				lrs := sls.At(j).LogRecords()
				for k := 0; k < lrs.Len(); k++ {
					if lr := lrs.At(k); lr.EventName() == violationEvent {
						out = append(out, statusOf(lr))
					}
				}
			}
		}
	}
	return out
}

func streamIDOf(batches []plog.Logs) string {
	for _, ld := range batches {
		lr := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
		if v, ok := lr.Attributes().Get("seclog.integrity.stream"); ok {
			return v.Str()
		}
	}
	return ""
}

// P1: one forged "genesis" record at an old seq must not turn off STREAM-SILENT for a real stream.
func TestAttackForgedGenesisCannotSilenceSilenceDetection(t *testing.T) {
	for _, inject := range []bool{false, true} {
		batches, pub := sealedBatches(t, 20)
		clk := &rtClock{time.Unix(1764000000, 0)}
		p, sink := newVerifyRT(t, pub, clk)
		for _, ld := range batches[:len(batches)-1] { // the producer dies before its final checkpoint
			if err := p.ConsumeLogs(context.Background(), ld); err != nil {
				t.Fatal(err)
			}
		}
		if inject {
			id := streamIDOf(batches)
			res := `["olcf1-resource",[],"0"]`
			ld := plog.NewLogs()
			lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
			lr.Attributes().PutStr("seclog.integrity.stream", id)
			lr.Attributes().PutInt("seclog.integrity.seq", 0) // already verified: dropped as "late", no finding
			lr.Body().SetStr(seclogformat.FormatGenesis(seclogformat.StreamBody{Namespace: "seclog.integrity", StreamID: id,
				OlcfVersion: "olcf1", Policy: seclogformat.Policy{MaxRecords: 1, MaxIntervalMs: 1, HeartbeatMs: 999999999999999},
				ResourceDigest: seclogformat.ResourceDigest([]byte(res)), ResourceText: res}))
			_ = p.ConsumeLogs(context.Background(), ld)
		}
		for i := 0; i < 48; i++ {
			clk.t = clk.t.Add(time.Hour)
			tick(p)
		}
		if !strings.Contains(strings.Join(rtEvents(sink), ","), "STREAM-SILENT") {
			t.Errorf("inject=%v: no STREAM-SILENT after 48 h", inject)
		}
	}
}

// P2: the resource of sealed records is changed in transit (host.name / service.name rewritten, or its
// droppedAttributesCount, which the signed resource digest covers too): live verify must say RESOURCE-MODIFIED, as
// `seclog verify` does.
func TestAttackResourceRewriteIsResourceModified(t *testing.T) {
	for name, edit := range map[string]func(pcommon.Resource){
		"attributes": func(r pcommon.Resource) {
			r.Attributes().PutStr("service.name", "innocent")
			r.Attributes().PutStr("host.name", "elsewhere")
		},
		"droppedAttributesCount": func(r pcommon.Resource) { r.SetDroppedAttributesCount(3) },
	} {
		t.Run(name, func(t *testing.T) { resourceRewriteIsResourceModified(t, edit) })
	}
}

func resourceRewriteIsResourceModified(t *testing.T, edit func(pcommon.Resource)) {
	batches, pub := sealedBatches(t, 20)
	clk := &rtClock{time.Unix(1764000000, 0)}
	p, sink := newVerifyRT(t, pub, clk)
	for bi, ld := range batches {
		for i := 0; bi > 0 && i < ld.ResourceLogs().Len(); i++ { // the first batch (with the genesis) untouched
			edit(ld.ResourceLogs().At(i).Resource())
		}
		if err := p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		clk.t = clk.t.Add(2 * time.Second)
		tick(p)
	}
	p.mu.Lock()
	valid := p.v.Stats.RecordsValid
	p.mu.Unlock()
	if got := rtEvents(sink); !slices.Equal(got, []string{"RESOURCE-MODIFIED"}) {
		t.Errorf("resource of every sealed record rewritten: events %v, want one RESOURCE-MODIFIED", got)
	}
	// The records themselves are checked against the signed resource, so they still verify.
	if valid != 21 {
		t.Errorf("records valid %d, want 21", valid)
	}
}

// P3: a resource snapshot forged at a seq not verified yet announces another resource digest for the stream. The
// genuine records after it must still verify (no MODIFIED, no RESOURCE-MODIFIED), and the forgery must be reported.
func TestAttackForgedResourceSnapshotAtAFutureSeq(t *testing.T) {
	for _, at := range []int64{10, 13} { // a seq in the next checkpoint range, one in the range after it
		batches, pub := sealedBatches(t, 20)
		clk := &rtClock{time.Unix(1764000000, 0)}
		p, sink := newVerifyRT(t, pub, clk)
		id := streamIDOf(batches)
		res := `["olcf1-resource",[["host.name",["s","attacker"]]],"0"]`
		ld := plog.NewLogs()
		lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
		lr.Attributes().PutStr("seclog.integrity.stream", id)
		lr.Attributes().PutInt("seclog.integrity.seq", at)
		lr.Body().SetStr(seclogformat.FormatResourceSnapshot(seclogformat.StreamBody{Namespace: "seclog.integrity", StreamID: id,
			ResourceDigest: seclogformat.ResourceDigest([]byte(res)), ResourceText: res}))
		for bi, b := range batches {
			if err := p.ConsumeLogs(context.Background(), b); err != nil {
				t.Fatal(err)
			}
			if bi == 0 { // the forgery arrives before the genuine record at its seq
				_ = p.ConsumeLogs(context.Background(), ld)
			}
		}
		for i := 0; i < 3; i++ {
			clk.t = clk.t.Add(2 * time.Second)
			tick(p)
		}
		got := rtEvents(sink)
		t.Logf("forged snapshot at seq %d: events %v", at, got)
		if slices.Contains(got, "RESOURCE-MODIFIED") {
			t.Errorf("seq %d: the forged snapshot made the genuine records RESOURCE-MODIFIED", at)
		}
		if n := slices.Index(got, "MODIFIED"); n >= 0 && strings.Count(strings.Join(got, ","), "MODIFIED") > 1 {
			t.Errorf("seq %d: genuine records reported MODIFIED besides the forgery: %v", at, got)
		}
		if !slices.Contains(got, "CONFLICT") && !slices.Contains(got, "MODIFIED") {
			t.Errorf("seq %d: the forged snapshot was not reported", at)
		}
	}
}

// P4: resource rewrites that live verify let pass. The records after a stream's genesis and before its first
// checkpoint are checked while the genesis is still unproven: with an exported resource that cannot be canonicalized
// (here an attribute nested deeper than 128 levels) nothing compared it with the signed one. And a genesis or
// snapshot record's own exported resource was never compared with the one it announces (here the genesis is moved
// under another resource). Both are RESOURCE-MODIFIED, as `seclog verify` says, and the records still verify.
func TestVerifyReportsEveryResourceRewrite(t *testing.T) {
	deep := func(r pcommon.Resource) {
		m := r.Attributes().PutEmptyMap("deep")
		for range 130 {
			m = m.PutEmptyMap("d")
		}
	}
	for name, edit := range map[string]func(batches []plog.Logs){
		"unencodable resource before the first checkpoint": func(batches []plog.Logs) { deep(batches[1].ResourceLogs().At(0).Resource()) },
		"genesis moved under another resource": func(batches []plog.Logs) {
			first := batches[0]
			rl := first.ResourceLogs().At(0)
			moved := first.ResourceLogs().AppendEmpty()
			rl.Resource().CopyTo(moved.Resource())
			moved.Resource().Attributes().PutStr("host.name", "elsewhere")
			rl.ScopeLogs().RemoveIf(func(sl plog.ScopeLogs) bool {
				if sl.Scope().Name() != integrityScopeName {
					return false
				}
				sl.CopyTo(moved.ScopeLogs().AppendEmpty())
				return true
			})
		},
	} {
		for _, leafList := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/leafList=%v", name, leafList), func(t *testing.T) {
				resourceRewriteIsReported(t, leafList, edit)
			})
		}
	}
}

func resourceRewriteIsReported(t *testing.T, leafList bool, edit func([]plog.Logs)) {
	sealer := new(consumertest.LogsSink)
	sp, pub := newSealUnderTest(t, sealer, func(c *Config) { c.Seal.Checkpoint.MaxRecords, c.Seal.Checkpoint.LeafList = 8, leafList })
	for i := 0; i < 20; i += 5 {
		if err := sp.ConsumeLogs(context.Background(), batch("app", 5, i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := sp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	batches := sealer.AllLogs()
	clk := &rtClock{time.Unix(1764000000, 0)}
	p, sink := newVerifyRT(t, pub, clk)
	edit(batches)
	for _, ld := range batches {
		if err := p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		clk.t = clk.t.Add(2 * time.Second)
		tick(p)
	}
	if got := rtEvents(sink); !slices.Equal(got, []string{"RESOURCE-MODIFIED"}) || p.v.Stats.RecordsValid != 21 {
		t.Errorf("events %v, %d records valid; want one RESOURCE-MODIFIED and 21", got, p.v.Stats.RecordsValid)
	}
}

// P5: a sender without any key sends resource snapshots of a made-up stream, each with a resource text of 0.9 MB (a
// canonical resource tuple, so the body parses). The verifier keeps each announcement's resource digest, a 44-byte
// substring of the record's body: each announcement kept the whole body alive, up to 256 per stream, so 64 such
// records held 58 MB after their batches were gone. What the verifier keeps does not keep a record alive.
func TestVerifyKeepsNoRecordAliveThroughAnAnnouncement(t *testing.T) {
	clk := &rtClock{time.Unix(1764000000, 0)}
	_, key, _ := ed25519.GenerateKey(nil)
	p, sink := newVerifyRT(t, key.Public().(ed25519.PublicKey), clk)
	const id, n, size = "MadeUpStreamIdForTest0", 64, 900_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		res := `["olcf1-resource",[["big",["s","` + strings.Repeat(string(rune('a'+i%26)), size) + fmt.Sprint(i) + `"]]],"0"]`
		ld := plog.NewLogs()
		lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
		lr.Attributes().PutStr("seclog.integrity.stream", id)
		lr.Attributes().PutInt("seclog.integrity.seq", int64(i))
		lr.Body().SetStr(seclogformat.FormatResourceSnapshot(seclogformat.StreamBody{Namespace: "seclog.integrity", StreamID: id,
			ResourceDigest: seclogformat.ResourceDigest([]byte(res)), ResourceText: res}))
		_ = p.ConsumeLogs(context.Background(), ld)
		sink.Reset()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(p)
	if held := int64(after.HeapAlloc) - int64(before.HeapAlloc); held > n*size/8 {
		t.Errorf("%d snapshot records of %d bytes each, gone: %d bytes still held", n, size, held)
	}
}
