// Index of the lowest set bit of a vector (the controller's "lowest axon first" and "next
// enabled neuron" selection). valid_o is 0 for an all-zero input. Isolates the lowest set bit
// (v & -v) and encodes it with one OR-reduction per index bit: no bit-serial loop, which keeps
// both the gate depth and the Verilator model small.
module meridian_first_one #(
  parameter int unsigned Width = 256,
  parameter int unsigned IdxW = 8
) (
  input  logic [Width-1:0] vec_i,
  output logic [IdxW-1:0]  idx_o,
  output logic             valid_o
);

  // Bit i of mask b is bit b of the number i.
  function automatic logic [Width-1:0] index_bit_mask(int unsigned b);
    for (int unsigned i = 0; i < Width; i++) begin
      index_bit_mask[i] = ((i >> b) & 1) == 1;
    end
  endfunction

  logic [Width-1:0] lowest;
  assign lowest = vec_i & (~vec_i + 1'b1);
  assign valid_o = |vec_i;

  for (genvar b = 0; b < IdxW; b++) begin : g_bit
    localparam logic [Width-1:0] MASK = index_bit_mask(b);
    assign idx_o[b] = |(lowest & MASK);
  end

endmodule
