package provider

import "sync"

// runLedger remembers, for the life of one provider process (one plan or
// one apply), which numbers this process registered and deregistered.
//
// Terraform runs a create_before_destroy replacement as create (register)
// then destroy of the old object (deregister). For a registration both
// objects are the same phone number, so the destroy would undo the register
// it follows and leave the number offline. The ledger lets Delete see that.
type runLedger struct {
	mu           sync.Mutex
	registered   map[string]bool
	deregistered map[string]bool
}

func newRunLedger() *runLedger {
	return &runLedger{registered: map[string]bool{}, deregistered: map[string]bool{}}
}

func (l *runLedger) markRegistered(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.registered[id] = true
}

func (l *runLedger) markDeregistered(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.deregistered[id] = true
}

func (l *runLedger) registeredInThisRun(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.registered[id]
}

func (l *runLedger) deregisteredInThisRun(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.deregistered[id]
}
