// The executable: everything is in qicase_cli, so that this file (compiled for the executable
// alone) needs none of CLI11's headers.
namespace qicase::cli {
int main(int argc, char** argv);
} // namespace qicase::cli

int main(int argc, char** argv)
{
  return qicase::cli::main(argc, argv);
}
