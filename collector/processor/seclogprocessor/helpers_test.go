package seclogprocessor

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// writeKey writes a fresh Ed25519 key as PKCS#8 PEM into dir and returns the path and the public key.
func writeKey(t testing.TB, dir string) (string, ed25519.PublicKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "signing.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, pub
}

// newSealUnderTest builds a started seal-mode processor in front of a sink.
func newSealUnderTest(t testing.TB, next *consumertest.LogsSink, mutate func(*Config)) (*sealProcessor, ed25519.PublicKey) {
	t.Helper()
	keyFile, pub := writeKey(t, t.TempDir())
	cfg := createDefaultConfig()
	cfg.Mode = ModeSeal
	cfg.Seal.SigningKeyFile = keyFile
	cfg.Seal.Checkpoint.MaxInterval = 3600e9
	cfg.Seal.Checkpoint.Heartbeat = 3600e9
	if mutate != nil {
		mutate(cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	p, err := createLogs(context.Background(), processortest.NewNopSettings(componentType), cfg, next)
	if err != nil {
		t.Fatal(err)
	}
	sp := p.(*sealProcessor)
	if err := sp.Start(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sp.Shutdown(context.Background()) })
	return sp, pub
}

// batch builds one ResourceLogs with service.name and n string-body records.
func batch(service string, n int, first int) plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", service)
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName("filelog")
	for i := 0; i < n; i++ {
		lr := sl.LogRecords().AppendEmpty()
		lr.SetTimestamp(pcommon.Timestamp(1764000000000000000 + int64(first+i)))
		lr.SetSeverityNumber(plog.SeverityNumberWarn)
		lr.Body().SetStr("line " + strconv.Itoa(first+i) + " é\U0001F600")
		lr.Attributes().PutStr("log.file.name", "app.log")
		lr.Attributes().PutDouble("ratio", -0.0)
		lr.Attributes().PutEmptyMap("nested").PutEmptySlice("list").AppendEmpty().SetInt(int64(first + i))
	}
	return ld
}

// archiveLines marshals every batch the sink received as one OTLP/JSON line, as the file exporter writes them.
func archiveLines(t testing.TB, sink *consumertest.LogsSink) [][]byte {
	t.Helper()
	var lines [][]byte
	for _, ld := range sink.AllLogs() {
		b, err := (&plog.JSONMarshaler{}).MarshalLogs(ld)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, b)
	}
	return lines
}

// streamCheck is what checkArchive found for one stream.
type streamCheck struct {
	records     map[uint64]seclogformat.Hash
	checkpoints []seclogformat.Checkpoint
	genesis     *seclogformat.StreamBody
	problems    []string
}

// checkArchive is a small verifier written for these tests from docs/spec: it reads OTLP/JSON lines as an archive
// reader does, recomputes every digest (slot 3 from the signed genesis/snapshot in force), checks every checkpoint's
// signature, chain and root, and every leaf-list digest against the record at its seq.
func checkArchive(t testing.TB, lines [][]byte, ns string, pub ed25519.PublicKey) map[string]*streamCheck {
	t.Helper()
	streamKey, seqKey := seclogformat.SealKeys(ns)
	type rec struct {
		seq     uint64
		lr      any
		scope   any
		present bool
		schema  any
		resDig  string
	}
	streams := map[string]*streamCheck{}
	get := func(id string) *streamCheck {
		if streams[id] == nil {
			streams[id] = &streamCheck{records: map[uint64]seclogformat.Hash{}}
		}
		return streams[id]
	}
	recs := map[string][]rec{}
	announced := map[string]map[uint64]string{}
	for _, line := range lines {
		v, err := seclogformat.ParseJSON(seclogformat.DecodeUTF8(line))
		if err != nil {
			t.Fatal(err)
		}
		for _, rlv := range v.(map[string]any)["resourceLogs"].([]any) {
			rl := rlv.(map[string]any)
			resText, _ := seclogformat.ResourceTextOTLPJSON(rl["resource"])
			for _, slv := range rl["scopeLogs"].([]any) {
				sl := slv.(map[string]any)
				scope, present := sl["scope"]
				for _, lrv := range sl["logRecords"].([]any) {
					lr := lrv.(map[string]any)
					var stream string
					var seq uint64
					hasSeq := false
					attrs, _ := lr["attributes"].([]any)
					for _, a := range attrs {
						kv := a.(map[string]any)
						val, _ := kv["value"].(map[string]any)
						switch kv["key"] {
						case streamKey:
							stream, _ = val["stringValue"].(string)
						case seqKey:
							seq, hasSeq = seclogformat.ReadUint(val["intValue"], 1<<53-1)
						}
					}
					body, _ := lr["body"].(map[string]any)
					text, _ := body["stringValue"].(string)
					if lr["eventName"] == ns+".checkpoint" {
						n, err := seclogformat.ParseNote(text)
						if err != nil {
							t.Fatalf("checkpoint note: %v", err)
						}
						if _, err := seclogformat.VerifyEd25519(n, []ed25519.PublicKey{pub}); err != nil {
							t.Fatalf("checkpoint signature: %v", err)
						}
						c, err := seclogformat.ParseCheckpoint(n.Text, ns)
						if err != nil {
							t.Fatalf("checkpoint text: %v", err)
						}
						get(c.StreamID).checkpoints = append(get(c.StreamID).checkpoints, c)
						continue
					}
					if stream == "" || !hasSeq {
						continue // foreign
					}
					if strings.HasPrefix(text, "seclog-") {
						if b, err := seclogformat.ParseStreamBody(text, ns); err == nil && b.StreamID == stream {
							if announced[stream] == nil {
								announced[stream] = map[uint64]string{}
							}
							announced[stream][seq] = b.ResourceDigest
							if b.Genesis {
								get(stream).genesis = &b
							}
						}
					}
					recs[stream] = append(recs[stream], rec{seq, lr, scope, present, sl["schemaUrl"], seclogformat.ResourceDigest(resText)})
				}
			}
		}
	}
	for id, list := range recs {
		s := get(id)
		for _, r := range list {
			digest := r.resDig
			best := int64(-1)
			for at, d := range announced[id] {
				if at <= r.seq && int64(at) > best {
					best, digest = int64(at), d
				}
			}
			c := seclogformat.CanonicalizeOTLPJSON(seclogformat.NewSeal(id, r.seq, digest), ns, r.lr, r.scope, r.present, r.schema)
			if old, dup := s.records[r.seq]; dup && old != c.Digest() {
				s.problems = append(s.problems, "conflict at seq "+strconv.FormatUint(r.seq, 10))
			}
			s.records[r.seq] = c.Digest()
		}
	}
	for _, s := range streams {
		var cr seclogformat.CompactRange
		prev := seclogformat.Hash{}
		for i, c := range s.checkpoints {
			if c.Index != uint64(i) || c.PreviousHash != prev || c.RangeStart != cr.Size() {
				s.problems = append(s.problems, "chain broken at checkpoint "+strconv.Itoa(i))
			}
			prev = seclogformat.TextHash(c.Format())
			for seq := c.RangeStart; seq < c.RangeEnd; seq++ {
				d, ok := s.records[seq]
				if !ok {
					s.problems = append(s.problems, "missing seq "+strconv.FormatUint(seq, 10))
				}
				if c.HasLeafList && c.LeafDigests[seq-c.RangeStart] != d {
					s.problems = append(s.problems, "modified seq "+strconv.FormatUint(seq, 10))
				}
				cr.AppendDigest(d)
			}
			if cr.Root() != c.Root {
				s.problems = append(s.problems, "root mismatch at checkpoint "+strconv.Itoa(i))
			}
		}
		if len(s.checkpoints) > 0 && uint64(len(s.records)) != cr.Size() {
			s.problems = append(s.problems, "records beyond the last checkpoint")
		}
	}
	return streams
}
