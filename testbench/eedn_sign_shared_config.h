// A tiny Eedn configuration whose middle layer has sign-shared inputs with a fan-in (9 x 16 =
// 144) above the 128 that free trinary weights allow; shared by the trainer and mapping tests.
#pragma once

#include "eedn_tiny_config.h"
#include "mapper/eedn_trainer.h"

namespace meridian::test {

inline EednTrainConfig sign_shared_eedn_config(uint64_t seed) {
  EednTrainConfig c = tiny_eedn_config(seed);
  c.layers = {{3, 1, 1, 1, 16, ""}, {3, 2, 1, 1, 16, "+-"}, {3, 2, 0, 2, 24, ""}};  // 12 -> 12 -> 6 -> 2
  return c;
}

}  // namespace meridian::test
