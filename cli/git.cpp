#include <cli/git.hpp>

#include <array>
#include <cerrno>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace qicase::cli {

namespace {

// Standard input for git, when given: written whole to an anonymous file first, so git reads it
// while we read its output, and neither can block on the other's full pipe. -1: none asked;
// nullopt: it could not be made.
std::optional<int> input_file(std::string_view input)
{
  if (input.empty()) {
    return -1;
  }
  const int fd = memfd_create("qicase-git-input", MFD_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  for (std::size_t at = 0; at < input.size();) {
    const auto n = write(fd, input.data() + at, input.size() - at);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      close(fd);
      return std::nullopt;
    }
    at += static_cast<std::size_t>(n);
  }
  lseek(fd, 0, SEEK_SET);
  return fd;
}

// Reads git's standard output (up to `max_bytes`) and error (its first 4 KiB) until both end:
// both pipes at once, so a chatty stderr cannot block git while we wait on stdout.
void read_both(int out_fd, int err_fd, std::size_t max_bytes, GitOutput& result)
{
  std::array<pollfd, 2> fds = {pollfd{out_fd, POLLIN, 0}, pollfd{err_fd, POLLIN, 0}};
  int open_fds = 2;
  std::array<char, 65536> buffer{};
  while (open_fds > 0) {
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const auto n = read(fds[i].fd, buffer.data(), buffer.size());
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      const auto got = static_cast<std::size_t>(n);
      if (i == 0) {
        if (result.out.size() + got > max_bytes) {
          result.too_large = true;
          result.out.append(buffer.data(), max_bytes - result.out.size());
        } else if (!result.too_large) {
          result.out.append(buffer.data(), got);
        }
      } else if (result.err.size() < 4096) {
        result.err.append(buffer.data(), std::min(got, 4096 - result.err.size()));
      }
    }
  }
  for (const auto& f : fds) {
    if (f.fd >= 0) {
      close(f.fd);
    }
  }
}

} // namespace

GitOutput git(const std::vector<std::string>& args, std::size_t max_bytes, std::string_view input,
              std::size_t expected)
{
  GitOutput result;
  result.out.reserve(std::min(expected, max_bytes));
  const auto in_fd = input_file(input);
  if (!in_fd) {
    return result;
  }
  const auto close_input = [&] {
    if (*in_fd >= 0) {
      close(*in_fd);
    }
  };
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close_input();
    return result;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    close_input();
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  if (*in_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, *in_fd, STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  std::vector<std::string> argv_strings = {"git"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_strings) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  close_input();
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return result;
  }
  result.ran = true;
  read_both(out_pipe[0], err_pipe[0], max_bytes, result);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::optional<Revision> revision_of(const std::string& root)
{
  if (root.empty()) {
    return std::nullopt;
  }
  // The folder as the value of -C, never as an option of its own.
  const std::string folder = root.starts_with('-') ? "./" + root : root;
  const auto head = git({"-C", folder, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"}, 256);
  if (!head.ran || head.status != 0) {
    return std::nullopt;
  }
  Revision r;
  r.commit = head.out.substr(0, head.out.find('\n'));
  const auto status = git({"-C", folder, "status", "--porcelain", "--untracked-files=normal"}, 4096);
  r.dirty = !status.ran || status.status != 0 || !status.out.empty();
  return r;
}

} // namespace qicase::cli
