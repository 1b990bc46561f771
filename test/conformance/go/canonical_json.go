package main

// Canonical JSON text as docs/spec/olcf-1.md defines it: no whitespace, strings escaped as in the table of
// "Strings" (only '"', '\\' and U+0000–U+001F; every other character as itself in UTF-8), and maps ordered by the
// UTF-16 code units of their keys (docs/spec/README.md, "Conventions"). Written for this check from the spec alone.

import (
	"bytes"
	"sort"
	"unicode/utf16"
)

const hexDigits = "0123456789abcdef"

// appendJSONString writes s (valid UTF-8) as a canonical JSON string.
func appendJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			buf.WriteString(`\"`)
		case c == '\\':
			buf.WriteString(`\\`)
		case c == '\b':
			buf.WriteString(`\b`)
		case c == '\t':
			buf.WriteString(`\t`)
		case c == '\n':
			buf.WriteString(`\n`)
		case c == '\f':
			buf.WriteString(`\f`)
		case c == '\r':
			buf.WriteString(`\r`)
		case c < 0x20:
			buf.WriteString(`\u00`)
			buf.WriteByte(hexDigits[c>>4])
			buf.WriteByte(hexDigits[c&0xf])
		default:
			buf.WriteByte(c)
		}
	}
	buf.WriteByte('"')
}

// jsonString returns the canonical JSON text of one string.
func jsonString(s string) string {
	var b bytes.Buffer
	appendJSONString(&b, s)
	return b.String()
}

// lessUTF16 orders two strings by their UTF-16 code units (a proper prefix first). Go's native string order is by
// UTF-8 bytes, which differs once a key mixes characters above U+FFFF with characters in U+E000–U+FFFF.
func lessUTF16(a, b string) bool {
	ua := utf16.Encode([]rune(a))
	ub := utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
}

// pair is one map entry with its value already encoded.
type pair struct {
	key   string
	value []byte
}

// appendPairs sorts the pairs by key (UTF-16 order) and writes `[[key,value],…]`. It reports false when two pairs
// share a key.
func appendPairs(buf *bytes.Buffer, pairs []pair) bool {
	sort.SliceStable(pairs, func(i, j int) bool { return lessUTF16(pairs[i].key, pairs[j].key) })
	for i := 1; i < len(pairs); i++ {
		if pairs[i].key == pairs[i-1].key {
			return false
		}
	}
	buf.WriteByte('[')
	for i, p := range pairs {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('[')
		appendJSONString(buf, p.key)
		buf.WriteByte(',')
		buf.Write(p.value)
		buf.WriteByte(']')
	}
	buf.WriteByte(']')
	return true
}
