package cloudapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// answer200 makes the next reads of op answer body with HTTP 200.
func answer200(h *harness, op, body string) {
	h.emu.InjectFault(emulator.Fault{Operation: op, Status: 200, ContentType: "application/json", RawBody: body, Times: 10})
}

// Only a recognised answer decides: a 200 whose shape is unknown is a
// NotUnderstoodError naming the field, never "not registered".
func TestNodeAnswersThatAreNotUnderstood(t *testing.T) {
	for name, tc := range map[string]struct{ body, field, got string }{
		"platform_type missing": {`{"id":"` + testNumber + `","status":"CONNECTED"}`, "platform_type", "missing"},
		"platform_type null":    {`{"id":"` + testNumber + `","platform_type":null}`, "platform_type", "null"},
		"platform_type unknown": {`{"id":"` + testNumber + `","platform_type":"CLOUD_API_V2"}`, "platform_type", `"CLOUD_API_V2"`},
		"platform_type number":  {`{"id":"` + testNumber + `","platform_type":1}`, "platform_type", "1"},
		"empty object":          {`{}`, "id", "missing"},
		"a list":                {`[{"id":"` + testNumber + `","platform_type":"CLOUD_API"}]`, "", "a JSON array"},
		"a data wrapper":        {`{"data":[{"id":"` + testNumber + `","platform_type":"CLOUD_API"}]}`, "id", "missing"},
		"another number":        {`{"id":"999","platform_type":"NOT_APPLICABLE"}`, "id", `"999", another object`},
		"a string":              {`"CLOUD_API"`, "", `"CLOUD_API"`},
		"empty body":            {``, "", "an empty body"},
		"throughput not object": {`{"id":"` + testNumber + `","platform_type":"CLOUD_API","throughput":"HIGH"}`, "throughput", `"HIGH"`},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			answer200(h, emulator.OpGetPhoneNumber, tc.body)
			_, err := h.client(t).PhoneNumber(context.Background(), testNumber)
			var nu *cloudapi.NotUnderstoodError
			if !errors.As(err, &nu) {
				t.Fatalf("want NotUnderstoodError, got %v", err)
			}
			if nu.Field != tc.field || nu.Got != tc.got || !strings.HasPrefix(nu.TraceID(), "Aemu") {
				t.Errorf("field %q got %q trace %q, want field %q got %q and the answer's trace id", nu.Field, nu.Got, nu.TraceID(), tc.field, tc.got)
			}
			if !strings.Contains(err.Error(), "Meta's answer was not understood") {
				t.Errorf("message: %v", err)
			}
			if n := h.emu.Count(emulator.OpGetPhoneNumber); n != 1 {
				t.Errorf("an answer that is well-formed but unknown was retried: %d attempts", n)
			}
		})
	}
}

func TestNodeAnswersThatAreUnderstood(t *testing.T) {
	for body, registered := range map[string]bool{
		`{"id":"` + testNumber + `","platform_type":"CLOUD_API"}`:                    true,
		`{"id":"` + testNumber + `","platform_type":"cloud_api","status":null}`:      true,
		`{"id":"` + testNumber + `","platform_type":"NOT_APPLICABLE"}`:               false,
		`{"id":"` + testNumber + `","platform_type":"On_Premise","extra":{"x":[1]}}`: false,
	} {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpGetPhoneNumber, body)
		n, err := h.client(t).PhoneNumber(context.Background(), testNumber)
		if err != nil || n.Registered() != registered {
			t.Errorf("%s: registered=%v err=%v, want registered=%v", body, n != nil && n.Registered(), err, registered)
		}
	}
}

func TestSettingsAnswers(t *testing.T) {
	for name, tc := range map[string]struct{ body, field, region string }{
		"no storage_configuration": {body: `{}`, field: "storage_configuration"},
		"null":                     {body: `{"storage_configuration":null}`, field: "storage_configuration"},
		"not an object":            {body: `{"storage_configuration":"default"}`, field: "storage_configuration"},
		"unknown status":           {body: `{"storage_configuration":{"status":"pending"}}`, field: "storage_configuration.status"},
		"no status":                {body: `{"storage_configuration":{"data_localization_region":"DE"}}`, field: "storage_configuration.status"},
		"enabled without region":   {body: `{"storage_configuration":{"status":"in_country_storage_enabled"}}`, field: "storage_configuration.data_localization_region"},
		"enabled, region not ISO":  {body: `{"storage_configuration":{"status":"in_country_storage_enabled","data_localization_region":"Germany"}}`, field: "storage_configuration.data_localization_region"},
		"default with a region":    {body: `{"storage_configuration":{"status":"default","data_localization_region":"DE"}}`, field: "storage_configuration.data_localization_region"},
		"default":                  {body: `{"storage_configuration":{"status":"default"}}`},
		"lower-case region":        {body: `{"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"de"}}`, region: "DE"},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			answer200(h, emulator.OpGetSettings, tc.body)
			sc, err := h.client(t).StorageConfiguration(context.Background(), testNumber)
			var nu *cloudapi.NotUnderstoodError
			switch {
			case tc.field != "" && (!errors.As(err, &nu) || nu.Field != tc.field):
				t.Fatalf("want NotUnderstoodError on %s, got %v", tc.field, err)
			case tc.field == "" && (err != nil || sc.Region != tc.region):
				t.Fatalf("want region %q, got %+v, %v", tc.region, sc, err)
			}
		})
	}
}

// A registered number whose settings are not understood cannot be read;
// a number that is not registered does not need its settings.
func TestRegistrationNeedsSettingsOnlyWhenRegistered(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	answer200(h, emulator.OpGetSettings, `{}`)
	c := h.client(t)
	reading, err := c.Registration(context.Background(), testNumber)
	if err != nil || reading.Registered() || reading.Storage != nil {
		t.Fatalf("unregistered number: %+v, %v", reading, err)
	}
	h.emu.Update(testNumber, func(n *emulator.Number) { n.PlatformType = emulator.PlatformCloudAPI })
	var nu *cloudapi.NotUnderstoodError
	if _, err := c.Registration(context.Background(), testNumber); !errors.As(err, &nu) {
		t.Fatalf("registered number with unknown settings: %v", err)
	}
}

func TestListAnswersThatAreNotUnderstood(t *testing.T) {
	for body, field := range map[string]string{
		`{}`:                    "data",
		`{"data":null}`:         "data",
		`{"data":{"id":"1"}}`:   "data",
		`{"data":[{"id":"1"}]}`: "data[0].platform_type",
		`{"data":[{"platform_type":"CLOUD_API"}]}`: "data[0].id",
		`{"data":["1"]}`: "data[0]",
	} {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpListPhoneNumbers, body)
		_, err := h.client(t).PhoneNumbers(context.Background(), testWABA)
		var nu *cloudapi.NotUnderstoodError
		if !errors.As(err, &nu) || nu.Field != field {
			t.Errorf("%s: want NotUnderstoodError on %s, got %v", body, field, err)
		}
	}
}

// A read whose 200 body is cut or garbled is a transient fault:
// it is tried again, and the second answer counts.
func TestSpoiledReadsAreRetried(t *testing.T) {
	for name, f := range map[string]emulator.Fault{
		"cut":       {CutBody: true},
		"malformed": {Malformed: true},
		"dropped":   {DropConnection: true},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			f.Operation = emulator.OpGetPhoneNumber
			h.emu.InjectFault(f)
			n, err := h.client(t).PhoneNumber(context.Background(), testNumber)
			if err != nil || n.ID != testNumber {
				t.Fatalf("got %+v, %v", n, err)
			}
			if got := h.emu.Count(emulator.OpGetPhoneNumber); got != 2 {
				t.Errorf("attempts = %d, want 2", got)
			}
		})
	}
}
