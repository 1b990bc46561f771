package seclogverify

import (
	"math/bits"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// minPendingSlots is the ring size a stream starts with (two default checkpoint ranges).
const minPendingSlots = 256

// pendingDigests holds the digests of the records observed and not yet evaluated, by seq: a map in behaviour. The
// seqs held are nearly always one run just above the next seq to verify (records are accepted at most
// max_pending_records above it), so they live in a ring indexed by seq, where a map lookup per record, at a random
// place in a large table, was a noticeable part of verify mode. A seq whose slot another seq holds goes to a
// map, after the ring has grown as far as it may (and only while it is at least half full), so any set of seqs is
// held, as before.
type pendingDigests struct {
	slots    []pendingSlot // empty, or a power of two long
	used     int           // slots in use
	overflow map[uint64]seclogformat.Hash
	maxSlots int
}

type pendingSlot struct {
	seq    uint64
	digest seclogformat.Hash
	used   bool
}

// newPendingDigests returns an empty set whose ring grows to the power of two at or above maxPending.
func newPendingDigests(maxPending int) pendingDigests {
	return pendingDigests{maxSlots: max(minPendingSlots, 1<<bits.Len(uint(max(maxPending, 1)-1)))}
}

func (p *pendingDigests) len() int { return p.used + len(p.overflow) }

func (p *pendingDigests) slot(seq uint64) *pendingSlot {
	if len(p.slots) == 0 {
		return nil
	}
	return &p.slots[seq&uint64(len(p.slots)-1)]
}

func (p *pendingDigests) get(seq uint64) (seclogformat.Hash, bool) {
	if s := p.slot(seq); s != nil && s.used && s.seq == seq {
		return s.digest, true
	}
	if len(p.overflow) > 0 {
		d, ok := p.overflow[seq]
		return d, ok
	}
	return seclogformat.Hash{}, false
}

// add holds d for a seq not held yet.
func (p *pendingDigests) add(seq uint64, d seclogformat.Hash) {
	if len(p.slots) == 0 {
		p.slots = make([]pendingSlot, minPendingSlots)
	}
	for {
		if s := p.slot(seq); !s.used {
			*s = pendingSlot{seq: seq, digest: d, used: true}
			p.used++
			return
		}
		// Grow only a ring at least half full: a few seqs that collide (next, next+256, next+512, …) must not make
		// a stream's ring max_pending_records slots long, so memory follows the seqs held, as a map's does.
		if 2*p.used < len(p.slots) || !p.grow() {
			break
		}
	}
	if p.overflow == nil {
		p.overflow = map[uint64]seclogformat.Hash{}
	}
	p.overflow[seq] = d
}

// grow doubles the ring, when it may, and moves into it the overflow seqs whose slot is free.
func (p *pendingDigests) grow() bool {
	if len(p.slots)*2 > p.maxSlots {
		return false
	}
	old := p.slots
	p.slots, p.used = make([]pendingSlot, len(old)*2), 0
	for _, s := range old {
		if s.used { // seqs apart in the smaller ring are apart in the larger one
			*p.slot(s.seq) = s
			p.used++
		}
	}
	for seq, d := range p.overflow {
		if s := p.slot(seq); !s.used {
			*s = pendingSlot{seq: seq, digest: d, used: true}
			p.used++
			delete(p.overflow, seq)
		}
	}
	return true
}

// take returns and forgets the digest held for seq.
func (p *pendingDigests) take(seq uint64) (seclogformat.Hash, bool) {
	if s := p.slot(seq); s != nil && s.used && s.seq == seq {
		d := s.digest
		*s = pendingSlot{}
		p.used--
		return d, true
	}
	if len(p.overflow) > 0 {
		d, ok := p.overflow[seq]
		delete(p.overflow, seq)
		return d, ok
	}
	return seclogformat.Hash{}, false
}

// dropBelow forgets every seq below end.
func (p *pendingDigests) dropBelow(end uint64) {
	if p.used > 0 {
		for i := range p.slots {
			if s := &p.slots[i]; s.used && s.seq < end {
				*s = pendingSlot{}
				p.used--
			}
		}
	}
	for seq := range p.overflow {
		if seq < end {
			delete(p.overflow, seq)
		}
	}
}
