package seclogprocessor

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

func writePublicKey(t testing.TB, pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "trusted.pub.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sealedBatches seals n records in batches of 5 (checkpoint every 8) and returns what seal mode emitted.
func sealedBatches(t *testing.T, n int) ([]plog.Logs, ed25519.PublicKey) {
	sink := new(consumertest.LogsSink)
	p, pub := newSealUnderTest(t, sink, func(c *Config) { c.Seal.Checkpoint.MaxRecords = 8 })
	for i := 0; i < n; i += 5 {
		if err := p.ConsumeLogs(context.Background(), batch("app", 5, i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return sink.AllLogs(), pub
}

type verifyUnderTest struct {
	p    *verifyProcessor
	sink *consumertest.LogsSink
	tel  *componenttest.Telemetry
}

func newVerifyUnderTest(t *testing.T, pub ed25519.PublicKey) verifyUnderTest {
	cfg := createDefaultConfig()
	cfg.Mode = ModeVerify
	cfg.Verify.PublicKeyFiles = []string{writePublicKey(t, pub)}
	cfg.Verify.Grace = 50 * time.Millisecond
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { _ = tel.Shutdown(context.Background()) })
	set := processortest.NewNopSettings(componentType)
	set.TelemetrySettings = tel.NewTelemetrySettings()
	sink := new(consumertest.LogsSink)
	p, err := createLogs(context.Background(), set, cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	vp := p.(*verifyProcessor)
	if err := vp.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = vp.Shutdown(context.Background()) })
	return verifyUnderTest{vp, sink, tel}
}

// events returns the integrity-violation events the verifier emitted, as status@seq_from.
func (u verifyUnderTest) events() []string {
	var out []string
	for _, ld := range u.sink.AllLogs() {
		rls := ld.ResourceLogs()
		for i := 0; i < rls.Len(); i++ {
			sls := rls.At(i).ScopeLogs()
			for j := 0; j < sls.Len(); j++ {
				lrs := sls.At(j).LogRecords()
				for k := 0; k < lrs.Len(); k++ {
					lr := lrs.At(k)
					if lr.EventName() != violationEvent {
						continue
					}
					s := statusOf(lr)
					if from, ok := lr.Attributes().Get("security_event.integrity.seq_from"); ok {
						s += "@" + from.AsString()
					}
					out = append(out, s)
				}
			}
		}
	}
	return out
}

func (u verifyUnderTest) findingCount(t *testing.T, status string) int64 {
	m, err := u.tel.GetMetric("otelcol_seclog_verify_findings")
	if err != nil {
		return 0
	}
	var n int64
	for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
		if v, _ := dp.Attributes.Value("status"); v.AsString() == status {
			n += dp.Value
		}
	}
	return n
}

func TestVerifyModePassesAnUntouchedStreamSilently(t *testing.T) {
	batches, pub := sealedBatches(t, 20)
	u := newVerifyUnderTest(t, pub)
	before := 0
	for _, ld := range batches {
		before += ld.LogRecordCount()
		if err := u.p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(150 * time.Millisecond)
	if ev := u.events(); len(ev) != 0 {
		t.Errorf("events for an untouched stream: %v", ev)
	}
	if got := u.sink.LogRecordCount(); got != before {
		t.Errorf("verify mode passed %d records of %d", got, before)
	}
	u.p.mu.Lock()
	valid := u.p.v.Stats.RecordsValid
	u.p.mu.Unlock()
	if valid != 21 {
		t.Errorf("%d records verified, want 21", valid)
	}
}

func TestVerifyModeFlagsADeletedRecordWithinTheGrace(t *testing.T) {
	batches, pub := sealedBatches(t, 20)
	u := newVerifyUnderTest(t, pub)
	// Delete the record "line 6" (seq 7: genesis is seq 0) from its batch; modify "line 12" (seq 13).
	for _, ld := range batches {
		ld.ResourceLogs().RemoveIf(func(rl plog.ResourceLogs) bool {
			rl.ScopeLogs().RemoveIf(func(sl plog.ScopeLogs) bool {
				sl.LogRecords().RemoveIf(func(lr plog.LogRecord) bool {
					if strings.HasPrefix(lr.Body().Str(), "line 12 ") {
						lr.Attributes().PutStr("added", "downstream")
					}
					return strings.HasPrefix(lr.Body().Str(), "line 6 ")
				})
				return false
			})
			return false
		})
		if err := u.p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && len(u.events()) < 2 {
		time.Sleep(10 * time.Millisecond)
	}
	ev := u.events()
	if strings.Join(ev, ",") != "MISSING@7,MODIFIED@13" && strings.Join(ev, ",") != "MODIFIED@13,MISSING@7" {
		t.Errorf("events %v, want MISSING@7 and MODIFIED@13", ev)
	}
	if u.findingCount(t, "MISSING") != 1 || u.findingCount(t, "MODIFIED") != 1 {
		t.Errorf("findings metric MISSING=%d MODIFIED=%d", u.findingCount(t, "MISSING"), u.findingCount(t, "MODIFIED"))
	}
}

func TestVerifyModeVerifiesASealedRecordRelabelledAsACheckpoint(t *testing.T) {
	batches, pub := sealedBatches(t, 20)
	u := newVerifyUnderTest(t, pub)
	// "line 12" (seq 13) keeps its seal attributes but is renamed a checkpoint and gets another body.
	for _, ld := range batches {
		for i := 0; i < ld.ResourceLogs().Len(); i++ {
			sls := ld.ResourceLogs().At(i).ScopeLogs()
			for j := 0; j < sls.Len(); j++ {
				lrs := sls.At(j).LogRecords()
				for k := 0; k < lrs.Len(); k++ {
					if lr := lrs.At(k); strings.HasPrefix(lr.Body().Str(), "line 12 ") {
						lr.SetEventName("seclog.integrity.checkpoint")
						lr.Body().SetStr("line 12 approved by root")
					}
				}
			}
		}
		if err := u.p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && len(u.events()) < 1 {
		time.Sleep(10 * time.Millisecond)
	}
	if ev := u.events(); strings.Join(ev, ",") != "MODIFIED@13" {
		t.Errorf("events %v, want MODIFIED@13", ev)
	}
}

func TestVerifyModeRejectsForgedCheckpoints(t *testing.T) {
	batches, _ := sealedBatches(t, 5)
	_, other, _ := ed25519.GenerateKey(nil)
	u := newVerifyUnderTest(t, other.Public().(ed25519.PublicKey))
	for _, ld := range batches {
		if err := u.p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	if ev := u.events(); len(ev) == 0 || ev[0] != "KEY-CHAIN-INVALID" {
		t.Errorf("events %v, want KEY-CHAIN-INVALID", ev)
	}
}

func TestVerifyModeAsATapForwardsOnlyEvents(t *testing.T) {
	batches, pub := sealedBatches(t, 10)
	cfg := createDefaultConfig()
	cfg.Mode = ModeVerify
	dir := filepath.Dir(writePublicKey(t, pub)) // a directory of trusted keys
	cfg.Verify.PublicKeyFiles = []string{dir}
	cfg.Verify.ForwardRecords = false
	cfg.Verify.Grace = 0
	sink := new(consumertest.LogsSink)
	p, err := createLogs(context.Background(), processortest.NewNopSettings(componentType), cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	for _, ld := range batches[1:] { // the first batch (genesis and records 0-4) never arrives
		if err := p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	vp := p.(*verifyProcessor)
	vp.mu.Lock()
	findings := vp.v.Tick()
	vp.mu.Unlock()
	vp.report(context.Background(), findings)
	if sink.LogRecordCount() == 0 {
		t.Fatal("no event for the missing first batch")
	}
	for _, ld := range sink.AllLogs() {
		lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		for k := 0; k < lrs.Len(); k++ {
			if lrs.At(k).EventName() != violationEvent {
				t.Fatalf("a tap forwarded a record: %q", lrs.At(k).Body().Str())
			}
		}
	}
}

// statusOf reads the verifier status back from a violation event's catalog `error.type` (missing → MISSING).
func statusOf(lr plog.LogRecord) string {
	et, _ := lr.Attributes().Get("error.type")
	return strings.ReplaceAll(strings.ToUpper(et.Str()), "_", "-")
}

// newVerifyBench is a verify-mode processor in front of a nop consumer, without its timer.
func newVerifyBench(b *testing.B, pub ed25519.PublicKey) *verifyProcessor {
	cfg := createDefaultConfig()
	cfg.Mode = ModeVerify
	cfg.Verify.PublicKeyFiles = []string{writePublicKey(b, pub)}
	p, err := newVerifyProcessor(processortest.NewNopSettings(componentType), cfg, consumertest.NewNop())
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func TestSealStreamIDIsOneTo256UTF16Units(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"", false},
		{"a", true},
		{strings.Repeat("a", 256), true},
		{strings.Repeat("a", 257), false},
		{strings.Repeat("é", 256), true},  // 512 bytes, 256 units
		{strings.Repeat("😀", 128), true},  // 512 bytes, 256 units
		{strings.Repeat("😀", 129), false}, // 258 units
		{strings.Repeat("\xff", 256), true},
		{strings.Repeat("\xff", 257), false},
	} {
		if got := wellFormedStreamID(tc.id); got != tc.want {
			t.Errorf("wellFormedStreamID(%d bytes) = %v, want %v", len(tc.id), got, tc.want)
		}
	}
}
