package seclogformat

import (
	"crypto/ed25519"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

func TestCosignedNoteOpensWithSumdbNoteAndVerifies(t *testing.T) {
	v := loadCheckpointVectors(t)
	c := v.Checkpoints[2]
	_, witness, _ := ed25519.GenerateKey(nil)
	cosigned := c.SignedEd25519 + CosignatureLine("witness.example/w1", witness, c.Text, 1764000000)
	// golang.org/x/mod/sumdb/note opens it with the producer's key (it ignores the unknown cosignature line).
	verifier, err := note.NewVerifier(v.Keys.Ed25519.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open([]byte(cosigned), note.VerifierList(verifier))
	if err != nil || n.Text != c.Text || len(n.Sigs) != 1 || len(n.UnverifiedSigs) != 1 {
		t.Fatalf("sumdb/note: %v", err)
	}
	parsed, err := ParseNote(cosigned)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := VerifyCosignature(parsed, witness.Public().(ed25519.PublicKey))
	if err != nil || ts != 1764000000 {
		t.Fatalf("cosignature: %d %v", ts, err)
	}
	// The message layout of C2SP tlog-cosignature/v1.
	if got := string(CosignedMessage("o\n1\nr\n", 5)); got != "cosignature/v1\ntime 5\no\n1\nr\n" {
		t.Errorf("message %q", got)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if _, err := VerifyCosignature(parsed, other); err != ErrNoCosignature {
		t.Error("accepted a cosignature under another key")
	}
	parsed.Text = strings.Replace(parsed.Text, "\nk 2\n", "\nk 3\n", 1)
	if _, err := VerifyCosignature(parsed, witness.Public().(ed25519.PublicKey)); err != ErrNoCosignature {
		t.Error("accepted a cosignature over another text")
	}
}
