// Core controller (docs/ARCHITECTURE.md section 7.1). Per tick:
//   ROW     (the IDLE cycle in which tick_start_i is high): latch and clear the scheduler row as A,
//           issue the memory read of the first enabled neuron;
//   LOAD    latch the neuron's parameters, V and E_j = A AND column j;
//   INTEG   one set bit of E_j per cycle, lowest axon first, with its draw;
//   UPDATE  leak, threshold, reset, V write-back, packet; issue the next enabled neuron's read.
// core_cycles = 1 + sum over enabled j of (2 + e_j).
module meridian_core_ctrl #(
  parameter int unsigned Axons = 256,
  parameter int unsigned Neurons = 256
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic                        tick_start_i,
  input  logic [31:0]                 tick_i,
  input  logic [31:0]                 seed_i,
  input  logic [Neurons-1:0]          enabled_i,
  input  logic [2*Axons-1:0]          axon_type_i,   // G of axon i at [2i+1:2i]
  // Scheduler row t mod 16.
  input  logic [Axons-1:0]            row_i,
  output logic                        row_clr_o,
  // Neuron memories: one read address for crossbar column, parameters and V.
  output logic                        mem_re_o,
  output logic [7:0]                  mem_raddr_o,
  input  logic [Axons-1:0]            xbar_col_i,
  input  meridian_pkg::neuron_param_t param_i,
  input  logic [meridian_pkg::V_W-1:0] v_i,
  output logic                        v_we_o,
  output logic [7:0]                  v_waddr_o,
  output logic [meridian_pkg::V_W-1:0] v_wdata_o,
  // Packet to the router's local input FIFO, pushed at the end of the UPDATE cycle.
  output logic                        pkt_valid_o,
  output meridian_pkg::packet_t       pkt_o,
  output logic                        idle_o,
  // Update monitor: one entry per UPDATE cycle.
  output logic                        mon_upd_valid_o,
  output logic [7:0]                  mon_upd_neuron_o,
  output logic                        mon_upd_spike_o,
  // Counters of the current tick, cleared at ROW.
  output logic [meridian_pkg::CNT_W-1:0] cnt_active_axons_o,
  output logic [meridian_pkg::CNT_W-1:0] cnt_syn_events_o,
  output logic [meridian_pkg::CNT_W-1:0] cnt_neuron_updates_o,
  output logic [meridian_pkg::CNT_W-1:0] cnt_spikes_o,
  output logic [meridian_pkg::CNT_W-1:0] cnt_packets_o,
  output logic [meridian_pkg::CNT_W-1:0] cnt_cycles_o
);

  localparam int unsigned ACC_W = meridian_pkg::ACC_W;
  localparam int unsigned V_W = meridian_pkg::V_W;
  localparam int unsigned CNT_W = meridian_pkg::CNT_W;

  meridian_pkg::ctrl_state_e state_q, state_d;
  logic [7:0] nidx_q, nidx_d;
  logic [Axons-1:0] a_q, a_d;
  logic [Axons-1:0] e_q, e_d;
  logic [ACC_W-1:0] acc_q, acc_d;
  meridian_pkg::neuron_param_t param_q, param_d;

  logic row_cycle;
  assign row_cycle = (state_q == meridian_pkg::CtrlIdle) && tick_start_i;

  // Next enabled neuron: the lowest enabled index (read in ROW), or the lowest above the current
  // one (read in UPDATE). Two encoders instead of one behind a tick_start_i mux: logic that reads a
  // top-level input is re-evaluated by Verilator on every eval() call, and this 256-bit search
  // behind the mux was a fifth of the 4x4 chip's simulation time. Only small muxes read
  // tick_start_i now (row_cycle below).
  logic [Neurons-1:0] above;
  logic [7:0] first_idx, next_idx;
  logic first_valid, next_valid;
  assign above = ({Neurons{1'b1}} << nidx_q) << 1;
  meridian_first_one #(.Width(Neurons), .IdxW(8)) u_first (
    .vec_i(enabled_i), .idx_o(first_idx), .valid_o(first_valid)
  );
  meridian_first_one #(.Width(Neurons), .IdxW(8)) u_next (
    .vec_i(enabled_i & above), .idx_o(next_idx), .valid_o(next_valid)
  );

  // Current synaptic event: the lowest remaining bit of E_j.
  logic [7:0] ev_idx;
  logic ev_valid;
  meridian_first_one #(.Width(Axons), .IdxW(8)) u_event (
    .vec_i(e_q), .idx_o(ev_idx), .valid_o(ev_valid)
  );

  logic [1:0] ev_type;
  logic [8:0] ev_weight;
  assign ev_type = axon_type_i[{ev_idx, 1'b0} +: 2];
  always_comb begin
    unique case (ev_type)
      2'd0:    ev_weight = param_q.weight0;
      2'd1:    ev_weight = param_q.weight1;
      2'd2:    ev_weight = param_q.weight2;
      default: ev_weight = param_q.weight3;
    endcase
  end

  // Random bits (ARCHITECTURE.md section 4): the neuron's stream, byte m = byte m mod 8 of the
  // 64-bit draw at slot m / 8. UPDATE uses bytes 0-3 (leak rho, threshold noise); the k-th
  // stochastic event of the neuron uses byte 4 + k. One generator serves both.
  logic [8:0] sev_q, sev_d;      // stochastic events of the current neuron so far (0..256)
  logic [9:0] stream_pos;
  logic [63:0] draw;
  logic [8:0] slot;
  logic [7:0] syn_rho;
  assign stream_pos = {1'b0, sev_q} + 10'd4;
  assign slot = (state_q == meridian_pkg::CtrlInteg) ? {2'b00, stream_pos[9:3]} : 9'd0;
  assign syn_rho = draw[{stream_pos[2:0], 3'b000} +: 8];
  meridian_prng u_prng (
    .seed_i(seed_i), .tick_i(tick_i), .neuron_i(nidx_q), .slot_i(slot), .draw_o(draw)
  );

  logic [ACC_W-1:0] acc_integ;
  logic [V_W-1:0] v_next;
  logic spike;
  meridian_neuron_datapath u_datapath (
    .acc_i      (acc_q),
    .weight_i   (ev_weight),
    .stoch_syn_i(param_q.stoch_syn[ev_type]),
    .syn_rho_i  (syn_rho),
    .acc_o      (acc_integ),
    .param_i    (param_q),
    .leak_rho_i (draw[7:0]),
    .thr_rand_i (draw[31:8]),
    .v_o        (v_next),
    .spike_o    (spike)
  );

  logic [Axons-1:0] e_rest;
  assign e_rest = e_q & (e_q - 1'b1);   // clear the lowest set bit

  // LOAD, INTEG and UPDATE; IDLE holds. The ROW cycle (IDLE with tick_start_i) overrides this
  // below with small muxes, so none of this block depends on a top-level input.
  meridian_pkg::ctrl_state_e busy_state_d;
  logic [7:0] busy_nidx_d;
  logic busy_mem_re;
  always_comb begin
    busy_state_d = state_q;
    busy_nidx_d = nidx_q;
    e_d = e_q;
    acc_d = acc_q;
    param_d = param_q;
    sev_d = sev_q;
    busy_mem_re = 1'b0;
    unique case (state_q)
      meridian_pkg::CtrlIdle: ;
      meridian_pkg::CtrlLoad: begin
        param_d = param_i;
        acc_d = {{(ACC_W-V_W){v_i[V_W-1]}}, v_i};
        e_d = a_q & xbar_col_i;
        sev_d = '0;
        busy_state_d = (e_d != '0) ? meridian_pkg::CtrlInteg : meridian_pkg::CtrlUpdate;
      end
      meridian_pkg::CtrlInteg: begin
        acc_d = acc_integ;
        e_d = e_rest;
        sev_d = sev_q + 9'(param_q.stoch_syn[ev_type]);
        if (e_rest == '0) begin
          busy_state_d = meridian_pkg::CtrlUpdate;
        end
      end
      meridian_pkg::CtrlUpdate: begin
        if (next_valid) begin
          busy_mem_re = 1'b1;
          busy_nidx_d = next_idx;
          busy_state_d = meridian_pkg::CtrlLoad;
        end else begin
          busy_state_d = meridian_pkg::CtrlIdle;
        end
      end
      default: busy_state_d = meridian_pkg::CtrlIdle;
    endcase
  end

  // ROW: read and clear the scheduler row, issue the first enabled neuron's read.
  assign row_clr_o = row_cycle;
  assign a_d = row_cycle ? row_i : a_q;
  assign mem_re_o = row_cycle ? first_valid : busy_mem_re;
  assign mem_raddr_o = (state_q == meridian_pkg::CtrlIdle) ? first_idx : next_idx;
  assign nidx_d = (row_cycle && first_valid) ? first_idx : busy_nidx_d;
  assign state_d = row_cycle ? (first_valid ? meridian_pkg::CtrlLoad : meridian_pkg::CtrlIdle)
                             : busy_state_d;

  logic updating;
  assign updating = (state_q == meridian_pkg::CtrlUpdate);

  assign v_we_o = updating;
  assign v_waddr_o = nidx_q;
  assign v_wdata_o = v_next;

  assign pkt_valid_o = updating && spike && param_q.has_dest;
  assign pkt_o.dx = param_q.dx;
  assign pkt_o.dy = param_q.dy;
  assign pkt_o.axon = param_q.dest_axon;
  assign pkt_o.tick = tick_i[3:0] + param_q.delay;

  assign idle_o = (state_q == meridian_pkg::CtrlIdle);
  assign mon_upd_valid_o = updating;
  assign mon_upd_neuron_o = nidx_q;
  assign mon_upd_spike_o = updating && spike;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= meridian_pkg::CtrlIdle;
      nidx_q <= '0;
      a_q <= '0;
      e_q <= '0;
      acc_q <= '0;
      param_q <= '0;
      sev_q <= '0;
    end else begin
      state_q <= state_d;
      nidx_q <= nidx_d;
      a_q <= a_d;
      e_q <= e_d;
      acc_q <= acc_d;
      param_q <= param_d;
      sev_q <= sev_d;
    end
  end

  // Counters. The popcount only matters in the ROW cycle, so it is evaluated there.
  function automatic logic [CNT_W-1:0] popcount(logic [Axons-1:0] v);
    popcount = '0;
    for (int i = 0; i < Axons; i++) begin
      popcount = popcount + CNT_W'(v[i]);
    end
  endfunction

  // Counter registers; public so the simulation reads them after a tick (docs/RTL.md).
  logic [CNT_W-1:0] cnt_active_axons_q /*verilator public_flat_rd*/;
  logic [CNT_W-1:0] cnt_syn_events_q /*verilator public_flat_rd*/;
  logic [CNT_W-1:0] cnt_neuron_updates_q /*verilator public_flat_rd*/;
  logic [CNT_W-1:0] cnt_spikes_q /*verilator public_flat_rd*/;
  logic [CNT_W-1:0] cnt_packets_q /*verilator public_flat_rd*/;
  logic [CNT_W-1:0] cnt_cycles_q /*verilator public_flat_rd*/;
  assign cnt_active_axons_o = cnt_active_axons_q;
  assign cnt_syn_events_o = cnt_syn_events_q;
  assign cnt_neuron_updates_o = cnt_neuron_updates_q;
  assign cnt_spikes_o = cnt_spikes_q;
  assign cnt_packets_o = cnt_packets_q;
  assign cnt_cycles_o = cnt_cycles_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_active_axons_q <= '0;
      cnt_syn_events_q <= '0;
      cnt_neuron_updates_q <= '0;
      cnt_spikes_q <= '0;
      cnt_packets_q <= '0;
      cnt_cycles_q <= '0;
    end else if (row_cycle) begin
      cnt_active_axons_q <= popcount(row_i);
      cnt_syn_events_q <= '0;
      cnt_neuron_updates_q <= '0;
      cnt_spikes_q <= '0;
      cnt_packets_q <= '0;
      cnt_cycles_q <= CNT_W'(1);
    end else if (!idle_o) begin
      cnt_cycles_q <= cnt_cycles_q + 1'b1;
      if (state_q == meridian_pkg::CtrlInteg) begin
        cnt_syn_events_q <= cnt_syn_events_q + 1'b1;
      end
      if (updating) begin
        cnt_neuron_updates_q <= cnt_neuron_updates_q + 1'b1;
        cnt_spikes_q <= cnt_spikes_q + CNT_W'(spike);
        cnt_packets_q <= cnt_packets_q + CNT_W'(pkt_valid_o);
      end
    end
  end

  // ev_valid is implied by the INTEG state (E_j != 0).
  logic unused_ctrl;
  assign unused_ctrl = ev_valid;

endmodule
