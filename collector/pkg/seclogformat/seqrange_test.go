package seclogformat

import (
	"reflect"
	"testing"
)

func TestAddSeqRangeSortsAndMerges(t *testing.T) {
	var rs []SeqRange
	for _, r := range []SeqRange{{10, 12}, {0, 2}, {2, 4}, {11, 15}, {20, 21}} {
		rs = AddSeqRange(rs, r)
	}
	want := []SeqRange{{0, 4}, {10, 15}, {20, 21}}
	if !reflect.DeepEqual(rs, want) {
		t.Fatalf("got %v, want %v", rs, want)
	}
	// A range inside an existing one changes nothing.
	if got := AddSeqRange(rs, SeqRange{1, 3}); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
