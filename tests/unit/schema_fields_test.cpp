// Each kind's reader and its JSON Schema name the same top-level keys: neither can gain or lose
// a field without the other.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include <qicase/check/run.hpp>
#include <qicase/data/embedded.hpp>
#include <qicase/yaml/fields.hpp>

#include "helpers.hpp"

using namespace qicase;

namespace {

// The keys of the top-level "properties" object of a JSON Schema (the first one in the text:
// every schema starts with its root object's keywords).
std::set<std::string> schema_properties(std::string_view schema)
{
  std::set<std::string> keys;
  const auto start = schema.find("\"properties\": {");
  REQUIRE(start != std::string_view::npos);
  int depth = 0;
  bool in_string = false;
  std::string current;
  for (std::size_t i = schema.find('{', start); i < schema.size(); ++i) {
    const char c = schema[i];
    if (in_string) {
      if (c == '\\') {
        current += schema[++i];
      } else if (c == '"') {
        in_string = false;
        // A key of the properties object: a string at depth 1 followed by ':'.
        auto next = schema.find_first_not_of(" \n", i + 1);
        if (depth == 1 && next != std::string_view::npos && schema[next] == ':') {
          keys.insert(current);
        }
      } else {
        current += c;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      current.clear();
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        break;
      }
    }
  }
  return keys;
}

const yaml::Node* g_root = nullptr;
std::set<std::string> g_known;

void observe(const yaml::Node* node, std::initializer_list<std::string_view> known)
{
  if (node != nullptr && node == g_root && g_known.empty()) {
    g_known.insert(known.begin(), known.end());
  }
}

} // namespace

TEST_CASE("every kind's reader knows exactly the top-level keys of its JSON Schema")
{
  // A file of each kind: its starter file, else its built-in.
  const std::map<std::string, std::string> sources = {
    {"notice", "data/templates/notice.yaml"},     {"qcar", "data/templates/qcar.yaml"},
    {"cap", "data/templates/cap.yaml"},           {"actionplan", "data/templates/actionplan.yaml"},
    {"workplan", "data/templates/workplan.yaml"}, {"policy", "data/templates/policy.yaml"},
    {"calendar", "data/templates/calendar.yaml"}, {"delegate", "data/templates/delegate.yaml"},
    {"program", "data/builtin/viip-2023.yaml"},   {"rubric", "data/builtin/cr-delegation.yaml"},
  };
  int checked = 0;
  for (auto kind : known_kinds()) {
    CAPTURE(kind);
    const auto schema = data::embedded("schemas/" + std::string(kind) + ".schema.json");
    REQUIRE(schema.has_value());
    std::shared_ptr<Document> doc;
    if (auto it = sources.find(std::string(kind)); it != sources.end()) {
      auto text = data::embedded(it->second);
      REQUIRE(text.has_value());
      doc = test::doc(*text, std::string(kind) + ".yaml");
    } else { // audit: the rubric is the built-in one
      doc = test::doc("kind: audit\nid: A\nrubric: cr-delegation\ndelegate: G\ntype: annual\n"
                      "date: 2024-01-02\ndelegation: false\nresults: {}\n",
                      "audit.yaml");
    }
    REQUIRE(doc->usable());
    Workspace ws({doc});
    Context ctx{ws, test::d("2024-06-30"), std::make_shared<const calendar::Calendar>(test::us_federal())};
    g_root = doc->root.get();
    g_known.clear();
    yaml::Fields::observer = &observe;
    check::run(ctx, "", 1, {});
    yaml::Fields::observer = nullptr;
    CHECK(g_known == schema_properties(*schema));
    ++checked;
  }
  CHECK(checked == static_cast<int>(known_kinds().size()));
}
