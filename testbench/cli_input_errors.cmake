# Bad input to meridian run / gen / energy / regress / cosim: each test runs one refused command
# and matches the error that names the option or file field and its allowed range.

set(_bad ${CMAKE_CURRENT_SOURCE_DIR}/data/bad_inputs)
set(_model ${CMAKE_CURRENT_SOURCE_DIR}/data/cosim_tonic.json)
set(_out ${CMAKE_CURRENT_BINARY_DIR}/cli_input_errors)

# meridian_refuses(NAME "REGEX" ARGS...): `meridian ARGS` must print REGEX (its exit status is
# not checked: PASS_REGULAR_EXPRESSION replaces it).
function(meridian_refuses name regex)
  add_test(NAME ${name} COMMAND meridian ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS cli PASS_REGULAR_EXPRESSION "${regex}")
endfunction()

# regress: an unknown engine skipped every case and exited 0 ("error:" tells the refusal from a
# SKIP row carrying the same text); a filter matching nothing ran 0 cases and exited 0; case
# errors named neither the manifest nor the field.
meridian_refuses(regress_refuses_unknown_engine
  "error: --engine 'foo' is not available in this build \\(available: golden"
  regress ${PROJECT_SOURCE_DIR}/regress/core -e foo)
meridian_refuses(regress_refuses_filter_matching_nothing
  "--filter 'zzz' matches none of the [0-9]+ case names in .*regress/core/suite\\.json"
  regress ${PROJECT_SOURCE_DIR}/regress/core --filter zzz)
meridian_refuses(regress_case_model_directory
  "suite\\.json: /cases/0/model: .*: is a directory, not a file"
  regress ${_bad}/regress_specs --filter model-dir)
meridian_refuses(regress_case_negative_period
  "suite\\.json: /cases/1/inputs/period: value -1 out of range \\[1, 1000000\\]"
  regress ${_bad}/regress_specs --filter drive-period)
meridian_refuses(regress_case_unknown_spec_field
  "suite\\.json: /cases/2/inputs/1/perod: unknown field for generator \"drive\" \\(allowed: gen, x, y, axons, period, phase\\)"
  regress ${_bad}/regress_specs --filter drive-typo)
meridian_refuses(regress_case_input_after_last_tick
  "suite\\.json: /cases/3/inputs: input spike at tick 100 .* is at or after the case's 5 ticks"
  regress ${_bad}/regress_specs --filter late-input)

# gen: NaN passed CLI::Range; seeds wrapped (-1) or clamped (2^64).
meridian_refuses(gen_benchmark_refuses_rate_nan
  "--rate: value nan is not a finite number in \\[0, 1000\\] Hz"
  gen benchmark --grid 1x1 --rate nan -o ${_out}_b.json)
meridian_refuses(gen_inputs_refuses_rate_nan
  "--rate: value nan is not a finite number in \\[0, 1\\]"
  gen inputs --grid 1x1 --rate nan -o ${_out}_i.csv)
meridian_refuses(gen_random_refuses_negative_seed
  "--seed: value -1 is not an integer in \\[0, 18446744073709551615\\]"
  gen random --grid 1x1 --seed -1 -o ${_out}_r.json)
meridian_refuses(gen_inputs_refuses_seed_2_to_the_64
  "--seed: value 18446744073709551616 is not an integer in \\[0, 18446744073709551615\\]"
  gen inputs --grid 1x1 --rate 0.1 --seed 18446744073709551616 -o ${_out}_i.csv)

# Integer options are decimal (apps/cli_decimal.h): CLI11 alone converts in base 0, so
# `-n 010` ran 8 ticks and `-n 0x10` 16.
meridian_refuses(run_refuses_hex_ticks
  "--ticks: value 0x10 is not a decimal integer"
  run ${_model} -n 0x10)
add_test(NAME run_reads_leading_zero_ticks_as_decimal COMMAND meridian run ${_model} -n 010)
set_tests_properties(run_reads_leading_zero_ticks_as_decimal PROPERTIES LABELS cli
                     PASS_REGULAR_EXPRESSION "\nticks +10\n")

# run: NaN tick period, a clamped seed, input past the run, a traced core listed twice.
meridian_refuses(run_refuses_tick_us_nan
  "--tick-us: value nan is not a finite number in \\[0\\.001, 1e9\\] us"
  run ${_model} -n 2 --tick-us nan)
meridian_refuses(run_refuses_seed_past_2_to_the_64
  "--seed: value 99999999999999999999 is not an integer in \\[0, 18446744073709551615\\]"
  run ${_model} -n 2 --seed 99999999999999999999)
meridian_refuses(run_refuses_input_after_last_tick
  "late\\.csv: spike 2 of 2 \\(tick 100, core \\(0,0\\) axon 1\\) is at or after the run's 5 ticks \\(0\\.\\.4\\)"
  run ${_model} -n 5 -i ${_bad}/late.csv)
meridian_refuses(run_refuses_duplicate_trace_core
  "--trace-cores: core 0 is listed twice \\(entry 1"
  run ${_model} -n 2 --trace ${_out}_trace.csv --trace-cores 0,0)
meridian_refuses(run_lists_the_engines
  "--engine 'foo' is not available in this build \\(available: golden"
  run ${_model} -n 2 -e foo)

# energy: model-only options with a counters file, misspelt fields, NaN and 1e308, a counter
# charged twice.
meridian_refuses(energy_refuses_model_options_with_counters_file
  "--ticks applies when the input is a model; .*counters\\.json is a counters file"
  energy ${_bad}/counters.json -n 5)
meridian_refuses(energy_refuses_unknown_counters_field
  "counters_tick_uss\\.json: /tick_uss: unknown field \\(allowed: format, geometry, ticks, tick_us, cores\\)"
  energy ${_bad}/counters_tick_uss.json)
meridian_refuses(energy_refuses_vdd_nan
  "--vdd: value nan is not a finite number in \\[0\\.3, 2\\] V"
  energy ${_bad}/counters.json --vdd nan)
meridian_refuses(energy_refuses_huge_tick_us
  "--tick-us: value 1e308 is not a finite number in \\[0\\.001, 1e9\\] us"
  energy ${_bad}/counters.json --tick-us 1e308)
meridian_refuses(energy_refuses_counter_listed_twice
  "table_dup_count\\.json: /components/router/hop_x/counts/1: \"hops_east\" is listed twice"
  energy ${_bad}/counters.json -t ${_bad}/table_dup_count.json)

# cosim: a waveform path that cannot be written was reported as written.
if(TARGET meridian_rtl_engine)
  meridian_refuses(cosim_refuses_unwritable_fst
    "--fst /nonexistent-dir/x\\.fst: cannot open for writing"
    cosim ${_model} -n 5 --plant-fault 1:0:0 --fst /nonexistent-dir/x.fst)
endif()
# `meridian` hands --engine systemc over to meridian-sc, so the list names it.
if(TARGET meridian_systemc_engine)
  meridian_refuses(engine_list_names_systemc
    "available: golden.*systemc\\)"
    run ${_model} -n 2 -e foo)
endif()
