// Package seclogverify follows sealed seclog streams live, with bounded memory, and reports integrity violations as
// they become certain: checkpoint signatures against trusted Ed25519 keys, the checkpoint chain (k, p, r, m, f),
// record digests against signed leaf lists, roots recomputed incrementally from a compact range per stream, declared
// drops, and silent producers (no checkpoint for longer than their announced heartbeat allows).
//
// Records and checkpoints may arrive in any order: a checkpoint opens a window over its seq range that waits up to
// Grace for the records it covers. The caller computes record digests (OLCF-1 from pdata or from OTLP/JSON) and
// serializes calls; a Verifier is not safe for concurrent use.
package seclogverify

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// Status names follow docs/spec/verification.md where the meaning is the same; STREAM-SILENT is live-only.
type Status string

// Statuses reported live.
const (
	StatusValid              Status = "VALID"
	StatusModified           Status = "MODIFIED"
	StatusMissing            Status = "MISSING"
	StatusDropped            Status = "DROPPED"
	StatusConflict           Status = "CONFLICT"
	StatusUnverifiable       Status = "UNVERIFIABLE"
	StatusKeyChainInvalid    Status = "KEY-CHAIN-INVALID"
	StatusCheckpointMissing  Status = "CHECKPOINT-MISSING"
	StatusStreamSilent       Status = "STREAM-SILENT"
	StatusCheckpointMalformd Status = "CHECKPOINT-MALFORMED"
	// StatusUntrustedStream: sealed records of a stream that no trusted checkpoint covered within the silence limit
	// (a forged stream id, or a producer whose key is not configured).
	StatusUntrustedStream Status = "UNTRUSTED-STREAM"
	// StatusResourceModified: the resource exported with a stream's records is not the one its producer signed.
	StatusResourceModified Status = "RESOURCE-MODIFIED"
	// StatusNotFollowed: the verifier stopped following a stream that had trusted checkpoints (too many streams); its
	// open ranges are no longer checked live. Live-only.
	StatusNotFollowed Status = "STREAM-NOT-FOLLOWED"
)

// Statuses lists every status verify mode reports (the catalog's integrity-violation error types are the violations).
var Statuses = []Status{
	StatusValid, StatusModified, StatusMissing, StatusDropped, StatusConflict, StatusUnverifiable, StatusKeyChainInvalid,
	StatusCheckpointMissing, StatusStreamSilent, StatusCheckpointMalformd, StatusUntrustedStream, StatusResourceModified,
	StatusNotFollowed,
}

// maxAnnouncedHeartbeat caps a genesis's heartbeat: a longer one would switch silence detection off in practice.
const maxAnnouncedHeartbeat = 24 * time.Hour

// Violation says whether a status is an integrity failure (rather than information or a declared loss).
func (s Status) Violation() bool {
	switch s {
	case StatusValid, StatusDropped, StatusUnverifiable:
		return false
	}
	return true
}

// Finding is one thing the verifier established.
type Finding struct {
	Status   Status
	StreamID string
	// Seqs is the seq range concerned, [Start, End); empty for findings about checkpoints or the stream.
	Seqs seclogformat.SeqRange
	// Checkpoint is the index k of the checkpoint concerned or establishing the finding, -1 when none.
	Checkpoint int64
	// Count is how many items the finding covers (records, checkpoints).
	Count  uint64
	Detail string
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s stream=%s", f.Status, f.StreamID)
	if f.Seqs.End > f.Seqs.Start {
		s += fmt.Sprintf(" seq=%d..%d", f.Seqs.Start, f.Seqs.End-1)
	}
	if f.Checkpoint >= 0 {
		s += fmt.Sprintf(" k=%d", f.Checkpoint)
	}
	return s + ": " + f.Detail
}

// Config of a Verifier.
type Config struct {
	Namespace string
	Keys      []ed25519.PublicKey
	// Grace is how long a checkpoint's window waits for its records, and a checkpoint for the ones before it.
	Grace time.Duration
	// SilenceFactor × the stream's heartbeat without a checkpoint makes the stream silent.
	SilenceFactor float64
	// DefaultHeartbeat applies until a genesis announces the stream's own.
	DefaultHeartbeat time.Duration
	// MaxStreams bounds the streams followed (least recently seen forgotten first).
	MaxStreams int
	// MaxPendingRecords bounds, per stream, the digests held for seqs not yet covered by an evaluated checkpoint (a
	// record held with several candidate digests counts one more per candidate).
	MaxPendingRecords int
}

// Verifier holds the state of every stream followed.
type Verifier struct {
	cfg     Config
	streams map[string]*stream
	// unproven: ids of streams without a trusted checkpoint, in the order they were met (evicted first).
	unproven []string
	// deferred: findings made while making room for a stream, returned with the next call's findings.
	deferred []Finding
	// uses counts stream look-ups: the logical time of stream.lastSeen.
	uses uint64
	// last is the stream lookup found last (nil after it is forgotten).
	last *stream
	now  func() time.Time
	// Counters for telemetry.
	Stats Stats
}

// Stats are cumulative counters.
type Stats struct {
	RecordsSeen, RecordsValid, RecordsLate, RecordsOverflow, CheckpointsSeen, CheckpointsValid uint64
}

// New returns a Verifier; now is the clock (time.Now when nil).
func New(cfg Config, now func() time.Time) *Verifier {
	if now == nil {
		now = time.Now
	}
	if cfg.MaxStreams <= 0 {
		cfg.MaxStreams = 1024
	}
	if cfg.MaxPendingRecords <= 0 {
		cfg.MaxPendingRecords = 4096
	}
	if cfg.SilenceFactor <= 0 {
		cfg.SilenceFactor = 2
	}
	if cfg.DefaultHeartbeat <= 0 {
		cfg.DefaultHeartbeat = time.Minute
	}
	return &Verifier{cfg: cfg, streams: map[string]*stream{}, now: now}
}

// window is an accepted checkpoint whose range waits for its records.
type window struct {
	cp       seclogformat.Checkpoint
	deadline time.Time
}

type heldCheckpoint struct {
	cp       seclogformat.Checkpoint
	hash     seclogformat.Hash
	deadline time.Time
}

// announcement is the resource digest a genesis or resource snapshot record announced at seq. It is not trusted
// until a signed checkpoint proves the record (its digest, record, is the signed leaf, or the root matches): until
// then other records at the same seq may announce other digests (forgeries), and every one is kept as a candidate.
type announcement struct {
	seq    uint64
	digest string
	// record is the announcing record's digest; zero only in the marker settle leaves where the resource became
	// unknown (digest "", proven), which no later settle at that seq may take for a forgery.
	record seclogformat.Hash
	proven bool
	// heartbeatMs: a genesis's announced heartbeat, taken once the genesis is proven.
	heartbeatMs uint64
}

// Bounds of a stream's announcements: per seq (competing records at one seq) and in all.
const (
	maxAnnouncementsPerSeq = 4
	maxAnnouncements       = 256
	// maxResourceCandidates bounds the resource digests a record is hashed with while announcements are unproven.
	maxResourceCandidates = 8
)

// Candidate is a record's digest computed with one possible slot-3 resource digest.
type Candidate struct {
	Digest   seclogformat.Hash
	Resource string
}

// altRecord: the candidate digests of a pending record (the first is the one in pending) and the digest of the
// resource it was exported with, kept until the record is evaluated; and whether the record could not be encoded (its
// digest is the unverifiable tuple's, which proves the seq but not the content).
type altRecord struct {
	cands       []Candidate
	exported    string
	unencodable bool
}

type stream struct {
	id string
	// The verified prefix [0, cr.Size()) — or, when broken, only its size is known (next).
	cr     seclogformat.CompactRange
	next   uint64
	broken bool
	// pending: digests of observed seqs >= next.
	pending pendingDigests
	// The accepted checkpoint chain.
	haveLast       bool
	lastIndex      uint64
	lastHash       seclogformat.Hash
	lastSize       uint64
	lastMono       uint64
	lastTime       uint64
	final          bool
	recentHashes   map[uint64]seclogformat.Hash
	held           map[uint64]heldCheckpoint
	windows        []window
	announcements  []announcement
	dropped        []seclogformat.SeqRange
	heartbeat      time.Duration
	lastCheckpoint time.Time
	silent         bool
	// lastSeen orders streams by their last use (Verifier.uses at that time), for eviction.
	lastSeen       uint64
	overflowWarned bool
	// firstSeen: when the verifier met the stream; untrustedReported: UNTRUSTED-STREAM said once.
	firstSeen         time.Time
	untrustedReported bool
	// sawStart: the stream's seq 0 was observed, so a missing first checkpoint is not a late join.
	sawStart bool
	// genesisHeartbeat: the heartbeat was taken from a genesis (the first one proven wins).
	genesisHeartbeat bool
	// resourceReported: exported resource digests already reported as RESOURCE-MODIFIED (bounded).
	resourceReported map[string]bool
	// alts: pending records hashed with more than one candidate resource digest, or that could not be encoded (at
	// most one per pending seq). altUnits is what they hold, counted against max_pending_records like pending digests
	// (one per record and one per candidate): a sender can announce up to 8 resources in a made-up stream, and every
	// record of it held 9 digests where the budget counted one.
	alts     map[uint64]altRecord
	altUnits int
	// signers: indexes (in Config.Keys) of the trusted keys that signed the stream's first checkpoint taken; nil before
	// it. A producer signs its stream with one key, so a checkpoint signed by another set of keys is refused.
	signers []int
}

// takeSigners pins the stream to the trusted keys that signed its first checkpoint taken, and reports whether keys
// (a later checkpoint's verified keys) are the same set. One key in common is not enough: the holder of another
// trusted key could co-sign every genuine checkpoint, then sign a forged continuation alone.
func (s *stream) takeSigners(keys []int) bool {
	if s.signers == nil {
		s.signers = slices.Clone(keys)
		slices.Sort(s.signers)
		return true
	}
	if len(keys) != len(s.signers) {
		return false
	}
	for _, k := range keys {
		if !slices.Contains(s.signers, k) {
			return false
		}
	}
	return true
}

// take returns and forgets the digest held for seq and its candidates, if it had several.
func (s *stream) take(seq uint64) (seclogformat.Hash, altRecord, bool) {
	d, ok := s.pending.take(seq)
	var alt altRecord
	if ok && len(s.alts) > 0 {
		if a, has := s.alts[seq]; has {
			alt = a
			s.forgetAlt(seq, a)
		}
	}
	return d, alt, ok
}

// dropBelow forgets what is pending below end.
func (s *stream) dropBelow(end uint64) {
	s.pending.dropBelow(end)
	for seq, a := range s.alts {
		if seq < end {
			s.forgetAlt(seq, a)
		}
	}
}

// altCost is what an altRecord counts against max_pending_records.
func altCost(a altRecord) int { return 1 + len(a.cands) }

func (s *stream) forgetAlt(seq uint64, a altRecord) {
	delete(s.alts, seq)
	s.altUnits -= altCost(a)
}

func (v *Verifier) stream(id string) *stream {
	s := v.lookup(id)
	if s == nil {
		if len(v.streams) >= v.cfg.MaxStreams {
			v.evict()
		}
		now := v.now()
		s = &stream{id: id, pending: newPendingDigests(v.cfg.MaxPendingRecords), recentHashes: map[uint64]seclogformat.Hash{},
			held: map[uint64]heldCheckpoint{}, heartbeat: v.cfg.DefaultHeartbeat, firstSeen: now}
		v.streams[id] = s
		v.last = s
		v.unproven = append(v.unproven, id)
	}
	v.uses++
	s.lastSeen = v.uses // a counter, not the clock: this runs for every record, and only the order matters
	return s
}

// lookup finds a followed stream. The records of a batch mostly belong to one stream, and each is looked up several
// times, so the last stream found is tried before the map.
func (v *Verifier) lookup(id string) *stream {
	if v.last != nil && v.last.id == id {
		return v.last
	}
	s := v.streams[id]
	if s != nil {
		v.last = s
	}
	return s
}

// forget stops following s.
func (v *Verifier) forget(s *stream) {
	delete(v.streams, s.id)
	if v.last == s {
		v.last = nil
	}
}

// evict makes room for one more stream. Streams without any trusted checkpoint go first, oldest first: anyone can
// invent stream ids, so a flood of them must not push out a stream the verifier has proven. Only when every
// followed stream has trusted checkpoints is the least recently seen one forgotten, and that is reported
// (STREAM-NOT-FOLLOWED) with what was still open: its records are no longer checked live.
func (v *Verifier) evict() {
	for len(v.unproven) > 0 {
		id := v.unproven[0]
		v.unproven = v.unproven[1:]
		if s := v.streams[id]; s != nil && !s.haveLast {
			v.forget(s)
			return
		}
	}
	var oldest *stream
	for _, x := range v.streams {
		if oldest == nil || x.lastSeen < oldest.lastSeen {
			oldest = x
		}
	}
	v.forget(oldest)
	if !oldest.final {
		v.deferred = append(v.deferred, Finding{Status: StatusNotFollowed, StreamID: oldest.id, Checkpoint: int64(oldest.lastIndex),
			Count: uint64(oldest.pending.len()), Detail: fmt.Sprintf("too many streams (verify.max_streams): no longer "+
				"followed live, with %d open checkpoint range(s) and %d record(s) not yet checked", len(oldest.windows), oldest.pending.len())})
	}
}

// flush returns out with the findings deferred by eviction.
func (v *Verifier) flush(out []Finding) []Finding {
	if len(v.deferred) == 0 {
		return out
	}
	out = append(out, v.deferred...)
	v.deferred = nil
	return out
}

// Streams is the number of streams followed.
func (v *Verifier) Streams() int { return len(v.streams) }

// SignedResourceDigest is the resource digest announced by the genesis or snapshot with the largest seq at or below
// seq, when one has been seen: the value of slot 3 for that record (docs/spec/stream-records.md). The announcement
// may not be proven yet (see ResourceCandidates).
func (v *Verifier) SignedResourceDigest(streamID string, seq uint64) (string, bool) {
	s := v.lookup(streamID)
	if s == nil {
		return "", false
	}
	best, ok := "", false
	var at uint64
	for _, a := range s.announcements {
		if a.seq <= seq && (!ok || a.seq > at) {
			best, at, ok = a.digest, a.seq, true
		}
	}
	return best, ok && best != "" // "": the resource from there on is unknown (see settle)
}

// ResourceCandidates appends to dst the resource digests slot 3 of the record at seq may hold: those announced at
// or below seq and not proven yet, latest first, then the one of the latest proven announcement at or below seq.
// trusted says that dst holds one digest, from a proven announcement: slot 3 is then known.
//
// An announcement is taken from a record that is not verified yet, so a sender can forge one at any seq still open
// (docs/spec/stream-records.md): the caller hashes the record with every candidate (and with the resource it was
// exported with, see RecordCandidates), and the checkpoint decides.
func (v *Verifier) ResourceCandidates(streamID string, seq uint64, dst []string) ([]string, bool) {
	s := v.lookup(streamID)
	if s == nil {
		return dst, false
	}
	var proven *announcement
	for i := range s.announcements {
		if a := &s.announcements[i]; a.proven && a.seq <= seq && (proven == nil || a.seq > proven.seq) {
			proven = a
		}
	}
	first := len(dst)
	for {
		var best *announcement
		for i := range s.announcements { // latest first; few announcements are open at a time
			a := &s.announcements[i]
			if a.proven || a.seq > seq || (proven != nil && a.seq < proven.seq) || a.digest == "" || slices.Contains(dst[first:], a.digest) {
				continue
			}
			if best == nil || a.seq > best.seq {
				best = a
			}
		}
		if best == nil || len(dst)-first >= maxResourceCandidates-1 {
			break
		}
		dst = append(dst, best.digest)
	}
	known := proven != nil && proven.digest != "" // "": unknown from there on (see settle)
	if known && !slices.Contains(dst[first:], proven.digest) {
		dst = append(dst, proven.digest)
	}
	return dst, known && len(dst)-first == 1
}

// ResourceExported compares the digest of the resource a stream's record at seq was exported with against the one
// its producer signed for that seq (genesis or snapshot); a difference is RESOURCE-MODIFIED, said once per stream and
// exported digest. Call it when ResourceCandidates says slot 3 is trusted; otherwise RecordCandidates decides once
// the record is proven.
func (v *Verifier) ResourceExported(streamID string, seq uint64, exported string) []Finding {
	signed, ok := v.SignedResourceDigest(streamID, seq)
	if !ok || signed == exported {
		return nil
	}
	return v.flush(v.resourceModified(v.stream(streamID), seq, exported, nil))
}

// resourceModified appends RESOURCE-MODIFIED for an exported resource digest not reported yet.
func (v *Verifier) resourceModified(s *stream, seq uint64, exported string, out []Finding) []Finding {
	if s.resourceReported == nil {
		s.resourceReported = map[string]bool{}
	}
	if s.resourceReported[exported] || len(s.resourceReported) >= 16 {
		return out
	}
	s.resourceReported[exported] = true
	return append(out, Finding{Status: StatusResourceModified, StreamID: s.id, Seqs: one(seq), Checkpoint: -1, Count: 1,
		Detail: "the resource exported with the stream's records is not the one its producer signed"})
}

// AnnounceRecord records a genesis or resource snapshot body read from the sealed record at seq of its stream, whose
// digest (computed with the announced resource digest in slot 3) is record.
//
// The record is not verified yet when it is announced, so an announcement is taken only where the stream could
// still hold the record (not at a seq already evaluated, a late copy or a forgery of one, nor beyond
// max_pending_records above the next seq), it is only a candidate until a checkpoint proves the record (a forged one
// at the same seq is kept beside it, not instead of it), and a heartbeat is taken only from the first genesis proven
// by a checkpoint, capped at 24 h — a forged genesis must neither switch silence detection off nor make a stream
// silent between its checkpoints.
func (v *Verifier) AnnounceRecord(seq uint64, b seclogformat.StreamBody, record seclogformat.Hash) {
	s := v.stream(b.StreamID)
	if seq < s.next || seq-s.next >= uint64(v.cfg.MaxPendingRecords) {
		return
	}
	var heartbeatMs uint64
	if b.Genesis {
		heartbeatMs = b.Policy.HeartbeatMs
	}
	atSeq := 0
	for _, a := range s.announcements {
		if a.seq == seq {
			if a.record == record || a.proven {
				return
			}
			atSeq++
		}
	}
	if atSeq >= maxAnnouncementsPerSeq {
		return
	}
	s.announcements = append(s.announcements, announcement{seq: seq, digest: b.ResourceDigest, record: record, heartbeatMs: heartbeatMs})
	if len(s.announcements) > maxAnnouncements { // forget the oldest unproven one (or the oldest)
		drop := 0
		for i, a := range s.announcements {
			if !a.proven {
				drop = i
				break
			}
		}
		s.announcements = slices.Delete(s.announcements, drop, drop+1)
	}
}

// settle decides the announcements at seq once the record there is proven to have the digest record: the one made
// by that record is proven, any other was made by a record the checkpoint does not sign (a forgery, reported with
// that record) and is forgotten, and so is every announcement below seq, which no record still open can use.
//
// When none of them is the signed record and the record held at seq was not the signed one either (held is false),
// the genuine record there may have been a snapshot that was not kept (the seq's candidates were full of forgeries,
// or it was never delivered): the resource from seq on is then unknown, which a proven announcement with an empty
// digest says (records after it are checked under their exported resource).
func (v *Verifier) settle(s *stream, seq uint64, record seclogformat.Hash, held bool) {
	found, some := false, false
	for _, a := range s.announcements {
		if a.seq == seq && a.record != (seclogformat.Hash{}) {
			some = true
			found = found || a.record == record
		}
	}
	if !some {
		return
	}
	unknown := !found && !held
	s.announcements = slices.DeleteFunc(s.announcements, func(a announcement) bool {
		if a.seq == seq {
			return a.record != record && a.record != (seclogformat.Hash{})
		}
		return (found || unknown) && a.seq < seq
	})
	for i := range s.announcements {
		if a := &s.announcements[i]; a.seq == seq && a.record == record {
			a.proven = true
			s.takeHeartbeat(a.heartbeatMs)
		}
	}
	if unknown {
		s.announcements = append(s.announcements, announcement{seq: seq, proven: true})
	}
}

// takeHeartbeat adopts a genesis's heartbeat (0: none announced): the first one only, capped at 24 h.
func (s *stream) takeHeartbeat(ms uint64) {
	if ms == 0 || s.genesisHeartbeat {
		return
	}
	s.genesisHeartbeat = true
	s.heartbeat = maxAnnouncedHeartbeat
	if ms < uint64(maxAnnouncedHeartbeat/time.Millisecond) {
		s.heartbeat = time.Duration(ms) * time.Millisecond
	}
}

// announced says whether an announcement was made at seq.
func (s *stream) announced(seq uint64) bool {
	for _, a := range s.announcements {
		if a.seq == seq {
			return true
		}
	}
	return false
}

// Record takes the digest of the sealed record at seq of streamID.
func (v *Verifier) Record(streamID string, seq uint64, digest seclogformat.Hash) []Finding {
	return v.flush(v.record(streamID, seq, digest, altRecord{}))
}

// RecordUnencodable is Record for a record that could not be encoded (the encoder gave a reason): digest is that of
// its unverifiable tuple. A signed leaf or root that matches it proves the seq, not the record's content, so the
// record is UNVERIFIABLE rather than valid, with or without a leaf list.
func (v *Verifier) RecordUnencodable(streamID string, seq uint64, digest seclogformat.Hash) []Finding {
	return v.flush(v.record(streamID, seq, digest, altRecord{unencodable: true}))
}

// RecordCandidates takes the sealed record at seq of streamID hashed with each resource digest its slot 3 may hold
// (ResourceCandidates, and the digest of the resource it was exported with, exported): the signed leaf decides which
// one the producer sealed, so a forged announcement cannot make a genuine record fail, and RESOURCE-MODIFIED is said
// only when the proven one differs from exported. The first candidate is the likeliest.
func (v *Verifier) RecordCandidates(streamID string, seq uint64, cands []Candidate, exported string, unencodable bool) []Finding {
	if len(cands) == 0 {
		return v.flush(nil)
	}
	alt := altRecord{unencodable: unencodable}
	if len(cands) > 1 || (exported != "" && cands[0].Resource != exported) {
		alt.cands, alt.exported = slices.Clone(cands[:min(len(cands), maxResourceCandidates+1)]), exported
	}
	return v.flush(v.record(streamID, seq, cands[0].Digest, alt))
}

// sameRecord says whether a second delivery at a pending seq can be the record held there: one of their digests
// (over the candidate resources) is shared.
func (s *stream) sameRecord(seq uint64, old, digest seclogformat.Hash, alt altRecord) bool {
	if old == digest {
		return true
	}
	held := s.alts[seq]
	for _, c := range alt.cands {
		if c.Digest == old {
			return true
		}
		for _, h := range held.cands {
			if h.Digest == c.Digest {
				return true
			}
		}
	}
	for _, h := range held.cands {
		if h.Digest == digest {
			return true
		}
	}
	return false
}

func (v *Verifier) record(streamID string, seq uint64, digest seclogformat.Hash, alt altRecord) []Finding {
	v.Stats.RecordsSeen++
	s := v.stream(streamID)
	var out []Finding
	if s.final && seq >= s.lastSize {
		return append(out, Finding{Status: StatusConflict, StreamID: s.id, Seqs: one(seq), Checkpoint: int64(s.lastIndex), Count: 1,
			Detail: "record after the stream's final checkpoint"})
	}
	if seq < s.next {
		v.Stats.RecordsLate++ // a duplicate delivery, or a copy after its window was evaluated
		return nil
	}
	if old, ok := s.pending.get(seq); ok {
		if !s.sameRecord(seq, old, digest, alt) {
			out = append(out, Finding{Status: StatusConflict, StreamID: s.id, Seqs: one(seq), Checkpoint: -1, Count: 1,
				Detail: "two different records with one seq"})
		}
		return out
	}
	if seq == 0 {
		s.sawStart = true
	}
	// Only seqs within MaxPendingRecords of the next one to verify are held: a sender cannot fill the stream's room
	// with made-up far seqs (a made-up seq inside it meets the real record there: CONFLICT).
	if s.pending.len()+s.altUnits >= v.cfg.MaxPendingRecords || seq-s.next >= uint64(v.cfg.MaxPendingRecords) {
		v.Stats.RecordsOverflow++
		if !s.overflowWarned {
			s.overflowWarned = true
			out = append(out, Finding{Status: StatusUnverifiable, StreamID: s.id, Seqs: one(seq), Checkpoint: -1, Count: 1,
				Detail: "too many records waiting for a checkpoint (verify.max_pending_records); later ones are not checked live"})
		}
		return out
	}
	s.pending.add(seq, digest)
	if len(alt.cands) > 0 || alt.unencodable {
		if s.alts == nil {
			s.alts = map[uint64]altRecord{}
		}
		s.alts[seq] = alt
		s.altUnits += altCost(alt)
	}
	return append(out, v.advance(s, false)...)
}

func one(seq uint64) seclogformat.SeqRange { return seclogformat.SeqRange{Start: seq, End: seq + 1} }

// originStream reads the stream id of a checkpoint text's origin line, for findings about notes that fail.
func originStream(text, ns string) string {
	line, _, _ := strings.Cut(text, "\n")
	at := strings.LastIndex(line, "/v1/")
	if at < 0 || line[:at] != ns || !seclogformat.IsStreamID(line[at+4:]) {
		return ""
	}
	return line[at+4:]
}

// Checkpoint takes a checkpoint record's body (a signed note).
func (v *Verifier) Checkpoint(note string) []Finding {
	return v.flush(v.checkpoint(note))
}

func (v *Verifier) checkpoint(note string) []Finding {
	v.Stats.CheckpointsSeen++
	n, err := seclogformat.ParseNote(note)
	if err != nil {
		return []Finding{{Status: StatusCheckpointMalformd, StreamID: originStream(note, v.cfg.Namespace), Checkpoint: -1, Count: 1,
			Detail: "checkpoint record without a valid signed note"}}
	}
	id := originStream(n.Text, v.cfg.Namespace)
	_, keys, err := seclogformat.VerifyEd25519Keys(n, v.cfg.Keys)
	if err != nil {
		detail := "no signature by a trusted key"
		if errors.Is(err, seclogformat.ErrBadSignature) {
			detail = "a signature by a trusted key does not verify"
		}
		return []Finding{{Status: StatusKeyChainInvalid, StreamID: id, Checkpoint: -1, Count: 1, Detail: detail}}
	}
	c, err := seclogformat.ParseCheckpoint(n.Text, v.cfg.Namespace)
	if err != nil {
		return []Finding{{Status: StatusCheckpointMalformd, StreamID: id, Checkpoint: -1, Count: 1, Detail: err.Error()}}
	}
	v.Stats.CheckpointsValid++
	s := v.stream(c.StreamID)
	h := seclogformat.TextHash(n.Text)
	if old, seen := s.recentHashes[c.Index]; seen && old == h {
		return nil // a copy (whichever trusted key signed it: the text was accepted)
	}
	if !s.takeSigners(keys) {
		return []Finding{{Status: StatusKeyChainInvalid, StreamID: s.id, Checkpoint: int64(c.Index), Count: 1,
			Detail: "signed by other trusted keys than the stream's earlier checkpoints (a stream has one signing key)"}}
	}
	if _, seen := s.recentHashes[c.Index]; seen {
		return []Finding{{Status: StatusConflict, StreamID: s.id, Checkpoint: int64(c.Index), Count: 1,
			Detail: "two different signed checkpoints with one index (equivocation)"}}
	}
	if s.haveLast && c.Index <= s.lastIndex {
		return nil // older than the chain we follow, and not remembered
	}
	// A gap before it (or, for a stream not followed yet, checkpoints before it may still arrive): wait for them.
	if (s.haveLast && c.Index > s.lastIndex+1) || (!s.haveLast && c.Index > 0) {
		if other, held := s.held[c.Index]; held {
			if other.hash != h {
				return []Finding{{Status: StatusConflict, StreamID: s.id, Checkpoint: int64(c.Index), Count: 1,
					Detail: "two different signed checkpoints with one index (equivocation)"}}
			}
			return nil
		}
		if len(s.held) < 256 {
			s.held[c.Index] = heldCheckpoint{cp: c, hash: h, deadline: v.now().Add(v.cfg.Grace)}
		}
		return nil
	}
	out := v.accept(s, c, h, false)
	return append(out, v.advance(s, false)...)
}

// accept appends c to the chain. rebase: c does not follow a checkpoint this verifier accepted (it started following
// the stream late, or the checkpoints between were lost), so its range is not checked against records.
func (v *Verifier) accept(s *stream, c seclogformat.Checkpoint, h seclogformat.Hash, rebase bool) []Finding {
	var out []Finding
	k := int64(c.Index)
	conflict := func(detail string) {
		out = append(out, Finding{Status: StatusConflict, StreamID: s.id, Checkpoint: k, Count: 1, Detail: detail})
	}
	switch {
	case s.final:
		conflict("checkpoint after the final one")
	case !s.haveLast && c.Index == 0 && c.PreviousHash != (seclogformat.Hash{}):
		out = append(out, Finding{Status: StatusCheckpointMissing, StreamID: s.id, Checkpoint: k, Count: 1, Detail: "first checkpoint does not start the p chain"})
	case s.haveLast && !rebase:
		if c.PreviousHash != s.lastHash {
			out = append(out, Finding{Status: StatusCheckpointMissing, StreamID: s.id, Checkpoint: k, Count: 1,
				Detail: "p is not the hash of the previous checkpoint"})
		}
		if c.TreeSize < s.lastSize {
			conflict("tree size smaller than the previous checkpoint's")
		} else if c.RangeStart != s.lastSize {
			conflict("range does not start at the previous tree size")
		}
		if c.MonotonicNanos < s.lastMono {
			conflict("monotonic time went backwards")
		}
	}
	s.haveLast, s.lastIndex, s.lastHash, s.lastSize, s.lastMono, s.lastTime = true, c.Index, h, c.TreeSize, c.MonotonicNanos, c.TimeUnixNano
	s.final = s.final || c.Final
	s.recentHashes[c.Index] = h
	for k := range s.recentHashes { // the last 64 indexes, whatever gaps the chain had
		if k+64 <= c.Index {
			delete(s.recentHashes, k)
		}
	}
	s.lastCheckpoint, s.silent = v.now(), false
	for _, r := range c.DroppedRanges {
		s.dropped = mergeRange(s.dropped, r)
		out = append(out, Finding{Status: StatusDropped, StreamID: s.id, Seqs: r, Checkpoint: k, Count: r.End - r.Start,
			Detail: "declared dropped by the producer"})
	}
	if c.RefusedRecords > 0 {
		out = append(out, Finding{Status: StatusDropped, StreamID: s.id, Checkpoint: k, Count: c.RefusedRecords,
			Detail: "records refused by the producer before sealing"})
	}
	if rebase || c.RangeStart < s.next {
		// Following from here: restart from the signed compact range when there is one.
		if c.TreeSize >= s.next {
			v.restart(s, c)
		}
	} else {
		s.windows = append(s.windows, window{cp: c, deadline: v.now().Add(v.cfg.Grace)})
	}
	if held, ok := s.held[c.Index+1]; ok {
		delete(s.held, c.Index+1)
		out = append(out, v.accept(s, held.cp, held.hash, false)...)
	}
	return out
}

// coverPrefix appends the records observed in [s.next, end) to the verified tree without a leaf list to check them
// one by one: the next checkpoint's root checks them all (MODIFIED for its range when one differs). A seq not observed
// and not declared dropped leaves the tree unknown (the root check is then skipped and the range restarted).
func (v *Verifier) coverPrefix(s *stream, end uint64) {
	if end > s.next && end-s.next > uint64(v.cfg.MaxPendingRecords) {
		// Only seqs within max_pending_records of next are held, so some seq below end was not observed: the tree is
		// unknown. Said without walking the seqs one by one, which a stream far longer than that would make endless.
		s.dropBelow(end)
		s.next, s.broken = end, true
		return
	}
	for seq := s.next; seq < end; seq++ {
		d, _, observed := s.take(seq)
		switch {
		case observed && !s.broken:
			s.cr.AppendDigest(d)
		case !observed:
			s.broken = true
		}
	}
	if end > s.next {
		s.next = end
	}
}

// restart sets the verified prefix to c's tree (from its c line), dropping what is pending below it.
func (v *Verifier) restart(s *stream, c seclogformat.Checkpoint) {
	s.dropBelow(c.TreeSize)
	s.next = c.TreeSize
	s.broken = true
	if c.HasCompactRange {
		if cr, ok := seclogformat.NewCompactRange(c.TreeSize, c.CompactRange); ok && cr.Root() == c.Root {
			s.cr, s.broken = cr, false
		}
	}
}

// advance evaluates the windows whose records are all in, and, when expired is true, those past their deadline.
func (v *Verifier) advance(s *stream, expired bool) []Finding {
	var out []Finding
	var now time.Time // read only when a deadline matters: advance runs for every record
	for len(s.windows) > 0 {
		w := s.windows[0]
		if !v.complete(s, w.cp) {
			if !expired {
				break
			}
			if now.IsZero() {
				now = v.now()
			}
			if now.Before(w.deadline) {
				break
			}
		}
		s.windows = s.windows[1:]
		out = append(out, v.evaluate(s, w.cp)...)
	}
	return out
}

func (v *Verifier) complete(s *stream, c seclogformat.Checkpoint) bool {
	for seq := v.gapStart(s, c); seq < c.RangeEnd; seq++ {
		if _, ok := s.pending.get(seq); !ok && !inRanges(s.dropped, seq) {
			return false
		}
	}
	return true
}

// altAt is a seq with a digest or a resource digest, kept while a range is evaluated.
type altAt struct {
	seq      uint64
	digest   seclogformat.Hash
	resource string
}

// provenResource is the resource digest of the latest proven announcement at or below seq ("" when none).
func (v *Verifier) provenResource(s *stream, seq uint64) string {
	best, at, ok := "", uint64(0), false
	for _, a := range s.announcements {
		if a.proven && a.seq <= seq && (!ok || a.seq > at) {
			best, at, ok = a.digest, a.seq, true
		}
	}
	return best
}

// gapStart is where the records c's evaluation takes start: its range, or the stream's next seq when the range
// starts above it (a CONFLICT checkpoint whose r skips seqs after the previous tree size) and the gap is small enough
// to have been held (max_pending_records).
func (v *Verifier) gapStart(s *stream, c seclogformat.Checkpoint) uint64 {
	if s.next < c.RangeStart && c.RangeStart-s.next <= uint64(v.cfg.MaxPendingRecords) {
		return s.next
	}
	return c.RangeStart
}

// evaluate checks one checkpoint's range against the records observed and extends the verified tree.
func (v *Verifier) evaluate(s *stream, c seclogformat.Checkpoint) []Finding {
	var out []Finding
	k := int64(c.Index)
	// A range that starts above next (reported CONFLICT when accepted) leaves a gap of signed seqs no leaf list
	// covers: its records go into the tree as observed, for the root to check, rather than stay pending (and count
	// against max_pending_records) until a restart; a gap too large to have been held only restarts the tree.
	from := v.gapStart(s, c)
	if from < c.RangeStart {
		v.coverPrefix(s, c.RangeStart)
	} else if s.next < c.RangeStart {
		s.dropBelow(c.RangeStart)
		s.next, s.broken = c.RangeStart, true
	}
	add := func(status Status, seq uint64, detail string) {
		if n := len(out); n > 0 && out[n-1].Status == status && out[n-1].Seqs.End == seq && out[n-1].Detail == detail {
			out[n-1].Seqs.End++
			out[n-1].Count++
			return
		}
		out = append(out, Finding{Status: status, StreamID: s.id, Seqs: one(seq), Checkpoint: k, Count: 1, Detail: detail})
	}
	valid := uint64(0)
	// Records hashed with several candidate resource digests (announcements not proven when they came): the signed
	// leaf picks the one sealed; without a leaf list, the resource announced by the record held at each announcing seq
	// (cur) does, and the root decides. resourceSeqs: records whose proven resource is not the one exported.
	cur := v.provenResource(s, c.RangeStart)
	var resourceSeqs []altAt
	var announcedAt []altAt
	var unencodable []uint64 // without a leaf list: records the root proves are the unverifiable tuples sealed
	for seq := c.RangeStart; seq < c.RangeEnd; seq++ {
		d, alt, observed := s.take(seq)
		if c.HasLeafList {
			signed := c.LeafDigests[seq-c.RangeStart]
			if observed && len(alt.cands) > 0 {
				for _, cand := range alt.cands {
					if cand.Digest == signed {
						d = signed
						if alt.exported != "" && cand.Resource != alt.exported {
							out = v.resourceModified(s, seq, alt.exported, out)
						}
						break
					}
				}
			}
			if len(s.announcements) > 0 && s.announced(seq) {
				v.settle(s, seq, signed, observed && d == signed)
			}
			switch {
			case !observed && inRanges(s.dropped, seq):
			case !observed:
				add(StatusMissing, seq, "signed, not delivered and not declared dropped")
			case d == signed && alt.unencodable:
				add(StatusUnverifiable, seq, "sealed by the producer as unverifiable")
			case d == signed:
				valid++
			case slices.Contains(seclogformat.UnverifiableDigests(s.id, fmt.Sprint(seq)), signed):
				add(StatusUnverifiable, seq, "sealed by the producer as unverifiable")
			default:
				add(StatusModified, seq, "digest differs from the signed leaf")
			}
			if !s.broken {
				s.cr.AppendDigest(signed)
			}
			continue
		}
		if !observed {
			if !inRanges(s.dropped, seq) {
				add(StatusMissing, seq, "not delivered and not declared dropped")
			}
			s.broken = true
			continue
		}
		if len(alt.cands) > 0 {
			for _, cand := range alt.cands {
				if cand.Resource == cur || len(alt.cands) == 1 { // one candidate: the record's slot 3 is known
					d = cand.Digest
					if alt.exported != "" && cand.Resource != alt.exported {
						resourceSeqs = append(resourceSeqs, altAt{seq: seq, resource: alt.exported})
					}
					break
				}
			}
		}
		if len(s.announcements) > 0 && s.announced(seq) {
			announcedAt = append(announcedAt, altAt{seq: seq, digest: d})
			for _, a := range s.announcements {
				if a.seq == seq && a.record == d {
					cur = a.digest
				}
			}
		}
		if alt.unencodable {
			unencodable = append(unencodable, seq)
		} else {
			valid++
		}
		if !s.broken {
			s.cr.AppendDigest(d)
		}
	}
	s.next = c.RangeEnd
	if !c.HasLeafList && !s.broken && s.cr.Root() == c.Root { // the records chosen are the ones sealed
		for _, a := range announcedAt {
			v.settle(s, a.seq, a.digest, true)
		}
		for _, r := range resourceSeqs {
			out = v.resourceModified(s, r.seq, r.resource, out)
		}
		for _, seq := range unencodable {
			add(StatusUnverifiable, seq, "sealed by the producer as unverifiable")
		}
	}
	if !s.broken && s.cr.Root() != c.Root {
		detail := "records in this range do not hash to the signed root"
		if c.HasLeafList {
			detail = "the signed leaf list does not hash to the signed root"
		} else {
			valid = 0
		}
		if from < c.RangeStart {
			detail = "records in this range and the gap before it do not hash to the signed root"
		}
		out = append(out, Finding{Status: StatusModified, StreamID: s.id, Seqs: seclogformat.SeqRange{Start: from, End: c.RangeEnd},
			Checkpoint: k, Count: c.RangeEnd - from, Detail: detail})
		s.broken = true
	} else if s.broken && !c.HasLeafList {
		valid = 0 // a range without a leaf list that could not be recomputed proves nothing about its records
	}
	if s.broken {
		v.restart(s, c)
	}
	v.Stats.RecordsValid += valid
	return out
}

// Tick evaluates windows and held checkpoints past their deadline and reports silent and untrusted streams.
func (v *Verifier) Tick() []Finding {
	return v.flush(v.tick())
}

func (v *Verifier) tick() []Finding {
	var out []Finding
	now := v.now()
	for _, s := range v.streams {
		for idx, h := range s.held {
			if now.Before(h.deadline) || idx != minKey(s.held) {
				continue
			}
			delete(s.held, idx)
			switch {
			case s.haveLast:
				out = append(out, Finding{Status: StatusCheckpointMissing, StreamID: s.id, Checkpoint: int64(idx), Count: idx - s.lastIndex - 1,
					Detail: fmt.Sprintf("checkpoints %d to %d never arrived", s.lastIndex+1, idx-1)})
			case s.sawStart && s.next == 0:
				// Followed from seq 0, so the first checkpoints were not before our time: they were lost. The records
				// before this checkpoint's range are still checked, through its root.
				out = append(out, Finding{Status: StatusCheckpointMissing, StreamID: s.id, Checkpoint: int64(idx), Count: idx,
					Detail: fmt.Sprintf("checkpoints 0 to %d never arrived", idx-1)})
				out = append(out, v.advance(s, true)...)
				v.coverPrefix(s, h.cp.RangeStart)
				out = append(out, v.accept(s, h.cp, h.hash, false)...)
				continue
			} // else: the stream was joined after its first checkpoints; follow it from here
			out = append(out, v.advance(s, true)...)
			out = append(out, v.accept(s, h.cp, h.hash, true)...)
		}
		out = append(out, v.advance(s, true)...)
		limit := time.Duration(float64(s.heartbeat) * v.cfg.SilenceFactor)
		if !s.haveLast && !s.untrustedReported && now.Sub(s.firstSeen) > limit+v.cfg.Grace {
			s.untrustedReported = true
			out = append(out, Finding{Status: StatusUntrustedStream, StreamID: s.id, Checkpoint: -1, Count: uint64(s.pending.len()),
				Detail: fmt.Sprintf("sealed records and no checkpoint signed by a trusted key for %s", now.Sub(s.firstSeen).Round(time.Millisecond))})
		}
		if s.haveLast && !s.final && !s.silent && now.Sub(s.lastCheckpoint) > limit {
			s.silent = true
			out = append(out, Finding{Status: StatusStreamSilent, StreamID: s.id, Checkpoint: int64(s.lastIndex), Count: 1,
				Detail: fmt.Sprintf("no checkpoint for %s (heartbeat %s)", now.Sub(s.lastCheckpoint).Round(time.Millisecond), s.heartbeat)})
		}
	}
	return out
}

func minKey(m map[uint64]heldCheckpoint) uint64 {
	first := true
	var k uint64
	for x := range m {
		if first || x < k {
			k, first = x, false
		}
	}
	return k
}

func inRanges(rs []seclogformat.SeqRange, seq uint64) bool {
	for _, r := range rs {
		if seq >= r.Start && seq < r.End {
			return true
		}
	}
	return false
}

// mergeRange adds r to sorted disjoint ranges (bounded: at most 4096 ranges, the oldest forgotten).
func mergeRange(rs []seclogformat.SeqRange, r seclogformat.SeqRange) []seclogformat.SeqRange {
	out := seclogformat.AddSeqRange(rs, r)
	if len(out) > 4096 {
		out = out[len(out)-4096:]
	}
	return out
}
