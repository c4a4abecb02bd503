package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
)

// A module is one API area of the emulator: its state, its Graph
// operations and its control routes, declared in one table. The core
// (pipeline.go, control.go) serves every module's table through the same
// pipeline, and the lists that used to be kept by hand (the operations a
// fault may name, the writes a fault must not let act, the operations
// called on a WABA id, the control routes the guide documents) are read
// from the tables.
//
// Adding an API area is one new file set and one line in newModules: the
// file declares its state struct, a constructor, and its table; the state
// lives under the emulator's one lock (Emulator.mu), which every handler
// takes as it needs, so that areas that read each other (health reads the
// webhook overrides) need no lock order.
type module interface {
	// table is the module's operations and control routes.
	table() table
	// forget drops what the module keeps about a number that was removed
	// (RemoveNumber), with Emulator.mu held.
	forget(numberID string)
}

// table is one module's declaration.
type table struct {
	operations []operation
	controls   []control
}

// operation is one Graph endpoint as the pipeline serves it.
type operation struct {
	// name is the operation in the request log and in Fault.Operation.
	name string
	// pattern is the Go 1.22 ServeMux pattern. Several operations may share
	// one; then each but one has a claims, and the one without takes what
	// no other claims.
	pattern string
	// claims tells, from the path's id and the body, whether a request on
	// a shared pattern is this operation (GET /{id} is a template's read
	// when the id is a template's). It runs without Emulator.mu held.
	claims func(id string, body map[string]any) bool
	// write marks an operation that changes the world or spends budget: a
	// fault that spoils its answer without Act must not let it act.
	write bool
	// onWABA marks an operation called on a WABA id rather than a number's:
	// it spends that account's call budget and is logged without a number.
	onWABA bool
	// owner, when set, names the WABA whose call budget a call on this id
	// spends (a template's), called with Emulator.mu held: such a call is
	// logged without a number.
	owner  func(id string) (waba string, known bool)
	handle handler
}

// control is one route of the /_emulator/ API.
type control struct {
	// pattern is the ServeMux pattern, "POST /_emulator/numbers/{id}/pin".
	pattern string
	// doc is its one line of documentation: the body it takes and what it
	// does. The emulator guide's table lists every pattern (guide_test.go).
	doc    string
	handle http.HandlerFunc
}

// newModules is the list of API areas, in the order their operations are
// listed. A new area is one more line here.
func newModules(e *Emulator) []module {
	return []module{
		newRegistration(e),
		newNumberReads(e),
		newWebhooks(e),
		newProfiles(e),
		newTemplates(e),
	}
}

// catalog is what every module's table declares, derived once: the
// tables do not depend on an emulator's state.
type catalog struct {
	operations []string
	controls   []control
}

var (
	catalogOnce sync.Once
	catalogOf   catalog
)

// operationCatalog builds the catalog from the tables of a probe
// emulator, once (a function, not a package variable's initializer, since
// New's control routes validate faults against it).
func operationCatalog() catalog {
	catalogOnce.Do(func() { catalogOf = buildCatalog() })
	return catalogOf
}

func buildCatalog() catalog {
	var c catalog
	probe := New(Options{})
	c.controls = probe.controlTable()
	for _, m := range probe.modules {
		t := m.table()
		for _, op := range t.operations {
			c.operations = append(c.operations, op.name)
		}
	}
	return c
}

// knownOperations are the values Fault.Operation may take.
func knownOperations() []string { return slices.Clone(operationCatalog().operations) }

// ControlRoutes lists every route of the control API ("POST
// /_emulator/numbers/{id}/pin") with its one line of documentation, in the
// order the core and the modules declare them.
func ControlRoutes() []ControlRoute {
	var out []ControlRoute
	for _, c := range operationCatalog().controls {
		out = append(out, ControlRoute{Pattern: c.pattern, Doc: c.doc})
	}
	return out
}

// ControlRoute is one route of the control API.
type ControlRoute struct {
	Pattern string `json:"pattern"`
	Doc     string `json:"doc"`
}

// KnownOperations lists every Graph operation the emulator serves, as the
// request log and Fault.Operation name them.
func KnownOperations() []string { return knownOperations() }

// controlTable is the core's control routes, then every module's.
func (e *Emulator) controlTable() []control {
	out := e.coreControls()
	for _, m := range e.modules {
		out = append(out, m.table().controls...)
	}
	return out
}

// graphRoutes serves every module's operations, behind the pipeline.
func (e *Emulator) graphRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	var patterns []string
	byPattern := map[string][]operation{}
	for _, m := range e.modules {
		for _, op := range m.table().operations {
			if _, seen := byPattern[op.pattern]; !seen {
				patterns = append(patterns, op.pattern)
			}
			byPattern[op.pattern] = append(byPattern[op.pattern], op)
		}
	}
	for _, pattern := range patterns {
		ops := byPattern[pattern]
		var fallback *operation
		for i := range ops {
			if ops[i].claims == nil {
				if fallback != nil {
					panic(fmt.Sprintf("emulator: %s: operations %s and %s both take every request", pattern, fallback.name, ops[i].name))
				}
				fallback = &ops[i]
			}
		}
		if fallback == nil {
			panic(fmt.Sprintf("emulator: %s: no operation takes the requests the others do not claim", pattern))
		}
		e.route(mux, pattern, func(id string, body map[string]any) operation {
			for _, op := range ops {
				if op.claims != nil && op.claims(id, body) {
					return op
				}
			}
			return *fallback
		})
	}
	unknown := operation{name: OpUnknown, handle: func(c *graphCall) answer {
		return fail(errParam("Unknown path components: "+c.r.URL.Path, ""))
	}}
	e.route(mux, "/", func(string, map[string]any) operation { return unknown })
	return mux
}
