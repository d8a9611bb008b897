#include <cli/app.hpp>

int main(int argc, char** argv)
{
  return qicase::cli::main(argc, argv);
}
