package seclogwitnessextension

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"go.uber.org/zap"
)

// servedWitness is a witness with one anchored stream behind its endpoint's server, on a loopback port.
func servedWitness(t *testing.T) (*witnessExtension, *producer, string) {
	p := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv")
	c, _ := newTestCore(t, t.TempDir(), p.signer.PublicKey())
	p.add(3)
	n, _ := p.checkpoint(t)
	if _, err := c.Observe(n); err != nil {
		t.Fatal(err)
	}
	w := &witnessExtension{core: c, cfg: createDefaultConfig(), logger: zap.NewNop()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := w.newServer()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return w, p, "http://" + ln.Addr().String()
}

func get(t *testing.T, url string, header http.Header) (int, string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// The endpoint serves a stream's note by its id and nothing else: ids that try to walk out of the storage directory
// or name its files find nothing, a request with an oversized header is refused before any handler runs, and every
// connection has a deadline (an idle or never-read connection does not stay open for ever).
func TestWitnessEndpointIsBounded(t *testing.T) {
	w, p, base := servedWitness(t)
	if code, body := get(t, base+"/checkpoints/"+p.id, nil); code != http.StatusOK || !strings.HasPrefix(body, ns+"/v1/"+p.id) {
		t.Errorf("GET the stream's note: %d %q", code, body)
	}
	for _, path := range []string{
		"/checkpoints/..%2Fstate%2F" + p.id + ".json", "/checkpoints/..%2F..%2F..%2Fetc%2Fpasswd", "/checkpoints/%2e%2e",
		"/checkpoints/" + p.id + ".json", "/checkpoints/../state/" + p.id + ".json", "/checkpoints/", "/state/" + p.id + ".json",
	} {
		if code, body := get(t, base+path, nil); code == http.StatusOK || strings.Contains(body, "note") || strings.Contains(body, "root:") {
			t.Errorf("GET %s: %d %q", path, code, body)
		}
	}
	if code, _ := get(t, base+"/anchors.jsonl", http.Header{"X-Pad": {strings.Repeat("a", 64<<10)}}); code != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 64 KiB header: %d, want 431", code)
	}
	if srv := w.newServer(); srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Errorf("a connection without a deadline: %+v", srv)
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// Each GET /anchors.jsonl copied every stream's note, and kept the copy for as long as its client took to read it:
// a few hundred clients that never read held hundreds of copies. The endpoint writes the one current rendering.
func TestWitnessEndpointDoesNotCopyTheAnchorsPerRequest(t *testing.T) {
	signer := newProducer(t, "AbCdEfGhIjKlMnOpQrStUv").signer
	c, _ := newTestCore(t, t.TempDir(), signer.PublicKey())
	for i := range 50 {
		p := &producer{signer: signer, id: fmt.Sprintf("Stream%014dxx", i)}
		p.add(150)
		n, _ := p.checkpoint(t)
		if _, err := c.Observe(n); err != nil {
			t.Fatal(err)
		}
	}
	size := len(c.Anchors())
	h := (&witnessExtension{core: c, cfg: createDefaultConfig(), logger: zap.NewNop()}).newServer().Handler
	req, _ := http.NewRequest(http.MethodGet, "/anchors.jsonl", nil)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 50 {
		h.ServeHTTP(&discard{h: http.Header{}}, req)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(size) {
		t.Errorf("50 requests for %d bytes of anchors allocated %d bytes", size, alloc)
	}
}
