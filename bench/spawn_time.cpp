// Wall time as hyperfine -N measures it: runs a command RUNS times with posix_spawn (no shell and no
// /usr/bin/time in between: a shell's fork of itself cost 2 ms a run on the benchmark VM, and the
// shell, date(1) and time(1) of an earlier bench/run.sh some 17 ms, more than some of what is
// measured), its output to /dev/null. With `--vs`, a second command runs alternately with the first,
// so both see the same minutes of a machine whose speed drifts.
//
// Prints a line a command: the median, mean and fastest wall time in ms, the mean CPU time (user +
// system) of a run in ms, and the largest peak RSS of a run in KiB.
//
// Built by bench/run.sh (never by CMake, never in CI): c++ -O2 -std=c++20 spawn_time.cpp
// Usage: spawn_time [--warmup N] RUNS COMMAND [ARGUMENT...] [--vs COMMAND [ARGUMENT...]]
//        (COMMAND is a path; N unmeasured runs of each command come first, 20 by default)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace {

struct Command {
    std::vector<char*> argv;  // null-terminated
    std::vector<double> wall;
    double cpu = 0;
    long max_rss = 0;
};

bool run_once(Command& c, const posix_spawn_file_actions_t& actions, bool measured)
{
    const auto t0 = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, c.argv[0], &actions, nullptr, c.argv.data(), environ) != 0) {
        return false;
    }
    int status = 0;
    rusage r{};
    if (wait4(pid, &status, 0, &r) != pid) {
        return false;
    }
    if (measured) {
        c.wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        c.cpu += (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3 + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
        c.max_rss = std::max(c.max_rss, r.ru_maxrss);
    }
    return true;
}

int usage()
{
    std::fprintf(stderr, "usage: spawn_time [--warmup N] RUNS COMMAND [ARGUMENT...] [--vs COMMAND [ARGUMENT...]]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv)
{
    int i = 1;
    int warmup = 20;
    if (i + 1 < argc && std::strcmp(argv[i], "--warmup") == 0) {
        warmup = std::atoi(argv[i + 1]);
        i += 2;
    }
    if (i + 1 >= argc || std::atoi(argv[i]) <= 0 || warmup < 0) {
        return usage();
    }
    const int runs = std::atoi(argv[i++]);
    std::vector<Command> commands(1);
    for (; i < argc; ++i) {
        if (std::strcmp(argv[i], "--vs") == 0) {
            commands.emplace_back();
            continue;
        }
        commands.back().argv.push_back(argv[i]);
    }
    for (Command& c : commands) {
        if (c.argv.empty()) {
            return usage();
        }
        c.argv.push_back(nullptr);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    for (int r = 0; r < warmup + runs; ++r) {
        for (Command& c : commands) {
            if (!run_once(c, actions, r >= warmup)) {
                std::fprintf(stderr, "spawn_time: cannot run %s\n", c.argv[0]);
                return 2;
            }
        }
    }
    for (Command& c : commands) {
        std::sort(c.wall.begin(), c.wall.end());
        const double mean = std::accumulate(c.wall.begin(), c.wall.end(), 0.0) / runs;
        std::printf("%.2f %.2f %.2f %.2f %ld\n", c.wall[c.wall.size() / 2], mean, c.wall.front(), c.cpu / runs,
                    c.max_rss);
    }
    return 0;
}
