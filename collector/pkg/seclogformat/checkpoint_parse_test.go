package seclogformat

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestIsDecimalAndStreamID: the hand-written checks accept exactly what the specified patterns do.
func TestIsDecimalAndStreamID(t *testing.T) {
	count := regexp.MustCompile(`^(0|[1-9][0-9]{0,15})$`)
	stream := regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "0123456789a-_Z+/= \n\x00\xff"
	for i := 0; i < 200000; i++ {
		b := make([]byte, rng.IntN(24))
		for j := range b {
			if rng.IntN(3) == 0 {
				b[j] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[j] = byte('0' + rng.IntN(10))
			}
		}
		s := string(b)
		if isDecimal(s, 16) != count.MatchString(s) {
			t.Fatalf("isDecimal(%q, 16) = %v", s, isDecimal(s, 16))
		}
		if IsStreamID(s) != stream.MatchString(s) {
			t.Fatalf("IsStreamID(%q) = %v", s, IsStreamID(s))
		}
	}
	if !IsStreamID("AbCdEfGhIjKlMnOpQrSt-_") || IsStreamID("AbCdEfGhIjKlMnOpQrSt+/") {
		t.Error("stream id alphabet")
	}
}
