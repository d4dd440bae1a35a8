// Spike read-out: after every tick, reads the tick's spikes word by word through the host
// interface's read-out socket and appends them to an output spike file
// (docs/MODEL_FORMAT.md section 3).
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <iosfwd>
#include <vector>

#include "golden/spike.h"
#include "sim/systemc/host_interface.h"

namespace meridian {

class SpikeSink : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<SpikeSink> socket;

  SpikeSink(const sc_core::sc_module_name& name, const HostInterface& host);

  // Rows go to `out` (header already written by the caller); nullptr stops writing.
  void attach(std::ostream* out) { out_ = out; }
  uint64_t spikes_written() const { return written_; }

 private:
  void run();

  const HostInterface& host_;
  std::ostream* out_ = nullptr;
  uint64_t written_ = 0;
};

}  // namespace meridian
