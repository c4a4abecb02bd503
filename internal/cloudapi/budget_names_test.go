package cloudapi_test

import (
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// TestRegisterBudgetIsNotTheHourlyBudget: IsRegisterBudgetSpent means
// 133016 only; the hourly call budgets
// are Throttled.
func TestRegisterBudgetIsNotTheHourlyBudget(t *testing.T) {
	for _, tc := range []struct {
		code           int
		budget, hourly bool
	}{
		{cloudapi.CodeRegistrationRateLimited, true, false},
		{cloudapi.CodeBusinessRateLimit, false, true},
		{cloudapi.CodeAppRateLimit, false, true},
		{cloudapi.CodeWaitBeforeRegistering, false, false},
	} {
		e := &cloudapi.Error{HTTPStatus: 400, Code: tc.code}
		wrapped := fmt.Errorf("register: %w", e)
		if got := cloudapi.IsRegisterBudgetSpent(wrapped); got != tc.budget {
			t.Errorf("code %d: IsRegisterBudgetSpent %v, want %v", tc.code, got, tc.budget)
		}
		if e.IsRegisterBudgetSpent() != tc.budget || cloudapi.IsRegisterBudgetSpent(wrapped) != tc.budget {
			t.Errorf("code %d: the method and the deprecated alias disagree", tc.code)
		}
		if e.Throttled() != tc.hourly {
			t.Errorf("code %d: Throttled %v, want %v", tc.code, e.Throttled(), tc.hourly)
		}
	}
	if cloudapi.IsRegisterBudgetSpent(nil) {
		t.Error("nil is not a spent budget")
	}
}
