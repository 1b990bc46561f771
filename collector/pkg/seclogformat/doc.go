// Package seclogformat implements the seclog integrity formats of docs/spec in Go, with the standard library only:
// the OLCF-1 canonical JSON text (strings escaped as in RFC 8785, maps in UTF-16 key order), OLCF-1 computed from
// OTLP/JSON as an archive reader sees it, RFC 6962 leaf and node hashing with the compact range, the checkpoint note
// text with every v1 extension line (format and a strict parser), C2SP signed notes with Ed25519 key IDs, and the
// genesis and resource-snapshot bodies.
//
// OLCF-1 from pdata (what a collector holds in memory) is in the subpackage olcfpdata. Both are checked against the
// golden vectors of packages/integrity/test-vectors by the tests of this module and by test/conformance.
package seclogformat
