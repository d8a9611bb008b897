// ARCHITECTURE.md's "may include" column, held to the code: every `#include <qicase/M/...>` of a
// file under lib/qicase/F/ names a module F may include, as the table says it. The table is read
// from the document itself, so changing the plan and changing the code go together.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read(const std::filesystem::path& p)
{
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

using Modules = std::set<std::string>;

// The table's rows for lib/qicase/: each module (a row may name several) and its "may include"
// cell as written.
std::map<std::string, std::string> rows(const std::string& doc, const Modules& modules)
{
  std::map<std::string, std::string> out;
  std::istringstream lines(doc);
  std::string line;
  const std::regex folder(R"(`lib/qicase/([a-z]+)/`)");
  while (std::getline(lines, line)) {
    if (!line.starts_with("| `lib/qicase/")) {
      continue;
    }
    const auto last_bar = line.rfind('|');
    const auto cell_start = line.rfind('|', last_bar - 1);
    const auto first_cell_end = line.find('|', 1);
    const std::string first = line.substr(1, first_cell_end - 1);
    const std::string cell = line.substr(cell_start + 1, last_bar - cell_start - 1);
    for (std::sregex_iterator it(first.begin(), first.end(), folder), end; it != end; ++it) {
      if (modules.count((*it)[1]) != 0) {
        out[(*it)[1]] = cell;
      }
    }
  }
  return out;
}

// What a cell allows, as module names: "X and below" is X and all X may include; "every kind
// module" is every module whose row says it is a case kind, and what they may include; other
// words naming a module (`notice/`, "core") name it; "nothing" and outside libraries name none.
Modules allowed(const std::string& module, const std::map<std::string, std::string>& table,
                const Modules& kinds, std::map<std::string, Modules>& memo, int depth = 0)
{
  if (auto it = memo.find(module); it != memo.end()) {
    return it->second;
  }
  REQUIRE_MESSAGE(depth < 32, "a cycle in ARCHITECTURE.md's may-include column at " << module);
  const auto row = table.find(module);
  REQUIRE_MESSAGE(row != table.end(), "ARCHITECTURE.md has no row for lib/qicase/" << module << "/");
  const std::string& cell = row->second;
  Modules out;
  const auto add_below = [&](const std::string& m) {
    out.insert(m);
    const auto below = allowed(m, table, kinds, memo, depth + 1);
    out.insert(below.begin(), below.end());
  };
  if (cell.find("every kind module") != std::string::npos) {
    for (const auto& k : kinds) {
      add_below(k);
    }
  }
  const std::regex word(R"([a-z]+)");
  const std::string text = cell.substr(0, cell.find("**never")); // "never another case kind"
  for (std::sregex_iterator it(text.begin(), text.end(), word), end; it != end; ++it) {
    const std::string w = (*it)[0];
    if (w == module || table.count(w) == 0) {
      continue;
    }
    const auto after = static_cast<std::size_t>(it->position() + it->length());
    if (text.compare(after, 10, " and below") == 0) {
      add_below(w);
    } else {
      out.insert(w);
    }
  }
  memo[module] = out;
  return out;
}

} // namespace

TEST_CASE("the includes of lib/ follow ARCHITECTURE.md's may-include column")
{
  const std::filesystem::path lib = QICASE_SOURCE_DIR "/lib/qicase";
  Modules modules;
  for (const auto& entry : std::filesystem::directory_iterator(lib)) {
    if (entry.is_directory()) {
      modules.insert(entry.path().filename().string());
    }
  }
  const auto table = rows(read(QICASE_SOURCE_DIR "/ARCHITECTURE.md"), modules);
  for (const auto& m : modules) {
    CHECK_MESSAGE(table.count(m) == 1, "lib/qicase/" << m << "/ has no row in ARCHITECTURE.md");
  }
  Modules kinds;
  for (const auto& [m, cell] : table) {
    if (cell.find("never another case kind") != std::string::npos) {
      kinds.insert(m);
    }
  }
  REQUIRE(kinds.size() == 5);

  std::map<std::string, Modules> memo;
  const std::regex include(R"(#include <qicase/([a-z]+)/)");
  std::size_t checked = 0;
  std::string broken;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(lib)) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") {
      continue;
    }
    const auto module = entry.path().lexically_relative(lib).begin()->string();
    if (table.count(module) == 0) {
      continue; // reported above
    }
    const auto may = allowed(module, table, kinds, memo);
    const auto text = read(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), include), end; it != end; ++it) {
      const std::string target = (*it)[1];
      ++checked;
      if (target != module && may.count(target) == 0) {
        broken += entry.path().lexically_relative(lib).string() + " includes " + target + "/; ";
      }
    }
  }
  CHECK(checked > 200);
  CHECK_MESSAGE(broken.empty(), "includes ARCHITECTURE.md does not allow: " << broken);
}

TEST_CASE("the may-include reading: a case kind may not include another, check may include them all")
{
  const std::map<std::string, std::string> table = {
    {"core", " the standard library, fmt "},
    {"workspace", " core "},
    {"reference", " workspace and below "},
    {"notice", " reference and below "},
    {"qcar", " reference and below, and `notice/`; **never another case kind** "},
    {"cap", " reference and below, and `notice/`; **never another case kind** "},
    {"check", " every kind module "},
  };
  const Modules kinds = {"qcar", "cap"};
  std::map<std::string, Modules> memo;
  CHECK(allowed("reference", table, kinds, memo) == Modules{"workspace", "core"});
  CHECK(allowed("qcar", table, kinds, memo) == Modules{"reference", "workspace", "core", "notice"});
  CHECK(allowed("check", table, kinds, memo)
        == Modules{"qcar", "cap", "reference", "workspace", "core", "notice"});
}
