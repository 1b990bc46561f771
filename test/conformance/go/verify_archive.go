package main

// The `verify-archive` command: reads OTLP/JSON archive lines (as the TypeScript SDK or the collector's file
// exporter writes them) and verifies them with the live verifier of the collector (collector/pkg/seclogverify),
// with record digests computed from the JSON as docs/spec/otlp-json-input.md says. Used to check that archives
// sealed by the SDK verify in Go.

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
	"github.com/seclog/seclog/collector/pkg/seclogverify"
)

type verifyArchiveRequest struct {
	Namespace  string   `json:"namespace"`
	PublicKeys []string `json:"publicKeys"` // raw 32-byte Ed25519 keys, base64
	Lines      []string `json:"lines"`
}

type verifyArchiveResponse struct {
	Findings     []string `json:"findings"`
	RecordsSeen  uint64   `json:"recordsSeen"`
	RecordsValid uint64   `json:"recordsValid"`
	Checkpoints  uint64   `json:"checkpoints"`
}

func runVerifyArchive(in []byte) (any, error) {
	var req verifyArchiveRequest
	if err := json.Unmarshal(in, &req); err != nil {
		return nil, err
	}
	if req.Namespace == "" {
		req.Namespace = seclogformat.DefaultNamespace
	}
	var keys []ed25519.PublicKey
	for _, k := range req.PublicKeys {
		raw, err := base64.StdEncoding.DecodeString(k)
		if err != nil || len(raw) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("bad public key")
		}
		keys = append(keys, raw)
	}
	now := time.Unix(0, 0)
	v := seclogverify.New(seclogverify.Config{Namespace: req.Namespace, Keys: keys, Grace: time.Minute}, func() time.Time { return now })
	var findings []seclogverify.Finding
	streamKey, seqKey := seclogformat.SealKeys(req.Namespace)
	for i, line := range req.Lines {
		parsed, err := seclogformat.ParseJSON(seclogformat.DecodeUTF8([]byte(line)))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		root, _ := parsed.(map[string]any)
		rls, _ := root["resourceLogs"].([]any)
		for _, rlv := range rls {
			rl, _ := rlv.(map[string]any)
			exported := ""
			if text, err := seclogformat.ResourceTextOTLPJSON(rl["resource"]); err == nil {
				exported = seclogformat.ResourceDigest(text)
			}
			sls, _ := rl["scopeLogs"].([]any)
			for _, slv := range sls {
				sl, _ := slv.(map[string]any)
				scope, present := sl["scope"]
				lrs, _ := sl["logRecords"].([]any)
				for _, lrv := range lrs {
					lr, _ := lrv.(map[string]any)
					stream, seq, sealed := sealOf(lr, streamKey, seqKey)
					body, _ := lr["body"].(map[string]any)
					text, _ := body["stringValue"].(string)
					if lr["eventName"] == req.Namespace+".checkpoint" || (!sealed && strings.HasPrefix(text, req.Namespace+"/v1/")) {
						findings = append(findings, v.Checkpoint(text)...)
						continue
					}
					if !sealed {
						continue
					}
					canonical := func(digest string) seclogformat.Canonical {
						return seclogformat.CanonicalizeOTLPJSON(seclogformat.NewSeal(stream, seq, digest), req.Namespace, lr, scope, present, sl["schemaUrl"])
					}
					if strings.HasPrefix(text, "seclog-") {
						if b, err := seclogformat.ParseStreamBody(text, req.Namespace); err == nil && b.StreamID == stream {
							// A stream body is hashed under the resource it announces; the checkpoint over it proves both.
							d := canonical(b.ResourceDigest).Digest()
							v.AnnounceRecord(seq, b, d)
							findings = append(findings, v.Record(stream, seq, d)...)
							continue
						}
					}
					findings = append(findings, recordUnderResources(v, stream, seq, exported, canonical)...)
				}
			}
		}
	}
	now = now.Add(time.Hour) // the archive is complete: every window is due
	findings = append(findings, v.Tick()...)
	resp := verifyArchiveResponse{Findings: []string{}, RecordsSeen: v.Stats.RecordsSeen, RecordsValid: v.Stats.RecordsValid, Checkpoints: v.Stats.CheckpointsValid}
	for _, f := range findings {
		if f.Status == seclogverify.StatusStreamSilent {
			continue // live-only: an archive has no "now"
		}
		s := string(f.Status)
		if f.Seqs.End > f.Seqs.Start {
			s += fmt.Sprintf("@%d-%d", f.Seqs.Start, f.Seqs.End-1)
		}
		resp.Findings = append(resp.Findings, s)
	}
	return resp, nil
}

// recordUnderResources checks a sealed record that is not a stream body the way the collector's live verifier does:
// under the resource a checkpoint proved for its seq (a different exported one is RESOURCE-MODIFIED), or, while
// announcements are open and possibly forged, under each candidate and the exported resource, the checkpoint
// deciding which one the producer signed. A record whose export cannot be encoded (its unverifiable form) is never
// VALID.
func recordUnderResources(v *seclogverify.Verifier, stream string, seq uint64, exported string, canonical func(string) seclogformat.Canonical) []seclogverify.Finding {
	rs, trusted := v.ResourceCandidates(stream, seq, nil)
	var out []seclogverify.Finding
	if trusted {
		out = v.ResourceExported(stream, seq, exported)
		rs = rs[:1]
	} else if exported != "" && !slices.Contains(rs, exported) {
		rs = append(rs, exported)
	}
	if len(rs) == 0 {
		rs = append(rs, exported)
	}
	if len(rs) == 1 {
		c := canonical(rs[0])
		if !c.OK {
			return append(out, v.RecordUnencodable(stream, seq, c.Digest())...)
		}
		return append(out, v.Record(stream, seq, c.Digest())...)
	}
	cands := make([]seclogverify.Candidate, 0, len(rs))
	unencodable := false
	for _, r := range rs {
		c := canonical(r)
		unencodable = unencodable || !c.OK
		cands = append(cands, seclogverify.Candidate{Digest: c.Digest(), Resource: r})
	}
	return append(out, v.RecordCandidates(stream, seq, cands, exported, unencodable)...)
}

// sealOf reads a well-formed seal (docs/spec/otlp-json-input.md, "The seal attributes").
func sealOf(lr map[string]any, streamKey, seqKey string) (string, uint64, bool) {
	attrs, _ := lr["attributes"].([]any)
	var stream string
	var seq uint64
	ns, nq, ok := 0, 0, true
	for _, a := range attrs {
		kv, _ := a.(map[string]any)
		val, _ := kv["value"].(map[string]any)
		switch kv["key"] {
		case streamKey:
			ns++
			s, isStr := val["stringValue"].(string)
			ok = ok && isStr && s != ""
			stream = s
		case seqKey:
			nq++
			n, isInt := seclogformat.ReadUint(val["intValue"], seclogformat.MaxCount)
			ok = ok && isInt
			seq = n
		}
	}
	return stream, seq, ok && ns == 1 && nq == 1
}
