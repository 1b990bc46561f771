package seclogformat

import (
	"crypto/sha256"
	"encoding/base64"
	"strconv"
)

// Limits of docs/spec/olcf-1.md, "Limits".
const (
	// MaxDepth is the deepest accepted container level.
	MaxDepth = 128
	// MaxValues is the largest accepted number of AnyValues in one record.
	MaxValues = 1_000_000
)

// DefaultNamespace is the default integrity attribute namespace <ns>.
const DefaultNamespace = "seclog.integrity"

// Reason is the reason code of an unverifiable leaf (docs/spec/olcf-1.md, "The unverifiable leaf").
type Reason string

// The seven reasons.
const (
	ReasonCycle         Reason = "cycle"
	ReasonDepthExceeded Reason = "depth-exceeded"
	ReasonTooManyValues Reason = "too-many-values"
	ReasonDuplicateKey  Reason = "duplicate-key"
	ReasonInvalidField  Reason = "invalid-field"
	ReasonInvalidValue  Reason = "invalid-value"
	ReasonInternalError Reason = "internal-error"
)

// Reasons lists every reason, for a verifier that recognises an unverifiable leaf by its digest.
var Reasons = []Reason{ReasonCycle, ReasonDepthExceeded, ReasonTooManyValues, ReasonDuplicateKey, ReasonInvalidField,
	ReasonInvalidValue, ReasonInternalError}

// Error makes a Reason usable as the error that stops an encoding.
func (r Reason) Error() string { return string(r) }

// Seal is what slots 1–3 of the record tuple hold.
type Seal struct {
	StreamID string `json:"streamId"`
	// Seq is the decimal seq.
	Seq string `json:"seq"`
	// ResourceDigest is the base64 resource digest.
	ResourceDigest string `json:"resourceDigest"`
}

// NewSeal builds a Seal from a numeric seq.
func NewSeal(streamID string, seq uint64, resourceDigest string) Seal {
	return Seal{StreamID: streamID, Seq: strconv.FormatUint(seq, 10), ResourceDigest: resourceDigest}
}

// Canonical is the outcome of canonicalizing one record: the bytes that are hashed, and the reason when they are the
// unverifiable leaf.
type Canonical struct {
	OK     bool
	Reason Reason
	Text   []byte
}

// Digest is the record digest SHA-256(text).
func (c Canonical) Digest() Hash { return sha256.Sum256(c.Text) }

// UnverifiableText is the canonical text of the unverifiable leaf.
func UnverifiableText(streamID, seq string, reason Reason) []byte {
	b := make([]byte, 0, 64+len(streamID))
	b = append(b, `["olcf1-unverifiable",`...)
	b = AppendString(b, streamID)
	b = append(b, ',')
	b = AppendString(b, seq)
	b = append(b, ',')
	b = AppendString(b, string(reason))
	return append(b, ']')
}

// Unverifiable returns the Canonical of the unverifiable leaf for a reason.
func Unverifiable(s Seal, reason Reason) Canonical {
	return Canonical{Reason: reason, Text: UnverifiableText(s.StreamID, s.Seq, reason)}
}

// UnverifiableDigests are the digests of the unverifiable tuple for each of the seven reasons.
func UnverifiableDigests(streamID, seq string) []Hash {
	out := make([]Hash, len(Reasons))
	for i, r := range Reasons {
		out[i] = sha256.Sum256(UnverifiableText(streamID, seq, r))
	}
	return out
}

// ResourceDigest is base64(SHA-256(canonical resource text)).
func ResourceDigest(text []byte) string {
	d := sha256.Sum256(text)
	return base64.StdEncoding.EncodeToString(d[:])
}

// AppendResourceText appends `["olcf1-resource",<pairs>,"<dropped>"]` given the encoded attribute pair array.
func AppendResourceText(buf, pairs []byte, dropped uint32) []byte {
	buf = append(buf, `["olcf1-resource",`...)
	buf = append(buf, pairs...)
	buf = append(buf, ',', '"')
	buf = strconv.AppendUint(buf, uint64(dropped), 10)
	return append(buf, '"', ']')
}

// AppendDoubleBits appends the 16 lowercase hex digits of the IEEE 754 bits of f; every NaN is 7ff8000000000000.
func AppendDoubleBits(buf []byte, bits uint64) []byte {
	if bits&0x7ff0000000000000 == 0x7ff0000000000000 && bits&0x000fffffffffffff != 0 {
		bits = 0x7ff8000000000000
	}
	for shift := 60; shift >= 0; shift -= 4 {
		buf = append(buf, hexDigits[(bits>>uint(shift))&0xf])
	}
	return buf
}
