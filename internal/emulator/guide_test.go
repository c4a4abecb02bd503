package emulator_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The emulator guide documents what the route tables declare; these tests
// walk the tables, so that a route added to a module without a row in the
// guide fails here.

const guideTemplate = "../../templates/guides/testing-with-the-emulator.md.tmpl"

func readGuide(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(guideTemplate)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

var guideControlRow = regexp.MustCompile("(?m)^\\| `((?:GET|POST|DELETE) /_emulator/[^`]*)`")

func TestGuideListsEveryControlRoute(t *testing.T) {
	guide := readGuide(t)
	var documented []string
	for _, m := range guideControlRow.FindAllStringSubmatch(guide, -1) {
		documented = append(documented, m[1])
	}
	var routes []string
	for _, r := range emulator.ControlRoutes() {
		routes = append(routes, r.Pattern)
		if r.Doc == "" {
			t.Errorf("%s has no doc line in its table", r.Pattern)
		}
		if !slices.Contains(documented, r.Pattern) {
			t.Errorf("the guide's control table has no row for %s (%s)", r.Pattern, r.Doc)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("the guide documents %s, which no table declares", d)
		}
	}
	if len(routes) < 26 {
		t.Errorf("only %d control routes: a module's table was dropped", len(routes))
	}
}

func TestGuideListsEveryFaultOperation(t *testing.T) {
	guide := readGuide(t)
	row := regexp.MustCompile("(?m)^\\| `operation` \\| (.*)$").FindStringSubmatch(guide)
	if row == nil {
		t.Fatal("no operation row in the guide's fault table")
	}
	var documented []string
	for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(row[1], -1) {
		documented = append(documented, m[1])
	}
	known := emulator.KnownOperations()
	slices.Sort(known)
	slices.Sort(documented)
	if !slices.Equal(known, documented) {
		t.Errorf("the guide lists operations %v; the tables declare %v", documented, known)
	}
}

func TestGuideSeedExampleLoads(t *testing.T) {
	guide := readGuide(t)
	m := regexp.MustCompile("(?s)### Seed file.*?```json\n(.*?)```").FindStringSubmatch(guide)
	if m == nil {
		t.Fatal("no seed example in the guide")
	}
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(m[1]), 0o600); err != nil {
		t.Fatal(err)
	}
	seed, err := emulator.ReadSeed(path)
	if err != nil {
		t.Fatalf("the guide's seed example is refused: %v", err)
	}
	e := emulator.New(emulator.Options{Token: "t"})
	if err := e.Load(seed); err != nil {
		t.Fatal(err)
	}
	if n, ok := e.Number(emulator.DemoNumberSale); !ok || !n.Registered() || n.Region != "DE" || n.PIN != "123456" {
		t.Errorf("the seeded number is %+v", n)
	}
}

// TestEveryControlRouteIsServed sends each declared route's method and path:
// none may fall through to the "unknown control path" answer.
func TestEveryControlRouteIsServed(t *testing.T) {
	e := emulator.New(emulator.Options{Token: "t"})
	for _, r := range emulator.ControlRoutes() {
		method, path, _ := strings.Cut(r.Pattern, " ")
		path = strings.NewReplacer("{id}", "999", "{app}", "1").Replace(path)
		req := httptest.NewRequest(method, path, strings.NewReader("{}"))
		req.Header.Set("Authorization", "Bearer t")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if strings.Contains(rec.Body.String(), "unknown control path") || rec.Code == http.StatusMethodNotAllowed {
			t.Errorf("%s is declared but not served: %d %s", r.Pattern, rec.Code, rec.Body.String())
		}
	}
}

// TestModuleTablesDeclareTheOperations pins the catalog the tables derive:
// the operations a fault may name, in the order of the modules.
func TestModuleTablesDeclareTheOperations(t *testing.T) {
	want := []string{emulator.OpRegister, emulator.OpDeregister, emulator.OpSetPIN,
		emulator.OpGetPhoneNumber, emulator.OpGetSettings, emulator.OpListPhoneNumbers,
		emulator.OpGetApp, emulator.OpListSubscribedApps, emulator.OpSubscribeApp, emulator.OpUnsubscribeApp, emulator.OpSetNumberWebhook,
		emulator.OpGetBusinessProfile, emulator.OpUpdateBusinessProfile,
		emulator.OpCreateTemplate, emulator.OpListTemplates, emulator.OpDeleteTemplate, emulator.OpGetTemplate, emulator.OpEditTemplate}
	if got := emulator.KnownOperations(); !slices.Equal(got, want) {
		t.Errorf("operations %v, want %v", got, want)
	}
	for _, op := range want {
		f := emulator.Fault{Operation: op, Code: 1}
		if err := f.Validate(); err != nil {
			t.Errorf("a fault on %s is refused: %v", op, err)
		}
	}
	f := emulator.Fault{Operation: "compare_templates", Code: 1}
	if f.Validate() == nil {
		t.Error("a fault on an operation no table declares is accepted")
	}
}
