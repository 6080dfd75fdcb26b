#include "host/observability/ProcessCollector.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace orchestra::observability {
namespace {

// The fields of /proc/self/stat we report, counted from 1 as proc(5) does.
struct ProcessStat {
  double user_ticks = 0;      // field 14
  double system_ticks = 0;    // field 15
  double threads = 0;         // field 20
  double start_ticks = 0;     // field 22, since boot
  double virtual_bytes = 0;   // field 23
  double resident_pages = 0;  // field 24
};

std::optional<std::string> readFile(const char* path) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

std::optional<ProcessStat> readProcessStat() {
  const std::optional<std::string> text = readFile("/proc/self/stat");
  if (!text) return std::nullopt;
  // Field 2 is the command name in parentheses and may itself hold spaces and ')'; the fields
  // we want start after the last ')', with field 3 first.
  const std::size_t name_end = text->rfind(')');
  if (name_end == std::string::npos) return std::nullopt;
  std::istringstream fields(text->substr(name_end + 1));
  ProcessStat stat;
  std::string field;
  for (int number = 3; number <= 24 && fields >> field; ++number) {
    double value = 0;
    std::from_chars(field.data(), field.data() + field.size(), value);
    switch (number) {
      case 14:
        stat.user_ticks = value;
        break;
      case 15:
        stat.system_ticks = value;
        break;
      case 20:
        stat.threads = value;
        break;
      case 22:
        stat.start_ticks = value;
        break;
      case 23:
        stat.virtual_bytes = value;
        break;
      case 24:
        stat.resident_pages = value;
        return stat;
      default:
        break;
    }
  }
  return std::nullopt;
}

std::optional<double> readBootTimeSeconds() {
  const std::optional<std::string> text = readFile("/proc/stat");
  if (!text) return std::nullopt;
  const std::size_t line = text->find("\nbtime ");
  if (line == std::string::npos) return std::nullopt;
  const char* begin = text->data() + line + 7;
  double seconds = 0;
  const auto result = std::from_chars(begin, text->data() + text->size(), seconds);
  if (result.ec != std::errc{}) return std::nullopt;
  return seconds;
}

std::optional<double> countOpenFileDescriptors() {
  DIR* directory = opendir("/proc/self/fd");
  if (directory == nullptr) return std::nullopt;
  const int own_fd = dirfd(directory);  // listed too, but only open because we are counting
  double count = 0;
  // readdir() is only unsafe when threads share one DIR; this one is ours alone.
  while (const dirent* entry = readdir(directory)) {  // NOLINT(concurrency-mt-unsafe)
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    int fd = -1;
    std::from_chars(name.data(), name.data() + name.size(), fd);
    if (fd != own_fd) ++count;
  }
  closedir(directory);
  return count;
}

std::optional<double> maxFileDescriptors() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return std::nullopt;
  }
  return static_cast<double>(limit.rlim_cur);
}

prometheus::MetricFamily single(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return prometheus::MetricFamily{std::move(name), std::move(help), type, {std::move(metric)}};
}

}  // namespace

ProcessCollector::ProcessCollector()
    : clock_ticks_per_second_(static_cast<double>(sysconf(_SC_CLK_TCK))),
      page_size_bytes_(static_cast<double>(sysconf(_SC_PAGESIZE))) {
  const std::optional<ProcessStat> stat = readProcessStat();
  const std::optional<double> boot_time = readBootTimeSeconds();
  if (stat && boot_time && clock_ticks_per_second_ > 0) {
    start_time_seconds_ = *boot_time + stat->start_ticks / clock_ticks_per_second_;
  }
}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  std::vector<prometheus::MetricFamily> families;
  if (const std::optional<ProcessStat> stat = readProcessStat()) {
    families.push_back(single("process_cpu_seconds_total",
                              "Total user and system CPU time spent in seconds.",
                              prometheus::MetricType::Counter,
                              (stat->user_ticks + stat->system_ticks) / clock_ticks_per_second_));
    families.push_back(single("process_resident_memory_bytes", "Resident memory size in bytes.",
                              prometheus::MetricType::Gauge,
                              stat->resident_pages * page_size_bytes_));
    families.push_back(single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                              prometheus::MetricType::Gauge, stat->virtual_bytes));
    families.push_back(single("process_threads", "Number of OS threads in the process.",
                              prometheus::MetricType::Gauge, stat->threads));
  }
  if (start_time_seconds_ > 0) {
    families.push_back(single("process_start_time_seconds",
                              "Start time of the process since unix epoch in seconds.",
                              prometheus::MetricType::Gauge, start_time_seconds_));
  }
  if (const std::optional<double> open_fds = countOpenFileDescriptors()) {
    families.push_back(single("process_open_fds", "Number of open file descriptors.",
                              prometheus::MetricType::Gauge, *open_fds));
  }
  if (const std::optional<double> max_fds = maxFileDescriptors()) {
    families.push_back(single("process_max_fds", "Maximum number of open file descriptors.",
                              prometheus::MetricType::Gauge, *max_fds));
  }
  return families;
}

}  // namespace orchestra::observability
