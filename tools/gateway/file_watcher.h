// Watches the bundle's files (inotify) and calls back once changes settle,
// so that editing a policy, a schema or a data file reloads the gateway
// (docs/gateway.md, "Reloading").
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace intent::gateway {

class FileWatcher {
 public:
  // Watches each path: a folder with its subfolders, or a file's folder.
  // `changed` runs on the watcher's thread once no event has come for
  // `settle` (an editor's save is several events), with the paths of the
  // files that changed meanwhile.
  using Changed = std::function<void(const std::vector<std::string>& files)>;
  FileWatcher(std::vector<std::string> paths, Changed changed,
              std::chrono::milliseconds settle = std::chrono::milliseconds(200));
  ~FileWatcher();  // stops the thread
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // False with `error` when inotify is not available.
  bool Start(std::string* error);

 private:
  void Run();
  void AddTree(const std::string& folder);

  std::vector<std::string> paths_;
  Changed changed_;
  std::map<int, std::string> folders_;  // by watch descriptor
  std::chrono::milliseconds settle_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace intent::gateway
