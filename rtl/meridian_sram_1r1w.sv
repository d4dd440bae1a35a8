// Behavioural synchronous-read SRAM with one read and one bit-masked write port. Stands in for a
// memory macro: no reset, read data valid the cycle after re_i, read-during-write returns the old
// word. The array is public so the Verilator engine can read potentials after a tick.
module meridian_sram_1r1w #(
  parameter int unsigned Words = 256,
  parameter int unsigned Width = 32,
  localparam int unsigned AddrW = (Words > 1) ? $clog2(Words) : 1
) (
  input  logic             clk_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic [Width-1:0] wmask_i
);

  logic [Width-1:0] mem_q [Words] /*verilator public_flat_rd*/;
  logic [Width-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= (mem_q[waddr_i] & ~wmask_i) | (wdata_i & wmask_i);
    end
    if (re_i) begin
      rdata_q <= mem_q[raddr_i];
    end
  end

  assign rdata_o = rdata_q;

endmodule
