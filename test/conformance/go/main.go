// Command conformance is an independent implementation used by seclog's conformance test: it computes RFC 6962
// tree heads and proofs with golang.org/x/mod/sumdb/tlog and opens or signs C2SP signed notes with
// golang.org/x/mod/sumdb/note, so the TypeScript implementation is checked against code it shares nothing with.
// The olcf1 and checkpoints commands run a Go implementation of OLCF-1, the checkpoint text, key IDs and the stream
// bodies, written from docs/spec alone, over the golden vector files.
//
// Usage: conformance <tlog|note-open|note-sign|olcf1|checkpoints|verify-archive>  (request on stdin, response JSON on stdout;
// olcf1 and checkpoints read the text of olcf1.json and checkpoints.json; verify-archive reads OTLP/JSON lines and
// verifies them with the collector's live verifier)
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tlogRequest lists record digests d (base64); leaf i of the tree is RecordHash(d_i) = SHA-256(0x00 || d_i).
type tlogRequest struct {
	Digests     []string   `json:"digests"`
	Inclusion   [][2]int64 `json:"inclusion"`   // pairs [leafIndex, treeSize]
	Consistency [][2]int64 `json:"consistency"` // pairs [oldSize, newSize]
}

type proofOut struct {
	A     int64    `json:"a"`
	B     int64    `json:"b"`
	Proof []string `json:"proof"`
}

type tlogResponse struct {
	LeafHashes  []string   `json:"leafHashes"`
	Roots       []string   `json:"roots"` // roots[n] = tree hash of the first n leaves, n = 0..len
	Inclusion   []proofOut `json:"inclusion"`
	Consistency []proofOut `json:"consistency"`
}

type noteOpenRequest struct {
	VerifierKeys []string `json:"verifierKeys"` // name+hash+base64 vkeys
	Note         string   `json:"note"`
}

type noteOpenResponse struct {
	OK       bool     `json:"ok"`
	Error    string   `json:"error,omitempty"`
	Text     string   `json:"text,omitempty"`
	Verified []string `json:"verified,omitempty"`
}

type noteSignRequest struct {
	KeyName   string `json:"keyName"`
	SignerKey string `json:"signerKey,omitempty"` // from note-keygen; a fresh key is generated when empty
	Text      string `json:"text"`
}

type noteSignResponse struct {
	SignerKey    string `json:"signerKey"`
	VerifierKey  string `json:"verifierKey"`
	PublicKeyB64 string `json:"publicKey"` // raw 32-byte Ed25519 public key
	Note         string `json:"note"`
}

func b64(h []byte) string { return base64.StdEncoding.EncodeToString(h) }

func hashes(hs []tlog.Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = b64(h[:])
	}
	return out
}

func runTlog(in []byte) (any, error) {
	var req tlogRequest
	if err := json.Unmarshal(in, &req); err != nil {
		return nil, err
	}
	var stored []tlog.Hash
	resp := tlogResponse{}
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			if x < 0 || x >= int64(len(stored)) {
				return nil, fmt.Errorf("hash index %d out of range", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	empty := sha256.Sum256(nil)
	resp.Roots = append(resp.Roots, b64(empty[:]))
	for n, d := range req.Digests {
		raw, err := base64.StdEncoding.DecodeString(d)
		if err != nil || len(raw) != 32 {
			return nil, fmt.Errorf("digest %d is not 32 bytes of base64", n)
		}
		leaf := tlog.RecordHash(raw)
		resp.LeafHashes = append(resp.LeafHashes, b64(leaf[:]))
		add, err := tlog.StoredHashesForRecordHash(int64(n), leaf, reader)
		if err != nil {
			return nil, err
		}
		stored = append(stored, add...)
		root, err := tlog.TreeHash(int64(n+1), reader)
		if err != nil {
			return nil, err
		}
		resp.Roots = append(resp.Roots, b64(root[:]))
	}
	for _, p := range req.Inclusion {
		proof, err := tlog.ProveRecord(p[1], p[0], reader)
		if err != nil {
			return nil, fmt.Errorf("inclusion %v: %w", p, err)
		}
		resp.Inclusion = append(resp.Inclusion, proofOut{A: p[0], B: p[1], Proof: hashes(proof)})
	}
	for _, p := range req.Consistency {
		proof, err := tlog.ProveTree(p[1], p[0], reader)
		if err != nil {
			return nil, fmt.Errorf("consistency %v: %w", p, err)
		}
		resp.Consistency = append(resp.Consistency, proofOut{A: p[0], B: p[1], Proof: hashes(proof)})
	}
	return resp, nil
}

func runNoteOpen(in []byte) (any, error) {
	var req noteOpenRequest
	if err := json.Unmarshal(in, &req); err != nil {
		return nil, err
	}
	var vs []note.Verifier
	for _, k := range req.VerifierKeys {
		v, err := note.NewVerifier(k)
		if err != nil {
			return noteOpenResponse{OK: false, Error: "verifier key: " + err.Error()}, nil
		}
		vs = append(vs, v)
	}
	n, err := note.Open([]byte(req.Note), note.VerifierList(vs...))
	if err != nil {
		return noteOpenResponse{OK: false, Error: err.Error()}, nil
	}
	resp := noteOpenResponse{OK: true, Text: n.Text}
	for _, s := range n.Sigs {
		resp.Verified = append(resp.Verified, s.Name)
	}
	return resp, nil
}

func runNoteSign(in []byte) (any, error) {
	var req noteSignRequest
	if err := json.Unmarshal(in, &req); err != nil {
		return nil, err
	}
	skey, vkey := req.SignerKey, ""
	if skey == "" {
		var err error
		skey, vkey, err = note.GenerateKey(rand.Reader, req.KeyName)
		if err != nil {
			return nil, err
		}
	} else {
		var err error
		if vkey, err = verifierKeyOf(skey); err != nil {
			return nil, err
		}
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, err
	}
	msg, err := note.Sign(&note.Note{Text: req.Text}, signer)
	if err != nil {
		return nil, err
	}
	// vkey = name+hash+base64(0x01 || 32-byte key); the raw key lets the caller build its own KeyObject.
	var pub []byte
	// The name contains no '+', so the first two '+' separate the three parts (base64 may contain '+').
	if parts := strings.SplitN(vkey, "+", 3); len(parts) == 3 {
		raw, err := base64.StdEncoding.DecodeString(parts[2])
		if err != nil || len(raw) != 33 || raw[0] != 1 {
			return nil, errors.New("unexpected verifier key encoding")
		}
		pub = raw[1:]
	}
	return noteSignResponse{SignerKey: skey, VerifierKey: vkey, PublicKeyB64: b64(pub), Note: string(msg)}, nil
}

// verifierKeyOf derives the verifier key from a signer key PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>.
func verifierKeyOf(skey string) (string, error) {
	parts := strings.SplitN(skey, "+", 5)
	if len(parts) != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" {
		return "", errors.New("malformed signer key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(raw) != 33 || raw[0] != 1 {
		return "", errors.New("malformed signer key")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(parts[2], pub)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: conformance <tlog|note-open|note-sign|olcf1|checkpoints|verify-archive> < request.json")
		os.Exit(2)
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var out any
	switch os.Args[1] {
	case "tlog":
		out, err = runTlog(in)
	case "note-open":
		out, err = runNoteOpen(in)
	case "note-sign":
		out, err = runNoteSign(in)
	case "olcf1":
		out, err = runOLCF1(in)
	case "checkpoints":
		out, err = runCheckpoints(in)
	case "verify-archive":
		out, err = runVerifyArchive(in)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
