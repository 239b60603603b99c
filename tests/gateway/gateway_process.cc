// See gateway_process.h.
#include "tests/gateway/gateway_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace intent::gateway_test {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

// Reads from `fd` until closed, until a complete response is in, or until
// the deadline.
std::string ReadAll(int fd, std::chrono::milliseconds timeout, bool until_close) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
    if (!until_close) {
      HttpAnswer answer = ParseResponse(out);
      if (answer.status != 0) break;
    }
  }
  return out;
}

}  // namespace

HttpAnswer ParseResponse(const std::string& text) {
  HttpAnswer answer;
  size_t head_end = text.find("\r\n\r\n");
  if (head_end == std::string::npos || text.rfind("HTTP/1.", 0) != 0) return answer;
  std::istringstream head(text.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  int status = std::atoi(line.c_str() + 9);
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    answer.headers[Lower(line.substr(0, colon))] = value;
  }
  size_t length =
      answer.headers.count("content-length") ? std::stoul(answer.headers["content-length"]) : 0;
  if (text.size() < head_end + 4 + length) return answer;  // incomplete: status stays 0
  answer.status = status;
  answer.body = text.substr(head_end + 4, length);
  return answer;
}

GatewayProcess::GatewayProcess(std::vector<std::string> args) {
  char out_template[] = "/tmp/intent-gateway-out-XXXXXX";
  char err_template[] = "/tmp/intent-gateway-err-XXXXXX";
  int out_fd = mkstemp(out_template);
  int err_fd = mkstemp(err_template);
  stderr_path_ = err_template;
  std::vector<std::string> argv = {INTENT_GATEWAY_BINARY, "serve"};
  if (std::find(args.begin(), args.end(), "--listen") == args.end()) {
    argv.insert(argv.end(), {"--listen", "127.0.0.1:0"});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    std::vector<char*> c_args;
    for (std::string& a : argv) c_args.push_back(a.data());
    c_args.push_back(nullptr);
    execv(c_args[0], c_args.data());
    _exit(127);
  }
  close(err_fd);
  // The gateway prints "... serving on http://127.0.0.1:PORT" once it listens.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && port_ == 0) {
    std::ifstream out(out_template);
    std::string line;
    while (std::getline(out, line)) {
      size_t at = line.find("serving on http://127.0.0.1:");
      if (at != std::string::npos) port_ = static_cast<uint16_t>(std::stoi(line.substr(at + 28)));
    }
    int status = 0;
    if (port_ == 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      pid_ = -1;
      break;
    }
    if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  close(out_fd);
  unlink(out_template);
}

GatewayProcess::~GatewayProcess() {
  Stop();
  unlink(stderr_path_.c_str());
}

std::string GatewayProcess::Stderr() const {
  std::ifstream in(stderr_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int GatewayProcess::Stop(std::chrono::milliseconds deadline) {
  if (pid_ <= 0) return exit_status_;
  kill(pid_, SIGTERM);
  auto until = std::chrono::steady_clock::now() + deadline;
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return exit_status_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  exit_status_ = -1;
  return exit_status_;
}

void GatewayProcess::Signal(int signal) const {
  if (pid_ > 0) kill(pid_, signal);
}

int GatewayProcess::Connect() const {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

HttpAnswer GatewayProcess::Raw(const std::string& bytes, std::chrono::milliseconds timeout) const {
  int fd = Connect();
  if (fd < 0) return {};
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string text = ReadAll(fd, timeout, /*until_close=*/true);
  close(fd);
  return ParseResponse(text);
}

HttpAnswer GatewayProcess::Request(const std::string& method, const std::string& target,
                                   const std::string& body,
                                   const std::map<std::string, std::string>& headers) const {
  std::string text =
      method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  bool typed = false;
  for (const auto& [name, value] : headers) {
    text += name + ": " + value + "\r\n";
    typed = typed || Lower(name) == "content-type";
  }
  if (!body.empty() && !typed) text += "Content-Type: application/json\r\n";
  text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return Raw(text);
}

}  // namespace intent::gateway_test
