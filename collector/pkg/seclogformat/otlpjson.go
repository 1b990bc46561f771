package seclogformat

// Reading OTLP/JSON as docs/spec/otlp-json-input.md requires: JSON numbers kept as their text until a field reads
// them ("JSON"), integers read exactly ("Integers"), doubles rounded once ("Doubles"), lenient base64 ("Bytes").

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// ParseJSON decodes one JSON text (already valid UTF-8, see DecodeUTF8) with numbers kept as json.Number. Objects
// repeating a member keep the last value, as the spec requires.
func ParseJSON(text []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

var (
	int64Min   = new(big.Int).Lsh(big.NewInt(-1), 63)
	int64Max   = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 63), big.NewInt(1))
	uint64Max  = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))
	uint32Max  = big.NewInt(4294967295)
	bigZero    = big.NewInt(0)
	jsonNumber = regexp.MustCompile(`^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$`)
	intString  = regexp.MustCompile(`^-?[0-9]{1,20}$`)
	dblString  = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
)

// exactInteger returns the exact value of a JSON number's text when it is an integer with at most 20 digits.
func exactInteger(text string) (*big.Int, bool) {
	m := jsonNumber.FindStringSubmatch(text)
	if m == nil {
		return nil, false
	}
	sign, intPart, frac, expText := m[1], m[2], m[3], m[4]
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return new(big.Int), true // zero, whatever the exponent
	}
	exp := int64(-len(frac))
	if expText != "" {
		e, err := strconv.ParseInt(expText, 10, 32)
		if err != nil {
			return nil, false // |exponent| beyond 2^31 with a non-zero value: not an integer, or out of range
		}
		exp += e
	}
	for strings.HasSuffix(digits, "0") {
		digits = digits[:len(digits)-1]
		exp++
	}
	if exp < 0 || int64(len(digits))+exp > 20 {
		return nil, false
	}
	v, _ := new(big.Int).SetString(digits+strings.Repeat("0", int(exp)), 10)
	if sign == "-" {
		v.Neg(v)
	}
	return v, true
}

// readInteger reads an integer member (JSON number or decimal string) within [lo, hi] and returns its decimal.
// Unsigned fields refuse a string that starts with '-'.
func readInteger(v any, lo, hi *big.Int) (string, bool) {
	var n *big.Int
	switch x := v.(type) {
	case json.Number:
		var ok bool
		if n, ok = exactInteger(string(x)); !ok {
			return "", false
		}
	case string:
		if !intString.MatchString(x) || (lo.Sign() == 0 && strings.HasPrefix(x, "-")) {
			return "", false
		}
		n, _ = new(big.Int).SetString(x, 10)
	default:
		return "", false
	}
	if n.Cmp(lo) < 0 || n.Cmp(hi) > 0 {
		return "", false
	}
	return n.String(), true
}

// ReadUint reads an unsigned integer member of an OTLP/JSON object (JSON number or decimal string) up to max.
func ReadUint(v any, max uint64) (uint64, bool) {
	d, ok := readInteger(v, bigZero, new(big.Int).SetUint64(max))
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(d, 10, 64)
	return n, err == nil
}

// readDouble returns the IEEE 754 bits of a doubleValue.
func readDouble(v any) (uint64, bool) {
	var f float64
	switch x := v.(type) {
	case json.Number:
		var ok bool
		if f, ok = parseFloat(string(x)); !ok {
			return 0, false
		}
	case string:
		switch {
		case x == "NaN":
			f = math.NaN()
		case x == "Infinity":
			f = math.Inf(1)
		case x == "-Infinity":
			f = math.Inf(-1)
		case len(x) >= 1 && len(x) <= 64 && dblString.MatchString(x):
			var ok bool
			if f, ok = parseFloat(x); !ok {
				return 0, false
			}
		default:
			return 0, false
		}
	default:
		return 0, false
	}
	return math.Float64bits(f), true
}

// parseFloat rounds decimal text to the nearest binary64; beyond the range it is ±Infinity (not an error).
func parseFloat(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return f, true // correctly rounded: ±Infinity, or ±0 on underflow
		}
		return 0, false
	}
	return f, true
}

// readBytes applies the five steps of "Bytes" and returns standard padded base64.
func readBytes(v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	body := s
	pad := 0
	for pad < 2 && strings.HasSuffix(body, "=") {
		body = body[:len(body)-1]
		pad++
	}
	if len(body)%4 == 1 || (pad > 0 && (len(body)+pad)%4 != 0) {
		return "", false
	}
	raw := make([]byte, 0, len(body)*3/4)
	var acc uint32
	nbits := 0
	for i := 0; i < len(body); i++ {
		var d uint32
		c := body[i]
		switch {
		case c >= 'A' && c <= 'Z':
			d = uint32(c - 'A')
		case c >= 'a' && c <= 'z':
			d = uint32(c-'a') + 26
		case c >= '0' && c <= '9':
			d = uint32(c-'0') + 52
		case c == '+' || c == '-':
			d = 62
		case c == '/' || c == '_':
			d = 63
		default:
			return "", false
		}
		acc = acc<<6 | d
		nbits += 6
		if nbits >= 8 {
			nbits -= 8
			raw = append(raw, byte(acc>>nbits))
			acc &= 1<<nbits - 1
		}
	}
	return base64.StdEncoding.EncodeToString(raw), true
}

// readHexID returns the lowercase id when v is a string of exactly n hex digits that are not all zero, else "".
func readHexID(v any, n int) string {
	s, ok := v.(string)
	if !ok || len(s) != n {
		return ""
	}
	nonZero := false
	for i := 0; i < n; i++ {
		c := s[i]
		isHex := (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		if !isHex {
			return ""
		}
		if c != '0' {
			nonZero = true
		}
	}
	if !nonZero {
		return ""
	}
	return strings.ToLower(s)
}
