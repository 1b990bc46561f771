package seclogformat

// OLCF-1 from OTLP/JSON (docs/spec/olcf-1.md and docs/spec/otlp-json-input.md): the record tuple, AnyValue, maps in
// UTF-16 key order, the limits, the unverifiable leaf and the resource tuple, computed from values decoded by
// ParseJSON.

import (
	"bytes"
	"math/big"
)

// jsonEncoder holds the value budget of one record.
type jsonEncoder struct {
	values  int
	exclude map[string]bool
}

// SealKeys returns the two seal attribute keys of a namespace: <ns>.stream and <ns>.seq.
func SealKeys(namespace string) (stream, seq string) {
	return namespace + ".stream", namespace + ".seq"
}

// CanonicalizeOTLPJSON computes OLCF-1 for one OTLP/JSON log record (decoded by ParseJSON) with its scope object
// (scopePresent says whether the ScopeLogs had a `scope` member at all) and the ScopeLogs schemaUrl.
func CanonicalizeOTLPJSON(s Seal, namespace string, logRecord, scope any, scopePresent bool, schemaURL any) Canonical {
	streamKey, seqKey := SealKeys(namespace)
	enc := &jsonEncoder{exclude: map[string]bool{streamKey: true, seqKey: true}}
	text, err := enc.record(s, logRecord, scope, scopePresent, schemaURL)
	if err == nil {
		return Canonical{OK: true, Text: text}
	}
	reason := ReasonInternalError
	if r, ok := err.(Reason); ok {
		reason = r
	}
	return Unverifiable(s, reason)
}

func asObject(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

// stringField reads a record-level string: absent (or null) is "", another type is invalid-field.
func stringField(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", ReasonInvalidField
	}
	return s, nil
}

func integerField(v any, lo, hi *big.Int) (string, error) {
	if v == nil {
		return "0", nil
	}
	d, ok := readInteger(v, lo, hi)
	if !ok {
		return "", ReasonInvalidField
	}
	return d, nil
}

func (e *jsonEncoder) record(s Seal, lr any, scopeV any, scopePresent bool, schemaURL any) ([]byte, error) {
	rec, ok := asObject(lr)
	if !ok {
		return nil, ReasonInvalidValue
	}
	var scope map[string]any
	if scopePresent {
		if scope, ok = asObject(scopeV); !ok {
			return nil, ReasonInvalidValue // present but not an object, null included
		}
	}
	out := make([]byte, 0, 256)
	out = append(out, `["olcf1",`...)
	out = AppendString(out, s.StreamID)
	out = append(out, ',')
	out = AppendString(out, s.Seq)
	out = append(out, ',')
	out = AppendString(out, s.ResourceDigest)
	// Slots are encoded in order; the first problem decides the reason.
	str := func(v any) error {
		x, err := stringField(v)
		if err == nil {
			out = append(out, ',')
			out = AppendString(out, x)
		}
		return err
	}
	num := func(v any, lo, hi *big.Int) error {
		x, err := integerField(v, lo, hi)
		if err == nil {
			out = append(out, ',')
			out = AppendString(out, x)
		}
		return err
	}
	for _, v := range []any{scope["name"], scope["version"], schemaURL} {
		if err := str(v); err != nil {
			return nil, err
		}
	}
	scopeAttrs, err := e.keyValues(scope["attributes"], 0, nil)
	if err != nil {
		return nil, err
	}
	out = append(append(out, ','), scopeAttrs...)
	if err := num(rec["timeUnixNano"], bigZero, uint64Max); err != nil {
		return nil, err
	}
	if err := num(rec["observedTimeUnixNano"], bigZero, uint64Max); err != nil {
		return nil, err
	}
	if err := num(rec["severityNumber"], int64Min, int64Max); err != nil {
		return nil, err
	}
	if err := str(rec["severityText"]); err != nil {
		return nil, err
	}
	if err := str(rec["eventName"]); err != nil {
		return nil, err
	}
	body, err := e.anyValue(rec["body"], 0)
	if err != nil {
		return nil, err
	}
	out = append(append(out, ','), body...)
	attrs, err := e.keyValues(rec["attributes"], 0, e.exclude)
	if err != nil {
		return nil, err
	}
	out = append(append(out, ','), attrs...)
	if err := num(rec["droppedAttributesCount"], bigZero, uint32Max); err != nil {
		return nil, err
	}
	out = append(out, ',')
	out = AppendString(out, readHexID(rec["traceId"], 32))
	out = append(out, ',')
	out = AppendString(out, readHexID(rec["spanId"], 16))
	if err := num(rec["flags"], bigZero, uint32Max); err != nil {
		return nil, err
	}
	return append(out, ']'), nil
}

// keyValues encodes a KeyValue list (absent or null: empty) as a sorted pair array. Values are encoded in input
// order; duplicate keys are detected afterwards. Keys in exclude are left out and not counted.
func (e *jsonEncoder) keyValues(v any, depth int, exclude map[string]bool) ([]byte, error) {
	var pairs []Pair
	if v != nil {
		list, ok := v.([]any)
		if !ok {
			return nil, ReasonInvalidValue
		}
		for _, item := range list {
			kv, ok := asObject(item)
			if !ok {
				return nil, ReasonInvalidValue
			}
			key := ""
			if k := kv["key"]; k != nil {
				if key, ok = k.(string); !ok {
					return nil, ReasonInvalidValue
				}
			}
			if exclude[key] {
				continue
			}
			val, err := e.anyValue(kv["value"], depth)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, Pair{Key: key, Value: val})
		}
	}
	b, ok := AppendPairs(nil, pairs)
	if !ok {
		return nil, ReasonDuplicateKey
	}
	return b, nil
}

var valueMembers = []string{"stringValue", "boolValue", "intValue", "doubleValue", "bytesValue", "arrayValue", "kvlistValue"}

// anyValue encodes one AnyValue held at the given level (the body and attribute values are at level 0).
func (e *jsonEncoder) anyValue(v any, depth int) ([]byte, error) {
	e.values++
	if e.values > MaxValues {
		return nil, ReasonTooManyValues
	}
	if v == nil {
		return []byte(`["e"]`), nil
	}
	obj, ok := asObject(v)
	if !ok {
		return nil, ReasonInvalidValue
	}
	present := ""
	for _, m := range valueMembers {
		if _, has := obj[m]; has {
			if present != "" {
				return nil, ReasonInvalidValue
			}
			present = m
		}
	}
	x := obj[present]
	switch present {
	case "":
		return []byte(`["e"]`), nil
	case "stringValue":
		s, ok := x.(string)
		if !ok {
			return nil, ReasonInvalidValue
		}
		return append(AppendString([]byte(`["s",`), s), ']'), nil
	case "boolValue":
		b, ok := x.(bool)
		if !ok {
			return nil, ReasonInvalidValue
		}
		if b {
			return []byte(`["b",true]`), nil
		}
		return []byte(`["b",false]`), nil
	case "intValue":
		d, ok := readInteger(x, int64Min, int64Max)
		if !ok {
			return nil, ReasonInvalidValue
		}
		return append(AppendString([]byte(`["i",`), d), ']'), nil
	case "doubleValue":
		bits, ok := readDouble(x)
		if !ok {
			return nil, ReasonInvalidValue
		}
		return append(AppendDoubleBits([]byte(`["d","`), bits), '"', ']'), nil
	case "bytesValue":
		b64, ok := readBytes(x)
		if !ok {
			return nil, ReasonInvalidValue
		}
		return append(AppendString([]byte(`["y",`), b64), ']'), nil
	case "arrayValue":
		arr, ok := asObject(x)
		if !ok {
			return nil, ReasonInvalidValue
		}
		if depth+1 > MaxDepth {
			return nil, ReasonDepthExceeded
		}
		var items [][]byte
		if vals := arr["values"]; vals != nil {
			list, ok := vals.([]any)
			if !ok {
				return nil, ReasonInvalidValue
			}
			for _, el := range list {
				enc, err := e.anyValue(el, depth+1)
				if err != nil {
					return nil, err
				}
				items = append(items, enc)
			}
		}
		out := []byte(`["a",[`)
		out = append(out, bytes.Join(items, []byte(","))...)
		return append(out, ']', ']'), nil
	default: // kvlistValue
		kvl, ok := asObject(x)
		if !ok {
			return nil, ReasonInvalidValue
		}
		if depth+1 > MaxDepth {
			return nil, ReasonDepthExceeded
		}
		pairs, err := e.keyValues(kvl["values"], depth+1, nil)
		if err != nil {
			return nil, err
		}
		out := append([]byte(`["m",`), pairs...)
		return append(out, ']'), nil
	}
}

// ResourceTextOTLPJSON is the canonical resource tuple of an OTLP/JSON resource (absent: no attributes, dropped 0).
func ResourceTextOTLPJSON(v any) ([]byte, error) {
	res, _ := asObject(v)
	enc := &jsonEncoder{}
	pairs, err := enc.keyValues(res["attributes"], 0, nil)
	if err != nil {
		return nil, err
	}
	dropped, err := integerField(res["droppedAttributesCount"], bigZero, uint32Max)
	if err != nil {
		return nil, err
	}
	out := append([]byte(`["olcf1-resource",`), pairs...)
	out = append(out, ',')
	out = AppendString(out, dropped)
	return append(out, ']'), nil
}
