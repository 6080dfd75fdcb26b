// What `orchestra run` shows while an execution runs: one line per node state change read from
// the execution's bus channel, and on a terminal a progress line for loop passes, redrawn in place.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

namespace orchestra::app {

class RunProgress {
 public:
  // `interactive`: `out` is a terminal, so the progress line may be redrawn with "\r".
  // `label_width`: the column the status starts at (the longest node id, plus room).
  RunProgress(std::ostream& out, bool interactive, std::size_t label_width);

  // One message of the execution's channel ({type, node_id, status, data: {scope, detail}}, as
  // the runtime publishes it). Node changes become lines; other messages are ignored.
  void show(std::string_view event_json);
  // Removes the progress line, so what follows starts on a clean line.
  void clear();

  // Loop passes whose nodes have all reached an end state (completed, failed, ...).
  std::size_t completedPasses() const { return completed_passes_; }

 private:
  // A loop pass (a scope such as "2" or "0/i3"), by what its nodes reported.
  struct Pass {
    std::size_t running = 0;
    bool anything_ended = false;
    bool counted = false;
  };

  void printNodeLine(const std::string& label, const std::string& status,
                     const std::string& suffix);
  void trackPass(const std::string& scope, const std::string& key, const std::string& status);
  void drawProgress();

  std::ostream& out_;
  const bool interactive_;
  const std::size_t label_width_;
  bool progress_shown_ = false;
  bool inside_loop_ = false;  // the last change was a loop pass's: the progress line is shown
  std::map<std::string, std::chrono::steady_clock::time_point> running_since_;  // by node key
  std::map<std::string, Pass> passes_;
  std::size_t completed_passes_ = 0;
};

}  // namespace orchestra::app
