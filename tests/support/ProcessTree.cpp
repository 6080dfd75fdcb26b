#include "tests/support/ProcessTree.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace orchestra::testing {

namespace {

std::vector<pid_t> allPids() {
  std::vector<pid_t> pids;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) {
      pids.push_back(static_cast<pid_t>(std::stol(name)));
    }
  }
  return pids;
}

std::string readFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The parent from /proc/PID/stat: the field after the command, which may hold spaces and
// parentheses, so parse from the last ')'.
pid_t parentOf(pid_t pid) {
  const std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t end = stat.rfind(')');
  if (end == std::string::npos) return -1;
  std::istringstream fields(stat.substr(end + 2));
  std::string state;
  pid_t parent = -1;
  fields >> state >> parent;
  return parent;
}

}  // namespace

std::vector<pid_t> descendantsOf(pid_t root) {
  std::multimap<pid_t, pid_t> children;
  for (pid_t pid : allPids())
    children.emplace(parentOf(pid), pid);
  std::vector<pid_t> found;
  std::vector<pid_t> queue{root};
  while (!queue.empty()) {
    const pid_t parent = queue.back();
    queue.pop_back();
    const auto [first, last] = children.equal_range(parent);
    for (auto it = first; it != last; ++it) {
      found.push_back(it->second);
      queue.push_back(it->second);
    }
  }
  return found;
}

std::vector<pid_t> processesWithEnvironment(std::string_view entry) {
  std::vector<pid_t> found;
  for (pid_t pid : allPids()) {
    const std::string environment = readFile("/proc/" + std::to_string(pid) + "/environ");
    std::size_t start = 0;
    while (start < environment.size()) {
      const std::size_t end = std::min(environment.find('\0', start), environment.size());
      if (std::string_view(environment).substr(start, end - start) == entry) {
        found.push_back(pid);
        break;
      }
      start = end + 1;
    }
  }
  return found;
}

std::string commandLineOf(pid_t pid) {
  std::string line = readFile("/proc/" + std::to_string(pid) + "/cmdline");
  std::replace(line.begin(), line.end(), '\0', ' ');
  return line;
}

}  // namespace orchestra::testing
