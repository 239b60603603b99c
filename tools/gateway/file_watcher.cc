// inotify watches over the bundle's folders (see file_watcher.h).
#include "tools/gateway/file_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace intent::gateway {
namespace {

constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                             IN_DELETE_SELF | IN_ATTRIB;

}  // namespace

FileWatcher::FileWatcher(std::vector<std::string> paths, Changed changed,
                         std::chrono::milliseconds settle)
    : paths_(std::move(paths)), changed_(std::move(changed)), settle_(settle) {}

FileWatcher::~FileWatcher() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
}

void FileWatcher::AddTree(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int watch = inotify_add_watch(fd_, folder.c_str(), kEvents);
  if (watch >= 0) folders_[watch] = folder;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    watch = inotify_add_watch(fd_, it->path().c_str(), kEvents);
    if (watch >= 0) folders_[watch] = it->path().string();
  }
}

bool FileWatcher::Start(std::string* error) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    *error = std::string("cannot watch the bundle's files: ") + std::strerror(errno);
    return false;
  }
  for (const std::string& path : paths_) {
    std::error_code ec;
    bool folder = std::filesystem::is_directory(path, ec);
    AddTree(folder ? path : std::filesystem::path(path).parent_path().string());
  }
  thread_ = std::thread([this] { Run(); });
  return true;
}

void FileWatcher::Run() {
  // Past this many, which files changed no longer matters: all of them reload.
  constexpr size_t kMaxFiles = 1024;
  alignas(inotify_event) char buffer[16 * 1024];
  bool pending = false;
  std::vector<std::string> files;
  auto last_event = std::chrono::steady_clock::now();
  while (!stop_.load()) {
    pollfd p{fd_, POLLIN, 0};
    int ready = poll(&p, 1, 50);  // wakes to see stop_ and the settle time
    if (ready > 0) {
      bool new_folder = false;
      for (ssize_t n; (n = read(fd_, buffer, sizeof buffer)) > 0;) {
        for (char* at = buffer; at < buffer + n;) {
          auto* event = reinterpret_cast<inotify_event*>(at);
          new_folder = new_folder || ((event->mask & IN_ISDIR) && (event->mask & IN_CREATE));
          if (auto folder = folders_.find(event->wd);
              folder != folders_.end() && event->len > 0 && files.size() < kMaxFiles) {
            files.push_back(folder->second + "/" + event->name);
          }
          at += sizeof(inotify_event) + event->len;
        }
      }
      // A folder created under a watched one (schemas/, data/) is watched too.
      if (new_folder) {
        for (const std::string& path : paths_) {
          std::error_code ec;
          if (std::filesystem::is_directory(path, ec)) AddTree(path);
        }
      }
      pending = true;
      last_event = std::chrono::steady_clock::now();
    }
    if (pending && std::chrono::steady_clock::now() - last_event >= settle_) {
      pending = false;
      changed_(files);
      files.clear();
    }
  }
}

}  // namespace intent::gateway
