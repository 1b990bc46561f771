package seclogprocessor

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/extension"
	"go.opentelemetry.io/collector/extension/extensiontest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/seclog/seclog/collector/extension/seclogwitnessextension"
	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

type hostWith map[component.ID]component.Component

// startWitness starts a seclog_witness extension with its own signing key and its state under dir; configure sets
// what the test needs. It is shut down when the test ends.
func startWitness(t *testing.T, dir string, configure func(*seclogwitnessextension.Config)) extension.Extension {
	t.Helper()
	witnessKey, _ := writeKey(t, t.TempDir())
	wf := seclogwitnessextension.NewFactory()
	wcfg := wf.CreateDefaultConfig().(*seclogwitnessextension.Config)
	wcfg.SigningKeyFile, wcfg.StorageDir = witnessKey, filepath.Join(dir, "state")
	configure(wcfg)
	ext, err := wf.Create(context.Background(), extensiontest.NewNopSettings(wf.Type()), wcfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := ext.Start(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ext.Shutdown(context.Background()) })
	return ext
}

func (h hostWith) GetExtensions() map[component.ID]component.Component { return h }

// TestSealModeHandsCheckpointsToTheWitness: the witness ends with the stream's final checkpoint, cosigned.
func TestSealModeHandsCheckpointsToTheWitness(t *testing.T) {
	dir := t.TempDir()
	var witnessKey string
	ext := startWitness(t, dir, func(c *seclogwitnessextension.Config) {
		c.DumpDir, witnessKey = filepath.Join(dir, "anchors"), c.SigningKeyFile
	})
	host := hostWith{component.MustNewID("seclog_witness"): ext}

	keyFile, _ := writeKey(t, t.TempDir())
	cfg := createDefaultConfig()
	cfg.Mode, cfg.Seal.SigningKeyFile, cfg.Witness = ModeSeal, keyFile, "seclog_witness"
	cfg.Seal.Checkpoint.MaxRecords = 4
	sink := new(consumertest.LogsSink)
	p, err := newSealProcessor(settingsForTest(), cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(context.Background(), host); err != nil {
		t.Fatal(err)
	}
	if err := p.ConsumeLogs(context.Background(), batch("app", 10, 0)); err != nil {
		t.Fatal(err)
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := ext.Shutdown(context.Background()); err != nil { // writes what waits for the next anchors.jsonl write
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "anchors", "anchors.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := seclogformat.ParseJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	body := v.(map[string]any)["resourceLogs"].([]any)[0].(map[string]any)["scopeLogs"].([]any)[0].(map[string]any)["logRecords"].([]any)[0].(map[string]any)["body"].(map[string]any)["stringValue"].(string)
	n, err := seclogformat.ParseNote(body)
	if err != nil {
		t.Fatal(err)
	}
	c, err := seclogformat.ParseCheckpoint(n.Text, ns)
	if err != nil || !c.Final || c.TreeSize != 11 {
		t.Fatalf("anchored checkpoint %+v %v", c, err)
	}
	wpriv, _ := seclogformat.LoadEd25519PrivateKey(witnessKey)
	if _, err := seclogformat.VerifyCosignature(n, wpriv.Public().(ed25519.PublicKey)); err != nil {
		t.Errorf("anchored checkpoint not cosigned: %v", err)
	}
	// A missing witness extension is a start error naming the field.
	cfg2 := *cfg
	cfg2.Witness = "seclog_witness/other"
	p2, _ := newSealProcessor(settingsForTest(), &cfg2, sink)
	if err := p2.Start(context.Background(), host); err == nil || !strings.Contains(err.Error(), "witness:") {
		t.Errorf("missing extension: %v", err)
	}
}

// TestVerifyModeReportsWhatTheWitnessRefuses: a "newer" checkpoint over a smaller tree (the log was rolled back and
// re-signed) is refused by the witness and reported as a CONFLICT event naming the witness.
func TestVerifyModeReportsWhatTheWitnessRefuses(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	signer, _ := seclogformat.NewEd25519Signer("app.example/seclog", priv)
	ext := startWitness(t, t.TempDir(), func(c *seclogwitnessextension.Config) {
		c.PublicKeyFiles = []string{writePublicKey(t, pub)}
	})

	cfg := createDefaultConfig()
	cfg.Mode, cfg.Witness = ModeVerify, "seclog_witness"
	cfg.Verify.PublicKeyFiles = []string{writePublicKey(t, pub)}
	sink := new(consumertest.LogsSink)
	p, err := newVerifyProcessor(settingsForTest(), cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(context.Background(), hostWith{component.MustNewID("seclog_witness"): ext}); err != nil {
		t.Fatal(err)
	}
	defer p.Shutdown(context.Background())

	var cr seclogformat.CompactRange
	var prev seclogformat.Hash
	checkpoint := func(k uint64, start uint64) plog.Logs {
		c := seclogformat.Checkpoint{Namespace: ns, StreamID: "AbCdEfGhIjKlMnOpQrStUv", TreeSize: cr.Size(), Root: cr.Root(),
			Index: k, TimeUnixNano: 1, MonotonicNanos: k, PreviousHash: prev, RangeStart: start, RangeEnd: cr.Size(),
			CompactRange: cr.Nodes(), HasCompactRange: true}
		text := c.Format()
		prev = seclogformat.TextHash(text)
		note, _ := seclogformat.SignNote(text, signer)
		ld := plog.NewLogs()
		lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
		lr.SetEventName(ns + ".checkpoint")
		lr.Body().SetStr(note)
		return ld
	}
	for i := 0; i < 10; i++ {
		cr.AppendDigest(seclogformat.Hash{byte(i)})
	}
	if err := p.ConsumeLogs(context.Background(), checkpoint(0, 0)); err != nil {
		t.Fatal(err)
	}
	cr, _ = seclogformat.NewCompactRange(0, nil)
	for i := 0; i < 3; i++ {
		cr.AppendDigest(seclogformat.Hash{byte(i)})
	}
	if err := p.ConsumeLogs(context.Background(), checkpoint(1, 0)); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ld := range sink.AllLogs() {
		lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		for k := 0; k < lrs.Len(); k++ {
			d, _ := lrs.At(k).Attributes().Get("security_event.integrity.detail")
			if statusOf(lrs.At(k)) == "CONFLICT" && strings.HasPrefix(d.Str(), "witness: ") {
				found = true
			}
		}
	}
	if !found {
		t.Error("no CONFLICT event from the witness's refusal")
	}
}

// Seal mode opens a stream for every new stream_by value, and hands the witness each one's checkpoints: a sender
// without any key made the witness keep (persist, and rewrite into anchors.jsonl on every change) one more stream per
// made-up service.name, without end. The witness keeps max_streams; the streams it already keeps stay witnessed.
func TestWitnessBoundsStreamsASealModeSenderMakes(t *testing.T) {
	ext := startWitness(t, t.TempDir(), func(c *seclogwitnessextension.Config) { c.MaxStreams = 20 })
	keyFile, _ := writeKey(t, t.TempDir())
	cfg := createDefaultConfig()
	cfg.Mode, cfg.Seal.SigningKeyFile, cfg.Witness = ModeSeal, keyFile, "seclog_witness"
	cfg.Seal.Checkpoint.MaxRecords, cfg.Seal.MaxStreams = 2, 8
	p, err := newSealProcessor(settingsForTest(), cfg, new(consumertest.LogsSink))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(context.Background(), hostWith{component.MustNewID("seclog_witness"): ext}); err != nil {
		t.Fatal(err)
	}
	anchored := func() map[string]string { // stream id → anchored note
		out := map[string]string{}
		for line := range strings.SplitSeq(strings.TrimSpace(string(ext.(interface{ Anchors() []byte }).Anchors())), "\n") {
			v, err := seclogformat.ParseJSON([]byte(line))
			if err != nil {
				t.Fatal(err)
			}
			lr := v.(map[string]any)["resourceLogs"].([]any)[0].(map[string]any)["scopeLogs"].([]any)[0].(map[string]any)["logRecords"].([]any)[0].(map[string]any)
			out[lr["attributes"].([]any)[0].(map[string]any)["value"].(map[string]any)["stringValue"].(string)] = lr["body"].(map[string]any)["stringValue"].(string)
		}
		return out
	}
	if err := p.ConsumeLogs(context.Background(), batch("app", 1, 0)); err != nil { // genesis + 1: a checkpoint
		t.Fatal(err)
	}
	var honest string
	for id := range anchored() {
		honest = id
	}
	for i := range 200 {
		if err := p.ConsumeLogs(context.Background(), batch(fmt.Sprint("made-up-", i), 1, 0)); err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 { // the honest stream keeps logging
			if err := p.ConsumeLogs(context.Background(), batch("app", 2, i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := anchored()
	if len(got) > 20 {
		t.Errorf("the witness keeps %d streams, want at most max_streams (20)", len(got))
	}
	n, err := seclogformat.ParseNote(got[honest])
	if err != nil {
		t.Fatalf("honest stream %s not anchored: %v", honest, err)
	}
	if c, err := seclogformat.ParseCheckpoint(n.Text, ns); err != nil || !c.Final {
		t.Errorf("the honest stream's anchor stopped before its final checkpoint: %+v %v", c, err)
	}
}
