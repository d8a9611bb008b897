#include <qicase/reference/resolve.hpp>

#include <filesystem>

#include <fmt/format.h>

#include <qicase/reference/validate.hpp>

namespace qicase::reference {

bool reference_has_errors(Workspace& workspace, const Document& doc)
{
  auto errors = workspace.cached<bool>(&doc, "has-errors", [&] {
    Diagnostics diags(doc.path);
    diags.append(doc.load);
    if (doc.usable()) {
      validate_reference(workspace, doc, diags);
    }
    return std::make_shared<const bool>(diags.has_errors());
  });
  return *errors;
}

Named find_named(Workspace& workspace, std::string_view option, std::string_view name, std::string_view kind,
                 std::string_view hint, Diagnostics& diags)
{
  Named named;
  const std::string text(name);
  std::error_code ec;
  if (std::filesystem::is_regular_file(text, ec)) {
    named.owned = load_document(text);
    diags.append(named.owned->load);
    if (!named.owned->usable()) {
      return {};
    }
    named.doc = named.owned.get();
  } else {
    Document here;
    here.folder = std::filesystem::current_path(ec).string();
    named.doc = workspace.resolve(name, here);
    if (named.doc == nullptr) {
      diags.error({}, "ref.dangling",
                  fmt::format("{} {}: no such file, and no {} with this id ({})", option, text.substr(0, 60),
                              kind, hint));
      return {};
    }
  }
  if (named.doc->kind != kind) {
    diags.error({}, "ref.kind",
                fmt::format("{} {}: {} is a {}, not a {}", option, text.substr(0, 60), named.doc->path,
                            named.doc->kind.empty() ? "file" : named.doc->kind, kind));
    return {};
  }
  return named;
}

const Document* resolve_reference(Workspace& workspace, const Document& from, std::string_view id,
                                  std::string_view kind, Mark mark, Diagnostics& diags)
{
  const Document* doc = workspace.resolve(id, from);
  if (doc == nullptr) {
    diags.error(mark, "ref.dangling",
                fmt::format("no {} with id `{}`: none among the files given, in this folder or "
                            "its parents up to the repository root, nor built in (see "
                            "`qicase show`){}",
                            kind, id.substr(0, 60), workspace.skipped_note(from)));
    return nullptr;
  }
  const Aside there{.fix = {},
                    .related = doc->builtin ? std::string() : doc->path,
                    .related_mark = doc->id_mark,
                    .relation = fmt::format("`{}`", id)};
  if (doc->kind != kind) {
    diags.error(
      mark, "ref.kind",
      fmt::format("`{}` is a {} ({}), not a {}", id, doc->kind.empty() ? "file" : doc->kind, doc->path, kind),
      there);
    return nullptr;
  }
  if (reference_has_errors(workspace, *doc)) {
    diags.error(mark, "ref.invalid",
                fmt::format("{} `{}` ({}) has errors: run `qicase check {}`", kind, id, doc->path, doc->path),
                there);
    return nullptr;
  }
  return doc;
}

} // namespace qicase::reference
