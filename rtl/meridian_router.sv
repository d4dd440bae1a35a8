// Mesh router (docs/ARCHITECTURE.md sections 6.2 and 7.2). Five input FIFOs (N, E, S, W from the
// neighbours, L from the core) and five outputs. Every cycle each non-empty FIFO's head requests
// the output chosen by x-then-y dimension-order routing; each output grants the highest-priority
// requester in the order N, E, S, W, L; a grant to a neighbour moves only if that neighbour's
// FIFO was not full at the start of the cycle (local and edge outputs always accept).
module meridian_router #(
  parameter int unsigned LocalDepth = 256,   // = neurons: the core never stalls
  parameter int unsigned FifoDepth = 4,      // RouterFifoDepth
  parameter logic [3:0] EdgeMask = 4'b0000   // bit d set: port d (N, E, S, W) leaves the chip
) (
  input  logic                                   clk_i,
  input  logic                                   rst_ni,
  input  logic                                   tick_start_i,  // clears the counters
  input  logic [4:0]                             in_valid_i,    // push into input FIFO N..L
  input  logic [5*meridian_pkg::FLIT_W-1:0]      in_flit_i,
  output logic [3:0]                             in_full_o,     // neighbour FIFOs, start of cycle
  output logic [4:0]                             out_valid_o,   // packet moves through output
  output logic [5*meridian_pkg::FLIT_W-1:0]      out_flit_o,    //   with dx / dy already stepped
  input  logic [3:0]                             out_ready_i,   // neighbour not full; 1 at edge
  output logic                                   empty_o,
  // hops_north, hops_east, hops_south, hops_west, offchip_out of the current tick (LSB first).
  output logic [meridian_pkg::RTR_CNTS*meridian_pkg::CNT_W-1:0] counters_o
);

  localparam int unsigned FLIT_W = meridian_pkg::FLIT_W;
  localparam int unsigned PKT_W = meridian_pkg::PKT_W;
  localparam int unsigned CNT_W = meridian_pkg::CNT_W;
  localparam int unsigned PORTS = 5;

  logic [FLIT_W-1:0] head [PORTS];
  logic [PORTS-1:0] head_valid, fifo_empty, fifo_full, pop;

  for (genvar i = 0; i < PORTS; i++) begin : g_in
    localparam int unsigned Depth = (i == meridian_pkg::DIR_L) ? LocalDepth : FifoDepth;
    meridian_fifo #(.Width(FLIT_W), .Depth(Depth)) u_fifo (
      .clk_i  (clk_i),
      .rst_ni (rst_ni),
      .push_i (in_valid_i[i]),
      .wdata_i(in_flit_i[i*FLIT_W +: FLIT_W]),
      .pop_i  (pop[i]),
      .rdata_o(head[i]),
      .empty_o(fifo_empty[i]),
      .full_o (fifo_full[i])
    );
  end

  assign head_valid = ~fifo_empty;
  assign in_full_o = fifo_full[3:0];
  assign empty_o = &fifo_empty;

  // Requests (section 6.2): east if dx > 0, west if dx < 0, else north if dy > 0, south if
  // dy < 0, else local.
  logic [2:0] req [PORTS];
  always_comb begin
    for (int i = 0; i < PORTS; i++) begin
      logic [8:0] dx, dy;
      dx = head[i][PKT_W-1 -: 9];
      dy = head[i][PKT_W-10 -: 9];
      if (!dx[8] && dx != '0) begin
        req[i] = 3'(meridian_pkg::DIR_E);
      end else if (dx[8]) begin
        req[i] = 3'(meridian_pkg::DIR_W);
      end else if (!dy[8] && dy != '0) begin
        req[i] = 3'(meridian_pkg::DIR_N);
      end else if (dy[8]) begin
        req[i] = 3'(meridian_pkg::DIR_S);
      end else begin
        req[i] = 3'(meridian_pkg::DIR_L);
      end
    end
  end

  // Fixed-priority grant per output: the lowest input index (N first, L last) wins.
  logic [PORTS-1:0] gnt_valid, move;
  logic [2:0] gnt_idx [PORTS];
  logic [4:0] ready;
  assign ready = {1'b1, out_ready_i};

  always_comb begin
    for (int o = 0; o < PORTS; o++) begin
      gnt_valid[o] = 1'b0;
      gnt_idx[o] = '0;
      for (int i = PORTS - 1; i >= 0; i--) begin
        if (head_valid[i] && req[i] == 3'(o)) begin
          gnt_valid[o] = 1'b1;
          gnt_idx[o] = 3'(i);
        end
      end
      move[o] = gnt_valid[o] && ready[o];
    end
  end

  always_comb begin
    for (int i = 0; i < PORTS; i++) begin
      pop[i] = head_valid[i] && move[req[i]] && (gnt_idx[req[i]] == 3'(i));
    end
  end

  // The moving packet, with its hop count stepped toward zero on leaving.
  always_comb begin
    for (int o = 0; o < PORTS; o++) begin
      logic [FLIT_W-1:0] f;
      meridian_pkg::packet_t p;
      f = head[gnt_idx[o]];
      p = f[PKT_W-1:0];
      unique case (o)
        meridian_pkg::DIR_N: p.dy = p.dy - 9'd1;
        meridian_pkg::DIR_E: p.dx = p.dx - 9'd1;
        meridian_pkg::DIR_S: p.dy = p.dy + 9'd1;
        meridian_pkg::DIR_W: p.dx = p.dx + 9'd1;
        default: ;
      endcase
      out_flit_o[o*FLIT_W +: FLIT_W] = {f[FLIT_W-1:PKT_W], p};
    end
  end
  assign out_valid_o = move;

  // Counters: packets leaving through each port (edge exits included) and off-chip exits.
  // Public so the simulation reads them after a tick (docs/RTL.md).
  logic [CNT_W-1:0] hops_q [4] /*verilator public_flat_rd*/;
  logic [CNT_W-1:0] offchip_q /*verilator public_flat_rd*/;
  logic [3:0] edge_moves;
  assign edge_moves = move[3:0] & EdgeMask;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int d = 0; d < 4; d++) begin
        hops_q[d] <= '0;
      end
      offchip_q <= '0;
    end else if (tick_start_i) begin
      for (int d = 0; d < 4; d++) begin
        hops_q[d] <= '0;
      end
      offchip_q <= '0;
    end else begin
      for (int d = 0; d < 4; d++) begin
        hops_q[d] <= hops_q[d] + CNT_W'(move[d]);
      end
      offchip_q <= offchip_q + CNT_W'(edge_moves[0]) + CNT_W'(edge_moves[1]) +
                   CNT_W'(edge_moves[2]) + CNT_W'(edge_moves[3]);
    end
  end

  // The local FIFO holds `neurons` packets, so it is never full (section 7.1).
  logic unused_local_full;
  assign unused_local_full = fifo_full[meridian_pkg::DIR_L];

  assign counters_o = {offchip_q, hops_q[3], hops_q[2], hops_q[1], hops_q[0]};

endmodule
