package seclogwitnessextension

import (
	"errors"
	"fmt"
	"net"

	"github.com/seclog/seclog/collector/pkg/seclogformat"
)

// Config of the seclog_witness extension.
type Config struct {
	// SigningKeyFile is the witness's own Ed25519 private key (PKCS#8 PEM) for its cosignatures. Required. Use a key
	// that is not the producers': the cosignature is a second party's statement.
	SigningKeyFile string `mapstructure:"signing_key_file"`
	// KeyName is the cosigner name on the cosignature lines. Default `seclog-witness`.
	KeyName string `mapstructure:"key_name"`
	// PublicKeyFiles are the producers' trusted Ed25519 public keys (PEM files or directories of *.pem). Local
	// seal-mode processors that use this witness add their own key. May be empty.
	PublicKeyFiles []string `mapstructure:"public_key_files"`
	// Namespace is the integrity attribute namespace. Default `seclog.integrity`.
	Namespace string `mapstructure:"namespace"`
	// StorageDir holds the latest witnessed checkpoint of every stream (one JSON file per stream), outside the
	// archive. Required.
	StorageDir string `mapstructure:"storage_dir"`
	// Endpoint is a listen address (host:port) for the HTTP endpoint serving GET /anchors.jsonl (every stream's
	// latest checkpoint as OTLP/JSON lines, for `seclog verify --anchor`) and GET /checkpoints/<stream id> (the
	// cosigned note). Empty: no endpoint.
	Endpoint string `mapstructure:"endpoint"`
	// DumpDir, when set, gets anchors.jsonl rewritten (atomically) at most once a second after a change, and at
	// shutdown.
	DumpDir string `mapstructure:"dump_dir"`
	// MaxStreams bounds the streams whose latest checkpoint is kept (and listed in anchors.jsonl). A checkpoint of a
	// new stream beyond it is refused (kind "capacity", logged); anchors already kept are never dropped, so remove the
	// files of streams no longer needed from storage_dir (while the collector is stopped) to make room. Seal mode
	// opens a stream for every new combination of its stream_by values, so whoever can send logs to it can make
	// streams. Default 10000.
	MaxStreams int `mapstructure:"max_streams"`
}

func createDefaultConfig() *Config {
	return &Config{KeyName: "seclog-witness", Namespace: seclogformat.DefaultNamespace, MaxStreams: 10000}
}

// ConfigError names the field.
type ConfigError struct{ Field, Msg string }

func (e *ConfigError) Error() string { return e.Field + ": " + e.Msg }

// Validate checks the configuration; errors name the field.
func (c *Config) Validate() error {
	var errs []error
	if c.SigningKeyFile == "" {
		errs = append(errs, &ConfigError{"signing_key_file", "is required (the witness's own Ed25519 key, PKCS#8 PEM)"})
	}
	if !seclogformat.ValidKeyName(c.KeyName) {
		errs = append(errs, &ConfigError{"key_name", "must be 1 to 256 characters without '+' or whitespace"})
	}
	if c.StorageDir == "" {
		errs = append(errs, &ConfigError{"storage_dir", "is required"})
	}
	if c.Namespace == "" {
		errs = append(errs, &ConfigError{"namespace", "must not be empty"})
	}
	if c.Endpoint != "" {
		if _, _, err := net.SplitHostPort(c.Endpoint); err != nil {
			errs = append(errs, &ConfigError{"endpoint", fmt.Sprintf("must be host:port (%v)", err)})
		}
	}
	if c.MaxStreams < 1 || c.MaxStreams > 1_000_000 {
		errs = append(errs, &ConfigError{"max_streams", "must be from 1 to 1000000"})
	}
	for i, f := range c.PublicKeyFiles {
		if f == "" {
			errs = append(errs, &ConfigError{fmt.Sprintf("public_key_files[%d]", i), "must not be empty"})
		}
	}
	return errors.Join(errs...)
}
