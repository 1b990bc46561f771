// Package olcfpdata computes OLCF-1 (docs/spec/olcf-1.md) from pdata, the in-memory form of the OpenTelemetry
// Collector: a plog.LogRecord with its instrumentation scope and the ScopeLogs schema URL, and the resource tuple of a
// pcommon.Resource. The bytes equal what a verifier computes from the collector's OTLP/JSON export of the same record
// (seclogformat.CanonicalizeOTLPJSON), provided the record's strings are valid UTF-8 (NormalizeStrings makes them so).
package olcfpdata

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// Encoder canonicalizes records of one namespace. It keeps scratch buffers between calls and is not safe for
// concurrent use; use one per goroutine.
type Encoder struct {
	streamKey, seqKey string
	values            int
	entries           [][]entry
	buf               []byte
	raw               []byte
	keys              []string
	// During RecordDigest's single pass: fast is set, problem records a limit or duplicate met, invalidUTF8 a string
	// that needed normalizing.
	fast, problem, invalidUTF8 bool
	orders                     [][]int32
	keyOrders                  []keyOrder
}

type entry struct {
	key   string
	value pcommon.Value
}

// NewEncoder returns an Encoder for the namespace (its seal keys <ns>.stream and <ns>.seq are left out of slot 14).
func NewEncoder(namespace string) *Encoder {
	s, q := seclogformat.SealKeys(namespace)
	return &Encoder{streamKey: s, seqKey: q}
}

// Record computes the canonical form of lr sealed with s. A record that cannot be encoded (a container deeper than
// 128 levels, more than 1,000,000 values, a duplicate key) gets the unverifiable leaf with its reason.
func (e *Encoder) Record(s seclogformat.Seal, scope pcommon.InstrumentationScope, schemaURL string, lr plog.LogRecord) seclogformat.Canonical {
	if reason := e.validate(scope, lr); reason != "" {
		return seclogformat.Unverifiable(s, reason)
	}
	return seclogformat.Canonical{OK: true, Text: e.AppendRecord(make([]byte, 0, 512), s, scope, schemaURL, lr)}
}

// RecordDigest is Record's digest and reason ("" when the record has a canonical form), computed in a buffer the
// Encoder reuses: no allocation for the canonical text.
//
// One pass in the common case: the record is encoded directly, counting values and levels and comparing adjacent
// sorted keys on the way; only when that pass meets a problem does the exact-order validation run to name the reason
// (docs/spec/olcf-1.md: the first problem in encoding order).
func (e *Encoder) RecordDigest(s seclogformat.Seal, scope pcommon.InstrumentationScope, schemaURL string, lr plog.LogRecord) (seclogformat.Hash, seclogformat.Reason) {
	e.beginFast()
	e.buf = e.appendBody(appendHead(e.buf[:0], s), scope, schemaURL, lr)
	return e.endFast(s, scope, lr)
}

// RecordDigestAt is RecordDigest for the seal (streamID, seq, resourceDigest), with the decimal seq written straight
// into the canonical text: the processors seal and check every record, and a seq string per record is garbage.
func (e *Encoder) RecordDigestAt(streamID string, seq uint64, resourceDigest string, scope pcommon.InstrumentationScope, schemaURL string, lr plog.LogRecord) (seclogformat.Hash, seclogformat.Reason) {
	e.beginFast()
	out := append(e.buf[:0], `["olcf1",`...)
	out = seclogformat.AppendString(out, streamID)
	out = appendUint(append(out, ','), seq) // a decimal string needs no escaping
	out = seclogformat.AppendString(append(out, ','), resourceDigest)
	e.buf = e.appendBody(out, scope, schemaURL, lr)
	if !e.problem {
		e.fast = false
		return sha256.Sum256(e.buf), ""
	}
	return e.endFast(seclogformat.NewSeal(streamID, seq, resourceDigest), scope, lr)
}

func (e *Encoder) beginFast() {
	e.values, e.problem, e.invalidUTF8 = 0, false, false
	e.fast = true
}

// endFast finishes a single-pass encoding in e.buf: its digest, or the unverifiable leaf's when validation names a
// problem the pass met.
func (e *Encoder) endFast(s seclogformat.Seal, scope pcommon.InstrumentationScope, lr plog.LogRecord) (seclogformat.Hash, seclogformat.Reason) {
	e.fast = false
	if e.problem {
		if reason := e.validate(scope, lr); reason != "" {
			return seclogformat.Unverifiable(s, reason).Digest(), reason
		}
	}
	return sha256.Sum256(e.buf), ""
}

// InvalidUTF8 says whether the last RecordDigest met a string or key that is not valid UTF-8 (it was normalized in
// the canonical form; NormalizeStrings makes the record itself say the same).
func (e *Encoder) InvalidUTF8() bool { return e.invalidUTF8 }

// validate walks the record as the encoding does (slots 4 to 18 in order, values depth first, duplicate keys of a
// list after its values) and returns the first problem, or "".
func (e *Encoder) validate(scope pcommon.InstrumentationScope, lr plog.LogRecord) seclogformat.Reason {
	e.values = 0
	if r := e.checkMap(scope.Attributes(), 0, false); r != "" {
		return r
	}
	if r := e.checkValue(lr.Body(), 0); r != "" {
		return r
	}
	return e.checkMap(lr.Attributes(), 0, true)
}

func (e *Encoder) checkValue(v pcommon.Value, depth int) seclogformat.Reason {
	e.values++
	if e.values > seclogformat.MaxValues {
		return seclogformat.ReasonTooManyValues
	}
	switch v.Type() {
	case pcommon.ValueTypeSlice:
		if depth+1 > seclogformat.MaxDepth {
			return seclogformat.ReasonDepthExceeded
		}
		sl := v.Slice()
		for i := 0; i < sl.Len(); i++ {
			if r := e.checkValue(sl.At(i), depth+1); r != "" {
				return r
			}
		}
	case pcommon.ValueTypeMap:
		if depth+1 > seclogformat.MaxDepth {
			return seclogformat.ReasonDepthExceeded
		}
		return e.checkMap(v.Map(), depth+1, false)
	}
	return ""
}

func (e *Encoder) checkMap(m pcommon.Map, depth int, top bool) seclogformat.Reason {
	var reason seclogformat.Reason
	n := 0
	m.Range(func(k string, v pcommon.Value) bool {
		if top && (k == e.streamKey || k == e.seqKey) {
			return true
		}
		n++
		reason = e.checkValue(v, depth)
		return reason == ""
	})
	if reason != "" || n < 2 {
		return reason
	}
	keys := e.keys[:0]
	m.Range(func(k string, _ pcommon.Value) bool {
		if !top || (k != e.streamKey && k != e.seqKey) {
			keys = append(keys, seclogformat.NormalizeUTF8(k))
		}
		return true
	})
	defer func() { clear(keys); e.keys = keys[:0] }()
	if len(keys) <= 16 { // small maps (the usual attribute lists): pairwise, no sorting
		for i := 1; i < len(keys); i++ {
			for j := 0; j < i; j++ {
				if keys[i] == keys[j] {
					return seclogformat.ReasonDuplicateKey
				}
			}
		}
		return ""
	}
	slices.Sort(keys) // equality is all that matters here
	for i := 1; i < len(keys); i++ {
		if keys[i] == keys[i-1] {
			return seclogformat.ReasonDuplicateKey
		}
	}
	return ""
}

// AppendRecord appends the canonical text of a record that validate accepted.
func (e *Encoder) AppendRecord(out []byte, s seclogformat.Seal, scope pcommon.InstrumentationScope, schemaURL string, lr plog.LogRecord) []byte {
	return e.appendBody(appendHead(out, s), scope, schemaURL, lr)
}

// appendHead appends the tuple's opening and slots 1 to 3 (the seal).
func appendHead(out []byte, s seclogformat.Seal) []byte {
	out = append(out, `["olcf1",`...)
	out = seclogformat.AppendString(out, s.StreamID)
	out = seclogformat.AppendString(append(out, ','), s.Seq)
	return seclogformat.AppendString(append(out, ','), s.ResourceDigest)
}

// appendBody appends slots 4 to 18 and closes the tuple.
func (e *Encoder) appendBody(out []byte, scope pcommon.InstrumentationScope, schemaURL string, lr plog.LogRecord) []byte {
	out = e.appendStr(append(out, ','), scope.Name())
	out = e.appendStr(append(out, ','), scope.Version())
	out = e.appendStr(append(out, ','), schemaURL)
	out = e.appendMap(append(out, ','), scope.Attributes(), 0, false)
	out = appendUint(append(out, ','), uint64(lr.Timestamp()))
	out = appendUint(append(out, ','), uint64(lr.ObservedTimestamp()))
	out = append(out, ',', '"')
	out = strconv.AppendInt(out, int64(lr.SeverityNumber()), 10)
	out = append(out, '"')
	out = e.appendStr(append(out, ','), lr.SeverityText())
	out = e.appendStr(append(out, ','), lr.EventName())
	out = e.appendValue(append(out, ','), lr.Body(), 0)
	out = e.appendMap(append(out, ','), lr.Attributes(), 0, true)
	out = appendUint(append(out, ','), uint64(lr.DroppedAttributesCount()))
	out = append(out, ',', '"')
	if tid := lr.TraceID(); !tid.IsEmpty() {
		out = hex.AppendEncode(out, tid[:])
	}
	out = append(out, '"', ',', '"')
	if sid := lr.SpanID(); !sid.IsEmpty() {
		out = hex.AppendEncode(out, sid[:])
	}
	out = append(out, '"', ',')
	out = appendUint(out, uint64(lr.Flags()))
	return append(out, ']')
}

func (e *Encoder) appendStr(out []byte, s string) []byte {
	if out, ok := seclogformat.AppendValidString(out, s); ok {
		return out
	}
	e.invalidUTF8 = true
	return seclogformat.AppendString(out, seclogformat.NormalizeUTF8(s))
}

func appendUint(out []byte, n uint64) []byte {
	out = append(out, '"')
	out = strconv.AppendUint(out, n, 10)
	return append(out, '"')
}

func (e *Encoder) appendValue(out []byte, v pcommon.Value, depth int) []byte {
	if e.fast {
		e.values++
		if e.values > seclogformat.MaxValues {
			e.problem = true
		}
		if t := v.Type(); (t == pcommon.ValueTypeSlice || t == pcommon.ValueTypeMap) && depth+1 > seclogformat.MaxDepth {
			e.problem = true
			return append(out, `["e"]`...) // stop descending: the record is unverifiable
		}
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		out = append(out, `["s",`...)
		out = e.appendStr(out, v.Str())
	case pcommon.ValueTypeBool:
		if v.Bool() {
			return append(out, `["b",true]`...)
		}
		return append(out, `["b",false]`...)
	case pcommon.ValueTypeInt:
		out = append(out, `["i","`...)
		out = strconv.AppendInt(out, v.Int(), 10)
		out = append(out, '"')
	case pcommon.ValueTypeDouble:
		out = append(out, `["d","`...)
		out = seclogformat.AppendDoubleBits(out, math.Float64bits(v.Double()))
		out = append(out, '"')
	case pcommon.ValueTypeBytes:
		out = append(out, `["y","`...)
		out = base64.StdEncoding.AppendEncode(out, e.bytesOf(v.Bytes()))
		out = append(out, '"')
	case pcommon.ValueTypeSlice:
		out = append(out, `["a",[`...)
		sl := v.Slice()
		for i := 0; i < sl.Len(); i++ {
			if i > 0 {
				out = append(out, ',')
			}
			out = e.appendValue(out, sl.At(i), depth+1)
		}
		out = append(out, ']')
	case pcommon.ValueTypeMap:
		out = append(out, `["m",`...)
		out = e.appendMap(out, v.Map(), depth+1, false)
	default:
		return append(out, `["e"]`...)
	}
	return append(out, ']')
}

// bytesOf reads a bytes value into the Encoder's scratch: ByteSlice.AsRaw copies into a new slice every time.
func (e *Encoder) bytesOf(b pcommon.ByteSlice) []byte {
	raw := e.raw[:0]
	for _, c := range b.All() {
		raw = append(raw, c)
	}
	e.raw = raw[:0]
	return raw
}

// appendMap writes the pair array of m sorted by key in UTF-16 order (keys are known to be unique).
func (e *Encoder) appendMap(out []byte, m pcommon.Map, depth int, top bool) []byte {
	for len(e.entries) <= depth {
		e.entries = append(e.entries, nil)
	}
	list := e.entries[depth][:0]
	m.Range(func(k string, v pcommon.Value) bool {
		if !top || (k != e.streamKey && k != e.seqKey) {
			list = append(list, entry{key: k, value: v})
		}
		return true
	})
	// Sort positions, not entries: swapping small integers needs no GC write barriers.
	for len(e.orders) <= depth {
		e.orders = append(e.orders, nil)
	}
	order := e.orders[depth][:0] // one per level: values below reuse theirs while this one is walked
	cache := e.orderCache(depth, top)
	cached := cache.matches(list)
	if cached {
		// Same keys, same order: same permutation and no duplicate. The remembered keys are valid UTF-8, so these are.
		order = append(order, cache.order...)
	} else {
		e.normalizeKeys(list)
		order, cached = e.sortedOrder(order, list, cache)
	}
	// The pair openings `["<key>",` of a remembered order are written once; maps below use other caches.
	var opens []byte
	var openEnds []int
	if cached {
		opens, openEnds = cache.opens, cache.openEnds
	}
	out = append(out, '[')
	start := 0
	for i, at := range order {
		if i > 0 {
			out = append(out, ',')
		}
		if cached {
			out = append(out, opens[start:openEnds[i]]...)
			start = openEnds[i]
		} else {
			out = appendPairOpen(out, list[at].key)
		}
		out = e.appendValue(out, list[at].value, depth)
		out = append(out, ']')
	}
	out = append(out, ']')
	e.orders[depth] = order[:0]
	clear(list)
	e.entries[depth] = list[:0]
	return out
}

// normalizeKeys makes every key valid UTF-8 (the canonical form sorts and writes the normalized key).
func (e *Encoder) normalizeKeys(list []entry) {
	for i := range list {
		if !utf8.ValidString(list[i].key) {
			e.invalidUTF8 = true
			list[i].key = seclogformat.NormalizeUTF8(list[i].key)
		}
	}
}

// appendPairOpen writes `["<key>",`, the start of one pair of a map's pair array.
func appendPairOpen(out []byte, key string) []byte {
	return append(seclogformat.AppendString(append(out, '['), key), ',')
}

// sortedOrder appends to order the positions of list in key order and remembers it in cache (it says whether it
// did). It flags a duplicate key in the single pass.
func (e *Encoder) sortedOrder(order []int32, list []entry, cache *keyOrder) ([]int32, bool) {
	for i := range list {
		order = append(order, int32(i))
	}
	if len(list) < 2 {
		return order, false
	}
	slices.SortFunc(order, func(a, b int32) int { return seclogformat.CompareUTF16(list[a].key, list[b].key) })
	dup := false
	for i := 1; i < len(order); i++ {
		if list[order[i]].key == list[order[i-1]].key {
			dup = true
			break
		}
	}
	e.problem = e.problem || (dup && e.fast)
	return order, !dup && cache.remember(list, order)
}

// maxCachedKeys bounds the maps whose key order is remembered (larger ones are rare and sorted each time).
const maxCachedKeys = 64

// keyOrder remembers the keys of the last map sorted at one place of the record, in their original order, and the
// permutation that sorted them. Records of one batch usually come from the same few call sites and carry the same
// attribute keys in the same order: comparing keys is much cheaper than sorting them in UTF-16 order again, and
// writing the pair openings from opens cheaper than escaping each key again. Everything is copied, so no record is
// kept alive.
type keyOrder struct {
	keys  []byte
	ends  []int
	order []int32
	// opens holds `["<key>",` of every key in sorted order; pair i ends at openEnds[i].
	opens    []byte
	openEnds []int
}

// orderCache is the remembered order for a map at this depth: the record's attributes have their own, as they sit at
// depth 0 beside the scope attributes and a map body.
func (e *Encoder) orderCache(depth int, top bool) *keyOrder {
	i := depth + 1
	if top {
		i = 0
	}
	for len(e.keyOrders) <= i {
		e.keyOrders = append(e.keyOrders, keyOrder{})
	}
	return &e.keyOrders[i]
}

func (c *keyOrder) matches(list []entry) bool {
	if len(list) != len(c.ends) || len(list) < 2 {
		return false
	}
	start := 0
	for i, en := range list {
		if string(c.keys[start:c.ends[i]]) != en.key {
			return false
		}
		start = c.ends[i]
	}
	return true
}

// remember keeps list's keys (valid UTF-8) and their sorted order; it reports false for a map too large to keep.
func (c *keyOrder) remember(list []entry, order []int32) bool {
	c.keys, c.ends, c.order, c.opens, c.openEnds = c.keys[:0], c.ends[:0], c.order[:0], c.opens[:0], c.openEnds[:0]
	if len(list) > maxCachedKeys {
		return false
	}
	for _, en := range list {
		c.keys = append(c.keys, en.key...)
		c.ends = append(c.ends, len(c.keys))
	}
	c.order = append(c.order, order...)
	for _, at := range order {
		c.opens = appendPairOpen(c.opens, list[at].key)
		c.openEnds = append(c.openEnds, len(c.opens))
	}
	return true
}

// ResourceText is the canonical resource tuple `["olcf1-resource",<pairs>,"<dropped>"]`. It fails with the Reason
// when the resource cannot be encoded (such a resource has no digest).
func (e *Encoder) ResourceText(res pcommon.Resource) ([]byte, error) {
	e.values = 0
	if r := e.checkMap(res.Attributes(), 0, false); r != "" {
		return nil, r
	}
	pairs := e.appendMap(make([]byte, 0, 256), res.Attributes(), 0, false)
	return seclogformat.AppendResourceText(make([]byte, 0, len(pairs)+32), pairs, res.DroppedAttributesCount()), nil
}

// NormalizeStrings replaces, in place, every string of the record and its scope that is not valid UTF-8 by its
// normalized form (each maximal ill-formed subpart becomes U+FFFD), so that every exporter writes the text that was
// sealed. It returns how many strings (keys and values) it changed. Containers deeper than OLCF-1's 128 levels are not
// entered: such a record is the unverifiable leaf, whose digest holds none of its content, and a walk of any depth a
// sender chooses would exhaust the goroutine stack (a fatal error). The work is linear in the record's size.
func NormalizeStrings(scope pcommon.InstrumentationScope, lr plog.LogRecord) int {
	n := 0
	fix := func(s string, set func(string)) {
		if t := seclogformat.NormalizeUTF8(s); t != s {
			set(t)
			n++
		}
	}
	fix(scope.Name(), scope.SetName)
	fix(scope.Version(), scope.SetVersion)
	fix(lr.SeverityText(), lr.SetSeverityText)
	fix(lr.EventName(), lr.SetEventName)
	n += normalizeMap(scope.Attributes(), 0)
	n += normalizeValue(lr.Body(), 0)
	n += normalizeMap(lr.Attributes(), 0)
	return n
}

// normalizeValue normalizes v, a value at depth (the levels of containers around it, as validate counts them).
func normalizeValue(v pcommon.Value, depth int) int {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if t := seclogformat.NormalizeUTF8(v.Str()); t != v.Str() {
			v.SetStr(t)
			return 1
		}
	case pcommon.ValueTypeSlice:
		if depth+1 > seclogformat.MaxDepth {
			return 0
		}
		n := 0
		sl := v.Slice()
		for i := 0; i < sl.Len(); i++ {
			n += normalizeValue(sl.At(i), depth+1)
		}
		return n
	case pcommon.ValueTypeMap:
		if depth+1 > seclogformat.MaxDepth {
			return 0
		}
		return normalizeMap(v.Map(), depth+1)
	}
	return 0
}

// normalizeMap fixes values in place. Keys that are not valid UTF-8 are replaced by rebuilding the map in its order,
// unless two keys become equal (the record is then unverifiable with duplicate-key whatever is exported). The values
// are moved into the rebuilt map, not copied: a copy at every level of a nested record is quadratic work.
func normalizeMap(m pcommon.Map, depth int) int {
	n := 0
	badKey := false
	m.Range(func(k string, v pcommon.Value) bool {
		n += normalizeValue(v, depth)
		if seclogformat.NormalizeUTF8(k) != k {
			badKey = true
		}
		return true
	})
	if !badKey {
		return n
	}
	seen := make(map[string]bool, m.Len())
	collide := false
	m.Range(func(k string, _ pcommon.Value) bool {
		fixed := seclogformat.NormalizeUTF8(k)
		collide = seen[fixed]
		seen[fixed] = true
		return !collide
	})
	if collide {
		return n
	}
	rebuilt := pcommon.NewMap()
	rebuilt.EnsureCapacity(m.Len())
	m.Range(func(k string, v pcommon.Value) bool {
		fixed := seclogformat.NormalizeUTF8(k)
		if fixed != k {
			n++
		}
		v.MoveTo(rebuilt.PutEmpty(fixed))
		return true
	})
	rebuilt.MoveTo(m)
	return n
}
