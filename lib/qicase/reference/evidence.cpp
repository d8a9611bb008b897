#include <qicase/reference/evidence.hpp>

#include <filesystem>

#include <fmt/format.h>

#include <qicase/core/sha256.hpp>
#include <qicase/core/text.hpp>

namespace qicase::evidence {

namespace fs = std::filesystem;

std::string_view to_string(Verdict verdict)
{
  switch (verdict) {
  case Verdict::ok: return "ok";
  case Verdict::unpinned: return "unpinned";
  case Verdict::missing: return "missing";
  case Verdict::changed: return "changed";
  case Verdict::outside: return "outside";
  case Verdict::url: return "url";
  }
  return "unpinned";
}

namespace {

bool is_hex64(std::string_view s)
{
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool is_url(std::string_view s)
{
  return s.starts_with("http://") || s.starts_with("https://");
}

// Whether `path` (absolute, normal) is `root` or below it.
bool within(const fs::path& path, const fs::path& root)
{
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) {
      continue; // a trailing separator
    }
    if (p == path.end() || *p != *r) {
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<Citation> read(yaml::Fields& item, Diagnostics& diags)
{
  auto file = item.text("file");
  // A hash is text even where YAML would read its digits as a number (all digits, or digits
  // around one `e`): taken as written.
  std::optional<std::string> sha;
  if (const yaml::Node* n = item.find("sha256"); n != nullptr && n->is_scalar()) {
    sha = n->text;
  } else if (n != nullptr) {
    sha = item.text("sha256"); // a list or mapping: the usual type error
  }
  const auto size = item.integer("size", 0, std::int64_t{1} << 50);
  if (!file || file->empty()) {
    if (sha || size) {
      diags.error(item.mark_of(sha ? "sha256" : "size"), "evidence.pin",
                  "a `sha256` or `size` pins a `file`: add the `file:` it was taken of");
    }
    return std::nullopt;
  }
  Citation c;
  c.file = std::move(*file);
  c.mark = item.mark_of("file");
  c.item_mark = item.mark();
  if (sha) {
    if (is_hex64(lower(*sha))) {
      c.sha256 = lower(*sha);
    } else {
      diags.error(item.mark_of("sha256"), "evidence.pin",
                  fmt::format("`sha256: {}` is not a SHA-256: write the 64 hex digits `qicase "
                              "evidence --unpinned` prints (or `sha256sum FILE`)",
                              utf8_prefix(*sha, 70)));
    }
  }
  if (size) {
    c.size = static_cast<std::uint64_t>(*size);
  }
  return c;
}

namespace {

// The cited file on disk: a regular file inside the repository, reached by its path written
// relative to the case file (a link judged where it leads). Else the verdict and its problem,
// and none.
std::optional<fs::path> located(Citation& c, const Document& doc, const fs::path& written, Context& ctx,
                                Diagnostics& diags, bool decisive)
{
  const auto root = fs::path(ctx.workspace.root_of(doc.folder)).lexically_normal();
  const auto place = place_of(c.file, doc.folder, root.string());
  using Is = Place::Is;
  switch (place.is) {
  case Is::file: return place.full;
  case Is::nul:
    // The system would read the path only up to the NUL: another file than the one written.
    c.verdict = Verdict::outside;
    diags.error(c.mark, "evidence.path",
                fmt::format("`{}` holds a NUL byte: cite the document by its file name",
                            escape_line(utf8_prefix(c.file, 120))));
    return std::nullopt;
  case Is::absolute:
  case Is::outside:
    c.verdict = Verdict::outside;
    diags.error(c.mark, "evidence.path",
                fmt::format("`{}` is {}: cite evidence by a path relative to the case file, "
                            "inside the repository ({})",
                            utf8_prefix(c.file, 120),
                            written.is_absolute() ? "an absolute path" : "outside the repository",
                            root.filename().string()));
    return std::nullopt;
  case Is::missing: {
    c.verdict = Verdict::missing;
    const auto message = fmt::format(
      "evidence `{}` is missing (no file at {}){}", utf8_prefix(c.file, 120), c.shown,
      decisive ? ": it cannot close anything until it is added (4.9A D.4)" : "");
    if (decisive) {
      diags.error(c.mark, "evidence.missing", message);
    } else {
      diags.warning(c.mark, "evidence.missing", message);
    }
    return std::nullopt;
  }
  case Is::link_out:
    c.verdict = Verdict::outside;
    diags.error(c.mark, "evidence.path",
                fmt::format("`{}` leads outside the repository (a link to {}): cite the document "
                            "itself, inside the repository",
                            utf8_prefix(c.file, 120), utf8_prefix(place.real.string(), 120)));
    return std::nullopt;
  case Is::not_file:
    c.verdict = Verdict::outside;
    diags.error(c.mark, "evidence.path",
                fmt::format("`{}` is a folder or not a regular file: cite the document itself",
                            utf8_prefix(c.file, 120)));
    return std::nullopt;
  }
  return std::nullopt;
}

// A file found: hashed when pinned (or --hash), and its hash held to the pin (4.9A D.4).
void compare_pin(Citation& c, const fs::path& full, Context& ctx, Diagnostics& diags)
{
  std::error_code ec;
  if (!c.sha256 && ctx.request.require_pinned) {
    // 4.9A D.4, as the repository's configuration asks: accepted evidence is pinned.
    diags.error(c.mark, "evidence.unpinned",
                fmt::format("evidence `{}` is not pinned, and this repository requires pinned evidence "
                            "(require-pinned-evidence): add its `sha256` and `size` "
                            "(`qicase evidence --unpinned` prints them)",
                            utf8_prefix(c.file, 120)));
  }
  if (!c.sha256 && !ctx.request.hash_evidence()) {
    c.verdict = Verdict::unpinned;
    const auto size = fs::file_size(full, ec);
    if (!ec) {
      c.size_now = size;
    }
    return;
  }
  // A size that differs from the one recorded decides `changed` without reading the file (a
  // sparse file of gigabytes costs nothing).
  if (c.sha256 && c.size) {
    const auto size = fs::file_size(full, ec);
    if (!ec && size != *c.size) {
      c.verdict = Verdict::changed;
      c.size_now = size;
      diags.error(c.mark, "evidence.changed",
                  fmt::format("evidence `{}` changed after it was accepted: size recorded {}, now {}: "
                              "restore the accepted file, or record the new one as new evidence",
                              utf8_prefix(c.file, 120), *c.size, size));
      return;
    }
  }
  // Each file is hashed once a run, however many items cite it.
  const auto held = ctx.workspace.cached<FileHash>(nullptr, "sha256\n" + full.string(), [&] {
    return std::make_shared<const FileHash>(sha256_file(full.string()));
  });
  const FileHash& hash = *held;
  if (!hash.error.empty()) {
    c.verdict = Verdict::missing;
    diags.error(c.mark, "evidence.missing",
                fmt::format("evidence `{}` cannot be read: {}", utf8_prefix(c.file, 120), hash.error));
    return;
  }
  c.sha256_now = hash.hex;
  c.size_now = hash.size;
  if (!c.sha256) {
    c.verdict = Verdict::unpinned;
    return;
  }
  if (*c.sha256 != hash.hex || (c.size && *c.size != hash.size)) {
    c.verdict = Verdict::changed;
    diags.error(c.mark, "evidence.changed",
                fmt::format("evidence `{}` changed after it was accepted: sha256 recorded {}, now {}{}: "
                            "restore the accepted file, or record the new one as new evidence",
                            utf8_prefix(c.file, 120), *c.sha256, hash.hex,
                            c.size && *c.size != hash.size
                              ? fmt::format(" (size recorded {}, now {})", *c.size, hash.size)
                              : ""));
    return;
  }
  c.verdict = Verdict::ok;
}

} // namespace

Place place_of(const std::string& written_text, const std::string& folder, const std::string& root_text)
{
  Place place;
  using Is = Place::Is;
  if (written_text.find('\0') != std::string::npos) {
    place.is = Is::nul;
    return place;
  }
  std::error_code ec;
  const fs::path written(written_text);
  place.full = (fs::path(folder) / written).lexically_normal();
  const fs::path root = fs::path(root_text).lexically_normal();
  if (written.is_absolute() || !within(place.full, root)) {
    place.is = written.is_absolute() ? Is::absolute : Is::outside;
    return place;
  }
  const auto status = fs::status(place.full, ec);
  if (ec || !fs::exists(status)) {
    place.is = Is::missing;
    return place;
  }
  // A symbolic link inside the repository may point out of it: judged where it leads, so a case
  // file cannot make qicase read (and hash) a file outside the repository.
  place.real = fs::canonical(place.full, ec);
  const auto real_root = fs::canonical(root, ec);
  if (!ec && !within(place.real, real_root)) {
    place.is = Is::link_out;
    return place;
  }
  place.is = fs::is_regular_file(status) ? Is::file : Is::not_file;
  return place;
}

void verify(Citation& c, const Document& doc, Context& ctx, Diagnostics& diags, bool decisive)
{
  if (is_url(c.file)) {
    c.verdict = Verdict::url;
    c.shown = c.file;
    if (c.sha256 && ctx.request.verify_evidence()) {
      diags.warning(c.mark, "evidence.pin",
                    fmt::format("`{}` is a web address: qicase reads no network, so nothing verifies its "
                                "`sha256`; keep a copy in the repository and cite that file (4.9A D.4)",
                                utf8_prefix(c.file, 120)));
    }
    return;
  }
  const fs::path written(c.file);
  c.shown = (fs::path(doc.path).parent_path() / written).lexically_normal().generic_string();
  if (!ctx.request.verify_evidence()) {
    c.verdict = c.sha256 ? Verdict::ok : Verdict::unpinned; // as recorded, not looked at
    return;
  }
  if (doc.folder.empty()) {
    c.verdict = Verdict::outside; // a built-in cites nothing on disk
    return;
  }
  if (const auto full = located(c, doc, written, ctx, diags, decisive)) {
    compare_pin(c, *full, ctx, diags);
  }
}

} // namespace qicase::evidence
