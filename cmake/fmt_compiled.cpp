// fmt's compiled part for the static qicase executable (CMakeLists.txt, QICASE_STATIC): Debian's
// libfmt-dev ships only the shared library, so this builds what that library holds from the
// installed headers, as fmt's own src/format.cc does for fmt 9: the non-template functions of
// format-inl.h and the explicit instantiations format.h declares extern. One translation unit,
// where FMT_HEADER_ONLY would compile all of it again in each of ours (the build took twice as
// long). A newer fmt changes this list; CMakeLists.txt links the shared library from fmt 10 on.
#include <fmt/format-inl.h>

#if FMT_VERSION < 90000 || FMT_VERSION >= 100000
#error "cmake/fmt_compiled.cpp is for fmt 9; configure with -DQICASE_STATIC=OFF"
#endif

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;

template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;

template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API void buffer<char>::append(const char*, const char*);
template FMT_API void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>,
                                 locale_ref);

template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<wchar_t>;
template FMT_API auto decimal_point_impl(locale_ref) -> wchar_t;
template FMT_API void buffer<wchar_t>::append(const wchar_t*, const wchar_t*);

} // namespace detail
FMT_END_NAMESPACE
