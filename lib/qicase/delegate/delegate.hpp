#pragma once

#include <span>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::delegate {

// One entry of the delegate registry (kind: delegate): an organisation the plan delegates
// functions to and oversees (4.9A K: the Quality Improvement Council reviews each delegate).
// Cases name it by id (`delegate:`) or by one of its names; see qicase-delegate(1).
struct Contact
{
  std::string name;
  std::string role;
  std::string email;
  std::string phone;
};

struct Delegate
{
  std::string id;
  std::string name;
  std::vector<std::string> aliases; // other names it appears under in case files
  std::vector<Mark> alias_marks;
  Mark name_mark;
  std::string type; // member | provider | ipa | medical-group | ...
  std::vector<std::string> functions;
  std::optional<calendar::Date> effective; // the delegation agreement
  std::optional<calendar::Date> ends;
  std::string cycle;     // the oversight cycle: annual | semiannual | quarterly
  std::string committee; // the committee that reviews it
  std::vector<Contact> contacts;
  std::string path;
};

// Reads and checks one delegate file.
Delegate read(const Document& doc, Diagnostics& diags);

// The registry of a repository: every delegate file given on the command line below its root,
// in its root folder and in its `delegates/` folder. Names match case-insensitively, with runs
// of spaces as one.
struct Registry
{
  std::vector<Delegate> entries; // sorted by id
  const Delegate* by_id(std::string_view id) const;
  const Delegate* by_name(std::string_view name) const; // a name or alias
  std::vector<std::string_view> ids() const;
  std::vector<std::string_view> names() const;             // names and aliases, for "did you mean"
  std::unordered_map<std::string, std::size_t> name_index; // normalised name -> entry
  // " (did you mean `X`?)" for a name the registry lacks, or "": computed once per distinct
  // name (10,000 cases that spell their delegate the same wrong way cost one search).
  std::string suggest(std::string_view name) const;

private:
  mutable std::mutex m_mutex;
  mutable std::unordered_map<std::string, std::string> m_suggested;
};

// The registry of the repository `doc` lies in, built once per run and repository.
std::shared_ptr<const Registry> registry(const Document& doc, Context& ctx);

// "  Acme  medical Group " -> "acme medical group".
std::string normalise(std::string_view name);

// Whom a case concerns: its registry entry (id set) or, unregistered, the name the file gives.
struct Link
{
  std::string id;
  std::string name;
};

// Links a case to its delegate: `id` from a `delegate:` field (an id, or for the audit's
// `delegate:` also a name when `id_or_name`), else `name` (the notice's recipient, the plan's
// organisation) against the registry's names and aliases. With `diags`: an id the registry
// lacks is an error (delegate.unknown), a name it lacks a warning (delegate.unmatched), both
// with "did you mean"; in a repository without a registry (a case copied out of its
// repository, or read from standard input) an id is a warning and every case links by name.
// `id_key`: where the id is written in this kind (`delegate`, a notice's `recipient.delegate`),
// as the messages name it.
Link link(const Document& doc, Context& ctx, Diagnostics* diags, std::string_view id, Mark id_mark,
          std::string_view name, Mark name_mark, bool id_or_name = false,
          std::string_view id_key = "delegate");

// A case's own `delegate:` (a registry id) beside the name it gives at `name_key` (an action
// plan's organisation): linked, and checked.
Link link_own(const Document& doc, Context& ctx, Diagnostics& diags, std::string_view name,
              std::string_view name_key);
// The delegate of the file `id` of `kind` that `doc` refers to (the audit a CAP answers), by its
// `delegate:`; none when it is not found or of another kind (that file reports its own link).
Link link_referenced(const Document& doc, Context& ctx, std::string_view id, std::string_view kind);

// The report of a delegate file (`check --format json`).
json::Value report(const Delegate& d, const Context& ctx);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> field_tables();

} // namespace qicase::delegate
