#pragma once

#include <cstddef>
#include <string_view>

#include <qicase/core/diagnostics.hpp>

// Where a diagnostic lies in an editor's terms (`qicase lsp`): a Language Server Protocol
// position counts lines from 0 and columns in the client's unit, UTF-16 code units unless the
// client offers UTF-8. qicase's marks count lines from 1 and columns in bytes from 1 (0: the file
// as a whole). Protocol-neutral: no JSON here.
namespace qicase::lsp {

enum class Encoding { utf16, utf8 };

struct Position
{
  std::size_t line = 0;
  std::size_t character = 0;
};

struct Range
{
  Position start;
  Position end;
};

// Line `line` (from 0) of `text`, without its line break; empty past the end.
std::string_view line_at(std::string_view text, std::size_t line);

// How many units of `encoding` the UTF-8 text `s` takes: UTF-16 code units (a character beyond
// U+FFFF takes two) or bytes. A malformed byte counts as one unit, as U+FFFD would.
std::size_t units(std::string_view s, Encoding encoding);

// The byte offset in `line` of a column of `units` units of `encoding` (past the end: its size;
// inside a character: that character's start).
std::size_t byte_of(std::string_view line, std::size_t units, Encoding encoding);

// The range a diagnostic at `mark` covers in `text`: from its column to the end of its line
// (trailing blanks left out), or the first line when the mark is the whole file's. A column past
// the end of its line is taken as the line's end.
Range range_of(std::string_view text, Mark mark, Encoding encoding);

} // namespace qicase::lsp
