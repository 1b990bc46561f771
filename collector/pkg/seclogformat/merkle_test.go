package seclogformat

import (
	"crypto/sha256"
	"strings"
	"testing"
)

func TestParseHashIsStrict(t *testing.T) {
	h := Hash(sha256.Sum256([]byte("x")))
	text := h.String()
	if got, err := ParseHash(text); err != nil || got != h {
		t.Fatalf("ParseHash(%q) = %v, %v", text, got, err)
	}
	if string(h.AppendBase64(nil)) != text {
		t.Fatalf("AppendBase64 differs from String")
	}
	// The last character before the padding carries 2 unused bits: setting them makes the text non-canonical.
	last := strings.IndexByte(base64Alphabet, text[42])
	stray := text[:42] + string(base64Alphabet[last|1]) + "="
	for _, bad := range []string{stray, text[:43], text + "=", strings.Repeat("A", 44), text[:42] + "==", "!" + text[1:]} {
		if _, err := ParseHash(bad); err == nil {
			t.Errorf("ParseHash(%q) accepted", bad)
		}
	}
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
