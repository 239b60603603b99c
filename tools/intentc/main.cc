// intentc: the Intent policy compiler's command line (tools.md).
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "tools/intentc/commands.h"

namespace {

constexpr int kUsageError = 2;

}  // namespace

namespace {

int Main(int argc, char** argv) {
  // CLI11 only knows single-letter short options; `-Werror` is spelled the
  // compiler way in tools.md, so it is rewritten before parsing.
  std::vector<std::string> args(argv, argv + argc);
  for (std::string& arg : args) {
    if (arg == "-Werror") arg = "--Werror";
  }
  std::vector<char*> rewritten;
  rewritten.reserve(args.size());
  for (std::string& arg : args) rewritten.push_back(arg.data());

  CLI::App app{"intentc: check and compile Intent policies", "intentc"};
  app.set_version_flag("--version", std::string("intentc ") + INTENT_VERSION);
  app.require_subcommand(0, 1);
  std::function<int()> run;
  intent::tools::AddCheckCommand(app, run);
  intent::tools::AddEvalCommand(app, run);
  intent::tools::AddTestCommand(app, run);
  intent::tools::AddCompileCommand(app, run);
  intent::tools::AddBenchCommand(app, run);
  CLI::App* help = app.add_subcommand("help", "Show help for intentc or one command");
  std::string help_topic;
  help->add_option("command", help_topic, "Command to explain");

  try {
    app.parse(static_cast<int>(rewritten.size()), rewritten.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsageError;
  }
  if (help->parsed()) {
    if (help_topic.empty()) {
      std::cout << app.get_formatter()->make_help(&app, "intentc", CLI::AppFormatMode::Normal);
      return 0;
    }
    for (CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == help_topic) {
        std::cout << sub->help();
        return 0;
      }
    }
    std::cerr << "intentc: unknown command '" << help_topic << "'\n";
    return kUsageError;
  }
  if (!run) {
    std::cerr << app.get_formatter()->make_help(&app, "intentc", CLI::AppFormatMode::Normal);
    return kUsageError;
  }
  try {
    return run();
  } catch (const std::exception& e) {
    std::cerr << "intentc: internal error: " << e.what() << "\n";
    return kUsageError;
  }
}

}  // namespace

// No exception may end the process with a crash: anything unexpected is
// reported as an internal error with the usage/I-O exit status.
int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "intentc: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "intentc: internal error\n";
  }
  return kUsageError;
}
