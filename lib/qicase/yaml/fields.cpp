#include <qicase/yaml/fields.hpp>

#include <fmt/format.h>

#include <qicase/core/text.hpp>

namespace qicase::yaml {

namespace {

// User text quoted in a message: 40 bytes at most, never cut through a UTF-8 sequence.
std::string abbreviate(const std::string& s)
{
  return clip(s, 40);
}

void wrong_type(const Node& node, Diagnostics& diags, std::string_view what, std::string_view expected)
{
  diags.error(node.mark, "field.type", fmt::format("{} must be {}, not {}", what, expected, node.describe()));
}

} // namespace

Fields::Fields(const Node* node, Diagnostics& diags, std::span<const Field> table, std::string_view what,
               Mark where)
  : m_diags(diags), m_mark(node ? node->mark : where), m_what(what), m_table(table)
{
  if (observer != nullptr) {
    observer(node, table);
  }
  if (node == nullptr) {
    return;
  }
  if (!node->is_map()) {
    if (!node->is_null()) {
      wrong_type(*node, diags, what, "a mapping of `key: value` lines");
    }
    return;
  }
  m_node = node;
  std::vector<std::string_view> candidates;
  candidates.reserve(table.size());
  for (const auto& field : table) {
    candidates.push_back(field.key);
  }
  for (const auto& key : node->keys) {
    bool found = false;
    for (auto k : candidates) {
      if (k == key.name) {
        found = true;
        break;
      }
    }
    if (!found && diags.full("field.unknown")) {
      diags.error(key.mark, "field.unknown", {}); // counted only: no did-you-mean to compute
    } else if (!found) {
      // A key with spaces is most often the tail of a value cut at a comma inside `{...}`.
      const bool cut = key.name.find(' ') != std::string::npos && node->children.size() > 0;
      auto hint = suggest(key.name, candidates);
      diags.error(key.mark, "field.unknown",
                  fmt::format("unknown key `{}` in {}{}{}", abbreviate(key.name), what, hint.text,
                              cut ? ": if it belongs to the value before it, put that value in "
                                    "quotes (a comma ends a value inside `{...}`)"
                                  : ""),
                  std::move(hint.aside));
    }
  }
}

const Node* Fields::find(std::string_view key) const
{
  if (m_node == nullptr) {
    return nullptr;
  }
  const Node* value = m_node->get(key);
  return value != nullptr && !value->is_null() ? value : nullptr;
}

Mark Fields::mark_of(std::string_view key) const
{
  if (const Node* value = find(key)) {
    return value->mark;
  }
  if (m_node != nullptr) {
    if (const Key* k = m_node->key_of(key)) {
      return k->mark;
    }
  }
  return m_mark;
}

const Field* Fields::row(std::string_view key) const
{
  for (const auto& field : m_table) {
    if (field.key == key) {
      return &field;
    }
  }
  return nullptr;
}

const Need* Fields::need(std::string_view key) const
{
  const Field* field = row(key);
  return field != nullptr ? &field->need : nullptr;
}

const Need* Fields::begin_read(std::string_view key, As as, const Need* need) const
{
  if (read_observer != nullptr) {
    read_observer(m_table, key, as);
  }
  if (need != nullptr) {
    return need;
  }
  const Field* field = row(key);
  const bool required =
    field != nullptr && (field->req == Req::yes || field->req == Req::nonempty || field->req == Req::finding);
  return required ? &field->need : nullptr;
}

std::size_t Fields::min_items(std::string_view key, std::size_t given) const
{
  const Field* field = row(key);
  return field != nullptr && field->req == Req::nonempty && given < 1 ? 1 : given;
}

void Fields::missing(std::string_view key, const Need* need)
{
  if (need == nullptr) { // called by a reader for a field it reads itself (As::any)
    const Field* field = row(key);
    need = field != nullptr && field->req != Req::no && field->req != Req::when ? &field->need : nullptr;
  }
  if (need == nullptr || m_node == nullptr) {
    return;
  }
  // Point at an empty `key:` when it is there, else at the mapping.
  Mark mark = m_mark;
  if (const Key* k = m_node->key_of(key)) {
    mark = k->mark;
  }
  std::string message = fmt::format("{} has no `{}`", m_what, key);
  if (!need->hint.empty()) {
    message += fmt::format(": add {}", need->hint);
  }
  m_diags.error(mark, need->rule, std::move(message));
}

std::optional<std::string> Fields::text(std::string_view key, const Need* need)
{
  need = begin_read(key, As::text, need);
  const Node* value = find(key);
  if (value == nullptr) {
    missing(key, need);
    return std::nullopt;
  }
  auto result = read_text(*value, m_diags, fmt::format("`{}`", key));
  if (result && result->empty() && need != nullptr) {
    missing(key, need);
    return std::nullopt;
  }
  return result;
}

std::optional<calendar::Date> Fields::date(std::string_view key, const Need* need)
{
  return read(key, As::date, need, &read_date);
}

std::optional<calendar::Duration> Fields::duration(std::string_view key, const Need* need)
{
  return read(key, As::duration, need, &read_duration);
}

std::optional<bool> Fields::boolean(std::string_view key, const Need* need)
{
  need = begin_read(key, As::boolean, need);
  const Node* value = find(key);
  if (value == nullptr) {
    missing(key, need);
    return std::nullopt;
  }
  if (!is_plain_bool(*value)) {
    wrong_type(*value, m_diags, fmt::format("`{}`", key), "true or false");
    return std::nullopt;
  }
  return value->text[0] == 't' || value->text[0] == 'T';
}

std::optional<std::int64_t> Fields::integer(std::string_view key, std::int64_t lo, std::int64_t hi,
                                            const Need* need)
{
  need = begin_read(key, As::integer, need);
  const Node* value = find(key);
  if (value == nullptr) {
    missing(key, need);
    return std::nullopt;
  }
  const auto& t = value->text;
  bool digits = value->is_scalar() && !value->quoted && !t.empty() && t.size() <= 12;
  std::int64_t n = 0;
  for (std::size_t i = 0; digits && i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') {
      digits = false;
    } else {
      n = n * 10 + (t[i] - '0');
    }
  }
  if (!digits && value->is_scalar()) {
    // 1e400, -0, 0x10, 3.5, "12": a count is plain digits.
    m_diags.error(value->mark, "field.type",
                  fmt::format("`{}` must be a whole number written in digits, e.g. 11, not `{}`", key,
                              utf8_prefix(t, 40)));
    return std::nullopt;
  }
  if (!digits) {
    wrong_type(*value, m_diags, fmt::format("`{}`", key), "a whole number");
    return std::nullopt;
  }
  if (n < lo || n > hi) {
    m_diags.error(value->mark, "field.range",
                  fmt::format("`{}` is {}: write a whole number from {} to {}", key, n, lo, hi));
    return std::nullopt;
  }
  return n;
}

std::optional<Hundredths> Fields::rate(std::string_view key, const Need* need)
{
  return read(key, As::rate, need, &read_rate);
}

std::optional<std::string> Fields::choice(std::string_view key, const std::vector<std::string_view>& options,
                                          const Need* need)
{
  need = begin_read(key, As::choice, need);
  const Node* value = find(key);
  if (value == nullptr) {
    missing(key, need);
    return std::nullopt;
  }
  auto text = read_text(*value, m_diags, fmt::format("`{}`", key));
  if (!text) {
    return std::nullopt;
  }
  for (auto option : options) {
    if (option == *text) {
      return text;
    }
  }
  std::string list;
  for (std::size_t i = 0; i < options.size(); ++i) {
    list += (i == 0 ? "" : (i + 1 == options.size() ? " or " : ", "));
    list += options[i];
  }
  auto hint = suggest(*text, options);
  m_diags.error(value->mark, "field.choice",
                fmt::format("`{}` is `{}`: write {}{}", key, abbreviate(*text), list, hint.text),
                std::move(hint.aside));
  return std::nullopt;
}

const Node* Fields::list(std::string_view key, const Need* need, std::size_t min_items)
{
  need = begin_read(key, As::list, need);
  min_items = this->min_items(key, min_items);
  const Node* value = find(key);
  if (value == nullptr) {
    missing(key, need);
    return nullptr;
  }
  if (!value->is_sequence()) {
    wrong_type(*value, m_diags, fmt::format("`{}`", key), "a list (lines starting with `- `)");
    return nullptr;
  }
  if (value->children.size() < min_items) {
    std::string message = fmt::format("`{}` is empty", key);
    if (need != nullptr && !need->hint.empty()) {
      message += fmt::format(": add {}", need->hint);
    }
    m_diags.error(value->mark, need != nullptr ? need->rule : "field.required", message);
    return nullptr;
  }
  return value;
}

std::vector<std::string> Fields::texts(std::string_view key, const Need* need, std::size_t min_items)
{
  need = begin_read(key, As::texts, need);
  min_items = this->min_items(key, min_items);
  const Node* value = find(key);
  if (value != nullptr && value->is_scalar()) {
    auto one = text(key, need);
    if (one && one->empty() && min_items > 0) {
      m_diags.error(
        value->mark, need != nullptr ? need->rule : "field.required",
        fmt::format("`{}` is empty{}", key,
                    need != nullptr && !need->hint.empty() ? ": add " + std::string(need->hint) : ""));
      return {};
    }
    return one ? std::vector<std::string>{std::move(*one)} : std::vector<std::string>{};
  }
  const Node* node = list(key, need, min_items);
  return node != nullptr ? read_text_list(*node, m_diags, fmt::format("`{}`", key))
                         : std::vector<std::string>{};
}

const Node* Fields::map(std::string_view key, const Need* need)
{
  need = begin_read(key, As::map, need);
  const Node* value = find(key);
  if (value == nullptr) {
    missing(key, need);
    return nullptr;
  }
  if (!value->is_map()) {
    wrong_type(*value, m_diags, fmt::format("`{}`", key), "a mapping of `key: value` lines");
    return nullptr;
  }
  return value;
}

std::optional<std::string> read_text(const Node& node, Diagnostics& diags, std::string_view what)
{
  if (!node.is_scalar()) {
    wrong_type(node, diags, what, "text");
    return std::nullopt;
  }
  if (is_plain_bool(node) || is_plain_number(node)) {
    diags.error(node.mark, "field.type",
                fmt::format("{} must be text, but YAML reads `{}` as {}: put it in quotes "
                            "(\"{}\")",
                            what, abbreviate(node.text), node.describe(), abbreviate(node.text)));
    return std::nullopt;
  }
  return node.text;
}

std::optional<calendar::Date> read_date(const Node& node, Diagnostics& diags, std::string_view what)
{
  if (!node.is_scalar()) {
    wrong_type(node, diags, what, "a date (YYYY-MM-DD)");
    return std::nullopt;
  }
  auto parsed = calendar::parse_date(node.text);
  if (!parsed.date) {
    diags.error(node.mark, "field.date", fmt::format("{}: {}", what, parsed.error));
  }
  return parsed.date;
}

std::optional<calendar::Duration> read_duration(const Node& node, Diagnostics& diags, std::string_view what)
{
  if (!node.is_scalar()) {
    wrong_type(node, diags, what, "a duration such as 30d or 10bd");
    return std::nullopt;
  }
  auto parsed = calendar::parse_duration(node.text);
  if (!parsed.duration) {
    diags.error(node.mark, "field.duration", fmt::format("{}: {}", what, parsed.error));
  }
  return parsed.duration;
}

std::optional<Hundredths> read_rate(const Node& node, Diagnostics& diags, std::string_view what)
{
  if (!node.is_scalar()) {
    wrong_type(node, diags, what, "a rate such as 71.43%");
    return std::nullopt;
  }
  auto parsed = parse_rate(node.text);
  if (!parsed.rate) {
    diags.error(node.mark, "field.rate", fmt::format("{}: {}", what, parsed.error));
  }
  return parsed.rate;
}

std::vector<std::string> read_text_list(const Node& node, Diagnostics& diags, std::string_view what)
{
  std::vector<std::string> out;
  if (!node.is_sequence()) {
    wrong_type(node, diags, what, "a list");
    return out;
  }
  for (const auto& item : node.children) {
    if (auto t = read_text(item, diags, fmt::format("an item of {}", what))) {
      out.push_back(*t);
    }
  }
  return out;
}

} // namespace qicase::yaml
