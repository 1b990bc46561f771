package seclogformat

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vectorDir is the repository's golden vector directory (tests never read outside the repository).
var vectorDir = filepath.Join("..", "..", "..", "packages", "integrity", "test-vectors")

// readVectors parses a vector file with numbers kept as json.Number.
func readVectors(t testing.TB, name string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(vectorDir, name))
	if err != nil {
		t.Fatalf("golden vectors: %v", err)
	}
	v, err := ParseJSON(raw)
	if err != nil {
		t.Fatalf("golden vectors %s: %v", name, err)
	}
	return v.(map[string]any)
}

// ExpandRepeats replaces {"$repeat": n, "value": v} array elements of the vector files by n copies of v.
func ExpandRepeats(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, 0, len(x))
		for _, el := range x {
			if m, ok := el.(map[string]any); ok {
				if n, ok := m["$repeat"].(json.Number); ok {
					count, _ := n.Int64()
					item := ExpandRepeats(m["value"])
					for i := int64(0); i < count; i++ {
						out = append(out, item)
					}
					continue
				}
			}
			out = append(out, ExpandRepeats(el))
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, el := range x {
			out[k] = ExpandRepeats(el)
		}
		return out
	default:
		return v
	}
}

type recordExpect struct {
	OK              bool
	Reason          string
	Canonical       string
	CanonicalLength int
	Digest          string
	LeafHash        string
}

func expectOf(c map[string]any) recordExpect {
	e := c["expect"].(map[string]any)
	r := recordExpect{OK: e["ok"].(bool)}
	r.Reason, _ = e["reason"].(string)
	r.Canonical, _ = e["canonical"].(string)
	if n, ok := e["canonicalLength"].(json.Number); ok {
		l, _ := n.Int64()
		r.CanonicalLength = int(l)
	}
	r.Digest = e["digest"].(string)
	r.LeafHash = e["leafHash"].(string)
	return r
}

func sealOf(c map[string]any) Seal {
	s := c["seal"].(map[string]any)
	return Seal{StreamID: s["streamId"].(string), Seq: s["seq"].(string), ResourceDigest: s["resourceDigest"].(string)}
}

func checkCanonical(t *testing.T, where string, got Canonical, want recordExpect) {
	t.Helper()
	if got.OK != want.OK || string(got.Reason) != want.Reason {
		t.Errorf("%s: ok=%v reason=%q, want ok=%v reason=%q", where, got.OK, got.Reason, want.OK, want.Reason)
	}
	if want.Canonical != "" && string(got.Text) != want.Canonical {
		t.Errorf("%s: canonical\n got %s\nwant %s", where, got.Text, want.Canonical)
	}
	if want.Canonical == "" && len(got.Text) != want.CanonicalLength {
		t.Errorf("%s: canonical length %d, want %d", where, len(got.Text), want.CanonicalLength)
	}
	d := got.Digest()
	if d.String() != want.Digest {
		t.Errorf("%s: digest %s, want %s", where, d, want.Digest)
	}
	lh := LeafHash(d)
	if hex.EncodeToString(lh[:]) != want.LeafHash {
		t.Errorf("%s: leaf hash mismatch", where)
	}
}

func TestOLCF1VectorsFromOTLPJSON(t *testing.T) {
	v := readVectors(t, "olcf1.json")
	ns := v["namespace"].(string)
	checked := 0
	for _, r := range v["records"].([]any) {
		c := r.(map[string]any)
		name := c["name"].(string)
		s, want := sealOf(c), expectOf(c)
		run := func(input string, wrapper any) {
			w, _ := wrapper.(map[string]any)
			scope, scopePresent := w["scope"]
			checkCanonical(t, name+" "+input, CanonicalizeOTLPJSON(s, ns, w["logRecord"], scope, scopePresent, w["schemaUrl"]), want)
			checked++
		}
		otlp, _ := c["otlp"].([]any)
		for i, o := range otlp {
			run(fmt.Sprintf("otlp[%d]", i), ExpandRepeats(o))
		}
		texts, _ := c["otlpJson"].([]any)
		for i, tx := range texts {
			parsed, err := ParseJSON(DecodeUTF8([]byte(tx.(string))))
			if err != nil {
				t.Fatalf("%s otlpJson[%d]: %v", name, i, err)
			}
			run(fmt.Sprintf("otlpJson[%d]", i), parsed)
		}
		raws, _ := c["otlpBytes"].([]any)
		for i, b := range raws {
			raw, err := base64.StdEncoding.DecodeString(b.(string))
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := ParseJSON(DecodeUTF8(raw))
			if err != nil {
				t.Fatalf("%s otlpBytes[%d]: %v", name, i, err)
			}
			run(fmt.Sprintf("otlpBytes[%d]", i), parsed)
		}
	}
	if checked < 200 {
		t.Fatalf("only %d inputs checked", checked)
	}
}

func TestResourceAndStreamBodyVectors(t *testing.T) {
	v := readVectors(t, "olcf1.json")
	for _, r := range v["resources"].([]any) {
		c := r.(map[string]any)
		e := c["expect"].(map[string]any)
		text, err := ResourceTextOTLPJSON(c["otlp"])
		if err != nil {
			t.Fatalf("%s: %v", c["name"], err)
		}
		if string(text) != e["canonical"] || ResourceDigest(text) != e["digest"] {
			t.Errorf("%s: got %s %s", c["name"], text, ResourceDigest(text))
		}
	}
	bodies := v["streamBodies"].([]any)
	if len(bodies) < 2 {
		t.Fatal("no stream bodies")
	}
	for _, b := range bodies {
		c := b.(map[string]any)
		name := c["name"].(string)
		res := c["resource"].(map[string]any)
		text, err := ResourceTextOTLPJSON(res["otlp"])
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(c["fields"])
		var g StreamBody
		if err := json.Unmarshal(raw, &g); err != nil {
			t.Fatal(err)
		}
		g.ResourceText, g.ResourceDigest = string(text), ResourceDigest(text)
		var got string
		if c["kind"] == "genesis" {
			got = FormatGenesis(g)
		} else {
			got = FormatResourceSnapshot(g)
		}
		if got != c["text"] {
			t.Errorf("%s:\n got %q\nwant %q", name, got, c["text"])
		}
		parsed, err := ParseStreamBody(got, v["namespace"].(string))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if parsed.Genesis != (c["kind"] == "genesis") || parsed.ResourceDigest != g.ResourceDigest || parsed.StreamID != g.StreamID {
			t.Errorf("%s: parsed %+v", name, parsed)
		}
		if parsed.Genesis && (parsed.Identity != g.Identity || parsed.Policy != g.Policy || parsed.TimeUnixNano != g.TimeUnixNano) {
			t.Errorf("%s: parsed genesis %+v", name, parsed)
		}
	}
}

func TestParseStreamBodyRejects(t *testing.T) {
	v := readVectors(t, "olcf1.json")
	var genesis string
	for _, b := range v["streamBodies"].([]any) {
		if c := b.(map[string]any); c["kind"] == "genesis" {
			genesis = c["text"].(string)
		}
	}
	mutations := map[string]func(string) string{
		"header":          func(s string) string { return "seclog-genesis/v2" + s[len(GenesisHeader):] },
		"no final LF":     func(s string) string { return s[:len(s)-1] },
		"extra line":      func(s string) string { return s + "z 1\n" },
		"digest mismatch": func(s string) string { return s[:len(s)-5] + "\"1\"]\n" },
		"q flag": func(s string) string {
			lines := strings.Split(s, "\n")
			lines[4] = lines[4][:len(lines[4])-1] + "2"
			return strings.Join(lines, "\n")
		},
		"t leading zero": func(s string) string { return replaceOnce(s, "\nt 1", "\nt 01") },
		"v":              func(s string) string { return replaceOnce(s, "v olcf1", "v olcf2") },
		"namespace":      func(s string) string { return replaceOnce(s, "o seclog.integrity/", "o other.ns/") },
	}
	if _, err := ParseStreamBody(genesis, "seclog.integrity"); err != nil {
		t.Fatalf("vector genesis rejected: %v", err)
	}
	for name, m := range mutations {
		changed := m(genesis)
		if changed == genesis {
			t.Fatalf("%s: mutation did not apply", name)
		}
		if _, err := ParseStreamBody(changed, "seclog.integrity"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func replaceOnce(s, old, repl string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + repl + s[i+len(old):]
		}
	}
	return s
}

type checkpointVectors struct {
	Keys struct {
		Ed25519 struct {
			KeyName     string `json:"keyName"`
			Seed        string `json:"seed"`
			PublicKey   string `json:"publicKey"`
			KeyID       string `json:"keyId"`
			VerifierKey string `json:"verifierKey"`
		} `json:"ed25519"`
		Hmac struct {
			KeyName string `json:"keyName"`
			Key     string `json:"key"`
			KeyID   string `json:"keyId"`
		} `json:"hmac"`
	} `json:"keys"`
	Merkle struct {
		LeafDigests []Hash `json:"leafDigests"`
		LeafHashes  []Hash `json:"leafHashes"`
		Roots       []Hash `json:"roots"`
	} `json:"merkle"`
	Checkpoints []struct {
		Name          string     `json:"name"`
		Fields        Checkpoint `json:"fields"`
		FieldsRaw     json.RawMessage
		Text          string `json:"text"`
		TextHash      Hash   `json:"textHash"`
		SignedEd25519 string `json:"signedEd25519"`
		SignedHmac    string `json:"signedHmac"`
		SignedBoth    string `json:"signedBoth"`
	} `json:"checkpoints"`
	Rejected []struct {
		Name string `json:"name"`
		Text string `json:"text"`
	} `json:"rejected"`
}

// LoadCheckpointVectors reads checkpoints.json; it marks the optional lines present as the vector fields give them.
func loadCheckpointVectors(t testing.TB) checkpointVectors {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(vectorDir, "checkpoints.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v checkpointVectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var again struct {
		Checkpoints []struct {
			Fields map[string]json.RawMessage `json:"fields"`
		} `json:"checkpoints"`
	}
	if err := json.Unmarshal(raw, &again); err != nil {
		t.Fatal(err)
	}
	for i := range v.Checkpoints {
		_, v.Checkpoints[i].Fields.HasLeafList = again.Checkpoints[i].Fields["leafDigests"]
		_, v.Checkpoints[i].Fields.HasCompactRange = again.Checkpoints[i].Fields["compactRange"]
	}
	return v
}

func TestCheckpointVectors(t *testing.T) {
	v := loadCheckpointVectors(t)
	seed, _ := base64.StdEncoding.DecodeString(v.Keys.Ed25519.Seed)
	key := ed25519.NewKeyFromSeed(seed)
	ed, err := NewEd25519Signer(v.Keys.Ed25519.KeyName, key)
	if err != nil {
		t.Fatal(err)
	}
	if base64.StdEncoding.EncodeToString(ed.PublicKey()) != v.Keys.Ed25519.PublicKey ||
		fmt.Sprintf("%08x", ed.KeyID()) != v.Keys.Ed25519.KeyID ||
		VerifierKey(ed.Name(), ed.PublicKey()) != v.Keys.Ed25519.VerifierKey {
		t.Fatal("Ed25519 key ID or verifier key differs from the vectors")
	}
	secret, _ := base64.StdEncoding.DecodeString(v.Keys.Hmac.Key)
	hm, err := NewHMACSigner(v.Keys.Hmac.KeyName, secret)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%08x", hm.KeyID()) != v.Keys.Hmac.KeyID {
		t.Fatal("HMAC key ID differs from the vectors")
	}
	// Roots of every prefix, leaf hashes, compact ranges.
	ranges := []CompactRange{{}}
	var cr CompactRange
	if cr.Root() != v.Merkle.Roots[0] {
		t.Fatal("empty root")
	}
	for i, d := range v.Merkle.LeafDigests {
		if LeafHash(d) != v.Merkle.LeafHashes[i] {
			t.Fatalf("leaf hash %d", i)
		}
		cr.AppendDigest(d)
		if cr.Root() != v.Merkle.Roots[i+1] {
			t.Fatalf("root of %d leaves", i+1)
		}
		ranges = append(ranges, cr.Clone())
	}
	for _, c := range v.Checkpoints {
		f := c.Fields
		text := f.Format()
		if text != c.Text {
			t.Errorf("%s: text\n got %q\nwant %q", c.Name, text, c.Text)
		}
		if TextHash(text) != c.TextHash {
			t.Errorf("%s: text hash", c.Name)
		}
		at := ranges[f.TreeSize]
		if at.Root() != f.Root {
			t.Errorf("%s: root", c.Name)
		}
		if f.HasCompactRange && fmt.Sprint(at.Nodes()) != fmt.Sprint(f.CompactRange) {
			t.Errorf("%s: compact range", c.Name)
		}
		parsed, err := ParseCheckpoint(c.Text, "seclog.integrity")
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if parsed.Format() != c.Text {
			t.Errorf("%s: parse/format round trip", c.Name)
		}
		for name, want := range map[string]struct {
			note    string
			signers []Signer
		}{"ed25519": {c.SignedEd25519, []Signer{ed}}, "hmac": {c.SignedHmac, []Signer{hm}}, "both": {c.SignedBoth, []Signer{ed, hm}}} {
			got, err := SignNote(text, want.signers...)
			if err != nil || got != want.note {
				t.Errorf("%s signed %s: %v\n got %q\nwant %q", c.Name, name, err, got, want.note)
			}
		}
		n, err := ParseNote(c.SignedBoth)
		if err != nil || n.Text != c.Text || len(n.Signatures) != 2 {
			t.Fatalf("%s: ParseNote: %v", c.Name, err)
		}
		names, err := VerifyEd25519(n, []ed25519.PublicKey{ed.PublicKey()})
		if err != nil || len(names) != 1 || names[0] != v.Keys.Ed25519.KeyName {
			t.Errorf("%s: VerifyEd25519 = %v, %v", c.Name, names, err)
		}
	}
	if len(v.Rejected) < 21 {
		t.Fatalf("only %d rejected texts", len(v.Rejected))
	}
	for _, r := range v.Rejected {
		if _, err := ParseCheckpoint(r.Text, "seclog.integrity"); err == nil {
			t.Errorf("rejected vector %s was accepted", r.Name)
		}
	}
}

func TestVerifyEd25519RejectsTamperingAndUnknownKeys(t *testing.T) {
	v := loadCheckpointVectors(t)
	c := v.Checkpoints[1]
	seed, _ := base64.StdEncoding.DecodeString(v.Keys.Ed25519.Seed)
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	n, err := ParseNote(c.SignedEd25519)
	if err != nil {
		t.Fatal(err)
	}
	tampered := n
	tampered.Text = replaceOnce(n.Text, "\nk 1\n", "\nk 2\n")
	if tampered.Text == n.Text {
		t.Fatal("mutation did not apply")
	}
	if _, err := VerifyEd25519(tampered, []ed25519.PublicKey{pub}); err != ErrBadSignature {
		t.Errorf("tampered text: %v, want ErrBadSignature", err)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if _, err := VerifyEd25519(n, []ed25519.PublicKey{other}); err != ErrNoTrustedSignature {
		t.Errorf("unknown key: %v, want ErrNoTrustedSignature", err)
	}
	for _, bad := range []string{c.Text, c.Text + "\n", c.SignedEd25519 + "x", c.SignedEd25519[:len(c.SignedEd25519)-1]} {
		if _, err := ParseNote(bad); err == nil {
			t.Errorf("ParseNote accepted %q", bad)
		}
	}
}
