#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
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

// What a field holds: which getter of `Fields` reads it, and what its JSON Schema says.
enum class As : std::uint8_t {
  text,     // a string (also an id, a file name, a hash)
  date,     // YYYY-MM-DD
  duration, // 30d, 10bd, 2m
  boolean,  // true | false
  integer,  // whole number in digits
  rate,     // 71.43% or 71.43
  choice,   // one of a list of words (the schema's enum)
  texts,    // a list of texts, or one text
  list,     // a list (of mappings, most often)
  map,      // a mapping
  any,      // read by the kind itself (a value of several types)
};

// Whether a field must be there.
enum class Req : std::uint8_t {
  no,
  yes,      // required (a list: may be empty)
  nonempty, // required, and a list with at least one item (the schema's minItems: 1)
  when,     // required in some cases only: the reader passes `need(key)` where it is
  finding,  // the procedure requires it, the file does not: a file without it is read, and its
            // absence is a finding (`need.rule` is one); the schema does not require it
};

// One row of a mapping's field table: the key, what it holds, whether it must be there and, for
// a required field, the rule it breaks when missing and what to add, citing the clause.
struct Field
{
  std::string_view key;
  As type = As::text;
  Req req = Req::no;
  Need need = {};
};

// The fields of one mapping, and where that mapping is in its kind's JSON Schema (a JSON pointer:
// "" for the file, "/properties/monitor", "/properties/actions/items"): a unit test holds each
// table to the schema there, so the two cannot drift.
struct Table
{
  std::string_view pointer;
  std::span<const Field> fields;
};

// Reads one mapping of a case file. Construction reports unknown keys (with "did you mean")
// and a value that is not a mapping; each getter reports a missing required field or a value
// of the wrong type at its position, and returns nullopt then. Nothing throws.
class Fields
{
public:
  // `table`: the mapping's fields; a getter's field is required as its row says, unless the
  // getter is given a `need` of its own (a field required only in some cases, Req::when).
  Fields(const Node* node, Diagnostics& diags, std::span<const Field> table, std::string_view what,
         Mark where = {});

  // Calls `each(Fields&, index)` for each item of the list at `key` (read as `list()` reads it)
  // that is a mapping, read with `table`; an item that is not is reported and skipped. `what`
  // names an item in messages: a noun numbered from 1 ("action" gives "action 2"), or a
  // function of the index. Returns the list, null when there is none to read.
  template <class What, class Each>
  const Node* each(std::string_view key, std::span<const Field> table, What what, Each each);

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

  // Reports `key` missing: with `need`, else as the table's row requires it.
  void missing(std::string_view key, const Need* need = nullptr);
  // The row's Need of `key` (for a field required only in some cases), else null.
  const Need* need(std::string_view key) const;

  // Test-only: called with each mapping read and its table, and with each field a getter reads
  // and the type that getter reads, so a unit test can hold every table to its kind's JSON Schema
  // and to its reader. Null (always, outside tests).
  using Observer = void (*)(const Node* node, std::span<const Field> table);
  static inline Observer observer = nullptr;
  using ReadObserver = void (*)(std::span<const Field> table, std::string_view key, As as);
  static inline ReadObserver read_observer = nullptr;

private:
  const Field* row(std::string_view key) const; // null when the table has no such key
  // The start of a getter reading `key` as `as`: the Need to report it missing with (`need` as
  // given, else the row's when the row requires it), null when it may be absent.
  const Need* begin_read(std::string_view key, As as, const Need* need) const;
  // At least one item for a Req::nonempty row.
  std::size_t min_items(std::string_view key, std::size_t given) const;

  // The value of `key` through `reader`, or nullopt (missing reported when needed).
  template <class T>
  std::optional<T> read(std::string_view key, As as, const Need* need,
                        std::optional<T> (*reader)(const Node&, Diagnostics&, std::string_view));

  const Node* m_node = nullptr;
  Diagnostics& m_diags;
  Mark m_mark;
  std::string m_what;
  std::span<const Field> m_table;
};

// Value readers for list items and other values outside a mapping. `what` names the value in
// messages ("`issued`", "evidence item").
std::optional<std::string> read_text(const Node& node, Diagnostics& diags, std::string_view what);
std::optional<calendar::Date> read_date(const Node& node, Diagnostics& diags, std::string_view what);
std::optional<calendar::Duration> read_duration(const Node& node, Diagnostics& diags, std::string_view what);
std::optional<Hundredths> read_rate(const Node& node, Diagnostics& diags, std::string_view what);

// A list of text items (each reported if not text).
std::vector<std::string> read_text_list(const Node& node, Diagnostics& diags, std::string_view what);

template <class What, class Each>
const Node* Fields::each(std::string_view key, std::span<const Field> table, What what, Each each)
{
  const Node* items = list(key);
  if (items == nullptr) {
    return nullptr;
  }
  for (std::size_t i = 0; i < items->children.size(); ++i) {
    const Node& node = items->children[i];
    std::string name;
    if constexpr (std::is_invocable_v<What, std::size_t>) {
      name = what(i);
    } else {
      name = what; // appended, not `+`: GCC 12's -Warray-bounds misfires on that chain here
      name += ' ';
      name += std::to_string(i + 1);
    }
    Fields item(&node, m_diags, table, name, node.mark);
    if (item.ok()) {
      each(item, i);
    }
  }
  return items;
}

template <class T>
std::optional<T> Fields::read(std::string_view key, As as, const Need* need,
                              std::optional<T> (*reader)(const Node&, Diagnostics&, std::string_view))
{
  need = begin_read(key, as, need);
  const Node* value = find(key);
  if (value == nullptr) {
    missing(key, need);
    return std::nullopt;
  }
  const std::string what = "`" + std::string(key) + "`";
  return reader(*value, m_diags, what);
}

} // namespace qicase::yaml
