package templates

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// adoptOrRefuse settles a create that finds a template of the same name
// and language already in the account: never a second
// create. When its content is the plan's, in Meta's terms (category,
// parameter_format, the components as flattenTemplate reads them back,
// the TTL when configured), it is set in state with nothing sent (the
// caller warns, once it keeps it); otherwise the create is refused, saying
// what differs.
// Tests: TestCLITemplateAdoptsIdenticalContent, TestCLITemplateExistsRefused.
func adoptOrRefuse(ctx context.Context, plan messageTemplateModel, existing *cloudapi.Template, resp *resource.CreateResponse) *messageTemplateModel {
	if diffs := templateDifferences(ctx, plan, existing, &resp.Diagnostics); len(diffs) > 0 || resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(templateExistsDiffers(plan, existing, diffs))
		return nil
	}
	plan.ID = types.StringValue(existing.ID)
	setComputed(existing, &plan)
	if plan.TTLSeconds.IsUnknown() {
		plan.TTLSeconds = types.Int64PointerValue(existing.TTLSeconds)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	return &plan
}

// templateDifferences lists what differs between the plan and an existing
// template, in Meta's terms; a media header's sample cannot be compared
// (Meta reads it back as a URL), so it always differs.
func templateDifferences(ctx context.Context, plan messageTemplateModel, t *cloudapi.Template, diags *diag.Diagnostics) []string {
	return contentDifferences(ctx, plan, t, false, diags)
}

// settledDifferences is templateDifferences for the template found after a
// create whose answer was lost: what Meta decides or rewrites at creation
// (the category it assigns, a TTL it may not read back yet, a media header
// read back as a URL of the same format) is not held against it; the texts,
// buttons and formats are.
func settledDifferences(ctx context.Context, plan messageTemplateModel, t *cloudapi.Template, diags *diag.Diagnostics) []string {
	return contentDifferences(ctx, plan, t, true, diags)
}

func contentDifferences(ctx context.Context, plan messageTemplateModel, t *cloudapi.Template, settling bool, diags *diag.Diagnostics) []string {
	var out []string
	for _, part := range unmanagedParts(t) {
		out = append(out, part+" there, which this resource cannot express")
	}
	if c := plan.Category.ValueString(); !settling && c != t.Category && c != t.PreviousCategory {
		out = append(out, fmt.Sprintf("category: %s there, %s here", t.Category, c))
	}
	if plan.ParameterFormat.ValueString() != t.ParameterFormat {
		out = append(out, fmt.Sprintf("parameter_format: %s there, %s here", t.ParameterFormat, plan.ParameterFormat.ValueString()))
	}
	if v := knownInt64(plan.TTLSeconds); v != nil && (t.TTLSeconds == nil || *t.TTLSeconds != *v) && (!settling || t.TTLSeconds != nil) {
		there := "Meta's default"
		if t.TTLSeconds != nil {
			there = fmt.Sprint(*t.TTLSeconds)
		}
		out = append(out, fmt.Sprintf("message_send_ttl_seconds: %s there, %d here", there, *v))
	}
	media := false
	if h, ok := objectAs[headerModel](ctx, plan.Header, diags); ok {
		switch h.Format.ValueString() {
		case "IMAGE", "VIDEO", "DOCUMENT":
			media = true
			if !settling {
				out = append(out, "header: a media header's sample cannot be compared (Meta reads it back as a URL, not the upload handle)")
			}
		}
	}
	var got messageTemplateModel
	flattenTemplate(ctx, t, plan, &got, diags)
	if !got.Header.Equal(plan.Header) && (!media || settling) {
		out = append(out, "header: "+describeComponent(got.Header)+" there")
	}
	for name, pair := range map[string][2]attr.Value{"body": {got.Body, plan.Body}, "footer": {got.Footer, plan.Footer}, "buttons": {got.Buttons, plan.Buttons}} {
		if !pair[0].Equal(pair[1]) {
			out = append(out, name+": "+describeComponent(pair[0])+" there")
		}
	}
	slices.Sort(out)
	return out
}

// describeComponent is a read-back attribute in HCL-like form with its
// set attributes only, for a message ("none" when Meta has none).
func describeComponent(v attr.Value) string {
	switch o := v.(type) {
	case types.Object:
		if o.IsNull() {
			return "none"
		}
		var parts []string
		for k, a := range o.Attributes() {
			if !a.IsNull() {
				parts = append(parts, k+" = "+describeComponent(a))
			}
		}
		slices.Sort(parts)
		return "{ " + strings.Join(parts, ", ") + " }"
	case types.List:
		if o.IsNull() {
			return "none"
		}
		var parts []string
		for _, e := range o.Elements() {
			parts = append(parts, describeComponent(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return v.String()
}

// unmanagedParts lists what a template holds that this resource cannot
// express (a CAROUSEL or LIMITED_TIME_OFFER component, a FLOW or catalog
// button, ...). An edit replaces the components whole, so managing such a
// template would delete them without a diff: it is never adopted,
// imported or edited (guardUnmanagedParts).
func unmanagedParts(t *cloudapi.Template) []string {
	var out []string
	for _, c := range t.Components {
		switch c.Type {
		case "HEADER":
			if c.Format != "" && !slices.Contains(headerFormats, c.Format) {
				out = append(out, "a "+c.Format+" header")
			}
		case "BODY", "FOOTER":
		case "BUTTONS":
			for _, b := range c.Buttons {
				if !slices.Contains(buttonTypes, b.Type) {
					out = append(out, "a "+b.Type+" button")
				}
			}
		default:
			out = append(out, "a "+c.Type+" component")
		}
	}
	return out
}
