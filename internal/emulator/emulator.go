// Package emulator is an in-memory WhatsApp Cloud API that follows
// docs/development/cloud-api.md: bearer tokens, appsecret_proof, the Graph version
// calendar, PIN rules, data localization regions, the 10-per-72-hours
// register/deregister budget on an injectable clock, the hourly call budget
// per app and WhatsApp Business Account with its usage headers, cursor
// paging, out-of-band changes and injected faults, including faults that act
// and then fail. Tests use it through httptest; cmd/whatsapp-cloud-emulator
// serves it on loopback for demos and pipelines.
//
// It is an independent check of internal/cloudapi and must never import it:
// where Meta's documentation is unclear, it is as strict as the real API
// might be.
//
// # Layout
//
// A thin core and one module per API area. The core: pipeline.go (the
// per-request pipeline every Graph call goes through: latency, faults,
// version, token and appsecret_proof, the hourly call budget, the handler,
// usage headers, the request log), callbudget.go, faults.go,
// requestlog.go, versions.go (the Graph version calendar), clock.go,
// seed.go, control.go (the control API's core routes and its helpers) and
// module.go (the module interface and the list of modules). The modules,
// each with its state struct and ONE table of Graph operations and control
// routes:
//
//   - registration.go, control_registration.go: register, deregister, the
//     two-step PIN, the 72-hour budget.
//   - reads.go, health.go, control_number.go: the number node with its
//     health and readiness fields, settings, phone_numbers paging.
//   - webhooks.go, number_webhook.go, callback.go: the app, subscribed apps
//     and the WABA-level override, the number-level override, callback
//     verification (loopback only) and CallbackEndpoint.
//   - profile.go: the business profile.
//   - templates.go, control_templates.go: message templates (create,
//     list, read, edit, delete), the review state machine, the edit
//     budget, the name block after a delete, the template cap and the
//     hourly creation budget.
//
// The operations a fault may name (KnownOperations), the writes a fault
// must not let act, the operations called on a WABA id and the control
// routes (ControlRoutes) are all read from the tables. A new API area is a
// new file set declaring its state struct, a constructor and its table,
// plus one line in newModules.
//
// # Flags, seed file and control API
//
// cmd/whatsapp-cloud-emulator serves the emulator; its flags, the seed
// file's format (Seed: {"wabas": [...], "numbers": [Number, ...]}, read
// strictly) and every route of the control API under /_emulator/ (with
// the emulator's token as a bearer token) are documented in
// docs/guides/testing-with-the-emulator.md, whose control table a test
// checks against ControlRoutes.
package emulator

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"
)

// RegistrationWindow and RegistrationLimit are Meta's budget: 10 register and
// 10 deregister calls per number in a moving 72-hour window.
const (
	RegistrationWindow = 72 * time.Hour
	RegistrationLimit  = 10
)

// Operations as they appear in the request log and in fault matching.
const (
	OpRegister         = "register"
	OpDeregister       = "deregister"
	OpSetPIN           = "set_pin"
	OpGetPhoneNumber   = "get_phone_number"
	OpGetSettings      = "get_settings"
	OpListPhoneNumbers = "list_phone_numbers"
	OpUnknown          = "unknown"
)

// Regions accepted by register (docs/development/cloud-api.md).
var Regions = []string{"AU", "ID", "IN", "JP", "SG", "KR", "DE", "CH", "GB", "BR", "BH", "ZA", "AE", "CA"}

// Platform types.
const (
	PlatformCloudAPI      = "CLOUD_API"
	PlatformOnPremise     = "ON_PREMISE"
	PlatformNotApplicable = "NOT_APPLICABLE"
)

// Number is the emulator's view of one business phone number.
type Number struct {
	ID                     string `json:"id"`
	WABAID                 string `json:"waba_id,omitempty"`
	DisplayPhoneNumber     string `json:"display_phone_number"`
	VerifiedName           string `json:"verified_name"`
	QualityRating          string `json:"quality_rating,omitempty"`
	PlatformType           string `json:"platform_type,omitempty"`
	Status                 string `json:"status,omitempty"`
	CodeVerificationStatus string `json:"code_verification_status,omitempty"`
	NameStatus             string `json:"name_status,omitempty"`
	ThroughputLevel        string `json:"throughput_level,omitempty"`
	// Region is the data localization region while registered with local
	// storage on; empty otherwise.
	Region string `json:"data_localization_region,omitempty"`
	// PIN is the two-step verification PIN; empty while two-step is off.
	PIN string `json:"pin,omitempty"`
	// Hidden makes every call on the number answer 100/33, as Graph does
	// for a token that lost access to it: the number still exists.
	Hidden bool `json:"hidden,omitempty"`
	// Provisioning is a number Meta has not finished provisioning: its
	// throughput level reads NOT_APPLICABLE and a register answers 100/2388001.
	Provisioning       bool   `json:"provisioning,omitempty"`
	NewNameStatus      string `json:"new_name_status,omitempty"`
	AccountMode        string `json:"account_mode,omitempty"`
	MessagingLimitTier string `json:"messaging_limit_tier,omitempty"`
	// WebhookOverride is the number-level override_callback_uri ("" when none).
	WebhookOverride string `json:"webhook_override_callback_uri,omitempty"`
	// LastBackup is the On-Premises backup sent with the last register.
	LastBackup *Backup `json:"-"`
}

// Backup is what a migrating register carried.
type Backup struct {
	Data     string
	Password string
}

// Registered reports whether the number is on the Cloud API.
func (n Number) Registered() bool { return n.PlatformType == PlatformCloudAPI }

// Options configures an Emulator.
type Options struct {
	// Token is the only access token accepted.
	Token string
	// AppSecret, when set, makes appsecret_proof mandatory and checked.
	AppSecret string
	// Clock drives the 72-hour window, the call budget and the version
	// calendar; time.Now when nil.
	Clock func() time.Time
	// MaxPageSize caps the page size of phone_numbers listings, so that tests
	// can see several pages with few numbers (default 25).
	MaxPageSize int
	// RegisterCooldown answers 133015 to a register this soon after a
	// deregister of the same number (0: no cooldown).
	RegisterCooldown time.Duration
	// Latency holds every Graph answer (not the control API) this long, as
	// the distance to Meta would.
	Latency time.Duration
	// CallsPerHour overrides Meta's hourly call budget per app and WhatsApp
	// Business Account (200 while the account has no registered number,
	// 5,000 once it has one), for tests that need to reach it.
	CallsPerHour int
	// AppCallsPerHour is the app's own hourly budget across accounts, past
	// which calls answer code 4 (default 100,000).
	AppCallsPerHour int
	// OnRequest, when set, receives every request once it is answered: the
	// command prints them as a live log.
	OnRequest func(Request)
	// AppID and AppName are the Meta app the token belongs to (GET /app, and
	// the app that subscribed_apps calls subscribe); DefaultAppID and
	// DefaultAppName when empty. AppCallbackURL is the app's own callback
	// URL, as set in the App Dashboard (webhook_configuration.application).
	AppID          string
	AppName        string
	AppCallbackURL string
	// CallbackClient makes the GET that verifies a callback URL when an
	// override is set (tests pass an httptest TLS server's client). Whatever
	// the client, only loopback hosts are called and redirects are refused.
	CallbackClient *http.Client
}

// Request is one entry of the request log. Secrets in bodies are masked.
type Request struct {
	// Time is on the emulator's clock; Started and Finished are wall-clock
	// times, so that tests can see which requests overlapped.
	Time      time.Time      `json:"time"`
	Started   time.Time      `json:"started"`
	Finished  time.Time      `json:"finished"`
	Method    string         `json:"method"`
	Path      string         `json:"path"`
	Operation string         `json:"operation"`
	NumberID  string         `json:"number_id,omitempty"`
	Body      map[string]any `json:"body,omitempty"`
	Status    int            `json:"status"`
	ErrorCode int            `json:"error_code,omitempty"`
	Injected  bool           `json:"injected_fault,omitempty"`
	// Acted is set when the request changed the world or spent budget
	// before a fault spoiled its answer.
	Acted bool `json:"acted,omitempty"`
}

// Emulator is safe for concurrent use. It is a thin core (the pipeline
// every Graph request goes through, the request log, faults, the hourly
// call budget, the directory of accounts and numbers, and the control API's
// own routes) and the modules of newModules, one per API area. Every field
// below mu, and every module's state, is guarded by mu.
type Emulator struct {
	opts    Options
	graph   *http.ServeMux
	control *http.ServeMux
	modules []module

	mu sync.Mutex
	// The directory: every number, and the numbers of each WABA.
	numbers map[string]*Number
	wabas   map[string][]string
	// The pipeline: the hourly call budget (callbudget.go), the request log
	// and the requests in flight (requestlog.go), the queued faults.
	calls    map[string][]time.Time
	requests []Request
	faults   []*Fault
	inFlight map[string]int
}

// New builds an empty emulator.
func New(opts Options) *Emulator {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = 25
	}
	if opts.AppCallsPerHour <= 0 {
		opts.AppCallsPerHour = 100_000
	}
	opts.AppID = cmp.Or(opts.AppID, DefaultAppID)
	opts.AppName = cmp.Or(opts.AppName, DefaultAppName)
	e := &Emulator{
		opts:     opts,
		numbers:  map[string]*Number{},
		wabas:    map[string][]string{},
		calls:    map[string][]time.Time{},
		inFlight: map[string]int{},
	}
	e.modules = newModules(e)
	e.graph = e.graphRoutes()
	e.control = e.controlRoutes()
	return e
}

// stateOf is the module of type M: how one area reaches another's state
// (the health fields read the webhook overrides) and how the exported
// methods of *Emulator reach their module's.
func stateOf[M module](e *Emulator) M {
	for _, m := range e.modules {
		if s, ok := m.(M); ok {
			return s
		}
	}
	panic(fmt.Sprintf("emulator: no module %T", *new(M)))
}

// AddNumber seeds a number, filling unset fields with the values of a freshly
// verified, unregistered number. A WABAID also lists it under that WABA.
func (e *Emulator) AddNumber(n Number) {
	if n.PlatformType == "" {
		n.PlatformType = PlatformNotApplicable
	}
	if n.Status == "" {
		if n.Registered() {
			n.Status = "CONNECTED"
		} else {
			n.Status = "PENDING"
		}
	}
	if n.QualityRating == "" {
		n.QualityRating = "UNKNOWN"
	}
	if n.CodeVerificationStatus == "" {
		n.CodeVerificationStatus = "VERIFIED"
	}
	if n.NameStatus == "" {
		n.NameStatus = "APPROVED"
	}
	if n.ThroughputLevel == "" {
		n.ThroughputLevel = "STANDARD"
	}
	n.NewNameStatus = cmp.Or(n.NewNameStatus, "NONE")
	n.AccountMode = cmp.Or(n.AccountMode, "LIVE")
	n.MessagingLimitTier = cmp.Or(n.MessagingLimitTier, "TIER_1K")
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, exists := e.numbers[n.ID]; !exists && n.WABAID != "" {
		e.wabas[n.WABAID] = append(e.wabas[n.WABAID], n.ID)
	}
	e.numbers[n.ID] = &n
}

// AddWABA declares a WhatsApp Business Account, possibly with no numbers.
func (e *Emulator) AddWABA(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.wabas[id]; !ok {
		e.wabas[id] = []string{}
	}
}

// Number returns a copy of the number's current state.
func (e *Emulator) Number(id string) (Number, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.numbers[id]
	if !ok {
		return Number{}, false
	}
	cp := *n
	if n.LastBackup != nil {
		b := *n.LastBackup
		cp.LastBackup = &b
	}
	return cp, true
}

// Update changes a number out of band (as WhatsApp Manager or another tool
// would) and reports whether it exists.
func (e *Emulator) Update(id string, change func(n *Number)) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.numbers[id]
	if ok {
		change(n)
	}
	return ok
}

// DeregisterOutOfBand deregisters a number without spending its budget.
func (e *Emulator) DeregisterOutOfBand(id string) bool {
	return e.Update(id, func(n *Number) {
		n.PlatformType, n.Region, n.Status = PlatformNotApplicable, "", "DISCONNECTED"
	})
}

// RemoveNumber deletes a number, as deleting it in WhatsApp Manager would.
func (e *Emulator) RemoveNumber(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if n, ok := e.numbers[id]; ok && n.WABAID != "" {
		ids := e.wabas[n.WABAID]
		for i, v := range ids {
			if v == id {
				e.wabas[n.WABAID] = append(ids[:i:i], ids[i+1:]...)
				break
			}
		}
	}
	delete(e.numbers, id)
	for _, m := range e.modules {
		m.forget(id)
	}
}

func (e *Emulator) wabaNumbersLocked(waba string) []*Number {
	ids := e.wabas[waba]
	out := make([]*Number, 0, len(ids))
	for _, id := range ids {
		if n, ok := e.numbers[id]; ok {
			out = append(out, n)
		}
	}
	return out
}

// SortedNumberIDs lists every number id, for the standalone command.
func (e *Emulator) SortedNumberIDs() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	ids := make([]string, 0, len(e.numbers))
	for id := range e.numbers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func newTraceID() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return "Aemu" + hex.EncodeToString(b)
}
