package seclogwitnessextension

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// Witness is what seclog processors call for every checkpoint they see (found through component.Host).
type Witness interface {
	// Observe checks a signed checkpoint note against the latest one witnessed for its stream and, when it is
	// consistent, stores it and cosigns it. It returns the outcome; errors are *WitnessError.
	Observe(note string) (Outcome, error)
	// TrustProducerKey adds a producer key (a local seal-mode processor registers its own).
	TrustProducerKey(pub ed25519.PublicKey)
}

// Outcome of Observe.
type Outcome string

// Outcomes.
const (
	// OutcomeCosigned: consistent with the last checkpoint witnessed (or the first one seen), stored and cosigned.
	OutcomeCosigned Outcome = "cosigned"
	// OutcomeDuplicate: the checkpoint witnessed last, again.
	OutcomeDuplicate Outcome = "duplicate"
	// OutcomeStoredUnproven: newer, but checkpoints between were not seen, so consistency cannot be proven: stored as
	// the latest (the anchor moves on) without a cosignature.
	OutcomeStoredUnproven Outcome = "stored-unproven"
	// OutcomeOld: older than the latest witnessed and not contradicting it (a late copy): ignored.
	OutcomeOld Outcome = "old"
)

// WitnessError is a checkpoint the witness refuses. Kind is "untrusted", "malformed", "rollback", "inconsistent",
// "wrong-key" or "capacity" (a new stream beyond max_streams).
type WitnessError struct {
	Kind     string
	StreamID string
	Msg      string
}

func (e *WitnessError) Error() string {
	return fmt.Sprintf("witness: %s checkpoint of stream %q: %s", e.Kind, e.StreamID, e.Msg)
}

// streamState is what the witness keeps per stream (persisted as JSON in the storage directory).
type streamState struct {
	// Note is the latest checkpoint note, with the cosignature when it has one.
	Note     string              `json:"note"`
	Index    uint64              `json:"index"`
	TreeSize uint64              `json:"treeSize"`
	TextHash seclogformat.Hash   `json:"textHash"`
	Nodes    []seclogformat.Hash `json:"nodes,omitempty"`
	// HasNodes says Nodes is the compact range at TreeSize (known from a c line or recomputed).
	HasNodes bool `json:"hasNodes"`
	// Signers are the trusted producer keys (base64) that signed the checkpoints witnessed for the stream: a producer
	// signs its stream with one key, so a checkpoint signed by another set of keys is refused. Absent in older state
	// files.
	Signers []string `json:"signers,omitempty"`
	// line is the stream's anchors.jsonl line, rendered once per stored checkpoint.
	line []byte
}

// core is the witness logic: verification, consistency, cosigning, persistence and the anchor dump.
type core struct {
	namespace string
	name      string
	key       ed25519.PrivateKey
	storage   string
	dumpDir   string
	// maxStreams bounds the streams kept: a new stream beyond it is refused (kept anchors are never dropped).
	maxStreams int
	now        func() time.Time

	mu      sync.Mutex
	trusted []ed25519.PublicKey
	streams map[string]*streamState
	// anchors is the rendering of every stream's line, nil when a stream changed since.
	anchors []byte
	// dumpedAt is when anchors.jsonl was last written; dumpPending says a change waits for the next write.
	dumpedAt    time.Time
	dumpPending bool
	stats       Stats
}

// dumpInterval is the least time between two writes of anchors.jsonl. Every write holds every stream's line, so
// writing it for each change costs the square of the number of streams as streams are added (300 new streams: 39 MB
// written for 257 KB of anchors), and seal mode opens streams for whoever sends it logs. A stream's own state file is
// still written before its checkpoint is acknowledged; anchors.jsonl is rendered from those at start-up.
const dumpInterval = time.Second

// Stats are cumulative counters.
type Stats struct {
	Cosigned, Duplicates, Unproven, Old, Refused uint64
}

func newCore(namespace, name string, key ed25519.PrivateKey, trusted []ed25519.PublicKey, storage, dumpDir string, maxStreams int) *core {
	return &core{namespace: namespace, name: name, key: key, trusted: trusted, storage: storage, dumpDir: dumpDir,
		maxStreams: maxStreams, now: time.Now, streams: map[string]*streamState{}}
}

func (c *core) TrustProducerKey(pub ed25519.PublicKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range c.trusted {
		if k.Equal(pub) {
			return
		}
	}
	c.trusted = append(c.trusted, pub)
}

// load reads the persisted state of every stream.
func (c *core) load() error {
	if err := os.MkdirAll(c.storage, 0o700); err != nil {
		return fmt.Errorf("witness storage_dir: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(c.storage, "*.json"))
	if err != nil {
		return err
	}
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".json")
		if !seclogformat.IsStreamID(id) {
			continue // not a state file (a temporary file left by a crash is named .tmp-*)
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("witness state %s: %w", filepath.Base(f), err)
		}
		var s streamState
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("witness state %s: %w", filepath.Base(f), err)
		}
		c.streams[id] = &s
	}
	return c.dumpLocked(true)
}

func (c *core) Observe(note string) (Outcome, error) {
	n, err := seclogformat.ParseNote(note)
	if err != nil {
		return "", &WitnessError{Kind: "malformed", Msg: "not a signed note"}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, keys, err := seclogformat.VerifyEd25519Keys(n, c.trusted)
	if err != nil {
		return "", &WitnessError{Kind: "untrusted", Msg: err.Error()}
	}
	signers := make([]string, len(keys))
	for i, k := range keys {
		signers[i] = base64.StdEncoding.EncodeToString(c.trusted[k])
	}
	cp, err := seclogformat.ParseCheckpoint(n.Text, c.namespace)
	if err != nil {
		return "", &WitnessError{Kind: "malformed", Msg: err.Error()}
	}
	h := seclogformat.TextHash(n.Text)
	old := c.streams[cp.StreamID]
	next := &streamState{Index: cp.Index, TreeSize: cp.TreeSize, TextHash: h, Signers: signers}
	if cp.HasCompactRange {
		next.Nodes, next.HasNodes = cp.CompactRange, true
	}
	outcome := OutcomeCosigned
	if old == nil && len(c.streams) >= c.maxStreams {
		// Refused rather than making room: dropping a kept anchor would let that stream's archive be cut unseen.
		c.stats.Refused++
		return "", &WitnessError{Kind: "capacity", StreamID: cp.StreamID,
			Msg: fmt.Sprintf("already keeping max_streams (%d) streams; a new stream is not witnessed", c.maxStreams)}
	}
	if old != nil {
		refuse := func(kind, msg string) (Outcome, error) {
			c.stats.Refused++
			return "", &WitnessError{Kind: kind, StreamID: cp.StreamID, Msg: msg}
		}
		switch {
		case cp.Index == old.Index && h == old.TextHash:
			c.stats.Duplicates++
			return OutcomeDuplicate, nil
		case cp.Index == old.Index:
			return refuse("inconsistent", "another checkpoint with the index already witnessed (equivocation)")
		case cp.Index < old.Index:
			// Older than the anchor: a late copy; the anchor stays (a rolled-back archive cannot move it back).
			c.stats.Old++
			return OutcomeOld, nil
		case len(old.Signers) > 0 && !sameSigners(next.Signers, old.Signers):
			return refuse("wrong-key", "signed by another trusted key than the checkpoints already witnessed for the stream")
		case cp.TreeSize < old.TreeSize:
			return refuse("rollback", fmt.Sprintf("a newer checkpoint with tree size %d, smaller than the %d already witnessed", cp.TreeSize, old.TreeSize))
		case cp.Index == old.Index+1:
			if cp.PreviousHash != old.TextHash || cp.RangeStart != old.TreeSize {
				return refuse("inconsistent", "does not extend the checkpoint already witnessed (p or r)")
			}
			// Append-only: the old tree plus the new leaf digests must give the new root. An empty range (a heartbeat, a
			// final checkpoint without new records) has no l line and no new leaves: the root must stay the same.
			if old.HasNodes && (cp.HasLeafList || cp.RangeStart == cp.RangeEnd) {
				cr, ok := seclogformat.NewCompactRange(old.TreeSize, old.Nodes)
				if !ok {
					return refuse("inconsistent", "stored compact range is damaged")
				}
				for _, d := range cp.LeafDigests {
					cr.AppendDigest(d)
				}
				if cr.Root() != cp.Root {
					return refuse("inconsistent", "the witnessed tree extended by the new leaves does not give the new root")
				}
				next.Nodes, next.HasNodes = cr.Nodes(), true
			} else {
				// p and r chain it to the witnessed checkpoint, but only the leaves prove that the new tree extends the
				// old one (a producer key could sign a fork with the right p and r): stored, not cosigned.
				outcome = OutcomeStoredUnproven
			}
		default:
			outcome = OutcomeStoredUnproven
		}
	}
	next.Note = c.verifiedNote(n, keys)
	if outcome == OutcomeCosigned {
		ts := uint64(c.now().Unix())
		next.Note += seclogformat.CosignatureLine(c.name, c.key, n.Text, ts)
		c.stats.Cosigned++
	} else {
		c.stats.Unproven++
	}
	if err := c.persistLocked(cp.StreamID, next); err != nil {
		return "", err
	}
	c.streams[cp.StreamID] = next
	c.anchors = nil
	if err := c.dumpLocked(false); err != nil {
		return "", err
	}
	return outcome, nil
}

// verifiedNote is the note as the witness keeps it: the text and one signature line per trusted key that verified it
// (keys, indexes in c.trusted). Other lines (unknown keys, copies of a line, a stale cosignature) are left out: anyone
// can add them, and the anchor would keep, persist and serve up to a megabyte of them per stream.
func (c *core) verifiedNote(n seclogformat.Note, keys []int) string {
	var b strings.Builder
	b.WriteString(n.Text)
	b.WriteByte('\n')
	kept := make([]bool, len(keys))
	for _, s := range n.Signatures {
		for i, k := range keys {
			if !kept[i] && seclogformat.Ed25519KeyID(s.Name, c.trusted[k]) == s.KeyID {
				kept[i] = true
				b.WriteString(seclogformat.SignatureLine(s.Name, s.KeyID, s.Sig))
				break
			}
		}
	}
	return b.String()
}

// persistLocked writes the stream's state atomically (temp file, fsync, rename, fsync of the directory).
func (c *core) persistLocked(id string, s *streamState) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(c.storage, id+".json"), raw)
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	// The rename is durable only once the directory is: without this a crash could bring back the previous anchor
	// after Observe reported the new one kept (and cosigned).
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}

// renderLocked returns the anchors: one OTLP/JSON line per stream holding its latest checkpoint record (the format
// `seclog verify --anchor` reads), in stream id order. Each stream's line is rendered once per stored checkpoint.
func (c *core) renderLocked() ([]byte, error) {
	if c.anchors != nil || len(c.streams) == 0 {
		return c.anchors, nil
	}
	ids := make([]string, 0, len(c.streams))
	size := 0
	streamKey, _ := seclogformat.SealKeys(c.namespace)
	for id, s := range c.streams {
		ids = append(ids, id)
		if s.line == nil {
			raw, err := json.Marshal(map[string]any{"resourceLogs": []any{map[string]any{
				"resource": map[string]any{"attributes": []any{kv("service.name", "seclog-witness")}},
				"scopeLogs": []any{map[string]any{
					"scope": map[string]any{"name": "seclog/witness"},
					"logRecords": []any{map[string]any{
						"eventName":  c.namespace + ".checkpoint",
						"body":       map[string]any{"stringValue": s.Note},
						"attributes": []any{kv(streamKey, id)},
					}},
				}},
			}}})
			if err != nil {
				return nil, err
			}
			s.line = append(raw, '\n')
		}
		size += len(s.line)
	}
	sort.Strings(ids)
	out := make([]byte, 0, size)
	for _, id := range ids {
		out = append(out, c.streams[id].line...)
	}
	c.anchors = out
	return out, nil
}

// dumpLocked writes anchors.jsonl to dump_dir when configured: at once when now is true or dumpInterval has passed
// since the last write, else at the next flushDump.
func (c *core) dumpLocked(now bool) error {
	if c.dumpDir == "" {
		return nil
	}
	if t := c.now(); !now && t.Sub(c.dumpedAt) < dumpInterval {
		c.dumpPending = true
		return nil
	}
	anchors, err := c.renderLocked()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dumpDir, 0o755); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(c.dumpDir, "anchors.jsonl"), anchors); err != nil {
		c.dumpPending = true
		return err
	}
	c.dumpedAt, c.dumpPending = c.now(), false
	return nil
}

// flushDump writes anchors.jsonl if a change waits for it (the extension calls it every dumpInterval and at
// shutdown).
func (c *core) flushDump() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dumpPending {
		return nil
	}
	return c.dumpLocked(true)
}

func kv(k, v string) map[string]any {
	return map[string]any{"key": k, "value": map[string]any{"stringValue": v}}
}

// Anchors returns the current anchors file content.
func (c *core) Anchors() []byte {
	return append([]byte(nil), c.anchorsShared()...)
}

// anchorsShared is Anchors without a copy, for the endpoint: each request for a copy of every stream's note would
// hold that much memory for as long as its client takes to read it. The slice is never written after renderLocked
// made it (a change makes a new one), so it must not be written by the caller either.
func (c *core) anchorsShared() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	anchors, _ := c.renderLocked() // json.Marshal of strings and maps does not fail
	return anchors
}

// Latest returns the latest note of a stream.
func (c *core) Latest(id string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.streams[id]
	if !ok {
		return "", false
	}
	return s.Note, true
}

// sameSigners reports whether a checkpoint's signers are the set that signed the stream's witnessed checkpoints
// (earlier). One key in common is not enough: another trusted producer could co-sign every genuine checkpoint, then
// sign a forged continuation alone.
func sameSigners(signers, earlier []string) bool {
	if len(signers) != len(earlier) {
		return false
	}
	for _, k := range signers {
		if !slices.Contains(earlier, k) {
			return false
		}
	}
	return true
}
