#include "cli/model.hpp"

#include <algorithm>
#include <cctype>

namespace hrdex::cli {
namespace {

std::vector<std::string> split_choices(const std::string& set) {  // "{a,b,c}"
  std::vector<std::string> out;
  std::string item;
  for (char c : set.substr(1, set.size() - 2)) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

std::string upper_placeholder(const std::string& name) {
  std::string out;
  for (char c : name) out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// CLI11 prints an option's type as "TEXT", "INT", "TEXT:FILE",
// "TEXT:{text,json}", "INT:INT in [1 - 256]": the type, then each
// validator's description.
void read_type(const CLI::Option& opt, OptionModel& model) {
  std::string type = opt.get_type_name();
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    // A choice set may hold ':' no more than a range does; split outside braces.
    std::size_t depth = 0, i = start;
    for (; i < type.size(); ++i) {
      if (type[i] == '{' || type[i] == '[') ++depth;
      if ((type[i] == '}' || type[i] == ']') && depth > 0) --depth;
      if (type[i] == ':' && depth == 0) break;
    }
    parts.push_back(type.substr(start, i - start));
    if (i >= type.size()) break;
    start = i + 1;
  }
  const std::string& base = parts.front();
  model.kind = base == "INT" || base == "UINT" || base == "FLOAT" ? ValueKind::number : ValueKind::text;
  // A type named FILE or DIR (->type_name("DIR")) counts as a validator's.
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (p == "FILE" || p == "PATH(existing)") {
      model.kind = ValueKind::file;
    } else if (p == "DIR") {
      model.kind = ValueKind::folder;
    } else if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
      model.kind = ValueKind::choice;
      model.choices = split_choices(p);
    } else if (i > 0 && !p.empty()) {
      model.constraint = p;
    }
  }
  switch (model.kind) {
    case ValueKind::number: model.placeholder = "N"; break;
    case ValueKind::file: model.placeholder = "FILE"; break;
    case ValueKind::folder: model.placeholder = "DIR"; break;
    default: model.placeholder = upper_placeholder(opt.get_single_name());
  }
}

OptionModel option_model(const CLI::Option& opt, const std::vector<std::string>& folders,
                         const std::vector<std::string>& files) {
  OptionModel model;
  model.positional = !opt.nonpositional();
  if (model.positional) {
    model.names.push_back(opt.get_name());
  } else {
    for (const auto& s : opt.get_snames()) model.names.push_back("-" + s);
    for (const auto& l : opt.get_lnames()) model.names.push_back("--" + l);
  }
  model.required = opt.get_required();
  model.repeatable = opt.get_expected_max() >= CLI::detail::expected_max_vector_size;
  model.description = opt.get_description();
  model.default_value = opt.get_default_str();
  if (opt.get_expected_max() != 0) read_type(opt, model);  // a flag expects none
  auto named = [&](const std::vector<std::string>& list) {
    for (const auto& n : model.names)
      if (std::find(list.begin(), list.end(), n) != list.end()) return true;
    return false;
  };
  if (model.kind == ValueKind::text && named(folders)) model.kind = ValueKind::folder, model.placeholder = "DIR";
  if (model.kind == ValueKind::text && named(files)) model.kind = ValueKind::file, model.placeholder = "FILE";
  if (model.positional) model.placeholder = opt.get_name();
  return model;
}

}  // namespace

CommandModel command_model(const CLI::App& app, const std::vector<std::string>& folders,
                           const std::vector<std::string>& files) {
  CommandModel command;
  command.name = app.get_name();
  command.description = app.get_description();
  std::vector<OptionModel> positionals;
  for (const CLI::Option* opt : app.get_options([](const CLI::Option*) { return true; })) {
    if (opt->get_group().empty()) continue;  // hidden
    OptionModel model = option_model(*opt, folders, files);
    (model.positional ? positionals : command.options).push_back(std::move(model));
  }
  command.options.insert(command.options.end(), positionals.begin(), positionals.end());
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (!sub->get_name().empty()) command.subcommands.push_back(command_model(*sub, folders, files));
  return command;
}

}  // namespace hrdex::cli
