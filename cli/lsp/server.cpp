#include <cli/lsp/server.hpp>

#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include <cli/app.hpp>
#include <qicase/core/rules.hpp>
#include <qicase/core/version.hpp>
#include <qicase/data/embedded.hpp>
#include <qicase/delegate/delegate.hpp>
#include <qicase/report/evidence.hpp>
#include <qicase/workspace/document.hpp>
#include <qicase/workspace/obligation.hpp>
#include <qicase/workspace/workspace.hpp>

namespace qicase::cli::lsp {

namespace {

namespace fs = std::filesystem;
using qicase::lsp::Encoding;

json error_response(const json& id, int code, std::string_view message)
{
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json result_response(const json& id, json result)
{
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

// A request's id as a key ("1", "\"a\""): ids are numbers or strings.
std::string id_key(const json& id)
{
  return id.dump();
}

const json* member(const json& object, const char* key)
{
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const json& object, const char* key)
{
  const auto* v = member(object, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

std::string days(long n)
{
  return fmt::format("{} day{}", n, n == 1 ? "" : "s");
}

// An obligation in a line, as of `today`: what, when, where it stands, the clause.
std::string due_text(const Obligation& o, calendar::Date today)
{
  std::string state;
  if (o.right) {
    state = o.due >= today ? fmt::format("a right, open until then ({} left)", days(o.due - today))
                           : "a right, closed";
  } else if (o.done) {
    state = o.met_late() ? fmt::format("met {}, late", o.done_on->str())
            : o.done_on  ? fmt::format("met {}", o.done_on->str())
                         : std::string("met");
  } else if (o.due > today) {
    state = fmt::format("due in {}", days(o.due - today));
  } else if (o.due == today) {
    state = "due today";
  } else if (o.late_after && *o.late_after >= today) {
    state = fmt::format("past its date, late after {}", o.late_after->str());
  } else {
    state = fmt::format("overdue by {}", days(today - o.due));
  }
  auto text = fmt::format("**{}**: due {}, {}", std::string_view(o.what), o.due.str(), state);
  if (!std::string_view(o.clause).empty()) {
    text += fmt::format(" ({})", std::string_view(o.clause));
  }
  if (!o.note.empty()) {
    text += fmt::format("; {}", o.note);
  }
  return text;
}

// A text document position's line, or nullopt.
std::optional<std::size_t> line_of(const json& params)
{
  const auto* position = member(params, "position");
  const auto* line = position != nullptr ? member(*position, "line") : nullptr;
  if (line == nullptr || !line->is_number_integer() || line->get<long long>() < 0) {
    return std::nullopt;
  }
  return line->get<std::size_t>();
}

// A file's location for the protocol: its URI and the line of its id (the first line when it has
// none).
json location_of(const std::string& shown, int line)
{
  const auto uri = "file://" + uri_path(absolute_path(shown));
  const auto at = static_cast<std::size_t>(std::max(line - 1, 0));
  return {
    {"uri", uri},
    {"range", {{"start", {{"line", at}, {"character", 0}}}, {"end", {{"line", at}, {"character", 0}}}}}};
}

// The key and value of a line such as `notice: NNC-1`, `  - file: a.pdf` or `previous: "A" # c`.
std::pair<std::string_view, std::string_view> key_value(std::string_view line)
{
  line = trim(line, " \t");
  if (line.starts_with("- ")) {
    line = trim(line.substr(2), " \t");
  }
  const auto colon = line.find(": ");
  if (colon == std::string_view::npos) {
    return {};
  }
  auto value = trim(line.substr(colon + 2), " \t");
  if (const auto hash = value.find(" #"); hash != std::string_view::npos) {
    value = trim(value.substr(0, hash), " \t");
  }
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return {line.substr(0, colon), value};
}

// A scalar of another document at a path of keys ("recipient", "name"), read while holding it;
// "" when absent or not text.
std::string scalar_of(const Document& d, std::initializer_list<std::string_view> keys)
{
  const auto hold = d.hold();
  const yaml::Node* n = d.root.get();
  for (const auto key : keys) {
    n = n != nullptr ? n->get(key) : nullptr;
  }
  return n != nullptr && n->is_scalar() ? n->text : std::string();
}

// The findings a notice document lists: id, summary, category and line (at most 10,000).
struct Listed
{
  std::string id;
  std::string summary;
  std::string category;
  int line = 0;
};

std::vector<Listed> findings_of(const Document& notice)
{
  std::vector<Listed> out;
  const auto hold = notice.hold();
  const auto* list = notice.root ? notice.root->get("findings") : nullptr;
  if (list == nullptr || !list->is_sequence()) {
    return out;
  }
  for (const auto& item : list->children) {
    const auto* id = item.get("id");
    if (out.size() == 10000 || id == nullptr || !id->is_scalar()) {
      continue;
    }
    const auto* summary = item.get("summary");
    const auto* category = item.get("category");
    out.push_back({id->text, summary != nullptr && summary->is_scalar() ? summary->text : "",
                   category != nullptr && category->is_scalar() ? category->text : "", item.mark.line});
  }
  return out;
}

// What a file that an id names is, for hover: kind, id, its file, and what it says of itself.
std::string described(const Document& d)
{
  auto text = fmt::format("**{} {}** ({})", d.kind, d.id, d.path);
  if (d.kind == "delegate") {
    Diagnostics ignored;
    const auto entry = delegate::read(d, ignored);
    text += fmt::format(": {}", entry.name);
    if (!entry.aliases.empty()) {
      text += fmt::format("; also named {}", fmt::join(entry.aliases, ", "));
    }
    return text;
  }
  if (const auto title = scalar_of(d, {"title"}); !title.empty()) {
    text += fmt::format(": {}", title);
  }
  if (d.kind == "notice") {
    const auto recipient = scalar_of(d, {"recipient", "name"});
    const auto issued = scalar_of(d, {"issued"});
    text += fmt::format("; issued {} to {}; {} finding(s)", issued.empty() ? "(no date)" : issued,
                        recipient.empty() ? "(no recipient)" : recipient, findings_of(d).size());
  } else if (const auto date = d.field("date"); !date.empty()) {
    text += fmt::format("; dated {}", date);
  }
  return text;
}

// The delegate a case names by its name or one of its aliases rather than its id (compared as
// the registry compares them), or null.
const Document* delegate_named(Workspace& ws, const Document& from, std::string_view name)
{
  const auto wanted = delegate::normalise(name);
  for (const auto* d : ws.of_kind("delegate", from, "delegates")) {
    Diagnostics ignored;
    const auto entry = delegate::read(*d, ignored);
    if (delegate::normalise(entry.name) == wanted
        || std::any_of(entry.aliases.begin(), entry.aliases.end(),
                       [&](const std::string& a) { return delegate::normalise(a) == wanted; })) {
      return d;
    }
  }
  return nullptr;
}

// The notice a response answers (its `notice:`), or null.
const Document* answered(Workspace& ws, const Document& from)
{
  const auto id = from.field("notice");
  const auto* d = id.empty() ? nullptr : ws.resolve(id, from);
  return d != nullptr && d->kind == "notice" && d != &from ? d : nullptr;
}

// The word a diagnostic's mark points at in its line, from byte `at`: a quoted scalar's text
// (without its quotes), or a plain key or value up to its `: `, ` #`, a flow indicator or the end
// of the line. [begin, end) in bytes, and whether it was quoted with `quote`.
struct Word
{
  std::size_t begin = 0;
  std::size_t end = 0;
  char quote = 0;
};

std::optional<Word> word_at(std::string_view line, std::size_t at)
{
  if (at >= line.size()) {
    return std::nullopt;
  }
  Word w;
  if (line[at] == '"' || line[at] == '\'') {
    w.quote = line[at];
    const auto close = line.find(w.quote, at + 1);
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    w.begin = at + 1;
    w.end = close;
    return w;
  }
  w.begin = at;
  w.end = at;
  while (w.end < line.size()) {
    const char c = line[w.end];
    if ((c == ':' && (w.end + 1 == line.size() || line[w.end + 1] == ' '))
        || (c == '#' && w.end > at && line[w.end - 1] == ' ') || c == ',' || c == ']' || c == '}') {
      break;
    }
    ++w.end;
  }
  while (w.end > w.begin && line[w.end - 1] == ' ') {
    --w.end;
  }
  return w.end > w.begin ? std::optional<Word>(w) : std::nullopt;
}

// A line's shape for completion: where its key starts (after a `- ` list dash), the key, and
// whether it is a list item.
struct Shape
{
  std::size_t key_col = 0;
  std::string_view key;
  bool dash = false;
  bool blank = true; // blank or a comment
};

Shape shape_of(std::string_view line)
{
  Shape s;
  const auto first = line.find_first_not_of(' ');
  if (first == std::string_view::npos || line[first] == '#') {
    return s;
  }
  s.blank = false;
  auto rest = line.substr(first);
  s.key_col = first;
  if (rest.starts_with("- ") || rest == "-") {
    s.dash = true;
    const auto after = rest.find_first_not_of(' ', 1);
    s.key_col = after == std::string_view::npos ? first + 2 : first + after;
    rest = after == std::string_view::npos ? std::string_view() : rest.substr(after);
  }
  const auto colon = rest.find(':');
  if (colon != std::string_view::npos && (colon + 1 == rest.size() || rest[colon + 1] == ' ')) {
    s.key = rest.substr(0, colon);
  }
  return s;
}

// The keys above line `line` whose block holds column `col` of it, outermost first: "[]" for a
// list item (`actions`, "[]" for a key of an action).
std::vector<std::string> path_at(std::string_view text, std::size_t line, std::size_t col, bool dash)
{
  std::vector<std::string> path;
  bool item = dash;
  for (std::size_t i = line; i-- > 0;) {
    const auto s = shape_of(qicase::lsp::line_at(text, i));
    if (s.blank) {
      continue;
    }
    if (s.key_col == col && s.dash) {
      item = true; // a sibling opens the list item the cursor is in
    }
    if (s.key_col < col) { // the key whose block this is
      if (item) {
        path.insert(path.begin(), "[]");
        item = false;
      }
      if (s.key.empty()) {
        break;
      }
      path.insert(path.begin(), std::string(s.key));
      col = s.key_col;
      item = s.dash;
    }
  }
  return path;
}

// The schema node at `path` from `node` (properties, list items, same-file $refs, the first
// alternative that has properties); null when the path leaves the schema.
const json* schema_at(const json& schema, const json* node, const std::vector<std::string>& path)
{
  const auto deref = [&](const json* n) {
    for (int hops = 0; n != nullptr && hops < 8; ++hops) {
      const auto* ref = member(*n, "$ref");
      if (ref == nullptr || !ref->is_string()) {
        for (const char* alt : {"oneOf", "anyOf", "allOf"}) {
          if (const auto* alts = member(*n, alt);
              alts != nullptr && alts->is_array() && member(*n, "properties") == nullptr) {
            for (const auto& a : *alts) {
              if (member(a, "properties") != nullptr || member(a, "$ref") != nullptr
                  || member(a, "items") != nullptr) {
                n = &a;
                break;
              }
            }
          }
        }
        if (member(*n, "$ref") == nullptr) {
          return n;
        }
        continue;
      }
      const auto target = ref->get<std::string>();
      if (!target.starts_with("#/$defs/")) {
        return static_cast<const json*>(nullptr);
      }
      const auto* defs = member(schema, "$defs");
      n = defs != nullptr ? member(*defs, target.substr(8).c_str()) : nullptr;
    }
    return n;
  };
  node = deref(node);
  for (const auto& key : path) {
    if (node == nullptr) {
      return nullptr;
    }
    if (key == "[]") {
      node = deref(member(*node, "items"));
    } else {
      const auto* props = member(*node, "properties");
      node = props != nullptr ? deref(member(*props, key.c_str())) : nullptr;
    }
  }
  return node;
}

} // namespace

std::optional<std::string> path_of_uri(std::string_view uri)
{
  constexpr std::string_view k_scheme = "file://";
  if (uri.size() < k_scheme.size() || uri.substr(0, k_scheme.size()) != k_scheme) {
    return std::nullopt;
  }
  auto rest = uri.substr(k_scheme.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || (slash != 0 && rest.substr(0, slash) != "localhost")) {
    return std::nullopt; // a file on another host
  }
  rest = rest.substr(slash);
  std::string path;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%') {
      const int hi = i + 2 < rest.size() ? hex_digit(rest[i + 1]) : -1;
      const int lo = i + 2 < rest.size() ? hex_digit(rest[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return std::nullopt;
      }
      const char c = static_cast<char>(hi * 16 + lo);
      if (c == '\0') {
        return std::nullopt; // a NUL is no part of a path
      }
      path += c;
      i += 2;
    } else if (rest[i] == '?' || rest[i] == '#') {
      break;
    } else {
      path += rest[i];
    }
  }
  return path;
}

json Server::parse_error(std::string_view what)
{
  return error_response(nullptr, errc::parse_error, fmt::format("not a JSON-RPC message: {}", what));
}

std::vector<json> Server::handle(const std::vector<json>& batch)
{
  // Requests the same batch cancels are answered RequestCancelled without being run.
  std::set<std::string> cancelled;
  for (const auto& m : batch) {
    if (string_member(m, "method") == "$/cancelRequest") {
      if (const auto* params = member(m, "params");
          const auto* id = params ? member(*params, "id") : nullptr) {
        cancelled.insert(id_key(*id));
      }
    }
  }
  std::vector<json> out;
  for (const auto& m : batch) {
    if (m_exited) {
      break;
    }
    if (m.is_discarded()) { // answered where it came, before the replies to what followed it
      out.push_back(parse_error("a message body that is not JSON"));
      continue;
    }
    if (!m.is_object()) {
      out.push_back(error_response(nullptr, errc::invalid_request, "a message is a JSON object"));
      continue;
    }
    const auto* method = member(m, "method");
    const auto* id = member(m, "id");
    if (method == nullptr || !method->is_string()) {
      if (id == nullptr || member(m, "result") == nullptr) { // a response from the client: nothing to do
        if (member(m, "error") == nullptr) {
          out.push_back(error_response(id != nullptr ? *id : json(nullptr), errc::invalid_request,
                                       "a request or notification names its `method`"));
        }
      }
      continue;
    }
    if (id != nullptr) {
      publish(out); // the diagnostics of the changes before it come first
      if (!id->is_number_integer() && !id->is_string()) {
        out.push_back(
          error_response(nullptr, errc::invalid_request, "a request's `id` is a number or a string"));
        continue;
      }
      if (auto response = request(m, cancelled)) {
        out.push_back(std::move(*response));
      }
    } else {
      notification(m);
      for (auto& r : m_requests) {
        out.push_back(std::move(r));
      }
      m_requests.clear();
    }
  }
  publish(out);
  return out;
}

void Server::publish(std::vector<json>& out)
{
  for (const auto& uri : m_dirty) {
    if (m_buffers.count(uri) != 0) {
      out.push_back(diagnostics(uri));
    } else { // closed: its diagnostics cleared
      out.push_back({{"jsonrpc", "2.0"},
                     {"method", "textDocument/publishDiagnostics"},
                     {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
    }
  }
  m_dirty.clear();
}

std::optional<json> Server::request(const json& message, const std::set<std::string>& cancelled)
{
  const auto& id = message.at("id");
  const auto method = message.at("method").get<std::string>();
  if (cancelled.count(id_key(id)) != 0) {
    return error_response(id, errc::request_cancelled, "cancelled");
  }
  if (method == "initialize") {
    if (m_initialized) {
      return error_response(id, errc::invalid_request, "initialize was already received");
    }
    const auto* params = member(message, "params");
    return result_response(id, initialize(params != nullptr ? *params : json::object()));
  }
  if (!m_initialized) {
    return error_response(id, errc::server_not_initialized,
                          "the server is not initialized: send initialize first");
  }
  if (m_shutdown) {
    return error_response(id, errc::invalid_request, "the server is shut down: only exit is taken now");
  }
  if (method == "shutdown") {
    m_shutdown = true;
    return result_response(id, nullptr);
  }
  const auto* params = member(message, "params");
  if (method == "textDocument/hover" || method == "textDocument/codeLens") {
    if (params == nullptr || !params->is_object()) {
      return error_response(id, errc::invalid_params, fmt::format("`{}` takes `params`", method));
    }
    return result_response(id, method == "textDocument/hover" ? hover(*params) : code_lenses(*params));
  }
  if (method == "workspace/executeCommand") {
    const auto command = params != nullptr ? string_member(*params, "command") : std::string();
    if (command != "qicase.obligation") {
      return error_response(id, errc::invalid_params, fmt::format("qicase lsp has no command `{}`", command));
    }
    return result_response(id, nullptr);
  }
  if (method == "textDocument/codeAction") {
    if (params == nullptr || !params->is_object()) {
      return error_response(id, errc::invalid_params, "`textDocument/codeAction` takes `params`");
    }
    return result_response(id, code_actions(*params));
  }
  if (method == "textDocument/completion") {
    if (params == nullptr || !params->is_object()) {
      return error_response(id, errc::invalid_params, "`textDocument/completion` takes `params`");
    }
    return result_response(id, completion(*params));
  }
  if (method == "textDocument/definition" || method == "textDocument/references") {
    if (params == nullptr || !params->is_object()) {
      return error_response(id, errc::invalid_params, fmt::format("`{}` takes `params`", method));
    }
    return result_response(id,
                           method == "textDocument/definition" ? definition(*params) : references(*params));
  }
  return error_response(id, errc::method_not_found, fmt::format("qicase lsp does not answer `{}`", method));
}

void Server::notification(const json& message)
{
  const auto method = message.at("method").get<std::string>();
  if (method == "exit") {
    m_exited = true;
    return;
  }
  if (!m_initialized || m_shutdown) {
    return; // dropped, as the protocol says
  }
  const auto* params = member(message, "params");
  if (method == "initialized" && m_watch) {
    // Told of every case file changed on disk, the kept folders stay current.
    m_requests.push_back(
      {{"jsonrpc", "2.0"},
       {"id", "qicase/watch"},
       {"method", "client/registerCapability"},
       {"params",
        {{"registrations",
          json::array({{{"id", "qicase/watch"},
                        {"method", "workspace/didChangeWatchedFiles"},
                        {"registerOptions",
                         {{"watchers", json::array({{{"globPattern", "**/*.{yaml,yml}"}},
                                                    {{"globPattern", "**/.qicase.yaml"}}})}}}}})}}}});
    return;
  }
  if (method == "workspace/didChangeWatchedFiles") {
    if (params != nullptr) {
      files_changed(*params);
    }
    return;
  }
  const auto* document = params != nullptr ? member(*params, "textDocument") : nullptr;
  if (document == nullptr) {
    return; // $/... and others the server does not use
  }
  const auto uri = string_member(*document, "uri");
  if (uri.empty()) {
    return;
  }
  const auto version = [&]() -> std::optional<long> {
    const auto* v = member(*document, "version");
    return v != nullptr && v->is_number_integer() ? std::optional<long>(v->get<long>()) : std::nullopt;
  };
  if (method == "textDocument/didOpen") {
    const auto* text = member(*document, "text");
    auto& buffer = m_buffers[uri];
    buffer.text = text != nullptr && text->is_string() ? text->get<std::string>() : std::string();
    buffer.version = version();
    changed(uri, false);
  } else if (method == "textDocument/didChange") {
    const auto it = m_buffers.find(uri);
    const auto* changes = member(*params, "contentChanges");
    if (it == m_buffers.end() || changes == nullptr || !changes->is_array()) {
      return;
    }
    // The server asks for whole texts (TextDocumentSyncKind.Full): the last change holds it.
    for (const auto& change : *changes) {
      if (const auto* text = member(change, "text");
          text != nullptr && text->is_string() && !member(change, "range")) {
        it->second.text = text->get<std::string>();
      }
    }
    it->second.version = version();
    changed(uri, false);
  } else if (method == "textDocument/didSave") {
    if (m_buffers.count(uri) != 0) {
      if (const auto path = path_of_uri(uri)) {
        m_folders->forget(absolute_path(*path));
      }
      dirty(uri);
    }
  } else if (method == "textDocument/didClose") {
    if (m_buffers.count(uri) != 0) {
      changed(uri, true);
      m_buffers.erase(uri);
    }
  }
}

void Server::dirty(const std::string& uri)
{
  if (std::find(m_dirty.begin(), m_dirty.end(), uri) == m_dirty.end()) {
    m_dirty.push_back(uri);
  }
}

void Server::changed(const std::string& uri, bool closed)
{
  auto& buffer = m_buffers.at(uri);
  dirty(uri);
  const auto path = path_of_uri(uri);
  if (!path) {
    return;
  }
  const auto absolute = absolute_path(*path);
  const auto before = buffer.overlay;
  buffer.overlay.reset();
  if (!closed) {
    buffer.overlay = Workspace::parse_sibling(shown_path(absolute), fs::path(absolute).parent_path().string(),
                                              buffer.text);
  }
  m_folders->overlay(absolute, buffer.overlay);
  // Who reads this file: the buffers naming its id, before or after the change; every buffer
  // when it is reference data (a policy, a calendar, a delegate: any case may read it), or
  // when its id or kind changed.
  std::set<std::string, std::less<>> ids;
  bool everyone = false;
  for (const auto& doc : {before, buffer.overlay}) {
    if (doc) {
      ids.insert(doc->id);
      everyone = everyone || (!doc->kind.empty() && !is_case_kind(doc->kind));
    }
  }
  everyone = everyone || (before && buffer.overlay && before->id != buffer.overlay->id);
  ids.erase("");
  for (const auto& [other, b] : m_buffers) {
    if (other == uri || !b.overlay) {
      continue;
    }
    if (everyone || ids.count(b.overlay->field("notice")) != 0 || ids.count(b.overlay->field("previous")) != 0
        || ids.count(b.overlay->field("delegate")) != 0) {
      dirty(other);
    }
  }
}

void Server::files_changed(const json& params)
{
  const auto* changes = member(params, "changes");
  if (changes == nullptr || !changes->is_array()) {
    return;
  }
  for (const auto& change : *changes) {
    if (const auto path = path_of_uri(string_member(change, "uri"))) {
      m_folders->forget(absolute_path(*path));
    }
  }
  // Any open case may read a changed file (its notice, the registry, the configuration).
  for (const auto& [uri, buffer] : m_buffers) {
    dirty(uri);
  }
}

json Server::initialize(const json& params)
{
  m_initialized = true;
  // Positions in UTF-16 unless the client offers UTF-8 (LSP 3.17 general.positionEncodings).
  std::string encoding = "utf-16";
  if (const auto* caps = member(params, "capabilities");
      const auto* general = caps ? member(*caps, "general") : nullptr) {
    if (const auto* offered = member(*general, "positionEncodings");
        offered != nullptr && offered->is_array()) {
      for (const auto& e : *offered) {
        if (e == "utf-8") {
          encoding = "utf-8";
          m_encoding = Encoding::utf8;
        }
      }
    }
  }
  if (const auto* caps = member(params, "capabilities");
      const auto* workspace = caps ? member(*caps, "workspace") : nullptr) {
    const auto* watched = member(*workspace, "didChangeWatchedFiles");
    const auto* dynamic = watched != nullptr ? member(*watched, "dynamicRegistration") : nullptr;
    m_watch = dynamic != nullptr && dynamic->is_boolean() && dynamic->get<bool>();
  }
  // The repository's configuration: the root's .qicase.yaml (the workspace folder's, else the
  // current folder's), read once as every command reads it.
  std::vector<std::string> roots;
  if (const auto uri = string_member(params, "rootUri"); !uri.empty()) {
    if (auto path = path_of_uri(uri)) {
      roots.push_back(*path);
    }
  }
  std::error_code ec;
  if (!roots.empty() && !fs::is_directory(roots.front(), ec)) {
    roots.clear();
  }
  static_cast<void>(m_rt.prepare(formats_of("lsp"), roots));
  return {{"capabilities",
           {{"positionEncoding", encoding},
            {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
            {"hoverProvider", true},
            {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
            {"completionProvider", {{"triggerCharacters", {" ", ":"}}}},
            {"definitionProvider", true},
            {"referencesProvider", true},
            {"codeLensProvider", {{"resolveProvider", false}}},
            // A lens only shows what is due: running it does nothing (workspace/executeCommand).
            {"executeCommandProvider", {{"commands", {"qicase.obligation"}}}}}},
          {"serverInfo", {{"name", "qicase"}, {"version", std::string(k_version)}}}};
}

json Server::hover(const json& params) const
{
  const auto where = at(params);
  const auto& line = where.line;
  if (where.buffer == nullptr || !line) {
    return nullptr;
  }
  // What an id on the line names; what is due from this line, as of the run's day; then what
  // the rules found on it say.
  std::vector<std::string> parts;
  const auto full = qicase::lsp::line_at(where.buffer->text, *line);
  if (const auto [key, value] = key_value(full); !value.empty()) {
    if (key == "notice" || key == "previous" || key == "delegate") {
      auto doc = where.document();
      Workspace ws({doc}, m_rt.threads(), /*folders=*/true, m_folders);
      const auto* named = ws.resolve(value, *doc);
      if (named == nullptr && key == "delegate") {
        named = delegate_named(ws, *doc, value);
      }
      parts.push_back(named != nullptr && named != doc.get()
                        ? described(*named)
                        : fmt::format("`{}` names no file of this repository", value));
    } else if (key == "finding") {
      auto doc = where.document();
      Workspace ws({doc}, m_rt.threads(), /*folders=*/true, m_folders);
      if (const auto* notice = answered(ws, *doc)) {
        const auto listed = findings_of(*notice);
        const auto it = std::find_if(listed.begin(), listed.end(),
                                     [wanted = value](const Listed& f) { return f.id == wanted; });
        parts.push_back(it != listed.end()
                          ? fmt::format("**finding {}** of notice {}: {}{}", it->id, notice->id, it->summary,
                                        it->category.empty() ? "" : fmt::format(" ({})", it->category))
                          : fmt::format("notice {} has no finding `{}`", notice->id, value));
      }
    }
  }
  // A rule id under the cursor (in a baseline, a comment, the configuration): what it finds.
  if (const auto* position = member(params, "position")) {
    const auto* character = member(*position, "character");
    if (character != nullptr && character->is_number_integer() && character->get<long long>() >= 0) {
      const auto at = qicase::lsp::byte_of(full, character->get<std::size_t>(), m_encoding);
      const auto is_id = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
      };
      auto b = at;
      auto e = at;
      while (b > 0 && is_id(full[b - 1])) {
        --b;
      }
      while (e < full.size() && is_id(full[e])) {
        ++e;
      }
      const auto word = full.substr(b, e - b);
      const Rule* rule = word.find('.') != std::string_view::npos ? find_rule(word) : nullptr;
      if (rule != nullptr) {
        parts.push_back(
          fmt::format("`{}`: {}{}", rule->id, rule->text,
                      rule->clause.empty() ? std::string() : fmt::format(" ({})", rule->clause)));
      }
    }
  }
  for (const auto& d : where.buffer->dues) {
    if (d.line == *line) {
      parts.push_back(d.text);
    }
  }
  for (const auto& [at, id] : where.buffer->rules) {
    const Rule* rule = at == *line ? find_rule(id) : nullptr;
    if (rule != nullptr) {
      parts.push_back(fmt::format("`{}`: {}{}", id, rule->text,
                                  rule->clause.empty() ? std::string() : fmt::format(" ({})", rule->clause)));
    }
  }
  if (parts.empty()) {
    return nullptr;
  }
  std::vector<std::string> unique;
  for (auto& p : parts) {
    if (std::find(unique.begin(), unique.end(), p) == unique.end()) {
      unique.push_back(std::move(p));
    }
  }
  parts = std::move(unique);
  std::string value = fmt::format("As of {}:", m_rt.as_of().str());
  for (const auto& p : parts) {
    value += "\n\n" + p;
  }
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}};
}

json Server::code_lenses(const json& params) const
{
  const auto where = at(params);
  json lenses = json::array();
  if (where.buffer == nullptr) {
    return lenses;
  }
  // One lens a line: what is still to do from it first (the earliest open obligation), and how
  // many more are open there.
  std::map<std::size_t, std::vector<const Due*>> open;
  for (const auto& d : where.buffer->dues) {
    if (d.open) {
      open[d.line].push_back(&d);
    }
  }
  for (const auto& [line, dues] : open) {
    const auto* first = *std::min_element(dues.begin(), dues.end(),
                                          [](const Due* a, const Due* b) { return a->due < b->due; });
    auto title = first->text;
    std::erase(title, '*');
    if (dues.size() > 1) {
      title += fmt::format(" (+{} more open)", dues.size() - 1);
    }
    lenses.push_back(
      {{"range",
        {{"start", {{"line", line}, {"character", 0}}}, {"end", {{"line", line}, {"character", 0}}}}},
       {"command",
        {{"title", title},
         {"command", "qicase.obligation"},
         {"arguments", json::array({*where.uri, line})}}}});
  }
  return lenses;
}

Server::At Server::at(const json& params) const
{
  const auto* document = member(params, "textDocument");
  const auto it = document != nullptr ? m_buffers.find(string_member(*document, "uri")) : m_buffers.end();
  At where;
  where.path = it != m_buffers.end() ? path_of_uri(it->first) : std::nullopt;
  if (where.path) {
    where.uri = &it->first;
    where.buffer = &it->second;
  }
  where.line = line_of(params);
  return where;
}

std::shared_ptr<Document> Server::At::document() const
{
  const auto absolute = absolute_path(*path);
  return parse_document(shown_path(absolute), fs::path(absolute).parent_path().string(), buffer->text);
}

json Server::definition(const json& params) const
{
  const auto where = at(params);
  if (where.buffer == nullptr || !where.line) {
    return nullptr;
  }
  const auto [key, value] = key_value(qicase::lsp::line_at(where.buffer->text, *where.line));
  if (value.empty()) {
    return nullptr;
  }
  const auto folder = fs::path(absolute_path(*where.path)).parent_path();
  if (key == "file") { // a cited document: where `evidence` would read it, and only there
    Workspace ws;
    const auto place = evidence::place_of(std::string(value), folder.string(), ws.root_of(folder.string()));
    if (place.is != evidence::Place::Is::file) {
      return nullptr;
    }
    return location_of(place.full.string(), 1);
  }
  if (key != "notice" && key != "previous" && key != "delegate" && key != "finding") {
    return nullptr;
  }
  auto doc = where.document();
  Workspace ws({doc}, m_rt.threads(), /*folders=*/true, m_folders);
  if (key == "finding") { // the finding in the notice answered
    const auto* notice = answered(ws, *doc);
    if (notice == nullptr || notice->builtin) {
      return nullptr;
    }
    for (const auto& f : findings_of(*notice)) {
      if (f.id == value) {
        return location_of(notice->path, f.line);
      }
    }
    return nullptr;
  }
  const auto* named = ws.resolve(value, *doc);
  if (named == nullptr && key == "delegate") {
    named = delegate_named(ws, *doc, value);
  }
  if (named == nullptr || named->builtin || named == doc.get()) {
    return nullptr;
  }
  return location_of(named->path, named->id_mark.line);
}

json Server::references(const json& params) const
{
  const auto where = at(params);
  json found = json::array();
  if (where.buffer == nullptr) {
    return found;
  }
  auto doc = where.document();
  if (doc->id.empty()) {
    return found;
  }
  Workspace ws({doc}, m_rt.threads(), /*folders=*/true, m_folders);
  std::set<std::string> seen;
  for (const auto field : {IndexedKey("notice"), IndexedKey("previous"), IndexedKey("delegate")}) {
    for (const auto* other : ws.referring(field, doc->id, *doc)) {
      if (other != doc.get() && !other->builtin && seen.insert(other->path).second) {
        found.push_back(location_of(other->path, other->id_mark.line));
      }
    }
  }
  return found;
}

json Server::code_actions(const json& params)
{
  json actions = json::array();
  const auto where = at(params);
  const auto* range = member(params, "range");
  const auto line_at_end = [&](const char* end) -> std::optional<std::size_t> {
    const auto* pos = range != nullptr ? member(*range, end) : nullptr;
    const auto* line = pos != nullptr ? member(*pos, "line") : nullptr;
    if (line == nullptr || !line->is_number_integer() || line->get<long long>() < 0) {
      return std::nullopt;
    }
    return line->get<std::size_t>();
  };
  const auto first = line_at_end("start");
  const auto last = line_at_end("end");
  if (where.buffer == nullptr || !first || !last || *last < *first) {
    return actions;
  }
  const auto& text = where.buffer->text;
  // The did-you-mean fixes that are certain: the one close candidate in place of the word.
  for (const auto& f : where.buffer->fixes) {
    const auto l = static_cast<std::size_t>(std::max(f.mark.line - 1, 0));
    if (f.mark.line == 0 || f.mark.column == 0 || l < *first || l > *last) {
      continue;
    }
    const auto line = qicase::lsp::line_at(text, l);
    const auto w = word_at(line, static_cast<std::size_t>(f.mark.column - 1));
    // The word the message names (`x`), and a fix its quotes can hold.
    const auto word = w ? line.substr(w->begin, w->end - w->begin) : std::string_view();
    const auto message = string_member(f.diagnostic, "message");
    if (!w || message.find(fmt::format("`{}`", word)) == std::string::npos) {
      continue;
    }
    // Written as the word was: inside its quotes, or plain when YAML reads it back as the same text.
    const bool fits = w->quote != 0
                        ? f.fix.find(w->quote) == std::string::npos && f.fix.find('\\') == std::string::npos
                        : !f.fix.empty() && f.fix.find(": ") == std::string::npos
                            && f.fix.find(" #") == std::string::npos
                            && std::string_view("-?:,[]{}#&*!|>'\"%@`").find(f.fix.front())
                                 == std::string_view::npos;
    if (!fits) {
      continue;
    }
    const json span = {
      {"start", {{"line", l}, {"character", qicase::lsp::units(line.substr(0, w->begin), m_encoding)}}},
      {"end", {{"line", l}, {"character", qicase::lsp::units(line.substr(0, w->end), m_encoding)}}}};
    actions.push_back(
      {{"title", fmt::format("Write `{}`", f.fix)},
       {"kind", "quickfix"},
       {"isPreferred", true},
       {"diagnostics", json::array({f.diagnostic})},
       {"edit", {{"changes", {{*where.uri, json::array({{{"range", span}, {"newText", f.fix}}})}}}}}});
  }
  // Hashing every cited document costs a read of each: only when a `file:` line is asked about.
  bool cites = false;
  for (auto l = *first; l <= *last && l < *first + 1000 && !cites; ++l) {
    cites = qicase::lsp::line_at(text, l).find("file:") != std::string_view::npos;
  }
  if (!cites) {
    return actions;
  }
  const auto result = m_rt.run_document(where.document(),
                                        Request{.keep_reports = false, .evidence = EvidenceMode::manifest});
  if (!result) {
    return actions;
  }
  for (const auto& e : result->evidence) {
    const auto& c = e.citation;
    const auto line = static_cast<std::size_t>(std::max(c.mark.line - 1, 0));
    if (c.verdict != evidence::Verdict::unpinned || c.sha256_now.empty() || line < *first || line > *last) {
      continue;
    }
    const auto edit = report::pin_edit(c, text);
    if (!edit.why.empty()) {
      continue; // where the patch would refuse, so does the action: `evidence --unpinned` says why
    }
    // Before line `before` (from 1); past the last line of a text without a final line break,
    // after its end.
    auto at_line = edit.before - 1;
    std::size_t at_char = 0;
    auto insert = edit.lines;
    if (!text.empty() && text.back() != '\n'
        && at_line >= static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1) {
      at_line -= 1;
      at_char = qicase::lsp::units(qicase::lsp::line_at(text, at_line), m_encoding);
      insert = "\n" + insert.substr(0, insert.size() - 1);
    }
    json position = {{"line", at_line}, {"character", at_char}};
    actions.push_back({{"title", fmt::format("Pin this evidence: sha256 and size of {}", c.file)},
                       {"kind", "quickfix"},
                       {"edit",
                        {{"changes",
                          {{*where.uri, json::array({{{"range", {{"start", position}, {"end", position}}},
                                                      {"newText", insert}}})}}}}}});
  }
  return actions;
}

json Server::completion(const json& params) const
{
  const auto where = at(params);
  json items = json::array();
  const auto& line = where.line;
  if (where.buffer == nullptr || !line) {
    return items;
  }
  const auto& text = where.buffer->text;
  const auto full = qicase::lsp::line_at(text, *line);
  const auto* position = member(params, "position");
  const auto* character = position != nullptr ? member(*position, "character") : nullptr;
  const auto units = character != nullptr && character->is_number_integer()
                         && character->get<long long>() >= 0
                       ? character->get<std::size_t>()
                       : full.size();
  const auto before = full.substr(0, qicase::lsp::byte_of(full, units, m_encoding));
  auto doc = where.document();
  const auto shape = shape_of(before);
  if (!shape.key.empty()) {
    // A value: ids of the repository, or what the schema enumerates.
    Workspace ws({doc}, m_rt.threads(), /*folders=*/true, m_folders);
    const auto ids = [&](std::string_view kind, std::string_view subfolder) {
      for (const auto* d : ws.of_kind(kind, *doc, subfolder)) {
        if (d == doc.get() || d->id.empty()) {
          continue;
        }
        json item = {{"label", d->id}, {"kind", 18}, {"detail", fmt::format("{} ({})", d->kind, d->path)}};
        if (kind == "delegate") {
          Diagnostics ignored;
          const auto entry = delegate::read(*d, ignored);
          std::string filter = d->id + " " + entry.name;
          for (const auto& alias : entry.aliases) {
            filter += " " + alias;
          }
          item["filterText"] = filter;
          item["detail"] = entry.name;
        }
        items.push_back(std::move(item));
      }
    };
    // A notice or an audit as a reference to it resolves: given, or in the buffer's folder or
    // one of its parents up to the repository root.
    const auto in_scope = [&](std::string_view kind) {
      for (const auto* other : ws.visible(kind, *doc)) {
        if (other != doc.get() && !other->id.empty() && other->id != doc->id) {
          items.push_back(
            {{"label", other->id}, {"kind", 18}, {"detail", fmt::format("{} ({})", kind, other->path)}});
        }
      }
    };
    if (shape.key == "notice") {
      in_scope("notice");
    } else if (shape.key == "previous") {
      in_scope("audit");
    } else if (shape.key == "delegate") {
      ids("delegate", "delegates");
    } else if (shape.key == "finding" && doc->kind != "notice") {
      if (const auto* notice = answered(ws, *doc)) {
        for (const auto& f : findings_of(*notice)) {
          items.push_back({{"label", f.id},
                           {"kind", 18},
                           {"detail", fmt::format("notice {}: {}", notice->id, f.summary)},
                           {"filterText", f.id + " " + f.summary}});
        }
      }
    } else if (const auto schema = data::embedded(fmt::format("schemas/{}.schema.json", doc->kind))) {
      const auto parsed = json::parse(*schema, nullptr, false);
      auto keys = path_at(text, *line, shape.key_col, shape.dash);
      keys.emplace_back(shape.key);
      const auto* node = parsed.is_discarded() ? nullptr : schema_at(parsed, &parsed, keys);
      const auto* values = node != nullptr ? member(*node, "enum") : nullptr;
      for (const auto& v : values != nullptr && values->is_array() ? *values : json::array()) {
        if (v.is_string()) {
          items.push_back({{"label", v}, {"kind", 20}});
        }
      }
    }
    return items;
  }
  // A key: those the schema allows in the block the cursor is in, less those already there.
  const auto schema = data::embedded(
    fmt::format("schemas/{}.schema.json", doc->kind.empty() ? "" : doc->kind));
  const auto parsed = schema ? json::parse(*schema, nullptr, false) : json();
  if (!parsed.is_object()) {
    return items;
  }
  const auto col = shape.blank ? before.size() : shape.key_col;
  const auto keys = path_at(text, *line, col, shape.dash);
  const auto* node = schema_at(parsed, &parsed, keys);
  const auto* props = node != nullptr ? member(*node, "properties") : nullptr;
  if (props == nullptr || !props->is_object()) {
    return items;
  }
  // At the top level, the keys the file already has are left out.
  std::set<std::string, std::less<>> present;
  std::size_t at = 0;
  for (std::size_t i = 0; keys.empty() && at <= text.size(); ++i) {
    const auto end = std::min(text.find('\n', at), text.size());
    const auto s = shape_of(std::string_view(text).substr(at, end - at));
    if (!s.blank && s.key_col == 0 && !s.dash && i != *line) {
      present.emplace(s.key);
    }
    at = end + 1;
  }
  for (const auto& [key, value] : props->items()) {
    if (present.count(key) != 0 || key == "kind") {
      continue;
    }
    json item = {{"label", key}, {"kind", 10}, {"insertText", key + ": "}};
    if (const auto* description = member(value, "description");
        description != nullptr && description->is_string()) {
      item["documentation"] = *description;
    }
    items.push_back(std::move(item));
  }
  return items;
}

json Server::diagnostics(const std::string& uri)
{
  const auto& buffer = m_buffers.at(uri);
  json items = json::array();
  if (const auto path = path_of_uri(uri)) {
    const auto absolute = absolute_path(*path);
    const auto shown = shown_path(absolute);
    auto doc = parse_document(shown, fs::path(absolute).parent_path().string(), buffer.text);
    auto& kept = m_buffers.at(uri);
    kept.dues.clear();
    kept.rules.clear();
    kept.fixes.clear();
    if (auto result = m_rt.run_document(std::move(doc),
                                        Request{.obligations = true, .keep_reports = false})) {
      for (const auto& o : result->obligations) {
        kept.dues.push_back({o.mark.line > 0 ? static_cast<std::size_t>(o.mark.line - 1) : 0,
                             due_text(o, m_rt.as_of()), !o.done, o.due});
      }
      for (const auto& d : result->diags.items()) {
        kept.rules.emplace_back(d.mark.line > 0 ? static_cast<std::size_t>(d.mark.line - 1) : 0, d.rule);
        const auto range = qicase::lsp::range_of(buffer.text, d.mark, m_encoding);
        const Rule* rule = find_rule(d.rule);
        std::string message = d.message;
        if (rule != nullptr && !rule->clause.empty() && message.find(rule->clause) == std::string::npos) {
          message += fmt::format(" ({})", rule->clause);
        }
        const bool known = d.baseline == BaselineState::unchanged;
        if (known) {
          message += " (known: in the repository's baseline)";
        }
        json item = {{"range",
                      {{"start", {{"line", range.start.line}, {"character", range.start.character}}},
                       {"end", {{"line", range.end.line}, {"character", range.end.character}}}}},
                     {"severity", known                           ? 4
                                  : d.severity == Severity::error ? 1
                                                                  : 2},
                     {"code", d.rule},
                     {"source", "qicase"},
                     {"message", message}};
        if (rule != nullptr && !rule->page.empty()) {
          item["codeDescription"] = {{"href", fmt::format("man:{}", rule->page)}};
        }
        if (d.aside && !d.aside->related.empty()) { // a cross-file rule: the other file's place
          item["relatedInformation"] = json::array(
            {{{"location", location_of(d.aside->related, d.aside->related_mark.line)},
              {"message", d.aside->relation}}});
        }
        if (d.aside && !d.aside->fix.empty()) {
          kept.fixes.push_back({d.mark, d.aside->fix, item});
        }
        items.push_back(std::move(item));
      }
    }
  }
  json params = {{"uri", uri}, {"diagnostics", std::move(items)}};
  if (buffer.version) {
    params["version"] = *buffer.version;
  }
  return {{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", std::move(params)}};
}

} // namespace qicase::cli::lsp
