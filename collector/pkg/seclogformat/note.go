package seclogformat

// C2SP signed notes (docs/spec/checkpoint-note.md, "Signed note" and "Key IDs"): key IDs for Ed25519 and HMAC,
// signature lines, signing, parsing and verifying.

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxNoteBytes bounds a signed note.
const MaxNoteBytes = 1 << 20

// MaxSignatures bounds the signature lines of a note.
const MaxSignatures = 100

// KeyID is the first four bytes, big endian, of SHA-256(name ‖ 0x0A ‖ typeAndKey).
func KeyID(name string, typeAndKey []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n'})
	h.Write(typeAndKey)
	return binary.BigEndian.Uint32(h.Sum(nil)[:4])
}

// Ed25519KeyID is the key ID of an Ed25519 public key under a key name (the C2SP / sumdb/note rule).
func Ed25519KeyID(name string, pub ed25519.PublicKey) uint32 {
	return KeyID(name, append([]byte{0x01}, pub...))
}

// HMACKeyID is the key ID of an HMAC-SHA256 secret under a key name (a one-way fingerprint of the secret).
func HMACKeyID(name string, secret []byte) uint32 {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("seclog key id"))
	fingerprint := sha256.Sum256(m.Sum(nil))
	typeAndKey := append(append([]byte{0xff}, "seclog-hmac-sha256\n"...), fingerprint[:]...)
	return KeyID(name, typeAndKey)
}

// VerifierKey is the verifier key string `<name>+<key ID hex>+<base64(0x01 ‖ public key)>` that
// golang.org/x/mod/sumdb/note's NewVerifier accepts.
func VerifierKey(name string, pub ed25519.PublicKey) string {
	return fmt.Sprintf("%s+%08x+%s", name, Ed25519KeyID(name, pub), base64.StdEncoding.EncodeToString(append([]byte{0x01}, pub...)))
}

// ValidKeyName says whether name is a usable key name: 1 to 256 UTF-16 code units, well-formed, no '+', no
// whitespace, no control character.
func ValidKeyName(name string) bool {
	if name == "" || !utf8.ValidString(name) || len(utf16.Encode([]rune(name))) > 256 {
		return false
	}
	for _, r := range name {
		if r == '+' || r < 0x20 || r == 0x7f || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// SignatureLine formats `— <name> <base64(key ID ‖ signature)>\n`.
func SignatureLine(name string, id uint32, sig []byte) string {
	raw := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(sig)), id)
	return "\u2014 " + name + " " + base64.StdEncoding.EncodeToString(append(raw, sig...)) + "\n"
}

// Signer signs note texts.
type Signer interface {
	Name() string
	KeyID() uint32
	Sign(text []byte) ([]byte, error)
}

// Ed25519Signer signs with an Ed25519 private key. Its String and GoString never show the key.
type Ed25519Signer struct {
	name string
	key  ed25519.PrivateKey
	id   uint32
}

// NewEd25519Signer returns a signer; the name must be a valid key name.
func NewEd25519Signer(name string, key ed25519.PrivateKey) (*Ed25519Signer, error) {
	if !ValidKeyName(name) {
		return nil, errors.New("seclogformat: invalid key name (1 to 256 characters, no '+', no whitespace)")
	}
	if len(key) != ed25519.PrivateKeySize {
		return nil, errors.New("seclogformat: not an Ed25519 private key")
	}
	pub := key.Public().(ed25519.PublicKey)
	return &Ed25519Signer{name: name, key: key, id: Ed25519KeyID(name, pub)}, nil
}

// Name is the key name.
func (s *Ed25519Signer) Name() string { return s.name }

// KeyID is the key ID.
func (s *Ed25519Signer) KeyID() uint32 { return s.id }

// PublicKey is the public half.
func (s *Ed25519Signer) PublicKey() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// Sign is pure Ed25519 over the text bytes.
func (s *Ed25519Signer) Sign(text []byte) ([]byte, error) { return ed25519.Sign(s.key, text), nil }

// String names the signer without key material.
func (s *Ed25519Signer) String() string { return fmt.Sprintf("ed25519 signer %s+%08x", s.name, s.id) }

// GoString is String, so %#v never prints the key.
func (s *Ed25519Signer) GoString() string { return s.String() }

// HMACSigner signs with HMAC-SHA256 (whoever can verify can also forge).
type HMACSigner struct {
	name   string
	secret []byte
	id     uint32
}

// NewHMACSigner returns an HMAC signer; the secret must be at least 32 bytes.
func NewHMACSigner(name string, secret []byte) (*HMACSigner, error) {
	if !ValidKeyName(name) {
		return nil, errors.New("seclogformat: invalid key name")
	}
	if len(secret) < 32 {
		return nil, errors.New("seclogformat: HMAC secret shorter than 32 bytes")
	}
	return &HMACSigner{name: name, secret: append([]byte(nil), secret...), id: HMACKeyID(name, secret)}, nil
}

// Name is the key name.
func (s *HMACSigner) Name() string { return s.name }

// KeyID is the key ID.
func (s *HMACSigner) KeyID() uint32 { return s.id }

// Sign is HMAC-SHA256 over the text bytes.
func (s *HMACSigner) Sign(text []byte) ([]byte, error) {
	m := hmac.New(sha256.New, s.secret)
	m.Write(text)
	return m.Sum(nil), nil
}

// String names the signer without key material.
func (s *HMACSigner) String() string { return fmt.Sprintf("hmac signer %s+%08x", s.name, s.id) }

// GoString is String.
func (s *HMACSigner) GoString() string { return s.String() }

// SignNote returns text, a blank line and one signature line per signer.
func SignNote(text string, signers ...Signer) (string, error) {
	if err := checkNoteText(text); err != nil {
		return "", err
	}
	var b strings.Builder
	size := len(text) + 1
	for _, s := range signers {
		size += len("\u2014 ") + len(s.Name()) + 1 + 92 + 1 // 92: base64 of a key ID and an Ed25519 signature
	}
	b.Grow(size)
	b.WriteString(text)
	b.WriteByte('\n')
	msg := []byte(text)
	for _, s := range signers {
		sig, err := s.Sign(msg)
		if err != nil {
			return "", fmt.Errorf("seclogformat: signing with %s: %w", s.Name(), err)
		}
		b.WriteString(SignatureLine(s.Name(), s.KeyID(), sig))
	}
	return b.String(), nil
}

// NoteSignature is one signature line.
type NoteSignature struct {
	Name  string
	KeyID uint32
	Sig   []byte
}

// Note is a parsed signed note.
type Note struct {
	Text       string
	Signatures []NoteSignature
}

// NoteError says why a note is malformed.
type NoteError struct{ Msg string }

func (e *NoteError) Error() string { return "malformed signed note: " + e.Msg }

func checkNoteText(text string) error {
	if !strings.HasSuffix(text, "\n") {
		return &NoteError{"text must end with a newline"}
	}
	if !utf8.ValidString(text) {
		return &NoteError{"text is not UTF-8"}
	}
	for i := 0; i < len(text); i++ { // in valid UTF-8 a byte below 0x20 is always that character
		if text[i] < 0x20 && text[i] != '\n' {
			return &NoteError{"control character in text"}
		}
	}
	return nil
}

// ParseNote splits a signed note at its last blank line and reads the signature lines (docs/spec/checkpoint-note.md,
// "Signed note"). It does not verify anything.
func ParseNote(note string) (Note, error) {
	if len(note) > MaxNoteBytes {
		return Note{}, &NoteError{"note too large"}
	}
	at := strings.LastIndex(note, "\n\n")
	if at < 0 {
		return Note{}, &NoteError{"no signature block"}
	}
	n := Note{Text: note[:at+1]}
	if err := checkNoteText(n.Text); err != nil {
		return Note{}, err
	}
	rest := note[at+2:]
	if rest == "" || !strings.HasSuffix(rest, "\n") {
		return Note{}, &NoteError{"signature lines must end with a newline"}
	}
	for _, line := range strings.Split(strings.TrimSuffix(rest, "\n"), "\n") {
		if len(n.Signatures) == MaxSignatures {
			return Note{}, &NoteError{"too many signatures"}
		}
		body, ok := strings.CutPrefix(line, "\u2014 ")
		if !ok {
			return Note{}, &NoteError{"bad signature line"}
		}
		name, b64, ok := strings.Cut(body, " ")
		if !ok || !ValidKeyName(name) || strings.Contains(b64, " ") {
			return Note{}, &NoteError{"bad signature line"}
		}
		raw, err := base64.StdEncoding.Strict().DecodeString(b64)
		if err != nil || len(raw) < 5 || base64.StdEncoding.EncodeToString(raw) != b64 {
			return Note{}, &NoteError{"bad signature encoding"}
		}
		n.Signatures = append(n.Signatures, NoteSignature{Name: name, KeyID: binary.BigEndian.Uint32(raw), Sig: raw[4:]})
	}
	return n, nil
}

// repeatsLine says whether s is a copy of one of the earlier lines.
func repeatsLine(earlier []NoteSignature, s NoteSignature) bool {
	for _, e := range earlier {
		if e.KeyID == s.KeyID && e.Name == s.Name && bytes.Equal(e.Sig, s.Sig) {
			return true
		}
	}
	return false
}

// ErrNoTrustedSignature: no signature line of the note is by a trusted key.
var ErrNoTrustedSignature = errors.New("no signature by a trusted key")

// ErrBadSignature: a signature line of a trusted key does not verify; the whole note is rejected.
var ErrBadSignature = errors.New("a signature by a trusted key does not verify")

// VerifyEd25519 checks a parsed note against Ed25519 public keys given without names, as `seclog verify` does: each
// key is tried under the name a line claims, so the line's key ID must be the ID that key and name give. It returns
// the name of the first verified line of each key; a failing signature of a matching key rejects the note
// (ErrBadSignature); lines of unknown keys (e.g. witness cosignatures) are ignored.
func VerifyEd25519(n Note, keys []ed25519.PublicKey) ([]string, error) {
	names, _, err := VerifyEd25519Keys(n, keys)
	return names, err
}

// VerifyEd25519Keys is VerifyEd25519 that also says which keys verified: the index in keys of each key that verified
// a line, once per key, in line order (a stream is signed by one key, so a verifier compares them across a stream's
// checkpoints). A line repeated, or the same key under another name, still has its signature checked but adds no
// second entry: anyone can copy a signature line, so the set of keys must not depend on how many copies a note holds.
func VerifyEd25519Keys(n Note, keys []ed25519.PublicKey) ([]string, []int, error) {
	var verified []string
	var indexes []int
	var msg []byte // the text as bytes, made once for all the lines to check
	for j, s := range n.Signatures {
		if repeatsLine(n.Signatures[:j], s) {
			continue // checked already, with the same outcome: copies must not multiply the work
		}
		for i, k := range keys {
			if Ed25519KeyID(s.Name, k) != s.KeyID {
				continue
			}
			if msg == nil {
				msg = []byte(n.Text)
			}
			if len(s.Sig) != ed25519.SignatureSize || !ed25519.Verify(k, msg, s.Sig) {
				return nil, nil, ErrBadSignature
			}
			if !slices.Contains(indexes, i) {
				verified = append(verified, s.Name)
				indexes = append(indexes, i)
			}
			break
		}
	}
	if len(verified) == 0 {
		return nil, nil, ErrNoTrustedSignature
	}
	return verified, indexes, nil
}
