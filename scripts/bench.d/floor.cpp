// The parse floor of the benchmark: reads and parses every file named on stdin with yaml-cpp's
// event parser and does nothing else, on THREADS threads (argv[1], default all cores). What
// qicase costs above this is its own work.
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace {
struct Null : YAML::EventHandler
{
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { ++scalars; }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  long scalars = 0;
};
} // namespace

int main(int argc, char** argv)
{
  std::vector<std::string> files;
  for (std::string line; std::getline(std::cin, line);) {
    files.push_back(line);
  }
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::stoi(argv[1])) : std::thread::hardware_concurrency();
  std::atomic<std::size_t> next{0};
  std::atomic<long> total{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < files.size();) {
        std::ifstream in(files[i], std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        YAML::Parser parser(text);
        Null handler;
        while (parser.HandleNextDocument(handler)) {
        }
        total += handler.scalars;
      }
    });
  }
  for (auto& t : pool) {
    t.join();
  }
  std::printf("%zu files, %ld scalars\n", files.size(), total.load());
}
