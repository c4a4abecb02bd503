package cloudapi_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// BenchmarkReadPhoneNumber measures one refresh's worth of reads (node and
// settings) over a reused connection: the cost every plan pays per number.
func BenchmarkReadPhoneNumber(b *testing.B) {
	emu := emulator.New(emulator.Options{Token: testToken, CallsPerHour: 1 << 30})
	emu.AddNumber(emulator.Number{ID: testNumber, WABAID: testWABA, PlatformType: "CLOUD_API", Region: "DE"})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	c, err := cloudapi.New(cloudapi.Config{BaseURL: srv.URL, AccessToken: testToken})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Registration(ctx, testNumber); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListPhoneNumbers pages through a 1,000-number account, 100 a page.
func BenchmarkListPhoneNumbers(b *testing.B) {
	emu := emulator.New(emulator.Options{Token: testToken, MaxPageSize: 100, CallsPerHour: 1 << 30})
	for i := range 1000 {
		emu.AddNumber(emulator.Number{ID: fmt.Sprintf("%d", 100000+i), WABAID: testWABA})
	}
	srv := httptest.NewServer(emu)
	defer srv.Close()
	c, err := cloudapi.New(cloudapi.Config{BaseURL: srv.URL, AccessToken: testToken})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		numbers, err := c.PhoneNumbers(context.Background(), testWABA)
		if err != nil || len(numbers) != 1000 {
			b.Fatalf("got %d numbers, %v", len(numbers), err)
		}
	}
}
