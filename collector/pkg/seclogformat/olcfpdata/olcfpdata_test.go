package olcfpdata

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

var vectorDir = filepath.Join("..", "..", "..", "..", "packages", "integrity", "test-vectors")

// pdataLossy lists vector cases whose OTLP/JSON the collector's own JSON reader (plog.JSONUnmarshaler) cannot hold
// as written, so they say nothing about this package: the collector never sees such records in pdata.
var pdataLossy = map[string]string{
	// The proto3 JSON reader also accepts snake_case member names (time_unix_nano, severity_text), which OTLP/JSON
	// readers must ignore (docs/spec/otlp-json-input.md, "The request shape").
	"unknown-members-ignored": "pdata reads snake_case members",
}

// requestOf wraps one vector input as an ExportLogsServiceRequest.
func requestOf(w map[string]any) ([]byte, bool) {
	sl := map[string]any{"logRecords": []any{w["logRecord"]}}
	if scope, ok := w["scope"]; ok {
		if scope == nil {
			return nil, false // a null scope is invalid-value; pdata has no such state
		}
		sl["scope"] = scope
	}
	if u, ok := w["schemaUrl"]; ok {
		sl["schemaUrl"] = u
	}
	b, err := json.Marshal(map[string]any{"resourceLogs": []any{map[string]any{"scopeLogs": []any{sl}}}})
	return b, err == nil
}

// TestVectorsThroughPdata reads every OTLP/JSON input of olcf1.json that pdata can hold with the collector's JSON
// reader and checks the canonical bytes, the digest and the leaf hash computed from pdata.
func TestVectorsThroughPdata(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(vectorDir, "olcf1.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := seclogformat.ParseJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	file := v.(map[string]any)
	ns := file["namespace"].(string)
	enc := NewEncoder(ns)
	checked, ok := 0, 0
	for _, r := range file["records"].([]any) {
		c := r.(map[string]any)
		name := c["name"].(string)
		e := c["expect"].(map[string]any)
		s := c["seal"].(map[string]any)
		seal := seclogformat.Seal{StreamID: s["streamId"].(string), Seq: s["seq"].(string), ResourceDigest: s["resourceDigest"].(string)}
		var inputs []map[string]any
		for _, o := range asList(c["otlp"]) {
			inputs = append(inputs, expand(o).(map[string]any))
		}
		for _, tx := range asList(c["otlpJson"]) {
			p, err := seclogformat.ParseJSON([]byte(tx.(string)))
			if err == nil {
				inputs = append(inputs, p.(map[string]any))
			}
		}
		for _, b := range asList(c["otlpBytes"]) {
			raw, _ := base64.StdEncoding.DecodeString(b.(string))
			p, err := seclogformat.ParseJSON(seclogformat.DecodeUTF8(raw))
			if err == nil {
				inputs = append(inputs, p.(map[string]any))
			}
		}
		if _, lossy := pdataLossy[name]; lossy {
			continue
		}
		for i, w := range inputs {
			req, fine := requestOf(w)
			if !fine {
				continue
			}
			logs, err := (&plog.JSONUnmarshaler{}).UnmarshalLogs(req)
			if err != nil {
				continue // not representable in pdata (the collector refuses such a request)
			}
			if logs.LogRecordCount() != 1 {
				continue
			}
			checked++
			sl := logs.ResourceLogs().At(0).ScopeLogs().At(0)
			got := enc.Record(seal, sl.Scope(), sl.SchemaUrl(), sl.LogRecords().At(0))
			d := got.Digest()
			checkFastPaths(t, enc, seal, sl, d, name, i)
			wantOK := e["ok"].(bool)
			if got.OK == wantOK && d.String() == e["digest"] {
				ok++
				continue
			}
			if wantOK || !got.OK {
				t.Errorf("%s input %d: ok=%v reason=%q digest %s, want ok=%v digest %s\n got %.300s\nwant %.300v",
					name, i, got.OK, got.Reason, d, wantOK, e["digest"], got.Text, e["canonical"])
			}
			// A malformed input that pdata's reader turned into something well-formed: nothing to compare.
		}
	}
	if checked < 130 || ok < 120 {
		t.Fatalf("checked %d inputs through pdata, %d matched", checked, ok)
	}
	t.Logf("%d vector inputs through pdata, %d byte-identical", checked, ok)
}

// checkFastPaths: the single-pass digests the processors use (reused buffers, cached key orders) equal Record's.
func checkFastPaths(t *testing.T, enc *Encoder, seal seclogformat.Seal, sl plog.ScopeLogs, want seclogformat.Hash, name string, input int) {
	t.Helper()
	lr := sl.LogRecords().At(0)
	if d, _ := enc.RecordDigest(seal, sl.Scope(), sl.SchemaUrl(), lr); d != want {
		t.Errorf("%s input %d: RecordDigest differs from Record", name, input)
	}
	if seq, err := strconv.ParseUint(seal.Seq, 10, 64); err == nil && strconv.FormatUint(seq, 10) == seal.Seq {
		if d, _ := enc.RecordDigestAt(seal.StreamID, seq, seal.ResourceDigest, sl.Scope(), sl.SchemaUrl(), lr); d != want {
			t.Errorf("%s input %d: RecordDigestAt differs from Record", name, input)
		}
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

func expand(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, 0, len(x))
		for _, el := range x {
			if m, ok := el.(map[string]any); ok {
				if n, ok := m["$repeat"].(json.Number); ok {
					count, _ := n.Int64()
					item := expand(m["value"])
					for i := int64(0); i < count; i++ {
						out = append(out, item)
					}
					continue
				}
			}
			out = append(out, expand(el))
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, el := range x {
			out[k] = expand(el)
		}
		return out
	default:
		return v
	}
}

// TestResourceVectorsThroughPdata checks the resource tuple and digest of every resource vector.
func TestResourceVectorsThroughPdata(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(vectorDir, "olcf1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Resources []struct {
			Name   string          `json:"name"`
			OTLP   json.RawMessage `json:"otlp"`
			Expect struct{ Canonical, Digest string }
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	enc := NewEncoder(seclogformat.DefaultNamespace)
	n := 0
	for _, r := range file.Resources {
		req := []byte(`{"resourceLogs":[{"resource":` + string(r.OTLP) + `,"scopeLogs":[{"logRecords":[{}]}]}]}`)
		logs, err := (&plog.JSONUnmarshaler{}).UnmarshalLogs(req)
		if err != nil {
			continue
		}
		text, err := enc.ResourceText(logs.ResourceLogs().At(0).Resource())
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if string(text) != r.Expect.Canonical || seclogformat.ResourceDigest(text) != r.Expect.Digest {
			t.Errorf("%s: got %s", r.Name, text)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no resource vector checked")
	}
}

// TestExportRoundTrip seals random records from pdata, writes them with the collector's OTLP/JSON marshaler (what the
// file exporter writes), reads the line as a verifier does, and requires the same canonical bytes.
func TestExportRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	enc := NewEncoder(seclogformat.DefaultNamespace)
	for iter := 0; iter < 400; iter++ {
		logs := plog.NewLogs()
		rl := logs.ResourceLogs().AppendEmpty()
		sl := rl.ScopeLogs().AppendEmpty()
		sl.Scope().SetName(randString(rng))
		sl.Scope().SetVersion(randString(rng))
		sl.SetSchemaUrl(randString(rng))
		fillMap(rng, sl.Scope().Attributes(), 2)
		lr := sl.LogRecords().AppendEmpty()
		lr.SetTimestamp(pcommon.Timestamp(rng.Uint64()))
		lr.SetObservedTimestamp(pcommon.Timestamp(rng.Uint64() >> uint(rng.IntN(64))))
		lr.SetSeverityNumber(plog.SeverityNumber(int32(rng.Uint32())))
		lr.SetSeverityText(randString(rng))
		lr.SetEventName(randString(rng))
		randValue(rng, lr.Body(), 3)
		fillMap(rng, lr.Attributes(), 3)
		lr.Attributes().PutStr("seclog.integrity.stream", "AbCdEfGhIjKlMnOpQrStUv")
		lr.Attributes().PutInt("seclog.integrity.seq", int64(iter))
		lr.SetDroppedAttributesCount(rng.Uint32())
		lr.SetFlags(plog.LogRecordFlags(rng.Uint32()))
		if rng.IntN(2) == 0 {
			var tid [16]byte
			var sid [8]byte
			for i := range tid {
				tid[i] = byte(rng.UintN(256))
			}
			for i := range sid {
				sid[i] = byte(rng.UintN(256))
			}
			lr.SetTraceID(tid)
			lr.SetSpanID(sid)
		}
		NormalizeStrings(sl.Scope(), lr)
		seal := seclogformat.NewSeal("AbCdEfGhIjKlMnOpQrStUv", uint64(iter), "hVdObYriLbnwTzIAqVOwxF2hCBGBkYQFqc/tFvNEWn4=")
		want := enc.Record(seal, sl.Scope(), sl.SchemaUrl(), lr)
		if !want.OK {
			t.Fatalf("iteration %d: unverifiable %s", iter, want.Reason)
		}
		line, err := (&plog.JSONMarshaler{}).MarshalLogs(logs)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := seclogformat.ParseJSON(seclogformat.DecodeUTF8(line))
		if err != nil {
			t.Fatal(err)
		}
		jsl := parsed.(map[string]any)["resourceLogs"].([]any)[0].(map[string]any)["scopeLogs"].([]any)[0].(map[string]any)
		scope, present := jsl["scope"]
		got := seclogformat.CanonicalizeOTLPJSON(seal, seclogformat.DefaultNamespace, jsl["logRecords"].([]any)[0], scope, present, jsl["schemaUrl"])
		if string(got.Text) != string(want.Text) {
			t.Fatalf("iteration %d: export round trip differs\npdata %s\n json %s\n line %s", iter, want.Text, got.Text, line)
		}
	}
}

var pieces = []string{"", "a", "Z", "é", "\u2028", "\x00", "\x1f", "\"", "\\", "/", "<", "\x7f", "\U0001F600", "\uE000",
	"\uFFFF", "\uFFFD", "\t", "\r\n", "\xff", "\xe2\x82", "\xed\xa0\x80", "\xf0\x9f\x98", "key", "k"}

func randString(rng *rand.Rand) string {
	var b strings.Builder
	for n := rng.IntN(5); n > 0; n-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

var doubles = []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 1.5, -2, 0.1, 1e300, 5e-324,
	math.MaxFloat64, 2.2250738585072014e-308, 123456789.123456789, 1 << 53, 9007199254740993}

func randValue(rng *rand.Rand, v pcommon.Value, depth int) {
	k := rng.IntN(9)
	if depth == 0 && k >= 6 {
		k = rng.IntN(6)
	}
	switch k {
	case 0:
		v.SetStr(randString(rng))
	case 1:
		v.SetBool(rng.IntN(2) == 0)
	case 2:
		ints := []int64{0, -1, 1 << 53, 1<<53 + 1, math.MaxInt64, math.MinInt64, int64(rng.Uint64())}
		v.SetInt(ints[rng.IntN(len(ints))])
	case 3:
		if rng.IntN(2) == 0 {
			v.SetDouble(doubles[rng.IntN(len(doubles))])
		} else {
			v.SetDouble(math.Float64frombits(rng.Uint64()))
		}
	case 4:
		b := make([]byte, rng.IntN(7))
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		v.SetEmptyBytes().FromRaw(b)
	case 5:
		// empty
	case 6:
		sl := v.SetEmptySlice()
		for n := rng.IntN(4); n > 0; n-- {
			randValue(rng, sl.AppendEmpty(), depth-1)
		}
	default:
		fillMap(rng, v.SetEmptyMap(), depth-1)
	}
}

// fillMap puts up to four entries whose keys stay distinct after normalization (a numbered suffix).
func fillMap(rng *rand.Rand, m pcommon.Map, depth int) {
	for n := rng.IntN(5); n > 0; n-- {
		randValue(rng, m.PutEmpty(randString(rng)+string(rune('0'+n))), depth)
	}
}

func TestUnverifiableReasons(t *testing.T) {
	enc := NewEncoder(seclogformat.DefaultNamespace)
	seal := seclogformat.NewSeal("AbCdEfGhIjKlMnOpQrStUv", 3, "hVdObYriLbnwTzIAqVOwxF2hCBGBkYQFqc/tFvNEWn4=")
	scope := pcommon.NewInstrumentationScope()

	deep := func(levels int) plog.LogRecord {
		lr := plog.NewLogRecord()
		v := lr.Body()
		for i := 0; i < levels; i++ {
			v = v.SetEmptySlice().AppendEmpty()
		}
		return lr
	}
	if got := enc.Record(seal, scope, "", deep(128)); !got.OK {
		t.Errorf("128 levels: %s", got.Reason)
	}
	if got := enc.Record(seal, scope, "", deep(129)); got.Reason != seclogformat.ReasonDepthExceeded {
		t.Errorf("129 levels: %q", got.Reason)
	}
	// 1,000,000 values are encoded, 1,000,001 are not: the body counts one, each element one.
	many := plog.NewLogRecord()
	sl := many.Body().SetEmptySlice()
	sl.EnsureCapacity(999_999)
	for i := 0; i < 999_999; i++ {
		sl.AppendEmpty()
	}
	if got := enc.Record(seal, scope, "", many); !got.OK {
		t.Errorf("1,000,000 values: %s", got.Reason)
	}
	sl.AppendEmpty()
	if got := enc.Record(seal, scope, "", many); got.Reason != seclogformat.ReasonTooManyValues {
		t.Errorf("1,000,001 values: %q", got.Reason)
	}
	// Duplicate keys arrive from the wire (pdata keeps them).
	logs, err := (&plog.JSONUnmarshaler{}).UnmarshalLogs([]byte(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"a","value":{"intValue":"1"}},{"key":"a","value":{"intValue":"2"}}]}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	dup := logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	if dup.Attributes().Len() != 2 {
		t.Skip("pdata merged the duplicate keys")
	}
	got := enc.Record(seal, scope, "", dup)
	if got.Reason != seclogformat.ReasonDuplicateKey || string(got.Text) != `["olcf1-unverifiable","AbCdEfGhIjKlMnOpQrStUv","3","duplicate-key"]` {
		t.Errorf("duplicate key: %q %s", got.Reason, got.Text)
	}
	// The seal keys are not part of slot 14, however many there are.
	plain := plog.NewLogRecord()
	plain.Body().SetStr("x")
	sealed := plog.NewLogRecord()
	sealed.Body().SetStr("x")
	sealed.Attributes().PutStr("seclog.integrity.stream", "AbCdEfGhIjKlMnOpQrStUv")
	sealed.Attributes().PutInt("seclog.integrity.seq", 3)
	if a, b := enc.Record(seal, scope, "", plain), enc.Record(seal, scope, "", sealed); string(a.Text) != string(b.Text) {
		t.Errorf("seal attributes hashed:\n%s\n%s", a.Text, b.Text)
	}
	sealed.Attributes().PutStr("seclog.integrity.other", "y")
	if a, b := enc.Record(seal, scope, "", plain), enc.Record(seal, scope, "", sealed); string(a.Text) == string(b.Text) {
		t.Error("another namespace attribute was left out")
	}
}

func TestNormalizeStrings(t *testing.T) {
	scope := pcommon.NewInstrumentationScope()
	lr := plog.NewLogRecord()
	lr.Body().SetStr("a\xe2\x82Ab")
	lr.Attributes().PutStr("k\xff", "\xed\xa0\x80")
	lr.Attributes().PutStr("ok", "fine")
	if n := NormalizeStrings(scope, lr); n != 3 {
		t.Errorf("changed %d strings, want 3", n)
	}
	if lr.Body().Str() != "a\uFFFDAb" {
		t.Errorf("body %q", lr.Body().Str())
	}
	v, ok := lr.Attributes().Get("k\uFFFD")
	if !ok || v.Str() != "\uFFFD\uFFFD\uFFFD" {
		t.Errorf("attribute %v %q", ok, v.Str())
	}
	if NormalizeStrings(scope, lr) != 0 {
		t.Error("second pass changed strings")
	}
}

// A record nested 128 levels deep, every level under a key that is not UTF-8, with a few thousand values at the
// bottom: each level's rebuilt map copied everything below it, so the work grew with depth × size (11 MB allocated
// for a 300 KB record). The values are moved, and the canonical form of the result is what was sealed.
func TestNormalizeStringsWorkIsLinear(t *testing.T) {
	build := func() plog.LogRecord {
		lr := plog.NewLogRecord()
		m := lr.Body().SetEmptyMap()
		for range seclogformat.MaxDepth - 1 {
			m = m.PutEmptyMap("level \xff")
		}
		for i := range 2000 {
			m.PutStr("leaf "+strconv.Itoa(i), "v\xfe")
		}
		return lr
	}
	scope := pcommon.NewInstrumentationScope()
	seal := seclogformat.NewSeal("AbCdEfGhIjKlMnOpQrStUv", 1, "")
	enc := NewEncoder(seclogformat.DefaultNamespace)
	want := enc.Record(seal, scope, "", build())
	lr := build()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := NormalizeStrings(scope, lr)
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("normalizing a 128-level record allocated %d bytes", alloc)
	}
	if got := enc.Record(seal, scope, "", lr); n != 2000+seclogformat.MaxDepth-1 || !got.OK || string(got.Text) != string(want.Text) {
		t.Errorf("changed %d strings; canonical form after normalizing %v, differs: %v", n, got.OK, string(got.Text) != string(want.Text))
	}
}

func TestRecordDigestEqualsRecord(t *testing.T) {
	enc := NewEncoder(seclogformat.DefaultNamespace)
	seal := seclogformat.NewSeal("AbCdEfGhIjKlMnOpQrStUv", 9, "hVdObYriLbnwTzIAqVOwxF2hCBGBkYQFqc/tFvNEWn4=")
	lr := plog.NewLogRecord()
	lr.Body().SetStr("x")
	lr.Attributes().PutInt("n", 1)
	want := enc.Record(seal, pcommon.NewInstrumentationScope(), "", lr)
	if d, r := enc.RecordDigest(seal, pcommon.NewInstrumentationScope(), "", lr); d != want.Digest() || r != "" {
		t.Errorf("RecordDigest differs from Record")
	}
	deep := plog.NewLogRecord()
	v := deep.Body()
	for i := 0; i < 129; i++ {
		v = v.SetEmptySlice().AppendEmpty()
	}
	want = enc.Record(seal, pcommon.NewInstrumentationScope(), "", deep)
	if d, r := enc.RecordDigest(seal, pcommon.NewInstrumentationScope(), "", deep); d != want.Digest() || r != seclogformat.ReasonDepthExceeded {
		t.Errorf("RecordDigest of an unverifiable record: %q", r)
	}
}

// TestRecordDigestFindsEveryReason: the single-pass path falls back to the exact-order validation.
func TestRecordDigestFindsEveryReason(t *testing.T) {
	enc := NewEncoder(seclogformat.DefaultNamespace)
	seal := seclogformat.NewSeal("AbCdEfGhIjKlMnOpQrStUv", 2, "hVdObYriLbnwTzIAqVOwxF2hCBGBkYQFqc/tFvNEWn4=")
	scope := pcommon.NewInstrumentationScope()
	logs, err := (&plog.JSONUnmarshaler{}).UnmarshalLogs([]byte(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"kvlistValue":{"values":[{"key":"a","value":{"intValue":"1"}},{"key":"a","value":{"intValue":"2"}}]}}}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, r := enc.RecordDigest(seal, scope, "", logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)); r != seclogformat.ReasonDuplicateKey {
		t.Errorf("nested duplicate key: %q", r)
	}
	many := plog.NewLogRecord()
	sl := many.Attributes().PutEmptySlice("big")
	for i := 0; i < seclogformat.MaxValues; i++ {
		sl.AppendEmpty()
	}
	if _, r := enc.RecordDigest(seal, scope, "", many); r != seclogformat.ReasonTooManyValues {
		t.Errorf("too many values: %q", r)
	}
	bad := plog.NewLogRecord()
	bad.Body().SetStr("a\xffb")
	d, r := enc.RecordDigest(seal, scope, "", bad)
	if r != "" || !enc.InvalidUTF8() {
		t.Fatalf("invalid UTF-8: %q %v", r, enc.InvalidUTF8())
	}
	NormalizeStrings(scope, bad)
	if d2, _ := enc.RecordDigest(seal, scope, "", bad); d2 != d || enc.InvalidUTF8() {
		t.Error("normalizing the record changed its digest")
	}
}

// TestKeyOrderCache: an Encoder that remembers the last key order gives every record the digest a fresh one does,
// whether the next map repeats the keys, permutes them, adds one or repeats one.
func TestKeyOrderCache(t *testing.T) {
	seal := seclogformat.NewSeal("AbCdEfGhIjKlMnOpQrStUv", 7, "hVdObYriLbnwTzIAqVOwxF2hCBGBkYQFqc/tFvNEWn4=")
	kv := func(keys ...string) string {
		var b strings.Builder
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"key":"` + k + `","value":{"intValue":"` + strconv.Itoa(i) + `"}}`)
		}
		return b.String()
	}
	var records []string
	for _, keys := range [][]string{{"b", "a", "c"}, {"b", "a", "c"}, {"a", "b", "c"}, {"b", "a", "c", "d"}, {"b", "a", "a"},
		{"b", "a", "c"}, {"\u00e9", "\U0001F600", "\uFFFD"}, {"\u00e9", "\U0001F600", "\uFFFD"}} {
		// The same keys as attributes, as a map body, and in a map nested in the attributes.
		records = append(records, `{"body":{"kvlistValue":{"values":[`+kv(keys...)+`]}},"attributes":[`+kv(keys...)+
			`,{"key":"nested","value":{"kvlistValue":{"values":[`+kv(keys...)+`]}}}]}`)
	}
	cached := NewEncoder(seclogformat.DefaultNamespace)
	for i, rec := range records {
		logs, err := (&plog.JSONUnmarshaler{}).UnmarshalLogs([]byte(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[` + rec + `]}]}]}`))
		if err != nil {
			t.Fatal(err)
		}
		sl := logs.ResourceLogs().At(0).ScopeLogs().At(0)
		lr := sl.LogRecords().At(0)
		want := NewEncoder(seclogformat.DefaultNamespace).Record(seal, sl.Scope(), sl.SchemaUrl(), lr)
		d, reason := cached.RecordDigestAt(seal.StreamID, 7, seal.ResourceDigest, sl.Scope(), sl.SchemaUrl(), lr)
		if d != want.Digest() || reason != want.Reason {
			t.Errorf("record %d: digest or reason %q differs from a fresh encoder's (%q)", i, reason, want.Reason)
		}
	}
}

// TestKeyOrderCacheInvalidKey: a key that is not valid UTF-8 never matches a remembered key, even one equal to its
// normalized form, so it is still normalized and reported.
func TestKeyOrderCacheInvalidKey(t *testing.T) {
	seal := seclogformat.NewSeal("AbCdEfGhIjKlMnOpQrStUv", 7, "hVdObYriLbnwTzIAqVOwxF2hCBGBkYQFqc/tFvNEWn4=")
	scope := pcommon.NewInstrumentationScope()
	cached := NewEncoder(seclogformat.DefaultNamespace)
	for i, key := range []string{"k\uFFFD", "k\xff", "k\uFFFD"} {
		lr := plog.NewLogRecord()
		lr.Attributes().PutStr(key, "v")
		lr.Attributes().PutStr("a", "w")
		fresh := NewEncoder(seclogformat.DefaultNamespace)
		want, _ := fresh.RecordDigest(seal, scope, "", lr)
		got, _ := cached.RecordDigest(seal, scope, "", lr)
		if got != want || cached.InvalidUTF8() != fresh.InvalidUTF8() || cached.InvalidUTF8() != (i == 1) {
			t.Errorf("key %q: digest equal %v, invalid UTF-8 %v (fresh encoder: %v)", key, got == want, cached.InvalidUTF8(), fresh.InvalidUTF8())
		}
	}
}
