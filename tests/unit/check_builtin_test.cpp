#include <doctest/doctest.h>

#include <qicase/workspace/workspace.hpp>

using namespace qicase;

TEST_CASE("each built-in file is named after its id, so built-ins load one at a time")
{
  REQUIRE(Workspace::builtins().size() == 5);
  for (const auto& doc : Workspace::builtins()) {
    CAPTURE(doc->path);
    CHECK(doc->path == "builtin/" + doc->id + ".yaml");
    CHECK(doc->load.items().empty());
    CHECK(Workspace::builtin(doc->id) != nullptr);
  }
  CHECK(Workspace::builtin("no-such-id") == nullptr);
  CHECK(Workspace::builtin("../templates/notice") == nullptr);
}
