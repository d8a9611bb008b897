#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <cli/app.hpp>
#include <cli/config.hpp>
#include <qicase/check/kinds.hpp>
#include <qicase/core/version.hpp>
#include <qicase/data/embedded.hpp>
#include <qicase/workspace/document.hpp>

#include "helpers.hpp"

using namespace qicase;

namespace {

std::string read(const std::string& path)
{
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Result
{
  int status;
  std::string out;
  std::string err;
};

Result run(std::vector<std::string> args, const std::function<void(cli::Environment&)>& setup = {})
{
  std::ostringstream out;
  std::ostringstream err;
  cli::Environment env;
  env.today = "2024-03-10";
  if (setup) {
    setup(env);
  }
  const int status = cli::run(args, out, err, env);
  return {status, out.str(), err.str()};
}

// An mdoc macro with its argument as a whole word: `Fl -render` or `Cm notice`, inline or not.
bool mentions(const std::string& page, const std::string& macro, const std::string& word)
{
  const std::string needle = macro + " " + word;
  for (auto at = page.find(needle); at != std::string::npos; at = page.find(needle, at + 1)) {
    const auto end = at + needle.size();
    if (end == page.size() || page[end] == ' ' || page[end] == '\n' || page[end] == ',') {
      return true;
    }
  }
  return false;
}

// Every long option a (sub)command has.
void collect(const CLI::App& app, std::set<std::string>& flags)
{
  for (const auto* opt : app.get_options()) {
    for (const auto& name : opt->get_lnames()) {
      flags.insert(name);
    }
  }
}

// The whole command line, as run() builds it: the table that help, dispatch, the man-page test
// and the completion scripts all read.
struct WholeApp
{
  std::ostringstream out;
  std::ostringstream err;
  cli::Environment env;
  cli::Runtime rt{out, err, env};
  CLI::App app{"qicase", "qicase"};
  WholeApp() { cli::setup_app(app, rt); }
};

} // namespace

TEST_CASE("every command has a man page naming each of its flags, and qicase(1) lists it")
{
  WholeApp whole;
  const CLI::App& app = whole.app;
  const std::string main_page = read(QICASE_SOURCE_DIR "/man/qicase.1");
  REQUIRE_FALSE(main_page.empty());

  std::set<std::string> global;
  collect(app, global);
  for (const auto& flag : global) {
    if (flag == "help") {
      continue;
    }
    CAPTURE(flag);
    CHECK(mentions(main_page, "Fl", "-" + flag));
  }
  for (const auto& command : cli::commands()) {
    CAPTURE(command.name);
    CHECK(mentions(main_page, "Cm", std::string(command.name)));
    const auto* sub = app.get_subcommand(std::string(command.name));
    std::string page = read(QICASE_SOURCE_DIR "/man/qicase-" + std::string(command.name) + ".1");
    if (page.empty()) {
      page = main_page; // small commands are documented in qicase(1)
    }
    std::set<std::string> flags;
    collect(*sub, flags);
    for (const auto* nested : sub->get_subcommands({})) {
      CHECK(mentions(page, "Cm", nested->get_name()));
      collect(*nested, flags);
    }
    for (const auto& flag : flags) {
      if (flag == "help") {
        continue;
      }
      CAPTURE(flag);
      CHECK(mentions(page, "Fl", "-" + flag));
    }
  }
}

TEST_CASE("every command has golden cases, and each of its formats is in one of them")
{
  const std::filesystem::path golden = QICASE_SOURCE_DIR "/tests/golden";
  for (const auto& command : cli::commands()) {
    CAPTURE(command.name);
    const auto folder = golden / std::string(command.name);
    REQUIRE(std::filesystem::is_directory(folder));
    std::set<std::string> formats;
    int cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (!std::filesystem::exists(entry.path() / "args")) {
        continue;
      }
      ++cases;
      const auto args = read((entry.path() / "args").string());
      const auto at = args.find("--format\n");
      formats.insert(at == std::string::npos ? std::string(command.formats.front())
                                             : args.substr(at + 9, args.find('\n', at + 9) - at - 9));
    }
    CHECK(cases > 0);
    for (auto f : command.formats) {
      if (f == "ical" || f == "baseline" || f == "github" || f == "xlsx") {
        // Read back by their own tests (due:ical-examples, baseline and GitHub cases, and
        // xlsx:readers: a workbook's bytes are zlib's deflate, which may change with zlib).
        continue;
      }
      CAPTURE(f);
      CHECK(formats.count(std::string(f)) == 1);
    }
  }
}

TEST_CASE("every case kind's command, as its row in the kind table names it, is a command")
{
  std::size_t case_kinds = 0;
  for (const auto kind : known_kinds()) {
    const auto command = check::command_of(kind);
    CAPTURE(kind);
    CHECK(command.empty() == !is_case_kind(kind));
    if (command.empty()) {
      continue;
    }
    ++case_kinds;
    CHECK(std::any_of(cli::commands().begin(), cli::commands().end(),
                      [&](const cli::Command& c) { return c.name == command; }));
  }
  CHECK(case_kinds == 6);
  CHECK(check::command_of("audit") == "audit-score");
}

TEST_CASE("usage errors exit 2 with a message")
{
  auto r = run({"notic", "x.yaml"});
  CHECK(r.status == 2);
  CHECK(
    r.err
    == "qicase: error: unknown command `notic` (did you mean `notice`?); run `qicase --help` for the list\n");
  r = run({"calendar", "add", "2024-02-30", "10bd"});
  CHECK(r.status == 2);
  CHECK(r.err == "qicase: error: `2024-02-30` is an impossible date: February 2024 has 29 days\n");
  r = run({"--as-of", "yesterday", "calendar", "add", "2024-03-04", "1d"});
  CHECK(r.status == 2);
  r = run({"calendar", "add", "2024-03-04", "1d", "--format", "xml"});
  CHECK(r.status == 2);
  CHECK(r.err == "qicase: error: --format xml: this command prints text\n");
  r = run({"schema", "notise"});
  CHECK(r.status == 2);
  CHECK(r.err.find("did you mean `notice`") != std::string::npos);
  // FORCE_COLOR colours stderr that is not a terminal; --color never beats it; NO_COLOR alone
  // keeps it plain.
  const auto colour = [](cli::Environment& e) { e.force_color = true; };
  CHECK(run({"check", "no-such-file.yaml"}, colour).err.find("\033[") != std::string::npos);
  CHECK(run({"check", "no-such-file.yaml", "--color", "never"}, colour).err.find("\033[")
        == std::string::npos);
  CHECK(run({"check", "no-such-file.yaml"}, [](cli::Environment& e) { e.no_color = true; }).err.find("\033[")
        == std::string::npos);
  // `qicase` alone prints the summary of commands and options.
  r = run({});
  CHECK(r.status == 0);
  CHECK(r.out.find("check") != std::string::npos);
  CHECK(r.out.find("--as-of") != std::string::npos);
  CHECK(r.err.empty());
  // `qicase help CMD` is `qicase CMD --help`; --format twice is refused, not guessed.
  CHECK(run({"help", "due"}).out == run({"due", "--help"}).out);
  r = run({"--format", "json", "check", ".", "--format", "text"});
  CHECK(r.status == 2);
  CHECK(r.err == "qicase: error: --format is given 2 times (json, then text): give it once\n");
}

TEST_CASE("a run builds only the command it runs, and reads its arguments as the whole app does")
{
  WholeApp whole;
  std::ostringstream out;
  std::ostringstream err;
  cli::Environment env;
  cli::Runtime rt{out, err, env};
  CLI::App one{"qicase", "qicase"};
  cli::setup_app(one, rt, "due");
  // Every command is still listed, with its help line: the main help reads the same.
  CHECK(one.help() == whole.app.help());
  for (const auto& command : cli::commands()) {
    CAPTURE(command.name);
    const auto* full = whole.app.get_subcommand(std::string(command.name));
    const auto* sub = one.get_subcommand(std::string(command.name));
    CHECK(sub->get_description() == full->get_description());
    if (command.name == "due") {
      CHECK(sub->help() == full->help());
    } else {
      CHECK(sub->get_options().size() == 1); // --help alone: nothing built
      CHECK(sub->get_subcommands({}).empty());
      if (command.name != "config") { // the one command with no options of its own
        CHECK(full->get_options().size() + full->get_subcommands({}).size() > 1);
      }
    }
  }
  // The command word is found past global options and their values, as CLI11 finds it.
  auto r = run(
    {"--as-of", "2024-06-30", "--calendar", "us-federal", "calendar", "add", "2024-03-04", "10bd"});
  CHECK(r.status == 0);
  CHECK(r.out == "2024-03-18\n");
  r = run({"--color=never", "--strict", "calendar", "between", "2024-03-04", "2024-03-18"});
  CHECK(r.status == 0);
  CHECK(r.out == "10\n");
  // A global option's value that names a command is a value: the next word is the command.
  r = run({"--calendar", "check", "calendar", "add", "2024-03-04", "1bd"});
  CHECK(r.status == 2);
  CHECK(r.err.find("--calendar check: no such file, and no calendar with this id") != std::string::npos);
  r = run({"--as-of", "check", "notice"});
  CHECK(r.status == 2);
  CHECK(r.err.find("files is required") != std::string::npos); // notice's own option, built
  // `completion` prints the whole app, every command's flags.
  r = run({"completion", "bash"});
  CHECK(r.status == 0);
  CHECK(r.out.find("--render") != std::string::npos);
  CHECK(r.out.find("--all") != std::string::npos);
}

TEST_CASE("calendar subcommands print one plain line for scripts")
{
  CHECK(run({"calendar", "add", "2024-03-04", "10bd"}).out == "2024-03-18\n");
  CHECK(run({"calendar", "add", "2024-03-18", "-10bd"}).out == "2024-03-04\n");
  CHECK(run({"calendar", "between", "2024-03-04", "2024-03-18"}).out == "10\n");
  CHECK(run({"calendar", "between", "2024-03-04", "2024-03-18", "--unit", "d"}).out == "14\n");
  CHECK(run({"--version"}).out == "qicase 0.1.0\n");
  // Global options work after the command too.
  CHECK(run({"calendar", "add", "2024-03-04", "10bd", "--calendar", "us-federal"}).out == "2024-03-18\n");
}

TEST_CASE("schema --all --out writes every kind's schema for editors; new names the installed one")
{
  const test::TempFolder temp;
  const auto& dir = temp.root();
  auto r = run({"schema", "--all", "--out", (dir / "nested").string()});
  CHECK(r.status == 0);
  int written = 0;
  for (auto kind : known_kinds()) {
    const auto embedded = data::embedded("schemas/" + std::string(kind) + ".schema.json");
    if (!embedded) {
      continue;
    }
    const auto path = (dir / "nested" / (std::string(kind) + ".schema.json")).string();
    CAPTURE(path);
    CHECK(read(path) == *embedded);
    CHECK(r.out.find(path + "\n") != std::string::npos);
    ++written;
  }
  CHECK(written == static_cast<int>(known_kinds().size()));
  // And the configuration's, which the package installs beside them.
  const auto config = (dir / "nested" / "qicase-config.schema.json").string();
  CHECK(read(config) == *data::embedded("schemas/qicase-config.schema.json"));
  // One kind; a file where the folder should be is a usage error.
  CHECK(run({"schema", "qcar", "--out", (dir / "one").string()}).out
        == (dir / "one" / "qcar.schema.json").string() + "\n");
  r = run({"schema", "--all", "--out", (dir / "nested" / "qcar.schema.json").string()});
  CHECK(r.status == 2);
  CHECK(r.err.find("cannot create the folder") != std::string::npos);

  // The modeline names schemas that exist: the installed ones, never the build's source tree
  // (none when qicase is not installed).
  const auto starter = run({"new", "cap"}).out;
  if (std::filesystem::is_directory(k_schema_dir)) {
    CHECK(
      starter.rfind(std::string("# yaml-language-server: $schema=") + k_schema_dir + "/cap.schema.json\n", 0)
      == 0);
  } else {
    CHECK(starter.find("yaml-language-server") == std::string::npos);
  }
  CHECK(starter.find(k_source_schema_dir) == std::string::npos);
  // `schema-dir:` of .qicase.yaml is relative to it: from a folder two down, the modeline is
  // relative to where the new file is saved.
  {
    test::TempFolder repo;
    repo.write(".qicase.yaml", "schema-dir: schemas\n");
    repo.write("notices/n1/keep.txt", "");
    const auto before = std::filesystem::current_path();
    std::filesystem::current_path(repo.root() / "notices" / "n1");
    const auto here = run({"new", "qcar"}).out;
    std::filesystem::current_path(before);
    CHECK(here.rfind("# yaml-language-server: $schema=../../schemas/qcar.schema.json\n", 0) == 0);
  }
  // --schema-dir none: no modeline.
  CHECK(run({"new", "cap", "--schema-dir", "none"}).out.find("yaml-language-server") == std::string::npos);
  // --schema-dir as given (a URL need not exist).
  CHECK(run({"new", "cap", "--schema-dir", "https://schemas.invalid/q"})
          .out.rfind("# yaml-language-server: $schema=https://schemas.invalid/q/cap.schema.json\n", 0)
        == 0);
}

TEST_CASE("completion scripts name every command, nested command and flag of the command table")
{
  WholeApp whole;
  const CLI::App& app = whole.app;
  // Each command by its path ("qicase workplan import": every script dispatches on it), each
  // long flag by name.
  std::set<std::string> paths;
  std::set<std::string> flags;
  collect(app, flags);
  for (const auto* sub : app.get_subcommands({})) {
    paths.insert("qicase " + sub->get_name());
    collect(*sub, flags);
    for (const auto* nested : sub->get_subcommands({})) {
      paths.insert("qicase " + sub->get_name() + " " + nested->get_name());
      collect(*nested, flags);
    }
  }
  REQUIRE(paths.size() >= 18);
  REQUIRE(flags.size() > 25);
  // `token` as a whole word of `text`: no letter, digit or '-' right before or after it.
  const auto has_token = [](const std::string& text, const std::string& token) {
    const auto word_char = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
    };
    for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) {
      const auto end = at + token.size();
      if ((at == 0 || !word_char(text[at - 1])) && (end == text.size() || !word_char(text[end]))) {
        return true;
      }
    }
    return false;
  };
  for (const auto* shell : {"bash", "zsh", "fish"}) {
    CAPTURE(shell);
    const auto r = run({"completion", shell});
    REQUIRE(r.status == 0);
    for (const auto& path : paths) {
      CAPTURE(path);
      CHECK(has_token(r.out, path));
    }
    for (const auto& flag : flags) {
      CAPTURE(flag);
      // bash and zsh write `--flag`; fish writes `-l flag`.
      CHECK(has_token(r.out, std::string(shell) == "fish" ? "-l " + flag : "--" + flag));
    }
  }
  const auto bad = run({"completion", "bsh"});
  CHECK(bad.status == 2);
  CHECK(bad.err
        == "qicase: error: no completion for shell `bsh` (did you mean `bash`?): the shells are bash, zsh "
           "and fish\n");
}

TEST_CASE("every example and template names its schema for yaml-language-server, by a path that exists")
{
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(QICASE_SOURCE_DIR "/examples")) {
    const auto& path = entry.path();
    if (!entry.is_regular_file() || path.extension() != ".yaml"
        || path.filename().string().starts_with(".")) {
      continue;
    }
    const auto text = read(path.string());
    CAPTURE(path.string());
    constexpr std::string_view prefix = "# yaml-language-server: $schema=";
    REQUIRE(text.starts_with(prefix));
    const auto schema = text.substr(prefix.size(), text.find('\n') - prefix.size());
    CHECK(std::filesystem::is_regular_file(path.parent_path() / schema));
    ++checked;
  }
  CHECK(checked >= 20);
  for (const auto& file : data::embedded_files()) {
    if (!file.path.starts_with("data/templates/")) {
      continue;
    }
    CAPTURE(file.path);
    const auto kind = std::filesystem::path(file.path).stem().string();
    // A case kind's starter is kept in its folder, a reference kind's in data/templates/.
    const auto own = std::filesystem::path(QICASE_SOURCE_DIR) / "lib/qicase" / kind / "template.yaml";
    const auto source = std::filesystem::exists(own) ? own
                                                     : std::filesystem::path(QICASE_SOURCE_DIR) / file.path;
    constexpr std::string_view prefix = "# yaml-language-server: $schema=";
    REQUIRE(file.content.starts_with(prefix));
    const auto schema = file.content.substr(prefix.size(), file.content.find('\n') - prefix.size());
    CHECK(schema.ends_with("schemas/" + kind + ".schema.json"));
    CHECK(std::filesystem::is_regular_file(source.parent_path() / schema));
    // `new` replaces it with one modeline naming the chosen folder.
    const auto starter = run({"new", kind, "--schema-dir", "s"}).out;
    CHECK(starter.starts_with("# yaml-language-server: $schema=s/" + kind + ".schema.json\n# "));
  }
}

TEST_CASE("qicase-config(5) and the configuration's JSON Schema name every key and format")
{
  const std::string page = read(QICASE_SOURCE_DIR "/man/qicase-config.5");
  const std::string schema = read(QICASE_SOURCE_DIR "/schemas/qicase-config.schema.json");
  REQUIRE_FALSE(page.empty());
  REQUIRE_FALSE(schema.empty());
  for (auto key : cli::config_keys()) {
    CAPTURE(key);
    CHECK(mentions(page, "Ic", std::string(key)));
    CHECK(schema.find("\"" + std::string(key) + "\": {") != std::string::npos);
  }
  // The schema's formats are the command table's.
  for (const auto& command : cli::commands()) {
    if (command.formats.size() < 2) {
      continue;
    }
    std::string list;
    for (auto f : command.formats) {
      list += (list.empty() ? "\"" : ", \"") + std::string(f) + "\"";
    }
    CAPTURE(command.name);
    CHECK(schema.find("\"" + std::string(command.name) + "\": {\"enum\": [" + list + "]}")
          != std::string::npos);
  }
}

TEST_CASE(".qicase.yaml: defaults the command line overrides; unknown keys are errors")
{
  const auto root = std::filesystem::temp_directory_path() / "qicase-config-test";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / ".git");
  {
    std::ofstream(root / ".qicase.yaml") << "exclude: drafts\nsoon: 5bd\nformat: {check: json}\n";
  }
  Diagnostics diags;
  const auto c = cli::load_config(root.string(), diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(c.exclude.size() == 1);
  CHECK(c.exclude[0].value == "drafts");
  CHECK(c.exclude[0].origin.ends_with(".qicase.yaml:1"));
  REQUIRE(c.soon);
  CHECK(c.soon->value == "5bd");
  CHECK(c.format.at("check").value == "json");
  {
    std::ofstream(root / ".qicase.yaml") << "calender: x\nformat: {due: junit}\n";
  }
  Diagnostics bad;
  cli::load_config(root.string(), bad);
  REQUIRE(bad.items().size() == 2);
  CHECK(bad.items()[0].message.find("did you mean `calendar`") != std::string::npos);
  CHECK(bad.items()[1].rule == "config.value");
  std::filesystem::remove_all(root);
}

TEST_CASE("EscapingBuffer: output handed on in pieces is filtered as if written whole")
{
  // A line that begins with `::`, a `##[` and a terminal control, each just past a 64 KiB
  // boundary, as a streamed agenda or report hands them on.
  std::string text(Sink::k_chunk - 3, 'a');
  text += "\n::error title=x::forged\n";
  text += std::string(Sink::k_chunk - 5, 'b');
  text += "##[add-mask]\x1b[31m red\n";
  const auto through = [&](std::size_t piece) {
    std::ostringstream target;
    cli::EscapingBuffer buffer(target.rdbuf());
    {
      std::ostream out(&buffer);
      for (std::size_t at = 0; at < text.size(); at += piece) {
        out << text.substr(at, piece);
      }
    }
    buffer.finish();
    return target.str();
  };
  const auto whole = through(text.size());
  CHECK(whole.find("\n::") == std::string::npos);
  CHECK(whole.find("##[") == std::string::npos);
  CHECK(whole.find('\x1b') == std::string::npos);
  CHECK(whole.find("forged") != std::string::npos); // shown, not dropped
  CHECK(through(Sink::k_chunk) == whole);
  CHECK(through(Sink::k_chunk - 1) == whole);
  CHECK(through(7) == whole);
  CHECK(through(1) == whole);
}
