// Port-only stand-in for the RTL's SRAM wrapper, so the self-test needs nothing from rtl/.
// The area flow reads every meridian_sram_* file as a black box.
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
endmodule
