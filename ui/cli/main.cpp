// rtclab: the terminal front end — run scenarios, decode packets, check files.
//
// Exit codes everywhere: 0 success, 1 a scenario's expectations do not hold, 2 invalid input.
#include <CLI/CLI.hpp>

#include <iostream>

#include "ui/cli/check_command.h"
#include "ui/cli/decode_command.h"
#include "ui/cli/matrix_command.h"
#include "ui/cli/run_command.h"

int main(int argc, char** argv) {
    CLI::App app{
        "rtclab — a WebRTC connectivity lab: peers, NATs, STUN, traced step by step.\n"
        "Examples:\n"
        "  rtclab run scenarios/classroom.json\n"
        "  rtclab run scenarios/classroom.json --trace out.jsonl --pcap out.pcapng\n"
        "  rtclab decode 000100002112a442...\n"
        "  rtclab check scenarios/classroom.json\n"
        "  rtclab matrix --turn",
        "rtclab"};
    app.require_subcommand(1);

    rtclab::cli::RunOptions run;
    auto* run_cmd = app.add_subcommand("run", "Run a scenario and print the exchange as a transcript");
    run_cmd->add_option("scenario", run.scenario, "Scenario file (JSON), e.g. scenarios/classroom.json")
        ->required();
    run_cmd->add_option("--seed", run.seed, "Seed for every random choice (default: the scenario's)");
    run_cmd->add_option("--trace", run.trace, "Write the trace as JSON Lines to FILE");
    run_cmd->add_option("--pcap", run.pcap, "Write every packet on every link as pcapng to FILE");
    run_cmd->add_option("--summary-json", run.summary_json,
                        "Write a JSON summary to FILE ('-': to stdout, instead of the transcript)");

    rtclab::cli::DecodeOptions decode;
    auto* decode_cmd = app.add_subcommand(
        "decode", "Decode a packet given as hex (e.g. copied from Wireshark) and print it as JSON");
    decode_cmd->add_option("hex", decode.hex, "The packet's bytes in hex (spaces and colons allowed)")
        ->required();
    decode_cmd->add_option("--username", decode.username, "Long-term credentials: user name");
    decode_cmd->add_option("--realm", decode.realm, "Long-term credentials: realm");
    decode_cmd->add_option("--password", decode.password,
                           "Password: alone, the short-term key (ICE); with --username and --realm, "
                           "the long-term key (TURN)");

    std::string check_path;
    auto* check_cmd = app.add_subcommand("check", "Validate a scenario or topology file");
    check_cmd->add_option("file", check_path, "Scenario or topology file (JSON)")->required();

    rtclab::cli::MatrixOptions matrix;
    auto* matrix_cmd = app.add_subcommand(
        "matrix", "Call between two peers behind every pair of NAT presets (25 full runs)");
    matrix_cmd->add_flag("--turn", matrix.turn, "Give both peers a TURN server (ICE policy stays 'all')");
    matrix_cmd->add_flag("--json", matrix.json,
                         "Print {\"rows\": [{\"a\", \"b\", \"connected\", \"relay\", \"pair\"}]}");
    matrix_cmd->add_option("--trace-dir", matrix.trace_dir, "Write each cell's trace (JSON Lines) to DIR");
    matrix_cmd->add_option("--seed", matrix.seed, "Seed for every run (default 1)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;  // --help is success; any other parse error is invalid input
    }
    if (*run_cmd) return rtclab::cli::run_run(run, std::cout, std::cerr);
    if (*decode_cmd) return rtclab::cli::run_decode(decode, std::cout, std::cerr);
    if (*check_cmd) return rtclab::cli::run_check(check_path, std::cout, std::cerr);
    if (*matrix_cmd) return rtclab::cli::run_matrix_command(matrix, std::cout, std::cerr);
    return 2;
}
