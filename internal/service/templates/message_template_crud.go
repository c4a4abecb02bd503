package templates

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// findMessageTemplate reads a template by id. No refusal of a GET proves
// an absence (100/33 is also the answer for an id the token may not see,
// and the id of a deleted template may be answered as another node type's
// 100), so on any Graph error the WABA's complete list for the name
// decides: only a list without the id is a NotFoundError; a failed list,
// or one with the id, leaves the GET's error.
func findMessageTemplate(ctx context.Context, client *cloudapi.Client, waba, id, name string) (*cloudapi.Template, error) {
	t, err := client.Template(ctx, id)
	if _, isGraph := cloudapi.AsError(err); err == nil || !isGraph {
		return t, err
	}
	list, lerr := client.Templates(ctx, waba, cloudapi.TemplateFilter{Name: name})
	if lerr != nil {
		return nil, err
	}
	if slices.ContainsFunc(list, func(t cloudapi.Template) bool { return t.ID == id }) {
		return nil, err
	}
	return nil, framework.NewNotFound("the complete list of the templates named %s in WhatsApp Business Account %s does not have it", name, waba)
}

// components are the template's components in Meta's request shapes.
func components(ctx context.Context, m messageTemplateModel, diags *diag.Diagnostics) []map[string]any {
	if m.Category.ValueString() == categoryAuthentication {
		return authComponents(ctx, m, diags)
	}
	var out []map[string]any
	named := m.ParameterFormat.ValueString() == "NAMED"
	if h, ok := objectAs[headerModel](ctx, m.Header, diags); ok {
		c := map[string]any{"type": "HEADER", "format": h.Format.ValueString()}
		switch h.Format.ValueString() {
		case "TEXT":
			c["text"] = h.Text.ValueString()
			if !h.Example.IsNull() {
				if named {
					names, _ := variablesOf(h.Text.ValueString(), "NAMED")
					if len(names) == 1 {
						c["example"] = map[string]any{"header_text_named_params": []any{map[string]any{"param_name": names[0], "example": h.Example.ValueString()}}}
					}
				} else {
					c["example"] = map[string]any{"header_text": []any{h.Example.ValueString()}}
				}
			}
		case "IMAGE", "VIDEO", "DOCUMENT":
			c["example"] = map[string]any{"header_handle": []any{h.Example.ValueString()}}
		}
		out = append(out, c)
	}
	if b, ok := objectAs[bodyModel](ctx, m.Body, diags); ok {
		c := map[string]any{"type": "BODY", "text": b.Text.ValueString()}
		if named && len(b.NamedExamples.Elements()) > 0 {
			var ex map[string]string
			diags.Append(b.NamedExamples.ElementsAs(ctx, &ex, false)...)
			names, _ := variablesOf(b.Text.ValueString(), "NAMED")
			params := []any{}
			for _, n := range names {
				params = append(params, map[string]any{"param_name": n, "example": ex[n]})
			}
			c["example"] = map[string]any{"body_text_named_params": params}
		} else if !named && len(b.Examples.Elements()) > 0 {
			var ex []string
			diags.Append(b.Examples.ElementsAs(ctx, &ex, false)...)
			row := make([]any, len(ex))
			for i, s := range ex {
				row[i] = s
			}
			c["example"] = map[string]any{"body_text": []any{row}}
		}
		out = append(out, c)
	}
	if f, ok := objectAs[footerModel](ctx, m.Footer, diags); ok {
		out = append(out, map[string]any{"type": "FOOTER", "text": f.Text.ValueString()})
	}
	if !m.Buttons.IsNull() && !m.Buttons.IsUnknown() {
		var list []buttonModel
		diags.Append(m.Buttons.ElementsAs(ctx, &list, false)...)
		buttons := []any{}
		for _, b := range list {
			c := map[string]any{"type": b.Type.ValueString()}
			for k, v := range map[string]types.String{"text": b.Text, "url": b.URL, "phone_number": b.PhoneNumber} {
				if !v.IsNull() {
					c[k] = v.ValueString()
				}
			}
			if !b.Example.IsNull() {
				if b.Type.ValueString() == "COPY_CODE" {
					c["example"] = b.Example.ValueString()
				} else {
					c["example"] = []any{b.Example.ValueString()}
				}
			}
			buttons = append(buttons, c)
		}
		out = append(out, map[string]any{"type": "BUTTONS", "buttons": buttons})
	}
	return out
}

// flattenTemplate sets every remote attribute from a reading. prior is
// what state held: a value that differs only in form keeps its prior form
// (a media handle that Meta reads back as a URL, a TTL not managed), and a
// category Meta changed from the configured one keeps the configured one
// (the second result is then true).
func flattenTemplate(ctx context.Context, t *cloudapi.Template, prior messageTemplateModel, m *messageTemplateModel, diags *diag.Diagnostics) (recategorized bool) {
	m.ID = types.StringValue(t.ID)
	m.Name, m.Language, m.ParameterFormat = types.StringValue(t.Name), types.StringValue(t.Language), types.StringValue(t.ParameterFormat)
	m.Category = types.StringValue(t.Category)
	if t.PreviousCategory != "" && t.PreviousCategory != t.Category && prior.Category.ValueString() == t.PreviousCategory {
		m.Category, recategorized = prior.Category, true
	}
	setComputed(t, m)
	m.TTLSeconds = types.Int64PointerValue(t.TTLSeconds) // read whenever Meta returns it (ttlFromStateWhenUnset)
	m.Header = types.ObjectNull(headerAttrTypes)
	m.Footer = types.ObjectNull(footerAttrTypes)
	m.Buttons = types.ListNull(buttonObjectType)
	m.Body = types.ObjectNull(bodyAttrTypes)
	if t.Category == categoryAuthentication {
		flattenAuthComponents(ctx, t, prior, m, diags)
		return recategorized
	}
	priorHeader, _ := objectAs[headerModel](ctx, prior.Header, diags)
	for _, c := range t.Components {
		switch c.Type {
		case "HEADER":
			h := headerModel{Format: types.StringValue(c.Format), Text: optional(c.Text), Example: types.StringNull()}
			switch c.Format {
			case "TEXT":
				if ex := headerTextExample(c.Example); ex != "" {
					h.Example = types.StringValue(ex)
				}
			case "IMAGE", "VIDEO", "DOCUMENT":
				if priorHeader.Format.ValueString() == c.Format && !priorHeader.Example.IsNull() {
					h.Example = priorHeader.Example // Meta reads the handle back as a URL
				} else if u := mediaExample(c.Example); u != "" {
					h.Example = types.StringValue(u)
				}
			}
			m.Header = objectValue(ctx, headerAttrTypes, h, diags)
		case "BODY":
			b := bodyModel{Text: types.StringValue(c.Text), Examples: types.ListNull(types.StringType), NamedExamples: types.MapNull(types.StringType),
				AddSecurityRecommendation: types.BoolNull()}
			pos, named := bodyExamples(c.Example)
			if len(pos) > 0 {
				b.Examples, _ = types.ListValueFrom(ctx, types.StringType, pos)
			}
			if len(named) > 0 {
				b.NamedExamples, _ = types.MapValueFrom(ctx, types.StringType, named)
			}
			m.Body = objectValue(ctx, bodyAttrTypes, b, diags)
		case "FOOTER":
			m.Footer = objectValue(ctx, footerAttrTypes, footerModel{Text: types.StringValue(c.Text), CodeExpirationMinutes: types.Int64Null()}, diags)
		case "BUTTONS":
			var list []attr.Value
			for _, b := range c.Buttons {
				bm := buttonModel{Type: types.StringValue(b.Type), Text: optional(b.Text), URL: optional(b.URL), PhoneNumber: optional(b.PhoneNumber), Example: types.StringNull(),
					OTPType: types.StringNull(), AutofillText: types.StringNull(), SupportedApps: types.ListNull(appObjectType), ZeroTapTermsAccepted: types.BoolNull()}
				if b.Type == "COPY_CODE" {
					bm.Text = types.StringNull() // Meta's own label
				}
				if len(b.Example) > 0 {
					bm.Example = types.StringValue(b.Example[0])
				}
				list = append(list, objectValue(ctx, buttonAttrTypes, bm, diags))
			}
			l, dd := types.ListValue(buttonObjectType, list)
			diags.Append(dd...)
			m.Buttons = l
		}
	}
	return recategorized
}

// setComputed sets what Meta decides, read on every refresh.
func setComputed(t *cloudapi.Template, m *messageTemplateModel) {
	m.Status = types.StringValue(t.Status)
	m.RejectedReason = types.StringValue(t.RejectedReason)
	if t.RejectedReason == "" {
		m.RejectedReason = types.StringValue("NONE")
	}
	m.QualityScore = framework.OptionalString(t.QualityScore)
	m.CurrentCategory = types.StringValue(t.Category)
	m.PreviousCategory = framework.OptionalString(t.PreviousCategory)
}

func optional(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func objectValue(ctx context.Context, types_ map[string]attr.Type, v any, diags *diag.Diagnostics) types.Object {
	o, dd := types.ObjectValueFrom(ctx, types_, v)
	diags.Append(dd...)
	return o
}

func headerTextExample(raw json.RawMessage) string {
	var ex struct {
		Text  []string `json:"header_text"`
		Named []struct {
			Example string `json:"example"`
		} `json:"header_text_named_params"`
	}
	if json.Unmarshal(raw, &ex) != nil {
		return ""
	}
	if len(ex.Text) > 0 {
		return ex.Text[0]
	}
	if len(ex.Named) > 0 {
		return ex.Named[0].Example
	}
	return ""
}

func mediaExample(raw json.RawMessage) string {
	var ex struct {
		Handle []string `json:"header_handle"`
	}
	if json.Unmarshal(raw, &ex) != nil || len(ex.Handle) == 0 {
		return ""
	}
	return ex.Handle[0]
}

func bodyExamples(raw json.RawMessage) ([]string, map[string]string) {
	var ex struct {
		Text  [][]string `json:"body_text"`
		Named []struct {
			Name    string `json:"param_name"`
			Example string `json:"example"`
		} `json:"body_text_named_params"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &ex) != nil {
		return nil, nil
	}
	var pos []string
	if len(ex.Text) > 0 {
		pos = ex.Text[0]
	}
	named := map[string]string{}
	for _, p := range ex.Named {
		named[p.Name] = p.Example
	}
	return pos, named
}

func (r *messageTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, plan.Timeouts.Create, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	defer wroteTemplate(r.data, &plan)
	// The plan's notes are for the plan; state never keeps them.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateCreateFollows, nil)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlanOf, nil)...)
	waba := plan.WABAID.ValueString()
	existing, found, err := client.FindTemplate(ctx, waba, plan.Name.ValueString(), plan.Language.ValueString())
	switch {
	case err != nil:
		resp.Diagnostics.Append(templateReadBeforeCreateFailed(plan, err))
		return
	case found && existing.Status == cloudapi.TemplatePendingDeletion:
		resp.Diagnostics.Append(templateBeingDeleted(plan, existing))
		return
	case found && existing.Status == cloudapi.TemplateDeleted:
		// Deleted: nothing to adopt. Meta decides whether the name is free
		// (it blocks it for about 30 days after an APPROVED template):
		// IsTemplateNameBlocked below says so if not.
	case found:
		adopted := adoptOrRefuse(ctx, plan, existing, resp)
		if adopted == nil || resp.Diagnostics.HasError() {
			return
		}
		if plan.WaitForReview.ValueBool() {
			// wait_for_review holds for an adopted template as for a
			// created one: its review is waited for, and an end other
			// than APPROVED fails the apply. The template is then not
			// recorded (no new object): in a create_before_destroy
			// replacement Terraform restores the replaced object, which
			// still holds it; otherwise the error names its import.
			var waited diag.Diagnostics
			r.awaitReview(ctx, client, adopted, reviewedCreate, &resp.State, &waited)
			if adopted.Status.ValueString() != cloudapi.TemplateApproved || waited.HasError() {
				resp.State.RemoveResource(ctx)
				resp.Diagnostics.Append(templateAdoptedNotApproved(*adopted))
				return
			}
			resp.Diagnostics.Append(waited...)
		}
		resp.Diagnostics.Append(templateAdoptedWarning(*adopted, existing))
		setTemplateIdentity(ctx, resp.Identity, *adopted, &resp.Diagnostics) // its identity is the plan's
		claimsOf(r.data).adopt(existing.ID)
		return
	}
	request := cloudapi.CreateTemplateRequest{Name: plan.Name.ValueString(), Language: plan.Language.ValueString(), Category: plan.Category.ValueString(),
		ParameterFormat: plan.ParameterFormat.ValueString(), Components: components(ctx, plan, &resp.Diagnostics), TTLSeconds: knownInt64(plan.TTLSeconds)}
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := client.CreateTemplate(ctx, waba, request)
	switch {
	case cloudapi.IsTemplateExists(err):
		resp.Diagnostics.Append(templateExistsAnswer(plan, err))
		return
	case cloudapi.IsTemplateNameBlocked(err):
		resp.Diagnostics.Append(templateNameBlocked(plan, err))
		return
	case err != nil:
		resp.Diagnostics.Append(templateCreateFailed(plan, err))
		return
	}
	ours := true
	if created.LostAnswer != nil {
		// The template found after a lost answer is ours only if it has
		// this configuration's content: another tool may have created the
		// name meanwhile. One that cannot be read is recorded, with its
		// edit budget unknown.
		found, err := client.Template(ctx, created.ID)
		switch {
		case err != nil:
			ours = false
		case found.Status == cloudapi.TemplateDeleted || found.Status == cloudapi.TemplatePendingDeletion:
			resp.Diagnostics.Append(templateBeingDeleted(plan, found))
			return
		default:
			if diffs := settledDifferences(ctx, plan, found, &resp.Diagnostics); len(diffs) > 0 {
				resp.Diagnostics.Append(templateExistsDiffers(plan, found, diffs))
				return
			}
			// What settling could not compare (the category Meta assigns,
			// a TTL not read back, a media sample) leaves a doubt that it
			// is another tool's: its edit budget is then unknown.
			var scratch diag.Diagnostics
			ours = len(templateDifferences(ctx, plan, found, &scratch)) == 0
		}
		resp.Diagnostics.Append(templateCreateSettledWarning(plan, created.ID, created.LostAnswer))
	}
	plan.ID = types.StringValue(created.ID)
	if ours {
		rememberEdits(ctx, resp.Private, editMemory{}, client.Now(), &resp.Diagnostics) // guardEditBudget: none yet
	}
	r.readBack(ctx, client, &plan, &cloudapi.Template{ID: created.ID, Status: created.Status, Category: created.Category}, &resp.State, &resp.Diagnostics)
	setTemplateIdentity(ctx, resp.Identity, plan, &resp.Diagnostics)
	r.awaitReview(ctx, client, &plan, reviewedCreate, &resp.State, &resp.Diagnostics)
}

// readBack reads the template after a write for what Meta decides; when
// the read fails, fallback (the write's answer) fills it.
func (r *messageTemplateResource) readBack(ctx context.Context, client *cloudapi.Client, plan *messageTemplateModel, fallback *cloudapi.Template, out *tfsdk.State, diags *diag.Diagnostics) {
	t, err := client.Template(ctx, plan.ID.ValueString())
	if err != nil {
		diags.Append(templateReadBackWarning(*plan, err))
		t = fallback
	}
	setComputed(t, plan)
	if plan.TTLSeconds.IsUnknown() {
		plan.TTLSeconds = types.Int64PointerValue(t.TTLSeconds)
	}
	if t.Category != "" && t.Category != plan.Category.ValueString() {
		diags.Append(templateCategoryAssignedWarning(*plan, t.Category))
	}
	diags.Append(out.Set(ctx, plan)...)
}

func (r *messageTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	setTemplateIdentity(ctx, resp.Identity, state, &resp.Diagnostics) // immutable: name, language and WABA replace
	ctx, cancel, client := framework.StartOperation(ctx, r.data, state.Timeouts.Read, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	t, err := refreshTemplate(ctx, r.data, client, state.WABAID.ValueString(), state.ID.ValueString(), state.Name.ValueString())
	switch {
	case framework.NotFound(err):
		resp.Diagnostics.Append(templateGoneWarning(state, err))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(templateReadFailed(state, err))
		return
	case t.Name != state.Name.ValueString() || t.Language != state.Language.ValueString():
		// Meta does not rename a template or change its language: an
		// answer that does is not understood, and never plans a
		// replacement (whose delete would take the real template).
		resp.Diagnostics.Append(templateAnswerNotUnderstood(state, t))
		return
	case t.Status == cloudapi.TemplateDeleted || t.Status == cloudapi.TemplatePendingDeletion:
		resp.Diagnostics.Append(templateDeletedStatusWarning(state, t.Status))
		resp.State.RemoveResource(ctx)
		return
	}
	next := state
	if flattenTemplate(ctx, t, state, &next, &resp.Diagnostics) {
		resp.Diagnostics.Append(templateRecategorizedWarning(next, t.Category))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *messageTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The identity cannot change in place (name, language and account
	// replace the template): set it whatever the update does.
	setTemplateIdentity(ctx, resp.Identity, state, &resp.Diagnostics)
	ctx, cancel, client := framework.StartOperation(ctx, r.data, plan.Timeouts.Update, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	defer wroteTemplate(r.data, &state)
	// The plan's notes are for the plan; state never keeps them.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateCreateFollows, nil)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlanOf, nil)...)
	if !templateEdits(plan, state) {
		// wait_for_review, timeouts, or the category Meta set itself.
		acceptMetaCategory(ctx, plan, state, resp)
		return
	}
	spends, ok := checkBeforeEdit(ctx, client, state, &resp.Diagnostics) // guardApprovedSincePlan
	if !ok {
		return
	}
	edit := cloudapi.TemplateEdit{Components: components(ctx, plan, &resp.Diagnostics), TTLSeconds: knownInt64(plan.TTLSeconds)}
	if categoryEdit(plan, state) {
		edit.Category = plan.Category.ValueString()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	at, err := client.EditTemplateAt(ctx, state.ID.ValueString(), edit)
	if err != nil && editMayHaveHappened(err) {
		err = settleLostEdit(ctx, client, plan, state, err, &resp.Diagnostics)
		if err != nil && errors.Is(err, errEditNotMade) {
			if spends { // not made, by one read: the next plan says it may have been
				rememberPossibleEdit(ctx, resp.Private, at, &resp.Diagnostics)
			}
			resp.Diagnostics.Append(templateUpdateFailed(state, err))
			return
		}
	}
	if spends && (err == nil || editMayHaveHappened(err)) {
		rememberEdit(ctx, resp.Private, at, &resp.Diagnostics) // guardEditBudget (a lost answer may have spent it)
	}
	if err != nil {
		resp.Diagnostics.Append(templateUpdateFailed(state, err))
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReadBack, nil)...) // state holds the configured forms now
	plan.ID = state.ID
	r.readBack(ctx, client, &plan, &cloudapi.Template{ID: state.ID.ValueString(), Status: cloudapi.TemplatePending, RejectedReason: "NONE",
		QualityScore: state.QualityScore.ValueString(), Category: state.CurrentCategory.ValueString(), PreviousCategory: state.PreviousCategory.ValueString()}, &resp.State, &resp.Diagnostics)
	r.awaitReview(ctx, client, &plan, reviewedEdit, &resp.State, &resp.Diagnostics)
}

// Delete deletes this language only: hsm_id and name.
func (r *messageTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, state.Timeouts.Delete, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	defer wroteTemplate(r.data, &state)
	// guardSameNameRecreate for a tainted template: a create of the same
	// name and language follows this delete. (Request and response share
	// one private data: read it before dropping the plan's notes, which a
	// failed Delete would otherwise leave in state.)
	var follows templateKey
	raw, _ := req.Private.GetKey(ctx, privateCreateFollows)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateCreateFollows, nil)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlanOf, nil)...)
	if claimsOf(r.data).adopted(state.ID.ValueString()) {
		// The replacement created before this delete (create_before_destroy)
		// adopted this very template: deleting it would take what the new
		// object holds. Forgotten, not deleted.
		resp.Diagnostics.Append(templateHandedToReplacementWarning(state))
		return
	}
	if len(raw) > 0 && json.Unmarshal(raw, &follows) == nil && follows == keyOf(state) {
		resp.Diagnostics.Append(templateForcedRecreateSameName(follows, true))
		return
	}
	waba, id, name := state.WABAID.ValueString(), state.ID.ValueString(), state.Name.ValueString()
	err := client.DeleteTemplate(ctx, waba, id, name)
	if err == nil {
		return
	}
	if _, isMeta := cloudapi.AsError(err); isMeta {
		// A definite refusal: gone already, if the complete list says so.
		if list, lerr := client.Templates(ctx, waba, cloudapi.TemplateFilter{Name: name}); lerr == nil &&
			!slices.ContainsFunc(list, func(t cloudapi.Template) bool { return t.ID == id }) {
			resp.Diagnostics.Append(templateDeletedOutsideWarning(state))
			return
		}
	}
	resp.Diagnostics.Append(templateDeleteFailed(state, err))
}

// ImportState takes waba/template_id or waba/name/language (matched
// exactly), and checks that the template is the WABA's.
func (r *messageTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	req.ID = templateImportID(ctx, req, &resp.Diagnostics)
	parts := strings.Split(req.ID, "/")
	if (len(parts) != 2 && len(parts) != 3) || !cloudapi.IDPattern.MatchString(parts[0]) || slices.Contains(parts, "") ||
		(len(parts) == 2 && !cloudapi.IDPattern.MatchString(parts[1])) {
		resp.Diagnostics.Append(templateImportIDInvalid(req.ID))
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, framework.FixedTimeout, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	waba := parts[0]
	var t *cloudapi.Template
	if len(parts) == 3 {
		found, ok, err := client.FindTemplate(ctx, waba, parts[1], parts[2])
		switch {
		case err != nil:
			resp.Diagnostics.Append(templateImportFailed(req.ID, err))
			return
		case !ok:
			resp.Diagnostics.Append(templateImportNotFound(req.ID, fmt.Sprintf("WhatsApp Business Account %s has no template named exactly %s in %s.", waba, parts[1], parts[2])))
			return
		}
		t = found
	} else {
		read, err := client.Template(ctx, parts[1])
		if err != nil {
			resp.Diagnostics.Append(templateImportFailed(req.ID, err))
			return
		}
		owned, ok, err := client.FindTemplate(ctx, waba, read.Name, read.Language)
		switch {
		case err != nil:
			resp.Diagnostics.Append(templateImportFailed(req.ID, err))
			return
		case !ok || owned.ID != read.ID:
			resp.Diagnostics.Append(templateImportNotFound(req.ID, fmt.Sprintf("Template %s (%s, %s) is not one of WhatsApp Business Account %s's templates.", read.ID, read.Name, read.Language, waba)))
			return
		}
		t = read
	}
	if parts := unmanagedParts(t); len(parts) > 0 { // guardUnmanagedParts
		resp.Diagnostics.Append(templateUnmanagedParts(messageTemplateModel{ID: types.StringValue(t.ID), Name: types.StringValue(t.Name), Language: types.StringValue(t.Language)}, parts))
		return
	}
	// templateImportCategory: a re-categorized template keeps the category
	// it was created with, as a refresh after a create does.
	category := t.Category
	if t.PreviousCategory != "" {
		category = t.PreviousCategory
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReadBack, []byte(`true`))...)
	for attrName, v := range map[string]string{"id": t.ID, "whatsapp_business_account_id": waba, "name": t.Name, "language": t.Language,
		"parameter_format": t.ParameterFormat, "category": category} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attrName), v)...)
	}
}
