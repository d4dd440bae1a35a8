// A Width x Height mesh of cores and routers (docs/ARCHITECTURE.md sections 1, 5-7), with the
// configuration port, the host input port, the tick barrier, monitor ports and edge outputs.
// docs/RTL.md documents every port and the configuration address map.
module meridian_chip #(
  parameter int unsigned Width = 1,
  parameter int unsigned Height = 1,
  parameter int unsigned Axons = 256,
  parameter int unsigned Neurons = 256,
  parameter int unsigned FifoDepth = 4,
  localparam int unsigned Cores = Width * Height,
  localparam int unsigned FLIT_W = meridian_pkg::FLIT_W,
  localparam int unsigned CNT_W = meridian_pkg::CNT_W
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  // Configuration write port: {space[31:30], core[29:14], reg[13:11], index[10:0]}.
  input  logic                         cfg_we_i,
  input  logic [31:0]                  cfg_addr_i,
  input  logic [31:0]                  cfg_wdata_i,
  // Host input spike: set axon host_axon_i of row host_row_i in core host_core_i.
  input  logic                         host_we_i,
  input  logic [15:0]                  host_core_i,
  input  logic [3:0]                   host_row_i,
  input  logic [7:0]                   host_axon_i,
  // Tick: a one-cycle start pulse (that cycle is cycle 0, ROW); done_o is high in the first
  // cycle in which every controller is idle and every FIFO is empty; that cycle's index is
  // tick_cycles, latched into tick_cycles_o when the tick counter advances.
  input  logic                         tick_start_i,
  output logic                         done_o,
  output logic [31:0]                  tick_o,
  output logic [31:0]                  cycle_o,
  output logic [31:0]                  tick_cycles_o,
  // Update monitor (per core): neuron updated this cycle and whether it fired.
  output logic [Cores-1:0]             mon_upd_valid_o,
  output logic [Cores*8-1:0]           mon_upd_neuron_o,
  output logic [Cores-1:0]             mon_upd_spike_o,
  // Delivery monitor (per core): packet leaving the router's local output this cycle.
  output logic [Cores-1:0]             mon_dlv_valid_o,
  output logic [Cores-1:0]             mon_dlv_late_o,
  output logic [Cores*FLIT_W-1:0]      mon_dlv_flit_o,
  // Edge outputs (per core and port N, E, S, W): packets leaving the chip this cycle.
  output logic [Cores*4-1:0]           edge_valid_o,
  output logic [Cores*4*FLIT_W-1:0]    edge_flit_o
);

  // ---------------------------------------------------------------------------------------------
  // Tick control.
  logic running_q;
  logic [31:0] tick_q, cycle_q, period_q, tick_cycles_q;
  logic [31:0] cycle_now;
  logic [Cores-1:0] core_idle, rtr_empty;
  logic chip_cfg_we;

  assign cycle_now = tick_start_i ? 32'd0 : cycle_q;
  assign done_o = running_q && (&core_idle) && (&rtr_empty);
  assign chip_cfg_we = cfg_we_i && (cfg_addr_i[31:30] == meridian_pkg::CFG_SPACE_CHIP);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      running_q <= 1'b0;
      tick_q <= '0;
      cycle_q <= '0;
      period_q <= '0;
      tick_cycles_q <= '0;
    end else if (tick_start_i) begin
      running_q <= 1'b1;
      cycle_q <= 32'd1;
    end else if (done_o) begin
      running_q <= 1'b0;
      tick_q <= tick_q + 1'b1;
      tick_cycles_q <= cycle_q;
    end else if (running_q) begin
      cycle_q <= cycle_q + 1'b1;
    end else if (chip_cfg_we) begin
      unique case (cfg_addr_i[10:0])
        meridian_pkg::CFG_CHIP_TICK: tick_q <= cfg_wdata_i;
        meridian_pkg::CFG_CHIP_PERIOD: period_q <= cfg_wdata_i;
        default: ;
      endcase
    end
  end

  assign tick_o = tick_q;
  assign cycle_o = cycle_now;
  assign tick_cycles_o = tick_cycles_q;

  // ---------------------------------------------------------------------------------------------
  // Mesh. Router r's output o and input i are at [r*5 + o] / [r*5 + i] (N, E, S, W, L).
  logic [Cores*5-1:0] rt_out_valid, rt_in_valid;
  logic [Cores*5*FLIT_W-1:0] rt_out_flit, rt_in_flit;
  logic [Cores*4-1:0] rt_in_full, rt_out_ready;

  // In a 1 x 1 chip no FIFO has an upstream neighbour.
  logic unused_in_full;
  assign unused_in_full = ^rt_in_full;

  localparam int unsigned N = meridian_pkg::DIR_N;
  localparam int unsigned E = meridian_pkg::DIR_E;
  localparam int unsigned S = meridian_pkg::DIR_S;
  localparam int unsigned W = meridian_pkg::DIR_W;
  localparam int unsigned L = meridian_pkg::DIR_L;

  for (genvar y = 0; y < Height; y++) begin : g_y
    for (genvar x = 0; x < Width; x++) begin : g_x
      localparam int unsigned Idx = y * Width + x;
      localparam logic [3:0] EdgeMask = {x == 0, y == 0, x == Width - 1, y == Height - 1};

      // Neighbour links: my input from direction d is the neighbour's output toward me.
      if (y < Height - 1) begin : g_n
        assign rt_in_valid[Idx*5+N] = rt_out_valid[(Idx+Width)*5+S];
        assign rt_in_flit[(Idx*5+N)*FLIT_W +: FLIT_W] =
            rt_out_flit[((Idx+Width)*5+S)*FLIT_W +: FLIT_W];
        assign rt_out_ready[Idx*4+N] = !rt_in_full[(Idx+Width)*4+S];
      end else begin : g_n_edge
        assign rt_in_valid[Idx*5+N] = 1'b0;
        assign rt_in_flit[(Idx*5+N)*FLIT_W +: FLIT_W] = '0;
        assign rt_out_ready[Idx*4+N] = 1'b1;
      end
      if (x < Width - 1) begin : g_e
        assign rt_in_valid[Idx*5+E] = rt_out_valid[(Idx+1)*5+W];
        assign rt_in_flit[(Idx*5+E)*FLIT_W +: FLIT_W] =
            rt_out_flit[((Idx+1)*5+W)*FLIT_W +: FLIT_W];
        assign rt_out_ready[Idx*4+E] = !rt_in_full[(Idx+1)*4+W];
      end else begin : g_e_edge
        assign rt_in_valid[Idx*5+E] = 1'b0;
        assign rt_in_flit[(Idx*5+E)*FLIT_W +: FLIT_W] = '0;
        assign rt_out_ready[Idx*4+E] = 1'b1;
      end
      if (y > 0) begin : g_s
        assign rt_in_valid[Idx*5+S] = rt_out_valid[(Idx-Width)*5+N];
        assign rt_in_flit[(Idx*5+S)*FLIT_W +: FLIT_W] =
            rt_out_flit[((Idx-Width)*5+N)*FLIT_W +: FLIT_W];
        assign rt_out_ready[Idx*4+S] = !rt_in_full[(Idx-Width)*4+N];
      end else begin : g_s_edge
        assign rt_in_valid[Idx*5+S] = 1'b0;
        assign rt_in_flit[(Idx*5+S)*FLIT_W +: FLIT_W] = '0;
        assign rt_out_ready[Idx*4+S] = 1'b1;
      end
      if (x > 0) begin : g_w
        assign rt_in_valid[Idx*5+W] = rt_out_valid[(Idx-1)*5+E];
        assign rt_in_flit[(Idx*5+W)*FLIT_W +: FLIT_W] =
            rt_out_flit[((Idx-1)*5+E)*FLIT_W +: FLIT_W];
        assign rt_out_ready[Idx*4+W] = !rt_in_full[(Idx-1)*4+E];
      end else begin : g_w_edge
        assign rt_in_valid[Idx*5+W] = 1'b0;
        assign rt_in_flit[(Idx*5+W)*FLIT_W +: FLIT_W] = '0;
        assign rt_out_ready[Idx*4+W] = 1'b1;
      end

      for (genvar d = 0; d < 4; d++) begin : g_edge
        assign edge_valid_o[Idx*4+d] = EdgeMask[d] && rt_out_valid[Idx*5+d];
        assign edge_flit_o[(Idx*4+d)*FLIT_W +: FLIT_W] =
            EdgeMask[d] ? rt_out_flit[(Idx*5+d)*FLIT_W +: FLIT_W] : '0;
      end

      // Core.
      logic core_cfg_we, core_host_we;
      logic [meridian_pkg::CORE_CNTS*CNT_W-1:0] core_cnt;
      logic [meridian_pkg::RTR_CNTS*CNT_W-1:0] rtr_cnt;
      assign core_cfg_we = cfg_we_i && (cfg_addr_i[31:30] == meridian_pkg::CFG_SPACE_CORE) &&
                           (cfg_addr_i[29:14] == 16'(Idx));
      assign core_host_we = host_we_i && (host_core_i == 16'(Idx));

      meridian_core #(.Axons(Axons), .Neurons(Neurons)) u_core (
        .clk_i           (clk_i),
        .rst_ni          (rst_ni),
        .cfg_we_i        (core_cfg_we),
        .cfg_reg_i       (cfg_addr_i[13:11]),
        .cfg_index_i     (cfg_addr_i[10:0]),
        .cfg_wdata_i     (cfg_wdata_i),
        .host_we_i       (core_host_we),
        .host_row_i      (host_row_i),
        .host_axon_i     (host_axon_i),
        .tick_start_i    (tick_start_i),
        .tick_i          (tick_q),
        .cycle_i         (cycle_now),
        .period_i        (period_q),
        .core_id_i       (16'(Idx)),
        .idle_o          (core_idle[Idx]),
        .pkt_valid_o     (rt_in_valid[Idx*5+L]),
        .pkt_flit_o      (rt_in_flit[(Idx*5+L)*FLIT_W +: FLIT_W]),
        .dlv_valid_i     (rt_out_valid[Idx*5+L]),
        .dlv_flit_i      (rt_out_flit[(Idx*5+L)*FLIT_W +: FLIT_W]),
        .mon_upd_valid_o (mon_upd_valid_o[Idx]),
        .mon_upd_neuron_o(mon_upd_neuron_o[Idx*8 +: 8]),
        .mon_upd_spike_o (mon_upd_spike_o[Idx]),
        .mon_dlv_late_o  (mon_dlv_late_o[Idx]),
        .counters_o      (core_cnt)
      );

      meridian_router #(
        .LocalDepth(Neurons), .FifoDepth(FifoDepth), .EdgeMask(EdgeMask)
      ) u_router (
        .clk_i       (clk_i),
        .rst_ni      (rst_ni),
        .tick_start_i(tick_start_i),
        .in_valid_i  (rt_in_valid[Idx*5 +: 5]),
        .in_flit_i   (rt_in_flit[Idx*5*FLIT_W +: 5*FLIT_W]),
        .in_full_o   (rt_in_full[Idx*4 +: 4]),
        .out_valid_o (rt_out_valid[Idx*5 +: 5]),
        .out_flit_o  (rt_out_flit[Idx*5*FLIT_W +: 5*FLIT_W]),
        .out_ready_i (rt_out_ready[Idx*4 +: 4]),
        .empty_o     (rtr_empty[Idx]),
        .counters_o  (rtr_cnt)
      );

      assign mon_dlv_valid_o[Idx] = rt_out_valid[Idx*5+L];
      assign mon_dlv_flit_o[Idx*FLIT_W +: FLIT_W] = rt_out_flit[(Idx*5+L)*FLIT_W +: FLIT_W];

      // Counters stay in their registers (core / router counters_o); the simulation reads them
      // there after a tick (docs/RTL.md), so no chip-wide counter vector is built every cycle.
      logic unused_cnt;
      assign unused_cnt = ^{core_cnt, rtr_cnt};
    end
  end

endmodule
