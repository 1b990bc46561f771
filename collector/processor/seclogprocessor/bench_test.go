package seclogprocessor

import (
	"context"
	"testing"

	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
)

// benchBatch is 256 records shaped like the SDK benchmark's HTTP request log: string body, ten attributes with a
// nested map, an array and bytes, trace context.
func benchBatch() plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "checkout")
	rl.Resource().Attributes().PutStr("host.name", "web-1")
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName("http")
	for i := 0; i < 256; i++ {
		lr := sl.LogRecords().AppendEmpty()
		lr.SetTimestamp(1764000000000000000)
		lr.SetObservedTimestamp(1764000000000000001)
		lr.SetSeverityNumber(plog.SeverityNumberInfo)
		lr.SetSeverityText("INFO")
		lr.Body().SetStr("GET /api/orders/12345 200 in 12ms from 10.0.0.7")
		a := lr.Attributes()
		a.PutStr("http.request.method", "GET")
		a.PutStr("url.path", "/api/orders/12345")
		a.PutInt("http.response.status_code", 200)
		a.PutDouble("duration_ms", 12.5)
		a.PutStr("client.address", "10.0.0.7")
		a.PutStr("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)")
		a.PutBool("cache.hit", false)
		m := a.PutEmptyMap("user")
		m.PutStr("id", "u-42")
		m.PutEmptySlice("roles").FromRaw([]any{"admin", "buyer"})
		a.PutEmptySlice("tags").FromRaw([]any{"a", "b", "c"})
		a.PutEmptyBytes("request.id").FromRaw([]byte("0123456789abcdef"))
		lr.SetTraceID([16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
		lr.SetSpanID([8]byte{1, 2, 3, 4, 5, 6, 7, 8})
		lr.SetFlags(1)
	}
	return ld
}

// BenchmarkSealMode: seal mode per record (canonical form, digest, Merkle append, Ed25519 checkpoint every 128).
func BenchmarkSealMode(b *testing.B) {
	proto := benchBatch()
	p, _ := newSealUnderTest(b, new(consumertest.LogsSink), nil)
	p.next = consumertest.NewNop()
	ld := plog.NewLogs()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		proto.CopyTo(ld)
		b.StartTimer()
		if err := p.ConsumeLogs(context.Background(), ld); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*256), "ns/record")
}

// BenchmarkVerifyMode: verify mode per record on batches sealed in advance (checkpoints included).
func BenchmarkVerifyMode(b *testing.B) {
	sink := new(consumertest.LogsSink)
	sp, pub := newSealUnderTest(b, sink, nil)
	const batches = 64
	for i := 0; i < batches; i++ {
		if err := sp.ConsumeLogs(context.Background(), benchBatch()); err != nil {
			b.Fatal(err)
		}
	}
	_ = sp.Shutdown(context.Background())
	sealed := sink.AllLogs()
	records := 0
	for _, ld := range sealed {
		records += ld.LogRecordCount()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		u := newVerifyBench(b, pub)
		b.StartTimer()
		for _, ld := range sealed {
			if err := u.ConsumeLogs(context.Background(), ld); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*records), "ns/record")
}
