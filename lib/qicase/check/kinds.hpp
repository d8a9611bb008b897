#pragma once

#include <any>
#include <span>
#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/reference/evidence.hpp>
#include <qicase/workspace/context.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/part.hpp>
#include <qicase/workspace/shown.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::check {

// One row per kind of file: what validates it, builds its report (when `report`: `check` in
// text or for CI formats prints none) and, when asked (`obligations` not null, for `qicase
// due`), lists what it holds due, from the same reading of the file.
// `check` walks this table; a kind with no `run` is reported as unsupported rather than skipped.
// What a kind's run() is asked for and gives besides diagnostics and its report.
struct Output
{
  Obligations* obligations = nullptr; // not null: list what the case holds due (`qicase due`)
  evidence::Entries* cited = nullptr; // not null: list the documents it cites
  bool report = true;                 // build the report
  delegate::Link delegate = {};       // set: whom the case concerns (its registry entry or name)
  std::any typed = {};                // with Request::keep_typed: the case's typed reading and
                                      // result, std::shared_ptr<const Evaluated<Case, Result>>
};

struct KindSpec
{
  std::string_view name;
  std::string_view summary;
  // The column of the committee's matrix of delegates by area (`report`) its cases count in;
  // "" for reference kinds.
  std::string_view area = {};
  // The command that reports a case of the kind, where it is not the kind's name
  // (`audit-score`); "" for a case kind: its name; none for reference kinds.
  std::string_view command = {};
  json::Value (*run)(const Document&, Context&, Diagnostics&, Output& out);
  // What other files read of a file of this kind (a notice's reading, an audit's corrective
  // actions), built through Workspace::cached while its tree is held: run() calls it once the
  // file is checked, before a packed tree is freed for good. Null: nothing is read of it.
  void (*share)(const Document&, Context&) = nullptr;
  // `qicase diff`: the kind's rule on a deadline moved later to `due` between two typed results
  // (Output::typed; `before` empty when that version has none). Null: dates move with the file.
  Backing (*backing)(const std::any& before, const std::any& after, calendar::Date due) = nullptr;
  // `qicase diff`: the statuses and scores of a typed result (Output::typed), compared by label
  // between two versions. Null: the kind has none (a reference file).
  Figures (*figures)(const std::any& typed) = nullptr;
  // `qicase report`: what a typed result (Output::typed) gives the committee's portfolio (its own
  // status, an audit's scores, a plan's measures, a work plan's tally). Null: nothing (a
  // reference file).
  PortfolioPart (*part)(const std::any& typed, const Document& doc, std::string_view path,
                        Context& ctx) = nullptr;
  // The field table of each mapping of the kind's files, each with where it is in the kind's
  // JSON Schema (a unit test holds the two together).
  std::span<const yaml::Table> (*fields)() = nullptr;
};

// The one table of kinds: a row for each name of `k_kind_names` (workspace/document.hpp, what the
// loader knows), in its order, case kinds first.
const std::vector<KindSpec>& kind_table();
const KindSpec* find_kind(std::string_view name);
// The command that reports a case of kind `name` ("audit-score" for an audit); "" for a kind
// that has none.
std::string_view command_of(std::string_view name);
// The areas of the committee's matrix, each once, in the table's order.
std::vector<std::string_view> areas();

} // namespace qicase::check
