// The neuron arithmetic of docs/ARCHITECTURE.md section 3, purely combinational:
// - integration of one synaptic event (3.1) into the 21-bit accumulator, and
// - the once-per-tick leak, saturation, threshold and reset (3.2, 3.3).
// The controller time-multiplexes it over events and neurons.
module meridian_neuron_datapath (
  // Integration of one event.
  input  logic [meridian_pkg::ACC_W-1:0] acc_i,     // V1 so far (signed)
  input  logic [8:0]                     weight_i,  // S_G of the event's axon type (signed)
  input  logic                           stoch_syn_i,
  input  logic [7:0]                     syn_rho_i, // stream byte 4 + k (k-th stochastic event)
  output logic [meridian_pkg::ACC_W-1:0] acc_o,
  // Leak, threshold and reset of the accumulated V1.
  input  meridian_pkg::neuron_param_t    param_i,
  input  logic [7:0]                     leak_rho_i, // stream byte 0
  input  logic [23:0]                    thr_rand_i, // stream bytes 1-3 (eta = low TM bits)
  output logic [meridian_pkg::V_W-1:0]   v_o,
  output logic                           spike_o
);

  localparam int unsigned ACC_W = meridian_pkg::ACC_W;
  localparam int unsigned V_W = meridian_pkg::V_W;
  localparam int unsigned WIDE_W = 34;  // room for V2 and alpha + eta with any 5-bit TM

  // F(s, rho) = sgn(s) if |s| > rho else 0, returned as a 9-bit signed value.
  function automatic logic [8:0] stoch_op(logic [8:0] s, logic [7:0] rho);
    logic [8:0] mag;
    mag = s[8] ? (9'd0 - s) : s;
    stoch_op = 9'd0;
    if (mag > {1'b0, rho}) begin
      stoch_op = s[8] ? 9'h1FF : 9'd1;
    end
  endfunction

  // ---------------------------------------------------------------------------------------------
  // Integration (3.1): no saturation here.
  logic [8:0] syn;
  assign syn = stoch_syn_i ? stoch_op(weight_i, syn_rho_i) : weight_i;
  assign acc_o = acc_i + {{(ACC_W-9){syn[8]}}, syn};

  // ---------------------------------------------------------------------------------------------
  // Leak (3.2): V2 = sat20(V1 + Omega * L).
  logic [8:0] leak_l;
  logic [8:0] leak_term;
  logic acc_neg, acc_zero;
  logic [WIDE_W-1:0] v1_w, v2_w;
  logic [V_W-1:0] v2;

  assign acc_neg  = acc_i[ACC_W-1];
  assign acc_zero = (acc_i == '0);
  assign leak_l   = param_i.stoch_leak ? stoch_op(param_i.leak, leak_rho_i) : param_i.leak;

  always_comb begin
    leak_term = leak_l;
    if (param_i.leak_rev) begin
      if (acc_zero) begin
        leak_term = 9'd0;
      end else if (acc_neg) begin
        leak_term = 9'd0 - leak_l;
      end
    end
  end

  localparam logic [WIDE_W-1:0] V_MAX = WIDE_W'((1 << (V_W - 1)) - 1);
  localparam logic [WIDE_W-1:0] V_MIN = WIDE_W'(-(1 << (V_W - 1)));

  assign v1_w = {{(WIDE_W-ACC_W){acc_i[ACC_W-1]}}, acc_i};

  always_comb begin
    logic [WIDE_W-1:0] sum;
    sum = v1_w + {{(WIDE_W-9){leak_term[8]}}, leak_term};
    v2_w = sum;
    if ($signed(sum) > $signed(V_MAX)) begin
      v2_w = V_MAX;
    end else if ($signed(sum) < $signed(V_MIN)) begin
      v2_w = V_MIN;
    end
  end
  assign v2 = v2_w[V_W-1:0];

  // ---------------------------------------------------------------------------------------------
  // Threshold, spike and reset (3.3). eta = low TM bits of stream bytes 1-3.
  logic [23:0] eta_mask;
  logic [WIDE_W-1:0] eta, pos_thr, neg_thr, beta_w;
  logic fire, below;

  assign eta_mask = (24'd1 << param_i.tm) - 24'd1;  // TM <= 18 (validated)
  assign eta      = {{(WIDE_W-24){1'b0}}, thr_rand_i & eta_mask};
  assign pos_thr  = {{(WIDE_W-18){1'b0}}, param_i.alpha} + eta;
  assign beta_w   = {{(WIDE_W-18){1'b0}}, param_i.beta};
  assign neg_thr  = param_i.kappa ? beta_w : (beta_w + eta);
  assign fire     = $signed(v2_w) >= $signed(pos_thr);
  assign below    = $signed(v2_w) < $signed(WIDE_W'(0) - neg_thr);

  // Linear resets stay in range (section 3.3), so 20-bit arithmetic is exact.
  logic [V_W-1:0] lin_pos, lin_neg;
  assign lin_pos = v2 - pos_thr[V_W-1:0];
  assign lin_neg = v2 + neg_thr[V_W-1:0];

  always_comb begin
    v_o = v2;
    spike_o = 1'b0;
    if (fire) begin
      spike_o = 1'b1;
      unique case (param_i.gamma)
        2'd0:    v_o = param_i.reset_v;
        2'd1:    v_o = lin_pos;
        default: v_o = v2;              // 2 (none); 3 is rejected by the model validator
      endcase
    end else if (below) begin
      if (param_i.kappa) begin
        v_o = V_W'(0) - {2'b00, param_i.beta};
      end else begin
        unique case (param_i.gamma)
          2'd0:    v_o = V_W'(0) - param_i.reset_v;
          2'd1:    v_o = lin_neg;
          default: v_o = v2;
        endcase
      end
    end
  end

  // The datapath sees the whole parameter word; weights, b_G and the destination are used by the
  // controller and the packet builder.
  logic unused_param;
  assign unused_param = ^{param_i.delay, param_i.dest_axon, param_i.dy, param_i.dx,
                          param_i.has_dest, param_i.stoch_syn, param_i.weight3, param_i.weight2,
                          param_i.weight1, param_i.weight0};

endmodule
