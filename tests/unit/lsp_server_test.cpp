#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <cli/lsp/server.hpp>

#include "helpers.hpp"

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

// The code actions offered for lines `first` to `last` (from 0).
json code_actions(Session& s, const std::string& uri, int first, int last)
{
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
  const auto ask = [&](int first, int last) { return code_actions(s, uri, first, last); };
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

namespace {

// The diagnostics published for `uri` among `replies`, or null when none were.
const json* published(const std::vector<json>& replies, const std::string& uri)
{
  for (const auto& r : replies) {
    if (r.value("method", "") == "textDocument/publishDiagnostics" && r["params"]["uri"] == uri) {
      return &r["params"]["diagnostics"];
    }
  }
  return nullptr;
}

bool has(const std::vector<std::string>& found, std::string_view code)
{
  return std::find(found.begin(), found.end(), code) != found.end();
}

std::vector<std::string> codes(const json& diagnostics)
{
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    out.push_back(d["code"].get<std::string>());
  }
  return out;
}

json request(const char* method, const std::string& uri, int line, int character)
{
  return {
    {"jsonrpc", "2.0"},
    {"id", 9},
    {"method", method},
    {"params", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", line}, {"character", character}}}}}};
}

std::string replaced(std::string text, std::string_view from, std::string_view to)
{
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("lsp: a certain did-you-mean is a code action; a cross-file finding names the other file")
{
  Session s;
  s.initialize();
  const std::string folder = QICASE_SOURCE_DIR "/examples/notices/2024-034-westlake-extension-late";
  const std::string uri = "file://" + folder + "/qcar.yaml";
  // `finding: F2` (line 13 from 0) where the notice has only F1; `measur:` (line 15).
  auto text = replaced(read(folder + "/qcar.yaml"), "  - finding: F1", "  - finding: F2");
  text = replaced(text, "    measure:", "    measur:");
  const auto replies = s.send({open(uri, text)});
  const auto* diags = published(replies, uri);
  REQUIRE(diags != nullptr);
  const auto found = codes(*diags);
  CHECK(std::count(found.begin(), found.end(), "qcar.finding") == 1);
  CHECK(std::count(found.begin(), found.end(), "field.unknown") == 1);
  // The other file: the notice's findings, and the finding left with no action.
  for (const auto& d : *diags) {
    if (d["code"] == "qcar.finding" || d["code"] == "qcar.finding-uncovered") {
      REQUIRE(d.contains("relatedInformation"));
      CHECK(d["relatedInformation"][0]["location"]["uri"] == "file://" + folder + "/notice.yaml");
      CHECK(d["relatedInformation"][0]["location"]["range"]["start"]["line"] == 13);
    }
  }
  const auto actions = [&](int line) { return code_actions(s, uri, line, line); };
  const auto finding = actions(13);
  REQUIRE(finding.size() == 1);
  CHECK(finding[0]["title"] == "Write `F1`");
  CHECK(finding[0]["isPreferred"] == true);
  CHECK(finding[0]["diagnostics"][0]["code"] == "qcar.finding");
  const auto& edit = finding[0]["edit"]["changes"][uri][0];
  CHECK(edit["newText"] == "F1");
  CHECK(edit["range"]["start"] == json({{"line", 13}, {"character", 13}}));
  CHECK(edit["range"]["end"] == json({{"line", 13}, {"character", 15}}));
  const auto key = actions(15);
  REQUIRE(key.size() == 1);
  CHECK(key[0]["title"] == "Write `measure`");
  CHECK(key[0]["edit"]["changes"][uri][0]["range"]["end"]["character"] == 10);
  CHECK(actions(16).empty());
}

TEST_CASE("lsp: an open notice stands for its file: editing it checks the open QCAR again")
{
  Session s;
  s.initialize();
  const std::string folder = QICASE_SOURCE_DIR "/examples/notices/2024-034-westlake-extension-late";
  const std::string qcar = "file://" + folder + "/qcar.yaml";
  const std::string notice = "file://" + folder + "/notice.yaml";
  const auto qcar_text = replaced(read(folder + "/qcar.yaml"), "  - finding: F1", "  - finding: F2");
  const auto notice_text = read(folder + "/notice.yaml");
  auto replies = s.send({open(qcar, qcar_text), open(notice, notice_text)});
  REQUIRE(published(replies, qcar) != nullptr);
  CHECK(has(codes(*published(replies, qcar)), "qcar.finding"));
  // The notice, edited (not saved) to list F2 as well: the QCAR's finding resolves.
  const auto with_f2 = replaced(notice_text, "response:\n",
                                "  - id: F2\n    summary: Another\n    category: other\n    basis: B\n"
                                "    evidence: E\nresponse:\n");
  replies = s.send({change(notice, with_f2, 2)});
  REQUIRE(published(replies, notice) != nullptr);
  REQUIRE(published(replies, qcar) != nullptr);
  CHECK_FALSE(has(codes(*published(replies, qcar)), "qcar.finding"));
  // Closed, the notice is the file on disk again.
  replies = s.send({{{"jsonrpc", "2.0"},
                     {"method", "textDocument/didClose"},
                     {"params", {{"textDocument", {{"uri", notice}}}}}}});
  REQUIRE(published(replies, qcar) != nullptr);
  CHECK(has(codes(*published(replies, qcar)), "qcar.finding"));
  // An unrelated buffer is not checked again.
  const std::string other = "file://" QICASE_SOURCE_DIR
                            "/examples/notices/2024-012-summit-recurring/notice.yaml";
  s.send({open(other, read(k_notice))});
  replies = s.send({change(qcar, qcar_text + "\n", 2)});
  CHECK(published(replies, other) == nullptr);
}

TEST_CASE("lsp: a file changed on disk is read again on its event; the watch is registered when offered")
{
  qicase::test::TempFolder repo;
  repo.write(".git/HEAD", "ref: refs/heads/main\n");
  const std::string notice = read(QICASE_SOURCE_DIR
                                  "/examples/notices/2024-034-westlake-extension-late/notice.yaml");
  repo.write("notice.yaml", notice);
  const auto qcar_text = replaced(
    read(QICASE_SOURCE_DIR "/examples/notices/2024-034-westlake-extension-late/qcar.yaml"), "  - finding: F1",
    "  - finding: F2");
  repo.write("qcar.yaml", qcar_text);
  Session s;
  const auto replies = s.send(
    {{{"jsonrpc", "2.0"},
      {"id", 1},
      {"method", "initialize"},
      {"params",
       {{"rootUri", "file://" + repo.root().string()},
        {"capabilities", {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}}}}}},
     {{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}}});
  REQUIRE(replies.size() == 2);
  CHECK(replies[1]["method"] == "client/registerCapability");
  CHECK(replies[1]["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles");
  // The client's answer to it is taken quietly.
  CHECK(s.send({{{"jsonrpc", "2.0"}, {"id", replies[1]["id"]}, {"result", nullptr}}}).empty());
  const auto uri = "file://" + repo.path("qcar.yaml");
  auto out = s.send({open(uri, qcar_text)});
  CHECK(has(codes(*published(out, uri)), "qcar.finding"));
  // The notice gets F2 on disk, and the client says so.
  auto with_f2 = replaced(
    notice, "    category: other\n",
    "    category: other\n  - {id: F2, summary: S, category: other, basis: B, evidence: E}\n");
  repo.write("notice.yaml", with_f2);
  out = s.send(
    {{{"jsonrpc", "2.0"},
      {"method", "workspace/didChangeWatchedFiles"},
      {"params",
       {{"changes", json::array({{{"uri", "file://" + repo.path("notice.yaml")}, {"type", 2}}})}}}}});
  REQUIRE(published(out, uri) != nullptr);
  CHECK_FALSE(has(codes(*published(out, uri)), "qcar.finding"));
}

TEST_CASE("lsp: hover, completion and definition of the ids a case names")
{
  Session s;
  s.initialize();
  const std::string folder = QICASE_SOURCE_DIR "/examples/notices/2024-034-westlake-extension-late";
  const std::string uri = "file://" + folder + "/qcar.yaml";
  auto text = read(folder + "/qcar.yaml");
  s.send({open(uri, text)});
  const auto hover = [&](const std::string& at, int line, int character) {
    const auto out = s.send({request("textDocument/hover", at, line, character)});
    return out.at(0)["result"].is_null() ? std::string()
                                         : out.at(0)["result"]["contents"]["value"].get<std::string>();
  };
  // `notice: NNC-2024-034`: what the notice is.
  const auto notice = hover(uri, 7, 10);
  CHECK(notice.find("**notice NNC-2024-034**") != std::string::npos);
  CHECK(
    notice.find(
      "Grievance acknowledgements sent late; issued 2024-05-01 to Westlake Community Clinic; 1 finding(s)")
    != std::string::npos);
  // `  - finding: F1`: the finding of the notice answered.
  CHECK(hover(uri, 13, 14)
          .find("**finding F1** of notice NNC-2024-034: Grievance acknowledgement letters sent "
                "after five business days (other)")
        != std::string::npos);
  const auto to_finding = s.send({request("textDocument/definition", uri, 13, 14)}).at(0)["result"];
  CHECK(to_finding["uri"] == "file://" + folder + "/notice.yaml");
  CHECK(to_finding["range"]["start"]["line"] == 13);
  // Completion of `finding:` offers the notice's findings.
  const auto items = s.send({request("textDocument/completion", uri, 13, 13)}).at(0)["result"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["label"] == "F1");
  // A delegate named by its name: hover and definition find the registry's file.
  const std::string audit = QICASE_SOURCE_DIR "/examples/audits/2024-acme-credentialing/audit.yaml";
  const auto audit_text = read(audit);
  s.send({open("file://" + audit, audit_text)});
  const auto line = static_cast<int>(std::count(
    audit_text.begin(), audit_text.begin() + static_cast<long>(audit_text.find("\ndelegate:")) + 1, '\n'));
  CHECK(hover("file://" + audit, line, 12).find("**delegate acme**") != std::string::npos);
  const auto to_delegate =
    s.send({request("textDocument/definition", "file://" + audit, line, 12)}).at(0)["result"];
  CHECK(to_delegate["uri"] == "file://" QICASE_SOURCE_DIR "/examples/delegates/acme.yaml");
  // A rule id in a comment: what it finds.
  text += "# known: qcar.late-response\n";
  s.send({change(uri, text, 2)});
  const auto last = static_cast<int>(std::count(text.begin(), text.end(), '\n')) - 1;
  CHECK(hover(uri, last, 14).find("`qcar.late-response`:") != std::string::npos);
  // A code lens's command is the server's own (on the notice whose response is overdue), and
  // running it does nothing; another command is refused.
  const std::string summit = "file://" + k_notice;
  s.send({open(summit, read(k_notice))});
  const auto lenses = s.send({{{"jsonrpc", "2.0"},
                               {"id", 3},
                               {"method", "textDocument/codeLens"},
                               {"params", {{"textDocument", {{"uri", summit}}}}}}})
                        .at(0)["result"];
  REQUIRE_FALSE(lenses.empty());
  CHECK(lenses[0]["command"]["command"] == "qicase.obligation");
  CHECK(lenses[0]["command"]["arguments"] == json::array({summit, lenses[0]["range"]["start"]["line"]}));
  const auto other = s.send({{{"jsonrpc", "2.0"},
                              {"id", 5},
                              {"method", "workspace/executeCommand"},
                              {"params", {{"command", "rm"}, {"arguments", json::array()}}}}});
  CHECK(other.at(0)["error"]["code"] == cli::lsp::errc::invalid_params);
  const auto run = s.send({{{"jsonrpc", "2.0"},
                            {"id", 4},
                            {"method", "workspace/executeCommand"},
                            {"params", {{"command", "qicase.obligation"}, {"arguments", json::array()}}}}});
  CHECK(run.at(0)["result"].is_null());
}
