#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include <qicase/yaml/fields.hpp>
#include <qicase/yaml/loader.hpp>

#include "helpers.hpp"

using namespace qicase;
using qicase::test::where;

namespace {

struct Parsed
{
  Diagnostics diags{"f.yaml"};
  std::optional<yaml::Node> root;
};

Parsed load(std::string_view text, const yaml::Limits& limits = {})
{
  Parsed p;
  p.root = yaml::parse(text, p.diags, limits);
  return p;
}

} // namespace

TEST_CASE("values keep 1-based lines and columns")
{
  auto p = load("kind: notice\nid: X\nrecipient:\n  name: Harbor\n");
  REQUIRE(p.root);
  CHECK(p.diags.items().empty());
  const auto* name = p.root->get("recipient")->get("name");
  REQUIRE(name);
  CHECK(name->mark.line == 4);
  CHECK(name->mark.column == 9);
  CHECK(p.root->keys[2].mark.line == 3);
  CHECK(p.root->keys[2].mark.column == 1);
}

TEST_CASE("a duplicate key is an error at the second, naming the first's line")
{
  auto p = load("kind: notice\nid: A\nissuer: X\nid: B\n");
  REQUIRE(p.root);
  REQUIRE(p.diags.items().size() == 1);
  const auto& d = p.diags.items()[0];
  CHECK(d.mark.line == 4);
  CHECK(d.mark.column == 1);
  CHECK(d.rule == "yaml.duplicate-key");
  CHECK(d.message
        == "duplicate key `id` (first at line 2): keep one and remove the other; the first is used");
  CHECK(p.root->get("id")->text == "A");
  CHECK_FALSE(p.diags.unusable()); // still YAML: exit 1, not 2
}

TEST_CASE("syntax errors are errors about the file (exit 1), with a position")
{
  auto p = load("kind: notice\nid: [unclosed\n");
  CHECK_FALSE(p.root);
  CHECK_FALSE(p.diags.unusable()); // a finding about the file (exit 1)
  CHECK(p.diags.has_errors());
  REQUIRE(p.diags.items().size() == 1);
  CHECK(p.diags.items()[0].rule == "yaml.syntax");
  CHECK(p.diags.items()[0].mark.line >= 2);
}

TEST_CASE("hostile input: nesting, aliases, size, binary, encoding, emptiness, several documents")
{
  SUBCASE("nesting deeper than the limit")
  {
    std::string deep(200, '[');
    deep += std::string(200, ']');
    auto p = load(deep);
    CHECK_FALSE(p.root);
    CHECK_FALSE(p.diags.unusable()); // a finding about the file (exit 1)
    CHECK(p.diags.has_errors());
    CHECK(where(p.diags) == std::vector<std::string>{"1:65 yaml.too-deep"});
  }
  SUBCASE("very deep block nesting does not crash")
  {
    std::string deep;
    for (int i = 0; i < 5000; ++i) {
      deep += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
    }
    auto p = load(deep);
    CHECK_FALSE(p.root);
    CHECK_FALSE(p.diags.unusable()); // a finding about the file (exit 1)
    CHECK(p.diags.has_errors());
  }
  SUBCASE("a billion laughs is stopped by the node budget")
  {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    std::string prev = "a";
    for (char c = 'b'; c <= 'k'; ++c) {
      text += fmt::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", c, c, prev, prev,
                          prev, prev, prev, prev, prev, prev, prev, prev);
      prev = std::string(1, c);
    }
    auto p = load(text);
    CHECK_FALSE(p.root);
    REQUIRE(p.diags.items().size() == 1);
    CHECK(p.diags.items()[0].rule == "yaml.too-large");
  }
  SUBCASE("small aliases are expanded")
  {
    auto p = load("base: &b {name: Dana}\ncopy: *b\n");
    REQUIRE(p.root);
    CHECK(p.root->get("copy")->get("name")->text == "Dana");
  }
  SUBCASE("over the size limit")
  {
    yaml::Limits limits;
    limits.max_bytes = 10;
    auto p = load("kind: notice\nid: X\n", limits);
    CHECK_FALSE(p.diags.unusable()); // a finding about the file (exit 1)
    CHECK(p.diags.has_errors());
    CHECK(p.diags.items()[0].rule == "file.too-large");
  }
  SUBCASE("binary")
  {
    auto p = load(std::string_view("kind: no\0tice\n", 14));
    CHECK(where(p.diags) == std::vector<std::string>{"1:9 file.binary"});
    CHECK_FALSE(p.diags.unusable()); // a finding about the file (exit 1)
    CHECK(p.diags.has_errors());
  }
  SUBCASE("not UTF-8")
  {
    auto p = load("kind: notice\nissuer: Caf\xe9\n");
    CHECK(where(p.diags) == std::vector<std::string>{"2:12 file.encoding"});
    CHECK(p.diags.items()[0].message == "byte 0xE9 is not UTF-8: save the file as UTF-8");
  }
  SUBCASE("UTF-8 text is fine")
  {
    auto p = load("goal: \"\xe2\x89\xa5 90% timely\"\n");
    CHECK(p.diags.items().empty());
  }
  SUBCASE("empty file")
  {
    auto p = load("");
    CHECK(where(p.diags) == std::vector<std::string>{"1:1 file.empty"});
    CHECK_FALSE(p.diags.unusable());
    auto c = load("# only a comment\n");
    CHECK(where(c.diags) == std::vector<std::string>{"1:1 file.empty"});
  }
  SUBCASE("several documents")
  {
    auto p = load("kind: notice\nid: A\n---\nkind: notice\nid: B\n");
    REQUIRE(p.root);
    CHECK(where(p.diags) == std::vector<std::string>{"3:1 yaml.multi-document"});
  }
  SUBCASE("a key that is not text")
  {
    auto p = load("[a, b]: x\n");
    CHECK(where(p.diags) == std::vector<std::string>{"1:1 yaml.key"});
  }
}

TEST_CASE("fields: unknown keys with did-you-mean, required, wrong types")
{
  auto p = load("kind: notice\nisuer: X\nissued: 2024-02-30\nwithin: 30\ncount: yes\nrate: 101%\n"
                "flag: maybe\nwhen: 2 weeks\nname: 2024\n");
  REQUIRE(p.root);
  Diagnostics& diags = p.diags;
  using yaml::As;
  using yaml::Req;
  static constexpr yaml::Field k_table[] = {
    {"kind", As::text},
    {"issuer", As::text, Req::yes, {"notice.issuer", "the organisation that issues the notice (4.9A B)"}},
    {"issued", As::date},
    {"within", As::duration},
    {"count", As::integer},
    {"rate", As::rate},
    {"flag", As::boolean},
    {"when", As::duration},
    {"name", As::text},
  };
  yaml::Fields f(&*p.root, diags, k_table, "the notice");
  CHECK_FALSE(f.text("issuer")); // required by its row
  CHECK_FALSE(f.date("issued"));
  CHECK_FALSE(f.duration("within"));
  CHECK_FALSE(f.integer("count", 0, 10));
  CHECK_FALSE(f.rate("rate"));
  CHECK_FALSE(f.boolean("flag"));
  CHECK_FALSE(f.duration("when"));
  CHECK_FALSE(f.text("name"));
  std::vector<std::string> messages;
  for (const auto& d : diags.items()) {
    messages.push_back(std::to_string(d.mark.line) + ":" + std::to_string(d.mark.column) + " " + d.message
                       + " [" + d.rule + "]");
  }
  CHECK(
    messages
    == std::vector<std::string>{
      "2:1 unknown key `isuer` in the notice (did you mean `issuer`?) [field.unknown]",
      "1:1 the notice has no `issuer`: add the organisation that issues the notice (4.9A B) [notice.issuer]",
      "3:9 `issued`: `2024-02-30` is an impossible date: February 2024 has 29 days [field.date]",
      "4:9 `within`: `30` is not a duration: write a whole number and a unit: 30d (days), 10bd (business "
      "days), 2w (weeks), 2bw (business weeks), 3mo (months) or 1y (years) [field.duration]",
      "5:8 `count` must be a whole number written in digits, e.g. 11, not `yes` [field.type]",
      "6:7 `rate`: `101%` is not a rate: a percentage is from 0 to 100 [field.rate]",
      "7:7 `flag` must be true or false, not text [field.type]",
      "8:7 `when`: `2 weeks` is not a duration: write a whole number and a unit: 30d (days), 10bd (business "
      "days), 2w (weeks), 2bw (business weeks), 3mo (months) or 1y (years) [field.duration]",
      "9:7 `name` must be text, but YAML reads `2024` as a number: put it in quotes (\"2024\") [field.type]",
    });
}

TEST_CASE("fields: choices, lists and mappings")
{
  auto p = load("type: membr\nitems: x\nmap: [1]\nempty: []\n");
  REQUIRE(p.root);
  using yaml::As;
  using yaml::Req;
  static constexpr yaml::Field k_table[] = {
    {"type", As::choice},
    {"items", As::list},
    {"map", As::map},
    {"empty", As::list, Req::nonempty, {"notice.findings", "at least one finding (4.9A B.1)"}},
  };
  yaml::Fields f(&*p.root, p.diags, k_table, "`recipient`");
  CHECK_FALSE(f.choice("type", {"member", "provider"}));
  CHECK_FALSE(f.list("items"));
  CHECK_FALSE(f.map("map"));
  CHECK_FALSE(f.list("empty")); // Req::nonempty: an empty list is missing
  std::vector<std::string> messages;
  for (const auto& d : p.diags.items()) {
    messages.push_back(d.message);
  }
  CHECK(messages
        == std::vector<std::string>{
          "`type` is `membr`: write member or provider (did you mean `member`?)",
          "`items` must be a list (lines starting with `- `), not text",
          "`map` must be a mapping of `key: value` lines, not a list",
          "`empty` is empty: add at least one finding (4.9A B.1)",
        });
}

TEST_CASE("fields: one text where a list of texts is expected is a one-item list")
{
  auto p = load("one: Opened two evening clinics\nmany: [a, b]\nblank: \"\"\nmap: {a: 1}\nmaps: [{a: 1}]\n");
  REQUIRE(p.root);
  using yaml::As;
  using yaml::Req;
  static constexpr yaml::Need k_owners{"actionplan.owners", "who carries out the plan"};
  static constexpr yaml::Field k_table[] = {
    {"one", As::texts}, {"many", As::texts}, {"blank", As::texts, Req::when, k_owners},
    {"map", As::texts}, {"maps", As::texts}, {"absent", As::texts},
  };
  yaml::Fields f(&*p.root, p.diags, k_table, "the stage");
  CHECK(f.texts("one") == std::vector<std::string>{"Opened two evening clinics"});
  CHECK(f.texts("many") == std::vector<std::string>{"a", "b"});
  CHECK(f.texts("absent").empty());
  CHECK(f.texts("blank", f.need("blank"), 1).empty()); // Req::when: required here
  CHECK(f.texts("map").empty());
  CHECK(f.texts("maps").empty());
  std::vector<std::string> rules;
  for (const auto& d : p.diags.items()) {
    rules.push_back(d.rule);
  }
  // Only the blank required text and the mappings are problems; a lone text is not.
  CHECK(rules == std::vector<std::string>{"actionplan.owners", "field.type", "field.type"});
}

TEST_CASE("fields: each item of a list read as a mapping with its own table")
{
  auto p = load("items:\n  - {id: A, n: 1}\n  - {idd: B}\n  - x\n");
  REQUIRE(p.root);
  using yaml::As;
  using yaml::Req;
  static constexpr yaml::Field k_top[] = {
    {"items", As::list, Req::nonempty, {"x.items", "at least one item"}}};
  static constexpr yaml::Field k_item[] = {{"id", As::text, Req::yes, {"x.id", "the item's id"}},
                                           {"n", As::integer}};
  yaml::Fields top(&*p.root, p.diags, k_top, "the file");
  std::vector<std::string> ids;
  std::vector<std::size_t> seen;
  top.each(
    "items", k_item, [](std::size_t i) { return fmt::format("item {}", i + 1); },
    [&](yaml::Fields& item, std::size_t i) {
      seen.push_back(i);
      if (auto id = item.text("id")) {
        ids.push_back(*id);
      }
    });
  CHECK(seen == std::vector<std::size_t>{0, 1}); // item 3 is not a mapping: reported, skipped
  CHECK(ids == std::vector<std::string>{"A"});
  std::vector<std::string> messages;
  for (const auto& d : p.diags.items()) {
    messages.push_back(d.message + " [" + d.rule + "]");
  }
  CHECK(messages
        == std::vector<std::string>{
          "unknown key `idd` in item 2 (did you mean `id`?) [field.unknown]",
          "item 2 has no `id`: add the item's id [x.id]",
          "item 3 must be a mapping of `key: value` lines, not text [field.type]",
        });
}

TEST_CASE("YAML 1.2 scalars: what is a number or a boolean")
{
  auto p = load("a: 12\nb: \"12\"\nc: 1.5\nd: yes\ne: true\nf: 2024-03-04\ng: ~\nh: 1e3\n");
  REQUIRE(p.root);
  CHECK(yaml::is_plain_number(*p.root->get("a")));
  CHECK_FALSE(yaml::is_plain_number(*p.root->get("b")));
  CHECK(yaml::is_plain_number(*p.root->get("c")));
  CHECK_FALSE(yaml::is_plain_bool(*p.root->get("d"))); // YAML 1.2: `yes` is text
  CHECK(yaml::is_plain_bool(*p.root->get("e")));
  CHECK_FALSE(yaml::is_plain_number(*p.root->get("f"))); // dates stay text
  CHECK(p.root->get("g")->is_null());
  CHECK(yaml::is_plain_number(*p.root->get("h")));
}

TEST_CASE("line endings: a lone CR breaks a line as LF and CRLF do; UTF-16 is named")
{
  for (std::string_view eol : {"\n", "\r\n", "\r"}) {
    CAPTURE(eol.size());
    std::string text = "kind: notice\nid: N-1\nissuer: X\n";
    std::string converted;
    for (char c : text) {
      converted += c == '\n' ? std::string(eol) : std::string(1, c);
    }
    auto p = load(converted);
    REQUIRE(p.root);
    CHECK(p.diags.items().empty());
    CHECK(p.root->get("issuer")->mark.line == 3);
  }
  auto utf16 = load(std::string_view("\xFF\xFEk\0i\0", 6));
  CHECK_FALSE(utf16.root);
  CHECK_FALSE(utf16.diags.unusable());
  CHECK(utf16.diags.has_errors());
  REQUIRE(utf16.diags.items().size() == 1);
  CHECK(utf16.diags.items()[0].rule == "file.encoding");
}

TEST_CASE("loader: the packed form is about the file's size and keeps text, quoting and positions")
{
  const char* const texts[] = {
    "kind: notice\nid: NNC-1\n",
    "a: &x {name: Dana, tags: [1, 'two', \"thr\\u00e9e\"]}\nb: *x\nc: ~\nd: |\n  block\n  text\n"
    "e: []\nf: {}\ng: ''\nh: [[[deep]]]\n",
    "- 1\n- - 2\n  - {k: v}\n- null\n",
    "plain text only\n",
  };
  for (const char* text : texts) {
    const std::string shown = text;
    CAPTURE(shown);
    Diagnostics diags("f.yaml");
    auto packed = yaml::parse_packed(text, diags);
    REQUIRE(packed);
    CHECK(packed->bytes.size() < std::string_view(text).size() * 2);
  }
  auto p = load(texts[1]);
  REQUIRE(p.root);
  CHECK(p.root->get("b")->get("tags")->children[2].text == "thr\u00e9e");
  CHECK(p.root->get("b")->get("tags")->children[1].quoted);
  CHECK_FALSE(p.root->get("b")->get("tags")->children[0].quoted);
  CHECK(p.root->get("b")->mark.line == 2);
  CHECK(p.root->get("b")->mark.column == 4);
  CHECK(p.root->get("c")->is_null());
  CHECK(p.root->get("d")->text == "block\ntext\n");
  CHECK(p.root->get("d")->quoted);
  CHECK(p.root->get("f")->is_map());
  CHECK(p.root->get("f")->children.empty());
  CHECK(p.root->get("g")->is_scalar());
  CHECK(p.root->get("h")->children[0].children[0].children[0].text == "deep");

  // Positions past one LEB128 byte (line 200, column 150) survive too.
  std::string wide = std::string(199, '\n') + "k: " + std::string(146, ' ') + "[v]\n";
  auto w = load(wide);
  REQUIRE(w.root);
  const auto* v = w.root->get("k");
  REQUIRE(v != nullptr);
  CHECK(v->mark.line == 200);
  CHECK(v->mark.column == 150);
  CHECK(v->children[0].mark.column == 151);
  CHECK(w.root->keys[0].mark.line == 200);
}

namespace {

// What parse_packed() keeps of the top level: the root, its scalar values, its other values
// empty of their type.
yaml::Node shallow(const yaml::Node& root)
{
  yaml::Node top;
  top.type = root.type;
  top.quoted = root.quoted;
  top.mark = root.mark;
  top.text = root.text;
  if (root.is_map()) {
    top.keys = root.keys;
    for (const auto& child : root.children) {
      yaml::Node c;
      c.type = child.type;
      c.quoted = child.quoted;
      c.mark = child.mark;
      c.text = child.text;
      top.children.push_back(std::move(c));
    }
  }
  return top;
}

// parse_packed() keeps the top level of the tree it packs (what a document's header and
// fields read while the file stays packed).
// Returns whether it parsed, which must agree with parse() on the same text: a packed parse
// that always failed would otherwise pass every check here.
bool top_is_kept(std::string_view text, const yaml::Limits& limits = {})
{
  CAPTURE(text);
  Diagnostics diags("f.yaml");
  auto packed = yaml::parse_packed(text, diags, limits);
  Diagnostics tree_diags("f.yaml");
  CHECK(packed.has_value() == yaml::parse(text, tree_diags, limits).has_value());
  if (packed) {
    CHECK(packed->top == shallow(yaml::unpack(packed->bytes)));
  }
  return packed.has_value();
}

} // namespace

TEST_CASE("loader: the packed parse keeps the top level of the tree it packs")
{
  const char* const texts[] = {
    "kind: notice\nid: NNC-1\nfindings:\n  - {id: F1, due: 2024-01-02}\n  - id: F2\n",
    "a: 1\nb: 2\na: 3\nc: {x: 1, x: [2]}\n",                              // duplicate keys
    "? [a, b]\n: 1\n? {k: v}\n: {n: 1}\nok: yes\n",                       // keys that are not text
    "~: 1\nnull: 2\n'': 3\n",                                             // null and empty keys
    "a: &x {name: Dana, tags: [1, 'two']}\nb: *x\n*x : 3\nc: [*x, *x]\n", // aliases, one as a key
    "&k key: 1\nother: *k\n",                                             // an anchored key copied
    "a: &y [1, 2]\na: &z 3\nb: *y\nc: *z\n",                              // anchors on dropped values
    "? &c [1]\n: 2\nd: *c\n",                                             // anchored key container
    "- 1\n- - 2\n  - {k: v}\n- null\n- ~\n- ''\n",
    "just text\n",
    "'quoted'\n",
    "~\n",
    "",
    "# only a comment\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: *nope\n",
    "a: |\n  block\n  text\nb: >-\n  folded\n  text\n",
    "a:\nb:\n  c:\n",
  };
  // Those that are no usable YAML (empty, a comment, a null document, a syntax error, an
  // unknown alias); the rest must parse.
  const std::set<std::string_view> failing = {"", "# only a comment\n", "~\n", "a: [1, 2\n", "a: *nope\n"};
  for (const char* text : texts) {
    const std::string shown = text;
    CAPTURE(shown);
    CHECK(top_is_kept(text) == (failing.count(text) == 0));
  }
  yaml::Limits tight;
  tight.max_depth = 3;
  tight.max_nodes = 10;
  CHECK_FALSE(top_is_kept("a: [[[[1]]]]\n", tight));
  CHECK_FALSE(top_is_kept("a: &x [1, 2, 3, 4]\nb: [*x, *x, *x]\n", tight));
  CHECK(top_is_kept("a: [[1]]\n", tight));

  for (const auto& folder : {"/examples", "/tests/hostile/files", "/tests/fuzz/corpus/kinds"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(QICASE_SOURCE_DIR + std::string(folder))) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        const bool parsed = top_is_kept(text.str());
        if (entry.path().string().find("/examples/") != std::string::npos
            && entry.path().filename().string()[0] != '.') { // .qicase.yaml: comments only
          CHECK(parsed);                                     // every example is usable YAML
        }
      }
    }
  }
}

TEST_CASE("loader: anchors on keys and on dropped values still serve their aliases")
{
  auto p = load("? &c [1]\n: 2\nd: *c\n&k key: 1\nother: *k\na: &y [1, 2]\na: &z 3\nc: *z\n");
  REQUIRE(p.root);
  CHECK(where(p.diags) == std::vector<std::string>{"1:3 yaml.key", "7:1 yaml.duplicate-key"});
  CHECK(p.root->keys.size() == 5); // d, key, other, a, c
  CHECK(p.root->get("d")->children.size() == 1);
  CHECK(p.root->get("other")->text == "key");
  CHECK(p.root->get("a")->children.size() == 2); // the first `a` is kept
  CHECK(p.root->get("c")->text == "3");
  CHECK(p.root->get("c")->mark.line == 8);

  auto q = load("a: &x {n: 1}\n*x : 3\nb: ok\n");
  REQUIRE(q.root);
  CHECK(where(q.diags) == std::vector<std::string>{"2:1 yaml.key"});
  CHECK(q.root->keys.size() == 2);
}
