package main

// The `olcf1` and `checkpoints` commands: compute every expected value of the golden vector files
// (packages/integrity/test-vectors) with the implementation in this directory, which was written from docs/spec
// alone, and report what was computed. The conformance test compares the results with the vectors.

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
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

// runOLCF1 takes the text of olcf1.json.
func runOLCF1(in []byte) (any, error) {
	root, err := parseJSON(in)
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
		var s seal
		if err := remarshal(c["seal"], &s); err != nil {
			return nil, fmt.Errorf("%s: seal: %w", name, err)
		}
		res := recordResult{Name: name}
		run := func(input string, wrapper any) {
			w, _ := asObject(wrapper)
			scope, scopePresent := w["scope"]
			form := canonicalizeOTLP(s, ns, w["logRecord"], scope, scopePresent, w["schemaUrl"])
			d := form.digest()
			out := inputResult{
				Input:           input,
				OK:              form.OK,
				Reason:          form.Reason,
				CanonicalLength: len(form.Text),
				Digest:          base64.StdEncoding.EncodeToString(d[:]),
				LeafHash:        hexDigest(leafHash(d[:])),
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
			v, err := parseJSON(decodeUTF8([]byte(s)))
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
			v, err := parseJSON(decodeUTF8(bytes))
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
		text, err := resourceText(c["otlp"])
		if err != nil {
			resp.Resources = append(resp.Resources, resourceResult{Name: name, Error: err.Error()})
			continue
		}
		resp.Resources = append(resp.Resources, resourceResult{Name: name, Canonical: string(text), Digest: resourceDigest(text)})
	}
	bodies, _ := file["streamBodies"].([]any)
	for _, b := range bodies {
		c, _ := asObject(b)
		name, _ := c["name"].(string)
		kind, _ := c["kind"].(string)
		res, _ := asObject(c["resource"])
		text, err := resourceText(res["otlp"])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		var g genesisFields
		if err := remarshal(c["fields"], &g); err != nil {
			return nil, err
		}
		// The body is built from the resource this implementation canonicalized, not from the vector's r line.
		g.ResourceText, g.ResourceDigest = string(text), resourceDigest(text)
		out := bodyResult{Name: name, ResourceText: g.ResourceText, ResourceDigest: g.ResourceDigest}
		if kind == "genesis" {
			out.Text = formatGenesis(g)
		} else {
			out.Text = formatResourceSnapshot(g)
		}
		resp.StreamBodies = append(resp.StreamBodies, out)
	}
	return resp, nil
}

func remarshal(v any, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

type checkpointResult struct {
	Name          string           `json:"name"`
	Text          string           `json:"text"`
	Parsed        checkpointFields `json:"parsed"`
	ParseError    string           `json:"parseError,omitempty"`
	TextHash      string           `json:"textHash"`
	Root          string           `json:"root"`
	CompactRange  []string         `json:"compactRange"`
	SignedEd25519 string           `json:"signedEd25519"`
	SignedHmac    string           `json:"signedHmac"`
	SignedBoth    string           `json:"signedBoth"`
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
		LeafDigests []string `json:"leafDigests"`
	} `json:"merkle"`
	Checkpoints []struct {
		Name          string           `json:"name"`
		Fields        checkpointFields `json:"fields"`
		SignedEd25519 string           `json:"signedEd25519"`
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
	b64 := base64.StdEncoding.EncodeToString
	seed, err := base64.StdEncoding.DecodeString(file.Keys.Ed25519.Seed)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errors.New("bad seed")
	}
	edKey := ed25519.NewKeyFromSeed(seed)
	edPub := edKey.Public().(ed25519.PublicKey)
	edName := file.Keys.Ed25519.KeyName
	secret, err := base64.StdEncoding.DecodeString(file.Keys.Hmac.Key)
	if err != nil {
		return nil, err
	}
	hmacName := file.Keys.Hmac.KeyName

	var resp checkpointsResponse
	resp.Ed25519.PublicKey = b64(edPub)
	resp.Ed25519.KeyID = fmt.Sprintf("%08x", ed25519KeyID(edName, edPub))
	resp.Ed25519.VerifierKey = fmt.Sprintf("%s+%s+%s", edName, resp.Ed25519.KeyID, b64(append([]byte{0x01}, edPub...)))
	resp.HmacKeyID = fmt.Sprintf("%08x", hmacKeyID(hmacName, secret))

	// Every prefix of the leaves, through a compact range.
	var ranges []compactRange
	cr := compactRange{}
	ranges = append(ranges, cr)
	resp.Roots = append(resp.Roots, b64(cr.root()))
	for _, d := range file.Merkle.LeafDigests {
		raw, err := base64.StdEncoding.DecodeString(d)
		if err != nil || len(raw) != 32 {
			return nil, errors.New("bad leaf digest")
		}
		leaf := leafHash(raw)
		resp.LeafHashes = append(resp.LeafHashes, b64(leaf[:]))
		cr.appendLeaf(leaf[:])
		snapshot := compactRange{size: cr.size, nodes: append([][]byte(nil), cr.nodes...)}
		ranges = append(ranges, snapshot)
		resp.Roots = append(resp.Roots, b64(cr.root()))
	}

	verifier, err := note.NewVerifier(file.Keys.Ed25519.VerifierKey)
	if err != nil {
		return nil, fmt.Errorf("Go rejects the vector's verifier key: %w", err)
	}
	for _, c := range file.Checkpoints {
		f := c.Fields
		f.hasCompactRange = f.CompactRange != nil
		text := formatCheckpoint(f)
		res := checkpointResult{Name: c.Name, Text: text}
		if parsed, err := parseCheckpoint(text, vectorNamespace); err != nil {
			res.ParseError = err.Error()
		} else {
			res.Parsed = parsed
		}
		h := sha256.Sum256([]byte(text))
		res.TextHash = b64(h[:])
		if f.TreeSize >= uint64(len(ranges)) {
			return nil, fmt.Errorf("%s: tree size beyond the leaves", c.Name)
		}
		at := ranges[f.TreeSize]
		res.Root = b64(at.root())
		res.CompactRange = []string{}
		for _, n := range at.nodes {
			res.CompactRange = append(res.CompactRange, b64(n))
		}
		edLine := ed25519Line(edName, edKey, text)
		hLine := hmacLine(hmacName, secret, text)
		res.SignedEd25519 = text + "\n" + edLine
		res.SignedHmac = text + "\n" + hLine
		res.SignedBoth = text + "\n" + edLine + hLine
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
		if _, err := parseCheckpoint(r.Text, vectorNamespace); err != nil {
			out.Error = err.Error()
		}
		resp.Rejected = append(resp.Rejected, out)
	}
	return resp, nil
}
