package seclogwitnessextension

import (
	"encoding/base64"
	"fmt"
)

func hex8(id uint32) string { return fmt.Sprintf("%08x", id) }

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
