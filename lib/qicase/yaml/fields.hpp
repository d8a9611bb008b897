#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/calendar/date.hpp>
#include <qicase/calendar/duration.hpp>
#include <qicase/core/diagnostics.hpp>
#include <qicase/core/number.hpp>
#include <qicase/yaml/node.hpp>

namespace qicase::yaml {

// What to say when a required field is missing: the rule id and what to add (citing the
// clause), e.g. {"notice.basis", "the statutory or regulatory basis of the finding (4.9A B.1)"}.
struct Need
{
  std::string_view rule = "field.required";
  std::string_view hint = {};
};

// Reads one mapping of a case file. Construction reports unknown keys (with "did you mean")
// and a value that is not a mapping; each getter reports a missing required field or a value
// of the wrong type at its position, and returns nullopt then. Nothing throws.
class Fields
{
public:
  Fields(const Node* node, Diagnostics& diags, std::initializer_list<std::string_view> known,
         std::string_view what, Mark where = {});

  bool ok() const { return m_node != nullptr; } // the value is a mapping
  const Node* node() const { return m_node; }
  Mark mark() const { return m_mark; }
  const Node* find(std::string_view key) const; // present and not null
  bool has(std::string_view key) const { return find(key) != nullptr; }
  Mark mark_of(std::string_view key) const; // the value's mark, else the map's

  std::optional<std::string> text(std::string_view key, const Need* need = nullptr);
  std::optional<calendar::Date> date(std::string_view key, const Need* need = nullptr);
  std::optional<calendar::Duration> duration(std::string_view key, const Need* need = nullptr);
  std::optional<bool> boolean(std::string_view key, const Need* need = nullptr);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi,
                                      const Need* need = nullptr);
  std::optional<Hundredths> rate(std::string_view key, const Need* need = nullptr);
  std::optional<std::string> choice(std::string_view key, const std::vector<std::string_view>& options,
                                    const Need* need = nullptr);
  // A list; `min_items` > 0 makes an empty list an error.
  const Node* list(std::string_view key, const Need* need = nullptr, std::size_t min_items = 0);
  const Node* map(std::string_view key, const Need* need = nullptr);
  // A list of texts. Generous where the meaning is clear: one text where a list is expected
  // (`accomplishments: Opened two evening clinics`) is a list of that one item, with no
  // diagnostic; a mapping or a list of mappings is still wrong.
  std::vector<std::string> texts(std::string_view key, const Need* need = nullptr, std::size_t min_items = 0);

  void missing(std::string_view key, const Need* need);

  // Test-only: called with each mapping read and the keys its reader knows, so a unit test can
  // hold every reader's field list to its kind's JSON Schema. Null (always, outside tests).
  using Observer = void (*)(const Node* node, std::initializer_list<std::string_view> known);
  static inline Observer observer = nullptr;

private:
  // The value of `key` through `reader`, or nullopt (missing reported when needed).
  template <class T>
  std::optional<T> read(std::string_view key, const Need* need,
                        std::optional<T> (*reader)(const Node&, Diagnostics&, std::string_view));

  const Node* m_node = nullptr;
  Diagnostics& m_diags;
  Mark m_mark;
  std::string m_what;
};

// Value readers for list items and other values outside a mapping. `what` names the value in
// messages ("`issued`", "evidence item").
std::optional<std::string> read_text(const Node& node, Diagnostics& diags, std::string_view what);
std::optional<calendar::Date> read_date(const Node& node, Diagnostics& diags, std::string_view what);
std::optional<calendar::Duration> read_duration(const Node& node, Diagnostics& diags, std::string_view what);
std::optional<Hundredths> read_rate(const Node& node, Diagnostics& diags, std::string_view what);

// A list of text items (each reported if not text).
std::vector<std::string> read_text_list(const Node& node, Diagnostics& diags, std::string_view what);

template <class T>
std::optional<T> Fields::read(std::string_view key, const Need* need,
                              std::optional<T> (*reader)(const Node&, Diagnostics&, std::string_view))
{
  const Node* value = find(key);
  if (value == nullptr) {
    missing(key, need);
    return std::nullopt;
  }
  const std::string what = "`" + std::string(key) + "`";
  return reader(*value, m_diags, what);
}

} // namespace qicase::yaml
