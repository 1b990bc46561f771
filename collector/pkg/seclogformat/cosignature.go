package seclogformat

// C2SP tlog-cosignature/v1 (Ed25519): a witness's timestamped signature over `cosignature/v1\ntime <ts>\n` followed by
// the checkpoint text, as one more signature line of the note.

import (
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"strconv"
)

// CosignatureKeyID is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4].
func CosignatureKeyID(name string, pub ed25519.PublicKey) uint32 {
	return KeyID(name, append([]byte{0x04}, pub...))
}

// CosignedMessage is what a cosigner signs for a checkpoint text at a POSIX timestamp (seconds).
func CosignedMessage(text string, timestamp uint64) []byte {
	return []byte("cosignature/v1\ntime " + strconv.FormatUint(timestamp, 10) + "\n" + text)
}

// CosignatureLine returns the note signature line of a cosignature of text by key under name at timestamp.
func CosignatureLine(name string, key ed25519.PrivateKey, text string, timestamp uint64) string {
	pub := key.Public().(ed25519.PublicKey)
	sig := binary.BigEndian.AppendUint64(make([]byte, 0, 72), timestamp)
	sig = append(sig, ed25519.Sign(key, CosignedMessage(text, timestamp))...)
	return SignatureLine(name, CosignatureKeyID(name, pub), sig)
}

// ErrNoCosignature: the note carries no valid cosignature by the witness key.
var ErrNoCosignature = errors.New("no valid cosignature by the witness key")

// VerifyCosignature looks for a valid cosignature line by pub (under any name whose key ID matches) and returns its
// timestamp.
func VerifyCosignature(n Note, pub ed25519.PublicKey) (uint64, error) {
	for _, s := range n.Signatures {
		if CosignatureKeyID(s.Name, pub) != s.KeyID || len(s.Sig) != 8+ed25519.SignatureSize {
			continue
		}
		ts := binary.BigEndian.Uint64(s.Sig[:8])
		if ts <= 1<<63-1 && ed25519.Verify(pub, CosignedMessage(n.Text, ts), s.Sig[8:]) {
			return ts, nil
		}
	}
	return 0, ErrNoCosignature
}
