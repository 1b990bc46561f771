package main

// Checkpoints and stream bodies, implemented from docs/spec/checkpoint-note.md, docs/spec/merkle.md and
// docs/spec/stream-records.md only: RFC 6962 hashing and the compact range, the checkpoint text (format and a strict
// v1 parser), key IDs for Ed25519 and HMAC, signature lines, and the genesis / resource-snapshot bodies.

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"regexp"
	"strconv"
	"strings"
)

// ---- Merkle (merkle.md) ----

func nodeHash(l, r []byte) []byte {
	h := sha256.New()
	h.Write([]byte{1})
	h.Write(l)
	h.Write(r)
	return h.Sum(nil)
}

// compactRange holds the perfect-subtree roots of [0, size), largest first.
type compactRange struct {
	size  uint64
	nodes [][]byte
}

func (c *compactRange) appendLeaf(h []byte) {
	for s := c.size; s&1 == 1; s >>= 1 {
		h = nodeHash(c.nodes[len(c.nodes)-1], h)
		c.nodes = c.nodes[:len(c.nodes)-1]
	}
	c.nodes = append(c.nodes, h)
	c.size++
}

func (c *compactRange) root() []byte {
	if len(c.nodes) == 0 {
		e := sha256.Sum256(nil)
		return e[:]
	}
	r := c.nodes[len(c.nodes)-1]
	for i := len(c.nodes) - 2; i >= 0; i-- {
		r = nodeHash(c.nodes[i], r)
	}
	return r
}

// ---- Checkpoint text (checkpoint-note.md) ----

type seqRange struct {
	Start uint64 `json:"start"`
	End   uint64 `json:"end"`
}

// checkpointFields is a checkpoint as checkpoints.json gives it: hashes in base64, times as decimal strings.
type checkpointFields struct {
	Namespace      string     `json:"namespace"`
	StreamID       string     `json:"streamId"`
	TreeSize       uint64     `json:"treeSize"`
	Root           string     `json:"root"`
	Index          uint64     `json:"index"`
	TimeUnixNano   string     `json:"timeUnixNano"`
	MonotonicNanos string     `json:"monotonicNanos"`
	Epoch          uint64     `json:"epoch"`
	PreviousHash   string     `json:"previousHash"`
	RangeStart     uint64     `json:"rangeStart"`
	RangeEnd       uint64     `json:"rangeEnd"`
	LeafDigests    []string   `json:"leafDigests,omitempty"`
	CompactRange   []string   `json:"compactRange,omitempty"`
	DroppedRanges  []seqRange `json:"droppedRanges,omitempty"`
	RefusedRecords uint64     `json:"refusedRecords,omitempty"`
	Final          bool       `json:"final"`
	// hasCompactRange distinguishes an absent c line from a bare one (tree size 0).
	hasCompactRange bool
}

func formatCheckpoint(f checkpointFields) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/v1/%s\n%d\n%s\n", f.Namespace, f.StreamID, f.TreeSize, f.Root)
	fmt.Fprintf(&b, "k %d\nt %s\nm %s\ne %d\np %s\nr %d %d\n", f.Index, f.TimeUnixNano, f.MonotonicNanos, f.Epoch,
		f.PreviousHash, f.RangeStart, f.RangeEnd)
	if len(f.LeafDigests) > 0 {
		b.WriteString("l " + strings.Join(f.LeafDigests, " ") + "\n")
	}
	if len(f.CompactRange) > 0 {
		b.WriteString("c " + strings.Join(f.CompactRange, " ") + "\n")
	} else if f.hasCompactRange {
		b.WriteString("c\n")
	}
	if len(f.DroppedRanges) > 0 {
		parts := make([]string, 0, 2*len(f.DroppedRanges))
		for _, r := range f.DroppedRanges {
			parts = append(parts, strconv.FormatUint(r.Start, 10), strconv.FormatUint(r.End, 10))
		}
		b.WriteString("d " + strings.Join(parts, " ") + "\n")
	}
	if f.RefusedRecords > 0 {
		fmt.Fprintf(&b, "x %d\n", f.RefusedRecords)
	}
	if f.Final {
		b.WriteString("f\n")
	}
	return b.String()
}

var (
	countRe  = regexp.MustCompile(`^(0|[1-9][0-9]{0,15})$`)
	timeRe   = regexp.MustCompile(`^(0|[1-9][0-9]{0,19})$`)
	streamRe = regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)
)

const maxSafeInteger = 1<<53 - 1

func parseCount(s string) (uint64, error) {
	if !countRe.MatchString(s) {
		return 0, fmt.Errorf("bad count %q", s)
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > maxSafeInteger {
		return 0, fmt.Errorf("count %q too large", s)
	}
	return n, nil
}

func parseHash(s string) (string, error) {
	if len(s) != 44 {
		return "", fmt.Errorf("bad hash %q", s)
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(raw) != 32 || base64.StdEncoding.EncodeToString(raw) != s {
		return "", fmt.Errorf("bad hash %q", s)
	}
	return s, nil
}

// parseCheckpoint is a strict v1 parser: known lines only, in order, each at most once.
func parseCheckpoint(text, namespace string) (checkpointFields, error) {
	var f checkpointFields
	if !strings.HasSuffix(text, "\n") {
		return f, errors.New("no final newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return f, errors.New("too short")
	}
	origin := lines[0]
	at := strings.LastIndex(origin, "/v1/")
	if at < 0 {
		return f, errors.New("bad origin")
	}
	f.Namespace, f.StreamID = origin[:at], origin[at+4:]
	if f.Namespace != namespace || !streamRe.MatchString(f.StreamID) {
		return f, errors.New("bad origin")
	}
	var err error
	if f.TreeSize, err = parseCount(lines[1]); err != nil {
		return f, err
	}
	if f.Root, err = parseHash(lines[2]); err != nil {
		return f, err
	}
	i := 3
	// next returns the values of line i when it has the given key (nil, false when it has not).
	next := func(key string) ([]string, bool) {
		if i >= len(lines) {
			return nil, false
		}
		l := lines[i]
		if l == key {
			i++
			return []string{}, true
		}
		if !strings.HasPrefix(l, key+" ") {
			return nil, false
		}
		i++
		return strings.Split(l[len(key)+1:], " "), true
	}
	one := func(key string) (string, error) {
		v, ok := next(key)
		if !ok || len(v) != 1 {
			return "", fmt.Errorf("missing or bad %s line", key)
		}
		return v[0], nil
	}
	var s string
	if s, err = one("k"); err != nil {
		return f, err
	}
	if f.Index, err = parseCount(s); err != nil {
		return f, err
	}
	for _, key := range []string{"t", "m"} {
		if s, err = one(key); err != nil {
			return f, err
		}
		if !timeRe.MatchString(s) {
			return f, fmt.Errorf("bad %s", key)
		}
		if key == "t" {
			f.TimeUnixNano = s
		} else {
			f.MonotonicNanos = s
		}
	}
	if s, err = one("e"); err != nil {
		return f, err
	}
	if f.Epoch, err = parseCount(s); err != nil {
		return f, err
	}
	if s, err = one("p"); err != nil {
		return f, err
	}
	if f.PreviousHash, err = parseHash(s); err != nil {
		return f, err
	}
	r, ok := next("r")
	if !ok || len(r) != 2 {
		return f, errors.New("missing or bad r line")
	}
	if f.RangeStart, err = parseCount(r[0]); err != nil {
		return f, err
	}
	if f.RangeEnd, err = parseCount(r[1]); err != nil {
		return f, err
	}
	if f.RangeStart > f.RangeEnd || f.RangeEnd != f.TreeSize {
		return f, errors.New("r must end at the tree size")
	}
	if l, ok := next("l"); ok {
		if uint64(len(l)) != f.RangeEnd-f.RangeStart {
			return f, errors.New("leaf list length differs from the range")
		}
		for _, d := range l {
			if _, err := parseHash(d); err != nil {
				return f, err
			}
		}
		f.LeafDigests = l
	}
	if c, ok := next("c"); ok {
		if len(c) != bits.OnesCount64(f.TreeSize) {
			return f, errors.New("compact range does not match the tree size")
		}
		for _, n := range c {
			if _, err := parseHash(n); err != nil {
				return f, err
			}
		}
		f.CompactRange, f.hasCompactRange = c, true
	}
	if d, ok := next("d"); ok {
		if len(d) == 0 || len(d)%2 != 0 || len(d) > 128 {
			return f, errors.New("bad d line")
		}
		var floor uint64
		for j := 0; j < len(d); j += 2 {
			start, err1 := parseCount(d[j])
			end, err2 := parseCount(d[j+1])
			if err1 != nil || err2 != nil || start < floor || end <= start || end > f.TreeSize {
				return f, errors.New("d ranges must be non-empty, ascending, disjoint and inside the tree")
			}
			f.DroppedRanges = append(f.DroppedRanges, seqRange{start, end})
			floor = end
		}
	}
	if x, ok := next("x"); ok {
		if len(x) != 1 {
			return f, errors.New("bad x line")
		}
		if f.RefusedRecords, err = parseCount(x[0]); err != nil || f.RefusedRecords == 0 {
			return f, errors.New("x must be a positive count")
		}
	}
	if v, ok := next("f"); ok {
		if len(v) != 0 {
			return f, errors.New("f has no value")
		}
		f.Final = true
	}
	if i != len(lines) {
		return f, fmt.Errorf("unexpected line %d", i+1)
	}
	return f, nil
}

// ---- Keys and signatures (checkpoint-note.md, "Key IDs") ----

func keyID(name string, typeAndKey []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write(typeAndKey)
	return binary.BigEndian.Uint32(h.Sum(nil)[:4])
}

func ed25519KeyID(name string, pub ed25519.PublicKey) uint32 {
	return keyID(name, append([]byte{0x01}, pub...))
}

func hmacKeyID(name string, secret []byte) uint32 {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("seclog key id"))
	fingerprint := sha256.Sum256(m.Sum(nil))
	typeAndKey := append(append([]byte{0xff}, []byte("seclog-hmac-sha256\n")...), fingerprint[:]...)
	return keyID(name, typeAndKey)
}

func signatureLine(name string, id uint32, sig []byte) string {
	raw := binary.BigEndian.AppendUint32(nil, id)
	return "\u2014 " + name + " " + base64.StdEncoding.EncodeToString(append(raw, sig...)) + "\n"
}

func ed25519Line(name string, key ed25519.PrivateKey, text string) string {
	pub := key.Public().(ed25519.PublicKey)
	return signatureLine(name, ed25519KeyID(name, pub), ed25519.Sign(key, []byte(text)))
}

func hmacLine(name string, secret []byte, text string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(text))
	return signatureLine(name, hmacKeyID(name, secret), m.Sum(nil))
}

// ---- Genesis and resource snapshot bodies (stream-records.md) ----

type genesisFields struct {
	Namespace   string `json:"namespace"`
	StreamID    string `json:"streamId"`
	OlcfVersion string `json:"olcfVersion"`
	TimeUnix    string `json:"timeUnixNano"`
	Policy      struct {
		MaxRecords    uint64 `json:"maxRecords"`
		MaxIntervalMs uint64 `json:"maxIntervalMs"`
		HeartbeatMs   uint64 `json:"heartbeatMs"`
		LeafList      bool   `json:"leafList"`
	} `json:"policy"`
	Identity struct {
		ServiceName       string `json:"serviceName"`
		ServiceInstanceID string `json:"serviceInstanceId"`
		HostName          string `json:"hostName"`
	} `json:"identity"`
	ResourceDigest string `json:"resourceDigest"`
	ResourceText   string `json:"resourceText"`
}

func formatGenesis(g genesisFields) string {
	leaf := 0
	if g.Policy.LeafList {
		leaf = 1
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "seclog-genesis/v1\no %s/v1/%s\nv %s\nt %s\nq %d %d %d %d\n", g.Namespace, g.StreamID, g.OlcfVersion,
		g.TimeUnix, g.Policy.MaxRecords, g.Policy.MaxIntervalMs, g.Policy.HeartbeatMs, leaf)
	b.WriteString("i [")
	appendJSONString(&b, g.Identity.ServiceName)
	b.WriteByte(',')
	appendJSONString(&b, g.Identity.ServiceInstanceID)
	b.WriteByte(',')
	appendJSONString(&b, g.Identity.HostName)
	b.WriteString("]\n")
	fmt.Fprintf(&b, "d %s\nr %s\n", g.ResourceDigest, g.ResourceText)
	return b.String()
}

func formatResourceSnapshot(g genesisFields) string {
	return fmt.Sprintf("seclog-resource/v1\no %s/v1/%s\nd %s\nr %s\n", g.Namespace, g.StreamID, g.ResourceDigest,
		g.ResourceText)
}
