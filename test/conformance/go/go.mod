module github.com/seclog/seclog/test/conformance

go 1.26.0

require (
	github.com/seclog/seclog/collector v0.0.0
	golang.org/x/mod v0.43.0
)

// The Go implementation of docs/spec lives in the collector module (collector/pkg/seclogformat).
replace github.com/seclog/seclog/collector => ../../../collector
