// The rule catalogue (what SARIF's tool.driver.rules lists) against the source: every rule id
// a diagnostic can name is listed, and nothing listed is never used.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <qicase/core/rules.hpp>

using namespace qicase;

TEST_CASE("the rule catalogue lists exactly the rule ids of the source, each with its text")
{
  // Rule ids are string literals "family.name" of these families (qicase-files(5), RULES).
  const std::regex literal(
    R"re("((?:actionplan|audit|calendar|cap|config|cquic|date|delegate|evidence|field|file|kind|notice|policy|program|qcar|ref|rubric|workplan|yaml)\.[a-z0-9-]+)")re");
  std::set<std::string> used;
  for (const char* folder : {QICASE_SOURCE_DIR "/lib", QICASE_SOURCE_DIR "/cli"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp") {
        continue;
      }
      if (entry.path().filename() == "rules.cpp") {
        continue; // the catalogue itself
      }
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      for (std::sregex_iterator it(s.begin(), s.end(), literal), end; it != end; ++it) {
        used.insert((*it)[1]);
      }
    }
  }
  REQUIRE(used.size() > 100);
  std::set<std::string> listed;
  std::string previous;
  for (const auto& rule : rules()) {
    CAPTURE(rule.id);
    CHECK(std::string(rule.id) > previous); // sorted, each once: results index into it
    previous = std::string(rule.id);
    CHECK_FALSE(rule.text.empty());
    CHECK(rule.text.back() == '.');
    CHECK_FALSE(rule.page.empty());
    listed.insert(std::string(rule.id));
  }
  for (const auto& id : used) {
    CAPTURE(id);
    CHECK(listed.count(id) == 1);
  }
  for (const auto& id : listed) {
    CAPTURE(id);
    CHECK(used.count(id) == 1);
  }
  CHECK(find_rule("qcar.extension-late")->clause == "4.9A D.3");
  CHECK(find_rule("no.such-rule") == nullptr);
}

TEST_CASE("every rule is described by its full id in the man page its row names")
{
  // "qicase-qcar(1)" is man/qicase-qcar.1: a user who meets [qcar.due-late] finds it there.
  std::string missing;
  for (const auto& rule : rules()) {
    const std::string page(rule.page);
    const auto open = page.find('(');
    REQUIRE(open != std::string::npos);
    const auto file = std::string(QICASE_SOURCE_DIR "/man/") + page.substr(0, open) + "."
                      + page.substr(open + 1, page.size() - open - 2);
    std::ifstream in(file);
    REQUIRE_MESSAGE(in.good(), file);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find(std::string(rule.id)) == std::string::npos) {
      missing += std::string(rule.id) + " (" + page + ") ";
    }
  }
  CHECK_MESSAGE(missing.empty(), "not described in their man page: " << missing);
}
