package seclogverify

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

const ns = seclogformat.DefaultNamespace
const sid = "AbCdEfGhIjKlMnOpQrStUv"

// producer is a minimal sealing stream written for these tests: digests, compact range, signed checkpoints.
type producer struct {
	signer   *seclogformat.Ed25519Signer
	cr       seclogformat.CompactRange
	digests  []seclogformat.Hash
	done     uint64
	k        uint64
	prev     seclogformat.Hash
	leafList bool
	drops    []seclogformat.SeqRange
}

func newProducer(t *testing.T, leafList bool) *producer {
	_, key, _ := ed25519.GenerateKey(nil)
	s, err := seclogformat.NewEd25519Signer("test.example/producer", key)
	if err != nil {
		t.Fatal(err)
	}
	return &producer{signer: s, leafList: leafList}
}

func (p *producer) record(i int) seclogformat.Hash {
	d := sha256.Sum256([]byte(fmt.Sprintf("record %d", i)))
	p.digests = append(p.digests, d)
	p.cr.AppendDigest(d)
	return d
}

func (p *producer) checkpoint(final bool) string {
	c := seclogformat.Checkpoint{Namespace: ns, StreamID: sid, TreeSize: p.cr.Size(), Root: p.cr.Root(), Index: p.k,
		TimeUnixNano: 1764000000000000000 + p.k, MonotonicNanos: p.k * 1000, PreviousHash: p.prev, RangeStart: p.done,
		RangeEnd: p.cr.Size(), HasLeafList: p.leafList, CompactRange: p.cr.Nodes(), HasCompactRange: true, Final: final,
		DroppedRanges: p.drops}
	if p.leafList {
		c.LeafDigests = append([]seclogformat.Hash(nil), p.digests[p.done:]...)
	}
	text := c.Format()
	p.k++
	p.prev = seclogformat.TextHash(text)
	p.done = p.cr.Size()
	p.drops = nil
	note, _ := seclogformat.SignNote(text, p.signer)
	return note
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newVerifier(p *producer, c *clock) *Verifier {
	return New(Config{Namespace: ns, Keys: []ed25519.PublicKey{p.signer.PublicKey()}, Grace: 10 * time.Second,
		SilenceFactor: 2, DefaultHeartbeat: time.Minute}, c.now)
}

func statuses(fs []Finding) string {
	var out []string
	for _, f := range fs {
		s := string(f.Status)
		if f.Seqs.End > f.Seqs.Start {
			s += fmt.Sprintf("@%d-%d", f.Seqs.Start, f.Seqs.End-1)
		}
		out = append(out, s)
	}
	return strings.Join(out, ",")
}

// run feeds 20 records and checkpoints at 8, 16 and a final at 20, in the order given by feed.
func TestAttackCases(t *testing.T) {
	for _, leafList := range []bool{true, false} {
		for _, tc := range []struct {
			name string
			// tamper changes what is delivered: records (seq -> digest; absent = deleted) and the checkpoint notes.
			tamper  func(records map[uint64]seclogformat.Hash, notes []string, other *producer) []string
			reverse bool
			want    map[bool]string // by leafList
		}{
			{name: "untouched", want: map[bool]string{true: "", false: ""}},
			{name: "reordered", reverse: true, want: map[bool]string{true: "", false: ""}},
			{name: "replayed record and checkpoint", tamper: func(r map[uint64]seclogformat.Hash, n []string, _ *producer) []string {
				return append(n, n[0])
			}, want: map[bool]string{true: "", false: ""}},
			{name: "modified", tamper: func(r map[uint64]seclogformat.Hash, n []string, _ *producer) []string {
				r[5] = sha256.Sum256([]byte("forged"))
				return n
			}, want: map[bool]string{true: "MODIFIED@5-5", false: "MODIFIED@0-7"}},
			{name: "deleted", tamper: func(r map[uint64]seclogformat.Hash, n []string, _ *producer) []string {
				delete(r, 9)
				delete(r, 10)
				return n
			}, want: map[bool]string{true: "MISSING@9-10", false: "MISSING@9-10"}},
			{name: "forged key", tamper: func(r map[uint64]seclogformat.Hash, n []string, other *producer) []string {
				forged := other.checkpoint(false)
				return append(n, forged)
			}, want: map[bool]string{true: "KEY-CHAIN-INVALID", false: "KEY-CHAIN-INVALID"}},
			{name: "truncated tail", tamper: func(r map[uint64]seclogformat.Hash, n []string, _ *producer) []string {
				for seq := uint64(16); seq < 20; seq++ {
					delete(r, seq)
				}
				return n[:2]
			}, want: map[bool]string{true: "STREAM-SILENT", false: "STREAM-SILENT"}},
			{name: "checkpoint deleted", tamper: func(r map[uint64]seclogformat.Hash, n []string, _ *producer) []string {
				return []string{n[0], n[2]}
			}, want: map[bool]string{true: "CHECKPOINT-MISSING", false: "CHECKPOINT-MISSING"}},
		} {
			t.Run(fmt.Sprintf("%s/leafList=%v", tc.name, leafList), func(t *testing.T) {
				p := newProducer(t, leafList)
				other := newProducer(t, leafList)
				for i := 0; i < 8; i++ {
					other.record(i)
				}
				c := &clock{t: time.Unix(1764000000, 0)}
				v := newVerifier(p, c)
				records := map[uint64]seclogformat.Hash{}
				var notes []string
				for i := 0; i < 20; i++ {
					records[uint64(i)] = p.record(i)
					if i == 7 || i == 15 {
						notes = append(notes, p.checkpoint(false))
					}
				}
				notes = append(notes, p.checkpoint(true))
				if tc.tamper != nil {
					notes = tc.tamper(records, notes, other)
				}
				var got []Finding
				order := make([]uint64, 0, 20)
				for i := uint64(0); i < 20; i++ {
					order = append(order, i)
				}
				if tc.reverse {
					for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
						order[i], order[j] = order[j], order[i]
					}
					for i, j := 0, len(notes)-1; i < j; i, j = i+1, j-1 {
						notes[i], notes[j] = notes[j], notes[i]
					}
				}
				for _, n := range notes {
					got = append(got, v.Checkpoint(n)...)
				}
				for _, seq := range order {
					if d, ok := records[seq]; ok {
						got = append(got, v.Record(sid, seq, d)...)
					}
				}
				got = append(got, v.Record(sid, 3, records[3])...) // a duplicate delivery is not a finding
				c.t = c.t.Add(11 * time.Second)
				got = append(got, v.Tick()...)
				c.t = c.t.Add(3 * time.Minute)
				got = append(got, v.Tick()...)
				if s := statuses(got); s != tc.want[leafList] {
					t.Errorf("findings %q, want %q\n%v", s, tc.want[leafList], got)
				}
				if tc.want[leafList] == "" && v.Stats.RecordsValid != 20 {
					t.Errorf("%d records valid, want 20", v.Stats.RecordsValid)
				}
			})
		}
	}
}

func TestDeclaredDropsAreNotMissing(t *testing.T) {
	p := newProducer(t, true)
	c := &clock{t: time.Unix(1764000000, 0)}
	v := newVerifier(p, c)
	var got []Finding
	for i := 0; i < 6; i++ {
		d := p.record(i)
		if i != 2 && i != 3 {
			got = append(got, v.Record(sid, uint64(i), d)...)
		}
	}
	p.drops = []seclogformat.SeqRange{{Start: 2, End: 4}}
	got = append(got, v.Checkpoint(p.checkpoint(true))...)
	c.t = c.t.Add(time.Minute)
	got = append(got, v.Tick()...)
	if s := statuses(got); s != "DROPPED@2-3" {
		t.Errorf("findings %q", s)
	}
	if v.Stats.RecordsValid != 4 {
		t.Errorf("%d valid", v.Stats.RecordsValid)
	}
}

func TestEquivocationRollbackAndRecordsAfterFinal(t *testing.T) {
	p := newProducer(t, true)
	c := &clock{t: time.Unix(1764000000, 0)}
	v := newVerifier(p, c)
	for i := 0; i < 4; i++ {
		v.Record(sid, uint64(i), p.record(i))
	}
	saved := *p
	saved.cr = p.cr.Clone()
	saved.digests = append([]seclogformat.Hash(nil), p.digests...)
	first := p.checkpoint(false)
	if fs := v.Checkpoint(first); len(fs) != 0 {
		t.Fatalf("first checkpoint: %v", fs)
	}
	// The same index signed again over a different tree: equivocation (a rolled-back or forked log).
	saved.record(99)
	if fs := v.Checkpoint(saved.checkpoint(false)); statuses(fs) != "CONFLICT" {
		t.Errorf("equivocation: %v", fs)
	}
	v.Checkpoint(p.checkpoint(true))
	if fs := v.Record(sid, 4, sha256.Sum256([]byte("late"))); statuses(fs) != "CONFLICT@4-4" {
		t.Errorf("record after final: %v", fs)
	}
}

// A record the verifier cannot encode (a repeated attribute key) and that the producer sealed as the unverifiable
// tuple: a signed leaf or root that matches proves the seq, not the content, so it is UNVERIFIABLE either way, as
// `seclog verify` says (docs/spec/verification.md).
func TestUnencodableRecordIsUnverifiableWithOrWithoutLeafList(t *testing.T) {
	for _, leafList := range []bool{true, false} {
		t.Run(fmt.Sprintf("leafList=%v", leafList), func(t *testing.T) {
			p := newProducer(t, leafList)
			c := &clock{t: time.Unix(1764000000, 0)}
			v := newVerifier(p, c)
			var got []Finding
			for i := 0; i < 8; i++ {
				if i != 5 {
					got = append(got, v.Record(sid, uint64(i), p.record(i))...)
					continue
				}
				d := sha256.Sum256(seclogformat.UnverifiableText(sid, "5", seclogformat.ReasonDuplicateKey))
				p.digests = append(p.digests, d)
				p.cr.AppendDigest(d)
				got = append(got, v.RecordUnencodable(sid, 5, d)...)
			}
			got = append(got, v.Checkpoint(p.checkpoint(true))...)
			c.t = c.t.Add(time.Minute)
			got = append(got, v.Tick()...)
			if s := statuses(got); s != "UNVERIFIABLE@5-5" {
				t.Errorf("findings %q, want UNVERIFIABLE@5-5\n%v", s, got)
			}
			if v.Stats.RecordsValid != 7 {
				t.Errorf("%d records valid, want 7", v.Stats.RecordsValid)
			}
		})
	}
}
