package seclogprocessor

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/seclog/seclog/collector/pkg/seclogverify"
)

// catalogEvent is the part of an @seclog/semconv catalog event (packages/semconv/catalog.json) the check reads.
type catalogEvent struct {
	Name       string   `json:"name"`
	Category   string   `json:"category"`
	Outcomes   []string `json:"outcomes"`
	Required   []string `json:"required"`
	Recommend  []string `json:"recommended"`
	ErrorTypes []string `json:"errorTypes"`
}

// violationCatalogEvent reads the integrity-violation event from the catalog the TypeScript packages generate, so
// the Go emitter and the catalog cannot drift apart silently.
func violationCatalogEvent(t *testing.T) (catalogEvent, []string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "packages", "semconv", "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cat struct {
		Common struct {
			Required []string `json:"required"`
		} `json:"common"`
		Events []catalogEvent `json:"events"`
	}
	if err := json.Unmarshal(raw, &cat); err != nil {
		t.Fatal(err)
	}
	for _, e := range cat.Events {
		if e.Name == violationEvent {
			return e, cat.Common.Required
		}
	}
	t.Fatalf("%s is not in the catalog", violationEvent)
	return catalogEvent{}, nil
}

func TestViolationEventsConformToTheCatalog(t *testing.T) {
	def, common := violationCatalogEvent(t)
	batches, pub := sealedBatches(t, 20)
	u := newVerifyUnderTest(t, pub)
	for _, ld := range batches {
		ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().RemoveIf(func(lr plog.LogRecord) bool {
			return strings.HasPrefix(lr.Body().Str(), "line 6 ")
		})
		if err := u.p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && len(u.events()) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	checked := 0
	for _, ld := range u.sink.AllLogs() {
		lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		for k := 0; k < lrs.Len(); k++ {
			lr := lrs.At(k)
			if lr.EventName() != violationEvent {
				continue
			}
			checked++
			a := lr.Attributes()
			for _, name := range append(append([]string{}, common...), def.Required...) {
				if _, ok := a.Get(name); !ok {
					t.Errorf("violation event lacks required attribute %s", name)
				}
			}
			known := append(append(append([]string{}, common...), def.Required...), def.Recommend...)
			known = append(known, "error.type")
			for k := range a.All() {
				if !slices.Contains(known, k) {
					t.Errorf("attribute %s is not an attribute of %s in the catalog", k, def.Name)
				}
			}
			cat, _ := a.Get("security_event.category")
			out, _ := a.Get("security_event.outcome")
			et, _ := a.Get("error.type")
			if cat.Str() != def.Category || !slices.Contains(def.Outcomes, out.Str()) {
				t.Errorf("category %q outcome %q, catalog says %q %v", cat.Str(), out.Str(), def.Category, def.Outcomes)
			}
			if !slices.Contains(def.ErrorTypes, et.Str()) {
				t.Errorf("error.type %q is not in the catalog's %v", et.Str(), def.ErrorTypes)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no violation event to check")
	}
	// Every status verify mode can report maps to a catalog error.type.
	for status := range ruleStatuses() {
		if !slices.Contains(def.ErrorTypes, violationErrorType(status)) {
			t.Errorf("status %s → error.type %q is not in the catalog", status, violationErrorType(status))
		}
	}
}

// ruleStatuses lists the statuses verify mode reports as violations.
func ruleStatuses() map[seclogverify.Status]bool {
	out := map[seclogverify.Status]bool{}
	for _, s := range seclogverify.Statuses {
		if s.Violation() {
			out[s] = true
		}
	}
	return out
}
