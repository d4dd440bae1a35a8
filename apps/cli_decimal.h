// Integer options are decimal. CLI11 converts them with strtoll/strtoull in base 0, so "010"
// became 8 and "0x10" 16: `--ticks 010` silently ran 8 ticks. Header-only (CLI11 only), so
// that eedn_train and meridian-mpi use the same rule as meridian.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace meridian {

// Call after every option is added: each integer option of `app` and of its subcommands (at
// any depth) first takes only an optional '-' and decimal digits, and drops leading zeros
// ("010" -> "10", "-0" -> "0"). The option's own range check then runs on that value.
inline void decimal_integer_options(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    const std::string type = opt->get_type_name();
    const std::string base = type.substr(0, type.find(':'));
    if (base != "INT" && base != "UINT") continue;
    // transform() puts the check first, before the range checks and the conversion.
    opt->transform(CLI::Validator(
        [](std::string& s) -> std::string {
          const size_t first = (!s.empty() && s[0] == '-') ? 1 : 0;
          if (first == s.size() || s.find_first_not_of("0123456789", first) != std::string::npos)
            return "value " + s + " is not a decimal integer";
          const size_t nonzero = s.find_first_not_of('0', first);
          s = nonzero == std::string::npos ? "0" : s.substr(0, first) + s.substr(nonzero);
          return "";
        },
        ""));  // no description: the help keeps showing the option's range
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    decimal_integer_options(*sub);
}

}  // namespace meridian
