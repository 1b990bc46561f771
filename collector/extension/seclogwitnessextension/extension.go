package seclogwitnessextension

import (
	"context"
	"crypto/ed25519"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"
	"go.uber.org/zap"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// witnessExtension is the extension: the core plus the HTTP endpoint.
type witnessExtension struct {
	*core
	cfg    *Config
	logger *zap.Logger
	server *http.Server
	done   chan struct{}
	// stopDump and dumpDone run the goroutine that writes anchors.jsonl after changes.
	stopDump chan struct{}
	dumpDone chan struct{}
}

var _ Witness = (*witnessExtension)(nil)

func newExtension(set extension.Settings, cfg *Config) (*witnessExtension, error) {
	key, err := seclogformat.LoadEd25519PrivateKey(cfg.SigningKeyFile)
	if err != nil {
		return nil, &ConfigError{"signing_key_file", err.Error()}
	}
	var trusted []ed25519.PublicKey
	for i, f := range cfg.PublicKeyFiles {
		ks, err := seclogformat.LoadEd25519PublicKeys(f)
		if err != nil {
			return nil, &ConfigError{"public_key_files[" + strconv.Itoa(i) + "]", err.Error()}
		}
		trusted = append(trusted, ks...)
	}
	return &witnessExtension{
		core:   newCore(cfg.Namespace, cfg.KeyName, key, trusted, cfg.StorageDir, cfg.DumpDir, cfg.MaxStreams),
		cfg:    cfg,
		logger: set.Logger,
	}, nil
}

func (w *witnessExtension) Start(_ context.Context, _ component.Host) error {
	if err := w.load(); err != nil {
		return err
	}
	w.logger.Info("seclog witness: keeping checkpoints outside the archive",
		zap.String("storage_dir", w.cfg.StorageDir), zap.String("dump_dir", w.cfg.DumpDir),
		zap.String("verifier_key", cosignerKeyString(w.cfg.KeyName, w.key.Public().(ed25519.PublicKey))))
	startDump := func() {
		w.stopDump, w.dumpDone = make(chan struct{}), make(chan struct{})
		go w.dumpLoop()
	}
	if w.cfg.Endpoint == "" {
		startDump()
		return nil
	}
	ln, err := net.Listen("tcp", w.cfg.Endpoint)
	if err != nil {
		return err
	}
	startDump()
	w.server = w.newServer()
	w.done = make(chan struct{})
	go func() {
		defer close(w.done)
		if err := w.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			w.logger.Error("seclog witness: endpoint stopped", zap.Error(err))
		}
	}()
	return nil
}

// Bounds of the HTTP endpoint: every connection ends within these times, whatever the client does (an unread
// response must not hold a goroutine and its buffers for ever), and a request's header is small (GETs only).
const (
	endpointHeaderTimeout = 5 * time.Second
	endpointWriteTimeout  = time.Minute
	endpointIdleTimeout   = time.Minute
	endpointMaxHeader     = 16 << 10
)

// newServer is the endpoint's server: GET /anchors.jsonl and GET /checkpoints/<stream id>, nothing read from a body.
func (w *witnessExtension) newServer() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /anchors.jsonl", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("content-type", "application/x-ndjson")
		_, _ = rw.Write(w.anchorsShared())
	})
	mux.HandleFunc("GET /checkpoints/{stream}", func(rw http.ResponseWriter, r *http.Request) {
		note, ok := w.Latest(r.PathValue("stream"))
		if !ok {
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("content-type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(rw, note)
	})
	return &http.Server{Handler: mux, ReadHeaderTimeout: endpointHeaderTimeout, ReadTimeout: endpointHeaderTimeout,
		WriteTimeout: endpointWriteTimeout, IdleTimeout: endpointIdleTimeout, MaxHeaderBytes: endpointMaxHeader}
}

// dumpLoop writes anchors.jsonl when changes wait for it.
func (w *witnessExtension) dumpLoop() {
	defer close(w.dumpDone)
	t := time.NewTicker(dumpInterval)
	defer t.Stop()
	for {
		select {
		case <-w.stopDump:
			return
		case <-t.C:
			if err := w.flushDump(); err != nil {
				w.logger.Error("seclog witness: writing anchors.jsonl failed", zap.Error(err))
			}
		}
	}
}

func (w *witnessExtension) Shutdown(ctx context.Context) error {
	var err error
	if w.server != nil {
		err = w.server.Shutdown(ctx)
		<-w.done
		w.server = nil
	}
	if w.stopDump != nil {
		close(w.stopDump)
		<-w.dumpDone
		w.stopDump = nil
		err = errors.Join(err, w.flushDump())
	}
	return err
}

// cosignerKeyString is the vkey of the witness (signature type 0x04), for the operator to hand to verifiers.
func cosignerKeyString(name string, pub ed25519.PublicKey) string {
	return name + "+" + hex8(seclogformat.CosignatureKeyID(name, pub)) + "+" + b64(append([]byte{0x04}, pub...))
}
