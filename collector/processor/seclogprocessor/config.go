package seclogprocessor

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	"go.opentelemetry.io/collector/component"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// Mode selects what a seclog processor instance does.
type Mode string

const (
	// ModeSeal seals records that carry no seclog integrity attributes in the collector's own streams.
	ModeSeal Mode = "seal"
	// ModeVerify follows every sealed stream that passes and reports integrity violations live.
	ModeVerify Mode = "verify"
)

// Config is the configuration of the seclog processor. One instance runs in one mode; a pipeline that seals and
// verifies uses two instances (`seclog/seal`, then `seclog/verify`).
type Config struct {
	// Mode is `seal` or `verify`. Required.
	Mode Mode `mapstructure:"mode"`
	// Namespace is the integrity attribute namespace <ns>: records carry <ns>.stream and <ns>.seq. It must equal the
	// namespace of the SDKs whose records pass. Default `seclog.integrity`.
	Namespace string `mapstructure:"namespace"`
	// Witness names a seclog_witness extension (e.g. `seclog_witness`) that gets every checkpoint this processor
	// writes (seal mode) or sees (verify mode), keeps the latest per stream outside the archive and cosigns it.
	// Empty: none.
	Witness string `mapstructure:"witness"`
	// Seal configures seal mode.
	Seal SealConfig `mapstructure:"seal"`
	// Verify configures verify mode.
	Verify VerifyConfig `mapstructure:"verify"`
}

// SealConfig configures seal mode.
type SealConfig struct {
	// SigningKeyFile is a PKCS#8 PEM file holding the Ed25519 private key that signs the collector's checkpoints
	// (`openssl genpkey -algorithm ed25519 -out key.pem`). Required in seal mode. Its content never appears in logs
	// or errors.
	SigningKeyFile string `mapstructure:"signing_key_file"`
	// KeyName is the signer name on the signature lines (1 to 256 characters, no '+', no whitespace). Default
	// `seclog-collector`.
	KeyName string `mapstructure:"key_name"`
	// Checkpoint is the checkpoint cadence, written into each stream's genesis record.
	Checkpoint CheckpointConfig `mapstructure:"checkpoint"`
	// StreamBy lists the resource attributes whose string values select the stream a record is sealed in: records
	// from one source (e.g. one host's files) share a stream, and a changed resource within a stream is announced by
	// a resource snapshot record. Empty: one stream for everything this instance seals. Default
	// [service.name, service.instance.id, host.name].
	StreamBy []string `mapstructure:"stream_by"`
	// MaxStreams bounds the open streams; the least recently used one is closed with a final checkpoint when another
	// is needed. Default 64.
	MaxStreams int `mapstructure:"max_streams"`
	// MaxPendingCheckpoints bounds the signed checkpoints kept for a retry while the next consumer refuses them.
	// Default 1024 (at most 8 KiB each).
	MaxPendingCheckpoints int `mapstructure:"max_pending_checkpoints"`
}

// CheckpointConfig is the checkpoint cadence (the same defaults as the seclog SDK).
type CheckpointConfig struct {
	// MaxRecords: checkpoint after this many new leaves. Default 128; 1 to 150 with leaf lists (8 KiB cap).
	MaxRecords int `mapstructure:"max_records"`
	// MaxInterval: checkpoint this long after the previous one when leaves are waiting. Default 5s.
	MaxInterval time.Duration `mapstructure:"max_interval"`
	// Heartbeat: checkpoint with an empty range after this long without leaves. Default 60s.
	Heartbeat time.Duration `mapstructure:"heartbeat"`
	// LeafList puts the record digests of each range on the checkpoint (`l` line), so `seclog verify` names the
	// modified seq. Default true.
	LeafList bool `mapstructure:"leaf_list"`
}

// VerifyConfig configures verify mode.
type VerifyConfig struct {
	// PublicKeyFiles are PEM files of the trusted Ed25519 public keys (SPKI, "PUBLIC KEY"): the SDKs' and the sealing
	// collectors' checkpoint keys. An entry that is a directory stands for every *.pem file in it. At least one key is
	// required in verify mode.
	PublicKeyFiles []string `mapstructure:"public_key_files"`
	// ForwardRecords passes the records on (true, the default). false makes the processor a verification tap: it
	// passes on only the integrity-violation events it emits, for a pipeline of its own that fans out from the same
	// receiver as the archive pipeline, so verifying can neither delay nor alter the evidence path.
	ForwardRecords bool `mapstructure:"forward_records"`
	// Grace is how long a checkpoint may wait for the records it covers before the missing ones are reported. Records
	// and checkpoints travel separately and in any order. Default 10s.
	Grace time.Duration `mapstructure:"grace"`
	// SilenceFactor: a stream whose genesis announces a heartbeat H is reported silent after SilenceFactor × H without
	// a checkpoint. Default 2.
	SilenceFactor float64 `mapstructure:"silence_factor"`
	// MaxStreams bounds the streams followed; the least recently seen is forgotten first. Default 1024.
	MaxStreams int `mapstructure:"max_streams"`
	// MaxPendingRecords bounds, per stream, the digests held for seqs beyond the last contiguous one (a record hashed
	// with several candidate resource digests counts one more per candidate). Default 4096.
	MaxPendingRecords int `mapstructure:"max_pending_records"`
	// EmitEvents emits an integrity-violation security event into the logs pipeline for each violation. Default true.
	EmitEvents bool `mapstructure:"emit_events"`
}

func createDefaultConfig() *Config {
	return &Config{
		Namespace: seclogformat.DefaultNamespace,
		Seal: SealConfig{
			KeyName: "seclog-collector",
			Checkpoint: CheckpointConfig{
				MaxRecords:  128,
				MaxInterval: 5 * time.Second,
				Heartbeat:   60 * time.Second,
				LeafList:    true,
			},
			StreamBy:              []string{"service.name", "service.instance.id", "host.name"},
			MaxStreams:            64,
			MaxPendingCheckpoints: 1024,
		},
		Verify: VerifyConfig{
			Grace:             10 * time.Second,
			SilenceFactor:     2,
			MaxStreams:        1024,
			MaxPendingRecords: 4096,
			EmitEvents:        true,
			ForwardRecords:    true,
		},
	}
}

// ConfigError is a validation error; Field names the configuration field, as written in YAML.
type ConfigError struct {
	Field string
	Msg   string
}

func (e *ConfigError) Error() string { return e.Field + ": " + e.Msg }

var namespaceRe = regexp.MustCompile(`^[a-z0-9_]{1,32}(\.[a-z0-9_]{1,32}){0,7}$`)

// validNamespace applies docs/spec/README.md: 1 to 8 segments of [a-z0-9_]{1,32}, not starting with otel or log.
func validNamespace(ns string) bool {
	if !namespaceRe.MatchString(ns) {
		return false
	}
	first := ns
	for i := 0; i < len(ns); i++ {
		if ns[i] == '.' {
			first = ns[:i]
			break
		}
	}
	return first != "otel" && first != "log"
}

// Validate checks the configuration; each error names its field.
func (c *Config) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, &ConfigError{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if c.Witness != "" {
		var id component.ID
		if err := id.UnmarshalText([]byte(c.Witness)); err != nil {
			add("witness", "must be an extension id such as seclog_witness (%v)", err)
		}
	}
	if !validNamespace(c.Namespace) {
		add("namespace", "must be 1 to 8 dot-separated segments of a-z, 0-9 and _ (1 to 32 each), not starting with otel or log")
	}
	switch c.Mode {
	case ModeSeal:
		s := c.Seal
		if s.SigningKeyFile == "" {
			add("seal.signing_key_file", "is required in seal mode (a PKCS#8 PEM Ed25519 private key)")
		}
		if !seclogformat.ValidKeyName(s.KeyName) {
			add("seal.key_name", "must be 1 to 256 characters without '+' or whitespace")
		}
		maxRecords := seclogformat.MaxCount
		if s.Checkpoint.LeafList {
			maxRecords = seclogformat.MaxLeafListRecords
		}
		if s.Checkpoint.MaxRecords < 1 || s.Checkpoint.MaxRecords > maxRecords {
			add("seal.checkpoint.max_records", "must be from 1 to %d (150 with leaf_list, to keep checkpoints under 8 KiB)", maxRecords)
		}
		if s.Checkpoint.MaxInterval < time.Millisecond || s.Checkpoint.MaxInterval > 24*time.Hour {
			add("seal.checkpoint.max_interval", "must be from 1ms to 24h")
		}
		if s.Checkpoint.Heartbeat < time.Millisecond || s.Checkpoint.Heartbeat > 24*time.Hour {
			add("seal.checkpoint.heartbeat", "must be from 1ms to 24h")
		}
		if s.MaxStreams < 1 || s.MaxStreams > 100_000 {
			add("seal.max_streams", "must be from 1 to 100000")
		}
		if s.MaxPendingCheckpoints < 1 || s.MaxPendingCheckpoints > 1_000_000 {
			add("seal.max_pending_checkpoints", "must be from 1 to 1000000")
		}
		for i, k := range s.StreamBy {
			if k == "" {
				add(fmt.Sprintf("seal.stream_by[%d]", i), "must not be empty")
			}
		}
	case ModeVerify:
		v := c.Verify
		if len(v.PublicKeyFiles) == 0 {
			add("verify.public_key_files", "needs at least one trusted Ed25519 public key (PEM) in verify mode")
		}
		for i, f := range v.PublicKeyFiles {
			if f == "" {
				add(fmt.Sprintf("verify.public_key_files[%d]", i), "must not be empty")
			}
		}
		if v.Grace < 0 || v.Grace > time.Hour {
			add("verify.grace", "must be from 0 to 1h")
		}
		if v.SilenceFactor < 1 || v.SilenceFactor > 1000 {
			add("verify.silence_factor", "must be from 1 to 1000")
		}
		if v.MaxStreams < 1 || v.MaxStreams > 1_000_000 {
			add("verify.max_streams", "must be from 1 to 1000000")
		}
		if v.MaxPendingRecords < 1 || v.MaxPendingRecords > 10_000_000 {
			add("verify.max_pending_records", "must be from 1 to 10000000")
		}
	default:
		add("mode", "must be %q or %q", ModeSeal, ModeVerify)
	}
	return errors.Join(errs...)
}
