// Attacks from a red-team review of live verify (2026-12-03), kept as regression tests: each failed before the fix.
package seclogverify

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

type attackClock struct{ t time.Time }

func (c *attackClock) now() time.Time { return c.t }

// tick moves the clock n times by step and returns what the verifier's Tick reports each time.
func (c *attackClock) tick(v *Verifier, n int, step time.Duration) []Finding {
	var out []Finding
	for i := 0; i < n; i++ {
		c.t = c.t.Add(step)
		out = append(out, v.Tick()...)
	}
	return out
}

func newAttacked(p *producer, c *attackClock) *Verifier {
	return New(Config{Namespace: ns, Keys: []ed25519.PublicKey{p.signer.PublicKey()}, Grace: time.Second}, c.now)
}

func summarize(fs []Finding) string {
	var s []string
	for _, f := range fs {
		if f.Status.Violation() {
			s = append(s, fmt.Sprintf("%s@%d", f.Status, f.Seqs.Start))
		}
	}
	return strings.Join(s, ",")
}

// recordUnder is the digest of test record i sealed with resource digest res in slot 3.
func recordUnder(i int, res string) seclogformat.Hash {
	return sha256.Sum256([]byte(fmt.Sprintf("record %d %s", i, res)))
}

// deliverAsProcessor hands the verifier record i, exported with resource digest exported, as the collector processor
// does for a record that is not a stream body: under the proven resource (a different exported one is
// RESOURCE-MODIFIED), or under each open candidate and the exported one, the checkpoint deciding.
func deliverAsProcessor(v *Verifier, i int, exported string) []Finding {
	var out []Finding
	rs, trusted := v.ResourceCandidates(sid, uint64(i), nil)
	if trusted && rs[0] != exported {
		out = v.ResourceExported(sid, uint64(i), exported)
	}
	if !trusted && !slices.Contains(rs, exported) {
		rs = append(rs, exported)
	}
	var cands []Candidate
	for _, r := range rs {
		cands = append(cands, Candidate{Digest: recordUnder(i, r), Resource: r})
	}
	return append(out, v.RecordCandidates(sid, uint64(i), cands, exported, false)...)
}

// newSigner is a fresh Ed25519 checkpoint signer under keyName (a second producer key, trusted beside the first).
func newSigner(t *testing.T, keyName string) *seclogformat.Ed25519Signer {
	_, key, _ := ed25519.GenerateKey(nil)
	s, err := seclogformat.NewEd25519Signer(keyName, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// RT1: a sender floods max_streams fake stream ids; the real stream is evicted with its open window and its
// deleted record is never reported.
func TestAttackStreamIDFloodDoesNotEvictAProvenStream(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	var all []Finding
	for i := 0; i < 10; i++ {
		d := p.record(i)
		if i != 5 { // record 5 deleted
			all = append(all, v.Record(sid, uint64(i), d)...)
		}
	}
	all = append(all, v.Checkpoint(p.checkpoint(false))...)
	c.t = c.t.Add(time.Millisecond)
	for i := 0; i < 1024; i++ { // attacker: one record per made-up stream id
		all = append(all, v.Record(fmt.Sprintf("fake-%d", i), 0, seclogformat.Hash{})...)
	}
	all = append(all, c.tick(v, 5, time.Hour)...)
	t.Logf("violations: %q", summarize(all))
	if !strings.Contains(summarize(all), "MISSING@5") {
		t.Errorf("deleted seq 5 not reported after the stream was evicted by a flood of stream ids")
	}
}

// RT2: deleting checkpoint k=0 makes the verifier treat the stream as "joined late": ranges of k=0 and k=1 are never
// checked, although it saw the stream's seq 0.
func TestAttackDeletedFirstCheckpointIsReportedAndRangesChecked(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	var all []Finding
	for i := 0; i < 10; i++ {
		p.record(i)
		all = append(all, v.Record(sid, uint64(i), sha256.Sum256([]byte("forged")))...) // every record modified
	}
	_ = p.checkpoint(false) // k=0 deleted in transit
	for i := 10; i < 20; i++ {
		p.record(i)
		all = append(all, v.Record(sid, uint64(i), sha256.Sum256([]byte(fmt.Sprint("forged", i))))...)
	}
	all = append(all, v.Checkpoint(p.checkpoint(false))...)
	all = append(all, c.tick(v, 5, 2*time.Second)...)
	t.Logf("violations: %q", summarize(all))
	if summarize(all) == "" {
		t.Errorf("20 modified records and a deleted k=0 produced no violation")
	}
}

// RT3: two different checkpoints with one index, both held while waiting for the one before: the second silently
// replaces the first, no CONFLICT.
func TestAttackEquivocationWhileHeldIsAConflict(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	var all []Finding
	for i := 0; i < 3; i++ {
		all = append(all, v.Record(sid, uint64(i), p.record(i))...)
	}
	all = append(all, v.Checkpoint(p.checkpoint(false))...) // k0
	for i := 3; i < 6; i++ {
		all = append(all, v.Record(sid, uint64(i), p.record(i))...)
	}
	k1 := p.checkpoint(false)
	fork := *p
	fork.digests = append([]seclogformat.Hash(nil), p.digests...)
	fork.cr = p.cr.Clone()
	for i := 6; i < 9; i++ {
		all = append(all, v.Record(sid, uint64(i), p.record(i))...)
	}
	k2a := p.checkpoint(false)
	for i := 6; i < 9; i++ {
		fork.record(100 + i)
	}
	k2b := fork.checkpoint(false)
	all = append(all, v.Checkpoint(k2b)...) // held (k1 not yet here)
	all = append(all, v.Checkpoint(k2a)...) // held: replaces k2b
	all = append(all, v.Checkpoint(k1)...)
	all = append(all, c.tick(v, 3, 2*time.Second)...)
	t.Logf("violations: %q", summarize(all))
	if !strings.Contains(summarize(all), "CONFLICT") {
		t.Errorf("two signed checkpoints k=2 over different trees: no CONFLICT")
	}
}

// RT4: sealed records of a stream that never gets a checkpoint (forged stream id) are never reported
// (seclog verify: UNTRUSTED-STREAM, a failure).
func TestAttackStreamWithoutTrustedCheckpointIsUntrusted(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	var all []Finding
	for i := 0; i < 100; i++ {
		all = append(all, v.Record("ZZZZZZZZZZZZZZZZZZZZZZ", uint64(i), sha256.Sum256([]byte(fmt.Sprint(i))))...)
	}
	all = append(all, c.tick(v, 10, time.Hour)...)
	if summarize(all) == "" {
		t.Errorf("100 sealed records of a stream without any checkpoint, 10 h later: no finding at all")
	}
}

// RT5: a sender pre-fills pending with far-future seqs of the real stream; every later real record is dropped
// from live checking, a modified record is reported MISSING (not MODIFIED), and the junk never leaves.
func TestAttackFarSeqsCannotFillAStreamsPendingRoom(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	var all []Finding
	for i := 0; i < 4096; i++ {
		all = append(all, v.Record(sid, 1<<40+uint64(i), seclogformat.Hash{})...)
	}
	for i := 0; i < 10; i++ {
		d := p.record(i)
		if i == 4 {
			d = sha256.Sum256([]byte("tampered"))
		}
		all = append(all, v.Record(sid, uint64(i), d)...)
	}
	all = append(all, v.Checkpoint(p.checkpoint(false))...)
	all = append(all, c.tick(v, 1, 2*time.Second)...)
	t.Logf("violations: %q; pending=%d", summarize(all), v.streams[sid].pending.len())
	if !strings.Contains(summarize(all), "MODIFIED@4") {
		t.Errorf("tampered seq 4 not reported MODIFIED after a pending flood")
	}
}

// RT6: heartbeat from a genesis: huge values overflow time.Duration. The genesis is proven by the checkpoint over
// it (an unproven one is never taken, RT13), and a later copy of seq 0 changes nothing: the first one was taken.
func TestAttackAnnouncedHeartbeatIsCapped(t *testing.T) {
	res := `["olcf1-resource",[],"0"]`
	genesis := func(hb uint64) seclogformat.StreamBody {
		b, err := seclogformat.ParseStreamBody(seclogformat.FormatGenesis(seclogformat.StreamBody{Namespace: ns, StreamID: sid,
			OlcfVersion: "olcf1", Policy: seclogformat.Policy{MaxRecords: 1, MaxIntervalMs: 1, HeartbeatMs: hb},
			ResourceDigest: seclogformat.ResourceDigest([]byte(res)), ResourceText: res}), ns)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, hb := range []uint64{999999999999999, 9223372036854} {
		p := newProducer(t, true)
		v := newAttacked(p, &attackClock{time.Unix(1764000000, 0)})
		for i := 0; i < 3; i++ {
			d := p.record(i)
			if i == 0 {
				v.AnnounceRecord(0, genesis(hb), d)
			}
			v.Record(sid, uint64(i), d)
		}
		v.Checkpoint(p.checkpoint(false))
		if got := v.streams[sid].heartbeat; got != maxAnnouncedHeartbeat {
			t.Errorf("heartbeatMs %d: heartbeat %v, want the %v cap", hb, got, maxAnnouncedHeartbeat)
		}
		v.AnnounceRecord(0, genesis(1000), sha256.Sum256([]byte("a forged copy of seq 0")))
		if got := v.streams[sid].heartbeat; got != maxAnnouncedHeartbeat {
			t.Errorf("a second genesis changed the heartbeat to %v", got)
		}
	}
}

// RT8: memory an attacker can pin with default limits (1024 streams, records at made-up far seqs).
func TestAttackPendingMemoryStaysBounded(t *testing.T) {
	v := New(Config{Namespace: ns}, nil)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for s := 0; s < 1024; s++ {
		id := fmt.Sprintf("stream-%d", s)
		for i := 0; i < 4096; i++ {
			v.Record(id, uint64(i)*1000003, seclogformat.Hash{byte(i)})
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	// Far seqs are not held: 4M made-up records keep next to nothing (was about 384 MiB).
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 64<<20 {
		t.Errorf("4M attacker records pinned %d MiB", grown>>20)
	}
}

// RT9 (review of the pending ring, 2026-12-03): a few records at seqs that collide in the ring (next, next+256,
// next+512, …, all within max_pending_records) made each made-up stream's ring grow to max_pending_records slots:
// five records pinned about 200 KB, so 5,000 records over 1024 stream ids pinned about 200 MB (a map held five
// entries). The ring now grows only when it is at least half full; a colliding seq of a sparse ring goes to the map.
func TestAttackCollidingSeqsDoNotGrowThePendingRing(t *testing.T) {
	v := New(Config{Namespace: ns}, nil)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for s := 0; s < 1024; s++ {
		id := fmt.Sprintf("stream-%d", s)
		for _, seq := range []uint64{0, 256, 512, 1024, 2048} {
			v.Record(id, seq, seclogformat.Hash{byte(seq >> 8)})
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	for id, st := range v.streams {
		if len(st.pending.slots) > minPendingSlots {
			t.Fatalf("%s: 5 pending records grew the ring to %d slots", id, len(st.pending.slots))
		}
	}
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 48<<20 {
		t.Errorf("5,120 attacker records pinned %d MiB", grown>>20)
	}
}

// RT10: a signed checkpoint whose range starts after the previous tree size (a gap) is CONFLICT, but evaluating it
// moved the stream's next past the gap and left the gap's digests pending until restart, counted against
// max_pending_records, and the root check, without them, reported the genuine records of the range MODIFIED while a
// modified record in the gap was not. The gap's digests now go into the verified tree before the range.
func TestAttackCheckpointRangeGapDoesNotStrandPendingDigests(t *testing.T) {
	for _, tamper := range []bool{false, true} {
		p := newProducer(t, true)
		c := &attackClock{time.Unix(1764000000, 0)}
		v := newAttacked(p, c)
		var all []Finding
		for i := 0; i < 10; i++ {
			all = append(all, v.Record(sid, uint64(i), p.record(i))...)
		}
		all = append(all, v.Checkpoint(p.checkpoint(false))...)
		for i := 10; i < 20; i++ {
			d := p.record(i)
			if tamper && i == 12 {
				d = sha256.Sum256([]byte("tampered"))
			}
			all = append(all, v.Record(sid, uint64(i), d)...)
		}
		p.done = 15 // k1 signs r 15 20: the range skips 10 to 14
		all = append(all, v.Checkpoint(p.checkpoint(false))...)
		all = append(all, c.tick(v, 1, 2*time.Second)...)
		got := summarize(all)
		t.Logf("tamper=%v violations: %q", tamper, got)
		if !strings.Contains(got, "CONFLICT") {
			t.Errorf("tamper=%v: range gap not reported CONFLICT", tamper)
		}
		if n := v.streams[sid].pending.len(); n != 0 {
			t.Errorf("tamper=%v: %d digests stranded in pending after the range gap", tamper, n)
		}
		if tamper != strings.Contains(got, "MODIFIED@10") || (!tamper && strings.Contains(got, "MODIFIED")) {
			t.Errorf("tamper=%v: MODIFIED findings wrong", tamper)
		}
	}
}

// RT11: a resource snapshot forged at a seq still open announces another resource digest. Records after it used to be
// hashed with the forged digest in slot 3 (false MODIFIED, false RESOURCE-MODIFIED); now every candidate is hashed
// (as the processor does) and the signed checkpoint decides. The forgery itself is CONFLICT with the genuine record
// at its seq, and MODIFIED when it was the record held there.
func TestAttackForgedResourceSnapshotCannotFailGenuineRecords(t *testing.T) {
	const r0 = "genuine-resource-digest"
	body := func(res string, genesis bool) seclogformat.StreamBody {
		return seclogformat.StreamBody{Namespace: ns, StreamID: sid, ResourceDigest: res, Genesis: genesis}
	}
	for _, leafList := range []bool{true, false} {
		for _, forgedFirst := range []bool{true, false} {
			p := newProducer(t, leafList)
			c := &attackClock{time.Unix(1764000000, 0)}
			v := newAttacked(p, c)
			var all []Finding
			add := func(i int, d seclogformat.Hash) seclogformat.Hash {
				p.digests = append(p.digests, d)
				p.cr.AppendDigest(d)
				return d
			}
			deliver := func(i int) { all = append(all, deliverAsProcessor(v, i, r0)...) }
			forge := func() {
				f := sha256.Sum256([]byte("a forged snapshot record at 12"))
				v.AnnounceRecord(12, body("forged", false), f)
				all = append(all, v.Record(sid, 12, f)...)
			}
			g := add(0, recordUnder(0, r0))
			v.AnnounceRecord(0, body(r0, true), g)
			all = append(all, v.Record(sid, 0, g)...)
			for i := 1; i < 10; i++ {
				add(i, recordUnder(i, r0))
				deliver(i)
			}
			all = append(all, v.Checkpoint(p.checkpoint(false))...)
			if forgedFirst {
				forge()
			}
			for i := 10; i < 20; i++ {
				add(i, recordUnder(i, r0))
				deliver(i)
				if i == 12 && !forgedFirst {
					forge()
				}
			}
			all = append(all, v.Checkpoint(p.checkpoint(false))...)
			all = append(all, c.tick(v, 1, 2*time.Second)...)
			got := summarize(all)
			t.Logf("leaf list %v, forgery first %v: %q (valid %d)", leafList, forgedFirst, got, v.Stats.RecordsValid)
			want := "CONFLICT@12"
			switch {
			case forgedFirst && leafList:
				want = "CONFLICT@12,MODIFIED@12"
			case forgedFirst: // the forged record is in the tree: the range's root fails (no leaf list to say where)
				want = "CONFLICT@12,MODIFIED@10"
			}
			if got != want {
				t.Errorf("leaf list %v, forgery first %v: violations %q, want %q", leafList, forgedFirst, got, want)
			}
			st := v.streams[sid]
			if st.pending.len() != 0 || len(st.alts) != 0 {
				t.Errorf("leaf list %v, forgery first %v: %d pending, %d with candidates left", leafList, forgedFirst, st.pending.len(), len(st.alts))
			}
			if got == "CONFLICT@12" {
				if rs, trusted := v.ResourceCandidates(sid, 30, nil); !trusted || rs[0] != r0 {
					t.Errorf("leaf list %v: after the checkpoint, slot 3 is %q (trusted %v), want the genuine one", leafList, rs, trusted)
				}
			}
		}
	}
}

// RT12: a genuine snapshot changes the resource; the records after it come before its checkpoint (hashed with both
// candidates) and are exported with a rewritten resource: RESOURCE-MODIFIED once the checkpoint proves which resource
// was sealed, and the records are valid.
func TestGenuineSnapshotBeforeItsCheckpointAndRewrittenResource(t *testing.T) {
	for _, leafList := range []bool{true, false} {
		p := newProducer(t, leafList)
		c := &attackClock{time.Unix(1764000000, 0)}
		v := newAttacked(p, c)
		var all []Finding
		res := "r0"
		for i := 0; i < 20; i++ {
			if i == 0 || i == 12 {
				if i == 12 {
					res = "r1"
				}
				d := recordUnder(i, res)
				p.digests = append(p.digests, d)
				p.cr.AppendDigest(d)
				v.AnnounceRecord(uint64(i), seclogformat.StreamBody{Namespace: ns, StreamID: sid, ResourceDigest: res, Genesis: i == 0}, d)
				all = append(all, v.Record(sid, uint64(i), d)...)
			} else {
				d := recordUnder(i, res)
				p.digests = append(p.digests, d)
				p.cr.AppendDigest(d)
				exported := res
				if i > 12 {
					exported = "rewritten"
				}
				all = append(all, deliverAsProcessor(v, i, exported)...)
			}
			if i == 9 {
				all = append(all, v.Checkpoint(p.checkpoint(false))...)
			}
		}
		all = append(all, v.Checkpoint(p.checkpoint(false))...)
		all = append(all, c.tick(v, 1, 2*time.Second)...)
		if got := summarize(all); got != "RESOURCE-MODIFIED@13" || v.Stats.RecordsValid != 20 {
			t.Errorf("leaf list %v: violations %q, valid %d; want RESOURCE-MODIFIED@13 and 20 valid", leafList, got, v.Stats.RecordsValid)
		}
	}
}

// RT13: a genesis forged at a seq still open, for a stream whose genuine genesis the verifier did not see (it joined
// late, or restarted), announced a 1 ms heartbeat that was taken at once: STREAM-SILENT between the producer's
// regular checkpoints. A heartbeat is now taken only from a genesis whose record a checkpoint proved.
func TestAttackForgedGenesisHeartbeatIsNotTakenUnproven(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	var all []Finding
	for k := 0; k < 4; k++ {
		for i := 10 * k; i < 10*k+10; i++ {
			all = append(all, v.Record(sid, uint64(i), p.record(i))...)
			if k == 1 && i == 10 {
				res := `["olcf1-resource",[],"0"]`
				b, _ := seclogformat.ParseStreamBody(seclogformat.FormatGenesis(seclogformat.StreamBody{Namespace: ns, StreamID: sid,
					OlcfVersion: "olcf1", Policy: seclogformat.Policy{MaxRecords: 1, MaxIntervalMs: 1, HeartbeatMs: 1},
					ResourceDigest: seclogformat.ResourceDigest([]byte(res)), ResourceText: res}), ns)
				v.AnnounceRecord(15, b, sha256.Sum256([]byte("forged genesis")))
			}
		}
		all = append(all, v.Checkpoint(p.checkpoint(false))...)
		all = append(all, c.tick(v, 1, 30*time.Second)...) // a checkpoint every 30 s: well within the default 60 s heartbeat
	}
	if got := summarize(all); strings.Contains(got, "STREAM-SILENT") {
		t.Errorf("a forged genesis' heartbeat was taken: %q", got)
	}
}

// The genuine genesis's heartbeat is taken once the checkpoint over it proves its record.
func TestGenesisHeartbeatTakenWhenProven(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	res := `["olcf1-resource",[],"0"]`
	b, _ := seclogformat.ParseStreamBody(seclogformat.FormatGenesis(seclogformat.StreamBody{Namespace: ns, StreamID: sid,
		OlcfVersion: "olcf1", Policy: seclogformat.Policy{MaxRecords: 1, MaxIntervalMs: 1, HeartbeatMs: 3600000},
		ResourceDigest: seclogformat.ResourceDigest([]byte(res)), ResourceText: res}), ns)
	for i := 0; i < 10; i++ {
		d := p.record(i)
		if i == 0 {
			v.AnnounceRecord(0, b, d)
		}
		v.Record(sid, uint64(i), d)
	}
	if got := v.streams[sid].heartbeat; got != time.Minute {
		t.Errorf("heartbeat %v before the genesis is proven, want the default", got)
	}
	v.Checkpoint(p.checkpoint(false))
	if got := v.streams[sid].heartbeat; got != time.Hour {
		t.Errorf("heartbeat %v after the genesis is proven, want 1h", got)
	}
}

// RT14: forged snapshots fill the candidates of a seq (4) before the genuine snapshot there changes the resource; the
// genuine one is not kept. Once the checkpoint over that seq proves none of them, the records after it must not be
// checked under the old resource alone (false MODIFIED): the resource from that seq on is unknown, so they are
// checked under the exported one.
func TestAttackCrowdedOutSnapshotDoesNotFailLaterRecords(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	var all []Finding
	res := "r0"
	for i := 0; i < 40; i++ {
		if i == 12 {
			for f := 0; f < 4; f++ {
				fd := sha256.Sum256([]byte(fmt.Sprint("forged snapshot ", f)))
				v.AnnounceRecord(12, seclogformat.StreamBody{Namespace: ns, StreamID: sid, ResourceDigest: fmt.Sprint("forged", f)}, fd)
				all = append(all, v.Record(sid, 12, fd)...)
			}
			res = "r1"
		}
		d := recordUnder(i, res)
		p.digests = append(p.digests, d)
		p.cr.AppendDigest(d)
		if i == 0 || i == 12 {
			v.AnnounceRecord(uint64(i), seclogformat.StreamBody{Namespace: ns, StreamID: sid, ResourceDigest: res, Genesis: i == 0}, d)
			all = append(all, v.Record(sid, uint64(i), d)...)
		} else {
			all = append(all, deliverAsProcessor(v, i, res)...)
		}
		if i%10 == 9 {
			all = append(all, v.Checkpoint(p.checkpoint(false))...)
		}
	}
	all = append(all, c.tick(v, 1, 2*time.Second)...)
	// Three forgeries after the first one, then the genuine snapshot, meet the first one held at 12: CONFLICT each.
	if got, want := summarize(all), "CONFLICT@12,CONFLICT@12,CONFLICT@12,CONFLICT@12,MODIFIED@12"; got != want {
		t.Errorf("violations %q, want %q", got, want)
	}
}

// secondKeyScenario: a producer's stream under a verifier that trusts its key and a second one (another producer's,
// or an attacker's who holds it), the stream's first ten records read.
func secondKeyScenario(t *testing.T) (*producer, *seclogformat.Ed25519Signer, *attackClock, *Verifier, []Finding) {
	p := newProducer(t, true)
	other := newSigner(t, "test.example/producer")
	c := &attackClock{time.Unix(1764000000, 0)}
	v := New(Config{Namespace: ns, Keys: []ed25519.PublicKey{p.signer.PublicKey(), other.PublicKey()}, Grace: time.Second}, c.now)
	var all []Finding
	for i := 0; i < 10; i++ {
		all = append(all, v.Record(sid, uint64(i), p.record(i))...)
	}
	return p, other, c, v, all
}

// RT14: one stream's checkpoints signed by different trusted keys. Whoever held any trusted key could extend or
// rewrite another producer's stream (here: a modified record proven by a continuation signed with a second key).
// A producer signs its stream with one key, so a checkpoint that none of the stream's earlier signers signed is
// refused.
func TestAttackCheckpointBySecondTrustedKeyIsRefused(t *testing.T) {
	p, other, c, v, all := secondKeyScenario(t)
	all = append(all, v.Checkpoint(p.checkpoint(false))...)
	forged := sha256.Sum256([]byte("a forged record 12"))
	for i := 10; i < 20; i++ {
		d := p.record(i)
		if i == 12 { // the attacker's continuation seals its own record 12
			p.digests[12] = forged
			p.cr = seclogformat.CompactRange{}
			for _, x := range p.digests {
				p.cr.AppendDigest(x)
			}
			d = forged
		}
		all = append(all, v.Record(sid, uint64(i), d)...)
	}
	p.signer = other
	all = append(all, v.Checkpoint(p.checkpoint(false))...)
	all = append(all, c.tick(v, 5, time.Hour)...)
	got := summarize(all)
	t.Logf("violations: %q (valid %d)", got, v.Stats.RecordsValid)
	if !strings.Contains(got, string(StatusKeyChainInvalid)) {
		t.Errorf("a checkpoint signed by a second trusted key was taken: %q", got)
	}
	if v.Stats.RecordsValid > 10 {
		t.Errorf("%d records proven valid; only the 10 under the stream key's checkpoint may be", v.Stats.RecordsValid)
	}
}

// A stream's checkpoints must all carry the same trusted signers: one checkpoint also signed by a second key is
// refused (what a second key may add to one checkpoint it may add to all), while a producer that always signs with
// the same two keys is followed.
func TestCheckpointSignersMustStayTheSame(t *testing.T) {
	for _, alwaysBoth := range []bool{false, true} {
		p := newProducer(t, true)
		other := newSigner(t, "test.example/other")
		c := &attackClock{time.Unix(1764000000, 0)}
		v := New(Config{Namespace: ns, Keys: []ed25519.PublicKey{p.signer.PublicKey(), other.PublicKey()}, Grace: time.Second}, c.now)
		var all []Finding
		for k := 0; k < 3; k++ {
			for i := 10 * k; i < 10*k+10; i++ {
				all = append(all, v.Record(sid, uint64(i), p.record(i))...)
			}
			note := p.checkpoint(false)
			if alwaysBoth || k == 1 {
				n, _ := seclogformat.ParseNote(note)
				note, _ = seclogformat.SignNote(n.Text, p.signer, other)
			}
			all = append(all, v.Checkpoint(note)...)
		}
		got := summarize(all)
		if alwaysBoth && (got != "" || v.Stats.RecordsValid != 30) {
			t.Errorf("always both keys: violations %q, valid %d; want none and 30", got, v.Stats.RecordsValid)
		}
		if !alwaysBoth && !strings.Contains(got, string(StatusKeyChainInvalid)) {
			t.Errorf("one checkpoint also signed by a second key was taken: %q", got)
		}
	}
}

// RT15: the holder of a second trusted key co-signs a copy of the stream's first checkpoint that arrives before the
// genuine one, then signs a forged continuation alone: with "one key in common" the continuation passed.
func TestAttackCosignedFirstCheckpointDoesNotLetTheSecondKeyExtend(t *testing.T) {
	p, other, _, v, all := secondKeyScenario(t)
	genuine := p.checkpoint(false)
	n, _ := seclogformat.ParseNote(genuine)
	cosigned, _ := seclogformat.SignNote(n.Text, p.signer, other)
	all = append(all, v.Checkpoint(cosigned)...)
	all = append(all, v.Checkpoint(genuine)...)
	for i := 10; i < 20; i++ {
		all = append(all, v.Record(sid, uint64(i), p.record(i))...)
	}
	p.signer = other
	all = append(all, v.Checkpoint(p.checkpoint(false))...)
	if got := summarize(all); !strings.Contains(got, string(StatusKeyChainInvalid)) || v.Stats.RecordsValid > 10 {
		t.Errorf("a continuation signed by the second key alone was taken: %q (valid %d)", got, v.Stats.RecordsValid)
	}
}

// RT16: a sender without any key repeats the producer's own signature line on a copy of the stream's first
// checkpoint that arrives before the genuine one. The repeated line verifies again, and the stream was pinned to
// "signed twice by the key": every genuine checkpoint after it was refused (KEY-CHAIN-INVALID), so the stream was no
// longer verified. A key counts once, however many lines it signed.
func TestVerifyCountsARepeatedSignatureLineOnce(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	var all []Finding
	for k := 0; k < 3; k++ {
		for i := 10 * k; i < 10*k+10; i++ {
			all = append(all, v.Record(sid, uint64(i), p.record(i))...)
		}
		genuine := p.checkpoint(false)
		if k == 0 {
			_, sigs, _ := strings.Cut(genuine, "\n\n")
			all = append(all, v.Checkpoint(genuine+sigs+sigs)...) // the same line three times
		}
		all = append(all, v.Checkpoint(genuine)...)
	}
	all = append(all, c.tick(v, 2, 2*time.Second)...)
	if got := summarize(all); got != "" || v.Stats.RecordsValid != 30 {
		t.Errorf("violations %q, valid %d; want none and 30", got, v.Stats.RecordsValid)
	}
}

// RT17: a sender without any key makes up stream ids, announces 8 resources in each (forged genesis and snapshot
// records at its first seqs) and sends max_pending_records records: each record was held with 9 candidate digests
// where max_pending_records counted one, 2.3 MB per made-up stream instead of 0.2 MB (2.3 GB at the default 1024
// streams). Candidate digests count against max_pending_records.
func TestVerifyBoundsCandidateDigestsOfForgedStreams(t *testing.T) {
	feed := func(announcements int) uint64 {
		c := &attackClock{time.Unix(1764000000, 0)}
		v := newAttacked(newProducer(t, true), c)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		const streams = 16
		for s := range streams {
			id := fmt.Sprintf("madeUp%016d", s)
			for a := range announcements {
				d := sha256.Sum256([]byte{byte(a)})
				v.AnnounceRecord(uint64(a), seclogformat.StreamBody{StreamID: id, ResourceDigest: fmt.Sprintf("resource %d", a)}, d)
				v.Record(id, uint64(a), d)
			}
			for i := announcements; i < 4096; i++ {
				rs, _ := v.ResourceCandidates(id, uint64(i), nil)
				var cands []Candidate
				for _, r := range append(rs, "exported") {
					cands = append(cands, Candidate{Digest: recordUnder(i, r), Resource: r})
				}
				v.RecordCandidates(id, uint64(i), cands, "exported", false)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(v)
		return (after.HeapAlloc - before.HeapAlloc) / streams
	}
	plain, forged := feed(0), feed(8)
	t.Logf("per made-up stream: %d bytes with one digest per record, %d with 8 announced resources", plain, forged)
	if forged > 2*plain {
		t.Errorf("a made-up stream with 8 announced resources holds %d bytes, more than twice the %d of one without", forged, plain)
	}
}

// RT18: a sender without any key delivers one made-up record at seq 0 of a long-running stream the verifier has not
// followed yet. The verifier then takes the first checkpoint it sees as following a stream watched from seq 0, and
// walked every seq below that checkpoint's range one by one, holding the verifier: 2^40 steps for a stream 2^40
// records long. Seqs that far below cannot all have been held, so the walk is skipped (the tree restarts from the
// checkpoint, as before), and the records of the checkpoint's range are still checked.
func TestVerifyCoversAHugeUnseenPrefixInBoundedWork(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	const start = 1 << 40
	nodes := []seclogformat.Hash{sha256.Sum256([]byte("left subtree"))}
	cr, _ := seclogformat.NewCompactRange(start, nodes)
	leaves := []seclogformat.Hash{sha256.Sum256([]byte("record a")), sha256.Sum256([]byte("record b"))}
	for _, d := range leaves {
		cr.AppendDigest(d)
	}
	cp := seclogformat.Checkpoint{Namespace: ns, StreamID: sid, TreeSize: cr.Size(), Root: cr.Root(), Index: 7,
		TimeUnixNano: 1, MonotonicNanos: 1, PreviousHash: sha256.Sum256([]byte("k6")), RangeStart: start, RangeEnd: cr.Size(),
		LeafDigests: leaves, HasLeafList: true, CompactRange: cr.Nodes(), HasCompactRange: true}
	note, _ := seclogformat.SignNote(cp.Format(), p.signer)
	var all []Finding
	all = append(all, v.Record(sid, 0, sha256.Sum256([]byte("made up")))...)
	all = append(all, v.Checkpoint(note)...)
	all = append(all, c.tick(v, 1, 2*time.Second)...)
	for i, d := range leaves {
		all = append(all, v.Record(sid, start+uint64(i), d)...)
	}
	all = append(all, c.tick(v, 1, 2*time.Second)...)
	got := summarize(all)
	t.Logf("violations: %q", got)
	for _, f := range all {
		if f.Status == StatusModified || f.Status == StatusMissing {
			t.Errorf("records of the checkpoint's range: %s", f)
		}
	}
	if v.Stats.RecordsValid != 2 {
		t.Errorf("records of the checkpoint's range: valid %d, want 2 (violations %q)", v.Stats.RecordsValid, got)
	}
}

// RT19: checkpoint notes from a sender without any key — unsigned, signed by an unknown key, with a giant leaf list,
// with 100 signature lines, over the 1 MiB limit, or a trusted key's line with a bad signature — are each reported
// (KEY-CHAIN-INVALID or CHECKPOINT-MALFORMED) and leave no state: no stream is followed for them.
func TestVerifyForgedCheckpointsLeaveNoState(t *testing.T) {
	p := newProducer(t, true)
	c := &attackClock{time.Unix(1764000000, 0)}
	v := newAttacked(p, c)
	stranger := newSigner(t, "test.example/producer")
	text := func(id string, leaves int) string {
		cr := seclogformat.CompactRange{}
		cp := seclogformat.Checkpoint{Namespace: ns, StreamID: id, Index: 0, HasLeafList: true, HasCompactRange: true}
		for i := range leaves {
			d := sha256.Sum256([]byte(fmt.Sprint(i)))
			cp.LeafDigests = append(cp.LeafDigests, d)
			cr.AppendDigest(d)
		}
		cp.TreeSize, cp.RangeEnd, cp.Root, cp.CompactRange = cr.Size(), cr.Size(), cr.Root(), cr.Nodes()
		return cp.Format()
	}
	var notes []string
	for i := range 200 {
		id := fmt.Sprintf("Forged%014dxx", i)
		unknown, _ := seclogformat.SignNote(text(id, 3), stranger)
		notes = append(notes, unknown)
		if i < 5 {
			giant, _ := seclogformat.SignNote(text(id, 20000), stranger)
			line := seclogformat.SignatureLine("x", 1, make([]byte, 64))
			badSig := text(id, 1) + "\n" + seclogformat.SignatureLine(p.signer.Name(), p.signer.KeyID(), make([]byte, 64))
			notes = append(notes, giant, unknown+strings.Repeat(line, 99), giant+strings.Repeat("x", 1<<20), text(id, 1), badSig)
		}
	}
	var all []Finding
	for _, n := range notes {
		fs := v.Checkpoint(n)
		if len(fs) != 1 || (fs[0].Status != StatusKeyChainInvalid && fs[0].Status != StatusCheckpointMalformd) {
			t.Fatalf("forged note (%d bytes): %v", len(n), fs)
		}
		all = append(all, fs...)
	}
	all = append(all, c.tick(v, 3, time.Hour)...)
	if v.Streams() != 0 || len(all) != len(notes) {
		t.Errorf("%d forged notes: %d streams followed, %d findings", len(notes), v.Streams(), len(all))
	}
}
