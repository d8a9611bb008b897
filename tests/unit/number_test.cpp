#include <doctest/doctest.h>

#include <qicase/core/diagnostics.hpp>
#include <qicase/core/json.hpp>
#include <qicase/core/number.hpp>

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

TEST_CASE("percentages print as written")
{
  CHECK(format_percent(9200) == "92%");
  CHECK(format_percent(8950) == "89.5%");
  CHECK(format_percent(6405) == "64.05%");
  CHECK(format_percent(0) == "0%");
  CHECK(format_percent(10000) == "100%");
}
