package seclogformat

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Reference orders by the UTF-16 code units, as RFC 8785 and JavaScript's `<` do.
func utf16Reference(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func TestCompareUTF16(t *testing.T) {
	alphabet := []rune{'a', 'b', 'z', 0x7f, 0xe9, 0x2028, 0xd7ff, 0xe000, 0xffff, 0xfffd, 0x10000, 0x1f600, 0x10ffff}
	rng := rand.New(rand.NewPCG(7, 9))
	for i := 0; i < 20000; i++ {
		var a, b []rune
		for n := rng.IntN(4); n > 0; n-- {
			a = append(a, alphabet[rng.IntN(len(alphabet))])
		}
		for n := rng.IntN(4); n > 0; n-- {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
		if got, want := CompareUTF16(string(a), string(b)), utf16Reference(string(a), string(b)); got != want {
			t.Fatalf("CompareUTF16(%q, %q) = %d, want %d", string(a), string(b), got, want)
		}
	}
	// The case where Go's byte order is wrong: U+1F600 sorts before U+E000 in UTF-16.
	if CompareUTF16("\U0001F600", "\uE000") != -1 {
		t.Error("astral character must sort before U+E000")
	}
}

func TestAppendStringEscapesOnlyWhatJCSEscapes(t *testing.T) {
	cases := map[string]string{
		"a\"b\\c":              `"a\"b\\c"`,
		"\b\t\n\f\r":           `"\b\t\n\f\r"`,
		"\x00\x1f":             `"\u0000\u001f"`,
		"/<>&\x7f\u2028\u2029": "\"/<>&\x7f\u2028\u2029\"",
		"é\U0001F600":          "\"é\U0001F600\"",
	}
	for in, want := range cases {
		if got := JSONString(in); got != want {
			t.Errorf("JSONString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestDecodeUTF8MaximalSubparts(t *testing.T) {
	cases := map[string]string{
		"\xe2\x82A":        "\uFFFDA",
		"\xc0\x80":         "\uFFFD\uFFFD",
		"\xed\xa0\x80":     "\uFFFD\uFFFD\uFFFD",
		"\xf0\x9f\x98B":    "\uFFFDB",
		"ok":               "ok",
		"\xf4\x90\x80\x80": "\uFFFD\uFFFD\uFFFD\uFFFD",
	}
	for in, want := range cases {
		if got := NormalizeUTF8(in); got != want {
			t.Errorf("NormalizeUTF8(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompactRangeRestoreAndDoubles(t *testing.T) {
	var cr CompactRange
	for i := 0; i < 23; i++ {
		cr.AppendDigest(Hash{byte(i)})
	}
	restored, ok := NewCompactRange(cr.Size(), cr.Nodes())
	if !ok || restored.Root() != cr.Root() {
		t.Fatal("restored compact range differs")
	}
	if _, ok := NewCompactRange(23, cr.Nodes()[:3]); ok {
		t.Error("accepted a compact range with the wrong number of nodes")
	}
	restored.AppendDigest(Hash{99})
	cr.AppendDigest(Hash{99})
	if restored.Root() != cr.Root() {
		t.Error("appending to a restored range differs")
	}
	if got := string(AppendDoubleBits(nil, 0xfff8000000000001)); got != "7ff8000000000000" {
		t.Errorf("NaN payload kept: %s", got)
	}
	if got := string(AppendDoubleBits(nil, 0x8000000000000000)); got != "8000000000000000" {
		t.Errorf("-0: %s", got)
	}
}

// TestAppendStringWordScan: the eight-bytes-at-a-time scan escapes exactly what a byte-at-a-time one does, wherever
// in the word the byte to escape sits.
func TestAppendStringWordScan(t *testing.T) {
	reference := func(s string) string {
		out := []byte{'"'}
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '"' || c == '\\':
				out = append(out, '\\', c)
			case c == '\b':
				out = append(out, '\\', 'b')
			case c == '\t':
				out = append(out, '\\', 't')
			case c == '\n':
				out = append(out, '\\', 'n')
			case c == '\f':
				out = append(out, '\\', 'f')
			case c == '\r':
				out = append(out, '\\', 'r')
			case c < 0x20:
				out = append(out, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				out = append(out, c)
			}
		}
		return string(append(out, '"'))
	}
	rng := rand.New(rand.NewPCG(3, 5))
	special := []byte{0, 0x1f, 0x20, '"', '\\', '!', '#', '[', ']', 0x7f, 0x80, 0x9f, 0xa0, 0xa2, 0xdc, 0xff, 'a'}
	for i := 0; i < 50000; i++ {
		b := make([]byte, 0, 40)
		for n := rng.IntN(40); len(b) < n; {
			switch rng.IntN(6) {
			case 0:
				b = append(b, special[rng.IntN(len(special))])
			case 1:
				b = utf8.AppendRune(b, rune(rng.IntN(0x110000))) // mostly valid text beyond ASCII
			case 2:
				b = append(b, byte(rng.IntN(256)))
			default:
				b = append(b, byte(0x20+rng.IntN(0x5f)))
			}
		}
		if got, want := string(AppendString(nil, string(b))), reference(string(b)); got != want {
			t.Fatalf("AppendString(%q) = %s, want %s", b, got, want)
		}
		got, ok := AppendValidString([]byte("x"), string(b))
		if ok != utf8.Valid(b) || (ok && string(got) != "x"+reference(string(b))) || (!ok && string(got) != "x") {
			t.Fatalf("AppendValidString(%q) = %s, %v", b, got, ok)
		}
	}
	for at := 0; at < 24; at++ {
		for _, c := range special {
			b := []byte("abcdefghijklmnopqrstuvwx")
			b[at] = c
			if got, want := string(AppendString(nil, string(b))), reference(string(b)); got != want {
				t.Fatalf("AppendString(%q) = %s, want %s", b, got, want)
			}
		}
	}
}
