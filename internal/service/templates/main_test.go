package templates_test

import (
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Main(m) }
