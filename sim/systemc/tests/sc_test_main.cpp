// GoogleTest entry for SystemC tests: libsystemc owns main() and calls sc_main.
#include <gtest/gtest.h>

#include <systemc>  // declares sc_main extern "C"

#include <cstdlib>

int sc_main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
