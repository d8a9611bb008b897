// Finding case files: the folder walk of `check PATH`, and the workspace's search of a file's
// folder for the files it names that were not given (spec "Case files").
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <qicase/check/run.hpp>
#include <qicase/core/file.hpp>

#include "helpers.hpp"

using namespace qicase;
namespace fs = std::filesystem;

namespace {

// A repository of its own: references resolve up to its root.
struct Repository : test::TempFolder
{
  Repository() { write(".qicase.yaml", "# the repository root: references resolve up to here\n"); }
};

const char* const k_qcar = R"(kind: qcar
id: QCAR-1
notice: NNC-1
submitted: 2024-03-15
)";

std::vector<std::string> paths(const std::vector<const Document*>& docs)
{
  std::vector<std::string> out;
  for (const auto* doc : docs) {
    out.push_back(doc->path);
  }
  return out;
}

} // namespace

TEST_CASE("walk: a folder's case files, sorted bytewise; hidden entries and linked folders left out")
{
  Repository t;
  for (const char* name : {"b.yaml", "a.yml", "Z.yaml", "notes.txt", ".hidden.yaml", ".git/x.yaml",
                           "sub/c.yaml", "sub/.hidden/y.yaml", "dir.yaml/d.yaml"}) {
    t.write(name, "kind: notice\n");
  }
  fs::create_symlink(t.root() / "sub" / "c.yaml", t.root() / "link.yaml"); // a link to a file: read
  fs::create_directory_symlink(t.root(), t.root() / "loop");               // to a folder: not walked
  const std::string r = t.root().string();
  const std::vector<std::string> expected = {r + "/Z.yaml",          r + "/a.yml",     r + "/b.yaml",
                                             r + "/dir.yaml/d.yaml", r + "/link.yaml", r + "/sub/c.yaml"};
  const auto c = check::collect_paths({r});
  CHECK(c.files == expected);
  CHECK(c.missing.empty());
  CHECK(check::collect_paths({r + "/"}).files == expected); // a trailing slash is not doubled

  const auto entries = list_folder(r);
  std::vector<std::string> names;
  for (const auto& e : entries) {
    names.push_back(e.name + (e.folder ? "/" : "") + (e.file ? "" : e.folder ? "" : "?"));
  }
  CHECK(names
        == std::vector<std::string>{".git/", ".hidden.yaml", ".qicase.yaml", "Z.yaml", "a.yml", "b.yaml",
                                    "dir.yaml/", "link.yaml", "loop?", "notes.txt", "sub/"});
  CHECK(list_folder(r + "/no-such-folder").empty());
}

TEST_CASE("walk: a folder with no case file is a problem of its own")
{
  Repository t;
  t.write("notes.txt", "no case here\n");
  const auto c = check::collect_paths({t.root().string()});
  CHECK(c.files.empty());
  REQUIRE(c.missing.size() == 1);
  CHECK(test::rules(c.missing[0].diags) == std::vector<std::string>{"file.no-case-files"});
}

TEST_CASE("workspace: a file of the folder is read when not given, and never twice when given")
{
  Repository t;
  t.write("cases/notice.yaml", test::k_qcar_notice);
  t.write("cases/qcar.yaml", k_qcar);
  const std::string notice = t.path("cases/notice.yaml");
  const std::string qcar = t.path("cases/qcar.yaml");

  SUBCASE("only the notice given: its QCAR is found in its folder")
  {
    Workspace ws(check::load_all({notice}, 1, false));
    const Document& n = *ws.given()[0];
    CHECK(paths(ws.referring("notice", "NNC-1", n)) == std::vector<std::string>{qcar});
  }
  SUBCASE("only the QCAR given: the notice it answers is found in its folder")
  {
    Workspace ws(check::load_all({qcar}, 1, false));
    const Document* found = ws.resolve("NNC-1", *ws.given()[0]);
    REQUIRE(found != nullptr);
    CHECK(found->path == notice);
  }
  SUBCASE("both given, one by a path that is not normal: each is the given document, once")
  {
    const std::string roundabout = t.path("cases/../cases/./qcar.yaml");
    Workspace ws(check::load_all({notice, roundabout}, 2, true));
    const Document& n = *ws.given()[0];
    const Document& q = *ws.given()[1];
    CHECK(ws.resolve("NNC-1", q) == &n);
    const auto answers = ws.referring("notice", "NNC-1", n);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0] == &q);
  }
  SUBCASE("a file beside the given ones that is not a case file, or hidden, is not read")
  {
    t.write("cases/.draft.yaml", "kind: qcar\nid: QCAR-2\nnotice: NNC-1\n");
    t.write("cases/qcar.yaml.bak", "kind: qcar\nid: QCAR-3\nnotice: NNC-1\n");
    Workspace ws(check::load_all({notice}, 1, false));
    CHECK(paths(ws.referring("notice", "NNC-1", *ws.given()[0])) == std::vector<std::string>{qcar});
  }
}

TEST_CASE("workspace: a folder of many files is searched on the run's threads, its case files kept packed")
{
  Repository t;
  t.write("cases/notice.yaml", test::k_qcar_notice);
  // 40 QCARs, one answering the notice, and a reference file: enough for two threads at once.
  for (int i = 0; i < 40; ++i) {
    const std::string id = "QCAR-" + std::to_string(100 + i);
    t.write("cases/q" + std::to_string(100 + i) + ".yaml", "kind: qcar\nid: " + id
                                                             + "\nnotice: " + (i == 17 ? "NNC-1" : "NNC-9")
                                                             + "\nsubmitted: 2024-03-15\n");
  }
  t.write("cases/calendar.yaml", "kind: calendar\nid: office\nname: Office\nholidays: []\n");
  const std::string notice = t.path("cases/notice.yaml");
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    Workspace ws(check::load_all({notice}, threads, true), threads);
    const Document& n = *ws.given()[0];
    const auto answers = ws.referring("notice", "NNC-1", n);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0]->path == t.path("cases/q117.yaml"));
    CHECK(answers[0]->id == "QCAR-117");
    // Packed: no tree until held, and the tree while held.
    CHECK(answers[0]->root == nullptr);
    {
      const auto tree = answers[0]->hold();
      REQUIRE(answers[0]->root != nullptr);
      CHECK(answers[0]->root->get("submitted") != nullptr);
    }
    CHECK(answers[0]->root == nullptr);
    // Every file of the folder is found, each once, whichever thread parsed it.
    for (int i = 0; i < 40; ++i) {
      const std::string id = "QCAR-" + std::to_string(100 + i);
      const Document* found = ws.resolve(id, n);
      REQUIRE(found != nullptr);
      CHECK(found->path == t.path("cases/q" + std::to_string(100 + i) + ".yaml"));
    }
    // A reference file stays a tree: every case reads it.
    const Document* office = ws.resolve("office", n);
    REQUIRE(office != nullptr);
    CHECK(office->root != nullptr);
  }
}

TEST_CASE("glob_match: *, ?, [set], ** across folders, in time bounded by the lengths")
{
  using qicase::glob_match;
  CHECK(glob_match("*.yaml", "a.yaml"));
  CHECK_FALSE(glob_match("*.yaml", "cases/a.yaml")); // * stops at /
  CHECK(glob_match("cases/**/*.yaml", "cases/a.yaml"));
  CHECK(glob_match("cases/**/*.yaml", "cases/2024/x/a.yaml"));
  CHECK(glob_match("**/notice.yaml", "notice.yaml"));
  CHECK(glob_match("**", "a/b/c"));
  CHECK(glob_match("a?c", "abc"));
  CHECK_FALSE(glob_match("a?c", "a/c"));
  CHECK(glob_match("2024-0[0-1]*", "2024-017-x"));
  CHECK_FALSE(glob_match("2024-0[!0-1]*", "2024-017-x"));
  CHECK(glob_match("[x", "[x")); // an unclosed set is literal
  CHECK_FALSE(glob_match("cases/*.yaml", "other/a.yaml"));
  // A pattern that backtracks exponentially in a naive matcher.
  CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST_CASE("collect_paths: globs expand, excludes leave out walked files and folders")
{
  Repository t;
  for (const auto* p :
       {"cases/a.yaml", "cases/drafts/b.yaml", "cases/2024/c.yaml", "cases/2024/d.tmp.yaml"}) {
    t.write(p, "kind: notice\nid: X\n");
  }
  const std::string base = (t.root() / "cases").string();
  auto names = [&](const qicase::check::Collected& c) {
    std::vector<std::string> out;
    for (const auto& f : c.files) {
      out.push_back(std::filesystem::path(f).lexically_relative(base).string());
    }
    return out;
  };
  CHECK(names(qicase::check::collect_paths({base}, {"drafts", "*.tmp.yaml"}))
        == std::vector<std::string>{"2024/c.yaml", "a.yaml"});
  CHECK(names(qicase::check::collect_paths({base + "/**/*.yaml"}, {"drafts"}))
        == std::vector<std::string>{"2024/c.yaml", "2024/d.tmp.yaml", "a.yaml"});
  // A file named outright is taken, excluded or not; a glob that matches nothing is a problem.
  CHECK(qicase::check::collect_paths({base + "/drafts/b.yaml"}, {"drafts"}).files.size() == 1);
  CHECK(qicase::check::collect_paths({base + "/*.yml"}).missing.size() == 1);
  // A pattern with a `/` names paths from the repository's root, whichever folder is walked;
  // one that leaves nothing out is reported.
  const auto from_root = qicase::check::collect_paths({base}, {"cases/2024/**", "2024/**"});
  CHECK(names(from_root) == std::vector<std::string>{"a.yaml", "drafts/b.yaml"});
  CHECK(from_root.unused_excludes == std::vector<std::string>{"2024/**"});
  CHECK(names(qicase::check::collect_paths({base + "/2024"}, {"./cases/2024/c.yaml"}))
        == std::vector<std::string>{"2024/d.tmp.yaml"});
}
