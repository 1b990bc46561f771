package seclogformat

import (
	"slices"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendString appends s as a canonical JSON string (docs/spec/olcf-1.md, "Strings"): only '"', '\\' and
// U+0000–U+001F are escaped; every other character is written as itself. s must be valid UTF-8 (see NormalizeUTF8).
func AppendString(buf []byte, s string) []byte {
	return appendStringFrom(buf, s, plainWords(s, 0))
}

// AppendValidString is AppendString for a string that may not be valid UTF-8: it reports false, appending nothing,
// when s is not. ASCII text, the usual key or value, is checked and scanned for escapes in one pass.
func AppendValidString(buf []byte, s string) ([]byte, bool) {
	plain := plainWords(s, highBits)
	for i := plain; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if !utf8.ValidString(s[i:]) { // s[:i] is ASCII
				return buf, false
			}
			break
		}
	}
	return appendStringFrom(buf, s, plain), true
}

// appendStringFrom writes s as AppendString does, knowing that s[:plain] needs no escape.
func appendStringFrom(buf []byte, s string, plain int) []byte {
	buf = append(buf, '"')
	start := 0
	for i := plain; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		buf = append(buf, s[start:i]...)
		switch c {
		case '"':
			buf = append(buf, '\\', '"')
		case '\\':
			buf = append(buf, '\\', '\\')
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\t':
			buf = append(buf, '\\', 't')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\f':
			buf = append(buf, '\\', 'f')
		case '\r':
			buf = append(buf, '\\', 'r')
		default:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// Byte masks for plainWords: one bit or value in every byte of a 64-bit word.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// plainWords returns how many leading bytes of s, a multiple of 8, need no escape: it tests eight bytes at a time
// for a control character, '"' or '\\' (keys, attribute values and bodies rarely have one), where a byte at a time
// was the canonical encoding's main loop. With stop set to highBits it also stops at a byte of 0x80 or above.
func plainWords(s string, stop uint64) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		_ = s[i+7]
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		quote, backslash := w^(lowBits*'"'), w^(lowBits*'\\')
		// A byte below 0x20 (bytes of 0x80 and above never count), or a zero byte after the XOR with '"' or '\\'.
		if ((w-lowBits*0x20)&^w|(quote-lowBits)&^quote|(backslash-lowBits)&^backslash|w&stop)&highBits != 0 {
			break
		}
	}
	return i
}

// JSONString returns the canonical JSON text of one string.
func JSONString(s string) string { return string(AppendString(nil, s)) }

// firstUnit is the first UTF-16 code unit of r.
func firstUnit(r rune) rune {
	if r < 0x10000 {
		return r
	}
	return 0xD800 + (r-0x10000)>>10
}

// CompareUTF16 orders two valid UTF-8 strings by their UTF-16 code units, a proper prefix first (docs/spec/README.md,
// "Conventions"). It returns -1, 0 or +1. Go's native order (UTF-8 bytes) differs when one string has a character
// above U+FFFF where the other has one in U+E000–U+FFFF.
func CompareUTF16(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < utf8.RuneSelf && b[j] < utf8.RuneSelf {
			if a[i] != b[j] {
				if a[i] < b[j] {
					return -1
				}
				return 1
			}
			i++
			j++
			continue
		}
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		if ra != rb {
			ua, ub := firstUnit(ra), firstUnit(rb)
			if ua == ub { // both above U+FFFF with one high surrogate: the low surrogates follow the code points
				ua, ub = ra, rb
			}
			if ua < ub {
				return -1
			}
			return 1
		}
		i += na
		j += nb
	}
	switch {
	case len(a)-i < len(b)-j:
		return -1
	case len(a)-i > len(b)-j:
		return 1
	}
	return 0
}

// Pair is one map entry whose value is already encoded as canonical JSON.
type Pair struct {
	Key   string
	Value []byte
}

// AppendPairs sorts pairs by key in UTF-16 order and appends `[[key,value],…]`. It reports false, appending nothing,
// when two pairs share a key (docs/spec/olcf-1.md, "Maps": the record is then unverifiable, duplicate-key).
func AppendPairs(buf []byte, pairs []Pair) ([]byte, bool) {
	if len(pairs) > 1 {
		slices.SortStableFunc(pairs, func(x, y Pair) int { return CompareUTF16(x.Key, y.Key) })
		for i := 1; i < len(pairs); i++ {
			if pairs[i].Key == pairs[i-1].Key {
				return buf, false
			}
		}
	}
	buf = append(buf, '[')
	for i, p := range pairs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = AppendString(buf, p.Key)
		buf = append(buf, ',')
		buf = append(buf, p.Value...)
		buf = append(buf, ']')
	}
	return append(buf, ']'), true
}

// NormalizeUTF8 returns s with each maximal subpart of an ill-formed UTF-8 sequence replaced by one U+FFFD
// (docs/spec/otlp-json-input.md, "Text"), and s itself when it is valid.
func NormalizeUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(DecodeUTF8([]byte(s)))
}

// DecodeUTF8 turns bytes into valid UTF-8, replacing each maximal subpart of an ill-formed sequence by U+FFFD. A
// maximal subpart is the longest prefix of a well-formed sequence that is present, or else one byte.
func DecodeUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		if r, n := utf8.DecodeRune(b[i:]); r != utf8.RuneError || n > 1 {
			out = append(out, b[i:i+n]...)
			i += n
			continue
		}
		out = utf8.AppendRune(out, utf8.RuneError)
		i += maximalSubpart(b[i:])
	}
	return out
}

// maximalSubpart returns how many bytes at the start of b (not a well-formed sequence there) form one maximal
// subpart: the lead byte plus the continuation bytes still allowed by Unicode Table 3-7, never fewer than 1.
func maximalSubpart(b []byte) int {
	lead := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xbf) // allowed range of the second byte
	switch {
	case lead >= 0xc2 && lead <= 0xdf:
		need = 1
	case lead == 0xe0:
		need, lo = 2, 0xa0
	case lead >= 0xe1 && lead <= 0xec, lead == 0xee, lead == 0xef:
		need = 2
	case lead == 0xed:
		need, hi = 2, 0x9f
	case lead == 0xf0:
		need, lo = 3, 0x90
	case lead >= 0xf1 && lead <= 0xf3:
		need = 3
	case lead == 0xf4:
		need, hi = 3, 0x8f
	default:
		return 1
	}
	n := 1
	for k := 1; k <= need && k < len(b); k++ {
		c := b[k]
		if k == 1 && (c < lo || c > hi) {
			break
		}
		if k > 1 && (c < 0x80 || c > 0xbf) {
			break
		}
		n++
	}
	return n
}
