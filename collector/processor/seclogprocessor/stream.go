package seclogprocessor

import (
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// sealLog is the pure core of one stream the collector seals: seqs, the RFC 6962 compact range, the digests of the
// open range for the `l` line, and the checkpoint chain. No pdata, no timers, no signing. Memory is bounded: at
// most 64 compact-range nodes, the open range's digests (at most max_records) and the undeclared drop ranges.
type sealLog struct {
	namespace string
	streamID  string
	leafList  bool
	// signatureBytes is what one signature line adds to a checkpoint (for the 8 KB cap).
	signatureBytes int
	rng            seclogformat.CompactRange
	open           []seclogformat.Hash
	checkpointed   uint64
	nextIndex      uint64
	previousHash   seclogformat.Hash
	drops          []seclogformat.SeqRange
	refused        uint64
	final          bool
	startMono      time.Time
	now            func() time.Time
}

func newStreamID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("seclogprocessor: no randomness for a stream id: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func newSealLog(namespace, streamID string, leafList bool, signatureBytes int, now func() time.Time) *sealLog {
	return &sealLog{namespace: namespace, streamID: streamID, leafList: leafList, signatureBytes: signatureBytes,
		startMono: now(), now: now}
}

// size is the number of leaves, i.e. the next seq.
func (l *sealLog) size() uint64 { return l.rng.Size() }

// uncheckpointed is the number of leaves sealed since the last checkpoint.
func (l *sealLog) uncheckpointed() uint64 { return l.rng.Size() - l.checkpointed }

// pending says the next checkpoint has something to say beyond a heartbeat.
func (l *sealLog) pending() bool { return l.uncheckpointed() > 0 || len(l.drops) > 0 || l.refused > 0 }

// appendDigest adds a leaf and returns its seq.
func (l *sealLog) appendDigest(d seclogformat.Hash) uint64 {
	seq := l.rng.Size()
	l.rng.AppendDigest(d)
	if l.leafList {
		l.open = append(l.open, d)
	}
	return seq
}

// declareDropped records seqs sealed but not delivered; the next checkpoints declare them (`d`).
func (l *sealLog) declareDropped(r seclogformat.SeqRange) {
	if r.End <= r.Start {
		return
	}
	l.drops = seclogformat.AddSeqRange(l.drops, r)
}

// buildCheckpoint makes the next checkpoint text over everything appended and advances the chain. The `c` line is
// left out when a leaf list is present and the note would exceed 8 KB; then `d` ranges wait for the next checkpoint.
func (l *sealLog) buildCheckpoint(final bool) (seclogformat.Checkpoint, string) {
	now := l.now()
	c := seclogformat.Checkpoint{
		Namespace:       l.namespace,
		StreamID:        l.streamID,
		TreeSize:        l.rng.Size(),
		Root:            l.rng.Root(),
		Index:           l.nextIndex,
		TimeUnixNano:    uint64(now.UnixNano()),
		MonotonicNanos:  uint64(max(now.Sub(l.startMono), 0)),
		PreviousHash:    l.previousHash,
		RangeStart:      l.checkpointed,
		RangeEnd:        l.rng.Size(),
		LeafDigests:     l.open,
		HasLeafList:     l.leafList,
		CompactRange:    l.rng.Nodes(),
		HasCompactRange: true,
		DroppedRanges:   l.drops[:min(len(l.drops), seclogformat.MaxDroppedRanges)],
		RefusedRecords:  l.refused,
		Final:           final,
	}
	fits := func(text string) bool { return len(text)+l.signatureBytes <= seclogformat.CheckpointMaxBytes }
	text := c.Format()
	if !fits(text) && l.leafList {
		c.CompactRange, c.HasCompactRange = nil, false
		text = c.Format()
	}
	for !fits(text) && len(c.DroppedRanges) > 0 {
		c.DroppedRanges = c.DroppedRanges[:len(c.DroppedRanges)/2]
		text = c.Format()
	}
	l.nextIndex++
	l.previousHash = seclogformat.TextHash(text)
	l.checkpointed = l.rng.Size()
	// A new slice (the returned checkpoint keeps the old one), sized for the next range: no regrowth per checkpoint.
	l.open = make([]seclogformat.Hash, 0, cap(l.open))
	l.drops = append([]seclogformat.SeqRange(nil), l.drops[len(c.DroppedRanges):]...)
	l.refused = 0
	l.final = final
	return c, text
}
