// Counter-based PRNG (docs/ARCHITECTURE.md section 4): a pure function of (seed, tick, neuron,
// slot), four ChaCha quarter-rounds, fully combinational. No state, so draws never depend on the
// order in which the controller asks for them. The 64-bit output is {b ^ d, a ^ c}: eight bytes
// of the neuron's random stream per evaluation.
module meridian_prng (
  input  logic [31:0] seed_i,
  input  logic [31:0] tick_i,
  input  logic [7:0]  neuron_i,
  input  logic [8:0]  slot_i,    // stream bytes 8*slot .. 8*slot+7 (0..32 used)
  output logic [63:0] draw_o
);

  localparam int unsigned ROUNDS = 4;

  // rotl by a constant is wiring.
  function automatic logic [31:0] rotl(logic [31:0] x, int unsigned n);
    rotl = (x << n) | (x >> (32 - n));
  endfunction

  always_comb begin
    logic [31:0] a, b, c, d;
    a = seed_i;
    b = tick_i;
    c = {8'd0, neuron_i, 7'd0, slot_i};
    d = meridian_pkg::PRNG_D;
    for (int r = 0; r < ROUNDS; r++) begin
      a = a + b; d = rotl(d ^ a, 16);
      c = c + d; b = rotl(b ^ c, 12);
      a = a + b; d = rotl(d ^ a, 8);
      c = c + d; b = rotl(b ^ c, 7);
    end
    draw_o = {b ^ d, a ^ c};
  end

endmodule
