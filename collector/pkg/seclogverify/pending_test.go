package seclogverify

import (
	"math/rand/v2"
	"testing"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// TestPendingDigestsIsAMap: random adds, look-ups, takes and drops, mostly in a run that moves up as a stream does,
// sometimes far away, give what a map gives, whatever the ring size limit.
func TestPendingDigestsIsAMap(t *testing.T) {
	for _, maxPending := range []int{1, 100, 300, 4096} {
		rng := rand.New(rand.NewPCG(uint64(maxPending), 11))
		p := newPendingDigests(maxPending)
		want := map[uint64]seclogformat.Hash{}
		next := uint64(0)
		for i := 0; i < 200000; i++ {
			seq := next + uint64(rng.IntN(600))
			if rng.IntN(50) == 0 {
				seq = rng.Uint64() >> rng.IntN(64) // anywhere, colliding with the run now and then
			}
			switch op := rng.IntN(10); {
			case op < 4:
				if _, held := want[seq]; !held {
					var d seclogformat.Hash
					d[0], d[1] = byte(i), byte(i>>8)
					want[seq] = d
					p.add(seq, d)
				}
			case op < 6:
				d, ok := p.get(seq)
				w, wok := want[seq]
				if ok != wok || d != w {
					t.Fatalf("max %d step %d: get(%d) = %v %v, want %v %v", maxPending, i, seq, d, ok, w, wok)
				}
			case op < 9:
				d, ok := p.take(seq)
				w, wok := want[seq]
				delete(want, seq)
				if ok != wok || d != w {
					t.Fatalf("max %d step %d: take(%d) = %v %v, want %v %v", maxPending, i, seq, d, ok, w, wok)
				}
			default:
				next += uint64(rng.IntN(200))
				if rng.IntN(4) == 0 {
					p.dropBelow(next)
					for s := range want {
						if s < next {
							delete(want, s)
						}
					}
				}
			}
			if p.len() != len(want) {
				t.Fatalf("max %d step %d: len %d, want %d", maxPending, i, p.len(), len(want))
			}
		}
		for seq, w := range want {
			if d, ok := p.get(seq); !ok || d != w {
				t.Fatalf("max %d: seq %d lost", maxPending, seq)
			}
		}
		if len(p.slots) > p.maxSlots {
			t.Errorf("max %d: ring grew to %d slots", maxPending, len(p.slots))
		}
	}
}
