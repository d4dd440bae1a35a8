// One neurosynaptic core: scheduler, crossbar / parameter / potential memories, controller with
// PRNG and neuron datapath, configuration decode, host input and the router's local delivery
// (scheduler write or late-packet accounting, section 5).
module meridian_core #(
  parameter int unsigned Axons = 256,     // >= 32 (configuration words are 32 bits wide)
  parameter int unsigned Neurons = 256    // >= 32
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  // Configuration write port, already decoded to this core (docs/RTL.md).
  input  logic                        cfg_we_i,
  input  logic [2:0]                  cfg_reg_i,
  input  logic [10:0]                 cfg_index_i,
  input  logic [31:0]                 cfg_wdata_i,
  // Host input spike (between ticks).
  input  logic                        host_we_i,
  input  logic [3:0]                  host_row_i,
  input  logic [7:0]                  host_axon_i,
  // Tick control and chip-wide state.
  input  logic                        tick_start_i,
  input  logic [31:0]                 tick_i,
  input  logic [31:0]                 cycle_i,      // cycle index within the tick
  input  logic [31:0]                 period_i,     // tick_period_cycles, 0 = barrier ticks
  input  logic [meridian_pkg::CORE_ID_W-1:0] core_id_i,
  output logic                        idle_o,
  // To the router's local input FIFO.
  output logic                        pkt_valid_o,
  output logic [meridian_pkg::FLIT_W-1:0] pkt_flit_o,
  // From the router's local output.
  input  logic                        dlv_valid_i,
  input  logic [meridian_pkg::FLIT_W-1:0] dlv_flit_i,
  // Monitors.
  output logic                        mon_upd_valid_o,
  output logic [7:0]                  mon_upd_neuron_o,
  output logic                        mon_upd_spike_o,
  output logic                        mon_dlv_late_o,
  // Counters of the last tick: active_axons, synaptic_events, neuron_updates, spikes,
  // packets_sent, local_deliveries, host_in, late_packets, core_cycles (LSB first).
  output logic [meridian_pkg::CORE_CNTS*meridian_pkg::CNT_W-1:0] counters_o
);

  localparam int unsigned V_W = meridian_pkg::V_W;
  localparam int unsigned CNT_W = meridian_pkg::CNT_W;
  localparam int unsigned PARAM_W = meridian_pkg::PARAM_W;

  // ---------------------------------------------------------------------------------------------
  // Configuration registers.
  logic [31:0] seed_q;
  logic [2*Axons-1:0] axon_type_q;
  logic [Neurons-1:0] enabled_q;

  logic [7:0] cfg_addr;
  logic [2:0] cfg_word;
  assign cfg_addr = cfg_index_i[7:0];
  assign cfg_word = cfg_index_i[2:0];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      seed_q <= '0;
      axon_type_q <= '0;
      enabled_q <= '0;
    end else if (cfg_we_i) begin
      unique case (cfg_reg_i)
        meridian_pkg::CFG_REG_SEED: seed_q <= cfg_wdata_i;
        meridian_pkg::CFG_REG_AXON_TYPE: axon_type_q[{cfg_addr, 1'b0} +: 2] <= cfg_wdata_i[1:0];
        meridian_pkg::CFG_REG_ENABLE: begin
          for (int k = 0; k < Neurons; k++) begin
            if (3'(k / 32) == cfg_word) begin
              enabled_q[k] <= cfg_wdata_i[k % 32];
            end
          end
        end
        default: ;
      endcase
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Controller and memories.
  logic mem_re;
  logic [7:0] mem_raddr;
  logic [Axons-1:0] xbar_col;
  logic [PARAM_W-1:0] param_word;
  meridian_pkg::neuron_param_t param_rd;
  logic [V_W-1:0] v_rdata;
  logic ctrl_v_we;
  logic [7:0] ctrl_v_waddr;
  logic [V_W-1:0] ctrl_v_wdata;
  logic [Axons-1:0] row;
  logic row_clr;
  logic ctrl_pkt_valid;
  meridian_pkg::packet_t ctrl_pkt;
  logic [CNT_W-1:0] cnt_active_axons, cnt_syn_events, cnt_neuron_updates, cnt_spikes;
  logic [CNT_W-1:0] cnt_packets, cnt_cycles;

  meridian_core_ctrl #(.Axons(Axons), .Neurons(Neurons)) u_ctrl (
    .clk_i               (clk_i),
    .rst_ni              (rst_ni),
    .tick_start_i        (tick_start_i),
    .tick_i              (tick_i),
    .seed_i              (seed_q),
    .enabled_i           (enabled_q),
    .axon_type_i         (axon_type_q),
    .row_i               (row),
    .row_clr_o           (row_clr),
    .mem_re_o            (mem_re),
    .mem_raddr_o         (mem_raddr),
    .xbar_col_i          (xbar_col),
    .param_i             (param_rd),
    .v_i                 (v_rdata),
    .v_we_o              (ctrl_v_we),
    .v_waddr_o           (ctrl_v_waddr),
    .v_wdata_o           (ctrl_v_wdata),
    .pkt_valid_o         (ctrl_pkt_valid),
    .pkt_o               (ctrl_pkt),
    .idle_o              (idle_o),
    .mon_upd_valid_o     (mon_upd_valid_o),
    .mon_upd_neuron_o    (mon_upd_neuron_o),
    .mon_upd_spike_o     (mon_upd_spike_o),
    .cnt_active_axons_o  (cnt_active_axons),
    .cnt_syn_events_o    (cnt_syn_events),
    .cnt_neuron_updates_o(cnt_neuron_updates),
    .cnt_spikes_o        (cnt_spikes),
    .cnt_packets_o       (cnt_packets),
    .cnt_cycles_o        (cnt_cycles)
  );

  assign param_rd = param_word;
  assign pkt_valid_o = ctrl_pkt_valid;
  assign pkt_flit_o = {core_id_i, mon_upd_neuron_o, ctrl_pkt};

  // Crossbar, stored by column: word j holds w_ij for every axon i of neuron j.
  logic xbar_we, param_we;
  logic [Axons-1:0] xbar_wmask, xbar_wdata;
  logic [PARAM_W-1:0] param_wmask, param_wdata;
  assign xbar_we = cfg_we_i && (cfg_reg_i == meridian_pkg::CFG_REG_CROSSBAR);
  assign param_we = cfg_we_i && (cfg_reg_i == meridian_pkg::CFG_REG_PARAM);
  assign xbar_wmask = {{(Axons-32){1'b0}}, 32'hFFFF_FFFF} << {cfg_word, 5'd0};
  assign xbar_wdata = {{(Axons-32){1'b0}}, cfg_wdata_i} << {cfg_word, 5'd0};
  assign param_wmask = {{(PARAM_W-32){1'b0}}, 32'hFFFF_FFFF} << {cfg_word, 5'd0};
  assign param_wdata = {{(PARAM_W-32){1'b0}}, cfg_wdata_i} << {cfg_word, 5'd0};

  meridian_sram_1r1w #(.Words(Neurons), .Width(Axons)) u_xbar_mem (
    .clk_i(clk_i), .re_i(mem_re), .raddr_i(mem_raddr), .rdata_o(xbar_col),
    .we_i(xbar_we), .waddr_i(cfg_index_i[10:3]), .wdata_i(xbar_wdata), .wmask_i(xbar_wmask)
  );

  meridian_sram_1r1w #(.Words(Neurons), .Width(PARAM_W)) u_param_mem (
    .clk_i(clk_i), .re_i(mem_re), .raddr_i(mem_raddr), .rdata_o(param_word),
    .we_i(param_we), .waddr_i(cfg_index_i[10:3]), .wdata_i(param_wdata), .wmask_i(param_wmask)
  );

  // Potentials: the controller writes in UPDATE; configuration writes initial values between
  // ticks, so the two never meet.
  logic v_cfg_we, v_we;
  logic [7:0] v_waddr;
  logic [V_W-1:0] v_wdata;
  assign v_cfg_we = cfg_we_i && (cfg_reg_i == meridian_pkg::CFG_REG_POTENTIAL);
  assign v_we = ctrl_v_we || v_cfg_we;
  assign v_waddr = ctrl_v_we ? ctrl_v_waddr : cfg_addr;
  assign v_wdata = ctrl_v_we ? ctrl_v_wdata : cfg_wdata_i[V_W-1:0];

  meridian_sram_1r1w #(.Words(Neurons), .Width(V_W)) u_v_mem (
    .clk_i(clk_i), .re_i(mem_re), .raddr_i(mem_raddr), .rdata_o(v_rdata),
    .we_i(v_we), .waddr_i(v_waddr), .wdata_i(v_wdata), .wmask_i({V_W{1'b1}})
  );

  // ---------------------------------------------------------------------------------------------
  // Local delivery: a packet whose delivery row is read P*d cycles after this tick began is late
  // once the cycle index reaches P*d (section 5); it is counted, not written.
  meridian_pkg::packet_t dlv_pkt;
  logic [3:0] dlv_delay;
  logic [35:0] due_cycle;
  logic dlv_late, dlv_write;
  assign dlv_pkt = dlv_flit_i[meridian_pkg::PKT_W-1:0];
  assign dlv_delay = dlv_pkt.tick - tick_i[3:0];
  assign due_cycle = {4'd0, period_i} * {32'd0, dlv_delay};
  assign dlv_late = (period_i != '0) && ({4'd0, cycle_i} >= due_cycle);
  assign dlv_write = dlv_valid_i && !dlv_late;
  assign mon_dlv_late_o = dlv_valid_i && dlv_late;

  meridian_scheduler #(.Axons(Axons)) u_scheduler (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .rd_row_i   (tick_i[3:0]),
    .rd_data_o  (row),
    .clr_i      (row_clr),
    .host_set_i (host_we_i),
    .host_row_i (host_row_i),
    .host_axon_i(host_axon_i),
    .rtr_set_i  (dlv_write),
    .rtr_row_i  (dlv_pkt.tick),
    .rtr_axon_i (dlv_pkt.axon)
  );

  // Counters kept here: host_in accumulates between ticks and is reported for the tick it feeds;
  // local_deliveries counts every packet the router hands over, late ones included (as the
  // golden model's hop accounting does), late_packets the ones refused.
  logic [CNT_W-1:0] host_acc_q;
  // Counter registers; public so the simulation reads them after a tick (docs/RTL.md).
  logic [CNT_W-1:0] cnt_host_in_q /*verilator public_flat_rd*/;
  logic [CNT_W-1:0] cnt_local_q /*verilator public_flat_rd*/;
  logic [CNT_W-1:0] cnt_late_q /*verilator public_flat_rd*/;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      host_acc_q <= '0;
      cnt_host_in_q <= '0;
      cnt_local_q <= '0;
      cnt_late_q <= '0;
    end else if (tick_start_i) begin
      host_acc_q <= '0;
      cnt_host_in_q <= host_acc_q;
      cnt_local_q <= '0;
      cnt_late_q <= '0;
    end else begin
      host_acc_q <= host_acc_q + CNT_W'(host_we_i);
      cnt_local_q <= cnt_local_q + CNT_W'(dlv_valid_i);
      cnt_late_q <= cnt_late_q + CNT_W'(mon_dlv_late_o);
    end
  end

  // Local deliveries arrive with dx = dy = 0; the tag is for the chip's monitor.
  logic unused_dlv;
  assign unused_dlv = ^{dlv_flit_i[meridian_pkg::FLIT_W-1:meridian_pkg::PKT_W], dlv_pkt.dx,
                        dlv_pkt.dy};

  assign counters_o = {cnt_cycles, cnt_late_q, cnt_host_in_q, cnt_local_q, cnt_packets,
                       cnt_spikes, cnt_neuron_updates, cnt_syn_events, cnt_active_axons};

endmodule
