// The delegate registry (kind: delegate) and how a case is linked to its delegate.
#include <qicase/delegate/delegate.hpp>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include <qicase/core/text.hpp>
#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::delegate {

namespace {

using yaml::As;
using yaml::Req;

// The field table of each mapping: key, what it holds, whether it must be there, and when it
// is missing the rule and what to write instead, citing the clause (yaml/fields.hpp).
// clang-format off
const yaml::Field k_contact_fields[] = {
  {"name",  As::text, Req::yes, {"field.required", "the contact's name"}},
  {"role",  As::text, Req::no},
  {"email", As::text, Req::no},
  {"phone", As::text, Req::no},
};
const yaml::Field k_delegate_fields[] = {
  {"kind",      As::text,   Req::yes},
  {"id",        As::text,   Req::yes},
  {"name",      As::text,   Req::yes, {"field.required", "the delegate's legal name, as its agreement gives it"}},
  {"aliases",   As::texts,  Req::no},
  {"type",      As::choice, Req::no},
  {"functions", As::any,    Req::no},
  {"agreement", As::map,    Req::no},
  {"oversight", As::map,    Req::no},
  {"contacts",  As::list,   Req::no},
  {"notes",     As::text,   Req::no},
};
const yaml::Field k_agreement_fields[] = {
  {"effective", As::date, Req::no},
  {"ends",      As::date, Req::no},
  {"document",  As::text, Req::no},
};
const yaml::Field k_oversight_fields[] = {
  {"cycle",     As::choice, Req::no},
  {"committee", As::text,   Req::no},
};
// clang-format on
const yaml::Table k_field_tables[] = {
  {"/properties/contacts/items", k_contact_fields},
  {"", k_delegate_fields},
  {"/properties/agreement", k_agreement_fields},
  {"/properties/oversight", k_oversight_fields},
};

const std::vector<std::string_view> k_types = {
  "member", "provider", "ipa", "medical-group", "behavioral-health", "cvo", "health-plan", "other"};
const std::vector<std::string_view> k_functions = {
  "credentialing", "utilization-management", "care-management",
  "claims",        "quality-improvement",    "member-services",
  "pharmacy",      "provider-network",       "other"};
const std::vector<std::string_view> k_cycles = {"annual", "semiannual", "quarterly", "monthly"};

void read_contacts(yaml::Fields& top, Delegate& d)
{
  top.each("contacts", k_contact_fields, "contact", [&](yaml::Fields& cf, std::size_t) {
    Contact contact;
    contact.name = cf.text("name").value_or("");
    contact.role = cf.text("role").value_or("");
    contact.email = cf.text("email").value_or("");
    contact.phone = cf.text("phone").value_or("");
    d.contacts.push_back(std::move(contact));
  });
}

} // namespace

std::string normalise(std::string_view name)
{
  std::string out;
  bool space = false;
  for (const char c : name) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Delegate read(const Document& doc, Diagnostics& diags)
{
  Delegate d;
  d.id = doc.id;
  d.path = doc.path;
  yaml::Fields top(&*doc.root, diags, k_delegate_fields, "the delegate");
  d.name = top.text("name").value_or("");
  d.name_mark = top.mark_of("name");
  top.text("notes");
  if (const auto* aliases = top.find("aliases")) {
    if (aliases->is_sequence()) {
      for (const auto& a : aliases->children) {
        if (auto text = yaml::read_text(a, diags, "an alias")) {
          d.aliases.push_back(*text);
          d.alias_marks.push_back(a.mark);
        }
      }
    } else if (auto one = top.text("aliases")) { // one alias as a text
      d.aliases.push_back(*one);
      d.alias_marks.push_back(aliases->mark);
    }
  }
  d.type = top.choice("type", k_types).value_or("");
  if (const auto* functions = top.find("functions")) {
    for (const auto& f :
         functions->is_sequence() ? functions->children : std::vector<yaml::Node>{*functions}) {
      auto text = yaml::read_text(f, diags, "a delegated function");
      if (!text) {
        continue;
      }
      if (std::find(k_functions.begin(), k_functions.end(), *text) == k_functions.end()) {
        diags.error(f.mark, "field.choice",
                    fmt::format("`{}` is not a delegated function: write one of {}{}", utf8_prefix(*text, 40),
                                fmt::join(k_functions, ", "), did_you_mean(*text, k_functions)));
        continue;
      }
      d.functions.push_back(*text);
    }
  }
  yaml::Fields agreement(top.map("agreement"), diags, k_agreement_fields, "`agreement`", top.mark());
  d.effective = agreement.date("effective");
  d.ends = agreement.date("ends");
  agreement.text("document");
  if (d.effective && d.ends && *d.ends < *d.effective) {
    diags.error(agreement.mark_of("ends"), "delegate.agreement",
                fmt::format("the agreement ends ({}) before it takes effect ({}): correct one date",
                            d.ends->str(), d.effective->str()));
  }
  yaml::Fields oversight(top.map("oversight"), diags, k_oversight_fields, "`oversight`", top.mark());
  d.cycle = oversight.choice("cycle", k_cycles).value_or("");
  d.committee = oversight.text("committee").value_or("");
  read_contacts(top, d);
  return d;
}

const Delegate* Registry::by_id(std::string_view id) const
{
  auto it = std::lower_bound(entries.begin(), entries.end(), id,
                             [](const Delegate& d, std::string_view key) { return d.id < key; });
  return it != entries.end() && it->id == id ? &*it : nullptr;
}

const Delegate* Registry::by_name(std::string_view name) const
{
  auto it = name_index.find(normalise(name));
  return it == name_index.end() ? nullptr : &entries[it->second];
}

std::vector<std::string_view> Registry::ids() const
{
  std::vector<std::string_view> out;
  for (const auto& e : entries) {
    out.emplace_back(e.id);
  }
  return out;
}

std::vector<std::string_view> Registry::names() const
{
  std::vector<std::string_view> out;
  for (const auto& e : entries) {
    out.emplace_back(e.name);
    out.insert(out.end(), e.aliases.begin(), e.aliases.end());
  }
  return out;
}

std::string Registry::suggest(std::string_view name) const
{
  std::lock_guard lock(m_mutex);
  if (auto it = m_suggested.find(std::string(name)); it != m_suggested.end()) {
    return it->second;
  }
  auto hint = did_you_mean(name, names());
  if (m_suggested.size() < 10000) { // bounded: past that, each is searched again
    m_suggested.emplace(std::string(name), hint);
  }
  return hint;
}

std::shared_ptr<const Registry> registry(const Document& doc, Context& ctx)
{
  static const auto k_empty = std::make_shared<const Registry>();
  if (doc.builtin || doc.folder.empty()) {
    return k_empty;
  }
  const std::string root = ctx.workspace.root_of(doc.folder);
  return ctx.workspace.cached<Registry>(nullptr, "delegates\n" + root, [&] {
    auto reg = std::make_shared<Registry>();
    for (const Document* file : ctx.workspace.of_kind("delegate", doc, "delegates")) {
      if (!file->usable() || file->id.empty() || reg->by_id(file->id) != nullptr) {
        continue; // a duplicate id is the file's own error (file.duplicate-id)
      }
      const auto hold = file->hold();
      if (!file->root) {
        continue;
      }
      Diagnostics scratch(file->path); // the file's own check reports them
      reg->entries.push_back(read(*file, scratch));
      std::sort(reg->entries.begin(), reg->entries.end(),
                [](const Delegate& a, const Delegate& b) { return a.id < b.id; });
    }
    for (std::size_t i = 0; i < reg->entries.size(); ++i) {
      const auto& e = reg->entries[i];
      reg->name_index.emplace(normalise(e.name), i); // the first claim wins; the rest are errors
      for (const auto& a : e.aliases) {
        reg->name_index.emplace(normalise(a), i);
      }
    }
    return std::shared_ptr<const Registry>(std::move(reg));
  });
}

Link link(const Document& doc, Context& ctx, Diagnostics* diags, std::string_view id, Mark id_mark,
          std::string_view name, Mark name_mark, bool id_or_name, std::string_view id_key)
{
  if (id.empty() && name.empty()) {
    return {};
  }
  const auto reg = registry(doc, ctx);
  if (!id.empty()) {
    if (const auto* d = reg->by_id(id)) {
      return {d->id, d->name};
    }
    if (!id_or_name) {
      if (diags != nullptr && reg->entries.empty()) {
        // No registry at all: the case is still reported (by the name it gives); the id is
        // only unchecked.
        diags->warning(id_mark, "delegate.unknown",
                       fmt::format("`{}: {}` cannot be checked: this repository has no delegate "
                                   "registry (`delegates/` with `kind: delegate` files); add its "
                                   "file (`qicase new delegate`) or remove `{}`",
                                   id_key, utf8_prefix(id, 60), id_key));
      } else if (diags != nullptr) {
        auto hint = suggest(id, reg->ids());
        diags->error(id_mark, "delegate.unknown",
                     fmt::format("no delegate has id `{}`{}: write the id of its delegate file in `{}`",
                                 utf8_prefix(id, 60), hint.text, id_key),
                     std::move(hint.aside));
      }
      return {"", std::string(name.empty() ? id : name)};
    }
    name = id;
    name_mark = id_mark;
  }
  if (const auto* d = reg->by_name(name)) {
    return {d->id, d->name};
  }
  if (diags != nullptr && !reg->entries.empty()) {
    auto hint = reg->suggest(name);
    diags->warning(name_mark, "delegate.unmatched",
                   fmt::format("`{}` is not the name of a delegate of the registry{}: write its name, "
                               "add this name to its `aliases`, or name it by id in `{}:`",
                               utf8_prefix(name, 60), hint, id_key));
  }
  return {"", std::string(name)};
}

json::Value report(const Delegate& d, const Context& ctx)
{
  json::Value r = json::Value::object();
  r.set("name", d.name);
  r.set("aliases", json::strings(d.aliases));
  r.set("type", d.type.empty() ? json::Value() : json::Value(d.type));
  r.set("functions", json::strings(d.functions));
  r.set("effective", d.effective ? json::Value(d.effective->str()) : json::Value());
  r.set("ends", d.ends ? json::Value(d.ends->str()) : json::Value());
  // Whether the agreement is in force on --as-of.
  const char* agreement = d.ends && *d.ends < ctx.as_of             ? "ended"
                          : d.effective && ctx.as_of < *d.effective ? "not-yet-effective"
                          : d.effective                             ? "in-force"
                                                                    : "unknown";
  r.set("agreement", agreement);
  r.set("cycle", d.cycle.empty() ? json::Value() : json::Value(d.cycle));
  r.set("committee", d.committee.empty() ? json::Value() : json::Value(d.committee));
  json::Value contacts = json::Value::array();
  for (const auto& c : d.contacts) {
    json::Value one = json::Value::object();
    one.set("name", c.name);
    one.set("role", c.role.empty() ? json::Value() : json::Value(c.role));
    one.set("email", c.email.empty() ? json::Value() : json::Value(c.email));
    contacts.push(std::move(one));
  }
  r.set("contacts", std::move(contacts));
  return r;
}

std::span<const yaml::Table> field_tables()
{
  return k_field_tables;
}

Link link_own(const Document& doc, Context& ctx, Diagnostics& diags, std::string_view name,
              std::string_view name_key)
{
  return link(doc, ctx, &diags, doc.field("delegate"), yaml::mark_at(*doc.root, "delegate"), name,
              yaml::mark_at(*doc.root, name_key));
}

Link link_referenced(const Document& doc, Context& ctx, std::string_view id, std::string_view kind)
{
  const Document* other = id.empty() ? nullptr : ctx.workspace.resolve(id, doc);
  if (other == nullptr || other->kind != kind) {
    return {};
  }
  return link(*other, ctx, nullptr, other->field("delegate"), {}, {}, {}, /*id_or_name=*/true);
}

} // namespace qicase::delegate
