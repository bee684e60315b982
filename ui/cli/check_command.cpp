#include "ui/cli/check_command.h"

#include <ostream>

#include "sim/scenario_loader.h"

namespace rtclab::cli {

int run_check(const std::string& path, std::ostream& out, std::ostream& err) {
    auto checked = sim::check_file(path);
    if (!checked) {
        err << checked.error().message << '\n';
        return 2;
    }
    out << path << ": ok: " << *checked << '\n';
    return 0;
}

}  // namespace rtclab::cli
