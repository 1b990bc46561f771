package seclogformat

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxKeyFileBytes bounds what a wrong path (a log file, /dev/zero) makes us read.
const maxKeyFileBytes = 64 * 1024

// KeyFileError says why a key file cannot be used. It names the file and the problem, never the file's content.
type KeyFileError struct {
	Path string
	Msg  string
}

func (e *KeyFileError) Error() string { return fmt.Sprintf("key file %q: %s", e.Path, e.Msg) }

// LoadEd25519PrivateKey reads an Ed25519 private key from a PKCS#8 PEM file ("-----BEGIN PRIVATE KEY-----", as
// written by `openssl genpkey -algorithm ed25519` and by Node's crypto). Errors are *KeyFileError and never contain
// key material.
func LoadEd25519PrivateKey(path string) (ed25519.PrivateKey, error) {
	data, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, &KeyFileError{Path: path, Msg: "not PEM (expected a PKCS#8 \"PRIVATE KEY\" block)"}
	}
	if block.Type != "PRIVATE KEY" {
		return nil, &KeyFileError{Path: path, Msg: fmt.Sprintf("PEM block %q, expected a PKCS#8 \"PRIVATE KEY\"", safeBlockType(block.Type))}
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, &KeyFileError{Path: path, Msg: "not a valid PKCS#8 private key"}
	}
	ed, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, &KeyFileError{Path: path, Msg: "not an Ed25519 key"}
	}
	return ed, nil
}

// readKeyFile reads at most 64 KiB; errors name the file and the problem only.
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		msg := "cannot be opened"
		if errors.Is(err, os.ErrNotExist) {
			msg = "does not exist"
		} else if errors.Is(err, os.ErrPermission) {
			msg = "permission denied"
		}
		return nil, &KeyFileError{Path: path, Msg: msg}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileBytes+1))
	if err != nil {
		return nil, &KeyFileError{Path: path, Msg: "cannot be read"}
	}
	if len(data) > maxKeyFileBytes {
		return nil, &KeyFileError{Path: path, Msg: "larger than 64 KiB: not a key file"}
	}
	return data, nil
}

// safeBlockType keeps a PEM type printable and short.
func safeBlockType(t string) string {
	if len(t) > 40 {
		t = t[:40]
	}
	for _, r := range t {
		if r < 0x20 || r > 0x7e {
			return "?"
		}
	}
	return t
}

// LoadEd25519PublicKey reads an Ed25519 public key from a PEM file ("-----BEGIN PUBLIC KEY-----", SPKI, as
// `openssl pkey -pubout` and `seclog verify --public-key` use). A private key is refused, so that signing keys are
// not copied to verifying hosts. Errors are *KeyFileError.
func LoadEd25519PublicKey(path string) (ed25519.PublicKey, error) {
	data, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, &KeyFileError{Path: path, Msg: "not PEM (expected a \"PUBLIC KEY\" block)"}
	}
	if block.Type != "PUBLIC KEY" {
		if strings.Contains(block.Type, "PRIVATE") {
			return nil, &KeyFileError{Path: path, Msg: "this is a private key; give the public key (PEM)"}
		}
		return nil, &KeyFileError{Path: path, Msg: fmt.Sprintf("PEM block %q, expected \"PUBLIC KEY\"", safeBlockType(block.Type))}
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, &KeyFileError{Path: path, Msg: "not a valid public key"}
	}
	ed, ok := key.(ed25519.PublicKey)
	if !ok {
		return nil, &KeyFileError{Path: path, Msg: "not an Ed25519 key"}
	}
	return ed, nil
}

// LoadEd25519PublicKeys reads one PEM public key file, or every *.pem file of a directory (at least one, in name order,
// so that a key list is the same on every host). Errors are *KeyFileError.
func LoadEd25519PublicKeys(path string) ([]ed25519.PublicKey, error) {
	info, err := os.Stat(path)
	if err != nil || !info.IsDir() {
		k, err := LoadEd25519PublicKey(path)
		if err != nil {
			return nil, err
		}
		return []ed25519.PublicKey{k}, nil
	}
	files, err := filepath.Glob(filepath.Join(path, "*.pem"))
	if err != nil || len(files) == 0 {
		return nil, &KeyFileError{Path: path, Msg: "directory without *.pem public keys"}
	}
	sort.Strings(files)
	keys := make([]ed25519.PublicKey, 0, len(files))
	for _, f := range files {
		k, err := LoadEd25519PublicKey(f)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}
