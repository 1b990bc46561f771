package seclogformat

// The checkpoint note text (docs/spec/checkpoint-note.md): origin, tree size, root and the extension lines
// `k t m e p r l c d x f`, formatted and parsed strictly.

import (
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// CheckpointMaxBytes bounds a checkpoint with one signature line.
const CheckpointMaxBytes = 8192

// MaxLeafListRecords is the largest range a checkpoint with a leaf list covers (150 × 45 bytes stays under 8 KB).
const MaxLeafListRecords = 150

// MaxDroppedRanges is the largest number of `d` ranges one checkpoint carries.
const MaxDroppedRanges = 64

// MaxCount is the largest count a checkpoint carries, 2^53 − 1.
const MaxCount = 1<<53 - 1

// SeqRange is a half-open seq range [Start, End).
type SeqRange struct {
	Start uint64 `json:"start"`
	End   uint64 `json:"end"`
}

// AddSeqRange adds r to a list of ranges and returns them sorted and merged (overlapping or touching ranges become
// one). It reuses rs's storage.
func AddSeqRange(rs []SeqRange, r SeqRange) []SeqRange {
	rs = append(rs, r)
	slices.SortFunc(rs, func(a, b SeqRange) int { return cmp.Compare(a.Start, b.Start) })
	out := rs[:0]
	for _, x := range rs {
		if n := len(out); n > 0 && x.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, x.End)
			continue
		}
		out = append(out, x)
	}
	return out
}

// Checkpoint holds the fields of a checkpoint text.
type Checkpoint struct {
	Namespace      string     `json:"namespace"`
	StreamID       string     `json:"streamId"`
	TreeSize       uint64     `json:"treeSize"`
	Root           Hash       `json:"root"`
	Index          uint64     `json:"index"`
	TimeUnixNano   uint64     `json:"timeUnixNano,string"`
	MonotonicNanos uint64     `json:"monotonicNanos,string"`
	Epoch          uint64     `json:"epoch"`
	PreviousHash   Hash       `json:"previousHash"`
	RangeStart     uint64     `json:"rangeStart"`
	RangeEnd       uint64     `json:"rangeEnd"`
	LeafDigests    []Hash     `json:"leafDigests,omitempty"`
	CompactRange   []Hash     `json:"compactRange,omitempty"`
	DroppedRanges  []SeqRange `json:"droppedRanges,omitempty"`
	RefusedRecords uint64     `json:"refusedRecords,omitempty"`
	Final          bool       `json:"final"`
	// HasLeafList says the `l` line is present (it is written only for a non-empty range).
	HasLeafList bool `json:"-"`
	// HasCompactRange says the `c` line is present (bare `c` for tree size 0).
	HasCompactRange bool `json:"-"`
}

// Origin is `<ns>/v1/<stream id>`.
func Origin(namespace, streamID string) string { return namespace + "/v1/" + streamID }

// TextHash is SHA-256 of a checkpoint text: the `p` value of the next checkpoint.
func TextHash(text string) Hash {
	// In chunks through a stack buffer: []byte(text) would copy a checkpoint of several KB on the heap, in seal and
	// in verify mode, for every checkpoint.
	h := sha256.New()
	var chunk [512]byte
	for len(text) > 0 {
		n := copy(chunk[:], text)
		h.Write(chunk[:n])
		text = text[n:]
	}
	var out Hash
	h.Sum(out[:0])
	return out
}

// Format writes the checkpoint text. The `l` line is written when HasLeafList is set and the list is not empty, the
// `c` line when HasCompactRange is set, `d` and `x` only when there is something to declare.
func (c *Checkpoint) Format() string {
	// Written into one builder sized for the whole text, without fmt, a string per hash or a final copy: the
	// collector formats a checkpoint of up to 150 leaf digests every max_records records.
	var b textBuilder
	b.Grow(256 + len(c.Namespace) + len(c.StreamID) + 45*(len(c.LeafDigests)+len(c.CompactRange)) + 42*len(c.DroppedRanges))
	b.WriteString(Origin(c.Namespace, c.StreamID))
	b.uintLine("", c.TreeSize)
	b.WriteByte('\n')
	b.hash(c.Root)
	b.uintLine("k ", c.Index)
	b.uintLine("t ", c.TimeUnixNano)
	b.uintLine("m ", c.MonotonicNanos)
	b.uintLine("e ", c.Epoch)
	b.WriteString("\np ")
	b.hash(c.PreviousHash)
	b.uintLine("r ", c.RangeStart)
	b.WriteByte(' ')
	b.uint(c.RangeEnd)
	b.WriteByte('\n')
	if c.HasLeafList && len(c.LeafDigests) > 0 {
		b.hashLine('l', c.LeafDigests)
	}
	if c.HasCompactRange {
		b.hashLine('c', c.CompactRange)
	}
	if len(c.DroppedRanges) > 0 {
		b.WriteByte('d')
		for _, r := range c.DroppedRanges {
			b.WriteByte(' ')
			b.uint(r.Start)
			b.WriteByte(' ')
			b.uint(r.End)
		}
		b.WriteByte('\n')
	}
	if c.RefusedRecords > 0 {
		b.WriteString("x ")
		b.uint(c.RefusedRecords)
		b.WriteByte('\n')
	}
	if c.Final {
		b.WriteString("f\n")
	}
	return b.String()
}

// textBuilder writes checkpoint text: numbers and hashes go through a small scratch array, not a string each.
type textBuilder struct {
	strings.Builder
	scratch [44]byte
}

func (b *textBuilder) uint(n uint64) { b.Write(strconv.AppendUint(b.scratch[:0], n, 10)) }

func (b *textBuilder) hash(h Hash) { b.Write(h.AppendBase64(b.scratch[:0])) }

// uintLine ends the current line and writes `<key><n>` (key includes its space).
func (b *textBuilder) uintLine(key string, n uint64) {
	b.WriteByte('\n')
	b.WriteString(key)
	b.uint(n)
}

// hashLine writes the line `<key> <hash> <hash> …\n` (just `<key>\n` for no hashes).
func (b *textBuilder) hashLine(key byte, hs []Hash) {
	b.WriteByte(key)
	for _, h := range hs {
		b.WriteByte(' ')
		b.hash(h)
	}
	b.WriteByte('\n')
}

// CheckpointError says why a checkpoint text was rejected by the v1 parser.
type CheckpointError struct{ Msg string }

func (e *CheckpointError) Error() string { return "malformed checkpoint: " + e.Msg }

func cpErr(format string, args ...any) error {
	return &CheckpointError{Msg: fmt.Sprintf(format, args...)}
}

// IsStreamID says whether s is 22 characters of the base64url alphabet.
func IsStreamID(s string) bool {
	if len(s) != 22 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// isDecimal says whether s is a decimal of 1 to maxDigits digits without a leading zero (`0|[1-9][0-9]{0,max-1}`).
// Checked by hand rather than by regular expression: a verifier parses every checkpoint it receives.
func isDecimal(s string, maxDigits int) bool {
	if len(s) == 0 || len(s) > maxDigits || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func parseCount(s string) (uint64, error) {
	if !isDecimal(s, 16) {
		return 0, cpErr("bad count")
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > MaxCount {
		return 0, cpErr("count too large")
	}
	return n, nil
}

func parseTime(s string) (uint64, error) {
	if !isDecimal(s, 20) {
		return 0, cpErr("bad time")
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, cpErr("time out of range")
	}
	return n, nil
}

func parseHashes(vals []string) ([]Hash, error) {
	out := make([]Hash, len(vals))
	for i, v := range vals {
		h, err := ParseHash(v)
		if err != nil {
			return nil, cpErr("bad hash")
		}
		out[i] = h
	}
	return out, nil
}

// ParseCheckpoint is the strict v1 parser: known lines only, in order, each at most once; the namespace must be
// namespace. Errors are *CheckpointError.
func ParseCheckpoint(text, namespace string) (Checkpoint, error) {
	var f Checkpoint
	if !strings.HasSuffix(text, "\n") {
		return f, cpErr("no final newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return f, cpErr("too short")
	}
	origin := lines[0]
	at := strings.LastIndex(origin, "/v1/")
	if at < 0 {
		return f, cpErr("bad origin")
	}
	if origin[:at] != namespace || !IsStreamID(origin[at+4:]) {
		return f, cpErr("bad origin")
	}
	// A copy, not a substring: verifiers and the witness keep the stream id for as long as they follow the stream,
	// and a substring would keep the whole note (up to 1 MiB, whatever signature lines a copy carried) alive with it.
	f.Namespace, f.StreamID = namespace, strings.Clone(origin[at+4:])
	var err error
	if f.TreeSize, err = parseCount(lines[1]); err != nil {
		return f, err
	}
	if f.Root, err = ParseHash(lines[2]); err != nil {
		return f, cpErr("bad root")
	}
	i := 3
	// next returns the values of line i when it has the given key.
	next := func(key string) ([]string, bool) {
		if i >= len(lines) {
			return nil, false
		}
		l := lines[i]
		if l == key {
			i++
			return []string{}, true
		}
		if !strings.HasPrefix(l, key+" ") {
			return nil, false
		}
		i++
		return strings.Split(l[len(key)+1:], " "), true
	}
	one := func(key string) (string, error) {
		v, ok := next(key)
		if !ok || len(v) != 1 {
			return "", cpErr("missing or bad %s line", key)
		}
		return v[0], nil
	}
	var s string
	if s, err = one("k"); err != nil {
		return f, err
	}
	if f.Index, err = parseCount(s); err != nil {
		return f, err
	}
	if s, err = one("t"); err != nil {
		return f, err
	}
	if f.TimeUnixNano, err = parseTime(s); err != nil {
		return f, err
	}
	if s, err = one("m"); err != nil {
		return f, err
	}
	if f.MonotonicNanos, err = parseTime(s); err != nil {
		return f, err
	}
	if s, err = one("e"); err != nil {
		return f, err
	}
	if f.Epoch, err = parseCount(s); err != nil {
		return f, err
	}
	if s, err = one("p"); err != nil {
		return f, err
	}
	if f.PreviousHash, err = ParseHash(s); err != nil {
		return f, cpErr("bad p")
	}
	r, ok := next("r")
	if !ok || len(r) != 2 {
		return f, cpErr("missing or bad r line")
	}
	if f.RangeStart, err = parseCount(r[0]); err != nil {
		return f, err
	}
	if f.RangeEnd, err = parseCount(r[1]); err != nil {
		return f, err
	}
	if f.RangeStart > f.RangeEnd || f.RangeEnd != f.TreeSize {
		return f, cpErr("r must end at the tree size")
	}
	if l, ok := next("l"); ok {
		if uint64(len(l)) != f.RangeEnd-f.RangeStart {
			return f, cpErr("leaf list length differs from the range")
		}
		if f.LeafDigests, err = parseHashes(l); err != nil {
			return f, err
		}
		f.HasLeafList = true
	}
	if c, ok := next("c"); ok {
		if len(c) != bits.OnesCount64(f.TreeSize) {
			return f, cpErr("compact range does not match the tree size")
		}
		if f.CompactRange, err = parseHashes(c); err != nil {
			return f, err
		}
		f.HasCompactRange = true
	}
	if d, ok := next("d"); ok {
		if len(d) == 0 || len(d)%2 != 0 || len(d) > 2*MaxDroppedRanges {
			return f, cpErr("bad d line")
		}
		var floor uint64
		for j := 0; j < len(d); j += 2 {
			start, err1 := parseCount(d[j])
			end, err2 := parseCount(d[j+1])
			if err1 != nil || err2 != nil || start < floor || end <= start || end > f.TreeSize {
				return f, cpErr("d ranges must be non-empty, ascending, disjoint and inside the tree")
			}
			f.DroppedRanges = append(f.DroppedRanges, SeqRange{start, end})
			floor = end
		}
	}
	if x, ok := next("x"); ok {
		if len(x) != 1 {
			return f, cpErr("bad x line")
		}
		if f.RefusedRecords, err = parseCount(x[0]); err != nil || f.RefusedRecords == 0 {
			return f, cpErr("x must be a positive count")
		}
	}
	if v, ok := next("f"); ok {
		if len(v) != 0 {
			return f, cpErr("f has no value")
		}
		f.Final = true
	}
	if i != len(lines) {
		return f, cpErr("unexpected line %d", i+1)
	}
	return f, nil
}

// ErrNotCheckpoint is returned by helpers that expect a checkpoint note and get something else.
var ErrNotCheckpoint = errors.New("seclogformat: not a checkpoint note")
