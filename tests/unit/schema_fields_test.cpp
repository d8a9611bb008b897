// Each kind's field tables and its JSON Schema agree: every mapping a reader reads has a table
// (key, type, required, the clause), each table names a place in the kind's schema, and there
// the keys, the required ones and the value types are the same. Neither can drift.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <qicase/check/kinds.hpp>
#include <qicase/check/run.hpp>
#include <qicase/core/rules.hpp>
#include <qicase/data/embedded.hpp>
#include <qicase/yaml/fields.hpp>

#include "helpers.hpp"

using namespace qicase;

namespace {

// A small JSON reader for the schemas (objects keep their order; numbers stay as their text).
class Reader
{
public:
  explicit Reader(std::string_view text) : m_text(text) {}
  json::Value value()
  {
    space();
    REQUIRE(m_pos < m_text.size());
    const char c = m_text[m_pos];
    if (c == '{') {
      ++m_pos;
      auto object = json::Value::object();
      space();
      if (take('}')) {
        return object;
      }
      do {
        space();
        auto key = string();
        space();
        REQUIRE(take(':'));
        object.set(key, value());
        space();
      } while (take(','));
      REQUIRE(take('}'));
      return object;
    }
    if (c == '[') {
      ++m_pos;
      auto array = json::Value::array();
      space();
      if (take(']')) {
        return array;
      }
      do {
        array.push(value());
        space();
      } while (take(','));
      REQUIRE(take(']'));
      return array;
    }
    if (c == '"') {
      return json::Value(string());
    }
    const auto end = m_text.find_first_of(",}] \n", m_pos);
    auto word = std::string(m_text.substr(m_pos, end - m_pos));
    m_pos = end;
    if (word == "true" || word == "false") {
      return json::Value(word == "true");
    }
    return word == "null" ? json::Value() : json::Value::raw_number(word);
  }

private:
  void space()
  {
    while (m_pos < m_text.size()
           && std::string_view(" \n\t\r").find(m_text[m_pos]) != std::string_view::npos) {
      ++m_pos;
    }
  }
  bool take(char c)
  {
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  std::string string()
  {
    REQUIRE(take('"'));
    std::string out;
    while (m_pos < m_text.size() && m_text[m_pos] != '"') {
      if (m_text[m_pos] == '\\') {
        ++m_pos;
      }
      out += m_text[m_pos++];
    }
    REQUIRE(take('"'));
    return out;
  }
  std::string_view m_text;
  std::size_t m_pos = 0;
};

// The schema at a JSON pointer ("" is the root); a `$ref` there is followed.
const json::Value* at(const json::Value& root, std::string_view pointer)
{
  const json::Value* node = &root;
  std::size_t pos = 0;
  while (node != nullptr && pos < pointer.size()) {
    const auto next = pointer.find('/', pos + 1);
    const auto part = pointer.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1);
    pos = next == std::string_view::npos ? pointer.size() : next;
    if (node->is_array()) {
      const auto index = static_cast<std::size_t>(std::stoul(std::string(part)));
      node = index < node->as_array().size() ? &node->as_array()[index] : nullptr;
    } else {
      node = node->is_object() ? node->find(part) : nullptr;
    }
  }
  if (node != nullptr && node->is_object()) {
    if (const auto* ref = node->find("$ref"); ref != nullptr && ref->text().starts_with("#/")) {
      return at(root, ref->text().substr(1));
    }
  }
  return node;
}

// What a schema property accepts, in the words of the field table's `As`.
bool accepts(const json::Value& property, yaml::As as)
{
  const auto ref = property.find("$ref") != nullptr ? property.find("$ref")->text() : std::string();
  const auto type = property.find("type") != nullptr ? property.find("type")->text() : std::string();
  const auto defs = [&](std::initializer_list<std::string_view> names) {
    for (auto name : names) {
      if (ref == "#/$defs/" + std::string(name)) {
        return true;
      }
    }
    return false;
  };
  // One of several forms (a text or a list; a date or null): the field reads one of them.
  const auto* one_of = property.find("oneOf");
  if (one_of != nullptr && one_of->is_array() && type.empty() && ref.empty()) {
    for (const auto& form : one_of->as_array()) {
      if (accepts(form, as)) {
        return true;
      }
    }
    return false;
  }
  const auto* constant = property.find("const");
  const bool flag = constant != nullptr && (constant->text() == "true" || constant->text() == "false");
  // A duration written as a pattern of its own (e.g. `^[0-9]+(d|bd|w|bw|mo|y)$`).
  const auto* pattern = property.find("pattern");
  const bool duration = pattern != nullptr && pattern->text().find("bd|") != std::string::npos;
  switch (as) {
  case yaml::As::text:
    return type == "string" || (constant != nullptr && !flag) || defs({"id", "file", "sha256"});
  case yaml::As::date: return defs({"date"});
  case yaml::As::duration: return defs({"duration"}) || duration;
  case yaml::As::boolean: return type == "boolean" || flag;
  case yaml::As::integer: return type == "integer" || defs({"count", "size"});
  case yaml::As::rate: return defs({"rate"}) || type == "number";
  case yaml::As::choice: return property.find("enum") != nullptr;
  case yaml::As::texts: return defs({"texts"}) || type == "array";
  case yaml::As::list: return type == "array" || defs({"statuses"});
  case yaml::As::map: return type == "object";
  case yaml::As::any: return true;
  }
  return false;
}

std::set<std::string> keys_of(const json::Value* object)
{
  std::set<std::string> keys;
  if (object != nullptr && object->is_object()) {
    for (const auto& [key, value] : object->as_object()) {
      keys.insert(key);
    }
  }
  return keys;
}

std::set<std::string> texts_of(const json::Value* array)
{
  std::set<std::string> out;
  if (array != nullptr && array->is_array()) {
    for (const auto& item : array->as_array()) {
      out.insert(item.text());
    }
  }
  return out;
}

std::set<const yaml::Field*> g_observed;

void observe(const yaml::Node*, std::span<const yaml::Field> table)
{
  g_observed.insert(table.data());
}

// Each read a getter makes: the key must be a row of the table, and the row's type the one the
// getter reads (a list of texts may be read as one text or a list, as `texts()` does).
std::vector<std::string> g_mismatches;

void observe_read(std::span<const yaml::Field> table, std::string_view key, yaml::As as)
{
  const auto it = std::find_if(table.begin(), table.end(),
                               [&](const yaml::Field& f) { return f.key == key; });
  if (it == table.end()) {
    g_mismatches.push_back("no row for `" + std::string(key) + "`");
    return;
  }
  const bool texts = it->type == yaml::As::texts && (as == yaml::As::text || as == yaml::As::list);
  if (it->type != as && !texts) {
    g_mismatches.push_back("`" + std::string(key) + "`: row " + std::to_string(static_cast<int>(it->type))
                           + ", read as " + std::to_string(static_cast<int>(as)));
  }
}

} // namespace

TEST_CASE("each field table agrees with its kind's JSON Schema: keys, required, minItems, types")
{
  int tables = 0;
  for (const auto& spec : check::kind_table()) {
    CAPTURE(spec.name);
    REQUIRE(static_cast<bool>(spec.fields));
    const auto text = data::embedded("schemas/" + std::string(spec.name) + ".schema.json");
    REQUIRE(text.has_value());
    const auto schema = Reader(*text).value();
    bool root = false;
    for (const auto& table : spec.fields()) {
      CAPTURE(table.pointer);
      root = root || table.pointer.empty();
      const auto* object = at(schema, table.pointer);
      REQUIRE(object != nullptr);
      const auto* properties = at(*object, "/properties");
      std::set<std::string> keys;
      std::set<std::string> required;
      for (const auto& field : table.fields) {
        CAPTURE(field.key);
        keys.insert(std::string(field.key));
        if (field.req == yaml::Req::yes || field.req == yaml::Req::nonempty) {
          required.insert(std::string(field.key));
        }
        const auto* property = properties != nullptr ? properties->find(field.key) : nullptr;
        REQUIRE(property != nullptr);
        // A property that is a `$ref` to a definition holding a list (e.g. `statuses`) is read there.
        const auto* ref = property->find("$ref");
        const auto* resolved = ref != nullptr ? at(schema, ref->text().substr(1)) : property;
        REQUIRE(resolved != nullptr);
        CHECK(accepts(*property, field.type));
        // A required list that may not be empty is `minItems: 1` in the schema, and back.
        const auto* min = resolved->find("minItems");
        if (field.type == yaml::As::list) {
          CHECK((field.req == yaml::Req::nonempty) == (min != nullptr && min->text() != "0"));
        }
        // A field the procedure requires (Req::finding) is not required by the schema: a file
        // without it is read, and its absence is a finding.
        if (field.req == yaml::Req::finding) {
          CHECK(is_finding(field.need.rule));
        }
        CHECK((field.req != yaml::Req::no)
              == (field.need.rule != "field.required" || !field.need.hint.empty() || field.key == "kind"
                  || field.key == "id"));
      }
      CHECK(keys == keys_of(properties));
      CHECK(required == texts_of(object->find("required")));
      ++tables;
    }
    CHECK(root); // the file itself has a table
  }
  CHECK(tables > 50);
}

TEST_CASE(
  "every mapping a reader reads has a table its kind lists, and every field it reads a row of its type")
{
  // A file of each kind: its starter file, else its built-in; and every example.
  std::vector<std::shared_ptr<Document>> docs;
  for (const auto* name :
       {"notice", "qcar", "cap", "actionplan", "workplan", "policy", "calendar", "delegate"}) {
    const auto text = data::embedded("data/templates/" + std::string(name) + ".yaml");
    REQUIRE(text.has_value());
    docs.push_back(test::doc(*text, std::string(name) + ".yaml"));
  }
  for (const auto* name : {"viip-2023", "cr-delegation"}) {
    docs.push_back(
      test::doc(*data::embedded("data/builtin/" + std::string(name) + ".yaml"), std::string(name) + ".yaml"));
  }
  docs.push_back(test::doc("kind: audit\nid: A\nrubric: cr-delegation\ndelegate: G\ntype: annual\n"
                           "date: 2024-01-02\ndelegation: false\nresults: {CR1.1: {met: true, note: x}}\n"
                           "corrective_actions: [{element: CR1.1, action: x, due: 2024-02-01}]\n",
                           "audit.yaml"));
  // Every example, read from its folder as one repository (its references resolve).
  std::vector<std::shared_ptr<Document>> examples;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(QICASE_SOURCE_DIR "/examples")) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".yaml" && name[0] != '.') {
      examples.push_back(load_document(entry.path().string()));
    }
  }
  REQUIRE(examples.size() > 30);
  std::set<const yaml::Field*> listed;
  for (const auto& spec : check::kind_table()) {
    for (const auto& table : spec.fields()) {
      listed.insert(table.fields.data());
    }
  }
  g_observed.clear();
  g_mismatches.clear();
  yaml::Fields::observer = &observe;
  yaml::Fields::read_observer = &observe_read;
  for (const auto& doc : docs) {
    CAPTURE(doc->path);
    REQUIRE(doc->usable());
    Workspace ws({doc});
    Context ctx{ws, test::d("2024-06-30"), std::make_shared<const calendar::Calendar>(test::us_federal())};
    check::run(ctx, 1);
  }
  {
    Workspace ws(examples);
    Context ctx{ws, test::d("2024-06-30"), std::make_shared<const calendar::Calendar>(test::us_federal())};
    check::run(ctx, 1);
  }
  yaml::Fields::observer = nullptr;
  yaml::Fields::read_observer = nullptr;
  CHECK(g_observed.size() > 45);
  for (const auto& m : g_mismatches) {
    INFO(m);
    CHECK(false);
  }
  CHECK(g_mismatches.empty());
  for (const auto* table : g_observed) {
    CHECK(listed.count(table) == 1);
  }
}
