#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qicase/core/diagnostics.hpp>

namespace qicase::cli {

// One setting of .qicase.yaml: its value and where it was written (file:line).
struct Setting
{
  std::string value;
  std::string origin;
};

// `.qicase.yaml` at the repository root (qicase-config(5)): defaults for options, which the
// command line overrides. It also marks the root for finding cases by id, so an empty file is
// a valid configuration.
struct Config
{
  std::string path;                      // the file read, "" when there is none
  std::string folder;                    // its folder: relative paths in it are relative to this
  std::optional<Setting> calendar;       // --calendar
  std::optional<Setting> policy;         // the policy of notices that name none
  std::optional<Setting> schema_dir;     // new --schema-dir
  std::optional<Setting> soon;           // due --soon
  std::optional<Setting> baseline;       // check --baseline (relative to the configuration)
  std::optional<Setting> require_pinned; // require-pinned-evidence: "true" or "false"
  std::vector<Setting> exclude;          // --exclude, before the command line's
  std::map<std::string, Setting> format; // command -> its default --format
};

// The keys a configuration may hold, for did-you-mean and the man page test.
const std::vector<std::string_view>& config_keys();

// The nearest .qicase.yaml from `folder` up to the repository root (a folder holding .git ends
// the search); read and checked. Problems go to `diags` (with positions in the file).
Config load_config(const std::string& folder, Diagnostics& diags);
// The same, of a configuration's text read elsewhere (`diff`: a revision's, from git), as if it
// were the file `path` (what relative paths in it are relative to); `shown` names it in messages.
Config parse_config(const std::string& path, const std::string& shown, std::string_view text,
                    Diagnostics& diags);

} // namespace qicase::cli
