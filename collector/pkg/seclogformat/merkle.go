package seclogformat

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/bits"
)

// Hash is a SHA-256 value: a record digest, a leaf or node hash, a root. As text (JSON) it is standard base64.
type Hash [32]byte

// String is the standard padded base64 of h.
func (h Hash) String() string { return base64.StdEncoding.EncodeToString(h[:]) }

// MarshalText writes h in standard padded base64.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads a canonical base64 hash (44 characters, 32 bytes).
func (h *Hash) UnmarshalText(b []byte) error {
	v, err := ParseHash(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// ErrBadHash is returned for text that is not exactly 44 characters of canonical base64 decoding to 32 bytes.
var ErrBadHash = errors.New("seclogformat: not a canonical base64 SHA-256 hash")

// strictBase64 rejects stray bits in the last character; Strict returns a new Encoding, so it is made once.
var strictBase64 = base64.StdEncoding.Strict()

// AppendBase64 appends the standard padded base64 of h (44 characters).
func (h Hash) AppendBase64(b []byte) []byte { return base64.StdEncoding.AppendEncode(b, h[:]) }

// ParseHash reads a hash as checkpoints write it: 44 characters of canonical base64 (padded, no stray bits).
func ParseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != 44 {
		return h, ErrBadHash
	}
	// 44 characters decode to at most 33 bytes; decoding in place spares a leaf list one allocation per digest.
	var src [44]byte
	var raw [33]byte
	copy(src[:], s)
	n, err := strictBase64.Decode(raw[:], src[:])
	if err != nil || n != 32 {
		return h, ErrBadHash
	}
	copy(h[:], raw[:n])
	return h, nil
}

// EmptyRoot is the root of the empty tree, SHA-256("").
var EmptyRoot = Hash(sha256.Sum256(nil))

// LeafHash is the RFC 6962 leaf hash SHA-256(0x00 ‖ d) of a record digest d (docs/spec/merkle.md).
func LeafHash(d Hash) Hash {
	var b [33]byte
	copy(b[1:], d[:])
	return sha256.Sum256(b[:])
}

// NodeHash is SHA-256(0x01 ‖ l ‖ r).
func NodeHash(l, r Hash) Hash {
	var b [65]byte
	b[0] = 1
	copy(b[1:], l[:])
	copy(b[33:], r[:])
	return sha256.Sum256(b[:])
}

// CompactRange holds the roots of the perfect subtrees that make up [0, size), largest first: popcount(size) hashes,
// at most 64, so a stream of any length needs bounded memory (docs/spec/merkle.md, "Compact range").
type CompactRange struct {
	size  uint64
	nodes []Hash
}

// NewCompactRange restores a compact range from its size and nodes (e.g. a checkpoint's c line). It reports false
// when the number of nodes is not popcount(size).
func NewCompactRange(size uint64, nodes []Hash) (CompactRange, bool) {
	if len(nodes) != bits.OnesCount64(size) {
		return CompactRange{}, false
	}
	return CompactRange{size: size, nodes: append([]Hash(nil), nodes...)}, true
}

// Size is the number of leaves.
func (c *CompactRange) Size() uint64 { return c.size }

// Nodes returns a copy of the nodes, largest subtree first.
func (c *CompactRange) Nodes() []Hash { return append([]Hash(nil), c.nodes...) }

// Clone returns an independent copy.
func (c *CompactRange) Clone() CompactRange {
	return CompactRange{size: c.size, nodes: append([]Hash(nil), c.nodes...)}
}

// AppendLeaf appends a leaf hash.
func (c *CompactRange) AppendLeaf(h Hash) {
	for s := c.size; s&1 == 1; s >>= 1 {
		h = NodeHash(c.nodes[len(c.nodes)-1], h)
		c.nodes = c.nodes[:len(c.nodes)-1]
	}
	c.nodes = append(c.nodes, h)
	c.size++
}

// AppendDigest appends the leaf of a record digest.
func (c *CompactRange) AppendDigest(d Hash) { c.AppendLeaf(LeafHash(d)) }

// Root is the RFC 6962 root of the leaves (EmptyRoot for none).
func (c *CompactRange) Root() Hash {
	if len(c.nodes) == 0 {
		return EmptyRoot
	}
	r := c.nodes[len(c.nodes)-1]
	for i := len(c.nodes) - 2; i >= 0; i-- {
		r = NodeHash(c.nodes[i], r)
	}
	return r
}
