#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <cli/runtime.hpp>
#include <qicase/lsp/position.hpp>
#include <qicase/workspace/folders.hpp>

// `qicase lsp`: a Language Server Protocol 3.17 server over JSON-RPC (nlohmann-json parses it;
// no hand-written JSON parser). The server answers messages; the transport (transport.hpp)
// frames them on standard input and output. Each open buffer is checked as `check` checks the
// file: its text, not the file on disk, with references resolved from its folder, under the
// repository's configuration, calendar and baseline (Runtime::run_document).
namespace qicase::cli::lsp {

using nlohmann::json;

// JSON-RPC and LSP error codes.
namespace errc {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int server_not_initialized = -32002;
inline constexpr int request_cancelled = -32800;
} // namespace errc

// A file:// URI's path (percent-decoded), or nullopt for another scheme or a malformed one.
std::optional<std::string> path_of_uri(std::string_view uri);

class Server
{
public:
  // The repository's folders are parsed once and kept current (Folders): by file events
  // (workspace/didChangeWatchedFiles), by each file's size and time, and by the open buffers,
  // which stand for their files in the references of the others.
  explicit Server(Runtime& rt) : m_rt(rt), m_folders(std::make_shared<Folders>())
  {
    m_rt.keep_folders(m_folders);
  }

  // Handles a batch of messages read together, in order, and returns what to send back:
  // responses in the order of their requests; before each response and at the end, the
  // diagnostics of every buffer changed since, once each, for its last text (a burst of changes
  // is checked once). A request the batch also cancels ($/cancelRequest) is answered
  // RequestCancelled.
  std::vector<json> handle(const std::vector<json>& batch);
  // A message whose body was not JSON: the error response to send.
  static json parse_error(std::string_view what);

  // `exit` was received: the process ends with exit_code() (0 after `shutdown`, else 1).
  bool exited() const { return m_exited; }
  int exit_code() const { return m_shutdown ? 0 : 1; }

private:
  // What the buffer's last check said of a line: its obligations (what is due, when, where it
  // stands as of the run's day, the clause) for hover and code lenses, and its rules for hover.
  struct Due
  {
    std::size_t line = 0;
    std::string text; // "**D1 A2** (a CAP action): due 2024-05-31, overdue by 60 days (4.9A F.3)"
    bool open = false;
    calendar::Date due;
  };
  // A did-you-mean of the last check that is certain (Aside::fix): the word at `mark` becomes
  // `fix`.
  struct Fix
  {
    Mark mark;
    std::string fix;
    json diagnostic; // as published, for the code action's `diagnostics`
  };
  struct Buffer
  {
    std::string text;
    std::optional<long> version;
    std::vector<Due> dues;
    std::vector<std::pair<std::size_t, std::string>> rules; // line, rule id
    std::vector<Fix> fixes;
    // The text parsed as the file it stands for among the folder's files (Folders::overlay).
    std::shared_ptr<Document> overlay;
  };
  // The open buffer a request names, its file, and the line of its position.
  struct At
  {
    const std::string* uri = nullptr;
    const Buffer* buffer = nullptr; // null: not open, or not a file:// URI
    std::optional<std::string> path;
    std::optional<std::size_t> line; // of `position`, when the request has one
    // The buffer's text parsed as its file, shown and resolved as `check` would.
    std::shared_ptr<Document> document() const;
  };
  At at(const json& params) const;
  std::optional<json> request(const json& message, const std::set<std::string>& cancelled);
  void notification(const json& message);
  // textDocument/hover and textDocument/codeLens over the buffer's last check.
  json hover(const json& params) const;
  json code_lenses(const json& params) const;
  // textDocument/definition: the file a `notice:`, `previous:` or `delegate:` id names, or the
  // file an evidence `file:` cites; textDocument/references: the cases that name the buffer's id
  // in their `notice:`, `previous:` or `delegate:`. Resolved as the run resolves references, from
  // the buffer's folder up to the repository root.
  json definition(const json& params) const;
  json references(const json& params) const;
  // textDocument/completion: at a key, the keys the kind's schema allows there (by the block
  // above the cursor); at a value, the ids of the repository's notices (`notice:`), audits
  // (`previous:`) and delegates (`delegate:`, their names and aliases to filter by), else the
  // values the schema enumerates for that key.
  json completion(const json& params) const;
  // textDocument/codeAction: "pin this evidence" for each unpinned cited document on the lines
  // asked for (the sha256 and size lines `evidence --unpinned` would add, as a WorkspaceEdit).
  json code_actions(const json& params);
  json initialize(const json& params);
  // A buffer's text changed (or it closed: `closed`): it stands for its file in the others'
  // references, and the open buffers that name it (by `notice:`, `previous:`, `delegate:`), or
  // every one when it is reference data, are checked again.
  void changed(const std::string& uri, bool closed);
  void dirty(const std::string& uri);
  // Files changed on disk (workspace/didChangeWatchedFiles): read again, every buffer checked
  // again.
  void files_changed(const json& params);
  // The diagnostics of the buffer at `uri`, as textDocument/publishDiagnostics.
  json diagnostics(const std::string& uri);
  // Those of every buffer changed since the last time, once each, into `out`.
  void publish(std::vector<json>& out);

  Runtime& m_rt;
  bool m_initialized = false;
  bool m_shutdown = false;
  bool m_exited = false;
  qicase::lsp::Encoding m_encoding = qicase::lsp::Encoding::utf16;
  std::map<std::string, Buffer> m_buffers; // by URI
  std::vector<std::string> m_dirty;        // URIs whose diagnostics are due, in order
  std::shared_ptr<Folders> m_folders;
  bool m_watch = false;         // the client registers file watchers when asked (dynamic)
  std::vector<json> m_requests; // to the client, sent with the next replies
};

} // namespace qicase::cli::lsp
