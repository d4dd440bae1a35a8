#include "sim/regression_suite.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "golden/model_error.h"

namespace meridian {

namespace {

using json = nlohmann::json;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

[[noreturn]] void fail(const std::string& file, const std::string& ptr, const std::string& msg) {
  throw std::runtime_error(file + ": " + ptr + ": " + msg);
}

uint64_t parse_hex(const json& j, const std::string& file, const std::string& ptr) {
  if (!j.is_string()) fail(file, ptr, "expected a 16-digit hex string");
  const std::string s = j.get<std::string>();
  if (s.size() != 16 || s.find_first_not_of("0123456789abcdef") != std::string::npos)
    fail(file, ptr, "value '" + s + "' is not 16 lower-case hex digits");
  return std::stoull(s, nullptr, 16);
}

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

}  // namespace

const char* status_name(CaseStatus s) {
  switch (s) {
    case CaseStatus::kPass: return "PASS";
    case CaseStatus::kFail: return "FAIL";
    case CaseStatus::kError: return "ERROR";
    case CaseStatus::kSkip: return "SKIP";
    case CaseStatus::kNew: return "NEW";
    case CaseStatus::kUpdated: return "UPDATED";
    case CaseStatus::kUnchanged: return "UNCHANGED";
  }
  return "?";
}

RegressionSuite load_suite(const std::string& path) {
  RegressionSuite suite;
  std::string manifest = path;
  if (manifest.size() < 5 || manifest.substr(manifest.size() - 5) != ".json")
    manifest = path + "/suite.json";
  suite.manifest = manifest;
  suite.dir = manifest.substr(0, manifest.find_last_of('/') == std::string::npos
                                     ? 0 : manifest.find_last_of('/'));
  if (suite.dir.empty()) suite.dir = ".";
  json j;
  try {
    j = json::parse(read_text(manifest));
  } catch (const json::parse_error& e) {
    throw std::runtime_error(manifest + ": invalid JSON at byte " + std::to_string(e.byte));
  }
  if (!j.is_object()) fail(manifest, "/", "expected an object");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "name" && it.key() != "cases")
      fail(manifest, "/" + it.key(), "unknown field (allowed: name, cases)");
  suite.name = "suite";
  if (j.contains("name")) {
    if (!j["name"].is_string()) fail(manifest, "/name", "must be a string, got " + j["name"].dump());
    suite.name = j["name"];
  }
  if (!j.contains("cases") || !j["cases"].is_array()) fail(manifest, "/cases", "missing array");
  // An empty suite would pass in CI without testing anything.
  if (j["cases"].empty()) fail(manifest, "/cases", "must hold at least one case");
  std::set<std::string> names;
  for (size_t i = 0; i < j["cases"].size(); ++i) {
    const json& c = j["cases"][i];
    const std::string ptr = "/cases/" + std::to_string(i);
    if (!c.is_object()) fail(manifest, ptr, "expected an object");
    for (auto it = c.begin(); it != c.end(); ++it) {
      static const std::set<std::string> allowed = {"name", "model", "inputs", "ticks", "timing"};
      if (!allowed.count(it.key()))
        fail(manifest, ptr + "/" + it.key(), "unknown field (allowed: name, model, inputs, ticks, timing)");
    }
    RegressionCase rc;
    if (!c.contains("name") || !c["name"].is_string()) fail(manifest, ptr + "/name", "missing string");
    rc.name = c["name"];
    if (rc.name.empty() || rc.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos)
      fail(manifest, ptr + "/name", "'" + rc.name + "' must be non-empty [a-z0-9-_]");
    if (!names.insert(rc.name).second) fail(manifest, ptr + "/name", "duplicate case '" + rc.name + "'");
    if (!c.contains("model")) fail(manifest, ptr + "/model", "missing field");
    rc.model_spec = c["model"].dump();
    rc.inputs_spec = c.contains("inputs") ? c["inputs"].dump() : "null";
    if (!c.contains("ticks") || !c["ticks"].is_number_unsigned() || c["ticks"].get<uint64_t>() < 1 ||
        c["ticks"].get<uint64_t>() > 1000000)
      fail(manifest, ptr + "/ticks", "missing or out of range [1, 1000000]");
    rc.ticks = c["ticks"];
    if (c.contains("timing")) {
      if (!c["timing"].is_boolean()) fail(manifest, ptr + "/timing", "expected true or false");
      rc.timing = c["timing"];
    }
    rc.expect_path = suite.dir + "/expected/" + rc.name + ".json";
    rc.manifest = manifest;
    rc.json_path = ptr;
    suite.cases.push_back(rc);
  }
  return suite;
}

TraceDigest load_digest(const std::string& path) {
  json j;
  try {
    j = json::parse(read_text(path));
  } catch (const json::parse_error& e) {
    throw std::runtime_error(path + ": invalid JSON at byte " + std::to_string(e.byte));
  }
  TraceDigest d;
  auto num = [&](const char* k) {
    if (!j.contains(k) || !j[k].is_number_unsigned()) fail(path, std::string("/") + k, "missing unsigned integer");
    return j[k].get<uint64_t>();
  };
  d.ticks = num("ticks");
  d.spikes = num("spikes");
  d.synaptic_events = num("synaptic_events");
  d.spike_hash = parse_hex(j.value("spike_hash", json()), path, "/spike_hash");
  d.potential_hash = parse_hex(j.value("potential_hash", json()), path, "/potential_hash");
  d.counter_hash = parse_hex(j.value("counter_hash", json()), path, "/counter_hash");
  d.offchip_hash = parse_hex(j.value("offchip_hash", json()), path, "/offchip_hash");
  d.timing = j.contains("cycle_hash") && !j["cycle_hash"].is_null();
  if (d.timing) d.cycle_hash = parse_hex(j["cycle_hash"], path, "/cycle_hash");
  return d;
}

void save_digest(const TraceDigest& d, const std::string& path) {
  json j;
  j["ticks"] = d.ticks;
  j["spikes"] = d.spikes;
  j["synaptic_events"] = d.synaptic_events;
  j["spike_hash"] = hex64(d.spike_hash);
  j["potential_hash"] = hex64(d.potential_hash);
  j["counter_hash"] = hex64(d.counter_hash);
  j["offchip_hash"] = hex64(d.offchip_hash);
  j["cycle_hash"] = d.timing ? json(hex64(d.cycle_hash)) : json(nullptr);
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  std::ofstream out(path);
  if (!out) throw std::runtime_error(path + ": cannot write");
  out << j.dump(2) << "\n";
}

namespace {

// What a forked child sends back: a digest, or the error it met.
struct ChildResult {
  TraceDigest digest;
  int status = 0;  // 0 ok, 1 error, 2 unsupported
  char message[1024] = {};
};

TraceDigest run_case_in_child(const RegressionCase& c, const std::string& dir,
                              const RegressionHooks& h) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    ChildResult r;
    try {
      r.digest = run_case(c, dir, h);
    } catch (const UnsupportedModel& e) {
      r.status = 2;
      std::snprintf(r.message, sizeof r.message, "%s", e.what());
    } catch (const std::exception& e) {
      r.status = 1;
      std::snprintf(r.message, sizeof r.message, "%s", e.what());
    }
    const ssize_t wrote = write(fds[1], &r, sizeof r);
    _exit(wrote == static_cast<ssize_t>(sizeof r) ? 0 : 3);
  }
  close(fds[1]);
  ChildResult r;
  size_t got = 0;
  while (got < sizeof r) {
    const ssize_t n = read(fds[0], reinterpret_cast<char*>(&r) + got, sizeof r - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(fds[0]);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  if (got != sizeof r)
    throw std::runtime_error("case process died (status " + std::to_string(wstatus) + ")");
  if (r.status == 2) throw UnsupportedModel(r.message);
  if (r.status == 1) throw std::runtime_error(r.message);
  return r.digest;
}

// Runs f; its errors come back naming the manifest and the case's field (a spec's own
// JsonValueError adds its path inside the field), so the message points at what to fix.
// UnsupportedModel passes through unchanged: the case is skipped, not failed.
template <class F>
auto in_case(const RegressionCase& c, const std::string& field, F&& f) -> decltype(f()) {
  const std::string where =
      (c.manifest.empty() ? "case " + c.name : c.manifest + ": " + c.json_path) + field;
  try {
    return f();
  } catch (const UnsupportedModel&) {
    throw;
  } catch (const JsonValueError& e) {
    throw ModelError(where + e.path() + ": " + e.detail());
  } catch (const std::exception& e) {
    throw ModelError(where + ": " + e.what());
  }
}

}  // namespace

TraceDigest run_case(const RegressionCase& c, const std::string& dir, const RegressionHooks& h) {
  const ChipConfig chip = in_case(c, "/model", [&] { return h.model(c.model_spec, dir); });
  std::vector<InputSpike> inputs = in_case(c, "/inputs", [&] {
    auto in = h.inputs(c.inputs_spec, dir, chip.geometry, c.ticks);
    std::stable_sort(in.begin(), in.end(),
                     [](const InputSpike& a, const InputSpike& b) { return a.tick < b.tick; });
    // Spikes past the run would be dropped without a word.
    if (!in.empty() && in.back().tick >= c.ticks) {
      const InputSpike& s = *std::find_if(in.begin(), in.end(),
                                          [&](const InputSpike& x) { return x.tick >= c.ticks; });
      throw std::invalid_argument("input spike at tick " + std::to_string(s.tick) + " (core (" +
                                  std::to_string(s.x) + "," + std::to_string(s.y) + ") axon " +
                                  std::to_string(s.axon) + ") is at or after the case's " +
                                  std::to_string(c.ticks) + " ticks (ticks 0.." +
                                  std::to_string(c.ticks - 1) + " run)");
    }
    return in;
  });
  return in_case(c, "", [&] {
    std::unique_ptr<Engine> e = h.engine(chip.geometry, c.timing);
    e->load(chip);
    TraceDigester dig(c.timing);
    size_t next = 0;
    for (uint64_t t = 0; t < c.ticks; ++t) {
      for (; next < inputs.size() && inputs[next].tick == t; ++next) e->inject(inputs[next]);
      e->step();
      dig.add_tick(*e, chip.geometry.cores());
    }
    return dig.digest();
  });
}

std::vector<CaseResult> run_suite(const RegressionSuite& suite, const RegressionHooks& hooks,
                                  int jobs, bool update, const std::string& filter) {
  std::vector<const RegressionCase*> todo;
  for (const auto& c : suite.cases)
    if (filter.empty() || c.name.find(filter) != std::string::npos) todo.push_back(&c);
  std::vector<CaseResult> results(todo.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next++) < todo.size();) {
      const RegressionCase& c = *todo[i];
      CaseResult& r = results[i];
      r.name = c.name;
      const auto t0 = std::chrono::steady_clock::now();
      try {
        const TraceDigest got = hooks.isolate ? run_case_in_child(c, suite.dir, hooks)
                                              : run_case(c, suite.dir, hooks);
        std::ifstream probe(c.expect_path);
        const bool have = static_cast<bool>(probe);
        if (update) {
          if (!have) {
            r.status = CaseStatus::kNew;
          } else {
            const std::string diff = first_difference(load_digest(c.expect_path), got);
            r.status = diff.empty() ? CaseStatus::kUnchanged : CaseStatus::kUpdated;
            r.detail = diff;
          }
          save_digest(got, c.expect_path);
        } else if (!have) {
          r.status = CaseStatus::kError;
          r.detail = "no expectation " + c.expect_path + " (run with --update)";
        } else {
          const std::string diff = first_difference(load_digest(c.expect_path), got);
          r.status = diff.empty() ? CaseStatus::kPass : CaseStatus::kFail;
          r.detail = diff;
        }
      } catch (const UnsupportedModel& e) {
        r.status = CaseStatus::kSkip;
        r.detail = e.what();
      } catch (const std::exception& e) {
        r.status = CaseStatus::kError;
        r.detail = e.what();
      }
      r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
  };
  std::vector<std::thread> pool;
  for (int k = 1; k < std::max(1, jobs); ++k) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return results;
}

std::string results_table(const std::vector<CaseResult>& results) {
  std::ostringstream o;
  size_t w = 4;
  for (const auto& r : results) w = std::max(w, r.name.size());
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %-9s  %8s  %s\n", static_cast<int>(w), "case", "result",
                "seconds", "detail");
  o << line;
  for (const auto& r : results) {
    std::snprintf(line, sizeof line, "%-*s  %-9s  %8.3f  ", static_cast<int>(w), r.name.c_str(),
                  status_name(r.status), r.seconds);
    o << line << r.detail << "\n";
  }
  return o.str();
}

std::string junit_xml(const RegressionSuite& suite, const std::string& engine,
                      const std::vector<CaseResult>& results) {
  int failures = 0, errors = 0, skipped = 0;
  double total = 0;
  for (const auto& r : results) {
    failures += r.status == CaseStatus::kFail;
    errors += r.status == CaseStatus::kError;
    skipped += r.status == CaseStatus::kSkip;
    total += r.seconds;
  }
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o << "<testsuites>\n<testsuite name=\"" << xml_escape(suite.name + "." + engine) << "\" tests=\""
    << results.size() << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped
    << "\" time=\"" << total << "\">\n";
  for (const auto& r : results) {
    o << "  <testcase classname=\"" << xml_escape(suite.name) << "\" name=\"" << xml_escape(r.name)
      << "\" time=\"" << r.seconds << "\"";
    if (r.status == CaseStatus::kFail) {
      o << ">\n    <failure message=\"" << xml_escape(r.detail) << "\"/>\n  </testcase>\n";
    } else if (r.status == CaseStatus::kSkip) {
      o << ">\n    <skipped message=\"" << xml_escape(r.detail) << "\"/>\n  </testcase>\n";
    } else if (r.status == CaseStatus::kError) {
      o << ">\n    <error message=\"" << xml_escape(r.detail) << "\"/>\n  </testcase>\n";
    } else {
      o << "/>\n";
    }
  }
  o << "</testsuite>\n</testsuites>\n";
  return o.str();
}

}  // namespace meridian
