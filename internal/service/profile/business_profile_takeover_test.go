package profile_test

import (
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A profile create reads the profile first and names each field whose
// other value it replaces (set in WhatsApp Manager, or by another tool).
func TestCLIProfileCreateNamesWhatItReplaces(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	const before = "Set by the support team"
	env.Emu.UpdateBusinessProfile(acctest.Number, func(p *emulator.BusinessProfile) { p.About = before; p.Address = "Bahnhofstrasse 1" })
	c := env.CLI(t)
	c.Write(acctest.ProfileConfig(`about = "Open 9-5"`))
	out := c.MustRun("apply", "-auto-approve")
	acctest.AssertContains(t, out, "already had other values: replaced", `about: "`+before+`" → "Open 9-5"`)
	acctest.AssertNotContains(t, out, "Bahnhofstrasse")
	p, _ := env.Emu.BusinessProfile(acctest.Number)
	if p.About != "Open 9-5" || p.Address != "Bahnhofstrasse 1" {
		t.Errorf("profile = %+v", p)
	}
}
