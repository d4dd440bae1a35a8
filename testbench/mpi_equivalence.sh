#!/usr/bin/env bash
# A chip split across N MPI ranks gives the same spike-trace hash and totals as one process.
# Usage: mpi_equivalence.sh MERIDIAN MERIDIAN_MPI RANKS WORKDIR
set -euo pipefail
meridian="$1"; mpi="$2"; ranks="$3"; work="$4"
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
fields='"spikes"|"synaptic_events"|"neuron_updates"|"hops"|"offchip_packets"|"core_cycles"|"spike_trace_hash"'
status=0
check() {  # name, model, extra args
  local name="$1" model="$2"; shift 2
  "$meridian" run "$model" --json "$@" | grep -E "$fields" > "$work/$name.single"
  mpirun -np "$ranks" "$mpi" "$model" --json "$@" | grep -E "$fields" > "$work/$name.mpi"
  if diff "$work/$name.single" "$work/$name.mpi"; then
    echo "$name: $ranks ranks agree with one process"
  else
    echo "$name: $ranks ranks DIFFER from one process (diff above)"; status=1
  fi
}
"$meridian" gen random --grid 4x8 --seed 11 -o "$work/random.json" 2>/dev/null
"$meridian" gen inputs --grid 4x8 --ticks 80 --rate 0.02 --seed 2 -o "$work/inputs.csv"
check random "$work/random.json" --ticks 80 --input "$work/inputs.csv"
"$meridian" gen benchmark --grid 8x8 --rate 50 --synapses 128 --seed 4 -o "$work/bench.mdl" 2>/dev/null
check benchmark "$work/bench.mdl" --ticks 60
# A planted difference must be caught: the same model with another seed changes the hash.
"$meridian" run "$work/random.json" --json --ticks 80 --input "$work/inputs.csv" --seed 99 \
  | grep -E '"spike_trace_hash"' > "$work/reseeded"
if diff -q "$work/reseeded" <(grep spike_trace_hash "$work/random.single") >/dev/null; then
  echo "the comparison cannot tell two different runs apart"; status=1
fi
exit $status
