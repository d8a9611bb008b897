#include <doctest/doctest.h>

#include <qicase/workspace/folders.hpp>
#include <qicase/workspace/workspace.hpp>

#include "helpers.hpp"

using namespace qicase;

TEST_CASE("folders: a folder's files are parsed once, and again when one changes")
{
  test::TempFolder repo;
  repo.write(".git/HEAD", "ref: refs/heads/main\n");
  repo.write("a.yaml", "kind: notice\nid: NNC-A\n");
  repo.write("b.yaml", "kind: notice\nid: NNC-B\n");
  repo.write("notes.txt", "not a case file\n");
  const auto folder = repo.root().string();
  Folders kept;
  auto first = kept.documents(folder, 2);
  REQUIRE(first.size() == 2);
  CHECK(first[0]->id == "NNC-A");
  CHECK(kept.parsed() == 2);
  // Unchanged: the same documents, nothing parsed.
  auto again = kept.documents(folder, 2);
  CHECK(again[0] == first[0]);
  CHECK(kept.parsed() == 2);
  // A file whose size changed is read again; the other is kept.
  repo.write("b.yaml", "kind: notice\nid: NNC-B2\n");
  again = kept.documents(folder, 2);
  CHECK(again[0] == first[0]);
  CHECK(again[1]->id == "NNC-B2");
  CHECK(kept.parsed() == 3);
  // A file event: that file read again whatever its time says, and only it.
  const auto b = again[1];
  kept.forget(repo.path("a.yaml"));
  again = kept.documents(folder, 2);
  CHECK(again[0] != first[0]);
  CHECK(again[1] == b);
  CHECK(kept.parsed() == 4);
  // A folder's event: all of it read again.
  kept.forget(folder);
  again = kept.documents(folder, 2);
  CHECK(again[1] != b);
  CHECK(kept.parsed() == 6);
  // An open buffer stands for its file, and one not saved yet joins the folder.
  kept.overlay(repo.path("a.yaml"),
               parse_document(repo.path("a.yaml"), folder, "kind: notice\nid: NNC-EDIT\n"));
  kept.overlay(repo.path("new.yaml"),
               parse_document(repo.path("new.yaml"), folder, "kind: notice\nid: NNC-NEW\n"));
  again = kept.documents(folder, 2);
  REQUIRE(again.size() == 3);
  CHECK(again[0]->id == "NNC-EDIT");
  CHECK(again[2]->id == "NNC-NEW");
  kept.overlay(repo.path("a.yaml"), nullptr);
  CHECK(kept.documents(folder, 2)[0]->id == "NNC-A");
  // A removed file leaves the folder.
  std::filesystem::remove(repo.path("b.yaml"));
  kept.overlay(repo.path("new.yaml"), nullptr);
  CHECK(kept.documents(folder, 2).size() == 1);
}

TEST_CASE("folders: a workspace given kept folders resolves as one that reads them")
{
  test::TempFolder repo;
  repo.write(".git/HEAD", "ref: refs/heads/main\n");
  repo.write("notice.yaml", "kind: notice\nid: NNC-1\n");
  const auto qcar = parse_document(repo.path("qcar.yaml"), repo.root().string(),
                                   "kind: qcar\nid: Q-1\nnotice: NNC-1\n");
  auto kept = std::make_shared<Folders>();
  for (int run = 0; run < 2; ++run) {
    Workspace ws({qcar}, 1, true, kept);
    const auto* notice = ws.resolve("NNC-1", *qcar);
    REQUIRE(notice != nullptr);
    CHECK(notice->kind == "notice");
    CHECK(ws.resolve("Q-1", *qcar) == qcar.get());
  }
  CHECK(kept->parsed() == 1); // the second run parsed nothing
}
