package main

// OLCF-1 from OTLP/JSON, implemented from docs/spec/olcf-1.md and docs/spec/otlp-json-input.md only: the record tuple,
// AnyValue, maps in UTF-16 key order, the limits, the unverifiable leaf, the resource digest, the record digest and
// the leaf hash.

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
)

const (
	maxDepth  = 128
	maxValues = 1_000_000
)

// canonError carries the reason code of an unverifiable record.
type canonError string

func (e canonError) Error() string { return string(e) }

const (
	errDepth      canonError = "depth-exceeded"
	errValues     canonError = "too-many-values"
	errDuplicate  canonError = "duplicate-key"
	errField      canonError = "invalid-field"
	errValue      canonError = "invalid-value"
	reasonUnknown            = "internal-error"
)

// seal is what slots 1–3 hold.
type seal struct {
	StreamID       string `json:"streamId"`
	Seq            string `json:"seq"`
	ResourceDigest string `json:"resourceDigest"`
}

// encoder holds the value budget of one record.
type encoder struct {
	values  int
	exclude map[string]bool
}

// canonical is the outcome for one record: the text that is hashed, and the reason when it is the unverifiable leaf.
type canonical struct {
	OK     bool
	Reason string
	Text   []byte
}

func (c canonical) digest() [32]byte { return sha256.Sum256(c.Text) }

// leafHash is SHA-256(0x00 ‖ d).
func leafHash(d []byte) [32]byte {
	return sha256.Sum256(append([]byte{0}, d...))
}

// canonicalizeOTLP computes OLCF-1 for one OTLP/JSON log record with its scope object (present says whether the
// ScopeLogs had a `scope` member at all) and ScopeLogs schemaUrl.
func canonicalizeOTLP(s seal, ns string, logRecord any, scope any, scopePresent bool, schemaURL any) canonical {
	enc := &encoder{exclude: map[string]bool{ns + ".stream": true, ns + ".seq": true}}
	text, err := enc.record(s, logRecord, scope, scopePresent, schemaURL)
	if err == nil {
		return canonical{OK: true, Text: text}
	}
	reason := reasonUnknown
	if ce, ok := err.(canonError); ok {
		reason = string(ce)
	}
	return canonical{Reason: reason, Text: unverifiableText(s.StreamID, s.Seq, reason)}
}

func unverifiableText(streamID, seq, reason string) []byte {
	var b bytes.Buffer
	b.WriteString(`["olcf1-unverifiable",`)
	appendJSONString(&b, streamID)
	b.WriteByte(',')
	appendJSONString(&b, seq)
	b.WriteByte(',')
	appendJSONString(&b, reason)
	b.WriteByte(']')
	return b.Bytes()
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
		return "", errField
	}
	return s, nil
}

func integerField(v any, lo, hi *big.Int) (string, error) {
	if v == nil {
		return "0", nil
	}
	d, ok := readInteger(v, lo, hi)
	if !ok {
		return "", errField
	}
	return d, nil
}

func (e *encoder) record(s seal, lr any, scopeV any, scopePresent bool, schemaURL any) ([]byte, error) {
	rec, ok := asObject(lr)
	if !ok {
		return nil, errValue
	}
	var scope map[string]any
	if scopePresent {
		if scope, ok = asObject(scopeV); !ok {
			return nil, errValue // present but not an object, null included
		}
	}
	// Slots are encoded in order; the first problem decides the reason.
	slots := make([][]byte, 0, 19)
	str := func(v any) error {
		x, err := stringField(v)
		if err == nil {
			slots = append(slots, []byte(jsonString(x)))
		}
		return err
	}
	num := func(v any, lo, hi *big.Int) error {
		x, err := integerField(v, lo, hi)
		if err == nil {
			slots = append(slots, []byte(jsonString(x)))
		}
		return err
	}
	slots = append(slots, []byte(`"olcf1"`), []byte(jsonString(s.StreamID)), []byte(jsonString(s.Seq)),
		[]byte(jsonString(s.ResourceDigest)))
	if err := str(scope["name"]); err != nil {
		return nil, err
	}
	if err := str(scope["version"]); err != nil {
		return nil, err
	}
	if err := str(schemaURL); err != nil {
		return nil, err
	}
	scopeAttrs, err := e.keyValues(scope["attributes"], 0, nil)
	if err != nil {
		return nil, err
	}
	slots = append(slots, scopeAttrs)
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
	slots = append(slots, body)
	attrs, err := e.keyValues(rec["attributes"], 0, e.exclude)
	if err != nil {
		return nil, err
	}
	slots = append(slots, attrs)
	if err := num(rec["droppedAttributesCount"], bigZero, uint32Max); err != nil {
		return nil, err
	}
	slots = append(slots, []byte(jsonString(readHexID(rec["traceId"], 32))), []byte(jsonString(readHexID(rec["spanId"], 16))))
	if err := num(rec["flags"], bigZero, uint32Max); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteByte('[')
	out.Write(bytes.Join(slots, []byte(",")))
	out.WriteByte(']')
	return out.Bytes(), nil
}

// keyValues encodes a KeyValue list (absent or null: empty) as a sorted pair array. Values are encoded in input
// order; duplicate keys are detected afterwards. Keys in exclude are left out and not counted.
func (e *encoder) keyValues(v any, depth int, exclude map[string]bool) ([]byte, error) {
	var pairs []pair
	if v != nil {
		list, ok := v.([]any)
		if !ok {
			return nil, errValue
		}
		for _, item := range list {
			kv, ok := asObject(item)
			if !ok {
				return nil, errValue
			}
			key := ""
			if k := kv["key"]; k != nil {
				if key, ok = k.(string); !ok {
					return nil, errValue
				}
			}
			if exclude[key] {
				continue
			}
			val, err := e.anyValue(kv["value"], depth)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, pair{key: key, value: val})
		}
	}
	var b bytes.Buffer
	if !appendPairs(&b, pairs) {
		return nil, errDuplicate
	}
	return b.Bytes(), nil
}

var valueMembers = []string{"stringValue", "boolValue", "intValue", "doubleValue", "bytesValue", "arrayValue", "kvlistValue"}

// anyValue encodes one AnyValue held at the given level (the body and attribute values are at level 0).
func (e *encoder) anyValue(v any, depth int) ([]byte, error) {
	e.values++
	if e.values > maxValues {
		return nil, errValues
	}
	if v == nil {
		return []byte(`["e"]`), nil
	}
	obj, ok := asObject(v)
	if !ok {
		return nil, errValue
	}
	present := ""
	for _, m := range valueMembers {
		if _, has := obj[m]; has {
			if present != "" {
				return nil, errValue
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
			return nil, errValue
		}
		return []byte(`["s",` + jsonString(s) + `]`), nil
	case "boolValue":
		b, ok := x.(bool)
		if !ok {
			return nil, errValue
		}
		if b {
			return []byte(`["b",true]`), nil
		}
		return []byte(`["b",false]`), nil
	case "intValue":
		d, ok := readInteger(x, int64Min, int64Max)
		if !ok {
			return nil, errValue
		}
		return []byte(`["i",` + jsonString(d) + `]`), nil
	case "doubleValue":
		h, ok := readDouble(x)
		if !ok {
			return nil, errValue
		}
		return []byte(`["d","` + h + `"]`), nil
	case "bytesValue":
		b64, ok := readBytes(x)
		if !ok {
			return nil, errValue
		}
		return []byte(`["y",` + jsonString(b64) + `]`), nil
	case "arrayValue":
		arr, ok := asObject(x)
		if !ok {
			return nil, errValue
		}
		if depth+1 > maxDepth {
			return nil, errDepth
		}
		var items [][]byte
		if vals := arr["values"]; vals != nil {
			list, ok := vals.([]any)
			if !ok {
				return nil, errValue
			}
			for _, el := range list {
				enc, err := e.anyValue(el, depth+1)
				if err != nil {
					return nil, err
				}
				items = append(items, enc)
			}
		}
		return []byte(`["a",[` + string(bytes.Join(items, []byte(","))) + `]]`), nil
	default: // kvlistValue
		kvl, ok := asObject(x)
		if !ok {
			return nil, errValue
		}
		if depth+1 > maxDepth {
			return nil, errDepth
		}
		pairs, err := e.keyValues(kvl["values"], depth+1, nil)
		if err != nil {
			return nil, err
		}
		return []byte(`["m",` + string(pairs) + `]`), nil
	}
}

// resourceText is the canonical resource tuple of an OTLP/JSON resource (absent: no attributes, dropped 0).
func resourceText(v any) ([]byte, error) {
	res, _ := asObject(v)
	enc := &encoder{}
	pairs, err := enc.keyValues(res["attributes"], 0, nil)
	if err != nil {
		return nil, err
	}
	dropped, err := integerField(res["droppedAttributesCount"], bigZero, uint32Max)
	if err != nil {
		return nil, err
	}
	return []byte(`["olcf1-resource",` + string(pairs) + `,` + jsonString(dropped) + `]`), nil
}

func resourceDigest(text []byte) string {
	d := sha256.Sum256(text)
	return base64.StdEncoding.EncodeToString(d[:])
}

// expandRepeats replaces {"$repeat": n, "value": v} array elements of the vector file by n copies of v.
func expandRepeats(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, 0, len(x))
		for _, el := range x {
			if m, ok := el.(map[string]any); ok {
				if n, ok := m["$repeat"].(json.Number); ok {
					count, _ := n.Int64()
					item := expandRepeats(m["value"])
					for i := int64(0); i < count; i++ {
						out = append(out, item)
					}
					continue
				}
			}
			out = append(out, expandRepeats(el))
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, el := range x {
			out[k] = expandRepeats(el)
		}
		return out
	default:
		return v
	}
}

// hexDigest formats a leaf hash as the vectors do.
func hexDigest(h [32]byte) string { return hex.EncodeToString(h[:]) }
