# Opt-in, for teams that keep secrets out of plan files:
#
#   {"whatsapp_policy": {"forbid_pin_in_plan": true}}
#
# turns on two deny rules. pin_in_plan: a two-step verification PIN stored in
# clear anywhere in the plan JSON (the change's before and after, the drift,
# prior_state, planned_values, a literal in the configuration).
# pin_variable_in_plan: pin_wo fed by something whose value the plan stores
# (a variable that is not ephemeral, a default, a data source, a resource),
# followed through each.value, module variables and outputs at any depth.
package whatsapp

forbid_pin_in_plan if data.whatsapp_policy.forbid_pin_in_plan == true

# ---------------------------------------------------------------------------
# The configuration's modules, at any depth
# ---------------------------------------------------------------------------

# [calls, path]: every module of the configuration, as the names of the
# module calls that lead to it from the root ([] for the root module) and
# its path in configuration.root_module. Names only: a rule holding the
# modules would print the literals of their expressions (a PIN among them)
# with the rest of data.whatsapp; module_at gives the module.
config_modules contains [calls, path] if {
	walk(input.configuration.root_module, [path, _])
	module_path(path)
	calls := [path[i + 1] | some i, p in path; i % 3 == 0; p == "module_calls"]
}

module_at(path) := object.get(input.configuration.root_module, path, {})

module_path(path) if {
	count(path) % 3 == 0
	count([i | some i, p in path; i % 3 == 0; p != "module_calls"]) == 0
	count([i | some i, p in path; i % 3 == 2; p != "module"]) == 0
}

module_key(calls) := concat("/", calls)

# The address of a resource block as plan messages write it:
# module.outer.module.inner.whatsapp_phone_registration.main.
config_address(calls, res) := concat("", array.concat([sprintf("module.%s.", [c]) | some c in calls], [res.address]))

# The configuration address of a planned instance (keys and indexes dropped).
instance_config_address(rc) := concat(".", array.concat(
	[sprintf("module.%s", [m]) | some m in module_names(rc)],
	[rc.type, rc.name],
))

module_names(rc) := [] if {
	not rc.module_address
} else := [m | some part in regex.find_all_string_submatch_n(`module\.([^.\[]+)`, rc.module_address, -1); m := part[1]]

# The phone numbers of a configured block, for the message.
configured_numbers(addr) := {n |
	some rc in input.resource_changes
	registration(rc)
	deposed(rc) == ""
	instance_config_address(rc) == addr
	n := number_label(rc)
}

configured_label(addr) := sprintf("phone number %s", [concat(", ", sort(configured_numbers(addr)))]) if {
	count(configured_numbers(addr)) > 0
} else := "phone number (no instance in this plan)"

# ---------------------------------------------------------------------------
# pin_in_plan: the PIN itself, in every section of the plan
# ---------------------------------------------------------------------------

pin_found contains {"address": rc.address, "label": label(rc), "section": sprintf("resource_changes (%s)", [side])} if {
	some rc in input.resource_changes
	registration(rc)
	some side in ["before", "after"]
	object.get(rc.change, [side, "pin"], null) != null
}

pin_found contains {"address": rc.address, "label": label(rc), "section": "resource_drift"} if {
	some rc in input.resource_drift
	registration(rc)
	some side in ["before", "after"]
	object.get(rc.change, [side, "pin"], null) != null
}

pin_found contains {"address": v.address, "label": sprintf("phone number %s", [object.get(v.values, "phone_number_id", "?")]), "section": section} if {
	some section in ["prior_state", "planned_values"]
	walk(object.get(input, section, {}), [_, v])
	is_object(v)
	v.mode == "managed"
	v.type == "whatsapp_phone_registration"
	object.get(v, ["values", "pin"], null) != null
}

pin_found contains {"address": addr, "label": configured_label(addr), "section": sprintf("configuration (a literal %s)", [attr])} if {
	some [calls, path] in config_modules
	m := module_at(path)
	some res in m.resources
	res.type == "whatsapp_phone_registration"
	some attr in ["pin", "pin_wo"]
	object.get(res, ["expressions", attr, "constant_value"], null) != null
	addr := config_address(calls, res)
}

deny contains msg if {
	forbid_pin_in_plan
	some address in {f.address | some f in pin_found}
	found := {f | some f in pin_found; f.address == address}
	labels := sort({f.label | some f in found})
	sections := sort({f.section | some f in found})
	msg := sprintf("[whatsapp.pin_in_plan] %s (%s): the two-step verification PIN is stored in clear in this plan file, in %s. %s; whatsapp_policy.forbid_pin_in_plan forbids it", [
		address, labels[0], concat(", ", sections), pin_advice(sections),
	])
}

pin_advice(sections) := "Pass the PIN through a variable declared ephemeral = true to pin_wo, with pin_wo_version: a literal is in the plan's configuration, and in the copy of the configuration every plan file carries" if {
	some s in sections
	startswith(s, "configuration")
} else := "State holds the PIN because the registration uses pin: move to pin_wo = <an ephemeral variable> with pin_wo_version. The plan that makes the move still holds the old PIN (treat that plan file as a secret, and review it without this rule); the plans after it do not" if {
	some s in sections
	s in {"resource_changes (before)", "prior_state", "resource_drift"}
} else := "Use pin_wo = <an ephemeral variable> with pin_wo_version instead of pin: pin is stored in the plan and in state, pin_wo in neither"

# ---------------------------------------------------------------------------
# pin_variable_in_plan: what feeds pin_wo
# ---------------------------------------------------------------------------

# A graph of references: nodes are "<module key>|<reference>", edges lead
# from a reference to the references of what defines it (a module variable
# to the call's argument, each to for_each, a module output to its
# expression). graph.reachable then follows any depth.
ref_node(m, ref, _) := sprintf("%s|var.%s", [m, name]) if {
	name := regex.find_all_string_submatch_n(`^var\.([A-Za-z0-9_-]+)`, ref, 1)[0][1]
}

ref_node(m, ref, owner) := sprintf("%s|each|%s", [m, owner]) if startswith(ref, "each.")

ref_node(m, ref, _) := sprintf("%s|local.%s", [m, name]) if {
	name := regex.find_all_string_submatch_n(`^local\.([A-Za-z0-9_-]+)`, ref, 1)[0][1]
}

ref_node(m, ref, _) := sprintf("%s|module.%s.%s", [m, parts[1], parts[2]]) if {
	parts := regex.find_all_string_submatch_n(`^module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)`, ref, 1)[0]
}

ref_node(m, ref, _) := sprintf("%s|module.%s", [m, parts[1]]) if {
	parts := regex.find_all_string_submatch_n(`^module\.([A-Za-z0-9_-]+)$`, ref, 1)[0]
}

ref_node(m, ref, _) := sprintf("%s|data.%s.%s", [m, parts[1], parts[2]]) if {
	parts := regex.find_all_string_submatch_n(`^data\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)`, ref, 1)[0]
}

ref_node(_, ref, _) := "safe" if regex.match(`^(ephemeral|count|path|terraform|self)\.`, ref)

ref_node(m, ref, _) := sprintf("%s|resource.%s.%s", [m, parts[1], parts[2]]) if {
	parts := regex.find_all_string_submatch_n(`^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)`, ref, 1)[0]
	not parts[1] in {"var", "each", "local", "module", "data", "ephemeral", "count", "path", "terraform", "self"}
}

# Terraform lists a reference with its prefixes (module.secrets.pin and
# module.secrets): the longest one says what is used.
useful(refs) := {r |
	some r in refs
	not shadowed(r, refs)
}

shadowed(r, refs) if {
	some other in refs
	startswith(other, concat("", [r, "."]))
}

child_key(m, call) := call if m == ""

else := sprintf("%s/%s", [m, call])

# each.* in a resource block, and in a module call's arguments, is its
# for_each.
edge contains [sprintf("%s|each|%s", [module_key(calls), res.address]), ref_node(module_key(calls), ref, res.address)] if {
	some [calls, path] in config_modules
	m := module_at(path)
	some res in m.resources
	some ref in useful(res.for_each_expression.references)
}

edge contains [sprintf("%s|each|module.%s", [module_key(calls), name]), ref_node(module_key(calls), ref, sprintf("module.%s", [name]))] if {
	some [calls, path] in config_modules
	m := module_at(path)
	some name, call in m.module_calls
	some ref in useful(call.for_each_expression.references)
}

# A module's variable is the call's argument, a literal, or its default.
edge contains [sprintf("%s|var.%s", [child_key(module_key(calls), name), x]), ref_node(module_key(calls), ref, sprintf("module.%s", [name]))] if {
	some [calls, path] in config_modules
	m := module_at(path)
	some name, call in m.module_calls
	some x, expr in call.expressions
	some ref in useful(expr.references)
}

edge contains [sprintf("%s|var.%s", [key, x]), sprintf("literal|%s|%s", [key, x])] if {
	some [calls, path] in config_modules
	m := module_at(path)
	some name, call in m.module_calls
	some x, expr in call.expressions
	object.get(expr, "constant_value", null) != null
	key := child_key(module_key(calls), name)
}

edge contains [sprintf("%s|var.%s", [key, x]), sprintf("default|%s|%s", [key, x])] if {
	some [calls, path] in config_modules
	m := module_at(path)
	some name, call in m.module_calls
	some x, v in call.module.variables
	not x in object.keys(object.get(call, "expressions", {}))
	object.get(v, "default", null) != null
	key := child_key(module_key(calls), name)
}

# A module's output is its expression, in the module.
edge contains [sprintf("%s|module.%s.%s", [module_key(calls), name, o]), ref_node(child_key(module_key(calls), name), ref, "")] if {
	some [calls, path] in config_modules
	m := module_at(path)
	some name, call in m.module_calls
	some o, out in call.module.outputs
	some ref in useful(out.expression.references)
}

# Every node is a key (graph.reachable drops the others), the ends too.
ref_nodes := {n | some e in edge; some n in e} | {n | some sources in pin_wo_sources; some n in sources}

ref_graph := {from: {to | some [f, to] in edge; f == from} | some from in ref_nodes}

# What pin_wo references, per configured registration block.
pin_wo_sources[addr] := {ref_node(module_key(calls), ref, res.address) |
	some ref in useful(res.expressions.pin_wo.references)
} if {
	some [calls, path] in config_modules
	m := module_at(path)
	some res in m.resources
	res.type == "whatsapp_phone_registration"
	addr := config_address(calls, res)
}

saved_variables := sort({x | some x, v in input.variables; object.get(v, "value", null) != null})

root_default(x) := object.get(input.configuration.root_module, ["variables", x, "default"], null)

# What the plan stores of a node reached from pin_wo, as a phrase.
stored(n) := sprintf("variable %q, whose value this plan stores in clear (\"variables\")", [x]) if {
	x := regex.find_all_string_submatch_n(`^\|var\.(.+)$`, n, 1)[0][1]
	object.get(input.variables, [x, "value"], null) != null
}

# A root variable's default is in the configuration, given a value or not.
stored_default(n) := sprintf("variable %q, whose default this plan stores in clear (\"configuration\")", [x]) if {
	x := regex.find_all_string_submatch_n(`^\|var\.(.+)$`, n, 1)[0][1]
	root_default(x) != null
}

stored(n) := sprintf("the default of variable %q of module %s, stored in clear in \"configuration\"", [p[2], p[1]]) if {
	p := regex.find_all_string_submatch_n(`^default\|(.*)\|(.+)$`, n, 1)[0]
}

stored(n) := sprintf("a literal given to variable %q of module %s, stored in clear in \"configuration\"", [p[2], p[1]]) if {
	p := regex.find_all_string_submatch_n(`^literal\|(.*)\|(.+)$`, n, 1)[0]
}

stored(n) := sprintf("%s, whose result this plan stores in clear (prior_state, planned_values)", [what]) if {
	what := regex.find_all_string_submatch_n(`\|(data\.[^|]+)$`, n, 1)[0][1]
}

stored(n) := sprintf("%s, whose attributes this plan stores in clear (prior_state, planned_values)", [what]) if {
	what := regex.find_all_string_submatch_n(`\|resource\.([^|]+)$`, n, 1)[0][1]
}

# A local, or a whole module object, cannot be followed: plan JSON has no
# locals. If the plan stores any variable, that variable may feed it.
stored(n) := sprintf("%s, which plan JSON does not show (it holds no locals, nor what a whole module object holds), so the kit cannot tell which of the variables this plan stores in clear (%s) feed it", [what, concat(", ", saved_variables)]) if {
	what := regex.find_all_string_submatch_n(`\|(local\.[^|]+|module\.[^.|]+)$`, n, 1)[0][1]
	count(saved_variables) > 0
}

deny contains msg if {
	forbid_pin_in_plan
	some addr, sources in pin_wo_sources
	reached := graph.reachable(ref_graph, sources)
	findings := {s | some n in reached; s := stored(n)} | {s | some n in reached; s := stored_default(n)}
	count(findings) > 0
	msg := sprintf("[whatsapp.pin_variable_in_plan] %s (%s): pin_wo takes its value from %s. Feed pin_wo from a variable declared ephemeral = true (or an ephemeral resource), which Terraform allows for a write-only attribute such as pin_wo, and reference it directly; whatsapp_policy.forbid_pin_in_plan forbids this", [addr, configured_label(addr), concat("; ", sort(findings))])
}
