#include <doctest/doctest.h>

#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/number.hpp>
#include <qicase/core/sink.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

using namespace qicase;

TEST_CASE("hundredths are exact")
{
  CHECK(parse_hundredths("71.43") == 7143);
  CHECK(parse_hundredths("80") == 8000);
  CHECK(parse_hundredths("80.5") == 8050);
  CHECK(parse_hundredths("0.01") == 1);
  CHECK(parse_hundredths("-0.05") == -5);
  CHECK_FALSE(parse_hundredths("89.999"));
  CHECK_FALSE(parse_hundredths("1.2.3"));
  CHECK_FALSE(parse_hundredths(".5"));
  CHECK_FALSE(parse_hundredths("5."));
  CHECK_FALSE(parse_hundredths(""));
  CHECK(format_hundredths(7143) == "71.43");
  CHECK(format_hundredths(5) == "0.05");
  CHECK(format_hundredths(-5) == "-0.05");
  CHECK(format_hundredths(10000) == "100.00");
}

TEST_CASE("rates: percent or a bare number from 0 to 100")
{
  CHECK(parse_rate("71.43%").rate == 7143);
  CHECK(parse_rate("80").rate == 8000);
  CHECK(parse_rate("100%").rate == 10000);
  CHECK(parse_rate("0%").rate == 0);
  CHECK_FALSE(parse_rate("100.01%").rate);
  CHECK_FALSE(parse_rate("-1%").rate);
  CHECK_FALSE(parse_rate("high").rate);
}

TEST_CASE("did you mean")
{
  CHECK(closest("isuer", {"issuer", "issued", "id"}) == "issuer");
  CHECK(closest("zzzzzz", {"issuer", "issued"}).empty());
  CHECK(did_you_mean("notic", {"notice", "qcar"}) == " (did you mean `notice`?)");
  CHECK(closest("safety", {"safety-risk"}) == "safety-risk"); // a word that starts another
  CHECK(closest("ISSUER", {"issued", "issuer"}) == "issuer"); // case folded; the closest wins
  // Certain only with one close candidate: an editor may write it for the user.
  CHECK(certain_match("notic", {"notice", "qcar"}) == "notice");
  CHECK(certain_match("isuer", {"issuer", "issued", "id"}).empty()); // "issued" is close too
  CHECK(certain_match("zzzzzz", {"issuer"}).empty());
  const auto hint = suggest("F2", {"F1"});
  CHECK(hint.text == " (did you mean `F1`?)");
  CHECK(hint.aside.fix == "F1");
  CHECK(suggest("F3", {"F1", "F2"}).aside.fix.empty());
  CHECK(suggest("F3", {"F1", "F2"}).text == " (did you mean `F1`?)");
}

namespace {
// The whole table, for comparing the banded search with.
std::size_t full_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1]))
                        == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
// What closest() answered before it searched a band: every candidate's whole table.
std::string closest_by_table(std::string_view word, const std::vector<std::string_view>& candidates)
{
  std::string best;
  std::size_t best_distance = 0;
  for (auto candidate : candidates) {
    auto d = full_distance(word, candidate);
    if (word.size() >= 3 && candidate.size() > word.size() && candidate.substr(0, word.size()) == word) {
      d = 1;
    }
    const std::size_t limit = std::max<std::size_t>(1, std::max(word.size(), candidate.size()) / 3);
    if (d <= limit && (best.empty() || d < best_distance)) {
      best = std::string(candidate);
      best_distance = d;
    }
  }
  return best;
}
} // namespace

TEST_CASE("did you mean: the banded search gives what the whole table gives")
{
  // Words from a small alphabet, so that many are near each other.
  std::uint32_t state = 12345;
  const auto next = [&] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7FFF;
  };
  const auto word = [&] {
    std::string w(3 + next() % 14, 'a');
    for (auto& c : w) {
      c = static_cast<char>("abcAB-"[next() % 6]);
    }
    return w;
  };
  std::vector<std::string> pool;
  for (int i = 0; i < 300; ++i) {
    pool.push_back(word());
  }
  const std::vector<std::string_view> names(pool.begin(), pool.end());
  for (int i = 0; i < 300; ++i) {
    const auto w = word();
    CAPTURE(w);
    CHECK(closest(w, names) == closest_by_table(w, names));
  }
}

TEST_CASE("diagnostics: status and order")
{
  Diagnostics d("x.yaml");
  CHECK(d.status(false) == Status::ok);
  d.warning({3, 1}, "w", "later");
  CHECK(d.status(false) == Status::ok);
  CHECK(d.status(true) == Status::invalid);
  d.error({1, 5}, "e", "first");
  CHECK(d.status(false) == Status::invalid);
  d.sort();
  CHECK(d.items()[0].message == "first");
  d.set_unusable();
  CHECK(d.status(false) == Status::unusable);
}

TEST_CASE("diagnostics: at most 100 of a rule are kept, every one is counted")
{
  Diagnostics d("x.yaml");
  for (int i = 0; i < 1000; ++i) {
    CHECK(!d.full("field.unknown") == (i < 100));
    d.error({i + 1, 1}, "field.unknown", "unknown key");
  }
  d.warning({5, 1}, "other", "kept");
  CHECK(d.items().size() == 102); // 100, one "more" line, the other rule
  CHECK(d.count(Severity::error) == 1000);
  CHECK(d.count(Severity::warning) == 1);
  d.sort();
  const auto& more = d.items()[101]; // at line 101, where the first unlisted one was
  CHECK(more.rule == "field.unknown");
  CHECK(more.message.starts_with("900 more `field.unknown` problems"));
  // Appended elsewhere, the "more" line still stands for the 900, and keeps counting after sort.
  Diagnostics all("x.yaml");
  all.append(d);
  CHECK(all.count(Severity::error) == 1000);
  d.error({2000, 1}, "field.unknown", "one more");
  CHECK(d.items().size() == 102);
  CHECK(d.count(Severity::error) == 1001);
  CHECK(d.items()[101].message.starts_with("901 more"));
}

TEST_CASE("json: ordered keys, escaping, raw numbers")
{
  json::Value v = json::Value::object();
  v.set("b", 1);
  v.set("a", "x\"y\n");
  v.set("n", json::Value());
  v.set("r", json::Value::raw_number("71.43"));
  json::Value arr = json::Value::array();
  arr.push(true);
  v.set("list", std::move(arr));
  CHECK(v.dump() == R"({"b":1,"a":"x\"y\n","n":null,"r":71.43,"list":[true]})");
  CHECK(json::quote(std::string("\x01", 1)) == "\"\\u0001\"");
  CHECK(json::quote("\x7f") == "\"\\u007f\"");
}

TEST_CASE("json: a generated array is written as the same array built whole")
{
  const auto item = [](std::size_t i) {
    json::Value o = json::Value::object();
    o.set("n", static_cast<long>(i));
    o.set("s", "x\"y\n");
    o.set("inner", json::strings({"a", "b"}));
    return o;
  };
  json::Value built = json::Value::object();
  json::Value list = json::Value::array();
  for (std::size_t i = 0; i < 3; ++i) {
    list.push(item(i));
  }
  built.set("list", std::move(list));
  built.set("none", json::Value::array());
  json::Value made = json::Value::object();
  std::size_t calls = 0;
  made.set("list", json::Value::generated(3, [&](std::size_t i) {
             ++calls;
             return item(i);
           }));
  made.set("none", json::Value::generated(0, [&](std::size_t i) { return item(i); }));
  CHECK(made.dump(2) == built.dump(2));
  CHECK(made.dump() == built.dump());
  CHECK(calls == 6); // each item made anew each time it is written, never kept
}

TEST_CASE("json: a value kept as its text is written as the value itself, at any depth")
{
  // Strings holding what the writer breaks lines at, escapes, empty containers, nesting.
  json::Value v = json::Value::object();
  v.set("text", "a{b}[c],d:e\"f\\");
  v.set("quote", "\\\"{");
  v.set("empty_object", json::Value::object());
  v.set("empty_array", json::Value::array());
  v.set("empty_text", "");
  v.set("raw", json::Value::raw_number("71.43"));
  json::Value list = json::Value::array();
  list.push(json::Value());
  list.push(false);
  json::Value inner = json::Value::object();
  inner.set("k:", json::strings({"[", "]", "", "\n"}));
  inner.set("{}", json::Value::array());
  list.push(std::move(inner));
  list.push(json::Value::array());
  v.set("list", std::move(list));
  const auto kept = json::Value::kept_as_text(v);
  CHECK(kept.dump() == v.dump());
  CHECK(kept.dump(2) == v.dump(2));
  CHECK(kept.dump(4) == v.dump(4));
  // Nested in a document, as a file's report is: the depth's indent on every line.
  const auto in_document = [](json::Value report) {
    json::Value entry = json::Value::object();
    entry.set("report", std::move(report));
    json::Value doc = json::Value::object();
    doc.set("files", json::Value(json::Value::Array{std::move(entry)}));
    return doc;
  };
  const auto doc = in_document(v);
  const auto doc_kept = in_document(kept);
  CHECK(doc_kept.dump(2) == doc.dump(2));
  CHECK(json::Value::kept_as_text(json::Value::object()).dump(2) == "{}");
  CHECK(json::Value::kept_as_text(json::Value("x")).dump(2) == "\"x\"");
  CHECK(json::Value::kept_as_text(json::Value()).dump(2) == "null");
}

TEST_CASE("Sink: a drained sink hands on each chunk as it fills, in order, and forgets it")
{
  std::string expected;
  std::string got;
  std::vector<std::size_t> sizes;
  {
    Sink sink([&](std::string_view chunk) {
      sizes.push_back(chunk.size());
      got.append(chunk);
    });
    CHECK(sink.empty());
    for (int i = 0; i < 20000; ++i) {
      sink.format("line {}\n", i);
      expected += "line " + std::to_string(i) + "\n";
      if (i == 10000) {
        CHECK_FALSE(sizes.empty()); // handed on before the end
        CHECK_FALSE(sink.empty());  // what was handed on still counts as written
      }
    }
    CHECK(got.size() < expected.size()); // the tail waits for the chunk to fill or the end
  }
  CHECK(got == expected);
  REQUIRE(sizes.size() >= 3);
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    CHECK(sizes[i] >= Sink::k_chunk);
    CHECK(sizes[i] < Sink::k_chunk + 16); // one write past the chunk, no more
  }
  // A write of a chunk or more is handed on as it is, after what was buffered before it.
  {
    std::vector<std::string> chunks;
    Sink sink([&](std::string_view chunk) { chunks.emplace_back(chunk); });
    sink += "head";
    const std::string big(3 * Sink::k_chunk, 'x');
    sink += big;
    sink += "tail";
    REQUIRE(chunks.size() == 2);
    CHECK(chunks[0] == "head");
    CHECK(chunks[1] == big);
    sink.flush();
    CHECK(chunks.back() == "tail");
  }
  // Without a drain, everything is kept for take().
  CHECK(collect([](Sink& out) {
          out += "a";
          out += 'b';
          out.append(2, 'c');
        })
        == "abcc");
}

TEST_CASE("percentages print as written")
{
  CHECK(format_percent(9200) == "92%");
  CHECK(format_percent(8950) == "89.5%");
  CHECK(format_percent(6405) == "64.05%");
  CHECK(format_percent(0) == "0%");
  CHECK(format_percent(10000) == "100%");
}
