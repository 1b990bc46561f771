package main

// The `olcf1` and `checkpoints` commands: compute every expected value of the golden vector files
// (packages/integrity/test-vectors) with the Go implementation of docs/spec in collector/pkg/seclogformat (the one the
// otelcol-seclog components use; it shares no code with the TypeScript implementation), and report what was computed.
// The conformance test compares the results with the vectors.

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// maxInlineCanonical matches the vector files: longer canonical texts are given by length and digest only.
const maxInlineCanonical = 65536

type inputResult struct {
	Input           string `json:"input"`
	OK              bool   `json:"ok"`
	Reason          string `json:"reason,omitempty"`
	Canonical       string `json:"canonical,omitempty"`
	CanonicalLength int    `json:"canonicalLength"`
	Digest          string `json:"digest"`
	LeafHash        string `json:"leafHash"`
}

type recordResult struct {
	Name   string        `json:"name"`
	Inputs []inputResult `json:"inputs"`
}

type resourceResult struct {
	Name      string `json:"name"`
	Canonical string `json:"canonical,omitempty"`
	Digest    string `json:"digest,omitempty"`
	Error     string `json:"error,omitempty"`
}

type bodyResult struct {
	Name           string `json:"name"`
	Text           string `json:"text"`
	ResourceText   string `json:"resourceText"`
	ResourceDigest string `json:"resourceDigest"`
}

type olcf1Response struct {
	Records      []recordResult   `json:"records"`
	Resources    []resourceResult `json:"resources"`
	StreamBodies []bodyResult     `json:"streamBodies"`
}

func asObject(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

// runOLCF1 takes the text of olcf1.json.
func runOLCF1(in []byte) (any, error) {
	root, err := seclogformat.ParseJSON(in)
	if err != nil {
		return nil, err
	}
	file, _ := asObject(root)
	ns, _ := file["namespace"].(string)
	var resp olcf1Response
	records, _ := file["records"].([]any)
	for _, r := range records {
		c, _ := asObject(r)
		name, _ := c["name"].(string)
		var s seclogformat.Seal
		if err := remarshal(c["seal"], &s); err != nil {
			return nil, fmt.Errorf("%s: seal: %w", name, err)
		}
		res := recordResult{Name: name}
		run := func(input string, wrapper any) {
			w, _ := asObject(wrapper)
			scope, scopePresent := w["scope"]
			form := seclogformat.CanonicalizeOTLPJSON(s, ns, w["logRecord"], scope, scopePresent, w["schemaUrl"])
			d := form.Digest()
			leaf := seclogformat.LeafHash(d)
			out := inputResult{
				Input:           input,
				OK:              form.OK,
				Reason:          string(form.Reason),
				CanonicalLength: len(form.Text),
				Digest:          d.String(),
				LeafHash:        hex.EncodeToString(leaf[:]),
			}
			if len(form.Text) <= maxInlineCanonical {
				out.Canonical = string(form.Text)
			}
			res.Inputs = append(res.Inputs, out)
		}
		otlp, _ := c["otlp"].([]any)
		for i, o := range otlp {
			run(fmt.Sprintf("otlp[%d]", i), expandRepeats(o))
		}
		texts, _ := c["otlpJson"].([]any)
		for i, t := range texts {
			s, _ := t.(string)
			v, err := seclogformat.ParseJSON(seclogformat.DecodeUTF8([]byte(s)))
			if err != nil {
				return nil, fmt.Errorf("%s otlpJson[%d]: %w", name, i, err)
			}
			run(fmt.Sprintf("otlpJson[%d]", i), v)
		}
		raw, _ := c["otlpBytes"].([]any)
		for i, b := range raw {
			s, _ := b.(string)
			bytes, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return nil, err
			}
			v, err := seclogformat.ParseJSON(seclogformat.DecodeUTF8(bytes))
			if err != nil {
				return nil, fmt.Errorf("%s otlpBytes[%d]: %w", name, i, err)
			}
			run(fmt.Sprintf("otlpBytes[%d]", i), v)
		}
		resp.Records = append(resp.Records, res)
	}
	resources, _ := file["resources"].([]any)
	for _, r := range resources {
		c, _ := asObject(r)
		name, _ := c["name"].(string)
		text, err := seclogformat.ResourceTextOTLPJSON(c["otlp"])
		if err != nil {
			resp.Resources = append(resp.Resources, resourceResult{Name: name, Error: err.Error()})
			continue
		}
		resp.Resources = append(resp.Resources, resourceResult{Name: name, Canonical: string(text), Digest: seclogformat.ResourceDigest(text)})
	}
	bodies, _ := file["streamBodies"].([]any)
	for _, b := range bodies {
		c, _ := asObject(b)
		name, _ := c["name"].(string)
		kind, _ := c["kind"].(string)
		res, _ := asObject(c["resource"])
		text, err := seclogformat.ResourceTextOTLPJSON(res["otlp"])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		var g seclogformat.StreamBody
		if err := remarshal(c["fields"], &g); err != nil {
			return nil, err
		}
		// The body is built from the resource this implementation canonicalized, not from the vector's r line.
		g.ResourceText, g.ResourceDigest = string(text), seclogformat.ResourceDigest(text)
		out := bodyResult{Name: name, ResourceText: g.ResourceText, ResourceDigest: g.ResourceDigest}
		if kind == "genesis" {
			out.Text = seclogformat.FormatGenesis(g)
		} else {
			out.Text = seclogformat.FormatResourceSnapshot(g)
		}
		resp.StreamBodies = append(resp.StreamBodies, out)
	}
	return resp, nil
}

// expandRepeats replaces {"$repeat": n, "value": v} array elements of the vector file by n copies of v.
func expandRepeats(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, 0, len(x))
		for _, el := range x {
			if m, ok := el.(map[string]any); ok {
				if n, ok := m["$repeat"].(json.Number); ok {
					count, _ := n.Int64()
					item := expandRepeats(m["value"])
					for i := int64(0); i < count; i++ {
						out = append(out, item)
					}
					continue
				}
			}
			out = append(out, expandRepeats(el))
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, el := range x {
			out[k] = expandRepeats(el)
		}
		return out
	default:
		return v
	}
}

func remarshal(v any, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

type checkpointResult struct {
	Name          string                  `json:"name"`
	Text          string                  `json:"text"`
	Parsed        seclogformat.Checkpoint `json:"parsed"`
	ParseError    string                  `json:"parseError,omitempty"`
	TextHash      string                  `json:"textHash"`
	Root          string                  `json:"root"`
	CompactRange  []string                `json:"compactRange"`
	SignedEd25519 string                  `json:"signedEd25519"`
	SignedHmac    string                  `json:"signedHmac"`
	SignedBoth    string                  `json:"signedBoth"`
	// GoNoteOpen: golang.org/x/mod/sumdb/note accepted the vector's Ed25519-signed note with the vector's verifier key.
	GoNoteOpen bool   `json:"goNoteOpen"`
	GoNoteText string `json:"goNoteText"`
}

type checkpointsResponse struct {
	Ed25519 struct {
		PublicKey   string `json:"publicKey"`
		KeyID       string `json:"keyId"`
		VerifierKey string `json:"verifierKey"`
	} `json:"ed25519"`
	HmacKeyID   string             `json:"hmacKeyId"`
	LeafHashes  []string           `json:"leafHashes"`
	Roots       []string           `json:"roots"`
	Checkpoints []checkpointResult `json:"checkpoints"`
	Rejected    []struct {
		Name  string `json:"name"`
		Error string `json:"error"`
	} `json:"rejected"`
}

type checkpointsFile struct {
	Keys struct {
		Ed25519 struct {
			KeyName     string `json:"keyName"`
			Seed        string `json:"seed"`
			VerifierKey string `json:"verifierKey"`
		} `json:"ed25519"`
		Hmac struct {
			KeyName string `json:"keyName"`
			Key     string `json:"key"`
		} `json:"hmac"`
	} `json:"keys"`
	Merkle struct {
		LeafDigests []seclogformat.Hash `json:"leafDigests"`
	} `json:"merkle"`
	Checkpoints []struct {
		Name          string                     `json:"name"`
		Fields        map[string]json.RawMessage `json:"fields"`
		SignedEd25519 string                     `json:"signedEd25519"`
	} `json:"checkpoints"`
	Rejected []struct {
		Name string `json:"name"`
		Text string `json:"text"`
	} `json:"rejected"`
}

const vectorNamespace = "seclog.integrity"

// runCheckpoints takes the text of checkpoints.json.
func runCheckpoints(in []byte) (any, error) {
	var file checkpointsFile
	if err := json.Unmarshal(in, &file); err != nil {
		return nil, err
	}
	seed, err := base64.StdEncoding.DecodeString(file.Keys.Ed25519.Seed)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errors.New("bad seed")
	}
	ed, err := seclogformat.NewEd25519Signer(file.Keys.Ed25519.KeyName, ed25519.NewKeyFromSeed(seed))
	if err != nil {
		return nil, err
	}
	secret, err := base64.StdEncoding.DecodeString(file.Keys.Hmac.Key)
	if err != nil {
		return nil, err
	}
	hm, err := seclogformat.NewHMACSigner(file.Keys.Hmac.KeyName, secret)
	if err != nil {
		return nil, err
	}

	var resp checkpointsResponse
	resp.Ed25519.PublicKey = b64(ed.PublicKey())
	resp.Ed25519.KeyID = fmt.Sprintf("%08x", ed.KeyID())
	resp.Ed25519.VerifierKey = seclogformat.VerifierKey(ed.Name(), ed.PublicKey())
	resp.HmacKeyID = fmt.Sprintf("%08x", hm.KeyID())

	// Every prefix of the leaves, through a compact range.
	var cr seclogformat.CompactRange
	ranges := []seclogformat.CompactRange{cr.Clone()}
	root := cr.Root()
	resp.Roots = append(resp.Roots, root.String())
	for _, d := range file.Merkle.LeafDigests {
		leaf := seclogformat.LeafHash(d)
		resp.LeafHashes = append(resp.LeafHashes, leaf.String())
		cr.AppendLeaf(leaf)
		ranges = append(ranges, cr.Clone())
		root := cr.Root()
		resp.Roots = append(resp.Roots, root.String())
	}

	verifier, err := note.NewVerifier(file.Keys.Ed25519.VerifierKey)
	if err != nil {
		return nil, fmt.Errorf("Go rejects the vector's verifier key: %w", err)
	}
	for _, c := range file.Checkpoints {
		var f seclogformat.Checkpoint
		raw, _ := json.Marshal(c.Fields)
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		_, f.HasLeafList = c.Fields["leafDigests"]
		_, f.HasCompactRange = c.Fields["compactRange"]
		text := f.Format()
		res := checkpointResult{Name: c.Name, Text: text}
		if parsed, err := seclogformat.ParseCheckpoint(text, vectorNamespace); err != nil {
			res.ParseError = err.Error()
		} else {
			res.Parsed = parsed
		}
		h := seclogformat.TextHash(text)
		res.TextHash = h.String()
		if f.TreeSize >= uint64(len(ranges)) {
			return nil, fmt.Errorf("%s: tree size beyond the leaves", c.Name)
		}
		at := ranges[f.TreeSize]
		r := at.Root()
		res.Root = r.String()
		res.CompactRange = []string{}
		for _, n := range at.Nodes() {
			res.CompactRange = append(res.CompactRange, n.String())
		}
		if res.SignedEd25519, err = seclogformat.SignNote(text, ed); err != nil {
			return nil, err
		}
		if res.SignedHmac, err = seclogformat.SignNote(text, hm); err != nil {
			return nil, err
		}
		if res.SignedBoth, err = seclogformat.SignNote(text, ed, hm); err != nil {
			return nil, err
		}
		if n, err := note.Open([]byte(c.SignedEd25519), note.VerifierList(verifier)); err == nil {
			res.GoNoteOpen, res.GoNoteText = true, n.Text
		}
		resp.Checkpoints = append(resp.Checkpoints, res)
	}
	for _, r := range file.Rejected {
		out := struct {
			Name  string `json:"name"`
			Error string `json:"error"`
		}{Name: r.Name}
		if _, err := seclogformat.ParseCheckpoint(r.Text, vectorNamespace); err != nil {
			out.Error = err.Error()
		}
		resp.Rejected = append(resp.Rejected, out)
	}
	return resp, nil
}
