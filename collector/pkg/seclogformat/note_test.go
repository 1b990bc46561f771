package seclogformat

import (
	"crypto/ed25519"
	"strings"
	"testing"
)

// A note may carry up to 100 signature lines, and anyone can repeat a genuine one: each copy was checked again (key
// IDs and an Ed25519 verification per copy), a hundred times the work of the genuine note for a few KB more input,
// in live verify and again in the witness. A copy of a line already checked costs nothing, and the key counts once.
func TestVerifyChecksARepeatedSignatureLineOnce(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	s, _ := NewEd25519Signer("app.example/seclog", key)
	_, other, _ := ed25519.GenerateKey(nil)
	keys := []ed25519.PublicKey{other.Public().(ed25519.PublicKey), s.PublicKey()}
	note, _ := SignNote("seclog.integrity/v1/AbCdEfGhIjKlMnOpQrStUv\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", s)
	_, line, _ := strings.Cut(note, "\n\n")
	cost := func(copies int) float64 {
		n, err := ParseNote(note + strings.Repeat(line, copies))
		if err != nil {
			t.Fatal(err)
		}
		if _, idx, err := VerifyEd25519Keys(n, keys); err != nil || len(idx) != 1 || idx[0] != 1 {
			t.Fatalf("%d copies: keys %v, %v", copies, idx, err)
		}
		return testing.AllocsPerRun(20, func() { _, _, _ = VerifyEd25519Keys(n, keys) })
	}
	if one, many := cost(0), cost(MaxSignatures-1); many > one {
		t.Errorf("a note with its line repeated %d times costs %v allocations to verify, the note alone %v", MaxSignatures, many, one)
	}
}
