package seclogwitnessextension

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/confmap/confmaptest"
	"golang.org/x/mod/sumdb/note"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

const ns = seclogformat.DefaultNamespace

// producer writes signed checkpoints over fake digests.
type producer struct {
	signer *seclogformat.Ed25519Signer
	id     string
	cr     seclogformat.CompactRange
	open   []seclogformat.Hash
	done   uint64
	k      uint64
	prev   seclogformat.Hash
}

func newProducer(t *testing.T, id string) *producer {
	_, key, _ := ed25519.GenerateKey(nil)
	s, err := seclogformat.NewEd25519Signer("app.example/seclog", key)
	if err != nil {
		t.Fatal(err)
	}
	return &producer{signer: s, id: id}
}

func (p *producer) add(n int) {
	for i := 0; i < n; i++ {
		d := sha256.Sum256([]byte(fmt.Sprint(p.cr.Size())))
		p.cr.AppendDigest(d)
		p.open = append(p.open, d)
	}
}

func (p *producer) checkpoint(t *testing.T) (string, seclogformat.Checkpoint) {
	c := seclogformat.Checkpoint{Namespace: ns, StreamID: p.id, TreeSize: p.cr.Size(), Root: p.cr.Root(), Index: p.k,
		TimeUnixNano: 1, MonotonicNanos: p.k, PreviousHash: p.prev, RangeStart: p.done, RangeEnd: p.cr.Size(),
		LeafDigests: p.open, HasLeafList: true, CompactRange: p.cr.Nodes(), HasCompactRange: true}
	text := c.Format()
	p.k, p.prev, p.done, p.open = p.k+1, seclogformat.TextHash(text), p.cr.Size(), nil
	n, err := seclogformat.SignNote(text, p.signer)
	if err != nil {
		t.Fatal(err)
	}
	return n, c
}

func newTestCore(t *testing.T, dir string, trusted ...ed25519.PublicKey) (*core, ed25519.PublicKey) {
	seed := sha256.Sum256([]byte("witness test key"))
	key := ed25519.NewKeyFromSeed(seed[:])
	c := newCore(ns, "witness.example/w1", key, trusted, filepath.Join(dir, "state"), filepath.Join(dir, "dump"), 1000)
	c.now = func() time.Time { return time.Unix(1764000000, 0) }
	if err := c.load(); err != nil {
		t.Fatal(err)
	}
	return c, key.Public().(ed25519.PublicKey)
}

func kind(err error) string {
	var we *WitnessError
	if errors.As(err, &we) {
		return we.Kind
	}
	return fmt.Sprint(err)
}

func TestWitnessCosignsConsistentCheckpointsAndRefusesRollbacks(t *testing.T) {
	dir := t.TempDir()
	p := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv")
	w, wpub := newTestCore(t, dir, p.signer.PublicKey())

	p.add(5)
	at5 := p.cr.Clone()
	n0, _ := p.checkpoint(t)
	if out, err := w.Observe(n0); out != OutcomeCosigned || err != nil {
		t.Fatalf("first checkpoint: %s %v", out, err)
	}
	if out, _ := w.Observe(n0); out != OutcomeDuplicate {
		t.Errorf("copy: %s", out)
	}
	p.add(7)
	n1, _ := p.checkpoint(t)
	if out, err := w.Observe(n1); out != OutcomeCosigned || err != nil {
		t.Fatalf("next checkpoint: %s %v", out, err)
	}
	// The stored note carries the producer's signature and the witness's cosignature; sumdb/note opens it.
	latest, _ := w.Latest(p.id)
	parsed, err := seclogformat.ParseNote(latest)
	if err != nil {
		t.Fatal(err)
	}
	if ts, err := seclogformat.VerifyCosignature(parsed, wpub); err != nil || ts != 1764000000 {
		t.Errorf("cosignature: %v", err)
	}
	v, _ := note.NewVerifier(seclogformat.VerifierKey(p.signer.Name(), p.signer.PublicKey()))
	if _, err := note.Open([]byte(latest), note.VerifierList(v)); err != nil {
		t.Errorf("sumdb/note: %v", err)
	}
	// An older checkpoint is a late copy, not a rollback of the anchor.
	if out, err := w.Observe(n0); out != OutcomeOld || err != nil {
		t.Errorf("late copy: %s %v", out, err)
	}

	// A fork: the same index signed over another tree (the archive's administrator rolled the log back and re-sealed).
	fork := *p
	fork.cr, fork.open = at5, nil
	fork.k, fork.prev, fork.done = 1, seclogformat.TextHash(mustText(t, n0)), 5
	fork.add(3)
	forkNote, _ := fork.checkpoint(t)
	if _, err := w.Observe(forkNote); kind(err) != "inconsistent" {
		t.Errorf("fork: %v", err)
	}
	// A checkpoint whose leaves do not extend the witnessed tree to its root.
	bad := *p
	bad.cr = p.cr.Clone()
	bad.add(2)
	bad.open[0] = sha256.Sum256([]byte("not the leaf"))
	badNote, _ := bad.checkpoint(t)
	if _, err := w.Observe(badNote); kind(err) != "inconsistent" {
		t.Errorf("inconsistent leaves: %v", err)
	}
	// Untrusted producer key.
	stranger := newProducer(t, "ZzCdEfGhIjKlMnOpQrStUv")
	stranger.add(1)
	sn, _ := stranger.checkpoint(t)
	if _, err := w.Observe(sn); kind(err) != "untrusted" {
		t.Errorf("untrusted: %v", err)
	}
	// A gap: stored as the latest, not cosigned.
	p.add(1)
	p.checkpoint(t)
	p.add(1)
	n3, _ := p.checkpoint(t)
	if out, err := w.Observe(n3); out != OutcomeStoredUnproven || err != nil {
		t.Errorf("gap: %s %v", out, err)
	}

	// State survives a restart; the anchors dump holds the latest checkpoint of each stream.
	again, _ := newTestCore(t, dir, p.signer.PublicKey())
	if got, _ := again.Latest(p.id); got != n3 {
		t.Error("state not restored")
	}
	dump, err := os.ReadFile(filepath.Join(dir, "dump", "anchors.jsonl"))
	if err != nil || strings.Count(string(dump), "\n") != 1 || !strings.Contains(string(dump), `"eventName":"seclog.integrity.checkpoint"`) {
		t.Errorf("anchors dump %q %v", dump, err)
	}
	// After the restart: a "newer" checkpoint over a smaller tree (the log rolled back and re-signed) is refused.
	rb := *p
	rb.cr, rb.open = at5.Clone(), nil
	rb.done = 0
	rolled, _ := rb.checkpoint(t)
	if _, err := again.Observe(rolled); kind(err) != "rollback" {
		t.Errorf("rolled-back checkpoint: %v", err)
	}
	if out, _ := again.Observe(n1); out != OutcomeOld {
		t.Errorf("late copy after restart: %s", out)
	}
}

func mustText(t *testing.T, n string) string {
	parsed, err := seclogformat.ParseNote(n)
	if err != nil {
		t.Fatal(err)
	}
	return parsed.Text
}

func TestConfigValidateNamesFields(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	load := func(id string) *Config {
		c := NewFactory().CreateDefaultConfig().(*Config)
		sub, err := cm.Sub(id)
		if err != nil {
			t.Fatal(err)
		}
		if err := sub.Unmarshal(c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := load("seclog_witness"); c.Validate() != nil || c.MaxStreams != 5000 || c.KeyName != "seclog-witness" {
		t.Errorf("config %+v: %v", c, c.Validate())
	}
	if c := createDefaultConfig(); c.MaxStreams != 10000 {
		t.Errorf("default max_streams %d", c.MaxStreams)
	}
	err = load("seclog_witness/bad").Validate()
	for _, f := range []string{"signing_key_file:", "key_name:", "storage_dir:", "endpoint:", "max_streams:"} {
		if err == nil || !strings.Contains(err.Error(), f) {
			t.Errorf("error %v does not name %s", err, f)
		}
	}
}

// A next checkpoint whose p and r chain to the witnessed one but that carries no leaf list: nothing proves that its
// tree extends the witnessed tree (a fork signed with the producer key looks the same), so it is stored, not cosigned.
func TestWitnessDoesNotCosignANextCheckpointWithoutLeaves(t *testing.T) {
	dir := t.TempDir()
	p := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv")
	w, _ := newTestCore(t, dir, p.signer.PublicKey())
	p.add(3)
	n0, _ := p.checkpoint(t)
	if out, err := w.Observe(n0); out != OutcomeCosigned || err != nil {
		t.Fatalf("first: %s %v", out, err)
	}
	// A fork: the right p and r, but over an unrelated tree, and no l line.
	var fork seclogformat.CompactRange
	for i := 0; i < 8; i++ {
		fork.AppendDigest(sha256.Sum256([]byte(fmt.Sprint("fork", i))))
	}
	c := seclogformat.Checkpoint{Namespace: ns, StreamID: p.id, TreeSize: fork.Size(), Root: fork.Root(), Index: 1,
		TimeUnixNano: 1, MonotonicNanos: 1, PreviousHash: p.prev, RangeStart: 3, RangeEnd: fork.Size(),
		CompactRange: fork.Nodes(), HasCompactRange: true}
	n1, err := seclogformat.SignNote(c.Format(), p.signer)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := w.Observe(n1); out != OutcomeStoredUnproven || err != nil {
		t.Errorf("leafless next checkpoint: %s %v, want %s", out, err, OutcomeStoredUnproven)
	}
}

// A producer signs its stream with one key: the holder of another trusted producer key cannot extend the stream,
// however consistent its checkpoint is — also when it co-signed the first one — and the pin survives a restart.
func TestWitnessRefusesACheckpointSignedByAnotherTrustedKey(t *testing.T) {
	for _, cosignedFirst := range []bool{false, true} {
		dir := t.TempDir()
		p := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv")
		other := newProducer(t, p.id)
		w, _ := newTestCore(t, dir, p.signer.PublicKey(), other.signer.PublicKey())
		p.add(5)
		n0, _ := p.checkpoint(t)
		if cosignedFirst {
			parsed, _ := seclogformat.ParseNote(n0)
			n0, _ = seclogformat.SignNote(parsed.Text, p.signer, other.signer)
		}
		if out, err := w.Observe(n0); out != OutcomeCosigned || err != nil {
			t.Fatalf("co-signed %v, first checkpoint: %s %v", cosignedFirst, out, err)
		}
		p.add(4)
		p.signer = other.signer // a consistent continuation, signed by the other trusted key alone
		n1, _ := p.checkpoint(t)
		if _, err := w.Observe(n1); kind(err) != "wrong-key" {
			t.Errorf("co-signed %v, continuation by another trusted key: %v", cosignedFirst, err)
		}
		restarted, _ := newTestCore(t, dir, p.signer.PublicKey(), other.signer.PublicKey())
		if _, err := restarted.Observe(n1); kind(err) != "wrong-key" {
			t.Errorf("co-signed %v, after a restart: %v", cosignedFirst, err)
		}
	}
}

// A sender without any key repeats the producer's signature line on a copy of the stream's first checkpoint that
// reaches the witness first. The stream was pinned to "signed twice by the key", and every genuine checkpoint after
// it was refused as wrong-key: the anchor never moved again. A key counts once, however many lines it signed.
func TestWitnessCountsARepeatedSignatureLineOnce(t *testing.T) {
	p := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv")
	w, _ := newTestCore(t, t.TempDir(), p.signer.PublicKey())
	p.add(3)
	n0, _ := p.checkpoint(t)
	_, sigs, _ := strings.Cut(n0, "\n\n")
	if out, err := w.Observe(n0 + sigs + sigs); out != OutcomeCosigned || err != nil {
		t.Fatalf("first checkpoint with its signature line repeated: %s %v", out, err)
	}
	p.add(4)
	n1, _ := p.checkpoint(t)
	if out, err := w.Observe(n1); out != OutcomeCosigned || err != nil {
		t.Errorf("genuine next checkpoint: %s %v, want %s", out, err, OutcomeCosigned)
	}
}

// A sender without any key pads a copy of a genuine checkpoint with signature lines of unknown keys (up to the 1 MiB
// note limit) and gets it to the witness first: the anchor kept, persisted and served every copy of them. The witness
// keeps the text, the lines of the trusted keys that verified it and its own cosignature.
func TestWitnessKeepsOnlyVerifiedSignatureLines(t *testing.T) {
	p := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv")
	dir := t.TempDir()
	w, wpub := newTestCore(t, dir, p.signer.PublicKey())
	p.add(3)
	n0, _ := p.checkpoint(t)
	_, sigs, _ := strings.Cut(n0, "\n\n")
	junk := seclogformat.SignatureLine("junk", 1, make([]byte, 9000))
	padded := n0 + sigs + strings.Repeat(junk, 80)
	if out, err := w.Observe(padded); out != OutcomeCosigned || err != nil {
		t.Fatalf("padded first checkpoint: %s %v", out, err)
	}
	latest, _ := w.Latest(p.id)
	parsed, err := seclogformat.ParseNote(latest)
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed.Signatures) != 2 || parsed.Text != mustText(t, n0) || !strings.HasPrefix(latest, n0) {
		t.Errorf("anchor holds %d signature lines (%d bytes), want the producer's and the cosignature", len(parsed.Signatures), len(latest))
	}
	if _, err := seclogformat.VerifyCosignature(parsed, wpub); err != nil {
		t.Error(err)
	}
	if err := w.flushDump(); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(filepath.Join(dir, "dump", "anchors.jsonl")); len(raw) == 0 || len(raw) > 4096 {
		t.Errorf("anchors.jsonl is %d bytes for one small checkpoint", len(raw))
	}
}

// The witness keeps at most max_streams streams: a checkpoint of one more stream is refused ("capacity"), and no
// anchor already kept is dropped to make room (its archive could then be cut unseen), before or after a restart.
func TestWitnessBoundsTheStreamsItKeeps(t *testing.T) {
	dir := t.TempDir()
	seed := sha256.Sum256([]byte("witness test key"))
	signer := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv").signer
	open := func() *core {
		c := newCore(ns, "witness.example/w1", ed25519.NewKeyFromSeed(seed[:]), []ed25519.PublicKey{signer.PublicKey()},
			filepath.Join(dir, "state"), filepath.Join(dir, "dump"), 3)
		if err := c.load(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w := open()
	streams := make([]*producer, 5)
	for i := range streams {
		streams[i] = &producer{signer: signer, id: fmt.Sprintf("Stream%014dxx", i)}
		streams[i].add(2)
		n, _ := streams[i].checkpoint(t)
		out, err := w.Observe(n)
		if i < 3 && (out != OutcomeCosigned || err != nil) {
			t.Errorf("stream %d: %s %v", i, out, err)
		}
		if i >= 3 && kind(err) != "capacity" {
			t.Errorf("stream %d beyond max_streams: %s %v", i, out, err)
		}
	}
	if got := strings.Count(string(w.Anchors()), "\n"); got != 3 {
		t.Errorf("anchors list %d streams, want 3", got)
	}
	for restart := range 2 {
		if restart == 1 {
			w = open()
		}
		streams[0].add(2)
		n, _ := streams[0].checkpoint(t)
		if out, err := w.Observe(n); out != OutcomeCosigned || err != nil {
			t.Errorf("a kept stream goes on: %s %v", out, err)
		}
		n, _ = streams[4].checkpoint(t)
		if _, err := w.Observe(n); kind(err) != "capacity" {
			t.Errorf("a new stream after a restart: %v", err)
		}
	}
}

// A crash while the witness writes leaves at most a temporary file beside the state: the stored anchors are read back
// whole, the leftover is not taken for a stream, and the next write replaces the state file atomically.
func TestWitnessStateSurvivesACrashMidWrite(t *testing.T) {
	dir := t.TempDir()
	p := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv")
	w, _ := newTestCore(t, dir, p.signer.PublicKey())
	p.add(3)
	n0, _ := p.checkpoint(t)
	if _, err := w.Observe(n0); err != nil {
		t.Fatal(err)
	}
	kept, _ := w.Latest(p.id)
	state := filepath.Join(dir, "state")
	// What a crash before the rename leaves: a partial temporary file (also one named like a state file's prefix).
	for _, name := range []string{".tmp-123456", ".tmp-" + p.id + ".json"} {
		if err := os.WriteFile(filepath.Join(state, name), []byte(`{"note":"trunc`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	again, _ := newTestCore(t, dir, p.signer.PublicKey())
	if got, ok := again.Latest(p.id); !ok || got != kept {
		t.Fatalf("anchor after a crash mid-write: %q %v", got, ok)
	}
	if got := strings.Count(string(again.Anchors()), "\n"); got != 1 {
		t.Errorf("anchors list %d streams after a crash mid-write, want 1", got)
	}
	p.add(2)
	n1, _ := p.checkpoint(t)
	if out, err := again.Observe(n1); out != OutcomeCosigned || err != nil {
		t.Fatalf("after the crash: %s %v", out, err)
	}
	var st streamState
	raw, _ := os.ReadFile(filepath.Join(state, p.id+".json"))
	if err := json.Unmarshal(raw, &st); err != nil || st.Index != 1 {
		t.Errorf("state file after the next write: index %d, %v", st.Index, err)
	}
}

// The witness keys its streams by the stream id parsed from the note, a substring of it: a copy of a genuine
// checkpoint padded with unknown signature lines to nearly 1 MiB stayed alive through that key after the witness kept
// the note without them. 20 such copies held 18 MB.
func TestWitnessKeepsNoNoteAliveThroughItsStreamID(t *testing.T) {
	signer := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv").signer
	w, _ := newTestCore(t, t.TempDir(), signer.PublicKey())
	junk := strings.Repeat(seclogformat.SignatureLine("junk", 1, make([]byte, 9000)), 80)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 20 {
		p := &producer{signer: signer, id: fmt.Sprintf("Stream%014dxx", i)}
		p.add(1)
		n, _ := p.checkpoint(t)
		if _, err := w.Observe(n + junk); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(w)
	if held := int64(after.HeapAlloc) - int64(before.HeapAlloc); held > 2<<20 {
		t.Errorf("20 padded checkpoints of %d bytes: %d bytes held", len(junk), held)
	}
}

// writtenBytes is what this process has written so far (Linux /proc/self/io wchar); the test is skipped elsewhere.
func writtenBytes(t *testing.T) int64 {
	raw, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Skip("no /proc/self/io:", err)
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "wchar: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skip("no wchar in /proc/self/io")
	return 0
}

// Seal mode opens a stream for every new stream_by value, and anchors.jsonl, which holds every stream's line, was
// rewritten for each checkpoint: the bytes written grew with the square of the streams (300 new streams wrote 39 MB
// for 257 KB of anchors; 10,000 would write about 40 GB). The file is written at most once per dumpInterval (and at
// shutdown), each stream's state file before its checkpoint is acknowledged.
func TestWitnessWritesGrowLinearlyWithStreams(t *testing.T) {
	dir := t.TempDir()
	signer := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv").signer
	w, _ := newTestCore(t, dir, signer.PublicKey())
	clock := time.Unix(1764000000, 0)
	w.now = func() time.Time { return clock }
	before := writtenBytes(t)
	for i := range 300 {
		p := &producer{signer: signer, id: fmt.Sprintf("Stream%014dxx", i)}
		p.add(1)
		n, _ := p.checkpoint(t)
		if _, err := w.Observe(n); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(10 * time.Millisecond)
	}
	clock = clock.Add(dumpInterval)
	if err := w.flushDump(); err != nil {
		t.Fatal(err)
	}
	written := writtenBytes(t) - before
	anchors := w.Anchors()
	t.Logf("300 streams: %d bytes written for %d bytes of anchors", written, len(anchors))
	if written > 10*int64(len(anchors)) {
		t.Errorf("300 streams: %d bytes written for %d bytes of anchors", written, len(anchors))
	}
	if dump, err := os.ReadFile(filepath.Join(dir, "dump", "anchors.jsonl")); err != nil || string(dump) != string(anchors) {
		t.Errorf("anchors.jsonl after the flush: %d bytes, want %d (%v)", len(dump), len(anchors), err)
	}
}

// A heartbeat (or a final checkpoint without new records) has an empty range and so no l line: the witness stored it
// without a cosignature, so an idle or cleanly ended stream's anchor lacked the cosignature and `seclog verify
// --witness-key` reported it. Its tree is the witnessed one when its root is the witnessed compact range's: cosigned;
// a heartbeat over another tree of the same size is a fork: refused.
func TestWitnessCosignsAHeartbeatOverTheWitnessedTree(t *testing.T) {
	p := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv")
	w, wpub := newTestCore(t, t.TempDir(), p.signer.PublicKey())
	p.add(3)
	n0, _ := p.checkpoint(t)
	if out, err := w.Observe(n0); out != OutcomeCosigned || err != nil {
		t.Fatalf("first: %s %v", out, err)
	}
	fork := *p
	fork.cr = seclogformat.CompactRange{}
	for i := range 3 {
		fork.cr.AppendDigest(sha256.Sum256([]byte(fmt.Sprint("fork", i))))
	}
	forked, _ := fork.checkpoint(t)
	heartbeat, _ := p.checkpoint(t)
	if _, err := w.Observe(forked); kind(err) != "inconsistent" {
		t.Errorf("a heartbeat over another tree of the same size: %v", err)
	}
	if out, err := w.Observe(heartbeat); out != OutcomeCosigned || err != nil {
		t.Errorf("heartbeat: %s %v, want %s", out, err, OutcomeCosigned)
	}
	latest, _ := w.Latest(p.id)
	if n, _ := seclogformat.ParseNote(latest); n.Text != mustText(t, heartbeat) {
		t.Error("the heartbeat is not the anchor")
	} else if _, err := seclogformat.VerifyCosignature(n, wpub); err != nil {
		t.Errorf("anchored heartbeat: %v", err)
	}
}
