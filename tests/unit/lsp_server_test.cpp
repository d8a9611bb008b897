#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <cli/lsp/server.hpp>

namespace cli = qicase::cli;
using nlohmann::json;

namespace {

struct Session
{
  std::ostringstream out;
  std::ostringstream err;
  cli::Environment env;
  cli::Runtime rt{out, err, env};
  cli::lsp::Server server{rt};
  Session()
  {
    env.today = "2024-07-30";
    rt.command = "lsp";
  }
  std::vector<json> send(std::vector<json> batch) { return server.handle(batch); }
  json initialize(json capabilities = json::object())
  {
    const auto replies = send(
      {{{"jsonrpc", "2.0"},
        {"id", 1},
        {"method", "initialize"},
        {"params", {{"rootUri", "file://" QICASE_SOURCE_DIR "/examples"}, {"capabilities", capabilities}}}},
       {{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}}});
    REQUIRE(replies.size() == 1);
    return replies.front();
  }
};

std::string read(const std::string& path)
{
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

json open(const std::string& uri, const std::string& text, long version = 1)
{
  return {{"jsonrpc", "2.0"},
          {"method", "textDocument/didOpen"},
          {"params",
           {{"textDocument", {{"uri", uri}, {"languageId", "yaml"}, {"version", version}, {"text", text}}}}}};
}

json change(const std::string& uri, const std::string& text, long version)
{
  return {{"jsonrpc", "2.0"},
          {"method", "textDocument/didChange"},
          {"params",
           {{"textDocument", {{"uri", uri}, {"version", version}}},
            {"contentChanges", json::array({{{"text", text}}})}}}};
}

const std::string k_notice = QICASE_SOURCE_DIR "/examples/notices/2024-012-summit-recurring/notice.yaml";

} // namespace

TEST_CASE("lsp: the lifecycle: initialize, shutdown, exit")
{
  Session s;
  const auto early = s.send({{{"jsonrpc", "2.0"}, {"id", 7}, {"method", "shutdown"}}});
  REQUIRE(early.size() == 1);
  CHECK(early[0]["error"]["code"] == cli::lsp::errc::server_not_initialized);
  const auto init = s.initialize();
  CHECK(init["result"]["capabilities"]["positionEncoding"] == "utf-16");
  CHECK(init["result"]["capabilities"]["textDocumentSync"]["change"] == 1);
  CHECK(s.initialize({{"general", {{"positionEncodings", {"utf-8", "utf-16"}}}}})["error"]["code"]
        == cli::lsp::errc::invalid_request); // a second initialize
  const auto unknown = s.send({{{"jsonrpc", "2.0"}, {"id", "x"}, {"method", "workspace/nothing"}}});
  CHECK(unknown[0]["id"] == "x");
  CHECK(unknown[0]["error"]["code"] == cli::lsp::errc::method_not_found);
  CHECK(s.send({{{"jsonrpc", "2.0"}, {"method", "$/setTrace"}, {"params", {{"value", "off"}}}}}).empty());
  const auto down = s.send({{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}}});
  CHECK(down[0]["result"].is_null());
  CHECK(s.send({{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "shutdown"}}})[0]["error"]["code"]
        == cli::lsp::errc::invalid_request);
  CHECK_FALSE(s.server.exited());
  s.send({{{"jsonrpc", "2.0"}, {"method", "exit"}}});
  CHECK(s.server.exited());
  CHECK(s.server.exit_code() == 0);
}

TEST_CASE("lsp: exit without shutdown ends with 1; malformed messages get errors, not a crash")
{
  Session s;
  s.initialize();
  const auto bad = s.send({json::array({1, 2}),
                           {{"jsonrpc", "2.0"}, {"id", json::array()}, {"method", "x"}},
                           {{"jsonrpc", "2.0"}, {"id", 4}},
                           {{"jsonrpc", "2.0"}, {"id", 5}, {"method", 12}}});
  REQUIRE(bad.size() == 4);
  for (const auto& b : bad) {
    CHECK(b["error"]["code"] == cli::lsp::errc::invalid_request);
  }
  CHECK(cli::lsp::Server::parse_error("5 bytes")["error"]["code"] == cli::lsp::errc::parse_error);
  // A change to a document never opened, a document with no uri: nothing.
  CHECK(
    s.send({change("file:///nowhere.yaml", "x", 2), {{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"}}})
      .empty());
  s.send({{{"jsonrpc", "2.0"}, {"method", "exit"}}});
  CHECK(s.server.exit_code() == 1);
}

TEST_CASE("lsp: the buffer's text is checked as check checks the file, and a burst is checked once")
{
  Session s;
  s.initialize();
  const std::string uri = "file://" + k_notice;
  const auto text = read(k_notice);
  const auto clean = s.send({open(uri, text)});
  REQUIRE(clean.size() == 1);
  CHECK(clean[0]["method"] == "textDocument/publishDiagnostics");
  CHECK(clean[0]["params"]["version"] == 1);
  CHECK(clean[0]["params"]["diagnostics"].empty());

  // 100 changes read together: one publication, for the last text and version.
  std::vector<json> burst;
  for (long v = 2; v <= 101; ++v) {
    auto t = text;
    t.replace(t.find("issued: "), 8, v == 101 ? "issued: 2024-13-01 #" : "issued: ");
    burst.push_back(change(uri, t, v));
  }
  const auto after = s.send(burst);
  REQUIRE(after.size() == 1);
  CHECK(after[0]["params"]["version"] == 101);
  const auto& d = after[0]["params"]["diagnostics"];
  REQUIRE(d.size() == 1);
  CHECK(d[0]["code"] == "field.date");
  CHECK(d[0]["severity"] == 1);
  CHECK(d[0]["source"] == "qicase");
  CHECK(d[0]["codeDescription"]["href"] == "man:qicase-files(5)");
  CHECK(d[0]["range"]["start"]["character"] == 8);

  // A request after changes: their diagnostics first, then its response; one cancelled in the
  // same batch is answered RequestCancelled.
  const auto ordered = s.send({change(uri, text, 102),
                               {{"jsonrpc", "2.0"}, {"id", 9}, {"method", "shutdown"}},
                               {{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", 9}}}}});
  REQUIRE(ordered.size() == 2);
  CHECK(ordered[0]["params"]["diagnostics"].empty());
  CHECK(ordered[1]["error"]["code"] == cli::lsp::errc::request_cancelled);

  // Closed: its diagnostics cleared.
  const auto closed = s.send({{{"jsonrpc", "2.0"},
                               {"method", "textDocument/didClose"},
                               {"params", {{"textDocument", {{"uri", uri}}}}}}});
  REQUIRE(closed.size() == 1);
  CHECK(closed[0]["params"]["diagnostics"].empty());
}

TEST_CASE("lsp: file URIs")
{
  CHECK(cli::lsp::path_of_uri("file:///a/b%20c.yaml") == "/a/b c.yaml");
  CHECK(cli::lsp::path_of_uri("file://localhost/a.yaml") == "/a.yaml");
  CHECK_FALSE(cli::lsp::path_of_uri("untitled:Untitled-1"));
  CHECK_FALSE(cli::lsp::path_of_uri("file://host/a.yaml"));
  CHECK_FALSE(cli::lsp::path_of_uri("file:///a%00.yaml"));
  CHECK_FALSE(cli::lsp::path_of_uri("file:///a%2"));
}

TEST_CASE("lsp: hover and code lenses say what is due from a line, as of the run's day")
{
  Session s;
  const auto init = s.initialize();
  CHECK(init["result"]["capabilities"]["hoverProvider"] == true);
  const std::string cap = QICASE_SOURCE_DIR "/examples/notices/2024-038-pinecrest-access/cap.yaml";
  const std::string uri = "file://" + cap;
  const auto text = read(cap);
  s.send({open(uri, text)});
  // The line of D2's `root_cause`-less deficiency (line 29 from 1): its remedy deadline and the
  // rule the line breaks.
  const auto hover = s.send(
    {{{"jsonrpc", "2.0"},
      {"id", 5},
      {"method", "textDocument/hover"},
      {"params", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 28}, {"character", 4}}}}}}});
  REQUIRE(hover.size() == 1);
  INFO(hover[0].dump());
  REQUIRE(hover[0]["result"].is_object());
  const auto value = hover[0]["result"]["contents"]["value"].get<std::string>();
  CHECK(value.starts_with("As of 2024-07-30:"));
  CHECK(value.find(
          "**D2 remedied, or the issuer may impose actions**: due 2024-11-28, due in 121 days (4.9A H, I)")
        != std::string::npos);
  CHECK(value.find("`cap.root-cause`: ") != std::string::npos);
  // A line that holds nothing: no hover.
  const auto none = s.send(
    {{{"jsonrpc", "2.0"},
      {"id", 6},
      {"method", "textDocument/hover"},
      {"params", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 0}}}}}}});
  CHECK(none[0]["result"].is_null());
  // Lenses: one a line, its earliest open obligation first, and how many more are open there.
  const auto lenses = s.send({{{"jsonrpc", "2.0"},
                               {"id", 7},
                               {"method", "textDocument/codeLens"},
                               {"params", {{"textDocument", {{"uri", uri}}}}}}});
  const auto& all = lenses[0]["result"];
  REQUIRE(all.is_array());
  std::set<std::size_t> lines;
  bool overdue = false;
  for (const auto& lens : all) {
    CHECK(lines.insert(lens["range"]["start"]["line"].get<std::size_t>()).second);
    const auto title = lens["command"]["title"].get<std::string>();
    overdue = overdue
              || title
                   == "D2 A1: monthly monitoring report: due 2024-06-29, overdue by 31 days (4.9A F.4) (+2 "
                      "more open)";
  }
  CHECK(overdue);
  CHECK(s.send({{{"jsonrpc", "2.0"}, {"id", 8}, {"method", "textDocument/hover"}}})[0]["error"]["code"]
        == cli::lsp::errc::invalid_params);
}

TEST_CASE("lsp: go to the notice a QCAR answers, to a cited document, and to the cases answering a notice")
{
  Session s;
  const auto init = s.initialize();
  CHECK(init["result"]["capabilities"]["definitionProvider"] == true);
  const std::string folder = QICASE_SOURCE_DIR "/examples/notices/2024-034-westlake-extension-late";
  const std::string qcar = "file://" + folder + "/qcar.yaml";
  const std::string notice = "file://" + folder + "/notice.yaml";
  s.send({open(qcar, read(folder + "/qcar.yaml")), open(notice, read(folder + "/notice.yaml"))});
  const auto ask = [&](const char* method, const std::string& uri, int line) {
    const auto out = s.send(
      {{{"jsonrpc", "2.0"},
        {"id", 1},
        {"method", method},
        {"params", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", line}, {"character", 9}}}}}}});
    REQUIRE(out.size() == 1);
    return out[0]["result"];
  };
  // `notice: NNC-2024-034` (line 7 from 0): the notice's file, at its id.
  const auto to_notice = ask("textDocument/definition", qcar, 7);
  CHECK(to_notice["uri"] == notice);
  CHECK(to_notice["range"]["start"]["line"] == 4);
  CHECK(ask("textDocument/definition", qcar, 8).is_null()); // `submitted:` names nothing
  // From the notice: the QCAR that answers it.
  const auto answering = ask("textDocument/references", notice, 0);
  REQUIRE(answering.size() == 1);
  CHECK(answering[0]["uri"] == qcar);
  // A cited document: the file, inside the repository.
  const std::string cap = QICASE_SOURCE_DIR "/examples/audits/2024-acme-credentialing/cap.yaml";
  s.send({open("file://" + cap, read(cap))});
  const auto cited = ask("textDocument/definition", "file://" + cap, 26);
  CHECK(cited["uri"]
        == "file://" QICASE_SOURCE_DIR
           "/examples/audits/2024-acme-credentialing/evidence/cr1a-policy-2024-07-16.txt");
  // One that leaves the repository is not followed.
  auto outside = read(cap);
  outside.replace(outside.find("evidence/cr1a-policy-2024-07-16.txt"), 35, "../../../CMakeLists.txt");
  s.send({change("file://" + cap, outside, 2)});
  CHECK(ask("textDocument/definition", "file://" + cap, 26).is_null());
}

TEST_CASE("lsp: completion offers the keys the schema allows there, its values, and the repository's ids")
{
  Session s;
  const auto init = s.initialize();
  CHECK(init["result"]["capabilities"].contains("completionProvider"));
  const std::string folder = QICASE_SOURCE_DIR "/examples/notices/2024-034-westlake-extension-late";
  const std::string uri = "file://" + folder + "/qcar.yaml";
  auto text = read(folder + "/qcar.yaml");
  text += "notice: \n";
  const auto last = static_cast<int>(std::count(text.begin(), text.end(), '\n')) - 1;
  s.send({open(uri, text)});
  const auto labels = [&](const std::string& at, int line, int character) {
    const auto out = s.send(
      {{{"jsonrpc", "2.0"},
        {"id", 1},
        {"method", "textDocument/completion"},
        {"params",
         {{"textDocument", {{"uri", at}}}, {"position", {{"line", line}, {"character", character}}}}}}});
    std::vector<std::string> found;
    for (const auto& item : out.at(0).at("result")) {
      found.push_back(item.at("label").get<std::string>());
    }
    return found;
  };
  // `notice: |`: the notices a reference from here resolves to.
  CHECK(labels(uri, last, 8) == std::vector<std::string>{"NNC-2024-034"});
  // `  area: |` under `monitor:` (line 10 from 0): the values its schema enumerates.
  CHECK(labels(uri, 10, 8) == std::vector<std::string>{"quality", "it", "operations", "other"});
  // A new top-level key: those the file does not have yet.
  CHECK(labels(uri, last + 1, 0) == std::vector<std::string>{"notes", "title"});
  // A key of an action (in the `actions:` list): every key an action may have.
  CHECK(labels(uri, 13, 4)
        == std::vector<std::string>{"action", "due", "finding", "measure", "notes", "owner"});
  // `delegate: |` of an audit: the registry's ids (filtered also by their names and aliases).
  const std::string audit = QICASE_SOURCE_DIR "/examples/audits/2024-acme-credentialing/audit.yaml";
  const auto audit_text = read(audit);
  s.send({open("file://" + audit, audit_text)});
  const auto line = static_cast<int>(std::count(
    audit_text.begin(), audit_text.begin() + static_cast<long>(audit_text.find("\ndelegate:")) + 1, '\n'));
  const auto delegates = labels("file://" + audit, line, 10);
  CHECK(delegates.size() == 13);
  CHECK(std::find(delegates.begin(), delegates.end(), "acme") != delegates.end());
}

TEST_CASE("lsp: pin this evidence puts back what evidence --unpinned would add")
{
  Session s;
  const auto init = s.initialize();
  CHECK(init["result"]["capabilities"].contains("codeActionProvider"));
  const std::string cap = QICASE_SOURCE_DIR "/examples/audits/2024-acme-credentialing/cap.yaml";
  const std::string uri = "file://" + cap;
  const auto pinned = read(cap);
  // The buffer without the pin of its one cited document (lines 28 and 29 from 1).
  auto text = pinned;
  const auto from = text.find("        sha256: ");
  REQUIRE(from != std::string::npos);
  text.erase(from, text.find("    remedied:") - from);
  s.send({open(uri, text)});
  const auto ask = [&](int first, int last) {
    const auto out = s.send(
      {{{"jsonrpc", "2.0"},
        {"id", 1},
        {"method", "textDocument/codeAction"},
        {"params",
         {{"textDocument", {{"uri", uri}}},
          {"range",
           {{"start", {{"line", first}, {"character", 0}}}, {"end", {{"line", last}, {"character", 0}}}}},
          {"context", {{"diagnostics", json::array()}}}}}}});
    return out.at(0).at("result");
  };
  CHECK(ask(0, 3).empty()); // no `file:` line asked about: nothing hashed, nothing offered
  const auto actions = ask(26, 26);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["kind"] == "quickfix");
  CHECK(actions[0]["title"] == "Pin this evidence: sha256 and size of evidence/cr1a-policy-2024-07-16.txt");
  const auto& edit = actions[0]["edit"]["changes"][uri][0];
  CHECK(edit["range"]["start"]["line"] == 27);
  CHECK(edit["range"]["start"]["character"] == 0);
  std::size_t at = 0;
  for (int l = 0; l < 27; ++l) {
    at = text.find('\n', at) + 1;
  }
  auto inserted = edit["newText"].get<std::string>();
  CHECK(inserted
        == "        sha256: \"1a72ec6c7c947f77793d17e8243a799de90a722ac523aa5fe25f54d66de2760c\"\n        "
           "size: 190\n");
  // Applied, the buffer is the pinned file again (the patch quotes the hash; the file does not).
  inserted.erase(std::remove(inserted.begin(), inserted.end(), '"'), inserted.end());
  text.insert(at, inserted);
  CHECK(text == pinned);
}
