package seclogformat

// Genesis and resource-snapshot bodies (docs/spec/stream-records.md).

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// GenesisHeader and ResourceHeader are the first lines of the two bodies.
const (
	GenesisHeader  = "seclog-genesis/v1"
	ResourceHeader = "seclog-resource/v1"
)

// Policy is the checkpoint policy on the genesis `q` line.
type Policy struct {
	MaxRecords    uint64 `json:"maxRecords"`
	MaxIntervalMs uint64 `json:"maxIntervalMs"`
	HeartbeatMs   uint64 `json:"heartbeatMs"`
	LeafList      bool   `json:"leafList"`
}

// Identity is the producer identity on the genesis `i` line.
type Identity struct {
	ServiceName       string `json:"serviceName"`
	ServiceInstanceID string `json:"serviceInstanceId"`
	HostName          string `json:"hostName"`
}

// StreamBody holds the fields of a genesis body (all of them) or a resource snapshot body (namespace, stream id and
// the resource).
type StreamBody struct {
	Namespace      string   `json:"namespace"`
	StreamID       string   `json:"streamId"`
	OlcfVersion    string   `json:"olcfVersion"`
	TimeUnixNano   uint64   `json:"timeUnixNano,string"`
	Policy         Policy   `json:"policy"`
	Identity       Identity `json:"identity"`
	ResourceDigest string   `json:"resourceDigest"`
	ResourceText   string   `json:"resourceText"`
	// Genesis is true for a genesis body, false for a resource snapshot (set by ParseStreamBody).
	Genesis bool `json:"-"`
}

// FormatGenesis writes the eight-line genesis body.
func FormatGenesis(g StreamBody) string {
	leaf := 0
	if g.Policy.LeafList {
		leaf = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\no %s\nv %s\nt %d\nq %d %d %d %d\n", GenesisHeader, Origin(g.Namespace, g.StreamID), g.OlcfVersion,
		g.TimeUnixNano, g.Policy.MaxRecords, g.Policy.MaxIntervalMs, g.Policy.HeartbeatMs, leaf)
	i := []byte("i [")
	i = AppendString(i, NormalizeUTF8(g.Identity.ServiceName))
	i = append(i, ',')
	i = AppendString(i, NormalizeUTF8(g.Identity.ServiceInstanceID))
	i = append(i, ',')
	i = AppendString(i, NormalizeUTF8(g.Identity.HostName))
	b.Write(i)
	fmt.Fprintf(&b, "]\nd %s\nr %s\n", g.ResourceDigest, g.ResourceText)
	return b.String()
}

// FormatResourceSnapshot writes the four-line resource snapshot body.
func FormatResourceSnapshot(g StreamBody) string {
	return fmt.Sprintf("%s\no %s\nd %s\nr %s\n", ResourceHeader, Origin(g.Namespace, g.StreamID), g.ResourceDigest,
		g.ResourceText)
}

// BodyError says why a genesis or snapshot body was rejected.
type BodyError struct{ Msg string }

func (e *BodyError) Error() string { return "malformed stream body: " + e.Msg }

var (
	decimal20 = regexp.MustCompile(`^(0|[1-9][0-9]{0,19})$`)
	decimal15 = regexp.MustCompile(`^(0|[1-9][0-9]{0,14})$`)
)

// ParseStreamBody reads a genesis or resource snapshot body strictly (docs/spec/stream-records.md, "Reading the
// bodies"), including the check that `d` is the digest of `r` and that `r` is a canonical resource tuple.
func ParseStreamBody(text, namespace string) (StreamBody, error) {
	var g StreamBody
	if utf16Len(text) > 1<<20 {
		return g, &BodyError{"body too long"}
	}
	if !strings.HasSuffix(text, "\n") {
		return g, &BodyError{"no final newline"}
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	var keys []string
	switch lines[0] {
	case GenesisHeader:
		g.Genesis = true
		keys = []string{"o", "v", "t", "q", "i", "d", "r"}
	case ResourceHeader:
		keys = []string{"o", "d", "r"}
	default:
		return g, &BodyError{"unknown header"}
	}
	if len(lines) != len(keys)+1 {
		return g, &BodyError{"wrong number of lines"}
	}
	vals := map[string]string{}
	for i, k := range keys {
		v, ok := strings.CutPrefix(lines[i+1], k+" ")
		if !ok {
			return g, &BodyError{"missing or misplaced " + k + " line"}
		}
		vals[k] = v
	}
	origin := vals["o"]
	at := strings.LastIndex(origin, "/v1/")
	if at < 0 || origin[:at] != namespace || !IsStreamID(origin[at+4:]) {
		return g, &BodyError{"bad origin"}
	}
	// Copies, not substrings: a verifier keeps these (and the digest below) for as long as it follows the stream, and
	// a substring would keep the whole body, up to a few MB, alive with them.
	g.Namespace, g.StreamID = namespace, strings.Clone(origin[at+4:])
	if g.Genesis {
		if vals["v"] != "olcf1" {
			return g, &BodyError{"unknown canonical form"}
		}
		g.OlcfVersion = "olcf1"
		if !decimal20.MatchString(vals["t"]) {
			return g, &BodyError{"bad t"}
		}
		t, err := strconv.ParseUint(vals["t"], 10, 64)
		if err != nil {
			return g, &BodyError{"bad t"}
		}
		g.TimeUnixNano = t
		q := strings.Split(vals["q"], " ")
		if len(q) != 4 || (q[3] != "0" && q[3] != "1") {
			return g, &BodyError{"bad q"}
		}
		nums := make([]uint64, 3)
		for i := range 3 {
			if !decimal15.MatchString(q[i]) {
				return g, &BodyError{"bad q"}
			}
			nums[i], _ = strconv.ParseUint(q[i], 10, 64)
		}
		g.Policy = Policy{MaxRecords: nums[0], MaxIntervalMs: nums[1], HeartbeatMs: nums[2], LeafList: q[3] == "1"}
		var ident []string
		if err := json.Unmarshal([]byte(vals["i"]), &ident); err != nil || len(ident) != 3 {
			return g, &BodyError{"bad i"}
		}
		g.Identity = Identity{ServiceName: ident[0], ServiceInstanceID: ident[1], HostName: ident[2]}
	}
	g.ResourceDigest, g.ResourceText = strings.Clone(vals["d"]), vals["r"]
	d := sha256.Sum256([]byte(g.ResourceText))
	if base64.StdEncoding.EncodeToString(d[:]) != g.ResourceDigest {
		return g, &BodyError{"d is not the digest of r"}
	}
	if !canonicalResourceText(g.ResourceText) {
		return g, &BodyError{"r is not a canonical resource tuple"}
	}
	return g, nil
}

// utf16Len is the length of s in UTF-16 code units (each ill-formed byte counts as one, as its U+FFFD would), without
// converting it: a body of several MB must not cost several times its size before it is refused.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// canonicalResourceText checks that text is `["olcf1-resource",[[string,array]…],string]` and re-serializes to
// itself.
func canonicalResourceText(text string) bool {
	v, err := ParseJSON([]byte(text))
	if err != nil {
		return false
	}
	arr, ok := v.([]any)
	if !ok || len(arr) != 3 || arr[0] != "olcf1-resource" {
		return false
	}
	pairs, ok := arr[1].([]any)
	if !ok {
		return false
	}
	for _, p := range pairs {
		pa, ok := p.([]any)
		if !ok || len(pa) != 2 {
			return false
		}
		if _, ok := pa[0].(string); !ok {
			return false
		}
		if _, ok := pa[1].([]any); !ok {
			return false
		}
	}
	if _, ok := arr[2].(string); !ok {
		return false
	}
	return string(appendCanonicalJSON(nil, v)) == text
}

// appendCanonicalJSON re-serializes a decoded canonical text (arrays, strings, booleans only; no numbers or objects
// appear in canonical texts, so anything else makes the output differ from the input).
func appendCanonicalJSON(buf []byte, v any) []byte {
	switch x := v.(type) {
	case string:
		return AppendString(buf, x)
	case bool:
		return strconv.AppendBool(buf, x)
	case []any:
		buf = append(buf, '[')
		for i, el := range x {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendCanonicalJSON(buf, el)
		}
		return append(buf, ']')
	default:
		return append(buf, '?')
	}
}
