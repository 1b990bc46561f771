package seclogprocessor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
)

func settingsForTest() processor.Settings { return processortest.NewNopSettings(componentType) }

func TestLoadConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id     component.ID
		check  func(*Config)
		errHas []string
	}{
		{id: component.MustNewIDWithName(typeStr, "seal"), check: func(c *Config) {
			if c.Mode != ModeSeal || c.Seal.SigningKeyFile != "/etc/seclog/collector.pem" || c.Seal.KeyName != "gateway.example/seclog" ||
				c.Seal.Checkpoint.MaxRecords != 64 || c.Seal.Checkpoint.MaxInterval != 2*time.Second || len(c.Seal.StreamBy) != 1 ||
				c.Seal.Checkpoint.Heartbeat != 60*time.Second || !c.Seal.Checkpoint.LeafList {
				t.Errorf("seal config %+v", c.Seal)
			}
		}},
		{id: component.MustNewIDWithName(typeStr, "verify"), check: func(c *Config) {
			if c.Mode != ModeVerify || len(c.Verify.PublicKeyFiles) != 2 || c.Verify.Grace != 5*time.Second {
				t.Errorf("verify config %+v", c.Verify)
			}
		}},
		{id: component.MustNewIDWithName(typeStr, "bad"), errHas: []string{"mode:"}},
		{id: component.MustNewIDWithName(typeStr, "bad_seal"), errHas: []string{
			"seal.signing_key_file:", "seal.key_name:", "seal.checkpoint.max_records:", "seal.checkpoint.heartbeat:", "namespace:",
		}},
		{id: component.MustNewIDWithName(typeStr, "bad_verify"), errHas: []string{"verify.public_key_files:", "verify.silence_factor:"}},
	} {
		t.Run(tc.id.String(), func(t *testing.T) {
			cfg := NewFactory().CreateDefaultConfig().(*Config)
			sub, err := cm.Sub(tc.id.String())
			if err != nil {
				t.Fatal(err)
			}
			if err := sub.Unmarshal(cfg); err != nil {
				t.Fatal(err)
			}
			err = cfg.Validate()
			if tc.errHas == nil {
				if err != nil {
					t.Fatal(err)
				}
				tc.check(cfg)
				return
			}
			if err == nil {
				t.Fatal("invalid config accepted")
			}
			for _, want := range tc.errHas {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %s", err, want)
				}
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Error("errors are not *ConfigError")
			}
		})
	}
}

func TestKeyFileErrorsNeverShowKeyMaterial(t *testing.T) {
	dir := t.TempDir()
	secret := "c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LW11c3Qtbm90LWxlYWs="
	cases := map[string]string{
		"not-pem.txt":    secret,
		"wrong-type.pem": "-----BEGIN EC PRIVATE KEY-----\n" + secret + "\n-----END EC PRIVATE KEY-----\n",
		"bad-pkcs8.pem":  "-----BEGIN PRIVATE KEY-----\n" + secret + "\n-----END PRIVATE KEY-----\n",
	}
	for name, content := range cases {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg := createDefaultConfig()
		cfg.Mode, cfg.Seal.SigningKeyFile = ModeSeal, path
		_, err := createLogs(context.Background(), settingsForTest(), cfg, new(consumertest.LogsSink))
		if err == nil {
			t.Fatalf("%s accepted", name)
		}
		if strings.Contains(err.Error(), secret[:16]) || !strings.Contains(err.Error(), "seal.signing_key_file") {
			t.Errorf("%s: %v", name, err)
		}
	}
	cfg := createDefaultConfig()
	cfg.Mode, cfg.Seal.SigningKeyFile = ModeSeal, filepath.Join(dir, "missing.pem")
	if _, err := createLogs(context.Background(), settingsForTest(), cfg, new(consumertest.LogsSink)); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing file: %v", err)
	}
}
