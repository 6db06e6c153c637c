// Start-up time as hyperfine -N measures it: runs a command RUNS times with posix_spawn (no shell in
// between: a shell's fork of itself cost 2 ms a run on the benchmark VM, more than some of what is
// measured), its output to /dev/null, and prints the median, mean and fastest wall time in ms and
// the mean CPU time (user + system) of a run.
//
// Built by bench/run.sh (never by CMake, never in CI): c++ -O2 -std=c++20 spawn_time.cpp
// Usage: spawn_time RUNS COMMAND [ARGUMENT...]   (COMMAND is a path; 20 unmeasured runs come first)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace {

bool run_once(char** argv, const posix_spawn_file_actions_t& actions)
{
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv, environ) != 0) {
        return false;
    }
    int status = 0;
    return waitpid(pid, &status, 0) == pid;
}

double cpu_ms(const rusage& r)
{
    return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3 + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 3 || std::atoi(argv[1]) <= 0) {
        std::fprintf(stderr, "usage: spawn_time RUNS COMMAND [ARGUMENT...]\n");
        return 2;
    }
    const int runs = std::atoi(argv[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    for (int i = 0; i < 20; ++i) {
        if (!run_once(argv + 2, actions)) {
            std::fprintf(stderr, "spawn_time: cannot run %s\n", argv[2]);
            return 2;
        }
    }
    rusage before{};
    getrusage(RUSAGE_CHILDREN, &before);
    std::vector<double> wall;
    wall.reserve(static_cast<std::size_t>(runs));
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        run_once(argv + 2, actions);
        wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    rusage after{};
    getrusage(RUSAGE_CHILDREN, &after);
    std::sort(wall.begin(), wall.end());
    const double mean = std::accumulate(wall.begin(), wall.end(), 0.0) / runs;
    std::printf("%.2f %.2f %.2f %.2f\n", wall[wall.size() / 2], mean, wall.front(),
                (cpu_ms(after) - cpu_ms(before)) / runs);
    return 0;
}
