#pragma once

#include <span>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/yaml/fields.hpp>

namespace qicase::reference {

// A pay-for-performance or coaching program that action plans follow (kind: program). Built
// in: viip-2023 (the Action Plan webinar) and cquic (QI 27 / 27A).
struct Program
{
  std::string id;
  std::string title;
  std::optional<calendar::Date> initial_due; // cycle deadlines
  std::optional<calendar::Date> update_due;
  std::optional<calendar::Date> final_due;
  std::vector<std::string> lines_of_business;
  std::vector<std::vector<std::string>> domains; // per line of business, one measure per group
  // domain -> line of business (or "all") -> measures
  std::map<std::string, std::map<std::string, std::vector<std::string>>> measures;
  std::vector<std::string> escalation_internal;
  std::vector<std::string> escalation_external;
  std::vector<std::string> sources_tracked_in_year;
  std::vector<std::string> sources_yearly;
  std::vector<std::string> vague_phrases;
  // Coaching programs (cquic)
  std::optional<calendar::Duration> response_within;
  int lowest = 0; // measures_required: lowest-N
  bool quarterly_estimates = false;
  bool check_ins_required = false;
  std::string check_in_role = "Medical Director";
  std::optional<calendar::Duration> improve_within;

  // The measures of `domain` for `lob`; nullptr when the program lists none for it.
  const std::vector<std::string>* list(std::string_view domain, std::string_view lob) const;
  bool has_domain(std::string_view domain) const;
};

Program read_program(const Document& doc, Diagnostics& diags);

// The field table of each mapping of the file, with where it is in the kind's JSON Schema.
std::span<const yaml::Table> program_field_tables();

} // namespace qicase::reference
